"""Multihomogeneous homotopy continuation for one support profile's indifference equations.

The unknowns are homogeneous coordinates ``w_g`` of each *active* player's mixed strategy on its
support (one group of variables per player who mixes), fixed on a random complex affine chart
``c_g . w_g = 1``. Player ``i``'s indifference equations are multilinear: degree one in every
other group and zero in its own. The start system replaces each equation by a product of random
linear forms, one per other group (a linear-product start system); its solutions come from
assigning every equation to one of its groups so that group ``g`` receives ``k_g - 1`` equations,
and solving one linear system per group. Their number is the multihomogeneous Bezout number
(McKelvey and McLennan 1997 count the same assignments: 2 for 2x2x2, 10 for 3x3x3, 56 for 4x4x4).

The homotopy ``H(w, t) = (1 - t) F(w) + t * gamma * G(w)`` with a random complex ``gamma``
(the "gamma trick") reaches every isolated solution of ``F`` from some start solution, with
probability one (Morgan and Sommese 1987, "A homotopy for solving general polynomial systems
that respects m-homogeneous structures", Appl. Math. Comput. 24: 101-113; Sommese and Wampler
2005, *The Numerical Solution of Systems of Polynomials*, Thm. 8.4.1). The chart makes every
path bounded. Paths are followed by an RK4 predictor and a Newton corrector with step control,
all in one numba kernel.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..._linalg import solve, solve_columns
from ...tolerance import HOMOTOPY_MIN_STEP, HOMOTOPY_NEWTON_CONVERGED

# path status codes returned by the kernel
REACHED = 0  # tracked to t = 0
STALLED = 1  # step size underflow or step cap before t = 0 (singular endpoint or hard path)


@njit(cache=True, error_model="numpy")
def _evaluate(w, t, gamma, coef, eq_of, mvars, lin, own, chart, goff, n_eq, H, J, Ht, forms):
    """Write H(w, t), dH/dw and dH/dt (multilinear rows, then chart rows) into H, J, Ht."""
    N = w.shape[0]
    depth = mvars.shape[1]
    # target system F into H (value) and J (Jacobian); blended with the start system below
    for e in range(n_eq):
        H[e] = 0.0
        for v in range(N):
            J[e, v] = 0.0
    for m in range(coef.shape[0]):
        e = eq_of[m]
        value = coef[m]
        for p in range(depth):
            value = value * w[mvars[m, p]]
        H[e] += value
        for p in range(depth):
            d = coef[m]
            for q in range(depth):
                if q != p:
                    d = d * w[mvars[m, q]]
            J[e, mvars[m, p]] += d
    n_groups = lin.shape[1]
    for e in range(n_eq):
        Gv = 1.0 + 0.0j
        for g in range(n_groups):
            if g != own[e]:
                s = 0.0 + 0.0j
                for v in range(goff[g], goff[g + 1]):  # a form on group g only
                    s += lin[e, g, v] * w[v]
                forms[g] = s
                Gv *= s
        F = H[e]
        H[e] = (1.0 - t) * F + t * gamma * Gv
        Ht[e] = -F + gamma * Gv
        for v in range(N):
            J[e, v] *= 1.0 - t
        for g in range(n_groups):
            if g == own[e]:
                continue
            d = t * gamma
            for h in range(n_groups):
                if h != own[e] and h != g:
                    d *= forms[h]
            for v in range(goff[g], goff[g + 1]):
                J[e, v] += d * lin[e, g, v]
    for g in range(chart.shape[0]):
        row = n_eq + g
        s = -1.0 + 0.0j
        for v in range(N):
            J[row, v] = 0.0
        for v in range(goff[g], goff[g + 1]):
            s += chart[g, v] * w[v]
            J[row, v] = chart[g, v]
        H[row] = s
        Ht[row] = 0.0


@njit(cache=True, error_model="numpy")
def _norm(v):
    return np.sqrt(np.sum(np.abs(v) ** 2))


@njit(cache=True, error_model="numpy")
def _velocity(
    w, t, gamma, coef, eq_of, mvars, lin, own, chart, goff, n_eq, H, J, Ht, forms, perm, out
):
    """dw/dt = -J^-1 dH/dt into out; False where J is singular."""
    _evaluate(w, t, gamma, coef, eq_of, mvars, lin, own, chart, goff, n_eq, H, J, Ht, forms)
    for k in range(Ht.shape[0]):
        Ht[k] = -Ht[k]
    if not solve(J, Ht, perm, 0.0):
        return False
    out[:] = Ht
    return True


@njit(cache=True, error_model="numpy", nogil=True)
def track(starts, gamma, coef, eq_of, mvars, lin, own, chart, goff, n_eq, max_steps, ctl):
    """Follow every start solution from t = 1 to t = 0.

    Returns the endpoints, a status code per path and the condition number of the target
    system's Jacobian at each endpoint (after a few Newton iterations at t = 0).
    """
    P, N = starts.shape
    ends = starts.copy()
    status = np.zeros(P, np.int64)
    cond = np.zeros(P)
    H = np.empty(N, np.complex128)
    Ht = np.empty(N, np.complex128)
    J = np.empty((N, N), np.complex128)
    forms = np.empty(lin.shape[1], np.complex128)
    perm = np.empty(N, np.int64)
    rhs = np.empty((N, 2), np.complex128)  # the Newton step and the velocity, one elimination
    k2 = np.empty(N, np.complex128)
    k3 = np.empty(N, np.complex128)
    k4 = np.empty(N, np.complex128)
    dx = np.empty(N, np.complex128)
    a = (coef, eq_of, mvars, lin, own, chart, goff, n_eq, H, J, Ht, forms)
    v = np.empty(N, np.complex128)
    vnew = np.empty(N, np.complex128)
    for p in range(P):
        w = starts[p].copy()
        t = 1.0
        h = ctl[0]
        good = 0
        steps = 0
        st = REACHED
        # the velocity at the current point: from the last corrector iteration after a step
        if not _velocity(w, t, gamma, *a, perm, v):
            st = STALLED
            t = 0.0
        while t > 0.0:
            steps += 1
            if steps > max_steps or h < HOMOTOPY_MIN_STEP:
                st = STALLED
                break
            dt = min(h, t)
            t1 = t - dt
            # RK4 predictor along dw/dt = -J^-1 dH/dt; a singular J means the step went too far
            ok = _velocity(w - 0.5 * dt * v, t - 0.5 * dt, gamma, *a, perm, k2)
            if ok:
                ok = _velocity(w - 0.5 * dt * k2, t - 0.5 * dt, gamma, *a, perm, k3)
            if ok:
                ok = _velocity(w - dt * k3, t1, gamma, *a, perm, k4)
            if ok:
                x = w - dt / 6.0 * (v + 2.0 * k2 + 2.0 * k3 + k4)
                scale = 1.0 + _norm(x)
                # Newton corrector: at most three iterations and a small first correction, so
                # a path cannot be pulled onto a neighbouring one; the same elimination gives
                # the velocity for the next step
                ok = False
                for it in range(3):
                    _evaluate(x, t1, gamma, *a)
                    for k in range(N):
                        Ht[k] = -Ht[k]
                    rhs[:, 0] = H
                    rhs[:, 1] = Ht
                    if not solve_columns(J, rhs, N, 2, perm, 0.0):
                        break
                    dx[:] = rhs[:, 0]
                    vnew[:] = rhs[:, 1]
                    x = x - dx
                    size = _norm(dx)
                    if it == 0 and size > ctl[2] * scale:
                        break
                    if size <= ctl[3] * scale:
                        ok = True
                        break
            if ok:
                w = x
                t = t1
                v[:] = vnew
                good += 1
                if good >= 2:
                    h = min(2.0 * h, ctl[1])
                    good = 0
            else:
                h *= 0.5
                good = 0
        # polish at t = 0 (a singular endpoint converges slowly, which the condition shows)
        for _ in range(4):
            _evaluate(w, 0.0, gamma, *a)
            if not solve(J, H, perm, 0.0):
                break
            dx[:] = H
            w = w - dx
            if _norm(dx) <= HOMOTOPY_NEWTON_CONVERGED * (1.0 + _norm(w)):
                break
        _evaluate(w, 0.0, gamma, *a)
        sv = np.linalg.svd(J)[1]
        cond[p] = sv[0] / sv[-1] if sv[-1] > 0 else np.inf
        ends[p] = w
        status[p] = st
    return ends, status, cond


@njit(cache=True, error_model="numpy")
def refine(w, coef, eq_of, mvars, lin, own, chart, goff, n_eq, iterations):
    """Gauss-Newton on the target system (t = 0), for singular endpoints too."""
    N = w.shape[0]
    H = np.empty(N, np.complex128)
    Ht = np.empty(N, np.complex128)
    J = np.empty((N, N), np.complex128)
    forms = np.empty(lin.shape[1], np.complex128)
    x = w.copy()
    for _ in range(iterations):
        _evaluate(
            x, 0.0, 1.0 + 0.0j, coef, eq_of, mvars, lin, own, chart, goff, n_eq, H, J, Ht, forms
        )
        dx = np.linalg.lstsq(J, H)[0]
        x = x - dx
        if _norm(dx) <= HOMOTOPY_NEWTON_CONVERGED * (1.0 + _norm(x)):
            break
    return x


def start_solutions(lin: np.ndarray, own: np.ndarray, chart: np.ndarray, groups: list[slice]):
    """Solutions of the linear-product start system, one per admissible assignment.

    Equation ``e`` (of group ``own[e]``) vanishes when one of its linear forms, on some other
    group ``g``, vanishes; group ``g`` is then fixed by the ``k_g - 1`` forms assigned to it and
    its chart.
    """
    n_eq, n_groups, N = lin.shape
    need = [sl.stop - sl.start - 1 for sl in groups]
    rows: list[list[int]] = [[] for _ in groups]
    out: list[np.ndarray] = []

    def assign(e: int) -> None:
        if e == n_eq:
            w = np.zeros(N, np.complex128)
            for g, sl in enumerate(groups):
                k = sl.stop - sl.start
                M = np.empty((k, k), np.complex128)
                for r, eq in enumerate(rows[g]):
                    M[r] = lin[eq, g, sl]
                M[k - 1] = chart[g, sl]
                rhs = np.zeros(k, np.complex128)
                rhs[k - 1] = 1.0
                w[sl] = np.linalg.solve(M, rhs)
            out.append(w)
            return
        for g in range(n_groups):
            if g != own[e] and len(rows[g]) < need[g]:
                rows[g].append(e)
                assign(e + 1)
                rows[g].pop()

    assign(0)
    return np.array(out, dtype=np.complex128).reshape(len(out), N)
