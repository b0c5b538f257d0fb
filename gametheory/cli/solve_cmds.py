"""``solve``, ``params``, ``games``, ``methods`` and ``bench``: one game's equilibria and the
listings of what the command knows."""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import Any

from ..errors import GameError
from ..game import Game
from .common import (
    _fmt,
    _number,
    _numeric,
    _print,
    _strategy_text,
    _symbolic,
    builtin_models,
    counted,
    load_model,
    parse_params,
)


def cmd_solve(args: argparse.Namespace) -> int:
    from ..solvers import solve

    model = load_model(args.file)
    params = parse_params(args.param)
    game = _numeric(model, params, exact=args.exact)
    notes = _null_type_notes(model, params)
    options: dict[str, Any] = {}
    for item in args.option or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise GameError(f"--option: {item!r} is not NAME=VALUE")
        number = _number(value, f"--option {name.strip()}")
        options[name.strip()] = int(number) if float(number).is_integer() else number
    if args.no_reduce:
        options["reduce"] = False
    result = solve(game, method=args.method, tol=args.tol, exact=args.exact, **options)
    if args.json:
        _print({**result.to_dict(), "notes": notes})
        return 0
    head = game.title or args.file
    print(
        f"{head}: {game.n_players} players, actions "
        + "; ".join(f"{p} {list(a)}" for p, a in zip(game.players, game.actions, strict=True))
    )
    state = "complete" if result.complete else "not proven complete"
    if result.degenerate is not None:
        state += ", degenerate" if result.degenerate else ", nondegenerate"
    if result.parameters.get("converged") is False:
        state += (
            f"; {len(result.parameters['unfinished_labels'])} of the "
            f"{sum(game.shape)} Lemke-Howson paths did not converge"
        )
    if result.pure_only:
        state += "; only pure equilibria were searched, mixed ones may exist"
    found = counted(len(result.equilibria), "equilibrium", "equilibria")
    print(f"method {result.method} ({state}): {found}")
    width = max(len(p) for p in game.players)
    for k, eq in enumerate(result.equilibria, 1):
        if eq.exact is not None:
            pays = _exact_payoffs(game, eq.exact)
            print(f"  #{k}  payoffs " + ", ".join(pays))
            for name, actions, probs in zip(game.players, game.actions, eq.exact, strict=True):
                print(f"      {name:<{width}}  {_exact_strategy_text(actions, probs)}")
            continue
        print(f"  #{k}  payoffs " + ", ".join(_fmt(v) for v in eq.payoffs))
        for name, actions, probs in zip(game.players, game.actions, eq.strategies, strict=True):
            print(f"      {name:<{width}}  {_strategy_text(actions, probs)}")
    if result.has_continuum:
        print("continua (every mix of the listed extreme equilibria is an equilibrium):")
        for subset in result.nash_subsets:
            if len(subset) > 1:
                print("  {" + ", ".join(f"#{k + 1}" for k in subset) + "}")
    for note in notes:
        print(f"note: {note}")
    return 0


def _null_type_notes(model: Any, params: dict[str, Any]) -> list[str]:
    """Notes naming the types of prior probability 0 at these values (a Bayesian or
    signaling game's form): the actions strategies name for them are never played."""
    from ..bayesian.types import null_types

    priors = getattr(model, "type_priors", None)
    if not priors:
        return []
    values = model.values("solve", **params)
    return [
        f"{label} has prior probability 0 here: the actions the strategies name for it are "
        "never played, so they are not meaningful (any action would do)"
        for label in null_types(priors, values)
    ]


def _exact_strategy_text(actions: tuple[str, ...], probs: tuple[Fraction, ...]) -> str:
    used = [(a, p) for a, p in zip(actions, probs, strict=True) if p != 0]
    if len(used) == 1:
        return used[0][0]
    return " + ".join(f"{p} {a}" for a, p in used)


def _exact_payoffs(game: Game, strategies: tuple[tuple[Fraction, ...], ...]) -> list[str]:
    """Each player's expected payoff in rational arithmetic (the game holds exact payoffs)."""
    import numpy as np

    out = []
    for table in game.exact_payoffs():
        total = Fraction(0)
        for idx, pay in np.ndenumerate(table):
            weight = Fraction(1)
            for j, a in enumerate(idx):
                weight *= strategies[j][a]
            total += weight * pay
        out.append(str(total))
    return out


def cmd_params(args: argparse.Namespace) -> int:
    model = _symbolic(load_model(args.file), "params", args.file)
    defaults, bounds, meanings = model.defaults, model.bounds, model.meanings
    rows = [
        {
            "name": p.name,
            "default": defaults.get(p.name),
            "min": bounds[p.name][0],
            "max": bounds[p.name][1],
            "meaning": meanings[p.name],
        }
        for p in model.parameters
    ]
    constraints = [str(rel) for rel in model.constraints]
    if args.json:
        _print({"parameters": rows, "constraints": constraints})
        return 0
    width = max([len(r["name"]) for r in rows] + [4])
    print(f"{model.title or args.file}: {counted(len(rows), 'parameter')}")
    for r in rows:
        default = "(none)" if r["default"] is None else _fmt(r["default"])
        low = "-inf" if r["min"] is None else _fmt(r["min"])
        high = "inf" if r["max"] is None else _fmt(r["max"])
        print(f"  {r['name']:<{width}}  default {default:<8} in [{low}, {high}]  {r['meaning']}")
    for text in constraints:
        print(f"  constraint: {text}")
    return 0


