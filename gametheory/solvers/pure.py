"""Method ``pure``: every pure-strategy equilibrium, any number of players.

The pure profiles are checked one by one against every unilateral deviation
(:meth:`gametheory.game.Game.pure_equilibria`); the result is complete only as a list of pure
equilibria, so the method never claims ``complete``. ``auto`` picks it last, for games too large
for the exhaustive methods.
"""

from __future__ import annotations

import numpy as np

from ..game import Game
from .registry import Method, Proposals, register


def run_pure(game: Game, *, tol: float, exact: bool) -> Proposals:
    """The pure equilibria as proposals (``exact`` is ignored: the record has no exact mode)."""
    profiles = [
        tuple(np.eye(size)[a] for size, a in zip(game.shape, idx, strict=True))
        for idx in game.pure_equilibria(tol)
    ]
    return Proposals(profiles, False, reason="pure equilibria only")


register(
    Method(
        "pure",
        run_pure,
        "all pure-strategy equilibria",
        min_players=1,
        max_players=None,
        auto_priority=0,
    )
)
