"""Equilibria over whole strategy spaces: which strategies s make (s, s) Nash or subgame perfect.

For every strategy s of a space, :func:`equilibria_in_space` decides whether the symmetric
profile (s, s) is a Nash equilibrium and whether it is subgame perfect, against **every**
deviation (any automaton, any history dependence, not only the strategies of the space), and
reports its payoff, restraint rate and war share. The checks are those of :mod:`.spe`: a best
reply is a Markov decision problem over the joint automaton state, solved by policy iteration;
subgame perfection is the one-shot deviation principle in every joint state some history
reaches.

Memory-n spaces (:func:`~gametheory.repeated.all_memory_n`, :class:`MemoryNSpace`, or lists of
:func:`~gametheory.repeated.memory_n` automata with a common start) go through a compiled kernel:
when both players remember the last n rounds and the start history is the same from both
seats, the joint state is just the last n realised outcomes (4**n states, 16 for memory two),
so each strategy is a 16-state chain whose values, one-shot deviation gains and best reply are
computed by Gaussian elimination in registers, without building any Python object. Other
automata go through the general chain engine one strategy at a time.

>>> from gametheory.games import prisoners_dilemma
>>> from gametheory.repeated import all_memory_n
>>> space = all_memory_n(1)                      # the 16 pure memory-one rules
>>> found = equilibria_in_space(prisoners_dilemma(), space, 0.9, noise=0.01, progress=False)
>>> [space[k].name for k in found.indices("subgame_perfect")]      # GRIM and ALLD
['M1[0111]', 'M1[1111]']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numba as nb
import numpy as np

from .._interrupt import interrupts_between_chunks
from .._linalg import solve_columns
from ..errors import GameError, TooLargeError
from ..progress import terminal_progress
from ..tolerance import POLICY_TIE, absolute_tol, check_tol
from .automata import Automaton, MemoryNSpace, swap_views
from .chain import (
    build_chain,
    check_delta,
    flat_payoffs,
    noise_matrices,
    stage_game,
    state_occupation,
    state_values,
)
from .spe import _discounted_reply, _osd, _reply_problem

MAX_GENERAL_SPACE = 20_000
"""Most automata that are not memory-n (one chain each, in Python) a space may hold."""

CHUNK = 4096
"""Strategies per compiled call: progress is drawn and Ctrl-C honoured between chunks."""


@dataclass(frozen=True)
class SpaceEquilibria:
    """What every symmetric profile (s, s) of a strategy space is, in arrays aligned with it.

    Attributes
    ----------
    nash : numpy.ndarray of bool, shape (size,)
        (s, s) is a Nash equilibrium: neither player gains more than ``tol`` by any deviation.
    subgame_perfect : numpy.ndarray of bool
        No one-shot deviation gains more than ``tol`` in any joint state some history reaches.
    payoff : numpy.ndarray, shape (size, 2)
        Each player's normalised discounted payoff of (s, s).
    restraint : numpy.ndarray
        Discounted share of realised moves that are restraint (action 0), both players pooled.
    war : numpy.ndarray
        Discounted share of rounds whose realised outcome is mutual escalation (1, 1).
    nash_gain, deviation_gain : numpy.ndarray
        The largest gain of any deviation from the start (over both players), and of any one-shot
        deviation in any reachable state: the margins behind the two verdicts.
    delta, tol : float
        The discount factor and the absolute tolerance used.
    compiled : bool
        True if the compiled memory-n kernel classified the space.
    """

    nash: np.ndarray
    subgame_perfect: np.ndarray
    payoff: np.ndarray
    restraint: np.ndarray
    war: np.ndarray
    nash_gain: np.ndarray
    deviation_gain: np.ndarray
    delta: float
    tol: float
    compiled: bool

    def __len__(self) -> int:
        return int(self.nash.shape[0])

    def indices(self, column: str = "subgame_perfect") -> np.ndarray:
        """Positions in the space where a boolean column (``nash`` or ``subgame_perfect``) holds."""
        if column not in ("nash", "subgame_perfect"):
            raise GameError(
                f"SpaceEquilibria.indices(): column = {column!r}, expected 'nash' or "
                "'subgame_perfect'"
            )
        return np.flatnonzero(getattr(self, column))


def equilibria_in_space(
    stage: Any,
    space: MemoryNSpace | Sequence[Automaton],
    delta: float,
    noise: Any = 0.0,
    tol: float | None = None,
    progress: Callable[[int, int], None] | bool | None = True,
) -> SpaceEquilibria:
    """For every strategy s of `space`: is (s, s) Nash, subgame perfect; its payoff, restraint, war.

    Parameters
    ----------
    stage : Game or SymbolicGame
        A two-player stage game (a SymbolicGame at its defaults); memory-n spaces need two
        actions per player (0 restrain, 1 escalate).
    space : MemoryNSpace or sequence of Automaton
        The strategies. A :class:`MemoryNSpace`, or automata all built by
        :func:`~gametheory.repeated.memory_n` with the same memory and a start history both
        seats read alike (e.g. the default, mutual restraint), use the compiled kernel; other
        automata are checked one by one (at most ``MAX_GENERAL_SPACE``).
    delta : float
        Discount factor in [0, 1).
    noise : float or array
        As in :func:`~gametheory.repeated.expected_payoffs` (a tremble probability or a
        realisation matrix, e.g. one-sided accidents).
    tol : float, optional
        Relative tolerance (times the stage payoff range); default 1e-9, as in
        :func:`~gametheory.repeated.is_nash`.
    progress : callable, True or None
        ``progress(done, total)`` between chunks; True draws a bar when stderr is a terminal.

    Returns
    -------
    SpaceEquilibria
        Columns aligned with `space`. ``nash[k]`` equals ``is_nash(stage, [s, s], delta, noise)``
        and ``subgame_perfect[k]`` equals ``is_subgame_perfect(...)`` for ``s = space[k]``.

    Notes
    -----
    The compiled path solves, per strategy, one 4**n-state linear system for the values of both
    players, the restraint rate and the war share, then each player's best-reply problem by
    policy iteration started from the strategy itself (a few more solves, and none when the
    strategy is already a best reply). Ctrl-C stops between chunks of ``CHUNK`` strategies.
    """
    func = "equilibria_in_space()"
    delta = check_delta(func, delta, allow_one=False)
    stage = stage_game(func, stage)
    if stage.n_players != 2:
        raise GameError(f"{func}: the stage game has {stage.n_players} players, expected 2")
    m = stage.shape[0]
    Q = noise_matrices(func, noise, 2, m)
    atol = absolute_tol(stage.payoff_range, check_tol(func, tol))
    if progress is True:
        progress = terminal_progress("equilibria in space")
    elif progress is False:
        progress = None
    packed = _as_memory_space(func, space)
    if packed is not None and m == 2 and packed.start == swap_views(packed.memory)[packed.start]:
        columns = _classify_compiled(stage, packed, delta, Q, atol, progress)
        return SpaceEquilibria(*columns, delta=delta, tol=atol, compiled=True)
    automata = list(space)
    if len(automata) > MAX_GENERAL_SPACE:
        raise TooLargeError(
            f"{func}: {len(automata)} automata that are not a memory-n space with a symmetric "
            f"start, more than {MAX_GENERAL_SPACE} (each is a separate chain); use memory_n "
            "strategies (the compiled kernel)"
        )
    columns = _classify_general(func, stage, automata, delta, Q, atol, progress)
    return SpaceEquilibria(*columns, delta=delta, tol=atol, compiled=False)


def _as_memory_space(func: str, space: Any) -> MemoryNSpace | None:
    """The space as a MemoryNSpace when every strategy is memory-n with one memory and start."""
    if isinstance(space, MemoryNSpace):
        return space
    if isinstance(space, (str, Automaton)) or not isinstance(space, Sequence) or not space:
        raise GameError(f"{func}: space must be a MemoryNSpace or a non-empty list of automata")
    for k, a in enumerate(space):
        if not isinstance(a, Automaton):
            raise GameError(f"{func}: space[{k}] is {type(a).__name__}, expected an Automaton")
    tags = [a.memory_n for a in space]
    if any(t is None for t in tags) or len({(t[0], t[2]) for t in tags}) != 1:
        return None
    return MemoryNSpace(tags[0][0], np.stack([t[1] for t in tags]), tags[0][2])


def _classify_general(func, stage, automata, delta, Q, atol, progress):
    """One chain per strategy, through the same reply MDP and one-shot check as is_nash."""
    size = len(automata)
    nash = np.zeros(size, dtype=bool)
    spe = np.zeros(size, dtype=bool)
    payoff = np.zeros((size, 2))
    restraint, war = np.zeros(size), np.zeros(size)
    nash_gain, deviation_gain = np.zeros(size), np.zeros(size)
    u = flat_payoffs(stage)
    m = stage.shape[0]
    J = m * m
    own_restraint = np.array([(j // m == 0) + (j % m == 0) for j in range(J)]) / 2.0
    with interrupts_between_chunks() as pressed:
        for k, a in enumerate(automata):
            if a.n_players != 2 or a.n_actions != m:
                raise GameError(
                    f"{func}: space[{k}] ({a.name}) is for {a.n_players} players with "
                    f"{a.n_actions} actions; the stage game has 2 players with {m} actions"
                )
            chain = build_chain(func, stage, [a, a], Q, every_history=True)
            V = state_values(chain, u, delta)
            shares = state_occupation(chain, delta) @ chain.realised
            payoff[k] = V[0]
            restraint[k] = shares @ own_restraint
            war[k] = shares[J - 1] if m == 2 else shares[(m - 1) * m + (m - 1)]
            check = _osd(chain, stage, Q, delta, atol)
            deviation_gain[k], spe[k] = check.max_gain, check.holds
            gains = [
                _discounted_reply(_reply_problem(chain, stage, Q, i), V[:, i], delta)[0][0]
                - V[0, i]
                for i in range(2)
            ]
            nash_gain[k] = max(0.0, *gains)
            nash[k] = nash_gain[k] <= atol
            if progress is not None and ((k + 1) % 64 == 0 or k + 1 == size):
                progress(k + 1, size)
            if pressed:
                break
    return nash, spe, payoff, restraint, war, nash_gain, deviation_gain


def _classify_compiled(stage, space: MemoryNSpace, delta, Q, atol, progress):
    size = len(space)
    H = 4**space.memory
    h = np.arange(H, dtype=np.int64)
    successor = (h[:, None] * 4) % H + np.arange(4)[None, :]  # (H, outcome 2*a0 + a1)
    swap = swap_views(space.memory)
    u = flat_payoffs(stage)
    nash = np.zeros(size, dtype=np.bool_)
    spe = np.zeros(size, dtype=np.bool_)
    payoff = np.zeros((size, 2))
    restraint, war = np.zeros(size), np.zeros(size)
    nash_gain, deviation_gain = np.zeros(size), np.zeros(size)
    defect = space.defect
    with interrupts_between_chunks() as pressed:
        for lo in range(0, size, CHUNK):
            hi = min(size, lo + CHUNK)
            _classify_kernel(
                defect, lo, hi, swap, successor, np.ascontiguousarray(Q), u, float(delta),
                space.start, float(atol), nash, spe, payoff, restraint, war, nash_gain,
                deviation_gain,
            )  # fmt: skip
            if progress is not None:
                progress(hi, size)
            if pressed:
                break
    return nash, spe, payoff, restraint, war, nash_gain, deviation_gain


@nb.njit(cache=True, inline="always")
def _profile_columns(x, succ, u, delta, A, B, H):
    """Values of both players, restraint and war shares from every history: B[:, 0..3].

    ``x[i, h]`` is the probability that player i's realised move after global history h is 1;
    one linear system (I - delta P) with four right-hand sides.
    """
    for r in range(H):
        for c in range(H):
            A[r, c] = 0.0
        A[r, r] = 1.0
        for c in range(4):
            B[r, c] = 0.0
        for o in range(4):
            p = (x[0, r] if o >= 2 else 1.0 - x[0, r]) * (x[1, r] if o % 2 else 1.0 - x[1, r])
            A[r, succ[r, o]] -= delta * p
            B[r, 0] += (1.0 - delta) * p * u[0, o]
            B[r, 1] += (1.0 - delta) * p * u[1, o]
            B[r, 2] += (1.0 - delta) * p * 0.5 * ((o < 2) + (o % 2 == 0))
            if o == 3:
                B[r, 3] += (1.0 - delta) * p
    # A = I - delta P (P stochastic, delta < 1) is strictly diagonally dominant by rows, so
    # elimination without pivoting is stable
    solve_columns(A, B, H, 4, None, 0.0)


@nb.njit(cache=True)
def _pair_kernel(first, second, swap, succ, Q, u, delta, start, out):
    """Payoffs of both players, restraint and war of the pair (first, second) of memory-n rules."""
    H = first.shape[0]
    A = np.empty((H, H))
    B = np.empty((H, 4))
    x = np.empty((2, H))
    for h in range(H):
        x[0, h] = (1.0 - first[h]) * Q[0, 0, 1] + first[h] * Q[0, 1, 1]
        p = second[swap[h]]
        x[1, h] = (1.0 - p) * Q[1, 0, 1] + p * Q[1, 1, 1]
    _profile_columns(x, succ, u, delta, A, B, H)
    for c in range(4):
        out[c] = B[start, c]


@nb.njit(cache=True, inline="always")
def _reply_values(i, h, V, xo, Q, u, succ, delta, out):
    """Value to player i of intending each action in history h, then following V: out[0..1]."""
    for a in range(2):
        acc = 0.0
        for own in range(2):
            p_own = Q[i, a, own]
            if p_own == 0.0:
                continue
            for other in range(2):
                p = p_own * (xo[h] if other == 1 else 1.0 - xo[h])
                if p == 0.0:
                    continue
                o = 2 * own + other if i == 0 else 2 * other + own
                acc += p * ((1.0 - delta) * u[i, o] + delta * V[succ[h, o]])
        out[a] = acc


@nb.njit(cache=True)
def _classify_kernel(
    defect, lo, hi, swap, succ, Q, u, delta, start, atol,
    nash, spe, payoff, restraint, war, nash_gain, deviation_gain,
):  # fmt: skip
    H = defect.shape[1]
    A = np.empty((H, H))
    B = np.empty((H, 4))
    x = np.empty((2, H))  # probability that each player's realised move is 1 after history h
    V = np.empty(H)
    W = np.empty(H)
    q = np.empty(2)
    policy = np.empty(H, dtype=np.int64)
    for k in range(lo, hi):
        for h in range(H):
            for i in range(2):
                p = defect[k, h] if i == 0 else defect[k, swap[h]]
                x[i, h] = (1.0 - p) * Q[i, 0, 1] + p * Q[i, 1, 1]
        _profile_columns(x, succ, u, delta, A, B, H)
        payoff[k, 0] = B[start, 0]
        payoff[k, 1] = B[start, 1]
        restraint[k] = B[start, 2]
        war[k] = B[start, 3]
        worst_osd = 0.0
        worst_nash = 0.0
        for i in range(2):
            xo = x[1 - i]
            for h in range(H):
                V[h] = B[h, i]
            # one-shot deviations in every history (all are reached by some history)
            for h in range(H):
                _reply_values(i, h, V, xo, Q, u, succ, delta, q)
                gain = max(q[0], q[1]) - V[h]
                if gain > worst_osd:
                    worst_osd = gain
                policy[h] = 1 if q[1] > q[0] else 0
            # policy iteration from the strategy's own values (as in is_nash)
            for h in range(H):
                W[h] = V[h]
            for _ in range(500):
                for r in range(H):
                    a = policy[r]
                    for c in range(H):
                        A[r, c] = 0.0
                    A[r, r] = 1.0
                    B2 = 0.0
                    for own in range(2):
                        p_own = Q[i, a, own]
                        for other in range(2):
                            p = p_own * (xo[r] if other == 1 else 1.0 - xo[r])
                            o = 2 * own + other if i == 0 else 2 * other + own
                            A[r, succ[r, o]] -= delta * p
                            B2 += (1.0 - delta) * p * u[i, o]
                    W[r] = B2
                solve_columns(A, W.reshape((H, 1)), H, 1, None, 0.0)
                changed = False
                scale = 1.0
                for h in range(H):
                    _reply_values(i, h, W, xo, Q, u, succ, delta, q)
                    scale = max(scale, abs(q[0]), abs(q[1]))
                for h in range(H):
                    _reply_values(i, h, W, xo, Q, u, succ, delta, q)
                    best = 1 if q[1] > q[0] else 0
                    # keep the current action on ties so the iteration cannot cycle
                    if best != policy[h] and q[policy[h]] < q[best] - POLICY_TIE * scale:
                        policy[h] = best
                        changed = True
                if not changed:
                    break
            gain = W[start] - V[start]
            if gain > worst_nash:
                worst_nash = gain
        deviation_gain[k] = worst_osd
        nash_gain[k] = worst_nash
        spe[k] = worst_osd <= atol
        nash[k] = worst_nash <= atol
