"""The three-bloc analysis (gametheory.deterrence.analysis.three_bloc) and its script.

Known answers at the defaults (hand-derived below), and a property test: at parameters drawn
inside the model's bounds (ties, zeros, h -> 0, alpha < theta) every finding's `holds` and
region agree with equilibria computed here independently, by brute-force regret checks on the
numeric game, and no printed probability lies outside [0, 1].
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from helpers import run_script
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.deterrence.analysis import three_bloc as analysis
from gametheory.deterrence.three_bloc import THREE_BLOC_DEFAULTS, three_bloc
from gametheory.errors import GameError

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "models" / "three_bloc.py"
STANCES = ("align-A", "align-B", "neutral")
MODEL = three_bloc()
TOL = 1e-9


# ---------------------------------------------------------------------------- independent checks
def payoffs_at(params: dict[str, float]) -> list[np.ndarray]:
    return [np.asarray(p, dtype=float) for p in MODEL.at(**params).payoffs]


def _tol(payoffs) -> float:
    return TOL * max(1.0, max(float(np.max(np.abs(p))) for p in payoffs))


def is_pure_ne(payoffs, profile) -> bool:
    """Brute force: no player gains by a unilateral deviation from a pure profile."""
    tol = _tol(payoffs)
    for i, arr in enumerate(payoffs):
        here = arr[tuple(profile)]
        for a in range(arr.shape[i]):
            dev = list(profile)
            dev[i] = a
            if arr[tuple(dev)] > here + tol:
                return False
    return True


def blocs_slice(payoffs, stance: str) -> list[np.ndarray]:
    g = STANCES.index(stance)
    return [payoffs[0][:, :, g], payoffs[1][:, :, g]]


def regret(payoffs, strategies) -> float:
    """The largest gain from a unilateral deviation from a mixed profile (3 players)."""
    x, y, z = (np.asarray(s, dtype=float) for s in strategies)
    values = [
        np.einsum("ajk,j,k->a", payoffs[0], y, z),
        np.einsum("ibk,i,k->b", payoffs[1], x, z),
        np.einsum("ijc,i,j->c", payoffs[2], x, y),
    ]
    return max(float(v.max() - v @ s) for v, s in zip(values, (x, y, z), strict=True))


def selected_2x2(sub) -> str | None:
    """The blocs' selected equilibrium: the unique pure one, else the risk-dominant one
    (Harsanyi & Selten 1988: the larger product of deviation losses, where the rival is strict)."""
    tol = _tol(sub)
    pure = [(a, b) for a in range(2) for b in range(2) if is_pure_ne(sub, (a, b))]
    name = {p: ",".join("RE"[i] for i in p) for p in pure}
    if len(pure) == 1:
        return name[pure[0]]
    if len(pure) != 2:
        return None
    s, t = pure
    if s[0] == t[0] or s[1] == t[1]:
        return None  # not opposite corners
    losses = {}
    for p, q in ((s, t), (t, s)):
        loss_a = sub[0][p] - sub[0][q[0], p[1]]
        loss_b = sub[1][p] - sub[1][p[0], q[1]]
        losses[p] = (loss_a, loss_b)
    for p, q in ((s, t), (t, s)):
        la, lb = losses[p]
        ma, mb = losses[q]
        if min(la, lb, ma, mb) > tol and la * lb > ma * mb + tol * tol:
            return name[p]
    return None


def g_neutral_best(payoffs, p_a: float, p_b: float) -> bool:
    """Whether neutrality is among G's best replies when A escalates with probability p_a and
    B independently with p_b."""
    x = np.array([1 - p_a, p_a])
    y = np.array([1 - p_b, p_b])
    values = np.einsum("ijc,i,j->c", payoffs[2], x, y)
    return bool(values[2] >= values.max() - _tol(payoffs))


def probe_points(region, value: float) -> list[float]:
    """The given value, 0, a large value and points just inside/outside every finite end."""
    points = {value, 0.0, 25.0}
    for iv in region.intervals:
        for end in (iv.lo, iv.hi):
            if math.isfinite(end):
                delta = 1e-3 * max(1.0, abs(end))
                points.update({end, end - delta, end + delta})
    lo, hi = region.domain
    return sorted(x for x in points if lo <= x <= hi)


def _decide(region, x: float) -> bool | None:
    """Region membership; on a closed exact end (up to float rounding) inside, on an open or
    located end None (a float tie cannot decide it)."""
    for iv in region.intervals:
        for end, closed in ((iv.lo, iv.lo_closed), (iv.hi, iv.hi_closed)):
            if math.isfinite(end) and abs(x - end) <= 1e-7 * max(1.0, abs(end)):
                return True if closed and region.exact else None
    return region.contains(x)


PREDICATES = {
    # finding id -> (parameter of the region, independent check at that parameter value)
    "three_bloc.restraint_without_south": (
        "r",
        lambda p: is_pure_ne(blocs_slice(payoffs_at({**p, "m": 0.0}), "neutral"), (0, 0)),
    ),
    "three_bloc.restraint_with_mediation": (
        "r",
        lambda p: is_pure_ne(blocs_slice(payoffs_at(p), "neutral"), (0, 0)),
    ),
    "three_bloc.mediation_needed": (
        "m",
        lambda p: is_pure_ne(blocs_slice(payoffs_at(p), "neutral"), (0, 0)),
    ),
    "three_bloc.restraint_with_alignment": (
        "r",
        lambda p: is_pure_ne(blocs_slice(payoffs_at(p), "align-A"), (0, 0)),
    ),
    "three_bloc.alignment_tips": (
        "gamma",
        lambda p: is_pure_ne(blocs_slice(payoffs_at(p), "align-A"), (0, 0)),
    ),
    "three_bloc.restraint_simultaneous": (
        "r",
        lambda p: any(is_pure_ne(payoffs_at(p), (0, 0, g)) for g in range(3)),
    ),
    "three_bloc.mediation_delivered": ("m", lambda p: is_pure_ne(payoffs_at(p), (0, 0, 2))),
    "three_bloc.south_neutral_in_war": ("h", lambda p: is_pure_ne(payoffs_at(p), (1, 1, 2))),
    "three_bloc.doctrine_restraint": (
        "m",
        lambda p: selected_2x2(blocs_slice(payoffs_at(p), "neutral")) == "R,R",
    ),
}

PROBABILITY = re.compile(r"P\([^)]*\)\s*(?:=|>=|<=|>|<)\s*(-?[\d.]+(?:e-?\d+)?)")
INTERVAL = re.compile(r"P\([^)]*\) in [\[(](-?[\d.]+(?:e-?\d+)?), (-?[\d.]+(?:e-?\d+)?)[\])]")
MIXED = re.compile(r"(-?[\d.]+(?:e-?\d+)?) (?:R|E|align-A|align-B|neutral)\b")


def printed_probabilities(text: str) -> list[float]:
    """Every probability the report prints: P(...) = x, P(...) in [a, b], mixed weights."""
    found = [float(x) for x in PROBABILITY.findall(text)]
    found += [float(x) for pair in INTERVAL.findall(text) for x in pair]
    found += [float(x) for x in MIXED.findall(text)]
    return found


def check_report(values: dict[str, float]) -> None:
    """Every finding of analyse(values) against independent computation at that point."""
    params = MODEL.values(**values)
    report = analysis.analyse(values, n_starts=0, table=False)
    payoffs = payoffs_at(params)

    # the equilibria: each verified by our own regret, the pure ones all found
    eq = report.finding("three_bloc.equilibria")
    listed = eq.evidence["equilibria"]
    for e in listed:
        assert regret(payoffs, e["strategies"]) <= 1e-6 * max(1.0, _tol(payoffs) / TOL)
        assert 0.0 <= e["p_both_escalate"] <= 1.0 and 0.0 <= e["p_neutral"] <= 1.0
    pure_listed = {tuple(int(np.argmax(s)) for s in e["strategies"]) for e in listed if e["pure"]}
    brute = {
        (a, b, g) for a in range(2) for b in range(2) for g in range(3)
        if is_pure_ne(payoffs, (a, b, g))
    }  # fmt: skip
    if eq.holds:  # the solver proved its list complete
        assert pure_listed == brute
    else:
        assert pure_listed <= brute

    # the regions, probed at the value, the ends and beyond
    for fid, (var, check) in PREDICATES.items():
        finding = report.finding(fid)
        region = finding.region
        assert region.variable == var
        for x in probe_points(region, params[var]):
            expected = _decide(region, x)
            if expected is None:
                continue
            assert check({**params, var: x}) == expected, (fid, var, x, region.text())
        if fid != "three_bloc.doctrine_restraint" or _decide(region, params[var]) is not None:
            assert finding.holds == check(params), fid

    # G's belief threshold: a region of P(E,E) inside [0, 1], checked against G's payoffs
    south = report.finding("three_bloc.south_neutral")
    region = south.region
    assert region.domain == (0.0, 1.0)
    assert all(0.0 <= iv.lo <= iv.hi <= 1.0 for iv in region.intervals)
    for q in (0.0, 0.25, 0.5, 0.75, 1.0, *probe_points(region, 0.5)):
        if not 0.0 <= q <= 1.0 or _decide(region, q) is None:
            continue
        for p_a, p_b in ((1.0, q), (math.sqrt(q), math.sqrt(q))):
            assert g_neutral_best(payoffs, p_a, p_b) == _decide(region, q), (q, region.text())
    if region.empty:
        assert south.holds is None and "never a best reply here" in south.statement
    elif region.everywhere:
        assert south.holds is None and "always a best reply here" in south.statement
    else:
        assert south.holds is True
    # an equilibrium where G mixes in neutrality has P(E,E) where neutrality is a best reply
    for e in listed:
        if e["p_neutral"] > 1e-6 and _decide(region, e["p_both_escalate"]) is not None:
            assert _decide(region, e["p_both_escalate"]), e

    # e never changes G's best replies (G's payoffs with e = 0 and e = 5)
    irrelevant = report.finding("three_bloc.south_loss_e_irrelevant")
    for a in range(2):
        for b in range(2):
            lo = payoffs_at({**params, "e": 0.0})[2][a, b]
            hi = payoffs_at({**params, "e": 5.0})[2][a, b]
            assert (np.argmax(lo) == np.argmax(hi)) or not irrelevant.holds

    # the doctrine: the blocs' selection and G's payoffs, computed here
    doctrine = report.finding("three_bloc.neutral_doctrine")
    pay = {}
    for stance in STANCES:
        chosen = selected_2x2(blocs_slice(payoffs, stance))
        by = doctrine.evidence["by_stance"][stance]
        assert by["blocs_play"] == chosen, stance
        if chosen is not None:
            a, b = ("RE".index(x) for x in chosen.split(","))
            pay[stance] = payoffs[2][a, b, STANCES.index(stance)]
            assert by["g_payoff"] == pytest.approx(pay[stance])
    if len(pay) == 3:
        assert doctrine.holds == (pay["neutral"] >= max(pay.values()) - 1e-12)
    else:
        assert doctrine.holds is None

    # nothing printed or in --json is a probability outside [0, 1]
    text = analysis.render(report)
    assert all(0.0 <= p <= 1.0 for p in printed_probabilities(text)), text
    json.dumps(report.to_dict(), default=float, allow_nan=False)  # no Infinity, no NaN


# ---------------------------------------------------------------------------- known answers
@pytest.fixture(scope="module")
def defaults():
    return analysis.analyse({}, n_starts=50)


def test_answers_at_the_defaults(defaults):
    # c=2, r=1.2, b=1, alpha=.6, theta=.4, beta=1, w=.2, gamma=.6, m=.5, e=.3, h=.6, s=.3/.2
    f = defaults.finding
    eq = f("three_bloc.equilibria")
    assert eq.holds and [e["profile"] for e in eq.evidence["equilibria"]] == ["(E, E, neutral)"]
    # without G: r >= b + (alpha - theta) c = 1.4; with G neutral 1.4 - m = 0.9;
    # with G aligned 1.4 + alpha gamma = 1.76
    assert f("three_bloc.restraint_without_south").region.intervals[0].lo == pytest.approx(1.4)
    assert not f("three_bloc.restraint_without_south").holds
    assert f("three_bloc.restraint_with_mediation").region.intervals[0].lo == pytest.approx(0.9)
    assert f("three_bloc.restraint_with_mediation").holds
    assert f("three_bloc.restraint_with_mediation").evidence["threshold_lowered_by"] == "m"
    assert f("three_bloc.mediation_needed").region.intervals[0].lo == pytest.approx(0.2)
    assert f("three_bloc.restraint_with_alignment").region.intervals[0].lo == pytest.approx(1.76)
    # gamma* = (r - b - (alpha - theta) c) / alpha < 0: restraint fails even at gamma = 0
    assert f("three_bloc.alignment_tips").region.empty
    # any side payment beats neutrality at peace: (R,R,neutral) never an equilibrium
    assert f("three_bloc.mediation_delivered").region.empty
    assert f("three_bloc.mediation_delivered").evidence["g_best_replies_at_RR"] == ["align-A"]
    # neutral iff h P(E,E) >= max(s_A, s_B): P(E,E) >= 0.3 / 0.6 = 0.5
    south = f("three_bloc.south_neutral")
    assert south.holds and south.region.intervals[0].lo == pytest.approx(0.5)
    assert south.region.intervals[0].hi == 1.0
    war = f("three_bloc.south_neutral_in_war")
    assert war.holds and war.region.intervals[0].lo == pytest.approx(0.3)
    assert f("three_bloc.south_loss_e_irrelevant").holds
    # doctrine: align-A -> (E,E): -2e - h + s_A = -0.9; align-B: -1.0; neutral -> (E,E): -0.6
    doctrine = f("three_bloc.neutral_doctrine")
    assert doctrine.holds and doctrine.evidence["g_prefers"] == ["neutral"]
    assert [doctrine.evidence["by_stance"][s]["g_payoff"] for s in STANCES] == pytest.approx(
        [-0.9, -1.0, -0.6]
    )
    # restraint risk-dominant with G neutral iff m > b + (alpha-theta+beta-2w) c - r = 1.4
    restrain = f("three_bloc.doctrine_restraint")
    assert not restrain.holds and restrain.region.intervals[0].lo == pytest.approx(1.4, abs=1e-8)
    row = next(r for r in defaults.data["r_star_by_c"] if r["c"] == 2.0)
    assert (row["no_G_risk_dominant"], row["G_neutral_risk_dominant"]) == pytest.approx((2.6, 2.1))
    assert row["simultaneous_nash"] == pytest.approx(1.76)
    assert defaults.data["stability"]["E,E,neutral"]["strict"] is True
    check_report({})


def test_h_01_says_neutrality_is_never_a_best_reply():
    # regression: the report printed "P(E,E) >= 3", a probability above 1
    report = analysis.analyse({"h": 0.1}, n_starts=0, table=False)
    south = report.finding("three_bloc.south_neutral")
    assert south.region.empty and south.holds is None
    assert south.statement.startswith("Neutrality is never a best reply here")
    assert "aligning with A pays G 0.2 more" in south.statement  # s_A - h = 0.3 - 0.1
    text = analysis.render(report)
    assert ">= 3" not in text and "never a best reply here" in text
    check_report({"h": 0.1})


def test_no_side_payments_make_neutrality_always_a_best_reply():
    report = analysis.analyse({"s_A": 0.0, "s_B": 0.0}, n_starts=0, table=False)
    south = report.finding("three_bloc.south_neutral")
    assert south.region.everywhere and south.holds is None
    assert "always a best reply here" in south.statement
    # now (R,R,neutral) is an equilibrium from m >= b + (alpha - theta) c - r = 0.2
    delivered = report.finding("three_bloc.mediation_delivered")
    assert delivered.holds and delivered.region.intervals[0].lo == pytest.approx(0.2)


def test_strong_mediation_as_doctrine():
    report = analysis.analyse({"m": 1.5}, n_starts=0, table=False)
    assert report.finding("three_bloc.doctrine_restraint").holds
    doctrine = report.finding("three_bloc.neutral_doctrine")
    assert doctrine.evidence["by_stance"]["neutral"]["blocs_play"] == "R,R" and doctrine.holds


EDGE_CASES = [
    pytest.param({"h": 0.1}, id="h=0.1"),
    pytest.param({"h": 1e-9}, id="h->0"),
    pytest.param({"h": 0.0, "s_A": 0.0, "s_B": 0.0}, id="h=0-no-payments"),
    pytest.param({"h": 0.3}, id="h=max(s)-tie"),
    pytest.param({"s_A": 0.25, "s_B": 0.25}, id="equal-bids"),
    pytest.param({"m": 0.0}, id="m=0"),
    pytest.param({"gamma": 0.0}, id="gamma=0"),
    pytest.param({"alpha": 0.2, "theta": 0.6}, id="alpha<theta"),
    pytest.param({"alpha": 0.0}, id="alpha=0"),
    pytest.param({"c": 0.0, "gamma": 0.0}, id="zero-capability"),
    pytest.param({"m": 0.0, "r": 3.0}, id="no-mediation-high-r"),
    pytest.param({"beta": 0.4}, id="beta=2w"),
    pytest.param({"m": 0.2}, id="m=m*-tie"),
]


@pytest.mark.parametrize("values", EDGE_CASES)
def test_findings_agree_with_brute_force_at_edge_cases(values):
    check_report(values)


def _grid(lo: int, hi: int, step: float = 0.05):
    return st.integers(lo, hi).map(lambda k: round(k * step, 10))


@st.composite
def parameters(draw) -> dict[str, float]:
    """Parameters inside the bounds on a 0.05 grid, so ties and zeros occur."""
    values = {
        "c": draw(st.one_of(st.just(0.0), _grid(0, 80))),
        "r": draw(_grid(0, 60)),
        "b": draw(_grid(0, 40)),
        "alpha": draw(st.one_of(st.just(0.0), _grid(0, 20))),
        "theta": draw(_grid(0, 20)),  # alpha < theta and alpha > theta both drawn
        "beta": draw(_grid(0, 30)),
        "w": draw(_grid(0, 10)),
        "gamma": draw(st.one_of(st.just(0.0), _grid(0, 40))),
        "m": draw(st.one_of(st.just(0.0), _grid(0, 40))),
        "e": draw(_grid(0, 10)),
        "h": draw(st.one_of(st.sampled_from([0.0, 1e-6, 0.1]), _grid(0, 20))),
        "s_A": draw(st.one_of(st.just(0.0), _grid(0, 12))),
    }
    values["s_B"] = draw(st.one_of(st.just(values["s_A"]), st.just(0.0), _grid(0, 12)))
    return values


@pytest.mark.slow
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(parameters())
def test_findings_agree_with_brute_force_property(values):
    check_report(values)


# ---------------------------------------------------------------------------- script and plot
@pytest.mark.slow
def test_script_h_01_and_json():
    result = run_script(SCRIPT, "--param", "h=0.1")
    assert result.returncode == 0, result.stderr
    assert "Neutrality is never a best reply here" in result.stdout
    assert all(0.0 <= p <= 1.0 for p in printed_probabilities(result.stdout))
    result = run_script(SCRIPT, "--json", "--param", "m=1")
    data = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(name))
    assert data["parameters"]["m"] == 1.0
    ids = [f["id"] for f in data["findings"]]
    assert "three_bloc.south_neutral" in ids and "three_bloc.restraint_with_mediation" in ids
    south = next(f for f in data["findings"] if f["id"] == "three_bloc.south_neutral")
    assert south["region"]["intervals"][0]["lo"] == pytest.approx(0.5)


def test_script_is_short_and_imports_the_library():
    text = SCRIPT.read_text()
    assert len(text.splitlines()) <= 120
    assert "gametheory.deterrence.analysis.three_bloc" in text


def test_bad_parameter_raises():
    with pytest.raises(GameError, match="'m' = -1"):
        analysis.analyse({"m": -1})
    with pytest.raises(GameError, match="'gamma' = -1"):
        analysis.plot(None, "unused.png", {"gamma": -1})


@pytest.mark.slow
def test_bad_parameter_exits_2():
    result = run_script(SCRIPT, "--param", "m=-1", in_subprocess=True)  # the real CLI path
    assert result.returncode == 2 and "'m' = -1" in result.stderr
    assert result.stderr.count("\n") == 1


def test_plot(defaults, tmp_path):
    written = analysis.plot(defaults, str(tmp_path / "three_bloc"), {})
    assert written.endswith(".png")
    data = Path(written).read_bytes()
    assert data[:4] == b"\x89PNG" and len(data) > 30_000


def test_report_counts_in_words(defaults):
    assert "1 equilibrium at these parameters" in analysis.render(defaults)
    assert THREE_BLOC_DEFAULTS["h"] == 0.6  # the hand derivations above assume the defaults
