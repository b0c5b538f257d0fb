"""The claims ledger (gametheory.deterrence.claims, docs/claims.md).

The shares are checked against evaluations that do not go through the ledger's code path:

- "capability alone does not deter": at points drawn with another generator from the stated
  box, the two-bloc game is built from the payoff formulas of docs/two_bloc.md (written out
  here as numbers, not through the symbolic model), solved with ``solve`` (all equilibria), and
  the proposition read off the equilibria: is (R, R) one of them at r = 0?
- every closed-form claim: its ``region`` string is parsed back with sympy over the prior's
  names and evaluated point by point in plain Python floats (not the ledger's numpy arrays) at
  fresh points of the box; the share agrees with the ledger's within the Monte Carlo error.
"""

from __future__ import annotations

import json
import math
import subprocess
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from helpers import run_cli

from gametheory import Game, solve
from gametheory.deterrence import claims as ledger_module
from gametheory.deterrence.claims import (
    VERDICTS,
    Claim,
    ClaimSpec,
    claims,
    evaluate,
    parse_region,
    register,
    registry,
    verdict,
)
from gametheory.errors import GameError

FIELDS = {
    "id",
    "statement",
    "models",
    "proposition",
    "verdict",
    "region",
    "share",
    "share_se",
    "prior",
    "sensitivity",
    "assumed",
}
CLOSED = [cid for cid, spec in registry().items() if spec.condition is not None]


def _agree(a: float, se_a: float, b: float, se_b: float, z: float = 4.5) -> bool:
    """Two Monte Carlo shares agree within z combined standard errors (plus a floor for
    shares of exactly 0 or 1, whose estimated error is 0)."""
    return abs(a - b) <= z * math.sqrt(se_a**2 + se_b**2) + 1e-12


@pytest.fixture(scope="module")
def closed_ledger() -> dict[str, Claim]:
    return {c.id: c for c in claims(ids=CLOSED, samples=4000, sobol_base=128, seed=3)}


def test_registry_records_are_complete():
    table = registry()
    assert len(table) >= 7
    for cid, spec in table.items():
        assert spec.id == cid and spec.statement and spec.proposition and spec.models
        assert spec.assumed, f"{cid} states no assumed premise"
        if spec.condition is not None:
            names = {s.name for s in spec.condition().free_symbols}
            assert names == set(spec.prior), cid  # the box is over what the condition involves
    # the arming and escalation models: named in awaiting, or testing a record of their own
    awaiting = {a for spec in table.values() for a in spec.awaiting}
    tested = {f"deterrence.{m}" for spec in table.values() for m in spec.models}
    assert {"deterrence.arming", "deterrence.escalation"} <= awaiting | tested


def test_capability_alone_share_equals_independent_monte_carlo(closed_ledger):
    """The ledger's share against equilibria solved at random points of its box."""
    claim = closed_ledger["capability_alone_does_not_deter"]
    assert claim.fixed == {"r": 0.0}
    box = claim.prior
    rng = np.random.default_rng(20261204)  # not the ledger's generator nor its seed
    n = 150
    holds = 0
    for _ in range(n):
        p = {k: rng.uniform(lo, hi) for k, (lo, hi) in box.items()}
        c, b, alpha, theta = p["c"], p["b"], p["alpha"], p["theta"]
        beta, w, k, r = 1.0, 0.2, 0.1, 0.0  # defaults; they cannot move the Nash condition
        # docs/two_bloc.md, bloc i against j, own action first (R = 0, E = 1)
        own = [
            [-k * c, -beta * c - k * c],
            [b + alpha * c - theta * c - r - k * c, -w * 2 * c - k * c],
        ]
        game = Game([own, np.array(own).T.tolist()])
        profiles = {eq.pure_profile() for eq in solve(game).equilibria}
        holds += (0, 0) not in profiles
    share = holds / n
    se = math.sqrt(share * (1 - share) / n)
    assert _agree(claim.share, claim.share_se, share, se), (claim.share, share)
    assert 0.6 < share < 0.95  # the claim depends on the box: it is not a foregone verdict


