"""models/credibility.py and models/trust.py: answers where the argument holds and fails."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from gametheory.deterrence.credibility import unilateral_deterrence
from gametheory.extensive import subgame_perfect

MODELS = Path(__file__).resolve().parent.parent / "models"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"{name}_model", MODELS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def credibility():
    return _load("credibility")


@pytest.fixture(scope="module")
def trust():
    return _load("trust")


# ----------------------------------------------------------------------------- credibility
@pytest.fixture(autouse=True)
def _coarse(monkeypatch, request):
    # coarser sweeps keep the suite fast; the answers checked do not depend on the grid
    import numpy as np

    for name in ("credibility", "trust"):
        if name in request.fixturenames:
            module = request.getfixturevalue(name)
            if name == "credibility":
                monkeypatch.setattr(module, "C_GRID", np.linspace(0.0, 10.0, 41))
            else:
                monkeypatch.setattr(module, "N_K", 7)


def test_credibility_defaults_deter(credibility):
    u = credibility.analyse({})["unilateral"]
    assert u["credible"] and u["capable"] and u["deterrence_holds"]
    # margin b + v - (theta + w) c_A + (alpha - w) c_B = 1.5 - 1.2 + 0.8 = 1.1
    assert u["credibility_margin"] == pytest.approx(1.1)
    assert u["d_credibility_d_c_B"] == pytest.approx(0.4)


def test_destructive_war_makes_capability_undermine_credibility(credibility):
    data = credibility.analyse({"w": 0.7, "v": 2.0})
    u = data["unilateral"]
    # margin 3 - 2.2 - 0.1 c_B: credible only while c_B <= 8
    assert u["d_credibility_d_c_B"] == pytest.approx(-0.1)
    assert u["c_B_boundary"] == pytest.approx(8.0)
    ((lo, hi),) = u["credible_for_c_B"]
    assert lo == 0.0 and hi == pytest.approx(8.0)
    text = credibility.render(data)
    assert "LESS credible" in text and "does not help" in text


def test_swept_deterrence_agrees_with_backward_induction(credibility):
    values = {"w": 0.1, "theta": 0.2}
    u = credibility.analyse(values)["unilateral"]
    game = unilateral_deterrence()
    for c in (0.5, 2.0, 5.0, 9.5):
        inside = any(a - 1e-9 <= c <= b + 1e-9 for a, b in u["deterred_for_c_B"])
        spe = subgame_perfect(game.at(**values, c_B=c))
        assert inside == all(e.moves["Challenger"] == "SQ" for e in spe.equilibria)


def test_not_credible_means_concession(credibility):
    data = credibility.analyse({"w": 0.9})
    u = data["unilateral"]
    assert not u["credible"] and u["outcomes"] == ["concession"]
    assert "FAILS here" in credibility.render(data)
    assert not data["mutual"]["status_quo_holds"]


def test_credibility_cli(credibility, tmp_path, capsys):
    png = tmp_path / "c.png"
    assert credibility.main(["--json", "--plot", str(png)]) == 0
    assert json.loads(capsys.readouterr().out)["unilateral"]["deterrence_holds"] is True
    assert png.stat().st_size > 10_000
    assert credibility.main(["--param", "nonsense=1"]) == 2
    assert "unknown parameters" in capsys.readouterr().err


# ----------------------------------------------------------------------------- trust
def test_trust_defaults(trust):
    data = trust.analyse({}, n_k=7)
    s, r = data["spiral"], data["reassurance"]
    assert s["minimum_trust"] == pytest.approx(0.5) == s["formula_value"]
    assert not s["seekers_cooperate_in_equilibrium"]  # p = 0.25 < 1/2
    assert r["receiver_minimum_trust"] == pytest.approx(1 / 3)
    assert r["separating_k"] == pytest.approx([1.0, 2.0])
    sep = [e for e in r["equilibria"] if e["kind"] == "separating"]
    assert len(sep) == 1 and sep[0]["p_war"] == pytest.approx(0.75)
    assert "reassurance works here" in " ".join(data["conclusions"])


@pytest.mark.parametrize(
    "values, phrase",
    [
        ({"d": 0}, "NO gesture separates"),  # equal cost for both types: mimicked
        ({"p": 0.5}, "already meets"),  # trust suffices without a gesture
        ({"k": 3}, "too expensive"),  # above R - P
        ({"k": 0.5}, "too cheap"),  # below T_e - P - d: partly mimicked
        ({"S": 2}, "does not apply"),  # B's choice does not hinge on trust
    ],
)
def test_trust_says_where_the_argument_fails(trust, values, phrase):
    data = trust.analyse(values, n_k=5)
    assert phrase in " ".join(data["conclusions"])


def test_trust_spiral_seekers_cooperate_above_minimum_trust(trust):
    assert trust.spiral({"p": 0.6})["seekers_cooperate_in_equilibrium"]
    assert trust.spiral({"T_s": 4})["minimum_trust"] is None  # R < T_s: no trust suffices


def test_trust_cli(trust, tmp_path, capsys):
    png = tmp_path / "t.png"
    assert trust.main(["--json", "--plot", str(png), "--param", "k=1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reassurance"]["parameters"]["k"] == 1.0
    assert png.stat().st_size > 10_000
    assert trust.main(["--param", "q=1"]) == 2
    assert "unknown parameters" in capsys.readouterr().err
