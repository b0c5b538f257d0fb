"""One definition of each criterion: classify, grid and thresholds agree everywhere, ties included.

The three entry points evaluate the same :mod:`gametheory.stability.criteria` conditions; these
tests pin that down on grids that hit the ties on purpose (weak equilibria, c = 0, the
risk-dominance boundary), check that the *solved* thresholds (an independent piece of algebra)
describe the same sets, and check that the algebraic criteria are invariant under positive
affine transformations of each player's payoffs, as their definitions require (Harsanyi &
Selten 1988: risk dominance compares products of deviation losses, each player's loss scaled
by that player's factor).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import Game, SymbolicGame
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.stability import classify, criteria, thresholds
from gametheory.sweep import grid

# Dyadic parameters: every threshold r = b + (alpha - theta) c and r = b + (alpha - theta +
# beta - 2w) c is exact in binary on the grids below, so the grids hit the boundaries exactly.
TIE_SETS = {
    # (E,E) strict for c > 0: the risk-dominance boundary r = 1 + c is on the grid
    "rd-boundary": {"b": 1.0, "alpha": 0.75, "theta": 0.25, "beta": 1.0, "w": 0.25, "k": 0.125},
    # beta = 2w: (E,E) is a weak equilibrium everywhere, risk dominance never defined
    "rival-weak": {"b": 1.0, "alpha": 0.75, "theta": 0.25, "beta": 0.5, "w": 0.25, "k": 0.0},
    # alpha = theta: the Nash threshold r = b does not move with c
    "flat": {"b": 0.5, "alpha": 0.5, "theta": 0.5, "beta": 1.0, "w": 0.25, "k": 0.25},
}
C_AXIS = np.array([0.0, 0.5, 1.0, 2.0, 3.0])
R_AXIS = np.array([0.0, 0.5, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0])


def classify_fast(game, profile):
    return classify(game, profile, n_starts=20)


def in_set(found: sp.Set, value: float) -> bool:
    return bool(found.contains(sp.Rational(str(value))))


@pytest.mark.parametrize("name", list(TIE_SETS))
def test_classify_grid_thresholds_agree_on_two_bloc_grid_with_ties(name):
    fixed = TIE_SETS[name]
    model = two_bloc()
    table = grid(model, {"c": C_AXIS, "r": R_AXIS}, fixed=fixed)
    found = {t.criterion: t for t in thresholds(model, "R,R", "r")}
    seen = {"weak": 0, "rd-tie": 0, "undefined": 0}
    for i, c in enumerate(C_AXIS):
        # the solved sets in r at this c (exact arithmetic)
        sets = {k: t.where(**fixed, c=float(c)) for k, t in found.items()}
        for j, r in enumerate(R_AXIS):
            point = {**fixed, "c": float(c), "r": float(r)}
            report = classify_fast(model.at(**point), "R,R")
            # grid == classify, criterion by criterion and in the regime
            assert bool(table.nash[i, j]) == report.nash, point
            assert bool(table.strict[i, j]) == report.strict, point
            defined = bool(table.risk_defined[i, j])
            assert defined == (report.risk_dominant is not None), point
            if defined:
                assert bool(table.risk_dominant[i, j]) == report.risk_dominant, point
            assert table.regimes[table.labels[i, j]] == report.regime, point
            # thresholds == classify (holds), and the solved sets say the same (where)
            assert found["nash"].holds(**point) == report.nash, point
            assert found["strict"].holds(**point) == report.strict, point
            assert found["risk_dominant"].holds(**point) == report.risk_dominant, point
            assert in_set(sets["nash"], r) == report.nash, point
            assert in_set(sets["strict"], r) == report.strict, point
            assert in_set(sets["risk_dominant"], r) == bool(report.risk_dominant), point
            seen["weak"] += report.nash and not report.strict
            seen["undefined"] += report.risk_dominant is None
            products_tie = report.nash_product is not None and report.rival is not None
            if products_tie and defined:
                rival = criteria.nash_product(model.at(**point).payoffs, (1, 1))
                seen["rd-tie"] += report.strict and abs(report.nash_product - rival) < 1e-12
    # the grid really contains the ties it is meant to test
    assert seen["weak"] >= 3 and seen["undefined"] >= 5
    if name == "rd-boundary":
        assert seen["rd-tie"] >= 3


def _random_family(seed: int) -> SymbolicGame:
    """A 2x2 game A + t D with small integer entries: ties at several dyadic values of t."""
    rng = np.random.default_rng(seed)
    t = sp.Symbol("t", real=True)
    base = rng.integers(-2, 3, size=(2, 2, 2))
    slope = rng.integers(-1, 2, size=(2, 2, 2))
    payoffs = [
        [[int(base[p, a, b]) + int(slope[p, a, b]) * t for b in range(2)] for a in range(2)]
        for p in range(2)
    ]
    return SymbolicGame(payoffs, defaults={"t": 0.0}, actions=[["X", "Y"], ["X", "Y"]])


@pytest.mark.parametrize("seed", range(8))
def test_classify_grid_thresholds_agree_on_random_2x2_families(seed):
    game = _random_family(seed)
    ts = np.arange(-2.0, 2.01, 0.5)
    for profile in ("X,X", "Y,X"):
        table = grid(game, {"t": ts}, profile=profile)
        found = {th.criterion: th for th in thresholds(game, profile, "t")}
        sets = {key: th.where() for key, th in found.items()}
        for k, t in enumerate(ts):
            report = classify_fast(game.at(t=float(t)), profile)
            assert bool(table.nash[k]) == report.nash == found["nash"].holds(t=t)
            assert bool(table.strict[k]) == report.strict == found["strict"].holds(t=t)
            assert found["risk_dominant"].holds(t=t) == report.risk_dominant
            assert bool(table.risk_defined[k]) == (report.risk_dominant is not None)
            assert table.regimes[table.labels[k]] == report.regime
            for criterion, value in (("nash", report.nash), ("strict", report.strict)):
                assert in_set(sets[criterion], t) == value, (criterion, t)
            assert in_set(sets["risk_dominant"], t) == bool(report.risk_dominant)


def test_weak_equilibrium_with_a_weak_rival_is_fragile_everywhere():
    # The inconsistency that started this: (R,R) weak, (E,E) not strict. grid with and without
    # a rival, classify and thresholds must all call it an equilibrium that is neither strict
    # nor risk-dominant: "fragile".
    fixed = {"b": 1.0, "alpha": 0.75, "theta": 0.25, "beta": 0.5, "w": 0.25, "k": 0.0}
    point = {**fixed, "c": 2.0, "r": 2.0}  # r = b + (alpha - theta) c: a weak equilibrium
    model = two_bloc()
    report = classify(model.at(**point), "R,R", n_starts=20)
    assert report.nash and not report.strict and report.risk_dominant is None
    assert report.regime == "fragile"
    for rival in ("auto", None):
        table = grid(model, {"c": [2.0], "r": [2.0]}, fixed=fixed, rival=rival)
        assert table.regimes[table.labels[0, 0]] == "fragile"


def _affine(game: Game, scales, shifts) -> Game:
    return Game(
        [k * p + m for p, k, m in zip(game.payoffs, scales, shifts, strict=True)],
        actions=game.actions,
    )


@settings(max_examples=150, deadline=None)
@given(
    payoffs=st.lists(st.integers(-4, 4), min_size=8, max_size=8),
    scales=st.tuples(st.integers(1, 40), st.integers(1, 40)),
    shifts=st.tuples(st.integers(-50, 50), st.integers(-50, 50)),
)
def test_criteria_invariant_under_positive_affine_maps_2x2(payoffs, scales, shifts):
    # u_i -> k_i u_i + m_i (k_i > 0): deviation gains of player i scale by k_i, Nash products
    # by k_1 k_2 at every profile, so Nash, strict and risk dominance cannot change. Integer
    # payoffs keep every tie exact.
    A = np.array(payoffs[:4], dtype=float).reshape(2, 2)
    B = np.array(payoffs[4:], dtype=float).reshape(2, 2)
    game = Game.from_bimatrix(A, B)
    moved = _affine(game, scales, shifts)
    for profile in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        before = criteria.evaluate(game.payoffs, profile, 1e-9)
        after = criteria.evaluate(moved.payoffs, profile, 1e-9)
        for key in ("nash", "strict", "risk_defined", "risk_dominant", "regime"):
            assert bool(np.all(before[key] == after[key])), (key, profile)


@settings(max_examples=60, deadline=None)
@given(
    payoffs=st.lists(st.integers(-3, 3), min_size=54, max_size=54),
    scales=st.tuples(st.integers(1, 30), st.integers(1, 30)),
    shifts=st.tuples(st.integers(-20, 20), st.integers(-20, 20)),
)
def test_nash_and_strict_invariant_under_positive_affine_maps_3x3x3_and_classify(
    payoffs, scales, shifts
):
    # beyond 2x2: Nash and strict (risk dominance is not defined there); and classify itself
    table = np.array(payoffs, dtype=float).reshape(2, 3, 3, 3)
    game = Game([table[0], table[1], table[0] - table[1]])
    moved = _affine(game, (*scales, 1), (*shifts, 0))
    for profile in [(0, 0, 0), (1, 2, 0), (2, 2, 2)]:
        before = criteria.evaluate(game.payoffs, profile, 1e-9)
        after = criteria.evaluate(moved.payoffs, profile, 1e-9)
        assert (bool(before["nash"]), bool(before["strict"])) == (
            bool(after["nash"]),
            bool(after["strict"]),
        )
        assert not before["risk_defined"] and not after["risk_defined"]


def test_classify_is_invariant_but_basins_and_logit_depend_on_scale():
    # Stag hunt R=4 S=0 T=3 P=2, column player's payoffs times 10: Nash, strict, risk
    # dominance and minimum trust do not move; the replicator basins and the logit branch do,
    # as the report's docs say (one population per player; one lambda for every player).
    A = np.array([[4.0, 0.0], [3.0, 2.0]])
    game = Game.from_bimatrix(A, A.T)
    moved = Game.from_bimatrix(A, 10 * A.T)
    one, two = classify(game, [0, 0]), classify(moved, [0, 0])
    for key in ("nash", "strict", "risk_dominant", "regime", "minimum_trust"):
        assert getattr(one, key) == getattr(two, key), key
    assert abs(one.basin_share - two.basin_share) > 0.01


def test_statements_decide_conditions_without_parameters():
    """A criterion whose solved form has a false constant condition (a deviation that pays
    by a constant) reads "never", a constant true one is dropped, and a rival that is never
    strict makes risk dominance "undefined for every parameter value"; each agrees with
    holds() at sample values of r."""
    r = sp.Symbol("r", nonnegative=True)
    game = SymbolicGame([[[r, 0], [r + 1, 2]], [[r, 1], [0, 2]]], defaults={"r": 1})
    expected = {
        ("1,1", "nash"): "never",
        ("1,1", "strict"): "never",
        ("1,2", "nash"): "never",
        ("1,2", "risk_dominant"): "undefined for every parameter value",
        ("2,2", "nash"): "always",
        ("2,2", "strict"): "always",
        ("2,2", "risk_dominant"): "undefined for every parameter value",
    }
    for (profile, name), text in expected.items():
        (t,) = thresholds(game, profile, "r", criteria=[name])
        assert t.statement() == text
        for value in (0.0, 1.0, 5.0):
            want = {"never": False, "always": True}.get(text)
            assert t.holds(r=value) == want
