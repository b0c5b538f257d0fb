"""Gambit .nfg reading and writing: both file forms, errors with line numbers, pygambit parity."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import Game, GameError
from gametheory.io import format_nfg, load, parse_nfg, read_nfg, write_nfg

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

VON_STENGEL_A = [[3, 3], [2, 5], [0, 6]]
VON_STENGEL_B = [[3, 2], [2, 6], [3, 1]]

PAYOFF_FORM = """NFG 1 R "von Stengel 3x2" { "P1" "P2" } { 3 2 }
"a comment"

3 3 2 2 0 3 3 2 5 6 6 1
"""

OUTCOME_FORM = """NFG 1 R "von Stengel 3x2" { "P1" "P2" }
{ { "U" "M" "D" } { "L" "R" } }
""

{
{ "a" 3, 3 }
{ "b" 2 2 }
{ "c" 0, 3, }
{ "d" 3 , 2 }
{ "e" 5, 6 }
{ "f" 6, 1 }
}
1 2 3 4 5 6
"""


def exact(game: Game) -> list[list]:
    return [arr.tolist() for arr in game.exact_payoffs()]


def gambit_payoffs(g) -> list[np.ndarray]:
    """Payoffs of a pygambit game in gametheory's layout, as Fractions (null outcome = 0)."""
    players = list(g.players)
    strategies = [list(p.strategies) for p in players]
    shape = tuple(len(s) for s in strategies)
    out = [np.empty(shape, dtype=object) for _ in players]
    for profile in itertools.product(*(range(n) for n in shape)):
        outcome = g[[strategies[i][a] for i, a in enumerate(profile)]]
        for i, p in enumerate(players):
            out[i][profile] = Fraction(0) if outcome is None else Fraction(outcome[p])
    return out


def assert_same_as_gambit(ours: Game, g) -> None:
    assert ours.title == g.title
    assert list(ours.players) == [p.label for p in g.players]
    assert [list(a) for a in ours.actions] == [[s.label for s in p.strategies] for p in g.players]
    theirs = gambit_payoffs(g)
    for mine, other in zip(ours.exact_payoffs(), theirs, strict=True):
        assert mine.shape == other.shape
        assert mine.tolist() == other.tolist()


# ----------------------------------------------------------------------------- reading
def test_payoff_form_known_answer():
    g = parse_nfg(PAYOFF_FORM)
    assert g.title == "von Stengel 3x2"
    assert g.players == ("P1", "P2")
    assert g.actions == (("1", "2", "3"), ("1", "2"))
    assert exact(g) == [VON_STENGEL_A, VON_STENGEL_B]
    assert all(isinstance(v, Fraction) for arr in g.exact_payoffs() for v in arr.ravel())


def test_outcome_form_known_answer_with_optional_commas():
    g = parse_nfg(OUTCOME_FORM)
    assert g.actions == (("U", "M", "D"), ("L", "R"))
    assert exact(g) == [VON_STENGEL_A, VON_STENGEL_B]


def test_both_forms_agree_with_pygambit(gambit, tmp_path):
    for k, text in enumerate([PAYOFF_FORM, OUTCOME_FORM]):
        path = tmp_path / f"g{k}.nfg"
        path.write_text(text)
        assert_same_as_gambit(read_nfg(path), gambit.read_nfg(str(path)))


def test_null_outcome_and_outcome_order():
    text = (
        'NFG 1 D "t" { "A" "B" } { { "x" "y" } { "l" "r" } }\n{ { "o" 1 2 } { "p" -1 5 } }\n2 0 1 2'
    )
    g = parse_nfg(text)
    # profiles in order (x,l) (y,l) (x,r) (y,r): outcomes p, none, o, p
    assert exact(g) == [[[-1, 1], [0, -1]], [[5, 2], [0, 5]]]


