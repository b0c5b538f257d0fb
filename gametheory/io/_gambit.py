"""The lexer shared by Gambit's text formats (``.nfg`` and ``.efg``): tokens with line numbers,
Gambit's string quoting both ways, exact numbers, label clean-up and the common header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

from ..errors import GameError, shown

MAX_EXPONENT = 1000
"""Largest ``|e|`` accepted in a number like ``1e<e>`` (larger ones overflow floats anyway)."""

MAX_TOKEN = 10_000
"""Longest quoted label or bare word (number) accepted, in characters."""

# A bare word is everything up to whitespace, a brace, a comma or a quote; a string ends at the
# first '"' that does not follow a backslash, exactly the rule of Gambit's lexer (found with
# str.find, so a long string costs linear time and no regex backtracking memory).
_LEXEME = re.compile(
    r'\s*(?:(?P<lbrace>\{)|(?P<rbrace>\})|(?P<comma>,)|(?P<quote>")|(?P<word>[^\s{},"]+))'
)
_NUMBER = re.compile(
    r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE](?P<exp>[-+]?[0-9]+))?"
    r"|[-+]?[0-9]+/(?P<den>[0-9]+)"
)
_INTEGER = re.compile(r"[0-9]+")
_SHORT_INTEGER = re.compile(r"[-+]?[0-9]+")


class _Token:
    __slots__ = ("kind", "line", "text")

    def __init__(self, kind: str, text: str, line: int) -> None:
        self.kind, self.text, self.line = kind, text, line

    def describe(self) -> str:
        if self.kind == "eof":
            return "end of file"
        if self.kind == "string":
            return f"the string {shown(self.text)}"
        return shown(self.text)


def _decode(body: str) -> str:
    """The text of a quoted string the way Gambit's lexer builds it.

    A backslash is held back: followed by ``"`` it yields the quote alone, followed by
    anything else it is kept along with that character (so ``\\\\`` stays two backslashes).
    """
    if "\\" not in body:
        return body
    out, pending = [], False
    for ch in body:
        if pending and ch == '"':
            out.append('"')
        elif pending:
            out.append("\\" + ch)
        elif ch != "\\":
            out.append(ch)
        pending = ch == "\\"
    return "".join(out)


def _encode(func: str, text: str) -> str:
    """Quote `text` so that Gambit's lexer (and :func:`_decode`) reads back exactly `text`.

    Under Gambit's rule a run of ``k`` backslashes reads back as ``2k - 1`` backslashes before
    an ordinary character and as ``2k - 2`` before an escaped quote, and a string cannot end
    in a backslash; labels outside that set cannot be written and raise.
    """
    parts, i = ['"'], 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] == "\\":
            j += 1
        run, nxt = j - i, text[j] if j < len(text) else None
        if nxt == '"':
            if run % 2:
                break
            parts.append("\\" * (run // 2 + 1) + '"')
            i = j + 1
        elif run == 0:
            parts.append(nxt or "")
            i = j + 1
        elif nxt is not None and run % 2:
            parts.append("\\" * ((run + 1) // 2))
            i = j
        else:
            break
    else:
        parts.append('"')
        return "".join(parts)
    raise GameError(
        f"{func}: the label {text!r} cannot be written in a Gambit file: Gambit's reader "
        "cannot represent an even run of backslashes before a character, an odd run before "
        "a quote, or a backslash at the end of a label"
    )


class _Reader:
    """Tokens of one file with their line numbers, and the errors that name them."""

    def __init__(self, text: str, source: str, func: str) -> None:
        self.source, self.func = source, func
        text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark, as Windows editors write
        self._tokens = self._lex(text)  # one token at a time: memory does not grow with the file
        self._next = next(self._tokens)

    def error(self, line: int, message: str) -> GameError:
        return GameError(f"{self.func}: {self.source} line {line}: {message}")

    def _lex(self, text: str) -> Iterator[_Token]:
        pos, line, counted = 0, 1, 0  # newlines are counted up to `counted`
        end = len(text)
        while True:
            match = _LEXEME.match(text, pos)
            if match is None or match.lastgroup is None:
                break
            kind = match.lastgroup
            start = match.start(kind)
            line += text.count("\n", counted, start)
            counted = start
            if kind == "quote":
                close = start + 1
                while True:
                    close = text.find('"', close)
                    if close < 0:
                        raise self.error(
                            line, "unterminated string: no closing '\"' before end of file"
                        )
                    if close > start + 1 and text[close - 1] == "\\":
                        close += 1
                        continue
                    break
                body = text[start + 1 : close]
                if len(body) > MAX_TOKEN:
                    raise self.error(
                        line,
                        f"a quoted string of {len(body):,} characters; at most MAX_TOKEN = "
                        f"{MAX_TOKEN:,} are accepted",
                    )
                yield _Token("string", _decode(body), line)
                pos = close + 1
            else:
                pos = match.end()
                value = match.group(kind)
                if len(value) > MAX_TOKEN:
                    raise self.error(
                        line,
                        f"a word or number of {len(value):,} characters; at most MAX_TOKEN = "
                        f"{MAX_TOKEN:,} are accepted",
                    )
                yield _Token(kind, value, line)
            if pos >= end:
                break
        # end of file is reported on the line of the last token, where something is missing
        line += text.count("\n", counted, pos)
        yield _Token("eof", "", line)

    # -------------------------------------------------------------- token access
    def peek(self) -> _Token:
        return self._next

    def take(self) -> _Token:
        token = self._next
        if token.kind != "eof":
            self._next = next(self._tokens)
        return token

    def expect(self, kind: str, what: str) -> _Token:
        token = self.take()
        if token.kind != kind:
            raise self.error(token.line, f"expected {what}, found {token.describe()}")
        return token

    def number(self, token: _Token, what: str) -> Fraction:
        text = token.text
        if token.kind == "word" and len(text) < 16 and _SHORT_INTEGER.fullmatch(text):
            return Fraction(int(text))  # the common case, without parsing a string as a Fraction
        match = _NUMBER.fullmatch(token.text) if token.kind == "word" else None
        if match is None:
            raise self.error(token.line, f"expected {what}, found {token.describe()}")
        if match.group("exp") and abs(int(match.group("exp"))) > MAX_EXPONENT:
            raise self.error(token.line, f"{what} {token.describe()} is out of range")
        if match.group("den") and int(match.group("den")) == 0:
            raise self.error(token.line, f"{what} {token.describe()} divides by zero")
        try:
            value = Fraction(token.text)
            float(value)
        except (ValueError, OverflowError):
            # Python's limit on digits of int(); or beyond the float range
            raise self.error(token.line, f"{what} {token.describe()} is out of range") from None
        return value

    def count(self, token: _Token, what: str) -> int:
        if token.kind != "word" or not _INTEGER.fullmatch(token.text):
            raise self.error(token.line, f"expected {what}, found {token.describe()}")
        return int(token.text)

    def header(self, magic: str, version: str) -> tuple[str, list[str]]:
        """``(title, players)`` from the opening ``MAGIC VERSION R|D "title" { "name" ... }``
        that both formats share (``R`` rational and ``D`` decimal are both accepted); the
        player names are made unique as Gambit does (:func:`_normalize`)."""
        opening = f"{magic} {version}"
        head = self.take()
        if head.kind != "word" or head.text != magic:
            raise self.error(
                head.line, f"expected the header '{opening} R', found {head.describe()}"
            )
        number = self.take()
        if number.kind != "word" or number.text != version:
            raise self.error(
                number.line,
                f"expected version {version} after '{magic}', found {number.describe()}",
            )
        kind = self.take()
        if kind.kind != "word" or kind.text not in ("R", "D"):
            raise self.error(
                kind.line, f"expected 'R' or 'D' after '{opening}', found {kind.describe()}"
            )
        title = self.expect("string", "the game title in quotes").text
        self.expect("lbrace", "'{' opening the list of player names")
        players: list[str] = []
        while self.peek().kind == "string":
            players.append(self.take().text)
        close = self.expect("rbrace", "a quoted player name or '}'")
        if not players:
            raise self.error(
                close.line, "expected at least one player name, found an empty list '{ }'"
            )
        return title, _normalize(players)


def _normalize(labels: list[str]) -> list[str]:
    """Gambit's label clean-up: empty labels and repeats get the next free ``_n`` suffix."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    used, out = set(labels), []
    visited: dict[str, int] = {}
    for label in labels:
        if counts[label] == 1 and label != "":
            out.append(label)
            continue
        while True:
            visited[label] = visited.get(label, 0) + 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out
