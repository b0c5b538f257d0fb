"""The reduced normal (strategic) form of an extensive game, so every solver applies to it.

A *reduced* strategy of a player names an action only at the information sets that its own
earlier actions do not rule out; strategies that differ only at such unreachable sets are
payoff-equivalent and kept once (the reduced strategic form of Kuhn 1953 and Gambit). A
strategy's name lists its actions over the player's information sets in preorder, ``*`` where
the set is unreachable: ``"Pass/Take"``, ``"Take/*"`` (``/``, not a comma, so that the CLI's
``--profile a,b`` can name them); a player with one information set has the plain action
names.

>>> from gametheory.extensive.tree import ExtensiveGame, move, outcome
>>> g = ExtensiveGame(move("1", {"Take": outcome(1, 0),
...                              "Pass": move("2", {"Take": outcome(0, 2),
...                                                 "Pass": move("1", {"Take": outcome(3, 1),
...                                                                    "Pass": outcome(2, 4)})})}),
...                   players=["1", "2"])
>>> reduced_normal_form(g).actions
(('Take/*', 'Pass/Take', 'Pass/Pass'), ('Take', 'Pass'))
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from itertools import product
from typing import Any

import sympy as sp

from ..errors import GameError, TooLargeError
from ..game import Game
from ..symbolic import SymbolicGame
from .tree import ExtensiveGame

MAX_STRATEGIES = 2_000
"""Most reduced strategies one player may have before :func:`reduced_normal_form` refuses."""

MAX_WORK = 4_000_000
"""Largest (profiles x tree nodes) the payoff computation of the reduced form may take."""

Plan = frozenset  # of (infoset id, action) pairs


def strategy_count_bound(game: ExtensiveGame) -> tuple[int, ...]:
    """An upper bound on each player's number of reduced strategies, from the tree alone.

    At the player's own nodes the counts of the children add up (one action is chosen); at
    other nodes they multiply (a plan covers every branch). Exact in games of perfect
    information; with information sets spanning branches it may overcount.

    >>> from gametheory.extensive.tree import ExtensiveGame, move, outcome
    >>> g = ExtensiveGame(move("A", {"x": move("B", {"l": outcome(0, 0), "r": outcome(1, 1)}),
    ...                              "y": move("B", {"l": outcome(2, 2), "r": outcome(3, 3)})}),
    ...                   players=["A", "B"])
    >>> strategy_count_bound(g)
    (2, 4)
    """
    out = []
    for i in range(game.n_players):
        count = [1] * len(game.nodes)
        for k in range(len(game.nodes) - 1, -1, -1):
            kids = game.children[k]
            if not kids:
                continue
            node = game.nodes[k]
            if node.kind == "decision" and game.infosets[game.node_infoset[k]].player == i:
                count[k] = sum(count[c] for c in kids)
            else:
                count[k] = math.prod(count[c] for c in kids)
        out.append(count[0])
    return tuple(out)


def _check_size(game: ExtensiveGame, func: str) -> None:
    bound = strategy_count_bound(game)
    worst = max(bound)
    if worst > MAX_STRATEGIES:
        who = game.players[bound.index(worst)]
        raise TooLargeError(
            f"{func}: player {who!r} has up to {worst:,} reduced strategies (estimate from the "
            f"tree), more than MAX_STRATEGIES = {MAX_STRATEGIES:,}; use subgame_perfect() on "
            "the tree, which works subgame by subgame, or a smaller game"
        )
    work = math.prod(bound) * len(game.nodes)
    if work > MAX_WORK:
        raise TooLargeError(
            f"{func}: the reduced form has up to {math.prod(bound):,} strategy profiles "
            f"({' x '.join(str(b) for b in bound)}), about {work:,} node visits to fill, more "
            f"than MAX_WORK = {MAX_WORK:,}; use subgame_perfect() on the tree or a smaller game"
        )


def _plans(game: ExtensiveGame, player: int) -> list[Plan]:
    """The player's reduced strategies as sets of (infoset id, action) pairs."""
    plans: dict[int, list[Plan]] = {}
    for k in range(len(game.nodes) - 1, -1, -1):
        kids = game.children[k]
        if not kids:
            plans[k] = [Plan()]
            continue
        node = game.nodes[k]
        h = game.node_infoset[k]
        if node.kind == "decision" and game.infosets[h].player == player:
            found: list[Plan] = []
            for action, c in zip(node.actions, kids, strict=True):
                found.extend(p | {(h, action)} for p in plans.pop(c))
        else:
            found = [Plan()]
            for c in kids:
                merged = []
                for left, right in product(found, plans.pop(c)):
                    joint = left | right
                    # an information set reached in several branches: the plans must agree
                    if len({hh for hh, _ in joint}) == len(joint):
                        merged.append(joint)
                found = merged
        # the same plan can arise twice when an information set spans branches
        plans[k] = list(dict.fromkeys(found))
    return plans[0]


