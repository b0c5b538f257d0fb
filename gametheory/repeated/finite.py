"""Pure subgame-perfect payoffs of a finitely repeated game, by backward induction over sets.

Let ``W_t`` be the set of total payoff vectors of pure subgame-perfect equilibria of the game
repeated ``t`` times (``W_0 = {0}``). After any first-round joint action the continuation is a
pure SPE of the ``t - 1`` round game, and a unilateral deviation by player i can be punished by
the continuation that is worst for i, worth ``m_i = min_{w in W_{t-1}} w_i``. So

    W_t = { u(a) + w :  w in W_{t-1},  u_i(a) + w_i >= max_b u_i(b, a_-i) + m_i  for all i },

and the joint actions ``a`` admitted are those some SPE can play first. No normal form is built
(the prisoner's dilemma repeated 3 times has 2**21 pure strategies per player); the work is
``|A| x |W_{t-1}|`` per round.

>>> from gametheory.games import prisoners_dilemma
>>> r = finite_spe_payoffs(prisoners_dilemma(), 10)
>>> r.points.tolist(), r.first_actions           # only mutual defection, every round
([[10.0, 10.0]], ((1, 1),))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import GameError, TooLargeError
from ..progress import terminal_progress
from ..tolerance import DEFAULT_TOL, UNDERFLOW_GUARD
from .chain import as_stage

MAX_T = 10_000
"""Longest horizon accepted."""

MAX_POINTS = 2_000_000
"""Most candidate payoff vectors one backward-induction round may generate."""

MAX_STORED = 10_000_000
"""Most payoff vectors kept over all rounds (each round's set is kept to rebuild paths)."""

_PROJECT_FROM = 8
"""Round from which the total is projected from the growth of ``|W_t|`` so far."""


def _projected_total(sizes: list[int], T: int) -> tuple[float, float, int]:
    """Project ``sum_t |W_t|`` over T rounds from the sizes so far.

    ``|W_t|`` grows polynomially in t in the games seen (t**2 for the stag hunt, chicken and
    the battle of the sexes: sums of t stage payoffs on a lattice), so the exponent is
    estimated from ``|W_t|`` against ``|W_{t/2}|`` and extended. Returns the projected
    total, the exponent, and the largest horizon whose projection stays within the same total
    as ``sizes`` implies for each extra round (used for the hint).
    """
    t = len(sizes)
    half = max(1, t // 2)
    p = max(0.0, float(np.log(max(sizes[-1], 1) / max(sizes[half - 1], 1)) / np.log(t / half)))
    rounds = np.arange(t + 1, T + 1, dtype=float)
    future = sizes[-1] * (rounds / t) ** p
    cumulative = sum(sizes) + np.cumsum(future)
    return float(cumulative[-1]) if len(cumulative) else float(sum(sizes)), p, cumulative


@dataclass(frozen=True)
class FiniteSPEPayoffs:
    """The pure SPE payoff set of the T-times repeated game (undiscounted totals).

    Attributes
    ----------
    T : int
        Number of rounds.
    points : ndarray (k, n)
        Distinct total payoff vectors (sorted lexicographically); ``points / T`` are averages.
    first_actions : tuple of tuple of int
        Joint actions that some pure SPE plays in round 1.
    sizes : tuple of int
        ``|W_t|`` for t = 1 .. T.
    """

    T: int
    points: np.ndarray
    first_actions: tuple[tuple[int, ...], ...]
    sizes: tuple[int, ...]
    _back: tuple[tuple[np.ndarray, np.ndarray], ...]
    _shape: tuple[int, ...]

    @property
    def average(self) -> np.ndarray:
        """Per-round average payoffs of the points."""
        return self.points / self.T

    def path(self, k: int) -> list[tuple[int, ...]]:
        """The on-path joint actions (round 1 first) of one pure SPE paying ``points[k]``."""
        if not 0 <= k < len(self.points):
            raise GameError(f"FiniteSPEPayoffs.path(): k = {k} not in 0..{len(self.points) - 1}")
        out = []
        for actions, parents in reversed(self._back):
            out.append(tuple(int(v) for v in np.unravel_index(actions[k], self._shape)))
            k = int(parents[k])
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "T": self.T,
            "points": self.points.tolist(),
            "first_actions": [list(a) for a in self.first_actions],
            "sizes": list(self.sizes),
        }


def finite_spe_payoffs(
    stage: Any,
    T: int,
    max_points: int = MAX_POINTS,
    tol: float = DEFAULT_TOL,
    progress: Callable[[int, int], None] | bool | None = True,
    max_stored: int = MAX_STORED,
) -> FiniteSPEPayoffs:
    """All pure subgame-perfect payoff vectors of the T-times repeated game (any n players).

    Parameters
    ----------
    stage : Game or SymbolicGame
        The stage game (a SymbolicGame at its defaults); any number of players and actions.
    T : int
        Rounds, 1 to :data:`MAX_T`.
    max_points : int
        Refuse (GameError naming the count) when a round generates more candidate vectors.
    tol : float
        Relative tolerance (times the payoff range, per round) for incentive constraints and
        for merging equal payoff vectors.
    progress : callable, True or None
        ``progress(t, T)`` per round; True draws a bar when stderr is a terminal.
    max_stored : int
        Most payoff vectors kept over all rounds (memory about ``16 + 8 n`` bytes each, work
        about ``|A| n`` comparisons each). From round 4 on the total over T rounds is
        projected from the growth of ``|W_t|`` so far and refused at once (GameError with
        the estimate and the largest T that fits) if it exceeds the cap; the actual total is
        checked every round too.

    Returns
    -------
    FiniteSPEPayoffs

    References
    ----------
    Selten (1965); Benoit & Krishna (1985), "Finitely repeated games", *Econometrica* 53:
    with a unique stage equilibrium only its repetition is subgame perfect; with two
    equilibria of different payoffs, the threat of the worse one sustains other play early.

    Examples
    --------
    >>> from gametheory import Game
    >>> g = Game([[[1, 5, 0], [0, 4, 0], [0, 0, 3]], [[1, 0, 0], [5, 4, 0], [0, 0, 3]]])
    >>> r = finite_spe_payoffs(g, 2)                  # Gibbons (1992), section 2.3.A
    >>> (1, 1) in r.first_actions                     # (M, M) is played first: cooperation early
    True
    >>> r.path(int(r.points.sum(1).argmax()))
    [(1, 1), (2, 2)]
    """
    func = "finite_spe_payoffs()"
    stage = as_stage(func, stage)
    if isinstance(T, (int, np.integer)) and not isinstance(T, bool) and T > MAX_T:
        raise TooLargeError(f"{func}: T = {T!r}, expected an integer in 1..{MAX_T}")
    if isinstance(T, bool) or not isinstance(T, (int, np.integer)) or not 1 <= T <= MAX_T:
        raise GameError(f"{func}: T = {T!r}, expected an integer in 1..{MAX_T}")
    if (
        isinstance(max_points, bool)
        or not isinstance(max_points, (int, np.integer))
        or max_points < 1
    ):
        raise GameError(f"{func}: max_points = {max_points!r}, expected a positive integer")
    if (
        isinstance(max_stored, bool)
        or not isinstance(max_stored, (int, np.integer))
        or max_stored < 1
    ):
        raise GameError(f"{func}: max_stored = {max_stored!r}, expected a positive integer")
    if progress is True:
        progress = terminal_progress("finite SPE") if T >= 20 else None
    elif progress is False:
        progress = None
    n = stage.n_players
    u = np.stack([p.ravel() for p in stage.payoffs], axis=1)  # (A, n)
    # deviation gain of each player at each joint action: max_b u_i(b, a_-i) - u_i(a)
    gain = np.stack(
        [(p.max(axis=i, keepdims=True) - p).ravel() for i, p in enumerate(stage.payoffs)], axis=1
    )
    quantum = max(stage.payoff_range, UNDERFLOW_GUARD) * tol
    W = np.zeros((1, n))
    back, sizes, first = [], [], ()
    for t in range(1, T + 1):
        punish = W.min(axis=0)
        # a joint action a with continuation w is admitted iff w_i - m_i >= gain_i(a) for all i
        slack = W - punish  # (k, n)
        need = gain - quantum  # (A, n)
        count = 0
        admitted = []
        for a in range(len(u)):
            rows = np.flatnonzero((slack >= need[a]).all(axis=1))
            if rows.size:
                admitted.append((a, rows))
                count += rows.size
        if count > max_points:
            raise TooLargeError(
                f"{func}: round {t} of {T} generates {count} candidate payoff vectors, more than "
                f"max_points = {max_points}; raise max_points or use a smaller T"
            )
        if not admitted:  # no pure stage equilibrium at the last round: no pure SPE at all
            return FiniteSPEPayoffs(
                T, np.zeros((0, n)), (), tuple(sizes) + (0,) * (T - t + 1), tuple(back), stage.shape
            )
        acts = np.concatenate([np.full(r.size, a) for a, r in admitted])
        parents = np.concatenate([r for _, r in admitted])
        cand = u[acts] + W[parents]
        keys = np.round(cand / quantum / max(t, 1)).astype(np.int64) if quantum > 0 else cand
        _, keep = np.unique(keys, axis=0, return_index=True)
        order = np.lexsort(cand[keep].T[::-1])
        keep = keep[order]
        W = cand[keep]
        back.append((acts[keep], parents[keep]))
        sizes.append(len(W))
        stored = sum(sizes)
        if stored > max_stored or (t >= _PROJECT_FROM and t < T):
            total, power, cumulative = _projected_total(sizes, T)
            if max(total, stored) > max_stored:
                fits = int(np.searchsorted(cumulative, max_stored, side="right")) + t
                grows = f"|W_t| grows like t^{power:.2g} over the first {t} rounds"
                hint = (
                    f"use T <= about {fits}"
                    if fits >= 1 and stored <= max_stored
                    else "use a smaller T"
                )
                raise TooLargeError(
                    f"{func}: T = {T} would keep about {max(total, stored):.3g} payoff vectors "
                    f"(~{max(total, stored) * (16 + 8 * n) / 2**30:.3g} GiB; {grows}), more than "
                    f"max_stored = {max_stored}; {hint} or raise max_stored"
                )
        if t == T:
            first = tuple(
                tuple(int(v) for v in np.unravel_index(a, stage.shape)) for a, _ in admitted
            )
        if progress is not None:
            progress(t, T)
    return FiniteSPEPayoffs(T, W, first, tuple(sizes), tuple(back), stage.shape)
