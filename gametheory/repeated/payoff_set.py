"""The pure-strategy subgame-perfect payoff set of an infinitely repeated game.

With perfect monitoring, pure strategies and a public randomisation device, the set V of SPE
payoffs (normalised by 1 - δ) is the largest fixed point of the operator of Abreu, Pearce &
Stacchetti (1990)::

    B(W) = co U_a { (1-δ) u(a) + δ w :  w in W,  w_i >= p_i + (1-δ)/δ (dev_i(a) - u_i(a)) },

where ``p_i = min_{w in W} w_i`` is the harshest punishment W offers player i and ``dev_i(a)``
player i's best one-shot deviation payoff. Starting from the convex hull of the stage payoffs
(which contains V), the iterates ``W_{k+1} = B(W_k)`` decrease to V, so every iterate is an
*outer* approximation.

- 2 players: B is applied exactly to polygons (clip W by the two incentive half-planes, map,
  take the hull), in a numba kernel. This is the set Abreu & Sannikov (2014) compute; their
  reduction of the candidate points to at most four per action profile is not needed when
  clipping is this cheap.
- 3 players: the outer approximation of Judd, Yeltekin & Conklin (2003): W is kept as an
  intersection of half-spaces with fixed normals, and each support level is updated to the
  exact support of B(W) (vertex enumeration of each clipped polytope), so W stays a superset.

The accuracy reported is the last step (Hausdorff distance between successive polygons for 2
players; largest change of a support level for 3). It measures convergence of the iteration,
not a proven distance to V. Each step moves the set by about (1 - δ) times its distance to the
limit, so the iteration stops when the step falls below ``tol * (1 - δ) * payoff range``: a
fixed threshold would stop at once for δ near 1 (the first step is already tiny) and report the
stage payoffs' hull. A δ so close to 1 that this threshold is below the float resolution of the
payoffs is refused with the largest δ that works.

>>> from gametheory.games import prisoners_dilemma
>>> s = spe_payoff_set(prisoners_dilemma(), 0.9)   # R, S, T, P = 3, 0, 5, 1
>>> s.converged, s.vertices.round(6).tolist()
(True, [[1.0, 1.0], [4.333333, 1.0], [3.0, 3.0], [1.0, 4.333333]])
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

import numba as nb
import numpy as np

from ..errors import GameError, TooLargeError
from ..tolerance import (
    DEFAULT_TOL,
    HULL_TOL,
    SINGULAR_DET,
    UNDERFLOW_GUARD,
    VERTEX_MERGE_TOL,
    VERTEX_TOL,
)
from .chain import as_stage

MAX_ITER = 10_000
"""Largest iteration cap accepted."""

FLOAT_ULPS = 64
"""The stopping threshold must exceed this many float ulps of the largest payoff."""

MAX_VERTEX_WORK = 2_000_000_000
"""Most (constraint triple x action x iteration) steps the 3-player method may plan for."""


@dataclass(frozen=True)
class PayoffSet:
    """An approximation of the SPE payoff set.

    Attributes
    ----------
    vertices : ndarray (k, n)
        Extreme points (counter-clockwise for 2 players); empty if no pure SPE exists.
    outer : bool
        True: the set contains the SPE payoff set (every iterate does).
    converged : bool
        True if the last step fell below the tolerance before the iteration cap.
    iterations : int
    step : float
        The last change (see the module docstring): the accuracy indicator.
    punishment : ndarray (n,)
        Each player's lowest payoff in the set (the harshest credible punishment).
    method : str
    normals, levels : ndarray or None
        For 3 players, the half-spaces ``normals @ x <= levels`` describing the set.
    """

    vertices: np.ndarray
    outer: bool
    converged: bool
    iterations: int
    step: float
    punishment: np.ndarray
    method: str
    delta: float
    normals: np.ndarray | None = None
    levels: np.ndarray | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "vertices": self.vertices.tolist(),
            "outer": self.outer,
            "converged": self.converged,
            "iterations": self.iterations,
            "step": self.step,
            "punishment": self.punishment.tolist(),
            "method": self.method,
            "delta": self.delta,
        }


def spe_payoff_set(
    stage: Any,
    delta: float,
    tol: float = DEFAULT_TOL,
    max_iter: int = 2000,
    directions: int | np.ndarray = 26,
) -> PayoffSet:
    """Pure-strategy SPE payoffs (with public randomisation) of the infinitely repeated game.

    Parameters
    ----------
    stage : Game or SymbolicGame
        2 or 3 players (a SymbolicGame at its defaults).
    delta : float
        Discount factor in (0, 1).
    tol : float
        Stop when the step falls below ``tol * (1 - delta)`` times the payoff range (the
        remaining distance to the limit is then about ``tol`` times the range).
    max_iter : int
        Iteration cap; ``converged`` says whether it was reached first.
    directions : int or array (D, 3)
        3 players only: 26 uses the normals of the cube's faces, edges and corners; an array
        gives your own normals (more normals, a tighter outer set, more work).

    References
    ----------
    Abreu, Pearce & Stacchetti (1990), *Econometrica* 58; Abreu & Sannikov (2014), "An
    algorithm for two-player repeated games with perfect monitoring", *Theoretical Economics* 9;
    Judd, Yeltekin & Conklin (2003), *Econometrica* 71.
    """
    func = "spe_payoff_set()"
    stage = as_stage(func, stage)
    try:
        delta = float(delta)
    except (TypeError, ValueError):
        raise GameError(f"{func}: delta = {delta!r} is not a number") from None
    if not 0.0 < delta < 1.0:
        raise GameError(f"{func}: delta = {delta!r}, expected a discount factor in (0, 1)")
    if (
        isinstance(max_iter, bool)
        or not isinstance(max_iter, (int, np.integer))
        or not 1 <= max_iter <= MAX_ITER
    ):
        big = isinstance(max_iter, (int, np.integer)) and max_iter > MAX_ITER
        raise (TooLargeError if big else GameError)(
            f"{func}: max_iter = {max_iter!r}, expected an integer in 1..{MAX_ITER}"
        )
    if not isinstance(tol, (int, float)) or not np.isfinite(tol) or tol <= 0:
        raise GameError(f"{func}: tol = {tol!r}, expected a positive number")
    n = stage.n_players
    U = np.stack([p.ravel() for p in stage.payoffs], axis=1)
    gain = np.stack(
        [(p.max(axis=i, keepdims=True) - p).ravel() for i, p in enumerate(stage.payoffs)], axis=1
    )
    scale = max(stage.payoff_range, UNDERFLOW_GUARD)
    atol = tol * (1.0 - delta) * scale
    resolution = FLOAT_ULPS * np.finfo(float).eps * max(float(np.abs(U).max()), scale)
    if atol < resolution:
        largest = 1.0 - resolution / (tol * scale)
        hint = f"delta <= {largest:.6g}" if largest > 0 else "a larger tol"
        raise GameError(
            f"{func}: delta = {delta!r} is too close to 1 for float arithmetic: the stopping rule "
            f"needs steps below tol*(1-delta)*range = {atol:.3g}, finer than the resolution "
            f"{resolution:.3g} of these payoffs; use {hint} (tol = {tol:g})"
        )
    if n == 2:
        verts, it, step, conv = _aps2(U, gain, delta, atol, int(max_iter))
        verts = _simplify(verts, VERTEX_MERGE_TOL * max(stage.payoff_range, UNDERFLOW_GUARD))
        pun = verts.min(axis=0) if len(verts) else np.full(2, np.nan)
        return PayoffSet(verts, True, bool(conv), int(it), float(step), pun, "aps-polygon", delta)
    if n == 3:
        return _jyc3(func, U, gain, delta, atol, int(max_iter), directions, tol * scale)
    raise GameError(f"{func}: {n} players; the payoff set is computed for 2 or 3 players")


# ----------------------------------------------------------------------------- 2 players
@nb.njit(cache=True)
def _cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


@nb.njit(cache=True)
def _hull(pts, eps):
    """Convex hull (counter-clockwise, no collinear points) by Andrew's monotone chain."""
    k = pts.shape[0]
    if k == 0:
        return pts
    by_y = np.argsort(pts[:, 1], kind="mergesort")
    order = by_y[np.argsort(pts[by_y, 0], kind="mergesort")]  # by x, ties by y
    p = pts[order]
    # drop exact and near duplicates so a degenerate hull (point, segment) is found cleanly
    keep = np.ones(k, dtype=np.bool_)
    last = 0
    for i in range(1, k):
        if abs(p[i, 0] - p[last, 0]) <= eps and abs(p[i, 1] - p[last, 1]) <= eps:
            keep[i] = False
        else:
            last = i
    p = p[keep]
    k = p.shape[0]
    if k <= 2:
        return p
    out = np.empty((2 * k, 2))
    h = 0
    for i in range(k):
        while h >= 2 and _cross(out[h - 2], out[h - 1], p[i]) <= eps * eps:
            h -= 1
        out[h] = p[i]
        h += 1
    low = h + 1
    for i in range(k - 2, -1, -1):
        while h >= low and _cross(out[h - 2], out[h - 1], p[i]) <= eps * eps:
            h -= 1
        out[h] = p[i]
        h += 1
    return out[: h - 1].copy()


