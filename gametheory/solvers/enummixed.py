"""All extreme equilibria of a bimatrix game by labelled vertex enumeration.

This is the method Gambit calls ``enummixed`` (Mangasarian 1964; von Stengel 2002, "Computing
equilibria for two-person games", Handbook of Game Theory 3, ch. 45): enumerate the vertices of
both best-response polytopes, then keep the completely labelled pairs. Unlike support
enumeration it is complete for degenerate games too: it returns every extreme equilibrium, and
the maximal Nash subsets (convex sets of equilibria, a continuum when larger than a point) are
built from them.

Two arithmetics:

* floating point (default): a numba kernel, labels decided with a relative tolerance;
* exact rationals (``exact=True``): the same enumeration in :class:`fractions.Fraction`, for
  small games, returning exact strategies.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import comb

import numpy as np

from ..errors import GameError
from ..game import Game
from . import _polytope

MAX_FLOAT_WORK = 2 * 10**7
"""Largest number of candidate tight sets, C(m+n, m), the float enumeration will attempt.

A 13x13 game (1.0e7) takes some 20 s; 15x15 (1.6e8) would take four minutes.
"""
MAX_EXACT_WORK = 5 * 10**4
"""Largest C(m+n, m) for exact rational enumeration (pure Python)."""


@dataclass(frozen=True)
class Extremes:
    """Extreme equilibria of a bimatrix game: strategy pairs plus structure."""

    xs: list  # extreme strategies of player 1 (normalised)
    ys: list
    pairs: np.ndarray  # (index into xs, index into ys) for each extreme equilibrium
    degenerate: bool

    @property
    def profiles(self):
        return [(self.xs[a], self.ys[b]) for a, b in self.pairs]


def _check_size(game: Game, limit: int, what: str) -> None:
    if game.n_players != 2:
        raise GameError(
            f"solve(): method 'enummixed' needs two players, the game has {game.n_players}; "
            "use method='pure' for pure equilibria of n-player games"
        )
    m, n = game.shape
    work = comb(m + n, m)
    if m + n > _polytope.MAX_LABELS or work > limit:
        raise GameError(
            f"solve(): a {m}x{n} game is too large for {what} enumeration "
            f"(C(m+n, m) = {work:.3g} candidate vertex sets, limit {limit:.3g}); "
            f"{_nashpy_alternative(work, what)}"
        )


def _nashpy_alternative(work: int, what: str) -> str:
    from .nashpy_methods import alternative

    if what == "exact":
        return (
            "drop exact=True for float enumeration" if work <= MAX_FLOAT_WORK else alternative(work)
        )
    return alternative(work)


def _unit_scaled(a: np.ndarray) -> np.ndarray:
    """Positive affine image of a payoff matrix with entries in [1, 2] (equilibria unchanged)."""
    span = float(a.max() - a.min())
    return (a - a.min()) / span + 1.0 if span > 0 else np.ones_like(a)


def _unique_by_mask(points: np.ndarray, masks: np.ndarray):
    masks, first = np.unique(masks, return_index=True)
    return points[first], masks


def extreme_equilibria(game: Game, tol: float) -> Extremes:
    """Float enumeration; `tol` is the relative label tolerance (payoffs scaled to [1, 2])."""
    _check_size(game, MAX_FLOAT_WORK, "vertex")
    A, B = (_unit_scaled(np.asarray(p, dtype=float)) for p in game.payoffs)
    m, n = A.shape
    label_tol = max(tol, 1e-12)
    xp, xl = _unique_by_mask(*_polytope.polytope_vertices(np.ascontiguousarray(B), label_tol))
    yp, yl = _unique_by_mask(*_polytope.polytope_vertices(np.ascontiguousarray(A.T), label_tol))
    yl_global = _polytope.q_labels_to_game_labels(yl, m, n)
    pairs = _polytope.complementary_pairs(xl, yl_global, np.int64((1 << (m + n)) - 1))
    degenerate = bool(
        any(int(v).bit_count() > m for v in xl) or any(int(v).bit_count() > n for v in yl)
    )
    used_x, x_index = np.unique(pairs[:, 0], return_inverse=True)
    used_y, y_index = np.unique(pairs[:, 1], return_inverse=True)
    xs = [xp[a] / xp[a].sum() for a in used_x]
    ys = [yp[b] / yp[b].sum() for b in used_y]
    return Extremes(xs, ys, np.column_stack([x_index, y_index]).reshape(-1, 2), degenerate)


# --------------------------------------------------------------------------- exact rationals
def _solve_exact(M, rows, cols):
    """Solve sum_a M[rows[a]][cols[b]] x_a = 1 for all b in rationals; None if singular."""
    k = len(rows)
    work = [[M[rows[a]][cols[b]] for a in range(k)] + [Fraction(1)] for b in range(k)]
    for c in range(k):
        p = next((r for r in range(c, k) if work[r][c] != 0), None)
        if p is None:
            return None
        work[c], work[p] = work[p], work[c]
        for r in range(k):
            if r != c and work[r][c] != 0:
                f = work[r][c] / work[c][c]
                work[r] = [u - f * v for u, v in zip(work[r], work[c], strict=True)]
    return [work[c][k] / work[c][c] for c in range(k)]


def _exact_vertices(M):
    m, n = len(M), len(M[0])
    found: dict[int, tuple[Fraction, ...]] = {}
    for k in range(1, min(m, n) + 1):
        for rows in combinations(range(m), k):
            for cols in combinations(range(n), k):
                sol = _solve_exact(M, rows, cols)
                if sol is None or any(v < 0 for v in sol):
                    continue
                x = [Fraction(0)] * m
                for r, v in zip(rows, sol, strict=True):
                    x[r] = v
                sums = [sum((M[i][j] * x[i] for i in rows), Fraction(0)) for j in range(n)]
                if any(s > 1 for s in sums):
                    continue
                mask = sum(1 << i for i in range(m) if x[i] == 0)
                mask |= sum(1 << (m + j) for j in range(n) if sums[j] == 1)
                found.setdefault(mask, tuple(x))
    return found


def exact_extreme_equilibria(game: Game) -> Extremes:
    """The same enumeration in exact rational arithmetic (small games)."""
    _check_size(game, MAX_EXACT_WORK, "exact")
    A, B = game.exact_payoffs()
    m, n = A.shape
    shift_a, shift_b = min(A.ravel()) - 1, min(B.ravel()) - 1
    P = _exact_vertices([[B[i, j] - shift_b for j in range(n)] for i in range(m)])
    Q = _exact_vertices([[A[i, j] - shift_a for i in range(m)] for j in range(n)])
    full = (1 << (m + n)) - 1
    q_items = [(_polytope.q_labels_to_game_labels(mask, m, n), y) for mask, y in Q.items()]
    x_list, y_list, pairs = [], [], []
    x_pos: dict[int, int] = {}
    y_pos: dict[int, int] = {}
    for xmask, x in sorted(P.items()):
        for ymask, y in sorted(q_items):
            if xmask | ymask == full:
                if xmask not in x_pos:
                    x_pos[xmask] = len(x_list)
                    x_list.append(tuple(v / sum(x) for v in x))
                if ymask not in y_pos:
                    y_pos[ymask] = len(y_list)
                    y_list.append(tuple(v / sum(y) for v in y))
                pairs.append((x_pos[xmask], y_pos[ymask]))
    degenerate = any(mask.bit_count() > m for mask in P) or any(mask.bit_count() > n for mask in Q)
    return Extremes(x_list, y_list, np.array(pairs, dtype=np.int64).reshape(-1, 2), degenerate)
