"""models/two_bloc.py, the main job: its report, JSON, picture and errors."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "models" / "two_bloc.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("two_bloc_model", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data(script):
    return script.analyse({})


def test_answers_at_the_defaults(data):
    q1 = data["question_1_capability_alone"]
    # defaults: alpha = 0.6 > theta = 0.4, so capability alone never deters (docs/two_bloc.md)
    assert q1["critical_c_nash"] is None and q1["critical_c_risk_dominant"] is None
    assert q1["share_of_c_in_0_5_with_restraint_nash_at_r0"] == 0.0
    assert q1["d_nash_threshold_dc_here"] == pytest.approx(0.2)
    assert q1["d_risk_threshold_dc_here"] == pytest.approx(0.8)
    # and where it fails: strong retaliation makes capability deter on its own
    counter = q1["counter_scenario"]
    assert counter["critical_c_nash"] == pytest.approx(1.0 / (counter["theta"] - 0.6))
    assert set(q1["game_type_by_c_at_r0"].values()) >= {"prisoners-dilemma"}


def test_minimum_reassurance_checked_three_ways(data):
    q2 = data["question_2_minimum_reassurance"]
    assert [row["r_star"] for row in q2["r_star_by_c"]] == pytest.approx(
        [1.0 + 0.8 * c for c in (0, 1, 2, 3, 4, 5)]
    )
    assert q2["grid_vs_formula_max_gap"] <= q2["grid_step"] + 1e-9
    for check in q2["classify_checks"]:
        above = check["r"] > 1.0 + 0.8 * check["c"]
        assert check["nash"] and check["risk_dominant"] == above


def test_accidents_raise_the_bar(data):
    q3 = data["question_3_accidents"]
    assert q3["closed_form_verified"]
    rows = {(r["eps0"], r["c"]): r for r in q3["rows"]}
    assert rows[(0.0, 3.0)]["r_nash"] == pytest.approx(1.0 + 0.2 * 3)
    assert rows[(0.05, 3.0)]["r_nash"] > rows[(0.0, 3.0)]["r_nash"]
    assert rows[(0.05, 5.0)]["p_war"] == pytest.approx(0.25**2)


def test_stability_at_defaults(data):
    rr, ee = data["stability"]["R,R"], data["stability"]["E,E"]
    assert rr["nash"] and ee["nash"] and ee["risk_dominant"] and not rr["risk_dominant"]
    assert data["game_type"] == "stag-hunt" and data["complete"]


def test_report_json_and_plot(script, capsys, tmp_path):
    png = tmp_path / "phase.png"
    assert script.main(["--plot", str(png)]) == 0
    text = capsys.readouterr().out
    for needle in ("(1) Can capability alone", "(2) Minimum reassurance", "(3) Accidents"):
        assert needle in text
    assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 30_000
    assert script.main(["--json", "--param", "theta=2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["question_1_capability_alone"]["critical_c_nash"] == pytest.approx(1 / 1.4)


def test_bad_parameter_exits_2():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--param", "zeta=1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "unknown parameter 'zeta'" in result.stderr
    assert result.stderr.count("\n") == 1
