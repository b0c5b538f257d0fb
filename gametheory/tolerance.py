"""Scale-aware tolerances.

Every tolerance a user passes is *relative*: it is multiplied by the payoff range of the game
(the largest ``max - min`` over players, or 1 for a constant game), as Gambit does for regret.
A game with payoffs in the thousands and one with payoffs in [0, 1] therefore accept the same
equilibria after rescaling.
"""

from __future__ import annotations

DEFAULT_TOL = 1e-9
"""Default relative tolerance for regret and best-response ties."""


def absolute_tol(payoff_range: float, tol: float | None) -> float:
    """Turn a relative tolerance into an absolute one for payoffs of the given range.

    >>> absolute_tol(200.0, 1e-9)
    2e-07
    >>> absolute_tol(0.0, None) == DEFAULT_TOL
    True
    """
    rel = DEFAULT_TOL if tol is None else tol
    return rel * (payoff_range if payoff_range > 0 else 1.0)


def check_tol(func: str, tol: float | None) -> float:
    """Validate a user's relative tolerance; ``None`` means :data:`DEFAULT_TOL`.

    >>> check_tol("solve", None)
    1e-09
    >>> check_tol("solve", -1.0)
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: solve(): tol must be a finite number >= 0, got -1.0
    """
    import math

    from .errors import GameError

    if tol is None:
        return DEFAULT_TOL
    try:
        value = float(tol)
    except (TypeError, ValueError):
        raise GameError(f"{func}(): tol must be a finite number >= 0, got {tol!r}") from None
    if not math.isfinite(value) or value < 0:
        raise GameError(f"{func}(): tol must be a finite number >= 0, got {tol!r}")
    return value
