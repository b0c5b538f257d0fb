"""Subgame-perfect equilibria: backward induction, subgame by subgame.

In a game of perfect information every node starts a subgame and backward induction (Kuhn
1953; Selten 1965) finds every pure subgame-perfect equilibrium: at each node the mover picks
every action whose value is within tolerance of the best (ties are all kept, each giving its
own equilibrium) and chance nodes average their children. With information sets, the
smallest subgames that are not single decisions are solved in their reduced strategic form by
:func:`gametheory.solve` and each equilibrium found there replaces the subgame by its payoffs,
as in Fudenberg & Tirole (1991, sec. 3.5).

>>> from gametheory.extensive.tree import ExtensiveGame, move, outcome
>>> entry = ExtensiveGame(move("Entrant", {"Out": outcome(0, 2),
...                       "In": move("Incumbent", {"Fight": outcome(-1, -1),
...                                                "Accommodate": outcome(1, 1)})}),
...                       players=["Entrant", "Incumbent"])
>>> result = subgame_perfect(entry)
>>> [(dict(e.moves), e.payoffs) for e in result.equilibria]
[({'Entrant': 'In', 'Incumbent': 'Accommodate'}, (1.0, 1.0))]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import product
from typing import Any

import sympy as sp

from ..errors import GameError
from ..symbolic import as_expression
from ..tolerance import absolute_tol, check_tol
from .reduce import _sorted_plans, reduced_normal_form
from .tree import ExtensiveGame, outcome

MAX_EQUILIBRIA = 10_000
"""Most subgame-perfect equilibria :func:`subgame_perfect` lists before refusing."""

Move = str | Mapping[str, float]


@dataclass(frozen=True)
class SubgamePerfect:
    """One subgame-perfect equilibrium.

    Attributes
    ----------
    moves : Mapping[str, str or Mapping[str, float]]
        For every information set: the action taken, ``{action: probability}`` for a mixed
        behaviour strategy, or ``"*"`` where the player's own earlier moves make the set
        unreachable inside a subgame solved in strategic form (any action will do).
    payoffs : tuple of float
        Expected payoff of each player.
    """

    moves: Mapping[str, Move]
    payoffs: tuple[float, ...]

    @property
    def is_pure(self) -> bool:
        return all(isinstance(m, str) for m in self.moves.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "moves": {k: (v if isinstance(v, str) else dict(v)) for k, v in self.moves.items()},
            "payoffs": [float(p) for p in self.payoffs],
        }


@dataclass(frozen=True)
class SPEResult:
    """What :func:`subgame_perfect` returns.

    Attributes
    ----------
    equilibria : tuple of SubgamePerfect
    complete : bool
        True when every subgame was solved by a complete method (always, under perfect
        information); then `equilibria` holds every pure SPE, and with strategic-form subgames
        every combination of their (extreme) equilibria.
    method : str
        ``"backward induction"``, or ``"backward induction + <solver>"`` when some subgame
        needed a strategic-form solver.
    notes : tuple of str
        Subgames with several equilibria (all of them are combined and reported), continua
        (their extreme points are reported), incomplete solvers.
    players : tuple of str
    """

    equilibria: tuple[SubgamePerfect, ...]
    complete: bool
    method: str
    notes: tuple[str, ...]
    players: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def to_dict(self) -> dict[str, Any]:
        """The ``gametheory spe --json`` object."""
        return {
            "players": list(self.players),
            "method": self.method,
            "complete": self.complete,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "notes": list(self.notes),
        }


_Solution = tuple[dict[str, Move], tuple[float, ...]]


def _frontier(game: ExtensiveGame, k: int, roots: tuple[bool, ...]) -> list[int]:
    """The subgame roots strictly below `k` with no subgame root between them and `k`."""
    out, stack = [], list(reversed(game.children[k]))
    while stack:
        c = stack.pop()
        if roots[c]:
            out.append(c)
        else:
            stack.extend(reversed(game.children[c]))
    return out


def _combinations(func: str, lists: list[list[_Solution]], where: str) -> Any:
    count = math.prod(len(s) for s in lists)
    if count > MAX_EQUILIBRIA:
        raise GameError(
            f"{func}: {where} combines {count:,} equilibria of its subgames (ties and multiple "
            f"equilibria multiply), more than MAX_EQUILIBRIA = {MAX_EQUILIBRIA:,}; perturb the "
            "tied payoffs or analyse a smaller game"
        )
    return product(*lists)


def subgame_perfect(
    game: ExtensiveGame, tol: float | None = None, method: str = "auto"
) -> SPEResult:
    """All subgame-perfect equilibria found by backward induction over subgames.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric game (call ``.at(...)`` on one with parameters) with perfect recall.
    tol : float, optional
        Relative tolerance (times the payoff range) within which two values count as tied.
    method : str
        The :func:`gametheory.solve` method for subgames that are not single decisions.

    Returns
    -------
    SPEResult
        Under perfect information: every pure SPE, one per way of breaking each tie.

    Raises
    ------
    GameError
        A game with parameters, without perfect recall, or with more than
        :data:`MAX_EQUILIBRIA` equilibria to list (the message gives the count).

    References
    ----------
    Selten, R. (1965), "Spieltheoretische Behandlung eines Oligopolmodells mit
    Nachfrageträgheit"; Fudenberg, D. and Tirole, J. (1991), *Game Theory*, MIT Press, ch. 3.
    """
    from ..solvers import solve

    func = "subgame_perfect()"
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{func}: expected an ExtensiveGame, got {type(game).__name__}")
    if not game.is_numeric:
        raise GameError(
            f"{func}: the game has parameters {[s.name for s in game.parameters]}; call "
            ".at(...) for numbers, or spe_conditions() for the symbolic conditions"
        )
    game.check_perfect_recall(func)
    atol = absolute_tol(game.payoff_range(), check_tol("subgame_perfect", tol))
    roots = game.is_subgame_root()
    pays = {k: tuple(float(v) for v in vs) for k, vs in game.terminal_payoffs().items()}
    solved: dict[int, list[_Solution]] = {}
    notes: list[str] = []
    complete, solver_used = True, None
    for k in range(len(game.nodes) - 1, -1, -1):
        if not roots[k]:
            continue
        node = game.nodes[k]
        if node.kind == "terminal":
            solved[k] = [({}, pays[k])]
            continue
        frontier = _frontier(game, k, roots)
        where = f"node {k}" + (f" ({node.label})" if node.label else "")
        lists = [solved.pop(f) for f in frontier]
        found: list[_Solution] = []
        if frontier == list(game.children[k]):
            probs = game.chance_probs(k) if node.kind == "chance" else ()
            h = game.node_infoset[k]
            for combo in _combinations(func, lists, where):
                merged: dict[str, Move] = {}
                for moves, _ in combo:
                    merged.update(moves)
                if node.kind == "chance":
                    values = tuple(
                        sum(float(p) * v[i] for p, (_, v) in zip(probs, combo, strict=True))
                        for i in range(game.n_players)
                    )
                    found.append((merged, values))
                    continue
                i = game.infosets[h].player
                best = max(v[i] for _, v in combo)
                for action, (_, v) in zip(node.actions, combo, strict=True):
                    if v[i] >= best - atol:
                        found.append(({**merged, game.infosets[h].label: action}, v))
        else:
            for combo in _combinations(func, lists, where):
                merged = {}
                for moves, _ in combo:
                    merged.update(moves)
                repl = {f: outcome(*v) for f, (_, v) in zip(frontier, combo, strict=True)}
                sub = ExtensiveGame(game.subtree(k, repl), game.players)
                result = solve(reduced_normal_form(sub), method=method, tol=tol)
                solver_used = result.method
                complete = complete and result.complete
                if len(result.equilibria) > 1:
                    notes.append(
                        f"the subgame at {where} has {len(result.equilibria)} equilibria "
                        f"({result.method}); each is combined with the rest and reported"
                    )
                if result.has_continuum:
                    notes.append(
                        f"the subgame at {where} has a continuum of equilibria; its extreme "
                        "points are reported"
                    )
                if not result.complete:
                    notes.append(f"the solver {result.method} is not complete at {where}")
                for eq in result.equilibria:
                    found.append(({**merged, **_behaviour(sub, eq.strategies)}, eq.payoffs))
                if len(found) > MAX_EQUILIBRIA:
                    _combinations(func, [found], where)
        if len(found) > MAX_EQUILIBRIA:
            _combinations(func, [found], where)
        solved[k] = found
    method_name = "backward induction" + (f" + {solver_used}" if solver_used else "")
    equilibria = tuple(
        SubgamePerfect(_ordered(game, moves), tuple(float(v) for v in values))
        for moves, values in solved[0]
    )
    return SPEResult(equilibria, complete, method_name, tuple(notes), game.players)


def _ordered(game: ExtensiveGame, moves: dict[str, Move]) -> dict[str, Move]:
    return {h.label: moves[h.label] for h in game.infosets if h.label in moves}


def _behaviour(sub: ExtensiveGame, strategies: Any) -> dict[str, Move]:
    """Behaviour strategies (Kuhn 1953) of a mixed profile over reduced strategies of `sub`."""
    out: dict[str, Move] = {}
    for i in range(sub.n_players):
        plans = _sorted_plans(sub, i)
        sigma = strategies[i]
        for h, info in enumerate(sub.infosets):
            if info.player != i:
                continue
            mass = {a: 0.0 for a in info.actions}
            for plan, p in zip(plans, sigma, strict=True):
                chosen = dict(plan).get(h)
                if chosen is not None:
                    mass[chosen] += float(p)
            total = sum(mass.values())
            if total <= 1e-12:
                out[info.label] = "*"
                continue
            probs = {a: m / total for a, m in mass.items() if m / total > 1e-12}
            if len(probs) == 1:
                out[info.label] = next(iter(probs))
            else:
                out[info.label] = probs
    return out


# ----------------------------------------------------------------------------- symbolic
@dataclass(frozen=True)
class Condition:
    """``margin >= 0``: at `infoset`, `player` weakly prefers `action` to `alternative`.

    Attributes
    ----------
    infoset, player, action, alternative : str
    margin : sympy.Expr
        The mover's payoff from `action` minus that from `alternative`, play below following
        the given moves.
    """

    infoset: str
    player: str
    action: str
    alternative: str
    margin: sp.Expr

    @property
    def relation(self) -> sp.Basic:
        # no simplify(): on inequalities it is slow and rarely shorter than the expanded form
        return sp.expand(self.margin) >= 0

    def holds(self, tol: float = 1e-12, **values: Any) -> bool:
        """Whether the condition holds at these parameter values (ties count as holding)."""
        subs = {s: values[s.name] for s in self.margin.free_symbols if s.name in values}
        value = self.margin.xreplace(
            {k: as_expression("Condition.holds()", v, k.name) for k, v in subs.items()}
        )
        if value.free_symbols:
            missing = sorted(s.name for s in value.free_symbols)
            raise GameError(f"Condition.holds(): no value for {missing}")
        return float(value) >= -tol

    def solve_for(self, name: str) -> str:
        """The condition as a bound on one parameter, when it is linear in it.

        >>> x, y = sp.symbols("x y", positive=True)
        >>> Condition("h", "A", "a", "b", 2 * x - y).solve_for("x")
        'x >= y/2'
        """
        sym = next((s for s in self.margin.free_symbols if s.name == name), None)
        if sym is None:
            return f"{sp.expand(self.margin)} >= 0 (does not depend on {name})"
        poly = sp.Poly(sp.expand(self.margin), sym)
        if poly.degree() != 1:
            return f"{sp.expand(self.margin)} >= 0"
        a, b = poly.all_coeffs()
        bound = sp.simplify(-b / a)
        if a.is_positive:
            return f"{name} >= {bound}"
        if a.is_negative:
            return f"{name} <= {bound}"
        return f"{name} >= {bound} if {a} > 0, {name} <= {bound} if {a} < 0"

    def __str__(self) -> str:
        return (
            f"{self.player} at {self.infoset} prefers {self.action} to {self.alternative} "
            f"iff {sp.expand(self.margin)} >= 0"
        )


def _values(game: ExtensiveGame, moves: Mapping[str, str], func: str) -> dict[int, tuple]:
    """Each node's payoff vector (sympy) when play below follows `moves`."""
    value: dict[int, tuple] = {}
    for k in range(len(game.nodes) - 1, -1, -1):
        node = game.nodes[k]
        kids = game.children[k]
        if node.kind == "terminal":
            value[k] = tuple(node.payoffs)
        elif node.kind == "chance":
            value[k] = tuple(
                sp.expand(sum(p * value[c][i] for p, c in zip(node.probs, kids, strict=True)))
                for i in range(game.n_players)
            )
        else:
            label = game.infosets[game.node_infoset[k]].label
            action = moves.get(label)
            if action is None:
                value[k] = None  # type: ignore[assignment]
                continue
            if action not in node.actions:
                raise GameError(
                    f"{func}: {action!r} is not an action at {label!r}; it has {list(node.actions)}"
                )
            value[k] = value[kids[node.actions.index(action)]]
    return value


