"""Numba kernel: every vertex of a simple best-response polytope by pivoting along its edges.

The polytope is ``P = {x in R^m : x >= 0, M^T x <= 1}`` for ``M > 0`` of shape (m, n), with the
labels of :mod:`gametheory.solvers._kernels.polytope` (bit ``i`` for ``x_i = 0``, bit ``m + j`` for
``(M^T x)_j = 1``). In a *simple* polytope every vertex lies on exactly ``m`` facets, so its label
set identifies it, and its ``m`` neighbours are reached by dropping one label and walking along
the edge until the first other facet is hit (the ratio test of the simplex method). A
breadth-first search from the vertex ``0`` over this graph, with the visited label sets in a
hash table, therefore visits every vertex once: a polytope's graph is connected.

Each vertex is recomputed from its label set (support ``I`` = rows without a label, tight
columns ``J``; solve ``M[I, J]^T x_I = 1``) rather than by updating a tableau along the search
path, so rounding errors do not accumulate. The cost per vertex is one ``k x k`` inverse
(``k = |I|``) plus ``m`` directions and ratio tests, ``O(k^3 + m k (k + n))``.

The search stops, returning ``status = DEGENERATE``, as soon as it meets evidence that the
polytope is not simple: a vertex with more than ``m`` labels within the tolerance (a support
entry or a slack near zero), a near-singular ``M[I, J]``, or a tie in a ratio test. The
caller then uses an enumeration that is complete for degenerate games.

:func:`partners` gives each vertex of P its completely labelled partner in the other polytope
by one linear solve, with the same degeneracy checks.

References
----------
Avis & Fukuda (1992), "A pivoting algorithm for convex hulls and vertex enumeration of
arrangements and polyhedra", Discrete Comput. Geom. 8: 295-313 (vertex enumeration by pivoting;
reverse search avoids the hash table at the price of more pivots).
Avis, Rosenberg, Savani & von Stengel (2010), "Enumeration of Nash equilibria for two-player
games", Economic Theory 42: 9-37 (lrsnash: vertices of one polytope by reverse search).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..._linalg import invert
from ...tolerance import PIVOT_ZERO
from .polytope import hash_grow, hash_slot

OK = 0
DEGENERATE = 1
CAPPED = 2

_PIVOT_TOL = PIVOT_ZERO


@njit(cache=True)
def basis_point(M, mask, rows, cols, G, perm, inv, x, floor):
    """Support, tight columns and point of the vertex (or basis) with this label mask.

    Returns k = |I| (>= 0), or -1 if the mask does not describe one within the tolerance:
    unequal counts, a near-singular system, or a support entry not above `floor` (the pivoting
    search passes +tol, so a zero entry means degeneracy; the bases search passes -tol).
    """
    m, n = M.shape
    one = np.int64(1)
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
        return -1
    for b in range(k):
        for a in range(k):
            G[b, a] = M[rows[a], cols[b]]
    if k > 0 and not invert(G, inv, k, perm, _PIVOT_TOL):
        return -1
    for i in range(m):
        x[i] = 0.0
    for a in range(k):
        s = 0.0
        for b in range(k):
            s += inv[a, b]
        if s <= floor:
            return -1
        x[rows[a]] = s
    return k


@njit(cache=True)
def edge_direction(M, label, cols, k, inv, out):
    """Direction of the edge left when `label` is dropped, on the support rows (``out[a]`` for
    row ``rows[a]``): a dropped row label enters the support at rate 1 while the tight
    columns stay tight; a dropped column label stops being tight while the others stay."""
    m = M.shape[0]
    if label < m:
        for a in range(k):
            s = 0.0
            for b in range(k):
                s -= inv[a, b] * M[label, cols[b]]
            out[a] = s
    else:
        c = label - m
        for b in range(k):
            if cols[b] == c:
                for a in range(k):
                    out[a] = -inv[a, b]
                break


@njit(cache=True)
def enumerate_vertices(M, tol, max_vertices):
    """All vertices of ``{x >= 0, M^T x <= 1}`` (``M > 0``) other than 0, if it is simple.

    Returns ``(masks, status, visited)``: the int64 label masks of the vertices (0 excluded),
    ``OK``, ``DEGENERATE`` (stopped: the polytope is not simple within `tol`) or ``CAPPED``
    (stopped after `max_vertices` vertices), and the number of vertices visited.
    :func:`points` recomputes the coordinates of the vertices wanted.
    """
    m, n = M.shape
    one = np.int64(1)
    start = np.int64(0)
    for i in range(m):
        start |= one << i
    table = np.zeros(1 << 12, dtype=np.int64)
    table[hash_slot(table, start)] = start
    stored = 1
    queue = np.empty(1 << 12, dtype=np.int64)
    queue[0] = start
    tail = 1
    head = 0
    rows = np.empty(m, dtype=np.int64)  # support I
    cols = np.empty(m, dtype=np.int64)  # tight columns J (|J| = |I| when simple)
    G = np.empty((m, m))
    perm = np.empty(m, dtype=np.int64)
    inv = np.empty((m, m))
    x = np.zeros(m)
    dxi = np.empty(m)
    value = np.empty(n)
    free = np.empty(n, dtype=np.int64)  # columns not in J
    status = OK
    while head < tail:
        mask = queue[head]
        head += 1
        k = basis_point(M, mask, rows, cols, G, perm, inv, x, tol)
        if k < 0:
            status = DEGENERATE
            break
        nf = 0
        for j in range(n):
            if (mask >> (m + j)) & one:
                continue
            s = 0.0
            for a in range(k):
                s += M[rows[a], j] * x[rows[a]]
            if s >= 1.0 - tol:  # an extra tight column (or the search left P)
                status = DEGENERATE
                break
            value[j] = s
            free[nf] = j
            nf += 1
        if status != OK:
            break
        if head - 1 >= max_vertices:  # vertex 0 is not counted
            status = CAPPED
            break
        # neighbours: drop one label, walk along the edge to the first facet
        for drop in range(m + n):
            if not (mask >> drop) & one:
                continue
            edge_direction(M, drop, cols, k, inv, dxi)
            best = np.inf
            second = np.inf
            hit = -1
            for a in range(k):
                if dxi[a] < -_PIVOT_TOL:
                    t = x[rows[a]] / -dxi[a]
                    if t < best:
                        second = best
                        best = t
                        hit = rows[a]
                    elif t < second:
                        second = t
            for f in range(nf):
                j = free[f]
                d = M[drop, j] if drop < m else 0.0
                for a in range(k):
                    d += M[rows[a], j] * dxi[a]
                if d > _PIVOT_TOL:
                    t = (1.0 - value[j]) / d
                    if t < best:
                        second = best
                        best = t
                        hit = m + j
                    elif t < second:
                        second = t
            if hit < 0 or second - best <= tol * (1.0 + best):
                # unbounded edge (impossible for M > 0) or a tie: not simple
                status = DEGENERATE
                break
            new = (mask & ~(one << drop)) | (one << hit)
            s_new = hash_slot(table, new)
            if table[s_new] == 0:
                table[s_new] = new
                stored += 1
                if 2 * stored > table.shape[0]:
                    table = hash_grow(table)
                if tail == queue.shape[0]:
                    bigger = np.empty(2 * queue.shape[0], dtype=np.int64)
                    bigger[:tail] = queue[:tail]
                    queue = bigger
                queue[tail] = new
                tail += 1
        if status != OK:
            break
    return queue[1:tail].copy(), status, head - 1


@njit(cache=True)
def points(M, masks, tol):
    """Coordinates of the vertices with these label masks (rows of the result)."""
    m = M.shape[0]
    out = np.zeros((masks.shape[0], m))
    rows = np.empty(m, dtype=np.int64)
    cols = np.empty(m, dtype=np.int64)
    G = np.empty((m, m))
    perm = np.empty(m, dtype=np.int64)
    inv = np.empty((m, m))
    x = np.zeros(m)
    for v in range(masks.shape[0]):
        basis_point(M, masks[v], rows, cols, G, perm, inv, x, tol)
        out[v] = x
    return out


@njit(cache=True)
def partners(MQ, masks_p, m, tol):
    """For each vertex of P (label mask, game numbering), its completely labelled partner in Q.

    ``Q = {y >= 0, MQ^T y <= 1}`` with ``MQ`` of shape (n, m) (the row player's payoffs,
    transposed). The partner of x, with support I and tight columns J, solves
    ``MQ[J, I]^T y_J = 1`` with ``y`` zero off J (von Stengel 2007, Thm 3.4; lrsnash does
    the same). Returns ``(index, ys, status)``: indices of the P-vertices that have a partner
    in Q, the partners' points, and ``OK`` or ``DEGENERATE`` when a system is near-singular or
    a partner has an extra label (a zero probability or an extra tight row) within `tol`.
    """
    n = MQ.shape[0]
    one = np.int64(1)
    rows = np.empty(n, dtype=np.int64)
    cols = np.empty(n, dtype=np.int64)
    G = np.empty((n, n))
    perm = np.empty(n, dtype=np.int64)
    inv = np.empty((n, n))
    y = np.zeros(n)
    found = np.empty(masks_p.shape[0], dtype=np.int64)
    ys = np.empty((masks_p.shape[0], n))
    count = 0
    for v in range(masks_p.shape[0]):
        mask = masks_p[v]
        k = 0
        kc = 0
        for j in range(n):
            if (mask >> (m + j)) & one:
                rows[k] = j  # y's support: the tight columns of x
                k += 1
        for i in range(m):
            if not (mask >> i) & one:
                cols[kc] = i  # rows that must be best responses: x's support
                kc += 1
        if k != kc:
            return found[:count], ys[:count], DEGENERATE
        for b in range(k):
            for a in range(k):
                G[b, a] = MQ[rows[a], cols[b]]
        if not invert(G, inv, k, perm, _PIVOT_TOL):
            return found[:count], ys[:count], DEGENERATE
        feasible = True
        extra = False
        for j in range(n):
            y[j] = 0.0
        for a in range(k):
            s = 0.0
            for b in range(k):
                s += inv[a, b]
            if s < -tol:
                feasible = False
                break
            extra = extra or s <= tol
            y[rows[a]] = s
        if not feasible:
            continue
        for i in range(m):
            if not (mask >> i) & one:
                continue
            s = 0.0
            for a in range(k):
                s += MQ[rows[a], i] * y[rows[a]]
            if s > 1.0 + tol:
                feasible = False
                break
            extra = extra or s >= 1.0 - tol
        if feasible and extra:
            return found[:count], ys[:count], DEGENERATE
        if feasible:
            found[count] = v
            ys[count] = y
            count += 1
    return found[:count], ys[:count], OK
