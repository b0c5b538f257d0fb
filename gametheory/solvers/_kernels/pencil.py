"""Support profiles solved without paths: two mixing players over equally many actions (two
null vectors, :func:`linear_candidates`), and three mixing players with one of them over two
actions (one polynomial in one variable, :func:`pencil_candidates`), described here.

Call the players mixing over ``k_a`` and ``k_b`` actions ``a`` and ``b``, and the one mixing
over two ``c``, with strategy ``z = (1 - s, s)``. For a fixed ``s`` the indifference equations
of ``a`` are linear in ``b``'s strategy ``y``, ``M_a(s) y = 0``, and those of ``b`` linear in
``a``'s strategy ``x``, ``M_b(s) x = 0``, with matrices affine in ``s``; ``c``'s one equation
is ``x' C y = 0``. So the system reduces to one polynomial in ``s``:

* ``k_a = k_b = k``: ``x`` and ``y`` are the null vectors of the ``(k-1) x k`` matrices, given
  by their signed maximal minors, of degree ``k - 1`` in ``s``, and ``f(s) = x(s)' C y(s)``
  has degree ``2k - 2`` (4 for a 2x3x3 support, 6 for 2x4x4: the multihomogeneous Bezout
  numbers of these systems);
* ``k_b = k_a + 1``: ``M_b(s)`` is square and ``x`` exists only where ``det M_b(s) = 0``
  (degree ``k_a``); ``y`` is then fixed by ``M_a(s) y = 0`` and ``x' C y = 0`` together
  (and the same with the roles of ``a`` and ``b`` swapped).

Every solution with ``z`` a probability vector has ``s`` a real root in ``[0, 1]``: where the
null vectors are unique they are the minors, and where a matrix loses rank its minors vanish,
so ``f(s) = 0`` there too. The polynomial is interpolated at Chebyshev points (exact, its
degree is known), its roots are the eigenvalues of the colleague matrix (Good 1961; what
:func:`numpy.polynomial.chebyshev.chebroots` does), and real roots are polished by Newton's
method. Instead of a homotopy's four to six paths this costs one small eigenproblem, all in
one compiled kernel.

Whenever the reduction is not clean -- the polynomial vanishes identically, a root is double,
or a null space at a root has more than one dimension -- :func:`pencil_candidates` returns
``None`` and the caller solves the support profile by the homotopy, which reports such
singular systems.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..._linalg import det
from ...tolerance import (
    NULL_VECTOR_SUM_TOL,
    PENCIL_INTERVAL,
    PENCIL_RANK_TOL,
    PENCIL_REAL_ROOT,
    PENCIL_SIMPLE_ROOT,
    PENCIL_ZERO_COEF,
)

_RANK_TOL = (
    PENCIL_RANK_TOL  # smallest singular value, relative to the largest, of a full-rank matrix
)
_ZERO_POLY = PENCIL_ZERO_COEF  # coefficients this small relative to their bound vanish
_SIMPLE_ROOT = PENCIL_SIMPLE_ROOT  # |f'(s)| relative to the coefficients' size at a simple root
_REAL_ROOT = PENCIL_REAL_ROOT  # largest imaginary part of a root taken as real
_INTERVAL = PENCIL_INTERVAL  # how far outside [0, 1] (in s) a root may lie; it is clipped back
NOT_CLEAN = -1
"""Returned by the kernel when the homotopy must decide."""


def linear_candidates(
    flat: np.ndarray, dims: np.ndarray, acts: np.ndarray, active: list[int]
) -> list[dict[int, np.ndarray]] | None:
    """Two mixing players over equally many actions (the others play one action each): each
    one's indifference is linear in the other's strategy, ``M_a y = 0`` and ``M_b x = 0``, so
    the one solution is the pair of null vectors, or there is none. ``None`` when the
    reduction does not apply (other sizes: no isolated solution, and the homotopy says so
    with no paths) or a null space has two or more dimensions (a continuum: the homotopy
    reports it)."""
    if len(active) != 2:
        return None
    a, b = active
    counts = (acts >= 0).sum(axis=1).astype(np.int64)
    if counts[a] != counts[b]:
        return None
    k = int(counts[a])
    xs = np.empty((1, k))
    ys = np.empty((1, k))
    n = _linear_kernel(flat, dims, acts, a, b, xs, ys)
    if n == NOT_CLEAN:
        return None
    return [{a: xs[0], b: ys[0]}] if n else []


def pencil_candidates(
    flat: np.ndarray, dims: np.ndarray, acts: np.ndarray, active: list[int]
) -> list[dict[int, np.ndarray]] | None:
    """Strategies of the three mixing players at every solution of the indifference system
    with the mixing-over-two player's strategy in its simplex, or ``None`` if the reduction
    does not apply or is not clean (the caller then uses the homotopy).

    `acts` holds each player's support actions, padded with -1. Candidates are not yet checked
    for signs or regret.
    """
    counts = (acts >= 0).sum(axis=1).astype(np.int64)
    c = int(pencil_player(counts))
    if c < 0:
        return None
    a, b = (i for i in active if i != c)
    ka, kb = int(counts[a]), int(counts[b])
    kmax = max(ka, kb)
    xs = np.empty((2 * kmax, ka))
    ys = np.empty((2 * kmax, kb))
    ss = np.empty(2 * kmax)
    n = _kernel(flat, dims, acts, a, b, c, xs, ys, ss)
    if n == NOT_CLEAN:
        return None
    return [{a: xs[r], b: ys[r], c: np.array([1.0 - ss[r], ss[r]])} for r in range(n)]


@njit(cache=True)
def pencil_player(counts):
    """The player whose two-action mixture is the one variable, or -1 if the reduction does not
    apply: exactly three players mix (support sizes `counts`), one over two actions, and the
    other two over numbers of actions that differ by at most one (otherwise the system has no
    isolated solutions for a generic game, and the homotopy says so with no paths)."""
    mixing = 0
    for i in range(counts.shape[0]):
        if counts[i] > 1:
            mixing += 1
    if mixing != 3:
        return -1
    for c in range(counts.shape[0]):
        if counts[c] != 2:
            continue
        other = np.empty(2, np.int64)
        m = 0
        for i in range(counts.shape[0]):
            if i != c and counts[i] > 1:
                other[m] = counts[i]
                m += 1
        if abs(other[0] - other[1]) <= 1:
            return c
    return -1


@njit(cache=True, nogil=True)
def _kernel(flat, shape, acts, a, b, c, xs, ys, ss):
    """Solutions (x, y, s) written to xs, ys, ss; their number, or NOT_CLEAN."""
    n = shape.shape[0]
    strides = np.ones(n, np.int64)
    for j in range(n - 2, -1, -1):
        strides[j] = strides[j + 1] * shape[j + 1]
    base = 0  # the players who do not mix play their one support action
    for j in range(n):
        if j != a and j != b and j != c:
            base += acts[j, 0] * strides[j]
    ka = xs.shape[1]
    kb = ys.shape[1]
    # A[e]: a's rows (support action r against the first) against b's actions, c at action e;
    # B[e] the same for b against a; C: c's gain from its second action
    A = np.empty((2, ka - 1, kb))
    B = np.empty((2, kb - 1, ka))
    C = np.empty((ka, kb))
    for i in range(ka):
        for j in range(kb):
            at = base + acts[a, i] * strides[a] + acts[b, j] * strides[b]
            for e in range(2):
                pos = at + acts[c, e] * strides[c]
                if i > 0:
                    first = base + acts[a, 0] * strides[a] + acts[b, j] * strides[b]
                    A[e, i - 1, j] = flat[a, pos] - flat[a, first + acts[c, e] * strides[c]]
                if j > 0:
                    first = base + acts[a, i] * strides[a] + acts[b, 0] * strides[b]
                    B[e, j - 1, i] = flat[b, pos] - flat[b, first + acts[c, e] * strides[c]]
            C[i, j] = flat[c, at + acts[c, 1] * strides[c]] - flat[c, at + acts[c, 0] * strides[c]]
    if ka == kb:
        degree = 2 * ka - 2
    elif kb == ka + 1:
        degree = ka
    else:
        degree = kb
    nodes = np.cos(np.pi * np.arange(degree + 1) / degree)
    values = np.empty(degree + 1)
    bound = 0.0
    for m in range(degree + 1):
        s = (nodes[m] + 1.0) / 2.0
        Ma = (1.0 - s) * A[0] + s * A[1]
        Mb = (1.0 - s) * B[0] + s * B[1]
        if ka == kb:
            x = _minors(Mb)
            y = _minors(Ma)
            v = 0.0
            for i in range(ka):
                for j in range(kb):
                    v += x[i] * C[i, j] * y[j]
            values[m] = v
            bound = max(bound, np.sqrt(np.sum(C * C)) * _hadamard(Ma) * _hadamard(Mb))
        elif kb == ka + 1:
            values[m] = det(Mb.copy())
            bound = max(bound, _hadamard(Mb))
        else:
            values[m] = det(Ma.copy())
            bound = max(bound, _hadamard(Ma))
    coef = _chebyshev_coefficients(values)
    size = np.max(np.abs(coef))
    if size <= _ZERO_POLY * bound:
        return NOT_CLEAN  # vanishes identically: a continuum, or no unique null vectors
    top = degree
    while top > 0 and abs(coef[top]) <= _ZERO_POLY * size:
        top -= 1
    if top == 0:
        return 0
    roots = np.linalg.eigvals(_colleague(coef[: top + 1]))
    found = 0
    for r in roots:
        if (
            abs(r.imag) > _REAL_ROOT
            or r.real < -1.0 - 2 * _INTERVAL
            or r.real > 1.0 + 2 * _INTERVAL
        ):
            continue
        t = r.real
        for _ in range(3):  # Newton on the interpolated polynomial
            f, d = _series_and_derivative(coef[: top + 1], t)
            if d == 0.0:
                break
            t -= f / d
        f, d = _series_and_derivative(coef[: top + 1], t)
        if abs(d) <= _SIMPLE_ROOT * size:
            return NOT_CLEAN  # a double root: a singular solution
        s = min(max((t + 1.0) / 2.0, 0.0), 1.0)
        Ma = (1.0 - s) * A[0] + s * A[1]
        Mb = (1.0 - s) * B[0] + s * B[1]
        if ka == kb:
            x = _null_vector(Mb)
            y = _null_vector(Ma)
        elif kb == ka + 1:
            x = _null_vector(Mb)
            if x.size == 0:
                return NOT_CLEAN
            y = _null_vector(np.vstack((Ma, (x @ C).reshape(1, kb))))
        else:
            y = _null_vector(Ma)
            if y.size == 0:
                return NOT_CLEAN
            x = _null_vector(np.vstack((Mb, (C @ y).reshape(1, ka))))
        if x.size == 0 or y.size == 0:
            return NOT_CLEAN  # a null space of two or more dimensions
        sx = x.sum()
        sy = y.sum()
        if (
            abs(sx) <= NULL_VECTOR_SUM_TOL * np.abs(x).sum()
            or abs(sy) <= NULL_VECTOR_SUM_TOL * np.abs(y).sum()
        ):
            continue  # no multiple is a probability vector
        xs[found] = x / sx
        ys[found] = y / sy
        ss[found] = s
        found += 1
    return found


@njit(cache=True, nogil=True)
def _linear_kernel(flat, shape, acts, a, b, xs, ys):
    """Null vectors of a's and b's indifference matrices, written to xs[0] and ys[0]: 1 if
    both are probability vectors up to scale, 0 if not, NOT_CLEAN if one is not unique."""
    n = shape.shape[0]
    strides = np.ones(n, np.int64)
    for j in range(n - 2, -1, -1):
        strides[j] = strides[j + 1] * shape[j + 1]
    base = 0
    for j in range(n):
        if j != a and j != b:
            base += acts[j, 0] * strides[j]
    k = xs.shape[1]
    Ma = np.empty((k - 1, k))
    Mb = np.empty((k - 1, k))
    for i in range(k):
        for j in range(k):
            at = base + acts[a, i] * strides[a] + acts[b, j] * strides[b]
            if i > 0:
                first = base + acts[a, 0] * strides[a] + acts[b, j] * strides[b]
                Ma[i - 1, j] = flat[a, at] - flat[a, first]
            if j > 0:
                first = base + acts[a, i] * strides[a] + acts[b, 0] * strides[b]
                Mb[j - 1, i] = flat[b, at] - flat[b, first]
    y = _null_vector(Ma)
    x = _null_vector(Mb)
    if x.size == 0 or y.size == 0:
        return NOT_CLEAN
    sx = x.sum()
    sy = y.sum()
    if (
        abs(sx) <= NULL_VECTOR_SUM_TOL * np.abs(x).sum()
        or abs(sy) <= NULL_VECTOR_SUM_TOL * np.abs(y).sum()
    ):
        return 0
    xs[0] = x / sx
    ys[0] = y / sy
    return 1


@njit(cache=True)
def _minors(M):
    """Signed maximal minors of a (k-1) x k matrix: a vector spanning its null space when it
    has full rank, zero otherwise."""
    k = M.shape[1]
    out = np.empty(k)
    if k == 1:
        out[0] = 1.0
        return out
    sub = np.empty((k - 1, k - 1))
    for j in range(k):
        for r in range(k - 1):
            q = 0
            for col in range(k):
                if col != j:
                    sub[r, q] = M[r, col]
                    q += 1
        out[j] = (-1.0) ** j * det(sub)
    return out


@njit(cache=True)
def _hadamard(M):
    """Hadamard's bound on M's maximal minors: the product of its row norms."""
    out = 1.0
    for r in range(M.shape[0]):
        out *= np.sqrt(np.sum(M[r] * M[r]))
    return out


@njit(cache=True)
def _chebyshev_coefficients(values):
    """Chebyshev coefficients of the polynomial of degree n = len(values) - 1 through the points
    (cos(pi j / n), values[j]) (a discrete cosine transform)."""
    n = values.shape[0] - 1
    coef = np.zeros(n + 1)
    for k in range(n + 1):
        total = 0.0
        for j in range(n + 1):
            w = 0.5 if j == 0 or j == n else 1.0
            total += w * values[j] * np.cos(np.pi * j * k / n)
        coef[k] = 2.0 * total / n
    coef[0] /= 2.0
    coef[n] /= 2.0
    return coef


@njit(cache=True)
def _colleague(coef):
    """Colleague matrix of a Chebyshev series (leading coefficient nonzero): its eigenvalues
    are the series' roots."""
    n = coef.shape[0] - 1
    M = np.zeros((n, n), np.complex128)
    if n == 1:
        M[0, 0] = -coef[0] / coef[1]
        return M
    M[0, 1] = 1.0
    for r in range(1, n - 1):
        M[r, r - 1] = 0.5
        M[r, r + 1] = 0.5
    M[n - 1, n - 2] = 0.5
    # T_1 = x T_0 and x T_k = (T_{k-1} + T_{k+1}) / 2 give the rows; the last row uses the series
    for q in range(n):
        M[n - 1, q] -= coef[q] / (2.0 * coef[n])
    return M


@njit(cache=True)
def _series_and_derivative(coef, x):
    """The Chebyshev series and its derivative at x."""
    n = coef.shape[0]
    # T_k(x) and T_k'(x) by the recurrences; degrees here are at most a dozen
    t0, t1 = 1.0, x
    d0, d1 = 0.0, 1.0
    f = coef[0]
    d = 0.0
    if n > 1:
        f += coef[1] * t1
        d += coef[1] * d1
    for k in range(2, n):
        t2 = 2.0 * x * t1 - t0
        d2 = 2.0 * t1 + 2.0 * x * d1 - d0
        f += coef[k] * t2
        d += coef[k] * d2
        t0, t1 = t1, t2
        d0, d1 = d1, d2
    return f, d


@njit(cache=True)
def _null_vector(M):
    """A unit vector spanning the null space of M (r x (r+1), or square and singular), or an
    empty array when that null space has more than one dimension."""
    _, sv, vt = np.linalg.svd(M)
    need = M.shape[1] - 1  # the rank that leaves a one-dimensional null space
    if need > 0 and (sv.shape[0] < need or sv[need - 1] <= _RANK_TOL * sv[0]):
        return np.empty(0)
    return vt[M.shape[1] - 1].copy()
