"""Symbolic model files (TOML / JSON): schema, errors naming file and key, round trips, load()."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from gametheory import Game, GameError, SymbolicGame
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.games import battle_of_sexes, matching_pennies, prisoners_dilemma
from gametheory.io import format_model, load, parse_model, read_model, write_model

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

PD = {
    "title": "prisoner's dilemma",
    "players": ["Row", "Col"],
    "actions": [["C", "D"], ["C", "D"]],
    "parameters": {"T": {"default": 5, "nonnegative": True}, "R": 3, "S": {}, "P": 1},
    "payoffs": {
        "C,C": ["R", "R"],
        "C,D": ["S", "T"],
        "D, C": ["T", "S"],  # spaces around names are ignored
        "D,D": ["P", 1],
    },
}


def same_expressions(g1: SymbolicGame, g2: SymbolicGame) -> bool:
    """Equal payoffs, comparing parameters by name (assumptions may differ)."""
    by_name = {p.name: p for p in g2.parameters}
    for t1, t2 in zip(g1.payoffs, g2.payoffs, strict=True):
        if t1.shape != t2.shape:
            return False
        for e1, e2 in zip(t1.ravel(), t2.ravel(), strict=True):
            e1 = e1.xreplace({s: by_name[s.name] for s in e1.free_symbols})
            if sp.simplify(e1 - e2) != 0:
                return False
    return True


# ----------------------------------------------------------------------------- reading
def test_parse_model_builds_the_game():
    g = parse_model(copy.deepcopy(PD), "pd.json")
    assert g.title == "prisoner's dilemma"
    assert g.players == ("Row", "Col")
    assert [p.name for p in g.parameters] == ["T", "R", "S", "P"]  # file order
    assert g.defaults == {"T": 5.0, "R": 3.0, "P": 1.0}  # S has no default
    assert g.symbol("T").is_nonnegative and g.symbol("R").is_nonnegative is None
    assert all(p.is_real for p in g.parameters)
    assert g.payoff(1, ["C", "D"]) == g.symbol("T")
    assert g.at(S=0).payoffs[0].tolist() == [[3.0, 0.0], [5.0, 1.0]]


def test_two_bloc_example_equals_games_two_bloc():
    reference = two_bloc()
    for name in ("two_bloc.toml", "two_bloc.json"):
        model = read_model(EXAMPLES / name)
        # the same Symbols (name and assumptions), so the expressions are identical
        assert model.parameters == reference.parameters
        assert model.defaults == reference.defaults
        assert model.players == reference.players and model.actions == reference.actions
        for mine, theirs in zip(model.payoffs, reference.payoffs, strict=True):
            for e1, e2 in zip(mine.ravel(), theirs.ravel(), strict=True):
                assert sp.expand(e1 - e2) == 0
        assert np.array_equal(model.at().payoffs[0], reference.at().payoffs[0])


def test_numbers_are_exact_rationals():
    data = {
        "players": ["A"],
        "actions": [["x", "y"]],
        "payoffs": {"x": [0.1], "y": ["0.1 + 1/3"]},
    }
    g = parse_model(data)
    assert g.payoffs[0].tolist() == [sp.Rational(1, 10), sp.Rational(13, 30)]


# ----------------------------------------------------------------------------- errors
def broken(**changes):
    data = copy.deepcopy(PD)
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    return data


def with_payoffs(**entries):
    payoffs = dict(PD["payoffs"])
    for key, value in entries.items():
        key = key.replace("_", ",")
        if value is None:
            del payoffs[key]
        else:
            payoffs[key] = value
    return broken(payoffs=payoffs)


ERRORS = [
    pytest.param(broken(version=1), "", "unknown key(s) ['version']", id="unknown-top-key"),
    pytest.param(broken(players=None), "", "missing required key 'players'", id="no-players"),
    pytest.param(broken(actions=None), "", "missing required key 'actions'", id="no-actions"),
    pytest.param(broken(payoffs=None), "", "missing required key 'payoffs'", id="no-payoffs"),
    pytest.param(broken(players="AB"), "players", "expected a non-empty list", id="players-str"),
    pytest.param(broken(players=["A", "A"]), "players", "must be unique", id="players-dupe"),
    pytest.param(
        broken(actions=[["C", "D"]]),
        "actions",
        "one list of action names per player",
        id="actions-count",
    ),
    pytest.param(
        broken(actions=[["C", "D"], []]), "actions[1]", "non-empty list", id="actions-empty"
    ),
    pytest.param(
        broken(actions=[["C", "D"], ["C", "D,E"]]),
        "actions[1][1]",
        "must not contain ','",
        id="action-with-comma",
    ),
    pytest.param(broken(title=3), "title", "expected a string", id="title-number"),
    pytest.param(
        with_payoffs(D_D=None), "payoffs", '1 profile(s) missing, e.g. "D,D"', id="profile-missing"
    ),
    pytest.param(
        with_payoffs(**{"D,C ": ["T", "S"]}),
        'payoffs["D,C "]',
        'profile listed twice (also as "D, C")',
        id="profile-twice",
    ),
    pytest.param(
        with_payoffs(C_X=[1, 2]),
        'payoffs["C,X"]',
        "player 2 has no action 'X'",
        id="unknown-action",
    ),
    pytest.param(
        with_payoffs(C=[1, 2]), 'payoffs["C"]', "one action per player (2)", id="short-profile"
    ),
    pytest.param(
        with_payoffs(C_C=["R"]),
        'payoffs["C,C"]',
        "expected a list of 2 expressions",
        id="too-few-expressions",
    ),
    pytest.param(with_payoffs(C_C="R"), 'payoffs["C,C"]', "got a string", id="not-a-list"),
    pytest.param(
        with_payoffs(C_D=["S", "T + q"]),
        'payoffs["C,D"][1]',
        "column 5: unknown name 'q'",
        id="unknown-name",
    ),
    pytest.param(
        with_payoffs(C_D=["S", "T +"]), 'payoffs["C,D"][1]', "column 4", id="syntax-error"
    ),
    pytest.param(
        with_payoffs(C_D=["S", True]), 'payoffs["C,D"][1]', "got a boolean", id="boolean-payoff"
    ),
    pytest.param(
        with_payoffs(C_D=["S", float("nan")]),
        'payoffs["C,D"][1]',
        "expected a finite number",
        id="nan-payoff",
    ),
    pytest.param(
        broken(parameters={"2x": 1}),
        'parameters["2x"]',
        "is not an identifier",
        id="bad-identifier",
    ),
    pytest.param(
        broken(parameters={"a-b": 1}),
        'parameters["a-b"]',
        "is not an identifier",
        id="bad-identifier-dash",
    ),
    pytest.param(
        broken(parameters={"exp": 1}), 'parameters["exp"]', "name of a function", id="function-name"
    ),
    pytest.param(
        broken(parameters={"T": "five"}),
        'parameters["T"]',
        "expected a number",
        id="string-default",
    ),
    pytest.param(
        broken(parameters={"T": {"default": "5"}}),
        'parameters["T"]["default"]',
        "expected a number",
        id="string-default-in-table",
    ),
    pytest.param(
        broken(parameters={"T": float("inf")}),
        'parameters["T"]',
        "expected a finite number",
        id="inf-default",
    ),
    pytest.param(
        broken(parameters={"T": {"default": -1, "nonnegative": True}}),
        'parameters["T"]',
        "negative but nonnegative = true",
        id="negative-default",
    ),
    pytest.param(
        broken(parameters={"T": {"nonnegative": "yes"}}),
        'parameters["T"]["nonnegative"]',
        "expected true or false",
        id="bad-flag",
    ),
    pytest.param(
        broken(parameters={"T": {"default": 1, "maximum": 2}}),
        'parameters["T"]',
        "unknown key(s) ['maximum']",
        id="unknown-parameter-key",
    ),
    pytest.param(broken(parameters=[1]), "parameters", "expected a table", id="parameters-list"),
    pytest.param(
        broken(parameters={"T": 10**400}), 'parameters["T"]', "401 digits", id="huge-integer"
    ),
]


@pytest.mark.parametrize("data, where, message", ERRORS)
def test_errors_name_the_source_and_key(data, where, message):
    with pytest.raises(GameError) as info:
        parse_model(data, "m.toml")
    text = str(info.value)
    assert text.startswith(f"parse_model(): m.toml {where}".rstrip() + ":"), text
    assert message in text


def test_top_level_must_be_a_table():
    with pytest.raises(GameError, match=r"^parse_model\(\): m\.json: expected a table"):
        parse_model([1, 2], "m.json")


FILE_ERRORS = [
    ("bad.toml", 'players = ["A"]\nactions = [["x"]\n', "invalid TOML", "line 3"),
    (
        "bad2.toml",
        'players = ["A"]\nactions = [["x"]]\n[payoffs\nx = [1]\n',
        "invalid TOML",
        "line 3, column 9",
    ),
    (
        "bad.json",
        '{"players": ["A"],\n "actions": [["x"]]\n "payoffs": {}}',
        "invalid JSON",
        "line 3 column 2",
    ),
    (
        "nan.json",
        '{"players": ["A"], "actions": [["x"]], "payoffs": {"x": [NaN]}}',
        "invalid JSON",
        "NaN is not a finite number",
    ),
    (
        "dupe.json",
        '{"players": ["A"], "actions": [["x"]], "payoffs": {"x": [1], "x": [2]}}',
        "invalid JSON",
        "duplicate key 'x'",
    ),
    (
        "inf.toml",
        'players = ["A"]\nactions = [["x"]]\n[payoffs]\nx = [inf]\n',
        'payoffs["x"][0]',
        "expected a finite number",
    ),
    (
        "name.toml",
        'players = ["A"]\nactions = [["x"]]\n[payoffs]\nx = ["__import__"]\n',
        'payoffs["x"][0]',
        "unknown name '__import__'",
    ),
]


@pytest.mark.parametrize("name, text, where, message", FILE_ERRORS)
def test_file_errors(tmp_path, name, text, where, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(GameError) as info:
        read_model(path)
    assert str(info.value).startswith(
        f"read_model(): {path} {where}".replace(" invalid", ": invalid")
    )
    assert message in str(info.value)


def test_missing_file_and_wrong_extension(tmp_path):
    with pytest.raises(GameError, match=r"^read_model\(\): no such file: .*nope\.toml"):
        read_model(tmp_path / "nope.toml")
    (tmp_path / "m.yaml").write_text("players: [A]")
    with pytest.raises(GameError, match=r"^read_model\(\): .*m\.yaml: expected a \.toml or"):
        read_model(tmp_path / "m.yaml")


# ----------------------------------------------------------------------------- writing
@pytest.mark.parametrize(
    "game",
    [
        pytest.param(two_bloc(), id="two-bloc"),
        pytest.param(two_bloc(symmetric=False, noise="capability"), id="two-bloc-asym-noise"),
        pytest.param(two_bloc(noise=True), id="two-bloc-noise"),
        pytest.param(prisoners_dilemma(), id="pd"),
        pytest.param(matching_pennies(), id="matching-pennies"),
        pytest.param(battle_of_sexes(), id="battle-of-sexes"),
    ],
)
def test_write_then_read_gives_the_same_model(tmp_path, game):
    path = tmp_path / "model.toml"
    write_model(game, path)
    back = read_model(path)
    assert same_expressions(back, game)
    assert back.defaults == game.defaults
    assert [p.name for p in back.parameters] == [p.name for p in game.parameters]
    assert [bool(p.is_nonnegative) for p in back.parameters] == [
        bool(p.is_nonnegative) for p in game.parameters
    ]
    assert (back.players, back.actions, back.title, back.description) == (
        game.players,
        game.actions,
        game.title,
        game.description,
    )


def test_write_model_handles_functions_and_odd_text(tmp_path):
    a, b = sp.symbols("a b", real=True)
    game = SymbolicGame(
        [
            [[sp.Max(a, b) - sp.Abs(a), sp.exp(a) * sp.E], [sp.sqrt(b**2 + 1), sp.Rational(-7, 3)]],
            [[sp.log(b**2 + 2), sp.Min(a, 0) / 3], [a ** sp.Rational(1, 3), sp.Float(0.25)]],
        ],
        defaults={"a": 0.5},
        players=['say "hi"', "back\\slash"],
        actions=[["x y", "z"], ["p", "q"]],
        title="tab\there\nnewline \u00e9",
    )
    path = tmp_path / "odd.toml"
    write_model(game, path)
    back = read_model(path)
    assert same_expressions(back, game)
    assert (back.players, back.actions, back.title) == (game.players, game.actions, game.title)


def test_write_model_refuses_what_it_cannot_write(tmp_path):
    x = sp.Symbol("x", real=True)
    with pytest.raises(
        GameError, match=r'^write_model\(\): payoffs\["1"\]\[0\]: .*has no spelling'
    ):
        write_model(SymbolicGame([[sp.pi * x]]), tmp_path / "pi.toml")
    assert not (tmp_path / "pi.toml").exists()
    weird = sp.Symbol("x'", real=True)
    with pytest.raises(GameError, match='parameter name "x\'" cannot be written'):
        write_model(SymbolicGame([[weird]]), tmp_path / "w.toml")
    with pytest.raises(GameError, match=r"^write_model\(\): .*\.json: model files are written"):
        write_model(two_bloc(), tmp_path / "m.json")


def test_format_model_is_valid_toml_matching_the_schema():
    import tomllib

    data = tomllib.loads(format_model(two_bloc()))
    assert set(data) <= {
        "title",
        "description",
        "players",
        "actions",
        "parameters",
        "constraints",
        "payoffs",
    }
    assert data["parameters"]["alpha"] == {
        "default": 0.6,
        "nonnegative": True,
        "description": "coercive advantage per unit of own capability",
    }
    assert data["payoffs"]["R,R"] == ["-c*k", "-c*k"]
    assert json.loads(json.dumps(data)) == data  # the same dict works as a JSON model
    assert same_expressions(parse_model(data), two_bloc())


# ----------------------------------------------------------------------------- load()
def test_load_dispatches_on_extension():
    assert isinstance(load(EXAMPLES / "two_bloc.toml"), SymbolicGame)
    assert isinstance(load(EXAMPLES / "two_bloc.json"), SymbolicGame)
    assert isinstance(load(EXAMPLES / "stag_hunt.nfg"), Game)


def test_load_with_params_sets_new_defaults():
    g = load(EXAMPLES / "two_bloc.toml", c=3.0, r=4)
    assert g.defaults["c"] == 3.0 and g.defaults["r"] == 4
    assert np.array_equal(g.at().payoffs[0], two_bloc().at(c=3.0, r=4).payoffs[0])
    with pytest.raises(GameError, match=r"^load\(\): unknown parameter 'zeta'"):
        load(EXAMPLES / "two_bloc.toml", zeta=1)
    with pytest.raises(GameError, match=r"^load\(\): parameter 'c' = -1 must be >= 0"):
        load(EXAMPLES / "two_bloc.toml", c=-1)
    with pytest.raises(GameError, match=r"^load\(\): .*stag_hunt\.nfg is a numeric Gambit game"):
        load(EXAMPLES / "stag_hunt.nfg", c=1)


def test_load_errors(tmp_path):
    with pytest.raises(GameError, match=r"^load\(\): .*game\.txt: unknown file type '\.txt'"):
        load(tmp_path / "game.txt")
    with pytest.raises(GameError, match=r"^load\(\): no such file: .*missing\.toml"):
        load(tmp_path / "missing.toml")
    with pytest.raises(GameError, match=r"^load\(\): .*noext: unknown file type '\(none\)'"):
        load(tmp_path / "noext")
