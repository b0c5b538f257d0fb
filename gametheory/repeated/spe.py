"""Subgame perfection and Nash checks of automaton profiles, and the critical discount factor.

A profile of finite automata is subgame perfect iff no player gains from a *one-shot* deviation
in any joint automaton state that some history can reach (the one-shot deviation principle for
discounted games with bounded payoffs; Fudenberg & Tirole 1991, Thm 4.2). Every value involved is
a linear solve on the joint chain (:mod:`.chain`), so the check is exact up to floating point;
noise applies to the deviator's intended action too.

>>> from gametheory.games import prisoners_dilemma
>>> from gametheory.repeated import strategy
>>> pd = prisoners_dilemma()                               # T, R, P, S = 5, 3, 1, 0
>>> is_subgame_perfect(pd, [strategy("GRIM")] * 2, 0.6)    # (T-R)/(T-P) = 0.5
True
>>> is_subgame_perfect(pd, [strategy("TFT")] * 2, 0.9)     # TFT is not subgame perfect
False
>>> is_nash(pd, [strategy("TFT")] * 2, 0.7)                # (T-R)/(R-S) = 2/3
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sps

from ..errors import GameError
from ..game import Game
from ..tolerance import absolute_tol, check_tol
from .automata import Automaton, profile_of
from .chain import (
    JointChain,
    _solve,
    build_chain,
    check_delta,
    flat_payoffs,
    noise_matrices,
    stage_game,
    state_values,
)

MAX_POLICY_ITERATIONS = 500
"""Cap on policy-iteration rounds in the best-response problem (finite MDPs need few)."""


@dataclass(frozen=True)
class DeviationCheck:
    """Result of a one-shot deviation (or best-response) check.

    Attributes
    ----------
    holds : bool
        True if no player gains more than `tol` (absolute) anywhere checked.
    max_gain : float
        The largest gain found (payoff units, normalised like the payoffs).
    player, state, action : int, tuple of int, int, or None
        Where the largest gain occurs: the deviating player, the joint automaton state (one
        state per player) and the intended action that gains.
    n_states : int
        Joint states checked.
    tol : float
        The absolute tolerance used.
    """

    holds: bool
    max_gain: float
    player: int | None
    state: tuple[int, ...] | None
    action: int | None
    n_states: int
    tol: float


def _prepare(func: str, stage: Any, profile: Sequence[Automaton], noise: Any, tol: Any):
    stage = stage_game(func, stage)
    n, m = stage.n_players, stage.shape[0]
    autos = profile_of(func, profile, n, m)
    Q = noise_matrices(func, noise, n, m)
    atol = absolute_tol(stage.payoff_range, check_tol(func, tol))
    chain = build_chain(func, stage, autos, Q, every_history=True)
    return stage, Q, atol, chain


def _action_values(
    chain: JointChain, u: np.ndarray, Q: np.ndarray, V: np.ndarray, i: int, delta: float, m: int
) -> np.ndarray:
    """Value to player i of intending each action once in each state, then V: shape (K, m)."""
    K, J = chain.realised.shape
    n = chain.rho.shape[1]
    digits = np.array(np.unravel_index(np.arange(J), (m,) * n)).T
    others = np.ones((K, J))
    for k in range(n):
        if k != i:
            others *= chain.rho[:, k, digits[:, k]]
    cont = (1.0 - delta) * u[i][None, :] + delta * V[chain.next]
    own = Q[i][:, digits[:, i]].T  # (J, m): prob that intending x realises this joint's own part
    return (others * cont) @ own


def _osd(
    chain: JointChain, stage: Game, Q: np.ndarray, delta: float, atol: float
) -> DeviationCheck:
    m = stage.shape[0]
    u = flat_payoffs(stage)
    V = state_values(chain, u, delta)
    best = (-np.inf, None, None, None)
    for i in range(stage.n_players):
        gains = _action_values(chain, u, Q, V[:, i], i, delta, m) - V[:, i][:, None]
        s, x = np.unravel_index(int(np.argmax(gains)), gains.shape)
        if gains[s, x] > best[0]:
            best = (float(gains[s, x]), i, tuple(int(v) for v in chain.states[s]), int(x))
    gain = max(best[0], 0.0)
    return DeviationCheck(gain <= atol, gain, *best[1:], chain.size, atol)


def one_shot_deviations(
    stage: Any,
    profile: Sequence[Automaton],
    delta: float,
    noise: Any = 0.0,
    tol: float | None = None,
) -> DeviationCheck:
    """The largest one-shot deviation gain over every reachable joint state.

    Parameters
    ----------
    stage, profile, noise
        As in :func:`~gametheory.repeated.expected_payoffs`.
    delta : float
        Discount factor in [0, 1).
    tol : float, optional
        Relative tolerance (times the stage game's payoff range); default 1e-9.

    Returns
    -------
    DeviationCheck
        ``holds`` is the subgame-perfection verdict; the rest says where it fails worst.
    """
    func = "one_shot_deviations()"
    delta = check_delta(func, delta, allow_one=False)
    stage, Q, atol, chain = _prepare(func, stage, profile, noise, tol)
    return _osd(chain, stage, Q, delta, atol)


def is_subgame_perfect(
    stage: Any,
    profile: Sequence[Automaton],
    delta: float,
    noise: Any = 0.0,
    tol: float | None = None,
) -> bool:
    """True iff the profile is a subgame-perfect equilibrium of the repeated game at `delta`.

    One-shot deviation principle in every joint state reachable by any history (see
    :func:`one_shot_deviations` for where it fails).

    References
    ----------
    Friedman (1971), "A non-cooperative equilibrium for supergames", *Rev. Econ. Stud.* 38;
    Fudenberg & Tirole (1991), *Game Theory*, §4.2.
    """
    return one_shot_deviations(stage, profile, delta, noise, tol).holds


def _best_response_value(chain: JointChain, stage: Game, Q: np.ndarray, i: int, delta: float):
    """Player i's best value against the others' automata (policy iteration): (V*, converged)."""
    m = stage.shape[0]
    u = flat_payoffs(stage)
    K, J = chain.realised.shape
    n = stage.n_players
    digits = np.array(np.unravel_index(np.arange(J), (m,) * n)).T
    others = np.ones((K, J))
    for k in range(n):
        if k != i:
            others *= chain.rho[:, k, digits[:, k]]
    V = state_values(chain, u, delta)[:, i]
    policy = None
    for _ in range(MAX_POLICY_ITERATIONS):
        values = _action_values(chain, u, Q, V, i, delta, m)
        new = np.argmax(values, axis=1)
        if policy is not None:
            # keep the current action on ties so the iteration cannot cycle
            keep = values[np.arange(K), policy] >= values[np.arange(K), new] - 1e-13
            new = np.where(keep, policy, new)
            if np.array_equal(new, policy):
                return V, True
        policy = new
        prob = others * Q[i][policy][:, digits[:, i]]  # (K, J) joint-action probabilities
        M = chain.matrix(prob)
        eye = sps.identity(K, format="csr") if sps.issparse(M) else np.eye(K)
        V = _solve(eye - delta * M, (1.0 - delta) * (prob @ u[i]))
    return V, False


def is_nash(
    stage: Any,
    profile: Sequence[Automaton],
    delta: float,
    noise: Any = 0.0,
    tol: float | None = None,
) -> bool:
    """True iff no player has a better strategy (of any kind) against the others' automata.

    Each player's best response is a Markov decision problem over the others' joint automaton
    states, solved exactly by policy iteration (Howard 1960); the profile is Nash iff every
    player's payoff is within `tol` of that optimum from the initial state.
    """
    func = "is_nash()"
    delta = check_delta(func, delta, allow_one=False)
    stage, Q, atol, chain = _prepare(func, stage, profile, noise, tol)
    return _nash_gain(chain, stage, Q, delta) <= atol


def _nash_gain(chain, stage, Q, delta) -> float:
    u = flat_payoffs(stage)
    V = state_values(chain, u, delta)
    gain = 0.0
    for i in range(stage.n_players):
        best, converged = _best_response_value(chain, stage, Q, i, delta)
        if not converged:  # pragma: no cover - finite MDPs converge in a few rounds
            raise GameError("is_nash(): policy iteration did not converge")
        gain = max(gain, float(best[0] - V[0, i]))
    return gain


def critical_discount(
    stage: Any,
    profile: Sequence[Automaton],
    noise: Any = 0.0,
    concept: str = "spe",
    tol: float | None = None,
    grid: int = 400,
) -> float | None:
    """The least discount factor at which the profile is subgame perfect (or Nash); None if none.

    The verdict is evaluated on `grid` points of [0, 1 - 1e-4] (denser near 1); the first switch
    to "holds" is then located by bisection to 1e-12. A set of discount factors narrower than
    the grid spacing before the first grid point that holds could be missed, and thresholds above
    1 - 1e-4 are reported as None. Gains are compared with the tolerance in normalised payoff
    units, so the boundary is found to about ``tol`` (relative), not to machine precision.

    Parameters
    ----------
    concept : {"spe", "nash"}
        Subgame perfection (one-shot deviations everywhere) or Nash (best response on path).

    Examples
    --------
    >>> from gametheory.games import prisoners_dilemma
    >>> from gametheory.repeated import strategy
    >>> round(critical_discount(prisoners_dilemma(), [strategy("TFT")] * 2, concept="nash"), 6)
    0.666667
    >>> critical_discount(prisoners_dilemma(), [strategy("ALLC")] * 2) is None
    True

    References
    ----------
    Friedman (1971); Axelrod (1984), *The Evolution of Cooperation*, ch. 2 (TFT's threshold).
    """
    func = "critical_discount()"
    if concept not in ("spe", "nash"):
        raise GameError(f"{func}: concept = {concept!r}, expected 'spe' or 'nash'")
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or not 2 <= grid <= 10**5:
        raise GameError(f"{func}: grid = {grid!r}, expected an integer in 2..100000")
    stage, Q, atol, chain = _prepare(func, stage, profile, noise, tol)

    def holds(delta: float) -> bool:
        if concept == "spe":
            return _osd(chain, stage, Q, delta, atol).holds
        return _nash_gain(chain, stage, Q, delta) <= atol

    # not above 1 - 1e-4: normalised gains shrink like (1 - delta) and would fall under any
    # fixed tolerance, making every profile look perfect as delta -> 1
    points = np.unique(
        np.concatenate([np.linspace(0.0, 1.0, grid, endpoint=False), 1.0 - np.logspace(-2, -4, 5)])
    )
    prev = None
    for delta in points:
        if holds(float(delta)):
            if prev is None:
                return float(delta)
            lo, hi = prev, float(delta)
            while hi - lo > 1e-12:
                mid = 0.5 * (lo + hi)
                lo, hi = (lo, mid) if holds(mid) else (mid, hi)
            return hi
        prev = float(delta)
    return None
