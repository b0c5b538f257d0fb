"""The `gametheory` command: the JSON contract of docs/README.md and one-line errors with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gametheory.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_solve_json_contract(capsys):
    status, out, err = run(capsys, "solve", EXAMPLES / "von_stengel.nfg", "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert {"players", "actions", "method", "complete", "equilibria"} <= set(data)
    assert data["method"] == "enummixed" and data["complete"] is True
    assert len(data["equilibria"]) == 3
    for eq in data["equilibria"]:
        assert set(eq) >= {"strategies", "payoffs"}
        assert all(abs(sum(s) - 1) < 1e-12 for s in eq["strategies"])
    assert [len(a) for a in data["actions"]] == [3, 2]


def test_solve_model_file_with_params(capsys):
    status, out, _ = run(
        capsys, "solve", EXAMPLES / "two_bloc.toml", "--param", "c=0", "--param", "r=3/2", "--json"
    )
    data = json.loads(out)
    assert status == 0 and data["players"] == ["A", "B"] and data["actions"] == [["R", "E"]] * 2
    # at c = 0, r = 1.5 > b: restraint is the only equilibrium... and (E,E) pays 0 = u(R,E)
    pure = [eq["strategies"] for eq in data["equilibria"]]
    assert [[1.0, 0.0], [1.0, 0.0]] in pure


def test_solve_readable_output(capsys):
    status, out, _ = run(capsys, "solve", "builtin:battle_of_sexes")
    assert status == 0
    assert "3 equilibria" in out and "0.6 Opera + 0.4 Football" in out


def test_solve_reports_continuum(capsys, tmp_path):
    path = tmp_path / "entry.nfg"
    path.write_text('NFG 1 R "entry" { "E" "I" } { 2 2 }\n0 2 -1 -1 0 2 1 1\n')
    status, out, _ = run(capsys, "solve", path)
    assert status == 0 and "continua" in out


def test_solve_exact(capsys):
    _status, out, _ = run(capsys, "solve", EXAMPLES / "von_stengel.nfg", "--exact", "--json")
    exact = [eq["exact"] for eq in json.loads(out)["equilibria"]]
    assert [["4/5", "1/5", "0"], ["2/3", "1/3"]] in exact


@pytest.mark.parametrize("method", ["support", "vertex", "lemke-howson", "pure"])
def test_solve_methods(capsys, method):
    status, out, _ = run(capsys, "solve", "builtin:stag_hunt", "--method", method, "--json")
    assert status == 0 and json.loads(out)["method"] == method


def test_sweep_writes_table_and_plot(capsys, tmp_path):
    csv_path, png_path = tmp_path / "t.csv", tmp_path / "p.png"
    status, out, _ = run(
        capsys,
        "sweep",
        "builtin:two_bloc",
        "--grid",
        "c=0:5:21",
        "--grid",
        "r=0:5:31",
        "--out",
        csv_path,
        "--plot",
        png_path,
        "--json",
    )
    assert status == 0
    data = json.loads(out)
    assert np.isclose(sum(data["shares"].values()), 1.0)
    assert data["axes"] == {"c": [0.0, 5.0, 21], "r": [0.0, 5.0, 31]}
    assert len(csv_path.read_text().splitlines()) == 21 * 31 + 1
    assert png_path.read_bytes()[:4] == b"\x89PNG"


def test_listings(capsys):
    assert run(capsys, "games", "--json")[0] == 0
    status, out, _ = run(capsys, "methods", "--json")
    assert status == 0 and "enummixed" in json.loads(out)


BAD = [
    (["solve", "missing.nfg"], "missing.nfg"),
    (["solve", "builtin:nope"], "no built-in model 'nope'"),
    (["solve", "builtin:two_bloc", "--param", "zeta=1"], "unknown parameter 'zeta'"),
    (["solve", "builtin:two_bloc", "--param", "c=abc"], "'abc' is not a number"),
    (["solve", "builtin:two_bloc", "--param", "c"], "not NAME=VALUE"),
    (["solve", "builtin:two_bloc", "--param", "c=nan"], "not finite"),
    (["solve", "builtin:two_bloc", "--method", "magic"], "invalid choice"),
    (["solve", str(EXAMPLES / "von_stengel.nfg"), "--param", "c=1"], "no parameters"),
    (["sweep", "builtin:two_bloc", "--grid", "c=0:5:0"], "has no points"),
    (["sweep", "builtin:two_bloc", "--grid", "q=0:5:3"], "'q' is not a parameter"),
    (["sweep", "builtin:two_bloc"], "at least one --grid"),
    (["sweep", str(EXAMPLES / "von_stengel.nfg"), "--grid", "c=0:1:2"], "needs a model"),
    (["frobnicate"], "invalid choice"),
    ([], "required"),
]


@pytest.mark.parametrize("argv, message", BAD, ids=[" ".join(a) or "empty" for a, _ in BAD])
def test_bad_input_one_line_exit_2(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("gametheory: ") and message in err


def test_malformed_nfg_names_the_line(capsys, tmp_path):
    path = tmp_path / "bad.nfg"
    path.write_text('NFG 1 R "x" { "1" "2" } { 2 2 }\n\n1 2 3 4 5 6 7\n')
    status, _, err = run(capsys, "solve", path)
    assert status == 2 and "line 3" in err and err.count("\n") == 1


def test_unsafe_model_file_executes_nothing(capsys, tmp_path):
    marker = tmp_path / "pwned"
    model = tmp_path / "evil.toml"
    model.write_text(
        'players = ["A", "B"]\nactions = [["x"], ["y"]]\n[payoffs]\n'
        f'"x,y" = ["__import__(\'os\').system(\'touch {marker}\')", "0"]\n'
    )
    status, _, err = run(capsys, "solve", model)
    assert status == 2 and err.startswith("gametheory: ") and err.count("\n") == 1
    assert not marker.exists()


def test_module_and_console_entry_points(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "gametheory", "solve", "builtin:prisoners_dilemma", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["equilibria"][0]["strategies"] == [
        [0.0, 1.0],
        [0.0, 1.0],
    ]
    bad = subprocess.run(
        [sys.executable, "-m", "gametheory", "solve", str(tmp_path / "no.nfg")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_stability_json_keys(capsys):
    status, out, _ = run(
        capsys,
        "stability",
        "builtin:two_bloc",
        "--profile",
        "R,R",
        "--param",
        "r=4",
        "--starts",
        "300",
        "--json",
    )
    data = json.loads(out)
    assert status == 0
    # the JSON is the report's to_dict(), with the fields of docs/criteria.md
    criteria = "nash strict risk_dominant risk_note largest_basin basin_stderr qre_converged"
    assert set(criteria.split()) | {"regime", "coincide", "minimum_trust"} <= set(data)
    # r = 4 > b + 0.8 c = 2.6: restraint is risk-dominant and the logit branch ends there
    assert data["nash"] and data["risk_dominant"] and data["qre_limit"]
    assert data["regime"] == "stable" and data["basin_method"] == "exact"


def test_stability_readable(capsys):
    status, out, _ = run(
        capsys, "stability", EXAMPLES / "stag_hunt.nfg", "--profile", "Stag,Stag", "--starts", "200"
    )
    assert status == 0 and "risk_dominant" in out


def test_thresholds_json(capsys):
    status, out, _ = run(capsys, "thresholds", "builtin:two_bloc", "--profile", "R,R", "--json")
    rows = {row["criterion"]: row for row in json.loads(out)["thresholds"]}
    assert status == 0 and rows["nash"]["relation"] == ">="
    assert rows["nash"]["boundary"] == "alpha*c + b - c*theta"
    # risk dominance carries where it is defined: (E,E) strict, i.e. c > 0 and beta > 2w
    assert rows["risk_dominant"]["requires"] == ["c > 0", "beta - 2*w > 0"]
    assert "defined where c > 0 and beta - 2*w > 0" in rows["risk_dominant"]["statement"]


def test_thresholds_text_shows_conditions_not_none(capsys):
    # solved for c the conditions need the sign of theta - alpha: shown as conditions
    status, out, _ = run(
        capsys, "thresholds", "builtin:two_bloc", "--profile", "R,R", "--solve-for", "c"
    )
    assert status == 0 and "None" not in out
    assert "nash           not solved for c; holds iff alpha*c + b - c*theta - r <= 0" in out
    assert "(defined where c > 0 and beta - 2*w > 0)" in out
    status, out, err = run(
        capsys, "thresholds", "builtin:two_bloc", "--profile", "R,R", "--tol", "1e-3"
    )
    assert status == 2 and "unrecognized arguments: --tol" in err


def test_stability_text_groups_criteria_that_coincide(capsys):
    status, out, _ = run(capsys, "stability", EXAMPLES / "stag_hunt.nfg", "--profile", "Stag,Stag")
    assert status == 0
    assert "strict = replicator_stable: True" in out
    assert "risk_dominant = qre_limit = largest_basin = minimum_trust < 1/2: all False" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["stability", "builtin:two_bloc", "--profile", "R,X"], "'X'"),
        (["stability", "builtin:two_bloc"], "--profile"),
        (["thresholds", "builtin:two_bloc", "--profile", "R,R", "--solve-for", "q"], "'q'"),
        (["thresholds", str(EXAMPLES / "von_stengel.nfg"), "--profile", "1,1"], "needs a model"),
    ],
)
def test_stability_bad_input(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and err.count("\n") == 1 and message in err
