"""Stationary distributions of nearly reducible chains (GTH) against exact rational arithmetic.

With noise 1e-12 a linear solve of (I - M^T + 1 1^T) pi = 1 has condition number about 1e12 and
lost up to 7x in small shares (GRIM against itself) and 2e-5 absolutely (WSLS against GRIM);
the Grassmann-Taksar-Heyman elimination keeps every share to a few rounding errors relative to
its own size. The exact answers are computed here with fractions.Fraction.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from gametheory.errors import GameError
from gametheory.games import prisoners_dilemma
from gametheory.repeated import expected_payoffs, memory_one, outcome_distribution
from gametheory.repeated.chain import stationary
from gametheory.repeated.meta import rare_mutation_shares

RULES = {"TFT": [0, 1, 0, 1], "WSLS": [0, 1, 1, 0], "GRIM": [0, 1, 1, 1], "ALLD": [1] * 4}
RULES["ALLC"] = [0] * 4


def _exact_stationary(P: list[list[F]]) -> list[F]:
    """pi P = pi, sum pi = 1, by Gauss-Jordan elimination over the rationals."""
    n = len(P)
    A = [[P[j][i] - (1 if i == j else 0) for j in range(n)] for i in range(n)]
    A[-1] = [F(1)] * n
    b = [F(0)] * (n - 1) + [F(1)]
    for c in range(n):
        piv = next(r for r in range(c, n) if A[r][c] != 0)
        A[c], A[piv], b[c], b[piv] = A[piv], A[c], b[piv], b[c]
        for r in range(n):
            if r != c and A[r][c] != 0:
                f = A[r][c] / A[c][c]
                A[r] = [A[r][k] - f * A[c][k] for k in range(n)]
                b[r] -= f * b[c]
    return [b[i] / A[i][i] for i in range(n)]


def _exact_memory_one(p, q, e: F) -> list[F]:
    """Long-run shares of CC, CD, DC, DD for memory-one rules p, q under trembles e."""
    swap = [0, 2, 1, 3]
    P = []
    for s in range(4):
        x0 = (1 - p[s]) * e + p[s] * (1 - e)  # realised defection of each player
        x1 = (1 - q[swap[s]]) * e + q[swap[s]] * (1 - e)
        P.append(
            [(x0 if a0 else 1 - x0) * (x1 if a1 else 1 - x1) for a0 in (0, 1) for a1 in (0, 1)]
        )
    return _exact_stationary(P)


def _rel_err(exact, got) -> float:
    return max(abs(float(x) - g) / float(x) for x, g in zip(exact, got, strict=True))


@pytest.mark.parametrize("a", list(RULES))
@pytest.mark.parametrize("b", list(RULES))
def test_long_run_shares_at_noise_1e12_match_fractions(a, b):
    e = 1e-12
    exact = _exact_memory_one([F(x) for x in RULES[a]], [F(x) for x in RULES[b]], F(e))
    pair = [memory_one(RULES[a]), memory_one(RULES[b])]
    shares = outcome_distribution(prisoners_dilemma(), pair, 1.0, noise=e).ravel()
    assert _rel_err(exact, shares) < 1e-9
    # the compiled memory-one kernel (long-run payoffs) against the same exact shares
    pd = prisoners_dilemma().at()
    u = [np.asarray(pd.payoffs[i], dtype=float).ravel() for i in range(2)]
    got = expected_payoffs(pd, pair, 1.0, noise=e)
    for i in range(2):
        want = sum(float(x) * u[i][o] for o, x in enumerate(exact))
        assert got[i] == pytest.approx(want, rel=1e-12, abs=1e-15)


def test_stationary_keeps_shares_of_1e30_accurate():
    # a birth-death chain climbing with probability ~1e-10 and falling with ~0.5, plus random
    # tiny jumps: the top states hold shares near 1e-40
    rng = np.random.default_rng(7)
    n = 6
    P = rng.random((n, n)) * 1e-48
    for i in range(n - 1):
        P[i, i + 1] = 1e-10 * (1 + rng.random())
        P[i + 1, i] = 0.5 * (1 + rng.random() / 2)
    np.fill_diagonal(P, 0.0)
    np.fill_diagonal(P, 1.0 - P.sum(axis=1))
    Pf = [[F(float(x)) for x in row] for row in P]
    for i in range(n):  # exactly stochastic (GTH never reads the diagonal)
        Pf[i][i] = 1 - sum(Pf[i][j] for j in range(n) if j != i)
    exact = _exact_stationary(Pf)
    got = stationary("test", P)
    assert min(float(x) for x in exact) < 1e-30  # nearly reducible indeed
    assert _rel_err(exact, got) < 1e-12


def test_reducible_chain_is_refused():
    with pytest.raises(GameError, match="reducible"):
        stationary("test", np.eye(3))


def test_rare_mutation_shares_match_an_exact_stationary_solve():
    from gametheory.repeated.meta import invasion_matrix, meta_game

    game = meta_game(prisoners_dilemma(), [memory_one(r) for r in RULES.values()], 0.9, noise=0.01)
    rho = invasion_matrix(game, 50, 1.0)
    k = rho.shape[0]
    P = [[F(float(rho[i, j])) / (k - 1) if i != j else F(0) for j in range(k)] for i in range(k)]
    for i in range(k):
        P[i][i] = 1 - sum(P[i])
    exact = _exact_stationary(P)
    assert np.nanmin(rho) < 1e-10  # fixation probabilities span many orders of magnitude
    assert _rel_err(exact, rare_mutation_shares(game, 50, 1.0)) < 1e-9
