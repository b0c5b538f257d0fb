"""models/two_bloc.py, the main job: right for any parameters, not only at the defaults.

Every statement the report makes is checked against what the library computes independently
at grid points (grid, classify), and against the closed forms of docs/two_bloc.md derived by
hand: r >= b + (alpha - theta) c (equilibrium), r > b + (alpha - theta + beta - 2w) c
(risk dominance, where (E,E) is strict: c > 0 and beta > 2w).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from gametheory.deterrence.two_bloc import two_bloc
from gametheory.stability import classify
from gametheory.sweep import grid

SCRIPT = Path(__file__).resolve().parent.parent / "models" / "two_bloc.py"
CHICKEN = {"beta": 0.2, "theta": 0.5}  # beta < 2w: at r = 0 the game is chicken
FLOAT_TIE = {"beta": 0.3, "w": 0.2, "theta": 0.5}  # alpha - theta + beta - 2w == 0 exactly
# alpha - theta + beta - 2w == 0 in exact arithmetic (not in floats), (E,E) strict
RD_TIE = {"alpha": 0.6, "theta": 0.9, "beta": 0.7, "w": 0.2}
STRONG_RETALIATION = {"theta": 2.0}  # capability alone deters: the argument fails


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("two_bloc_model", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reports(script):
    sets = {
        "defaults": {},
        "chicken": CHICKEN,
        "float-tie": FLOAT_TIE,
        "rd-tie": RD_TIE,
        "strong": STRONG_RETALIATION,
    }
    return {name: script.analyse(values, n_grid=21) for name, values in sets.items()}


def in_text_set(text: str, name: str, value: float) -> bool:
    """Membership in a set printed by set_text ("never", "c > 10", "c >= 1 and c < 2", ...)."""
    if text == "never":
        return False
    if text.startswith("every"):
        return True
    ok = False
    for alternative in text.split(" or "):
        conditions = [part.strip() for part in alternative.split(" and ")]
        holds = True
        for cond in conditions:
            var, op, bound = cond.split(" ")
            assert var == name, text
            holds &= {
                ">": value > float(bound),
                ">=": value >= float(bound),
                "<": value < float(bound),
                "<=": value <= float(bound),
            }[op]
        ok |= holds
    return ok


def test_answers_at_the_defaults(reports):
    data = reports["defaults"]
    q1 = data["question_1_capability_alone"]
    # alpha = 0.6 > theta = 0.4: capability alone never deters (docs/two_bloc.md)
    assert set(q1["at_these_parameters"].values()) == {"never"} and q1["stable_for"] == "never"
    assert q1["slope_of_r_thresholds"]["nash"]["here"] == "1/5"
    assert q1["slope_of_r_thresholds"]["risk_dominant"]["here"] == "4/5"
    # strong retaliation: at c = 5, theta >= alpha + b/c = 0.8; risk-dominant theta > 1.4
    assert q1["retaliation_needed_at_c5"]["nash"] == "theta >= 0.8"
    assert q1["retaliation_needed_at_c5"]["risk_dominant"] == "theta > 1.4"
    rows = data["question_2_reassurance"]["rows"]
    # stable iff r > b + 0.8 c (c > 0); at c = 0 (E,E) is weak, stable iff strict: r > b
    assert [row["r_star"] for row in rows] == pytest.approx([1.0 + 0.8 * c for c in range(6)])
    assert all(row["stable_for"].startswith("r > ") for row in rows)
    rr, ee = data["stability"]["R,R"], data["stability"]["E,E"]
    assert rr["nash"] and ee["nash"] and ee["risk_dominant"] and not rr["risk_dominant"]
    assert rr["regime"] == "fragile" and ee["regime"] == "stable"
    assert data["game_type"] == "stag-hunt" and data["complete"]
    assert rr["minimum_trust"] == pytest.approx([12 / 13, 12 / 13])  # (P-S)/((R-T)+(P-S))


@pytest.mark.parametrize("name", ["defaults", "chicken", "float-tie", "rd-tie", "strong"])
def test_statements_agree_with_grid_and_classify(script, reports, name):
    """What the report says at r = 0 (over c) and over r (at each c) is what grid computes."""
    values = {
        "defaults": {},
        "chicken": CHICKEN,
        "float-tie": FLOAT_TIE,
        "rd-tie": RD_TIE,
        "strong": STRONG_RETALIATION,
    }[name]
    data = reports[name]
    model = two_bloc()
    others = {k: v for k, v in model.values("test", **values).items() if k not in ("c", "r")}
    cs = np.linspace(0.0, 5.0, 41)
    alone = grid(model, {"c": cs}, fixed={**others, "r": 0.0})
    q1 = data["question_1_capability_alone"]
    for k, c in enumerate(cs):
        assert in_text_set(q1["at_these_parameters"]["nash"], "c", c) == alone.nash[k], c
        assert in_text_set(q1["at_these_parameters"]["strict"], "c", c) == alone.strict[k], c
        rd = bool(alone.risk_defined[k] and alone.risk_dominant[k])
        assert in_text_set(q1["at_these_parameters"]["risk_dominant"], "c", c) == rd, c
        stable = alone.regimes[alone.labels[k]] == "stable"
        assert in_text_set(q1["stable_for"], "c", c) == stable, c
    rs = np.linspace(0.0, 8.0, 65)
    for row in data["question_2_reassurance"]["rows"]:
        line = grid(model, {"r": rs}, fixed={**others, "c": row["c"]})
        stable = np.asarray(line.regimes)[line.labels] == "stable"
        said = np.array([in_text_set(row["stable_for"], "r", r) for r in rs])
        assert np.array_equal(said, stable), row
        if row["r_star"] is not None:  # just above / below the least stable r: classify agrees
            for delta, expected in ((0.05, "stable"), (-0.05, None)):
                r = row["r_star"] + delta
                if r < 0:
                    continue
                report = classify(model.at(**others, c=row["c"], r=r), "R,R", n_starts=20)
                assert (report.regime == "stable") == (expected == "stable"), (row, delta)


def test_chicken_set_consistent(script, reports):
    # beta = 0.2 < 2w = 0.4: (E,E) is never strict, so risk dominance is undefined, and
    # theta = 0.5 < alpha = 0.6: capability alone never makes restraint an equilibrium. The
    # old report said both "no capability makes restraint an equilibrium" and "risk-dominant
    # from c > 10".
    data = reports["chicken"]
    q1 = data["question_1_capability_alone"]
    assert q1["at_these_parameters"] == {
        "nash": "never",
        "strict": "never",
        "risk_dominant": "never",
    }
    assert q1["risk_dominance_defined_for"] == "never"
    assert not q1["slope_of_r_thresholds"]["risk_dominant"]["defined_here"]
    assert set(q1["game_type_by_c_at_r0"].values()) >= {"chicken"}
    text = script.render(data)
    assert "c > 10" not in text and "risk-dominant   for never" in text
    # the accident table says "undefined" rather than a number for risk dominance
    assert all(row["r_risk_dominant"] is None for row in data["question_3_accidents"]["rows"])


def test_float_tie_sets(script, reports):
    # alpha - theta + beta - 2w is 0 exactly, about 1e-17 in floats: never "c > 1.8e+16"
    for name in ("float-tie", "rd-tie"):
        data = reports[name]
        text = script.render(data)
        assert "e+16" not in text and "e+15" not in text
        assert data["question_1_capability_alone"]["at_these_parameters"]["risk_dominant"] == (
            "never"
        )
    # with (E,E) strict, the risk-dominance slope of r* is exactly 0
    tie = reports["rd-tie"]["question_1_capability_alone"]["slope_of_r_thresholds"]
    assert tie["risk_dominant"]["here"] == "0" and tie["risk_dominant"]["defined_here"]


def test_where_the_argument_fails(reports):
    # theta = 2 > alpha: capability alone makes restraint an equilibrium from c >= b/(theta -
    # alpha) = 1/1.4, and risk-dominant (so stable) from c > b/(theta + 2w - alpha - beta) = 1.25
    q1 = reports["strong"]["question_1_capability_alone"]
    assert q1["at_these_parameters"]["nash"] == f"c >= {1 / 1.4:.6g}"
    assert q1["at_these_parameters"]["risk_dominant"] == "c > 1.25"
    assert q1["stable_for"] == "c > 1.25"


def test_accidents_match_the_closed_form(script, reports):
    # expected payoffs over accidents eps = eps0 c: restraint is an equilibrium iff
    # r >= b + (alpha - theta) c + (beta - 2w) c eps / (1 - eps) (derived by hand, docs/two_bloc.md)
    nash = script.derivations()["noisy_r"]["nash"]
    s = {p.name: p for p in two_bloc(noise="capability").parameters}
    eps = s["eps0"] * s["c"]
    closed = (
        s["b"]
        + (s["alpha"] - s["theta"]) * s["c"]
        + (s["beta"] - 2 * s["w"]) * s["c"] * eps / (1 - eps)
    )
    assert nash.relation == ">=" and sp.simplify(nash.boundary - closed) == 0
    rows = {(r["eps0"], r["c"]): r for r in reports["defaults"]["question_3_accidents"]["rows"]}
    assert rows[(0.0, 3.0)]["r_nash"] == pytest.approx(1.0 + 0.2 * 3)
    assert rows[(0.05, 3.0)]["r_nash"] > rows[(0.0, 3.0)]["r_nash"]
    assert rows[(0.05, 5.0)]["p_war"] == pytest.approx(0.25**2)


def test_report_json_and_plot(script, capsys, tmp_path):
    png = tmp_path / "phase.png"
    assert script.main(["--plot", str(png)]) == 0
    text = capsys.readouterr().out
    for needle in (
        "(1) Can capability alone",
        "(2) Reassurance",
        "(3) Accidents",
        "minimum trust",
        "one criterion here",
    ):
        assert needle in text
    assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 30_000
    assert script.main(["--json", "--param", "theta=2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["question_1_capability_alone"]["at_these_parameters"]["nash"] == "c >= 0.714286"


def test_no_private_imports():
    source = SCRIPT.read_text()
    assert "import _" not in source and " _pyplot" not in source


def test_bad_parameter_exits_2():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--param", "zeta=1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "unknown parameter 'zeta'" in result.stderr
    assert result.stderr.count("\n") == 1
