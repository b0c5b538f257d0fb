"""The ledger's direct tests with capability and escalation as choices
(gametheory.deterrence.claims_choice, docs/claims.md).

Every record is checked against a brute-force decision of its proposition that shares no code
with the models:

- the arming game: the two-bloc payoffs written out from docs/two_bloc.md with the accidents
  of docs/arming.md (an intended R carried out as E with probability ``eps0 c_i``), each
  stage-2 2x2 game solved by hand (pure equilibria by inspection, the mixed one by
  indifference, the risk-dominant one by the product of deviation losses; the unarmed cell
  (0, 0), degenerate, by its closed form), and the reduced capability game's pure equilibria
  by enumeration of its 36 cells;
- the ladder: backward induction written out from docs/escalation.md, every tie kept.

The shares agree with an independent Monte Carlo (another generator, fresh points) within a
few standard errors, and the brute force agrees with the predicate at every one of the
ledger's own points.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from helpers import run_cli

from gametheory.deterrence.claims import claims, registry, verdict
from gametheory.deterrence.claims_choice import ARMING_LEVELS, DIRECT_TESTS

ARMING_IDS = [
    "capability_alone_does_not_deter.arming",
    "capability_heightens_tension.arming",
    "capability_heightens_tension.arms_race",
]
LADDER_IDS = [
    "capability_alone_does_not_deter.escalation",
    "incident_escalates.escalation",
    "incident_escalates.ladder_war",
]
N_LEDGER = 80
N_CHECK = 400
TOL = 1e-9


# ----------------------------------------------------------------------------- arming
def _bloc(c_i, c_j, r, b, alpha, theta, beta, w, k):
    """docs/two_bloc.md: bloc i's payoff [own][other], R = 0, E = 1."""
    return [
        [-k * c_i, -beta * c_j - k * c_i],
        [b + alpha * c_i - theta * c_j - r - k * c_i, -w * (c_i + c_j) - k * c_i],
    ]


def _expected(table, s_own, s_other):
    """Expected payoff [own intended][other intended]: an intended R slips to E."""

    def realised(x, s):
        return [(1, 1.0)] if x == 1 else [(0, 1 - s), (1, s)]

    return [
        [
            sum(
                p * q * table[rx][ry]
                for rx, p in realised(x, s_own)
                for ry, q in realised(y, s_other)
            )
            for y in range(2)
        ]
        for x in range(2)
    ]


def _stage(p, c_a, c_b):
    """The selected stage-2 equilibrium at (c_a, c_b): (u_A, u_B, label, P(war))."""
    s_a, s_b = p["eps0"] * c_a, p["eps0"] * c_b
    args = (p["r"], p["b"], p["alpha"], p["theta"], p["beta"], p["w"], p["k"])
    if c_a == 0 and c_b == 0:
        # every payoff 0 but u_i(E, R) = b - r: (E, E) when b > r, else (R, R); payoffs 0
        return (0.0, 0.0, "EE", 1.0) if p["b"] > p["r"] else (0.0, 0.0, "RR", 0.0)
    a = _expected(_bloc(c_a, c_b, *args), s_a, s_b)  # a[x][y]: A plays x, B plays y
    own_b = _expected(_bloc(c_b, c_a, *args), s_b, s_a)
    bb = [[own_b[y][x] for y in range(2)] for x in range(2)]  # bb[x][y]: B's payoff
    pure = [
        (x, y)
        for x in range(2)
        for y in range(2)
        if a[x][y] >= a[1 - x][y] - TOL and bb[x][y] >= bb[x][1 - y] - TOL
    ]

    def mixed():
        q = (a[1][1] - a[0][1]) / (a[0][0] - a[0][1] - a[1][0] + a[1][1])  # B's P(R)
        pr = (bb[1][1] - bb[1][0]) / (bb[0][0] - bb[1][0] - bb[0][1] + bb[1][1])  # A's P(R)
        return (
            q * a[0][0] + (1 - q) * a[0][1],
            pr * bb[0][0] + (1 - pr) * bb[1][0],
            "mixed",
            ((1 - pr) + pr * s_a) * ((1 - q) + q * s_b),
        )

    found = [
        (a[x][y], bb[x][y], "RE"[x] + "RE"[y], (1.0 if x else s_a) * (1.0 if y else s_b))
        for x, y in pure
    ]
    if len(pure) == 1:
        return found[0]
    if not pure:
        return mixed()
    # two strict pure equilibria: the larger product of deviation losses (risk dominance);
    # where the products tie (a symmetric chicken game) the equilibrium with the largest P(war)
    product = [(a[x][y] - a[1 - x][y]) * (bb[x][y] - bb[x][1 - y]) for x, y in pure]
    if abs(product[0] - product[1]) > TOL * max(1.0, *product):
        return found[0] if product[0] > product[1] else found[1]
    return max([*found, mixed()], key=lambda e: e[3])


