"""The ``gametheory repeated`` subcommand: text, JSON, and one-line errors."""

from __future__ import annotations

import json

import pytest

from gametheory.cli import main


def test_json_meta_game_and_checks(capsys):
    code = main(
        [
            "repeated",
            "builtin:prisoners_dilemma",
            "--strategies",
            "ALLD,GRIM,GTFT:g=0.3,M1:0101",
            "--delta",
            "0.9",
            "--grid",
            "50",
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["strategies"] == ["ALLD", "GRIM", "GTFT(g=0.3)", "M1[0101]"]
    assert data["meta_payoffs"][0][1][1] == pytest.approx(3.0)  # GRIM vs GRIM: R forever
    rows = {r["strategy"]: r for r in data["symmetric_profiles"]}
    assert rows["GRIM"]["spe"] and rows["ALLD"]["spe"]
    assert rows["GRIM"]["critical_discount_spe"] == pytest.approx(0.5, abs=1e-6)
    assert rows["M1[0101]"]["critical_discount_nash"] == pytest.approx(2 / 3, abs=1e-6)  # TFT
    assert ["GRIM", "GRIM"] in data["pure_equilibria"]


def test_text_payoff_set_and_finite(capsys):
    args = ["repeated", "builtin:prisoners_dilemma", "--payoff-set", "--finite", "4"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "SPE payoff set (aps-polygon, converged" in out and "(4.33333, 1)" in out
    assert "4 rounds: 1 pure SPE payoff vectors; first-round actions (D,D)" in out


def test_errors_are_one_line(capsys):
    assert main(["repeated", "builtin:prisoners_dilemma"]) == 2
    assert capsys.readouterr().err.startswith("gametheory: repeated: give --strategies")
    assert main(["repeated", "builtin:prisoners_dilemma", "--strategies", "NOPE"]) == 2
    assert "unknown strategy 'NOPE'" in capsys.readouterr().err
    assert main(["repeated", "builtin:prisoners_dilemma", "--finite", "0"]) == 2
    assert "T = 0" in capsys.readouterr().err
    bad = ["repeated", "builtin:prisoners_dilemma", "--strategies", "TFT", "--delta", "2"]
    assert main(bad) == 2
    assert "delta = 2.0" in capsys.readouterr().err


@pytest.mark.parametrize("analysis", [["--payoff-set"], ["--finite", "3"]])
def test_noise_without_strategies_is_refused(capsys, analysis):
    args = ["repeated", "builtin:prisoners_dilemma", "--noise", "0.3", *analysis]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"--noise 0.3 is used by --strategies only and would be ignored by {analysis[0]}" in err


def test_long_finite_horizon_is_refused_with_an_estimate(capsys):
    assert main(["repeated", "builtin:chicken", "--finite", "3000"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "T = 3000 would keep about" in err and "GiB" in err
    assert main(["repeated", "builtin:chicken", "--finite", "30"]) == 0  # small T still runs
