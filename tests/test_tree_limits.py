"""Game trees and type games that once gave silent wrong answers or unbounded work (issue 19):
repeated action names, ties judged on the wrong scale, payoffs and priors out of range,
tolerances, sizes."""

from __future__ import annotations

import pytest

from gametheory import GameError
from gametheory.cli import main
from gametheory.io import parse_efg

ENTRY = """EFG 2 R "entry" {{ "E" "I" }} ""
p "" 1 1 "" {{ "Out" "In" }} 0
t "" 1 "" {{ 0, 2 }}
p "" 2 1 "" {{ {a} {b} }} 0
t "" 2 "" {{ -1, -1 }}
t "" 3 "" {{ 1, 1 }}
"""


# ----------------------------------------------------------------------------- item 1
def test_efg_repeated_action_name_is_refused_naming_the_line():
    with pytest.raises(GameError, match=r"parse_efg\(\): x.efg line 4: action names .*'Fight'"):
        parse_efg(ENTRY.format(a='"Fight"', b='"Fight"'), source="x.efg")
    # renamed, the same game is read with both actions
    game = parse_efg(ENTRY.format(a='"Fight"', b='"Fight2"'))
    assert game.infosets[1].actions == ("Fight", "Fight2")


def test_efg_repeated_chance_outcome_is_refused():
    text = 'EFG 2 R "c" { "A" } ""\nc "" 1 "" { "H" 1/2 "H" 1/2 } 0\n'
    text += 't "" 1 "" { 1 }\nt "" 2 "" { 0 }\n'
    with pytest.raises(GameError, match=r"line 2: action names .*'H' twice"):
        parse_efg(text)


def test_cli_spe_refuses_repeated_action(tmp_path, capsys):
    path = tmp_path / "dup.efg"
    path.write_text(ENTRY.format(a='"Fight"', b='"Fight"'))
    for command in (["spe", str(path)], ["solve", str(path), "--no-reduce"]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "line 4" in err


# ----------------------------------------------------------------------------- item 8
@pytest.mark.parametrize("tol", [1, 1.0, 2.5, 0, 0.0, -1e-9, float("nan"), float("inf"), True, "x"])
def test_nonsense_tolerances_are_refused_everywhere(tol):
    from gametheory import Game, solve, verify
    from gametheory.extensive import subgame_perfect
    from gametheory.io import parse_efg

    # a coordination game with three equilibria: tol = 1 once reported one, "complete"
    game = Game([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    with pytest.raises(GameError, match=r"^solve\(\): tol must be a number with 0 < tol < 1"):
        solve(game, tol=tol)
    with pytest.raises(GameError, match=r"^verify\(\): tol must be"):
        verify(game, [[1, 0], [1, 0]], tol=tol)
    with pytest.raises(GameError, match=r"^subgame_perfect\(\): tol must be"):
        subgame_perfect(parse_efg(ENTRY.format(a='"F"', b='"A"')), tol=tol)


def test_cli_tol_one_exits_2(capsys):
    assert main(["solve", "builtin:prisoners_dilemma", "--tol", "1"]) == 2
    assert "0 < tol < 1" in capsys.readouterr().err
