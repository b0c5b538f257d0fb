"""nashpy's two-player algorithms, wrapped so that what they return can be trusted.

* ``support``: nashpy's support enumeration walks equal-size support pairs and solves the
  indifference equations (Nisan et al. 2007, Algorithm 3.4), but it accepts a candidate only if
  off-support probabilities are ``<= 0`` exactly and the best payoff equals the best payoff on
  the support under float ``==`` (nashpy issue #82). Rounding makes those tests fail for genuine
  equilibria, so random 6x6 to 10x10 games lose some. Here nashpy's support-pair generator is
  kept and the indifference and best-response tests are made tolerant. Complete for
  nondegenerate games only.
* ``vertex``: nashpy computes the vertices of both best-response polytopes with Qhull
  (scipy's ``HalfspaceIntersection``) and keeps label-complete pairs under float equality.
  Here the Qhull vertices are kept, their labels recomputed with a tolerance and duplicates
  merged, so degenerate vertices (where Qhull reports one point several times with partial
  label sets) still pair up. Complete when Qhull returns every vertex, which floating point
  guarantees for the simple polytopes of nondegenerate games; in degenerate games it matched
  enummixed on every game tested, but the result is not flagged complete there.
* ``lemke-howson``: Lemke–Howson on nashpy's tableaux with lexicographic pivoting, started from
  every one of the m + n initial labels, each path capped at :data:`MAX_PIVOTS` pivots. nashpy's
  own loop has no cap, and its integer pivoting in floats overflows on games of 9x9 and larger,
  after which it pivots on NaNs for ever. Here a path that reaches the cap or overflows is
  abandoned and reported (``converged`` is False). Never promises all equilibria.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from math import comb

import numpy as np

from ..errors import GameError, TooLargeError
from ..game import Game
from ..tolerance import QHULL_LABEL_FLOOR
from ._kernels.polytope import MAX_PIVOTS, q_labels_to_game_labels
from .enummixed import exact_from_supports, fallback, run_tight_sets, unit_scaled, vertex_bound
from .registry import Method, Proposals, register

_SINGULAR = object()

MAX_QHULL_VERTICES = 2 * 10**4
"""Largest upper-bound-theorem vertex count of both polytopes method 'vertex' accepts (its
all-pairs join runs in Python; 10x10 games pass)."""

MAX_SUPPORT_PAIRS = 10**6
"""Largest number of support pairs the (pure Python) support enumeration will walk."""


def _matrices(game: Game) -> tuple[np.ndarray, np.ndarray]:
    return np.array(game.payoffs[0]), np.array(game.payoffs[1])


def _indifferent(M: np.ndarray, rows: tuple[int, ...], cols: tuple[int, ...], tol: float):
    """Opponent mix on `cols` making every row in `rows` equally good under M; None if none.

    Solves ``M[rows, cols] @ p = v`` with ``sum(p) = 1`` for (p, v); entries down to ``-tol``
    count as zero (they are rounding of an exact zero in a degenerate solution). Returns
    ``_SINGULAR`` when the system is (numerically) singular.
    """
    k = len(rows)
    system = np.zeros((k + 1, k + 1))
    system[:k, :k] = M[np.ix_(rows, cols)]
    system[:k, k] = -1.0
    system[k, :k] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    if np.linalg.cond(system) > 1 / (1e3 * np.finfo(float).eps):
        return _SINGULAR
    solution = np.linalg.solve(system, rhs)
    p = solution[:k]
    if not np.all(np.isfinite(p)) or p.min() < -tol:
        return None
    full = np.zeros(M.shape[1])
    full[list(cols)] = np.clip(p, 0.0, None)
    return full / full.sum()


def _witness(M: np.ndarray, rows, mix: np.ndarray | None, tol: float, atol: float) -> bool:
    """Does `mix` (a strategy of the player facing M's rows) have more best responses among
    M's rows than support entries? That is degeneracy (von Stengel 2007, Def. 3.2)."""
    if mix is None:
        return False
    values = M @ mix
    best = values.max()
    if values[list(rows)].min() < best - atol:  # the indifferent rows are not best responses
        return False
    return int(np.count_nonzero(values >= best - atol)) > int(np.count_nonzero(mix > tol))


def support_candidates(game: Game, tol: float) -> tuple[list, bool | None]:
    """Support enumeration (Nisan et al. 2007, Alg. 3.4) over nashpy's support pairs.

    nashpy's own indifference and best-response tests compare floats exactly (its
    ``obey_support`` requires off-support entries ``<= 0`` and ``is_ne`` uses ``==``), which
    rejects genuine equilibria after rounding; both tests are made tolerant here.

    Returns ``(candidates, degenerate)``. The same pass decides degeneracy where it can: a
    degenerate game has a strategy with support size k and more than k best responses; for
    each equal-size pair (rows, columns) both indifference systems are solved anyway, and one
    of them has that strategy as its unique solution unless the system is singular. So
    ``degenerate`` is True when a witness was seen, False when none was and no system was
    singular (then the enumeration is complete), and None otherwise.
    """
    from nashpy.algorithms.support_enumeration import potential_support_pairs

    m, n = game.shape
    pairs = comb(m + n, m) - 1  # equal-size support pairs: sum_k C(m, k) C(n, k)
    if pairs > MAX_SUPPORT_PAIRS:
        raise TooLargeError(
            f"solve(): a {m}x{n} game has {pairs:.3g} support pairs, more than method 'support' "
            f"handles ({MAX_SUPPORT_PAIRS:.3g}, some 15 s); {fallback(game.shape)}"
        )
    A, B = _matrices(game)
    atol = tol * (game.payoff_range if game.payoff_range > 0 else 1.0)
    found = []
    witness = singular = False
    for rows, cols in potential_support_pairs(A, B, non_degenerate=True):
        y = _indifferent(A, rows, cols, tol)
        x = _indifferent(B.T, cols, rows, tol)
        if not witness:
            singular = singular or y is _SINGULAR or x is _SINGULAR
            witness = _witness(A, rows, _mix(y), tol, atol) or _witness(
                B.T, cols, _mix(x), tol, atol
            )
        y, x = _mix(y), _mix(x)
        if y is None or x is None:
            continue
        row_values = A @ y
        col_values = B.T @ x
        if (
            row_values.max() - row_values[list(rows)].min() <= atol
            and col_values.max() - col_values[list(cols)].min() <= atol
        ):
            found.append((x, y))
    return found, True if witness else (None if singular else False)


def _mix(value):
    return None if value is None or value is _SINGULAR else value


def _qhull_vertices(M: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Non-zero vertices of {x >= 0, M^T x <= 1} via nashpy/Qhull, with tolerant label masks."""
    from nashpy.polytope import build_halfspaces, non_trivial_vertices

    m, n = M.shape
    points, masks = [], []
    for vertex, _labels in non_trivial_vertices(build_halfspaces(M.T)):
        x = np.clip(np.asarray(vertex, float), 0.0, None)
        mask = 0
        for i in range(m):
            if x[i] <= tol:
                mask |= 1 << i
        sums = M.T @ x
        if (sums > 1 + tol).any():
            continue
        for j in range(n):
            if sums[j] >= 1 - tol:
                mask |= 1 << (m + j)
        if mask not in masks:
            points.append(x)
            masks.append(mask)
    return np.array(points).reshape(-1, m), np.array(masks, dtype=object)


def vertex_candidates(game: Game, tol: float) -> tuple[list, bool]:
    """Completely labelled pairs of Qhull vertices, labels decided with a tolerance.

    Returns ``(candidates, degenerate)``: the game is degenerate when some vertex lies on more
    facets than the dimension (more than m labels in P, n in Q), read off the same vertices.
    """
    m, n = game.shape
    bound = vertex_bound(m, m + n) + vertex_bound(n, m + n)
    if bound > MAX_QHULL_VERTICES:
        raise TooLargeError(
            f"solve(): the best-response polytopes of a {m}x{n} game may have up to {bound:.3g} "
            f"vertices (upper bound theorem), more than method 'vertex' pairs up "
            f"({MAX_QHULL_VERTICES:.3g}); {fallback(game.shape)}"
        )
    A, B = (unit_scaled(p) for p in _matrices(game))
    label_tol = max(tol, QHULL_LABEL_FLOOR)  # Qhull's own vertices are accurate to ~1e-12 only
    try:
        xp, xl = _qhull_vertices(B, label_tol)
        yp, yl = _qhull_vertices(A.T, label_tol)
    except Exception as err:  # Qhull raises its own error types on flat or odd inputs
        raise GameError(
            f"solve(): method 'vertex' failed in Qhull ({err}); use 'enummixed'"
        ) from None
    full = (1 << (m + n)) - 1
    degenerate = any(int(v).bit_count() > m for v in xl) or any(int(v).bit_count() > n for v in yl)
    found = []
    for x, lx in zip(xp, xl, strict=True):
        for y, ly in zip(yp, yl, strict=True):
            if lx | q_labels_to_game_labels(ly, m, n) == full:
                found.append((x / x.sum(), y / y.sum()))
    return found, degenerate


def lemke_howson_candidates(
    game: Game, max_pivots: int = MAX_PIVOTS
) -> tuple[list[tuple[np.ndarray, np.ndarray]], dict[str, object]]:
    """Lemke–Howson from every initial label, each path capped at `max_pivots` pivots.

    Returns the end points and ``{"converged": bool, "unfinished_labels": [...],
    "max_pivots": int}``; a path that hits the cap, overflows or fails in nashpy counts as
    unfinished. nashpy's warnings are passed on (once each), not silenced.
    """
    from nashpy.linalg import create_col_tableau, create_row_tableau

    A, B = _matrices(game)
    m, n = A.shape
    found, unfinished, messages = [], [], []
    for label in range(m + n):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with np.errstate(over="raise", invalid="raise", divide="ignore"):
                try:
                    col = create_col_tableau(A, True)
                    row = create_row_tableau(B, True)
                    end = _lemke_howson_path(col, row, label, max_pivots)
                except (ValueError, IndexError, ZeroDivisionError, FloatingPointError):
                    end = None
                except np.linalg.LinAlgError:
                    end = None
        messages += [str(w.message) for w in caught if str(w.message) not in messages]
        if end is None:
            unfinished.append(label)
            continue
        x, y = (np.asarray(v, float) for v in end)
        if x.shape == (m,) and y.shape == (n,) and x.sum() > 0 < y.sum():
            found.append((x / x.sum(), y / y.sum()))
    for text in messages:
        warnings.warn(f"nashpy: {text}", RuntimeWarning, stacklevel=3)
    if unfinished:
        warnings.warn(
            f"solve(): Lemke-Howson did not converge from {len(unfinished)} of {m + n} initial "
            f"labels (cap {max_pivots} pivots, or floating-point overflow in the tableau)",
            RuntimeWarning,
            stacklevel=3,
        )
    info = {"converged": not unfinished, "unfinished_labels": unfinished, "max_pivots": max_pivots}
    return found, info


def _lemke_howson_path(col, row, label: int, max_pivots: int):
    """Complementary pivoting from the artificial equilibrium, dropping `label` first.

    The two tableaux take turns: the label that enters one is the one that left the other,
    until every label is present (von Stengel 2007, Algorithm 3.6). None past `max_pivots`.
    """
    order = (row, col) if label in row.non_basic_variables else (col, row)
    entering = label
    for k in range(max_pivots):
        entering = order[k % 2].pivot_and_drop_label(entering)
        if col.non_basic_variables | row.non_basic_variables == col.labels:
            return (
                row.to_strategy(col.non_basic_variables),
                col.to_strategy(row.non_basic_variables),
            )
    return None


# ----------------------------------------------------------------------------- methods
_NOT_PROVEN = "the game may be degenerate, where this method can miss equilibria"
_LH_REASON = "Lemke-Howson finds some equilibria, not all"


def run_support(game: Game, *, tol: float, exact: bool) -> Proposals:
    """Method ``support``: :func:`support_candidates`, complete when no degeneracy was seen."""
    found, degenerate = support_candidates(game, tol)
    reason = ""
    if degenerate is None:
        reason = "a support system was singular, so degeneracy is not excluded"
    elif degenerate:
        reason = _NOT_PROVEN
    return Proposals(
        found,
        degenerate is False,
        degenerate,
        exact=exact_from_supports(game, found) if exact else None,
        reason=reason,
    )


def run_vertex(game: Game, *, tol: float, exact: bool) -> Proposals:
    """Method ``vertex``: :func:`vertex_candidates`, complete for nondegenerate games."""
    if min(game.shape) == 1:  # Qhull needs dimension >= 2; this case is a best-response list
        return run_tight_sets(game, tol=tol, exact=exact, max_tight_sets=None)
    found, degenerate = vertex_candidates(game, tol)
    return Proposals(
        found,
        not degenerate,
        degenerate,
        exact=exact_from_supports(game, found) if exact else None,
        reason=_NOT_PROVEN if degenerate else "",
    )


def run_lemke_howson(game: Game, *, tol: float, exact: bool, max_pivots: int) -> Proposals:
    """Method ``lemke-howson``: :func:`lemke_howson_candidates`; never complete."""
    if min(game.shape) == 1:  # nashpy's pivoting never ends on a one-row or one-column game
        from .pure import run_pure  # not at the top: "pure" registers after these methods

        return replace(run_pure(game, tol=tol, exact=exact), reason=_LH_REASON, converged=True)
    found, info = lemke_howson_candidates(game, max_pivots)
    reason = _LH_REASON
    if not info["converged"]:
        reason += (
            f"; {len(info['unfinished_labels'])} of {sum(game.shape)} paths stopped at the cap "
            f"of {max_pivots} pivots or overflowed"
        )
    return Proposals(
        found,
        False,
        reason=reason,
        converged=bool(info["converged"]),
        details={"unfinished_labels": list(info["unfinished_labels"])},
    )


register(
    Method(
        "support",
        run_support,
        "support enumeration, tolerant test (complete for nondegenerate games)",
        complete=True,
        exact=True,
    )
)
register(
    Method(
        "vertex",
        run_vertex,
        "nashpy/Qhull vertex enumeration with tolerant labels",
        complete=True,
        exact=True,
    )
)
register(
    Method(
        "lemke-howson",
        run_lemke_howson,
        "nashpy Lemke-Howson from every initial label, capped pivots (some NE)",
        options={"max_pivots": MAX_PIVOTS},
    )
)
