"""Multi-population replicator dynamics: the Jacobian at a profile and basins of attraction.

One population per player, each a point of that player's simplex; population i's share of
action a grows at the rate of a's payoff above the population's mean::

    dx_ia/dt = x_ia (f_ia(x) - x_i . f_i(x))

(Weibull 1995, ch. 5; Hofbauer & Sigmund 1998). At a pure profile the Jacobian on the tangent
space of the product of simplices has one eigenvalue per unilateral deviation, equal to that
deviation's payoff gain: a pure profile is asymptotically stable exactly when it is a strict
equilibrium (docs/criteria.md), so ``replicator_stable`` is not independent evidence.

Basins are measured for starts drawn uniformly on each player's simplex (Dirichlet(1), one
population per player, independently). They depend on each player's payoff *scale*: multiplying
one player's payoffs by k > 0 makes that population k times faster and moves the separatrices,
although no equilibrium, strictness or Nash-product comparison changes (docs/criteria.md).

References
----------
Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*. Cambridge.
Weibull, J. W. (1995). *Evolutionary Game Theory*. MIT.
Dormand, J. R. & Prince, P. J. (1980). A family of embedded Runge–Kutta formulae. *J. Comput.
Appl. Math.* 6: 19–26.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.integrate import quad
from scipy.optimize import brentq

from .._interrupt import interrupts_between_chunks
from ..errors import GameError
from ..game import Game, as_game
from ..tolerance import absolute_tol, check_tol
from . import criteria
from ._replicator_kernel import _basin_kernel, _regrets

CONVERGED_DISTANCE = 1e-3
"""How close (``sum_i (1 - x_i[a_i])``) a state must be to a pure profile to count as there.

