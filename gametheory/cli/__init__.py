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

from .._lazy import lazy_attributes
from .parser import build_parser, main

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


__all__ = ["build_parser", "main", *_LAZY]
