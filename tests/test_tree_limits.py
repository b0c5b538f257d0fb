"""Game trees and type games that once gave silent wrong answers or unbounded work (issue 19):
repeated action names, ties judged on the wrong scale, payoffs and priors out of range,
tolerances, sizes."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# ----------------------------------------------------------------------------- item 2
def _entry(entrant, incumbent):
    from gametheory.extensive import ExtensiveGame, move, outcome

    (out_e, fight_e, acc_e), (out_i, fight_i, acc_i) = entrant, incumbent
    return ExtensiveGame(
        move(
            "Entrant",
            {
                "Out": outcome(out_e, out_i),
                "In": move(
                    "Incumbent",
                    {"Fight": outcome(fight_e, fight_i), "Acc": outcome(acc_e, acc_i)},
                ),
            },
        ),
        players=["Entrant", "Incumbent"],
    )


@pytest.mark.parametrize("number", [int, float])
def test_spe_ties_are_judged_on_the_movers_own_payoffs(number):
    from fractions import Fraction

    from gametheory.extensive import subgame_perfect

    def moves(game):
        return sorted(tuple(e.moves.values()) for e in subgame_perfect(game))

    # the entrant's (In, Fight) payoff 1e10 made the whole range 1e10: the incumbent's loss of 2
    # from fighting fell below 1e-9 * range and (In, Fight) was listed
    big = _entry([number(0), number(10**10), number(1)], [number(2), number(-1), number(1)])
    assert moves(big) == [("In", "Acc")]
    # the entrant's payoffs divided by 1e10: In still pays 1e-10 > 0, (Out, Acc) must not appear
    scale = Fraction(1, 10**10) if number is int else 1e-10
    small = _entry([0 * scale, -1 * scale, 1 * scale], [number(2), number(-1), number(1)])
    assert moves(small) == [("In", "Acc")]
    # a genuine tie is still a tie, on either scale
    tie = _entry([number(1), number(-1), number(1)], [number(2), number(-1), number(1)])
    assert moves(tie) == [("In", "Acc"), ("Out", "Acc")]


def test_spe_float_ties_survive_rounding_of_chance_averages():
    from gametheory.extensive import ExtensiveGame, chance, move, outcome, subgame_perfect

    # 0.1 + 0.2 against 0.3 after averaging: equal up to float rounding, a tie for A
    lottery = chance({"h": (0.5, outcome(0.2, 0.0)), "t": (0.5, outcome(0.4, 1.0))})
    game = ExtensiveGame(move("A", {"sure": outcome(0.3, 2.0), "risky": lottery}), ["A", "B"])
    assert subgame_perfect(game).count == 2


# ----------------------------------------------------------------------------- sizes
def test_efg_label_longer_than_the_cap_is_refused_with_bounded_memory():
    import tracemalloc

    from gametheory.io._gambit import MAX_TOKEN

    label = "x" * 10_000_000
    text = f'EFG 2 R "t" {{ "A" }} ""\np "" 1 1 "" {{ "{label}" }} 0\nt "" 1 "" {{ 1 }}\n'
    tracemalloc.start()
    try:
        with pytest.raises(
            GameError,
            match=rf"line 2: a quoted string of 10,000,000 characters; "
            rf"at most MAX_TOKEN = {MAX_TOKEN:,}",
        ):
            parse_efg(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000  # the text is 10 MB; main's lexer used 2.1 GB on it
    with pytest.raises(GameError, match=r"line 3: a word or number of 20,000 characters"):
        parse_efg(
            f'EFG 2 R "t" {{ "A" }} ""\np "" 1 1 "" {{ "a" }} 0\nt "" 1 "" {{ {"9" * 20_000} }}'
        )


def test_file_larger_than_the_cap_is_refused_before_reading(tmp_path, monkeypatch, capsys):
    from gametheory.io import _text

    monkeypatch.setattr(_text, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.efg"
    path.write_text(ENTRY.format(a='"F"', b='"A"') + " " * 2000)
    assert main(["spe", str(path)]) == 2
    err = capsys.readouterr().err
    assert "has 2,1" in err and "MAX_FILE_BYTES = 1,000" in err and len(err.splitlines()) == 1


def test_efg_with_a_byte_order_mark_is_read(tmp_path):
    from gametheory.io import read_efg

    path = tmp_path / "bom.efg"
    path.write_bytes(b"\xef\xbb\xbf" + ENTRY.format(a='"F"', b='"A"').encode())
    assert read_efg(path).infoset_labels == ("E:1", "I:1")
    assert parse_efg("\ufeff" + ENTRY.format(a='"F"', b='"A"')).players == ("E", "I")


def test_efg_string_rule_matches_gambit_escapes():
    # a quote after a backslash does not end a string
    game = parse_efg(ENTRY.format(a='"say \\"no\\""', b='"b"'))
    assert game.infosets[1].actions == ('say "no"', "b")
    with pytest.raises(GameError, match="unterminated string"):
        parse_efg('EFG 2 R "t" { "A } ""')


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
def test_linear_perfect_recall_check_agrees_with_own_histories(seed):
    """The interned-history check refuses exactly the games where two nodes of one set have
    different own histories (the definition, computed node by node by own_history)."""
    game = _random_imperfect(seed)
    expected = all(len({game.own_history(k) for k in h.nodes}) == 1 for h in game.infosets)
    try:
        game.check_perfect_recall("t")
        ok = True
    except GameError as err:
        assert "lacks perfect recall" in str(err)
        ok = False
    assert ok == expected


def _random_imperfect(seed):
    """A random tree whose same-depth decision nodes of a player may share a set."""
    import random

    from gametheory.extensive import ExtensiveGame, move, outcome

    rng = random.Random(seed)
    depth = rng.randint(1, 3)

    def build(d, path):
        if d == depth:
            return outcome(rng.randint(0, 3), rng.randint(0, 3))
        player = "AB"[d % 2] if rng.random() < 0.8 else "AB"[rng.randint(0, 1)]
        label = f"{player}{d}-{rng.randint(0, 1)}"
        return move(player, {a: build(d + 1, path + a) for a in "xy"}, infoset=label)

    try:
        return ExtensiveGame(build(0, ""), ["A", "B"])
    except GameError:
        return ExtensiveGame(move("A", {"x": outcome(0, 0)}), ["A", "B"])


# ----------------------------------------------------------------------------- tic-tac-toe
LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]


def _winner(board):
    for a, b, c in LINES:
        if board[a] != " " and board[a] == board[b] == board[c]:
            return board[a]
    return None


def tictactoe(board):
    """The game tree of tic-tac-toe from `board` (X to move when the counts are equal);
    payoffs (1, -1) for a win of X, (-1, 1) for O, (0, 0) for a draw; every node its own set."""
    from gametheory.extensive import ExtensiveGame, move, outcome

    built = {}
    # boards deepest first, so that every child is built before its parent (no recursion)
    order = [board]
    for b in order:
        if _winner(b) is None and " " in b:
            mark = "X" if b.count("X") == b.count("O") else "O"
            order.extend(b[:i] + mark + b[i + 1 :] for i in range(9) if b[i] == " ")
    for b in reversed(order):
        if b in built:
            continue
        w = _winner(b)
        if w or " " not in b:
            built[b] = outcome(*{"X": (1, -1), "O": (-1, 1), None: (0, 0)}[w])
            continue
        mark = "X" if b.count("X") == b.count("O") else "O"
        kids = {f"{mark}{i}": built[b[:i] + mark + b[i + 1 :]] for i in range(9) if b[i] == " "}
        built[b] = move(mark, kids)
    return ExtensiveGame(built[board], ["X", "O"])


def _minimax_count(board, memo):
    """(value for X, number of optimal strategy profiles of the subtree): the independent
    count, node by node: a profile is subgame perfect exactly when every node picks one of
    its value-achieving moves, so the count is the product of those numbers over all nodes."""
    if board in memo:
        return memo[board]
    w = _winner(board)
    if w or " " not in board:
        memo[board] = ({"X": 1, "O": -1, None: 0}[w], 1)
        return memo[board]
    mark = "X" if board.count("X") == board.count("O") else "O"
    kids = [
        _minimax_count(board[:i] + mark + board[i + 1 :], memo) for i in range(9) if board[i] == " "
    ]
    values = [v for v, _ in kids]
    best = max(values) if mark == "X" else min(values)
    product = 1
    for _, c in kids:
        product *= c
    memo[board] = (best, product * values.count(best))
    return memo[board]


@pytest.mark.parametrize(
    ("board", "value"),
    [
        ("    X    ", 0),  # X in the centre: a draw with best play
        (" O  X    ", 1),  # O answers the centre on an edge: X forces a win
        ("X O      ", 1),  # X corner, O adjacent edge: X forces a win
        ("X   O    ", 0),  # X corner, O centre: a draw
    ],
)
def test_tictactoe_spe_count_and_value_by_dynamic_programming(board, value):
    """Known values of tic-tac-toe openings (e.g. Berlekamp, Conway & Guy, *Winning Ways*,
    ch. 22: the game is a draw; an edge reply to a centre opening loses); the exact number of
    SPE (far too many to list) against an independent minimax count."""
    from gametheory.extensive import subgame_perfect

    game = tictactoe(board)
    result = subgame_perfect(game, max_list=3)
    assert result.payoff_set == ((float(value), float(-value)),)
    value_x, count = _minimax_count(board, {})
    assert value_x == value and result.count == count > 10**6
    assert len(result.equilibria) == 3 and not result.listed_all
    # each listed profile is subgame perfect: at every node its move achieves the node's value
    memo = {}
    _minimax_count(board, memo)
    eq = result.equilibria[1]
    stack = [(0, board)]
    while stack:
        k, b = stack.pop()
        node = game.nodes[k]
        if node.kind != "decision":
            continue
        chosen = eq.moves[game.infosets[game.node_infoset[k]].label]
        mark, i = chosen[0], int(chosen[1:])
        assert memo[b[:i] + mark + b[i + 1 :]][0] == memo[b][0]
        for action, c in zip(node.actions, game.children[k], strict=True):
            j = int(action[1:])
            stack.append((c, b[:j] + mark + b[j + 1 :]))


def test_cli_spe_counts_without_listing(tmp_path, capsys):
    from gametheory.io import write_efg

    path = tmp_path / "ttt.efg"
    write_efg(tictactoe("X O  O X "), path)
    assert main(["spe", str(path)]) == 0
    out = capsys.readouterr().out
    _, count = _minimax_count("X O  O X ", {})
    assert f": {count:,} subgame-perfect equilibria" in out and "payoff set: (1, -1)" in out
    assert "#1" not in out and "--max-list N" in out
    assert main(["spe", str(path), "--max-list", "2", "--json"]) == 0
    data = __import__("json").loads(capsys.readouterr().out)
    assert data["count"] == count and data["listed"] == 2 and len(data["equilibria"]) == 2


def _digits_of(count):
    """(number of decimal digits, the first two digits) of a positive int, by comparisons
    with powers of ten (Python's str() refuses ints of more than 4300 digits)."""
    n = max(1, int(count.bit_length() * 0.30102999566398120))  # log10(2), may be one short
    while 10**n <= count:
        n += 1
    return n, count // 10 ** (n - 2)


def _from_digits(text):
    """The int written by a string of decimal digits of any length, 1000 digits at a time."""
    value = 0
    for i in range(0, len(text), 1000):
        chunk = text[i : i + 1000]
        value = value * 10 ** len(chunk) + int(chunk)
    return value


@pytest.mark.slow
def test_full_tictactoe_is_a_draw_with_the_minimax_number_of_spe(tmp_path):
    """The whole game from the empty board (549,946 nodes, the known size of the tic-tac-toe
    game tree with 255,168 complete games): a draw under perfect play (Berlekamp, Conway &
    Guy, *Winning Ways*, ch. 22), and as many SPE as the independent minimax count gives (a
    number of 22,651 digits). Through the CLI too, from a written .efg: counted, not listed."""
    import json
    import os
    import subprocess
    import sys

    from gametheory.extensive import subgame_perfect
    from gametheory.extensive.tree import MAX_NODES
    from gametheory.io import write_efg

    game = tictactoe(" " * 9)
    assert len(game.nodes) == 549_946 <= MAX_NODES
    assert sum(n.kind == "terminal" for n in game.nodes) == 255_168
    result = subgame_perfect(game, max_list=2)
    assert result.payoff_set == ((0.0, 0.0),)
    value_x, count = _minimax_count(" " * 9, {})
    assert value_x == 0 and result.count == count
    assert len(result.equilibria) == 2 and not result.listed_all
    assert all(e.payoffs == (0.0, 0.0) for e in result.equilibria)
    # JSON cannot hold an int of 22,651 digits as a number: the exact digits as a string
    data = json.loads(json.dumps(result.to_dict()))
    assert isinstance(data["count"], str) and _from_digits(data["count"]) == count

    path = tmp_path / "tictactoe.efg"
    write_efg(game, path)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": root}
    run = subprocess.run(
        [sys.executable, "-m", "gametheory", "spe", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    n, lead = _digits_of(count)
    assert n == 22_651
    assert f": about {lead // 10}.{lead % 10}e{n - 1} subgame-perfect equilibria" in run.stdout
    assert "payoff set: (0, 0)" in run.stdout
    assert "#1" not in run.stdout and "--max-list N" in run.stdout


def test_a_tree_past_max_nodes_is_refused_at_the_limit(monkeypatch):
    """Built trees and .efg files beyond MAX_NODES are refused where the count passes it
    (here with the limit lowered to 1,000, the same code path as the real 1,000,000)."""
    from gametheory.extensive import ExtensiveGame, move, outcome
    from gametheory.extensive import tree as tree_module
    from gametheory.io import efg as efg_module

    monkeypatch.setattr(tree_module, "MAX_NODES", 1_000)
    leaf = outcome(0, 0)
    wide = move("A", {f"a{k}": leaf for k in range(1_000)})  # 1,001 nodes
    with pytest.raises(GameError, match=r"ExtensiveGame\(\): the tree has more than MAX_NODES"):
        ExtensiveGame(wide, ["A", "B"])
    assert (
        len(ExtensiveGame(move("A", {f"a{k}": leaf for k in range(999)}), ["A", "B"]).nodes) == 1000
    )
    monkeypatch.setattr(efg_module, "MAX_NODES", 1_000)
    actions = " ".join(f'"a{k}"' for k in range(1_000))
    lines = ['EFG 2 R "w" { "A" "B" } ""', f'p "" 1 1 "" {{ {actions} }} 0']
    lines += [f't "" {k + 1} "" {{ 0, 0 }}' for k in range(1_000)]
    with pytest.raises(GameError, match=r"line 1002: the tree has more than MAX_NODES = 1000"):
        parse_efg("\n".join(lines))


# ----------------------------------------------------------------------------- item 4
def test_spe_refuses_payoffs_beyond_max_payoff_as_solve_does(capsys):
    from gametheory.extensive import subgame_perfect

    game = parse_efg(ENTRY.format(a='"F"', b='"A"').replace("{ 1, 1 }", "{ 1e200, 1 }"))
    with pytest.raises(GameError, match=r"^subgame_perfect\(\): terminal node 4 .*at most 1e\+100"):
        subgame_perfect(game)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["spe", "builtin:unilateral_deterrence", "--param", "c_B=-5"],
            "'c_B' = -5.0 must be >= 0",
        ),
        (
            ["spe", "builtin:costly_reassurance", "--param", "p=1.5"],
            "'p' = 1.5 is outside its bounds [0, 1]",
        ),
        (
            ["solve", "builtin:costly_reassurance", "--param", "p=1.5"],
            "p = 1.5 breaks the constraint p <= 1",
        ),
        (
            ["solve", "builtin:security_dilemma_types", "--param", "p=2"],
            "p = 2 breaks the constraint p <= 1",
        ),
    ],
)
def test_parameters_outside_the_models_bounds_exit_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err


