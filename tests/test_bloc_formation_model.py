"""The bloc-formation analysis: every finding checked against pure equilibria computed
independently at the point (direct enumeration of the 3^9 profiles), the exact equilibrium
paths against enumeration, regressions for the referee's cases (h = 0.1, t = 1.0), the README
claim, JSON, picture and errors."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from helpers import run_script
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.cli import run_model_script
from gametheory.deterrence.analysis import bloc_formation as analysis
from gametheory.deterrence.analysis._bloc_paths import equilibrium_path
from gametheory.deterrence.bloc_formation import CAMPS, EAST, WEST, bloc_formation
from gametheory.deterrence.findings import number_text
from gametheory.errors import GameError

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "models" / "bloc_formation.py"
MODEL = bloc_formation()
SETTINGS = settings(
    derandomize=True,
    deadline=None,
    max_examples=12,
    suppress_health_check=[HealthCheck.too_slow],
)


def east_sizes(params: dict, camp: int = EAST, **at) -> tuple[float, float] | None:
    """Smallest and largest size of `camp` over the pure equilibria, enumerated directly."""
    eqs = MODEL.pure_equilibria(**{**params, **at})
    if not len(eqs):
        return None
    sizes = MODEL.camp_strengths(eqs)[:, camp]
    return float(sizes.min()), float(sizes.max())


def inner_points(region, n: int = 3) -> list[float]:
    """Points well inside each interval of a region (away from located endpoints)."""
    out = []
    for iv in region.intervals:
        if iv.hi - iv.lo > 1e-6:
            out += list(np.linspace(iv.lo, iv.hi, n + 2)[1:-1])
    return out


def far_from(region, xs, slack: float = 1e-6) -> list[float]:
    ends = [e for iv in region.intervals for e in (iv.lo, iv.hi)]
    return [x for x in xs if all(abs(x - e) > slack for e in ends)]


# parameters inside the model's bounds, with zeros, ties and the limit h -> 0
params_strategy = st.fixed_dictionaries(
    {
        "t": st.sampled_from([0.0, 0.4, 1.0]) | st.floats(0.0, 2.0),
        "r": st.sampled_from([0.0, 0.5, 1.0]) | st.floats(0.0, 3.0),
        "nu": st.sampled_from([0.0, 0.7, 1.0]) | st.floats(0.0, 1.5),
        "h": st.sampled_from([1e-6, 0.1, 0.3]) | st.floats(0.0, 1.0),
        "e": st.sampled_from([0.0, 0.05]),
        "q_W": st.sampled_from([0.0, 0.5]),
        "q_E": st.sampled_from([0.0, 0.5]),
    }
)


# ---------------------------------------------------------------- the enumeration itself
def test_enumeration_matches_game_regret_once():
    # the model's vectorised enumeration against Game.pure_equilibria (regret of every one of
    # the 3^9 profiles) at points with one and with several equilibria
    for params in ({}, {"t": 1.0, "nu": 0.5, "q_W": 1.2}, {"h": 0.1, "r": 0.0003}):
        game = MODEL.game(**params)
        brute = sorted(game.pure_equilibria())
        mine = sorted(tuple(int(a) for a in eq) for eq in MODEL.pure_equilibria(**params))
        assert mine == brute
        for eq in mine:
            assert game.regret(eq) <= 1e-9 * game.payoff_range


@SETTINGS
@given(params_strategy, st.sampled_from(["q_W", "q_E", "r"]), st.integers(0, 2**16))
def test_equilibrium_path_matches_enumeration(params, variable, seed):
    p = MODEL.values(**params)
    lo = p[variable]
    hi = lo + 2.0
    path = equilibrium_path(MODEL, p, variable, lo, hi)
    xs = np.random.default_rng(seed).uniform(lo, hi, 6)
    xs = [x for x in xs if all(abs(x - b) > 1e-7 for b in path.breakpoints)]
    for x in [*xs, lo, hi, *path.breakpoints]:
        direct = MODEL.pure_equilibria(**{**p, variable: float(x)})
        assert np.array_equal(path.at(float(x)), direct), (variable, x)


# ---------------------------------------------------------------- findings vs equilibria
def check_growth(found, params, camp=EAST):
    p = MODEL.values(**params)
    var = "q_W" if camp == EAST else "q_E"
    start = east_sizes(p, camp)
    if start is None:
        assert found.holds is None and "no pure equilibrium" in found.statement
        return
    ev = found.evidence
    assert ev["start_size"] == pytest.approx(list(start))
    regions = {
        "largest_size_grows": lambda s: s is not None and s[1] > start[1] + 1e-9,
        "smallest_size_grows": lambda s: s is not None and s[0] > start[0] + 1e-9,
        "smallest_size_shrinks": lambda s: s is not None and s[0] < start[0] - 1e-9,
        "shrinks_below_start": lambda s: s is not None and s[1] < start[0] - 1e-9,
        "no_pure_equilibrium": lambda s: s is None,
    }
    lo = p[var]
    for key, test in regions.items():
        region = found_region(ev[key])
        for q in far_from(region, np.linspace(lo, lo + analysis.Q_SPAN, 17)):
            assert region.contains(q) == test(east_sizes(p, camp, **{var: q})), (key, q)
        for q in inner_points(region):
            assert test(east_sizes(p, camp, **{var: q})), (key, q)
    grows_somewhere = bool(ev["largest_size_grows"]["intervals"]) or bool(
        ev["smallest_size_grows"]["intervals"]
    )
    assert found.holds == grows_somewhere
    if not grows_somewhere:
        assert "never grows" in found.statement or "never exceeds" in found.statement


def found_region(d):
    """A Region back from its to_dict() (for checking `contains`)."""
    from gametheory.deterrence.findings import Interval, Region

    intervals = tuple(
        Interval(float(iv["lo"]), float(iv["hi"]), iv["lo_closed"], iv["hi_closed"])
        for iv in d["intervals"]
    )
    return Region(d["variable"], intervals, tuple(d["domain"]), d["exact"], d["tol"])


def check_movers(found, params, path):
    p = MODEL.values(**params)
    var = path.variable
    lo = p[var]
    listed = {m["state"]: m["camps"] for m in found.evidence["movers"]}
    assert found.holds == bool(listed)
    for state, spans in listed.items():
        assert state in found.statement
        i = MODEL.names.index(state)
        for span in spans:
            region = found_region(span["region"])
            for q in inner_points(region):
                eqs = MODEL.pure_equilibria(**{**p, var: q})
                assert sorted({CAMPS[a] for a in eqs[:, i]}) == sorted(span["camps"])
    # a state not listed keeps the camps it takes at the start, away from ties exactly at
    # a breakpoint
    start = MODEL.pure_equilibria(**p)
    grid = np.linspace(lo, lo + analysis.Q_SPAN, 9)[1:]
    for q in [q for q in grid if all(abs(q - b) > 1e-7 for b in path.breakpoints)]:
        eqs = MODEL.pure_equilibria(**{**p, var: float(q)})
        for i, name in enumerate(MODEL.names):
            if name not in listed:
                assert set(eqs[:, i]) == set(start[:, i]), (name, q)


@settings(SETTINGS, max_examples=20)
@given(params_strategy, st.sampled_from([EAST, WEST]))
def test_growth_and_movers_findings_match_enumeration(params, camp):
    p = MODEL.values(**params)
    found, path = analysis.growth_finding(MODEL, p, camp, "bloc_formation.growth")
    check_growth(found, params, camp)
    check_movers(analysis.movers_finding(MODEL, path, "bloc_formation.movers"), params, path)


@settings(derandomize=True, deadline=None, max_examples=5)
@given(params_strategy)
def test_reassurance_region_matches_enumeration(params):
    p = MODEL.values(**params)
    found = analysis.reassurance_finding(MODEL, p, r_span=2.0, r_scan=5, r_tol=1e-3)
    stopped = found.region
    growing = found_region(found.evidence["growth"])
    q_grid = np.linspace(p["q_W"], p["q_W"] + analysis.Q_SPAN, 41)
    for r in far_from(stopped, np.linspace(p["r"], p["r"] + 2.0, 5), slack=2e-3):
        start = east_sizes(p, r=r)
        grid_growth = start is not None and any(
            s is not None and (s[1] > start[1] + 1e-9 or s[0] > start[0] + 1e-9)
            for s in (east_sizes(p, r=r, q_W=float(q)) for q in q_grid)
        )
        if grid_growth:  # growth seen on a grid is growth
            assert not stopped.contains(r) and growing.contains(r)
        if growing.contains(r):  # the growth region's claim, checked at a point inside
            inner, _ = analysis.growth_finding(MODEL, {**p, "r": r}, EAST, "x")
            assert inner.holds
            q = inner_points(inner.region, 1)[0]
            s, s0 = east_sizes(p, r=r, q_W=q), east_sizes(p, r=r)
            assert s[1] > s0[1] or s[0] > s0[0]
    # the sentence matches the region's shape: "from r = X on" only when monotone
    if "from r =" in found.statement:
        assert len(stopped.intervals) == 1 and stopped.intervals[0].hi == p["r"] + 2.0
    if len(stopped.intervals) > 1 and found.holds:
        assert "not monotonically" in found.statement


def test_no_threat_means_nothing_moves():
    # t = 0: integration acts only through the threat term, so nothing can change along q_W
    report = analysis.analyse({"t": 0.0}, r_span=1.0, r_scan=3, n_starts=0, scenarios=False)
    assert report.finding("bloc_formation.east_growth").holds is False
    assert report.finding("bloc_formation.movers").holds is False
    assert "nobody changes camp" in report.finding("bloc_formation.movers").statement
    assert report.finding("bloc_formation.reassurance_stops_growth").holds is None


# ---------------------------------------------------------------- defaults and regressions
@pytest.fixture(scope="module")
def report():
    return analysis.analyse({}, r_scan=13, n_starts=100)


def test_status_quo_and_banding_at_defaults(report):
    status = report.finding("bloc_formation.status_quo")
    (camps,) = status.evidence["equilibria"]
    named = dict(zip(MODEL.names, camps, strict=True))
    assert named["Russia"] == named["Global South"] == "non-aligned"
    assert named["China"] == "East" and named["Japan"] == "West"
    # Russia joins the East where its East payoff overtakes non-alignment, with the others at
    # the status quo: solved here by hand from the payoff formula
    q = sp.Symbol("q")
    west, east = 5 + 1.5 + 1 + 0.8 + 2, 4 + 0.4
    tau, nu, h, e, w = sp.Rational(2, 5), sp.Rational(7, 10), sp.Rational(3, 10), 0.05, 2
    join = -sp.Rational(1, 5) - tau * (1 + q) * west / (1 + east + w) - h - e * west
    alone = -tau * nu * ((1 + q) * west + east) / (1 + w)
    (root,) = sp.solve(sp.Eq(join, alone), q)
    movers = {
        m["state"]: m["camps"] for m in report.finding("bloc_formation.movers").evidence["movers"]
    }
    assert [c["camps"] for c in movers["Russia"]][:1] == [["non-aligned"]]
    russia_east = next(c for c in movers["Russia"] if c["camps"] == ["East"])
    assert russia_east["region"]["intervals"][0]["lo"] == pytest.approx(float(root), abs=1e-8)
    assert set(movers) == {"Russia", "Global South"}
    growth = report.finding("bloc_formation.east_growth")
    assert growth.holds and growth.region.contains(1.0) and not growth.region.contains(0.4)


def test_readme_claim_is_what_the_analysis_computes(report):
    def movers(r):
        fid = "bloc_formation.movers" + ("" if r == "0" else f"[r={r}]")
        return {m["state"] for m in report.finding(fid).evidence["movers"]}

    movers_at_zero = {
        m["state"]: m["camps"] for m in report.finding("bloc_formation.movers").evidence["movers"]
    }
    assert movers("1") == {"India", "North Korea"}
    assert movers("2") == {"North Korea"}
    stop = report.finding("bloc_formation.reassurance_stops_growth")
    assert stop.holds and stop.evidence["monotone"]
    (interval,) = stop.region.intervals
    assert interval.lo == pytest.approx(2.53, abs=5e-3) and interval.hi == 6.0
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "Russia joins from `q_W = 0.4937`" in readme
    assert "into the West (from `q_W = 0.4986`)" in readme
    russia, south = (
        next(c for c in movers_at_zero[name] if c["camps"] == [camp])["region"]["intervals"][0]
        for name, camp in (("Russia", "East"), ("Global South", "West"))
    )
    assert round(russia["lo"], 4) == 0.4937 and round(south["lo"], 4) == 0.4986
    assert "at `r = 1` India joins the West and North Korea the East" in readme
    assert "at `r = 2` only North Korea moves" in readme
    assert "the East no longer grows from `r = 2.53`" in readme


def test_h_point_one_does_not_claim_growth_stops_from_r_zero():
    # referee: "from r = 0 the East no longer grows at all" while it grows at r = 0.5 and 1
    report = analysis.analyse({"h": 0.1}, r_span=4.0, r_scan=9, n_starts=0, scenarios=False)
    stop = report.finding("bloc_formation.reassurance_stops_growth")
    growing = found_region(stop.evidence["growth"])
    assert growing.contains(0.5) and growing.contains(1.0) and not stop.region.contains(0.5)
    assert "from r = 0" not in stop.statement and "no longer grows" not in stop.statement
    assert stop.holds is None  # no growth at r = 0 for reassurance to stop
    # the README's sentence about this case
    (first, second) = stop.region.intervals
    assert first.lo == 0.0 and first.hi < 1e-3 and round(second.lo, 3) == 3.301
    assert second.hi == 4.0
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "and stops again from `r = 3.301`" in readme
    for r in ("0.5", "1"):
        found = report.finding(f"bloc_formation.east_growth[r={r}]")
        assert found.holds and found.evidence["growth_of_largest"] == pytest.approx(2.0)
    assert report.finding("bloc_formation.east_growth").holds is False
    # directly: at r = 0.5 Russia is non-aligned at q_W = 0 and in the East at q_W = 2
    russia = MODEL.names.index("Russia")
    assert MODEL.pure_equilibria(h=0.1, r=0.5)[0, russia] != EAST
    assert MODEL.pure_equilibria(h=0.1, r=0.5, q_W=2.0)[0, russia] == EAST


def test_t_one_reports_growth_at_r_two():
    report = analysis.analyse({"t": 1.0}, r_span=2.5, r_scan=6, n_starts=0, scenarios=False)
    stop = report.finding("bloc_formation.reassurance_stops_growth")
    assert not stop.region.contains(2.0) and stop.region.contains(0.5)
    assert "no longer grows" not in stop.statement
    found = report.finding("bloc_formation.east_growth[r=2]")
    assert found.holds and found.region.contains(1.5)
    assert (
        east_sizes(MODEL.values(t=1.0), r=2.0, q_W=1.5)[1]
        > east_sizes(MODEL.values(t=1.0), r=2.0)[1]
    )
    # r = 0: several equilibria for some q_W; both aggregations are stated
    at_zero = report.finding("bloc_formation.east_growth")
    assert "largest size" in at_zero.statement and "smallest size" in at_zero.statement


def test_failure_scenarios(report):
    quadrupled = report.finding("bloc_formation.scenario.t_quadrupled")
    assert quadrupled.holds is False and "bandwagoning" in quadrupled.statement
    shrink = found_region(quadrupled.evidence["shrinks_below_start"])
    p = MODEL.values(t=1.6)
    start = east_sizes(p)
    for q in inner_points(shrink):
        assert east_sizes(p, q_W=q)[1] < start[0]
    assert report.finding("bloc_formation.scenario.nu_quartered").holds is False


def test_west_growth_both_ways(report):
    assert report.finding("bloc_formation.west_growth").holds is False
    at_half = report.finding("bloc_formation.west_growth[r=0.5]")
    assert at_half.holds
    q = inner_points(at_half.region, 1)[0]
    sizes = MODEL.camp_strengths(MODEL.pure_equilibria(r=0.5, q_E=q))[:, WEST]
    start = MODEL.camp_strengths(MODEL.pure_equilibria(r=0.5))[:, WEST]
    assert sizes.max() > start.max()


def test_cascade_and_larger_world(report):
    first = report.data["cascade"][0]
    assert [s["state"] for s in first["steps"]] == ["Global South", "Russia"]
    assert first["converged"]
    (eq,) = MODEL.pure_equilibria(q_W=1.0)
    for step in first["steps"]:
        assert CAMPS[eq[MODEL.names.index(step["state"])]] == step["to"]
    big = report.data["larger_world"]
    for label in ("status_quo", "integrated"):  # shares are proportions
        assert 0.0 <= big[label]["converged_share"] <= 1.0
        assert 0.0 <= big[label]["russia_east_share"] <= 1.0
    assert big["integrated"]["russia_east_share"] == 1.0
    assert big["status_quo"]["russia_east_share"] == 0.0


def test_every_sentence_is_a_finding(report):
    text = analysis.render(report)
    for found in report.findings:
        assert found.statement in text
    assert "(5) Where the argument fails" in text


# ---------------------------------------------------------------- command line
def test_json_and_plot_through_the_cli(capsys, tmp_path):
    quick = partial(analysis.analyse, r_span=1.0, r_scan=3, n_starts=20, scenarios=False)
    png = tmp_path / "cascade.png"
    assert (
        run_model_script(
            ["--plot", str(png), "--param", "r=0.25"],
            "bloc_formation.py",
            "doc",
            quick,
            analysis.render,
            analysis.plot,
        )
        == 0
    )
    assert "(1) The West integrates" in capsys.readouterr().out
    assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 30_000
    code = run_model_script(
        ["--json", "--param", "nu=0.2"], "bloc_formation.py", "doc", quick, analysis.render, None
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parameters"]["nu"] == 0.2
    ids = {f["id"] for f in out["findings"]}
    assert {"bloc_formation.east_growth", "bloc_formation.movers"} <= ids
    assert "bloc_formation.reassurance_stops_growth" in ids


@pytest.mark.slow
def test_script_json_has_findings():
    result = run_script(SCRIPT, "--json", "--param", "h=0.1")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    stop = next(f for f in out["findings"] if f["id"] == "bloc_formation.reassurance_stops_growth")
    assert stop["holds"] is None and "from r = 0" not in stop["statement"]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"r_span": 0.0}, "r_span must be a finite number > 0"),
        ({"r_tol": -1.0}, "r_tol must be > 0"),
        ({"r_scan": 1}, "r_scan must be an integer >= 2"),
        ({"n_starts": -3}, "n_starts must be an integer >= 0"),
    ],
)
def test_bad_options_raise(options, message):
    with pytest.raises(GameError, match=r"^bloc_formation.analyse\(\): " + message):
        analysis.analyse({}, **options)


def test_bad_parameter_exits_2():
    result = run_script(SCRIPT, "--param", "t=-1", in_subprocess=True)  # the real CLI path
    assert result.returncode == 2 and "'t' = -1" in result.stderr
    assert result.stderr.count("\n") == 1


def test_script_is_short_and_imports_no_private_names():
    source = SCRIPT.read_text()
    assert len(source.splitlines()) <= 120
    assert "import _" not in source and "def analyse" not in source


def test_docs_numbers_are_what_the_analysis_computes(report):
    docs = " ".join((ROOT / "docs" / "bloc_formation.md").read_text().split())

    def starts(fid, state, camp):
        (entry,) = [m for m in report.finding(fid).evidence["movers"] if m["state"] == state]
        region = next(c for c in entry["camps"] if c["camps"] == [camp])["region"]
        return number_text(region["intervals"][0]["lo"])

    claims = {
        ("bloc_formation.movers[r=0.5]", "India", "West"): "0.5767",
        ("bloc_formation.movers[r=0.5]", "Global South", "West"): "1.407",
        ("bloc_formation.movers[r=0.5]", "Russia", "East"): "1.584",
        ("bloc_formation.movers[r=1]", "North Korea", "East"): "0.3682",
        ("bloc_formation.movers[r=1]", "India", "West"): "1.199",
        ("bloc_formation.movers[r=2]", "North Korea", "East"): "1.435",
        ("bloc_formation.west_movers", "Russia", "East"): "0.2474",
        ("bloc_formation.west_movers", "Global South", "East"): "1.309",
        ("bloc_formation.west_movers[r=0.5]", "India", "West"): "1.442",
    }
    for key, text in claims.items():
        assert starts(*key) == text, key
        assert text in docs
    doubled = report.finding("bloc_formation.scenario.t_doubled")
    assert doubled.holds is False
    shrinks = doubled.evidence["smallest_size_shrinks"]["intervals"][0]["lo"]
    assert number_text(shrinks) == "1.659" and "`q_W = 1.659`" in docs
    quadrupled = report.finding("bloc_formation.scenario.t_quadrupled")
    every = quadrupled.evidence["shrinks_below_start"]["intervals"][0]["lo"]
    assert number_text(every) == "0.6809" and "`q_W = 0.6809`" in docs
    assert report.finding("bloc_formation.scenario.nu_halved").holds is False
    assert report.finding("bloc_formation.west_growth").holds is False


def test_equilibrium_path_refuses_bad_input():
    with pytest.raises(GameError, match=r"^breakpoints\(\): variable must be one of"):
        equilibrium_path(MODEL, MODEL.values(), "nu", 0.0, 1.0)
    with pytest.raises(GameError, match=r"^breakpoints\(\): needs a range"):
        equilibrium_path(MODEL, MODEL.values(), "q_W", 1.0, 0.5)
