"""The spiral model (gametheory.deterrence.spiral) and its findings (analysis.spiral).

Every check recomputes its answer independently: the stage game from two_bloc(), accident
matrices written out here, verdicts from repeated.is_nash / is_subgame_perfect /
outcome_distribution / expected_payoffs on freshly built automata, never the model's cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gametheory.cli import run_model_script
from gametheory.deterrence.analysis.spiral import analyse, plot, render
from gametheory.deterrence.spiral import (
    MENU,
    MIN_ACCIDENT_RATE,
    SpiralModel,
    accident_matrix,
    best_reply,
    contrite_tft,
)
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.errors import GameError
from gametheory.repeated import (
    Automaton,
    expected_payoffs,
    is_nash,
    is_subgame_perfect,
    one_shot_deviations,
    outcome_distribution,
    strategy,
)

ROOT = Path(__file__).resolve().parent.parent
FAST = {"n_scan": 21, "tol": 1e-6, "memory_two": False}  # coarse windows, ends to 1e-6;
# the memory-two findings are tested in test_spiral_memory_two.py
DELTA, TARGET = 0.9, 0.05


# ----------------------------------------------------------------------------- independent
def _stage(c, r=0.5):
    return two_bloc().at(c=c, r=r)


def _noise(c, eps0=0.02, two_sided=False):
    e = min(1.0, eps0 * c)
    return [[1 - e, e], [e, 1 - e]] if two_sided else [[1 - e, e], [0.0, 1.0]]


def _automaton(name, g):
    if name == "CTFT":
        return contrite_tft()
    return strategy("GTFT", g=g) if name == "GTFT" else strategy(name)


def _independent(name, c, g, eps0=0.02, two_sided=False, r=0.5, delta=DELTA):
    """(spe, nash, war share) of (name, name) at c, from the repeated engine directly."""
    stage, Q, a = _stage(c, r), _noise(c, eps0, two_sided), _automaton(name, g)
    war = float(outcome_distribution(stage, [a, a], 1.0, noise=Q)[1, 1])
    return (
        is_subgame_perfect(stage, [a, a], delta, noise=Q),
        is_nash(stage, [a, a], delta, noise=Q),
        war,
    )


@pytest.fixture(scope="module")
def report():
    return analyse({}, **FAST)


# ----------------------------------------------------------------------------- the automaton
def test_contrite_tft_follows_the_standing_rules():
    """CTFT's automaton against a hand-written standing tracker (Boyd 1989) on random play."""
    rng = np.random.default_rng(17)
    a = contrite_tft()
    for _ in range(50):
        state, own_good, rival_good = a.initial, True, True
        for _ in range(30):
            intended = 1 if own_good and not rival_good else 0
            assert a.actions[state].argmax() == intended
            own, rival = (int(x) for x in rng.integers(0, 2, size=2))
            provoked, provoking = own_good and not rival_good, rival_good and not own_good
            own_good, rival_good = own == 0 or provoked, rival == 0 or provoking
            state = int(a.transitions[state, own, rival])
            assert state == 2 * (not own_good) + (not rival_good)


def test_accident_matrices():
    assert accident_matrix(0.0).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert accident_matrix(0.25, "two-sided").tolist() == [[0.75, 0.25], [0.25, 0.75]]
    with pytest.raises(GameError, match="accident_matrix"):
        accident_matrix(0.1, "both")


# ----------------------------------------------------------------------------- known answers
def test_gtft_is_not_nash_and_always_restrain_is_its_best_reply_at_c2(report):
    f = report.finding("spiral.equilibrium.GTFT")
    g = report.parameters["g"]
    stage, Q, gtft = _stage(2.0), _noise(2.0), strategy("GTFT", g=g)
    # g: the least generosity whose war share meets the 5% target at c = 2
    share = float(outcome_distribution(stage, [gtft, gtft], 1.0, noise=Q)[1, 1])
    less = strategy("GTFT", g=g - 1e-6)
    assert share <= TARGET < float(outcome_distribution(stage, [less, less], 1.0, noise=Q)[1, 1])
    assert f.holds is False and f.evidence["nash"] is False
    assert not is_nash(stage, [gtft, gtft], DELTA, noise=Q)
    assert f.evidence["best_reply"] == "always restrain"
    own = expected_payoffs(stage, [gtft, gtft], DELTA, noise=Q)[0]
    allc = expected_payoffs(stage, [strategy("ALLC"), gtft], DELTA, noise=Q)[0]
    assert f.evidence["gain"] == pytest.approx(allc - own, abs=1e-9)
    assert f.evidence["gain"] == pytest.approx(0.0582, abs=5e-4)  # the referee's 0.058
    assert "always restrain" in f.statement and "not Nash" in f.statement