def _arming_brute(p):
    """Pure equilibria of the reduced capability game: [(i, j, label, P(war), PD)]."""
    lv = ARMING_LEVELS
    n = len(lv)
    cells = [[_stage(p, lv[i], lv[j]) for j in range(n)] for i in range(n)]
    u = np.array([[cells[i][j][0] for j in range(n)] for i in range(n)])
    v = np.array([[cells[i][j][1] for j in range(n)] for i in range(n)])
    found = []
    for i in range(n):
        for j in range(n):
            if u[i, j] >= u[:, j].max() - TOL and v[i, j] >= v[i, :].max() - TOL:
                dilemma = any(
                    u[x, y] > u[i, j] + TOL and v[x, y] > v[i, j] + TOL
                    for x in range(i + 1)
                    for y in range(j + 1)
                    if (x, y) != (i, j)
                )
                found.append((lv[i], lv[j], cells[i][j][2], cells[i][j][3], dilemma))
    return found


def _restrained(e) -> bool:
    return e[2] == "RR" and e[3] <= 0.05


def _arming_decide(cid, p):
    if cid == "capability_alone_does_not_deter.arming":
        return not any(_restrained(e) for e in _arming_brute({**p, "r": 0.0}))
    found = _arming_brute(p)
    if cid == "capability_heightens_tension.arming":
        built = [e for e in found if max(e[0], e[1]) > 0]
        return bool(built) and not any(_restrained(e) for e in built)
    return any(min(e[0], e[1]) > 0 and e[4] for e in found)


# ----------------------------------------------------------------------------- ladder
def _ladder_outcomes(p, rungs=3):
    """Every subgame-perfect outcome (u_A, u_B, P(war), P(deliberate war), A challenges) by
    backward induction (docs/escalation.md), ties kept."""
    c_a, c_b, r = p["c_A"], p["c_B"], p["r"]
    risk = p["lam"] * (c_a + c_b)
    war = (
        p["alpha"] * c_a - p["theta"] * c_b - p["w"] * (c_a + c_b) - r,
        p["alpha"] * c_b - p["theta"] * c_a - p["w"] * (c_a + c_b),
    )

    def choose(mover, back, ups):
        out = []
        for up in ups:
            if up[mover] >= back[mover] - TOL:
                out.append(up)
            if back[mover] >= up[mover] - TOL:
                out.append(back)
        return out

    def step(nexts):
        return [
            (
                risk * war[0] + (1 - risk) * o[0],
                risk * war[1] + (1 - risk) * o[1],
                risk + (1 - risk) * o[2],
                (1 - risk) * o[3],
                True,
            )
            for o in nexts
        ]

    ups = [(war[0], war[1], 1.0, 1.0, True)]  # escalating at the top rung: deliberate war
    for k in range(rungs, 0, -1):
        mover = 1 if k % 2 else 0
        back = (p["b"] - r, -(p["b"] + p["v"]), 0.0, 0.0) if mover else (-p["v"] - r, 0.0, 0, 0)
        ups = step(choose(mover, back, ups))
    return choose(0, (0.0, 0.0, 0.0, 0.0, False), ups)


def _ladder_decide(cid, p):
    if cid == "capability_alone_does_not_deter.escalation":
        return all(o[4] for o in _ladder_outcomes({**p, "r": 0.0}))
    outcomes = _ladder_outcomes(p)
    if cid == "incident_escalates.ladder_war":
        return max(o[3] for o in outcomes) > TOL
    halved = _ladder_outcomes({**p, "c_A": p["c_A"] / 2, "c_B": p["c_B"] / 2})
    return max(o[2] for o in outcomes) > max(o[2] for o in halved) + TOL


# ----------------------------------------------------------------------------- checks
def _points(prior, n, rng):
    names = list(prior)
    lo = np.array([prior[k][0] for k in names])
    hi = np.array([prior[k][1] for k in names])
    return [
        dict(zip(names, map(float, row), strict=True))
        for row in lo + (hi - lo) * rng.random((n, len(names)))
    ]


@pytest.fixture(scope="module")
def ledger():
    return {
        c.id: c
        for c in claims(
            ids=ARMING_IDS + LADDER_IDS,
            numeric_samples=N_LEDGER,
            numeric_sobol_base=2,
            seed=11,
            sections=False,
        )
    }


def _decide(cid, p):
    return _arming_decide(cid, p) if cid in ARMING_IDS else _ladder_decide(cid, p)


@pytest.mark.parametrize("cid", ARMING_IDS + LADDER_IDS)
def test_brute_force_agrees_at_the_ledgers_points(ledger, cid):
    """The ledger's points (its stated seed reproduces them): the brute force decides the
    proposition as the predicate does at every one, so the share is the brute force's."""
    spec = registry()[cid]
    points = _points(spec.prior, N_LEDGER, np.random.default_rng(11))
    brute = [_decide(cid, p) for p in points]
    assert [bool(spec.predicate(p)) for p in points] == brute
    assert ledger[cid].share == sum(brute) / N_LEDGER


