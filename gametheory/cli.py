"""The ``gametheory`` command.

Subcommands: ``solve``, ``stability``, ``thresholds``, ``sweep``, ``params``, ``repeated``,
``spe``, ``games``, ``methods``, ``bench``. A FILE is a Gambit ``.nfg`` game, a Gambit ``.efg``
tree (its reduced strategic form; ``spe`` takes the tree itself), a ``.toml``/``.json`` model
file, or ``builtin:NAME`` for a model from
:data:`gametheory.games.CATALOG` (``gametheory games`` lists them). Bad input prints one line,
``gametheory: <message>``, on stderr and exits with status 2; Ctrl-C prints one line and exits
with status 130. The ``--json`` output of every subcommand is described in ``docs/json.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from .errors import GameError
from .game import Game
from .symbolic import SymbolicGame

DESCRIPTION = (
    "Deterrence-versus-reassurance games: find every Nash equilibrium, test whether a profile "
    "(mutual restraint) is stable, and map where it is stable over the parameters."
)

EXAMPLES = """\
FILE is a Gambit .nfg game, a .toml/.json model file or builtin:NAME (see 'gametheory games').

examples:
  gametheory solve builtin:stag_hunt
  gametheory solve builtin:two_bloc --param c=2 --param r=1 --exact
  gametheory params builtin:two_bloc_accidents
  gametheory stability builtin:two_bloc --profile R,R --json
  gametheory thresholds builtin:two_bloc --profile R,R --solve-for r
  gametheory sweep builtin:two_bloc --grid c=0:5:201 --grid r=0:5:201 --plot phase.png

Bad input prints one line 'gametheory: ...' and exits with status 2; Ctrl-C exits with 130.
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2 like every other input error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # main() adds "gametheory: "; name the subcommand only
        command = self.prog.removeprefix("gametheory").strip()
        raise GameError(f"{command + ': ' if command else ''}{message} (see --help)")


def _number(text: str) -> float | Fraction:
    """A command-line number: integer, decimal, exponent or p/q. Never evaluated as code."""
    try:
        return Fraction(text.strip()) if "/" in text else float(text)
    except (ValueError, ZeroDivisionError):
        raise GameError(f"--param: {text!r} is not a number") from None


def parse_params(items: list[str] | None) -> dict[str, Any]:
    """``NAME=VALUE`` strings (from ``--param``) as a dict of numbers; never evaluated."""
    out: dict[str, Any] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise GameError(f"--param: {item!r} is not NAME=VALUE")
        out[name.strip()] = _number(value)
    return out


