"""models/three_bloc.py: answers at the defaults, consistent statements elsewhere, JSON, PNG."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gametheory import solve
from gametheory.deterrence.three_bloc import three_bloc

SCRIPT = Path(__file__).resolve().parent.parent / "models" / "three_bloc.py"
STANCES = ("align-A", "align-B", "neutral")


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("three_bloc_model", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data(script):
    return script.analyse({}, n_starts=100)


def test_answers_at_the_defaults(data):
    q1 = data["question_1_neutrality"]
    assert q1["g_best_replies"]["R,R"] == ["align-A"] and q1["g_best_replies"]["E,E"] == ["neutral"]
    assert not q1["rr_neutral_is_equilibrium_here"] and q1["ee_neutral_is_equilibrium_here"]
    assert q1["rr_neutral_m_threshold_here"] == pytest.approx(0.2)
    assert q1["p_both_escalate_needed"] == pytest.approx(0.5)  # s_A / h = 0.3 / 0.6
    assert [e["profile"] for e in data["equilibria"]] == ["(E, E, neutral)"]
    q2 = data["question_2_reassurance"]
    row = next(r for r in q2["r_star_by_c"] if r["c"] == 2.0)
    # two-bloc r* = 1 + 0.8 c; with G neutral, minus m = 0.5; G aligned: 1 + 0.2 c + 0.36
    assert (row["no_G"], row["G_neutral"], row["simultaneous_nash"]) == pytest.approx(
        (2.6, 2.1, 1.76)
    )
    assert q2["mediation_lowers_nash_threshold_by"] == "m"
    assert [chk["restraint_equilibrium"] for chk in q2["solver_checks_at_default_c"]] == [
        False,
        True,
    ]
    q3 = data["question_3_alignment"]
    assert not q3["restraint_holds_without_alignment"] and q3["restraint_holds_with_neutral_g"]
    assert q3["blocs_game_by_stance"]["neutral"]["pure_equilibria"] == ["R,R", "E,E"]
    assert q3["blocs_game_by_stance"]["align-A"]["pure_equilibria"] == ["E,E"]
    q4 = data["question_4_commitment"]
    assert q4["g_prefers"] == ["neutral"] and q4["by_stance"]["neutral"]["blocs_play"] == "E,E"
    assert q4["restraint_selected_m_threshold_here"] == pytest.approx(1.4)
    fails = " ".join(data["question_5_verdict"]["fails"])
    assert "never stays neutral at peace" in fails and "alpha*gamma = 0.36" in fails


SCENARIOS = [
    pytest.param({"s_A": 0.0, "s_B": 0.0}, id="no-side-payments"),
    pytest.param({"s_A": 0.25, "s_B": 0.25}, id="equal-bids"),
    pytest.param({"alpha": 0.0}, id="no-coercive-advantage"),
    pytest.param({"h": 0.1}, id="payments-beat-entanglement"),
    pytest.param({"m": 1.5}, id="strong-mediation"),
    pytest.param({"m": 0.0, "r": 3.0}, id="no-mediation-high-r"),
    pytest.param({"c": 0.0, "gamma": 0.0}, id="zero-capability"),
    pytest.param({"alpha": 0.0, "s_A": 0.0, "s_B": 0.0, "h": 0.0}, id="G-indifferent-everywhere"),
]


@pytest.mark.parametrize("values", SCENARIOS)
def test_statements_agree_with_the_solver(script, values):
    data = script.analyse(values, n_starts=50)
    model = three_bloc()
    params = model.values(**values)
    game = model.at(**params)
    pure = {eq.pure_profile() for eq in solve(game, method="pure").equilibria}
    q1 = data["question_1_neutrality"]
    assert q1["rr_neutral_is_equilibrium_here"] == ((0, 0, 2) in pure)
    assert q1["ee_neutral_is_equilibrium_here"] == ((1, 1, 2) in pure)
    for blocs, best in q1["g_best_replies"].items():
        a, b = ("RE".index(x) for x in blocs.split(","))
        values_g = game.payoffs[2][a, b, :]
        expected = [STANCES[k] for k in np.flatnonzero(values_g >= values_g.max() - 1e-12)]
        assert best == expected
    # the restraint threshold of the simultaneous game brackets the solver's answer
    for chk in data["question_2_reassurance"]["solver_checks_at_default_c"]:
        star = next(
            r["simultaneous_nash"]
            for r in data["question_2_reassurance"]["r_star_by_c"]
            if r["c"] == params["c"]
        ) if params["c"] in (0.0, 1.0, 2.0, 3.0, 4.0, 5.0) else None  # fmt: skip
        if star is not None and chk["r"] >= 0.05:
            assert chk["restraint_equilibrium"] == (chk["r"] > star)
    # G's commitment payoffs are the game's payoffs at the profile the blocs play
    for stance, info in data["question_4_commitment"]["by_stance"].items():
        if info["blocs_play"] is not None:
            a, b = ("RE".index(x) for x in info["blocs_play"].split(","))
            assert info["g_payoff"] == pytest.approx(game.payoffs[2][a, b, STANCES.index(stance)])
    verdict = data["question_5_verdict"]
    text = " ".join(verdict["fails"])
    s_max = max(params["s_A"], params["s_B"])
    assert ("never stays neutral at peace" in text) == (s_max > 0)
    assert ("side payments beat entanglement" in text) == (params["h"] < s_max)
    assert ("G is indifferent" in " ".join(verdict["holds"])) == (params["h"] == s_max)
    assert ("raises the reassurance" in text) == (params["alpha"] * params["gamma"] > 0)
    assert ("neutrality brings no mediation" in text) == (params["m"] == 0)
    report = script.render(data)
    assert "(5) Where the policy argument holds" in report


def test_strong_mediation_as_doctrine(script):
    data = script.analyse({"m": 1.5}, n_starts=50)
    q4 = data["question_4_commitment"]
    assert q4["by_stance"]["neutral"]["blocs_play"] == "R,R" and q4["g_prefers"] == ["neutral"]
    assert any("the blocs restrain" in line for line in data["question_5_verdict"]["holds"])


def test_no_side_payments_make_neutral_peace_an_equilibrium(script):
    data = script.analyse({"s_A": 0.0, "s_B": 0.0}, n_starts=50)
    assert data["question_1_neutrality"]["rr_neutral_is_equilibrium_here"]
    assert data["question_1_neutrality"]["g_best_replies"]["R,R"] == list(STANCES)
    assert data["question_2_reassurance"]["simultaneous_game_uses"] == "G_neutral_nash"


def test_report_json_and_plot(script, capsys, tmp_path):
    png = tmp_path / "three_bloc.png"
    assert script.main(["--plot", str(png)]) == 0
    text = capsys.readouterr().out
    for needle in ("(1) When is neutrality", "(2) Does neutrality", "(3) When does G's"):
        assert needle in text
    assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 30_000
    assert script.main(["--json", "--param", "m=1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parameters"]["m"] == 1.0


def test_bad_parameter_exits_2():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--param", "m=-1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "'m' = -1" in result.stderr
    assert result.stderr.count("\n") == 1


def test_report_counts_in_words(script, data):
    # one equilibrium at the defaults, (E, E, neutral): the noun in the singular
    assert "\n1 equilibrium (method" in script.render(data)
