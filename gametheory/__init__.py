"""gametheory: deterrence-versus-reassurance games, all their equilibria, when restraint is stable.

>>> from gametheory import solve
>>> from gametheory.games import battle_of_sexes
>>> result = solve(battle_of_sexes().at())
>>> len(result.equilibria), result.complete
(3, True)
"""

from ._lazy import lazy_attributes
from .errors import GameError, TooLargeError

# Names are loaded on first use (PEP 562), so `import gametheory` and `gametheory --help` pay
# only for what they use: numba, sympy and scipy load with the first solver or model.
_LAZY = {
    "games": ".games",
    "Equilibrium": ".equilibrium",
    "EquilibriumResult": ".equilibrium",
    "SolveResult": ".equilibrium",
    "verify": ".equilibrium",
    "verify_exact": ".equilibrium",
    "Game": ".game",
    "available_methods": ".solvers",
    "solve": ".solvers",
    "solve_many": ".solvers.batch",
    "SolveResults": ".solvers.batch",
    "StabilityReport": ".stability",
    "Threshold": ".stability",
    "basins": ".stability",
    "classify": ".stability",
    "logit_path": ".stability",
    "minimum_trust": ".stability",
    "thresholds": ".stability",
    "SymbolicGame": ".symbolic",
    "DEFAULT_TOL": ".tolerance",
}
__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, globals(), modules=["games"])


__version__ = "0.1.0"

__all__ = [
    "DEFAULT_TOL",
    "Equilibrium",
    "EquilibriumResult",
    "Game",
    "GameError",
    "SolveResult",
    "SolveResults",
    "StabilityReport",
    "SymbolicGame",
    "Threshold",
    "TooLargeError",
    "available_methods",
    "basins",
    "classify",
    "games",
    "logit_path",
    "minimum_trust",
    "solve",
    "solve_many",
    "thresholds",
    "verify",
    "verify_exact",
]
