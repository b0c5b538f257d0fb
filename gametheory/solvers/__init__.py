"""``solve(game, method="auto")``: every solver behind one entry point, one result type.

Methods
-------
==================  =======  ==================================================================
method              players  what it returns
==================  =======  ==================================================================
``"auto"``          any      ``"enummixed"`` for two players, ``"pure"`` otherwise
``"enummixed"``     2        every extreme equilibrium (labelled vertex enumeration;
                             complete, degenerate games included) and the maximal
                             Nash subsets
``"support"``       2        nashpy's support enumeration with a tolerant best-response test;
                             complete for nondegenerate games
``"vertex"``        2        nashpy's Qhull vertex enumeration with tolerant labels;
                             complete (proven) for nondegenerate games
``"lemke-howson"``  2        nashpy's Lemke–Howson from every initial label; not complete
``"pure"``          any      all pure equilibria; complete only as a list of pure ones
==================  =======  ==================================================================

Every profile a method proposes is checked by :func:`gametheory.equilibrium.verify` before it is
returned; a proposal that fails is dropped and counted in ``result.parameters["rejected"]`` (with
a warning: for a complete method that is a numerical problem worth knowing about).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..equilibrium import Equilibrium, SolveResult, dedup, make_equilibrium, verify_exact
from ..errors import GameError
from ..game import Game, as_game
from ..tolerance import absolute_tol, check_tol
from . import enummixed as _enummixed
from . import nashpy_methods as _nashpy


@dataclass(frozen=True)
class _Method:
    name: str
    two_player_only: bool
    description: str


METHODS: dict[str, _Method] = {
    m.name: m
    for m in (
        _Method("auto", False, "enummixed for two players, pure otherwise"),
        _Method("enummixed", True, "all extreme equilibria by labelled vertex enumeration"),
        _Method("support", True, "nashpy support enumeration, tolerant test (nondegenerate)"),
        _Method("vertex", True, "nashpy/Qhull vertex enumeration with tolerant labels"),
        _Method("lemke-howson", True, "nashpy Lemke-Howson from every initial label (some NE)"),
        _Method("pure", False, "all pure-strategy equilibria"),
    )
}


def solve(
    game: Any,
    method: str = "auto",
    tol: float | None = None,
    exact: bool = False,
) -> SolveResult:
    """All Nash equilibria of a game, each verified.

    Parameters
    ----------
    game : Game
        The game (a ``nashpy.Game`` or an ``(A, B)`` pair is accepted too).
    method : str
        One of :data:`METHODS`; ``"auto"`` picks the complete method for the game.
    tol : float, optional
        Relative tolerance for ties and for the regret check: a returned profile has regret at
        most ``tol * game.payoff_range``. Default :data:`gametheory.tolerance.DEFAULT_TOL`.
    exact : bool
        Two players, ``enummixed`` only: enumerate in exact rational arithmetic and attach the
        rational strategies (``Equilibrium.exact``). Small games only.

    Returns
    -------
    SolveResult

    Raises
    ------
    GameError
        Unknown method, a two-player method on another number of players, a game too large
        for the method, or a bad tolerance.

    Examples
    --------
    >>> from gametheory import Game, solve
    >>> battle = Game.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> result = solve(battle)
    >>> result.method, result.complete, len(result.equilibria)
    ('enummixed', True, 3)
    >>> [round(p, 3) for p in result.equilibria[1].strategies[0]]
    [0.6, 0.4]

    References
    ----------
    Avis, Rosenberg, Savani and von Stengel (2010), "Enumeration of Nash equilibria for
    two-player games", Economic Theory 42: 9-37.
    """
    game = as_game(game, "solve")
    rel_tol = check_tol("solve", tol)
    if method not in METHODS:
        raise GameError(f"solve(): unknown method {method!r}; choose one of {sorted(METHODS)}")
    if method == "auto":
        method = "enummixed" if game.n_players == 2 else "pure"
    if METHODS[method].two_player_only and game.n_players != 2:
        raise GameError(
            f"solve(): method {method!r} needs two players, the game has {game.n_players}"
        )
    if exact and method != "enummixed":
        raise GameError(f"solve(): exact=True needs method 'enummixed', not {method!r}")
    start = time.perf_counter()
    runner = _RUNNERS[method]
    proposals, complete, degenerate, pairs, exact_profiles, info = runner(game, rel_tol, exact)
    found = time.perf_counter()
    equilibria, subsets, rejected = _verified(game, proposals, pairs, exact_profiles, rel_tol)
    done = time.perf_counter()
    if rejected:
        warnings.warn(
            f"solve(): method {method!r} proposed {rejected} profile(s) that failed the regret "
            f"check at tol={rel_tol:g}; they were dropped",
            RuntimeWarning,
            stacklevel=2,
        )
    params: dict[str, Any] = {"tol": rel_tol, "rejected": rejected, **info}
    if exact:
        params["exact"] = True
    return SolveResult(
        equilibria=tuple(equilibria),
        method=method,
        complete=complete and not rejected,
        parameters=params,
        nash_subsets=subsets,
        degenerate=degenerate,
        timings={"solve": found - start, "verify": done - found},
        game=game,
    )


# ----------------------------------------------------------------------------- runners
# Each returns (profiles, complete, degenerate, pairs, exact_profiles, info); `pairs` gives, for
# two-player enumerations, the (x-index, y-index) of each profile so Nash subsets can be built;
# `info` goes into result.parameters (e.g. Lemke-Howson's "converged").
_Run = tuple[list, bool, "bool | None", "np.ndarray | None", "list | None", dict]


def _run_enummixed(game: Game, tol: float, exact: bool) -> _Run:
    if exact:
        ext = _enummixed.exact_extreme_equilibria(game)
        profiles = ext.profiles
        return profiles, True, ext.degenerate, ext.pairs, profiles, {}
    ext = _enummixed.extreme_equilibria(game, tol)
    return ext.profiles, True, ext.degenerate, ext.pairs, None, {}


def _degenerate(game: Game, tol: float) -> bool | None:
    try:
        return _enummixed.extreme_equilibria(game, tol).degenerate
    except GameError:
        return None


def _run_support(game: Game, tol: float, exact: bool) -> _Run:
    found = _nashpy.support_candidates(game, tol)  # refuses large games before any work
    degenerate = _degenerate(game, tol)
    return found, degenerate is False, degenerate, None, None, {}


def _run_vertex(game: Game, tol: float, exact: bool) -> _Run:
    # Qhull's floating-point vertices are reliable for simple polytopes (nondegenerate games);
    # in degenerate games they matched enummixed in every test, but that is no proof
    found = _nashpy.vertex_candidates(game, tol)  # refuses large games before any work
    degenerate = _degenerate(game, tol)
    return found, degenerate is False, degenerate, None, None, {}


def _run_lemke_howson(game: Game, tol: float, exact: bool) -> _Run:
    found, info = _nashpy.lemke_howson_candidates(game)
    return found, False, None, None, None, info


def _run_pure(game: Game, tol: float, exact: bool) -> _Run:
    profiles = [
        tuple(np.eye(size)[a] for size, a in zip(game.shape, idx, strict=True))
        for idx in game.pure_equilibria(tol)
    ]
    return profiles, False, None, None, None, {}


_RUNNERS: dict[str, Callable[[Game, float, bool], _Run]] = {
    "enummixed": _run_enummixed,
    "support": _run_support,
    "vertex": _run_vertex,
    "lemke-howson": _run_lemke_howson,
    "pure": _run_pure,
}


def _order_key(eq: Equilibrium) -> tuple[float, ...]:
    return tuple(-p for s in eq.strategies for p in s)


def _verified(game, proposals, pairs, exact_profiles, tol):
    """Verify, de-duplicate and order proposals; recompute Nash subsets in the final order."""
    atol = absolute_tol(game.payoff_range, tol)
    kept: list[tuple[Equilibrium, tuple[int, int] | None]] = []
    rejected = 0
    for k, profile in enumerate(proposals):
        eq = make_equilibrium(game, profile, None if exact_profiles is None else exact_profiles[k])
        if eq.regret > atol or (eq.exact is not None and not verify_exact(game, eq.exact)):
            rejected += 1
            continue
        kept.append((eq, None if pairs is None else (int(pairs[k][0]), int(pairs[k][1]))))
    unique = dedup([eq for eq, _ in kept])
    keep_ids = {id(eq) for eq in unique}
    kept = sorted(
        ((eq, pr) for eq, pr in kept if id(eq) in keep_ids), key=lambda t: _order_key(t[0])
    )
    equilibria = [eq for eq, _ in kept]
    subsets: tuple[tuple[int, ...], ...] = ()
    if pairs is not None and kept:
        from ._subsets import nash_subsets

        subsets = nash_subsets([pr for _, pr in kept])
    return equilibria, subsets, rejected


def available_methods() -> dict[str, str]:
    """Method names and one-line descriptions."""
    return {name: m.description for name, m in METHODS.items()}


__all__ = ["METHODS", "available_methods", "solve"]
