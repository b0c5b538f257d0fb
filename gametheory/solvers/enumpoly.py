"""All Nash equilibria of small n-player games: support enumeration with polynomial systems.

For every *support profile* (one non-empty set of actions per player) the equilibria whose
supports are exactly those sets solve a square polynomial system: each player is indifferent
among its support actions. The system is multilinear (player ``i``'s equations have degree one
in each other player's strategy and none in its own), and is solved by a multihomogeneous
homotopy (:mod:`gametheory.solvers._kernels.homotopy`), which reaches every isolated complex
solution.
Real, non-negative solutions are turned into profiles and kept only if their regret is at most
``tol * payoff_range`` (:func:`gametheory.equilibrium.verify`), which also enforces the
inequalities for actions outside the supports.

Before a support profile is solved it is screened cheaply (:mod:`._kernels.screens`): if some
support action is *conditionally dominated* (another action of the same player is strictly better
against every pure profile of the others' supports; Porter, Nudelman and Shoham 2008, "Simple
search methods for finding a Nash equilibrium", Games Econ. Behav. 63: 642-662), or if no
distribution over the others' support profiles makes some player indifferent on its support,
no equilibrium has those supports.
Profiles are visited as they propose: balanced supports first, then small before large, which
makes :func:`first_equilibrium` (stop at the first one) fast on most games.

Completeness: every isolated equilibrium is found (with probability one over the random start
system, see the homotopy module). When a support profile's system has a singular solution (a
continuum of equilibria, or a multiple root), the points reached are still verified and
returned, but the result says ``complete=False`` and names those support profiles: a continuum
is represented by sample points only, not by its extreme points.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from .._interrupt import interrupts_between_chunks
from ..equilibrium import same_profile
from ..errors import GameError, TooLargeError
from ..game import Game
from ..progress import terminal_progress
from ..tolerance import DEFAULT_TOL, absolute_tol
from ._kernels.screens import DOMINATED, KEEP, screen
from ._kernels.support_system import (  # noqa: F401 - CTL, SINGULAR_COND re-exported
    _SAME,
    CTL,
    DIRECT,
    POLYTOPE,
    SINGULAR,
    SINGULAR_COND,
    Profile,
    Supports,
    _solve_support,
    _Systems,
)
from ._small import _support_profiles, max_regret, support_chunks  # noqa: F401
from .registry import Method, Proposals, register

MAX_SUPPORTS = 100_000
"""Default limit on support profiles for :func:`nplayer_equilibria` (about a minute of work)."""

AUTO_MAX_SUPPORTS = 5_000
"""Largest number of support profiles for which ``solve(method="auto")`` runs enumpoly on a
game of four or more players (their support systems often need many homotopy paths)."""

AUTO_MAX_SUPPORTS_3 = 30_000
"""The same for three players, where almost every support profile is screened out or solved
without paths: every 5x5x5 game (29,791 profiles, 1-8 s here) is included."""

_PROGRESS_MIN = 2000
"""Fewest support profiles for which ``solve`` draws a progress bar (smaller runs end first)."""


@dataclass(frozen=True)
class NPlayerSolution:
    """What :func:`nplayer_equilibria` and :func:`first_equilibrium` return.

    Attributes
    ----------
    profiles : tuple of profiles
        Verified equilibria (one probability vector per player), each once.
    complete : bool
        True when every equilibrium was provably found (see the module docstring).
    converged : bool
        False only when :func:`first_equilibrium` exhausted its budget without finding one.
    reason : str
        Why the result is not complete; empty when it is.
    support_profiles : int
        Support profiles in the game.
    pruned : int
        Support profiles skipped by a screen of :mod:`gametheory.solvers._kernels.screens`: a
        support action conditionally dominated, or no distribution over the others' supports that
        makes some player indifferent on its support.
    solved : int
        Support profiles whose polynomial system was solved.
    paths : int
        Homotopy paths followed.
    singular : tuple of supports
        Support profiles whose system has singular solutions (continua or multiple roots).
    continua : tuple of supports
        Support profiles where one player mixes against pure actions of the others and is
        indifferent: their equilibria form a polytope, whose extreme points are returned.
    dominated : int
        Of the `pruned` support profiles, those ruled out by conditional dominance.
    direct : int
        Of the `solved` support profiles, those solved without homotopy paths
        (:mod:`gametheory.solvers._kernels.pencil`): two players mix over equally many actions (two
        null vectors), or three mix and one of them over two actions (one polynomial in one
        variable).
    """

    profiles: tuple[Profile, ...]
    complete: bool
    converged: bool
    reason: str
    support_profiles: int
    pruned: int
    solved: int
    paths: int
    singular: tuple[Supports, ...] = ()
    continua: tuple[Supports, ...] = ()
    dominated: int = 0
    direct: int = 0


def support_profile_count(shape: Sequence[int]) -> int:
    """Number of support profiles of a game with these action counts: ``prod(2**k - 1)``.

    >>> support_profile_count((2, 2, 3))
    63
    >>> support_profile_count((4, 4, 4))
    3375
    """
    return math.prod((1 << int(k)) - 1 for k in shape)


def nplayer_equilibria(
    game: Game,
    tol: float = DEFAULT_TOL,
    *,
    max_supports: int = MAX_SUPPORTS,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    func: str = "nplayer_equilibria",
    workers: int = 1,
) -> NPlayerSolution:
    """All Nash equilibria of a small game with any number of players.

    Parameters
    ----------
    game : Game
    tol : float
        Relative tolerance: a returned profile has regret at most ``tol * game.payoff_range``.
    max_supports : int
        Refuse games with more support profiles than this (see :func:`support_profile_count`).
    seed : int
        Seed of the random start system, chart and ``gamma`` (results do not depend on it
        except with probability zero).
    progress : callable, optional
        ``progress(done, total)`` after each support profile.
    func : str
        Name used at the start of error messages.
    workers : int
        Threads that solve support profiles in parallel (0: one per CPU). The result does not
        depend on it: profiles are solved independently and taken in order. It pays on games
        whose support systems need many homotopy paths (four or more players: 1.5-2x with two
        threads on 3x3x3x3); three-player games are mostly screened or solved in one
        variable.

    Returns
    -------
    NPlayerSolution

    Raises
    ------
    GameError
        When the game has more than `max_supports` support profiles.

    Examples
    --------
    Jordan's (1993) three-player matching pennies: player 1 wants to match player 2, player 2
    to match player 3, player 3 to mismatch player 1. Its only equilibrium is completely mixed.

    >>> import numpy as np
    >>> from gametheory import Game
    >>> u = np.zeros((3, 2, 2, 2))
    >>> for a in np.ndindex(2, 2, 2):
    ...     u[:, a[0], a[1], a[2]] = [a[0] == a[1], a[1] == a[2], a[2] != a[0]]
    >>> sol = nplayer_equilibria(Game(list(u)))
    >>> sol.complete, [p.round(6).tolist() for p in sol.profiles[0]]
    (True, [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])
    >>> len(sol.profiles)
    1

    References
    ----------
    Jordan (1993), "Three problems in learning mixed-strategy Nash equilibria", Games Econ.
    Behav. 5: 368-386.
    """
    return _enumerate(game, tol, max_supports, seed, progress, func, first=False, workers=workers)


def first_equilibrium(
    game: Game,
    tol: float = DEFAULT_TOL,
    *,
    max_supports: int = MAX_SUPPORTS,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> NPlayerSolution:
    """One Nash equilibrium, by the same search stopped at the first success.

    This is Porter, Nudelman and Shoham's (2008) search order (balanced, then small supports
    first) with conditional dominance pruning; it needs no size limit up front because it
    looks at no more than `max_supports` support profiles and reports ``converged=False`` if
    none of them held an equilibrium. The result is never complete.

    Examples
    --------
    >>> from gametheory.games import matching_pennies
    >>> sol = first_equilibrium(matching_pennies().at())
    >>> sol.converged, [p.round(3).tolist() for p in sol.profiles[0]]
    (True, [[0.5, 0.5], [0.5, 0.5]])
    """
    return _enumerate(game, tol, max_supports, seed, progress, "first_equilibrium", first=True)


def _enumerate(
    game, tol, max_supports, seed, progress, func, first, verify=True, workers=1
) -> NPlayerSolution:
    shape = game.shape
    total = support_profile_count(shape)
    if not first and total > max_supports:
        size = "x".join(str(k) for k in shape)
        raise TooLargeError(
            f"{func}(): a {size} game has {total:,} support profiles, more than the limit "
            f"max_supports={max_supports:,} for method 'enumpoly'; use method='pns' (one "
            "equilibrium) or method='pure' (pure equilibria only), or raise max_supports"
        )
    if not isinstance(workers, (int, np.integer)) or isinstance(workers, bool) or workers < 0:
        raise GameError(f"{func}(): workers must be a whole number >= 0, got {workers!r}")
    workers = min(int(workers), 64) if workers > 0 else os.cpu_count() or 1
    # a pool only pays when the whole game is searched (pns stops at the first equilibrium)
    pool = ThreadPoolExecutor(workers) if workers > 1 and not first else None
    try:
        # Ctrl-C is acted on between support profiles, never inside a compiled kernel
        with interrupts_between_chunks() as pressed:
            budget = max_supports if first else total
            walk = _walk(game, tol, budget, seed, progress, first, pool, pressed)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    found, singular, continua, counts = walk
    # the contract: every profile passes the game's own regret check, in payoff units
    if verify:
        atol = absolute_tol(game.payoff_range, tol)
        dims = np.array(game.shape, np.int64)
        offsets = np.concatenate([[0], np.cumsum(dims)]).astype(np.int64)
        found = [
            f for f in found if max_regret(game._flat, dims, np.concatenate(f), offsets) <= atol
        ]
    reason = ""
    if first:
        reason = "stopped at the first equilibrium found"
    elif singular:
        listed = "; ".join(_support_text(s) for s in singular[:3])
        more = f" and {len(singular) - 3} more" if len(singular) > 3 else ""
        reason = (
            f"{len(singular)} support profile(s) have singular solution sets (a continuum of "
            f"equilibria or a multiple root), only sample points are returned: {listed}{more}"
        )
    return NPlayerSolution(
        profiles=tuple(found),
        complete=not first and not singular,
        converged=bool(found) or not first,
        reason=reason,
        support_profiles=total,
        singular=tuple(singular),
        continua=tuple(continua),
        **counts,
    )


def _walk(game, tol, budget, seed, progress, first, pool, pressed=()):
    """Screen and solve the support profiles in order; the verified candidates (each once),
    the singular and polytope support profiles, and the counters of NPlayerSolution."""
    shape = game.shape
    total = support_profile_count(shape)
    scale = game.payoff_range if game.payoff_range > 0 else 1.0
    flat = np.stack([np.asarray(p, float).ravel() / scale for p in game.payoffs])
    dims = np.array(shape, np.int64)
    systems = _Systems(seed)
    solve_one = functools.partial(_solve_support, flat, dims, systems=systems)
    offsets = np.concatenate([[0], np.cumsum(dims)]).astype(np.int64)
    found: list[Profile] = []
    singular: list[Supports] = []
    continua: list[Supports] = []
    pruned = dominated = solved = paths = direct = seen = 0
    for chunk, masks in support_chunks(shape, total, 4096):
        if budget - seen < len(chunk):
            chunk, masks = chunk[: budget - seen], masks[: budget - seen]
        if not chunk:
            break
        codes = screen(flat, dims, masks, 2, tol)  # flat is in units of the payoff range
        kept = [sup for sup, code in zip(chunk, codes, strict=True) if code == KEEP]
        # support profiles are independent: with a pool they are solved in parallel (the
        # compiled kernels release the GIL) and still taken in order, so the result is the same
        results = pool.map(solve_one, kept) if pool is not None else map(solve_one, kept)
        for supports, code in zip(chunk, codes, strict=True):
            if pressed:
                break  # Ctrl-C: the caller's interrupts_between_chunks acts on it
            seen += 1
            if progress is not None:
                progress(seen, total)
            if code != KEEP:
                pruned += 1
                dominated += int(code == DOMINATED)
                continue
            solved += 1
            candidates, n_paths, kind = next(results)
            paths += n_paths
            direct += int(kind == DIRECT)
            if kind == SINGULAR:
                singular.append(supports)
            elif kind == POLYTOPE and candidates:
                continua.append(supports)
            for profile in candidates:
                if max_regret(flat, dims, np.concatenate(profile), offsets) <= tol and not any(
                    same_profile(profile, f, _SAME) for f in found
                ):
                    found.append(profile)
            if first and found:
                break
        if (first and found) or pressed:
            break
    counts = {
        "pruned": pruned,
        "solved": solved,
        "paths": paths,
        "dominated": dominated,
        "direct": direct,
    }
    return found, singular, continua, counts


def _support_text(supports: Supports) -> str:
    return "(" + ", ".join("{" + ",".join(str(a) for a in s) + "}" for s in supports) + ")"


# ----------------------------------------------------------------------------- registry
def _details(sol: NPlayerSolution) -> dict[str, object]:
    return {
        "support_profiles": sol.support_profiles,
        "pruned": sol.pruned,
        "dominated": sol.dominated,
        "direct": sol.direct,
        "solved": sol.solved,
        "paths": sol.paths,
        "singular_supports": len(sol.singular),
        "continua": len(sol.continua),
    }


def _run_enumpoly(
    game: Game, *, tol: float, exact: bool, max_supports: int, seed: int, workers: int
):
    total = support_profile_count(game.shape)
    progress = terminal_progress(
        "enumpoly", unit="support profile", total=total, min_total=_PROGRESS_MIN
    )
    sol = _enumerate(game, tol, max_supports, seed, progress, "solve", False, workers=workers)
    return Proposals(sol.profiles, sol.complete, reason=sol.reason, details=_details(sol))


def _run_pns(game: Game, *, tol: float, exact: bool, max_supports: int, seed: int):
    total = min(support_profile_count(game.shape), max_supports)
    progress = terminal_progress(
        "enumpoly", unit="support profile", total=total, min_total=_PROGRESS_MIN
    )
    sol = _enumerate(game, tol, max_supports, seed, progress, "solve", True, verify=False)
    reason = (
        sol.reason
        if sol.converged
        else (f"no equilibrium among the first {max_supports:,} support profiles (max_supports)")
    )
    return Proposals(
        sol.profiles, False, reason=reason, converged=sol.converged, details=_details(sol)
    )


def _auto_suits(game: Game) -> bool:
    limit = AUTO_MAX_SUPPORTS_3 if game.n_players == 3 else AUTO_MAX_SUPPORTS
    return game.n_players >= 3 and support_profile_count(game.shape) <= limit


register(
    Method(
        "enumpoly",
        _run_enumpoly,
        "all equilibria, any number of players: support enumeration + polynomial homotopy",
        min_players=2,
        max_players=None,
        complete=True,
        options={"max_supports": MAX_SUPPORTS, "seed": 0, "workers": 1},
        auto_priority=50,
        suits=_auto_suits,
    )
)
register(
    Method(
        "pns",
        _run_pns,
        "one equilibrium, any number of players: Porter-Nudelman-Shoham support search",
        min_players=2,
        max_players=None,
        options={"max_supports": MAX_SUPPORTS, "seed": 0},
    )
)