def reduced_strategies(game: ExtensiveGame) -> tuple[tuple[dict[str, str], ...], ...]:
    """Each player's reduced strategies as ``{information set label: action}`` dicts.

    In the order of :func:`reduced_normal_form`'s actions. Raises GameError for games without
    perfect recall and for games over the size limits (with the estimate).
    """
    game = _check_game(game, "reduced_strategies()")
    return tuple(
        tuple({game.infosets[h].label: a for h, a in sorted(p)} for p in _sorted_plans(game, i))
        for i in range(game.n_players)
    )


def _check_game(game: Any, func: str) -> ExtensiveGame:
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{func}: expected an ExtensiveGame, got {type(game).__name__}")
    game.check_perfect_recall(func)
    _check_size(game, func)
    return game


def _sorted_plans(game: ExtensiveGame, player: int) -> list[Plan]:
    # order by the actions' positions, information sets in preorder: a stable, readable order
    def key(plan: Plan) -> tuple[int, ...]:
        chosen = dict(plan)
        return tuple(
            (game.infosets[h].actions.index(chosen[h]) + 1) if h in chosen else 0
            for h in range(len(game.infosets))
            if game.infosets[h].player == player
        )

    return sorted(_plans(game, player), key=key)


def _name(game: ExtensiveGame, player: int, plan: Plan) -> str:
    own = [h for h in range(len(game.infosets)) if game.infosets[h].player == player]
    if not own:
        return "-"
    chosen = dict(plan)
    return "/".join(chosen.get(h, "*") for h in own)


def _outcome(game: ExtensiveGame, choice: Mapping[int, str], zero: Any, numbers: dict) -> list:
    """Expected payoffs when every information set `h` in `choice` plays `choice[h]`."""
    total = [zero] * game.n_players
    reach: dict[int, Any] = {0: 1}
    k = 0
    n = len(game.nodes)
    while k < n:
        if k not in reach:
            k = game.subtree_end[k]  # unreached: skip the whole subtree
            continue
        p = reach.pop(k)
        node = game.nodes[k]
        if node.kind == "terminal":
            pays = numbers["payoffs"][k]
            for i in range(game.n_players):
                total[i] = total[i] + p * pays[i]
        elif node.kind == "chance":
            for c, q in zip(game.children[k], numbers["probs"][k], strict=True):
                reach[c] = p * q
        else:
            h = game.node_infoset[k]
            reach[game.children[k][node.actions.index(choice[h])]] = p
        k += 1
    return total


def _numbers(game: ExtensiveGame) -> tuple[dict, Any]:
    """Payoffs and probabilities in one arithmetic: Fractions, floats or sympy."""
    pays = game.terminal_payoffs()
    probs = {k: game.chance_probs(k) for k, n in enumerate(game.nodes) if n.kind == "chance"}
    if not game.is_numeric:
        return {"payoffs": pays, "probs": probs}, sp.Integer(0)
    values = [v for vs in pays.values() for v in vs] + [v for vs in probs.values() for v in vs]
    if all(isinstance(v, Fraction) for v in values):
        return {"payoffs": pays, "probs": probs}, Fraction(0)
    as_float = {k: tuple(float(v) for v in vs) for k, vs in pays.items()}
    return {"payoffs": as_float, "probs": {k: tuple(map(float, v)) for k, v in probs.items()}}, 0.0


