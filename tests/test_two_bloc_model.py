"""The two-bloc analysis (the main job): every finding checked against independent arithmetic.

The reference here is the hand derivation of docs/two_bloc.md, computed in exact rationals
without the library: bloc i's gain from escalating against restraint is
``g = b + (alpha - theta) c - r``; (R,R) is an equilibrium iff ``g <= 0``, strict iff ``g < 0``;
(E,E) is strict iff ``(beta - 2w) c > 0``; where it is, (R,R) risk-dominates iff
``-g > (beta - 2w) c`` (symmetric 2x2: the sign of (R - T) - (P - S)); "stable" is strict and,
where (E,E) is strict, risk-dominant. Equilibria are cross-checked against nashpy's support
enumeration where the game is nondegenerate.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import nashpy
import numpy as np
import pytest
from helpers import run_script
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.deterrence.analysis.two_bloc import analyse, render
from gametheory.deterrence.two_bloc import TWO_BLOC_DEFAULTS, two_bloc

SCRIPT = Path(__file__).resolve().parent.parent / "models" / "two_bloc.py"
DEFAULTS = {k: v for k, v in TWO_BLOC_DEFAULTS.items() if k != "eps"}


def exact(values: dict[str, float]) -> dict[str, Fraction]:
    return {k: Fraction(v).limit_denominator(10**9) for k, v in {**DEFAULTS, **values}.items()}


def gain(v: dict[str, Fraction], c: Fraction, r: Fraction) -> Fraction:
    return v["b"] + (v["alpha"] - v["theta"]) * c - r


def ee_strict(v, c) -> bool:
    return (v["beta"] - 2 * v["w"]) * c > 0


def nash(v, c, r) -> bool:
    return gain(v, c, r) <= 0


def stable(v, c, r) -> bool:
    g = gain(v, c, r)
    if not g < 0:
        return False
    return -g > (v["beta"] - 2 * v["w"]) * c if ee_strict(v, c) else True


def check_region(region, truth, lo: float, hi: float, n: int = 41) -> None:
    """The region agrees with the reference at points of [lo, hi] not at its ends."""
    for x in np.linspace(lo, hi, n):
        if region.near_boundary(float(x), 1e-9):
            continue
        assert region.contains(float(x)) == truth(Fraction(float(x))), (region.text(), x)


def check_report(values: dict[str, float]) -> None:
    report = analyse(values, n_grid=3)
    v = exact(values)
    c, r = v["c"], v["r"]
    find = report.finding
    # equilibria: the pure ones are exactly those of the payoff table; nashpy agrees
    eqs = find("two_bloc.equilibria").evidence["equilibria"]
    table = {(x, y): None for x in (0, 1) for y in (0, 1)}
    game = two_bloc().at(**{k: float(x) for k, x in v.items() if k != "eps0"})
    A, B = game.payoffs
    for x, y in table:
        table[(x, y)] = A[x, y] >= A[1 - x, y] - 1e-12 and B[x, y] >= B[x, 1 - y] - 1e-12
    pure = {tuple(e["pure"]) for e in eqs if e["pure"] is not None}
    assert pure == {p for p, ok in table.items() if ok}
    for e in eqs:
        for s in e["strategies"]:
            assert all(0 <= p <= 1 for p in s) and sum(s) == pytest.approx(1)
    assert find("two_bloc.equilibria").holds == nash(v, c, r)
    rows, cols = A, B
    # a tie in either deviation gain (exact arithmetic) makes the game degenerate
    degenerate = gain(v, c, r) == 0 or (v["beta"] - 2 * v["w"]) * c == 0
    if not degenerate:
        theirs = list(nashpy.Game(rows, cols).support_enumeration())
        assert len(theirs) == len(eqs)
    # question 1: capability alone, over c at r = 0
    alone = find("two_bloc.capability_alone_nash")
    assert alone.holds == nash(v, c, 0)
    check_region(alone.region, lambda x: nash(v, x, Fraction(0)), 0, 8)
    alone_stable = find("two_bloc.capability_alone_stable")
    assert alone_stable.holds == stable(v, c, 0)
    check_region(alone_stable.region, lambda x: stable(v, x, Fraction(0)), 0, 8)
    retaliation = find("two_bloc.retaliation_deters")
    if c > 0:
        assert retaliation.holds == stable(v, c, 0)
        check_region(retaliation.region, lambda t: stable({**v, "theta": t}, c, Fraction(0)), 0, 6)
    else:
        assert retaliation.holds is None and "c = 0" in retaliation.statement
    # question 2: reassurance at this c
    in_r = find("two_bloc.stable_in_r")
    assert in_r.holds == stable(v, c, r)
    check_region(in_r.region, lambda x: stable(v, c, x), 0, 10)
    slope_ne = v["alpha"] - v["theta"]
    assert find("two_bloc.bar_rises_nash").holds == (slope_ne > 0)
    rd = find("two_bloc.bar_rises_risk_dominant")
    if ee_strict(v, c):
        assert rd.holds == (slope_ne + v["beta"] - 2 * v["w"] > 0)
    else:
        assert rd.holds is None and "undefined" in rd.statement
    # question 3: accidents raise the bar iff (beta - 2w) c eps/(1 - eps) > 0
    acc = find("two_bloc.accidents_raise_bar")
    if c > 0:
        assert acc.holds == (v["beta"] > 2 * v["w"] and v["eps0"] > 0)
        top = float(1 / c)
        check_region(acc.region, lambda e: v["beta"] > 2 * v["w"] and e > 0, 0, min(top, 1) * 0.999)
    else:
        assert acc.holds is None
    # every probability printed lies in [0, 1]
    for row in report.data["accidents"]:
        for key in ("eps", "p_war", "p_any_escalation"):
            assert 0 <= row[key] <= 1
    text = render(report)
    assert not re.search(r"\bnan\b|e\+1\d", text), text
    json.dumps(report.to_dict(), default=float)


NAMED = {
    "defaults": {},
    "chicken": {"beta": 0.2, "theta": 0.5},  # beta < 2w: (E,E) never strict
    "float-tie": {"beta": 0.3, "w": 0.2, "theta": 0.5},  # alpha - theta + beta - 2w = 0
    "rd-tie": {"alpha": 0.6, "theta": 0.9, "beta": 0.7, "w": 0.2},
    "strong-retaliation": {"theta": 2.0},  # capability alone deters: the argument fails
    "no-capability": {"c": 0.0},
    "nash-tie": {"c": 2.0, "r": 1.4},  # g = 0 exactly: an equilibrium, not strict
    "zero-everything": {"b": 0.0, "alpha": 0.0, "theta": 0.0, "beta": 0.0, "w": 0.0},
    "no-accidents": {"eps0": 0.0},
    "alpha-equals-theta": {"alpha": 0.5, "theta": 0.5},
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_findings_at_named_points(name):
    check_report(NAMED[name])


@pytest.fixture(scope="module")
def defaults():
    """The analysis at the defaults on the coarse grid, shared by the tests that read it."""
    return analyse({}, n_grid=3)


def test_known_answers_at_the_defaults(defaults):
    """docs/two_bloc.md at the defaults: r* = b + 0.8 c = 2.6 at c = 2; theta > 1.7 deters."""
    report = analyse({}, n_grid=5)
    assert report.finding("two_bloc.stable_in_r").region.text() == "r > 2.6"
    assert report.finding("two_bloc.capability_alone_nash").region.empty
    # at c = 2, r = 0: stable iff theta > alpha + b/c + beta - 2w = 0.6 + 0.5 + 0.6 = 1.7
    assert report.finding("two_bloc.retaliation_deters").region.text() == "theta > 1.7"
    assert report.finding("two_bloc.restraint_regime").evidence["regime"] == "fragile"
    assert report.data["stability"]["R,R"]["minimum_trust"] == pytest.approx([12 / 13] * 2)
    strong = analyse({"theta": 2.0}, n_grid=3)
    # theta = 2: an equilibrium from c >= b/(theta - alpha) = 1/1.4, stable from c > 1.25
    region = strong.finding("two_bloc.capability_alone_nash").region
    assert region.intervals[0].lo == pytest.approx(1 / 1.4) and region.intervals[0].lo_closed
    assert strong.finding("two_bloc.capability_alone_stable").region.text() == "c > 1.25"
    rows = {(row["eps0"], row["c"]): row for row in defaults.data["accidents"]}
    assert rows[(0.0, 3.0)]["r_nash"] == pytest.approx(1.0 + 0.2 * 3)
    # r* with accidents: b + (alpha - theta) c + (beta - 2w) c eps/(1 - eps), eps = 0.1 at c = 5
    assert rows[(0.02, 5.0)]["r_nash"] == pytest.approx(1 + 0.2 * 5 + 0.6 * 5 * 0.1 / 0.9)


values_strategy = st.fixed_dictionaries(
    {},
    optional={
        "c": st.one_of(st.sampled_from([0.0, 1.0, 2.5, 5.0]), st.floats(0, 5)),
        "r": st.one_of(st.sampled_from([0.0, 1.4, 2.6]), st.floats(0, 5)),
        "b": st.sampled_from([0.0, 0.5, 1.0, 2.0]),
        "alpha": st.sampled_from([0.0, 0.4, 0.6, 1.0]),
        "theta": st.one_of(st.sampled_from([0.0, 0.4, 0.6, 2.0]), st.floats(0, 3)),
        "beta": st.sampled_from([0.0, 0.2, 0.4, 1.0, 1.5]),
        "w": st.sampled_from([0.0, 0.2, 0.5]),
        "k": st.sampled_from([0.0, 0.1]),
        "eps0": st.sampled_from([0.0, 0.01, 0.05, 0.19]),
    },
)


@pytest.mark.slow
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(values_strategy)
def test_findings_hold_for_random_parameters(values):
    check_report(values)


def test_script_json_text_and_plot(tmp_path):
    png = tmp_path / "phase.png"
    out = run_script(SCRIPT, "--json", "--param", "theta=2", "--plot", str(png))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    ids = {f["id"]: f for f in data["findings"]}
    assert ids["two_bloc.capability_alone_stable"]["region"]["text"] == "c > 1.25"
    assert ids["two_bloc.capability_alone_stable"]["holds"] is True
    assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 30_000
    assert len(SCRIPT.read_text().splitlines()) <= 120


def test_bad_parameter_exits_2():
    result = run_script(SCRIPT, "--param", "zeta=1", in_subprocess=True)  # the real CLI path
    assert result.returncode == 2 and "unknown parameter 'zeta'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_readme_headline_is_what_the_analysis_computes(defaults):
    """README's two-bloc sentence, number by number, against the analysis."""
    readme = " ".join((SCRIPT.parent.parent / "README.md").read_text().split())
    assert "`r*(c) = 1 + 0.8 c` for risk-dominant restraint" in readme
    assert "(`theta = 1.6`) capability does deter: restraint is an equilibrium at `r = 0` from" in (
        readme
    )
    for c in (1.0, 3.0):
        found = analyse({"c": c}, n_grid=3).finding("two_bloc.stable_in_r").region
        assert found.intervals[0].lo == pytest.approx(1 + 0.8 * c)
    assert defaults.finding("two_bloc.capability_alone_nash").region.empty  # alpha > theta
    strong = analyse({"theta": 1.6}, n_grid=3).finding("two_bloc.capability_alone_nash")
    assert strong.region.text() == "c >= 1"
