"""The compiled Gaussian elimination of gametheory._linalg against numpy.linalg (LAPACK).

Seeded random real and complex systems, well conditioned, ill conditioned and singular, with
and without pivoting; the same kernels serve enummixed, enumpoly's homotopy and the repeated
games' chains, whose own tests cover them in place.
"""

from __future__ import annotations

import numpy as np
import pytest

from gametheory._linalg import det, factor, invert, solve, solve_columns

EPS = np.finfo(float).eps


def _matrix(rng, n, kind):
    A = rng.normal(size=(n, n))
    if kind is complex:
        A = A + 1j * rng.normal(size=(n, n))
    return A


def _rhs(rng, n, k, kind):
    B = rng.normal(size=(n, k))
    return B + 1j * rng.normal(size=(n, k)) if kind is complex else B


def _backward_error(A, X, B):
    """Normwise backward error of X as a solution of A X = B (about eps for a stable solve)."""
    return np.abs(A @ X - B).max() / (np.abs(A).max() * np.abs(X).max() + np.abs(B).max())


@pytest.mark.parametrize("kind", [float, complex])
@pytest.mark.parametrize("n", [1, 2, 5, 12, 30])
def test_solve_matches_numpy_on_random_systems(kind, n):
    rng = np.random.default_rng(n)
    for _ in range(20):
        A = _matrix(rng, n, kind)
        B = _rhs(rng, n, 3, kind)
        want = np.linalg.solve(A, B)
        X = B.copy()
        work = A.copy()
        assert solve_columns(work, X, n, 3, np.empty(n, np.int64), 0.0)
        cond = np.linalg.cond(A)
        assert np.abs(X - want).max() <= 100 * n * EPS * cond * np.abs(want).max()
        assert _backward_error(A, X, B) <= 10 * n * EPS
        x = B[:, 0].copy()
        assert solve(A.copy(), x, np.empty(n, np.int64), 0.0)
        np.testing.assert_array_equal(x, X[:, 0])  # one column or several: the same arithmetic


@pytest.mark.parametrize("kind", [float, complex])
def test_invert_and_det_match_numpy(kind):
    rng = np.random.default_rng(7)
    for n in (1, 3, 6, 10):
        for _ in range(10):
            A = _matrix(rng, n, kind)
            inv = np.empty_like(A)
            assert invert(A.copy(), inv, n, np.empty(n, np.int64), 0.0)
            want = np.linalg.inv(A)
            assert (
                np.abs(inv - want).max() <= 100 * n * EPS * np.linalg.cond(A) * np.abs(want).max()
            )
            d = det(A.copy())
            assert abs(d - np.linalg.det(A)) <= 100 * n * EPS * abs(
                np.linalg.det(A)
            ) * np.linalg.cond(A)


def test_det_sign_follows_the_row_swaps():
    P = np.eye(4)[[1, 0, 3, 2]]  # two swaps: +1
    assert det(P.copy()) == 1.0
    assert det(np.eye(4)[[1, 2, 3, 0]].copy()) == -1.0  # a 4-cycle is odd
    assert det(np.zeros((0, 0))) == 1.0


@pytest.mark.parametrize("kind", [float, complex])
def test_singular_systems_are_flagged(kind):
    rng = np.random.default_rng(3)
    for n in (2, 4, 8):
        perm = np.empty(n, np.int64)
        A = _matrix(rng, n, kind)
        A[-1] = 0.0  # an exactly zero pivot
        b = _rhs(rng, n, 1, kind)[:, 0].copy()
        assert not solve(A.copy(), b, perm, 0.0)
        assert factor(A.copy(), n, perm, 0.0) == 0
        assert det(A.copy()) == 0.0
        A = _matrix(rng, n, kind)
        A[:, 1] = 2.0 * A[:, 0]  # dependent columns: a pivot at the level of rounding
        assert factor(A.copy(), n, perm, 1e-12 * np.abs(A).max()) == 0
        assert not invert(A.copy(), np.empty_like(A), n, perm, 1e-12 * np.abs(A).max())
        A[0, 0] = np.nan  # not finite: flagged, never returned as a solution
        assert not solve(A.copy(), b, perm, 0.0)


def test_pivot_tolerance_decides_near_singular():
    rng = np.random.default_rng(11)
    for n in (3, 6):
        U, _, Vt = np.linalg.svd(rng.normal(size=(n, n)))
        s = np.logspace(0, -8, n)  # condition number 1e8
        A = U @ np.diag(s) @ Vt
        perm = np.empty(n, np.int64)
        # the last pivot is about the smallest singular value: a tolerance above it refuses
        assert factor(A.copy(), n, perm, 1e-4) == 0
        assert factor(A.copy(), n, perm, 1e-14) != 0
        x = np.ones(n)
        assert solve(A.copy(), x, perm, 1e-14)
        assert _backward_error(A, x[:, None], np.ones((n, 1))) <= 100 * n * EPS


@pytest.mark.parametrize("n", [4, 16, 27])
def test_no_pivoting_on_diagonally_dominant_chains(n):
    """I - delta P (P stochastic) as the repeated-game kernels build it: no pivoting needed."""
    rng = np.random.default_rng(n)
    for delta in (0.5, 0.9, 0.999):
        P = rng.random((n, n)) * (rng.random((n, n)) < 0.3)
        P[np.arange(n), rng.integers(0, n, n)] += 1.0
        P /= P.sum(axis=1, keepdims=True)
        A = np.eye(n) - delta * P
        B = rng.normal(size=(n, 4))
        X = B.copy()
        assert solve_columns(A.copy(), X, n, 4, None, 0.0)
        want = np.linalg.solve(A, B)
        assert np.abs(X - want).max() <= 100 * n * EPS * np.linalg.cond(A) * np.abs(want).max()
        x = B[:, 0].copy()
        assert solve(A.T.copy(), x, None, 0.0)  # by columns, as payoffs' kernel builds it
        np.testing.assert_allclose(x, np.linalg.solve(A.T, B[:, 0]), rtol=1e-10, atol=1e-12)


def test_leading_block_of_a_larger_scratch_matrix():
    rng = np.random.default_rng(5)
    A = rng.normal(size=(7, 7))
    B = rng.normal(size=(7, 3))
    k = 4
    X = B.copy()
    assert solve_columns(A.copy(), X, k, 2, np.empty(7, np.int64), 0.0)
    np.testing.assert_allclose(X[:k, :2], np.linalg.solve(A[:k, :k], B[:k, :2]), rtol=1e-10)
    np.testing.assert_array_equal(X[k:], B[k:])  # rows and columns outside are untouched
    np.testing.assert_array_equal(X[:, 2], B[:, 2])
