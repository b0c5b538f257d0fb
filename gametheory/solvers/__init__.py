"""``solve(game, method="auto")``: every solver behind one entry point, one result type.

Methods are records in :data:`gametheory.solvers.registry.REGISTRY` (``gametheory methods``
lists them; the registry module says how to add one). Built in:

==================  =======  ==================================================================
method              players  what it returns
==================  =======  ==================================================================
``"auto"``          any      the highest-ranked method that suits the game (``"enummixed"``
                             for two players, ``"enumpoly"`` for more up to 30,000 support
                             profiles for three players and 5,000 for more,
                             ``"pure"`` beyond)
``"enummixed"``     2        every extreme equilibrium (pivoting vertex enumeration,
                             tight sets for degenerate games; complete) and the maximal
                             Nash subsets
``"tightsets"``     2        the same by enumerating all C(m+n, m) tight sets
``"support"``       2        support enumeration with a tolerant best-response test;
                             complete for nondegenerate games
``"vertex"``        2        nashpy's Qhull vertex enumeration with tolerant labels;
                             complete for nondegenerate games
``"lemke-howson"``  2        nashpy's Lemke–Howson from every initial label; not complete
``"enumpoly"``      any      every equilibrium by support enumeration and a polynomial
                             homotopy per support profile (see ``docs/solvers_nplayer.md``)
``"pns"``           any      one equilibrium: the same search stopped at the first success
``"pure"``          any      all pure equilibria; complete only as a list of pure ones
==================  =======  ==================================================================

Before any method runs, strictly dominated strategies are removed and duplicates merged
(:mod:`.reductions`; option ``reduce=False`` switches this off), and what the method finds is
mapped back to the original game. Every profile a method proposes is checked by
:func:`gametheory.equilibrium.verify` before it is returned; a proposal that fails is dropped and
counted in ``result.parameters["rejected"]`` (with a warning: for a complete method that is a
numerical problem worth knowing about).
"""

from __future__ import annotations

import time
import warnings
from dataclasses import replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..equilibrium import (
    Equilibrium,
    SolveResult,
    distinct,
    make_equilibrium,
    unchecked,
    verify_exact,
)
from ..errors import GameError
from ..game import PROB_TOL, Game, as_game
from ..tolerance import absolute_tol, check_tol
from . import enummixed as _enummixed
from . import enumpoly as _enumpoly  # noqa: F401 - registers "enumpoly" and "pns"
from . import nashpy_methods as _nashpy
from ._small import records, smallest_gap
from .reductions import Reduction, expand, reduce_game
from .registry import REGISTRY, Method, Proposals, pick, register, resolve_options


