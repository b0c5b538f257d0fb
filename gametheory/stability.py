"""When is a pure profile — normally mutual restraint — a stable outcome?

DESIGN.md ("Deterrence is stable") asks for several criteria, each reported separately, because
they can disagree: an equilibrium can be strict yet have the smaller basin of attraction, or be
risk-dominant in Harsanyi–Selten's sense while the logit tracing procedure ends elsewhere.

:func:`classify` computes, for a numeric game and a *pure* profile:

``nash`` / ``strict``
    Regret test: the best gain of any unilateral pure deviation is ``<= tol * payoff_range``
    (Nash) or ``< -tol * payoff_range`` (strict: every deviation loses).
``risk_dominant``
    2x2 games: Harsanyi & Selten's (1988) comparison of Nash products (products of the players'
    deviation losses) against the *rival*, the opposite corner (both players switch; in a
    coordination game that is the escalation equilibrium). n players or more actions: the
    profile is a strict equilibrium whose basin of attraction under the replicator dynamics is
    larger than that of every other strict pure equilibrium. ``None`` when there is nothing to
    compare against (see :func:`classify` for the exact rule).
``replicator_stable``
    Asymptotic stability under the multi-population replicator dynamics (one population per
    player), from the eigenvalues of the Jacobian on the tangent space of the product of
    simplices (Weibull 1995, ch. 5; Hofbauer & Sigmund 1998).
``basin_share``
    Share of uniformly drawn interior starting points whose replicator trajectory converges to
    the profile (numba kernel, adaptive Dormand–Prince integration in log coordinates).
``qre_limit``
    Whether the principal branch of logit quantal response equilibria, traced from the
    centroid at ``lambda = 0`` to ``lambda -> infinity``, ends at the profile (McKelvey &
    Palfrey 1995; path following as in Turocy 2005).

:func:`thresholds` turns the algebraic criteria (Nash, strict, risk-dominant) of a
:class:`~gametheory.symbolic.SymbolicGame` into inequalities and solves them for one parameter,
e.g. the reassurance ``r`` above which mutual restraint is an equilibrium.

:func:`minimum_trust` is Kydd's (2005) minimum trust: the least probability that the other side
cooperates for cooperation to be a best reply.

References
----------
Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in Games*. MIT.
Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*. Cambridge.
Kydd, A. H. (2005). *Trust and Mistrust in International Relations*. Princeton.
McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10: 6–38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51: 243–263.
Weibull, J. W. (1995). *Evolutionary Game Theory*. MIT.
"""

from __future__ import annotations

import math
import string
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp
from numba import njit

from .errors import GameError
from .game import PROB_TOL, Game, as_game
from .symbolic import SymbolicGame
from .tolerance import absolute_tol, check_tol

CONVERGED_DISTANCE = 1e-3
"""How close (``sum_i (1 - x_i[a_i])``) a state must be to a pure profile to count as there.

Used for replicator trajectories still running at ``t_max`` (weak attractors) and for the end
of the logit branch.
"""

REST_REGRET = 1e-3
"""A replicator state still running at ``t_max`` whose regret (payoffs scaled to range 1) is at
most this counts as at rest at a (mixed) equilibrium, :data:`OTHER`: interior trajectories that
converge can only converge to Nash equilibria (Weibull 1995, ch. 5)."""

CRITERIA = ("nash", "strict", "risk_dominant")
"""The criteria :func:`thresholds` can express algebraically."""

OTHER = "other"
"""Basin label: at ``t_max`` the state is an approximate equilibrium that is not pure."""

NOT_CONVERGED = "not converged"
"""Basin label: neither near a pure equilibrium nor at rest at ``t_max`` (cycles, heteroclinic
orbits, slow passages)."""


