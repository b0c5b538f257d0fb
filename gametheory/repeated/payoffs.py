"""Exact payoffs of automaton profiles under implementation noise, one profile or whole tensors.

``expected_payoffs`` solves the joint-state Markov chain of one profile (see :mod:`.chain`).
``payoff_tensor`` fills the payoff array of a whole meta-game. For memory-one strategies it uses a
numba kernel: the joint state of memory-one players is just the last realised joint action, so a
profile of n players with m actions is an (m**n)-state chain whose transition matrix is built
from the players' rules and solved by Gaussian elimination in registers; profiles are spread over
cores in chunks, between which progress is shown and Ctrl-C is honoured. A numba kernel (rather
than batched numpy) is used because the per-profile systems are tiny (4 to 27 states): numpy's
per-call overhead would dominate, and a batched ``numpy.linalg.solve`` on 16.7M 8x8 systems would
need several GB of temporaries. Other automata go profile by profile through the sparse engine.

>>> from gametheory.games import prisoners_dilemma
>>> from gametheory.repeated import strategy
>>> pd = prisoners_dilemma().at()                      # R, S, T, P = 3, 0, 5, 1
>>> expected_payoffs(pd, [strategy("TFT"), strategy("ALLD")], delta=0.5).tolist()
[0.5, 3.0]
>>> expected_payoffs(pd, [strategy("TFT")] * 2, delta=1.0, noise=0.1).round(6).tolist()
[2.25, 2.25]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numba as nb
import numpy as np

from .._interrupt import interrupts_between_chunks
from .._linalg import solve
from ..errors import GameError, TooLargeError
from ..progress import terminal_progress
from ..tolerance import DISCOUNT_TAIL
from .automata import Automaton, profile_of, seat_permutation
from .chain import (
    build_chain,
    check_delta,
    flat_payoffs,
    full_support,
    gth_inplace,
    noise_matrices,
    outcome_shares,
    stage_game,
)

MAX_TENSOR_ENTRIES = 160_000_000
"""Most payoff entries (players x profiles) ``payoff_tensor`` fills in one call (~1.3 GB)."""

MAX_PROFILES_GENERAL = 200_000
"""Most profiles of general (not memory-one) automata ``payoff_tensor`` solves one by one."""


def expected_payoffs(stage: Any, profile: Sequence[Automaton], delta: float, noise: Any = 0.0):
    """Exact normalised discounted payoffs of an automaton profile under implementation noise.

    Each player's payoff is ``(1 - delta) * sum_t delta**t * u_t`` over realised play (``delta =
    1``: the limit of the mean payoff). From the first round on, every intended action is
    replaced independently by another with probability `noise` (split evenly among the others).

    Parameters
    ----------
    stage : Game or SymbolicGame
        The stage game (a SymbolicGame at its defaults); all players have the same actions.
    profile : sequence of Automaton
        One automaton per player (strategy names such as ``"TFT"`` are accepted too).
    delta : float
        Discount factor in [0, 1]; 1 means the limit of means.
    noise : float or array
        Tremble probability, or a realisation matrix ``Q[intended, realised]`` (one for all
        players or one per player), e.g. one-sided accidents ``[[1 - e, e], [0, 1]]``.

    Returns
    -------
    numpy.ndarray
        One payoff per player.

    Raises
    ------
    GameError
        Bad discount, noise or profile, or a joint automaton over ``MAX_JOINT_STATES`` states.

    References
    ----------
    Kemeny & Snell (1960), *Finite Markov Chains* (discounted and Cesàro limits of a chain).
    """
    func = "expected_payoffs()"
    shares = outcome_distribution(stage, profile, delta, noise, _func=func).ravel()
    return flat_payoffs(stage_game(func, stage)) @ shares


def outcome_distribution(
    stage: Any, profile: Sequence[Automaton], delta: float, noise: Any = 0.0, _func: str = ""
) -> np.ndarray:
    """Discounted (δ < 1) or long-run (δ = 1) share of each realised joint action.

    Returned with one axis per player, so ``out[1, 1]`` is the share of mutual defection
    (escalation) in a 2-action game.

    >>> from gametheory.games import prisoners_dilemma
    >>> from gametheory.repeated import strategy
    >>> d = outcome_distribution(prisoners_dilemma(), ["TFT", "TFT"], 1.0, noise=0.1)
    >>> round(float(d[1, 1]), 6)                       # noisy TFT: a quarter of the time at war
    0.25
    """
    func = _func or "outcome_distribution()"
    stage = stage_game(func, stage)
    n, m = stage.n_players, stage.shape[0]
    delta = check_delta(func, delta)
    autos = profile_of(func, profile, n, m)
    Q = noise_matrices(func, noise, n, m)
    chain = build_chain(func, stage, autos, Q)
    return outcome_shares(chain, delta).reshape(stage.shape)


# ----------------------------------------------------------------------------- simulation
@dataclass(frozen=True)
class SimulationResult:
    """Monte-Carlo estimate of discounted payoffs: mean and standard error per player."""

    mean: np.ndarray
    stderr: np.ndarray
    runs: int
    rounds: int


def simulate(
    stage: Any,
    profile: Sequence[Automaton],
    delta: float,
    noise: Any = 0.0,
    runs: int = 1000,
    rounds: int | None = None,
    seed: int = 0,
) -> SimulationResult:
    """Play the repeated game `runs` times with random noise: a check of the exact solver.

    Each run plays ``rounds`` rounds (default: until ``delta**t < 1e-12``; required for
    ``delta = 1``, where the payoff is the run's mean) and scores ``(1 - delta) * sum delta**t
    u_t``. The standard error is the spread across runs over ``sqrt(runs)``.

    >>> from gametheory.games import prisoners_dilemma
    >>> r = simulate(prisoners_dilemma(), ["GRIM", "TFT"], 0.9, noise=0.0, runs=10)
    >>> r.mean.tolist(), r.stderr.tolist()
    ([3.0, 3.0], [0.0, 0.0])
    """
    func = "simulate()"
    stage = stage_game(func, stage)
    n, m = stage.n_players, stage.shape[0]
    delta = check_delta(func, delta)
    autos = profile_of(func, profile, n, m)
    Q = noise_matrices(func, noise, n, m)
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or not 1 <= runs <= 10**7:
        raise GameError(f"{func}: runs = {runs!r}, expected an integer in 1..10**7")
    if rounds is None:
        if delta >= 1.0:
            raise GameError(f"{func}: delta = 1 needs rounds (the length of each run)")
        rounds = 1 if delta == 0 else math.ceil(math.log(DISCOUNT_TAIL) / math.log(delta))
    if not 1 <= int(rounds) <= 10**7 or int(rounds) * runs > 10**10:
        raise (TooLargeError if int(rounds) >= 1 else GameError)(
            f"{func}: {rounds} rounds x {runs} runs = {int(rounds) * runs:.3g} steps, expected "
            "at most 1e10 with rounds <= 1e7"
        )
    rounds = int(rounds)
    rng = np.random.default_rng(seed)
    u = flat_payoffs(stage)
    perm = seat_permutation(n, m)
    trans = [a.flat_transitions() for a in autos]
    cum_act = [np.cumsum(a.actions, axis=1) for a in autos]
    cum_q = np.cumsum(Q, axis=2)
    states = np.array([[a.initial for a in autos]] * runs, dtype=np.int64)
    total = np.zeros((runs, n))
    weight = 1.0 - delta if delta < 1 else 1.0 / rounds
    strides = m ** np.arange(n - 1, -1, -1)
    for _ in range(rounds):
        real = np.empty((runs, n), dtype=np.int64)
        for i in range(n):
            intended = (rng.random(runs)[:, None] > cum_act[i][states[:, i]]).sum(1)
            intended = np.minimum(intended, m - 1)
            real[:, i] = np.minimum((rng.random(runs)[:, None] > cum_q[i][intended]).sum(1), m - 1)
        joint = real @ strides
        total += weight * u[:, joint].T
        for i in range(n):
            states[:, i] = trans[i][states[:, i], perm[i, joint]]
        if delta < 1:
            weight *= delta
    spread = total.std(axis=0, ddof=1) if runs > 1 else np.zeros(n)
    return SimulationResult(total.mean(axis=0), spread / math.sqrt(runs), runs, rounds)


# ----------------------------------------------------------------------------- payoff tensors
def payoff_tensor(
    stage: Any,
    strategies: Sequence[Automaton] | Sequence[Sequence[Automaton]],
    delta: float,
    noise: Any = 0.0,
    progress: Callable[[int, int], None] | bool | None = True,
) -> np.ndarray:
    """Exact payoffs of every profile of a strategy set: array (n, k_0, ..., k_{n-1}).

    Parameters
    ----------
    strategies : list of Automaton, or one list per player
        One list is used for every player.
    progress : callable, True or None
        ``progress(done, total)`` after each chunk; True draws a bar when stderr is a terminal.

    Raises
    ------
    GameError
        More than :data:`MAX_TENSOR_ENTRIES` entries, or more than
        :data:`MAX_PROFILES_GENERAL` profiles of automata that are not memory-one.

    Examples
    --------
    >>> from gametheory.games import prisoners_dilemma
    >>> from gametheory.repeated import strategy
    >>> t = payoff_tensor(prisoners_dilemma(), [strategy("ALLD"), strategy("GRIM")], 0.9)
    >>> t[0].round(6).tolist()
    [[1.0, 1.4], [0.9, 3.0]]
    """
    func = "payoff_tensor()"
    stage = stage_game(func, stage)
    n, m = stage.n_players, stage.shape[0]
    delta = check_delta(func, delta)
    Q = noise_matrices(func, noise, n, m)
    lists = strategy_lists(func, strategies, n, m)
    counts = [len(s) for s in lists]
    entries = n * math.prod(counts)
    if entries > MAX_TENSOR_ENTRIES:
        raise TooLargeError(
            f"{func}: {' x '.join(map(str, counts))} profiles x {n} players = {entries:.3g} "
            f"payoffs (~{entries * 8 / 1e9:.2g} GB), more than {MAX_TENSOR_ENTRIES:.3g}; use "
            "fewer strategies or expected_payoffs() on the profiles you need"
        )
    if progress is True:
        progress = terminal_progress("payoff tensor")
    elif progress is False:
        progress = None
    if _kernel_applies(lists, delta, Q):
        flat = _memory_one_tensor(stage, lists, delta, Q, progress)
    else:
        flat = _general_tensor(func, stage, lists, delta, Q, progress)
    return flat.reshape((n, *counts))


def strategy_lists(func: str, strategies: Any, n: int, m: int) -> list[list[Automaton]]:
    """One validated list of automata per player."""
    if isinstance(strategies, Automaton) or not isinstance(strategies, Sequence) or not strategies:
        raise GameError(
            f"{func}: strategies must be a non-empty list of automata (or one per player)"
        )
    if all(isinstance(s, (Automaton, str)) for s in strategies):
        lists = [list(strategies)] * n
    elif len(strategies) == n:
        lists = [list(s) for s in strategies]
    else:
        raise GameError(
            f"{func}: strategies has {len(strategies)} lists, expected one list or {n} lists"
        )
    out = []
    for i, items in enumerate(lists):
        if not items:
            raise GameError(f"{func}: player {i} has no strategies")
        out.append([profile_of(func, [a] * n, n, m)[0] for a in items])
    return out


def _kernel_applies(lists, delta: float, Q: np.ndarray) -> bool:
    if not all(a.memory_one is not None for s in lists for a in s):
        return False
    if delta < 1.0 or full_support(Q):
        return True
    # limit of means without mixing: fine only when every realised move is deterministic
    realised = [part @ Q[i] for i, s in enumerate(lists) for a in s for part in a.memory_one]
    return all(bool(np.all((r == 0) | (r == 1))) for r in realised)


def _memory_one_tensor(stage, lists, delta, Q, progress) -> np.ndarray:
    n, m = stage.n_players, stage.shape[0]
    J = m**n
    kmax = max(len(s) for s in lists)
    perm = seat_permutation(n, m)
    # RR[i, c, o]: realised-action distribution of seat i's strategy c after GLOBAL outcome o
    RR = np.zeros((n, kmax, J, m))
    R0 = np.zeros((n, kmax, m))
    for i, items in enumerate(lists):
        for c, a in enumerate(items):
            rule, first = a.memory_one
            RR[i, c] = (rule @ Q[i])[perm[i]]
            R0[i, c] = first @ Q[i]
    counts = np.array([len(s) for s in lists], dtype=np.int64)
    total = int(np.prod(counts))
    out = np.empty((n, total))
    u = flat_payoffs(stage)
    mode = 0 if delta < 1 else (1 if full_support(Q) else 2)
    inner = int(counts[-1])
    kernel = _KERNELS.get((n, m))
    if kernel is None:
        kernel = _KERNELS[(n, m)] = _make_m1_kernel(n, m)
    # chunks hold whole runs of the last player's strategies (they share the others' part)
    rows_per_chunk = max(1, (total // inner) // 100)
    step = rows_per_chunk * inner
    with interrupts_between_chunks() as pressed:
        for start in range(0, total, step):
            if pressed:
                break  # leaving the block raises KeyboardInterrupt
            stop = min(total, start + step)
            kernel(RR, R0, counts, u, float(delta), mode, start // inner, stop // inner, out)
            if progress is not None:
                progress(stop, total)
    return out


@nb.njit(cache=True, inline="always")
def _kron_rows(RR, idx, n, m, o, skip_last, buf):
    """buf[o2] = prod over players (but the last if skip_last) of RR[i, idx[i], o, digit_i(o2)]."""
    size = 1
    buf[0] = 1.0
    top = n - 1 if skip_last else n
    for i in range(top):
        # expand: new index = old * m + action of player i (row-major over players)
        for k in range(size - 1, -1, -1):
            base = buf[k]
            for a in range(m - 1, -1, -1):
                buf[k * m + a] = base * RR[i, idx[i], o, a]
        size *= m
    return size


def _make_m1_kernel(n_players: int, n_actions: int):
    """The kernel compiled for n players with m actions: constant loop bounds unroll."""
    n, m, J = n_players, n_actions, n_actions**n_players

    @nb.njit(cache=True, parallel=True, fastmath=True)
    def kernel(RR, R0, counts, u, delta, mode, row_lo, row_hi, out):
        """Payoffs of every profile whose first n-1 strategy indices form rows row_lo..row_hi-1.

        mode 0: discounted, occupation y solves (I - delta M)^T y = p0, payoff (1 - delta) y.u
                (diagonally dominant, so no pivoting is needed);
        mode 1: limit of means of a mixing chain, stationary pi by GTH (chain.gth_inplace);
        mode 2: limit of means of a deterministic walk: the mean over the cycle it enters.
        """
        inner = counts[n - 1]
        for row in nb.prange(row_lo, row_hi):
            idx = np.empty(n, dtype=np.int64)
            rest = row
            for i in range(n - 2, -1, -1):
                idx[i] = rest % counts[i]
                rest //= counts[i]
            # the first n-1 players' part of every transition row and of the first round
            part = np.empty((J, J // m))
            buf = np.empty(J)
            for o in range(J):
                _kron_rows(RR, idx, n, m, o, True, buf)
                for k in range(J // m):
                    part[o, k] = buf[k]
            part0 = np.empty(J // m)
            size = 1
            buf[0] = 1.0
            for i in range(n - 1):
                for k in range(size - 1, -1, -1):
                    base = buf[k]
                    for a in range(m - 1, -1, -1):
                        buf[k * m + a] = base * R0[i, idx[i], a]
                size *= m
            for k in range(J // m):
                part0[k] = buf[k]
            A = np.empty((J, J))
            b = np.empty(J)
            seen = np.empty(J, dtype=np.int64)
            for last in range(inner):
                p = row * inner + last
                if mode == 2:
                    o = 0
                    for k in range(J // m):
                        for a in range(m):
                            if part0[k] * R0[n - 1, last, a] > 0.5:
                                o = k * m + a
                    for o2 in range(J):
                        seen[o2] = -1
                    step = 0
                    while seen[o] < 0:
                        seen[o] = step
                        step += 1
                        nxt = 0
                        for k in range(J // m):
                            for a in range(m):
                                if part[o, k] * RR[n - 1, last, o, a] > 0.5:
                                    nxt = k * m + a
                        o = nxt
                    first = seen[o]
                    length = step - first
                    for i in range(n):
                        acc = 0.0
                        for o2 in range(J):
                            if seen[o2] >= first:
                                acc += u[i, o2]
                        out[i, p] = acc / length
                    continue
                # A[o2, o] = (I - delta M^T)[o2, o] or (I - M^T + 11^T)[o2, o]
                if mode == 0:
                    for o in range(J):
                        for a in range(m):
                            r = -delta * RR[n - 1, last, o, a]
                            for k in range(J // m):
                                A[k * m + a, o] = part[o, k] * r
                        A[o, o] += 1.0
                else:  # the transition matrix itself, for GTH
                    for o in range(J):
                        for k in range(J // m):
                            for a in range(m):
                                A[o, k * m + a] = part[o, k] * RR[n - 1, last, o, a]
                if mode == 0:
                    for k in range(J // m):
                        for a in range(m):
                            b[k * m + a] = part0[k] * R0[n - 1, last, a]
                    solve(A, b, None, 0.0)  # diagonally dominant: no pivoting
                else:  # full-support noise: irreducible, GTH keeps tiny shares accurate
                    gth_inplace(A, J, b)
                scale = (1.0 - delta) if mode == 0 else 1.0
                for i in range(n):
                    acc = 0.0
                    for o in range(J):
                        acc += b[o] * u[i, o]
                    out[i, p] = scale * acc

    return kernel


_KERNELS: dict[tuple[int, int], Any] = {}


def _general_tensor(func, stage, lists, delta, Q, progress) -> np.ndarray:
    from itertools import product

    n = stage.n_players
    counts = [len(s) for s in lists]
    total = math.prod(counts)
    if total > MAX_PROFILES_GENERAL:
        raise TooLargeError(
            f"{func}: {total} profiles of automata that are not all memory-one, more than "
            f"{MAX_PROFILES_GENERAL} (each is a separate chain); use memory-one strategies "
            "(the batched kernel) or fewer automata"
        )
    u = flat_payoffs(stage)
    out = np.empty((n, total))
    for p, combo in enumerate(product(*[range(k) for k in counts])):
        chain = build_chain(func, stage, [lists[i][c] for i, c in enumerate(combo)], Q)
        out[:, p] = outcome_shares(chain, delta) @ u.T
        if progress is not None and ((p + 1) % 64 == 0 or p + 1 == total):
            progress(p + 1, total)
    return out
