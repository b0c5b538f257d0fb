"""``solve_many(payoffs)``: all equilibria of many small games at once, one ``SolveResult`` each.

``payoffs`` has shape ``(k, n_players, *actions)``: ``payoffs[g]`` is game ``g``'s payoff
arrays, laid out as :class:`gametheory.Game` stores them. For the shapes below every support
system is solved in closed form for the whole batch at once (numpy arrays over the games, no
Python loop per game); every other shape, and every member of a covered batch that is
degenerate or too close to degenerate for a closed form to be trusted, is solved by
:func:`gametheory.solve` one game at a time. The results are the same either way: the same
equilibria in the same order, each verified by the same regret gate as ``solve`` (regret at most
``tol * payoff_range``).

Covered shapes (and their transposes, e.g. 3x2x2 and 2x3x2):

==========  ==================================================================================
shape       support systems solved for the batch
==========  ==================================================================================
2 x n       (n <= 12) pure profiles; the row player mixing with each pair of columns: two
n x 2       linear equations (where two columns' lines cross, and the mix that makes the row
            player indifferent)
2 x 2 x 2   pure profiles; two players mixing against a pure third (linear); all three mixing:
2 x 2 x 3   three bilinear indifference equations, eliminated to one quadratic; for 2x2x3
            also the third player mixing over all three actions (a quadratic for the first
            two players' mixes, then a cross product for the third's)
==========  ==================================================================================

Why the closed forms find every equilibrium of a game they accept: a game is accepted only if
(a) no player has two best replies tied within ``delta`` against any pure profile of the others,
(b) no candidate near the simplex has a probability within :data:`EDGE` of zero on its support,
a tie within ``delta`` between a used and an unused action, a residual of its indifference
equations above the regret tolerance, a near-zero divisor, a near-double root or a singular
system. Then the game is nondegenerate, every equilibrium has one of the support profiles
above (the others need a tie of kind (a), or a continuum whose extreme points are candidates
with a tie, which (b) refuses), and each support system has the isolated solutions computed.
``delta`` is ``max(FLAG_TOL, 1000 * tol) * payoff_range``. A refused game goes to ``solve``.

A batch-solved game's ``SolveResult`` has the method ``solve`` would have run (``enummixed``
for two players, ``enumpoly`` for three), ``complete=True``, ``degenerate=False`` for two
players (proved by the checks above; ``solve`` says None when its reductions removed
strategies) and None for three, ``parameters`` ``{"tol", "rejected": 0, "batch"}`` (``batch``
names the closed form), and ``timings["solve"]`` the batch's time per game. Results are built
when first read, so a caller that looks at a few games of a large batch pays for those only.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Sequence
from itertools import combinations
from types import MappingProxyType
from typing import Any, overload

import numpy as np

from ..equilibrium import Equilibrium, SolveResult, unchecked_many
from ..errors import GameError
from ..game import MAX_PAYOFF, Game
from ..tolerance import (
    BATCH_EDGE,
    BATCH_FLAG_TOL,
    BATCH_MIN_TOL,
    DOUBLE_ROOT_TOL,
    SAME_ROOT_TOL,
    check_tol,
)

FLAG_TOL = BATCH_FLAG_TOL
"""Ties, near-zero divisors and near-singular systems within this fraction of the payoff range
(or 1000 times the regret tolerance, if larger) send a game to ``solve``."""
EDGE = BATCH_EDGE
"""A candidate with a support probability within this of zero sends its game to ``solve``."""
MAX_TWO_BY_N = 12
"""The largest n of a 2 x n (or n x 2) game solved in the batch."""
CHUNK = 8192
"""Games per vectorised pass (bounds the memory of the candidate arrays)."""
BUILD_BLOCK = 4096
"""Results built together when one of them is first read."""
_MIN_TOL = BATCH_MIN_TOL  # below this the closed forms' rounding can exceed the regret gate


def solve_many(
    payoffs: Any, method: str = "auto", tol: float | None = None, **options: Any
) -> SolveResults:
    """All Nash equilibria of each of many games of one shape, each verified.

    Parameters
    ----------
    payoffs : array_like
        Shape ``(k, n_players, *actions)``: ``payoffs[g][i]`` is player ``i``'s payoff array of
        game ``g`` (the layout of :attr:`gametheory.Game.payoffs`).
    method : str
        ``"auto"`` solves covered shapes in the batch (see the module docstring); any other
        method, or any option, runs :func:`gametheory.solve` on every game with it.
    tol : float, optional
        Relative tolerance, as for :func:`gametheory.solve`.
    **options
        Passed to :func:`gametheory.solve`.

    Returns
    -------
    SolveResults
        A sequence of ``k`` :class:`~gametheory.SolveResult`, in the order of the games, each
        equal to what ``solve(Game(payoffs[g]), method, tol)`` returns (same equilibria in the
        same order, same ``complete``).

    Raises
    ------
    GameError
        Payoffs that are not a finite real array of shape ``(k, n_players, *actions)``, or a bad
        tolerance.

    Examples
    --------
    >>> import numpy as np
    >>> from gametheory import solve_many
    >>> pennies = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
    >>> coordination = [[[2, 0], [0, 1]], [[2, 0], [0, 1]]]
    >>> results = solve_many([pennies, coordination])
    >>> [len(r.equilibria) for r in results]
    [1, 3]
    >>> [[round(p, 4) for p in s] for s in results[1].equilibria[1].strategies]
    [[0.3333, 0.6667], [0.3333, 0.6667]]
    """
    arr = _validated(payoffs)
    rel_tol = check_tol("solve_many", tol)
    start = time.perf_counter()
    k, n = arr.shape[0], arr.shape[1]
    shape = arr.shape[2:]
    flat = arr.reshape(k, n, int(np.prod(shape)))
    ranges = (flat.max(axis=2) - flat.min(axis=2)).max(axis=1) if k else np.zeros(0)
    plan = _plan(shape)
    store = _Store(arr, ranges, rel_tol, method, options)
    if plan is None or method != "auto" or options or rel_tol < _MIN_TOL or k == 0:
        store.fallback(np.arange(k))
    else:
        perm, kernel, label = plan
        store.label = label
        flagged = []
        for lo in range(0, k, CHUNK):
            hi = min(k, lo + CHUNK)
            work = _permuted(arr[lo:hi], perm)
            scale = np.where(ranges[lo:hi] > 0, ranges[lo:hi], 1.0)
            atol = rel_tol * scale
            delta = max(FLAG_TOL, 1000 * rel_tol) * scale
            found = _Found(hi - lo, scale, atol, delta)
            kernel(work, found)
            rows, owners, pays, regrets = found.accepted()
            store.add(lo, rows, owners, pays, regrets, perm, shape, found.flag)
            flagged.append(lo + np.flatnonzero(found.flag))
        store.fallback(np.concatenate(flagged))
    store.timing = (time.perf_counter() - start) / max(k, 1)
    return store.results()


def _validated(payoffs: Any) -> np.ndarray:
    func = "solve_many()"
    try:
        arr = np.array(payoffs, dtype=float)
    except OverflowError:
        raise GameError(
            f"{func}: payoffs hold a number too large for a float; payoffs must be at most "
            f"{MAX_PAYOFF:g} in magnitude"
        ) from None
    except (ValueError, TypeError) as err:
        raise GameError(
            f"{func}: payoffs are not a rectangular array of real numbers ({err})"
        ) from None
    if arr.ndim < 3 or arr.shape[1] < 1 or arr.ndim != arr.shape[1] + 2:
        raise GameError(
            f"{func}: payoffs must have shape (k, n_players, *actions) with one action axis per "
            f"player, got shape {arr.shape}"
        )
    if 0 in arr.shape[2:]:
        empty = [i for i, size in enumerate(arr.shape[2:]) if size == 0]
        raise GameError(f"{func}: player(s) {empty} have no actions; each needs at least one")
    bad = ~np.isfinite(arr)
    if bad.any():
        pos = tuple(int(i) for i in np.argwhere(bad)[0])
        raise GameError(
            f"{func}: payoffs{list(pos)} (game {pos[0]}, player {pos[1]}) is {arr[pos]}; payoffs "
            "must be finite numbers"
        )
    huge = np.abs(arr) > MAX_PAYOFF
    if huge.any():
        pos = tuple(int(i) for i in np.argwhere(huge)[0])
        raise GameError(
            f"{func}: payoffs{list(pos)} (game {pos[0]}, player {pos[1]}) is {arr[pos]:g}; "
            f"payoffs must be at most {MAX_PAYOFF:g} in magnitude"
        )
    arr.setflags(write=False)
    return arr


# ----------------------------------------------------------------------------- plans
def _plan(shape: tuple[int, ...]):
    """(player permutation to the kernel's layout, kernel, label), or None if not covered."""
    if len(shape) == 2:
        if 2 in shape and max(shape) <= MAX_TWO_BY_N:
            perm = (0, 1) if shape[0] == 2 else (1, 0)
            return perm, _two_by_n, f"support systems {shape[0]}x{shape[1]}"
        return None
    if len(shape) == 3 and sorted(shape) in ([2, 2, 2], [2, 2, 3]):
        last = int(np.argmax(shape))
        perm = (*(i for i in range(3) if i != last), last)
        name = "x".join(map(str, shape))
        return perm, _two_two_m, f"support systems {name}"
    return None


def _permuted(arr: np.ndarray, perm: tuple[int, ...]) -> np.ndarray:
    """Payoffs with players reordered: new player j is old player perm[j]."""
    if perm == tuple(range(len(perm))):
        return arr
    axes = (0, 1, *(2 + p for p in perm))
    return np.ascontiguousarray(arr[:, list(perm)].transpose(axes))


# ----------------------------------------------------------------------------- candidates
class _Found:
    """The candidates of one chunk: what is accepted, and which games are refused."""

    def __init__(self, k: int, scale: np.ndarray, atol: np.ndarray, delta: np.ndarray) -> None:
        self.k = k
        self.scale = scale
        self.atol = atol
        self.delta = delta
        self.flag = np.zeros(k, dtype=bool)
        self._rows: list[np.ndarray] = []
        self._owners: list[np.ndarray] = []
        self._pays: list[np.ndarray] = []
        self._regrets: list[np.ndarray] = []

    def refuse(self, mask: np.ndarray) -> None:
        self.flag |= mask

    def pure(self, P: np.ndarray) -> None:
        """Every pure equilibrium; refuses games with two best replies tied within delta."""
        k, n = P.shape[0], P.shape[1]
        shape = P.shape[2:]
        stable = np.ones((k, *shape), dtype=bool)
        for i in range(n):
            own = P[:, i]
            top = own.max(axis=1 + i, keepdims=True)
            stable &= own == top
            if shape[i] > 1:
                ordered = np.sort(own, axis=1 + i)
                lead = np.take(ordered, -1, axis=1 + i) - np.take(ordered, -2, axis=1 + i)
                tied = lead.reshape(k, -1).min(axis=1) <= self.delta
                self.flag |= tied
        found = np.argwhere(stable)
        if not len(found):
            return
        owners = found[:, 0]
        offsets = np.concatenate([[0], np.cumsum(shape)])
        rows = np.zeros((len(found), offsets[-1]))
        for i in range(n):
            rows[np.arange(len(found)), offsets[i] + found[:, 1 + i]] = 1.0
        pays = P[(owners, slice(None), *found[:, 1:].T)]
        self._add(rows, owners, pays, np.zeros(len(found)))

    def mixed(
        self,
        P: np.ndarray,
        strategies: Sequence[np.ndarray],
        supports: Sequence[Sequence[int]],
    ) -> None:
        """One support profile's candidate for every game (one strategy row per game; NaN
        where there is none): accept equilibria, refuse games whose candidate is near the
        boundary, near a tie or inaccurate."""
        probs = np.concatenate(
            [x[:, list(s)] for x, s in zip(strategies, supports, strict=True)], axis=1
        )
        finite = np.isfinite(probs).all(axis=1)
        lowest = np.where(finite, probs.min(axis=1), -np.inf)
        near = lowest > -EDGE
        if not near.any():
            return
        idx = np.flatnonzero(near)
        xs = [np.where(np.isfinite(x[idx]), x[idx], 0.0) for x in strategies]
        values = _action_values(P[idx], xs)
        res = np.zeros(len(idx))
        gap = np.full(len(idx), -np.inf)
        regret = np.zeros(len(idx))
        pays = np.empty((len(idx), len(xs)))
        for i, (v, x, s) in enumerate(zip(values, xs, supports, strict=True)):
            u = np.einsum("ka,ka->k", v, x)
            pays[:, i] = u
            res = np.maximum(res, np.abs(v[:, list(s)] - u[:, None]).max(axis=1))
            unused = [a for a in range(v.shape[1]) if a not in s]
            if unused:
                gap = np.maximum(gap, (v[:, unused] - u[:, None]).max(axis=1))
            regret = np.maximum(regret, v.max(axis=1) - u)
        atol, delta = self.atol[idx], self.delta[idx]
        edge = lowest[idx] <= EDGE
        doubtful = edge | (res > atol) | ((gap >= -delta) & (gap <= delta))
        self.flag[idx[doubtful]] = True
        good = ~doubtful & (gap < -delta)
        if good.any():
            rows = np.concatenate([x[good] for x in xs], axis=1)
            self._add(rows, idx[good], pays[good], regret[good])

    def _add(self, rows, owners, pays, regrets) -> None:
        self._rows.append(rows)
        self._owners.append(owners)
        self._pays.append(pays)
        self._regrets.append(regrets)

    def accepted(self):
        """The accepted candidates (rows, owners, payoffs, regrets), after refusing every game
        left without one (every game has an equilibrium: none found means a doubt)."""
        owners = np.concatenate(self._owners) if self._owners else np.zeros(0, np.int64)
        self.flag |= np.bincount(owners, minlength=self.k) == 0
        if not self._rows:
            return None, None, None, None
        return (
            np.concatenate(self._rows),
            np.concatenate(self._owners),
            np.concatenate(self._pays),
            np.concatenate(self._regrets),
        )


_LETTERS = "abcdefgh"


def _action_values(P: np.ndarray, strategies: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Per game, every player's expected payoff from each own action against the others."""
    n = len(strategies)
    axes = _LETTERS[:n]
    out = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        spec = f"k{axes}," + ",".join(f"k{axes[j]}" for j in others) + f"->k{axes[i]}"
        out.append(np.einsum(spec, P[:, i], *[strategies[j] for j in others]))
    return out


def _root(d0: np.ndarray, d1: np.ndarray) -> np.ndarray:
    """The s with ``s * d0 + (1 - s) * d1 == 0`` (NaN where the two are equal)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return d1 / (d1 - d0)


def _two(p: np.ndarray) -> np.ndarray:
    return np.stack([p, 1.0 - p], axis=1)


def _unit(k: int, size: int, a: int) -> np.ndarray:
    out = np.zeros((k, size))
    out[:, a] = 1.0
    return out


def _on(k: int, size: int, pair: tuple[int, int], t: np.ndarray) -> np.ndarray:
    """Mixed strategies putting t on pair[0] and 1 - t on pair[1]."""
    out = np.zeros((k, size))
    out[:, pair[0]] = t
    out[:, pair[1]] = 1.0 - t
    return out


# ----------------------------------------------------------------------------- kernels
def _two_by_n(P: np.ndarray, found: _Found) -> None:
    """2 x n games: pure profiles, and the row player mixing against each pair of columns."""
    k, n = P.shape[0], P.shape[3]
    found.pure(P)
    A, B = P[:, 0], P[:, 1]
    for j, h in combinations(range(n), 2):
        # row's mix p makes columns j and h equally good; column's mix q on j makes rows equal
        p = _root(B[:, 0, j] - B[:, 0, h], B[:, 1, j] - B[:, 1, h])
        q = _root(A[:, 0, j] - A[:, 1, j], A[:, 0, h] - A[:, 1, h])
        found.mixed(P, [_two(p), _on(k, n, (j, h), q)], [(0, 1), (j, h)])


def _bilinear(E: np.ndarray) -> tuple[np.ndarray, ...]:
    """(alpha, beta, gamma, delta) with ``sum_ij w_i(s) w_j(t) E[:, i, j] == alpha + beta s +
    gamma t + delta s t``, where ``w_0(s) = s`` and ``w_1(s) = 1 - s``."""
    e00, e01, e10, e11 = E[:, 0, 0], E[:, 0, 1], E[:, 1, 0], E[:, 1, 1]
    return e11, e01 - e11, e10 - e11, e00 - e01 - e10 + e11


def _mul(a: tuple, b: tuple) -> tuple:
    """Product of two polynomials given by coefficient tuples (constant first)."""
    out = [0.0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] = out[i + j] + x * y
    return tuple(out)


def _quadratic_roots(c0, c1, c2, scale) -> tuple[list[np.ndarray], np.ndarray]:
    """The real roots of ``c0 + c1 t + c2 t^2`` (two arrays, NaN where none) and a mask of the
    games where the roots cannot be trusted in [0, 1]: an identically (near) zero polynomial,
    or a (near) double root."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        size = np.maximum(np.maximum(np.abs(c0), np.abs(c1)), np.abs(c2))
        flat = size <= FLAG_TOL * scale**3
        disc = c1 * c1 - 4.0 * c2 * c0
        root = np.sqrt(np.maximum(disc, 0.0))
        s = -0.5 * (c1 + np.where(c1 >= 0, root, -root))
        quad = c2 != 0
        t1 = np.where(quad, s / c2, np.where(c1 != 0, -c0 / c1, np.nan))
        t2 = np.where(quad & (s != 0), c0 / s, np.nan)
        real = disc >= 0
        t1 = np.where(real | ~quad, t1, np.nan)
        t2 = np.where(real, t2, np.nan)
        # a double root (tangency) is not a regular equilibrium, and rounding can hide it
        centre = np.where(quad, -c1 / (2 * c2), np.nan)
        near_double = quad & (np.abs(disc) <= DOUBLE_ROOT_TOL * (c1 * c1 + np.abs(4 * c2 * c0)))
        near_double &= (centre > -0.1) & (centre < 1.1)
        close = np.abs(t1 - t2) <= SAME_ROOT_TOL
        near_double |= close & (t1 > -0.1) & (t1 < 1.1)
    return [t1, t2], flat | near_double


def _inside(t: np.ndarray) -> np.ndarray:
    return (t > -EDGE) & (t < 1 + EDGE)


def _two_two_m(P: np.ndarray, found: _Found) -> None:
    """2 x 2 x m games (m = 2 or 3): every support profile that a nondegenerate game's
    equilibria can have (see the module docstring)."""
    k, m = P.shape[0], P.shape[4]
    scale, small = found.scale, found.delta
    found.pure(P)
    P0, P1, P2 = P[:, 0], P[:, 1], P[:, 2]
    e = P0[:, 0] - P0[:, 1]  # (k, b, c): player 0's action 0 minus action 1
    f = P1[:, :, 0] - P1[:, :, 1]  # (k, a, c): player 1's
    both = [(0, 1), (0, 1)]
    for c in range(m):  # players 0 and 1 mix, player 2 plays c
        q = _root(e[:, 0, c], e[:, 1, c])
        p = _root(f[:, 0, c], f[:, 1, c])
        found.mixed(P, [_two(p), _two(q), _unit(k, m, c)], [*both, (c,)])
    for c, d in combinations(range(m), 2):
        g = P2[..., c] - P2[..., d]  # (k, a, b): player 2's c minus d
        for b in range(2):  # player 0 mixes, player 1 plays b, player 2 mixes c and d
            t = _root(e[:, b, c], e[:, b, d])
            p = _root(g[:, 0, b], g[:, 1, b])
            found.mixed(P, [_two(p), _unit(k, 2, b), _on(k, m, (c, d), t)], [(0, 1), (b,), (c, d)])
        for a in range(2):  # player 1 mixes, player 0 plays a
            t = _root(f[:, a, c], f[:, a, d])
            q = _root(g[:, a, 0], g[:, a, 1])
            found.mixed(P, [_unit(k, 2, a), _two(q), _on(k, m, (c, d), t)], [(a,), (0, 1), (c, d)])
        # all three mix: D1(q, t) = D2(p, t) = D3(p, q) = 0
        a1, b1, c1, d1 = _bilinear(e[:, :, [c, d]])
        a2, b2, c2, d2 = _bilinear(f[:, :, [c, d]])
        a3, b3, c3, d3 = _bilinear(g)
        N1, M1 = (-a1, -c1), (b1, d1)  # q = N1(t) / M1(t)
        N2, M2 = (-a2, -c2), (b2, d2)  # p = N2(t) / M2(t)
        terms = [
            [a3 * x for x in _mul(M1, M2)],
            [b3 * x for x in _mul(N2, M1)],
            [c3 * x for x in _mul(N1, M2)],
            [d3 * x for x in _mul(N1, N2)],
        ]
        coef = [sum(term[i] for term in terms) for i in range(3)]
        roots, doubtful = _quadratic_roots(*coef, scale)
        found.refuse(doubtful)
        for t in roots:
            m1 = M1[0] + M1[1] * t
            m2 = M2[0] + M2[1] * t
            with np.errstate(divide="ignore", invalid="ignore"):
                q = (N1[0] + N1[1] * t) / m1
                p = (N2[0] + N2[1] * t) / m2
            thin = _inside(t) & ((np.abs(m1) <= small) | (np.abs(m2) <= small))
            found.refuse(thin)
            found.mixed(P, [_two(p), _two(q), _on(k, m, (c, d), t)], [*both, (c, d)])
    if m == 3:
        _all_mix_three(P, found, e, f, scale, small)


def _all_mix_three(P, found: _Found, e, f, scale, small) -> None:
    """2 x 2 x 3, everyone mixing, player 2 over all three actions: player 2's two
    indifferences are bilinear in (p, q), eliminated to a quadratic in p; then player 2's mix
    is orthogonal to players 0's and 1's indifference vectors (a cross product)."""
    P2 = P[:, 2]
    a1, b1, c1, d1 = _bilinear(P2[..., 0] - P2[..., 1])  # alpha + beta p + gamma q + delta pq
    a2, b2, c2, d2 = _bilinear(P2[..., 0] - P2[..., 2])
    N, M = (-a1, -b1), (c1, d1)  # q = N(p) / M(p)
    left = _mul((a2, b2), M)
    right = _mul((c2, d2), N)
    coef = [left[i] + right[i] for i in range(3)]
    roots, doubtful = _quadratic_roots(*coef, scale)
    found.refuse(doubtful)
    for p in roots:
        m = M[0] + M[1] * p
        with np.errstate(divide="ignore", invalid="ignore"):
            q = (N[0] + N[1] * p) / m
        found.refuse(_inside(p) & (np.abs(m) <= small))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            # player 0's and player 1's indifference, each linear in player 2's mix z
            u = q[:, None] * e[:, 0, :] + (1 - q[:, None]) * e[:, 1, :]
            v = p[:, None] * f[:, 0, :] + (1 - p[:, None]) * f[:, 1, :]
            w = np.cross(u, v)
            total = w.sum(axis=1)
            norm = np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1)
            z = w / total[:, None]
            singular = np.abs(total) <= FLAG_TOL * np.where(norm > 0, norm, 1.0)
        found.refuse(_inside(p) & _inside(q) & singular)
        z = np.where(singular[:, None], np.nan, z)
        found.mixed(P, [_two(p), _two(q), z], [(0, 1), (0, 1), (0, 1, 2)])


# ----------------------------------------------------------------------------- results
class _Store:
    """The batch's equilibria as arrays, and the per-game ``solve`` results of refused games."""

    def __init__(self, arr, ranges, tol, method, options) -> None:
        self.arr = arr
        self.ranges = ranges
        self.tol = tol
        self.method = method
        self.options = options
        self.label = ""
        self.timing = 0.0
        k = arr.shape[0]
        self.solved: dict[int, SolveResult] = {}
        self.batch = np.zeros(k, dtype=bool)
        self.parts: list[tuple] = []

    def add(self, lo, rows, owners, pays, regrets, perm, shape, flag) -> None:
        k = len(flag)
        self.batch[lo : lo + k] = ~flag
        if rows is None:
            return
        keep = ~flag[owners]
        rows, owners, pays, regrets = rows[keep], owners[keep], pays[keep], regrets[keep]
        # back to the original players' order
        work_shape = [shape[p] for p in perm]
        offsets = np.concatenate([[0], np.cumsum(work_shape)])
        where = [perm.index(i) for i in range(len(perm))]  # original player i's place
        cols = np.concatenate([np.arange(offsets[j], offsets[j + 1]) for j in where])
        rows = rows[:, cols]
        pays = pays[:, where]
        order = np.lexsort([-rows[:, j] for j in reversed(range(rows.shape[1]))] + [owners])
        self.parts.append((lo, rows[order], owners[order] + lo, pays[order], regrets[order]))

    def fallback(self, games: np.ndarray) -> None:
        from . import solve

        for g in games:
            g = int(g)
            self.solved[g] = solve(
                Game(list(self.arr[g])), method=self.method, tol=self.tol, **self.options
            )

    def results(self) -> SolveResults:
        k, n = self.arr.shape[0], self.arr.shape[1]
        if self.parts:
            rows = np.concatenate([p[1] for p in self.parts])
            owners = np.concatenate([p[2] for p in self.parts])
            pays = np.concatenate([p[3] for p in self.parts])
            regrets = np.concatenate([p[4] for p in self.parts])
        else:
            width = sum(self.arr.shape[2:])
            rows, owners = np.zeros((0, width)), np.zeros(0, dtype=np.int64)
            pays, regrets = np.zeros((0, n)), np.zeros(0)
        counts = np.bincount(owners, minlength=k)
        start = np.concatenate([[0], np.cumsum(counts)])
        params = MappingProxyType({"tol": self.tol, "rejected": 0, "batch": self.label})
        timings = MappingProxyType({"solve": self.timing})
        return SolveResults(self, rows, pays, regrets, start, params, timings)


class SolveResults(Sequence[SolveResult]):
    """What :func:`solve_many` returns: a sequence of one :class:`~gametheory.SolveResult` per
    game, each built when first read (and kept)."""

    def __init__(self, store: _Store, rows, pays, regrets, start, params, timings) -> None:
        self._store = store
        self._rows = rows
        self._pays = pays
        self._regrets = regrets
        self._start = start.tolist()
        self._params = params
        self._timings = timings
        self._built: dict[int, SolveResult] = dict(store.solved)
        shape = store.arr.shape[2:]
        n = len(shape)
        self._players = tuple(str(i + 1) for i in range(n))
        self._actions = tuple(tuple(str(a + 1) for a in range(size)) for size in shape)
        cuts = np.concatenate([[0], np.cumsum(shape)]).tolist()
        self._spans = [(cuts[i], cuts[i + 1]) for i in range(n)]
        self._two = n == 2
        self._method = "enummixed" if self._two else "enumpoly"
        self._ranges = store.ranges.tolist()
        self._flat = store.arr.reshape(store.arr.shape[0], n, int(np.prod(shape)))

    def __len__(self) -> int:
        return self._store.arr.shape[0]

    @overload
    def __getitem__(self, index: int) -> SolveResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[SolveResult]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[g] for g in range(*index.indices(len(self)))]
        g = int(index)
        if g < 0:
            g += len(self)
        if not 0 <= g < len(self):
            raise IndexError(f"solve_many result index {index} out of range for {len(self)} games")
        found = self._built.get(g)
        if found is None:
            # the block around g at once: numpy's bulk conversions cost less per game than
            # one game's, and a caller reading a few games still pays for a block only
            lo = g - g % BUILD_BLOCK
            self._build_block(lo, min(len(self), lo + BUILD_BLOCK))
            found = self._built[g]
        return found

    def __iter__(self) -> Iterator[SolveResult]:
        built, k = self._built, len(self)
        for lo in range(0, k, BUILD_BLOCK):
            hi = min(k, lo + BUILD_BLOCK)
            if any(g not in built for g in range(lo, hi)):
                self._build_block(lo, hi)
            yield from map(built.__getitem__, range(lo, hi))

    @property
    def batch_solved(self) -> np.ndarray:
        """Per game: True if the batch's closed forms solved it, False if ``solve`` did."""
        return self._store.batch.copy()

    def _build_block(self, lo: int, hi: int) -> None:
        """Build the results of games lo..hi-1 (those ``solve`` did not answer)."""
        # the objects built here hold no reference cycles, yet each allocation burst makes the
        # cyclic collector rescan every result built so far: most of the time of building
        # 10^5 results went there, so it waits until the block is done
        paused = gc.isenabled()
        gc.disable()
        try:
            self._build_unpaused(lo, hi)
        finally:
            if paused:
                gc.enable()

    def _build_unpaused(self, lo: int, hi: int) -> None:
        first, last = self._start[lo], self._start[hi]
        rows = self._rows[first:last]
        strategies = zip(*(map(tuple, rows[:, a:b].tolist()) for a, b in self._spans), strict=True)
        pays = map(tuple, self._pays[first:last].tolist())
        regrets = np.maximum(self._regrets[first:last], 0.0).tolist()
        equilibria = unchecked_many(
            Equilibrium,
            [
                {"strategies": s, "payoffs": p, "regret": r, "exact": None}
                for s, p, r in zip(strategies, pays, regrets, strict=True)
            ],
        )
        arr = self._store.arr[lo:hi]
        tables = zip(*(list(arr[:, i]) for i in range(arr.shape[1])), strict=True)
        flats, ranges = list(self._flat[lo:hi]), self._ranges[lo:hi]
        players, actions, start, built = self._players, self._actions, self._start, self._built
        method, params, timings, two = self._method, self._params, self._timings, self._two
        degenerate = False if two else None
        solved, fields = [], []
        for g, table, flat, payoff_range in zip(range(lo, hi), tables, flats, ranges, strict=True):
            if g in built:
                continue  # solved by solve, one game at a time
            solved.append(g)
            found = tuple(equilibria[start[g] - first : start[g + 1] - first])
            fields.append(
                {
                    "equilibria": found,
                    "method": method,
                    "complete": True,
                    "parameters": params,
                    "nash_subsets": _SINGLETONS[: len(found)] if two else (),
                    "degenerate": degenerate,
                    "timings": timings,
                    "reason": "",
                    "converged": None,
                    "game": Game._checked(table, payoff_range, players, actions, flat),
                }
            )
        results = unchecked_many(SolveResult, fields)
        built.update(zip(solved, results, strict=True))


# a nondegenerate game's Nash subsets: one per equilibrium (a nondegenerate 2 x n game has at
# most n + 1 equilibria: two pure ones and one per kink of the column player's upper envelope)
_SINGLETONS = tuple((i,) for i in range(MAX_TWO_BY_N + 2))


__all__ = ["SolveResults", "solve_many"]
