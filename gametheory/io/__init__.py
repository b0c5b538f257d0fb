"""Reading and writing games: Gambit ``.nfg`` files and symbolic TOML/JSON model files.

>>> from gametheory.io import parse_nfg, format_nfg
>>> g = parse_nfg('NFG 1 R "coordination" { "A" "B" } { 2 2 } 1 1 0 0 0 0 1 1')
>>> parse_nfg(format_nfg(g)).payoffs[1].tolist()
[[1.0, 0.0], [0.0, 1.0]]

Model files hold payoffs as text; they are parsed by :func:`parse_expression`, a small
hand-written parser, and never evaluated as Python.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import GameError
from ..game import Game
from ..symbolic import SymbolicGame
from .efg import format_efg, parse_efg, read_efg, write_efg
from .expr import format_expression, parse_expression
from .model import format_model, parse_model, read_model, write_model
from .nfg import format_nfg, parse_nfg, read_nfg, write_nfg

__all__ = [
    "format_efg",
    "format_expression",
    "format_model",
    "format_nfg",
    "load",
    "parse_efg",
    "parse_expression",
    "parse_model",
    "parse_nfg",
    "read_efg",
    "read_model",
    "read_nfg",
    "write_efg",
    "write_model",
    "write_nfg",
]

EXTENSIONS = {
    ".nfg": "Gambit strategic game",
    ".efg": "Gambit game tree (loaded as its reduced strategic form)",
    ".toml": "TOML model",
    ".json": "JSON model",
}
"""File types :func:`load` understands."""


def load(path: str | os.PathLike[str], **params: Any) -> Game | SymbolicGame:
    """Load a game from a file, choosing the reader by the file's extension.

    Parameters
    ----------
    path : str or path-like
        A Gambit ``.nfg`` file (either form), a Gambit ``.efg`` game tree (loaded as its
        reduced strategic form, see :func:`gametheory.extensive.reduced_normal_form`), or a
        ``.toml`` / ``.json`` model file.
    **params
        For model files: new default values of parameters (``c=3.0``), so that ``.at()``
        uses them; every name and value is checked. Not allowed for ``.nfg`` files, which
        have no parameters.

    Returns
    -------
    Game or SymbolicGame
        A :class:`~gametheory.game.Game` for ``.nfg`` files, a
        :class:`~gametheory.symbolic.SymbolicGame` for model files.

    Raises
    ------
    GameError
        ``load(): ...`` for an unknown extension, a missing file or parameters given for an
        ``.nfg`` file; the readers' own errors otherwise.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.nfg"
    >>> _ = path.write_text('NFG 1 R "g" { "1" "2" } { 1 2 } 4 0 1 1')
    >>> load(path).payoffs[0].tolist()
    [[4.0, 1.0]]
    >>> load(path.with_suffix(".txt"))
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: load(): ....txt: unknown file type '.txt'; expected ...
    """
    source = os.fspath(path)
    suffix = Path(source).suffix.lower()
    if suffix not in EXTENSIONS:
        raise GameError(
            f"load(): {source}: unknown file type {suffix or '(none)'!r}; "
            "expected .nfg, .efg, .toml or .json"
        )
    if not Path(source).is_file():
        raise GameError(f"load(): no such file: {source}")
    if suffix in (".nfg", ".efg"):
        if params:
            raise GameError(
                f"load(): {source} is a numeric Gambit game without parameters; "
                f"cannot set {sorted(params)}"
            )
        if suffix == ".efg":
            from ..extensive.reduce import reduced_normal_form

            return reduced_normal_form(read_efg(source))  # refuses a form too large, with size
        return read_nfg(source)
    model = read_model(source)
    if not params:
        return model
    # new defaults, checked by SymbolicGame itself (unknown names, negatives, non-numbers)
    model.values("load()", **params)
    return SymbolicGame(
        [table.tolist() for table in model.payoffs],
        parameters=model.parameters,
        defaults={**model.defaults, **params},
        players=model.players,
        actions=model.actions,
        title=model.title,
        description=model.description,
    )
