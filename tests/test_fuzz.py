"""Fuzzing every entry point: any input gives an answer or a GameError (exit 2), promptly.

Hypothesis draws numbers (NaN, infinities, huge integers, values at the float limit), texts built
from the expression grammar's own tokens (so most are nearly valid), .nfg and model files, and
command lines. Nothing may escape but :class:`~gametheory.GameError` (status 2 for the CLI), and
each call must finish within the hypothesis ``deadline``. Runs are derandomized (seeded).
"""

from __future__ import annotations

import json

import numpy as np
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import Game, GameError, SymbolicGame, solve
from gametheory.cli import main
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.io import parse_expression, parse_model, parse_nfg

FUZZ = settings(
    derandomize=True,
    deadline=20_000,  # milliseconds per example: generous on a shared machine, yet a bound
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 1e100, 1e101, 5e-324, 0.0, -0.0]),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.fractions(max_denominator=10**6),
)


@FUZZ
@given(
    st.integers(1, 3).flatmap(
        lambda n: st.lists(
            st.lists(NUMBERS, min_size=1, max_size=3 ** (n - 1) * 3),
            min_size=n,
            max_size=n,
        ).map(lambda rows: (n, rows))
    )
)
def test_game_refuses_or_answers(drawn):
    n, flat = drawn
    payoffs = []
    for values in flat:
        # shape each player's values as an n-dimensional array when they fit, else ragged
        size = len(values)
        side = round(size ** (1 / n))
        payoffs.append(
            np.array(values, dtype=object).reshape((side,) * n).tolist()
            if side**n == size
            else values
        )
    try:
        game = Game(payoffs)
    except GameError:
        return
    assert all(np.all(np.isfinite(p)) for p in game.payoffs)
    assert np.isfinite(game.payoff_range)
    for profile in game.pure_equilibria():
        assert game.regret(list(profile)) <= 1e-9 * max(game.payoff_range, 1.0)
    if game.n_players == 2:
        result = solve(game)
        assert all(eq.regret <= 1e-9 * max(game.payoff_range, 1.0) for eq in result.equilibria)


GRAMMAR = st.sampled_from(
    [
        "c",
        "r",
        "x",
        "(",
        ")",
        "+",
        "-",
        "*",
        "/",
        "^",
        "**",
        ",",
        " ",
        ".",
        "e",
        "E",
        "0",
        "1",
        "2",
        "9",
        "1e308",
        "1e999",
        "99999999",
        "0.5",
        "exp",
        "log",
        "sqrt",
        "abs",
        "min",
        "max",
        "exp(",
        "log(",
        "(c+1)",
        "^1000",
        "__import__",
        "'",
        ";",
        "[",
        "\x00",
    ]
)
EXPRESSIONS = st.lists(GRAMMAR, max_size=25).map("".join)
C, R = sp.symbols("c r", real=True)


@FUZZ
@given(EXPRESSIONS)
def test_parse_expression_refuses_or_parses(text):
    try:
        expr = parse_expression(text, {"c": C, "r": R})
    except GameError:
        return
    assert isinstance(expr, sp.Expr) and expr.free_symbols <= {C, R}


@FUZZ
@given(
    st.lists(EXPRESSIONS, min_size=4, max_size=4),
    st.dictionaries(st.sampled_from(["c", "r"]), NUMBERS, max_size=2),
    st.sampled_from([None, 0.5, 1e308, -1.0]),
)
def test_model_reader_and_at_refuse_or_answer(texts, values, default):
    data = {
        "players": ["A", "B"],
        "actions": [["x", "y"], ["x"]],
        "parameters": {"c": {"default": 2.0, "min": 0, "max": 10}, "r": 1.0},
        "payoffs": {"x,x": [texts[0], texts[1]], "y,x": [texts[2], texts[3]]},
    }
    if default is not None:
        data["parameters"]["r"] = default
    try:
        game = parse_model(data, "fuzz.toml")
    except GameError:
        return
    assert isinstance(game, SymbolicGame)
    for exact in (False, True):
        try:
            numeric = game.at(exact=exact, **values)
        except GameError:
            continue
        assert all(np.all(np.isfinite(p)) for p in numeric.payoffs)


@FUZZ
@given(st.dictionaries(st.sampled_from(["c", "r", "eps0", "k", "nope"]), NUMBERS, max_size=4))
def test_builtin_at_refuses_or_answers(values):
    game = two_bloc(noise="capability")
    try:
        numeric = game.at(**values)
    except GameError:
        return
    merged = {**game.defaults, **{k: float(v) for k, v in values.items()}}
    assert merged["eps0"] * merged["c"] <= 1 + 1e-12
    assert all(np.all(np.isfinite(p)) for p in numeric.payoffs)


NFG_TOKENS = st.sampled_from(
    [
        "NFG",
        "1",
        "R",
        "D",
        '"t"',
        "{",
        "}",
        '"1"',
        '"2"',
        "2",
        "3",
        "0",
        "-1",
        "1e308",
        "-1e308",
        "1e999",
        "nan",
        "inf",
        "1/3",
        "1/0",
        "10" * 40,
        "\n",
        " ",
        '""',
        "{ 2 2 }",
    ]
)


@FUZZ
@given(st.lists(NFG_TOKENS, max_size=40).map(" ".join))
def test_nfg_reader_refuses_or_reads(text):
    for candidate in (text, 'NFG 1 R "t" { "1" "2" } { 2 2 }\n' + text):
        try:
            game = parse_nfg(candidate, "fuzz.nfg")
        except GameError:
            continue
        assert isinstance(game, Game)


