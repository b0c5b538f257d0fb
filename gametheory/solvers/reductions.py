"""Reductions before solving: strictly dominated and duplicate strategies, mapped back exactly.

What is removed, and why no equilibrium is lost
-----------------------------------------------
* **Strictly dominated strategies**, iterated: an action ``a`` of player ``i`` is removed when
  another action, or a mixture of the player's other remaining actions, pays ``i`` strictly
  more against *every* remaining profile of the others (by more than the tie tolerance
  ``tol * payoff range``). No Nash equilibrium plays a strictly dominated action with positive
  probability, and an equilibrium of the reduced game is one of the original game (the removed
  action earns less than its dominator, which earns at most the equilibrium payoff), so the
  equilibrium sets are equal. Dominance by mixtures is decided by a linear programme
  (the value of the zero-sum game of payoff differences, by the compiled simplex kernel of
  :mod:`._kernels.simplex`) and then *checked* on the returned mixture, so a rounding error
  cannot remove an action. Weakly dominated actions are kept: removing them can lose
  equilibria.
* **Duplicate strategies**: actions of one player whose payoff slices are identical for every
  player. They are merged into one; afterwards each equilibrium of the merged game is expanded
  back. The equilibria of the original game are exactly the profiles whose merged image is an
  equilibrium of the merged game (payoffs depend on a duplicate class only through its total
  probability), so the image of a convex set of equilibria pulls back to a convex set whose
  extreme points put the class's whole probability on one member. :func:`expand` returns all
  these choices, so completeness and the maximal Nash subsets (continua) carry over.

References
----------
Myerson (1991), *Game Theory: Analysis of Conflict*, sec. 2.5 (iterated strict dominance,
dominance by randomised strategies).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np

from ..game import Game
from ..tolerance import NEGLIGIBLE_PROB, absolute_tol
from ._kernels.simplex import maximin_mix
from ._small import pure_reduction_possible
from .registry import Proposals

_ZERO = NEGLIGIBLE_PROB
"""Float probabilities at most this are rounding of an exact zero when expanding duplicates."""

MAX_LP_CONSTRAINTS = 20_000
"""Largest number of opponent profiles for which mixed dominance is tested (one LP each)."""


@dataclass(frozen=True)
class Reduction:
    """A reduced game and how its actions map to the original game's.

    Attributes
    ----------
    game : Game
        The reduced game.
    classes : tuple
        Per player, per action of the reduced game: the original action indices it stands for
        (more than one for merged duplicates).
    removed : tuple
        Per player, the original indices of the actions removed as strictly dominated.
    """

    game: Game
    classes: tuple[tuple[tuple[int, ...], ...], ...]
    removed: tuple[tuple[int, ...], ...]
    original: Game

    @property
    def changed(self) -> bool:
        return self.game.shape != self.original.shape

    @property
    def merged(self) -> bool:
        """Were duplicate actions merged (the original game is then degenerate or has them)?"""
        return any(len(c) > 1 for per in self.classes for c in per)

    def summary(self) -> dict[str, Any]:
        """What was removed and merged, by action name, for ``SolveResult.parameters``."""
        names = self.original.actions
        return {
            "dominated": {
                p: [names[i][a] for a in self.removed[i]]
                for i, p in enumerate(self.original.players)
                if self.removed[i]
            },
            "duplicates": {
                p: [[names[i][a] for a in c] for c in self.classes[i] if len(c) > 1]
                for i, p in enumerate(self.original.players)
                if any(len(c) > 1 for c in self.classes[i])
            },
        }


def _slices(game: Game, player: int, keep: list[list[int]]) -> np.ndarray:
    """Each player's payoffs restricted to `keep`, with `player`'s actions first: shape
    (n_players, |keep[player]|, product of the others)."""
    # all players' tables as one array (n_players, *shape), cut one axis at a time where
    # actions are gone: cheaper than an open mesh per table on the small games solved by the
    # million
    sub = game._flat.reshape(game.n_players, *game.shape)
    for j, (kept, size) in enumerate(zip(keep, game.shape, strict=True)):
        if len(kept) < size:
            sub = sub.take(kept, axis=1 + j)
    sub = np.moveaxis(sub, 1 + player, 1)
    return sub.reshape(sub.shape[0], sub.shape[1], -1)


def _dominated_pure(own: np.ndarray, atol: float) -> int | None:
    # beats[b, a]: action b pays more than a against every profile of the others
    beats = np.all(own[:, None, :] > own[None, :, :] + atol, axis=2)
    dominated = np.flatnonzero(beats.any(axis=0))
    return int(dominated[0]) if dominated.size else None


def _dominated_mixed(own: np.ndarray, atol: float) -> int | None:
    k, cols = own.shape
    if k < 3 or cols > MAX_LP_CONSTRAINTS:  # with two actions a mixture is a pure dominator
        return None
    best = own.max(axis=0)
    for a in range(k):
        # a best response to some pure profile of the others is never strictly dominated
        if np.any(own[a] >= best - atol):
            continue
        others = [b for b in range(k) if b != a]
        gain = own[others] - own[a]  # a is dominated iff this zero-sum game has value > 0
        shifted = gain - gain.min() + 1.0
        sigma, ok = maximin_mix(np.ascontiguousarray(shifted))
        if ok and np.all(sigma @ gain > atol):  # the certificate is checked, not trusted
            return a
    return None


def _duplicates(block: np.ndarray) -> list[list[int]]:
    """Groups of identical rows of every player's slice (block: players x actions x rest)."""
    # "+ 0.0" turns -0.0 into 0.0, so that equal numbers have equal bytes (there is no NaN)
    flat = np.ascontiguousarray(np.moveaxis(block, 1, 0).reshape(block.shape[1], -1) + 0.0)
    groups: dict[bytes, list[int]] = {}
    for a in range(flat.shape[0]):
        groups.setdefault(flat[a].tobytes(), []).append(a)
    return sorted(groups.values())