# ----------------------------------------------------------------------------- item 5
def test_bayesian_and_signaling_games_refuse_non_probability_priors():
    import sympy as sp

    from gametheory.bayesian import BayesianGame, SignalingGame

    def bayes(prior):
        return BayesianGame(
            ["A", "B"], [["x", "y"], ["z"]], [["a"], ["b"]], prior, lambda t, a: (0, 0)
        )

    with pytest.raises(GameError, match=r"^BayesianGame\(\): .*-0.5 is not a probability"):
        bayes({("x", "z"): -0.5, ("y", "z"): 1.5})
    with pytest.raises(GameError, match=r"^BayesianGame\(\): the prior sums to"):
        bayes({("x", "z"): 0.3, ("y", "z"): 0.6})

    def signal(prior):
        return SignalingGame(
            ["s", "w"],
            prior,
            ["m", "n"],
            ["a", "b"],
            sender_payoff={"s": {"a": 1, "b": 0}, "w": {"a": 1, "b": 0}},
            receiver_payoff={"s": {"a": 1, "b": 0}, "w": {"a": 0, "b": 1}},
            cost={"s": {"m": 0, "n": 0}, "w": {"m": 2, "n": 0}},
        )

    with pytest.raises(
        GameError, match=r"^SignalingGame\(\): Sender's type s = -1/2 is not a probability"
    ):
        signal({"s": sp.Rational(-1, 2), "w": sp.Rational(3, 2)})
    p = sp.Symbol("p", nonnegative=True)
    form = signal({"s": p, "w": 1 - p}).strategic_form()
    with pytest.raises(GameError, match=r"p = 2 breaks the constraint p <= 1"):
        form.at(p=2)
    assert form.at(p=1).n_players == 2


