"""The meta-game of a strategy set, and finite-population dynamics over it.

``meta_game`` turns a repeated game and a set of automata into an ordinary normal-form
:class:`~gametheory.Game` whose actions are the automata and whose payoffs are the exact noisy
repeated-game payoffs, so ``solve``, ``classify`` and the replicator tools apply unchanged.

For a symmetric meta-game, a population of N players meeting at random evolves by the Moran
process with frequency-dependent fitness ``1 - w + w * payoff`` (Nowak, Sasaki, Taylor &
Fudenberg 2004); ``fixation_probability`` is their closed form, ``invasion_matrix`` applies it to
every resident-mutant pair, and ``rare_mutation_shares`` gives the long-run share of time each
strategy is the resident when mutations are rare (Fudenberg & Imhof 2006).

>>> from gametheory import solve
>>> from gametheory.games import prisoners_dilemma
>>> from gametheory.repeated import strategy
>>> g = meta_game(prisoners_dilemma(), [strategy("ALLD"), strategy("GRIM")], delta=0.9)
>>> g.actions[0]
('ALLD', 'GRIM')
>>> sorted(eq.pure_profile() for eq in solve(g).equilibria if eq.pure_profile())
[(0, 0), (1, 1)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numba as nb
import numpy as np

from ..errors import GameError, TooLargeError
from ..game import Game
from ..tolerance import SYMMETRY_TOL
from .automata import Automaton
from .chain import stage_game, stationary
from .payoffs import payoff_tensor, strategy_lists

MAX_POPULATION = 100_000
"""Largest population size the Moran formulas accept."""


def _unique_names(items: Sequence[Automaton]) -> list[str]:
    names, seen = [], {}
    for a in items:
        k = seen.get(a.name, 0)
        seen[a.name] = k + 1
        names.append(a.name if k == 0 else f"{a.name}#{k + 1}")
    return names


def meta_game(
    stage: Any,
    strategies: Sequence[Automaton] | Sequence[Sequence[Automaton]],
    delta: float,
    noise: Any = 0.0,
    progress: Any = True,
) -> Game:
    """The normal-form game whose actions are automata and payoffs their exact repeated payoffs.

    Parameters
    ----------
    stage : Game or SymbolicGame
        The stage game (a SymbolicGame at its defaults).
    strategies : list of Automaton, or one list per player
        Strategy names (``"TFT"``) are accepted too.
    delta, noise
        As in :func:`~gametheory.repeated.expected_payoffs`.

    Returns
    -------
    Game
        Players as in the stage game, actions named after the automata.
    """
    func = "meta_game()"
    stage = stage_game(func, stage)
    lists = strategy_lists(func, strategies, stage.n_players, stage.shape[0])
    tensor = payoff_tensor(stage, lists, delta, noise, progress=progress)
    title = f"{stage.title or 'stage game'} repeated, delta={delta:g}"
    return Game(
        list(tensor),
        players=stage.players,
        actions=[_unique_names(s) for s in lists],
        title=title,
    )


def _check_population(func: str, N: Any, w: Any) -> tuple[int, float]:
    if isinstance(N, (int, np.integer)) and not isinstance(N, bool) and N > MAX_POPULATION:
        raise TooLargeError(
            f"{func}: population size N = {N!r}, expected an integer in 2..{MAX_POPULATION}"
        )
    if isinstance(N, bool) or not isinstance(N, (int, np.integer)) or not 2 <= N <= MAX_POPULATION:
        raise GameError(
            f"{func}: population size N = {N!r}, expected an integer in 2..{MAX_POPULATION}"
        )
    try:
        w = float(w)
    except (TypeError, ValueError):
        raise GameError(f"{func}: selection intensity w = {w!r} is not a number") from None
    if not 0.0 <= w <= 1.0:
        raise GameError(f"{func}: selection intensity w = {w}, expected a number in [0, 1]")
    return int(N), w


def fixation_probability(a: float, b: float, c: float, d: float, N: int, w: float = 0.1) -> float:
    """Probability that one B mutant takes over a population of N - 1 A players (Moran process).

    Payoffs: A meets A gets `a`, A meets B gets `b`, B meets A gets `c`, B meets B gets `d`. With
    i mutants, ``f_i = 1 - w + w (a (N-i-1) + b i) / (N-1)`` and ``g_i = 1 - w + w (c (N-i) +
    d (i-1)) / (N-1)``; the fixation probability is ``1 / (1 + sum_k prod_{i<=k} f_i / g_i)``.
    Fitness must stay positive (choose ``w`` small enough for the payoff scale).

    >>> fixation_probability(1, 1, 1, 1, N=10)             # neutral: 1/N
    0.1
    >>> fixation_probability(3, 0, 5, 1, N=10, w=0.0)      # no selection: 1/N
    0.1

    References
    ----------
    Nowak, Sasaki, Taylor & Fudenberg (2004), "Emergence of cooperation and evolutionary
    stability in finite populations", *Nature* 428, eq. (1)-(2).
    """
    func = "fixation_probability()"
    N, w = _check_population(func, N, w)
    return _fixation(func, a, b, c, d, N, w)


def _fixation(func: str, a: float, b: float, c: float, d: float, N: int, w: float) -> float:
    """:func:`fixation_probability` for validated N and w (the evolution loop calls it often)."""
    rho = _fixation_kernel(float(a), float(b), float(c), float(d), int(N), float(w))
    if rho < 0.0:
        raise GameError(
            f"{func}: fitness 1 - w + w * payoff is not positive at w = {w}; lower w or shift "
            "payoffs"
        )
    return rho


@nb.njit(cache=True)
def _fixation_kernel(a, b, c, d, N, w):
    """The fixation probability, or -1.0 where some fitness is not positive.

    ``1 / (1 + sum_k prod_{i<=k} f_i / g_i)``, summed in log space (shifted by the largest
    term) so large N cannot overflow.
    """
    logs = np.empty(N)
    logs[0] = 0.0
    acc, top = 0.0, 0.0
    for i in range(1, N):
        f = 1.0 - w + w * (a * (N - i - 1) + b * i) / (N - 1)
        g = 1.0 - w + w * (c * (N - i) + d * (i - 1)) / (N - 1)
        if f <= 0.0 or g <= 0.0:
            return -1.0
        acc += np.log(f) - np.log(g)
        logs[i] = acc
        top = max(top, acc)
    total = 0.0
    for i in range(N):
        total += np.exp(logs[i] - top)
    return np.exp(-(top + np.log(total)))


def _symmetric_payoffs(func: str, game: Game) -> np.ndarray:
    if not isinstance(game, Game) or game.n_players != 2:
        raise GameError(f"{func}: expected a 2-player meta-game (Game), got {game!r}")
    A, B = game.payoffs
    if A.shape[0] != A.shape[1] or not np.allclose(
        A, B.T, rtol=0, atol=SYMMETRY_TOL * max(game.payoff_range, 1)
    ):
        raise GameError(f"{func}: the meta-game is not symmetric (payoffs[1] != payoffs[0].T)")
    return A


def invasion_matrix(game: Game, N: int, w: float = 0.1) -> np.ndarray:
    """``rho[r, m]``: fixation probability of one `m` mutant among N - 1 `r` residents.

    Compare each entry with the neutral 1/N: above it, selection favours the invasion.
    """
    func = "invasion_matrix()"
    A = _symmetric_payoffs(func, game)
    k = A.shape[0]
    rho = np.full((k, k), np.nan)
    for r in range(k):
        for m in range(k):
            if r != m:
                rho[r, m] = fixation_probability(A[r, r], A[r, m], A[m, r], A[m, m], N, w)
    return rho


def rare_mutation_shares(game: Game, N: int, w: float = 0.1) -> np.ndarray:
    """Long-run share of time each strategy is the resident when mutations are rare.

    The population is almost always monomorphic; a mutant (uniform over the other strategies)
    fixes with its fixation probability. The shares are the stationary distribution of that
    embedded chain (Fudenberg & Imhof 2006, "Imitation processes with small mutations", *JET*
    131).

    >>> import numpy as np
    >>> g = Game([np.ones((3, 3)), np.ones((3, 3))])      # neutral: equal shares
    >>> rare_mutation_shares(g, N=20).round(6).tolist()
    [0.333333, 0.333333, 0.333333]
    """
    func = "rare_mutation_shares()"
    rho = invasion_matrix(game, N, w)
    k = rho.shape[0]
    if k == 1:
        return np.ones(1)
    P = np.nan_to_num(rho) / (k - 1)
    np.fill_diagonal(P, 1.0 - P.sum(axis=1))
    # GTH (chain.stationary): fixation probabilities span many orders of magnitude, and the
    # shares of rarely resident strategies keep their relative accuracy
    try:
        return stationary(func, P)
    except GameError:
        raise GameError(
            f"{func}: the embedded chain has no unique stationary distribution"
        ) from None