@pytest.mark.parametrize("cid", CLOSED)
def test_region_parses_and_its_share_agrees(closed_ledger, cid):
    claim = closed_ledger[cid]
    names = list(claim.prior)
    region = parse_region(claim.region, names)
    assert {s.name for s in region.free_symbols} <= set(names)
    # sympy's own parser, with the names as symbols, reads the same condition
    local = {n: sp.Symbol(n) for n in names}
    assert sp.parse_expr(claim.region, local_dict=local) == region
    rng = np.random.default_rng(7)
    n = 1000
    symbols = [local[n_] for n_ in names]
    # one point at a time in plain Python floats (not the ledger's numpy arrays)
    decide = sp.lambdify(symbols, region, "math")
    hits = 0
    for _ in range(n):
        value = decide(*(rng.uniform(*claim.prior[n_]) for n_ in names))
        assert isinstance(value, bool | np.bool_), (cid, value)
        hits += bool(value)
    share = hits / n
    se = math.sqrt(share * (1 - share) / n)
    assert _agree(claim.share, claim.share_se, share, se), (cid, claim.share, share)


def test_verdicts_follow_shares(closed_ledger):
    seen = set()
    for claim in closed_ledger.values():
        assert claim.verdict in VERDICTS
        seen.add(claim.verdict)
        if claim.share == 0:
            assert claim.verdict == "fails everywhere"
            assert claim.deciding == ()  # nothing to apportion
        elif claim.share == 1:
            assert claim.verdict == "holds everywhere"
        else:
            assert claim.verdict == "depends"
            assert claim.deciding  # some parameter decides a claim that depends
    assert seen == set(VERDICTS)  # the built-in ledger has all three
    assert verdict(0.0) == "fails everywhere" and verdict(1.0) == "holds everywhere"


def test_known_regions(closed_ledger):
    """Closed forms that docs/two_bloc.md and docs/three_bloc.md derive by hand."""
    names = ["alpha", "b", "c", "theta"]
    a, b, c, t = (sp.Symbol(n) for n in names)
    got = parse_region(closed_ledger["capability_alone_does_not_deter"].region, names)
    assert sp.simplify(got.lhs - got.rhs - (b + (a - t) * c)) == 0 and got.rel_op == ">"
    rises = parse_region(closed_ledger["capability_heightens_tension"].region, ["alpha", "theta"])
    assert rises == (a - t > 0)
    # the accident rise (beta - 2w) c eps / (1 - eps) > 0: beta > 2w decides, not c or eps0
    acc = closed_ledger["incident_escalates.accidents"]
    assert acc.deciding[0] == "beta" and acc.sensitivity["c"]["ST"] < 0.01
    # any side payment unravels neutrality at peace and the delivered mediation
    assert closed_ledger["south_wants_neutrality"].verdict == "fails everywhere"
    assert closed_ledger["mediation_helps.delivered"].verdict == "fails everywhere"
    assert closed_ledger["south_bears_cost"].verdict == "holds everywhere"


