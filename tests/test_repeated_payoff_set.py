"""SPE payoff sets of infinitely repeated games: QuantEcon's test games, known points, 3 players."""

from __future__ import annotations

import numpy as np
import pytest
import quantecon.game_theory as qe

from gametheory import Game, GameError
from gametheory.games import n_player_dilemma, prisoners_dilemma
from gametheory.repeated import spe_payoff_set

# QuantEcon.py, quantecon/game_theory/tests/test_repeated_game.py (TestAS): the example of
# Abreu & Sannikov (2014) at delta = 0.3 and a prisoner's dilemma at delta = 0.9, with the
# vertices QuantEcon's Abreu-Sannikov implementation is tested against.
QUANTECON_GAMES = [
    pytest.param(
        [[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)], [(9, 0), (5, -4), (-5, -15)]],
        0.3,
        [
            [7.33770472e00, 1.09826253e01],
            [1.12568240e00, 2.80000000e00],
            [7.33770472e00, 4.44089210e-16],
            [7.86308964e00, 4.44089210e-16],
            [1.97917977e01, 2.80000000e00],
            [1.55630896e01, 9.10000000e00],
        ],
        id="abreu-sannikov-2014",
    ),
    pytest.param(
        [[(9, 9), (1, 10)], [(10, 1), (3, 3)]],
        0.9,
        [[3.0, 3.0], [9.75, 3.0], [9.0, 9.0], [3.0, 9.75]],
        id="prisoners-dilemma",
    ),
]


def _game(bimatrix) -> Game:
    arr = np.array(bimatrix, dtype=float)
    return Game([arr[..., 0], arr[..., 1]])


def _same_vertices(ours: np.ndarray, theirs: np.ndarray, tol: float) -> bool:
    d = np.linalg.norm(ours[:, None, :] - theirs[None, :, :], axis=2)
    return len(ours) == len(theirs) and d.min(axis=1).max() <= tol and d.min(axis=0).max() <= tol


@pytest.mark.parametrize("bimatrix, delta, expected", QUANTECON_GAMES)
def test_vertices_agree_with_quantecon(bimatrix, delta, expected):
    ours = spe_payoff_set(_game(bimatrix), delta)
    assert ours.converged and ours.outer
    assert _same_vertices(ours.vertices, np.array(expected), 1e-6)


@pytest.mark.slow  # QuantEcon's numba compilation takes most of a minute
@pytest.mark.parametrize("bimatrix, delta, expected", QUANTECON_GAMES)
def test_vertices_agree_with_a_live_quantecon_run(bimatrix, delta, expected):
    ours = spe_payoff_set(_game(bimatrix), delta)
    rpg = qe.RepeatedGame(qe.NormalFormGame(bimatrix), delta)
    hull = rpg.equilibrium_payoffs(method="abreu_sannikov", options={"u_init": np.zeros(2)})
    assert _same_vertices(ours.vertices, hull.points[hull.vertices], 1e-6)


@pytest.mark.parametrize("delta, inside", [(0.55, True), (0.45, False)])
def test_mutual_cooperation_needs_friedmans_discount(delta, inside):
    # (R, R) = (3, 3) is an SPE payoff iff delta >= (T-R)/(T-P) = 1/2 (Friedman 1971);
    # the stage equilibrium (P, P) always is (Abreu, Pearce & Stacchetti 1990)
    s = spe_payoff_set(prisoners_dilemma(), delta)
    top = s.vertices.sum(axis=1).max()
    assert bool(top >= 6 - 1e-6) is inside
    assert s.punishment == pytest.approx([1.0, 1.0], abs=1e-6)


