"""A cache of solved inequality systems, in memory and on disk, so a second run is instant.

:func:`gametheory.stability.inequalities.solve_conjunction` is a pure function of sympy
expressions, and the slow step of :func:`~gametheory.stability.thresholds` (seconds for the
two-bloc model with accidents). Its results are kept per process and written to
``$GAMETHEORY_CACHE_DIR`` (default ``~/.cache/gametheory``) under ``solved/``, keyed by a
SHA-256 of the inputs (every expression, every symbol's assumptions) and of the solver's own
source, so changing the solver invalidates the cache. ``GAMETHEORY_NO_CACHE=1`` turns the disk
cache off.

Entries are JSON trees of a few whitelisted sympy classes, never pickles and never text
passed to ``sympify``: a cache file is data, and reading one cannot run code. A file that does
not parse, names an unknown class or a symbol that is not among the inputs is ignored and
recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sympy as sp

_CLASSES: dict[str, Any] = {
    cls.__name__: cls
    for cls in (
        sp.Add,
        sp.Mul,
        sp.Pow,
        sp.StrictGreaterThan,
        sp.GreaterThan,
        sp.StrictLessThan,
        sp.LessThan,
        sp.Equality,
        sp.Unequality,
        sp.Max,
        sp.Min,
        sp.Abs,
        sp.exp,
        sp.log,
    )
}
_CONSTANTS = {"oo": sp.oo, "-oo": -sp.oo, "zoo": sp.zoo, "nan": sp.nan, "true": sp.true}
_CONSTANTS["false"] = sp.false


class Unencodable(Exception):
    """An expression outside the whitelisted classes: not cached."""


def encode(e: Any) -> Any:
    """A JSON-ready tree of a sympy expression (symbols with their assumptions)."""
    if isinstance(e, tuple | list):
        return ["tuple", *(encode(a) for a in e)]
    if isinstance(e, str):
        return ["str", e]
    if isinstance(e, bool):
        return ["bool", e]
    if isinstance(e, sp.Symbol):
        return ["Symbol", e.name, sorted(e.assumptions0.items())]
    if isinstance(e, sp.Integer):
        return ["Integer", str(int(e))]
    if isinstance(e, sp.Rational):
        return ["Rational", str(e.p), str(e.q)]
    if isinstance(e, sp.Float):
        return ["Float", sp.srepr(e)]
    for name, value in _CONSTANTS.items():
        if e is value or e == value:
            return ["const", name]
    name = type(e).__name__
    if name in _CLASSES:
        return [name, *(encode(a) for a in e.args)]
    raise Unencodable(name)


def decode(tree: Any, symbols: dict[str, sp.Symbol]) -> Any:
    """The expression of :func:`encode`'s tree, with symbols taken from `symbols` by name."""
    kind, *rest = tree
    if kind == "tuple":
        return tuple(decode(a, symbols) for a in rest)
    if kind in ("str", "bool"):
        return rest[0]
    if kind == "Symbol":
        return symbols[rest[0]]
    if kind == "Integer":
        return sp.Integer(int(rest[0]))
    if kind == "Rational":
        return sp.Rational(int(rest[0]), int(rest[1]))
    if kind == "Float":
        # srepr of a Float is Float('digits', precision=p): read both without evaluating it
        text = rest[0]
        digits = text.split("'")[1]
        precision = int(text.rsplit("precision=", 1)[1].rstrip(")"))
        return sp.Float(digits, precision=precision)
    if kind == "const":
        return _CONSTANTS[rest[0]]
    return _CLASSES[kind](*(decode(a, symbols) for a in rest), evaluate=False)


def _symbols_of(value: Any) -> dict[str, sp.Symbol]:
    found: dict[str, sp.Symbol] = {}
    if isinstance(value, tuple | list):
        for v in value:
            found.update(_symbols_of(v))
    elif isinstance(value, sp.Basic):
        found.update({s.name: s for s in value.free_symbols if isinstance(s, sp.Symbol)})
    return found


def _directory() -> Path | None:
    if os.environ.get("GAMETHEORY_NO_CACHE"):
        return None
    root = os.environ.get("GAMETHEORY_CACHE_DIR") or Path.home() / ".cache" / "gametheory"
    return Path(root) / "solved"


_memory: dict[str, Any] = {}


def cached(version: str, inputs: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its result from an earlier call with the same `inputs` and `version`.

    `inputs` and the result are (nested tuples of) sympy expressions, strings and booleans.
    """
    try:
        key_tree = encode(inputs)
    except Unencodable:
        return compute()
    key = hashlib.sha256(json.dumps([version, key_tree]).encode()).hexdigest()
    symbols = _symbols_of(inputs)
    return _through(
        key,
        f"{key}.json",
        lambda tree: decode(tree, symbols),
        encode,
        compute,
        # unreadable or foreign: recompute and overwrite; an exotic result is not written
        (OSError, ValueError, KeyError, IndexError, TypeError),
        (OSError, Unencodable),
    )


def cached_data(version: str, inputs: Any, compute: Callable[[], Any]) -> Any:
    """``compute()`` for plain JSON data (numbers, strings, lists, dicts), cached like
    :func:`cached` in memory and in the same folder (``data-<key>.json``).

    `inputs` is JSON data naming everything the result depends on (floats are written with
    ``repr``, so equal keys mean bit-equal inputs); `version` should change with the code that
    computes the result. A file that does not parse is recomputed and overwritten.
    """
    key = hashlib.sha256(json.dumps([version, inputs], sort_keys=True).encode()).hexdigest()
    return _through(
        key,
        f"data-{key}.json",
        lambda data: data,
        lambda data: data,
        compute,
        (OSError, ValueError),
        (OSError, TypeError, ValueError),
    )


def _through(key, name, load, dump, compute, read_errors, write_errors) -> Any:
    """The entry `key`: from memory, else from the file `name` (through `load`), else
    ``compute()``, kept in memory and written (through `dump`). The cache is only an
    optimisation: a file that fails to read is recomputed, a write that fails is skipped."""
    if key in _memory:
        return _memory[key]
    folder = _directory()
    path = None if folder is None else folder / name
    if path is not None and path.is_file():
        try:
            result = load(json.loads(path.read_text()))
        except read_errors:
            pass
        else:
            _memory[key] = result
            return result
    result = compute()
    _memory[key] = result
    if path is not None:
        try:
            _write(path, dump(result))
        except write_errors:
            pass  # a read-only home or an exotic expression
    return result


def _write(path: Path, data: Any) -> None:
    """`data` as JSON at `path`, atomically (a temporary file renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False) as handle:
        json.dump(data, handle)
    os.replace(handle.name, path)


def clear_memory() -> None:
    """Forget the in-process entries (tests use it to read from disk)."""
    _memory.clear()