# ============================================================================ report
@dataclass(frozen=True)
class StabilityReport:
    """How stable a pure profile is, criterion by criterion (see :func:`classify`).

    Attributes
    ----------
    profile : tuple of str
        The profile, one action name per player.
    nash : bool
        No unilateral pure deviation gains more than ``tol * payoff_range``.
    strict : bool
        Every unilateral deviation loses more than ``tol * payoff_range``.
    risk_dominant : bool or None
        Harsanyi–Selten risk dominance over `rival` (2x2 games) or the largest basin among the
        strict pure equilibria (other games); ``None`` when there is no rival to compare with.
    replicator_stable : bool
        Asymptotically stable under the multi-population replicator dynamics: every eigenvalue
        of the Jacobian has real part ``< -tol * payoff_range``. A zero eigenvalue (a
        non-strict equilibrium) leaves stability not established, reported as False.
    basin_share : float
        Share of the `n_starts` random interior starts whose trajectory converges to the profile.
    qre_limit : bool
        The traced logit QRE principal branch ends (within :data:`CONVERGED_DISTANCE`) at the
        profile.
    deviation_gains : tuple of float
        Per player, the best gain from a unilateral pure deviation (``<= 0`` at a Nash
        equilibrium); ``-inf`` for a player with a single action.
    nash_product : float or None
        Product over players of the smallest deviation loss (Harsanyi & Selten 1988); None if
        the profile is not a Nash equilibrium. Players with one action contribute no factor.
    rival : tuple of str or None
        The profile compared with for risk dominance; None when there was none.
    eigenvalues : tuple of complex
        Eigenvalues of the replicator Jacobian at the profile on the tangent space, one per
        unilateral deviation (player, action) in order; at a pure profile each equals that
        deviation's payoff gain.
    basin_shares : dict of str to float
        Share of starts ending at each pure profile reached (named ``"a1,a2,..."``), plus
        :data:`OTHER` and :data:`NOT_CONVERGED`; the shares sum to 1.
    qre_endpoint : tuple of tuple of float
        The mixed profile where the traced logit branch stops.
    qre_lambda : float
        The logit precision there, for payoffs divided by the payoff range.
    tol, n_starts, seed
        The settings used.
    """

    profile: tuple[str, ...]
    nash: bool
    strict: bool
    risk_dominant: bool | None
    replicator_stable: bool
    basin_share: float
    qre_limit: bool
    deviation_gains: tuple[float, ...]
    nash_product: float | None
    rival: tuple[str, ...] | None
    eigenvalues: tuple[complex, ...]
    basin_shares: dict[str, float]
    qre_endpoint: tuple[tuple[float, ...], ...]
    qre_lambda: float
    tol: float
    n_starts: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data: lists, floats (non-finite ones as None), eigenvalues as
        ``[real, imag]`` pairs.

        >>> from gametheory.games import prisoners_dilemma
        >>> d = classify(prisoners_dilemma().at(), "D,D", n_starts=100).to_dict()
        >>> d["profile"], d["nash"], d["risk_dominant"], d["eigenvalues"]
        (['D', 'D'], True, None, [[-1.0, 0.0], [-1.0, 0.0]])
        """
        return {
            "profile": list(self.profile),
            "nash": self.nash,
            "strict": self.strict,
            "risk_dominant": self.risk_dominant,
            "replicator_stable": self.replicator_stable,
            "basin_share": self.basin_share,
            "qre_limit": self.qre_limit,
            "deviation_gains": [_finite_or_none(g) for g in self.deviation_gains],
            "nash_product": _finite_or_none(self.nash_product),
            "rival": None if self.rival is None else list(self.rival),
            "eigenvalues": [[float(e.real), float(e.imag)] for e in self.eigenvalues],
            "basin_shares": dict(self.basin_shares),
            "qre_endpoint": [list(s) for s in self.qre_endpoint],
            "qre_lambda": _finite_or_none(self.qre_lambda),
            "tol": self.tol,
            "n_starts": self.n_starts,
            "seed": self.seed,
        }


def _finite_or_none(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


# ============================================================================ profiles
def _pure_profile(
    func: str,
    players: Sequence[str],
    actions: Sequence[Sequence[str]],
    profile: Any,
) -> tuple[int, ...]:
    """Action indices of a pure profile given as names, indices, unit vectors or ``"a,b"``."""
    n = len(players)
    if isinstance(profile, str):
        entries: list[Any] = [part.strip() for part in profile.split(",")]
    elif isinstance(profile, (Sequence, np.ndarray)) and not isinstance(profile, bytes):
        entries = list(profile)
    else:
        raise GameError(
            f"{func}: profile {profile!r} is neither a list of actions nor a string like "
            f"'{','.join(a[0] for a in actions)}'"
        )
    if len(entries) != n:
        raise GameError(
            f"{func}: profile {entries} has {len(entries)} entries; expected one action for each "
            f"of the {n} players {list(players)}"
        )
    out = []
    for i, entry in enumerate(entries):
        names = list(actions[i])
        if isinstance(entry, str):
            if entry.strip() in names:
                out.append(names.index(entry.strip()))
                continue
            raise GameError(
                f"{func}: player {players[i]!r} has no action {entry!r}; actions are {names}"
            )
        if isinstance(entry, (int, np.integer)) and not isinstance(entry, (bool, np.bool_)):
            if 0 <= entry < len(names):
                out.append(int(entry))
                continue
            raise GameError(
                f"{func}: player {players[i]!r} has no action index {entry}; actions are "
                f"{names} (indices 0..{len(names) - 1})"
            )
        try:
            vec = np.asarray(entry, dtype=float)
        except (TypeError, ValueError):
            vec = None
        if vec is None or vec.shape != (len(names),) or not np.all(np.isfinite(vec)):
            raise GameError(
                f"{func}: player {players[i]!r}: {entry!r} is not an action; actions are {names}"
            )
        k = int(np.argmax(vec))
        rest = np.delete(vec, k)
        if abs(vec[k] - 1.0) <= PROB_TOL and np.all(np.abs(rest) <= PROB_TOL):
            out.append(k)
            continue
        raise GameError(
            f"{func}: player {players[i]!r} plays the mixed strategy {vec.tolist()}; a pure "
            f"profile is needed (one action per player; player {players[i]!r} has {names})"
        )
    return tuple(out)


def _profile_name(actions: Sequence[Sequence[str]], idx: Sequence[int]) -> str:
    return ",".join(actions[i][a] for i, a in enumerate(idx))


def _gains(payoffs: Sequence[np.ndarray], idx: tuple[int, ...]) -> list[np.ndarray]:
    """Per player, the payoff gain of every own action against ``idx`` (0 at ``idx[i]``)."""
    out = []
    for i, arr in enumerate(payoffs):
        column = list(idx)
        column[i] = slice(None)
        values = arr[tuple(column)]
        out.append(values - values[idx[i]])
    return out


def _best_gains(payoffs: Sequence[np.ndarray], idx: tuple[int, ...]) -> tuple[float, ...]:
    best = []
    for i, g in enumerate(_gains(payoffs, idx)):
        others = np.delete(g, idx[i])
        best.append(float(others.max()) if others.size else -math.inf)
    return tuple(best)


def _nash_product(best_gains: Sequence[float]) -> float:
    return float(math.prod(-g for g in best_gains if math.isfinite(g)))


# ============================================================================ classify
def classify(
    game: Game,
    profile: Any,
    *,
    tol: float | None = None,
    n_starts: int = 2000,
    seed: int = 0,
    t_max: float | None = None,
    max_lambda: float = 1e6,
) -> StabilityReport:
    """Every stability criterion of DESIGN.md for one pure profile, each computed on its own.

    Parameters
    ----------
    game : Game
        A numeric game, any number of players (a ``nashpy.Game`` or ``(A, B)`` pair is accepted).
    profile : str or sequence
        A pure profile: ``"R,R"``, or one action name, index or unit vector per player.
    tol : float, optional
        Relative tolerance for payoff comparisons (times ``game.payoff_range``); default
        :data:`gametheory.tolerance.DEFAULT_TOL`.
    n_starts : int
        Random interior starts for the basin shares.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same shares.
    t_max : float, optional
        Integration horizon of the replicator dynamics, in time units for payoffs scaled to
        range 1. Default ``max(200, 5 log(4/g) / g)`` capped at 10^4, with g the smallest
        deviation loss of any strict pure equilibrium (scaled payoffs): five times the time a
        typical start needs to be caught by the slowest attractor.
    max_lambda : float
        Largest logit precision (payoffs scaled to range 1) the QRE tracing goes to; it stops
        earlier once the regret of the logit profile is below ``1e-8`` of the payoff range.

    Returns
    -------
    StabilityReport

    Notes
    -----
    *Nash / strict.* With ``g_i`` the best gain of player i's unilateral pure deviations and
    ``eps = tol * payoff_range``: Nash iff ``max g_i <= eps``; strict iff ``max g_i < -eps``.

    *Risk dominance* (``risk_dominant``, ``rival``):

    - 2x2 games: the rival is the opposite corner (both players switch action) — the only
      profile that can be a second strict equilibrium. If the rival is not a strict equilibrium
      there is nothing to compare against: ``None``. Otherwise the profile is risk-dominant iff
      it is a strict equilibrium and its Nash product (product of the two deviation losses)
      exceeds the rival's by more than ``eps * payoff_range`` (Harsanyi & Selten 1988);
      equal products mean neither dominates (False).
    - other games: the rival is the other strict pure equilibrium with the largest basin share
      (``None`` if there is no other strict pure equilibrium); the profile is "risk-dominant"
      iff it is strict and its basin share is larger than the rival's. The shares are Monte
      Carlo estimates, so near-ties depend on `n_starts` and `seed`.

    *Replicator stability.* Multi-population replicator dynamics
    ``dx_ia/dt = x_ia (f_ia(x) - x_i . f_i(x))``; the Jacobian at the profile restricted to the
    tangent space of the product of simplices has one eigenvalue per unilateral deviation, equal
    to that deviation's gain, so a strict equilibrium is asymptotically stable and a non-strict
    one is not established by linearisation (reported False) (Weibull 1995, ch. 5;
    Hofbauer & Sigmund 1998).

    *Basin shares.* ``n_starts`` starts, each player's mixture drawn from Dirichlet(1) (uniform
    on the simplex), integrated in log coordinates (``dz_ia/dt = f_ia``, ``x_i = softmax(z_i)``)
    with adaptive Dormand–Prince 5(4). A start counts for a strict equilibrium once it enters a
    neighbourhood that provably stays and converges there (``sum_i (1 - x_i[a_i]) < g/4``, g
    the smallest deviation loss with payoffs scaled to range 1). Starts still running at
    `t_max` count for a pure Nash profile within :data:`CONVERGED_DISTANCE`, else as
    :data:`OTHER` if their regret is at most :data:`REST_REGRET` (a mixed equilibrium), else
    :data:`NOT_CONVERGED`.

    *QRE limit.* Pseudo-arclength predictor–corrector continuation of the logit equations in
    (log-probabilities, lambda) for payoffs scaled to range 1, from the centroid at lambda = 0,
    with step-length control on the corrector distance, Newton contraction and tangent angle,
    until `max_lambda` or a regret below 1e-8; ``qre_limit`` is True iff the end point is within
    :data:`CONVERGED_DISTANCE` of the profile. In a degenerate game the branch can run into a
    genuine bifurcation point; the follower then continues straight through it, which is a
    convention (Gambit's ``logit_solve`` may take the other continuation there).

    Raises
    ------
    GameError
        A SymbolicGame (use ``.at()``), a profile of the wrong length, an unknown action, a mixed
        strategy, or bad settings.

    Examples
    --------
    >>> from gametheory.games import stag_hunt
    >>> hare = classify(stag_hunt().at(), "Hare,Hare")
    >>> hare.nash, hare.strict, hare.risk_dominant, hare.replicator_stable, hare.qre_limit
    (True, True, True, True, True)
    >>> hare.rival, hare.nash_product
    (('Stag', 'Stag'), 4.0)
    >>> hare.basin_shares
    {'Hare,Hare': 0.737, 'Stag,Stag': 0.263, 'other': 0.0, 'not converged': 0.0}

    References
    ----------
    Harsanyi & Selten (1988); Weibull (1995); Hofbauer & Sigmund (1998); McKelvey & Palfrey
    (1995); Turocy (2005) — see the module docstring.
    """
    func = "classify()"
    game = as_game(game, "classify")
    rel_tol = check_tol("classify", tol)
    if isinstance(n_starts, bool) or not isinstance(n_starts, (int, np.integer)) or n_starts < 1:
        raise GameError(f"{func}: n_starts must be an integer >= 1, got {n_starts!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise GameError(f"{func}: seed must be an integer >= 0, got {seed!r}")
    for name, value in (("t_max", t_max), ("max_lambda", max_lambda)):
        if name == "t_max" and value is None:
            continue
        if not isinstance(value, (int, float, np.number)) or not math.isfinite(value) or value <= 0:
            raise GameError(f"{func}: {name} must be a finite number > 0, got {value!r}")
    idx = _pure_profile(func, game.players, game.actions, profile)
    n_starts, seed = int(n_starts), int(seed)

    payoffs = game.payoffs
    atol = absolute_tol(game.payoff_range, rel_tol)
    scale = game.payoff_range if game.payoff_range > 0 else 1.0
    names = tuple(game.actions[i][a] for i, a in enumerate(idx))

    # (1, 2) Nash and strict: regret test
    best = _best_gains(payoffs, idx)
    nash = max(best) <= atol
    strict = max(best) < -atol
    nash_product = _nash_product(best) if nash else None

    # (4) replicator stability: Jacobian on the tangent space at the vertex
    strategies = tuple(np.eye(size)[a] for size, a in zip(game.shape, idx, strict=True))
    jac = _replicator_jacobian(payoffs, strategies, idx)
    eigenvalues = tuple(complex(e) for e in np.linalg.eigvals(jac)) if jac.size else ()
    replicator_stable = all(e.real < -atol for e in eigenvalues)

    # (3b) basins of attraction
    strict_ne = _strict_equilibria(payoffs, atol)
    shares = _basin_shares(game, strict_ne, atol, n_starts, seed, t_max)
    basin_share = shares.get(_profile_name(game.actions, idx), 0.0)

    # (3a) risk dominance
    risk_dominant: bool | None
    rival: tuple[int, ...] | None
    if game.shape == (2, 2):
        rival = (1 - idx[0], 1 - idx[1])
        rival_best = _best_gains(payoffs, rival)
        if max(rival_best) < -atol:
            risk_dominant = bool(
                strict and _nash_product(best) > _nash_product(rival_best) + atol * scale
            )
        else:
            rival, risk_dominant = None, None
    else:
        others = [p for p in strict_ne if p != idx]
        if others:
            rival = max(others, key=lambda p: shares.get(_profile_name(game.actions, p), 0.0))
            rival_share = shares.get(_profile_name(game.actions, rival), 0.0)
            risk_dominant = bool(strict and basin_share > rival_share)
        else:
            rival, risk_dominant = None, None
    rival_names = None if rival is None else tuple(game.actions[i][a] for i, a in enumerate(rival))

    # (5) logit QRE principal branch
    normalised = tuple(np.asarray(p, dtype=float) / scale for p in payoffs)
    endpoint, lam = _trace_logit(normalised, max_lambda=float(max_lambda))
    distance = sum(1.0 - float(s[a]) for s, a in zip(endpoint, idx, strict=True))
    qre_limit = distance <= CONVERGED_DISTANCE

    return StabilityReport(
        profile=names,
        nash=bool(nash),
        strict=bool(strict),
        risk_dominant=risk_dominant,
        replicator_stable=bool(replicator_stable),
        basin_share=float(basin_share),
        qre_limit=bool(qre_limit),
        deviation_gains=best,
        nash_product=nash_product,
        rival=rival_names,
        eigenvalues=eigenvalues,
        basin_shares=shares,
        qre_endpoint=tuple(tuple(float(p) for p in s) for s in endpoint),
        qre_lambda=float(lam),
        tol=rel_tol,
        n_starts=n_starts,
        seed=seed,
    )


def _strict_equilibria(payoffs: Sequence[np.ndarray], atol: float) -> list[tuple[int, ...]]:
    """Pure profiles where every unilateral deviation loses more than `atol`, in action order."""
    shape = payoffs[0].shape
    strict = np.ones(shape, dtype=bool)
    for i, arr in enumerate(payoffs):
        if shape[i] == 1:
            continue
        order = np.sort(arr, axis=i)
        top = np.take(order, [-1], axis=i)
        second = np.take(order, [-2], axis=i)
        strict &= (arr >= top) & (top - second > atol)
    return [tuple(int(a) for a in p) for p in np.argwhere(strict)]


# ============================================================================ replicator
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


def _payoff_parts(payoffs: Sequence[np.ndarray], strategies: Sequence[np.ndarray]):
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


def _replicator_jacobian(
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
    f, D = _payoff_parts(payoffs, strategies)
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


# Dormand–Prince 5(4) tableau (Dormand & Prince 1980; Hairer, Nørsett & Wanner, ODEs I, II.5)
_A21 = 1 / 5
_A31, _A32 = 3 / 40, 9 / 40
_A41, _A42, _A43 = 44 / 45, -56 / 15, 32 / 9
_A51, _A52, _A53, _A54 = 19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729
_A61, _A62, _A63, _A64, _A65 = 9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656
_B1, _B3, _B4, _B5, _B6 = 35 / 384, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84
_E1 = 35 / 384 - 5179 / 57600
_E3 = 500 / 1113 - 7571 / 16695
_E4 = 125 / 192 - 393 / 640
_E5 = -2187 / 6784 + 92097 / 339200
_E6 = 11 / 84 - 187 / 2100
_E7 = -1 / 40


@njit(cache=True)
def _softmax(z, off, x):
    for i in range(off.shape[0] - 1):
        top = z[off[i]]
        for a in range(off[i] + 1, off[i + 1]):
            if z[a] > top:
                top = z[a]
        total = 0.0
        for a in range(off[i], off[i + 1]):
            x[a] = math.exp(z[a] - top)
            total += x[a]
        for a in range(off[i], off[i + 1]):
            x[a] /= total


@njit(cache=True)
def _fitness(pay, prof, off, x, f):
    """f[off[i] + a] = expected payoff of player i's action a against the others' mixtures."""
    n = off.shape[0] - 1
    f[:] = 0.0
    for p in range(pay.shape[1]):
        for i in range(n):
            w = pay[i, p]
            if w == 0.0:
                continue
            for j in range(n):
                if j != i:
                    w *= x[off[j] + prof[p, j]]
            f[off[i] + prof[p, i]] += w


@njit(cache=True)
def _field(pay, prof, off, z, x, out):
    """Replicator field in log coordinates: dz/dt = f(softmax(z))."""
    _softmax(z, off, x)
    _fitness(pay, prof, off, x, out)


@njit(cache=True)
def _trapped(x, off, strides, target_of, gaps):
    """Index of the strict equilibrium whose invariant neighbourhood holds x, else -1."""
    flat = 0
    d = 0.0
    for i in range(off.shape[0] - 1):
        best = off[i]
        for a in range(off[i] + 1, off[i + 1]):
            if x[a] > x[best]:
                best = a
        flat += (best - off[i]) * strides[i]
        d += 1.0 - x[best]
    k = target_of[flat]
    if k >= 0 and d < 0.25 * gaps[k]:
        return k
    return -1


@njit(cache=True)
def _basin_kernel(pay, prof, off, strides, target_of, gaps, z0, t_max, rtol, atol):
    """Integrate every start; label[s] = index of the strict equilibrium reached, or -1.

    Returns ``(labels, final_states)``. Adaptive Dormand–Prince 5(4) in log coordinates with
    first-same-as-last; each player's log-weights are shifted to max 0 after every step.
    """
    S, M = z0.shape
    labels = np.empty(S, dtype=np.int64)
    finals = np.empty((S, M))
    z = np.empty(M)
    zn = np.empty(M)
    tmp = np.empty(M)
    x = np.empty(M)
    k1 = np.empty(M)
    k2 = np.empty(M)
    k3 = np.empty(M)
    k4 = np.empty(M)
    k5 = np.empty(M)
    k6 = np.empty(M)
    k7 = np.empty(M)
    n = off.shape[0] - 1
    for s in range(S):
        labels[s] = -1
        for m in range(M):
            z[m] = z0[s, m]
        t = 0.0
        h = 0.05
        _field(pay, prof, off, z, x, k1)
        k = _trapped(x, off, strides, target_of, gaps)
        if k >= 0:
            labels[s] = k
        while labels[s] < 0 and t < t_max:
            if h > t_max - t:
                h = t_max - t
            for m in range(M):
                tmp[m] = z[m] + h * _A21 * k1[m]
            _field(pay, prof, off, tmp, x, k2)
            for m in range(M):
                tmp[m] = z[m] + h * (_A31 * k1[m] + _A32 * k2[m])
            _field(pay, prof, off, tmp, x, k3)
            for m in range(M):
                tmp[m] = z[m] + h * (_A41 * k1[m] + _A42 * k2[m] + _A43 * k3[m])
            _field(pay, prof, off, tmp, x, k4)
            for m in range(M):
                tmp[m] = z[m] + h * (_A51 * k1[m] + _A52 * k2[m] + _A53 * k3[m] + _A54 * k4[m])
            _field(pay, prof, off, tmp, x, k5)
            for m in range(M):
                tmp[m] = z[m] + h * (
                    _A61 * k1[m] + _A62 * k2[m] + _A63 * k3[m] + _A64 * k4[m] + _A65 * k5[m]
                )
            _field(pay, prof, off, tmp, x, k6)
            for m in range(M):
                zn[m] = z[m] + h * (
                    _B1 * k1[m] + _B3 * k3[m] + _B4 * k4[m] + _B5 * k5[m] + _B6 * k6[m]
                )
            _field(pay, prof, off, zn, x, k7)
            err = 0.0
            for m in range(M):
                e = h * (
                    _E1 * k1[m]
                    + _E3 * k3[m]
                    + _E4 * k4[m]
                    + _E5 * k5[m]
                    + _E6 * k6[m]
                    + _E7 * k7[m]
                )
                sc = atol + rtol * max(abs(z[m]), abs(zn[m]))
                r = abs(e) / sc
                if r > err:
                    err = r
            if err <= 1.0:
                t += h
                for i in range(n):
                    top = zn[off[i]]
                    for a in range(off[i] + 1, off[i + 1]):
                        if zn[a] > top:
                            top = zn[a]
                    for a in range(off[i], off[i + 1]):
                        z[a] = zn[a] - top
                for m in range(M):
                    k1[m] = k7[m]
                # x holds softmax(zn) == softmax(z) after the last field evaluation
                k = _trapped(x, off, strides, target_of, gaps)
                if k >= 0:
                    labels[s] = k
            if err == 0.0:
                factor = 5.0
            else:
                factor = 0.9 * err ** (-0.2)
                factor = min(5.0, max(0.2, factor))
            h = min(h * factor, 10.0)
        _softmax(z, off, x)
        for m in range(M):
            finals[s, m] = x[m]
    return labels, finals


def _basin_shares(
    game: Game,
    strict_ne: Sequence[tuple[int, ...]],
    atol: float,
    n_starts: int,
    seed: int,
    t_max: float | None,
) -> dict[str, float]:
    """Shares of Dirichlet(1) starts converging to each pure profile (see :func:`classify`)."""
    shape = game.shape
    n = game.n_players
    scale = game.payoff_range if game.payoff_range > 0 else 1.0
    pay = np.ascontiguousarray(np.stack([p.reshape(-1) for p in game.payoffs]) / scale)
    prof = np.ascontiguousarray(np.indices(shape).reshape(n, -1).T.astype(np.int64))
    off = np.concatenate([[0], np.cumsum(shape)]).astype(np.int64)
    strides = np.array([int(np.prod(shape[i + 1 :])) for i in range(n)], dtype=np.int64)
    target_of = np.full(int(np.prod(shape)), -1, dtype=np.int64)
    gaps = np.empty(max(len(strict_ne), 1))
    for k, p in enumerate(strict_ne):
        target_of[int(np.dot(p, strides))] = k
        losses = [-g for g in _best_gains(game.payoffs, p) if math.isfinite(g)]
        gaps[k] = min(min(losses) / scale, 1.0) if losses else 1.0

    if t_max is None:
        g = float(gaps[: len(strict_ne)].min()) if strict_ne else 1.0
        t_max = min(max(200.0, 5.0 * math.log(4.0 / g) / g), 1e4)
    rng = np.random.default_rng(seed)
    starts = np.concatenate([rng.dirichlet(np.ones(size), size=n_starts) for size in shape], axis=1)
    z0 = np.log(np.maximum(starts, 1e-300))
    labels, finals = _basin_kernel(
        pay, prof, off, strides, target_of, gaps, z0, float(t_max), 1e-6, 1e-9
    )

    counts: dict[str, int] = {}
    for k, p in enumerate(strict_ne):
        hits = int(np.sum(labels == k))
        if hits:
            counts[_profile_name(game.actions, p)] = hits
    other = not_converged = 0
    pure_ne = set(game.pure_equilibria(atol / (game.payoff_range or 1.0)))
    for s in np.flatnonzero(labels < 0):
        x = finals[s]
        parts = [x[off[i] : off[i + 1]] for i in range(n)]
        top = tuple(int(np.argmax(part)) for part in parts)
        distance = sum(1.0 - part[a] for part, a in zip(parts, top, strict=True))
        if distance <= CONVERGED_DISTANCE and top in pure_ne:
            name = _profile_name(game.actions, top)
            counts[name] = counts.get(name, 0) + 1
            continue
        f = np.empty(len(x))
        _fitness(pay, prof, off, x, f)
        regret = max(
            float(f[off[i] : off[i + 1]].max() - part @ f[off[i] : off[i + 1]])
            for i, part in enumerate(parts)
        )
        if regret <= REST_REGRET:
            other += 1
        else:
            not_converged += 1
    shares = {name: hits / n_starts for name, hits in sorted(counts.items())}
    shares[OTHER] = other / n_starts
    shares[NOT_CONVERGED] = not_converged / n_starts
    return shares


# ============================================================================ logit QRE
def _logit_system(payoffs, offsets, w):
    """Residual H (size M) and Jacobian (M x (M+1)) of the logit equations at w = (y, lambda).

    For each player i with actions 0..n_i-1 and sigma = exp(y):
    ``H[i, 0] = sum_a sigma_ia - 1`` and ``H[i, a] = y_ia - y_i0 - lambda (f_ia - f_i0)``.
    """
    n = len(payoffs)
    M = int(offsets[-1])
    y, lam = w[:M], w[M]
    sigma = [np.exp(y[offsets[i] : offsets[i + 1]]) for i in range(n)]
    f, D = _payoff_parts(payoffs, sigma)
    H = np.empty(M)
    J = np.zeros((M, M + 1))
    for i in range(n):
        o, size = offsets[i], offsets[i + 1] - offsets[i]
        H[o] = sigma[i].sum() - 1.0
        J[o, o : o + size] = sigma[i]
        for a in range(1, size):
            row = o + a
            H[row] = y[o + a] - y[o] - lam * (f[i][a] - f[i][0])
            J[row, o + a] += 1.0
            J[row, o] -= 1.0
            J[row, M] = -(f[i][a] - f[i][0])
            for j in range(n):
                if j != i:
                    Dij = D[i][j]
                    J[row, offsets[j] : offsets[j + 1]] -= lam * (Dij[a] - Dij[0]) * sigma[j]
    return H, J, sigma, f


def _tangent(J: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Unit null vector of J (M x (M+1)) oriented along `previous`."""
    _, _, vh = np.linalg.svd(J)
    t = vh[-1]
    return t if t @ previous >= 0 else -t


# Step-length control of the logit path follower (Allgower & Georg 1990, sec. 6.1): nominal
# distance of the first Newton correction, contraction rate of the second, angle between
# successive tangents (radians).
_QRE_DISTANCE = 0.005
_QRE_CONTRACTION = 0.3
_QRE_ANGLE = 0.1


def _trace_logit(
    payoffs: Sequence[np.ndarray],
    *,
    max_lambda: float = 1e6,
    max_regret: float = 1e-8,
    first_step: float = 0.03,
    max_accel: float = 1.25,
    max_steps: int = 5000,
) -> tuple[list[np.ndarray], float]:
    """Follow the principal logit QRE branch from the centroid; return (strategies, lambda).

    Pseudo-arclength continuation in w = (log-probabilities, lambda) (Allgower & Georg 1990;
    Turocy 2005): Euler predictor along the unit tangent, Newton corrector on
    ``[H(w); t . (w - w_pred)] = 0``. The step length adapts to the curve: the deceleration
    factor ``max(sqrt(d1 / d0), sqrt(k / k0), a / a0)`` (first correction d1, relative to each
    coordinate's size; contraction k; tangent angle a; against nominal values) divides the
    next step (at most `max_accel` growth); a step with factor above 2, or whose corrector
    fails, is retried at half length. Near a
    sharp turn of the branch this keeps the corrector from landing on a neighbouring branch.
    Stops when lambda reaches `max_lambda` or the regret of the profile (payoffs expected
    scaled to range 1) is at most `max_regret`.
    """
    sizes = [p.shape[i] for i, p in enumerate(payoffs)]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    M = int(offsets[-1])
    w = np.concatenate([np.concatenate([np.full(s, -math.log(s)) for s in sizes]), [0.0]])
    _, J, sigma, f = _logit_system(payoffs, offsets, w)
    forward = np.zeros(M + 1)
    forward[M] = 1.0
    t = _tangent(J, forward)
    h = first_step
    done = False
    for _ in range(max_steps):
        regret = max(float(fi.max() - fi @ si) for fi, si in zip(f, sigma, strict=True))
        if w[M] >= max_lambda or regret <= max_regret:
            done = True
            break
        if h < 1e-12:
            break
        predicted = w + h * t
        wk = predicted.copy()
        ok = False
        norms: list[float] = []
        for _iteration in range(12):
            H, Jk, _, _ = _logit_system(payoffs, offsets, wk)
            A = np.vstack([Jk, t])
            rhs = np.concatenate([H, [t @ (wk - predicted)]])
            try:
                step = np.linalg.solve(A, -rhs)
            except np.linalg.LinAlgError:
                break
            if not np.all(np.isfinite(step)):
                break
            wk = wk + step
            # correction size relative to each coordinate (y and lambda grow without bound)
            size = float(np.max(np.abs(step) / np.maximum(1.0, np.abs(wk))))
            norms.append(size)
            if size < 1e-11:
                ok = True
                break
            if len(norms) > 1 and norms[-1] > 0.5 * norms[-2]:
                # no contraction: accept only at the floating-point floor (large lambda makes
                # the system ill-conditioned, the corrections stall around 1e-11 .. 1e-9)
                ok = size < 1e-8
                break
        if not ok or wk[M] < 0:
            h *= 0.5
            continue
        _, Jn, sigma_n, f_n = _logit_system(payoffs, offsets, wk)
        t_new = _tangent(Jn, t)
        angle = math.acos(min(1.0, max(-1.0, float(t_new @ t))))
        # contraction of the corrector, ignored once corrections reach rounding level
        contraction = norms[1] / norms[0] if len(norms) > 1 and norms[1] > 1e-9 else 0.0
        decel = max(
            math.sqrt(norms[0] / _QRE_DISTANCE),
            math.sqrt(contraction / _QRE_CONTRACTION),
            angle / _QRE_ANGLE,
        )
        if decel > 2.0:
            h *= 0.5
            continue
        w, t, sigma, f = wk, t_new, sigma_n, f_n
        h /= max(decel, 1.0 / max_accel)
    if not done:
        warnings.warn(
            f"classify(): the logit QRE path follower stopped at lambda={w[M]:.3g} before "
            "converging; qre_limit refers to that point",
            RuntimeWarning,
            stacklevel=3,
        )
    strategies = [s / s.sum() for s in sigma]
    return strategies, float(w[M])


# ============================================================================ thresholds
_REL = {">": sp.StrictGreaterThan, ">=": sp.GreaterThan, "<": sp.StrictLessThan, "<=": sp.LessThan}


@dataclass(frozen=True)
class Threshold:
    """One criterion of a pure profile as inequalities in the parameters, solved for one of them.

    Attributes
    ----------
    criterion : str
        ``"nash"``, ``"strict"`` or ``"risk_dominant"``.
    profile : tuple of str
        The pure profile, one action name per player.
    variable : sympy.Symbol
        The parameter solved for.
    inequalities : tuple of sympy relationals
        The criterion itself: it holds exactly when all of these hold (and `requires` holds).
        Nash: every deviation gain ``<= 0``; strict: every gain ``< 0``; risk dominance: the
        profile is strict and its Nash product exceeds the rival's. Authoritative.
    boundary : sympy.Expr or tuple of sympy.Expr or None
        Where the criterion switches in `variable`: a single expression when the inequalities
        that involve `variable` reduce to one bound, a tuple (one per remaining bound) when
        several bounds remain, None when `variable` does not enter.
    relation : str or tuple of str or None
        The criterion holds iff ``variable <relation> boundary`` (each pair, for tuples) and all
        `side_conditions` hold — given `requires` and the ``assume`` facts passed to
        :func:`thresholds`. One of ``">=", ">", "<=", "<"``.
    side_conditions : tuple of sympy relationals
        Inequalities of the criterion not expressed by the bound: those without `variable`, and
        any that could not be solved for it (less those true by the symbols' assumptions and
        the ``assume`` facts alone, e.g. ``-x <= 0`` for ``x >= 0``).
    requires : tuple of sympy relationals
        When the criterion is defined at all: for risk dominance, the rival is a strict
        equilibrium (otherwise :func:`classify` reports None). Empty for Nash and strict.
    rival : tuple of str or None
        The rival profile for risk dominance (the opposite corner of a 2x2 game).
    assumptions : tuple of sympy relationals
        The ``assume`` facts the solved form relies on.
    defaults : tuple of (str, float)
        The game's default parameter values, used by :meth:`holds` for parameters not given.

    Examples
    --------
    >>> from gametheory.games import two_bloc
    >>> nash = thresholds(two_bloc(), "R,R", "r", criteria=["nash"])[0]
    >>> nash.relation, nash.boundary
    ('>=', alpha*c + b - c*theta)
    >>> nash.holds(r=1.5), nash.holds(r=1.0)
    (True, False)
    """

    criterion: str
    profile: tuple[str, ...]
    variable: sp.Symbol
    inequalities: tuple[sp.Basic, ...]
    boundary: sp.Expr | tuple[sp.Expr, ...] | None
    relation: str | tuple[str, ...] | None
    side_conditions: tuple[sp.Basic, ...] = ()
    requires: tuple[sp.Basic, ...] = ()
    rival: tuple[str, ...] | None = None
    assumptions: tuple[sp.Basic, ...] = ()
    defaults: tuple[tuple[str, float], ...] = field(default=(), repr=False, compare=False)

    @property
    def condition(self) -> sp.Basic:
        """The criterion as one sympy boolean (``And`` of the inequalities)."""
        return sp.And(*self.inequalities)

    @property
    def solved(self) -> sp.Basic:
        """The solved form: ``variable <relation> boundary`` and the side conditions."""
        if self.boundary is None:
            return sp.And(*self.side_conditions)
        bounds = self.boundary if isinstance(self.boundary, tuple) else (self.boundary,)
        rels = self.relation if isinstance(self.relation, tuple) else (self.relation,)
        parts = [
            _REL[r](self.variable, b, evaluate=False) for r, b in zip(rels, bounds, strict=True)
        ]
        return sp.And(*parts, *self.side_conditions)

    def holds(self, **values: float) -> bool | None:
        """Evaluate the criterion at numeric parameter values (defaults fill the rest).

        Returns None when `requires` fails (the criterion is undefined there, as
        :func:`classify` reports), else whether every inequality holds (exact comparison with
        zero, no tolerance). The ``assume`` facts are not checked: they only shape the solved
        form.
        """
        merged = dict(self.defaults)
        merged.update(values)
        numbers = {}
        symbols = set().union(*(r.free_symbols for r in (*self.inequalities, *self.requires)))
        missing = sorted(s.name for s in symbols if s.name not in merged)
        if missing:
            raise GameError(f"Threshold.holds(): no value for parameter(s) {missing}")
        for s in symbols:
            try:
                numbers[s] = sp.Float(float(merged[s.name]))
            except (TypeError, ValueError):
                raise GameError(
                    f"Threshold.holds(): parameter {s.name!r} = {merged[s.name]!r} is not a number"
                ) from None
        if not all(_evaluate(r, numbers) for r in self.requires):
            return None
        return all(_evaluate(r, numbers) for r in self.inequalities)

    def to_dict(self) -> dict[str, Any]:
        """Plain data with expressions as strings."""

        def text(v):
            if v is None:
                return None
            if isinstance(v, tuple):
                return [str(e) for e in v]
            return str(v)

        return {
            "criterion": self.criterion,
            "profile": list(self.profile),
            "variable": str(self.variable),
            "inequalities": [str(r) for r in self.inequalities],
            "boundary": text(self.boundary),
            "relation": list(self.relation) if isinstance(self.relation, tuple) else self.relation,
            "side_conditions": [str(r) for r in self.side_conditions],
            "requires": [str(r) for r in self.requires],
            "rival": None if self.rival is None else list(self.rival),
            "assumptions": [str(r) for r in self.assumptions],
        }


def _evaluate(rel: sp.Basic, numbers: Mapping[sp.Symbol, sp.Float]) -> bool:
    if rel in (sp.true, True):
        return True
    if rel in (sp.false, False):
        return False
    diff = float((rel.lhs - rel.rhs).xreplace(numbers))
    op = rel.rel_op
    if op == ">":
        return diff > 0
    if op == ">=":
        return diff >= 0
    if op == "<":
        return diff < 0
    if op == "<=":
        return diff <= 0
    raise GameError(f"Threshold.holds(): cannot evaluate {rel}")


def _normal(rel: sp.Basic) -> tuple[sp.Expr, bool]:
    """``(e, strict)`` with the relation equivalent to ``e > 0`` (strict) or ``e >= 0``."""
    op = rel.rel_op
    if op in (">", ">="):
        return sp.expand(rel.lhs - rel.rhs), op == ">"
    return sp.expand(rel.rhs - rel.lhs), op == "<"


Fact = tuple[sp.Expr, bool]  # e > 0 (strict) or e >= 0


def _sign(e: sp.Expr, facts: Sequence[Fact]) -> int | None:
    """Sign of `e` (+1, -1, 0) derivable from symbol assumptions and `facts`, else None."""
    return _sign_of(sp.cancel(sp.together(e)), tuple(facts), 0)


@lru_cache(maxsize=8192)
def _sign_of(e: sp.Expr, facts: tuple[Fact, ...], depth: int) -> int | None:
    if e == 0:
        return 0
    found = _direct_sign(e, facts, depth)
    if found is not None or depth >= 3:
        return found
    num, den = sp.fraction(e)
    if den != 1:
        sn = _sign_of(sp.expand(num), facts, depth + 1)
        sd = _sign_of(sp.expand(den), facts, depth + 1) if sn else None
        return sn * sd if sn and sd else None
    for q, strict in facts:
        if strict:
            quotient = sp.cancel(e / q)
            if not quotient.is_number and sp.fraction(quotient)[1].is_number:
                found = _sign_of(quotient, facts, depth + 1)
                if found:
                    return found
    coeff, factors = sp.factor_list(e)
    if len(factors) > 1 or any(m > 1 for _, m in factors):
        sign = 1 if coeff > 0 else -1
        for f, m in factors:
            fs = _sign_of(f, facts, depth + 1)
            if not fs:
                return None
            sign *= fs**m
        return sign
    return None


def _direct_sign(e: sp.Expr, facts: tuple[Fact, ...], depth: int) -> int | None:
    """Sign from assumptions, or e = (positive multiple of) a known-positive q, or
    e - q >= 0, where q is a strict fact or the sum of a strict fact and another fact."""
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    strict = [q for q, s in facts if s]
    combos = list(dict.fromkeys([*strict, *(q1 + q2 for q1 in strict for q2, _ in facts)]))
    for q in combos:
        if sp.expand(e - q).is_nonnegative:
            return 1
        if sp.expand(-e - q).is_nonnegative:
            return -1
    for q in combos:
        ratio = sp.cancel(e / q)
        if ratio.is_number:
            if ratio != 0:
                return 1 if ratio > 0 else -1
        elif depth < 2 and sp.count_ops(ratio) < sp.count_ops(e):
            found = _sign_of(ratio, facts, depth + 1)
            if found in (1, -1):
                return found
    return None


def _solve_one(e: sp.Expr, strict: bool, x: sp.Symbol, facts: Sequence[Fact]):
    """Solve ``e > 0`` (or ``>= 0``) for x as one linear bound ``(relation, bound)``, or None."""
    e = sp.cancel(sp.together(e))
    num, den = sp.fraction(e)
    if den.has(x):
        return None
    sign = _sign(den, facts)
    if sign not in (1, -1):
        return None
    coeff, factors = sp.factor_list(num)
    sign *= 1 if coeff > 0 else -1
    linear = None
    for f, m in factors:
        fs = _sign(f, facts)
        if fs in (1, -1):
            sign *= fs**m
            continue
        if not f.has(x) or m != 1 or linear is not None:
            return None
        linear = f
    if linear is None:
        return None
    poly = sp.Poly(linear, x)
    if poly.degree() != 1:
        return None
    a, b0 = poly.all_coeffs()
    sa = _sign(a, facts)
    if sa not in (1, -1):
        return None
    bound = _tidy(-b0 / a)
    upward = sign * sa > 0
    relation = (">" if strict else ">=") if upward else ("<" if strict else "<=")
    return relation, bound


def _tidy(expr: sp.Expr) -> sp.Expr:
    """The shortest of a few equivalent forms: simplified, or partial fractions in a symbol of
    the denominator (e.g. ``K + L*M/N`` rather than one expanded fraction)."""
    candidates = [sp.simplify(expr)]
    den = sp.fraction(sp.cancel(expr))[1]
    for s in sorted(den.free_symbols, key=lambda v: v.name):
        try:
            split = sp.apart(expr, s)
        except (sp.PolynomialError, NotImplementedError):
            continue
        candidates.append(sp.Add(*(sp.factor(t) for t in sp.Add.make_args(split))))
    return min(candidates, key=lambda c: (sp.count_ops(c), len(str(c))))


def _solve_conjunction(
    inequalities: Sequence[sp.Basic],
    x: sp.Symbol,
    base_facts: Sequence[Fact],
):
    """Bounds on x equivalent to the conjunction (given base facts), plus unsolved conjuncts.

    Pass 1 solves each conjunct with the base facts and the conjuncts free of x; pass 2 retries
    the rest with the pass-1 conjuncts as extra facts. Bounds implied by another bound under
    the base facts alone are dropped (so every fact a kept bound relied on stays implied).
    """
    normal = [_normal(r) for r in inequalities]
    side = [k for k, (e, _) in enumerate(normal) if not e.has(x)]
    facts = list(base_facts) + [normal[k] for k in side]
    solved: dict[int, tuple[str, sp.Expr]] = {}
    pending = [k for k in range(len(normal)) if k not in side]
    for k in pending:
        found = _solve_one(*normal[k], x, facts)
        if found:
            solved[k] = found
    first = list(solved)
    more = facts + [normal[k] for k in first]
    for k in pending:
        if k not in solved:
            found = _solve_one(*normal[k], x, more)
            if found:
                solved[k] = found
    unsolved = [k for k in pending if k not in solved]
    keep = sorted(solved)
    changed = True
    while changed:
        changed = False
        for i in keep:
            ri, bi = solved[i]
            for j in keep:
                if j == i:
                    continue
                rj, bj = solved[j]
                if ri[0] != rj[0]:
                    continue
                lower = ri[0] == ">"
                diff = _sign(bj - bi if lower else bi - bj, facts)
                # j's bound is at least as tight as i's
                if diff == 1 or (
                    diff == 0 and (len(rj) <= len(ri)) and (len(rj) < len(ri) or j < i)
                ):
                    keep.remove(i)
                    changed = True
                    break
            if changed:
                break
    bounds = [solved[k] for k in keep]
    others = []
    for k in (*side, *unsolved):
        e, strict = normal[k]
        always = _sign(e, base_facts)
        if always == 1 or (always == 0 and not strict):
            continue  # true under the assumptions alone (e.g. -x <= 0 for x >= 0)
        if inequalities[k] not in others:
            others.append(inequalities[k])
    return bounds, others


def thresholds(
    game: SymbolicGame,
    profile: Any,
    solve_for: str | sp.Symbol | Sequence[str | sp.Symbol] = "r",
    *,
    criteria: Iterable[str] | None = None,
    assume: sp.Basic | Iterable[sp.Basic] | None = None,
) -> tuple[Threshold, ...]:
    """The algebraic stability criteria of a pure profile, solved for a parameter.

    Parameters
    ----------
    game : SymbolicGame
    profile : str or sequence
        A pure profile, e.g. ``"R,R"`` or ``["R", "R"]``.
    solve_for : str, sympy.Symbol or sequence of them
        The parameter(s) to solve for; one :class:`Threshold` per criterion and parameter.
    criteria : iterable of str, optional
        Some of :data:`CRITERIA`; default all that apply (``"risk_dominant"`` only for 2x2
        games).
    assume : sympy relational or iterable of them, optional
        Facts taken as true when solving (e.g. ``beta > 2*w``); recorded in each Threshold.

    Returns
    -------
    tuple of Threshold
        Ordered by criterion, then by variable.

    Notes
    -----
    Nash: every deviation gain from :meth:`SymbolicGame.deviation_gains` is ``<= 0``; strict:
    ``< 0``. Risk dominance (2x2 only, Harsanyi & Selten 1988): with ``L_i`` player i's
    deviation loss at the profile and ``M_i`` at the rival (the opposite corner), the criterion
    is ``L_A > 0, L_B > 0, L_A L_B > M_A M_B`` and it is defined when ``M_A > 0, M_B > 0``
    (`requires`). Each inequality is solved for the variable when, after factoring out factors
    whose sign follows from the symbol assumptions (e.g. ``nonnegative=True``), the other
    inequalities and `assume`, it is linear in it; bounds implied by a tighter one are dropped.
    In the symmetric two-bloc game this gives ``r >= b + (alpha - theta) c`` (Nash) and
    ``r > b + (alpha - theta + beta - 2 w) c`` (risk dominance over (E, E)).

    Raises
    ------
    GameError
        Not a SymbolicGame, a bad profile, an unknown variable or criterion, risk dominance asked
        for a game that is not 2x2, or an `assume` entry that is not an inequality.

    Examples
    --------
    >>> from gametheory.games import two_bloc
    >>> for th in thresholds(two_bloc(), "R,R", "r"):
    ...     print(th.criterion, th.relation, th.boundary)
    nash >= alpha*c + b - c*theta
    strict > alpha*c + b - c*theta
    risk_dominant > alpha*c + b + beta*c - c*theta - 2*c*w
    """
    func = "thresholds()"
    if not isinstance(game, SymbolicGame):
        raise GameError(
            f"{func}: expected a SymbolicGame, got {type(game).__name__}; thresholds are "
            "algebraic (use classify() for a numeric Game)"
        )
    idx = _pure_profile(func, game.players, game.actions, profile)
    names = {p.name: p for p in game.parameters}
    requested = [solve_for] if isinstance(solve_for, (str, sp.Symbol)) else list(solve_for)
    if not requested:
        raise GameError(f"{func}: solve_for is empty; parameters are {list(names)}")
    variables = []
    for v in requested:
        key = v.name if isinstance(v, sp.Symbol) else v
        if not isinstance(key, str) or key not in names:
            raise GameError(f"{func}: unknown variable {key!r}; parameters are {list(names)}")
        variables.append(names[key])
    two_by_two = game.shape == (2, 2)
    if criteria is None:
        chosen = [c for c in CRITERIA if c != "risk_dominant" or two_by_two]
    else:
        chosen = list(criteria)
        bad = [c for c in chosen if c not in CRITERIA]
        if bad:
            raise GameError(f"{func}: unknown criteria {bad}; choose from {list(CRITERIA)}")
        if "risk_dominant" in chosen and not two_by_two:
            raise GameError(
                f"{func}: risk_dominant is algebraic only for 2x2 games, this game has shape "
                f"{game.shape}; use classify() (largest basin) instead"
            )
    if assume is None:
        facts_in: list[sp.Basic] = []
    elif isinstance(assume, sp.Basic):
        facts_in = list(sp.And.make_args(assume))
    else:
        facts_in = [a for item in assume for a in sp.And.make_args(item)]
    for fact in facts_in:
        if not isinstance(fact, sp.core.relational.Relational) or fact.rel_op not in _REL:
            raise GameError(f"{func}: assume must hold inequalities (>, >=, <, <=), got {fact!r}")
    assume_facts = [_normal(f) for f in facts_in]

    profile_names = tuple(game.actions[i][a] for i, a in enumerate(idx))
    gains = game.deviation_gains(idx)
    defaults = tuple(sorted(game.defaults.items()))
    conditions: dict[str, tuple[list[sp.Basic], list[sp.Basic], tuple[str, ...] | None]] = {}
    if "nash" in chosen:
        conditions["nash"] = ([sp.Le(g, 0, evaluate=False) for g in gains.values()], [], None)
    if "strict" in chosen:
        conditions["strict"] = ([sp.Lt(g, 0, evaluate=False) for g in gains.values()], [], None)
    if "risk_dominant" in chosen:
        rival = (1 - idx[0], 1 - idx[1])
        rival_gains = game.deviation_gains(rival)
        own = [sp.Lt(g, 0, evaluate=False) for g in gains.values()]
        product_own = sp.Mul(*[-g for g in gains.values()])
        product_rival = sp.Mul(*[-g for g in rival_gains.values()])
        ineqs = [*own, sp.Gt(product_own, product_rival, evaluate=False)]
        requires = [sp.Lt(g, 0, evaluate=False) for g in rival_gains.values()]
        rival_names = tuple(game.actions[i][a] for i, a in enumerate(rival))
        conditions["risk_dominant"] = (ineqs, requires, rival_names)

    out = []
    for criterion in CRITERIA:
        if criterion not in conditions:
            continue
        ineqs, requires, rival_names = conditions[criterion]
        base = [_normal(r) for r in requires] + assume_facts
        for x in variables:
            bounds, others = _solve_conjunction(ineqs, x, base)
            if not bounds:
                boundary, relation = None, None
            elif len(bounds) == 1:
                relation, boundary = bounds[0]
            else:
                relation = tuple(r for r, _ in bounds)
                boundary = tuple(b for _, b in bounds)
            out.append(
                Threshold(
                    criterion=criterion,
                    profile=profile_names,
                    variable=x,
                    inequalities=tuple(ineqs),
                    boundary=boundary,
                    relation=relation,
                    side_conditions=tuple(others),
                    requires=tuple(requires),
                    rival=rival_names,
                    assumptions=tuple(facts_in),
                    defaults=defaults,
                )
            )
    return tuple(out)


# ============================================================================ trust
def minimum_trust(
    game: Game, profile: Any = None, *, tol: float | None = None
) -> tuple[float, ...]:
    """Kydd's minimum trust: the least belief that the other cooperates for cooperating to pay.

    For player i in a 2x2 game with cooperative action ``C_i`` (from `profile`) and the other
    action ``D_i``, write R, S, T, P for i's payoffs at (C, C), (C, D), (D, C), (D, D) (own
    action first). Cooperating is a best reply to a belief p that the other cooperates iff
    ``p (R - T) + (1 - p)(S - P) >= 0``. The minimum trust is the least p* such that this
    holds for every p in [p*, 1]::

        p* = (P - S) / ((R - T) + (P - S))   if R >= T and S < P   (assurance: 0 < p* <= 1)
        p* = 0                               if R >= T and S >= P  (cooperation dominant)
        p* = inf                             if R < T              (no trust suffices: PD,
                                                                    chicken)

    Kydd (2005, ch. 1): in the stag hunt (assurance game) cooperation is rational iff trust
    p >= p*; in the prisoner's dilemma it never is.

    Parameters
    ----------
    game : Game
        A numeric 2x2 game.
    profile : str or sequence, optional
        The cooperative profile; default each player's first action.
    tol : float, optional
        Relative tolerance for the comparisons R >= T and S >= P.

    Returns
    -------
    tuple of float
        p* for each player (the trust player i needs in the other).

    Raises
    ------
    GameError
        The game is not 2x2, or a bad profile.

    Examples
    --------
    >>> from gametheory.games import stag_hunt, prisoners_dilemma
    >>> minimum_trust(stag_hunt().at())                  # (P - S) / ((R - T) + (P - S)) = 2/3
    (0.666..., 0.666...)
    >>> minimum_trust(prisoners_dilemma().at())
    (inf, inf)

    References
    ----------
    Kydd, A. H. (2005). *Trust and Mistrust in International Relations*. Princeton UP.
    """
    func = "minimum_trust()"
    game = as_game(game, "minimum_trust")
    if game.shape != (2, 2):
        raise GameError(
            f"{func}: needs a 2x2 game (two players with two actions each), got shape {game.shape}"
        )
    atol = absolute_tol(game.payoff_range, check_tol("minimum_trust", tol))
    idx = (0, 0) if profile is None else _pure_profile(func, game.players, game.actions, profile)
    out = []
    for i in range(2):
        u = game.payoffs[i]

        def pay(own: int, other: int, i=i, u=u) -> float:
            return float(u[own, other] if i == 0 else u[other, own])

        c, d = idx[i], 1 - idx[i]
        c_other, d_other = idx[1 - i], 1 - idx[1 - i]
        R, S = pay(c, c_other), pay(c, d_other)
        T, P = pay(d, c_other), pay(d, d_other)
        if R < T - atol:
            out.append(math.inf)
        elif S >= P - atol:
            out.append(0.0)
        else:
            out.append((P - S) / ((R - T) + (P - S)))
    return tuple(out)


__all__ = [
    "CONVERGED_DISTANCE",
    "CRITERIA",
    "NOT_CONVERGED",
    "OTHER",
    "REST_REGRET",
    "StabilityReport",
    "Threshold",
    "classify",
    "minimum_trust",
    "thresholds",
]
