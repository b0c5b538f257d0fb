"""All extreme equilibria of a bimatrix game by labelled vertex enumeration.

This is the method Gambit calls ``enummixed`` (Mangasarian 1964; von Stengel 2002, "Computing
equilibria for two-person games", Handbook of Game Theory 3, ch. 45): the extreme equilibria are
the completely labelled pairs of vertices of the two best-response polytopes. It is complete for
degenerate games too: it returns every extreme equilibrium, and the maximal Nash subsets (convex
sets of equilibria, a continuum when larger than a point) are built from them.

Three paths:

* **pivoting** (nondegenerate games, the fast path): the vertices of the polytope of the player
  with fewer strategies by a breadth-first pivoting traversal with a hashed visited set
  (:mod:`._kernels.pivot`; vertex enumeration by pivoting as in Avis & Fukuda 1992), and for
  each vertex its partner from one linear solve (as lrsnash does: Avis, Rosenberg, Savani & von
  Stengel 2010). The cost follows the number of vertices, not the ``C(m+n, m)`` tight sets. The
  kernel stops at the first sign of degeneracy; completeness is argued in ``docs/solvers.md``.
* **tight sets** (degenerate games up to ``MAX_FLOAT_WORK`` tight sets, about 13x13): every
  tight set of both polytopes, ``C(m+n, m)`` linear solves (:mod:`._kernels.polytope`),
  labels decided with a relative tolerance, all pairs joined.
* **bases** (larger degenerate games): every vertex of both polytopes by a breadth-first search
  over their lexicographically feasible bases (:mod:`._kernels.bases`), each vertex once with
  all its labels, joined on complementary label sets. Its work follows the vertices of the perturbed
  polytopes, capped at ``MAX_BASES`` per polytope; the tests check it against the tight sets
  on degenerate games.

Both exist in exact rationals too (``exact=True``): the pivoting path recomputes each
equilibrium from its labels in :class:`fractions.Fraction`; the tight sets are enumerated in
rationals for small games.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import comb
from typing import Any

import numpy as np

from ..errors import GameError, TooLargeError
from ..game import Game
from ..tolerance import DEFAULT_TOL, FLOAT_SUPPORT_TOL, VERTEX_LABEL_FLOOR
from ._kernels import bases as _bases
from ._kernels import pivot as _pivot
from ._kernels import polytope as _polytope
from .registry import Method, Proposals, register

MAX_FLOAT_WORK = 2 * 10**7
"""Default limit on the tight sets, C(m+n, m), of the degenerate-game enumeration (~15 s)."""
TIGHT_SETS_PER_SECOND = 1.5e6
"""Rough speed of the tight-set kernel on one core, for the estimate in refusals."""
MAX_EXACT_WORK = 5 * 10**4
"""Largest C(m+n, m) for exact rational tight-set enumeration (pure Python)."""
MAX_VERTICES = 10**7
"""Default cap on the vertices the pivoting enumeration visits in one polytope."""
MAX_BASES = 5 * 10**5
"""Default cap on the bases the degenerate-game search visits in one polytope (5-15 s);
a max_vertices other than the default replaces it."""
MAX_VERTEX_BOUND = 1000
"""Refuse up front when the upper-bound-theorem vertex count exceeds this many times the cap."""


class Extremes:
    """Extreme equilibria of a bimatrix game: strategy pairs plus structure."""

    def __init__(self, xs, ys, pairs, degenerate, exact=False):
        self.xs = xs  # extreme strategies of player 1 (normalised)
        self.ys = ys
        self.pairs = pairs  # (index into xs, index into ys) for each extreme equilibrium
        self.degenerate = degenerate
        self.exact = exact
        self.labels = None  # label masks of xs and ys (pivoting path), for exact recomputation
        self.path = "tight sets"  # or "pivoting"
        self.visited = None  # vertices visited by the pivoting path

    @property
    def profiles(self):
        return [(self.xs[a], self.ys[b]) for a, b in self.pairs]


def _check_players(game: Game) -> None:
    if game.n_players != 2:
        raise GameError(
            f"solve(): method 'enummixed' needs two players, the game has {game.n_players}; "
            "use method='pure' for pure equilibria of n-player games"
        )


def vertex_bound(d: int, facets: int) -> int:
    """Upper bound theorem: the most vertices a d-polytope with `facets` facets can have.

    McMullen (1970); for the best-response polytope of an m x n game, d = m, facets = m + n.

    >>> vertex_bound(2, 4), vertex_bound(14, 28)
    (4, 155040)
    """
    if facets <= d:
        return 1 if facets == d else 0
    lo, hi = d // 2, (d + 1) // 2
    return comb(facets - hi, lo) + comb(facets - lo - 1, hi - 1)


def work_estimate(game: Game) -> int:
    """Worst-case number of vertices the pivoting enumeration visits.

    It enumerates the polytope of the player with fewer strategies (dimension d = min(m, n),
    m + n facets) and solves for each vertex's partner.
    """
    m, n = game.shape
    return vertex_bound(min(m, n), m + n)


def fallback(shape: tuple[int, ...]) -> str:
    """What a refusal of an exhaustive two-player method should recommend for this shape.

    ``enummixed`` when its up-front estimate admits the game, else the methods that always
    return: capped Lemke-Howson for some equilibria, ``pure`` for the pure ones.
    """
    m, n = shape
    if m + n <= _polytope.MAX_LABELS and (
        vertex_bound(min(m, n), m + n) <= MAX_VERTEX_BOUND * MAX_VERTICES
    ):
        return "use method='enummixed' (all equilibria)"
    return _always_returns()


def _always_returns() -> str:
    return (
        "use method='lemke-howson' for some equilibria (each path capped at "
        f"{_polytope.MAX_PIVOTS} pivots) or method='pure' for the pure ones"
    )


def _check_labels(m: int, n: int) -> None:
    """Label sets are int64 bit masks: at most MAX_LABELS strategies in all."""
    if m + n > _polytope.MAX_LABELS:
        raise TooLargeError(
            f"solve(): a {m}x{n} game has more than {_polytope.MAX_LABELS} strategies in all, "
            "more than method 'enummixed' handles; use method='pure' for the pure equilibria"
        )


def _check_tight_sets(game: Game, limit: int, what: str, why: str) -> None:
    m, n = game.shape
    work = comb(m + n, m)
    if m + n > _polytope.MAX_LABELS or work > limit:
        seconds = work / TIGHT_SETS_PER_SECOND
        anyway = (
            f"pass max_tight_sets={work} to run it anyway, or "
            if seconds <= 24 * 3600 and m + n <= _polytope.MAX_LABELS
            else ""
        )
        raise TooLargeError(
            f"solve(): {why}: the complete {what} enumeration of this {m}x{n} game tries "
            f"C(m+n, m) = {work:.3g} tight sets, more than the limit {limit:.3g} "
            f"(about {seconds:.3g} s); {anyway}{_always_returns()}"
        )


def unit_scaled(a: np.ndarray) -> np.ndarray:
    """Positive affine image of a payoff matrix with entries in [1, 2] (equilibria unchanged)."""
    span = float(a.max() - a.min())
    return (a - a.min()) / span + 1.0 if span > 0 else np.ones_like(a)


def _unique_by_mask(points: np.ndarray, masks: np.ndarray):
    masks, first = np.unique(masks, return_index=True)
    return points[first], masks


def _compact(xp, yp, pairs, degenerate) -> Extremes:
    used_x, x_index = np.unique(pairs[:, 0], return_inverse=True)
    used_y, y_index = np.unique(pairs[:, 1], return_inverse=True)
    xs = [xp[a] / xp[a].sum() for a in used_x]
    ys = [yp[b] / yp[b].sum() for b in used_y]
    return Extremes(xs, ys, np.column_stack([x_index, y_index]).reshape(-1, 2), degenerate)


def _pivot_extremes(game: Game, tol: float, max_vertices: int) -> Extremes | None:
    """Extreme equilibria by pivoting (nondegenerate case), or None when degeneracy is met.

    The polytope of the player with fewer strategies is enumerated; each vertex's partner in
    the other polytope is the solution of one linear system (see :mod:`._kernels.pivot`).
    """
    m, n = game.shape
    if n < m:
        ext = _pivot_extremes(_transposed(game), tol, max_vertices)
        if ext is not None:
            ext.xs, ext.ys = ext.ys, ext.xs
            ext.pairs = ext.pairs[:, ::-1].copy()
            xl, yl = ext.labels
            swap = _polytope.q_labels_to_game_labels  # the same bit shuffle swaps the roles
            ext.labels = (swap(yl, m, n), swap(xl, m, n))
        return ext
    bound = work_estimate(game)
    if bound > MAX_VERTEX_BOUND * max_vertices:
        raise TooLargeError(
            f"solve(): the best-response polytope of a {m}x{n} game may have up to "
            f"{bound:.3g} vertices (upper bound theorem), beyond any run of method 'enummixed' "
            f"with max_vertices={max_vertices:.3g}; {_always_returns()}"
        )
    _check_labels(m, n)
    A, B = (unit_scaled(np.asarray(p, dtype=float)) for p in game.payoffs)
    label_tol = max(tol, VERTEX_LABEL_FLOOR)
    MP, MQ = np.ascontiguousarray(B), np.ascontiguousarray(A.T)
    masks, status, visited = _pivot.enumerate_vertices(MP, label_tol, max_vertices)
    if status == _pivot.CAPPED:
        raise TooLargeError(
            f"solve(): method 'enummixed' stopped after {visited} vertices of a best-response "
            f"polytope of this {m}x{n} game (max_vertices={max_vertices}; the upper bound "
            f"theorem allows {bound:.3g}); pass a larger max_vertices, or use method='pure' "
            "for the pure equilibria"
        )
    if status == _pivot.DEGENERATE:
        return None
    index, ys, status = _pivot.partners(MQ, masks, m, label_tol)
    if status == _pivot.DEGENERATE:
        return None
    xl = masks[index]
    xp = _pivot.points(MP, xl, label_tol)
    # x's labels plus its partner's are all m + n labels: the partner's are the complement
    yl = np.int64((1 << (m + n)) - 1) ^ xl
    k = len(index)
    ext = Extremes(
        [x / x.sum() for x in xp],
        [y / y.sum() for y in ys],
        np.column_stack([np.arange(k), np.arange(k)]).reshape(-1, 2),
        None,
    )
    ext.labels = (xl, yl)
    ext.path = "pivoting"
    ext.visited = visited
    return ext


def _transposed(game: Game) -> Game:
    A, B = game.payoffs
    return Game.from_bimatrix(B.T, A.T)


def extreme_equilibria(
    game: Game,
    tol: float,
    max_vertices: int = MAX_VERTICES,
    max_tight_sets: int = MAX_FLOAT_WORK,
) -> Extremes:
    """Float enumeration; `tol` is the relative label tolerance (payoffs scaled to [1, 2]).

    Nondegenerate games: pivoting enumeration of both polytopes and a hashed join. When the
    pivoting meets degeneracy it stops, and every tight set is enumerated instead.
    """
    _check_players(game)
    ext = _pivot_extremes(game, tol, max_vertices)
    if ext is not None:
        return ext
    m, n = game.shape
    if comb(m + n, m) <= max_tight_sets:
        return tight_set_equilibria(game, tol, max_tight_sets)
    max_bases = MAX_BASES if max_vertices == MAX_VERTICES else max_vertices
    return basis_search_equilibria(game, tol, max_bases)


def basis_search_equilibria(game: Game, tol: float, max_bases: int = MAX_BASES) -> Extremes:
    """Every vertex of both polytopes by a search over their bases (:mod:`._kernels.bases`), joined
    on complementary label sets: complete for degenerate games, and unlike the tight sets its
    work grows with the vertices and bases the polytopes have, not with C(m+n, m)."""
    _check_players(game)
    m, n = game.shape
    _check_labels(m, n)
    A, B = (unit_scaled(np.asarray(p, dtype=float)) for p in game.payoffs)
    label_tol = max(tol, VERTEX_LABEL_FLOOR)
    found = []
    for M in (np.ascontiguousarray(B), np.ascontiguousarray(A.T)):
        points, labels, status, visited = _bases.basis_search_vertices(M, label_tol, max_bases)
        if status == _pivot.CAPPED:
            raise TooLargeError(
                f"solve(): method 'enummixed' stopped after {visited} bases of a best-response "
                f"polytope of this degenerate {m}x{n} game (the cap is {max_bases}; its "
                f"C(m+n, m) = {comb(m + n, m):.3g} tight sets are beyond the tight-set "
                "enumeration too); pass a larger max_vertices, or "
                f"{_always_returns()}"
            )
        found.append((points, labels, visited))
    (xp, xl, vx), (yp, yl, vy) = found
    yl_global = _polytope.q_labels_to_game_labels(yl, m, n)
    pairs = _polytope.complementary_pairs(xl, yl_global, m, n)
    degenerate = bool(
        any(int(v).bit_count() > m for v in xl) or any(int(v).bit_count() > n for v in yl)
    )
    used_x, used_y = np.unique(pairs[:, 0]), np.unique(pairs[:, 1])
    ext = _compact(xp, yp, pairs, degenerate)
    ext.labels = (xl[used_x], yl_global[used_y])
    ext.path = "bases"
    ext.visited = vx + vy
    return ext


def tight_set_equilibria(game: Game, tol: float, max_tight_sets: int = MAX_FLOAT_WORK) -> Extremes:
    """Every tight set of both polytopes (complete for degenerate games; C(m+n, m) sets)."""
    _check_players(game)
    _check_tight_sets(game, max_tight_sets, "tight-set", "the game is degenerate")
    A, B = (unit_scaled(np.asarray(p, dtype=float)) for p in game.payoffs)
    m, n = A.shape
    label_tol = max(tol, VERTEX_LABEL_FLOOR)
    xp, xl = _unique_by_mask(*_polytope.polytope_vertices(np.ascontiguousarray(B), label_tol))
    yp, yl = _unique_by_mask(*_polytope.polytope_vertices(np.ascontiguousarray(A.T), label_tol))
    yl_global = _polytope.q_labels_to_game_labels(yl, m, n)
    pairs = _polytope.complementary_pairs(xl, yl_global, m, n)
    degenerate = bool(
        any(int(v).bit_count() > m for v in xl) or any(int(v).bit_count() > n for v in yl)
    )
    return _compact(xp, yp, pairs, degenerate)


# --------------------------------------------------------------------------- exact rationals
def solve_exact(M, rows, cols):
    """Solve sum_a M[rows[a]][c] x_a = 1 for every c in `cols` in rationals.

    ``len(cols) >= len(rows)``; returns None unless the system has full column rank (extra
    equations are not checked here: the exact regret check of every result does that).
    Gauss-Jordan elimination in :class:`fractions.Fraction`, the one exact counterpart of the
    compiled float kernels of :mod:`gametheory._linalg`: any non-zero pivot is exact, so the
    first one is taken, and the system may have more equations than unknowns.
    """
    k = len(rows)
    work = [[M[rows[a]][c] for a in range(k)] + [Fraction(1)] for c in cols]
    for c in range(k):
        p = next((r for r in range(c, len(work)) if work[r][c] != 0), None)
        if p is None:
            return None
        work[c], work[p] = work[p], work[c]
        for r in range(len(work)):
            if r != c and work[r][c] != 0:
                f = work[r][c] / work[c][c]
                work[r] = [u - f * v for u, v in zip(work[r], work[c], strict=True)]
    return [work[c][k] / work[c][c] for c in range(k)]


def exact_from_supports(game: Game, profiles, tol: float = FLOAT_SUPPORT_TOL) -> list:
    """Exact rational versions of float two-player equilibria, one per profile (or None).

    Each strategy is recomputed from what its float version says: its support and the
    opponent's best responses (within `tol`), solving the indifference equations exactly.
    """
    MP, MQ = _exact_matrices(game)
    A, B = (np.asarray(p, dtype=float) for p in game.payoffs)
    out = []
    for x, y in profiles:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        sx = [i for i in range(len(x)) if x[i] > tol]
        sy = [j for j in range(len(y)) if y[j] > tol]
        cv, rv = B.T @ x, A @ y
        bx = [j for j in range(len(y)) if cv[j] >= cv.max() - tol * max(1.0, abs(cv.max()))]
        by = [i for i in range(len(x)) if rv[i] >= rv.max() - tol * max(1.0, abs(rv.max()))]
        ex = _exact_solution(MP, sx, bx, len(x))
        ey = _exact_solution(MQ, sy, by, len(y))
        out.append(None if ex is None or ey is None else (ex, ey))
    return out


def _exact_solution(M, support, tight, size):
    if len(tight) < len(support):
        return None
    sol = solve_exact(M, support, tight)
    if sol is None or any(v <= 0 for v in sol):
        return None
    x = [Fraction(0)] * size
    for r, v in zip(support, sol, strict=True):
        x[r] = v
    total = sum(x)
    return tuple(v / total for v in x)


def _exact_vertices(M):
    m, n = len(M), len(M[0])
    found: dict[int, tuple[Fraction, ...]] = {}
    for k in range(1, min(m, n) + 1):
        for rows in combinations(range(m), k):
            for cols in combinations(range(n), k):
                sol = solve_exact(M, rows, cols)
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


def _exact_matrices(game: Game):
    """Exact (P-matrix, Q-matrix) with positive entries: B - min B + 1 and (A - min A + 1)^T."""
    A, B = game.exact_payoffs()
    m, n = A.shape
    shift_a, shift_b = min(A.ravel()) - 1, min(B.ravel()) - 1
    MP = [[B[i, j] - shift_b for j in range(n)] for i in range(m)]
    MQ = [[A[i, j] - shift_a for i in range(m)] for j in range(n)]
    return MP, MQ


def _exact_point(M, mask: int, size: int, other: int):
    """The vertex of {x >= 0, M^T x <= 1} with this label mask (own labels first), exactly.

    A degenerate vertex has more tight columns than support rows: the extra equations are
    consistent at a true vertex, and the exact regret check of every result checks them."""
    rows = [i for i in range(size) if not (mask >> i) & 1]
    cols = [j for j in range(other) if (mask >> (size + j)) & 1]
    if len(cols) < len(rows) or not rows:
        return None
    sol = solve_exact(M, rows, cols)
    if sol is None:
        return None
    x = [Fraction(0)] * size
    for r, v in zip(rows, sol, strict=True):
        x[r] = v
    total = sum(x)
    return tuple(v / total for v in x)


def exact_extreme_equilibria(
    game: Game,
    tol: float = DEFAULT_TOL,
    max_vertices: int = MAX_VERTICES,
    max_tight_sets: int = MAX_EXACT_WORK,
) -> Extremes:
    """The extreme equilibria in exact rational arithmetic.

    Nondegenerate games: the pivoting enumeration finds the label sets in floating point and
    each equilibrium is recomputed exactly from its labels (and verified exactly by
    :func:`gametheory.solve`). Degenerate games: every tight set in rationals (small games),
    beyond that the bases search's label sets, each vertex recomputed in rationals.
    ``max_vertices=0`` goes straight to the tight sets.
    """
    _check_players(game)
    m, n = game.shape
    MP, MQ = _exact_matrices(game)
    ext = _pivot_extremes(game, tol, max_vertices) if max_vertices > 0 else None
    if ext is not None:
        xl, yl = ext.labels
        xs = [_exact_point(MP, int(mask), m, n) for mask in xl]
        ys = [
            _exact_point(MQ, int(_polytope.q_labels_to_game_labels(int(mask), n, m)), n, m)
            for mask in yl
        ]
        if all(v is not None for v in xs + ys):
            out = Extremes(xs, ys, ext.pairs, None, exact=True)
            out.path = "pivoting"
            return out
    if comb(m + n, m) > max_tight_sets and m + n <= _polytope.MAX_LABELS:
        # beyond the exact tight sets: the bases search finds the label sets in floating
        # point, as the pivoting path does, and each vertex is recomputed exactly from them
        max_bases = MAX_BASES if max_vertices == MAX_VERTICES else max(max_vertices, 1)
        ext = basis_search_equilibria(game, tol, max_bases)
        xs = [_exact_point(MP, int(mask), m, n) for mask in ext.labels[0]]
        ys = [
            _exact_point(MQ, int(_polytope.q_labels_to_game_labels(int(mask), n, m)), n, m)
            for mask in ext.labels[1]
        ]
        if all(v is not None for v in xs + ys):
            out = Extremes(xs, ys, ext.pairs, ext.degenerate, exact=True)
            out.path = "bases"
            return out
    _check_tight_sets(game, max_tight_sets, "exact", "the game is degenerate")
    P = _exact_vertices(MP)
    Q = _exact_vertices(MQ)
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


# ----------------------------------------------------------------------------- methods
def run_enummixed(
    game: Game, *, tol: float, exact: bool, max_vertices: int, max_tight_sets: int | None
) -> Proposals:
    """Method ``enummixed``: :func:`extreme_equilibria` (or its exact version) as proposals."""
    if exact:
        limit = MAX_EXACT_WORK if max_tight_sets is None else max_tight_sets
        ext = exact_extreme_equilibria(game, tol, max_vertices, limit)
    else:
        limit = MAX_FLOAT_WORK if max_tight_sets is None else max_tight_sets
        ext = extreme_equilibria(game, tol, max_vertices, limit)
    profiles = ext.profiles
    details: dict[str, Any] = {"path": ext.path}
    if ext.visited is not None:
        details["vertices"] = ext.visited
    return Proposals(
        profiles,
        True,
        ext.degenerate,
        ext.pairs,
        exact=profiles if exact else None,
        details=details,
    )


def run_tight_sets(game: Game, *, tol: float, exact: bool, max_tight_sets: int | None) -> Proposals:
    """Method ``tightsets``: :func:`tight_set_equilibria` (or its exact version)."""
    if exact:
        limit = MAX_EXACT_WORK if max_tight_sets is None else max_tight_sets
        ext = exact_extreme_equilibria(game, tol, 0, limit)
    else:
        limit = MAX_FLOAT_WORK if max_tight_sets is None else max_tight_sets
        ext = tight_set_equilibria(game, tol, limit)
    profiles = ext.profiles
    return Proposals(profiles, True, ext.degenerate, ext.pairs, exact=profiles if exact else None)


register(
    Method(
        "enummixed",
        run_enummixed,
        "all extreme equilibria: pivoting vertex enumeration, tight sets if degenerate",
        complete=True,
        exact=True,
        options={"max_vertices": MAX_VERTICES, "max_tight_sets": None},
        auto_priority=100,
    )
)
register(
    Method(
        "tightsets",
        run_tight_sets,
        "all extreme equilibria by enumerating every tight set (C(m+n, m))",
        complete=True,
        exact=True,
        options={"max_tight_sets": None},
    )
)