def reduced_normal_form(game: ExtensiveGame) -> Game | SymbolicGame:
    """The reduced strategic form: a Game (SymbolicGame for a tree with parameters).

    Every solver, ``classify`` and ``minimum_trust`` then apply; strategies are named by their
    moves (see the module docstring), payoffs are expected over chance moves.

    Parameters
    ----------
    game : ExtensiveGame
        A game with perfect recall.

    Returns
    -------
    Game or SymbolicGame
        Exact (Fraction) payoffs when the tree's numbers are all rational.

    Raises
    ------
    GameError
        No perfect recall; more than :data:`MAX_STRATEGIES` reduced strategies for a player or
        more than :data:`MAX_WORK` work to fill the table (the message gives the estimate).

    Examples
    --------
    >>> from gametheory.extensive.tree import ExtensiveGame, move, outcome
    >>> g = ExtensiveGame(move("E", {"Out": outcome(0, 2),
    ...                              "In": move("I", {"Fight": outcome(-1, -1),
    ...                                               "Accommodate": outcome(1, 1)})}),
    ...                   players=["E", "I"])
    >>> nf = reduced_normal_form(g)
    >>> nf.actions, nf.payoffs[0].tolist()
    ((('Out', 'In'), ('Fight', 'Accommodate')), [[0.0, 0.0], [-1.0, 1.0]])
    >>> [nf.actions[0][a] + "/" + nf.actions[1][b] for a, b in nf.pure_equilibria()]
    ['Out/Fight', 'In/Accommodate']
    """
    game = _check_game(game, "reduced_normal_form()")
    plans = [_sorted_plans(game, i) for i in range(game.n_players)]
    numbers, zero = _numbers(game)
    shape = tuple(len(p) for p in plans)
    tables = [[None] * math.prod(shape) for _ in range(game.n_players)]
    for flat, profile in enumerate(product(*plans)):
        choice = {h: a for plan in profile for h, a in plan}
        for i, v in enumerate(_outcome(game, choice, zero, numbers)):
            tables[i][flat] = v
    names = [[_name(game, i, p) for p in plans[i]] for i in range(game.n_players)]
    if game.is_numeric:
        import numpy as np

        dtype = object if isinstance(zero, Fraction) else float
        arrays = [np.array(t, dtype=dtype).reshape(shape) for t in tables]
        return Game(arrays, players=game.players, actions=names, title=game.title)
    nested = [sp.Array([sp.expand(v) for v in t], shape).tolist() for t in tables]
    return SymbolicGame(
        nested,
        parameters=game.parameters,
        defaults=game.defaults,
        players=game.players,
        actions=names,
        title=game.title,
        description=game.description,
    )


def profile_of(game: ExtensiveGame, moves: Mapping[str, str]) -> tuple[int, ...]:
    """The reduced-strategy profile (indices) that plays `moves` (information set -> action).

    Each player's strategy is the reduced plan that agrees with `moves` wherever it names an
    action; information sets not in a plan are ignored.

    Raises
    ------
    GameError
        If `moves` misses a set a plan needs, or no plan agrees.
    """
    game = _check_game(game, "profile_of()")
    out = []
    labels = {h.label: k for k, h in enumerate(game.infosets)}
    wanted = {labels[k]: v for k, v in moves.items() if k in labels}
    for i in range(game.n_players):
        for s, plan in enumerate(_sorted_plans(game, i)):
            if all(wanted.get(h) == a for h, a in plan):
                out.append(s)
                break
        else:
            raise GameError(
                f"profile_of(): no reduced strategy of {game.players[i]!r} agrees with "
                f"{dict(moves)}"
            )
    return tuple(out)
