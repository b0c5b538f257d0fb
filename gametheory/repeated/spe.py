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
from scipy.sparse.csgraph import connected_components

from ..errors import GameError
from ..game import Game
from ..tolerance import POLICY_TIE, ROOT_STEP, absolute_tol, check_tol
from .automata import Automaton, profile_of, seat_permutation
from .chain import (
    JointChain,
    _solve,
    build_chain,
    check_delta,
    flat_payoffs,
    noise_matrices,
    stage_game,
    state_occupation,
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


@dataclass(frozen=True)
class _ReplyProblem:
    """Player i's decision problem against the others' automata on a joint chain.

    States are the chain's joint states; player i chooses an intended action in each. ``weight[k,
    x, j]`` is the probability of realised joint action ``j`` in state ``k`` when i intends ``x``
    (the others' realised actions times i's own noise); ``next`` and ``reward`` (i's stage payoff
    of each joint action) complete the MDP. is_nash, best_response and the one-shot deviation
    check all read this one definition.
    """

    next: np.ndarray
    weight: np.ndarray
    reward: np.ndarray
    chain: JointChain

    @property
    def size(self) -> int:
        return int(self.next.shape[0])


def _reply_problem(chain: JointChain, stage: Game, Q: np.ndarray, i: int) -> _ReplyProblem:
    m = stage.shape[0]
    K, J = chain.realised.shape
    n = chain.rho.shape[1]
    digits = np.array(np.unravel_index(np.arange(J), (m,) * n)).T
    others = np.ones((K, J))
    for k in range(n):
        if k != i:
            others *= chain.rho[:, k, digits[:, k]]
    own = Q[i][:, digits[:, i]]  # (m, J): prob that intending x realises this joint's own part
    weight = others[:, None, :] * own[None, :, :]
    return _ReplyProblem(chain.next, weight, flat_payoffs(stage)[i], chain)


def _action_values(mdp: _ReplyProblem, V: np.ndarray, pay: float, cont: float) -> np.ndarray:
    """``sum_j weight[k, x, j] (pay * reward[j] + cont * V[next[k, j]])``, shape (K, m).

    ``(1 - delta, delta)`` gives the discounted value of intending x once and then V; ``(1, 1)``
    the average-reward improvement step with bias V.
    """
    inner = pay * mdp.reward[None, :] + cont * V[mdp.next]  # (K, J)
    return np.einsum("kxj,kj->kx", mdp.weight, inner)


def _policy_matrix(mdp: _ReplyProblem, policy: np.ndarray):
    prob = mdp.weight[np.arange(mdp.size), policy]  # (K, J)
    return prob, mdp.chain.matrix(prob)


def _improve(values: np.ndarray, policy: np.ndarray | None) -> np.ndarray:
    new = np.argmax(values, axis=1)
    if policy is None:
        return new
    # keep the current action on ties so the iteration cannot cycle
    rows = np.arange(len(new))
    keep = values[rows, policy] >= values[rows, new] - POLICY_TIE * max(1.0, np.abs(values).max())
    return np.where(keep, policy, new)


def _discounted_reply(mdp: _ReplyProblem, V: np.ndarray, delta: float):
    """Policy iteration (Howard 1960) from the values V of the current strategy.

    Returns (optimal values, optimal pure policy, converged)."""
    policy = None
    K = mdp.size
    for _ in range(MAX_POLICY_ITERATIONS):
        new = _improve(_action_values(mdp, V, 1.0 - delta, delta), policy)
        if policy is not None and np.array_equal(new, policy):
            return V, policy, True
        policy = new
        prob, M = _policy_matrix(mdp, policy)
        eye = sps.identity(K, format="csr") if sps.issparse(M) else np.eye(K)
        V = _solve(eye - delta * M, (1.0 - delta) * (prob @ mdp.reward))
    return V, policy, False


def _reachable(mdp: _ReplyProblem) -> np.ndarray:
    """Joint states reachable from state 0 with positive probability under some policy."""
    seen = np.zeros(mdp.size, dtype=bool)
    seen[0] = True
    frontier = np.array([0])
    support = mdp.weight.max(axis=1) > 0  # (K, J): some own intention realises j
    while frontier.size:
        succ = np.unique(mdp.next[frontier][support[frontier]])
        frontier = succ[~seen[succ]]
        seen[frontier] = True
    return np.flatnonzero(seen)


def _sub_problem(mdp: _ReplyProblem, keep: np.ndarray) -> _ReplyProblem:
    index = np.full(mdp.size, -1, dtype=np.int64)
    index[keep] = np.arange(len(keep))
    nxt = index[mdp.next[keep]]
    weight = mdp.weight[keep]
    # joint actions leading outside `keep` have probability 0 from it (keep is closed)
    nxt = np.where(nxt < 0, np.arange(len(keep))[:, None], nxt)
    # `realised` is never read here: matrices are built from a policy's probabilities
    sub = JointChain(mdp.chain.states[keep], weight[:, 0], nxt, mdp.chain.rho[keep])
    return _ReplyProblem(nxt, weight, mdp.reward, sub)


def _shown_unichain(mdp: _ReplyProblem) -> bool:
    """A sufficient condition for every pure policy to have exactly one closed class.

    Some state s* is reached with probability 1 from every state under every policy iff no set
    of states avoiding s* can be kept closed by some choice of actions: the greatest such set,
    ``C = {k != s*: some action keeps every positive-probability successor of k in C}``, is
    then empty. The candidates s* are the states of a closed class of the all-zero policy (any
    s* that works lies in every policy's closed class).
    """
    K = mdp.size
    support = mdp.weight > 0  # (K, m, J)
    _, M = _policy_matrix(mdp, np.zeros(K, dtype=np.int64))
    Ms = sps.csr_matrix(M)
    n_comp, labels = connected_components(Ms > 0, directed=True, connection="strong")
    coo = Ms.tocoo()
    leaves = np.zeros(n_comp, dtype=bool)
    leaves[labels[coo.row[(labels[coo.row] != labels[coo.col]) & (coo.data > 0)]]] = True
    closed = np.flatnonzero(~leaves)
    if len(closed) != 1:
        return False
    for star in np.flatnonzero(labels == closed[0]):
        inside = np.ones(K, dtype=bool)
        inside[star] = False
        while True:
            stays = (~support | inside[mdp.next][:, None, :]).all(axis=2).any(axis=1)
            new = inside & stays
            if np.array_equal(new, inside):
                break
            inside = new
        if not inside.any():
            return True
    return False


def _average_reply(func: str, mdp: _ReplyProblem):
    """Average-reward policy iteration (Howard 1960; Puterman 1994, §8.6) on a unichain MDP.

    Returns (optimal gain, policy on the states reachable from 0, those states, converged)."""
    keep = _reachable(mdp)
    sub = _sub_problem(mdp, keep) if len(keep) < mdp.size else mdp
    if not _shown_unichain(sub):
        raise GameError(
            f"{func}: at delta = 1 the best-reply problem could not be shown unichain (some "
            "reply can be locked into different long-run behaviours, so the long-run average "
            "depends on more than the reply's policy); use a discount factor delta < 1"
        )
    K = sub.size
    h = np.zeros(K)
    policy = None
    gain = 0.0
    for _ in range(MAX_POLICY_ITERATIONS):
        new = _improve(_action_values(sub, h, 1.0, 1.0), policy)
        if policy is not None and np.array_equal(new, policy):
            return gain, policy, keep, True
        policy = new
        prob, M = _policy_matrix(sub, policy)
        A = np.eye(K) - (M.toarray() if sps.issparse(M) else M)
        A[:, 0] = 1.0  # unknowns: the gain in place of h[0] (h[0] = 0 fixes the bias)
        x = np.linalg.solve(A, prob @ sub.reward)
        gain, h = float(x[0]), np.concatenate([[0.0], x[1:]])
    return gain, policy, keep, False


def _osd(
    chain: JointChain, stage: Game, Q: np.ndarray, delta: float, atol: float
) -> DeviationCheck:
    u = flat_payoffs(stage)
    V = state_values(chain, u, delta)
    best = (-np.inf, None, None, None)
    for i in range(stage.n_players):
        mdp = _reply_problem(chain, stage, Q, i)
        gains = _action_values(mdp, V[:, i], 1.0 - delta, delta) - V[:, i][:, None]
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


@dataclass(frozen=True)
class BestResponse:
    """A best reply of one player to the others' automata (see :func:`best_response`).

    Attributes
    ----------
    automaton : Automaton
        A pure reply for the player's seat. It tracks the joint state of the profile (the others'
        automata, and the player's current one) from the realised play, reduced to the states
        reachable from the start with equivalent states merged (Moore's minimisation).
    value : float
        The reply's payoff from the start (normalised discounted, or long-run average).
    current_value : float
        The payoff of the player's current automaton in the profile.
    gain : float
        ``value - current_value`` (>= 0 up to rounding): what the player gains by switching.
    is_best : bool
        True if the gain is within the tolerance: the current automaton is already a best reply.
    player : int
    delta : float
    tol : float
        The absolute tolerance used for ``is_best``.
    """

    automaton: Automaton
    value: float
    current_value: float
    gain: float
    is_best: bool
    player: int
    delta: float
    tol: float


def best_response(
    stage: Any,
    profile: Sequence[Automaton],
    player: int,
    delta: float,
    noise: Any = 0.0,
    tol: float | None = None,
) -> BestResponse:
    """The optimal reply of `player` to the other automata of `profile`, as an automaton.

    Against fixed automata the player faces a Markov decision problem whose state is the joint
    automaton state (the same problem :func:`is_nash` solves): intended actions are the choices,
    noise acts on them, the stage payoff is the reward. It is solved exactly by policy iteration
    (Howard 1960); the optimal pure policy, read as an automaton that moves on the realised joint
    action, is the reply.

    Parameters
    ----------
    stage, profile, noise
        As in :func:`~gametheory.repeated.expected_payoffs`; the player's own automaton in
        `profile` is what the gain is measured against.
    player : int
        The replying seat.
    delta : float
        Discount factor in [0, 1], or 1 for the long-run average payoff. At delta = 1 the
        problem must be unichain (every pure reply has a single closed class of joint states,
        checked by a sufficient condition: some state is reached with probability one under
        every reply); otherwise a GameError says so.
    tol : float, optional
        Relative tolerance for ``is_best`` (times the payoff range); default 1e-9.

    Returns
    -------
    BestResponse

    Examples
    --------
    >>> from gametheory.games import prisoners_dilemma
    >>> from gametheory.repeated import strategy
    >>> reply = best_response(prisoners_dilemma(), [strategy("TFT")] * 2, 1, 0.4)
    >>> round(reply.value, 6), round(reply.gain, 6)         # alternate D, C: T / (1 + delta)
    (3.571429, 0.571429)
    >>> reply.is_best
    False

    References
    ----------
    Howard (1960), *Dynamic Programming and Markov Processes*; Puterman (1994), *Markov Decision
    Processes*, §6.4 and §8.6 (average reward, unichain).
    """
    func = "best_response()"
    delta = check_delta(func, delta, allow_one=True)
    stage, Q, atol, chain = _prepare(func, stage, profile, noise, tol)
    n, m = stage.n_players, stage.shape[0]
    if isinstance(player, bool) or not isinstance(player, (int, np.integer)) or not 0 <= player < n:
        raise GameError(f"{func}: player = {player!r}, expected an integer in 0..{n - 1}")
    i = int(player)
    mdp = _reply_problem(chain, stage, Q, i)
    u = flat_payoffs(stage)
    if delta < 1.0:
        V = state_values(chain, u, delta)[:, i]
        values, policy, converged = _discounted_reply(mdp, V, delta)
        value, current = float(values[0]), float(V[0])
    else:
        value, sub_policy, keep, converged = _average_reply(func, mdp)
        policy = np.zeros(mdp.size, dtype=np.int64)  # states outside `keep` are never reached
        policy[keep] = sub_policy
        current = float(state_occupation(chain, 1.0) @ (chain.realised @ u[i]))
    if not converged:  # pragma: no cover - finite MDPs converge in a few rounds
        raise GameError(f"{func}: policy iteration did not converge")
    J = chain.next.shape[1]
    trans = np.empty((mdp.size, J), dtype=np.int64)
    trans[:, seat_permutation(n, m)[i]] = chain.next  # the reply sees its own action first
    policy, trans = _minimal_machine(policy.astype(np.int64), trans)
    names = ",".join(a.name for k, a in enumerate(profile_of(func, profile, n, m)) if k != i)
    reply = Automaton(policy, trans.reshape((len(policy),) + (m,) * n), 0, f"BR({names})")
    gain = max(value - current, 0.0)
    return BestResponse(reply, value, current, gain, gain <= atol, i, delta, atol)


def _minimal_machine(actions: np.ndarray, trans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The smallest machine with the same play: states reachable from 0, equivalent ones merged.

    Moore's partition refinement: start from the blocks of equal action, split a block while
    its states move to different blocks on some joint action. State 0 stays the initial state.
    """
    seen = np.zeros(len(actions), dtype=bool)
    seen[0] = True
    frontier = np.array([0])
    while frontier.size:
        succ = np.unique(trans[frontier])
        frontier = succ[~seen[succ]]
        seen[frontier] = True
    keep = np.flatnonzero(seen)  # sorted, so 0 comes first
    index = np.full(len(actions), -1, dtype=np.int64)
    index[keep] = np.arange(len(keep))
    acts, nxt = actions[keep], index[trans[keep]]
    block = np.unique(acts, return_inverse=True)[1].ravel()
    while True:
        signature = np.column_stack([block, block[nxt]])
        _, new = np.unique(signature, axis=0, return_inverse=True)
        new = new.ravel()
        if new.max() == block.max():
            break
        block = new
    # renumber blocks in order of first appearance so the initial state is block 0
    _, first = np.unique(block, return_index=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    block = rank[block]
    reps = np.sort(first)
    return acts[reps], block[nxt[reps]]


def _nash_gain(chain, stage, Q, delta) -> float:
    u = flat_payoffs(stage)
    V = state_values(chain, u, delta)
    gain = 0.0
    for i in range(stage.n_players):
        best, _, converged = _discounted_reply(_reply_problem(chain, stage, Q, i), V[:, i], delta)
        if not converged:  # pragma: no cover - finite MDPs converge in a few rounds
            raise GameError("is_nash(): policy iteration did not converge")
        gain = max(gain, float(best[0] - V[0, i]))
    return gain


def _discount_scan(func, stage, profile, noise, concept, tol, grid):
    """(holds(delta), scan points) shared by :func:`critical_discount` and :func:`discount_set`."""
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
    return holds, points


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
    holds, points = _discount_scan("critical_discount()", stage, profile, noise, concept, tol, grid)
    prev = None
    for delta in points:
        if holds(float(delta)):
            if prev is None:
                return float(delta)
            lo, hi = prev, float(delta)
            while hi - lo > ROOT_STEP:
                mid = 0.5 * (lo + hi)
                lo, hi = (lo, mid) if holds(mid) else (mid, hi)
            return hi
        prev = float(delta)
    return None


def discount_set(
    stage: Any,
    profile: Sequence[Automaton],
    noise: Any = 0.0,
    concept: str = "spe",
    tol: float | None = None,
    grid: int = 400,
) -> list[tuple[float, float]]:
    """The discount factors at which the profile is subgame perfect (or Nash), as intervals.

    The verdict need not switch once: a memory-one rule can be Nash at δ = 0 (nothing after
    the first round counts), fail in between and hold again for patient players, so the least
    δ (:func:`critical_discount`) alone can mislead. The same scan as there (`grid` points of
    [0, 1 - 1e-4], denser near 1) with every switch located by bisection to 1e-12; returns
    ``[(lo, hi), ...]`` in increasing order, ``hi = 1.0`` where the set reaches the scan's end
    (it is not checked above 1 - 1e-4), ``lo == hi`` (to 1e-12) for an isolated point such as
    δ = 0. Empty: no δ found. The first ``lo`` equals :func:`critical_discount`.

    Examples
    --------
    >>> from gametheory.games import prisoners_dilemma
    >>> from gametheory.repeated import strategy
    >>> [(round(a, 6), b) for a, b in discount_set(prisoners_dilemma(), [strategy("GRIM")] * 2)]
    [(0.5, 1.0)]
    """
    holds, points = _discount_scan("discount_set()", stage, profile, noise, concept, tol, grid)

    def switch(lo: float, hi: float, at_lo: bool) -> float:
        """The point between lo and hi where the verdict leaves `at_lo` (to 1e-12)."""
        while hi - lo > ROOT_STEP:
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if holds(mid) == at_lo else (lo, mid)
        return hi if not at_lo else lo

    out: list[tuple[float, float]] = []
    start: float | None = None
    prev, prev_holds = None, False
    for delta in (float(d) for d in points):
        now = holds(delta)
        if now and not prev_holds:
            start = delta if prev is None else switch(prev, delta, False)
        elif prev_holds and not now:
            out.append((start, switch(prev, delta, True)))
            start = None
        prev, prev_holds = delta, now
    if prev_holds:
        out.append((start, 1.0))
    return out
