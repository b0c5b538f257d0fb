"""The ``gametheory`` argument parser and :func:`main`, which turns every input error into one
line on stderr and exit status 2, and Ctrl-C into exit status 130."""

from __future__ import annotations

import argparse

from ..errors import GameError

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
  gametheory explore --no-browser

Bad input prints one line 'gametheory: ...' and exits with status 2; Ctrl-C exits with 130.
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2 like every other input error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # main() adds "gametheory: "; name the subcommand only
        command = self.prog.removeprefix("gametheory").strip()
        raise GameError(f"{command + ': ' if command else ''}{message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__
    from ..solvers import available_methods

    # commands are looked up on the package when the parser is built, so that a command
    # replaced there (as the tests do to simulate Ctrl-C) is the one that runs

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

    def common(
        p: argparse.ArgumentParser,
        params: bool = True,
        tol: bool = True,
        files: str = ".nfg, .efg (its reduced strategic form), .toml or .json file, "
        "or builtin:NAME",
    ) -> None:
        p.add_argument("file", metavar="FILE", help=files)
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
    p.set_defaults(run="cmd_solve")

    p = sub.add_parser("stability", help="is a pure profile stable? (each criterion)")
    common(p)
    p.add_argument("--profile", required=True, help="actions, comma separated, e.g. R,R")
    p.add_argument("--starts", type=int, default=2000, help="random starts for basin shares")
    p.add_argument(
        "--seed", type=int, default=0, help="seed of the random starts (default 0: reproducible)"
    )
    p.set_defaults(run="cmd_stability")

    p = sub.add_parser("thresholds", help="symbolic parameter thresholds of the criteria")
    common(p, params=False, tol=False)  # exact algebra: no tolerance
    p.add_argument("--profile", required=True, help="actions, comma separated, e.g. R,R")
    p.add_argument("--solve-for", default="r", help="parameter to solve for (default r)")
    p.set_defaults(run="cmd_thresholds")

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
    p.add_argument("--starts", type=int, help="classify: random starts per point (2000)")
    p.add_argument("--seed", type=int, help="classify: base seed, one per point (0)")
    p.add_argument(
        "--basins",
        choices=["auto", "exact", "monte-carlo"],
        help="classify: basins of attraction exactly (2x2) or by Monte Carlo",
    )
    p.add_argument("--method", choices=list(available_methods()), help="solve: method (auto)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run="cmd_sweep")

    p = sub.add_parser(
        "params", help="a model's parameters: defaults, bounds, meanings and constraints"
    )
    p.add_argument("file", metavar="FILE", help=".toml or .json model file, or builtin:NAME")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run="cmd_params")

    p = sub.add_parser("spe", help="subgame-perfect equilibria of a game tree (.efg)")
    common(p, files=".efg game tree, or builtin:NAME of a game tree (unilateral_deterrence, ...)")
    p.add_argument(
        "--method", default="auto", choices=list(available_methods()), help="for subgames"
    )
    p.add_argument(
        "--max-list",
        type=int,
        default=None,
        metavar="N",
        help="list the first N equilibria (default: all when there are at most 10, else none; "
        "the count and payoff set are always exact)",
    )
    p.set_defaults(run="cmd_spe")

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
    p.set_defaults(run="cmd_repeated")

    p = sub.add_parser(
        "claims", help="the claims ledger: the commentary's claims tested by the models"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--plot", metavar="FILE.png", help="each claim's share and deciding parameters")
    p.add_argument("--only", nargs="+", metavar="ID", help="these claims only (default: all)")
    p.add_argument("--samples", type=int, help="Monte Carlo points per closed-form claim")
    p.add_argument(
        "--numeric-samples", type=int, help="Monte Carlo points per numerically decided claim"
    )
    p.add_argument("--sobol", type=int, help="Sobol base sample, closed-form claims (power of 2)")
    p.add_argument(
        "--numeric-sobol", type=int, help="Sobol base sample, numeric claims (power of 2)"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of every sample (default 0)")
    p.add_argument(
        "--no-sections", action="store_true", help="skip locating numeric claims' boundaries"
    )
    p.set_defaults(run="cmd_claims")

    p = sub.add_parser("games", help="list the built-in models")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run="cmd_games")

    p = sub.add_parser("bench", help="time our solvers against the installed peers")
    p.add_argument(
        "--quick", action="store_true", help="sizes up to 10x10, shapes up to 3x3x3, 2 seeds"
    )
    p.add_argument("--sizes", type=int, nargs="+", metavar="N", help="random NxN sizes to run")
    p.add_argument(
        "--cap",
        type=float,
        default=None,
        help="seconds per run before a solver is stopped (and skipped on larger games); default "
        "30, with --quick 2",
    )
    p.add_argument("--no-degenerate", action="store_true", help="random games only")
    p.add_argument(
        "--shapes",
        nargs="+",
        metavar="SHAPE",
        help="n-player shapes to run, e.g. 2x2x2 2x2x3 (default: up to 5x5x5, --quick: 3x3x3)",
    )
    p.add_argument("--no-nplayer", action="store_true", help="the two-player section only")
    p.add_argument(
        "--repeated",
        action="store_true",
        help="add the repeated-games section: all memory-two strategies classified against a "
        "loop of is_nash (with --only repeated: that section alone)",
    )
    p.add_argument(
        "--batch",
        action="store_true",
        help="add the batch section: solve_many on 10^5 random 2x2x3 and 2x2 games (--quick: "
        "10^4) against pygambit's enumpoly and nashpy one game at a time (with --only batch: "
        "that section alone)",
    )
    p.add_argument(
        "--sweep",
        action="store_true",
        help="add the sweep section: the README's two_bloc sweep with --analysis classify "
        "against --analysis criteria through the CLI, 41x41, median of 3 (--quick: 21x21, "
        "once); the ratio of the two (with --only sweep: that section alone)",
    )
    p.add_argument(
        "--only", nargs="+", metavar="WORD", help="solvers whose name contains a WORD (ours first)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run="cmd_bench")

    p = sub.add_parser(
        "explore", help="a local web page over the deterrence models (docs/explore.md)"
    )
    p.add_argument("--port", type=int, default=8765, help="TCP port (0: any free port)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other machines can reach (refused without it)",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.set_defaults(run="cmd_explore")

    p = sub.add_parser("methods", help="list the solver methods")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run="cmd_methods")
    return parser