@pytest.mark.parametrize(
    ("argv", "null"),
    [
        (["solve", "builtin:security_dilemma_types", "--param", "p=0"], "A's type seeker"),
        (["solve", "builtin:costly_reassurance", "--param", "p=1"], "A's type expansionist"),
    ],
)
def test_types_of_prior_zero_are_noted(argv, null, capsys):
    import json

    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"note: {null}" in out and "has prior probability 0" in out
    assert main([*argv, "--json"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert any(null in n for n in notes)
    assert main([argv[0], argv[1], "--param", "p=0.5"]) == 0
    assert "prior probability 0" not in capsys.readouterr().out


# ----------------------------------------------------------------------------- item 3
WIDE = """EFG 2 R "wide" { "A" "B" } ""
p "" 1 1 "" { "x" "y" } 0
c "" 1 "" { "h" 1/2 "t" 1/2 } 0
p "" 2 1 "" { "l" "r" } 0
t "" 1 "" { 10000000000000000000, 0 }
t "" 2 "" { 1, 1 }
p "" 2 2 "" { "l" "r" } 0
t "" 3 "" { 0, 0 }
t "" 4 "" { 1, 3 }
c "" 2 "" { "h" 1/2 "t" 1/2 } 0
p "" 2 3 "" { "l" "r" } 0
t "" 5 "" { 10000000000000000000, 0 }
t "" 6 "" { 2, 1 }
p "" 2 4 "" { "l" "r" } 0
t "" 7 "" { 0, 0 }
t "" 8 "" { 2, 3 }
"""


def _exact_pure_equilibria(game):
    """Every pure equilibrium, by brute force in exact rational arithmetic."""
    import itertools

    tables = game.exact_payoffs()
    out = set()
    for prof in itertools.product(*(range(n) for n in game.shape)):
        ok = True
        for i, table in enumerate(tables):
            here = table[prof]
            for a in range(game.shape[i]):
                dev = list(prof)
                dev[i] = a
                if table[tuple(dev)] > here:
                    ok = False
        if ok:
            out.add(prof)
    return out


def test_solve_with_payoffs_from_1_to_1e19_reports_no_false_equilibrium():
    """Gains of 1 sit below 1e-9 x the range 1e19; main reported (x, r/r/r/r), where A gains
    1 by playing y. Every reported equilibrium must pass the exact check, and the pure ones
    must be exactly the pure equilibria found by exact brute force."""
    from gametheory import solve
    from gametheory.equilibrium import verify_exact
    from gametheory.extensive import reduced_normal_form

    game = reduced_normal_form(parse_efg(WIDE))
    assert game.has_exact_payoffs
    result = solve(game)
    assert result.equilibria
    for eq in result.equilibria:
        exact = eq.exact or tuple(
            tuple(Fraction(int(k == a)) for k in range(n))
            for a, n in zip(eq.pure_profile(), game.shape, strict=True)
        )
        assert verify_exact(game, exact)
    pure = {eq.pure_profile() for eq in result.equilibria if eq.is_pure}
    assert pure == _exact_pure_equilibria(game)
    x_rrrr = (0, game.actions[1].index("r/r/r/r"))
    assert x_rrrr not in pure


# ----------------------------------------------------------------------------- item 9
def test_huge_payload_is_clipped_in_messages():
    from gametheory.errors import MAX_SHOWN

    digits = "9" * 5000
    text = ENTRY.format(a='"F"', b='"A"').replace("{ 1, 1 }", "{ " + digits + ", 1 }")
    with pytest.raises(GameError) as err:
        parse_efg(text)
    message = str(err.value)
    assert "out of range" in message and "(5000 characters)" in message
    assert len(message) < 200 and digits[: MAX_SHOWN + 1] not in message


def test_params_of_an_efg_names_its_type(tmp_path, capsys):
    path = tmp_path / "g.efg"
    path.write_text(ENTRY.format(a='"F"', b='"A"'))
    assert main(["params", str(path)]) == 2
    err = capsys.readouterr().err
    assert "this .efg file is numeric and has none" in err and "not .nfg" not in err


def test_help_lists_the_accepted_file_types(capsys):
    assert main(["spe", "--help"]) == 0
    spe_help = " ".join(capsys.readouterr().out.split())
    assert ".efg game tree" in spe_help and ".nfg" not in spe_help and ".toml" not in spe_help
    assert main(["solve", "--help"]) == 0
    assert ".efg" in capsys.readouterr().out


def test_subgame_perfect_refuses_unknown_method_and_bad_max_list():
    from gametheory.extensive import subgame_perfect

    game = parse_efg(ENTRY.format(a='"F"', b='"A"'))
    with pytest.raises(GameError, match=r"^subgame_perfect\(\): unknown method 'bogus'"):
        subgame_perfect(game, method="bogus")
    with pytest.raises(GameError, match=r"max_list must be an integer >= 0"):
        subgame_perfect(game, max_list=-1)
    assert main(["spe", "builtin:entry_game", "--max-list", "-1"]) == 2


def test_solve_too_large_for_exact_re_solving_still_checks_every_equilibrium_exactly():
    """A 10 x 10 game (past MAX_EXACT_WORK) with one payoff of 1e19: the float answer is kept
    only where the exact regret check accepts it, pure ones agreeing with exact brute force."""
    import numpy as np

    from gametheory import Game, solve
    from gametheory.equilibrium import verify_exact

    rng = np.random.default_rng(7)
    A = rng.integers(0, 5, (10, 10)).astype(object)
    B = rng.integers(0, 5, (10, 10)).astype(object)
    A[9, 9] = 10**19
    game = Game([A.tolist(), B.tolist()])
    result = solve(game)
    for eq in result.equilibria:
        if eq.is_pure:
            exact = [
                [Fraction(int(k == a)) for k in range(n)]
                for a, n in zip(eq.pure_profile(), game.shape, strict=True)
            ]
            assert verify_exact(game, exact)
    pure = {eq.pure_profile() for eq in result.equilibria if eq.is_pure}
    assert pure <= _exact_pure_equilibria(game)
