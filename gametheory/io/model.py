"""Symbolic model files: a :class:`~gametheory.symbolic.SymbolicGame` in TOML or JSON.

Schema
------
.. code-block:: toml

    title = "Two-bloc deterrence"          # optional
    description = "..."                    # optional
    players = ["A", "B"]
    actions = [["R", "E"], ["R", "E"]]

    constraints = ["eps0*c <= 1"]          # optional; "<expr> <= <expr>" or ">="

    [parameters]                           # optional; name = default, or a table
    c = 2.0
    r = { default = 1.5, nonnegative = true }   # every key optional; nonnegative = false
    eps0 = { default = 0.01, min = 0, max = 1, description = "accident probability per unit c" }

    [payoffs]                              # every pure profile exactly once
    "R,R" = ["-k*c", "-k*c"]               # one expression (text or number) per player
    "E,R" = ["b + alpha*c - theta*c - r - k*c", "-beta*c - k*c"]

JSON files hold the same object. Profile keys list one action name per player, separated by
commas (spaces around the names are ignored). Expressions are read by
:func:`gametheory.io.expr.parse_expression`, never evaluated as Python. Parameters become
``sympy.Symbol(name, real=True)``, with ``nonnegative=True`` when asked, in the order listed.
``min``/``max`` bound a parameter (inclusive) and ``constraints`` join several; both are checked
wherever the game is evaluated (:meth:`~gametheory.symbolic.SymbolicGame.at`, sweeps).
Every error is a :class:`~gametheory.errors.GameError` that starts ``read_model():`` (or
``parse_model():``), names the file and the key, e.g. ``payoffs["R,E"][1]``.
"""

from __future__ import annotations

import json
import math
import os
import tomllib
from collections.abc import Mapping
from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from ..errors import GameError, TooLargeError
from ..symbolic import SymbolicGame
from ._text import read_text
from .expr import FUNCTIONS, IDENTIFIER, format_expression, parse_expression

TOP_KEYS = ("title", "description", "players", "actions", "parameters", "constraints", "payoffs")
"""The keys a model file may have at its top level."""

PARAMETER_KEYS = ("default", "nonnegative", "min", "max", "description")
"""The keys a parameter table may have."""


class _Context:
    """Builds error messages that name the function and the file."""

    def __init__(self, func: str, source: str) -> None:
        self.func, self.source = func, source

    def error(self, where: str, message: str) -> GameError:
        place = f" {where}" if where else ""
        return GameError(f"{self.func}: {self.source}{place}: {message}")


