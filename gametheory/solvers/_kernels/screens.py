"""Cheap tests that rule a support profile out before its polynomial system is solved.

Both are necessary conditions for an equilibrium whose supports are exactly the given sets,
checked for every support profile in one compiled pass (:func:`screen`):

* **conditional dominance** (Porter, Nudelman and Shoham 2008, "Simple search methods for
  finding a Nash equilibrium", Games Econ. Behav. 63: 642-662): a support action that another
  action of the same player beats against every pure profile of the others' supports, strictly
  against one, is never a best response to a profile with those supports;
* **correlated indifference**: the product of the others' mixed strategies is in particular a
  probability distribution over their support profiles, so some distribution must make the
  player indifferent on its support and no better off outside it. By Ville's theorem of the
  alternative that system ``E p = 0, O p <= 0, p >= 0, p != 0`` has no solution exactly when some
  non-negative weights on the rows of ``[E; -E; O]`` give a strictly positive combination; the
  weights are the maximin mixture of that zero-sum game, found by the small simplex kernel of
  :mod:`.simplex`, and a support profile is ruled out only when the combination is checked to
  exceed :data:`CERTIFICATE_MARGIN`, so a rounding error can keep a profile but never drop one;
* **joint indifference**, for the support profiles that would otherwise need the homotopy
  (tens of paths each): one distribution ``P`` over the whole support profile such that every
  player, *told any one of its support actions*, is indifferent on its support and no better
  off outside it, in expectation over ``P`` given that action. The product of equilibrium
  strategies is such a ``P`` (given its own action, a player's view of the others is their
  product, which makes it indifferent), so this is again a necessary condition, decided by the
  same certificate. These are correlated-equilibrium-like constraints with equalities; on
  random 4x4x4 games they rule out about nine in ten of the support profiles that pass the
  first two tests and need paths.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ...tolerance import CERTIFICATE_MARGIN
from .pencil import pencil_player
from .simplex import maximin_mix

KEEP, DOMINATED, NO_INDIFFERENCE, NO_JOINT_INDIFFERENCE = 0, 1, 2, 3
"""Codes returned by :func:`screen`."""


@njit(cache=True)
def _strides(shape):
    n = shape.shape[0]
    out = np.ones(n, np.int64)
    for j in range(n - 2, -1, -1):
        out[j] = out[j + 1] * shape[j + 1]
    return out


@njit(cache=True)
def advance(pos, counts, skip):
    """Step `pos` to the next pure profile of the supports (mixed radix, last player fastest),
    leaving player `skip` where it is (-1: none); False after the last profile."""
    j = pos.shape[0] - 1
    while j >= 0:
        if j != skip:
            pos[j] += 1
            if pos[j] < counts[j]:
                return True
            pos[j] = 0
        j -= 1
    return False


@njit(cache=True)
def _in_support(acts, k, i, b):
    """Is action b among player i's k support actions?"""
    for c in range(k):
        if acts[i, c] == b:
            return True
    return False


@njit(cache=True)
def _conditionally_dominated(flat, shape, strides, acts, counts, pos, tie):
    """Is a support action of some player worse than another of its actions against every
    pure profile of the others' supports, and strictly worse against one?  (Porter et al. ask
    for strict dominance everywhere; weak dominance with one strict inequality suffices here
    because every pure profile of the others' supports has positive probability.) Differences
    within `tie` are ties: a payoff computed as -0.5999999999999999 against -0.6 must not rule
    out the action (it did, losing a weak equilibrium of the three-bloc game)."""
    n = shape.shape[0]
    for i in range(n):
        for ai in range(counts[i]):
            a = acts[i, ai]
            for b in range(shape[i]):
                if b == a:
                    continue
                for j in range(n):
                    pos[j] = 0
                better = True
                strict = False
                while True:  # every pure profile of the others' supports, a mixed-radix counter
                    base = 0
                    for j in range(n):
                        if j != i:
                            base += acts[j, pos[j]] * strides[j]
                    gain = flat[i, base + b * strides[i]] - flat[i, base + a * strides[i]]
                    if gain < -tie:
                        better = False
                        break
                    strict = strict or gain > tie
                    if not advance(pos, counts, i):
                        break
                if better and strict:
                    return True
    return False


@njit(cache=True)
def _no_indifference(flat, shape, strides, acts, counts, pos, i):
    """Ville's certificate that no distribution over the others' support profiles makes
    player i indifferent on its support and not better off outside it."""
    n = shape.shape[0]
    cols = 1
    for j in range(n):
        if j != i:
            cols *= counts[j]
    k = counts[i]
    rows = 2 * (k - 1) + shape[i] - k
    if rows == 0:
        return False
    R = np.empty((rows, cols))
    for j in range(n):
        pos[j] = 0
    q = 0
    while True:
        base = 0
        for j in range(n):
            if j != i:
                base += acts[j, pos[j]] * strides[j]
        first = flat[i, base + acts[i, 0] * strides[i]]
        r = 0
        for c in range(1, k):  # indifference rows, both signs
            d = flat[i, base + acts[i, c] * strides[i]] - first
            R[r, q] = d
            R[r + 1, q] = -d
            r += 2
        for b in range(shape[i]):  # actions outside the support pay no more
            if not _in_support(acts, k, i, b):
                R[r, q] = flat[i, base + b * strides[i]] - first
                r += 1
        q += 1
        if not advance(pos, counts, i):
            break
    return _certified(R)


