"""Compiled kernels of the replicator basins: the field in log coordinates and its
integration from many starts (:func:`gametheory.stability.replicator.basins`).

Each population's shares are kept as log-weights ``z`` (``x = softmax(z)`` per player), so a
trajectory never leaves the simplex and can approach a face without underflow; integration is
an adaptive Dormand–Prince 5(4) step and stops once the state lies in the invariant
neighbourhood of a strict equilibrium.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Dormand–Prince 5(4) tableau (Dormand & Prince 1980; Hairer, Nørsett & Wanner, ODEs I, II.5)
_A21 = 1 / 5
_A31, _A32 = 3 / 40, 9 / 40
_A41, _A42, _A43 = 44 / 45, -56 / 15, 32 / 9
_A51, _A52, _A53, _A54 = 19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729
_A61, _A62, _A63, _A64, _A65 = 9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656
_B1, _B3, _B4, _B5, _B6 = 35 / 384, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84
_E1 = 35 / 384 - 5179 / 57600
_E3 = 500 / 1113 - 7571 / 16695
_E4 = 125 / 192 - 393 / 640
_E5 = -2187 / 6784 + 92097 / 339200
_E6 = 11 / 84 - 187 / 2100
_E7 = -1 / 40


@njit(cache=True)
def _softmax(z, off, x):
    for i in range(off.shape[0] - 1):
        top = z[off[i]]
        for a in range(off[i] + 1, off[i + 1]):
            if z[a] > top:
                top = z[a]
        total = 0.0
        for a in range(off[i], off[i + 1]):
            x[a] = math.exp(z[a] - top)
            total += x[a]
        for a in range(off[i], off[i + 1]):
            x[a] /= total


@njit(cache=True)
def _fitness(pay, prof, off, x, f):
    """f[off[i] + a] = expected payoff of player i's action a against the others' mixtures."""
    n = off.shape[0] - 1
    f[:] = 0.0
    for p in range(pay.shape[1]):
        for i in range(n):
            w = pay[i, p]
            if w == 0.0:
                continue
            for j in range(n):
                if j != i:
                    w *= x[off[j] + prof[p, j]]
            f[off[i] + prof[p, i]] += w


@njit(cache=True)
def _regrets(pay, prof, off, states):
    """Per state (a row of `states`): the largest regret over players,
    ``max_a f_ia - x_i . f_i``."""
    out = np.empty(states.shape[0])
    f = np.empty(states.shape[1])
    for s in range(states.shape[0]):
        x = states[s]
        _fitness(pay, prof, off, x, f)
        worst = -np.inf
        for i in range(off.shape[0] - 1):
            top = f[off[i]]
            mean = 0.0
            for a in range(off[i], off[i + 1]):
                top = max(top, f[a])
                mean += x[a] * f[a]
            worst = max(worst, top - mean)
        out[s] = worst
    return out


@njit(cache=True)
def _field(pay, prof, off, z, x, out):
    """Replicator field in log coordinates: dz/dt = f(softmax(z))."""
    _softmax(z, off, x)
    _fitness(pay, prof, off, x, out)


@njit(cache=True)
def _trapped(x, off, strides, target_of, gaps):
    """Index of the strict equilibrium whose invariant neighbourhood holds x, else -1."""
    flat = 0
    d = 0.0
    for i in range(off.shape[0] - 1):
        best = off[i]
        for a in range(off[i] + 1, off[i + 1]):
            if x[a] > x[best]:
                best = a
        flat += (best - off[i]) * strides[i]
        d += 1.0 - x[best]
    k = target_of[flat]
    if k >= 0 and d < 0.25 * gaps[k]:
        return k
    return -1


@njit(cache=True)
def _basin_kernel(pay, prof, off, strides, target_of, gaps, z0, t_max, rtol, atol):
    """Integrate every start; label[s] = index of the strict equilibrium reached, or -1.

    Returns ``(labels, final_states)``. Adaptive Dormand–Prince 5(4) in log coordinates with
    first-same-as-last; each player's log-weights are shifted to max 0 after every step.
    """
    S, M = z0.shape
    labels = np.empty(S, dtype=np.int64)
    finals = np.empty((S, M))
    z = np.empty(M)
    zn = np.empty(M)
    tmp = np.empty(M)
    x = np.empty(M)
    k1 = np.empty(M)
    k2 = np.empty(M)
    k3 = np.empty(M)
    k4 = np.empty(M)
    k5 = np.empty(M)
    k6 = np.empty(M)
    k7 = np.empty(M)
    n = off.shape[0] - 1
    for s in range(S):
        labels[s] = -1
        for m in range(M):
            z[m] = z0[s, m]
        t = 0.0
        h = 0.05
        _field(pay, prof, off, z, x, k1)
        k = _trapped(x, off, strides, target_of, gaps)
        if k >= 0:
            labels[s] = k
        while labels[s] < 0 and t < t_max:
            if h > t_max - t:
                h = t_max - t
            for m in range(M):
                tmp[m] = z[m] + h * _A21 * k1[m]
            _field(pay, prof, off, tmp, x, k2)
            for m in range(M):
                tmp[m] = z[m] + h * (_A31 * k1[m] + _A32 * k2[m])
            _field(pay, prof, off, tmp, x, k3)
            for m in range(M):
                tmp[m] = z[m] + h * (_A41 * k1[m] + _A42 * k2[m] + _A43 * k3[m])
            _field(pay, prof, off, tmp, x, k4)
            for m in range(M):
                tmp[m] = z[m] + h * (_A51 * k1[m] + _A52 * k2[m] + _A53 * k3[m] + _A54 * k4[m])
            _field(pay, prof, off, tmp, x, k5)
            for m in range(M):
                tmp[m] = z[m] + h * (
                    _A61 * k1[m] + _A62 * k2[m] + _A63 * k3[m] + _A64 * k4[m] + _A65 * k5[m]
                )
            _field(pay, prof, off, tmp, x, k6)
            for m in range(M):
                zn[m] = z[m] + h * (
                    _B1 * k1[m] + _B3 * k3[m] + _B4 * k4[m] + _B5 * k5[m] + _B6 * k6[m]
                )
            _field(pay, prof, off, zn, x, k7)
            err = 0.0
            for m in range(M):
                e = h * (
                    _E1 * k1[m]
                    + _E3 * k3[m]
                    + _E4 * k4[m]
                    + _E5 * k5[m]
                    + _E6 * k6[m]
                    + _E7 * k7[m]
                )
                sc = atol + rtol * max(abs(z[m]), abs(zn[m]))
                r = abs(e) / sc
                if r > err:
                    err = r
            if err <= 1.0:
                t += h
                for i in range(n):
                    top = zn[off[i]]
                    for a in range(off[i] + 1, off[i + 1]):
                        if zn[a] > top:
                            top = zn[a]
                    for a in range(off[i], off[i + 1]):
                        z[a] = zn[a] - top
                for m in range(M):
                    k1[m] = k7[m]
                # x holds softmax(zn) == softmax(z) after the last field evaluation
                k = _trapped(x, off, strides, target_of, gaps)
                if k >= 0:
                    labels[s] = k
            if err == 0.0:
                factor = 5.0
            else:
                factor = 0.9 * err ** (-0.2)
                factor = min(5.0, max(0.2, factor))
            h = min(h * factor, 10.0)
        _softmax(z, off, x)
        for m in range(M):
            finals[s, m] = x[m]
    return labels, finals
