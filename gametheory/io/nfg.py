"""Gambit strategic-form (``.nfg``) files: read both forms, write the one Gambit writes.

Format
------
A file starts with a header::

    NFG 1 R "title" { "Player 1" "Player 2" } <strategies> ["comment"]

where ``<strategies>`` is either the number of strategies of each player, ``{ 3 2 }``
(strategies are then named ``"1", "2", ...``), or their names,
``{ { "U" "M" "D" } { "L" "R" } }``. ``R`` (rational) and ``D`` (decimal) are both accepted.
The body is then either

* the *payoff-list* form: every player's payoff for each pure profile in turn, with the first
  player's strategy varying fastest (``3 3 2 2 0 3 ...``); or
* the *outcome* form: a braced list of outcomes ``{ { "name" 3, 3 } ... }`` (commas optional),
  then one outcome index per profile, in the same order; ``0`` is the null outcome, whose
  payoffs are all zero.

Strings are read as Gambit reads them: ``\\"`` is a quote and any other backslash is kept
(Gambit's reader does not un-double ``\\\\``). Numbers are integers, decimals, exponents or
rationals ``p/q`` and are kept exact (as :class:`fractions.Fraction`). As Gambit does, empty
and repeated player or strategy names are made unique (``""`` -> ``"_1"``, ``"x", "x"`` ->
``"x_1", "x_2"``), so names match what ``pygambit.read_nfg`` reports.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Sequence
from fractions import Fraction
from itertools import product
from pathlib import Path

import numpy as np

from ..errors import GameError
from ..game import Game
from ._gambit import MAX_EXPONENT as MAX_EXPONENT  # re-exported: the limit on number exponents
from ._gambit import _encode, _normalize, _Reader
from ._text import read_text


def _profiles(shape: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Pure profiles in Gambit's order: the first player's strategy varies fastest."""
    for rev in product(*(range(n) for n in reversed(shape))):
        yield rev[::-1]


def _shape_text(shape: Sequence[int]) -> str:
    return "x".join(str(n) for n in shape)


def _parse(text: str, source: str, func: str) -> Game:
    r = _Reader(text, source, func)
    title, players = r.header("NFG", "1")

    # strategies: counts { 3 2 } or names { { "a" "b" } { "c" } }
    r.expect("lbrace", "'{' opening the strategy counts or strategy names")
    strategies: list[list[str]] = []
    if r.peek().kind == "lbrace":
        for name in players:
            r.expect("lbrace", f"'{{' opening the strategy names of player {name!r}")
            labels = []
            while r.peek().kind == "string":
                labels.append(r.take().text)
            end = r.expect("rbrace", f"a quoted strategy name or '}}' for player {name!r}")
            if not labels:
                raise r.error(end.line, f"player {name!r} has an empty strategy list")
            strategies.append(_normalize(labels))
    else:
        for name in players:
            token = r.take()
            n = r.count(token, f"the number of strategies of player {name!r}")
            if n == 0:
                raise r.error(token.line, f"player {name!r} has 0 strategies; needs at least 1")
            strategies.append([str(k + 1) for k in range(n)])
    r.expect("rbrace", f"'}}' closing the strategies of {len(players)} player(s)")
    if r.peek().kind == "string":
        r.take()  # the optional comment: Game has no place for it
    shape = tuple(len(s) for s in strategies)
    n_players, n_profiles = len(players), math.prod(shape)
    game_text = f"a {_shape_text(shape)} game with {n_players} players"

    start = r.peek()
    flat: list[Fraction] = []
    if start.kind == "lbrace":
        r.take()
        outcomes: list[list[Fraction]] = []
        while r.peek().kind == "lbrace":
            opened = r.take()
            r.expect("string", f"the quoted name of outcome {len(outcomes) + 1}")
            values = []
            while r.peek().kind == "word":
                values.append(r.number(r.take(), "a payoff"))
                if r.peek().kind == "comma":
                    r.take()
            end = r.peek()
            if end.kind != "rbrace":
                raise r.error(end.line, f"expected a payoff or '}}', found {end.describe()}")
            if len(values) != n_players:
                raise r.error(
                    end.line,
                    f"outcome {len(outcomes) + 1} (opened on line {opened.line}) has "
                    f"{len(values)} payoffs, expected {n_players} (one per player)",
                )
            r.take()
            outcomes.append(values)
        r.expect("rbrace", "'{' opening an outcome or '}' closing the outcome list")
        zero = [Fraction(0)] * n_players
        found = 0
        while r.peek().kind == "word":
            token = r.take()
            index = r.count(token, "an outcome index (a whole number)")
            if index > len(outcomes):
                raise r.error(
                    token.line,
                    f"outcome index {index} is out of range: the file defines {len(outcomes)} "
                    "outcome(s), and 0 means no outcome",
                )
            found += 1
            if found <= n_profiles:
                flat.extend(outcomes[index - 1] if index else zero)
        if found != n_profiles:
            raise r.error(
                r.peek().line,
                f"expected {n_profiles} outcome indices (one per profile) for {game_text}, "
                f"found {found}",
            )
    elif start.kind == "word":
        expected = n_profiles * n_players
        while r.peek().kind == "word":
            flat.append(r.number(r.take(), "a payoff value"))
        if len(flat) != expected:
            raise r.error(
                r.peek().line,
                f"expected {expected} payoff values for {game_text}, found {len(flat)}",
            )
    else:
        raise r.error(
            start.line,
            f"expected payoff values or '{{' opening the outcome list, found {start.describe()}",
        )
    tail = r.peek()
    if tail.kind != "eof":
        raise r.error(tail.line, f"expected end of file, found {tail.describe()}")

    arrays = [np.empty(shape, dtype=object) for _ in range(n_players)]
    for k, profile in enumerate(_profiles(shape)):
        for i in range(n_players):
            arrays[i][profile] = flat[k * n_players + i]
    return Game(arrays, players=players, actions=strategies, title=title)


