"""Compiled logit QRE branch follower for many bimatrix games at once.

The same pseudo-arclength predictor–corrector as :func:`gametheory.stability.logit._trace`
(Euler predictor, Newton corrector on ``[H(w); t . (w - w_pred)] = 0``, step-length control on
the first correction, the contraction and the tangent angle, the same constants and stopping
rule), written out for two players so one compiled loop runs every grid point of a chunk with
its own step control. The tangent is the null vector of ``J`` normalised by ``t . z = 1``
against the previous tangent (a linear solve instead of an SVD: the same vector up to
rounding), and linear systems are solved by Gaussian elimination with partial pivoting.

Where a decision of the step control sits within rounding of its threshold (a Newton corrector
stalling at the floating-point floor, a deceleration factor at 2, a regret or lambda at the
stopping value, a singular system), two implementations may take different branches and end at
different points of the same curve; the kernel marks such a point ``uncertain`` and the caller
traces it again with :func:`~gametheory.stability.logit_path` (docs/criteria.md).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .._linalg import solve
from ..tolerance import (
    LOGIT_CORRECTOR_ACCEPTED,
    LOGIT_CORRECTOR_CONVERGED,
    LOGIT_MIN_STEP,
    LOGIT_ROUNDING_LEVEL,
    LOGIT_STEP_DECISION_NEAR,
)

_NEAR = LOGIT_STEP_DECISION_NEAR


@njit(cache=True)
def _system(A, B, m, n, w, H, J, sig, f):
    """Residual H, Jacobian J, probabilities sig = exp(y) and action values f at w."""
    M = m + n
    lam = w[M]
    for a in range(M):
        sig[a] = math.exp(w[a])
    for a in range(m):
        s = 0.0
        for b in range(n):
            s += A[a, b] * sig[m + b]
        f[a] = s
    for b in range(n):
        s = 0.0
        for a in range(m):
            s += B[a, b] * sig[a]
        f[m + b] = s
    J[:, :] = 0.0
    total = 0.0
    for a in range(m):
        total += sig[a]
        J[0, a] = sig[a]
    H[0] = total - 1.0
    for a in range(1, m):
        d = f[a] - f[0]
        H[a] = w[a] - w[0] - lam * d
        J[a, a] += 1.0
        J[a, 0] -= 1.0
        J[a, M] = -d
        for c in range(n):
            J[a, m + c] -= lam * (A[a, c] - A[0, c]) * sig[m + c]
    total = 0.0
    for b in range(n):
        total += sig[m + b]
        J[m, m + b] = sig[m + b]
    H[m] = total - 1.0
    for b in range(1, n):
        row = m + b
        d = f[row] - f[m]
        H[row] = w[row] - w[m] - lam * d
        J[row, row] += 1.0
        J[row, m] -= 1.0
        J[row, M] = -d
        for c in range(m):
            J[row, c] -= lam * (B[c, b] - B[c, 0]) * sig[c]


@njit(cache=True)
def _solve(A, rhs, out):
    """Solve A out = rhs (square) by Gaussian elimination with partial pivoting
    (:func:`gametheory._linalg.solve`); False if a pivot is zero or the solution is not
    finite. A and rhs are overwritten."""
    if not solve(A, rhs, np.empty(A.shape[0], np.int64), 0.0):
        return False
    for r in range(rhs.shape[0]):
        out[r] = rhs[r]
        if not math.isfinite(out[r]):
            return False
    return True


@njit(cache=True)
def _tangent(J, previous, A, rhs, out):
    """Unit null vector of J oriented along `previous`; False if [J; previous] is singular."""
    M = J.shape[0]
    for r in range(M):
        for c in range(M + 1):
            A[r, c] = J[r, c]
        rhs[r] = 0.0
    for c in range(M + 1):
        A[M, c] = previous[c]
    rhs[M] = 1.0
    if not _solve(A, rhs, out):
        return False
    norm = 0.0
    for c in range(M + 1):
        norm += out[c] * out[c]
    norm = math.sqrt(norm)
    for c in range(M + 1):
        out[c] /= norm
    return True


@njit(cache=True)
def _regret(sig, f, m, n):
    worst = -np.inf
    for lo, hi in ((0, m), (m, m + n)):
        top = f[lo]
        mean = 0.0
        for a in range(lo, hi):
            top = max(top, f[a])
            mean += f[a] * sig[a]
        worst = max(worst, top - mean)
    return worst


@njit(cache=True)
def _trace_one(A, B, max_lambda, max_regret, max_steps, first_step, max_accel, nominal, sig_out):
    """One game's branch: ``(lambda, converged, steps, uncertain)``, the end in `sig_out`;
    `nominal` holds the distance, contraction and angle of the step control."""
    m, n = A.shape
    M = m + n
    w = np.empty(M + 1)
    for a in range(m):
        w[a] = -math.log(m)
    for b in range(n):
        w[m + b] = -math.log(n)
    w[M] = 0.0
    H = np.empty(M)
    J = np.zeros((M, M + 1))
    sig = np.empty(M)
    f = np.empty(M)
    work = np.empty((M + 1, M + 1))
    rhs = np.empty(M + 1)
    t = np.empty(M + 1)
    t_new = np.empty(M + 1)
    forward = np.zeros(M + 1)
    forward[M] = 1.0
    _system(A, B, m, n, w, H, J, sig, f)
    uncertain = False
    if not _tangent(J, forward, work, rhs, t):
        return 0.0, False, 0, True
    wk = np.empty(M + 1)
    predicted = np.empty(M + 1)
    step = np.empty(M + 1)
    Hk = np.empty(M)
    Jk = np.zeros((M, M + 1))
    sig_k = np.empty(M)
    f_k = np.empty(M)
    norms = np.empty(12)
    h = first_step
    done = False
    steps = 0
    for it in range(1, max_steps + 1):
        steps = it
        regret = _regret(sig, f, m, n)
        if abs(regret - max_regret) <= _NEAR * max_regret:
            uncertain = True
        if abs(w[M] - max_lambda) <= _NEAR * max_lambda:
            uncertain = True
        if w[M] >= max_lambda or regret <= max_regret:
            done = True
            break
        if h < LOGIT_MIN_STEP:
            uncertain = True
            break
        for c in range(M + 1):
            predicted[c] = w[c] + h * t[c]
            wk[c] = predicted[c]
        ok = False
        count = 0
        for _iteration in range(12):
            _system(A, B, m, n, wk, Hk, Jk, sig_k, f_k)
            along = 0.0
            for c in range(M + 1):
                along += t[c] * (wk[c] - predicted[c])
            for r in range(M):
                for c in range(M + 1):
                    work[r, c] = Jk[r, c]
                rhs[r] = -Hk[r]
            for c in range(M + 1):
                work[M, c] = t[c]
            rhs[M] = -along
            if not _solve(work, rhs, step):
                uncertain = True
                break
            size = 0.0
            for c in range(M + 1):
                wk[c] += step[c]
                size = max(size, abs(step[c]) / max(1.0, abs(wk[c])))
            norms[count] = size
            count += 1
            if size < LOGIT_CORRECTOR_CONVERGED:
                ok = True
                break
            if count > 1 and norms[count - 1] > 0.5 * norms[count - 2]:
                # the corrector stalls at the floating-point floor: where it stops there is
                # rounding, so another implementation may accept a slightly different point
                ok = size < LOGIT_CORRECTOR_ACCEPTED
                uncertain = True
                break
        if not ok or wk[M] < 0:
            h *= 0.5
            continue
        _system(A, B, m, n, wk, Hk, Jk, sig_k, f_k)
        if not _tangent(Jk, t, work, rhs, t_new):
            uncertain = True
            break
        cosine = 0.0
        for c in range(M + 1):
            cosine += t_new[c] * t[c]
        angle = math.acos(min(1.0, max(-1.0, cosine)))
        contraction = norms[1] / norms[0] if count > 1 and norms[1] > LOGIT_ROUNDING_LEVEL else 0.0
        decel = max(
            math.sqrt(norms[0] / nominal[0]),
            math.sqrt(contraction / nominal[1]),
            angle / nominal[2],
        )
        if abs(decel - 2.0) <= _NEAR * 2.0:
            uncertain = True
        if decel > 2.0:
            h *= 0.5
            continue
        for c in range(M + 1):
            w[c] = wk[c]
            t[c] = t_new[c]
        for c in range(M):
            sig[c] = sig_k[c]
            f[c] = f_k[c]
        h /= max(decel, 1.0 / max_accel)
    for lo, hi in ((0, m), (m, M)):
        total = 0.0
        for a in range(lo, hi):
            total += sig[a]
        for a in range(lo, hi):
            sig_out[a] = sig[a] / total
    return w[M], done, steps, uncertain


@njit(cache=True)
def trace_many(A, B, max_lambda, max_regret, max_steps, first_step, max_accel, nominal):
    """Trace the principal branch of each game ``(A[k], B[k])`` (payoffs scaled to range 1).

    The settings are those of ``logit._trace``, passed in (not read as globals, which a
    cached compilation would keep after they change). Returns ``(endpoints (k, m + n),
    lambdas, converged, steps, uncertain)``.
    """
    k, m, n = A.shape
    ends = np.empty((k, m + n))
    lams = np.empty(k)
    converged = np.zeros(k, dtype=np.bool_)
    steps = np.zeros(k, dtype=np.int64)
    uncertain = np.zeros(k, dtype=np.bool_)
    for p in range(k):
        lam, done, count, unsure = _trace_one(
            A[p], B[p], max_lambda, max_regret, max_steps, first_step, max_accel, nominal, ends[p]
        )
        lams[p] = lam
        converged[p] = done
        steps[p] = count
        uncertain[p] = unsure
    return ends, lams, converged, steps, uncertain