@pytest.mark.parametrize("cid", ARMING_IDS + LADDER_IDS)
def test_share_agrees_with_an_independent_monte_carlo(ledger, cid):
    """Fresh points from another generator (Philox), decided by brute force: the shares agree
    within 4.5 combined standard errors."""
    spec = registry()[cid]
    points = _points(spec.prior, N_CHECK, np.random.Generator(np.random.Philox(2026)))
    share = sum(_decide(cid, p) for p in points) / N_CHECK
    se = math.sqrt(share * (1 - share) / N_CHECK)
    claim = ledger[cid]
    assert abs(claim.share - share) <= 4.5 * math.hypot(claim.share_se, se) + 1e-12, (
        claim.share,
        share,
    )
    assert claim.verdict == verdict(claim.share)
    assert 0 < share < 1  # the proposition is decided both ways in the box: it depends


def test_brute_force_knows_the_arms_race():
    """docs/arming.md: strong retaliation (theta = 1.6) at r = 0 has a build-up ending in
    restraint that is a prisoner's dilemma; the brute force finds one too."""
    p = {"r": 0.0, "b": 1.0, "alpha": 0.6, "theta": 1.6, "beta": 1.0, "w": 0.2, "k": 0.1}
    found = _arming_brute({**p, "eps0": 0.02})
    assert any(min(e[0], e[1]) > 0 and _restrained(e) and e[4] for e in found)
    assert not _arming_decide("capability_alone_does_not_deter.arming", {**p, "eps0": 0.02})


def test_brute_force_knows_the_ladder():
    """docs/escalation.md at the defaults: B concedes at c_B = 0.5 (P(war) = lam (c_A + c_B)),
    the crisis climbs to war at c_B = 1, A is deterred at c_B = 3."""
    p = {"c_A": 3.0, "r": 0.0, "b": 1.0, "v": 0.5, "alpha": 0.6, "theta": 0.4, "w": 0.2}
    p["lam"] = 0.05
    for c_b, war, deliberate in ((0.5, 0.175, 0.0), (1.0, 1.0, 0.8 * 0.8 * 0.8), (3.0, 0.0, 0.0)):
        (only,) = _ladder_outcomes({**p, "c_B": c_b})
        assert only[2:4] == pytest.approx((war, deliberate)), c_b
        assert only[4] == (c_b < 2)  # A is deterred from c_B = 2 on


def test_direct_tests_are_no_longer_awaited():
    table = registry()
    for cid, model in DIRECT_TESTS.items():
        assert model not in table[cid].awaiting, cid
    for cid in ARMING_IDS + LADDER_IDS:
        spec = table[cid]
        assert spec.predicate is not None and spec.assumed and set(spec.prior)


def test_cli_only_the_new_records():
    done = run_cli(
        "claims",
        "--json",
        "--only",
        "capability_heightens_tension.arms_race",
        "incident_escalates.escalation",
        "--numeric-samples",
        "8",
        "--numeric-sobol",
        "2",
        "--no-sections",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [c["id"] for c in data["claims"]] == [
        "capability_heightens_tension.arms_race",
        "incident_escalates.escalation",
    ]
    for c in data["claims"]:
        assert c["region"] is None and c["models"] and c["verdict"] == verdict(c["share"])
        assert set(c["sensitivity"]) == set(c["prior"]) and c["n"] == 8


def test_symmetric_chicken_tie_is_kept_by_the_arming_selection():
    """Equal capabilities make the stage-2 game symmetric: where it is a chicken game the two
    pure equilibria tie on risk dominance exactly, and the stated fallback (the largest P(war))
    decides, whatever the rounding of the two Nash products (the regression: products compared
    within atol**2 broke the tie by rounding, picking (E, R) at c = 5)."""
    from gametheory.deterrence.arming import arming

    p = {"r": 2.8052, "b": 0.7651, "alpha": 0.9615, "theta": 0.1725, "beta": 0.091}
    p |= {"w": 0.4542, "k": 0.0532, "eps0": 0.01515}
    result = arming(p, levels=ARMING_LEVELS)
    chicken = [i for i in range(len(ARMING_LEVELS)) if len(result.stage[i][i]) == 3]
    assert chicken == [3, 4, 5]
    for i in chicken:
        c = ARMING_LEVELS[i]
        cell = result.stage[i][i]
        assert sorted(e.label for e in cell) == ["(E, R)", "(R, E)", "mixed"], c
        chosen = cell[result.selections[0][i][i]]
        assert chosen.p_war == max(e.p_war for e in cell), c  # fallback 2, not a rounding
        assert _stage(p, c, c)[2] == chosen.label.strip("()").replace(", ", ""), c
    # at c = 4 and 5 the mixed equilibrium is the most war-prone: a symmetric continuation
    assert [result.stage[i][i][result.selections[0][i][i]].label for i in chicken] == [
        "(R, E)",
        "mixed",
        "mixed",
    ]