def test_ctft_is_subgame_perfect_at_the_defaults(report):
    f = report.finding("spiral.equilibrium.CTFT")
    assert f.holds is True and f.evidence["nash"] is True
    spe, nash, war = _independent("CTFT", 2.0, 0.0)
    assert spe and nash and war < TARGET
    assert report.finding("spiral.window.CTFT").holds is True
    assert report.finding("spiral.sustained").evidence["strategies"] == ["CTFT"]


def test_window_endpoints_hold_just_inside_and_fail_just_outside(report):
    g = report.parameters["g"]
    found = 0
    for name in MENU:
        for concept in ("window", "nash_window"):
            region = report.finding(f"spiral.{concept}.{name}").region
            assert not region.exact and region.tol == FAST["tol"]
            for iv in region.intervals:
                for end, inward in ((iv.lo, 1), (iv.hi, -1)):
                    if end in region.domain:
                        continue  # the end of the scanned range, not a change
                    found += 1
                    spe, nash, war = _independent(name, end + inward * 1e-5, g)
                    assert (spe if concept == "window" else nash) and war <= TARGET
                    spe, nash, war = _independent(name, end - inward * 1e-5, g)
                    assert not ((spe if concept == "window" else nash) and war <= TARGET)
    assert found >= 2  # CTFT's window has two located ends at the defaults


def test_tft_one_slip_starts_an_echo_and_war_needs_a_second_accident(report):
    f = report.finding("spiral.after_slip.TFT")
    shares = np.array(f.evidence["outcome_shares_without_further_accident"])
    assert shares.ravel().tolist() == pytest.approx([0.0, 0.5, 0.5, 0.0])
    assert f.holds is True and f.evidence["war_probability_without_further_accident"] == 0
    # in the echo one bloc intends restraint each round: war at its first slip, 1/eps rounds
    assert f.evidence["expected_rounds_to_war"] == pytest.approx(1 / 0.04)
    # yet in the long run TFT is at war all the time (war is absorbing under one-sided slips)
    assert report.finding("spiral.war_share").evidence["war_share"]["TFT"] == pytest.approx(1)
    grim = report.finding("spiral.after_slip.GRIM")
    assert grim.holds is False and grim.evidence["expected_rounds_to_war"] == pytest.approx(1)


def test_without_accidents_grim_follows_friedman():
    # eps0 = 0: GRIM is subgame perfect iff delta >= (T - R) / (T - P) (Friedman 1971)
    model = SpiralModel.from_values({"eps0": 0.0})
    for c in (0.1, 0.2, 0.5, 3.0):
        A = _stage(c).payoffs[0]
        R, T, P = A[0, 0], A[1, 0], A[1, 1]
        assert model.verdict("GRIM", c).spe == (DELTA >= (T - R) / (T - P))


def test_tft_without_accidents_is_nash_but_not_subgame_perfect():
    # Axelrod (1984): TFT is Nash iff delta >= max((T-R)/(T-P), (T-R)/(R-S)); it is not
    # subgame perfect off the knife edge T + S = R + P
    rep = analyse({"eps0": 0.0, "c": 3.0}, **FAST)
    f = rep.finding("spiral.equilibrium.TFT")
    A = _stage(3.0).payoffs[0]
    R, S, T, P = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
    assert DELTA >= max((T - R) / (T - P), (T - R) / (R - S)) and T + S != R + P
    assert f.holds is False and f.evidence["nash"] is True
    assert f.evidence["one_shot_gain"] > 0 and "Nash but not subgame perfect" in f.statement
    assert f.evidence["one_shot_gain"] == pytest.approx(
        one_shot_deviations(_stage(3.0), [strategy("TFT")] * 2, DELTA).max_gain
    )


def test_tft_under_two_sided_noise_is_at_war_a_quarter_of_the_time():
    # Molander (1985): two noisy TFT players spend a quarter of the time in each outcome
    rep = analyse({"two_sided": 1.0}, **FAST)
    assert rep.parameters["noise"] == "two-sided"
    assert rep.finding("spiral.war_share").evidence["war_share"]["TFT"] == pytest.approx(0.25)
    assert "two-sided accidents" in rep.finding("spiral.accidents").statement


