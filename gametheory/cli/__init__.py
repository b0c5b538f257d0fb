"""The ``gametheory`` command.

Subcommands: ``solve``, ``stability``, ``thresholds``, ``sweep``, ``params``, ``repeated``,
``spe``, ``games``, ``methods``, ``bench``. A FILE is a Gambit ``.nfg`` game, a Gambit ``.efg``
tree (its reduced strategic form; ``spe`` takes the tree itself), a ``.toml``/``.json`` model
file, or ``builtin:NAME`` for a model from
:data:`gametheory.games.CATALOG` and :data:`gametheory.deterrence.catalog.CATALOG`
(``gametheory games`` lists them). Bad input prints one line,
``gametheory: <message>``, on stderr and exits with status 2; Ctrl-C prints one line and exits
with status 130. The ``--json`` output of every subcommand is described in ``docs/json.md``.
"""

from __future__ import annotations

from .analysis_cmds import cmd_stability, cmd_sweep, cmd_thresholds
from .common import counted, load_model, parse_params, run_model_script
from .parser import build_parser, main
from .repeated_cmds import cmd_repeated
from .solve_cmds import cmd_bench, cmd_games, cmd_methods, cmd_params, cmd_solve
from .tree_cmds import cmd_spe

__all__ = [
    "build_parser",
    "cmd_bench",
    "cmd_games",
    "cmd_methods",
    "cmd_params",
    "cmd_repeated",
    "cmd_solve",
    "cmd_spe",
    "cmd_stability",
    "cmd_sweep",
    "cmd_thresholds",
    "counted",
    "load_model",
    "main",
    "parse_params",
    "run_model_script",
]