def test_exact_shares_equal_hand_integrals(closed_ledger):
    """Where the ledger integrates a condition exactly, the share equals the integral done by
    hand over the stated box, and the ledger's own Monte Carlo estimate agrees with it."""
    by_hand = {
        # alpha, theta uniform on [0, 1]: P(alpha > theta)
        "capability_heightens_tension": Fraction(1, 2),
        # alpha on [0, 1], w on [0, 1/2]: P(alpha <= w) = E[w] = 1/4
        "capability_alone_does_not_deter.credibility": Fraction(1, 4),
        # h on [0, 6/5], s_A, s_B on [0, 3/5]: h >= 3/5 half the time (then always); below,
        # P(max(s_A, s_B) <= h) = (h / (3/5))^2, whose mean over h in [0, 3/5] is 1/3
        "south_wants_neutrality.in_war": Fraction(1, 2) + Fraction(1, 2) * Fraction(1, 3),
        # s_A <= 0 holds only on a face of the box
        "south_wants_neutrality": Fraction(0),
        "mediation_helps.delivered": Fraction(0),
        # -2e < 0 fails only on the face e = 0
        "south_bears_cost": Fraction(1),
    }
    # b + (alpha - theta) c > 0 with b ~ U[0, 2], c ~ U[0, 5], u = theta - alpha triangular
    # on [-1, 1]: 1/2 for u <= 0; for 0 < u <= 2/5 the mean over c of 1 - u c / 2 is
    # 1 - 5u/4, for u > 2/5 it is 1/(5u); with density 1 - u, the share is
    # 1/2 + int_0^(2/5) (1 - 5u/4)(1 - u) du + int_(2/5)^1 (1 - u)/(5u) du
    #   = 1/2 + 37/150 + (ln(5/2) - 3/5)/5 = 47/75 + ln(5/2)/5
    alone = closed_ledger["capability_alone_does_not_deter"]
    assert alone.exact
    assert (
        sp.simplify(
            sp.sympify(alone.share_exact) - (sp.Rational(47, 75) + sp.log(sp.Rational(5, 2)) / 5)
        )
        == 0
    )
    assert alone.share == pytest.approx(0.5 + 37 / 150 + (math.log(2.5) - 0.6) / 5, abs=1e-12)
    for cid, value in by_hand.items():
        claim = closed_ledger[cid]
        assert claim.exact and claim.share_se == 0, cid
        assert Fraction(claim.share_exact) == value, (cid, claim.share_exact)
        assert claim.share == pytest.approx(float(value), abs=1e-15)
        mc = claim.monte_carlo
        assert _agree(mc["share"], mc["se"], float(value), 0.0), (cid, mc)
    inexact = closed_ledger["deterrence_needs_reassurance"]
    assert not inexact.exact and inexact.share_exact is None
    assert inexact.share == inexact.monte_carlo["share"] and inexact.share_se > 0


def test_sobol_indices_of_a_one_parameter_condition():
    """An indicator that depends on one parameter only: all its variance is that parameter's."""
    spec = ClaimSpec(
        id="test.one_parameter",
        statement="test",
        models=("two_bloc",),
        proposition="alpha > 1/2",
        prior={"alpha": (0.0, 1.0), "theta": (0.0, 1.0)},
        assumed=("test",),
        condition=lambda: sp.Symbol("alpha") > sp.Rational(1, 2),
    )
    claim = evaluate(spec, samples=2000, sobol_base=512, seed=1)
    assert _agree(claim.share, claim.share_se, 0.5, 0.0)
    assert claim.sensitivity["alpha"]["ST"] > 0.9 and claim.sensitivity["theta"]["ST"] < 0.05
    assert claim.deciding == ("alpha",)


def test_register_adds_a_record_and_refuses_bad_ones():
    extra = ClaimSpec(
        id="test.registered",
        statement="a claim an arming model would test",
        models=("two_bloc",),
        proposition="theta > alpha",
        prior={"alpha": (0.0, 1.0), "theta": (0.0, 1.0)},
        assumed=("test",),
        condition=lambda: sp.Symbol("theta") > sp.Symbol("alpha"),
    )
    try:
        register(extra)
        assert "test.registered" in registry()
        (claim,) = claims(ids=["test.registered"], samples=500, sobol_base=16)
        assert claim.region == "theta > alpha"
        with pytest.raises(GameError, match="registered already"):
            register(extra)
    finally:
        ledger_module.REGISTRY.pop("test.registered", None)
    with pytest.raises(GameError, match="exactly one of condition and predicate"):
        ClaimSpec(id="x", statement="x", models=(), proposition="x", prior={"a": (0.0, 1.0)})
    with pytest.raises(GameError, match="not a range"):
        ClaimSpec(
            id="x",
            statement="x",
            models=(),
            proposition="x",
            prior={"a": (1.0, 1.0)},
            predicate=lambda p: True,
        )
    with pytest.raises(GameError, match="unknown claim ids"):
        claims(ids=["no_such_claim"])
    with pytest.raises(GameError, match="power of 2"):
        claims(ids=CLOSED[:1], sobol_base=100)
    with pytest.raises(GameError, match=r"^claims\(\): samples .* \[2, 100000\], got 1000000000"):
        claims(numeric_samples=10**9)
    with pytest.raises(GameError, match=r"^claims\(\): seed must be"):
        claims(seed=-1)
    with pytest.raises(GameError, match=r"^evaluate\(\): samples"):
        evaluate(registry()[CLOSED[0]], samples=1)
    with pytest.raises(GameError, match="parse_region"):
        parse_region("alpha >", ["alpha"])


