"""Numba kernel: every vertex of a best-response polytope, simple or not, by a search over its
lexicographically feasible bases.

The polytope and labels are those of :mod:`gametheory.solvers._kernels.pivot`:
``P = {x in R^m : x >= 0, M^T x <= 1}`` for ``M > 0`` of shape (m, n), bit ``i`` for
``x_i = 0`` and bit ``m + j`` for ``(M^T x)_j = 1``. In a degenerate game a vertex can lie on
more than ``m`` facets, so :func:`gametheory.solvers._kernels.pivot.enumerate_vertices`, which walks
from vertex to vertex by their label sets, stops there. This kernel walks over *bases*
instead: sets of ``m`` labels whose facets meet in exactly one point of P. Dropping one label
of a basis leaves an edge; walking along it, the facet reached first gives the neighbouring
basis. When several are reached at once (a tie, at distance zero at a degenerate vertex) the
lexicographic rule picks one: the ratios are compared as if facet ``c``'s right-hand side
were moved out by ``eps**(c + 1)`` for a tiny ``eps`` (Dantzig, Orden and Wolfe 1955). That
perturbed polytope is simple, its vertices are the lexicographically feasible bases, each
vertex of P is the limit of some of them, and its graph is connected; so a breadth-first
search from the basis of the vertex ``0`` (which is lexicographically feasible) reaches every
vertex of P, each reported once with all its labels (every facet within `tol`). A vertex on
``d > m`` facets is visited through a few of its up to ``C(d, m)`` bases, not all of them.

Each basis is solved from scratch (as in :mod:`.pivot`), so rounding does not accumulate
along the search; the search is capped.

References
----------
Dantzig, Orden & Wolfe (1955), Pacific J. Math. 5: 183-195 (the lexicographic rule);
Avis & Fukuda (1992), Discrete Comput. Geom. 8: 295-313 (vertex enumeration by pivoting; lrs
uses the lexicographic rule for degenerate polytopes);
Avis, Rosenberg, Savani & von Stengel (2010), Economic Theory 42: 9-37 (lrsnash).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ...tolerance import PIVOT_ZERO, RATIO_TIE
from .pivot import CAPPED, OK, basis_point, edge_direction
from .polytope import hash_grow, hash_slot

_PIVOT_TOL = PIVOT_ZERO


@njit(cache=True)
def _insert(table, stored, key):
    """Add `key` to the hash set; returns (table, stored, new?)."""
    s = hash_slot(table, key)
    if table[s] != 0:
        return table, stored, False
    table[s] = key
    stored += 1
    if 2 * stored > table.shape[0]:
        table = hash_grow(table)
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
    perm = np.empty(m, dtype=np.int64)
    inv = np.empty((m, m))
    x = np.zeros(m)
    dxi = np.empty(m)
    dk = np.empty(m)
    value = np.empty(n)
    pos = np.full(m, -1, dtype=np.int64)  # position of each support row in `rows`
    tied = np.empty(m + n, dtype=np.int64)
    trate = np.empty(m + n)
    status = OK
    while head < tail:
        if head >= max_bases:
            status = CAPPED
            break
        mask = queue[head]
        head += 1
        # solve the basis; -1 when its facets do not meet in one point or it is infeasible
        k = basis_point(M, mask, rows, cols, G, perm, inv, x, -tol)
        if k < 0:
            continue
        for i in range(m):
            pos[i] = -1
        for a in range(k):
            pos[rows[a]] = a
        feasible = True
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
        # neighbours: drop one label of the basis, walk along the edge to the first facet;
        # a tie is broken by the lexicographic rule, as if facet c were moved out by eps^(c+1)
        for drop in range(m + n):
            if not (mask >> drop) & one:
                continue
            edge_direction(M, drop, cols, k, inv, dxi)
            best = np.inf
            ntied = 0
            for d in range(m + n):
                if (mask >> d) & one:
                    continue  # basic: stays tight along the edge
                r = _rate(M, d, drop, rows, k, dxi, pos)
                if r <= _PIVOT_TOL:
                    continue
                slack = max(x[d], 0.0) if d < m else max(1.0 - value[d - m], 0.0)
                t = slack / r
                if ntied == 0 or t < best - tol * (1.0 + best):
                    best = t
                    ntied = 0
                if t <= best + tol * (1.0 + best):
                    tied[ntied] = d
                    trate[ntied] = r
                    ntied += 1
            if ntied == 0:
                continue  # no facet ahead: impossible for M > 0
            if ntied > 1:
                ntied = _lexicographic(
                    M, mask, drop, rows, cols, k, inv, pos, tied, trate, ntied, dk
                )
            new = (mask & ~(one << drop)) | (one << tied[0])
            queue, tail, bases, stored = _push(queue, tail, bases, stored, new)
    return points[:found].copy(), labels[:found].copy(), status, head


@njit(cache=True)
def _rate(M, d, label, rows, k, direction, pos):
    """How fast the slack of non-basic facet d shrinks along the edge of `label`."""
    m = M.shape[0]
    if d < m:  # x_d >= 0 with d in the support
        return -direction[pos[d]]
    j = d - m
    r = M[label, j] if label < m else 0.0
    for a in range(k):
        r += M[rows[a], j] * direction[a]
    return r


@njit(cache=True)
def _lexicographic(M, mask, drop, rows, cols, k, inv, pos, tied, trate, ntied, dk):
    """Keep, among the facets tied in the ratio test, the lexicographically smallest ratio of
    the perturbed slacks: facet c's right-hand side moved out by eps^(c+1), so a slack's
    coefficient of eps^(c+1) is 1 for its own facet and, for a basic facet c, its rate along
    c's edge. Returns the number left (1 unless two facets coincide)."""
    one = np.int64(1)
    vals = np.empty(ntied)
    for c in range(M.shape[0] + M.shape[1]):
        if ntied == 1:
            break
        basic = (mask >> c) & one
        if basic:
            if c == drop:
                continue  # the same for every candidate
            edge_direction(M, c, cols, k, inv, dk)
        low = np.inf
        for t in range(ntied):
            d = tied[t]
            if basic:
                vals[t] = _rate(M, d, c, rows, k, dk, pos) / trate[t]
            else:
                vals[t] = (1.0 if d == c else 0.0) / trate[t]
            low = min(low, vals[t])
        kept = 0
        for t in range(ntied):
            if vals[t] <= low + RATIO_TIE * (1.0 + abs(low)):
                tied[kept] = tied[t]
                trate[kept] = trate[t]
                kept += 1
        ntied = kept
    return ntied


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