def test_best_reply_value_is_reached_by_its_automaton():
    stage, Q = _stage(6.0), accident_matrix(0.12)
    for name in ("TFT", "WSLS", "GTFT"):
        a = _automaton(name, 0.3)
        reply = best_reply(stage, a, DELTA, Q)
        reached = expected_payoffs(stage, [reply.automaton, a], DELTA, noise=Q)[0]
        assert reached == pytest.approx(reply.value, abs=1e-9)
        own = expected_payoffs(stage, [a, a], DELTA, noise=Q)[0]
        assert reply.gain == pytest.approx(reply.value - own, abs=1e-9) and reply.gain > 0


def test_user_strategy_is_checked_like_the_menu():
    tf2t = strategy("TF2T")
    rep = analyse({"c": 3.0}, strategies={"TF2T": tf2t}, **FAST)
    f = rep.finding("spiral.equilibrium.TF2T")
    spe, nash, war = (
        is_subgame_perfect(_stage(3.0), [tf2t] * 2, DELTA, noise=_noise(3.0)),
        is_nash(_stage(3.0), [tf2t] * 2, DELTA, noise=_noise(3.0)),
        float(outcome_distribution(_stage(3.0), [tf2t] * 2, 1.0, noise=_noise(3.0))[1, 1]),
    )
    assert f.holds == spe and f.evidence["nash"] == nash
    assert rep.finding("spiral.war_share").evidence["war_share"]["TF2T"] == pytest.approx(war)
    with pytest.raises(GameError, match="already in the menu"):
        analyse({}, strategies={"TFT": tf2t}, **FAST)
    three = Automaton(np.array([0]), np.zeros((1, 2, 2, 2), dtype=np.int64), 0, "X")
    with pytest.raises(GameError, match="needs 2 and 2"):
        analyse({}, strategies=[three], **FAST)


def test_stage_restraint_region_is_exact(report):
    # restraint is a one-shot equilibrium iff r >= b + (alpha - theta) c: c <= (r - 1) / 0.2
    f = analyse({"r": 1.4, "c": 1.0}, **FAST).finding("spiral.stage_restraint")
    assert f.region.exact and f.holds is True
    assert [(iv.lo, iv.hi) for iv in f.region.intervals] == [(0.0, pytest.approx(2.0))]
    never = report.finding("spiral.stage_restraint")
    assert never.region.empty and never.holds is False and "for no c" in never.statement


def test_bad_settings_raise():
    for values, text in (
        ({"delta": 1.5}, "delta"),
        ({"eps0": -0.1}, "eps0"),
        ({"war_target": 0.0}, "war_target"),
        ({"g": 2.0}, "g = 2.0"),
        ({"two_sided": 0.5}, "two_sided"),
        ({"c": -1.0}, "c = -1.0"),
        ({"c_max": 0.0}, "c_max"),
        ({"nonsense": 1.0}, "nonsense"),
    ):
        with pytest.raises(GameError, match=text):
            analyse(values, **FAST)
    with pytest.raises(GameError, match="too close for the chain solves"):
        analyse({"eps0": 1e-300}, **FAST)  # the engine would return NaN shares here
    with pytest.raises(GameError, match="contradicts"):
        analyse({"two_sided": 0.0}, noise="two-sided", **FAST)


# ----------------------------------------------------------------------------- properties
def _probabilities(evidence):
    """Every share or probability in a finding's evidence (nested)."""
    for key, value in evidence.items():
        if isinstance(value, dict):
            yield from _probabilities(value)
        elif value is None or isinstance(value, (str, bool)):
            continue
        elif "share" in key or "probability" in key:
            yield from np.ravel(np.asarray(value, dtype=float))