def test_numbers_are_exact():
    text = 'NFG 1 R "n" { "A" "B" } { 1 4 }\n3/2 -1e-3 0.1 .5 -.25 1.e2 2E+1 -7/3'
    g = parse_nfg(text)
    assert g.exact_payoffs()[0].tolist() == [
        [Fraction(3, 2), Fraction(1, 10), Fraction(-1, 4), Fraction(20)]
    ]
    assert g.exact_payoffs()[1].tolist() == [
        [Fraction(-1, 1000), Fraction(1, 2), Fraction(100), Fraction(-7, 3)]
    ]


def test_strings_keep_escaped_quotes_and_newlines():
    text = 'NFG 1 R "say \\"hi\\"" { "P \\"1\\"" "two\nlines" } { 1 1 }\n"comment\n"\n1 2'
    g = parse_nfg(text)
    assert g.title == 'say "hi"'
    assert g.players == ('P "1"', "two\nlines")


def test_labels_normalized_like_gambit(gambit, tmp_path):
    text = 'NFG 1 R "t" { "" "" } { { "x" "x" "x_1" } { "" } }\n1 2 3 4 5 6'
    g = parse_nfg(text)
    assert g.players == ("_1", "_2")
    assert g.actions == (("x_2", "x_3", "x_1"), ("_1",))
    path = tmp_path / "labels.nfg"
    path.write_text(text)
    assert_same_as_gambit(g, gambit.read_nfg(str(path)))


def test_backslashes_read_as_gambit_reads_them(gambit, tmp_path):
    # Gambit keeps a backslash unless it escapes a quote, and does not un-double '\\'.
    text = r'NFG 1 R "a\\b" { "c\d" "e\\\"f" } { 1 1 } 1 2'
    g = parse_nfg(text)
    path = tmp_path / "bs.nfg"
    path.write_text(text)
    assert_same_as_gambit(g, gambit.read_nfg(str(path)))
    assert g.title == "a\\\\\\b"
    assert g.players == ("c\\d", "e" + "\\" * 4 + '"f')  # 3 backslashes + quote -> 4 + quote


def test_names_counts_with_outcome_body_and_names_with_payoff_body():
    counts = parse_nfg('NFG 1 R "" { "A" "B" } { 1 2 } { { "" 1 1 } } 1 1')
    assert exact(counts) == [[[1, 1]], [[1, 1]]]
    named = parse_nfg('NFG 1 R "" { "A" "B" } { { "u" } { "l" "r" } } 1 2 3 4')
    assert named.actions == (("u",), ("l", "r"))
    assert exact(named) == [[[1, 3]], [[2, 4]]]