def cmd_games(args: argparse.Namespace) -> int:
    CATALOG = builtin_models()

    if args.json:
        _print({name: doc for name, (_, doc) in CATALOG.items()})
    else:
        for name, (_, doc) in CATALOG.items():
            print(f"  builtin:{name:<22} {doc}")
    return 0


def cmd_methods(args: argparse.Namespace) -> int:
    from ..solvers import available_methods

    methods = available_methods()
    if args.json:
        _print(methods)
    else:
        for name, doc in methods.items():
            print(f"  {name:<14} {doc}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .. import bench
    from ..bench import nplayer, twoplayer

    if args.only and "batch" in args.only:
        args.batch = True  # `--only batch`: that section alone
    if args.only and "sweep" in args.only:
        args.sweep = True
    if args.only and "startup" in args.only:
        args.startup = True
    from ..bench._runs import FIRST_CALL_CAP, FULL_CAP, QUICK_CAP

    if args.cap is None:
        args.cap = QUICK_CAP if args.quick else FULL_CAP
    if args.cap <= 0:
        raise GameError(f"bench: --cap must be a positive number of seconds, got {args.cap}")
    sizes = bench.QUICK_SIZES if args.quick else bench.FULL_SIZES
    if args.sizes:
        sizes = tuple(args.sizes)
        if min(sizes) < 1:
            raise GameError(f"bench: --sizes must be positive, got {list(sizes)}")
    shapes = nplayer.QUICK_SHAPES if args.quick else nplayer.FULL_SHAPES
    seeds = nplayer.QUICK_SEEDS if args.quick else nplayer.FULL_SEEDS
    if args.shapes:
        try:
            shapes = tuple(nplayer.parse_shape(s) for s in args.shapes)
        except ValueError as err:
            raise GameError(f"bench: --shapes: {err}") from None
    if args.no_nplayer:
        shapes = ()
    solvers = twoplayer.available_solvers()
    n_solvers = nplayer.available_solvers() if shapes else {}
    if args.only:
        every = sorted([*solvers, *n_solvers])
        solvers = {k: v for k, v in solvers.items() if any(w in k for w in args.only)}
        n_solvers = {k: v for k, v in n_solvers.items() if any(w in k for w in args.only)}
        sections = args.repeated or args.batch or args.sweep or args.startup
        if not solvers and not n_solvers and not sections:
            raise GameError(f"bench: --only {args.only} matches none of {every}")
    two = ([], {})
    if solvers:
        two = twoplayer.run_bench(
            sizes,
            degenerate=not args.no_degenerate,
            cap=args.cap,
            solvers=solvers,
            first_cap=max(args.cap, FIRST_CALL_CAP),
        )
    many = ([], {})
    if n_solvers:
        many = nplayer.run_nplayer(
            shapes, seeds, cap=args.cap, solvers=n_solvers, first_cap=max(args.cap, FIRST_CALL_CAP)
        )
    repeated = None
    if args.repeated:
        from ..bench.repeated import run_repeated

        repeated = run_repeated()
    batch = None
    if args.batch:
        from ..bench import batch as batch_bench

        batch = batch_bench.run_batch(batch_bench.QUICK if args.quick else batch_bench.FULL)
    sweep = None
    if args.sweep:
        from ..bench import sweep as sweep_bench

        sweep = sweep_bench.run_sweep(**(sweep_bench.QUICK if args.quick else sweep_bench.FULL))
    startup = None
    if args.startup:
        from ..bench import startup as startup_bench

        rounds = startup_bench.QUICK_ROUNDS if args.quick else startup_bench.FULL_ROUNDS
        startup = startup_bench.run_startup(rounds, cold=not args.quick)
    if args.json:
        sections = {"repeated": repeated, "batch": batch, "sweep": sweep, "startup": startup}
        _print({**bench.to_json(*two, nplayer=many), **sections})
        return 0
    tables = []
    if solvers:
        tables.append(bench.format_table(*two, title=twoplayer.TITLE, warmup=twoplayer.WARMUP))
    if n_solvers:
        tables.append(
            bench.format_table(*many, title=nplayer.TITLE, warmup=nplayer.warmup_text(shapes))
            + "\n"
            + nplayer.summary(many[0])
        )
    if repeated is not None:
        from ..bench.repeated import format_repeated

        tables.append(format_repeated(repeated))
    if batch is not None:
        from ..bench.batch import format_batch

        tables.append(format_batch(batch))
    if sweep is not None:
        from ..bench.sweep import format_sweep

        tables.append(format_sweep(sweep))
    if startup is not None:
        from ..bench.startup import format_startup

        tables.append(format_startup(startup))
    print("\n\n".join(tables))
    return 0
