"""The escalation ladder (gametheory.deterrence.escalation) and its findings.

Independent check: the ladder's payoffs are written out here from the model's stated formulas
(not read from the tree) and every pure strategy profile is tested for subgame perfection by
its own backward induction (one-shot deviations at every node); P(war) along the path is
computed here too.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.deterrence.analysis.escalation import analyse, render
from gametheory.deterrence.escalation import (
    ESCALATION_DEFAULTS,
    ROOT,
    escalation_ladder,
    rung_label,
    war_probability,
)
from gametheory.errors import GameError
from gametheory.extensive import subgame_perfect

ROOT_DIR = Path(__file__).resolve().parent.parent
SCRIPT = ROOT_DIR / "models" / "escalation.py"


# ----------------------------------------------------------------------------- independent
class Ladder:
    """The ladder by hand: profile = (challenge?, escalate at rung 1?, ..., rung n?)."""

    def __init__(self, n, **kw):
        p = {**ESCALATION_DEFAULTS, **kw}
        self.n = n
        self.p = p["lam"] * (p["c_A"] + p["c_B"])
        total = p["c_A"] + p["c_B"]
        self.war = (
            p["alpha"] * p["c_A"] - p["theta"] * p["c_B"] - p["w"] * total - p["r"],
            p["alpha"] * p["c_B"] - p["theta"] * p["c_A"] - p["w"] * total,
        )
        self.b_backs = (p["b"] - p["r"], -(p["b"] + p["v"]))
        self.a_backs = (-p["v"] - p["r"], 0.0)

    def step(self, k, prof):
        """(payoffs, P(war)) after the k-th step up."""
        if k > self.n:
            nxt = (self.war, 1.0)
        else:
            nxt = self.rung(k, prof)
        pay = tuple(self.p * w + (1 - self.p) * x for w, x in zip(self.war, nxt[0], strict=True))
        return pay, self.p + (1 - self.p) * nxt[1]

    def rung(self, k, prof, action=None):
        up = prof[k] if action is None else action
        if not up:
            return (self.b_backs if k % 2 else self.a_backs), 0.0
        return (self.war, 1.0) if k == self.n else self.step(k + 1, prof)

    def root(self, prof, action=None):
        challenge = prof[0] if action is None else action
        return self.step(1, prof) if challenge else ((0.0, 0.0), 0.0)

    def spe(self, tol):
        """Profiles where no mover gains more than tol (tol < 0: strictly, by -tol)."""
        out = []
        for prof in itertools.product((False, True), repeat=self.n + 1):
            ok = self.root(prof)[0][0] >= self.root(prof, not prof[0])[0][0] - tol
            for k in range(1, self.n + 1):
                i = 1 if k % 2 else 0
                ok &= self.rung(k, prof)[0][i] >= self.rung(k, prof, not prof[k])[0][i] - tol
            if ok:
                out.append(prof)
        return out

    def credible(self, prof):
        """B weakly prefers escalating at rung 1, play below following prof."""
        return self.rung(1, prof, True)[0][1] >= self.rung(1, prof, False)[0][1] - 1e-9


def _as_moves(n, prof):
    moves = {ROOT: "Challenge" if prof[0] else "Status quo"}
    for k in range(1, n + 1):
        moves[rung_label(k)] = "Escalate" if prof[k] else "Back down"
    return moves


def _key(moves):
    return tuple(sorted(moves.items()))


# ----------------------------------------------------------------------------- SPE
@pytest.mark.parametrize("n", [1, 2, 3, 4])
@pytest.mark.parametrize("c_b", [0.0, 0.5, 0.75, 1.5, 2.0, 3.0, 5.0])
def test_spe_equal_brute_force_on_small_ladders(n, c_b):
    game = escalation_ladder(n)
    got = {_key(e.moves) for e in subgame_perfect(game.at(c_B=c_b))}
    by_hand = Ladder(n, c_B=c_b)
    loose = {_key(_as_moves(n, p)) for p in by_hand.spe(1e-9)}
    strict = {_key(_as_moves(n, p)) for p in by_hand.spe(-1e-9)}
    assert strict <= got <= loose and got
    for prof in by_hand.spe(1e-9):
        moves = _as_moves(n, prof)
        expected = by_hand.root(prof)[1]
        assert float(war_probability(game.at(c_B=c_b), moves)) == pytest.approx(expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(1, 4),
    c_a=st.sampled_from([0.0, 1.0, 3.0]) | st.floats(0, 5),
    c_b=st.sampled_from([0.0, 0.75, 2.0]) | st.floats(0, 5),
    r=st.sampled_from([0.0, 0.3, 1.0]) | st.floats(0, 3),
    lam=st.sampled_from([0.0, 0.05, 0.1]),
    v=st.sampled_from([0.0, 0.5]),
    alpha=st.sampled_from([0.2, 0.6]),  # 0.2 = w: the sign change of alpha - w
)
def test_property_spe_equal_brute_force_at_ties_and_zeros(n, c_a, c_b, r, lam, v, alpha):
    values = {"c_A": c_a, "c_B": c_b, "r": r, "lam": lam, "v": v, "alpha": alpha}
    got = {_key(e.moves) for e in subgame_perfect(escalation_ladder(n).at(**values))}
    by_hand = Ladder(n, **values)
    loose = {_key(_as_moves(n, p)) for p in by_hand.spe(1e-7)}
    strict = {_key(_as_moves(n, p)) for p in by_hand.spe(-1e-7)}
    assert strict <= got <= loose and got


# ----------------------------------------------------------------------------- findings
@pytest.fixture(scope="module")
def report():
    return analyse({})


def _bisect(pred, lo, hi, tol=1e-9):
    """The point where pred turns from False (at lo) to True (at hi)."""
    assert not pred(lo) and pred(hi)
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if pred(mid) else (mid, hi)
    return hi


def test_regions_equal_brute_force(report):
    credible = report.finding("escalation.threat_credible").region
    deter = report.finding("escalation.deterrence").region
    rises = report.finding("escalation.war_rises").region
    for k in range(101):
        x = 5 * k / 100
        if any(reg.near_boundary(x, 1e-6) for reg in (credible, deter, rises)):
            continue
        lad = Ladder(3, c_B=x)
        spe = lad.spe(1e-9)
        assert credible.contains(x) == any(lad.credible(p) for p in spe), x
        assert deter.contains(x) == any(not p[0] for p in spe), x
        h = 1e-6
        up = [Ladder(3, c_B=x + h).root(p)[1] - lad.root(p)[1] for p in spe]
        assert rises.contains(x) == any(d > 1e-12 for d in up), x
    # the switch points, by bisection on the brute force alone
    turn = _bisect(
        lambda x: any(Ladder(3, c_B=x).credible(p) for p in Ladder(3, c_B=x).spe(0)), 0, 5
    )
    assert credible.intervals[0].lo == pytest.approx(turn, abs=1e-8)
    assert report.finding("escalation.capability_makes_credible").evidence["turns_credible_at"][
        0
    ] == pytest.approx(turn, abs=1e-8)
    deterred = _bisect(lambda x: any(not p[0] for p in Ladder(3, c_B=x).spe(1e-12)), 0, 5)
    assert deter.intervals[0].lo == pytest.approx(deterred, abs=1e-8)


def test_the_two_regions_the_issue_asks_for(report):
    """More capability makes the threat credible somewhere, and raises P(war) somewhere."""
    assert report.finding("escalation.capability_makes_credible").holds is True
    rises = report.finding("escalation.war_rises")
    assert not rises.region.empty
    x = rises.region.intervals[0].lo + 0.1
    spe = Ladder(3, c_B=x).spe(0)
    assert all(Ladder(3, c_B=x + 0.01).root(p)[1] > Ladder(3, c_B=x).root(p)[1] for p in spe)
    assert rises.region.exact and rises.region.tol == 0


def test_reassurance_region_equals_brute_force(report):
    region = report.finding("escalation.reassurance").region
    c_b = report.parameters["c_B"]
    turn = _bisect(lambda r: any(not p[0] for p in Ladder(3, c_B=c_b, r=r).spe(1e-12)), 0, 5)
    assert region.intervals[0].lo == pytest.approx(turn, abs=1e-8)


def test_statements_and_json(report):
    text = render(report)
    for f in report.findings:
        assert f.statement in text
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--json", "--param", "c_B=0.5"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    ids = {f["id"]: f for f in data["findings"]}
    assert ids["escalation.war_rises"]["holds"] is True  # at c_B = 0.5
    documented = (ROOT_DIR / "docs" / "json.md").read_text()
    section = documented[documented.index("## `python models/escalation.py --json`") :]
    keys = [*data, *data["parameters"], *data["spe"][0], *data["by_c_B"][0]]
    for key in keys:
        assert f"`{key}`" in section or f'"{key}"' in section, key
    for f in data["findings"]:
        assert f"`{f['id']}`" in section, f["id"]
        for key in f["evidence"]:
            assert f"`{key}`" in section, key
    assert ids["escalation.threat_credible"]["holds"] is False
    assert data["spe"][0]["p_war"] == pytest.approx(
        Ladder(3, c_B=0.5).root(Ladder(3, c_B=0.5).spe(0)[0])[1]
    )
    assert len(SCRIPT.read_text().splitlines()) <= 50


@pytest.mark.parametrize(
    "values,message",
    [
        ({"zeta": 1}, "unknown parameters"),
        ({"lam": 0.5}, "not a probability"),
        ({"c_B": -1}, r"must be (finite and )?>= 0"),
        ({"rungs": 1.5}, "rungs must be an integer"),
        ({"lam": 0.15}, "lower c_max or lam"),
    ],
)
def test_bad_input(values, message):
    with pytest.raises(GameError, match=message) as err:
        analyse(values)
    assert str(err.value).startswith("escalation")


def test_ladder_rejects_bad_rungs():
    with pytest.raises(GameError, match=r"^escalation_ladder\(\): rungs"):
        escalation_ladder(0)


def test_readme_escalation_numbers_are_computed(report):
    """README's escalation paragraph, number by number, against the analysis."""
    readme = " ".join((ROOT_DIR / "README.md").read_text().split())
    for text in (
        "more capability raises P(war) for `c_B` in [0, 0.75]",
        "becomes credible from `c_B = 0.75`, where P(war) jumps to 1",
        "A is deterred from `c_B = 2`",
        "At `c_B = 1.5` reassurance deters the challenge from `r = 0.3`",
    ):
        assert text in readme
    assert report.parameters["c_A"] == 3 and report.parameters["c_B"] == 1.5
    assert report.finding("escalation.war_rises").region.text() == "c_B in [0, 0.75]"
    jump = report.finding("escalation.war_rises").evidence["jumps_up"]
    assert [(j["c_B"], j["to"]) for j in jump] == [(0.75, 1.0)]
    assert report.finding("escalation.capability_makes_credible").evidence["turns_credible_at"] == [
        0.75
    ]
    assert report.finding("escalation.deterrence").region.text() == "c_B in [2, 5]"
    assert report.finding("escalation.reassurance").region.text() == "r in [0.3, 5]"


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    c_a=st.sampled_from([0.0, 2.0, 3.0, 4.0]),
    c_b=st.sampled_from([0.0, 0.5, 1.0, 2.5]),
    v=st.sampled_from([0.0, 0.5]),
    alpha=st.sampled_from([0.2, 0.6]),  # 0.2 = w: war's value flat in own capability
    lam=st.sampled_from([0.0, 0.05]),
)
def test_property_findings_match_brute_force(c_a, c_b, v, alpha, lam):
    """Each finding's verdict at the point equals the brute-force ladder's."""
    values = {"c_A": c_a, "c_B": c_b, "v": v, "alpha": alpha, "lam": lam, "c_max": 5.0}
    rep = analyse(values)
    kw = {k: x for k, x in values.items() if k != "c_max"}
    lad = Ladder(3, **kw)
    spe = lad.spe(1e-9)
    credible = rep.finding("escalation.threat_credible")
    deter = rep.finding("escalation.deterrence")
    if not credible.region.near_boundary(c_b, 1e-6):
        assert credible.region.contains(c_b) == any(lad.credible(p) for p in spe)
    if not deter.region.near_boundary(c_b, 1e-6):
        assert deter.holds == any(not p[0] for p in spe)
        assert deter.region.contains(c_b) == deter.holds
    war = max(lad.root(p)[1] for p in spe)
    assert max(e["p_war"] for e in rep.data["spe"]) == pytest.approx(war, abs=1e-9)


def test_exact_set_by_roots_equals_solveset():
    """The root-based solver of polynomial margins gives solveset's sets."""
    import random

    import sympy as sp

    from gametheory.deterrence.analysis._exact import exact_set

    rng = random.Random(7)
    x = sp.Symbol("x", real=True)
    for _ in range(10):
        roots = [sp.Rational(rng.randint(-20, 60), 10) for _ in range(rng.randint(1, 3))]
        expr = sp.Rational(rng.choice([-1, 1]) * rng.randint(1, 5), 2) * sp.prod(
            [x - q for q in roots]
        )
        if rng.random() < 0.3:
            expr = expr * (x - roots[0])  # a double root: a touch, not a crossing
        margins = [[sp.expand(expr)]]
        assert exact_set(margins, "x", {}, 0.0, 5.0, by_roots=True) == exact_set(
            margins, "x", {}, 0.0, 5.0
        )


def test_war_by_reassurance_equals_brute_force(report):
    for row in report.data["by_r"]:
        lad = Ladder(3, c_B=report.parameters["c_B"], r=row["r"])
        spe = lad.spe(1e-9)
        assert row["p_war"] == pytest.approx(max(lad.root(p)[1] for p in spe))
        assert row["deterred"] == any(not p[0] for p in spe)
