"""``solve(game, method="auto")``: every solver behind one entry point, one result type.

Methods are records in :data:`gametheory.solvers.registry.REGISTRY` (``gametheory methods``
lists them; the registry module says how to add one). Each algorithm module registers its own
records: :mod:`.enummixed` (``enummixed``, ``tightsets``), :mod:`.enumpoly` (``enumpoly``,
``pns``), :mod:`.nashpy_methods` (``support``, ``vertex``, ``lemke-howson``) and :mod:`.pure`;
their compiled kernels are in ``solvers/_kernels/``. Built in:

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
mapped back to the original game. Every profile a method proposes goes through the
verification gate (:mod:`gametheory.verification`: the regret check of
:func:`gametheory.equilibrium.verify`, exact when floats cannot separate payoffs) before it is
returned; a proposal that fails is dropped and counted in ``result.parameters["rejected"]``
(with a warning: for a complete method that is a numerical problem worth knowing about).
"""

from __future__ import annotations

import time
import warnings
from typing import Any

from ..equilibrium import SolveResult
from ..errors import GameError
from ..game import as_game
from ..tolerance import check_tol
from ..verification import exact_checked, unseparated_gap, verified

# importing the algorithm modules registers their methods, in the order `gametheory methods`
# lists them
# isort: off
from . import enumpoly as enumpoly
from . import enummixed as enummixed
from . import nashpy_methods as nashpy_methods
from . import pure as pure

# isort: on
from .enummixed import exact_from_supports
from .reductions import expand_proposals, reduce_game
from .registry import REGISTRY, Method, Proposals, pick, register, resolve_options
from .subsets import nash_subsets


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
        found = expand_proposals(reduction, found)
    proposed = time.perf_counter()
    equilibria, subsets, rejected = _verified(game, found, rel_tol)
    gap = unseparated_gap(game, rel_tol)
    if gap is not None and equilibria:
        # the tolerance (rel_tol x range) exceeds a payoff difference that matters: the float
        # regret check cannot tell a gain from a tie, so decide with exact arithmetic
        if record.exact and not exact:
            try:
                again = record.runner(work, tol=rel_tol, exact=True, **own)
            except GameError:
                again = None  # too large for exact solving: check the float answer exactly
            if again is not None:
                found = expand_proposals(reduction, again) if reduction is not None else again
                equilibria, subsets, rejected = _verified(game, found, rel_tol)
        equilibria, dropped = exact_checked(
            game, equilibria, gap, rel_tol, record.name, exact_from_supports
        )
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


def _verified(game, found: Proposals, tol: float):
    """The gate's verdict on a method's proposals, with the maximal Nash subsets (two
    players) recomputed in the final order."""
    equilibria, pairs, rejected = verified(game, found.profiles, tol, found.pairs, found.exact)
    subsets = nash_subsets(pairs) if pairs else ()
    return equilibria, subsets, rejected


METHODS = REGISTRY
"""The registered methods by name (the same dict as ``registry.REGISTRY``)."""


def available_methods() -> dict[str, str]:
    """Method names and one-line descriptions (``"auto"`` first)."""
    out = {"auto": "the best registered method that suits the game"}
    out.update({name: m.description for name, m in REGISTRY.items()})
    return out


__all__ = [
    "METHODS",
    "REGISTRY",
    "Method",
    "Proposals",
    "available_methods",
    "register",
    "solve",
]
