"""``repeated``: a stage game repeated, with automata strategies (meta-game, Nash and
subgame-perfect checks, critical discounts), the SPE payoff set and finite repetitions."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import GameError
from ..game import Game
from ..tolerance import POINT_INTERVAL
from .common import _fmt, _number, _numeric, _print, load_model, parse_params


def _strategies(text: str, n_players: int, n_actions: int) -> list:
    """``ALLD,TFT,GTFT:g=0.25,M1:0110/1`` as automata; never evaluated."""
    from ..repeated import memory_one, strategy

    out = []
    for item in [t.strip() for t in text.split(",") if t.strip()]:
        name, _, arg = item.partition(":")
        if name.upper() == "M1":
            rule, _, first = arg.partition("/")
            if not rule.isdigit():
                raise GameError(f"--strategies: {item!r}: write a memory-one rule as M1:0110[/1]")
            out.append(
                memory_one(
                    [int(ch) for ch in rule],
                    first=int(first) if first.isdigit() else None,
                    n_actions=n_actions,
                )
            )
        else:
            params = {}
            for kv in [x for x in arg.split(";") if x]:
                key, sep, value = kv.partition("=")
                if not sep:
                    raise GameError(f"--strategies: {item!r}: expected NAME:key=value")
                params[key.strip()] = float(_number(value, f"--strategies {item}"))
            out.append(strategy(name, **params))
    if not out:
        raise GameError("--strategies: give at least one strategy, e.g. ALLD,TFT,GRIM")
    return out


def cmd_repeated(args: argparse.Namespace) -> int:
    from ..repeated import (
        discount_set,
        finite_spe_payoffs,
        is_nash,
        is_subgame_perfect,
        meta_game,
        spe_payoff_set,
    )

    stage = _numeric(load_model(args.file), parse_params(args.param))
    n = stage.n_players
    data: dict[str, Any] = {"game": stage.title or args.file, "delta": args.delta}
    if args.noise and not args.strategies:
        used = " and ".join(
            opt
            for opt, on in [
                ("--payoff-set", args.payoff_set),
                ("--finite", args.finite is not None),
            ]
            if on
        )
        raise GameError(
            f"repeated: --noise {args.noise:g} is used by --strategies only and would be ignored"
            f" by {used or 'the other analyses'} (perfect monitoring); drop --noise or add"
            " --strategies"
        )
    if args.strategies:
        if len(set(stage.shape)) != 1:
            raise GameError(f"repeated: strategies need equal action counts, got {stage.shape}")
        autos = _strategies(args.strategies, n, stage.shape[0])
        noise = args.noise
        meta = meta_game(stage, autos, args.delta, noise)
        data["noise"] = noise
        data["strategies"] = list(meta.actions[0])
        data["meta_payoffs"] = [p.tolist() for p in meta.payoffs]
        data["pure_equilibria"] = [
            [meta.actions[i][k] for i, k in enumerate(prof)] for prof in meta.pure_equilibria()
        ]
        rows = []
        for name, a in zip(meta.actions[0], autos, strict=True):
            prof = [a] * n
            row = {"strategy": name, "payoffs": meta.payoff([name] * n).tolist()}
            if args.delta < 1:
                row["nash"] = is_nash(stage, prof, args.delta, noise, tol=args.tol)
                row["spe"] = is_subgame_perfect(stage, prof, args.delta, noise, tol=args.tol)
            for concept in ("nash", "spe"):
                found = discount_set(
                    stage, prof, noise, concept=concept, tol=args.tol, grid=args.grid
                )
                # the least delta is the set's first point (critical_discount(), same scan)
                row[f"critical_discount_{concept}"] = found[0][0] if found else None
                row[f"discount_set_{concept}"] = [list(pair) for pair in found]
            rows.append(row)
        data["symmetric_profiles"] = rows
    if args.payoff_set:
        data["payoff_set"] = spe_payoff_set(stage, args.delta).to_dict()
    if args.finite is not None:
        fin = finite_spe_payoffs(stage, args.finite)
        data["finite"] = {
            "T": fin.T,
            "count": len(fin.points),
            "first_actions": [
                [stage.actions[i][k] for i, k in enumerate(a)] for a in fin.first_actions
            ],
            "average_min": fin.average.min(axis=0).tolist() if len(fin.points) else None,
            "average_max": fin.average.max(axis=0).tolist() if len(fin.points) else None,
            "sizes": list(fin.sizes),
        }
    if len(data) == 2:
        raise GameError("repeated: give --strategies, --payoff-set and/or --finite T (see --help)")
    if args.json:
        _print(data)
        return 0
    _print_repeated(data, stage)
    return 0


def _delta_set(intervals: list[list[float]]) -> str:
    """``>= 0.5`` for one interval up to 1, else the pieces: ``0 or [0.5, 1)``; ``never``."""
    if not intervals:
        return "never"
    if len(intervals) == 1 and intervals[0][1] == 1.0:
        return f">= {_fmt(intervals[0][0])}"
    pieces = []
    for lo, hi in intervals:
        if hi - lo <= POINT_INTERVAL:
            pieces.append(_fmt(lo))
        else:
            pieces.append(f"[{_fmt(lo)}, {_fmt(hi)}{')' if hi == 1.0 else ']'}")
    return " or ".join(pieces)


def _print_repeated(data: dict[str, Any], stage: Game) -> None:
    print(f"{data['game']} repeated, delta = {data['delta']}")
    if "strategies" in data:
        names = data["strategies"]
        print(f"  noise {data['noise']}; meta-game payoffs of {stage.players[0]} (rows) ", end="")
        if len(stage.players) == 2:
            print(f"against {stage.players[1]} (columns):")
            width = max(8, *(len(s) for s in names))
            print("  " + " " * width + "".join(f"{s:>{width + 1}}" for s in names))
            for name, line in zip(names, data["meta_payoffs"][0], strict=True):
                print(f"  {name:<{width}}" + "".join(f"{_fmt(v):>{width + 1}}" for v in line))
        else:
            print("(see --json for the full tensor)")
        print("  everyone playing the same strategy:")
        for row in data["symmetric_profiles"]:
            flags = ""
            if "nash" in row:
                flags = (
                    f"nash {'yes' if row['nash'] else 'no'}, spe {'yes' if row['spe'] else 'no'}, "
                )
            print(
                f"    {row['strategy']:<14} payoff {_fmt(row['payoffs'][0])}, {flags}"
                f"holds for delta: nash {_delta_set(row['discount_set_nash'])}, "
                f"spe {_delta_set(row['discount_set_spe'])}"
            )
        eqs = ["(" + ", ".join(p) + ")" for p in data["pure_equilibria"]]
        print(f"  pure equilibria of the meta-game: {', '.join(eqs) or 'none'}")
    if "payoff_set" in data:
        ps = data["payoff_set"]
        state = "converged" if ps["converged"] else "NOT converged"
        print(
            f"  SPE payoff set ({ps['method']}, {state} after {ps['iterations']} iterations, "
            f"last step {ps['step']:.2g}): {len(ps['vertices'])} vertices"
        )
        for v in ps["vertices"]:
            print("    (" + ", ".join(_fmt(x) for x in v) + ")")
    if "finite" in data:
        fin = data["finite"]
        print(
            f"  {fin['T']} rounds: {fin['count']} pure SPE payoff vectors; first-round actions "
            + "; ".join("(" + ",".join(a) + ")" for a in fin["first_actions"])
        )
        if fin["count"]:
            print(f"    average payoffs from {fin['average_min']} to {fin['average_max']}")