@njit(cache=True)
def _certified(R):
    """Do some non-negative weights on the rows of R give a combination above the margin in
    every column?  (Then ``E p = 0, O p <= 0`` has no non-zero ``p >= 0``: Ville's theorem.)"""
    weights, ok = maximin_mix(R - R.min() + 1.0)
    if not ok:
        return False
    rows, cols = R.shape
    for q in range(cols):
        s = 0.0
        for r in range(rows):
            s += weights[r] * R[r, q]
        if s <= CERTIFICATE_MARGIN:
            return False
    return True


@njit(cache=True)
def _no_joint_indifference(flat, shape, strides, acts, counts, pos):
    """Ville's certificate that no distribution over the support profile makes every player,
    given each of its support actions, indifferent on its support and no better outside it.

    Rows: for player i, own action ``a'`` and support action ``r`` (both signs) or outside
    action ``b``; columns: the pure profiles (cells) of the support profile. The entry is i's
    gain from ``r`` (or ``b``) over its first support action against the cell's other actions,
    in the cells where i plays ``a'``, and zero elsewhere.
    """
    n = shape.shape[0]
    cells = 1
    rows = 0
    first_row = np.zeros(n + 1, np.int64)
    for i in range(n):
        cells *= counts[i]
        per_slice = 2 * (counts[i] - 1) + shape[i] - counts[i]
        first_row[i + 1] = first_row[i] + counts[i] * per_slice
    rows = first_row[n]
    if rows == 0:
        return False
    R = np.zeros((rows, cells))
    for j in range(n):
        pos[j] = 0
    for q in range(cells):
        offset = 0
        for j in range(n):
            offset += acts[j, pos[j]] * strides[j]
        for i in range(n):
            k = counts[i]
            rest = offset - acts[i, pos[i]] * strides[i]  # the others' actions in this cell
            first = flat[i, rest + acts[i, 0] * strides[i]]
            r = first_row[i] + pos[i] * (2 * (k - 1) + shape[i] - k)
            for c in range(1, k):
                d = flat[i, rest + acts[i, c] * strides[i]] - first
                R[r, q] = d
                R[r + 1, q] = -d
                r += 2
            for b in range(shape[i]):
                if not _in_support(acts, k, i, b):
                    R[r, q] = flat[i, rest + b * strides[i]] - first
                    r += 1
        advance(pos, counts, -1)
    return _certified(R)


@njit(cache=True)
def _has_paths(counts):
    """Does the homotopy's start system have solutions for these support sizes?  Group g
    must receive its k_g - 1 equations from the other mixing players (an assignment exists
    exactly when no group needs more than all the others' equations together: for two or more
    groups the others cover everything); otherwise a generic game has no isolated equilibrium
    with these supports and the homotopy follows no path, so the test would be wasted."""
    total = 0
    for i in range(counts.shape[0]):
        total += counts[i] - 1
    for g in range(counts.shape[0]):
        if counts[g] > 1 and 2 * (counts[g] - 1) > total:
            return False
    return True


@njit(cache=True)
def screen(flat, shape, masks, min_mixing, tie):
    """One code per support profile (rows of bit masks, one column per player): KEEP,
    DOMINATED, NO_INDIFFERENCE or NO_JOINT_INDIFFERENCE. The second test runs only where at
    least `min_mixing` players mix (the others are solved directly at less cost than the
    test), the third only where the homotopy would be needed: three or more players mix and
    the one-variable reduction of :mod:`.pencil` does not apply."""
    S, n = masks.shape
    out = np.zeros(S, np.int8)
    strides = _strides(shape)
    kmax = 0
    for j in range(n):
        kmax = max(kmax, shape[j])
    acts = np.zeros((n, kmax), np.int64)
    counts = np.zeros(n, np.int64)
    pos = np.zeros(n, np.int64)
    for s in range(S):
        mixing = 0
        for j in range(n):
            c = 0
            for a in range(shape[j]):
                if (masks[s, j] >> a) & 1:
                    acts[j, c] = a
                    c += 1
            counts[j] = c
            if c > 1:
                mixing += 1
        if _conditionally_dominated(flat, shape, strides, acts, counts, pos, tie):
            out[s] = DOMINATED
            continue
        if mixing >= min_mixing:
            for i in range(n):
                if _no_indifference(flat, shape, strides, acts, counts, pos, i):
                    out[s] = NO_INDIFFERENCE
                    break
        if out[s] == KEEP and mixing >= 3 and pencil_player(counts) < 0 and _has_paths(counts):
            if _no_joint_indifference(flat, shape, strides, acts, counts, pos):
                out[s] = NO_JOINT_INDIFFERENCE
    return out
