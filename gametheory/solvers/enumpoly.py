"""All Nash equilibria of small n-player games: support enumeration with polynomial systems.

For every *support profile* (one non-empty set of actions per player) the equilibria whose
supports are exactly those sets solve a square polynomial system: each player is indifferent
among its support actions. The system is multilinear (player ``i``'s equations have degree one
in each other player's strategy and none in its own), and is solved by a multihomogeneous
homotopy (:mod:`gametheory.solvers._homotopy`), which reaches every isolated complex solution.
Real, non-negative solutions are turned into profiles and kept only if their regret is at most
``tol * payoff_range`` (:func:`gametheory.equilibrium.verify`), which also enforces the
inequalities for actions outside the supports.

Before a support profile is solved it is pruned cheaply: if some support action is *conditionally
dominated* (another action of the same player is strictly better against every pure profile of
the others' supports) no equilibrium has those supports (Porter, Nudelman and Shoham 2008,
"Simple search methods for finding a Nash equilibrium", Games Econ. Behav. 63: 642-662).
Profiles are visited as they propose: balanced supports first, then small before large, which
makes :func:`first_equilibrium` (stop at the first one) fast on most games.

Completeness: every isolated equilibrium is found (with probability one over the random start
system, see the homotopy module). When a support profile's system has a singular solution (a
continuum of equilibria, or a multiple root), the points reached are still verified and
returned, but the result says ``complete=False`` and names those support profiles: a continuum
is represented by sample points only, not by its extreme points.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numba import njit

from ..errors import GameError
from ..game import Game
from ..tolerance import absolute_tol
from . import _homotopy
from .registry import Method, Proposals, register

MAX_SUPPORTS = 100_000
"""Default limit on support profiles for :func:`nplayer_equilibria` (about a minute of work)."""

AUTO_MAX_SUPPORTS = 5_000
"""Largest number of support profiles for which ``solve(method="auto")`` runs enumpoly."""

SINGULAR_COND = 1e10
"""An endpoint whose Jacobian has a larger condition number is a singular solution."""

# path tracker controls: first step in t, largest step, largest first Newton correction and
# the correction that counts as converged (both relative to the size of the point)
CTL = np.array([0.1, 0.5, 1e-2, 1e-8])
LP_MIN_PATHS = 20
"""Support profiles with at least this many homotopy paths are first screened by a linear
program (:func:`_correlated_feasible`), which costs about as much as a few paths."""
# what a support profile's system turned out to be
REGULAR, SINGULAR, POLYTOPE = 0, 1, 2
_IMAG_TOL = 1e-6  # largest imaginary part, and most negative probability, of a real solution
_AT_INFINITY = 1e-4  # relative size of a player's weight sum that counts as zero
_SAME = 1e-7  # two profiles closer than this in every probability are one equilibrium

Profile = tuple[np.ndarray, ...]
Supports = tuple[tuple[int, ...], ...]


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
        Support profiles skipped because a support action was conditionally dominated.
    solved : int
        Support profiles whose polynomial system was solved.
    paths : int
        Homotopy paths followed.
    singular : tuple of supports
        Support profiles whose system has singular solutions (continua or multiple roots).
    continua : tuple of supports
        Support profiles where one player mixes against pure actions of the others and is
        indifferent: their equilibria form a polytope, whose extreme points are returned.
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
    tol: float = 1e-9,
    *,
    max_supports: int = MAX_SUPPORTS,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    func: str = "nplayer_equilibria",
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
    return _enumerate(game, tol, max_supports, seed, progress, func, first=False)


def first_equilibrium(
    game: Game,
    tol: float = 1e-9,
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
    game, tol, max_supports, seed, progress, func, first, verify=True
) -> NPlayerSolution:
    shape = game.shape
    total = support_profile_count(shape)
    if not first and total > max_supports:
        size = "x".join(str(k) for k in shape)
        raise GameError(
            f"{func}(): a {size} game has {total:,} support profiles, more than the limit "
            f"max_supports={max_supports:,} for method 'enumpoly'; use method='pns' (one "
            "equilibrium) or method='pure' (pure equilibria only), or raise max_supports"
        )
    scale = game.payoff_range if game.payoff_range > 0 else 1.0
    payoffs = [np.asarray(p, float) / scale for p in game.payoffs]
    flat = np.stack([p.ravel() for p in payoffs])
    dims = np.array(shape, np.int64)
    atol = absolute_tol(game.payoff_range, tol)
    systems = _Systems(seed)
    found: list[Profile] = []
    singular: list[Supports] = []
    continua: list[Supports] = []
    pruned = solved = paths = seen = 0
    budget = max_supports if first else total
    for chunk in _chunks(_support_profiles(shape), 4096):
        chunk = chunk[: budget - seen]
        if not chunk:
            break
        masks = np.array([[sum(1 << a for a in s) for s in sup] for sup in chunk], np.int64)
        dominated = _dominated(flat, dims, masks)
        for supports, skip in zip(chunk, dominated, strict=True):
            seen += 1
            if progress is not None:
                progress(seen, total)
            if skip:
                pruned += 1
                continue
            solved += 1
            candidates, n_paths, kind = _solve_support(flat, dims, supports, systems)
            paths += n_paths
            if kind == SINGULAR:
                singular.append(supports)
            elif kind == POLYTOPE and candidates:
                continua.append(supports)
            for profile in candidates:
                if _regret(flat, dims, profile) <= tol and not any(
                    _same(profile, f) for f in found
                ):
                    found.append(profile)
            if first and found:
                break
        if first and found:
            break
    # the contract: every profile passes the game's own regret check, in payoff units
    if verify:
        found = [f for f in found if game.regret(f) <= atol]
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
        pruned=pruned,
        solved=solved,
        paths=paths,
        singular=tuple(singular),
        continua=tuple(continua),
    )


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _support_text(supports: Supports) -> str:
    return "(" + ", ".join("{" + ",".join(str(a) for a in s) + "}" for s in supports) + ")"


@njit(cache=True)
def _regret_kernel(flat, shape, x, offsets):
    """Largest regret of the profile x (all players' probabilities concatenated)."""
    n = shape.shape[0]
    total = flat.shape[1]
    values = np.zeros(x.shape[0])
    idx = np.zeros(n, np.int64)
    for pos in range(total):
        # decode the pure profile at flat position pos (C order)
        rest = pos
        for j in range(n - 1, -1, -1):
            idx[j] = rest % shape[j]
            rest //= shape[j]
        for i in range(n):
            w = 1.0
            for j in range(n):
                if j != i:
                    w *= x[offsets[j] + idx[j]]
            if w != 0.0:
                values[offsets[i] + idx[i]] += w * flat[i, pos]
    worst = 0.0
    for i in range(n):
        best = -np.inf
        own = 0.0
        for a in range(shape[i]):
            v = values[offsets[i] + a]
            best = max(best, v)
            own += x[offsets[i] + a] * v
        worst = max(worst, best - own)
    return worst


def _regret(flat: np.ndarray, dims: np.ndarray, profile: Profile) -> float:
    """Largest regret, payoffs already divided by their range: a quick filter before the
    game's own check."""
    offsets = np.concatenate([[0], np.cumsum(dims)]).astype(np.int64)
    return float(_regret_kernel(flat, dims, np.concatenate(profile), offsets))


def _same(a: Profile, b: Profile) -> bool:
    return all(np.max(np.abs(x - y)) <= _SAME for x, y in zip(a, b, strict=True))


def _support_profiles(shape: Sequence[int]) -> Iterator[Supports]:
    """Every support profile, balanced ones first, then by total size (PNS 2008 order)."""
    sizes = sorted(
        itertools.product(*(range(1, k + 1) for k in shape)),
        key=lambda s: (max(s) - min(s), sum(s), s),
    )
    for size in sizes:
        yield from itertools.product(
            *(itertools.combinations(range(k), s) for k, s in zip(shape, size, strict=True))
        )


@njit(cache=True)
def _dominated(flat, shape, masks):
    """For each support profile (bit masks, one per player): is a support action of some player
    worse than another of its actions against every pure profile of the others' supports, and
    strictly worse against one? (Conditional dominance, Porter, Nudelman and Shoham 2008, who
    ask for strict dominance everywhere; weak dominance with one strict inequality suffices
    here because every pure profile of the others' supports has positive probability.)"""
    S, n = masks.shape
    out = np.zeros(S, np.bool_)
    strides = np.ones(n, np.int64)
    for j in range(n - 2, -1, -1):
        strides[j] = strides[j + 1] * shape[j + 1]
    kmax = 0
    for j in range(n):
        kmax = max(kmax, shape[j])
    acts = np.zeros((n, kmax), np.int64)
    counts = np.zeros(n, np.int64)
    pos = np.zeros(n, np.int64)
    for s in range(S):
        for j in range(n):
            c = 0
            for a in range(shape[j]):
                if (masks[s, j] >> a) & 1:
                    acts[j, c] = a
                    c += 1
            counts[j] = c
        found = False
        for i in range(n):
            for ai in range(counts[i]):
                a = acts[i, ai]
                for b in range(shape[i]):
                    if b == a:
                        continue
                    # walk every pure profile of the others' supports (mixed-radix counter)
                    for j in range(n):
                        pos[j] = 0
                    better = True
                    strict = False
                    while True:
                        base = 0
                        for j in range(n):
                            if j != i:
                                base += acts[j, pos[j]] * strides[j]
                        gain = flat[i, base + b * strides[i]] - flat[i, base + a * strides[i]]
                        if gain < 0.0:
                            better = False
                            break
                        strict = strict or gain > 0.0
                        j = n - 1
                        while j >= 0:
                            if j != i:
                                pos[j] += 1
                                if pos[j] < counts[j]:
                                    break
                                pos[j] = 0
                            j -= 1
                        if j < 0:
                            break
                    if better and strict:
                        found = True
                        break
                if found:
                    break
            if found:
                break
        out[s] = found
    return out


class _Systems:
    """Start systems shared by all support profiles with the same active support sizes.

    One generic start system (random linear forms, chart and gamma) serves every target
    system of that multidegree: the bad choices for each of the finitely many targets form a
    set of measure zero, and so does their union.
    """

    # built once per process: a sweep over many games of one shape reuses them
    _cache: ClassVar[dict[tuple[int, ...], tuple]] = {}

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def get(self, k: tuple[int, ...]) -> tuple:
        key = (self.seed, *k)
        if key not in self._cache:
            self._cache[key] = self._build(k)
        return self._cache[key]

    def _build(self, k: tuple[int, ...]) -> tuple:
        rng = np.random.default_rng([self.seed, *k])
        G = len(k)
        offsets = np.concatenate([[0], np.cumsum(k)]).astype(int)
        N = int(offsets[-1])
        eq_of, mvars, own = [], [], []
        for g in range(G):
            others = [h for h in range(G) if h != g]
            for _ in range(1, k[g]):
                e = len(own)
                own.append(g)
                for idx in np.ndindex(*[k[h] for h in others]):
                    eq_of.append(e)
                    mvars.append([offsets[h] + a for h, a in zip(others, idx, strict=True)])
        n_eq = len(own)
        groups = [slice(int(offsets[g]), int(offsets[g + 1])) for g in range(G)]
        lin = np.zeros((n_eq, G, N), np.complex128)
        chart = np.zeros((G, N), np.complex128)
        for g, sl in enumerate(groups):
            size = (n_eq, sl.stop - sl.start)
            lin[:, g, sl] = rng.normal(size=size) + 1j * rng.normal(size=size)
            chart[g, sl] = rng.normal(size=size[1]) + 1j * rng.normal(size=size[1])
        gamma = complex(np.exp(2j * np.pi * rng.random()))
        own_a = np.array(own, np.int64)
        starts = _homotopy.start_solutions(lin, own_a, chart, groups)
        pattern = (
            np.array(eq_of, np.int64),
            np.array(mvars, np.int64).reshape(len(eq_of), G - 1),
            lin,
            own_a,
            chart,
            offsets.astype(np.int64),
            n_eq,
        )
        return pattern, starts, gamma, groups


@njit(cache=True)
def _coefficients(flat, shape, acts, active):
    """Coefficients of the indifference equations, in the order of ``_Systems`` patterns.

    Equation (g, r) says that active player ``i = active[g]`` gets the same from its support
    actions ``acts[i, r]`` and ``acts[i, 0]``; its monomials run over the supports of the other
    active players (last one fastest), the players who play one action held at it.
    """
    n = shape.shape[0]
    G = active.shape[0]
    strides = np.ones(n, np.int64)
    for j in range(n - 2, -1, -1):
        strides[j] = strides[j + 1] * shape[j + 1]
    counts = np.zeros(n, np.int64)
    for j in range(n):
        c = 0
        while c < acts.shape[1] and acts[j, c] >= 0:
            c += 1
        counts[j] = c
    size = 0
    for g in range(G):
        m = counts[active[g]] - 1
        for h in range(G):
            if h != g:
                m *= counts[active[h]]
        size += m
    out = np.empty(size, np.complex128)
    pos = np.zeros(n, np.int64)
    k = 0
    for g in range(G):
        i = active[g]
        for r in range(1, counts[i]):
            for j in range(n):
                pos[j] = 0
            while True:
                base = 0
                for j in range(n):
                    if j != i:
                        base += acts[j, pos[j]] * strides[j]
                out[k] = (
                    flat[i, base + acts[i, r] * strides[i]]
                    - flat[i, base + acts[i, 0] * strides[i]]
                )
                k += 1
                j = n - 1
                while j >= 0:
                    if j != i and counts[j] > 1:
                        pos[j] += 1
                        if pos[j] < counts[j]:
                            break
                        pos[j] = 0
                    j -= 1
                if j < 0:
                    break
    return out


def _solve_support(
    flat: np.ndarray, dims: np.ndarray, supports: Supports, systems: _Systems
) -> tuple[list[Profile], int, bool]:
    """Candidate profiles with these supports, homotopy paths used, and a singular flag."""
    active = [i for i, s in enumerate(supports) if len(s) > 1]

    def profile(strategies: dict[int, np.ndarray]) -> Profile:
        out = []
        for i, s in enumerate(supports):
            x = np.zeros(int(dims[i]))
            x[list(s)] = strategies[i] if i in strategies else 1.0
            out.append(x)
        return tuple(out)

    if not active:
        return [profile({})], 0, REGULAR
    acts = np.full((len(supports), int(dims.max())), -1, np.int64)
    for j, s in enumerate(supports):
        acts[j, : len(s)] = s
    coef = _coefficients(flat, dims, acts, np.array(active, np.int64))
    if len(active) == 1:
        # the mixing player's indifference does not depend on anything it can change: either
        # it is indifferent everywhere (a polytope of equilibria) or there is none here
        if np.max(np.abs(coef)) > 1e-12:
            return [], 0, REGULAR
        i = active[0]
        vertices = _segment_vertices(flat, dims, supports, i)
        return [profile({i: x}) for x in vertices], 0, POLYTOPE
    k = tuple(len(supports[i]) for i in active)
    pattern, starts, gamma, groups = systems.get(k)
    if len(starts) == 0:
        return [], 0, REGULAR
    if len(starts) >= LP_MIN_PATHS and not _correlated_feasible(flat, dims, supports):
        return [], 0, REGULAR
    # an equation that vanishes identically leaves fewer equations than unknowns
    rows = np.abs(coef).reshape(-1)
    eq_of = pattern[0]
    zero_equation = bool((np.bincount(eq_of, weights=rows, minlength=pattern[-1]) <= 1e-12).any())
    args = (coef, *pattern)
    ends, status, cond = _homotopy.track(starts, gamma, *args, 20000, CTL)
    bad = (status != _homotopy.REACHED) | (cond > SINGULAR_COND)
    for p in np.flatnonzero(bad):
        ends[p] = _homotopy.refine(ends[p], *args, 50)
    # A singular endpoint where some player's weights sum to zero lies on a component at
    # infinity (no probability vector there, e.g. the curves every symmetric volunteer's
    # dilemma has); only finite ones can hide equilibria.
    finite = np.ones(len(ends), bool)
    for sl in groups:
        block = ends[:, sl]
        finite &= np.abs(block.sum(axis=1)) > _AT_INFINITY * np.abs(block).max(axis=1)
    flagged = bool((bad & finite).any())
    # homogeneous coordinates to probabilities, group by group; keep real, non-negative ones
    keep = np.ones(len(ends), bool)
    xs = []
    for sl in groups:
        total = ends[:, sl].sum(axis=1)
        ok = np.abs(total) > 1e-12
        x = ends[:, sl] / np.where(ok, total, 1.0)[:, None]
        keep &= ok & (np.abs(x.imag).max(axis=1) <= _IMAG_TOL) & (x.real.min(axis=1) >= -_IMAG_TOL)
        xs.append(np.clip(x.real, 0.0, None))
    out = []
    for p in np.flatnonzero(keep):
        out.append(profile({i: xs[g][p] / xs[g][p].sum() for g, i in enumerate(active)}))
    return out, len(starts), SINGULAR if zero_equation or flagged else REGULAR


def _correlated_feasible(flat, dims, supports: Supports) -> bool:
    """Can each player be made indifferent on its support, and not better off outside it, by
    *some* probability distribution over the others' support profiles?

    An equilibrium with these supports gives one (the product of the others' strategies), so
    when a linear program says no for some player, the support profile holds no equilibrium.
    Correlated distributions relax the product ones, so the test is one-sided and exact.
    """
    from scipy.optimize import linprog

    for i in range(len(supports)):
        index = [range(int(dims[i])) if j == i else s for j, s in enumerate(supports)]
        table = flat[i].reshape(tuple(int(d) for d in dims))[np.ix_(*index)]
        sub = np.moveaxis(table, i, 0).reshape(int(dims[i]), -1)
        first = sub[supports[i][0]]
        A_eq = np.vstack([sub[list(supports[i][1:])] - first, np.ones((1, sub.shape[1]))])
        b_eq = np.zeros(len(A_eq))
        b_eq[-1] = 1.0
        outside = [b for b in range(int(dims[i])) if b not in supports[i]]
        A_ub = sub[outside] - first if outside else None
        b_ub = np.zeros(len(outside)) if outside else None
        res = linprog(np.zeros(sub.shape[1]), A_ub, b_ub, A_eq, b_eq, bounds=(0, None))
        if res.status == 2:  # proven infeasible; any other outcome keeps the profile
            return False
    return True


def _segment_vertices(flat, dims, supports: Supports, i: int) -> list[np.ndarray]:
    """Extreme points of the mixtures of player i on its support that keep every other
    player's (pure) support action a best response: ``D x <= 0, x >= 0, sum(x) = 1``.

    Vertex enumeration by brute force over the tight constraint sets; the polytope has
    ``k - 1`` dimensions with ``k = len(supports[i])``, so the sets are few.
    """
    own = list(supports[i])
    k = len(own)
    base = [s[0] for s in supports]
    rows = []
    for j in range(len(supports)):
        if j == i:
            continue
        for b in range(int(dims[j])):
            if b == base[j]:
                continue
            row = []
            for a in own:
                here = list(base)
                here[i] = a
                there = list(here)
                there[j] = b
                gain = flat[j, np.ravel_multi_index(there, dims)]
                row.append(gain - flat[j, np.ravel_multi_index(here, dims)])
            rows.append(row)
    D = np.array(rows, float).reshape(len(rows), k)
    A = np.vstack([D, -np.eye(k)])
    vertices: list[np.ndarray] = []
    for tight in itertools.combinations(range(len(A)), k - 1):
        M = np.vstack([A[list(tight)], np.ones(k)])
        rhs = np.zeros(k)
        rhs[-1] = 1.0
        if abs(np.linalg.det(M)) < 1e-12:
            continue
        x = np.linalg.solve(M, rhs)
        if (A @ x <= 1e-12).all() and not any(np.abs(x - v).max() <= _SAME for v in vertices):
            vertices.append(np.clip(x, 0.0, None) / np.clip(x, 0.0, None).sum())
    return vertices


# ----------------------------------------------------------------------------- registry
def _terminal_progress(total: int) -> Callable[[int, int], None] | None:
    """A one-line progress counter on stderr, for long runs on a terminal only."""
    if total < 2000 or not sys.stderr.isatty():
        return None
    step = max(1, total // 100)

    def show(done: int, total: int) -> None:
        if done % step == 0 or done == total:
            end = "\n" if done == total else ""
            print(f"\renumpoly: {done}/{total} support profiles", end=end, file=sys.stderr)

    return show


def _details(sol: NPlayerSolution) -> dict[str, object]:
    return {
        "support_profiles": sol.support_profiles,
        "pruned": sol.pruned,
        "solved": sol.solved,
        "paths": sol.paths,
        "singular_supports": len(sol.singular),
        "continua": len(sol.continua),
    }


def _run_enumpoly(game: Game, *, tol: float, exact: bool, max_supports: int, seed: int):
    total = support_profile_count(game.shape)
    sol = _enumerate(game, tol, max_supports, seed, _terminal_progress(total), "solve", first=False)
    return Proposals(sol.profiles, sol.complete, reason=sol.reason, details=_details(sol))


def _run_pns(game: Game, *, tol: float, exact: bool, max_supports: int, seed: int):
    total = min(support_profile_count(game.shape), max_supports)
    progress = _terminal_progress(total)
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
    return game.n_players >= 3 and support_profile_count(game.shape) <= AUTO_MAX_SUPPORTS


register(
    Method(
        "enumpoly",
        _run_enumpoly,
        "all equilibria, any number of players: support enumeration + polynomial homotopy",
        min_players=2,
        max_players=None,
        complete=True,
        options={"max_supports": MAX_SUPPORTS, "seed": 0},
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