def parse_nfg(text: str, source: str = "<string>") -> Game:
    """A :class:`~gametheory.game.Game` from the text of a Gambit ``.nfg`` file.

    Parameters
    ----------
    text : str
        The file's contents, in the payoff-list or the outcome form (see the module docstring).
    source : str
        What to call the text in error messages (a file name).

    Returns
    -------
    Game
        With the file's title, player and strategy names, and exact (Fraction) payoffs.

    Raises
    ------
    GameError
        ``parse_nfg(): <source> line <n>: expected ..., found ...`` for any malformed input.

    Examples
    --------
    >>> g = parse_nfg('NFG 1 R "PD" { "A" "B" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> g.title, g.players, g.actions
    ('PD', ('A', 'B'), (('1', '2'), ('1', '2')))
    >>> g.payoffs[0].tolist()
    [[3.0, 0.0], [5.0, 1.0]]
    >>> parse_nfg('NFG 1 R "x" { "A" "B" } { 2 2 } 1 2 3', source="x.nfg")
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: parse_nfg(): x.nfg line 1: expected 8 payoff values ..., found 3
    """
    if not isinstance(text, str):
        raise GameError(f"parse_nfg(): expected the file text as str, got {type(text).__name__}")
    return _parse(text, source, "parse_nfg()")


def read_nfg(path: str | os.PathLike[str]) -> Game:
    """Read a Gambit ``.nfg`` file (payoff-list or outcome form) into a Game.

    Parameters
    ----------
    path : str or path-like
        The file; read as UTF-8.

    Returns
    -------
    Game
        As :func:`parse_nfg` gives it.

    Raises
    ------
    GameError
        ``read_nfg(): <path> line <n>: ...`` for malformed files; also a missing or unreadable
        file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mp.nfg"
    >>> _ = path.write_text('NFG 1 R "MP" { "1" "2" } { 2 2 } 1 -1 -1 1 -1 1 1 -1')
    >>> read_nfg(path).payoffs[1].tolist()
    [[-1.0, 1.0], [1.0, -1.0]]
    """
    text, source = read_text(path, "read_nfg()")
    return _parse(text, source, "read_nfg()")


def _has_exact(game: Game) -> bool:
    # Game keeps exact payoffs only when it was given Fractions; floats are written via repr.
    return game.has_exact_payoffs


def _number(value: Fraction, approx: float, exact: bool) -> str:
    if exact:
        if value.denominator == 1:
            return str(value.numerator)
        return f"{value.numerator}/{value.denominator}"
    if value.denominator == 1 and abs(value) < 10**16:
        return str(value.numerator)  # 3.0 -> "3"; but 1e300 stays "1e+300", not 301 digits
    # the shortest decimal that reads back as the same float; Gambit's number parser
    # rejects a '+' in the exponent ("1e+300"), so write "1e300"
    return repr(approx).replace("e+", "e")


def _payoff_text(game: Game) -> list[list[str]]:
    """Each profile's payoffs as text, in Gambit's profile order."""
    exact_arrays = game.exact_payoffs()
    exact = _has_exact(game)
    rows = []
    for profile in _profiles(game.shape):
        rows.append(
            [
                _number(exact_arrays[i][profile], float(game.payoffs[i][profile]), exact)
                for i in range(game.n_players)
            ]
        )
    return rows