def test_three_players_profile_order():
    # 2x2x2, payoffs (a, b, c) of profile k are (k, 10k, 100k), first player fastest
    values = " ".join(f"{k} {10 * k} {100 * k}" for k in range(8))
    g = parse_nfg(f'NFG 1 R "3p" {{ "1" "2" "3" }} {{ 2 2 2 }} {values}')
    for k in range(8):
        profile = (k % 2, (k // 2) % 2, k // 4)
        assert [int(g.payoffs[i][profile]) for i in range(3)] == [k, 10 * k, 100 * k]


# ----------------------------------------------------------------------------- errors
ERRORS = [
    pytest.param(
        'NFX 1 R "t" { "A" } { 1 } 1',
        1,
        "expected the header 'NFG 1 R', found 'NFX'",
        id="bad-header",
    ),
    pytest.param('NFG 2 R "t" { "A" } { 1 } 1', 1, "expected version 1", id="bad-version"),
    pytest.param('NFG 1 Q "t" { "A" } { 1 } 1', 1, "expected 'R' or 'D'", id="bad-type"),
    pytest.param(
        'NFG 1 R t { "A" } { 1 } 1',
        1,
        "expected the game title in quotes, found 't'",
        id="unquoted-title",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" }\n{ 1 1 }\n"oops\n1 2',
        3,
        "unterminated string",
        id="unterminated-string",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 3 2 }\n3 3 2 2 0 3\n3 2 5 6 6',
        3,
        "expected 12 payoff values for a 3x2 game with 2 players, found 11",
        id="too-few-payoffs",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n1 2 3',
        2,
        "expected 2 payoff values for a 1x1 game with 2 players, found 3",
        id="too-many-payoffs",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 2 }\n1 2\n3 x',
        3,
        "expected a payoff value, found 'x'",
        id="non-numeric",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n1 3/-2',
        2,
        "expected a payoff value, found '3/-2'",
        id="bad-rational",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n1 1/0', 2, "divides by zero", id="zero-denominator"
    ),
    pytest.param('NFG 1 R "t" { "A" "B" } { 1 1 }\n1 1e999', 2, "out of range", id="overflow"),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n{\n{ "o" 1 2 }\n}\n2',
        5,
        "outcome index 2 is out of range: the file defines 1 outcome(s)",
        id="outcome-index-range",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 2 }\n{ { "o" 1 2 } }\n1',
        3,
        "expected 2 outcome indices (one per profile) for a 1x2 game with 2 players, found 1",
        id="too-few-indices",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n{ { "o" 1 2 } }\n-1',
        3,
        "expected an outcome index (a whole number), found '-1'",
        id="negative-index",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n{\n{ "o" 1 2 3 }\n}\n1',
        3,
        "outcome 1 (opened on line 3) has 3 payoffs, expected 2",
        id="outcome-arity",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n{ { "o" 1 2 }\n{ "p" 1 2\n{ "q" 1 2 } }\n1',
        4,
        "expected a payoff or '}', found '{'",
        id="missing-outcome-brace",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n{ { 1 2 } }\n1',
        2,
        "expected the quoted name of outcome 1, found '1'",
        id="outcome-without-name",
    ),
    pytest.param(
        'NFG 1 R "t" "A" "B" } { 1 1 } 1 2',
        1,
        "expected '{' opening the list of player names, found the string 'A'",
        id="missing-player-brace",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" }\n{ { "x" } "y" } }\n1 2',
        2,
        "expected '{' opening the strategy names of player 'B', found the string 'y'",
        id="missing-strategy-brace",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" }\n{ { "x" }\n{ } }\n1 2',
        3,
        "player 'B' has an empty strategy list",
        id="empty-strategy-list",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 2 0 } ', 1, "player 'B' has 0 strategies", id="zero-strategies"
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 2 }\n1 2',
        1,
        "expected the number of strategies of player 'B', found '}'",
        id="missing-count",
    ),
    pytest.param('NFG 1 R "t" { } { }', 1, "expected at least one player name", id="no-players"),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n1 2\n}',
        3,
        "expected end of file, found '}'",
        id="trailing-brace",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n{ { "o" 1 2 } }\n1\n"junk"',
        4,
        "expected end of file, found the string 'junk'",
        id="trailing-garbage",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 1 1 }\n\n',
        1,
        "expected payoff values or '{' opening the outcome list, found end of file",
        id="no-body",
    ),
    pytest.param("", 1, "expected the header 'NFG 1 R', found end of file", id="empty"),
]


@pytest.mark.parametrize("text, line, message", ERRORS)
def test_malformed_input_names_source_line_and_problem(text, line, message):
    with pytest.raises(GameError) as info:
        parse_nfg(text, source="game.nfg")
    assert str(info.value).startswith(f"parse_nfg(): game.nfg line {line}: ")
    assert message in str(info.value)


def test_read_nfg_errors_name_the_file(tmp_path):
    path = tmp_path / "game.nfg"
    path.write_text('NFG 1 R "t" { "A" "B" } { 3 2 }\n\n' + "1 " * 11)
    with pytest.raises(GameError, match=r"^read_nfg\(\): .*game\.nfg line 3: expected 12 payoff"):
        read_nfg(path)
    with pytest.raises(GameError, match=r"^read_nfg\(\): no such file: .*missing\.nfg"):
        read_nfg(tmp_path / "missing.nfg")