def reduce_game(game: Game, tol: float, mixed: bool = True) -> Reduction:
    """Remove strictly dominated actions (iterated) and merge duplicates.

    Parameters
    ----------
    game : Game
    tol : float
        Relative tolerance: dominance must be strict by more than ``tol * payoff range``.
    mixed : bool
        Also test dominance by mixtures (one small LP per candidate action).

    Examples
    --------
    >>> from gametheory import Game
    >>> g = Game.from_bimatrix([[3, 0], [5, 1], [5, 1]], [[3, 5], [0, 1], [0, 1]])
    >>> r = reduce_game(g, 1e-9)
    >>> r.game.shape, r.classes, r.removed
    ((1, 1), (((1, 2),), ((1,),)), ((0,), (0,)))
    """
    atol = absolute_tol(game.payoff_range, tol)
    if not pure_reduction_possible(game._flat, np.array(game.shape, np.int64), atol) and (
        not mixed
        or not any(
            size >= 3
            and _dominated_mixed(_slices(game, i, [list(range(k)) for k in game.shape])[i], atol)
            is not None
            for i, size in enumerate(game.shape)
        )
    ):
        # nothing to remove or merge (the common case), found without the loop below
        return Reduction(
            game=game,
            classes=tuple(tuple((a,) for a in range(size)) for size in game.shape),
            removed=tuple(() for _ in game.shape),
            original=game,
        )
    keep = [list(range(size)) for size in game.shape]
    classes: list[dict[int, list[int]]] = [{a: [a] for a in range(s)} for s in game.shape]
    removed: list[list[int]] = [[] for _ in game.shape]
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            if len(keep[i]) < 2:
                continue
            block = _slices(game, i, keep)
            a = _dominated_pure(block[i], atol)
            if a is None and mixed:
                a = _dominated_mixed(block[i], atol)
            if a is not None:
                gone = keep[i].pop(a)
                removed[i].extend(classes[i].pop(gone))
                changed = True
                continue
            groups = _duplicates(block)
            if len(groups) < len(keep[i]):
                survivors = []
                for g in groups:
                    head = keep[i][g[0]]
                    for other in g[1:]:
                        classes[i][head].extend(classes[i].pop(keep[i][other]))
                    survivors.append(head)
                keep[i] = survivors
                changed = True
    reduced = (
        game
        if all(len(k) == s for k, s in zip(keep, game.shape, strict=True))
        else (_subgame(game, keep))
    )
    return Reduction(
        game=reduced,
        classes=tuple(
            tuple(tuple(sorted(classes[i][a])) for a in keep[i]) for i in range(len(keep))
        ),
        removed=tuple(tuple(sorted(r)) for r in removed),
        original=game,
    )


