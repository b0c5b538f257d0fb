"""The lexer shared by Gambit's text formats (``.nfg`` and ``.efg``): tokens with line numbers,
Gambit's string quoting both ways, exact numbers, label clean-up and the common header."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from fractions import Fraction

from ..errors import GameError

MAX_EXPONENT = 1000
"""Largest ``|e|`` accepted in a number like ``1e<e>`` (larger ones overflow floats anyway)."""

# A bare word is everything up to whitespace, a brace, a comma or a quote; strings end at the
# first '"' that does not follow a backslash, exactly the rule of Gambit's lexer.
_LEXEME = re.compile(
    r"(?P<space>\s+)|(?P<lbrace>\{)|(?P<rbrace>\})|(?P<comma>,)"
    r'|(?P<string>"(?:[^"]|(?<=\\)")*?(?<!\\)")|(?P<open>")|(?P<word>[^\s{},"]+)',
    re.DOTALL,
)
_NUMBER = re.compile(
    r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE](?P<exp>[-+]?[0-9]+))?"
    r"|[-+]?[0-9]+/(?P<den>[0-9]+)"
)
_INTEGER = re.compile(r"[0-9]+")


class _Token:
    __slots__ = ("kind", "line", "text")

    def __init__(self, kind: str, text: str, line: int) -> None:
        self.kind, self.text, self.line = kind, text, line

    def describe(self) -> str:
        if self.kind == "eof":
            return "end of file"
        if self.kind == "string":
            shown = self.text if len(self.text) <= 40 else self.text[:37] + "..."
            return f"the string {shown!r}"
        shown = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return repr(shown)


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
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.tokens = list(self._lex(text))
        self.pos = 0

    def line_of(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def error(self, line: int, message: str) -> GameError:
        return GameError(f"{self.func}: {self.source} line {line}: {message}")

    def _lex(self, text: str) -> Iterator[_Token]:
        pos = 0
        for match in _LEXEME.finditer(text):
            kind = match.lastgroup or ""
            if kind == "space":
                continue
            line = self.line_of(match.start())
            if kind == "open":
                raise self.error(line, "unterminated string: no closing '\"' before end of file")
            value = _decode(match.group()[1:-1]) if kind == "string" else match.group()
            yield _Token(kind, value, line)
            pos = match.end()
        # end of file is reported on the line of the last token, where something is missing
        yield _Token("eof", "", self.line_of(pos))

    # -------------------------------------------------------------- token access
    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        if token.kind != "eof":
            self.pos += 1
        return token

    def expect(self, kind: str, what: str) -> _Token:
        token = self.take()
        if token.kind != kind:
            raise self.error(token.line, f"expected {what}, found {token.describe()}")
        return token

    def number(self, token: _Token, what: str) -> Fraction:
        match = _NUMBER.fullmatch(token.text) if token.kind == "word" else None
        if match is None:
            raise self.error(token.line, f"expected {what}, found {token.describe()}")
        if match.group("exp") and abs(int(match.group("exp"))) > MAX_EXPONENT:
            raise self.error(token.line, f"{what} {token.text} is out of range")
        if match.group("den") and int(match.group("den")) == 0:
            raise self.error(token.line, f"{what} {token.text} divides by zero")
        try:
            value = Fraction(token.text)
            float(value)
        except (ValueError, OverflowError):
            # Python's limit on digits of int(); or beyond the float range
            raise self.error(token.line, f"{what} {token.text} is out of range") from None
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