@pytest.mark.slow
@settings(
    max_examples=14,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each example is costly
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    c=st.one_of(
        st.sampled_from([0.0, 0.70977, 0.70978, 7.3418, 7.342, 50.0, 60.0]),
        st.floats(0.0, 12.0),
    ),
    # eps0 >= 1e-4: the windows bisect c down to ~1e-9, and rates below ~1e-15 are refused
    eps0=st.one_of(st.sampled_from([0.0, 0.02, 0.1]), st.floats(1e-4, 0.2)),
    two_sided=st.booleans(),
    r=st.sampled_from([0.5, 1.2, 3.0]),  # 1.2, 3.0: one-shot restraint stable at low c / all c
    delta=st.sampled_from([0.5, 0.9, 0.99]),
)
def test_findings_match_independent_verdicts(c, eps0, two_sided, r, delta):
    eps = min(1.0, eps0 * c)
    snapped = 1 - eps <= 4 * np.finfo(float).eps  # eps0 c = 1 up to rounding is taken as 1
    if 0 < min(eps, 1 - eps) < MIN_ACCIDENT_RATE and not snapped:
        with pytest.raises(GameError, match="too close for the chain solves"):
            analyse({"c": c, "eps0": eps0}, **FAST)
        return
    values = {"c": c, "eps0": eps0, "two_sided": float(two_sided), "r": r, "delta": delta}
    rep = analyse({**values, "c_max": 12.0}, **FAST)
    g = rep.parameters["g"]
    A = _stage(c, r).payoffs[0]
    stage = rep.finding("spiral.stage_restraint")
    assert stage.holds == (A[1, 0] <= A[0, 0])
    if c <= 12.0 and not stage.region.near_boundary(c):
        assert stage.region.contains(c) == stage.holds
    sustained = []
    for name in MENU:
        spe, nash, war = _independent(name, c, g, eps0, two_sided, r, delta)
        eq = rep.finding(f"spiral.equilibrium.{name}")
        assert eq.holds == spe and eq.evidence["nash"] == nash
        # the long-run solve loses accuracy like 1e-16 / eps at tiny rates; shares are clipped
        slack = max(1e-9, 1e-15 / eps) if eps > 0 else 1e-9
        assert eq.evidence["war_share"] == pytest.approx(min(max(war, 0.0), 1.0), abs=slack)
        if not nash:
            assert eq.evidence["gain"] > 0 and "not Nash" in eq.statement
        for key, ok in (("window", spe), ("nash_window", nash)):
            f = rep.finding(f"spiral.{key}.{name}")
            assert f.holds == (ok and war <= TARGET)
            # the located region agrees with the verdict at c, unless c is within tol of an end
            if c <= 12.0 and not f.region.near_boundary(c, slack=2e-6):
                assert f.region.contains(c) == f.holds
        if spe and war <= TARGET:
            sustained.append(name)
        reply = best_reply(_stage(c, r), _automaton(name, g), delta, _noise(c, eps0, two_sided))
        assert (reply.gain <= 1e-9 * _stage(c, r).payoff_range) == nash
        if not eq.region.near_boundary(c, slack=2e-6) and c <= 12.0:
            assert eq.region.contains(c) == spe
    union = rep.finding("spiral.sustained")
    assert union.holds == bool(sustained)
    if c <= 12.0 and not union.region.near_boundary(c, slack=2e-6):
        assert union.region.contains(c) == union.holds
    for f in rep.findings:
        for p in _probabilities(f.evidence):
            assert 0.0 <= p <= 1.0, (f.id, p)
        assert "for for" not in f.statement and "none no" not in f.statement


# ----------------------------------------------------------------------------- command line
@pytest.mark.slow
def test_run_model_script_json_text_plot_and_errors(tmp_path, capsys):
    def quick(values):
        return analyse({k: float(v) for k, v in values.items()}, **FAST)

    png = tmp_path / "spiral.png"
    args = ["--json", "--plot", str(png), "--param", "two_sided=1", "--param", "c=4"]
    assert run_model_script(args, "spiral.py", "doc", quick, render, plot) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parameters"]["noise"] == "two-sided" and data["parameters"]["c"] == 4
    assert png.stat().st_size > 10_000
    assert run_model_script([], "spiral.py", "doc", quick, render, plot) == 0
    text = capsys.readouterr().out
    assert "Findings" in text and "Assumption: one-sided accidents" in text
    assert run_model_script(["--param", "delta=1.5"], "spiral.py", "doc", quick, render, plot) == 2
    assert "spiral.py: spiral: delta = 1.5" in capsys.readouterr().err


@pytest.mark.slow
def test_script_json_shows_ctft_gtft_and_located_windows():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, str(ROOT / "models" / "spiral.py"), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    ).stdout
    data = json.loads(out)
    found = {f["id"]: f for f in data["findings"]}
    assert found["spiral.equilibrium.CTFT"]["holds"] is True
    gtft = found["spiral.equilibrium.GTFT"]
    assert gtft["evidence"]["nash"] is False and gtft["evidence"]["gain"] > 0
    window = found["spiral.window.CTFT"]["region"]
    assert window["exact"] is False and window["tol"] == 1e-9 and window["intervals"]
    assert "spiral.accidents" in found
    assert len((ROOT / "models" / "spiral.py").read_text().splitlines()) <= 120
