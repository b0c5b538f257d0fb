"""Stability criteria of pure profiles: known answers, algebra vs numerics, cross-checks.

References used below
---------------------
Harsanyi & Selten (1988), *A General Theory of Equilibrium Selection in Games*: risk dominance
in 2x2 games by the product of deviation losses (the "Nash product").
Weibull (1995), *Evolutionary Game Theory*, ch. 5, and Hofbauer & Sigmund (1998), *Evolutionary
Games and Population Dynamics*: multi-population replicator dynamics; strict equilibria are
asymptotically stable; for 2x2 bimatrix games the dynamics has a constant of motion.
McKelvey & Palfrey (1995), GEB 10: logit QRE; Turocy (2005), GEB 51: its principal branch.
Kydd (2005), *Trust and Mistrust in International Relations*: minimum trust in assurance games.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import quad
from scipy.optimize import brentq

from gametheory import Game, GameError
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.games import chicken, matching_pennies, prisoners_dilemma, stag_hunt, symmetric_2x2
from gametheory.stability import (
    NOT_CONVERGED,
    OTHER,
    StabilityReport,
    Threshold,
    classify,
    minimum_trust,
    thresholds,
)
from gametheory.stability import basins as stability_basins
from gametheory.stability.replicator import replicator_jacobian

# ----------------------------------------------------------------------------- helpers
FAST = {"n_starts": 200}  # where basins are not the point of the test


def random_game(shape, seed):
    rng = np.random.default_rng(seed)
    return Game([rng.normal(size=shape) for _ in shape])


def replicator_field(payoffs, xs):
    """dx_ia/dt = x_ia (f_ia - x_i . f_i), written independently of the module under test."""
    out = []
    for i, u in enumerate(payoffs):
        values = u
        for j in range(len(xs) - 1, -1, -1):
            if j != i:
                values = np.tensordot(values, xs[j], axes=([j], [0]))
        out.append(xs[i] * (values - xs[i] @ values))
    return out


def finite_difference_jacobian(payoffs, xs, ref, h=1e-6):
    """Central differences of the field in tangent coordinates x_ib, b != ref_i."""
    coords = [(i, b) for i, x in enumerate(xs) for b in range(len(x)) if b != ref[i]]
    J = np.empty((len(coords), len(coords)))
    for col, (j, c) in enumerate(coords):
        plus = [x.astype(float).copy() for x in xs]
        minus = [x.astype(float).copy() for x in xs]
        plus[j][c] += h
        plus[j][ref[j]] -= h
        minus[j][c] -= h
        minus[j][ref[j]] += h
        fp, fm = replicator_field(payoffs, plus), replicator_field(payoffs, minus)
        J[:, col] = [(fp[i][b] - fm[i][b]) / (2 * h) for i, b in coords]
    return J


def stable_manifold_basin(A, B):
    """Share of [0,1]^2 (uniform starts) in the basin of (action 0, action 0) of a 2x2
    coordination game under two-population replicator dynamics.

    With x, y the probabilities of action 0, the dynamics is x' = x(1-x) a (y - q),
    y' = y(1-y) b (x - p) with a, b > 0, and H = b phi_p(x) - a phi_q(y),
    phi_p(x) = -(p log x + (1-p) log(1-x)), is a constant of motion (Hofbauer & Sigmund 1998,
    bimatrix games). The stable manifold of the saddle (p, q) is the level set H = H(p, q)
    through the quadrants x > p, y < q and x < p, y > q; the basin of (0, 0) -- here "action 0"
    for both -- lies above it.
    """
    A, B = np.asarray(A, float), np.asarray(B, float)
    a = A[0, 0] - A[1, 0] - A[0, 1] + A[1, 1]
    b = B[0, 0] - B[0, 1] - B[1, 0] + B[1, 1]
    q = (A[1, 1] - A[0, 1]) / a
    p = (B[1, 1] - B[1, 0]) / b

    def phi(x, c):
        return -(c * math.log(x) + (1 - c) * math.log(1 - x))

    def separatrix(x):
        if abs(x - p) < 1e-15:
            return q
        target = phi(q, q) + (b / a) * (phi(x, p) - phi(p, p))

        def level(y):
            return phi(y, q) - target

        return brentq(level, 1e-300, q) if x > p else brentq(level, q, 1 - 1e-16)

    share, _ = quad(lambda x: 1.0 - separatrix(x), 0.0, 1.0, points=[p], limit=200)
    return share


def symmetric_coordination(seed):
    """A random symmetric 2x2 coordination game (R > T, P > S) with R-T and P-S well apart."""
    rng = np.random.default_rng(seed)
    while True:
        R, S, T, P = rng.uniform(0, 10, size=4)
        if R > T and P > S and abs((R - T) - (P - S)) > 0.25 * ((R - T) + (P - S)):
            return symmetric_2x2(R=R, S=S, T=T, P=P, actions=("X", "Y")).at(), bool(R - T > P - S)


# ----------------------------------------------------------------------------- known answers
def test_prisoners_dilemma():
    # Axelrod (1984) payoffs T=5 > R=3 > P=1 > S=0: mutual defection is the unique, strict NE.
    pd = prisoners_dilemma().at()
    cc = classify(pd, "C,C", **FAST)
    assert not cc.nash and not cc.strict and not cc.replicator_stable
    assert cc.deviation_gains == (2.0, 2.0)  # T - R
    assert cc.nash_product is None
    dd = classify(pd, "D,D")
    assert dd.nash and dd.strict and dd.replicator_stable and dd.qre_limit
    assert dd.deviation_gains == (-1.0, -1.0)  # S - P
    assert dd.basin_share == pytest.approx(1.0, abs=1e-3)
    # nothing to compare against: (C,C) is not an equilibrium, so risk dominance is undefined
    assert dd.risk_dominant is None and dd.rival == ("C", "C")
    assert "not a strict equilibrium" in dd.risk_note


def test_stag_hunt_defaults_hare_risk_dominant():
    # R=4, S=0, T=3, P=2: both symmetric profiles are strict NE; R - T = 1 < P - S = 2, so
    # (Hare, Hare) risk-dominates (Harsanyi & Selten 1988): Nash products 2*2 = 4 > 1*1 = 1.
    game = stag_hunt().at()
    stag = classify(game, "Stag,Stag", **FAST)
    hare = classify(game, ["Hare", "Hare"], **FAST)
    for report in (stag, hare):
        assert report.nash and report.strict and report.replicator_stable
    assert (stag.nash_product, hare.nash_product) == (1.0, 4.0)
    assert hare.risk_dominant is True and hare.rival == ("Stag", "Stag")
    assert stag.risk_dominant is False and stag.rival == ("Hare", "Hare")


def test_stag_hunt_stag_risk_dominant_when_r_minus_t_exceeds_p_minus_s():
    # R=4, S=0, T=2, P=1: R - T = 2 > P - S = 1, so (Stag, Stag) is payoff- and risk-dominant.
    game = stag_hunt(R=4, S=0, T=2, P=1).at()
    assert classify(game, "Stag,Stag", **FAST).risk_dominant is True
    assert classify(game, "Hare,Hare", **FAST).risk_dominant is False


def test_chicken():
    # Chicken (T=4 > R=3 > S=1 > P=0): the asymmetric profiles are the strict pure NE.
    game = chicken().at()
    assert not classify(game, "Swerve,Swerve", **FAST).nash
    assert not classify(game, "Straight,Straight", **FAST).nash
    one = classify(game, "Swerve,Straight")
    other = classify(game, "Straight,Swerve", **FAST)
    for report in (one, other):
        assert report.nash and report.strict and report.replicator_stable
        # symmetric game: equal Nash products, so neither risk-dominates the other
        assert report.risk_dominant is False
        # the symmetric logit branch ends at the symmetric mixed equilibrium (1/2, 1/2)
        assert not report.qre_limit
        np.testing.assert_allclose(report.qre_endpoint, [[0.5, 0.5], [0.5, 0.5]], atol=1e-6)
    # two-population dynamics: by symmetry each asymmetric equilibrium attracts about half
    shares = one.basin_shares
    assert shares["Swerve,Straight"] + shares["Straight,Swerve"] == pytest.approx(1.0)
    assert shares["Swerve,Straight"] == pytest.approx(0.5, abs=0.05)


def test_matching_pennies_has_no_pure_equilibrium():
    game = matching_pennies().at()
    for profile in ("H,H", "H,T", "T,H", "T,T"):
        report = classify(game, profile, n_starts=50)
        assert not report.nash and not report.strict and not report.replicator_stable
        assert report.risk_dominant is None
        assert not report.qre_limit
    # the logit branch of matching pennies is the centroid for every lambda
    np.testing.assert_allclose(report.qre_endpoint, [[0.5, 0.5], [0.5, 0.5]], atol=1e-9)
    # two-population replicator orbits are closed cycles around (1/2, 1/2): nothing converges
    assert report.basin_shares[NOT_CONVERGED] == pytest.approx(1.0)


# ----------------------------------------------------------------------------- thresholds
def _symbols(names):
    return sp.symbols(names, nonnegative=True, real=True)


def test_two_bloc_symmetric_thresholds_match_hand_derivation():
    # docs/two_bloc.md: (R,R) is an equilibrium iff r >= b + (alpha - theta) c; it is risk-dominant
    # over (E,E) iff r > b + (alpha - theta + beta - 2w) c (Harsanyi & Selten 1988 products:
    # (r - b - (alpha - theta) c)^2 > ((beta - 2w) c)^2 with both factors positive).
    b, alpha, theta, beta, w, c = _symbols("b alpha theta beta w c")
    found = {th.criterion: th for th in thresholds(two_bloc(), "R,R", solve_for="r")}
    assert set(found) == {"nash", "strict", "risk_dominant"}
    expected = {
        "nash": (">=", b + (alpha - theta) * c),
        "strict": (">", b + (alpha - theta) * c),
        "risk_dominant": (">", b + (alpha - theta + beta - 2 * w) * c),
    }
    for criterion, (relation, bound) in expected.items():
        th = found[criterion]
        assert th.variable.name == "r"
        assert th.relation == relation
        assert sp.simplify(th.boundary - bound) == 0
        assert th.side_conditions == ()
    assert found["risk_dominant"].rival == ("E", "E")
    # defined only where (E,E) is strict: (beta - 2w) c > 0 for each bloc
    assert len(found["risk_dominant"].requires) == 2


def test_two_bloc_asymmetric_thresholds_per_bloc():
    # For bloc i against j: r_i >= b + alpha c_i - theta c_j (docs/two_bloc.md).
    b, alpha, theta, beta, w = _symbols("b alpha theta beta w")
    c_a, c_b, r_a, r_b = _symbols("c_A c_B r_A r_B")
    game = two_bloc(symmetric=False)
    found = {(t.criterion, t.variable.name): t for t in thresholds(game, "R,R", ["r_A", "r_B"])}
    k_a = b + alpha * c_a - theta * c_b
    k_b = b + alpha * c_b - theta * c_a
    for var, bound, other_bound in (("r_A", k_a, k_b), ("r_B", k_b, k_a)):
        other = r_b if var == "r_A" else r_a
        for criterion, relation in (("nash", ">="), ("strict", ">")):
            th = found[(criterion, var)]
            assert th.relation == relation
            assert sp.simplify(th.boundary - bound) == 0
            # the other bloc's condition does not involve this variable: a side condition
            (side,) = th.side_conditions
            assert side.free_symbols >= {other}
            assert sp.simplify((side.lhs - side.rhs) - (other_bound - other)) == 0
    # risk dominance: (r_A - K_A)(r_B - K_B) > M_A M_B, with M_i = beta c_j - w (c_A + c_B) the
    # losses at (E,E), gives r_A > K_A + M_A M_B / (r_B - K_B) where r_B > K_B.
    m_a = beta * c_b - w * (c_a + c_b)
    m_b = beta * c_a - w * (c_a + c_b)
    th = found[("risk_dominant", "r_A")]
    assert th.relation == ">"
    assert sp.simplify(th.boundary - (k_a + m_a * m_b / (r_b - k_b))) == 0


def test_thresholds_with_assumptions_capability():
    # Solving for capability c needs the sign of (alpha - theta): capability deters (the NE
    # threshold on r falls with c) only when retaliation theta exceeds coercive advantage alpha.
    b, alpha, theta, r = _symbols("b alpha theta r")
    (unsolved,) = thresholds(two_bloc(), "R,R", "c", criteria=["nash"])
    assert unsolved.boundary is None and unsolved.relation is None
    assert len(unsolved.side_conditions) == 1  # both blocs' identical condition, once
    (more,) = thresholds(two_bloc(), "R,R", "c", criteria=["nash"], assume=[alpha > theta])
    assert more.relation == "<="
    assert sp.simplify(more.boundary - (r - b) / (alpha - theta)) == 0
    (less,) = thresholds(two_bloc(), "R,R", "c", criteria=["nash"], assume=alpha < theta)
    assert less.relation == ">="
    assert sp.simplify(less.boundary - (r - b) / (alpha - theta)) == 0


def test_stag_hunt_thresholds_textbook():
    # Stag hunt, solving for R: (Stag,Stag) is NE iff R >= T, risk-dominant iff R - T > P - S.
    S, T, P = sp.symbols("S T P", real=True)
    found = {th.criterion: th for th in thresholds(stag_hunt(), "Stag,Stag", "R")}
    assert (found["nash"].relation, found["nash"].boundary) == (">=", T)
    assert found["risk_dominant"].relation == ">"
    assert sp.simplify(found["risk_dominant"].boundary - (T + P - S)) == 0


TWO_BLOC_RANGES = {
    "c": (0.0, 4.0),
    "r": (0.0, 5.0),
    "b": (0.0, 2.0),
    "alpha": (0.0, 1.0),
    "theta": (0.0, 1.0),
    "beta": (0.0, 1.5),
    "w": (0.0, 0.6),
    "k": (0.0, 0.5),
}


def _random_points(ranges, count, seed):
    rng = np.random.default_rng(seed)
    return [{k: float(rng.uniform(lo, hi)) for k, (lo, hi) in ranges.items()} for _ in range(count)]


# (the symmetric game: tests/test_criteria.py, on grids that hit every tie)


def test_thresholds_agree_with_classify_asymmetric_two_bloc():
    symbolic = two_bloc(symmetric=False)
    ranges = {k: v for k, v in TWO_BLOC_RANGES.items() if k not in ("c", "r")}
    ranges.update(c_A=(0.0, 4.0), c_B=(0.0, 4.0), r_A=(0.0, 5.0), r_B=(0.0, 5.0))
    found = {(t.criterion, t.variable.name): t for t in thresholds(symbolic, "R,R", ["r_A"])}
    for point in _random_points(ranges, 20, seed=7):
        report = classify(symbolic.at(**point), "R,R", n_starts=8)
        values = {symbolic.symbol(k): v for k, v in point.items()}
        for criterion, expected in (
            ("nash", report.nash),
            ("strict", report.strict),
            ("risk_dominant", report.risk_dominant),
        ):
            th = found[(criterion, "r_A")]
            assert th.holds(**point) == expected, (criterion, point)
            if expected is not None:
                assert bool(th.solved.subs(values)) == expected, (criterion, point)


def test_threshold_holds_uses_defaults_and_reports_missing():
    (nash,) = thresholds(two_bloc(), "R,R", "r", criteria=["nash"])
    assert isinstance(nash, Threshold)
    # defaults: b=1, alpha=0.6, theta=0.4, c=2 -> boundary 1.4
    assert nash.holds(r=1.41) is True and nash.holds(r=1.39) is False
    with pytest.raises(GameError, match=r"Threshold.holds\(\): unknown parameter 'zeta'"):
        nash.holds(zeta=1.0)
    bare = Threshold(
        criterion=nash.criterion,
        profile=nash.profile,
        variable=nash.variable,
        inequalities=nash.inequalities,
        boundary=nash.boundary,
        relation=nash.relation,
    )
    with pytest.raises(GameError, match=r"Threshold.holds\(\): this Threshold carries no game"):
        bare.holds(r=1.0)
    assert json.dumps(nash.to_dict())


# ----------------------------------------------------------------------------- replicator
@pytest.mark.parametrize(
    "shape, seed",
    [((2, 2), 1), ((3, 3), 2), ((4, 3), 3), ((2, 2, 2), 4), ((3, 3, 3), 5), ((3, 3, 3), 6)],
)
def test_strict_equilibria_are_replicator_stable(shape, seed):
    # Strict NE are asymptotically stable under multi-population replicator dynamics
    # (Weibull 1995, ch. 5); at a vertex the tangent Jacobian has the deviation gains as
    # eigenvalues. Checked against finite differences of an independent field.
    game = random_game(shape, seed)
    equilibria = game.pure_equilibria()
    assert equilibria, "seed chosen to have a pure equilibrium"
    for profile in equilibria:
        report = classify(game, list(profile), n_starts=20)
        assert report.strict
        assert report.replicator_stable
        assert all(e.real < 0 for e in report.eigenvalues)
        xs = [np.eye(n)[a] for n, a in zip(game.shape, profile, strict=True)]
        numeric = np.linalg.eigvals(finite_difference_jacobian(game.payoffs, xs, profile))
        np.testing.assert_allclose(
            np.sort_complex(numeric), np.sort_complex(np.array(report.eigenvalues)), atol=1e-6
        )


def test_replicator_jacobian_matches_finite_differences_inside():
    # the general formula (not only at vertices) against central differences
    game = random_game((3, 2, 2), 11)
    rng = np.random.default_rng(0)
    xs = [rng.dirichlet(np.ones(n)) for n in game.shape]
    ref = (0, 1, 0)
    analytic = replicator_jacobian(game.payoffs, xs, ref)
    np.testing.assert_allclose(
        analytic, finite_difference_jacobian(game.payoffs, xs, ref), atol=1e-7
    )


def test_non_strict_equilibrium_not_established():
    # (Top, Left) is a NE where the column player is indifferent: a zero eigenvalue, so
    # linearisation does not establish asymptotic stability -> reported False.
    game = Game.from_bimatrix([[3, 3], [0, 1]], [[2, 2], [1, 0]])
    report = classify(game, [0, 0], **FAST)
    assert report.nash and not report.strict
    assert not report.replicator_stable
    assert max(e.real for e in report.eigenvalues) == pytest.approx(0.0, abs=1e-12)


# ----------------------------------------------------------------------------- basins
def test_basin_shares_sum_to_one_and_are_deterministic():
    game = stag_hunt().at()
    mc = {"basin_method": "monte-carlo"}
    first = classify(game, "Stag,Stag", seed=3, **mc)
    again = classify(game, "Stag,Stag", seed=3, **mc)
    other_seed = classify(game, "Stag,Stag", seed=4, **mc)
    assert first.basin_shares == again.basin_shares
    assert first.basin_shares != other_seed.basin_shares
    assert sum(first.basin_shares.values()) == pytest.approx(1.0)
    # a coordination game: every start converges to one of the two strict equilibria
    assert first.basin_shares[OTHER] == 0.0 and first.basin_shares[NOT_CONVERGED] == 0.0
    assert first.basin_shares["Stag,Stag"] + first.basin_shares["Hare,Hare"] == pytest.approx(1)


def test_stag_hunt_basin_matches_separatrix_closed_form():
    # The level set of the constant of motion through the mixed saddle is the separatrix
    # (Hofbauer & Sigmund 1998); its area gives the exact basin share of (Stag, Stag).
    game = stag_hunt().at()
    exact = stable_manifold_basin(*game.payoffs)
    assert exact == pytest.approx(0.2636, abs=1e-3)
    n = 20000
    report = classify(game, "Stag,Stag", n_starts=n)
    assert report.basin_share == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / n))


def test_asymmetric_2x2_basin_matches_separatrix_closed_form():
    A, B = [[5.0, 0.0], [1.0, 2.0]], [[2.0, 1.0], [0.0, 6.0]]
    exact = stable_manifold_basin(A, B)
    n = 20000
    report = classify(Game.from_bimatrix(A, B), [0, 0], n_starts=n)
    assert report.basin_share == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / n))


@pytest.mark.parametrize("seed", range(6))
def test_risk_dominant_equilibrium_has_larger_basin_in_symmetric_coordination(seed):
    # Symmetric 2x2 coordination games: the risk-dominant equilibrium has the larger basin of
    # attraction under the two-population replicator dynamics (checked against the exact
    # separatrix area as well).
    game, x_dominates = symmetric_coordination(seed)
    xx = classify(game, "X,X", n_starts=4000)
    yy = classify(game, "Y,Y", n_starts=50)
    assert xx.risk_dominant is x_dominates and yy.risk_dominant is (not x_dominates)
    assert (xx.basin_share > 0.5) is x_dominates
    assert (stable_manifold_basin(*game.payoffs) > 0.5) is x_dominates


def test_three_player_basins_and_basin_risk_dominance():
    # Three-player coordination: all match on action k -> everyone gets k + 1, else 0. Three
    # strict equilibria; the highest-paying one has the largest basin.
    shape = (3, 3, 3)
    table = np.zeros(shape)
    for k in range(3):
        table[k, k, k] = k + 1
    game = Game([table] * 3, actions=[["a", "b", "c"]] * 3)
    top = classify(game, "c,c,c")
    shares = top.basin_shares
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["c,c,c"] > shares["b,b,b"] > shares["a,a,a"] > 0
    assert shares["a,a,a"] + shares["b,b,b"] + shares["c,c,c"] > 0.9
    # risk dominance (Nash products) is not defined beyond 2x2: the basin is its own field
    assert top.largest_basin and top.risk_dominant is None and "2x2" in top.risk_note
    middle = classify(game, "b,b,b")
    assert not middle.largest_basin and middle.risk_dominant is None
    assert middle.basin_shares == shares  # same seed, same starts
    assert not classify(game, "a,b,c", n_starts=50).largest_basin


# ----------------------------------------------------------------------------- QRE
def test_stag_hunt_logit_branch_ends_at_risk_dominant_equilibrium():
    # In symmetric 2x2 coordination games the principal logit branch (McKelvey & Palfrey 1995;
    # Turocy 2005) ends at the risk-dominant equilibrium. Why: by symmetry the branch stays on
    # the diagonal, x = 1 / (1 + exp(-lambda a (x - p*))) with a > 0 and p* the mixed
    # equilibrium; x = 1/2 at lambda = 0 and x can never return to 1/2 (that would need
    # p* = 1/2), so x ends at 1 iff it starts upwards iff p* < 1/2 iff R - T > P - S.
    assert classify(stag_hunt().at(), "Hare,Hare", **FAST).qre_limit
    assert not classify(stag_hunt().at(), "Stag,Stag", **FAST).qre_limit
    assert classify(stag_hunt(R=4, S=0, T=2, P=1).at(), "Stag,Stag", **FAST).qre_limit


@pytest.mark.parametrize("seed", range(6))
def test_logit_limit_is_risk_dominant_in_symmetric_coordination(seed):
    game, x_dominates = symmetric_coordination(seed)
    assert classify(game, "X,X", n_starts=10).qre_limit is x_dominates
    assert classify(game, "Y,Y", n_starts=10).qre_limit is (not x_dominates)


def _gambit_logit(gambit, game):
    g = gambit.Game.from_arrays(*[np.asarray(p) for p in game.payoffs])
    eq = gambit.nash.logit_solve(g).equilibria[0]
    return [np.array([float(eq[s]) for s in player.strategies]) for player in g.players]


@pytest.mark.parametrize(
    "shape, seed", [((2, 2), 1), ((2, 2), 5), ((3, 3), 2), ((3, 3), 7), ((2, 3), 3), ((2, 2, 2), 4)]
)
def test_logit_endpoint_matches_pygambit(gambit, shape, seed):
    # pygambit.nash.logit_solve returns the limit of the principal branch (Turocy 2005)
    rng = np.random.default_rng(seed)
    game = Game([rng.integers(-5, 6, size=shape).astype(float) for _ in shape])
    report = classify(game, [0] * len(shape), n_starts=10)
    for ours, theirs in zip(report.qre_endpoint, _gambit_logit(gambit, game), strict=True):
        np.testing.assert_allclose(ours, theirs, atol=1e-4)


def test_logit_limit_and_risk_dominance_can_disagree(gambit):
    # An asymmetric 2x2 coordination game: (0,0) risk-dominates (Nash products 2*4 = 8 > 1*6),
    # yet the logit branch -- ours and Gambit's -- ends at (1,1). The criteria are distinct.
    game = Game.from_bimatrix([[6, 2], [4, 3]], [[7, 3], [3, 9]])
    first = classify(game, [0, 0], **FAST)
    second = classify(game, [1, 1], **FAST)
    assert (first.nash_product, second.nash_product) == (8.0, 6.0)
    assert first.risk_dominant and not second.risk_dominant
    assert second.qre_limit and not first.qre_limit
    np.testing.assert_allclose(second.qre_endpoint, _gambit_logit(gambit, game), atol=1e-4)


# ----------------------------------------------------------------------------- minimum trust
def test_minimum_trust_stag_hunt_formula_and_interpretation():
    # Kydd (2005): p* = (P - S) / ((R - T) + (P - S)); cooperating is a best reply iff p >= p*.
    R, S, T, P = 4.0, 0.0, 3.0, 2.0
    game = stag_hunt(R=R, S=S, T=T, P=P).at()
    p_star = (P - S) / ((R - T) + (P - S))
    assert minimum_trust(game) == pytest.approx((p_star, p_star))
    assert minimum_trust(game, "Stag,Stag") == minimum_trust(game)
    for p in np.linspace(0, 1, 101):
        if abs(p - p_star) < 1e-9:
            continue
        belief = [p, 1 - p]
        values = game.action_values([belief, belief], 0)  # row player vs column's mixture
        assert (values[0] >= values[1]) == (p >= p_star), p


def test_minimum_trust_other_cases():
    assert minimum_trust(prisoners_dilemma().at()) == (math.inf, math.inf)  # no trust suffices
    assert minimum_trust(symmetric_2x2(R=3, S=2, T=1, P=0).at()) == (0.0, 0.0)  # dominant
    # asymmetric assurance: each side's own payoffs decide its threshold
    # row: R, S, T, P = 5, 0, 2, 1 -> 1/4; column: R, S, T, P = 3, 0, 2, 1 -> 1/2
    game = Game.from_bimatrix([[5, 0], [2, 1]], [[3, 2], [0, 1]])
    assert minimum_trust(game) == pytest.approx((1 / 4, 1 / 2))
    # cooperation as the second action: the stag hunt with its actions listed Hare, Stag
    swapped = Game.from_bimatrix([[2, 3], [0, 4]], [[2, 0], [3, 4]])
    assert minimum_trust(swapped, [1, 1]) == pytest.approx((2 / 3, 2 / 3))
    with pytest.raises(GameError, match=r"minimum_trust\(\): needs a 2x2 game"):
        minimum_trust(Game([np.zeros((2, 3)), np.zeros((2, 3))]))


# ----------------------------------------------------------------------------- bad input
def test_bad_profiles():
    game = two_bloc().at()
    with pytest.raises(
        GameError, match=r"^classify\(\): player 'A' has no action 'X'.*\['R', 'E'\]"
    ):
        classify(game, "X,R")
    with pytest.raises(GameError, match=r"^classify\(\): .*1 entries.*2 players"):
        classify(game, ["R"])
    with pytest.raises(GameError, match=r"^classify\(\): player 'B' plays the mixed strategy"):
        classify(game, ["R", [0.5, 0.5]])
    with pytest.raises(GameError, match=r"^classify\(\): player 'A' has no action 2"):
        classify(game, [2, 0])
    with pytest.raises(GameError, match=r"^classify\(\): got a SymbolicGame"):
        classify(two_bloc(), "R,R")
    with pytest.raises(GameError, match=r"^classify\(\): n_starts"):
        classify(game, "R,R", n_starts=0)
    # a unit vector is a pure strategy
    assert classify(game, [[1.0, 0.0], "R"], n_starts=5).profile == ("R", "R")


def test_bad_threshold_requests():
    with pytest.raises(GameError, match=r"^thresholds\(\): unknown variable 'x'; parameters are"):
        thresholds(two_bloc(), "R,R", solve_for="x")
    with pytest.raises(GameError, match=r"'c', 'r', 'b'"):
        thresholds(two_bloc(), "R,R", solve_for="r_A")
    with pytest.raises(GameError, match=r"^thresholds\(\): player 'B' has no action 'Q'"):
        thresholds(two_bloc(), "R,Q")
    with pytest.raises(GameError, match=r"^thresholds\(\): expected a SymbolicGame"):
        thresholds(two_bloc().at(), "R,R")
    with pytest.raises(GameError, match=r"^thresholds\(\): unknown criteria"):
        thresholds(two_bloc(), "R,R", criteria=["stable"])
    with pytest.raises(GameError, match=r"assume must hold inequalities"):
        thresholds(two_bloc(), "R,R", assume=[sp.Eq(sp.Symbol("b"), 1)])


def test_report_to_dict_is_json():
    report = classify(stag_hunt().at(), "Stag,Stag", **FAST)
    assert isinstance(report, StabilityReport)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["profile"] == ["Stag", "Stag"]
    assert set(data) >= {
        "nash",
        "strict",
        "risk_dominant",
        "replicator_stable",
        "basin_share",
        "qre_limit",
        "deviation_gains",
        "nash_product",
        "rival",
        "eigenvalues",
        "basin_shares",
        "qre_endpoint",
        "tol",
        "n_starts",
        "seed",
    }
    assert data["eigenvalues"] == [[-1.0, 0.0], [-1.0, 0.0]]


# ----------------------------------------------------------------------------- exact basins
EXACT_CASES = [
    pytest.param([[4, 0], [3, 2]], [[4, 3], [0, 2]], id="stag-hunt"),
    pytest.param([[5, 0], [1, 2]], [[2, 1], [0, 6]], id="asymmetric-coordination"),
    pytest.param([[3, 1], [4, 0]], [[3, 4], [1, 0]], id="chicken-anti-coordination"),
    pytest.param([[6, 2], [4, 3]], [[7, 3], [3, 9]], id="asymmetric-2"),
]


def _integrated_shares(A, B, n, seed):
    """Independent integration (scipy's RK45) of the two-population dynamics from n uniform
    starts, in log-odds coordinates: d logit(x)/dt = row advantage of action 0 at y."""
    from scipy.integrate import solve_ivp

    A, B = np.asarray(A, float), np.asarray(B, float)
    rng = np.random.default_rng(seed)
    x0, y0 = rng.uniform(size=n), rng.uniform(size=n)

    def field(_t, z):
        x, y = 1 / (1 + np.exp(-z[:n])), 1 / (1 + np.exp(-z[n:]))
        du = (A[0, 0] - A[1, 0]) * y + (A[0, 1] - A[1, 1]) * (1 - y)
        dv = (B[0, 0] - B[0, 1]) * x + (B[1, 0] - B[1, 1]) * (1 - x)
        return np.concatenate([du, dv])

    z0 = np.concatenate([np.log(x0 / (1 - x0)), np.log(y0 / (1 - y0))])
    end = solve_ivp(field, (0.0, 60.0), z0, rtol=1e-8, atol=1e-8).y[:, -1]
    row, col = (end[:n] < 0).astype(int), (end[n:] < 0).astype(int)  # action 0 iff logit > 0
    return {(r, c): float(np.mean((row == r) & (col == c))) for r in (0, 1) for c in (0, 1)}


@pytest.mark.parametrize("A, B", EXACT_CASES)
def test_exact_2x2_basins_agree_with_integration(A, B):
    # The closed-form separatrix (constant of motion; Hofbauer & Sigmund 1998) against scipy's
    # integrator from 3000 random starts, within 4 standard errors.
    game = Game.from_bimatrix(A, B)
    exact = stability_basins(game)
    assert exact.method == "exact" and exact.stderr == dict.fromkeys(exact.shares, 0.0)
    n = 3000
    found = _integrated_shares(A, B, n, seed=5)
    for (r, c), share in found.items():
        name = f"{game.actions[0][r]},{game.actions[1][c]}"
        expected = exact.shares.get(name, 0.0)
        assert share == pytest.approx(expected, abs=4 * math.sqrt(0.25 / n) + 1e-12), name
    assert sum(exact.shares.values()) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("A, B", EXACT_CASES[:2])
def test_exact_2x2_basins_agree_with_quadrature_and_monte_carlo(A, B):
    game = Game.from_bimatrix(A, B)
    exact = stability_basins(game).shares[f"{game.actions[0][0]},{game.actions[1][0]}"]
    assert exact == pytest.approx(stable_manifold_basin(A, B), abs=1e-7)
    mc = stability_basins(game, method="monte-carlo", n_starts=4000, seed=2)
    key = f"{game.actions[0][0]},{game.actions[1][0]}"
    assert mc.stderr[key] == pytest.approx(math.sqrt(mc.shares[key] * (1 - mc.shares[key]) / 4000))
    assert mc.shares[key] == pytest.approx(exact, abs=4 * mc.stderr[key] + 1e-3)


def test_exact_basins_of_dominance_solvable_and_cyclic_games():
    pd = stability_basins(prisoners_dilemma().at())
    assert pd.method == "exact" and pd.shares["D,D"] == 1.0
    pennies = stability_basins(matching_pennies().at())
    assert pennies.method == "exact" and pennies.shares[NOT_CONVERGED] == 1.0
    # payoff ties along an edge: not covered by the closed form, Monte Carlo instead
    tied = Game.from_bimatrix([[3, 3], [0, 1]], [[2, 2], [1, 0]])
    assert stability_basins(tied, n_starts=50).method == "monte-carlo"
    with pytest.raises(GameError, match=r"^basins\(\): exact basins need a 2x2 game"):
        stability_basins(tied, method="exact")


def test_logit_path_reports_whether_it_converged():
    from gametheory.stability import logit_path

    full = logit_path(stag_hunt().at())
    assert full.converged and full.ends_at((1, 1)) and full.steps > 3
    capped = logit_path(stag_hunt().at(), max_steps=3)
    assert not capped.converged and capped.steps == 3 and capped.lam < full.lam
    assert classify(stag_hunt().at(), "Hare,Hare", **FAST).qre_converged
    with pytest.raises(GameError, match=r"^logit_path\(\): max_steps"):
        logit_path(stag_hunt().at(), max_steps=0)


@pytest.mark.parametrize("seed", range(12))
def test_grouped_criteria_agree_in_symmetric_2x2_coordination(seed):
    # The report groups risk dominance, the QRE limit, the largest basin and p* < 1/2 in
    # symmetric 2x2 games with two strict symmetric equilibria (docs/criteria.md): check that
    # they do agree, ties R - T == P - S included (every third seed), where all four are False.
    rng = np.random.default_rng(100 + seed)
    R, S, T, P = (int(v) for v in rng.integers(0, 9, size=4))
    if seed % 3 == 0:
        T, P = R - 3, S + 3  # R - T == P - S == 3
    R, P = max(R, T + 1), max(P, S + 1)  # coordination: R > T, P > S
    game = symmetric_2x2(R=R, S=S, T=T, P=P, actions=("X", "Y")).at()
    for profile in ("X,X", "Y,Y"):
        report = classify(game, profile, n_starts=20)
        names = [n for n, _ in report.coincide]
        assert ("risk_dominant", "qre_limit", "largest_basin", "minimum_trust < 1/2") in names
        values = {
            report.risk_dominant,
            report.qre_limit,
            report.largest_basin,
            all(p < 0.5 for p in report.minimum_trust),
        }
        assert len(values) == 1, (R, S, T, P, profile, report)
        if seed % 3 == 0:
            assert values == {False}
            assert report.basin_share == pytest.approx(0.5, abs=1e-9)
