"""models/bloc_formation.py: its answers at the defaults and elsewhere, JSON, picture, errors."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gametheory.deterrence.bloc_formation import CAMPS, EAST, bloc_formation

SCRIPT = Path(__file__).resolve().parent.parent / "models" / "bloc_formation.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("bloc_formation_model", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data(script):
    return script.analyse({})


def _check_verdicts(sweeps, camp="east"):
    """Each verdict agrees with the camp strengths it summarises."""
    for sweep in sweeps:
        rows = [row for row in sweep["rows"] if row[camp] is not None]
        (lo0, hi0), (lo1, hi1) = rows[0][camp], rows[-1][camp]
        verdict = sweep.get("verdict") or sweep.get("verdict_west")
        if verdict is None:
            continue
        assert verdict.startswith("banding together") == (lo1 > hi0)
        assert verdict.startswith("bandwagoning (") == (hi1 < lo0)


def test_status_quo_and_banding_at_defaults(data):
    (camps,) = data["status_quo"]["equilibria"]
    assert camps["Russia"] == camps["Global South"] == "non-aligned"
    assert camps["China"] == "East" and camps["Japan"] == "West"
    r0 = data["question_1_west_integration"][0]
    assert r0["r"] == 0 and r0["changes"]["Russia"] == {
        "q": 0.5,
        "from": "non-aligned",
        "to": "East",
    }
    # the same answer from the library directly, at the switch and just below it
    model = bloc_formation()
    russia = model.names.index("Russia")
    assert model.pure_equilibria(q_W=0.5)[0, russia] == EAST
    assert model.pure_equilibria(q_W=0.45)[0, russia] != EAST


def test_reassurance_shrinks_the_cascade(data):
    q2 = data["question_2_reassurance"]
    growth = [v["east_growth"] for v in q2["by_r"]]
    assert growth == pytest.approx([2.0, 2.0, 0.4, 0.4])  # Russia (2), then only North Korea
    assert q2["growth_never_rises_with_r"] and q2["least_r_without_cascade"] == 3.0
    # the onset is not monotone in r: the report must say so, not claim a uniform brake
    assert not q2["onset_never_earlier_with_r"]
    _check_verdicts(data["question_1_west_integration"])


def test_failures_are_reported(data):
    verdicts = {f["scenario"]: f["verdict"] for f in data["question_5_failures"]}
    assert verdicts["threat perception t quadrupled"].startswith("bandwagoning (")
    assert verdicts["non-alignment safe: exposure nu quartered"] == "no cascade"
    assert "collapses in one of several" in verdicts["threat perception t doubled"]


def test_cascade_and_larger_world(data):
    first = data["question_4_cascade"][0]
    assert [s["state"] for s in first["steps"]] == ["Global South", "Russia"] and first["converged"]
    model = bloc_formation()
    # every state that moved is, at the end, where the library's equilibrium at q_W = 1 has it
    (eq,) = model.pure_equilibria(q_W=1.0)
    for step in first["steps"]:
        assert CAMPS[eq[model.names.index(step["state"])]] == step["to"]
    big = data["question_4_larger_world"]
    assert big["integrated"]["russia_east_share"] == 1.0
    assert big["status_quo"]["russia_east_share"] == 0.0


def test_no_threat_means_no_cascade(script):
    # t = 0: integration only acts through the threat term, so nothing can move along q_W
    data = script.analyse({"t": 0.0}, n_q=6)
    assert all(v["verdict"] == "no cascade" for v in data["question_2_reassurance"]["by_r"])
    assert data["question_2_reassurance"]["least_r_without_cascade"] == 0.0
    text = script.render(data)
    assert "nobody moves" in text


def test_several_equilibria_are_reported(script):
    data = script.analyse({"t": 1.0, "nu": 0.5}, n_q=9)
    sweeps = data["question_1_west_integration"]
    assert any(s["several_equilibria_at"] for s in sweeps)
    _check_verdicts(sweeps)
    _check_verdicts(data["question_3_east_integration"], camp="west")
    assert "several equilibria" in script.render(data)


def test_report_json_and_plot(script, capsys, tmp_path):
    png = tmp_path / "cascade.png"
    assert script.main(["--plot", str(png), "--param", "r=0.25"]) == 0
    text = capsys.readouterr().out
    for needle in ("(1) The West integrates", "(2) What reassurance", "(5) Where the argument"):
        assert needle in text
    assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 30_000
    assert script.main(["--json", "--param", "nu=0.2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parameters"]["nu"] == 0.2
    assert np.isfinite(out["question_4_larger_world"]["integrated"]["converged_share"])


def test_bad_parameter_exits_2():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--param", "t=-1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "'t' = -1" in result.stderr
    assert result.stderr.count("\n") == 1
