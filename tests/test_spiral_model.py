"""models/spiral.py: the repeated two-bloc game with accidents, at default and other parameters."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "models" / "spiral.py"


@pytest.fixture(scope="module")
def spiral():
    spec = importlib.util.spec_from_file_location("spiral_model", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(data):
    return {r["c"]: r for r in data["rows"]}


@pytest.fixture(scope="module")
def defaults(spiral):
    return spiral.analyse({}, c_values=(0.5, 2.0, 5.0), c_fine=(0.5, 2.0, 5.0))


def test_defaults_window_of_sustainable_restraint(defaults):
    rows = _rows(defaults)
    for r in rows.values():
        # one-shot restraint is not an equilibrium at r = 0.5, so only repetition can help
        assert not r["restraint_is_stage_equilibrium"]
        grim = r["automata"]["GRIM"]
        # pure deterrence is credible here but every accident is final: permanent war
        assert grim["nash"] and grim["spe"] and grim["war_share"] == pytest.approx(1.0)
        assert r["automata"]["TFT"]["war_share"] == pytest.approx(1.0)
    # capability 2: forgiving deterrence keeps the peace
    assert rows[2.0]["forgiveness_compatible_with_deterrence"]
    assert rows[2.0]["sustaining"] == ["GTFT"]
    assert rows[2.0]["automata"]["GTFT"]["war_share"] <= 0.05 + 1e-6
    # where the argument fails: war too cheap to deter at c = 0.5, accidents too frequent at 5
    assert defaults["restraint_unsustainable_at_c"] == [0.5, 5.0]
    five = rows[5.0]["gtft"]
    assert five["g_needed_for_peace"] > five["g_max_deterring"]


def test_without_accidents_the_known_thresholds_hold(spiral):
    data = spiral.analyse({"eps0": 0.0}, c_values=(2.0, 4.0), c_fine=(2.0,))
    for r in data["rows"]:
        s = r["stage"]
        R, S, T, P = s["R"], s["S"], s["T"], s["P"]
        assert r["eps"] == 0.0
        assert all(a["war_share"] == 0.0 for a in r["automata"].values())
        # Friedman (1971) and Axelrod (1984) in the two-bloc stage game
        grim = r["automata"]["GRIM"]["critical_discount_spe"]
        assert grim == pytest.approx((T - R) / (T - P), abs=1e-5)
        tft = r["automata"]["TFT"]["critical_discount_nash"]
        assert tft == pytest.approx(max((T - R) / (T - P), (T - R) / (R - S)), abs=1e-5)


def test_forgiveness_bound_tends_to_nowak_sigmund(spiral):
    # Nowak & Sigmund (1992): as delta -> 1 without noise, the most generous deterring GTFT
    # forgives min(1 - (T-R)/(R-S), (R-P)/(T-P))
    data = spiral.analyse({"eps0": 0.0, "delta": 0.99999}, c_values=(), c_fine=(3.0,))
    row = data["fine_grid"][0]
    params = data["parameters"]
    c = 3.0
    R = -params["k"] * c
    S = -params["beta"] * c - params["k"] * c
    T = params["b"] + (params["alpha"] - params["theta"] - params["k"]) * c - params["r"]
    P = -2 * params["w"] * c - params["k"] * c
    expected = min(1 - (T - R) / (R - S), (R - P) / (T - P))
    assert row["gtft"]["g_max_deterring"] == pytest.approx(expected, abs=1e-4)


def test_frequent_accidents_leave_no_equilibrium(spiral):
    data = spiral.analyse({"eps0": 0.15}, c_values=(4.0,), c_fine=(4.0,))
    row = data["rows"][0]
    assert row["eps"] == pytest.approx(0.6)
    assert row["equilibria"] == [] and row["sustaining"] == []
    assert row["automata"]["GRIM"]["critical_discount_nash"] is None
    assert data["restraint_unsustainable_at_c"] == [4.0]


def test_high_reassurance_makes_restraint_a_stage_equilibrium(spiral):
    # r = 2.5 > b + (alpha - theta) c for c < 7.5: escalating against restraint never pays, so
    # forgiving everything (GTFT with g = 1, i.e. always restrain) deters
    data = spiral.analyse({"r": 2.5}, c_values=(2.0,), c_fine=(2.0,))
    row = data["rows"][0]
    assert row["restraint_is_stage_equilibrium"]
    assert row["gtft"]["g_max_deterring"] == pytest.approx(1.0)
    assert "GTFT" in row["sustaining"]


def test_main_json_plot_and_errors(spiral, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(spiral, "C_VALUES", (1.0, 3.0))
    monkeypatch.setattr(spiral, "C_FINE", (1.0, 3.0))
    monkeypatch.setattr(spiral.analyse, "__defaults__", ((1.0, 3.0), (1.0, 3.0)))
    png = tmp_path / "spiral.png"
    assert spiral.main(["--json", "--plot", str(png), "--param", "eps0=0.03"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parameters"]["eps0"] == 0.03 and len(data["rows"]) == 2
    assert png.stat().st_size > 10_000
    assert spiral.main([]) == 0
    assert "Findings" in capsys.readouterr().out
    assert spiral.main(["--param", "delta=1.5"]) == 2
    assert "spiral.py: spiral: delta = 1.5" in capsys.readouterr().err
    assert spiral.main(["--param", "nonsense=1"]) == 2
    assert "unknown parameter 'nonsense'" in capsys.readouterr().err


def test_capabilities_are_reported_as_runs_of_the_grid(spiral):
    grid = [0.25, 0.5, 0.75, 1.0, 1.25]
    assert spiral._ranges([0.5, 0.75, 1.0], grid) == "[0.5, 1]"
    assert spiral._ranges([0.25, 1.0, 1.25], grid) == "0.25 and [1, 1.25]"
    assert spiral._ranges([0.25, 0.75], grid) == "0.25 and 0.75"
    assert spiral._ranges([], grid) == "none"
