"""The ``gametheory`` command.

Subcommands: ``solve``, ``stability``, ``thresholds``, ``sweep``, ``games``, ``methods``,
``bench``. A FILE is
a Gambit ``.nfg`` game, a ``.toml``/``.json`` model file, or ``builtin:NAME`` for a model from
:data:`gametheory.games.CATALOG` (``gametheory games`` lists them). Bad input prints one line,
``gametheory: <message>``, on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from .errors import GameError
from .game import Game
from .symbolic import SymbolicGame


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2 like every other input error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise GameError(f"{self.prog}: {message} (see --help)")


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


def _strategy_text(actions: tuple[str, ...], probs: tuple[float, ...]) -> str:
    used = [(a, p) for a, p in zip(actions, probs, strict=True) if p > 1e-9]
    if len(used) == 1:
        return used[0][0]
    return " + ".join(f"{_fmt(p)} {a}" for a, p in used)


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
    print(f"method {result.method} ({state}): {len(result.equilibria)} equilibria")
    width = max(len(p) for p in game.players)
    for k, eq in enumerate(result.equilibria, 1):
        print(f"  #{k}  payoffs " + ", ".join(_fmt(v) for v in eq.payoffs))
        for name, actions, probs in zip(game.players, game.actions, eq.strategies, strict=True):
            print(f"      {name:<{width}}  {_strategy_text(actions, probs)}")
    if result.has_continuum:
        print("continua (every mix of the listed extreme equilibria is an equilibrium):")
        for subset in result.nash_subsets:
            if len(subset) > 1:
                print("  {" + ", ".join(f"#{k + 1}" for k in subset) + "}")
    return 0


def cmd_stability(args: argparse.Namespace) -> int:
    from .stability import classify

    game = _numeric(load_model(args.file), parse_params(args.param))
    report = classify(game, args.profile, tol=args.tol, n_starts=args.starts, seed=args.seed)
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
        _print({"profile": args.profile, "solve_for": args.solve_for, "thresholds": rows})
        return 0
    for t in found:
        head = f"  {t.criterion:<14}"
        if t.boundary is None:
            print(f"{head} not solved for {t.variable}; holds iff {t.statement()}")
        else:
            print(f"{head} {t.statement()}")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from .sweep import grid, parse_range

    model = _symbolic(load_model(args.file), "sweep")
    if not args.grid:
        raise GameError("sweep: give at least one --grid NAME=START:STOP:NUM")
    axes = dict(parse_range(g) for g in args.grid)
    rival = None if args.rival == "none" else args.rival
    table = grid(
        model, axes, profile=args.profile, rival=rival, fixed=parse_params(args.param), tol=args.tol
    )
    if args.out:
        try:
            table.to_csv(args.out)
        except OSError as err:
            raise GameError(f"sweep: cannot write {args.out!r}: {err.strerror}") from None
    if args.plot:
        from .plot import phase_diagram, save

        overlay = None
        if len(axes) == 2:
            from .stability import thresholds

            yname = list(axes)[1]
            overlay = [
                t
                for t in thresholds(model, table.profile, solve_for=yname)
                if t.criterion in ("nash", "risk_dominant")
            ]
        save(phase_diagram(table, overlay), args.plot)
    summary = {
        "profile": list(table.profile),
        "rival": None if table.rival is None else list(table.rival),
        "axes": {k: [float(v[0]), float(v[-1]), len(v)] for k, v in table.axes.items()},
        "fixed": dict(table.fixed),
        "shares": {r: table.share(r) for r in table.regimes},
        "out": args.out,
        "plot": args.plot,
    }
    if args.json:
        _print(summary)
    else:
        for regime, share in summary["shares"].items():
            print(f"  {regime:<16} {100 * share:6.2f}% of {table.labels.size} points")
        for what in ("out", "plot"):
            if summary[what]:
                print(f"  wrote {summary[what]}")
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
    from .solvers import METHODS

    parser = _Parser(prog="gametheory", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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
        p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("solve", help="all Nash equilibria of a game")
    common(p)
    p.add_argument("--method", default="auto", choices=["auto", *sorted(METHODS)])
    p.add_argument("--exact", action="store_true", help="exact rational arithmetic")
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
    p.add_argument("--seed", type=int, default=0)
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
    p.add_argument("--out", help="write the table as CSV")
    p.add_argument("--plot", help="write the phase diagram (PNG, PDF or SVG)")
    p.set_defaults(run=cmd_sweep)

    p = sub.add_parser("games", help="list the built-in models")
    p.add_argument("--json", action="store_true")
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
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_methods)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 2 bad input, 130 interrupted)."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return args.run(args)
    except GameError as err:
        print(f"gametheory: {err}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as err:
        print(f"gametheory: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gametheory: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
