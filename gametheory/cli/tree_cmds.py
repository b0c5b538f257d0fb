"""``spe``: subgame-perfect equilibria of a game tree (``.efg`` or a built-in tree)."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import GameError
from .common import _fmt, _print, _strategy_text, parse_params


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


SHOWN_BY_DEFAULT = 10
"""``spe`` lists every equilibrium when there are at most this many (else ``--max-list N``)."""


def cmd_spe(args: argparse.Namespace) -> int:
    from ..extensive import subgame_perfect
    from ..extensive.spe import MAX_LISTED_MOVES, _count_text

    tree = _load_tree(args.file, parse_params(args.param))
    if args.max_list is not None and args.max_list < 0:
        raise GameError(f"spe: --max-list must be >= 0, got {args.max_list}")
    max_list = SHOWN_BY_DEFAULT if args.max_list is None else args.max_list
    result = subgame_perfect(tree, tol=args.tol, method=args.method, max_list=max_list)
    equilibria = result.equilibria
    if args.max_list is None and result.count > SHOWN_BY_DEFAULT:
        equilibria = ()
    unlisted = f"{len(equilibria):,} of {_count_text(result.count)} equilibria listed" + (
        f" (--max-list N lists the first N; at most {MAX_LISTED_MOVES:,} moves in all)"
        if len(equilibria) < result.count
        else ""
    )
    if args.json:
        data = result.to_dict()
        data["equilibria"] = [e.to_dict() for e in equilibria]
        data["listed"] = len(equilibria)
        _print(data)
        return 0
    state = "complete" if result.complete else "not proven complete"
    noun = "subgame-perfect equilibrium" if result.count == 1 else "subgame-perfect equilibria"
    print(f"{tree.title or args.file}: {_count_text(result.count)} {noun}")
    print(f"method {result.method} ({state})")
    print(
        "payoff set: " + "; ".join("(" + ", ".join(map(_fmt, v)) + ")" for v in result.payoff_set)
    )
    for k, eq in enumerate(equilibria, 1):
        print(f"  #{k}  payoffs " + ", ".join(_fmt(v) for v in eq.payoffs))
        for label, move in eq.moves.items():
            shown = (
                move if isinstance(move, str) else _strategy_text(tuple(move), tuple(move.values()))
            )
            print(f"      {label}: {shown}")
    if len(equilibria) < result.count:
        print(f"  note: {unlisted}")
    for note in result.notes:
        print(f"  note: {note}")
    return 0
