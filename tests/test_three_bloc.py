"""The three-bloc game: payoffs, equilibria against pygambit, hand-derived thresholds, CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gametheory import Game, solve, thresholds
from gametheory.cli import main
from gametheory.deterrence.analysis.three_bloc import blocs_given, reassurance_curves
from gametheory.deterrence.three_bloc import THREE_BLOC_DEFAULTS, three_bloc
from gametheory.deterrence.two_bloc import two_bloc

NAMES = [
    "c", "r", "b", "alpha", "theta", "beta", "w", "k", "gamma", "m", "e", "h", "s_A", "s_B",
]  # fmt: skip


def gambit_enumpoly(gambit, game: Game) -> list[tuple[tuple[float, ...], ...]]:
    """pygambit's enumpoly equilibria (floats), repeats dropped."""
    g = gambit.Game.from_arrays(*[np.asarray(p, dtype=float) for p in game.payoffs])
    out = []
    for eq in gambit.nash.enumpoly_solve(g).equilibria:
        profile = tuple(tuple(float(eq[s]) for s in player.strategies) for player in g.players)
        if not any(_close(profile, seen) for seen in out):
            out.append(profile)
    return out


def _close(a, b, tol: float = 1e-6) -> bool:
    return all(
        np.max(np.abs(np.asarray(x) - np.asarray(y))) <= tol for x, y in zip(a, b, strict=True)
    )


def _random_points(n: int = 24) -> list[dict[str, float]]:
    """Seeded parameter points; continuous draws, so ties (degenerate games) have probability 0."""
    rng = np.random.default_rng(2024)
    points = []
    for _ in range(n):
        values = dict(THREE_BLOC_DEFAULTS)
        values.update(
            c=rng.uniform(0, 4),
            r=rng.uniform(0, 3),
            b=rng.uniform(0, 2),
            alpha=rng.uniform(0, 1),
            theta=rng.uniform(0, 1),
            beta=rng.uniform(0, 1.5),
            w=rng.uniform(0, 0.5),
            gamma=rng.uniform(0, 2),
            m=rng.uniform(0, 1.5),
            e=rng.uniform(0, 0.5),
            h=rng.uniform(0, 1),
            s_A=rng.uniform(0, 0.6),
            s_B=rng.uniform(0, 0.6),
        )
        points.append({k: float(v) for k, v in values.items() if k in NAMES})
    return points


POINTS = [pytest.param({}, id="defaults")] + [
    pytest.param(p, id=f"random-{k}") for k, p in enumerate(_random_points())
]


def test_payoff_table_by_hand():
    g = three_bloc().at()  # c=2, r=1.2, b=1, alpha=.6, theta=.4, beta=1, w=.2, k=.1, gamma=.6
    A, B, G = g.payoffs
    # (E, R, align-A): A has capability 2.6: b + alpha 2.6 - theta 2 - r - k 2 = 0.36
    assert A[1, 0, 0] == pytest.approx(1 + 0.6 * 2.6 - 0.4 * 2 - 1.2 - 0.2)
    # (R, E, align-A): B escalating is deterred by A's 2.6; A fears B's 2 (upkeep on its own 2)
    assert B[0, 1, 0] == pytest.approx(1 + 0.6 * 2 - 0.4 * 2.6 - 1.2 - 0.2)
    assert A[0, 1, 0] == pytest.approx(-1 * 2 - 0.2)
    # (E, R, align-A): B, exploited, fears A's 2.6
    assert B[1, 0, 0] == pytest.approx(-1 * 2.6 - 0.2)
    # (E, R, neutral): mediation adds m = 0.5 to A's forfeit
    assert A[1, 0, 2] == pytest.approx(1 + 0.6 * 2 - 0.4 * 2 - 1.7 - 0.2)
    # G: e per escalating bloc, h if aligned at (E, E), s_A / s_B for aligning
    assert G[1, 1, 0] == pytest.approx(-0.6 - 0.6 + 0.3)
    assert G[1, 1, 2] == pytest.approx(-0.6)
    assert G[0, 1, 1] == pytest.approx(-0.3 + 0.2)
    assert G[0, 0, 2] == 0.0