def _node_conditions(game, k, action, value, func) -> list[Condition]:
    node = game.nodes[k]
    label = game.infosets[game.node_infoset[k]].label
    kids = game.children[k]
    i = game.players.index(node.player)
    chosen = value[kids[node.actions.index(action)]]
    out = []
    for alt, c in zip(node.actions, kids, strict=True):
        if alt == action:
            continue
        if chosen is None or value[c] is None:
            raise GameError(
                f"{func}: the moves below {label!r} are not all given; name an action at "
                "every information set under it"
            )
        out.append(Condition(label, node.player, action, alt, sp.expand(chosen[i] - value[c][i])))
    return out


def spe_conditions(game: ExtensiveGame, moves: Mapping[str, str]) -> tuple[Condition, ...]:
    """The conditions under which the pure strategy profile `moves` is subgame perfect.

    For a game of perfect information (numeric or symbolic) and an action at every decision
    node, the profile is an SPE exactly when every returned :class:`Condition` holds: at each
    node the chosen action is at least as good for the mover as each alternative, play after
    every action following `moves` (the one-shot deviation principle).

    Raises
    ------
    GameError
        Imperfect information, or `moves` missing a set or naming an unknown action.

    Examples
    --------
    >>> import sympy as sp
    >>> from gametheory.extensive.tree import ExtensiveGame, move, outcome
    >>> v = sp.Symbol("v", real=True)
    >>> g = ExtensiveGame(move("E", {"Out": outcome(0, 2),
    ...                              "In": move("I", {"Fight": outcome(-1, v),
    ...                                               "Accommodate": outcome(1, 1)})}),
    ...                   players=["E", "I"])
    >>> [str(c) for c in spe_conditions(g, {"E": "Out", "I": "Fight"})]
    ['E at E prefers Out to In iff 1 >= 0', 'I at I prefers Fight to Accommodate iff v - 1 >= 0']
    """
    func = "spe_conditions()"
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{func}: expected an ExtensiveGame, got {type(game).__name__}")
    if not game.perfect_information:
        raise GameError(f"{func}: needs a game of perfect information (every set one node)")
    missing = [h.label for h in game.infosets if h.label not in moves]
    if missing:
        raise GameError(f"{func}: no action given at {missing}")
    value = _values(game, moves, func)
    out: list[Condition] = []
    for h in game.infosets:
        out.extend(_node_conditions(game, h.nodes[0], moves[h.label], value, func))
    return tuple(out)


