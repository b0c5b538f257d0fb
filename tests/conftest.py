"""Shared test helpers: seeded random games, and a pygambit bridge for cross-checks."""

from __future__ import annotations

import os
import tempfile
from fractions import Fraction

import numpy as np

# solved thresholds are cached on disk (gametheory/stability/_solved_cache.py): the tests, and
# the scripts they run, use a fresh folder of their own rather than the user's cache
os.environ.setdefault("GAMETHEORY_CACHE_DIR", tempfile.mkdtemp(prefix="gametheory-cache-"))

from gametheory import Game


def random_bimatrix(seed: int, kind: str, m: int, n: int) -> Game:
    """A seeded random game.

    kind: "int-ties" (payoffs in -3..3: many ties, often degenerate), "int-wide" (in -100..99:
    almost surely nondegenerate) or "quarter" (floats on a 0.25 grid: exact in binary, with ties).
    """
    rng = np.random.default_rng(seed)
    if kind == "int-ties":
        A, B = rng.integers(-3, 4, (2, m, n))
    elif kind == "int-wide":
        A, B = rng.integers(-100, 100, (2, m, n))
    elif kind == "quarter":
        A, B = rng.integers(-8, 9, (2, m, n)) / 4.0
    else:  # pragma: no cover - a typo in a test
        raise ValueError(kind)
    return Game.from_bimatrix(A, B)


def gambit_enummixed(game: Game) -> list[tuple[tuple[Fraction, ...], ...]]:
    """pygambit's extreme equilibria in exact rationals, duplicates removed.

    Gambit's enummixed can list the same equilibrium twice in degenerate games (it pairs
    bases, not vertices), so repeats are dropped before comparing.
    """
    import pygambit  # a dev dependency: a missing one must fail, not skip

    A, B = (
        np.vectorize(lambda f: pygambit.Rational(f.numerator, f.denominator), otypes=[object])(p)
        for p in game.exact_payoffs()
    )
    g = pygambit.Game.from_arrays(A, B)
    result = pygambit.nash.enummixed_solve(g, rational=True)
    out = []
    for eq in result.equilibria:
        profile = tuple(
            tuple(Fraction(str(eq[s])) for s in player.strategies) for player in g.players
        )
        if profile not in out:
            out.append(profile)
    return out


def close_profiles(a, b, tol: float = 1e-7) -> bool:
    return all(
        np.max(np.abs(np.asarray(x, float) - np.asarray(y, float))) <= tol
        for x, y in zip(a, b, strict=True)
    )
