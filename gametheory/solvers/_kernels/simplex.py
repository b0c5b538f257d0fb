"""The one compiled linear-programming kernel: the maximin mixture of a small zero-sum game.

Linear programmes in the package are solved in one of two ways:

* here, by a dense simplex method in numba, where LPs are solved in bulk inside compiled code or
  per strategy of every ``solve``: the screens of ``enumpoly`` (Ville certificates, one or two LPs
  per support profile, inside the compiled screen, :mod:`.screens`) and the mixed-dominance test
  of :mod:`gametheory.solvers.reductions`. The LPs are tiny (tens of rows), the answer is always
  *checked* by the caller (a certificate is recomputed, a dominating mixture re-tested), so a
  rounding error can cost a missed reduction but never a wrong one;
* everywhere else by scipy's HiGHS (``scipy.optimize.linprog(method="highs")``), e.g. the
  belief ranges of :mod:`gametheory.bayesian.signaling`, where an LP is solved a few times per
  candidate equilibrium and a mature solver's status codes matter more than call overhead.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ...tolerance import SIMPLEX_PIVOT_ZERO, SIMPLEX_RATIO_TIE, SIMPLEX_REDUCED_COST


@njit(cache=True)
def maximin_mix(D):
    """Maximin mixture of the rows of D > 0 (a zero-sum game), by the simplex method.

    Solves ``max sum(w) s.t. D w <= 1, w >= 0`` from the slack basis (feasible since the
    right-hand side is 1); the optimal duals ``u`` give the row player's maximin mixture
    ``u / sum(u)`` and the value ``1 / sum(u)``. Entering columns follow Dantzig's rule (most
    negative reduced cost: a few times fewer pivots than Bland's on the screens' LPs), and
    Bland's rule (which cannot cycle) after ``2 (r + c)`` pivots.
    """
    r, c = D.shape
    T = np.zeros((r + 1, c + r + 1))
    T[:r, :c] = D
    for b in range(r):
        T[b, c + b] = 1.0
        T[b, c + r] = 1.0
    for j in range(c):
        T[r, j] = -1.0
    basis = np.empty(r, dtype=np.int64)
    for b in range(r):
        basis[b] = c + b
    for it in range(50 * (r + c) + 100):
        enter = -1
        most = -SIMPLEX_REDUCED_COST
        for j in range(c + r):
            if T[r, j] < most:
                enter = j
                if it >= 2 * (r + c):
                    break  # Bland: the first improving column
                most = T[r, j]
        if enter < 0:
            break
        leave = -1
        best = np.inf
        for b in range(r):
            if T[b, enter] > SIMPLEX_PIVOT_ZERO:
                t = T[b, c + r] / T[b, enter]
                if t < best - SIMPLEX_RATIO_TIE or (
                    abs(t - best) <= SIMPLEX_RATIO_TIE and basis[b] < basis[leave]
                ):
                    best = t
                    leave = b
        if leave < 0:  # unbounded: impossible for D > 0
            return np.zeros(r), False
        piv = T[leave, enter]
        for q in range(c + r + 1):
            T[leave, q] /= piv
        for b in range(r + 1):
            if b != leave:
                f = T[b, enter]
                if f != 0.0:
                    for q in range(c + r + 1):
                        T[b, q] -= f * T[leave, q]
        basis[leave] = enter
    else:
        return np.zeros(r), False
    u = np.empty(r)
    for b in range(r):
        u[b] = max(T[r, c + b], 0.0)
    total = u.sum()
    if total <= 0.0:
        return u, False
    return u / total, True
