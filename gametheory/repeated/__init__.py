"""Repeated games: automata, exact noisy payoffs, subgame perfection, equilibrium payoff sets.

The pieces, from strategy to payoff set:

- :mod:`.automata` — :class:`Automaton`, the classic strategies (:func:`strategy`), memory-one
  rules for any number of players (:func:`memory_one`, :func:`all_memory_one`), memory-n rules
  for two players (:func:`memory_n`, :func:`all_memory_n`, :class:`MemoryNSpace`);
- :mod:`.chain` and :mod:`.payoffs` — the joint automaton state as a Markov chain: exact
  discounted or long-run payoffs under implementation noise (:func:`expected_payoffs`), whole
  meta-game tensors (:func:`payoff_tensor`, numba kernel for memory-one spaces), and a Monte-Carlo
  simulator (:func:`simulate`) that checks them;
- :mod:`.meta` — the meta-game as a :class:`~gametheory.Game` (:func:`meta_game`) and
  finite-population dynamics (Moran fixation, invasion, rare-mutation stationary shares);
- :mod:`.spe` — one-shot deviation checks in every reachable joint state
  (:func:`is_subgame_perfect`), best replies (:func:`is_nash`, :func:`best_response`),
  :func:`critical_discount` (and the whole set of δ, :func:`discount_set`);
- :mod:`.space` — the same checks over whole strategy spaces (:func:`equilibria_in_space`;
  compiled for memory-n spaces);
- :mod:`.evolution` — the rare-mutation process simulated over spaces too large for a fixation
  matrix (:func:`rare_mutation_process`), with exact, cached pair payoffs;
- :mod:`.finite` — pure subgame-perfect payoffs of the T-times repeated game
  (:func:`finite_spe_payoffs`) by backward induction over continuation payoff sets;
- :mod:`.payoff_set` — the pure-strategy SPE payoff set of the infinitely repeated game
  (:func:`spe_payoff_set`): exact polygon iteration for 2 players, an outer approximation by
  fixed search directions for 3.

>>> from gametheory.games import prisoners_dilemma
>>> from gametheory.repeated import critical_discount, strategy
>>> round(critical_discount(prisoners_dilemma(), [strategy("GRIM")] * 2), 6)  # (T-R)/(T-P)
0.5
"""

from .automata import (
    STRATEGY_NAMES,
    Automaton,
    MemoryNSpace,
    all_memory_n,
    all_memory_one,
    memory_n,
    memory_one,
    strategy,
)
from .evolution import EvolutionRun, PairPayoffs, rare_mutation_process, rare_mutation_runs
from .finite import FiniteSPEPayoffs, finite_spe_payoffs
from .meta import (
    fixation_probability,
    invasion_matrix,
    meta_game,
    rare_mutation_shares,
)
from .payoff_set import PayoffSet, spe_payoff_set
from .payoffs import (
    SimulationResult,
    expected_payoffs,
    outcome_distribution,
    payoff_tensor,
    simulate,
)
from .space import SpaceEquilibria, equilibria_in_space
from .spe import (
    BestResponse,
    DeviationCheck,
    best_response,
    critical_discount,
    discount_set,
    is_nash,
    is_subgame_perfect,
    one_shot_deviations,
)

__all__ = [
    "STRATEGY_NAMES",
    "Automaton",
    "BestResponse",
    "DeviationCheck",
    "EvolutionRun",
    "FiniteSPEPayoffs",
    "MemoryNSpace",
    "PairPayoffs",
    "PayoffSet",
    "SimulationResult",
    "SpaceEquilibria",
    "all_memory_n",
    "all_memory_one",
    "best_response",
    "critical_discount",
    "discount_set",
    "equilibria_in_space",
    "expected_payoffs",
    "finite_spe_payoffs",
    "fixation_probability",
    "invasion_matrix",
    "is_nash",
    "is_subgame_perfect",
    "memory_n",
    "memory_one",
    "meta_game",
    "one_shot_deviations",
    "outcome_distribution",
    "payoff_tensor",
    "rare_mutation_process",
    "rare_mutation_runs",
    "rare_mutation_shares",
    "simulate",
    "spe_payoff_set",
    "strategy",
]