def run_model_script(
    argv: list[str] | None,
    name: str,
    doc: str,
    analyse: Callable[[dict[str, Any]], dict[str, Any]],
    render: Callable[[dict[str, Any]], str],
    plot: Callable[[dict[str, Any], str, dict[str, Any]], None],
) -> int:
    """The command line every scenario script in ``models/`` shares.

    ``--param NAME=VALUE`` (repeatable) sets model parameters, ``--json`` prints
    ``analyse(values)`` as one JSON object, otherwise ``render(data)`` is printed; ``--plot FILE``
    calls ``plot(data, FILE, values)``. A GameError prints ``NAME: message`` and returns 2.
    """
    parser = argparse.ArgumentParser(prog=name, description=doc.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.add_argument("--plot", metavar="FILE.png", help="write the picture")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change a parameter of the model (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        values = parse_params(args.param)
        data = analyse(values)
        if args.plot:
            plot(data, args.plot, values)
    except GameError as err:
        print(f"{name}: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(data))
    else:
        print(render(data))
        if args.plot:
            print(f"\nwrote {args.plot}")
    return 0


def load_model(spec: str) -> Game | SymbolicGame:
    """A Game or SymbolicGame from a path or ``builtin:NAME``."""
    if spec.startswith("builtin:"):
        from .games import CATALOG

        name = spec.split(":", 1)[1]
        if name not in CATALOG:
            raise GameError(f"no built-in model {name!r}; built-ins are {sorted(CATALOG)}")
        return CATALOG[name][0]()
    from .io import load

    return load(spec)


def _numeric(model: Game | SymbolicGame, params: dict[str, Any], exact: bool = False) -> Game:
    if isinstance(model, SymbolicGame):
        return model.at(exact=exact, **params)
    if params:
        raise GameError(
            f"--param {sorted(params)}: this game is numeric (.nfg) and has no parameters"
        )
    return model


def _symbolic(model: Game | SymbolicGame, what: str) -> SymbolicGame:
    if not isinstance(model, SymbolicGame):
        raise GameError(f"{what} needs a model with parameters (.toml/.json or builtin:), not .nfg")
    return model


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 equilibrium``, ``2 equilibria``."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def _strategy_text(actions: tuple[str, ...], probs: tuple[float, ...]) -> str:
    used = [(a, p) for a, p in zip(actions, probs, strict=True) if p > 1e-9]
    if len(used) == 1:
        return used[0][0]
    return " + ".join(f"{_fmt(p)} {a}" for a, p in used)


def _progress(what: str):
    """A ``progress(done, total)`` that rewrites one stderr line, on a terminal only."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r  {what}: {done}/{total} ({100 * done / total:.0f}%)", end=end, file=sys.stderr)

    return show


def _print(data: dict[str, Any]) -> None:
    print(json.dumps(data, indent=None, default=str))


# ----------------------------------------------------------------------------- commands
def cmd_solve(args: argparse.Namespace) -> int:
    from .solvers import solve

    model = load_model(args.file)
    game = _numeric(model, parse_params(args.param), exact=args.exact)
    options: dict[str, Any] = {}
    for item in args.option or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise GameError(f"--option: {item!r} is not NAME=VALUE")
        number = _number(value)
        options[name.strip()] = int(number) if float(number).is_integer() else number
    if args.no_reduce:
        options["reduce"] = False
    result = solve(game, method=args.method, tol=args.tol, exact=args.exact, **options)
    if args.json:
        _print(result.to_dict())
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
    found = _count(len(result.equilibria), "equilibrium", "equilibria")
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
    return 0


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


def cmd_stability(args: argparse.Namespace) -> int:
    from .stability import classify

    game = _numeric(load_model(args.file), parse_params(args.param))
    report = classify(
        game,
        args.profile,
        tol=args.tol,
        n_starts=args.starts,
        seed=args.seed,
        progress=_progress("replicator starts"),
    )
    data = report.to_dict()
    if args.json:
        _print(data)
        return 0
    print(f"profile ({','.join(report.profile)}) of {game.title or args.file}: {report.regime}")
    print(report.text())
    return 0


def cmd_thresholds(args: argparse.Namespace) -> int:
    from .stability import thresholds

    model = _symbolic(load_model(args.file), "thresholds")
    found = thresholds(model, args.profile, solve_for=args.solve_for)
    rows = [t.to_dict() for t in found]
    if args.json:
        profile = [model.actions[i][a] for i, a in enumerate(model.profile_index(args.profile))]
        _print({"profile": profile, "solve_for": args.solve_for, "thresholds": rows})
        return 0
    for t in found:
        head = f"  {t.criterion:<14}"
        if t.boundary is None:
            print(f"{head} not solved for {t.variable}; holds iff {t.statement()}")
        else:
            print(f"{head} {t.statement()}")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from .runner import progress_bar
    from .sweep import grid, parse_range

    model = _symbolic(load_model(args.file), "sweep")
    if not args.grid:
        raise GameError("sweep: give at least one --grid NAME=START:STOP:NUM")
    ranges = [parse_range(g) for g in args.grid]
    axes = dict(ranges)
    if len(axes) != len(ranges):
        names = [name for name, _ in ranges]
        twice = sorted({n for n in names if names.count(n) > 1})
        raise GameError(f"sweep: --grid given more than once for {twice}; one range each")
    if args.plot and len(axes) != 2:
        raise GameError(
            f"sweep: --plot draws a phase diagram over two parameters; give two --grid "
            f"ranges, not {len(axes)}"
        )
    rival = None if args.rival == "none" else args.rival
    if args.profile is not None and args.rival not in (None, "none", "auto"):
        same = model.profile_index(args.profile) == model.profile_index(args.rival)
        if same:
            raise GameError(
                f"sweep: --rival {args.rival} is the --profile itself; give another "
                "equilibrium to compare with, or 'none'"
            )
    outs = args.out or []
    for out in outs:
        if not out.lower().endswith((".csv", ".parquet")):
            raise GameError(f"sweep: --out {out!r}: the extension must be .csv or .parquet")
    if args.resume and not outs:
        raise GameError("sweep: --resume needs --out (the sweep on disk to complete)")
    store = f"{outs[0]}.chunks" if outs else None
    executor, close = _sweep_executor(args)
    show = not (args.json or args.quiet) and sys.stderr.isatty()
    update, finish = progress_bar(show, desc=args.analysis)
    options = {
        "classify": {"n_starts": args.starts, "seed": args.seed, "basin_method": args.basins},
        "solve": {"method": args.method},
    }
    try:
        table = grid(
            model,
            axes,
            args.analysis,
            profile=args.profile,
            rival=rival,
            fixed=parse_params(args.param),
            tol=args.tol,
            progress=update,
            executor=executor,
            store=store,
            resume=args.resume,
            chunk_size=args.chunk_size,
            options=options.get(args.analysis),
            model_name=args.file,
        )
    except KeyboardInterrupt:
        finish()
        if not store:
            raise
        print(
            f"gametheory: interrupted; finished chunks are kept in {store}, "
            "run the same command with --resume to complete the sweep",
            file=sys.stderr,
        )
        return 130
    finally:
        finish()
        close()
    from .store import SweepStore

    for out in outs:
        try:
            SweepStore.export_from(store, out)
        except OSError as err:
            raise GameError(f"sweep: cannot write {out!r}: {err.strerror}") from None
    if args.plot:
        from .plot import phase_diagram, save

        overlay = None
        if len(axes) == 2 and table.profile:
            from .stability import thresholds

            yname = list(axes)[1]
            # solve's regimes only say whether the profile is an equilibrium
            shown = ("nash",) if args.analysis == "solve" else ("nash", "risk_dominant")
            overlay = [
                t for t in thresholds(model, table.profile, solve_for=yname) if t.criterion in shown
            ]
        args.plot = save(phase_diagram(table, overlay), args.plot)
    summary = {
        "analysis": args.analysis,
        "profile": list(table.profile),
        "rival": None if table.rival is None else list(table.rival),
        "axes": {k: [float(v[0]), float(v[-1]), len(v)] for k, v in table.axes.items()},
        "fixed": dict(table.fixed),
        "points": int(table.labels.size),
        "shares": {r: table.share(r) for r in table.regimes},
        "out": outs,
        "store": store,
        "plot": args.plot,
    }
    if args.json:
        _print(summary)
    else:
        for regime, share in summary["shares"].items():
            print(f"  {regime:<16} {100 * share:6.2f}% of {table.labels.size} points")
        for path in [*outs, args.plot]:
            if path:
                print(f"  wrote {path}")
    return 0


def _load_tree(spec: str, params: dict[str, Any]):
    """An ExtensiveGame (numeric) from a ``.efg`` path or ``builtin:NAME`` of games.TREES."""
    from .games import TREES

    if spec.startswith("builtin:"):
        name = spec.split(":", 1)[1]
        if name not in TREES:
            raise GameError(f"spe: no built-in game tree {name!r}; trees are {sorted(TREES)}")
        tree = TREES[name][0]()
    elif spec.lower().endswith(".efg"):
        from .io import read_efg

        tree = read_efg(spec)
    else:
        raise GameError(f"spe: {spec!r} is not a .efg game tree or builtin:NAME of a tree")
    if tree.is_numeric:
        if params:
            raise GameError(f"--param {sorted(params)}: this game tree has no parameters")
        return tree
    return tree.at(**params)


def cmd_spe(args: argparse.Namespace) -> int:
    from .extensive import subgame_perfect

    tree = _load_tree(args.file, parse_params(args.param))
    result = subgame_perfect(tree, tol=args.tol, method=args.method)
    if args.json:
        _print(result.to_dict())
        return 0
    state = "complete" if result.complete else "not proven complete"
    print(f"{tree.title or args.file}: {len(result.equilibria)} subgame-perfect equilibria")
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


def _sweep_executor(args: argparse.Namespace):
    """(executor, close) for ``sweep``: a Dask scheduler, a local pool, or None (this process)."""
    if args.scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise GameError(
                "sweep: --scheduler needs dask.distributed (pip install 'gametheory[distributed]')"
            ) from None
        try:
            client = Client(args.scheduler, timeout="10s")
        except (OSError, TimeoutError) as err:
            raise GameError(
                f"sweep: cannot reach the scheduler {args.scheduler!r}: {err}"
            ) from None
        return client.get_executor(), client.close
    workers = args.workers
    if workers is None:  # vectorised criteria: array work, a pool would only add start-up time
        workers = 0 if args.analysis == "criteria" else (os.cpu_count() or 1)
    if workers < 0:
        raise GameError(f"sweep: --workers must be >= 0, got {workers}")
    if workers == 0:
        return None, lambda: None
    from .runner import local_executor

    pool = local_executor(workers)
    return pool, lambda: pool.shutdown(wait=True, cancel_futures=True)


def cmd_params(args: argparse.Namespace) -> int:
    model = _symbolic(load_model(args.file), "params")
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
    print(f"{model.title or args.file}: {_count(len(rows), 'parameter')}")
    for r in rows:
        default = "(none)" if r["default"] is None else _fmt(r["default"])
        low = "-inf" if r["min"] is None else _fmt(r["min"])
        high = "inf" if r["max"] is None else _fmt(r["max"])
        print(f"  {r['name']:<{width}}  default {default:<8} in [{low}, {high}]  {r['meaning']}")
    for text in constraints:
        print(f"  constraint: {text}")
    return 0


def cmd_games(args: argparse.Namespace) -> int:
    from .games import CATALOG

    if args.json:
        _print({name: doc for name, (_, doc) in CATALOG.items()})
    else:
        for name, (_, doc) in CATALOG.items():
            print(f"  builtin:{name:<22} {doc}")
    return 0


def cmd_methods(args: argparse.Namespace) -> int:
    from .solvers import available_methods

    methods = available_methods()
    if args.json:
        _print(methods)
    else:
        for name, doc in methods.items():
            print(f"  {name:<14} {doc}")
    return 0


def _strategies(text: str, n_players: int, n_actions: int) -> list:
    """``ALLD,TFT,GTFT:g=0.25,M1:0110/1`` as automata; never evaluated."""
    from .repeated import memory_one, strategy

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
                params[key.strip()] = float(_number(value))
            out.append(strategy(name, **params))
    if not out:
        raise GameError("--strategies: give at least one strategy, e.g. ALLD,TFT,GRIM")
    return out


def cmd_repeated(args: argparse.Namespace) -> int:
    from .repeated import (
        critical_discount,
        finite_spe_payoffs,
        is_nash,
        is_subgame_perfect,
        meta_game,
        spe_payoff_set,
    )

    stage = _numeric(load_model(args.file), parse_params(args.param))
    n = stage.n_players
    data: dict[str, Any] = {"game": stage.title or args.file, "delta": args.delta}
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
                row[f"critical_discount_{concept}"] = critical_discount(
                    stage, prof, noise, concept=concept, tol=args.tol, grid=args.grid
                )
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
            cd = row["critical_discount_spe"]
            cn = row["critical_discount_nash"]
            flags = ""
            if "nash" in row:
                flags = (
                    f"nash {'yes' if row['nash'] else 'no'}, spe {'yes' if row['spe'] else 'no'}, "
                )
            print(
                f"    {row['strategy']:<14} payoff {_fmt(row['payoffs'][0])}, {flags}"
                f"least delta: nash {'-' if cn is None else _fmt(cn)}, "
                f"spe {'-' if cd is None else _fmt(cd)}"
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


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench

    if args.cap <= 0:
        raise GameError(f"bench: --cap must be a positive number of seconds, got {args.cap}")
    sizes = bench.QUICK_SIZES if args.quick else bench.FULL_SIZES
    if args.sizes:
        sizes = tuple(args.sizes)
        if min(sizes) < 1:
            raise GameError(f"bench: --sizes must be positive, got {list(sizes)}")
    solvers = bench.available_solvers()
    if args.only:
        solvers = {k: v for k, v in solvers.items() if any(w in k for w in args.only)}
        if not solvers:
            raise GameError(
                f"bench: --only {args.only} matches none of {sorted(bench.available_solvers())}"
            )
    runs, first = bench.run_bench(
        sizes, degenerate=not args.no_degenerate, cap=args.cap, solvers=solvers
    )
    if args.json:
        _print(bench.to_json(runs, first))
    else:
        print(bench.format_table(runs, first))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .solvers import available_methods

    parser = _Parser(
        prog="gametheory",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gametheory {__version__}")
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, metavar="COMMAND"
    )

    def common(p: argparse.ArgumentParser, params: bool = True, tol: bool = True) -> None:
        p.add_argument("file", metavar="FILE", help=".nfg, .toml or .json file, or builtin:NAME")
        if params:
            p.add_argument(
                "--param",
                action="append",
                metavar="NAME=VALUE",
                help="set a model parameter (repeatable)",
            )
        if tol:
            p.add_argument(
                "--tol",
                type=float,
                default=None,
                help="relative tolerance (times the payoff range); default 1e-9",
            )
        p.add_argument(
            "--json", action="store_true", help="print one JSON object (see docs/json.md)"
        )

    p = sub.add_parser("solve", help="all Nash equilibria of a game")
    common(p)
    p.add_argument(
        "--method",
        default="auto",
        choices=list(available_methods()),
        help="solver ('gametheory methods' lists them); default auto: the complete method "
        "for the game",
    )
    p.add_argument(
        "--exact", action="store_true", help="exact rational arithmetic; prints fractions"
    )
    p.add_argument(
        "--option",
        action="append",
        metavar="NAME=VALUE",
        help="a method option, e.g. max_vertices=100000000 (repeatable; see docs/solvers.md)",
    )
    p.add_argument(
        "--no-reduce",
        action="store_true",
        help="keep dominated and duplicate strategies (no reductions before solving)",
    )
    p.set_defaults(run=cmd_solve)

    p = sub.add_parser("stability", help="is a pure profile stable? (each criterion)")
    common(p)
    p.add_argument("--profile", required=True, help="actions, comma separated, e.g. R,R")
    p.add_argument("--starts", type=int, default=2000, help="random starts for basin shares")
    p.add_argument(
        "--seed", type=int, default=0, help="seed of the random starts (default 0: reproducible)"
    )
    p.set_defaults(run=cmd_stability)

    p = sub.add_parser("thresholds", help="symbolic parameter thresholds of the criteria")
    common(p, params=False, tol=False)  # exact algebra: no tolerance
    p.add_argument("--profile", required=True, help="actions, comma separated, e.g. R,R")
    p.add_argument("--solve-for", default="r", help="parameter to solve for (default r)")
    p.set_defaults(run=cmd_thresholds)

    p = sub.add_parser("sweep", help="regimes of a profile over a parameter grid")
    common(p)
    p.add_argument(
        "--grid",
        action="append",
        metavar="NAME=START:STOP:NUM",
        help="a swept parameter (repeatable; two for a phase diagram)",
    )
    p.add_argument("--profile", default=None, help="target profile, default the first actions")
    p.add_argument(
        "--rival",
        default="auto",
        help="'auto' (risk dominance over the profile where both switch, 2x2) or 'none'",
    )
    p.add_argument(
        "--analysis",
        default="criteria",
        choices=["criteria", "classify", "solve"],
        help="per point: vectorised criteria (default), full stability report, all equilibria",
    )
    p.add_argument(
        "--out",
        action="append",
        metavar="FILE",
        help="write the table, .csv or .parquet (repeatable); chunks go to FILE.chunks/",
    )
    p.add_argument("--resume", action="store_true", help="complete a killed sweep of --out")
    p.add_argument("--plot", help="write the phase diagram (PNG, PDF or SVG)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster (tcp://...)")
    p.add_argument("--workers", type=int, help="local worker processes (0: this process)")
    p.add_argument("--chunk-size", type=int, help="grid points per task")
    p.add_argument("--starts", type=int, default=2000, help="classify: random starts per point")
    p.add_argument("--seed", type=int, default=0, help="classify: base seed (one per point)")
    p.add_argument(
        "--basins",
        default="auto",
        choices=["auto", "exact", "monte-carlo"],
        help="classify: basins of attraction exactly (2x2) or by Monte Carlo",
    )
    p.add_argument(
        "--method", default="auto", choices=list(available_methods()), help="solve: method"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=cmd_sweep)

    p = sub.add_parser(
        "params", help="a model's parameters: defaults, bounds, meanings and constraints"
    )
    p.add_argument("file", metavar="FILE", help=".toml or .json model file, or builtin:NAME")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_params)

    p = sub.add_parser("spe", help="subgame-perfect equilibria of a game tree (.efg)")
    common(p)
    p.add_argument(
        "--method", default="auto", choices=list(available_methods()), help="for subgames"
    )
    p.set_defaults(run=cmd_spe)

    p = sub.add_parser("repeated", help="repeated game: meta-game, SPE checks, payoff sets")
    common(p)
    p.add_argument(
        "--strategies",
        help="automata, e.g. ALLD,TFT,GRIM,GTFT:g=0.3,WSLS,TF2T,M1:0110/1 (memory-one rule)",
    )
    p.add_argument("--delta", type=float, default=0.9, help="discount factor (1: limit of means)")
    p.add_argument("--noise", type=float, default=0.0, help="probability an action is flipped")
    p.add_argument("--grid", type=int, default=200, help="grid points for critical discounts")
    p.add_argument("--payoff-set", action="store_true", help="SPE payoff set (2 or 3 players)")
    p.add_argument("--finite", type=int, metavar="T", help="pure SPE payoffs of T repetitions")
    p.set_defaults(run=cmd_repeated)

    p = sub.add_parser("games", help="list the built-in models")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_games)

    p = sub.add_parser("bench", help="time our solvers against the installed peers")
    p.add_argument("--quick", action="store_true", help="sizes up to 10x10 only")
    p.add_argument("--sizes", type=int, nargs="+", metavar="N", help="random NxN sizes to run")
    p.add_argument(
        "--cap",
        type=float,
        default=30.0,
        help="seconds per run before a solver is stopped (and skipped on larger games); default 30",
    )
    p.add_argument("--no-degenerate", action="store_true", help="random games only")
    p.add_argument(
        "--only", nargs="+", metavar="WORD", help="solvers whose name contains a WORD (ours first)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_bench)

    p = sub.add_parser("methods", help="list the solver methods")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_methods)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 2 bad input, 130 interrupted)."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        status = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not as a warning at interpreter exit
        return status
    except SystemExit as done:
        # --help and --version end here; a status, not an exception, for callers of main()
        return done.code if isinstance(done.code, int) else 0
    except GameError as err:
        print(f"gametheory: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (gametheory ... | head): stop quietly, as other tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (OSError, UnicodeDecodeError) as err:
        print(f"gametheory: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # after a progress line on a terminal, start a fresh line
        print(("\n" if sys.stderr.isatty() else "") + "gametheory: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