def credibility(
    game: ExtensiveGame, infoset: str, action: str, moves: Mapping[str, str] | None = None
) -> tuple[Condition, ...]:
    """When is carrying out `action` at `infoset` sequentially rational (a credible threat)?

    The conditions, one per alternative, under which the mover at `infoset` weakly prefers
    `action` once the node is reached; play after each action follows `moves` (needed only
    when the actions do not end the game). A threat to take `action` is credible in the
    sense of subgame perfection exactly when all hold (Zagare & Kilgour 2000, ch. 3: the
    defender prefers conflict to concession).

    Examples
    --------
    >>> import sympy as sp
    >>> from gametheory.extensive.tree import ExtensiveGame, move, outcome
    >>> cost = sp.Symbol("cost", positive=True)
    >>> g = ExtensiveGame(move("C", {"Quiet": outcome(0, 0),
    ...                              "Challenge": move("D", {"Concede": outcome(1, -1),
    ...                                                      "Resist": outcome(-1, -cost)})}),
    ...                   players=["C", "D"])
    >>> [c.solve_for("cost") for c in credibility(g, "D", "Resist")]
    ['cost <= 1']
    """
    func = "credibility()"
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{func}: expected an ExtensiveGame, got {type(game).__name__}")
    info = game.infoset(infoset)
    if len(info.nodes) != 1:
        raise GameError(f"{func}: {infoset!r} has {len(info.nodes)} nodes; needs a single node")
    if action not in info.actions:
        raise GameError(f"{func}: {action!r} is not an action at {infoset!r}: {list(info.actions)}")
    value = _values(game, dict(moves or {}), func)
    return tuple(_node_conditions(game, info.nodes[0], action, value, func))
