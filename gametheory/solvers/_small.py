"""The per-call fixed cost of ``solve`` on small n-player games, compiled.

On a 2x2x2 or 2x2x3 game the support systems take a few tens of microseconds; what a call
used to spend went to Python: one validated ``Game.regret`` per candidate (twice: once in
:mod:`.enumpoly`, once when ``solve`` builds the records), the support profiles regenerated
and their bit masks rebuilt on every call, and a ``numpy.unique`` per player to look for
payoff gaps below the tolerance. Here the same quantities come from one compiled pass each:

* :func:`max_regret` and :func:`records`: the largest regret of a profile, and every
  profile's strategies, payoffs and regret, by the kernel behind :meth:`Game.regret`
  (:func:`gametheory.game.action_values_kernel`), without re-validating profiles that the
  caller has checked once;
* :func:`support_chunks`: the support profiles in the search order of :mod:`.enumpoly`, with
  their masks, built once per shape;
* :func:`smallest_gap`: the smallest positive gap between two payoffs of one player.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Sequence

import numpy as np
from numba import njit

from ..game import PROB_TOL, action_values_kernel

CACHED_PROFILES = 60_000
"""Shapes with at most this many support profiles keep their ordered list in memory (3x3x3x3
has 50,625); larger ones are generated chunk by chunk, as a ``pns`` search on a large game
looks at the first few only."""


@njit(cache=True, nogil=True)
def max_regret(flat, shape, x, offsets):
    """Largest gain from a unilateral deviation at the profile `x` (all players' strategies
    concatenated; player i's at ``x[offsets[i]:offsets[i + 1]]``), in the units of `flat`."""
    values = action_values_kernel(flat, shape, x, offsets)
    worst = 0.0
    for i in range(shape.shape[0]):
        best = -np.inf
        own = 0.0
        for a in range(offsets[i], offsets[i + 1]):
            best = max(best, values[a])
            own += values[a] * x[a]
        worst = max(worst, best - own)
    return worst


@njit(cache=True)
def _records_kernel(flat, shape, X, offsets):
    """Per profile (row of X): each player's payoff, and the largest regret (at least 0)."""
    n = shape.shape[0]
    K = X.shape[0]
    pays = np.empty((K, n))
    regret = np.zeros(K)
    for k in range(K):
        values = action_values_kernel(flat, shape, X[k], offsets)
        for i in range(n):
            best = -np.inf
            own = 0.0
            for a in range(offsets[i], offsets[i + 1]):
                best = max(best, values[a])
                own += values[a] * X[k, a]
            pays[k, i] = own
            regret[k] = max(regret[k], best - own)
    return pays, regret


def records(game, profiles: Sequence[Sequence[np.ndarray]]):
    """(strategies, payoffs, regret) of every profile, as :func:`gametheory.equilibrium.
    make_equilibrium` computes them (negative rounding clipped, each strategy rescaled to sum
    to one), or None when some profile is not a probability profile of the game's shape (the
    caller then takes the validating path, which says what is wrong)."""
    shape = game.shape
    width = sum(shape)
    X = np.empty((len(profiles), width))
    cuts = np.concatenate([[0], np.cumsum(shape)]).astype(np.int64)
    for k, profile in enumerate(profiles):
        if len(profile) != len(shape):
            return None
        for i, s in enumerate(profile):
            s = np.asarray(s, dtype=float)
            if s.shape != (shape[i],):
                return None
            X[k, cuts[i] : cuts[i + 1]] = s
    for i in range(len(shape)):
        block = X[:, cuts[i] : cuts[i + 1]]
        if (
            not np.isfinite(block).all()
            or (block < -PROB_TOL).any()
            or (np.abs(block.sum(axis=1) - 1.0) > PROB_TOL).any()
        ):
            return None
        block = np.clip(block, 0.0, None)
        X[:, cuts[i] : cuts[i + 1]] = block / block.sum(axis=1, keepdims=True)
    pays, regret = _records_kernel(game._flat, np.array(shape, np.int64), X, cuts)
    rows = X.tolist()
    spans = list(itertools.pairwise(cuts.tolist()))
    strategies = [tuple(tuple(row[lo:hi]) for lo, hi in spans) for row in rows]
    return strategies, pays.tolist(), regret.tolist()


@functools.lru_cache(maxsize=32)
def _cached_chunks(shape: tuple[int, ...], size: int) -> tuple[tuple[list, np.ndarray], ...]:
    return tuple(_generated_chunks(shape, size))


def _generated_chunks(shape: tuple[int, ...], size: int) -> Iterator[tuple[list, np.ndarray]]:
    profiles = _support_profiles(shape)
    while chunk := list(itertools.islice(profiles, size)):
        masks = np.array([[sum(1 << a for a in s) for s in sup] for sup in chunk], np.int64)
        yield chunk, masks


def support_chunks(
    shape: Sequence[int], total: int, size: int
) -> Iterator[tuple[list, np.ndarray]]:
    """The support profiles in chunks of `size`, each with its masks (one bit per support
    action, one column per player); cached per shape when there are few (read-only)."""
    shape = tuple(int(k) for k in shape)
    if total <= CACHED_PROFILES:
        return iter(_cached_chunks(shape, size))
    return _generated_chunks(shape, size)


def _support_profiles(shape: Sequence[int]) -> Iterator[tuple[tuple[int, ...], ...]]:
    """Every support profile, balanced ones first, then by total size (PNS 2008 order)."""
    sizes = sorted(
        itertools.product(*(range(1, k + 1) for k in shape)),
        key=lambda s: (max(s) - min(s), sum(s), s),
    )
    for size in sizes:
        yield from itertools.product(
            *(itertools.combinations(range(k), s) for k, s in zip(shape, size, strict=True))
        )


def smallest_gap(flat: np.ndarray) -> float | None:
    """The smallest gap between two different payoffs of one player (rows of `flat`), gaps at
    the level of float rounding of the payoffs themselves (64 eps x the largest magnitude)
    counted as ties; None when no player has two different payoffs."""
    ordered = np.sort(flat, axis=1)
    rounding = 64 * np.finfo(float).eps * np.abs(ordered).max(axis=1, keepdims=True)
    gaps = np.diff(ordered, axis=1)
    gaps = gaps[gaps > rounding]
    return float(gaps.min()) if gaps.size else None


@njit(cache=True)
def pure_reduction_possible(flat, shape, atol):
    """Could :func:`gametheory.solvers.reductions.reduce_game` remove or merge something by
    pure strategies: does some action of some player beat another by more than `atol` against
    every profile of the others, or equal it for every player's payoff (a duplicate)? One pass
    over the payoffs; the reduction's own loop runs only when this says yes (dominance by
    mixtures, for players with three or more actions, is checked apart)."""
    n = shape.shape[0]
    strides = np.ones(n, np.int64)
    for j in range(n - 2, -1, -1):
        strides[j] = strides[j + 1] * shape[j + 1]
    total = flat.shape[1]
    for i in range(n):
        for a in range(shape[i]):
            for b in range(shape[i]):
                if a == b:
                    continue
                beats = True  # b pays i more than a by atol everywhere
                same = b > a  # each pair once for duplicates
                for pos in range(total):
                    if (pos // strides[i]) % shape[i] != a:
                        continue
                    other = pos + (b - a) * strides[i]
                    if beats and not flat[i, other] > flat[i, pos] + atol:
                        beats = False
                    if same:
                        for j in range(n):
                            if flat[j, other] != flat[j, pos]:
                                same = False
                                break
                    if not beats and not same:
                        break
                if beats or same:
                    return True
    return False