def test_three_player_outer_set_contains_known_equilibria():
    # 3-player dilemma: cooperating costs 3 and gives 2 to each other player. Universal
    # cooperation (1, 1, 1) with reversion to defection (0, 0, 0) is an SPE iff
    # 1 >= (1 - d) * 4, i.e. d >= 3/4.
    g = n_player_dilemma()
    high = spe_payoff_set(g, 0.8, tol=1e-7)
    assert high.outer and high.converged
    A = high.normals
    assert np.all(A @ np.ones(3) <= high.levels + 1e-7)  # (1, 1, 1) inside
    assert np.all(A @ np.zeros(3) <= high.levels + 1e-7)  # (0, 0, 0) inside
    assert high.punishment == pytest.approx([0.0, 0.0, 0.0], abs=1e-5)
    low = spe_payoff_set(g, 0.5, tol=1e-7)
    assert low.vertices.sum(axis=1).max() < 3 - 0.1  # cooperation cannot be sustained


def test_three_player_method_contains_the_exact_two_player_set():
    # a dummy third player (one action, payoff 0) leaves the 2-player set unchanged, so the
    # outer 3-player set must contain every exact 2-player vertex
    pd = prisoners_dilemma().at()
    A, B = pd.payoffs
    g3 = Game([A[..., None], B[..., None], np.zeros((2, 2, 1))])
    outer = spe_payoff_set(g3, 0.8, tol=1e-7)
    exact = spe_payoff_set(pd, 0.8)
    for v in exact.vertices:
        assert np.all(outer.normals @ np.append(v, 0.0) <= outer.levels + 1e-6)


def test_iteration_cap_is_reported():
    s = spe_payoff_set(prisoners_dilemma(), 0.95, max_iter=3)
    assert not s.converged and s.iterations == 3 and s.outer


def test_refusals():
    with pytest.raises(GameError, match=r"^spe_payoff_set\(\): delta = 1"):
        spe_payoff_set(prisoners_dilemma(), 1)
    with pytest.raises(GameError, match=r"4 players"):
        spe_payoff_set(n_player_dilemma(4), 0.9)
    with pytest.raises(GameError, match=r"vertex tests"):
        spe_payoff_set(
            n_player_dilemma(), 0.9, directions=np.random.default_rng(0).normal(size=(400, 3))
        )


def test_stopping_rule_scales_with_one_minus_delta():
    # each APS step moves the set by about (1 - delta) times its distance to the limit, so a
    # fixed threshold stops far from it for delta near 1. The PD set at delta = 0.99 is still
    # the one at 0.9 (the stage Nash payoff (1, 1) and the corners of the feasible IR set):
    # with the scaled rule every vertex is within a few tol * range of it.
    s = spe_payoff_set(prisoners_dilemma(), 0.99, max_iter=10_000)
    assert s.converged
    known = np.array([[1.0, 1.0], [13 / 3, 1.0], [3.0, 3.0], [1.0, 13 / 3]])
    assert _same_vertices(s.vertices, known, 1e-7)


def test_delta_too_close_to_one_is_refused_with_the_largest_delta():
    # tol * (1 - delta) * range below 64 ulps of the payoffs: floats cannot separate the
    # steps from rounding (the set once "converged after 1 iteration" at (5, 5e-12))
    with pytest.raises(GameError, match=r"^spe_payoff_set\(\): delta = 0.999999999999 is too "):
        spe_payoff_set(prisoners_dilemma(), 0.999999999999)
    with pytest.raises(GameError, match=r"delta <= 0\.999986"):
        spe_payoff_set(prisoners_dilemma(), 0.99999)
    s = spe_payoff_set(prisoners_dilemma(), 0.999985, max_iter=5)  # allowed, honestly capped
    assert not s.converged and s.iterations == 5
    assert s.vertices.min() < 1  # an outer set, not yet cut to the minmax values


def test_three_player_vertices_are_distinct_and_clean():
    # several triples of normals meet at each corner and the outer iterates leave noise at
    # the convergence scale (-1.1e-8 for 0, 0.399999989 for 0.4): both are removed
    s = spe_payoff_set(n_player_dilemma(), 0.8, tol=1e-7)
    v = s.vertices
    assert len(np.unique(v, axis=0)) == len(v)
    assert v.min() == 0.0 and [0.0, 0.0, 0.0] in v.tolist()
    assert [0.4, 0.0, 1.88] in v.tolist() and v.max() == 2.0
    A = s.normals
    assert np.all(A @ v.T <= s.levels[:, None] + 1e-5)  # rounded within the grid of the set
