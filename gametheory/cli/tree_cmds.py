"""``spe``: subgame-perfect equilibria of a game tree (``.efg`` or a built-in tree)."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import GameError
from .common import _fmt, _print, _strategy_text, counted, parse_params


def _load_tree(spec: str, params: dict[str, Any]):
    """An ExtensiveGame (numeric) from a ``.efg`` path or ``builtin:NAME`` (a deterrence tree)."""
    from ..deterrence.catalog import TREES

    if spec.startswith("builtin:"):
        name = spec.split(":", 1)[1]
        if name not in TREES:
            raise GameError(f"spe: no built-in game tree {name!r}; trees are {sorted(TREES)}")
        tree = TREES[name][0]()
    elif spec.lower().endswith(".efg"):
        from ..io import read_efg

        tree = read_efg(spec)
    else:
        raise GameError(f"spe: {spec!r} is not a .efg game tree or builtin:NAME of a tree")
    if tree.is_numeric:
        if params:
            raise GameError(f"--param {sorted(params)}: this game tree has no parameters")
        return tree
    return tree.at(**params)


def cmd_spe(args: argparse.Namespace) -> int:
    from ..extensive import subgame_perfect

    tree = _load_tree(args.file, parse_params(args.param))
    result = subgame_perfect(tree, tol=args.tol, method=args.method)
    if args.json:
        _print(result.to_dict())
        return 0
    state = "complete" if result.complete else "not proven complete"
    found = counted(
        len(result.equilibria), "subgame-perfect equilibrium", "subgame-perfect equilibria"
    )
    print(f"{tree.title or args.file}: {found}")
    print(f"method {result.method} ({state})")
    for k, eq in enumerate(result.equilibria, 1):
        print(f"  #{k}  payoffs " + ", ".join(_fmt(v) for v in eq.payoffs))
        for label, move in eq.moves.items():
            shown = (
                move if isinstance(move, str) else _strategy_text(tuple(move), tuple(move.values()))
            )
            print(f"      {label}: {shown}")
    for note in result.notes:
        print(f"  note: {note}")
    return 0