def _key(name: str) -> str:
    return json.dumps(name, ensure_ascii=False)


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        str: "a string",
        list: "a list",
        dict: "a table",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def _names(ctx: _Context, where: str, value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ctx.error(where, f"expected a non-empty list of {what}, got {_type_name(value)}")
    for k, name in enumerate(value):
        if not isinstance(name, str) or not name.strip():
            raise ctx.error(f"{where}[{k}]", f"expected a non-empty name, got {name!r}")
        if name != name.strip() or "," in name:
            raise ctx.error(
                f"{where}[{k}]",
                f"name {name!r} must not contain ',' or start or end with spaces "
                "(profile keys are split at commas)",
            )
    repeated = sorted({n for n in value if value.count(n) > 1})
    if repeated:
        raise ctx.error(where, f"{what} must be unique, repeated: {repeated}")
    return list(value)


def _number(ctx: _Context, where: str, value: Any) -> Fraction:
    """An exact number from a file value; floats by their decimal text (0.1 means 1/10)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ctx.error(where, f"expected a number, got {_type_name(value)} {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ctx.error(where, f"expected a finite number, got {value}")
        return Fraction(repr(value))
    if abs(value) > 10**300:
        # JSON integers have no size limit; numbers past the float range cannot be evaluated
        raise ctx.error(where, f"number with {len(str(abs(value)))} digits is out of range")
    return Fraction(value)


class _Parameters:
    """What the ``[parameters]`` table declares."""

    def __init__(self) -> None:
        self.symbols: list[sp.Symbol] = []
        self.defaults: dict[str, float] = {}
        self.bounds: dict[str, tuple[float | None, float | None]] = {}
        self.meanings: dict[str, str] = {}


def _parameters(ctx: _Context, raw: Any) -> _Parameters:
    out = _Parameters()
    if raw is None:
        return out
    if not isinstance(raw, dict):
        raise ctx.error("parameters", f"expected a table of parameters, got {_type_name(raw)}")
    symbols, defaults = out.symbols, out.defaults
    for name, spec in raw.items():
        where = f"parameters[{_key(name)}]"
        if not IDENTIFIER.match(name):
            raise ctx.error(
                where,
                f"parameter name {name!r} is not an identifier (letters, digits and '_', "
                "not starting with a digit)",
            )
        if name in FUNCTIONS:
            raise ctx.error(
                where, f"parameter name {name!r} is the name of a function ({', '.join(FUNCTIONS)})"
            )
        nonnegative, default = False, None
        if isinstance(spec, dict):
            unknown = sorted(set(spec) - set(PARAMETER_KEYS))
            if unknown:
                raise ctx.error(
                    where, f"unknown key(s) {unknown}; a parameter table may have {PARAMETER_KEYS}"
                )
            if "nonnegative" in spec:
                nonnegative = spec["nonnegative"]
                if not isinstance(nonnegative, bool):
                    raise ctx.error(
                        f'{where}["nonnegative"]',
                        f"expected true or false, got {_type_name(nonnegative)} {nonnegative!r}",
                    )
            if "default" in spec:
                default = _number(ctx, f'{where}["default"]', spec["default"])
            low, high = (
                float(_number(ctx, f"{where}[{key!r}]", spec[key])) if key in spec else None
                for key in ("min", "max")
            )
            if low is not None and high is not None and low > high:
                raise ctx.error(where, f"min {low:g} is above max {high:g}")
            # nonnegative = true means min = 0: a min below it contradicts it (it was dropped
            # silently), a higher min is the stricter bound and stays
            if nonnegative and low is not None and low < 0:
                raise ctx.error(
                    where,
                    f"min {low:g} allows negative values but nonnegative = true; give min >= 0 "
                    "or drop nonnegative",
                )
            if nonnegative and high is not None and high < 0:
                raise ctx.error(
                    where, f"max {high:g} is negative but nonnegative = true: no value is allowed"
                )
            if low is not None or high is not None:
                out.bounds[name] = (low, high)
                if default is not None and not (
                    (low is None or default >= low) and (high is None or default <= high)
                ):
                    raise ctx.error(
                        where, f"default {float(default):g} is outside [min, max] = [{low}, {high}]"
                    )
            if "description" in spec:
                if not isinstance(spec["description"], str):
                    raise ctx.error(
                        f'{where}["description"]',
                        f"expected a string, got {_type_name(spec['description'])}",
                    )
                out.meanings[name] = spec["description"]
        else:
            default = _number(ctx, where, spec)
        if default is not None:
            if nonnegative and default < 0:
                raise ctx.error(
                    where, f"default {float(default)} is negative but nonnegative = true"
                )
            defaults[name] = float(default)
        if nonnegative:
            symbols.append(sp.Symbol(name, real=True, nonnegative=True))
        else:
            symbols.append(sp.Symbol(name, real=True))
    return out


def _constraints(ctx: _Context, raw: Any, symbols: Mapping[str, sp.Symbol]) -> list[sp.Rel]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ctx.error("constraints", f"expected a list of inequalities, got {_type_name(raw)}")
    out = []
    for k, text in enumerate(raw):
        where = f"constraints[{k}]"
        if not isinstance(text, str):
            raise ctx.error(where, f'expected text such as "eps0*c <= 1", got {_type_name(text)}')
        ops = [op for op in ("<=", ">=") if op in text]
        if len(ops) != 1 or text.count(ops[0]) != 1:
            raise ctx.error(where, f"expected one '<=' or '>=' between two expressions: {text!r}")
        left, right = text.split(ops[0])
        lhs, rhs = (
            parse_expression(side, symbols, where=f"{ctx.func}: {ctx.source} {where}:")
            for side in (left, right)
        )
        rel = sp.Le(lhs, rhs) if ops[0] == "<=" else sp.Ge(lhs, rhs)
        if rel is sp.false:
            raise ctx.error(where, f"{text!r} never holds")
        if rel is not sp.true:
            out.append(rel)
    return out


def _expression(ctx: _Context, where: str, value: Any, symbols: Mapping[str, sp.Symbol]) -> sp.Expr:
    if isinstance(value, str):
        return parse_expression(value, symbols, where=f"{ctx.func}: {ctx.source} {where}:")
    number = _number(ctx, where, value)
    return sp.Rational(number.numerator, number.denominator)


def _payoffs(
    ctx: _Context,
    raw: Any,
    actions: list[list[str]],
    symbols: Mapping[str, sp.Symbol],
) -> list[np.ndarray]:
    if not isinstance(raw, dict):
        raise ctx.error("payoffs", f"expected a table of profiles, got {_type_name(raw)}")
    n = len(actions)
    shape = tuple(len(a) for a in actions)
    tables = [np.empty(shape, dtype=object) for _ in range(n)]
    seen: dict[tuple[int, ...], str] = {}
    for key, values in raw.items():
        where = f"payoffs[{_key(key)}]"
        names = [part.strip() for part in key.split(",")]
        if len(names) != n:
            raise ctx.error(
                where,
                f"a profile names one action per player ({n}), separated by commas; "
                f"got {len(names)}",
            )
        index = []
        for i, name in enumerate(names):
            if name not in actions[i]:
                raise ctx.error(
                    where, f"player {i + 1} has no action {name!r}; actions are {actions[i]}"
                )
            index.append(actions[i].index(name))
        profile = tuple(index)
        if profile in seen:
            raise ctx.error(where, f"profile listed twice (also as {_key(seen[profile])})")
        seen[profile] = key
        if not isinstance(values, list) or len(values) != n:
            got = f"{len(values)} item(s)" if isinstance(values, list) else _type_name(values)
            raise ctx.error(
                where, f"expected a list of {n} expressions (one per player), got {got}"
            )
        for i, value in enumerate(values):
            tables[i][profile] = _expression(ctx, f"{where}[{i}]", value, symbols)
    missing = [
        ",".join(actions[i][a] for i, a in enumerate(p))
        for p in product(*(range(s) for s in shape))
        if p not in seen
    ]
    if missing:
        shown = ", ".join(_key(m) for m in missing[:5]) + (", ..." if len(missing) > 5 else "")
        raise ctx.error(
            "payoffs", f"{len(missing)} profile(s) missing, e.g. {shown}; list every profile once"
        )
    return tables


def _parse(data: Any, ctx: _Context) -> SymbolicGame:
    if not isinstance(data, dict):
        raise ctx.error("", f"expected a table (object) at the top level, got {_type_name(data)}")
    unknown = sorted(set(data) - set(TOP_KEYS))
    if unknown:
        raise ctx.error("", f"unknown key(s) {unknown}; a model may have {list(TOP_KEYS)}")
    for key in ("players", "actions", "payoffs"):
        if key not in data:
            raise ctx.error("", f"missing required key {key!r}")
    texts = {}
    for key in ("title", "description"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ctx.error(key, f"expected a string, got {_type_name(value)}")
        texts[key] = value
    players = _names(ctx, "players", data["players"], "player names")
    raw_actions = data["actions"]
    if not isinstance(raw_actions, list) or len(raw_actions) != len(players):
        got = (
            f"{len(raw_actions)} list(s)"
            if isinstance(raw_actions, list)
            else _type_name(raw_actions)
        )
        raise ctx.error(
            "actions", f"expected one list of action names per player ({len(players)}), got {got}"
        )
    actions = [
        _names(ctx, f"actions[{i}]", acts, f"actions of player {players[i]!r}")
        for i, acts in enumerate(raw_actions)
    ]
    declared = _parameters(ctx, data.get("parameters"))
    symbols = declared.symbols
    by_name = {s.name: s for s in symbols}
    constraints = _constraints(ctx, data.get("constraints"), by_name)
    tables = _payoffs(ctx, data["payoffs"], actions, by_name)
    try:
        return SymbolicGame(
            [t.tolist() for t in tables],
            parameters=symbols,
            defaults=declared.defaults,
            players=players,
            actions=actions,
            title=texts["title"],
            description=texts["description"],
            bounds=declared.bounds,
            constraints=constraints,
            meanings=declared.meanings,
        )
    except GameError as err:
        # everything is checked above; this only relays what SymbolicGame adds later
        relayed = ctx.error("", str(err))
        if isinstance(err, TooLargeError):
            relayed = TooLargeError(str(relayed))
        raise relayed from None


def parse_model(data: dict[str, Any], source: str = "<model>") -> SymbolicGame:
    """A :class:`~gametheory.symbolic.SymbolicGame` from a model already loaded as a dict.

    Parameters
    ----------
    data : dict
        The model, as :mod:`tomllib` or :mod:`json` gives it (schema in the module docstring).
    source : str
        What to call the model in error messages (a file name).

    Returns
    -------
    SymbolicGame

    Raises
    ------
    GameError
        ``parse_model(): <source> <key>: ...`` for unknown or missing keys, a profile missing
        or listed twice, unknown actions, a wrong number of expressions, bad expressions, bad
        parameter names or defaults.

    Examples
    --------
    >>> g = parse_model({
    ...     "players": ["A", "B"], "actions": [["C", "D"], ["C", "D"]],
    ...     "parameters": {"T": 5},
    ...     "payoffs": {"C,C": [3, 3], "C,D": [0, "T"], "D,C": ["T", 0], "D,D": [1, 1]}})
    >>> g.payoff(1, ["C", "D"]), g.defaults
    (T, {'T': 5.0})
    >>> parse_model({"players": ["A"], "actions": [["x"]], "payoffs": {"x": ["q"]}}, "m.json")
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: parse_model(): m.json payoffs["x"][0]: column 1: unknown name ...
    """
    return _parse(data, _Context("parse_model()", source))


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a finite number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _load(path: str | os.PathLike[str], func: str) -> tuple[Any, str]:
    source = os.fspath(path)
    suffix = Path(source).suffix.lower()
    if suffix not in (".toml", ".json"):
        raise GameError(f"{func}: {source}: expected a .toml or .json model file")
    text, source = read_text(source, func)
    if suffix == ".toml":
        try:
            return tomllib.loads(text), source
        except tomllib.TOMLDecodeError as err:
            # the message ends "(at line L, column C)" or "(at end of document)"
            message = str(err).replace(
                "(at end of document)",
                f"(at the end of the document, line {text.count(chr(10)) + 1})",
            )
            raise GameError(f"{func}: {source}: invalid TOML: {message}") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise GameError(
            f"{func}: {source}: invalid JSON at line {err.lineno} column {err.colno}: {err.msg}"
        ) from None
    except ValueError as err:
        raise GameError(f"{func}: {source}: invalid JSON: {err}") from None
    return data, source


def read_model(path: str | os.PathLike[str]) -> SymbolicGame:
    """Read a symbolic model from a ``.toml`` or ``.json`` file.

    Parameters
    ----------
    path : str or path-like
        The model file (schema in the module docstring); read as UTF-8.

    Returns
    -------
    SymbolicGame
        With the file's parameters (in file order), defaults, names, title and description.

    Raises
    ------
    GameError
        ``read_model(): <path> <key>: ...`` for anything :func:`parse_model` rejects, invalid
        TOML or JSON (with the line), NaN or infinite numbers, or a missing file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pd.toml"
    >>> _ = path.write_text('''
    ... players = ["A", "B"]
    ... actions = [["C", "D"], ["C", "D"]]
    ... [parameters]
    ... T = { default = 5, nonnegative = true }
    ... [payoffs]
    ... "C,C" = [3, 3]
    ... "C,D" = [0, "T"]
    ... "D,C" = ["T", 0]
    ... "D,D" = [1, 1]
    ... ''')
    >>> read_model(path).at(T=4).payoffs[0].tolist()
    [[3.0, 0.0], [4.0, 1.0]]
    """
    data, source = _load(path, "read_model()")
    return _parse(data, _Context("read_model()", source))


# ----------------------------------------------------------------------------- writing
def _toml_string(text: str) -> str:
    """A TOML basic string: escape quotes, backslashes and control characters."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_float(value: float) -> str:
    text = repr(float(value))
    return text if any(c in text for c in ".en") else text + ".0"


def format_model(game: SymbolicGame, func: str = "format_model()") -> str:
    """The TOML text of a model file for `game` (what :func:`write_model` writes).

    Examples
    --------
    >>> from gametheory.games import prisoners_dilemma
    >>> print(format_model(prisoners_dilemma()).splitlines()[4])
    [parameters]
    """
    if not isinstance(game, SymbolicGame):
        raise GameError(f"{func}: expected a SymbolicGame, got {type(game).__name__}")
    names = {p.name: p for p in game.parameters}
    for name in names:
        if not IDENTIFIER.match(name) or name in FUNCTIONS:
            raise GameError(
                f"{func}: parameter name {name!r} cannot be written: model files need "
                "identifiers that are not function names"
            )
    for i, acts in enumerate(game.actions):
        for a in acts:
            if "," in a or a != a.strip():
                raise GameError(
                    f"{func}: action {a!r} of player {game.players[i]!r} cannot be written: "
                    "profile keys are split at commas and stripped"
                )
    lines = []
    if game.title:
        lines.append(f"title = {_toml_string(game.title)}")
    if game.description:
        lines.append(f"description = {_toml_string(game.description)}")
    lines.append("players = [" + ", ".join(_toml_string(p) for p in game.players) + "]")
    lines.append(
        "actions = ["
        + ", ".join("[" + ", ".join(_toml_string(a) for a in acts) + "]" for acts in game.actions)
        + "]"
    )
    if game.constraints:
        rels = []
        for rel in game.constraints:
            op = "<=" if isinstance(rel, (sp.LessThan, sp.StrictLessThan)) else ">="
            sides = (format_expression(rel.lhs), format_expression(rel.rhs))
            rels.append(_toml_string(f"{sides[0]} {op} {sides[1]}"))
        lines.append("constraints = [" + ", ".join(rels) + "]")
    lines += ["", "[parameters]"]
    defaults = game.defaults
    bounds = game.bounds
    meanings = game.meanings
    for p in game.parameters:
        fields = []
        if p.name in defaults:
            fields.append(f"default = {_toml_float(defaults[p.name])}")
        if p.is_nonnegative:
            fields.append("nonnegative = true")
        for key, end in zip(("min", "max"), bounds[p.name], strict=True):
            # nonnegative = true already says min = 0
            if end is not None and not (key == "min" and p.is_nonnegative and end == 0):
                fields.append(f"{key} = {_toml_float(end)}")
        if meanings[p.name]:
            fields.append(f"description = {_toml_string(meanings[p.name])}")
        table = "{ " + ", ".join(fields) + " }" if fields else "{}"
        lines.append(f"{p.name} = {table}")
    lines += ["", "[payoffs]"]
    for profile in product(*(range(s) for s in game.shape)):
        key = ",".join(game.actions[i][a] for i, a in enumerate(profile))
        texts = []
        for i, table in enumerate(game.payoffs):
            expr = table[profile]
            where = f"{func}: payoffs[{_key(key)}][{i}]:"
            try:
                text = format_expression(expr)
            except GameError as err:
                raise GameError(f"{where} {str(err).split(': ', 1)[1]}") from None
            # read it back before writing: a file that would not load is worse than an error
            again = parse_expression(text, names, where=f"{where} {text!r}:")
            if again != expr and sp.simplify(again - expr) != 0:
                raise GameError(f"{where} {text!r} does not read back as {expr}")
            texts.append(_toml_string(text))
        lines.append(f"{_toml_string(key)} = [{', '.join(texts)}]")
    return "\n".join(lines) + "\n"


def write_model(game: SymbolicGame, path: str | os.PathLike[str]) -> None:
    """Write `game` to a TOML model file that :func:`read_model` reads back.

    Payoffs are written by :func:`~gametheory.io.expr.format_expression`: sympy's ``str()``
    (``**`` for powers, which the expression grammar accepts) with ``Abs``, ``Min``, ``Max``
    and ``E`` spelled the grammar's way. Every expression is re-parsed before writing, and
    one the grammar cannot hold (``pi``, ``Piecewise``, ...) raises instead of writing a file
    that would not load.
    Parameter assumptions other than ``nonnegative`` are not kept: parameters read back as
    ``real=True``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from gametheory.deterrence.two_bloc import two_bloc
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "two_bloc.toml"
    >>> write_model(two_bloc(), path)
    >>> read_model(path).payoff(0, ["E", "R"])
    alpha*c + b - c*k - c*theta - r
    """
    source = os.fspath(path)
    if Path(source).suffix.lower() != ".toml":
        raise GameError(f"write_model(): {source}: model files are written as .toml")
    text = format_model(game, func="write_model()")
    try:
        Path(source).write_text(text, encoding="utf-8")
    except OSError as err:
        raise GameError(f"write_model(): cannot write {source}: {err}") from None