def solve(
    game: Any,
    method: str = "auto",
    tol: float | None = None,
    exact: bool = False,
    **options: Any,
) -> SolveResult:
    """All Nash equilibria of a game, each verified.

    Parameters
    ----------
    game : Game
        The game (a ``nashpy.Game`` or an ``(A, B)`` pair is accepted too).
    method : str
        ``"auto"`` or a registered method (:data:`METHODS`); ``"auto"`` picks the best method
        that suits the game.
    tol : float, optional
        Relative tolerance for ties and for the regret check: a returned profile has regret at
        most ``tol * game.payoff_range``. Default :data:`gametheory.tolerance.DEFAULT_TOL`.
    exact : bool
        Compute exact rational strategies too (``Equilibrium.exact``), for methods that support
        it (their record has ``exact=True``).
    **options
        Method options (``gametheory methods`` lists them); recorded in ``result.parameters``.

    Returns
    -------
    SolveResult

    Raises
    ------
    GameError
        Unknown method or option, a method that does not take this many players, a game too
        large for the method, or a bad tolerance.

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
    start = time.perf_counter()
    reduction = None
    if options.get("reduce", True):
        reduction = reduce_game(game, rel_tol)
        if not reduction.changed and not reduction.merged:
            reduction = None
    work = game if reduction is None else reduction.game
    record = pick(work, method)
    common, own = resolve_options(record, options)
    if exact and not record.exact:
        exact_ok = sorted(name for name, m in REGISTRY.items() if m.exact)
        raise GameError(
            f"solve(): method {record.name!r} has no exact mode; exact=True works with {exact_ok}"
        )
    reduced = time.perf_counter()
    found = record.runner(work, tol=rel_tol, exact=bool(exact), **own)
    if reduction is not None:
        found = _expanded(reduction, found)
    proposed = time.perf_counter()
    equilibria, subsets, rejected = _verified(game, found, rel_tol)
    gap = _unseparated_gap(game, rel_tol)
    if gap is not None and equilibria:
        # the tolerance (rel_tol x range) exceeds a payoff difference that matters: the float
        # regret check cannot tell a gain from a tie, so decide with exact arithmetic
        if record.exact and not exact:
            try:
                again = record.runner(work, tol=rel_tol, exact=True, **own)
            except GameError:
                again = None  # too large for exact solving: check the float answer exactly
            if again is not None:
                found = _expanded(reduction, again) if reduction is not None else again
                equilibria, subsets, rejected = _verified(game, found, rel_tol)
        equilibria, dropped = _exact_checked(game, equilibria, gap, rel_tol, record.name)
        if dropped:
            rejected += dropped
            subsets = ()
    done = time.perf_counter()
    if rejected:
        warnings.warn(
            f"solve(): method {record.name!r} proposed {rejected} profile(s) that failed the "
            f"regret check at tol={rel_tol:g}; they were dropped",
            RuntimeWarning,
            stacklevel=2,
        )
    params: dict[str, Any] = {"tol": rel_tol, "rejected": rejected, **common, **own}
    if exact:
        params["exact"] = True
    if reduction is not None:
        params["reduction"] = reduction.summary()
    params.update(found.details)
    return SolveResult(
        equilibria=tuple(equilibria),
        method=record.name,
        complete=found.complete and not rejected,
        parameters=params,
        nash_subsets=subsets,
        degenerate=found.degenerate,
        timings={
            "reduce": reduced - start,
            "solve": proposed - reduced,
            "verify": done - proposed,
        },
        reason=found.reason,
        converged=found.converged,
        game=game,
    )


def _unseparated_gap(game: Game, rel_tol: float) -> float | None:
    """The smallest gap between two different payoffs of one player when it is at most the
    absolute tolerance (floats then cannot separate a gain from a tie), else None. Gaps at
    the level of float rounding of the payoffs themselves are ties, as the tolerance means."""
    gap = smallest_gap(game._flat)
    return gap if gap is not None and gap <= absolute_tol(game.payoff_range, rel_tol) else None


def _exact_checked(
    game: Game, equilibria: list[Equilibrium], gap: float, rel_tol: float, method: str
) -> tuple[list[Equilibrium], int]:
    """Keep the equilibria an exact regret check accepts (payoffs as exact rationals:
    :meth:`Game.exact_payoffs`); a mixed one without an exact profile is made exact from its
    supports (two players), else the game is refused with the reason."""
    mixed = [eq for eq in equilibria if eq.exact is None and not eq.is_pure]
    rebuilt: dict[int, Any] = {}
    if mixed:
        if game.n_players != 2:
            raise GameError(
                f"solve(): payoffs differ by as little as {gap:g}, below the tolerance "
                f"{rel_tol:g} x the payoff range {game.payoff_range:g}, so floats cannot tell "
                f"gains from ties; {method} found mixed equilibria that cannot be checked "
                "exactly for this many players: divide the payoffs so that their range is "
                "smaller, or pass a smaller tol"
            )
        for eq, ex in zip(
            mixed, _exact_from_supports(game, [eq.strategies for eq in mixed]), strict=True
        ):
            rebuilt[id(eq)] = ex
    kept = []
    for eq in equilibria:
        if eq.exact is not None:
            profile = eq.exact
        elif eq.is_pure:
            profile = tuple(
                tuple(Fraction(int(k == a)) for k in range(n))
                for a, n in zip(eq.pure_profile(), game.shape, strict=True)
            )
        else:
            profile = rebuilt.get(id(eq))
        if profile is not None and verify_exact(game, profile):
            kept.append(eq)
    return kept, len(equilibria) - len(kept)


def _expanded(reduction: Reduction, found: Proposals) -> Proposals:
    """Proposals for the reduced game as proposals for the original one."""
    profiles, pairs, exact = expand(reduction, found.profiles, found.pairs, found.exact)
    degenerate = found.degenerate
    if reduction.merged and reduction.original.n_players == 2:
        # a surviving duplicate is a best response wherever its twin is: extra labels
        degenerate = True
    reason = found.reason
    if reduction.merged and found.pairs is None:
        reason = "; ".join(
            r
            for r in (
                reason,
                "duplicate strategies: every split of a duplicate's probability among its "
                "copies is an equilibrium too",
            )
            if r
        )
    return replace(
        found, profiles=profiles, pairs=pairs, exact=exact, degenerate=degenerate, reason=reason
    )


# ----------------------------------------------------------------------------- runners
def _run_enummixed(
    game: Game, *, tol: float, exact: bool, max_vertices: int, max_tight_sets: int | None
) -> Proposals:
    if exact:
        limit = _enummixed.MAX_EXACT_WORK if max_tight_sets is None else max_tight_sets
        ext = _enummixed.exact_extreme_equilibria(game, tol, max_vertices, limit)
    else:
        limit = _enummixed.MAX_FLOAT_WORK if max_tight_sets is None else max_tight_sets
        ext = _enummixed.extreme_equilibria(game, tol, max_vertices, limit)
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


def _run_tight_sets(
    game: Game, *, tol: float, exact: bool, max_tight_sets: int | None
) -> Proposals:
    if exact:
        limit = _enummixed.MAX_EXACT_WORK if max_tight_sets is None else max_tight_sets
        ext = _enummixed.exact_extreme_equilibria(game, tol, 0, limit)
    else:
        limit = _enummixed.MAX_FLOAT_WORK if max_tight_sets is None else max_tight_sets
        ext = _enummixed.tight_set_equilibria(game, tol, limit)
    profiles = ext.profiles
    return Proposals(profiles, True, ext.degenerate, ext.pairs, exact=profiles if exact else None)


_NOT_PROVEN = "the game may be degenerate, where this method can miss equilibria"


def _exact_from_supports(game: Game, profiles) -> list | None:
    """Exact rational versions of float equilibria of a nondegenerate game, from supports."""
    return _enummixed.exact_from_supports(game, profiles)


def _run_support(game: Game, *, tol: float, exact: bool) -> Proposals:
    found, degenerate = _nashpy.support_candidates(game, tol)
    reason = ""
    if degenerate is None:
        reason = "a support system was singular, so degeneracy is not excluded"
    elif degenerate:
        reason = _NOT_PROVEN
    return Proposals(
        found,
        degenerate is False,
        degenerate,
        exact=_exact_from_supports(game, found) if exact else None,
        reason=reason,
    )


def _run_vertex(game: Game, *, tol: float, exact: bool) -> Proposals:
    if min(game.shape) == 1:  # Qhull needs dimension >= 2; this case is a best-response list
        return _run_tight_sets(game, tol=tol, exact=exact, max_tight_sets=None)
    found, degenerate = _nashpy.vertex_candidates(game, tol)
    return Proposals(
        found,
        not degenerate,
        degenerate,
        exact=_exact_from_supports(game, found) if exact else None,
        reason=_NOT_PROVEN if degenerate else "",
    )


def _run_lemke_howson(game: Game, *, tol: float, exact: bool, max_pivots: int) -> Proposals:
    if min(game.shape) == 1:  # nashpy's pivoting never ends on a one-row or one-column game
        return replace(_run_pure(game, tol=tol, exact=exact), reason=_LH_REASON, converged=True)
    found, info = _nashpy.lemke_howson_candidates(game, max_pivots)
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


_LH_REASON = "Lemke-Howson finds some equilibria, not all"


def _run_pure(game: Game, *, tol: float, exact: bool) -> Proposals:
    profiles = [
        tuple(np.eye(size)[a] for size, a in zip(game.shape, idx, strict=True))
        for idx in game.pure_equilibria(tol)
    ]
    return Proposals(profiles, False, reason="pure equilibria only")


for _record in (
    Method(
        "enummixed",
        _run_enummixed,
        "all extreme equilibria: pivoting vertex enumeration, tight sets if degenerate",
        complete=True,
        exact=True,
        options={"max_vertices": _enummixed.MAX_VERTICES, "max_tight_sets": None},
        auto_priority=100,
    ),
    Method(
        "tightsets",
        _run_tight_sets,
        "all extreme equilibria by enumerating every tight set (C(m+n, m))",
        complete=True,
        exact=True,
        options={"max_tight_sets": None},
    ),
    Method(
        "support",
        _run_support,
        "support enumeration, tolerant test (complete for nondegenerate games)",
        complete=True,
        exact=True,
    ),
    Method(
        "vertex",
        _run_vertex,
        "nashpy/Qhull vertex enumeration with tolerant labels",
        complete=True,
        exact=True,
    ),
    Method(
        "lemke-howson",
        _run_lemke_howson,
        "nashpy Lemke-Howson from every initial label, capped pivots (some NE)",
        options={"max_pivots": _nashpy.MAX_PIVOTS},
    ),
    Method(
        "pure",
        _run_pure,
        "all pure-strategy equilibria",
        min_players=1,
        max_players=None,
        auto_priority=0,
    ),
):
    register(_record)


def _order_key(eq: Equilibrium) -> tuple[float, ...]:
    return tuple(-p for s in eq.strategies for p in s)


def _verified(game: Game, found: Proposals, tol: float):
    """Verify, de-duplicate and order proposals; recompute Nash subsets in the final order."""
    atol = absolute_tol(game.payoff_range, tol)
    pairs, exact_profiles = found.pairs, found.exact
    equilibria = _equilibria(game, found.profiles, exact_profiles)
    kept: list[tuple[Equilibrium, tuple[int, int] | None]] = []
    rejected = 0
    for k, eq in enumerate(equilibria):
        if (
            eq is None
            or eq.regret > atol
            or (eq.exact is not None and not verify_exact(game, eq.exact))
        ):
            rejected += 1
            continue
        kept.append((eq, None if pairs is None else (int(pairs[k][0]), int(pairs[k][1]))))
    unique = distinct([eq.strategies for eq, _ in kept])
    kept = sorted((kept[k] for k in unique), key=lambda t: _order_key(t[0]))
    equilibria = [eq for eq, _ in kept]
    subsets: tuple[tuple[int, ...], ...] = ()
    if pairs is not None and kept:
        from ._subsets import nash_subsets

        subsets = nash_subsets([pr for _, pr in kept])
    return equilibria, subsets, rejected


def _equilibria(game: Game, profiles, exact_profiles) -> list[Equilibrium | None]:
    """Equilibrium records with payoffs and regret; vectorised for two players (the same
    quantities :func:`gametheory.equilibrium.make_equilibrium` computes one by one)."""
    if game.n_players > 2 and len(profiles) and exact_profiles is None:
        built = records(game, profiles)
        if built is not None:  # else some profile is malformed: make_equilibrium says how
            return [
                unchecked(Equilibrium, strategies=s, payoffs=tuple(u), regret=max(r, 0.0))
                for s, u, r in zip(*built, strict=True)
            ]
    if game.n_players != 2 or not len(profiles):
        return [
            make_equilibrium(game, p, None if exact_profiles is None else exact_profiles[k])
            for k, p in enumerate(profiles)
        ]
    A, B = game.payoffs
    X = np.array([np.asarray(p[0], dtype=float) for p in profiles])
    Y = np.array([np.asarray(p[1], dtype=float) for p in profiles])
    if X.shape[1:] != (A.shape[0],) or Y.shape[1:] != (A.shape[1],):
        raise GameError(f"solve(): a method proposed profiles not of the game's shape {A.shape}")
    bad = (X < -PROB_TOL).any(axis=1) | (Y < -PROB_TOL).any(axis=1)
    X = np.clip(X, 0.0, None)
    Y = np.clip(Y, 0.0, None)
    X /= X.sum(axis=1, keepdims=True)
    Y /= Y.sum(axis=1, keepdims=True)
    rows = Y @ A.T  # value of each row against y, per profile
    cols = X @ B  # value of each column against x
    u1 = np.einsum("km,km->k", X, rows)
    u2 = np.einsum("kn,kn->k", Y, cols)
    regret = np.maximum(rows.max(axis=1) - u1, cols.max(axis=1) - u2)
    out: list[Equilibrium | None] = []
    for k in range(len(profiles)):
        if bad[k]:
            out.append(None)
            continue
        exact = None if exact_profiles is None else exact_profiles[k]
        out.append(
            Equilibrium(
                strategies=(tuple(X[k].tolist()), tuple(Y[k].tolist())),
                payoffs=(float(u1[k]), float(u2[k])),
                regret=float(max(regret[k], 0.0)),
                exact=None
                if exact is None
                else tuple(tuple(Fraction(v) for v in s) for s in exact),
            )
        )
    return out


METHODS = REGISTRY
"""The registered methods by name (the same dict as ``registry.REGISTRY``)."""


def available_methods() -> dict[str, str]:
    """Method names and one-line descriptions (``"auto"`` first)."""
    out = {"auto": "the best registered method that suits the game"}
    out.update({name: m.description for name, m in REGISTRY.items()})
    return out


from .batch import SolveResults, solve_many  # noqa: E402 - uses solve, defined above

__all__ = [
    "METHODS",
    "REGISTRY",
    "Method",
    "Proposals",
    "SolveResults",
    "available_methods",
    "register",
    "solve",
    "solve_many",
]