Used for replicator trajectories still running at ``t_max`` (weak attractors) and for the end
of the logit branch.
"""

REST_REGRET = 1e-3
"""A replicator state still running at ``t_max`` whose regret (payoffs scaled to range 1) is at
most this counts as at rest at a (mixed) equilibrium, :data:`OTHER`: interior trajectories that
converge can only converge to Nash equilibria (Weibull 1995, ch. 5)."""

OTHER = "other"
"""Basin label: the state comes to rest at an equilibrium that is not pure."""

NOT_CONVERGED = "not converged"
"""Basin label: neither near a pure equilibrium nor at rest at ``t_max`` (cycles, heteroclinic
orbits, slow passages)."""

BASIN_METHODS = ("auto", "exact", "monte-carlo")
"""``exact``: the 2x2 separatrix in closed form; ``monte-carlo``: integrate random starts."""


def profile_name(actions: Sequence[Sequence[str]], idx: Sequence[int]) -> str:
    """``"a1,a2,..."``: the key of a pure profile in basin shares."""
    return ",".join(actions[i][a] for i, a in enumerate(idx))


def _contract(payoff: np.ndarray, strategies: Sequence[np.ndarray], keep: Sequence[int]):
    """Contract every axis of `payoff` not in `keep` with the strategies; axes kept in order."""
    n = payoff.ndim
    letters = string.ascii_letters[:n]
    operands: list[Any] = [payoff]
    specs = [letters]
    for k in range(n):
        if k not in keep:
            operands.append(strategies[k])
            specs.append(letters[k])
    out = "".join(letters[k] for k in sorted(keep))
    return np.einsum(",".join(specs) + "->" + out, *operands)


def payoff_parts(payoffs: Sequence[np.ndarray], strategies: Sequence[np.ndarray]):
    """Action values ``f[i]`` and cross derivatives ``D[i][j][a, c] = d f[i][a] / d x[j][c]``."""
    n = len(payoffs)
    f, D = [], []
    for i in range(n):
        row: list[np.ndarray | None] = [None] * n
        for j in range(n):
            if j != i:
                m = _contract(payoffs[i], strategies, (i, j))
                row[j] = m if i < j else m.T
        D.append(row)
        if n == 1:
            f.append(np.asarray(payoffs[i], dtype=float).copy())
        else:
            j = 1 if i == 0 else 0
            f.append(row[j] @ strategies[j])
    return f, D


def replicator_jacobian(
    payoffs: Sequence[np.ndarray], strategies: Sequence[np.ndarray], ref: Sequence[int]
) -> np.ndarray:
    """Jacobian of the multi-population replicator field at `strategies`, on the tangent space.

    Coordinates are ``x[i][b]`` for ``b != ref[i]`` (``x[i][ref[i]]`` is one minus the rest).
    In full coordinates ``F_ia = x_ia (f_ia - x_i . f_i)`` has
    ``dF_ia/dx_ic = [a == c](f_ia - x_i . f_i) - x_ia f_ic`` and, for j != i,
    ``dF_ia/dx_jc = x_ia (D_ij[a, c] - x_i . D_ij[:, c])``; the restriction is ``P J E`` with E
    mapping tangent coordinates to ``e_b - e_ref`` and P selecting the non-reference rows.
    """
    n = len(payoffs)
    sizes = [len(s) for s in strategies]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    total = int(offsets[-1])
    f, D = payoff_parts(payoffs, strategies)
    J = np.zeros((total, total))
    for i in range(n):
        x = strategies[i]
        mean = float(x @ f[i])
        block = np.diag(f[i] - mean) - np.outer(x, f[i])
        J[offsets[i] : offsets[i + 1], offsets[i] : offsets[i + 1]] = block
        for j in range(n):
            if j != i:
                Dij = D[i][j]
                J[offsets[i] : offsets[i + 1], offsets[j] : offsets[j + 1]] = x[:, None] * (
                    Dij - (x @ Dij)[None, :]
                )
    keep = [offsets[i] + b for i in range(n) for b in range(sizes[i]) if b != ref[i]]
    E = np.zeros((total, len(keep)))
    for col, pos in enumerate(keep):
        E[pos, col] = 1.0
        player = int(np.searchsorted(offsets, pos, side="right") - 1)
        E[offsets[player] + ref[player], col] = -1.0
    return (J @ E)[keep]


def strict_equilibria(game: Game, tol: float) -> list[tuple[int, ...]]:
    """Every strict pure equilibrium, in action order (the criterion of :mod:`.criteria`)."""
    scale = criteria.payoff_scale(game.payoffs)
    return [
        tuple(int(a) for a in p)
        for p in np.ndindex(game.shape)
        if criteria.condition(game.payoffs, p, "strict").holds(scale, tol)
    ]


# ============================================================================ basins
@dataclass(frozen=True)
class Basins:
    """Shares of starting points whose replicator trajectory ends at each outcome.

    Attributes
    ----------
    shares : dict of str to float
        Per pure profile reached (``"a1,a2,..."``), plus :data:`OTHER` and
        :data:`NOT_CONVERGED`; the shares sum to 1.
    stderr : dict of str to float
        Standard error of each share: ``sqrt(s (1 - s) / n_starts)`` for Monte Carlo, 0 for
        the exact 2x2 computation (whose quadrature error is below 1e-9).
    method : str
        ``"exact"`` or ``"monte-carlo"``.
    n_starts : int
        Random starts (0 for the exact method).
    seed : int or None
        The seed of the starts (None for the exact method).
    """

    shares: dict[str, float]
    stderr: dict[str, float]
    method: str
    n_starts: int
    seed: int | None

    def largest(self) -> tuple[str, ...]:
        """The pure profiles with the largest share (several on a tie; none if no pure profile
        attracts). Exact shares within 1e-9 (the quadrature error) tie; Monte Carlo counts tie
        only when equal."""
        pure = {k: v for k, v in self.shares.items() if k not in (OTHER, NOT_CONVERGED) and v > 0}
        if not pure:
            return ()
        top = max(pure.values())
        slack = 1e-9 if self.method == "exact" else 0.0
        return tuple(k for k, v in pure.items() if v >= top - slack)


def basins(
    game: Game,
    *,
    tol: float | None = None,
    method: str = "auto",
    n_starts: int = 2000,
    seed: int = 0,
    t_max: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Basins:
    """Basins of attraction of the multi-population replicator dynamics.

    Starts are uniform on each player's simplex (Dirichlet(1), one population per player). The
    shares depend on each player's payoff scale (see the module docstring).

    Parameters
    ----------
    game : Game
    tol : float, optional
        Relative tolerance (times the payoff range) for strictness and for the ties that make a
        2x2 game degenerate.
    method : {"auto", "exact", "monte-carlo"}
        ``"exact"`` (2x2 games without payoff ties along the edges): the basins are bounded by
        the stable manifold of the mixed equilibrium, a level set of the constant of motion
        ``H = b phi_p(x) - a phi_q(y)`` with ``phi_c(z) = -(c log z + (1 - c) log(1 - z))``
        (Hofbauer & Sigmund 1998, bimatrix games), and its area is a one-dimensional integral;
        dominance-solvable 2x2 games send every interior start to one profile; in cyclic ones
        (matching pennies) the orbits are closed and nothing converges. ``"monte-carlo"``:
        `n_starts` random starts integrated in log coordinates (adaptive Dormand–Prince 5(4)).
        ``"auto"``: exact where it applies, else Monte Carlo.
    n_starts, seed, t_max
        Monte Carlo only: the number of starts, the seed of ``numpy.random.default_rng``, and the
        horizon for payoffs scaled to range 1 (default ``max(200, 5 log(4/g) / g)`` capped at
        10^4, g the smallest deviation loss of a strict equilibrium, scaled). At most
        :data:`MAX_STARTS` starts, integrated :data:`CHUNK` at a time.
    progress : callable, optional
        Monte Carlo only: ``progress(done, total)`` after every chunk of starts.

    Returns
    -------
    Basins

    Notes
    -----
    A Monte Carlo start counts for a strict equilibrium once it enters a neighbourhood that
    provably stays and converges there (``sum_i (1 - x_i[a_i]) < g/4``). Starts still running
    at `t_max` count for a pure Nash profile within :data:`CONVERGED_DISTANCE`, else as
    :data:`OTHER` if their regret is at most :data:`REST_REGRET`, else :data:`NOT_CONVERGED`.

    Examples
    --------
    >>> from gametheory.games import stag_hunt
    >>> exact = basins(stag_hunt().at())
    >>> exact.method, round(exact.shares["Stag,Stag"], 4), exact.largest()
    ('exact', 0.2636, ('Hare,Hare',))
    >>> basins(stag_hunt().at(), method="monte-carlo", n_starts=1000).shares["Stag,Stag"]
    0.267
    """
    func = "basins()"
    game = as_game(game, "basins")
    rel_tol = check_tol("basins", tol)
    check_settings(func, method, n_starts, seed, t_max)
    if method != "monte-carlo" and game.shape == (2, 2):
        exact = _exact_2x2(game, absolute_tol(game.payoff_range, rel_tol))
        if exact is not None:
            shares = {profile_name(game.actions, p): s for p, s in sorted(exact.items()) if s > 0}
            shares[OTHER] = 0.0
            shares[NOT_CONVERGED] = 0.0 if exact else 1.0  # empty: closed orbits
            return Basins(shares, dict.fromkeys(shares, 0.0), "exact", 0, None)
    if method == "exact":
        raise GameError(
            f"{func}: exact basins need a 2x2 game whose payoff differences along each edge are "
            f"nonzero; this game (shape {game.shape}) needs method='monte-carlo'"
        )
    shares = _monte_carlo(game, rel_tol, int(n_starts), int(seed), t_max, progress)
    stderr = {k: math.sqrt(s * (1.0 - s) / n_starts) for k, s in shares.items()}
    return Basins(shares, stderr, "monte-carlo", int(n_starts), int(seed))


def check_settings(func: str, method: str, n_starts: Any, seed: Any, t_max: Any) -> None:
    """Validate the settings of :func:`basins` (also for callers that pass them through)."""
    if method not in BASIN_METHODS:
        raise GameError(f"{func}: method must be one of {list(BASIN_METHODS)}, got {method!r}")
    if isinstance(n_starts, bool) or not isinstance(n_starts, (int, np.integer)) or n_starts < 1:
        raise GameError(f"{func}: n_starts must be an integer >= 1, got {n_starts!r}")
    if n_starts > MAX_STARTS:
        raise GameError(
            f"{func}: n_starts = {n_starts} is more than {MAX_STARTS:.0e}; at that many starts "
            "the standard error of a share is below 2e-4 already"
        )
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise GameError(f"{func}: seed must be an integer >= 0, got {seed!r}")
    if t_max is not None and (
        not isinstance(t_max, (int, float, np.number)) or not math.isfinite(t_max) or t_max <= 0
    ):
        raise GameError(f"{func}: t_max must be a finite number > 0, got {t_max!r}")


def _phi(z: float, c: float) -> float:
    return -(c * math.log(z) + (1.0 - c) * math.log1p(-z))


def _coordination_share(a: float, b: float, p: float, q: float) -> float:
    """Area above the separatrix of ``x' = x(1-x) a (y-q)``, ``y' = y(1-y) b (x-p)``, a, b > 0.

    The stable manifold of the saddle (p, q) is the level set ``phi_q(y) = phi_q(q) +
    (b/a)(phi_p(x) - phi_p(p))`` on the branch with y < q for x > p and y > q for x < p; the
    area above it is the basin of (1, 1).
    """
    ratio = b / a
    base_p, base_q = _phi(p, p), _phi(q, q)
    lo, hi = 1e-300, 1.0 - 1e-16

    def separatrix(x: float) -> float:
        if x == p:
            return q
        target = base_q + ratio * (_phi(x, p) - base_p)

        def level(y: float) -> float:
            return _phi(y, q) - target

        if x > p:  # branch below q: level(q) < 0, level -> +inf as y -> 0
            return brentq(level, lo, q, xtol=1e-15) if level(lo) > 0 else 0.0
        return brentq(level, q, hi, xtol=1e-15) if level(hi) > 0 else 1.0

    area, _ = quad(lambda x: 1.0 - separatrix(x), 0.0, 1.0, points=[p], limit=400, epsabs=1e-12)
    return float(area)


def _exact_2x2(game: Game, atol: float) -> dict[tuple[int, int], float] | None:
    """Exact basin shares of a 2x2 game, or None when an edge has a payoff tie (degenerate).

    x (y) is the probability of the row (column) player's first action. The row player's
    advantage of action 0 is ``u0 + (u1 - u0) y``, the column player's ``v0 + (v1 - v0) x``.
    An empty result means closed orbits: nothing converges.
    """
    A, B = game.payoffs
    u0, u1 = A[0, 1] - A[1, 1], A[0, 0] - A[1, 0]
    v0, v1 = B[1, 0] - B[1, 1], B[0, 0] - B[0, 1]
    if min(abs(u0), abs(u1), abs(v0), abs(v1)) <= atol:
        return None
    if u0 * u1 > 0:  # the row player has a strictly dominant action
        row = 0 if u1 > 0 else 1
        toward = v1 if row == 0 else v0
        return {(row, 0 if toward > 0 else 1): 1.0}
    if v0 * v1 > 0:  # the column player has a strictly dominant action
        col = 0 if v1 > 0 else 1
        toward = u1 if col == 0 else u0
        return {(0 if toward > 0 else 1, col): 1.0}
    a, b = u1 - u0, v1 - v0
    if a * b < 0:  # a centre: closed orbits around the mixed equilibrium
        return {}
    if a > 0:  # coordination: strict equilibria (0, 0) and (1, 1)
        share = _coordination_share(a, b, -v0 / b, -u0 / a)
        return {(0, 0): share, (1, 1): 1.0 - share}
    # anti-coordination: relabel the column player's actions (y -> 1 - y) to coordinate
    share = _coordination_share(-a, -b, -v0 / b, 1.0 + u0 / a)
    return {(0, 1): share, (1, 0): 1.0 - share}


MAX_STARTS = 10**7
"""Most random starts :func:`basins` takes (they are integrated in chunks of :data:`CHUNK`)."""

CHUNK = 20_000
"""Starts integrated per call of the compiled kernel: Ctrl-C is acted on between chunks, and
memory stays bounded however many starts are asked for."""


def _monte_carlo(
    game: Game,
    rel_tol: float,
    n_starts: int,
    seed: int,
    t_max: float | None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, float]:
    """Shares of Dirichlet(1) starts converging to each pure profile (see :func:`basins`)."""
    shape = game.shape
    n = game.n_players
    scale = criteria.payoff_scale(game.payoffs)
    strict_ne = strict_equilibria(game, rel_tol)
    pay = np.ascontiguousarray(np.stack([p.reshape(-1) for p in game.payoffs]) / scale)
    prof = np.ascontiguousarray(np.indices(shape).reshape(n, -1).T.astype(np.int64))
    off = np.concatenate([[0], np.cumsum(shape)]).astype(np.int64)
    strides = np.array([int(np.prod(shape[i + 1 :])) for i in range(n)], dtype=np.int64)
    target_of = np.full(int(np.prod(shape)), -1, dtype=np.int64)
    gaps = np.empty(max(len(strict_ne), 1))
    for k, p in enumerate(strict_ne):
        target_of[int(np.dot(p, strides))] = k
        losses = [-g for g in criteria.best_gains(game.payoffs, p) if math.isfinite(g)]
        gaps[k] = min(min(losses) / scale, 1.0) if losses else 1.0

    if t_max is None:
        g = float(gaps[: len(strict_ne)].min()) if strict_ne else 1.0
        t_max = min(max(200.0, 5.0 * math.log(4.0 / g) / g), 1e4)
    rng = np.random.default_rng(seed)
    nash = {
        p
        for p in np.ndindex(shape)
        if criteria.condition(game.payoffs, p, "nash").holds(scale, rel_tol)
    }
    counts: dict[str, int] = {}
    other = not_converged = 0
    done = 0
    with interrupts_between_chunks() as pressed:
        while done < n_starts and not pressed:
            size = min(CHUNK, n_starts - done)
            starts = np.concatenate([rng.dirichlet(np.ones(k), size=size) for k in shape], axis=1)
            z0 = np.log(np.maximum(starts, 1e-300))
            labels, finals = _basin_kernel(
                pay, prof, off, strides, target_of, gaps, z0, float(t_max), 1e-6, 1e-9
            )
            for k, p in enumerate(strict_ne):
                hits = int(np.sum(labels == k))
                if hits:
                    name = profile_name(game.actions, p)
                    counts[name] = counts.get(name, 0) + hits
            rest, unsettled = _unlabelled(game, pay, prof, off, nash, labels, finals, counts)
            other += rest
            not_converged += unsettled
            done += size
            if progress is not None:
                progress(done, n_starts)
    shares = {name: hits / n_starts for name, hits in sorted(counts.items())}
    shares[OTHER] = other / n_starts
    shares[NOT_CONVERGED] = not_converged / n_starts
    return shares


def _unlabelled(game, pay, prof, off, nash, labels, finals, counts) -> tuple[int, int]:
    """Sort the starts the kernel left unlabelled: near a (non-strict) equilibrium, at another
    rest point, or not converged; the first kind is added to `counts`."""
    n = game.n_players
    states = finals[labels < 0]
    if not len(states):
        return 0, 0
    flat = np.zeros(len(states), dtype=np.int64)
    distance = np.zeros(len(states))
    rows = np.arange(len(states))
    for i in range(n):
        part = states[:, off[i] : off[i + 1]]
        top = np.argmax(part, axis=1)
        flat = flat * game.shape[i] + top
        distance += 1.0 - part[rows, top]
    is_nash = np.zeros(int(np.prod(game.shape)), dtype=bool)
    for p in nash:
        is_nash[np.ravel_multi_index(p, game.shape)] = True
    near = (distance <= CONVERGED_DISTANCE) & is_nash[flat]
    for cell, hits in zip(*np.unique(flat[near], return_counts=True), strict=True):
        name = profile_name(game.actions, np.unravel_index(int(cell), game.shape))
        counts[name] = counts.get(name, 0) + int(hits)
    regrets = _regrets(pay, prof, off, np.ascontiguousarray(states[~near]))
    rest = int(np.count_nonzero(regrets <= REST_REGRET))
    return rest, int(np.count_nonzero(~near)) - rest


__all__ = [
    "BASIN_METHODS",
    "CHUNK",
    "CONVERGED_DISTANCE",
    "MAX_STARTS",
    "NOT_CONVERGED",
    "OTHER",
    "REST_REGRET",
    "Basins",
    "basins",
    "profile_name",
    "replicator_jacobian",
    "strict_equilibria",
]