def test_reduces_to_two_bloc_when_g_is_inert():
    # neutral with m = 0 leaves the blocs' game exactly the two-bloc game
    g = three_bloc().at(m=0)
    two = two_bloc().at(r=THREE_BLOC_DEFAULTS["r"])
    assert np.allclose(g.payoffs[0][:, :, 2], two.payoffs[0])
    assert np.allclose(g.payoffs[1][:, :, 2], two.payoffs[1])


@pytest.mark.parametrize("values", POINTS)
def test_pure_equilibria_match_pygambit(gambit, values):
    game = three_bloc().at(**values)
    theirs = gambit_enumpoly(gambit, game)
    # every pygambit equilibrium passes our regret check (independent verification)
    for profile in theirs:
        assert game.regret(profile) <= 1e-7 * max(game.payoff_range, 1.0)
    pure_theirs = {
        tuple(int(np.argmax(s)) for s in p) for p in theirs if all(max(s) > 1 - 1e-9 for s in p)
    }
    ours = {eq.pure_profile() for eq in solve(game, method="pure").equilibria}
    assert ours == pure_theirs


@pytest.mark.parametrize("values", POINTS)
def test_all_equilibria_match_pygambit_enumpoly(gambit, values):
    game = three_bloc().at(**values)
    theirs = gambit_enumpoly(gambit, game)
    result = solve(game, method="enumpoly")
    ours = [eq.strategies for eq in result.equilibria]
    assert result.complete and len(ours) == len(theirs)
    for profile in theirs:
        assert any(_close(profile, mine) for mine in ours)


# ---------------------------------------------------------------------------- thresholds
# Hand derivation. At (R, R, neutral) bloc A's only deviation is E:
#   u_A(E,R,neutral) - u_A(R,R,neutral) = [b + alpha c - theta c - (r + m) - k c] - [-k c]
#                                       = b + (alpha - theta) c - r - m   <= 0
#   <=>  m >= b + (alpha - theta) c - r                           (B: the same, by symmetry)
# G's deviations: u_G(R,R,align-X) - u_G(R,R,neutral) = s_X <= 0, i.e. s_A = s_B = 0.
# At (R, R, align-A) A's capability is c + gamma (upkeep on its own c only):
#   gain_A = b + alpha (c + gamma) - theta c - r <= 0  <=>  r >= b + (alpha - theta) c + alpha gamma
#   gain_B = b + alpha c - theta (c + gamma) - r <= 0  (weaker)
# so the least r with G aligned is b + (alpha - theta) c + alpha gamma, and (R,R) survives the
# alignment iff gamma <= (r - b - (alpha - theta) c) / alpha.
# Risk dominance in the blocs' game with G neutral (2x2 symmetric, Harsanyi-Selten): the
# restraint loss is L = r + m - b - (alpha - theta) c, the escalation loss M = (beta - 2w) c, and
# (R,R) is risk-dominant iff L > M  <=>  r > b + (alpha - theta + beta - 2w) c - m.
HAND = [
    # defaults: m* = 1 + 0.2*2 - 1.2 = 0.2; r*_aligned = 1.4 + 0.6*0.6 = 1.76;
    # r*_RD,neutral = 1 + 0.8*2 - 0.5 = 2.1
    pytest.param({}, 0.2, 1.76, 2.1, None, id="defaults"),
    # c=3, r=2.5, alpha=.5, theta=.3, gamma=1, m=.4: m* = 1 + 0.6 - 2.5 = -0.9 (any m);
    # r*_aligned = 1 + 0.6 + 0.5 = 2.1; r*_RD,neutral = 1 + (0.2 + 1 - 0.4)*3 - 0.4 = 3.0;
    # gamma* = (2.5 - 1.6) / 0.5 = 1.8
    pytest.param(
        {"c": 3, "r": 2.5, "alpha": 0.5, "theta": 0.3, "gamma": 1, "m": 0.4},
        -0.9,
        2.1,
        3.0,
        1.8,
        id="c3-r2.5",
    ),
]


