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

    The one checker every public ``tol`` argument goes through: a tolerance is a finite number
    with ``0 < tol < 1`` (it multiplies the payoff range, so 1 or more would call every payoff
    difference a tie, and 0 would make float rounding decide). Booleans are refused.

    >>> check_tol("solve", None)
    1e-09
    >>> check_tol("solve", 1.0)
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: solve(): tol must be a number with 0 < tol < 1, got 1.0
    """
    import math

    from .errors import GameError, shown

    if tol is None:
        return DEFAULT_TOL
    message = f"{func}(): tol must be a number with 0 < tol < 1, got "
    if isinstance(tol, bool):
        raise GameError(message + repr(tol))
    try:
        value = float(tol)
    except (TypeError, ValueError, OverflowError):
        raise GameError(message + shown(tol)) from None  # a string
    if not math.isfinite(value) or not 0 < value < 1:
        raise GameError(message + repr(value))
    return value
