"""Numba kernels: vertices of best-response polytopes and their completely labelled pairs.

For a bimatrix game (A, B) with positive payoffs, the best-response polytopes are

    P = {x in R^m : x >= 0, B^T x <= 1}        Q = {y in R^n : y >= 0, A y <= 1}

(von Stengel 2007, "Equilibrium computation for two-player games in strategic and extensive
form", ch. 3 of Algorithmic Game Theory). A point of P carries label ``i`` (0 <= i < m) when
``x_i = 0`` and label ``m + j`` when ``(B^T x)_j = 1``; a point of Q carries label ``m + j``
when ``y_j = 0`` and label ``i`` when ``(A y)_i = 1``. The extreme Nash equilibria are exactly
the pairs of non-zero vertices (x, y) whose labels together cover ``0 .. m+n-1``, normalised to
probabilities.

Labels are held as bits of an int64, so ``m + n <= 62``.

The vertex enumeration here is exhaustive: every vertex of P with support I (|I| = k) solves
``B[I, J]^T x_I = 1`` for some k columns J with a non-singular matrix, so trying every such
(I, J) finds every vertex, degenerate ones included (several (I, J) give the same vertex; the
full label set identifies it). The cost is the number of (I, J) pairs, ``C(m+n, m) - 1``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..._linalg import solve_columns
from ...tolerance import POLYTOPE_PIVOT_ZERO

MAX_LABELS = 62

MAX_PIVOTS = 1000
"""Most pivots one Lemke–Howson path along these polytopes may take before it is abandoned as
not converged (here, below both the method and the advice that names the cap)."""


@njit(cache=True)
def _next_combination(comb: np.ndarray, n: int) -> bool:
    """Advance `comb` (sorted, size k, values < n) to the next k-subset; False when done."""
    k = comb.shape[0]
    i = k - 1
    while i >= 0 and comb[i] == n - k + i:
        i -= 1
    if i < 0:
        return False
    comb[i] += 1
    for j in range(i + 1, k):
        comb[j] = comb[j - 1] + 1
    return True


@njit(cache=True)
def _solve_tight(M, rows, cols, G, perm, x, pivot_tol):
    """Solve sum_{a} M[rows[a], cols[b]] * x[a] = 1 for every b; False if singular."""
    k = rows.shape[0]
    for b in range(k):
        for a in range(k):
            G[b, a] = M[rows[a], cols[b]]
        x[b] = 1.0
    return solve_columns(G, x.reshape((x.shape[0], 1)), k, 1, perm, pivot_tol)


@njit(cache=True)
def polytope_vertices(M, tol):
    """Non-zero vertices of {x >= 0, M^T x <= 1} for M > 0 of shape (m, n).

    Returns ``(points, labels)``: points of shape (V, m) and int64 label masks with bit i for
    ``x_i = 0`` and bit m + j for ``(M^T x)_j = 1``. A vertex found from several tight sets
    appears several times (the caller de-duplicates by label mask).
    """
    m, n = M.shape
    pivot_tol = POLYTOPE_PIVOT_ZERO
    points = []
    labels = []
    x = np.empty(m)
    full = np.zeros(m)
    G = np.empty((m, m))
    perm = np.empty(m, dtype=np.int64)
    for k in range(1, min(m, n) + 1):
        rows = np.arange(k)
        more_rows = True
        while more_rows:
            cols = np.arange(k)
            more_cols = True
            while more_cols:
                if _solve_tight(M, rows, cols, G, perm, x, pivot_tol):
                    ok = True
                    for a in range(k):
                        if x[a] < -tol:
                            ok = False
                            break
                    if ok:
                        full[:] = 0.0
                        for a in range(k):
                            full[rows[a]] = max(x[a], 0.0)
                        mask = np.int64(0)
                        for i in range(m):
                            if full[i] <= tol:
                                mask |= np.int64(1) << i
                        for j in range(n):
                            s = 0.0
                            for a in range(k):
                                s += M[rows[a], j] * full[rows[a]]
                            if s > 1.0 + tol:
                                ok = False
                                break
                            if s >= 1.0 - tol:
                                mask |= np.int64(1) << (m + j)
                        if ok:
                            points.append(full.copy())
                            labels.append(mask)
                more_cols = _next_combination(cols, n)
            more_rows = _next_combination(rows, m)
    out = np.empty((len(points), m))
    masks = np.empty(len(points), dtype=np.int64)
    for v in range(len(points)):
        out[v] = points[v]
        masks[v] = labels[v]
    return out, masks


def q_labels_to_game_labels(masks, m: int, n: int):
    """Renumber labels of Q = {y >= 0, A y <= 1} as computed by :func:`polytope_vertices`.

    The kernel, run on ``A.T`` (n x m), gives bit j for ``y_j = 0`` and bit n + i for row i
    tight; the game's numbering is bit i for row i tight and bit m + j for ``y_j = 0``. Works
    on ints and on int64 arrays.
    """
    return ((masks >> n) & ((1 << m) - 1)) | ((masks & ((1 << n) - 1)) << m)


# A hash set of non-zero int64 label masks: open addressing, linear probing, 0 = empty slot.
@njit(cache=True)
def hash_slot(table, key):
    mask = table.shape[0] - 1
    h = (np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(20)
    s = np.int64(h & np.uint64(mask))
    while table[s] != 0 and table[s] != key:
        s = (s + 1) & mask
    return s


@njit(cache=True)
def hash_grow(table):
    bigger = np.zeros(2 * table.shape[0], dtype=np.int64)
    for key in table:
        if key != 0:
            bigger[hash_slot(bigger, key)] = key
    return bigger


@njit(cache=True)
def _popcount(v):
    count = 0
    while v:
        v &= v - 1
        count += 1
    return count


@njit(cache=True)
def complementary_pairs(labels_p, labels_q, m, n):
    """Index pairs (a, b) whose label masks (game numbering) together have all m + n labels.

    A vertex of P with exactly m labels needs a partner with all the other n: the partners
    with exactly n labels are found by hashing, only the degenerate ones (more than n labels)
    are scanned; a degenerate vertex of P is checked against every vertex of Q. Nondegenerate
    games cost linear time, where comparing all pairs would cost |P| |Q|.
    """
    full = (np.int64(1) << (m + n)) - 1
    size = 1
    while size < 2 * labels_q.shape[0] + 2:
        size *= 2
    keys = np.zeros(size, dtype=np.int64)
    where = np.full(size, -1, dtype=np.int64)
    degenerate_q = []
    for b in range(labels_q.shape[0]):
        if _popcount(labels_q[b]) == n:
            s = hash_slot(keys, labels_q[b])
            keys[s] = labels_q[b]
            where[s] = b
        else:
            degenerate_q.append(b)
    pairs = []
    for a in range(labels_p.shape[0]):
        if _popcount(labels_p[a]) == m:
            need = full & ~labels_p[a]
            s = hash_slot(keys, need)
            if keys[s] == need and where[s] >= 0:
                pairs.append((a, where[s]))
            for b in degenerate_q:
                if (labels_p[a] | labels_q[b]) == full:
                    pairs.append((a, b))
        else:
            for b in range(labels_q.shape[0]):
                if (labels_p[a] | labels_q[b]) == full:
                    pairs.append((a, b))
    out = np.empty((len(pairs), 2), dtype=np.int64)
    for t in range(len(pairs)):
        out[t, 0] = pairs[t][0]
        out[t, 1] = pairs[t][1]
    return out
