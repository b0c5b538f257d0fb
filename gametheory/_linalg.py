"""Gaussian elimination for the compiled kernels: one family for real and complex systems.

Every linear system solved inside a numba kernel of the package goes through here: the
polytope vertices of ``enummixed`` (:mod:`gametheory.solvers._kernels.pivot`, ``.bases``,
``.polytope``), the homotopy's Newton and predictor steps (``.homotopy``, complex), the
determinants of ``.pencil``, and the discounted Markov chains of
:mod:`gametheory.repeated.payoffs` and :mod:`gametheory.repeated.space`. The systems are tiny
(a handful to a few dozen unknowns) and solved millions of times inside compiled loops, where
a LAPACK call would cost more than the arithmetic and would allocate. The module sits at the
top of the package, not in ``solvers/_kernels/``, because :mod:`gametheory.repeated` uses it
too and should not load the solvers to do so.

* :func:`factor` -- LU factorisation in place, with partial pivoting (``perm`` an int64
  scratch array) or without (``perm=None``: for matrices diagonally dominant by columns or
  by rows, such as ``I - delta P`` with ``P`` stochastic and ``delta < 1``, where pivoting is
  not needed for stability). Returns the sign of the row permutation, or 0 when a pivot is
  at most ``pivot_tol`` in modulus or not finite: the *singularity flag*.
* :func:`substitute` -- solve with a factored matrix for the columns of ``B`` (overwritten).
* :func:`solve` (one right-hand side), :func:`solve_columns`, :func:`invert`, :func:`det`.

The functions are generic: the same source compiles for float64 and complex128 arrays. Row
swaps touch only the columns not yet eliminated and the multipliers are applied to the
right-hand sides in the order they were computed, so a solve does exactly the arithmetic of
elimination with the right-hand side carried along.

The exact rational counterpart (two-player equilibria in :class:`fractions.Fraction`) is
:func:`gametheory.solvers.enummixed.solve_exact`, pure Python by necessity.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def factor(A, n, perm, pivot_tol):
    """LU factors of ``A[:n, :n]`` in place: U on and above the diagonal, the multipliers below.

    Parameters
    ----------
    A : 2-D float64 or complex128 array
        Overwritten by its factors.
    n : int
        Size of the leading block that is factored.
    perm : 1-D int64 array or None
        Receives the row exchanged with row ``c`` at step ``c`` (partial pivoting); None
        factors without pivoting (diagonally dominant matrices).
    pivot_tol : float
        A pivot of modulus below this (or zero, or not finite) means singular.

    Returns
    -------
    int
        +1 or -1, the sign of the row permutation; 0 if the matrix is (numerically) singular.
    """
    sign = 1
    for c in range(n):
        p = c
        best = abs(A[c, c])
        if perm is not None:
            for r in range(c + 1, n):
                if abs(A[r, c]) > best:
                    best = abs(A[r, c])
                    p = r
            perm[c] = p
        if not (best >= pivot_tol and 0.0 < best < np.inf):
            return 0
        if p != c:
            for q in range(c, n):
                tmp = A[c, q]
                A[c, q] = A[p, q]
                A[p, q] = tmp
            sign = -sign
        inv = 1.0 / A[c, c]
        for r in range(c + 1, n):
            f = A[r, c] * inv
            A[r, c] = f
            if f != 0.0:
                for q in range(c + 1, n):
                    A[r, q] -= f * A[c, q]
    return sign


@njit(cache=True, error_model="numpy")
def substitute(A, perm, n, B, k):
    """Overwrite ``B[:n, :k]`` with the solution of ``A X = B``, ``A`` factored by
    :func:`factor` with the same `perm` (None if it was factored without pivoting)."""
    for c in range(n):
        if perm is not None:
            p = perm[c]
            if p != c:
                for j in range(k):
                    tmp = B[c, j]
                    B[c, j] = B[p, j]
                    B[p, j] = tmp
        for r in range(c + 1, n):
            f = A[r, c]
            if f != 0.0:
                for j in range(k):
                    B[r, j] -= f * B[c, j]
    for r in range(n - 1, -1, -1):
        for j in range(k):
            s = B[r, j]
            for q in range(r + 1, n):
                s -= A[r, q] * B[q, j]
            B[r, j] = s / A[r, r]


@njit(cache=True, error_model="numpy")
def solve_columns(A, B, n, k, perm, pivot_tol):
    """Solve ``A[:n, :n] X = B[:n, :k]`` in place (X overwrites B, A its factors); False if
    singular (B is then left partly eliminated). ``perm=None``: no pivoting."""
    if factor(A, n, perm, pivot_tol) == 0:
        return False
    substitute(A, perm, n, B, k)
    return True


@njit(cache=True, error_model="numpy")
def solve(A, b, perm, pivot_tol):
    """Solve ``A x = b`` for a contiguous vector b in place (x overwrites b, A its factors);
    False if singular. ``perm=None``: no pivoting."""
    n = b.shape[0]
    return solve_columns(A, b.reshape((n, 1)), n, 1, perm, pivot_tol)


@njit(cache=True, error_model="numpy")
def invert(A, inv, n, perm, pivot_tol):
    """``inv[:n, :n] = A[:n, :n]^-1`` (A overwritten by its factors); False if singular."""
    if factor(A, n, perm, pivot_tol) == 0:
        return False
    for r in range(n):
        for c in range(n):
            inv[r, c] = 1.0 if r == c else 0.0
    substitute(A, perm, n, inv, n)
    return True


@njit(cache=True, error_model="numpy")
def det(A):
    """Determinant of a square matrix (overwritten by its factors); 0 if a pivot is exactly 0."""
    n = A.shape[0]
    perm = np.empty(n, np.int64)
    out = 1.0 * factor(A, n, perm, 0.0)  # 0 when singular
    for c in range(n):
        out = out * A[c, c]
    return out
