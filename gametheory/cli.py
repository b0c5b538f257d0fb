"""The ``gametheory`` command.

Subcommands: ``solve``, ``stability``, ``thresholds``, ``sweep``, ``params``, ``games``,
``methods``. A FILE is
a Gambit ``.nfg`` game, a ``.toml``/``.json`` model file, or ``builtin:NAME`` for a model from
:data:`gametheory.games.CATALOG` (``gametheory games`` lists them). Bad input prints one line,
``gametheory: <message>``, on stderr and exits with status 2; Ctrl-C prints one line and exits
with status 130. The ``--json`` output of every subcommand is described in ``docs/json.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
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
    result = solve(game, method=args.method, tol=args.tol, exact=args.exact)
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
    if args.profile is not None and args.rival not in (None, "none"):
        same = model.profile_index(args.profile) == model.profile_index(args.rival)
        if same:
            raise GameError(
                f"sweep: --rival {args.rival} is the --profile itself; give another "
                "equilibrium to compare with, or 'none'"
            )
    table = grid(
        model,
        axes,
        profile=args.profile,
        rival=rival,
        fixed=parse_params(args.param),
        tol=args.tol,
        progress=_progress("grid points"),
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
        args.plot = save(phase_diagram(table, overlay), args.plot)
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


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .solvers import METHODS

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
        choices=sorted(METHODS),
        help="solver ('gametheory methods' lists them); default auto: the complete method "
        "for the game",
    )
    p.add_argument(
        "--exact",
        action="store_true",
        help="exact rational arithmetic (enummixed); prints fractions",
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
    p.add_argument("--out", help="write the table as CSV")
    p.add_argument("--plot", help="write the phase diagram (PNG, PDF or SVG)")
    p.set_defaults(run=cmd_sweep)

    p = sub.add_parser(
        "params", help="a model's parameters: defaults, bounds, meanings and constraints"
    )
    p.add_argument("file", metavar="FILE", help=".toml or .json model file, or builtin:NAME")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_params)

    p = sub.add_parser("games", help="list the built-in models")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_games)

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
