"""Evolution over strategy spaces too large for a fixation matrix: the rare-mutation process.

When mutations are rare, a finite population is almost always monomorphic: a single mutant
appears, fixes or dies out before the next one arrives (Fudenberg & Imhof 2006). The process is
then a walk on the strategies: from resident r, a mutant m drawn uniformly from the rest of the
space takes over with the Moran fixation probability of m among N - 1 r players (Nowak, Sasaki,
Taylor & Fudenberg 2004). :func:`~gametheory.repeated.rare_mutation_shares` solves that walk's
stationary distribution exactly when the whole fixation matrix fits; over the 65,536 memory-two
strategies it does not (4.3e9 pairs), so :func:`rare_mutation_process` simulates the walk, as
Imhof & Nowak (2010) and Hilbe et al. (2017) do, with the exact payoffs of each pair it meets
(one linear solve per pair, cached), and reports how often each strategy was resident and the
residents' restraint over time.

>>> from gametheory.games import prisoners_dilemma
>>> from gametheory.repeated import all_memory_n
>>> run = rare_mutation_process(prisoners_dilemma(), all_memory_n(1), 0.9, 0.01,
...                             population=50, selection=0.5, steps=2000, seed=1, progress=False)
>>> run.residents.shape, round(float(run.abundance.sum()), 12)
((2001,), 1.0)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._interrupt import interrupts_between_chunks
from ..errors import GameError
from .automata import Automaton, MemoryNSpace, swap_views
from .chain import check_delta, flat_payoffs, noise_matrices, stage_game, terminal_progress
from .meta import _check_population, _fixation
from .payoffs import expected_payoffs, outcome_distribution
from .space import _as_memory_space, _pair_kernel

MAX_STEPS = 10_000_000
"""Most mutation events one run simulates."""


@dataclass(frozen=True)
class EvolutionRun:
    """One simulated run of the rare-mutation process.

    Attributes
    ----------
    residents : numpy.ndarray of int, shape (steps + 1,)
        The resident strategy (index into the space) initially and after each mutation event.
    abundance : numpy.ndarray, shape (size,)
        Share of the run each strategy was resident: the estimate of its long-run abundance.
    restraint : numpy.ndarray, shape (steps + 1,)
        Restraint rate (share of restraint moves) of the resident population playing itself.
    war : numpy.ndarray, shape (steps + 1,)
        Share of rounds at mutual escalation in the resident population.
    mean_restraint, mean_war : float
        Their averages over the run.
    pair_solves : int
        Distinct strategy pairs whose payoffs were computed (each once).
    seed, population, selection, steps
        The run's settings.
    """

    residents: np.ndarray
    abundance: np.ndarray
    restraint: np.ndarray
    war: np.ndarray
    mean_restraint: float
    mean_war: float
    pair_solves: int
    seed: int
    population: int
    selection: float
    steps: int

    def most_abundant(self, count: int = 10) -> np.ndarray:
        """Indices of the `count` strategies resident longest, most abundant first."""
        order = np.argsort(-self.abundance, kind="stable")
        return order[: min(count, int((self.abundance > 0).sum()))]


class PairPayoffs:
    """Exact payoffs of strategy pairs of a space, computed on first use and cached.

    ``pair(i, j)`` returns ``(payoff of i, payoff of j, restraint, war)`` for i in seat 0 against
    j in seat 1. Memory-n spaces with a start both seats read alike use the compiled 4**n-state
    solve (delta < 1); other automata the chain engine.
    """

    def __init__(self, func: str, stage: Any, space: Any, delta: float, noise: Any):
        self.stage = stage_game(func, stage)
        if self.stage.n_players != 2:
            raise GameError(
                f"{func}: the stage game has {self.stage.n_players} players, expected 2"
            )
        m = self.stage.shape[0]
        self.delta, self.noise = delta, noise
        self.Q = np.ascontiguousarray(noise_matrices(func, noise, 2, m))
        packed = _as_memory_space(func, space)
        self.compiled = (
            packed is not None
            and m == 2
            and delta < 1.0
            and packed.start == swap_views(packed.memory)[packed.start]
        )
        if self.compiled:
            H = 4**packed.memory
            h = np.arange(H, dtype=np.int64)
            self.space: MemoryNSpace | list[Automaton] = packed
            self._succ = (h[:, None] * 4) % H + np.arange(4)[None, :]
            self._swap = swap_views(packed.memory)
            self._u = flat_payoffs(self.stage)
        else:
            self.space = list(space)
            for k, a in enumerate(self.space):
                if a.n_players != 2 or a.n_actions != m:
                    raise GameError(
                        f"{func}: space[{k}] ({a.name}) does not fit the 2-player, {m}-action stage"
                    )
        self.cache: dict[tuple[int, int], np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.space)

    def pair(self, i: int, j: int) -> np.ndarray:
        key = (i, j)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        out = np.empty(4)
        if self.compiled:
            rules = self.space.defect
            _pair_kernel(
                rules[i], rules[j], self._swap, self._succ, self.Q, self._u, self.delta,
                self.space.start, out,
            )  # fmt: skip
        else:
            profile = [self.space[i], self.space[j]]
            out[:2] = expected_payoffs(self.stage, profile, self.delta, self.noise)
            shares = outcome_distribution(self.stage, profile, self.delta, self.noise)
            m = shares.shape[0]
            out[2] = 0.5 * (shares[0].sum() + shares[:, 0].sum())
            out[3] = shares[m - 1, m - 1]
        self.cache[key] = out
        if i != j:  # the same play seen from the other seat
            self.cache[(j, i)] = out[[1, 0, 2, 3]]
        return out


def rare_mutation_process(
    stage: Any,
    space: MemoryNSpace | Sequence[Automaton],
    delta: float,
    noise: Any = 0.0,
    population: int = 100,
    selection: float = 0.1,
    steps: int = 10_000,
    seed: int = 0,
    start: int | None = None,
    progress: Callable[[int, int], None] | bool | None = True,
    payoffs: PairPayoffs | None = None,
) -> EvolutionRun:
    """Simulate the rare-mutation (Fudenberg–Imhof) process over a strategy space.

    Parameters
    ----------
    stage, delta, noise
        As in :func:`~gametheory.repeated.expected_payoffs` (delta = 1 goes through the chain
        engine, pair by pair).
    space : MemoryNSpace or sequence of Automaton
        The strategies mutants are drawn from (uniformly, excluding the resident).
    population : int
        N, the population size of the Moran process.
    selection : float
        Selection intensity w in [0, 1]: fitness ``1 - w + w * average payoff``.
    steps : int
        Mutation events to simulate (1 .. MAX_STEPS).
    seed : int
        Seed of ``numpy.random.default_rng``: the run is reproducible.
    start : int, optional
        The first resident; default: drawn from the seeded generator.
    progress : callable, True or None
        ``progress(done, steps)`` every 1% of the run; True draws a bar on a terminal. Ctrl-C
        is acted on there: the run stops and KeyboardInterrupt propagates.
    payoffs : PairPayoffs, optional
        A pair-payoff cache to reuse across runs of the same stage, space, delta and noise.

    Returns
    -------
    EvolutionRun

    References
    ----------
    Fudenberg & Imhof (2006), *JET* 131; Nowak, Sasaki, Taylor & Fudenberg (2004), *Nature*
    428; Imhof & Nowak (2010), "Stochastic evolutionary dynamics of direct reciprocity", *Proc.
    R. Soc. B* 277; Hilbe, Martinez-Vaquero, Chatterjee & Nowak (2017), *PNAS* 114.
    """
    func = "rare_mutation_process()"
    delta = check_delta(func, delta, allow_one=True)
    N, w = _check_population(func, population, selection)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise GameError(f"{func}: steps = {steps!r}, expected an integer in 1..{MAX_STEPS}")
    if not 1 <= steps <= MAX_STEPS:
        raise GameError(f"{func}: steps = {steps}, expected an integer in 1..{MAX_STEPS}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise GameError(f"{func}: seed = {seed!r}, expected a non-negative integer")
    table = PairPayoffs(func, stage, space, delta, noise) if payoffs is None else payoffs
    size = len(table)
    if size < 2:
        raise GameError(f"{func}: the space has {size} strategy; mutants need at least 2")
    rng = np.random.default_rng(int(seed))
    resident = int(rng.integers(size)) if start is None else int(start)
    if not 0 <= resident < size:
        raise GameError(f"{func}: start = {start!r}, expected a strategy index in 0..{size - 1}")
    if progress is True:
        progress = terminal_progress("rare mutations")
    elif progress is False:
        progress = None
    residents = np.empty(steps + 1, dtype=np.int64)
    residents[0] = resident
    every = max(1, steps // 100)
    with interrupts_between_chunks() as pressed:
        for t in range(1, steps + 1):
            mutant = int(rng.integers(size - 1))
            mutant += mutant >= resident
            rr = table.pair(resident, resident)[0]
            mr, rm = table.pair(mutant, resident)[:2]  # mutant vs resident, resident vs mutant
            mm = table.pair(mutant, mutant)[0]
            # one mutant among N - 1 residents (the argument order of fixation_probability)
            rho = _fixation(func, rr, rm, mr, mm, N, w)
            if rng.random() < rho:
                resident = mutant
            residents[t] = resident
            if t % every == 0:
                if progress is not None:
                    progress(t, steps)
                if pressed:
                    break  # leaving the block raises KeyboardInterrupt
    abundance = np.bincount(residents, minlength=size) / len(residents)
    seen, where = np.unique(residents, return_inverse=True)
    selfplay = np.array([table.pair(int(r), int(r)) for r in seen])
    restraint, war = selfplay[where, 2], selfplay[where, 3]
    return EvolutionRun(
        residents=residents,
        abundance=abundance,
        restraint=restraint,
        war=war,
        mean_restraint=float(restraint.mean()),
        mean_war=float(war.mean()),
        pair_solves=len({tuple(sorted(k)) for k in table.cache}),
        seed=int(seed),
        population=N,
        selection=w,
        steps=int(steps),
    )


def rare_mutation_runs(
    stage: Any,
    space: MemoryNSpace | Sequence[Automaton],
    delta: float,
    noise: Any = 0.0,
    seeds: Sequence[int] = (0, 1, 2, 3),
    executor: Any = None,
    **options: Any,
) -> list[EvolutionRun]:
    """Independent runs of :func:`rare_mutation_process`, one per seed, in seed order.

    Parameters
    ----------
    seeds : sequence of int
        One run per seed.
    executor : concurrent.futures.Executor, optional
        Where the runs go: None runs them here one after the other, sharing one pair-payoff
        cache; a :class:`~concurrent.futures.ProcessPoolExecutor`, or a Dask cluster through
        ``distributed.Client(...).get_executor()``, runs them in parallel (each worker fills
        its own cache), as :mod:`gametheory.sweep.runner` does for sweeps.
    **options
        population, selection, steps, start: as in :func:`rare_mutation_process`.
    """
    func = "rare_mutation_runs()"
    seeds = list(seeds)
    if not seeds:
        raise GameError(f"{func}: no seeds given")
    allowed = {"population", "selection", "steps", "start"}
    if set(options) - allowed:
        raise GameError(f"{func}: unknown option(s) {sorted(set(options) - allowed)}")
    if executor is None:
        delta = check_delta(func, delta, allow_one=True)
        table = PairPayoffs(func, stage, space, delta, noise)
        return [
            rare_mutation_process(
                stage, space, delta, noise, seed=s, progress=False, payoffs=table, **options
            )
            for s in seeds
        ]
    # a numeric stage: symbolic games hold lambdified functions, which do not pickle
    stage = stage_game(func, stage)
    if not isinstance(space, MemoryNSpace):
        space = _as_memory_space(func, space) or list(space)
    futures = [
        executor.submit(
            rare_mutation_process, stage, space, delta, noise, seed=s, progress=False, **options
        )
        for s in seeds
    ]
    return [f.result() for f in futures]
