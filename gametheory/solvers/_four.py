"""Four players mixing over two actions each, solved without homotopy paths.

Write ``p_i`` for the probability player ``i`` (of the four mixing ones, in player order) puts
on its second support action. Player ``i``'s indifference ``D_i`` is multilinear in the other
three ``p``'s; in particular ``D_0 = A_0 + B_0 p_1`` and ``D_1 = A_1 + B_1 p_0`` with ``A``, ``B``
bilinear in ``(p_2, p_3)``. So ``p_1 = -A_0 / B_0`` and ``p_0 = -A_1 / B_1``, and ``D_2 = D_3 =
0`` multiplied by ``B_0 B_1`` become two polynomials in ``p_2`` (degrees 2 and 3) whose
coefficients depend on ``s = p_3``; they have a common root exactly where their Sylvester
resultant ``R(s)`` (degree at most 13) vanishes. ``R`` is interpolated at Chebyshev points
and its roots are the eigenvalues of the colleague matrix (as in :mod:`._pencil`); for each
real root in ``[0, 1]`` the roots ``p_2`` of the quadratic give ``p_1`` and ``p_0``, and
Newton's method on the four indifference equations polishes each candidate.

``R`` also vanishes where ``A_0 = B_0 = 0`` or ``A_1 = B_1 = 0`` (four such points for a
generic game; McKelvey and McLennan's bound for this system is 9 = 13 - 4); they are no
solution unless the game is degenerate. Whenever the reduction is not clean -- ``R`` vanishes
identically, a candidate near the simplex has ``B_0`` or ``B_1`` near zero, or a solution has
a singular Jacobian -- :func:`four_candidates` returns ``None`` and the caller uses the
homotopy, which reports singular systems. Nine paths become one 13 x 13 eigenproblem.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .._linalg import det as _det
from ..tolerance import (
    FOUR_BOX,
    FOUR_DISTINCT,
    FOUR_EDGE,
    FOUR_NEWTON_CONVERGED,
    FOUR_PARALLEL,
    FOUR_REAL_ROOT,
    FOUR_SAME_SOLUTION,
    FOUR_THIN,
    FOUR_ZERO_COEF,
)
from ._kernels.pencil import _chebyshev_coefficients, _colleague, _series_and_derivative

NOT_CLEAN = -1
_DEGREE = 13  # of the resultant in s
_ZERO_POLY = FOUR_ZERO_COEF  # coefficients this small relative to their bound vanish
_REAL_ROOT = FOUR_REAL_ROOT  # imaginary part (in s, or in p_2) still polished as a real root
_BOX = FOUR_BOX  # how far outside [0, 1] a probability may be before it is no candidate
_THIN = FOUR_THIN  # |B| at most this times the coefficients' size: p_0 or p_1 undetermined
_PARALLEL = FOUR_PARALLEL  # sine of the angle between two coefficient slices counted as parallel
_DISTINCT = FOUR_DISTINCT  # roots of R closer than this (relative) count as one multiple root
_EDGE = FOUR_EDGE  # a probability this close to 0 or 1 puts a solution on the boundary
_CONVERGED = FOUR_NEWTON_CONVERGED  # Newton step size that counts as converged
_SINGULAR = 1e10  # Jacobian condition number of a singular solution


def four_candidates(flat, dims, acts, active) -> list[dict[int, np.ndarray]] | None:
    """The mixing players' strategies at every solution of the indifference system with all
    four probabilities in [0, 1] (up to rounding), or ``None`` if the reduction is not clean.
    `acts` holds each player's support actions, padded with -1; `active` the four mixing
    players, each over two actions."""
    out = np.empty((_DEGREE * 2, 4))
    n = _kernel(flat, dims, acts, np.array(active, np.int64), out)
    if n == NOT_CLEAN:
        return None
    return [
        {i: np.array([1.0 - out[r, g], out[r, g]]) for g, i in enumerate(active)} for r in range(n)
    ]


@njit(cache=True)
def _monomials(flat, shape, acts, active):
    """M[i, mask]: coefficient of prod_{j in mask} p_j in D_i (mask over the four mixing
    players, never containing i)."""
    n = shape.shape[0]
    strides = np.ones(n, np.int64)
    for j in range(n - 2, -1, -1):
        strides[j] = strides[j + 1] * shape[j + 1]
    base = 0  # the players who do not mix play their one support action
    for j in range(n):
        mixing = False
        for g in range(4):
            if active[g] == j:
                mixing = True
        if not mixing:
            base += acts[j, 0] * strides[j]
    M = np.zeros((4, 16))
    for i in range(4):
        me = active[i]
        T = np.zeros(16)  # gain from the second action at the pure profile `mask`
        for mask in range(16):
            if mask & (1 << i):
                continue
            pos = base
            for g in range(4):
                if g != i:
                    pos += acts[active[g], (mask >> g) & 1] * strides[active[g]]
            T[mask] = (
                flat[me, pos + acts[me, 1] * strides[me]]
                - flat[me, pos + acts[me, 0] * strides[me]]
            )
        # Moebius transform: (1 - p, p) weights to the monomial basis (1, p)
        for mask in range(16):
            if mask & (1 << i):
                continue
            total = 0.0
            sub = mask
            while True:
                bits = 0
                rest = mask & ~sub
                while rest:
                    bits += rest & 1
                    rest >>= 1
                total += T[sub] if bits % 2 == 0 else -T[sub]
                if sub == 0:
                    break
                sub = (sub - 1) & mask
            M[i, mask] = total
    return M


@njit(cache=True)
def _mul(a, b):
    out = np.zeros(a.shape[0] + b.shape[0] - 1)
    for i in range(a.shape[0]):
        for j in range(b.shape[0]):
            out[i + j] += a[i] * b[j]
    return out


@njit(cache=True)
def _add(a, b):
    out = np.zeros(max(a.shape[0], b.shape[0]))
    out[: a.shape[0]] += a
    out[: b.shape[0]] += b
    return out


@njit(cache=True)
def _in_p2(M, i, fixed, s):
    """D_i's coefficients as a polynomial in p_2 (degree <= 1) for each setting of the bits
    in `fixed` (a mask over players 0 and 1), with p_3 = s: shape (4, 2), row = that mask."""
    out = np.zeros((4, 2))
    for f in range(4):
        if f & ~fixed:
            continue
        for two in range(2):
            mask = f | (two << 2)
            if mask & (1 << i):
                continue
            value = M[i, mask]
            if not (mask & 8) and not (1 << i) & 8:
                value += M[i, mask | 8] * s
            out[f, two] = value
    return out


@njit(cache=True)
def _reduced(M, s):
    """(A0, B0, A1, B1, F2, F3) at p_3 = s, each a polynomial in p_2 (ascending)."""
    D0 = _in_p2(M, 0, 2, s)  # D_0 = A0 + B0 p_1
    D1 = _in_p2(M, 1, 1, s)  # D_1 = A1 + B1 p_0
    A0, B0 = D0[0], D0[2]
    A1, B1 = D1[0], D1[1]
    D2 = _in_p2(M, 2, 3, s)  # rows: 1, p_0, p_1, p_0 p_1 (D_2 has no p_2: degree 0 there)
    B0B1 = _mul(B0, B1)
    A1B0 = _mul(A1, B0)
    A0B1 = _mul(A0, B1)
    A0A1 = _mul(A0, A1)
    F2 = D2[0, 0] * B0B1 - D2[1, 0] * A1B0 - D2[2, 0] * A0B1 + D2[3, 0] * A0A1
    # D_3 has no p_3: its coefficients in p_2 for each setting of p_0, p_1
    D3 = _in_p2(M, 3, 3, 0.0)
    F3 = _add(
        _add(_mul(D3[0], B0B1), -_mul(D3[1], A1B0)),
        _add(-_mul(D3[2], A0B1), _mul(D3[3], A0A1)),
    )
    return A0, B0, A1, B1, F2, F3


@njit(cache=True)
def _sylvester(f, g):
    """The Sylvester matrix of f (degree 2) and g (degree 3), coefficients ascending."""
    S = np.zeros((5, 5))
    for r in range(3):
        for k in range(3):
            S[r, r + k] = f[2 - k]
    for r in range(2):
        for k in range(4):
            S[3 + r, r + k] = g[3 - k]
    return S


@njit(cache=True)
def _residual(M, p, D, J):
    """The four indifferences at p, and their Jacobian."""
    for i in range(4):
        D[i] = 0.0
        for j in range(4):
            J[i, j] = 0.0
        for mask in range(16):
            c = M[i, mask]
            if c == 0.0:
                continue
            term = c
            for j in range(4):
                if mask & (1 << j):
                    term *= p[j]
            D[i] += term
            for j in range(4):
                if mask & (1 << j):
                    d = c
                    for q in range(4):
                        if q != j and mask & (1 << q):
                            d *= p[q]
                    J[i, j] += d


@njit(cache=True)
def _polish(M, p):
    """Newton's method on the four indifferences from p (overwritten); the Jacobian's
    condition number at the end, or inf if it did not converge."""
    D = np.empty(4)
    J = np.empty((4, 4))
    for _ in range(12):
        _residual(M, p, D, J)
        sv = np.linalg.svd(J)[1]
        if sv[3] <= 0.0:
            return np.inf
        step = np.linalg.solve(J, D)
        p -= step
        if np.max(np.abs(step)) <= _CONVERGED:
            _residual(M, p, D, J)
            sv = np.linalg.svd(J)[1]
            return sv[0] / sv[3] if sv[3] > 0.0 else np.inf
    return np.inf


@njit(cache=True)
def _eval(poly, x):
    out = 0.0
    for k in range(poly.shape[0] - 1, -1, -1):
        out = out * x + poly[k]
    return out


@njit(cache=True)
def _factors(M, size):
    """Does some indifference D_i factor, ``(a + b p_j) G``, or not depend on some p_j? Then
    its zero set holds a whole plane ``p_j = -a / b`` (a continuum, or solutions the
    elimination cannot see: ``A = B = 0`` along a line), as in many games with ties."""
    for i in range(4):
        for j in range(4):
            if j == i:
                continue
            bit = 1 << j
            c00 = c11 = c01 = 0.0
            for mask in range(16):
                if mask & bit or mask & (1 << i):
                    continue
                x = M[i, mask]
                y = M[i, mask | bit]
                c00 += x * x
                c11 += y * y
                c01 += x * y
            # the slices without and with p_j are (nearly) parallel, or one is (nearly) zero
            tiny = (_PARALLEL * size) ** 2
            if c00 <= tiny or c11 <= tiny or c00 * c11 - c01 * c01 <= _PARALLEL**2 * c00 * c11:
                return True
    return False


@njit(cache=True)
def _free_solution(M, A0, B0, A1, B1, p2, s, size):
    """At a point (p_2, s) where B_0 or B_1 (nearly) vanishes: could some p_0, p_1 in [0, 1]
    solve D_2 = D_3 = 0 there (D_0 or D_1 then holds whatever the free one is)?"""
    b0 = abs(_eval(B0, p2)) <= _THIN * size
    b1 = abs(_eval(B1, p2)) <= _THIN * size
    if b0 and b1:
        return True
    p = np.empty(4)
    p[2] = p2
    p[3] = s
    D = np.empty(4)
    J = np.empty((4, 4))
    free = 1 if b0 else 0  # p_1 is free when B_0 vanishes, p_0 when B_1 does
    if b0:
        p[0] = -_eval(A1, p2) / _eval(B1, p2)
    else:
        p[1] = -_eval(A0, p2) / _eval(B0, p2)
    if p[1 - free] < -_BOX or p[1 - free] > 1.0 + _BOX:
        return False
    # D_2 and D_3 are linear in the free probability: check its roots and the ends
    p[free] = 0.0
    _residual(M, p, D, J)
    at0 = D.copy()
    p[free] = 1.0
    _residual(M, p, D, J)
    tries = np.array([0.0, 1.0, 0.0, 0.0])
    count = 2
    for i in (2, 3):
        slope = D[i] - at0[i]
        if slope != 0.0:
            tries[count] = min(max(-at0[i] / slope, 0.0), 1.0)
            count += 1
    for k in range(count):
        x = tries[k]
        worst = 0.0
        for i in (2, 3):
            worst = max(worst, abs(at0[i] + x * (D[i] - at0[i])))
        if worst <= _THIN * size:
            return True
    return False


@njit(cache=True, nogil=True)
def _kernel(flat, shape, acts, active, out):
    M = _monomials(flat, shape, acts, active)
    size = np.max(np.abs(M))
    if size == 0.0 or _factors(M, size):
        return NOT_CLEAN
    nodes = np.cos(np.pi * np.arange(_DEGREE + 1) / _DEGREE)
    values = np.empty(_DEGREE + 1)
    bound = 0.0
    for m in range(_DEGREE + 1):
        s = (nodes[m] + 1.0) / 2.0
        F2, F3 = _reduced(M, s)[4:]
        S = _sylvester(F2, F3)
        hadamard = 1.0
        for r in range(5):
            hadamard *= np.sqrt(np.sum(S[r] * S[r]))
        bound = max(bound, hadamard)
        values[m] = _det(S)
    coef = _chebyshev_coefficients(values)
    top_size = np.max(np.abs(coef))
    if top_size <= _ZERO_POLY * bound:
        return NOT_CLEAN  # the resultant vanishes identically
    top = _DEGREE
    while top > 0 and abs(coef[top]) <= _ZERO_POLY * top_size:
        top -= 1
    if top < _DEGREE:
        return NOT_CLEAN  # a root at infinity in s: not the generic system
    roots = np.linalg.eigvals(_colleague(coef[: top + 1]))
    # a multiple root of R: two solutions (or spurious points) meet, as on a continuum or at
    # a multiple solution; the homotopy reports those
    for a in range(roots.shape[0]):
        for b in range(a):
            if abs(roots[a] - roots[b]) <= _DISTINCT * (1.0 + abs(roots[a])):
                return NOT_CLEAN
    found = 0
    p = np.empty(4)
    for r in roots:
        if abs(r.imag) > _REAL_ROOT or r.real < -1.0 - _BOX or r.real > 1.0 + _BOX:
            continue
        t = r.real
        for _ in range(3):  # Newton on the interpolated resultant
            f, d = _series_and_derivative(coef[: top + 1], t)
            if d == 0.0:
                break
            t -= f / d
        s = (t + 1.0) / 2.0
        A0, B0, A1, B1, F2, F3 = _reduced(M, s)
        # the roots of the quadratic F2 in p_2
        c0, c1, c2 = F2[0], F2[1], F2[2]
        scale2 = max(abs(c0), max(abs(c1), abs(c2)))
        if scale2 == 0.0:
            return NOT_CLEAN
        cands = np.empty(2)
        nc = 0
        if abs(c2) <= _ZERO_POLY * scale2:
            if abs(c1) > _ZERO_POLY * scale2:
                cands[0] = -c0 / c1
                nc = 1
        else:
            disc = c1 * c1 - 4.0 * c2 * c0
            if disc < 0.0:
                if -disc > (2.0 * _REAL_ROOT * abs(c2)) ** 2:
                    continue
                disc = 0.0
            q = -0.5 * (c1 + (np.sqrt(disc) if c1 >= 0 else -np.sqrt(disc)))
            cands[0] = q / c2
            nc = 1
            if q != 0.0:
                cands[1] = c0 / q
                nc = 2
        for k in range(nc):
            p2 = cands[k]
            if p2 < -_REAL_ROOT or p2 > 1.0 + _REAL_ROOT:
                continue
            b0 = _eval(B0, p2)
            b1 = _eval(B1, p2)
            if abs(b0) <= _THIN * size or abs(b1) <= _THIN * size:
                # p_0 or p_1 undetermined: a point where R vanishes with no solution, unless
                # D_2 = D_3 = 0 for some value of the free one (the homotopy then decides)
                if _free_solution(M, A0, B0, A1, B1, p2, s, size):
                    return NOT_CLEAN
                continue
            p[0] = -_eval(A1, p2) / b1
            p[1] = -_eval(A0, p2) / b0
            p[2] = p2
            p[3] = s
            cond = _polish(M, p)
            if not np.isfinite(cond):
                continue
            inside = True
            for g in range(4):
                if p[g] < -_BOX or p[g] > 1.0 + _BOX:
                    inside = False
            if not inside:
                continue
            if cond > _SINGULAR:
                return NOT_CLEAN  # a singular solution: the homotopy reports it
            for g in range(4):
                if min(abs(p[g]), abs(1.0 - p[g])) <= _EDGE:
                    # on the boundary, as in games with ties, where this system's other
                    # solutions can be singular: the homotopy decides
                    return NOT_CLEAN
            seen = False
            for q in range(found):
                if np.max(np.abs(out[q] - p)) <= FOUR_SAME_SOLUTION:
                    seen = True
            if not seen and found < out.shape[0]:
                out[found] = p
                found += 1
    return found
