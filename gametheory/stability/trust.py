"""Minimum trust: how sure a player must be that the rival restrains for restraint to pay.

docs/criteria.md states the definition and how it relates to the other criteria.

References
----------
Kydd, A. H. (2005). *Trust and Mistrust in International Relations*. Princeton.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import GameError
from ..game import Game, as_game
from ..tolerance import absolute_tol, check_tol


def minimum_trust(
    game: Game, profile: Any = None, *, tol: float | None = None
) -> tuple[float, ...]:
    """Minimum trust: the least belief that the rival restrains for restraint to be a best reply.

    For player i in a 2x2 game with cooperative action ``C_i`` (from `profile`) and the other
    action ``D_i``, write R, S, T, P for i's payoffs at (C, C), (C, D), (D, C), (D, D) (own
    action first). Cooperating is a best reply to a belief p that the other cooperates iff
    ``p (R - T) + (1 - p)(S - P) >= 0``. The minimum trust is the least p* such that this
    holds for every p in [p*, 1]::

        p* = (P - S) / ((R - T) + (P - S))   if R >= T and S < P   (assurance: 0 < p* <= 1)
        p* = 0                               if R >= T and S >= P  (cooperation dominant)
        p* = inf                             if R < T              (no trust suffices: PD,
                                                                    chicken)

    This is a statement about beliefs in a *complete-information* game: p is simply the
    probability a player assigns to the rival restraining, and p* the least such belief under
    which restraint is a best reply. It follows the threshold reading of trust in Kydd (2005,
    ch. 1) — in the stag hunt (assurance game) cooperation is rational iff trust p >= p*, in
    the prisoner's dilemma it never is — but not Kydd's model, where trust is a belief about
    the rival's *type* (security seeker or expansionist) in a game of incomplete information.
    In a symmetric 2x2 coordination game ``p* < 1/2`` exactly when the profile risk-dominates
    (docs/criteria.md).

    Parameters
    ----------
    game : Game
        A numeric 2x2 game.
    profile : str or sequence, optional
        The cooperative profile; default each player's first action.
    tol : float, optional
        Relative tolerance for the comparisons R >= T and S >= P.

    Returns
    -------
    tuple of float
        p* for each player (the trust player i needs in the other).

    Raises
    ------
    GameError
        The game is not 2x2, or a bad profile.

    Examples
    --------
    >>> from gametheory.games import stag_hunt, prisoners_dilemma
    >>> minimum_trust(stag_hunt().at())                  # (P - S) / ((R - T) + (P - S)) = 2/3
    (0.666..., 0.666...)
    >>> minimum_trust(prisoners_dilemma().at())
    (inf, inf)

    References
    ----------
    Kydd, A. H. (2005). *Trust and Mistrust in International Relations*. Princeton UP.
    """
    func = "minimum_trust()"
    game = as_game(game, "minimum_trust")
    if game.shape != (2, 2):
        raise GameError(
            f"{func}: needs a 2x2 game (two players with two actions each), got shape {game.shape}"
        )
    atol = absolute_tol(game.payoff_range, check_tol("minimum_trust", tol))
    idx = (0, 0) if profile is None else game.profile_index(profile, func)
    out = []
    for i in range(2):
        u = game.payoffs[i]

        def pay(own: int, other: int, i=i, u=u) -> float:
            return float(u[own, other] if i == 0 else u[other, own])

        c, d = idx[i], 1 - idx[i]
        c_other, d_other = idx[1 - i], 1 - idx[1 - i]
        R, S = pay(c, c_other), pay(c, d_other)
        T, P = pay(d, c_other), pay(d, d_other)
        if R < T - atol:
            out.append(math.inf)
        elif S >= P - atol:
            out.append(0.0)
        else:
            out.append((P - S) / ((R - T) + (P - S)))
    return tuple(out)


__all__ = ["minimum_trust"]
