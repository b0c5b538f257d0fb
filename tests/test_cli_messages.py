"""Messages that named the wrong thing or said something false (issue 19's late or unclear ones)."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from gametheory import GameError
from gametheory.cli import main
from gametheory.deterrence.bloc_formation import DEFAULT_STATES
from gametheory.deterrence.catalog import CATALOG
from gametheory.games import prisoners_dilemma
from gametheory.io import parse_model
from gametheory.repeated import critical_discount, discount_set, memory_one, strategy


def test_a_bad_option_value_blames_option(capsys):
    argv = ["solve", "builtin:prisoners_dilemma", "--method", "enumpoly"]
    assert main([*argv, "--option", "max_vertices=abc"]) == 2
    err = capsys.readouterr().err
    assert err == "gametheory: --option max_vertices: 'abc' is not a number\n"


def test_games_counts_the_bloc_formation_states_from_the_model(capsys):
    assert main(["games", "--json"]) == 0
    line = json.loads(capsys.readouterr().out)["bloc_formation"]
    built = CATALOG["bloc_formation"][0]()
    assert f"{built.n_players} of the model's {len(DEFAULT_STATES)} states" in line
    assert len(DEFAULT_STATES) == 9 and all(p in line for p in built.players)


MODEL = """
players = ["A", "B"]
actions = [["R", "E"], ["R", "E"]]
[parameters]
c = {{ default = 2.0, nonnegative = true, {bound} }}
[payoffs]
"R,R" = ["c", "1"]
"R,E" = ["0", "0"]
"E,R" = ["0", "0"]
"E,E" = ["1", "1"]
"""


def _model(bound: str):
    return parse_model(tomllib.loads(MODEL.format(bound=bound)), "m.toml")


def test_a_min_contradicting_nonnegative_is_refused_and_a_stricter_one_kept():
    with pytest.raises(GameError, match=r"min -1 allows negative values but nonnegative = true"):
        _model("min = -1")
    with pytest.raises(GameError, match=r"max -2 is negative but nonnegative = true"):
        _model("max = -2")
    assert _model("min = 1").bounds["c"] == (1.0, None)


def test_thresholds_never_print_a_tautology_or_a_contradiction(capsys):
    # R,E against its mirror image E,R in the symmetric game: the Nash products are the same
    # expression, so risk dominance "holds iff X > X": never
    assert main(["thresholds", "builtin:two_bloc", "--profile", "R,E"]) == 0
    out = capsys.readouterr().out
    for line in out.splitlines():
        m = re.search(r"holds iff (.+) ([<>]=?) (.+?)(   \(|$)", line)
        assert m is None or m.group(1) != m.group(3), line
    assert re.search(r"risk_dominant\s+never", out)


def test_discount_sets_that_are_not_intervals_are_reported_as_sets(capsys):
    pd = prisoners_dilemma()
    grim = discount_set(pd, [strategy("GRIM")] * 2)
    assert len(grim) == 1 and grim[0][0] == pytest.approx(0.5, abs=1e-6) and grim[0][1] == 1.0
    # first move D, then C only after mutual D (rule 0111 read as in all_memory_one): with
    # noise 0.01 Nash at delta = 0 (only the first round counts), not in between, again later
    rule = memory_one([0, 1, 1, 1], first=1)
    found = discount_set(pd, [rule] * 2, 0.01, concept="nash", grid=100)
    assert len(found) == 2 and found[0][0] == 0.0 and found[1][1] == 1.0
    assert found[0][0] == critical_discount(pd, [rule] * 2, 0.01, concept="nash", grid=100)
    argv = ["repeated", "builtin:prisoners_dilemma", "--strategies", "GRIM,M1:0111/1"]
    assert main([*argv, "--noise", "0.01", "--grid", "100"]) == 0
    out = capsys.readouterr().out
    assert "GRIM           payoff" in out and "holds for delta: nash >= 0.5" in out
    assert re.search(r"M1\[0111\]/1 .*nash \[0, [^]]+\] or \[0\.51\d*, 1\)", out)