@nb.njit(cache=True)
def _clip(poly, axis, bound):
    """The part of convex polygon `poly` with coordinate `axis` >= bound."""
    k = poly.shape[0]
    out = np.empty((2 * k + 2, 2))
    h = 0
    if k == 1:
        if poly[0, axis] >= bound:
            out[0] = poly[0]
            h = 1
        return out[:h].copy()
    for i in range(k):
        a = poly[i]
        b = poly[(i + 1) % k]
        ina = a[axis] >= bound
        inb = b[axis] >= bound
        if ina:
            out[h] = a
            h += 1
        if ina != inb:
            t = (bound - a[axis]) / (b[axis] - a[axis])
            out[h, 0] = a[0] + t * (b[0] - a[0])
            out[h, 1] = a[1] + t * (b[1] - a[1])
            out[h, axis] = bound
            h += 1
    return out[:h].copy()


@nb.njit(cache=True)
def _seg_dist(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    L = dx * dx + dy * dy
    t = 0.0 if L == 0.0 else ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / L
    t = min(1.0, max(0.0, t))
    ex, ey = a[0] + t * dx - p[0], a[1] + t * dy - p[1]
    return np.sqrt(ex * ex + ey * ey)


@nb.njit(cache=True)
def _dist_to_poly(p, poly):
    k = poly.shape[0]
    if k == 0:
        return np.inf
    if k == 1:
        return np.sqrt((p[0] - poly[0, 0]) ** 2 + (p[1] - poly[0, 1]) ** 2)
    if k >= 3:
        inside = True
        for i in range(k):
            if _cross(poly[i], poly[(i + 1) % k], p) < 0:
                inside = False
                break
        if inside:
            return 0.0
    best = np.inf
    for i in range(k):
        best = min(best, _seg_dist(p, poly[i], poly[(i + 1) % k]))
    return best


@nb.njit(cache=True)
def _aps2(U, gain, delta, atol, max_iter):
    W = _hull(U.copy(), HULL_TOL * (1.0 + np.abs(U).max()))
    eps = HULL_TOL * (1.0 + np.abs(U).max())
    step = np.inf
    it = 0
    A = U.shape[0]
    while it < max_iter:
        it += 1
        p0 = W[:, 0].min()
        p1 = W[:, 1].min()
        buf = np.empty((A * (W.shape[0] + 4), 2))
        h = 0
        for a in range(A):
            Q = _clip(W, 0, p0 + (1.0 - delta) / delta * gain[a, 0])
            if Q.shape[0] == 0:
                continue
            Q = _clip(Q, 1, p1 + (1.0 - delta) / delta * gain[a, 1])
            for j in range(Q.shape[0]):
                buf[h, 0] = (1.0 - delta) * U[a, 0] + delta * Q[j, 0]
                buf[h, 1] = (1.0 - delta) * U[a, 1] + delta * Q[j, 1]
                h += 1
        new = _hull(buf[:h], eps)
        if new.shape[0] == 0:
            return new, it, 0.0, True
        step = 0.0
        for j in range(W.shape[0]):
            step = max(step, _dist_to_poly(W[j], new))
        W = new
        if step <= atol:
            return W, it, step, True
    return W, it, step, False


def _simplify(W: np.ndarray, dist: float) -> np.ndarray:
    """Drop vertices within `dist` of the segment joining their neighbours.

    The outer iterates approach V's corners from outside and leave near-duplicate and
    near-collinear vertices at the convergence scale; removing them moves the boundary by at
    most `dist`.
    """
    W = np.asarray(W)
    changed = True
    while changed and len(W) > 3:
        changed = False
        k = len(W)
        for i in range(k):
            if _seg_dist(W[i], W[i - 1], W[(i + 1) % k]) <= dist:
                W = np.delete(W, i, axis=0)
                changed = True
                break
    if len(W) == 3 and _seg_dist(W[1], W[0], W[2]) <= dist:
        W = W[[0, 2]]
    if len(W) == 2 and np.abs(W[0] - W[1]).max() <= dist:
        W = W[:1]
    return W


# ----------------------------------------------------------------------------- 3 players
def _cube_normals() -> np.ndarray:
    dirs = np.array([d for d in product((-1, 0, 1), repeat=3) if any(d)], dtype=float)
    return dirs / np.linalg.norm(dirs, axis=1, keepdims=True)


@nb.njit(cache=True)
def _vertices3(G, h, eps):
    """Vertices of {x : G x <= h} in 3D by trying every triple of constraints."""
    L = G.shape[0]
    out = np.empty((L * (L - 1) * (L - 2) // 6 + 1, 3))
    k = 0
    for i in range(L):
        for j in range(i + 1, L):
            for m in range(j + 1, L):
                a, b, c = G[i], G[j], G[m]
                det = (
                    a[0] * (b[1] * c[2] - b[2] * c[1])
                    - a[1] * (b[0] * c[2] - b[2] * c[0])
                    + a[2] * (b[0] * c[1] - b[1] * c[0])
                )
                if abs(det) < SINGULAR_DET:
                    continue
                r0, r1, r2 = h[i], h[j], h[m]
                x0 = (
                    r0 * (b[1] * c[2] - b[2] * c[1])
                    - a[1] * (r1 * c[2] - b[2] * r2)
                    + a[2] * (r1 * c[1] - b[1] * r2)
                ) / det
                x1 = (
                    a[0] * (r1 * c[2] - b[2] * r2)
                    - r0 * (b[0] * c[2] - b[2] * c[0])
                    + a[2] * (b[0] * r2 - r1 * c[0])
                ) / det
                x2 = (
                    a[0] * (b[1] * r2 - r1 * c[1])
                    - a[1] * (b[0] * r2 - r1 * c[0])
                    + r0 * (b[0] * c[1] - b[1] * c[0])
                ) / det
                ok = True
                for q in range(L):
                    if G[q, 0] * x0 + G[q, 1] * x1 + G[q, 2] * x2 > h[q] + eps:
                        ok = False
                        break
                if ok:
                    out[k, 0], out[k, 1], out[k, 2] = x0, x1, x2
                    k += 1
    return out[:k].copy()


def _snap(points: np.ndarray, accuracy: float) -> tuple[np.ndarray, float]:
    """Round `points` to a decimal grid coarser than `accuracy` and drop the duplicates.

    The outer iterates approach the corners from outside and leave each vertex displaced by
    float noise at the convergence scale (e.g. -1.1e-8 for 0, 0.399999989 for 0.4), and
    several triples of normals meet at the same corner; rounding to the grid
    ``10**ceil(log10(100 * accuracy))`` removes both. Returns the points and the grid.
    """
    decimals = -int(np.ceil(np.log10(100.0 * max(accuracy, UNDERFLOW_GUARD))))
    grid = 10.0**-decimals
    if len(points) == 0:
        return points, grid
    snapped = np.round(points, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    _, idx = np.unique(np.round(snapped / grid).astype(np.int64), axis=0, return_index=True)
    return snapped[np.sort(idx)], float(grid)


def _jyc3(func, U, gain, delta, atol, max_iter, directions, accuracy) -> PayoffSet:
    if isinstance(directions, (int, np.integer)) and not isinstance(directions, bool):
        if int(directions) != 26:
            raise GameError(f"{func}: directions = {directions}; give 26 or an array of normals")
        H = _cube_normals()
    else:
        H = np.asarray(directions, dtype=float)
        if H.ndim != 2 or H.shape[1] != 3 or len(H) < 4 or not np.isfinite(H).all():
            raise GameError(f"{func}: directions must be an array of shape (D, 3) with D >= 4")
        H = H / np.linalg.norm(H, axis=1, keepdims=True)
        H = np.vstack([H, -np.eye(3), np.eye(3)])  # the axes bound each player's punishment
    L = len(H) + 3
    work = L * (L - 1) * (L - 2) // 6 * (len(U) + 1) * max_iter
    if work > MAX_VERTEX_WORK:
        raise TooLargeError(
            f"{func}: {len(H)} directions x {len(U)} action profiles x {max_iter} iterations is "
            f"~{work:.3g} vertex tests, more than {MAX_VERTEX_WORK:.3g}; use fewer directions"
        )
    c = (H @ U.T).max(axis=1)
    eps = VERTEX_TOL * max(1.0, float(np.abs(U).max()))
    step, it, converged = np.inf, 0, False
    while it < max_iter:
        it += 1
        verts = _vertices3(H, c, eps)
        if len(verts) == 0:
            return _empty3(delta, it, H)
        pun = verts.min(axis=0)
        best = np.full(len(H), -np.inf)
        for a in range(len(U)):
            ic = pun + (1.0 - delta) / delta * gain[a]
            G = np.vstack([H, -np.eye(3)])
            Pa = _vertices3(G, np.concatenate([c, -ic]), eps)
            if len(Pa):
                gen = (1.0 - delta) * U[a] + delta * Pa
                best = np.maximum(best, (gen @ H.T).max(axis=0))
        if not np.isfinite(best).any():
            return _empty3(delta, it, H)
        step = float(np.max(np.abs(best - c)))
        c = best
        if step <= atol:
            converged = True
            break
    verts, _ = _snap(_vertices3(H, c, eps), max(accuracy, eps))
    return PayoffSet(verts, True, converged, it, step, verts.min(axis=0), "jyc-outer", delta, H, c)


def _empty3(delta, it, H) -> PayoffSet:
    return PayoffSet(
        np.zeros((0, 3)), True, True, it, 0.0, np.full(3, np.nan), "jyc-outer", delta, H, None
    )