# ----------------------------------------------------------------------------- writing
def test_outcome_form_is_byte_identical_to_pygambit(gambit):
    g = gambit.Game.from_arrays(
        np.array(VON_STENGEL_A), np.array(VON_STENGEL_B), title='von "Stengel"'
    )
    players = list(g.players)
    players[0].label = "Row"
    list(players[1].strategies)[1].label = "right side"
    ours = parse_nfg(g.to_nfg())
    assert format_nfg(ours) == g.to_nfg()


@pytest.mark.parametrize("form", ["outcome", "payoff"])
def test_written_files_read_back_in_pygambit(gambit, tmp_path, form):
    payoffs = [
        np.array([[Fraction(3, 2), 0], [-2, Fraction(-7, 3)], [5, Fraction(1, 10)]], dtype=object),
        np.array([[1, Fraction(22, 7)], [0, 4], [Fraction(-1, 3), 9]], dtype=object),
    ]
    game = Game(
        payoffs, players=["Row", 'Col "c"'], actions=[["u", "m", "d"], ["l", "r"]], title="exact"
    )
    path = tmp_path / f"{form}.nfg"
    write_nfg(game, path, form=form)
    assert_same_as_gambit(game, gambit.read_nfg(str(path)))
    back = read_nfg(path)
    assert (back.title, back.players, back.actions) == (game.title, game.players, game.actions)
    assert exact(back) == exact(game)


def test_float_payoffs_written_as_shortest_decimals(gambit, tmp_path):
    game = Game([[[0.1, 1e-20], [2.5, 3.0]], [[-1.25, 1e90], [7.0, 0.3]]], title="floats")
    text = format_nfg(game)
    assert '{ "" 0.1, -1.25 }' in text and "1e-20" in text and "1e90" in text
    assert '{ "" 3, 0.3 }' in text  # integral floats as integers
    back = parse_nfg(text)
    assert all(np.array_equal(a, b) for a, b in zip(back.payoffs, game.payoffs, strict=True))
    path = tmp_path / "floats.nfg"
    write_nfg(game, path, form="payoff")
    theirs = gambit_payoffs(gambit.read_nfg(str(path)))
    assert all(
        float(t) == o
        for arr, ours in zip(theirs, game.payoffs, strict=True)
        for t, o in zip(arr.ravel(), ours.ravel(), strict=True)
    )


def test_payoff_form_uses_counts_only_for_default_names():
    plain = Game([[[1, 2]], [[3, 4]]])
    assert format_nfg(plain, form="payoff").startswith('NFG 1 R "" { "1" "2" } { 1 2 }\n')
    named = Game([[[1, 2]], [[3, 4]]], actions=[["a"], ["b", "c"]])
    assert '{ { "a" } { "b" "c" } }' in format_nfg(named, form="payoff")


def test_pygambit_output_read_by_us(gambit):
    A = np.array([[gambit.Rational(1, 3), 2, 0], [gambit.Decimal("1.5"), -4, 7]], dtype=object)
    B = np.array([[0, gambit.Rational(-5, 2), 1], [3, 3, gambit.Decimal("0.25")]], dtype=object)
    g = gambit.Game.from_arrays(A, B, title="from pygambit")
    first, second = list(g.players)
    first.label = "Alice"
    for s, label in zip(second.strategies, ["x", "y", "z"], strict=True):
        s.label = label
    ours = parse_nfg(g.to_nfg())
    assert_same_as_gambit(ours, g)


def test_labels_gambit_cannot_hold_raise():
    for bad in ["ends in \\", "two \\\\ backslashes", 'odd \\\\\\" quote']:
        game = Game([[1]], players=[bad])
        with pytest.raises(GameError, match=r"^format_nfg\(\): the label .* cannot be written"):
            format_nfg(game)
    fine = ["a\\b", "three \\\\\\ backslashes", 'escaped \\\\" quote', '"quoted"']
    game = Game([[1, 2, 3, 4]], players=["p"], actions=[fine])
    assert parse_nfg(format_nfg(game)).actions == (tuple(fine),)


