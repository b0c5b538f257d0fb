"""The joint automaton state of a repeated game as a Markov chain (the exact engine).

Given a stage game, one automaton per player and implementation noise, the joint state (one
automaton state per player) moves as a finite Markov chain: in joint state ``s`` every player
intends an action, noise turns it into the realised action, the stage pays on the realised joint
action, and every automaton moves on it. Everything the package computes about a profile (payoffs,
long-run outcome shares, deviation gains) is a linear solve on this chain, never a simulation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numba as nb
import numpy as np
import scipy.sparse as sps
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import spsolve

from ..errors import GameError, TooLargeError
from ..game import Game
from ..tolerance import PROB_SUM_TOL
from .automata import Automaton, seat_permutation

MAX_JOINT_STATES = 200_000
"""Most joint automaton states (the product of the players' state counts) a chain may have."""

DENSE_LIMIT = 600
"""Chains up to this many states are solved densely, larger ones with sparse LU."""


# ----------------------------------------------------------------------------- input checks
def as_stage(func: str, stage: Any) -> Game:
    """A numeric stage game; a :class:`~gametheory.symbolic.SymbolicGame` at its defaults."""
    if hasattr(stage, "at") and hasattr(stage, "parameters") and not isinstance(stage, Game):
        stage = stage.at()
    if not isinstance(stage, Game):
        raise GameError(f"{func}: stage must be a Game or SymbolicGame, got {type(stage).__name__}")
    return stage


def stage_game(func: str, stage: Any) -> Game:
    """A numeric stage game where every player has the same number of actions (for automata)."""
    stage = as_stage(func, stage)
    if len(set(stage.shape)) != 1:
        raise GameError(
            f"{func}: stage game has action counts {stage.shape}; automata need the same number "
            "of actions for every player"
        )
    return stage


def check_delta(func: str, delta: Any, allow_one: bool = True) -> float:
    """A discount factor in [0, 1) (or 1: the limit of means, where allowed)."""
    try:
        value = float(delta)
    except (TypeError, ValueError):
        raise GameError(f"{func}: delta = {delta!r} is not a number") from None
    high = "1]" if allow_one else "1)"
    if not np.isfinite(value) or value < 0 or value > 1 or (value == 1 and not allow_one):
        raise GameError(f"{func}: delta = {delta!r}, expected a discount factor in [0, {high}")
    return value


def noise_matrices(func: str, noise: Any, n: int, m: int) -> np.ndarray:
    """Per-player realisation matrices ``Q[i, intended, realised]``.

    `noise` is a probability ε (an intended action is replaced by each other action with
    probability ε / (m - 1), independently across players and rounds), one (m, m) row-stochastic
    matrix for all players (e.g. one-sided accidents), or one such matrix per player.
    """
    if np.isscalar(noise):
        try:
            eps = float(noise)
        except (TypeError, ValueError):
            raise GameError(f"{func}: noise = {noise!r} is not a number") from None
        if not np.isfinite(eps) or not 0.0 <= eps <= 1.0:
            raise GameError(f"{func}: noise = {noise!r}, expected a probability in [0, 1]")
        q = np.full((m, m), eps / (m - 1)) if m > 1 else np.zeros((1, 1))
        np.fill_diagonal(q, 1.0 - eps if m > 1 else 1.0)
        return np.broadcast_to(q, (n, m, m)).copy()
    try:
        arr = np.asarray(noise, dtype=float)
    except (TypeError, ValueError):
        raise GameError(f"{func}: noise is neither a probability nor a matrix") from None
    if arr.shape == (m, m):
        arr = np.broadcast_to(arr, (n, m, m)).copy()
    if arr.shape != (n, m, m):
        raise GameError(
            f"{func}: noise matrix has shape {arr.shape}, expected ({m}, {m}) or ({n}, {m}, {m}):"
            " rows = intended action, columns = realised action"
        )
    if (
        not np.isfinite(arr).all()
        or (arr < 0).any()
        or np.abs(arr.sum(-1) - 1).max() > PROB_SUM_TOL
    ):
        raise GameError(
            f"{func}: noise matrix rows must be probability vectors, got {arr.tolist()}"
        )
    return arr


def full_support(Q: np.ndarray) -> bool:
    """True if every intended action can be realised as every action (the chain mixes)."""
    return bool((Q > 0).all())


# ----------------------------------------------------------------------------- the chain
@dataclass(frozen=True)
class JointChain:
    """The reachable joint states of a profile, with realised-action probabilities.

    Attributes
    ----------
    states : ndarray (K, n)
        Automaton state of each player in each joint state; row 0 is the initial joint state.
    realised : ndarray (K, J)
        Probability of each realised joint action (row-major over players) in each joint state.
    next : ndarray (K, J)
        The joint state (row index) after each realised joint action.
    rho : ndarray (K, n, m)
        Each player's realised-action distribution in each joint state.
    """

    states: np.ndarray
    realised: np.ndarray
    next: np.ndarray
    rho: np.ndarray

    @property
    def size(self) -> int:
        return int(self.states.shape[0])

    def matrix(self, prob: np.ndarray | None = None):
        """The transition matrix (dense for small chains, CSR otherwise).

        `prob` replaces the realised joint-action probabilities (e.g. under a deviation).
        """
        prob = self.realised if prob is None else prob
        K, J = prob.shape
        rows = np.repeat(np.arange(K), J)
        if K <= DENSE_LIMIT:
            M = np.zeros((K, K))
            np.add.at(M, (rows, self.next.ravel()), prob.ravel())
            return M
        return sps.csr_matrix((prob.ravel(), (rows, self.next.ravel())), shape=(K, K))


def build_chain(
    func: str,
    stage: Game,
    profile: Sequence[Automaton],
    Q: np.ndarray,
    every_history: bool = False,
) -> JointChain:
    """Breadth-first search of the joint states reachable from the initial one.

    With ``every_history`` the search follows every joint action, whether or not it can be
    realised (the subgames the one-shot deviation principle must check); otherwise only joint
    actions of positive probability.
    """
    n, m = stage.n_players, stage.shape[0]
    counts = [a.n_states for a in profile]
    estimate = int(np.prod(counts, dtype=float))
    if estimate > MAX_JOINT_STATES:
        raise TooLargeError(
            f"{func}: the joint automaton has up to {estimate} states "
            f"({' x '.join(map(str, counts))}), more than {MAX_JOINT_STATES}; use automata with "
            "fewer states"
        )
    J = m**n
    perm = seat_permutation(n, m)
    digits = np.array(np.unravel_index(np.arange(J), (m,) * n)).T  # (J, n)
    strides = np.cumprod([1, *counts[::-1]])[:-1][::-1]
    index = np.full(estimate, -1, dtype=np.int64)
    rho_tab = [a.actions @ Q[i] for i, a in enumerate(profile)]  # (n_states_i, m)
    trans = [a.flat_transitions()[:, perm[i]] for i, a in enumerate(profile)]  # (n_s, J) global
    start = np.array([a.initial for a in profile], dtype=np.int64)
    index[int(start @ strides)] = 0
    states = [start]
    frontier = start[None, :]
    all_states, all_next, all_real, all_rho = [], [], [], []
    while frontier.size:
        rho = np.stack([rho_tab[i][frontier[:, i]] for i in range(n)], axis=1)  # (F, n, m)
        real = np.ones((len(frontier), J))
        for i in range(n):
            real *= rho[:, i, digits[:, i]]
        nxt = np.stack([trans[i][frontier[:, i]] for i in range(n)], axis=-1)  # (F, J, n)
        codes = nxt @ strides
        follow = np.ones_like(real, dtype=bool) if every_history else real > 0
        new = np.unique(codes[follow & (index[codes] < 0)])
        fresh = np.array(np.unravel_index(new, counts)).T.reshape(-1, n)
        index[new] = len(states) + np.arange(len(new))
        states.extend(fresh)
        all_states.append(frontier)
        all_next.append(codes)
        all_real.append(real)
        all_rho.append(rho)
        frontier = fresh
    nxt = index[np.concatenate(all_next)]
    # joint actions of probability 0 that were not followed: point them at the state itself
    own = np.broadcast_to(np.arange(len(nxt))[:, None], nxt.shape)
    return JointChain(
        states=np.concatenate(all_states),
        realised=np.concatenate(all_real),
        next=np.where(nxt < 0, own, nxt),
        rho=np.concatenate(all_rho),
    )


def flat_payoffs(stage: Game) -> np.ndarray:
    """Stage payoffs as (n, J): player i's payoff at each joint action, row-major."""
    return np.stack([p.ravel() for p in stage.payoffs])


def _solve(A, b):
    if sps.issparse(A):
        out = spsolve(A.tocsc(), b)
        return out.reshape(b.shape)
    return np.linalg.solve(A, b)


def state_values(chain: JointChain, u: np.ndarray, delta: float) -> np.ndarray:
    """Normalised discounted payoff of every player from every joint state, shape (K, n)."""
    K = chain.size
    r = chain.realised @ u.T  # (K, n)
    M = chain.matrix()
    eye = sps.identity(K, format="csr") if sps.issparse(M) else np.eye(K)
    return _solve(eye - delta * M, (1.0 - delta) * r)


def state_occupation(chain: JointChain, delta: float) -> np.ndarray:
    """Discounted (δ < 1) or long-run (δ = 1) share of time in each joint state, from state 0."""
    K = chain.size
    M = chain.matrix()
    if delta < 1.0:
        eye = sps.identity(K, format="csr") if sps.issparse(M) else np.eye(K)
        e0 = np.zeros(K)
        e0[0] = 1.0
        return _solve((eye - delta * M).T, (1.0 - delta) * e0)
    return _cesaro(M, K)


@nb.njit(cache=True, inline="always")
def gth_inplace(A, n, out):
    """Stationary distribution of the irreducible n-state chain A (rows sum to 1) into `out`.

    The Grassmann-Taksar-Heyman algorithm (Grassmann, Taksar & Heyman 1985, *Operations
    Research* 33): state elimination from the last state down, with every diagonal term
    replaced by the sum of the off-diagonal terms of its row, so no subtraction ever happens
    and every entry keeps its relative accuracy, also when the chain is nearly reducible
    (noise 1e-12, fixation probabilities 1e-30) where a linear solve of
    (I - M^T + 1 1^T) pi = 1 loses digits in proportion to its condition number (about 1 /
    noise). A is overwritten. Returns False (and leaves `out` undefined) when a state cannot
    reach the states before it, i.e. the chain is reducible.
    """
    for k in range(n - 1, 0, -1):
        s = 0.0
        for j in range(k):
            s += A[k, j]
        if not s > 0.0:
            return False
        for i in range(k):
            f = A[i, k] / s
            A[i, k] = f
            if f != 0.0:
                for j in range(k):
                    A[i, j] += f * A[k, j]
    out[0] = 1.0
    total = 1.0
    for j in range(1, n):
        acc = 0.0
        for i in range(j):
            acc += out[i] * A[i, j]
        out[j] = acc
        total += acc
    for j in range(n):
        out[j] /= total
    return True


@nb.njit(cache=True)
def _gth(A):
    n = A.shape[0]
    out = np.empty(n)
    ok = gth_inplace(A, n, out)
    return out, ok


def stationary(func: str, P: np.ndarray) -> np.ndarray:
    """The stationary distribution of an irreducible finite chain `P` (rows sum to 1), by GTH.

    Accurate to a few rounding errors in every entry relative to its own size (see
    :func:`gth_inplace`); a reducible `P` raises GameError naming `func`.

    >>> stationary("example", np.array([[1 - 1e-12, 1e-12], [2e-12, 1 - 2e-12]])).tolist()
    [0.6666666666666666, 0.3333333333333333]
    """
    A = np.array(P, dtype=float, copy=True)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise GameError(f"{func}: a transition matrix must be square, got shape {A.shape}")
    if A.shape[0] == 1:
        return np.ones(1)
    out, ok = _gth(np.ascontiguousarray(A))
    if not ok:
        raise GameError(f"{func}: the chain is reducible (no unique stationary distribution)")
    return out


def _cesaro(M, K: int) -> np.ndarray:
    """The Cesàro limit of the state distribution started in state 0 (any finite chain).

    Closed communicating classes absorb the chain; within each it spends the class's stationary
    shares; the class is reached with its absorption probability from state 0.
    """
    Ms = sps.csr_matrix(M)
    n_comp, labels = connected_components(Ms > 0, directed=True, connection="strong")
    coo = Ms.tocoo()
    leaves = np.zeros(n_comp, dtype=bool)
    leaves[labels[coo.row[(labels[coo.row] != labels[coo.col]) & (coo.data > 0)]]] = True
    closed = np.flatnonzero(~leaves)
    dense = Ms.toarray() if K <= DENSE_LIMIT else None
    out = np.zeros(K)
    transient = np.flatnonzero(np.isin(labels, closed, invert=True))
    if labels[0] in closed:
        weights = {int(labels[0]): 1.0}
    else:
        sub = Ms[transient][:, transient]
        e0 = (transient == 0).astype(float)
        z = _solve((sps.identity(len(transient), format="csr") - sub).T.tocsr(), e0)
        into = Ms[transient]
        weights = {}
        for c in closed:
            cols = np.flatnonzero(labels == c)
            weights[int(c)] = float(z @ np.asarray(into[:, cols].sum(axis=1)).ravel())
    for c, w in weights.items():
        if w <= 0:
            continue
        cols = np.flatnonzero(labels == c)
        block = dense[np.ix_(cols, cols)] if dense is not None else Ms[cols][:, cols].toarray()
        # a closed class is irreducible: GTH keeps tiny shares accurate (nearly reducible
        # chains under noise 1e-12); its O(size^3) loop is compiled
        out[cols] += w * stationary("outcome shares", block)
    return out


def outcome_shares(chain: JointChain, delta: float) -> np.ndarray:
    """Discounted (or long-run) share of each realised joint action, length J."""
    return state_occupation(chain, delta) @ chain.realised