def format_nfg(game: Game, form: str = "outcome") -> str:
    """The text of a Gambit ``.nfg`` file for `game`.

    Parameters
    ----------
    game : Game
        The game; its title, player names and strategy names are written.
    form : {"outcome", "payoff"}
        ``"outcome"`` writes the layout ``pygambit`` 16.7's ``Game.to_nfg()`` writes: one
        unnamed outcome per profile, then indices ``1 2 ... N``. ``"payoff"`` writes the
        payoff-list form; strategy names are written as a name list unless they are Gambit's
        defaults ``"1", "2", ...``, in which case the count list ``{ 3 2 }`` is written.

    Returns
    -------
    str
        Exact values: integers as integers, exact rationals as ``p/q``, floats as their
        shortest round-tripping decimal (``repr``).

    Raises
    ------
    GameError
        An unknown `form`, or a label that Gambit's string syntax cannot hold.

    Notes
    -----
    Every file written reads back with :func:`parse_nfg` to the same game, except that an
    empty name reads back as ``"_1"``, ``"_2"``, ... (Gambit's rule). ``pygambit`` 16.7 is
    stricter than the format: it reads only ASCII files, labels of printable ASCII without
    leading, trailing or doubled spaces, and fails on a label equal to the default label of
    a *later* strategy or player (strategies ``{ "2" "1" }``, players ``{ "2" "x" }``).
    Gambit's number reader also rejects a ``+`` in an exponent, so ``1e+300`` is written
    ``1e300``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = Game([[[1, Fraction(1, 2)]], [[0, -2]]], players=["A", "B"], title="tiny")
    >>> print(format_nfg(g, form="payoff"), end="")
    NFG 1 R "tiny" { "A" "B" } { 1 2 }
    <BLANKLINE>
    1 0
    1/2 -2
    >>> parse_nfg(format_nfg(g)).exact_payoffs()[0].tolist()
    [[Fraction(1, 1), Fraction(1, 2)]]
    """
    return _format(game, form, "format_nfg()")


def _format(game: Game, form: str, func: str) -> str:
    if not isinstance(game, Game):
        raise GameError(f"{func}: expected a Game, got {type(game).__name__}")
    if form not in ("outcome", "payoff"):
        raise GameError(f"{func}: form must be 'outcome' or 'payoff', got {form!r}")
    title = _encode(func, game.title)
    players = " ".join(_encode(func, p) for p in game.players)
    rows = _payoff_text(game)
    if form == "payoff":
        defaults = all(acts == tuple(str(k + 1) for k in range(len(acts))) for acts in game.actions)
        if defaults:
            strategies = "{ " + " ".join(str(n) for n in game.shape) + " }"
        else:
            strategies = (
                "{ "
                + " ".join(
                    "{ " + " ".join(_encode(func, a) for a in acts) + " }" for acts in game.actions
                )
                + " }"
            )
        body = "".join(" ".join(row) + "\n" for row in rows)
        return f"NFG 1 R {title} {{ {players} }} {strategies}\n\n{body}"
    strategies = "\n".join(
        "{ " + " ".join(_encode(func, a) for a in acts) + " }" for acts in game.actions
    )
    outcomes = "".join('{ "" ' + ", ".join(row) + " }\n" for row in rows)
    indices = "".join(f"{k + 1} " for k in range(len(rows)))
    return (
        f"NFG 1 R {title} {{ {players} }}\n\n"
        f"{{ {strategies}\n}}\n"
        '""\n\n'
        f"{{\n{outcomes}}}\n"
        f"{indices}\n"
    )


def write_nfg(game: Game, path: str | os.PathLike[str], form: str = "outcome") -> None:
    """Write `game` to a Gambit ``.nfg`` file (see :func:`format_nfg` for `form`).

    The file (UTF-8) reads back with :func:`read_nfg`, and with ``pygambit.read_nfg`` when
    the labels are ones pygambit accepts (see :func:`format_nfg`), to the same payoffs, names
    and title.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pd.nfg"
    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="PD")
    >>> write_nfg(g, path)
    >>> read_nfg(path).payoffs[0].tolist()
    [[3.0, 0.0], [5.0, 1.0]]
    """
    text = _format(game, form, "write_nfg()")
    try:
        Path(os.fspath(path)).write_text(text, encoding="utf-8")
    except OSError as err:
        raise GameError(f"write_nfg(): cannot write {os.fspath(path)}: {err}") from None