@pytest.mark.parametrize("values, m_star, r_aligned, r_rd_neutral, gamma_star", HAND)
def test_thresholds_by_hand(values, m_star, r_aligned, r_rd_neutral, gamma_star):
    model = three_bloc()
    at = model.values(**values)
    sym = {p.name: p for p in model.parameters}
    subs = {s: at[s.name] for s in model.parameters}
    rr_n = thresholds(model, "R,R,neutral", "m", criteria=["nash"])[0]
    assert float(rr_n.boundary.subs(subs)) == pytest.approx(m_star)
    # the solver agrees on both sides of m* once nobody pays G (the side conditions)
    free = {**at, "s_A": 0.0, "s_B": 0.0}
    for delta, expected in ((0.01, True), (-0.01, False)):
        if m_star + delta < 0:
            continue
        game = model.at(**{**free, "m": m_star + delta})
        assert ((0, 0, 2) in game.pure_equilibria()) is expected
    # with side payments (R,R,neutral) is never an equilibrium, whatever m
    assert (0, 0, 2) not in model.at(**{**at, "m": 10.0, "s_A": 0.01}).pure_equilibria()

    curves = reassurance_curves(model)
    assert float(curves["G_aligned_nash"].subs(subs)) == pytest.approx(r_aligned)
    assert float(curves["G_neutral_risk_dominant"].subs(subs)) == pytest.approx(r_rd_neutral)
    tip = thresholds(
        blocs_given(model, "align-A"),
        "R,R",
        "gamma",
        criteria=["nash"],
        assume=[sym["alpha"] > 0],
    )[0]
    if gamma_star is not None:
        assert tip.relation == "<=" and float(tip.boundary.subs(subs)) == pytest.approx(gamma_star)
        for delta, expected in ((-0.01, True), (0.01, False)):
            point = model.at(**{**at, "gamma": gamma_star + delta, "s_B": 0.0})
            assert ((0, 0, 0) in point.pure_equilibria()) is expected


# ---------------------------------------------------------------------------- CLI
def _run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_builtins(capsys):
    status, out, _ = _run(capsys, "solve", "builtin:three_bloc", "--json")
    data = json.loads(out)
    assert status == 0 and data["players"] == ["A", "B", "G"]
    assert data["actions"][2] == ["align-A", "align-B", "neutral"]
    # the only equilibrium at the defaults (pygambit's enumpoly agrees, test above)
    assert [eq["strategies"] for eq in data["equilibria"]] == [[[0, 1], [0, 1], [0, 0, 1]]]
    status, out, _ = _run(
        capsys, "thresholds", "builtin:three_bloc", "--profile", "R,R,neutral", "--solve-for", "m"
    )
    assert status == 0 and "m >= alpha*c + b - c*theta - r" in out
    status, out, _ = _run(
        capsys, "stability", "builtin:three_bloc", "--profile", "E,E,neutral", "--starts", "50",
        "--json",
    )  # fmt: skip
    assert status == 0 and json.loads(out)["strict"] is True
    status, out, _ = _run(
        capsys, "sweep", "builtin:three_bloc", "--grid", "m=0:2:5", "--grid", "s_A=0:0.4:3",
        "--param", "s_B=0", "--profile", "R,R,neutral", "--rival", "none", "--json",
    )  # fmt: skip
    shares = json.loads(out)["shares"]
    # (R,R,neutral) needs s_A = 0 (one column of 3) and m >= 0.2 (4 of 5 rows): 4/15
    assert status == 0 and shares["not-equilibrium"] == pytest.approx(11 / 15)
    status, out, _ = _run(capsys, "solve", "builtin:bloc_formation", "--json")
    assert status == 0 and len(json.loads(out)["equilibria"]) == 1
    status, out, _ = _run(
        capsys, "sweep", "builtin:bloc_formation", "--grid", "q_W=0:2:3", "--json",
        "--profile", "West,West,East,non-aligned,non-aligned",
    )  # fmt: skip
    assert status == 0
    status, _, err = _run(capsys, "solve", "builtin:three_bloc", "--param", "gamma=-1")
    assert status == 2 and "'gamma'" in err