def _subgame(game: Game, keep: list[list[int]]) -> Game:
    index = np.ix_(*keep)
    payoffs = (
        [t[index] for t in game.exact_payoffs()]
        if game.has_exact_payoffs
        else [t[index] for t in game.payoffs]
    )
    return Game(
        payoffs,
        players=game.players,
        actions=[[game.actions[i][a] for a in k] for i, k in enumerate(keep)],
        title=game.title,
    )


def expand(reduction: Reduction, profiles, pairs=None, exact=None):
    """Equilibria of the reduced game as the extreme equilibria of the original.

    Returns ``(profiles, pairs, exact)`` like the input: each reduced profile becomes one
    profile per choice of a member in every duplicate class it uses; `pairs` (two players:
    indices of the distinct row and column strategies) are renumbered so that the maximal
    Nash subsets of the original game come out of the same biclique construction.
    """
    shape = reduction.original.shape

    def choices(player: int, strategy) -> list[tuple]:
        used = [
            (cls, p)
            for cls, p in zip(reduction.classes[player], strategy, strict=True)
            if (p != 0 if isinstance(p, Fraction) else p > _ZERO)
        ]
        options = [cls if len(cls) > 1 else (cls[0],) for cls, _ in used]
        out = []
        for pick in product(*options):
            full = [type(used[0][1])(0) if used else 0] * shape[player]
            for member, (_, p) in zip(pick, used, strict=True):
                full[member] = p
            out.append(tuple(full))
        return out

    new_profiles, new_exact, new_pairs = [], [] if exact is not None else None, []
    # index the distinct expanded strategies of each player (for the pairs)
    index: list[dict[tuple, int]] = [{} for _ in shape]
    for k, profile in enumerate(profiles):
        per_player = [choices(i, np.asarray(s, dtype=float)) for i, s in enumerate(profile)]
        per_exact = (
            [choices(i, list(s)) for i, s in enumerate(exact[k])] if exact is not None else None
        )
        for combo in product(*(range(len(c)) for c in per_player)):
            new_profiles.append(tuple(np.array(per_player[i][c]) for i, c in enumerate(combo)))
            if per_exact is not None:
                new_exact.append(tuple(per_exact[i][c] for i, c in enumerate(combo)))
            if pairs is not None:
                ids = []
                for i, c in enumerate(combo):
                    key = (int(pairs[k][i]), c)
                    ids.append(index[i].setdefault(key, len(index[i])))
                new_pairs.append(ids)
    out_pairs = None if pairs is None else np.array(new_pairs, dtype=np.int64).reshape(-1, 2)
    return new_profiles, out_pairs, new_exact


def expand_proposals(reduction: Reduction, found: Proposals) -> Proposals:
    """A method's proposals for the reduced game as proposals for the original one."""
    profiles, pairs, exact = expand(reduction, found.profiles, found.pairs, found.exact)
    degenerate = found.degenerate
    if reduction.merged and reduction.original.n_players == 2:
        # a surviving duplicate is a best response wherever its twin is: extra labels
        degenerate = True
    reason = found.reason
    if reduction.merged and found.pairs is None:
        reason = "; ".join(
            r
            for r in (
                reason,
                "duplicate strategies: every split of a duplicate's probability among its "
                "copies is an equilibrium too",
            )
            if r
        )
    return replace(
        found, profiles=profiles, pairs=pairs, exact=exact, degenerate=degenerate, reason=reason
    )
