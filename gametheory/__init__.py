"""gametheory: deterrence-versus-reassurance games, all their equilibria, when restraint is stable.

>>> from gametheory import solve
>>> from gametheory.games import battle_of_sexes
>>> result = solve(battle_of_sexes().at())
>>> len(result.equilibria), result.complete
(3, True)
"""

from . import games
from .equilibrium import Equilibrium, SolveResult, verify, verify_exact
from .errors import GameError
from .game import Game
from .solvers import available_methods, solve
from .stability import (
    StabilityReport,
    Threshold,
    basins,
    classify,
    logit_path,
    minimum_trust,
    thresholds,
)
from .symbolic import SymbolicGame
from .tolerance import DEFAULT_TOL

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_TOL",
    "Equilibrium",
    "Game",
    "GameError",
    "SolveResult",
    "StabilityReport",
    "SymbolicGame",
    "Threshold",
    "available_methods",
    "basins",
    "classify",
    "games",
    "logit_path",
    "minimum_trust",
    "solve",
    "thresholds",
    "verify",
    "verify_exact",
]