def test_numeric_claim_share_is_its_predicate_over_the_box():
    """A numerically decided claim: its share is the mean of its predicate at the ledger's
    points, recomputed here from the model (bloc formation's pure equilibria)."""
    from gametheory.deterrence.analysis.bloc_formation import _sizes
    from gametheory.deterrence.bloc_formation import EAST, bloc_formation

    spec = registry()["integration_makes_other_band"]
    claim = evaluate(spec, samples=12, sobol_base=2, seed=5, sections=False)
    assert claim.region is None and claim.n == 12
    model = bloc_formation()
    names = list(spec.prior)
    rng = np.random.default_rng(5)  # the ledger's stated seed reproduces its points
    lo = np.array([spec.prior[n][0] for n in names])
    hi = np.array([spec.prior[n][1] for n in names])
    points = lo + (hi - lo) * rng.random((12, len(names)))
    hits = 0
    for row in points:
        p = dict(zip(names, row, strict=True))
        before = _sizes(model, model.pure_equilibria(**{**p, "q_W": 0.0}), EAST)
        after = _sizes(model, model.pure_equilibria(**p), EAST)
        hits += before is not None and after is not None and after[1] > before[1] + 1e-9
    assert claim.share == hits / 12


def _cli(*args: str, in_subprocess: bool = False) -> subprocess.CompletedProcess:
    return run_cli("claims", *args, in_subprocess=in_subprocess)


def test_cli_json_has_the_claims_list(tmp_path):
    picture = tmp_path / "claims.png"
    done = _cli(
        "--json",
        "--only",
        "capability_heightens_tension",
        "south_bears_cost",
        "integration_makes_other_band",
        "--samples",
        "1000",
        "--sobol",
        "64",
        "--numeric-samples",
        "8",
        "--numeric-sobol",
        "2",
        "--no-sections",
        "--plot",
        str(picture),
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [c["id"] for c in data["claims"]] == [
        "capability_heightens_tension",
        "south_bears_cost",
        "integration_makes_other_band",
    ]
    for c in data["claims"]:
        assert FIELDS <= set(c), FIELDS - set(c)
        assert c["verdict"] in VERDICTS and 0 <= c["share"] <= 1 and c["share_se"] >= 0
        assert all(len(r) == 2 and r[0] < r[1] for r in c["prior"].values())
        assert set(c["sensitivity"]) == set(c["prior"])
    assert data["claims"][2]["region"] is None  # decided numerically: no closed form
    assert picture.stat().st_size > 10_000 and data["plot"] == str(picture)
    bad = _cli("--only", "nope", in_subprocess=True)  # the real command-line path
    assert bad.returncode == 2 and bad.stderr.startswith("gametheory: claims(): unknown claim")


@pytest.mark.slow
def test_cli_whole_ledger():
    """Every claim at the default sample sizes (about two minutes on one core)."""
    done = _cli("--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(c["id"] for c in data["claims"]) == set(registry())
    for c in data["claims"]:
        assert c["verdict"] == verdict(c["share"])
        if c["region"] is None:
            assert c["boundaries"], c["id"]  # located instead


def test_numeric_claim_boundaries_switch_where_located():
    """Each located end of a numeric claim's sections: the proposition holds at the end and
    fails just beyond it (2 tol outward), on the section through the box's centre."""
    spec = registry()["integration_makes_other_band"]
    claim = evaluate(spec, samples=4, sobol_base=2, seed=0)
    assert [b.variable for b in claim.boundaries] == list(spec.prior)
    centre = {n: 0.5 * (lo + hi) for n, (lo, hi) in spec.prior.items()}
    checked = 0
    for region in claim.boundaries:
        lo, hi = region.domain
        assert not region.exact and region.tol > 0
        for iv in region.intervals:
            for end, outward in ((iv.lo, -1.0), (iv.hi, 1.0)):
                if lo < end < hi:
                    var = region.variable
                    assert spec.predicate({**centre, var: end}), (var, end)
                    assert not spec.predicate({**centre, var: end + outward * 2 * region.tol})
                    checked += 1
    assert checked >= 3  # the proposition switches inside the box, on several sections