def test_bad_form_and_bad_game():
    with pytest.raises(GameError, match=r"^format_nfg\(\): form must be"):
        format_nfg(Game([[1]]), form="table")
    with pytest.raises(GameError, match=r"^format_nfg\(\): expected a Game"):
        format_nfg([[1]])


# ----------------------------------------------------------------------------- examples
def test_example_files_match_pygambit_and_known_games(gambit):
    from gametheory.games import stag_hunt

    stag = read_nfg(EXAMPLES / "stag_hunt.nfg")
    assert_same_as_gambit(stag, gambit.read_nfg(str(EXAMPLES / "stag_hunt.nfg")))
    assert stag.actions == (("Stag", "Hare"), ("Stag", "Hare"))
    reference = stag_hunt().at()
    assert all(np.array_equal(a, b) for a, b in zip(stag.payoffs, reference.payoffs, strict=True))
    vs = load(EXAMPLES / "von_stengel.nfg")
    assert_same_as_gambit(vs, gambit.read_nfg(str(EXAMPLES / "von_stengel.nfg")))
    assert exact(vs) == [VON_STENGEL_A, VON_STENGEL_B]


# ----------------------------------------------------------------------------- property
LABEL = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=126, blacklist_characters="\\"),
    min_size=1,
    max_size=8,
)
PAYOFF = st.one_of(
    st.integers(-1000, 1000),
    st.builds(Fraction, st.integers(-1000, 1000), st.integers(1, 60)),
)


@st.composite
def games(draw):
    n = draw(st.integers(2, 3))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=n, max_size=n)))
    payoffs = [
        np.array(
            draw(st.lists(PAYOFF, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))),
            dtype=object,
        ).reshape(shape)
        for _ in range(n)
    ]
    players = draw(st.lists(LABEL, min_size=n, max_size=n, unique=True))
    actions = [draw(st.lists(LABEL, min_size=k, max_size=k, unique=True)) for k in shape]
    title = draw(
        st.text(
            alphabet=st.characters(min_codepoint=10, max_codepoint=126, blacklist_characters="\\"),
            max_size=20,
        )
    )
    return Game(payoffs, players=players, actions=actions, title=title)


@settings(
    max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(games(), st.sampled_from(["outcome", "payoff"]))
def test_format_then_parse_is_the_identity(game, form):
    back = parse_nfg(format_nfg(game, form=form))
    assert back.title == game.title
    assert back.players == game.players
    assert back.actions == game.actions
    assert exact(back) == exact(game)


# pygambit 16.7 accepts only labels of printable ASCII with single inner spaces, and fails to
# read a file in which a label equals the default label ("1", "2", ...) of a later strategy or
# player ({ "2" "1" }), so these labels start with a letter.
WORD = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126, blacklist_characters="\\"),
    min_size=1,
    max_size=4,
)
GAMBIT_LABEL = st.builds(
    lambda first, words: first + " ".join(words),
    st.sampled_from("abcXYZ"),
    st.lists(WORD, max_size=3),
)


@settings(
    max_examples=30, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(games(), st.sampled_from(["outcome", "payoff"]), st.data())
def test_pygambit_reads_what_we_write(gambit, game, form, data):
    import io

    players = data.draw(
        st.lists(GAMBIT_LABEL, min_size=game.n_players, max_size=game.n_players, unique=True)
    )
    actions = [
        data.draw(st.lists(GAMBIT_LABEL, min_size=k, max_size=k, unique=True)) for k in game.shape
    ]
    game = Game(list(game.exact_payoffs()), players=players, actions=actions, title=game.title)
    theirs = gambit.read_nfg(io.StringIO(format_nfg(game, form=form)))
    assert_same_as_gambit(game, theirs)
