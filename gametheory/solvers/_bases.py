"""Numba kernel: every vertex of a best-response polytope, simple or not, by a search over its
feasible bases.

The polytope and labels are those of :mod:`gametheory.solvers._pivot`:
``P = {x in R^m : x >= 0, M^T x <= 1}`` for ``M > 0`` of shape (m, n), bit ``i`` for
``x_i = 0`` and bit ``m + j`` for ``(M^T x)_j = 1``. In a degenerate game a vertex can lie on
more than ``m`` facets, so :func:`gametheory.solvers._pivot.enumerate_vertices`, which walks
from vertex to vertex by their label sets, stops there. This kernel walks over *bases*
instead: sets of ``m`` labels whose facets meet in exactly one point of P. Dropping one label
of a basis leaves an edge direction; walking along it, every facet reached first (several
when there are ties, at distance zero at a degenerate vertex) gives a neighbouring feasible
basis. The graph of feasible bases of a polytope is connected (the simplex method's
pivoting rules rely on this; e.g. Schrijver 1986, *Theory of Linear and Integer Programming*,
sect. 11), so a breadth-first search from the basis of the vertex ``0`` reaches every
vertex, however degenerate; each vertex is reported once, with all its labels (every facet
within `tol`), however many bases it has.

Each basis is solved from scratch (as in :mod:`._pivot`), so rounding does not accumulate
along the search. The price of degeneracy is the number of bases: a vertex on ``d > m``
facets may have up to ``C(d, m)`` of them, which is why the search is capped.

References
----------
Avis & Fukuda (1992), Discrete Comput. Geom. 8: 295-313 (vertex enumeration by pivoting,
including degenerate polytopes, where lrs's lexicographic rule visits each vertex once);
Avis, Rosenberg, Savani & von Stengel (2010), Economic Theory 42: 9-37 (lrsnash).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._pivot import CAPPED, OK, _grow, _invert, _slot

_PIVOT_TOL = 1e-11


@njit(cache=True)
def _insert(table, stored, key):
    """Add `key` to the hash set; returns (table, stored, new?)."""
    s = _slot(table, key)
    if table[s] != 0:
        return table, stored, False
    table[s] = key
    stored += 1
    if 2 * stored > table.shape[0]:
        table = _grow(table)
    return table, stored, True


@njit(cache=True)
def basis_search_vertices(M, tol, max_bases):
    """Non-zero vertices of ``{x >= 0, M^T x <= 1}`` (``M > 0``), degenerate or not.

    Returns ``(points, labels, status, visited)``: the vertices (rows; each once) with their
    full int64 label masks (every facet within `tol`), ``OK`` or ``CAPPED`` (stopped after
    `max_bases` bases), and the number of bases visited.
    """
    m, n = M.shape
    one = np.int64(1)
    start = np.int64(0)
    for i in range(m):
        start |= one << i
    bases = np.zeros(1 << 12, dtype=np.int64)
    stored = 0
    bases, stored, _ = _insert(bases, stored, start)
    seen = np.zeros(1 << 10, dtype=np.int64)  # full label masks of the vertices found
    n_seen = 0
    queue = np.empty(1 << 12, dtype=np.int64)
    queue[0] = start
    tail = 1
    head = 0
    points = np.empty((64, m))
    labels = np.empty(64, dtype=np.int64)
    found = 0
    rows = np.empty(m, dtype=np.int64)
    cols = np.empty(m, dtype=np.int64)
    G = np.empty((m, m))
    work = np.empty((m, 2 * m))
    inv = np.empty((m, m))
    x = np.zeros(m)
    dxi = np.empty(m)
    value = np.empty(n)
    status = OK
    while head < tail:
        if head >= max_bases:
            status = CAPPED
            break
        mask = queue[head]
        head += 1
        k = 0
        kc = 0
        for i in range(m):
            if not (mask >> i) & one:
                rows[k] = i
                k += 1
        for j in range(n):
            if (mask >> (m + j)) & one:
                cols[kc] = j
                kc += 1
        if kc != k:
            continue
        for b in range(k):
            for a in range(k):
                G[b, a] = M[rows[a], cols[b]]
        if k > 0 and not _invert(G, work, inv, k):
            continue  # not a basis: its facets do not meet in one point
        for i in range(m):
            x[i] = 0.0
        feasible = True
        for a in range(k):
            s = 0.0
            for b in range(k):
                s += inv[a, b]
            if s < -tol:
                feasible = False
            x[rows[a]] = s
        full = np.int64(0)
        for j in range(n):
            s = 0.0
            for a in range(k):
                s += M[rows[a], j] * x[rows[a]]
            value[j] = s
            if s > 1.0 + tol:
                feasible = False
            if s >= 1.0 - tol:
                full |= one << (m + j)
        if not feasible:
            continue
        zero = True
        for i in range(m):
            if x[i] <= tol:
                full |= one << i
            else:
                zero = False
        seen, n_seen, new_vertex = _insert(seen, n_seen, full)
        if new_vertex and not zero:
            if found == points.shape[0]:
                bigger = np.empty((2 * found, m))
                bigger[:found] = points[:found]
                points = bigger
                more = np.empty(2 * found, dtype=np.int64)
                more[:found] = labels[:found]
                labels = more
            for i in range(m):
                points[found, i] = max(x[i], 0.0)
            labels[found] = full
            found += 1
        # neighbours: drop one label of the basis, walk along the edge, every first facet
        for drop in range(m + n):
            if not (mask >> drop) & one:
                continue
            if drop < m:  # x_drop becomes positive at rate 1; J stays tight
                for a in range(k):
                    s = 0.0
                    for b in range(k):
                        s -= inv[a, b] * M[drop, cols[b]]
                    dxi[a] = s
            else:  # column drop - m stops being tight; the rest of J stays tight
                c = drop - m
                for b in range(k):
                    if cols[b] == c:
                        for a in range(k):
                            dxi[a] = -inv[a, b]
                        break
            best = np.inf
            for phase in range(2):  # the smallest step, then every facet reached with it
                for a in range(k):
                    if dxi[a] < -_PIVOT_TOL:
                        t = max(x[rows[a]], 0.0) / -dxi[a]
                        if phase == 0:
                            best = min(best, t)
                        elif t <= best + tol * (1.0 + best):
                            new = (mask & ~(one << drop)) | (one << rows[a])
                            queue, tail, bases, stored = _push(queue, tail, bases, stored, new)
                for j in range(n):
                    if (mask >> (m + j)) & one:
                        continue
                    d = M[drop, j] if drop < m else 0.0
                    for a in range(k):
                        d += M[rows[a], j] * dxi[a]
                    if d > _PIVOT_TOL:
                        t = max(1.0 - value[j], 0.0) / d
                        if phase == 0:
                            best = min(best, t)
                        elif t <= best + tol * (1.0 + best):
                            new = (mask & ~(one << drop)) | (one << (m + j))
                            queue, tail, bases, stored = _push(queue, tail, bases, stored, new)
                if best == np.inf:
                    break  # no facet ahead: impossible for M > 0
    return points[:found].copy(), labels[:found].copy(), status, head


@njit(cache=True)
def _push(queue, tail, bases, stored, new):
    bases, stored, fresh = _insert(bases, stored, new)
    if fresh:
        if tail == queue.shape[0]:
            bigger = np.empty(2 * queue.shape[0], dtype=np.int64)
            bigger[:tail] = queue[:tail]
            queue = bigger
        queue[tail] = new
        tail += 1
    return queue, tail, bases, stored


@njit(cache=True)
def _popcount(v):
    count = 0
    while v:
        v &= v - 1
        count += 1
    return count


@njit(cache=True)
def complementary_join(labels_p, labels_q, m, n):
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
            s = _slot(keys, labels_q[b])
            keys[s] = labels_q[b]
            where[s] = b
        else:
            degenerate_q.append(b)
    pairs = []
    for a in range(labels_p.shape[0]):
        if _popcount(labels_p[a]) == m:
            need = full & ~labels_p[a]
            s = _slot(keys, need)
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
