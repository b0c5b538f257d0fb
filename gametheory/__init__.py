"""gametheory: deterrence-versus-reassurance games, all their equilibria, when restraint is stable.

>>> from gametheory import solve
>>> from gametheory.games import battle_of_sexes
>>> result = solve(battle_of_sexes().at())
>>> len(result.equilibria), result.complete
(3, True)
"""

import importlib

from .errors import GameError

# Names are loaded on first use (PEP 562), so `import gametheory` and `gametheory --help` pay
# only for what they use: numba, sympy and scipy load with the first solver or model.
_LAZY = {
    "games": ".games",
    "Equilibrium": ".equilibrium",
    "SolveResult": ".equilibrium",
    "verify": ".equilibrium",
    "verify_exact": ".equilibrium",
    "Game": ".game",
    "available_methods": ".solvers",
    "solve": ".solvers",
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


def __getattr__(name: str):
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name], __name__)
        value = module if name == "games" else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gametheory' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


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
