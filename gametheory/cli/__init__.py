"""The ``gametheory`` command.

Subcommands: ``solve``, ``stability``, ``thresholds``, ``sweep``, ``params``, ``repeated``,
``spe``, ``games``, ``methods``, ``bench``, ``explore``, ``claims``. A FILE is a Gambit ``.nfg``
game, a Gambit ``.efg`` tree (its reduced strategic form; ``spe`` takes the tree itself), a
``.toml``/``.json`` model file, or ``builtin:NAME`` for a model from
:data:`gametheory.games.CATALOG` and :data:`gametheory.deterrence.catalog.CATALOG`
(``gametheory games`` lists them). Bad input prints one line,
``gametheory: <message>``, on stderr and exits with status 2; Ctrl-C prints one line and exits
with status 130. The ``--json`` output of every subcommand is described in ``docs/json.md``.
"""

from __future__ import annotations

import os
import sys

from .._lazy import lazy_attributes
from ..errors import GameError
from .parser import build_parser

# The subcommands load on first use: `gametheory --help` imports the parser alone.
_LAZY = {
    "cmd_claims": ".analysis_cmds",
    "cmd_stability": ".analysis_cmds",
    "cmd_sweep": ".analysis_cmds",
    "cmd_thresholds": ".analysis_cmds",
    "counted": ".common",
    "load_model": ".common",
    "parse_params": ".common",
    "run_model_script": ".common",
    "cmd_repeated": ".repeated_cmds",
    "cmd_bench": ".solve_cmds",
    "cmd_explore": ".explore_cmd",
    "cmd_games": ".solve_cmds",
    "cmd_methods": ".solve_cmds",
    "cmd_params": ".solve_cmds",
    "cmd_solve": ".solve_cmds",
    "cmd_spe": ".tree_cmds",
}
__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, globals())


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 2 bad input, 130 interrupted)."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        # looked up on the package, where the lazy table (or a test's monkeypatch) puts it
        status = getattr(sys.modules[__name__], args.run)(args)
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
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (OSError, UnicodeDecodeError) as err:
        print(f"gametheory: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        from ..progress import close_open_bars

        close_open_bars()  # else a bar redraws itself after the message when collected
        # after a progress line on a terminal, start a fresh line
        print(("\n" if sys.stderr.isatty() else "") + "gametheory: interrupted", file=sys.stderr)
        return 130


__all__ = ["build_parser", "main", *_LAZY]