ARGS = st.sampled_from(
    [
        "solve",
        "stability",
        "thresholds",
        "sweep",
        "params",
        "games",
        "methods",
        "builtin:two_bloc",
        "builtin:prisoners_dilemma",
        "examples/von_stengel.nfg",
        "builtin:stag_hunt",
        "builtin:nope",
        "missing.nfg",
        "--param",
        "c=1",
        "eps0=0.5",
        "c=5",
        "r=-1",
        "c=1e999",
        "c=nan",
        "x=1",
        "c=1/0",
        "--json",
        "--exact",
        "--method",
        "auto",
        "vertex",
        "pure",
        "bogus",
        "--profile",
        "R,R",
        "R,E",
        "R",
        "Stag,Stag",
        "--rival",
        "E,E",
        "none",
        "--grid",
        "c=0:5:3",
        "r=0:5:3",
        "c=0:5:0",
        "c=a:b:c",
        "c=0:5:100000000000",
        "--starts",
        "10",
        "-1",
        "0",
        "1000000000",
        "--seed",
        "--solve-for",
        "r",
        "c",
        "--tol",
        "1e-9",
        "-1",
        "nan",
        "--version",
        "-",
        "",
    ]
)


OPTIONS = st.sampled_from(
    [
        ("--param", st.sampled_from(["c=1", "r=0.5", "eps=1.5", "c=1e999", "c=-1", "x=1", "c"])),
        ("--method", st.sampled_from(["auto", "enummixed", "support", "vertex", "pure", "x"])),
        ("--profile", st.sampled_from(["R,R", "E,R", "R", "Stag,Stag", "C,C", "1,1", ","])),
        ("--rival", st.sampled_from(["E,E", "R,R", "none", "D,D"])),
        ("--grid", st.sampled_from(["c=0:5:4", "r=0:5:4", "c=0:5:0", "c=5:0:3", "q=0:1:2"])),
        ("--starts", st.sampled_from(["10", "0", "-5", "10000000000", "x"])),
        ("--seed", st.sampled_from(["0", "-1", "x"])),
        ("--solve-for", st.sampled_from(["r", "c", "x"])),
        ("--tol", st.sampled_from(["1e-9", "-1", "nan", "inf", "x"])),
        ("--exact", st.none()),
        ("--json", st.none()),
    ]
).flatmap(lambda pair: st.tuples(st.just(pair[0]), pair[1]))

COMMANDS = st.tuples(
    st.sampled_from(["solve", "stability", "thresholds", "sweep", "params"]),
    st.sampled_from(
        [
            "builtin:two_bloc",
            "builtin:two_bloc_accidents",
            "builtin:prisoners_dilemma",
            "builtin:stag_hunt",
            "builtin:matching_pennies",
            "examples/von_stengel.nfg",
            "examples/two_bloc.toml",
            "builtin:nope",
            "nope.toml",
        ]
    ),
    st.lists(OPTIONS, max_size=5),
)


@FUZZ
@given(COMMANDS)
def test_cli_commands_return_0_or_2(command):
    name, file, options = command
    argv = [name, file]
    for option, value in options:
        argv += [option] if value is None else [option, value]
    assert main(argv) in (0, 2)


@FUZZ
@given(st.lists(ARGS, max_size=8))
def test_cli_returns_0_or_2(argv):
    status = main(argv)
    assert status in (0, 2)


@FUZZ
@given(st.lists(ARGS, max_size=6))
def test_cli_json_is_one_object_when_it_succeeds(argv):
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([*argv, "--json"])
    if status == 0 and "--help" not in argv and "--version" not in argv and out.getvalue():
        assert isinstance(json.loads(out.getvalue()), (dict, list))
    if status == 2:
        lines = err.getvalue().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("gametheory: ")


LEAVES = st.sampled_from(["c", "r", "1", "2", "0.5", "1e100", "0", "3"])
VALID = st.recursive(
    LEAVES,
    lambda e: st.one_of(
        st.tuples(e, st.sampled_from("+-*/"), e).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(e, st.integers(-3, 14)).map(lambda t: f"({t[0]})^{t[1]}"),
        st.tuples(st.sampled_from(["exp", "log", "sqrt", "abs"]), e).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        st.tuples(st.sampled_from(["min", "max"]), e, e).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
    ),
    max_leaves=8,
)


@FUZZ
@given(st.lists(VALID, min_size=2, max_size=2))
def test_thresholds_of_any_model_return_or_refuse(texts):
    # well-formed expressions, so most reach the symbolic analysis: (a+1)^1000, exp(1e100)
    # inside max(), or 1e308^5 once made it run for minutes
    from gametheory.stability import thresholds

    data = {
        "players": ["A", "B"],
        "actions": [["x", "y"], ["x", "y"]],
        "parameters": {"c": 2.0, "r": 1.0},
        "payoffs": {"x,x": [texts[0], "r"], "x,y": [0, 1], "y,x": [texts[1], 0], "y,y": ["c", 1]},
    }
    try:
        game = parse_model(data, "fuzz.toml")
        found = thresholds(game, "x,x", solve_for="r")
    except GameError:
        return
    assert {t.criterion for t in found} <= {"nash", "strict", "risk_dominant"}
