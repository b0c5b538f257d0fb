"""Finite extensive-form games: a tree of decision, chance and terminal nodes.

A game is built from three kinds of node:

* :func:`move` — a decision node of a player, with named actions leading to child nodes, in an
  *information set* (nodes the player cannot tell apart share an information-set label);
* :func:`chance` — a chance node, with named outcomes, their probabilities and child nodes;
* :func:`outcome` — a terminal node with one payoff per player.

Payoffs and chance probabilities are numbers or sympy expressions in named parameters, as in
:class:`~gametheory.symbolic.SymbolicGame`; ``.at(name=value, ...)`` gives the numeric tree.

>>> import sympy as sp
>>> v = sp.Symbol("v", real=True)
>>> entry = ExtensiveGame(
...     move("Entrant", {"Out": outcome(0, 2),
...                      "In": move("Incumbent", {"Fight": outcome(-1, v),
...                                               "Accommodate": outcome(1, 1)})}),
...     players=["Entrant", "Incumbent"], defaults={"v": -1})
>>> entry.infoset_labels, [s.name for s in entry.parameters]
(('Entrant', 'Incumbent'), ['v'])
>>> tuple(map(float, entry.at().terminal_payoffs()[3]))
(-1.0, -1.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from ..errors import GameError, TooLargeError
from ..symbolic import as_expression
from ..tolerance import CHANCE_SUM_TOL

MAX_NODES = 1_000_000
"""Largest tree accepted (nodes of every kind). It covers the full tic-tac-toe tree (549,946
nodes). Measured on that tree (docs/inputs.md): a game read from ``.efg`` holds about 0.6 KB
per node and reading peaks at about 1.2 KB per node, ``subgame_perfect`` adds about 0.5 KB
per node at its peak, so a tree at the cap stays near 1.2 GB of Python objects."""


@dataclass(frozen=True, eq=False)
class Node:
    """One node of a game tree; build nodes with :func:`move`, :func:`chance`, :func:`outcome`.

    Attributes
    ----------
    kind : {"decision", "chance", "terminal"}
    player : str or None
        The mover's name (decision nodes).
    infoset : str or None
        Information-set label (decision nodes); ``None`` means "a set of its own", labelled by
        :class:`ExtensiveGame`.
    actions : tuple of str
        Action (or chance outcome) names, in the order of `children`.
    children : tuple of Node
    probs : tuple of sympy.Expr
        Chance probabilities, in the order of `children`.
    payoffs : tuple of sympy.Expr
        Terminal payoffs, one per player.
    label : str
        A node label (kept in ``.efg`` files).
    """

    kind: str
    player: str | None = None
    infoset: str | None = None
    actions: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    probs: tuple[sp.Expr, ...] = ()
    payoffs: tuple[sp.Expr, ...] = ()
    label: str = ""


def _branches(func: str, branches: Any) -> list[tuple[str, Any]]:
    if isinstance(branches, Mapping):
        items = list(branches.items())
    elif isinstance(branches, Sequence) and not isinstance(branches, str):
        items = list(branches)
    else:
        raise GameError(f"{func}: branches must be a mapping or a list of pairs, got {branches!r}")
    if not items:
        raise GameError(f"{func}: a node needs at least one branch")
    names = [str(item[0]) for item in items]
    if len(set(names)) != len(names):
        raise GameError(f"{func}: action names must be unique, got {names}")
    return items


def move(player: str, branches: Any, infoset: str | None = None, label: str = "") -> Node:
    """A decision node of `player`: ``{action: child, ...}`` (or a list of pairs).

    Nodes given the same `infoset` label form one information set: the same player, the same
    action names, and the player cannot tell them apart.

    >>> move("A", {"L": outcome(1, 0), "R": outcome(0, 1)}).actions
    ('L', 'R')
    """
    items = _branches("move()", branches)
    for name, child in items:
        if not isinstance(child, Node):
            raise GameError(f"move(): the branch {name!r} leads to {child!r}, not a Node")
    return Node(
        "decision",
        player=str(player),
        infoset=None if infoset is None else str(infoset),
        actions=tuple(str(n) for n, _ in items),
        children=tuple(c for _, c in items),
        label=str(label),
    )


def chance(branches: Any, label: str = "") -> Node:
    """A chance node: ``{outcome_name: (probability, child), ...}``.

    >>> chance({"H": (sp.Rational(1, 2), outcome(1)), "T": (sp.Rational(1, 2), outcome(-1))}).probs
    (1/2, 1/2)
    """
    items = _branches("chance()", branches)
    probs, children = [], []
    for name, pair in items:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], Node)):
            raise GameError(f"chance(): branch {name!r} must be (probability, Node), got {pair!r}")
        probs.append(as_expression("chance()", pair[0], f"the probability of {name!r}"))
        children.append(pair[1])
    return Node(
        "chance",
        actions=tuple(str(n) for n, _ in items),
        children=tuple(children),
        probs=tuple(probs),
        label=str(label),
    )


def outcome(*payoffs: Any, label: str = "") -> Node:
    """A terminal node with one payoff (number or sympy expression) per player.

    >>> outcome(1, sp.Symbol("x")).payoffs
    (1, x)
    """
    values = tuple(as_expression("outcome()", p, f"payoff {k}") for k, p in enumerate(payoffs))
    if not values:
        raise GameError("outcome(): give one payoff per player, got none")
    return Node("terminal", payoffs=values, label=str(label))


@dataclass(frozen=True)
class InfoSet:
    """An information set: its label, owner (player index), actions and nodes (preorder ids)."""

    label: str
    player: int
    actions: tuple[str, ...]
    nodes: tuple[int, ...]


def _to_number(value: sp.Expr) -> Fraction | float:
    if isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    return float(value)


class ExtensiveGame:
    """A finite game in extensive form.

    Parameters
    ----------
    root : Node
        The root of the tree.
    players : sequence of str
        Player names; every decision node's player must be one of them and every terminal
        node must have one payoff per player.
    parameters, defaults, title, description, bounds
        As for :class:`~gametheory.symbolic.SymbolicGame`: the sympy symbols the payoffs and
        probabilities use (default: all free symbols, sorted by name), their default values
        and ``{name: (low, high)}`` bounds (besides each symbol's sign assumption).

    Notes
    -----
    Nodes are numbered in preorder (root 0, children in action order), the order of Gambit's
    ``.efg`` files. Information sets without a label get one: the player's name when it is
    the player's only set, else ``"player:k"`` (k counting that player's sets in preorder).

    Raises
    ------
    GameError
        An unknown player, payoff vectors of the wrong length, inconsistent information sets
        (different players or actions, or one set on a path twice), chance probabilities that
        are negative or do not sum to one, or a tree larger than :data:`MAX_NODES`.
    """

    def __init__(
        self,
        root: Node,
        players: Sequence[str],
        parameters: Sequence[sp.Symbol] | None = None,
        defaults: Mapping[str, Any] | None = None,
        title: str = "",
        description: str = "",
        bounds: Mapping[str, tuple[float | None, float | None]] | None = None,
    ) -> None:
        func = "ExtensiveGame()"
        if not isinstance(root, Node):
            raise GameError(f"{func}: root must be a Node, got {type(root).__name__}")
        if isinstance(players, str) or not players:
            raise GameError(f"{func}: players must be a non-empty sequence of names")
        self.players = tuple(str(p) for p in players)
        if len(set(self.players)) != len(self.players):
            raise GameError(f"{func}: player names must be unique, got {list(self.players)}")
        self.title, self.description = str(title), str(description)
        self.root = root
        self._walk(func)
        free: set[sp.Symbol] = set()
        for node in self.nodes:
            for expr in node.payoffs + node.probs:
                free |= expr.free_symbols
        if parameters is None:
            params = tuple(sorted(free, key=lambda s: s.name))
        else:
            params = tuple(parameters)
            missing = sorted(s.name for s in free - set(params))
            if missing:
                raise GameError(f"{func}: payoffs use {missing}, which are not in parameters")
        self.parameters: tuple[sp.Symbol, ...] = params
        names = {s.name for s in params}
        defaults = dict(defaults or {})
        unknown = sorted(set(defaults) - names)
        if unknown:
            raise GameError(f"{func}: defaults for unknown parameters {unknown}")
        self.defaults = {k: v for k, v in defaults.items()}
        # (low, high) per parameter, either end None: checked by values() and at()
        self.bounds: dict[str, tuple[float | None, float | None]] = dict(bounds or {})
        unknown = sorted(set(self.bounds) - names)
        if unknown:
            raise GameError(f"{func}: bounds for unknown parameters {unknown}")
        self._check_probabilities(func)

    # ------------------------------------------------------------------ structure
    def _walk(self, func: str) -> None:
        nodes: list[Node] = []
        parent: list[int] = []
        end: list[int] = []
        stack: list[tuple[Node, int, bool]] = [(self.root, -1, False)]
        while stack:
            node, par, done = stack.pop()
            if done:
                end[par] = len(nodes)
                continue
            index = len(nodes)
            if index >= MAX_NODES:
                raise TooLargeError(
                    f"{func}: the tree has more than MAX_NODES = {MAX_NODES} nodes; "
                    "extensive-form analysis enumerates the tree and needs a smaller game"
                )
            nodes.append(node)
            parent.append(par)
            end.append(index + 1)
            stack.append((node, index, True))
            for child in reversed(node.children):
                stack.append((child, index, False))
        self.nodes: tuple[Node, ...] = tuple(nodes)
        self.parent: tuple[int, ...] = tuple(parent)
        # preorder: node k's subtree is nodes k .. end[k]-1
        self.subtree_end: tuple[int, ...] = tuple(end)
        self.children: tuple[tuple[int, ...], ...] = self._child_ids()
        position = [0] * len(nodes)
        for kids in self.children:
            for j, c in enumerate(kids):
                position[c] = j
        # node k is reached by the action number action_index[k] at its parent
        self.action_index: tuple[int, ...] = tuple(position)
        n = len(self.players)
        by_label: dict[str, list[int]] = {}
        counter: dict[str, int] = {}
        auto: list[tuple[int, str]] = []
        for k, node in enumerate(nodes):
            if node.kind == "terminal":
                if len(node.payoffs) != n:
                    raise GameError(
                        f"{func}: terminal node {k} {node.label!r} has {len(node.payoffs)} "
                        f"payoffs, expected {n} (one per player {list(self.players)})"
                    )
            elif node.kind == "decision":
                if node.player not in self.players:
                    raise GameError(
                        f"{func}: node {k} {node.label!r} belongs to {node.player!r}, "
                        f"not one of the players {list(self.players)}"
                    )
                if node.infoset is None:
                    counter[node.player] = counter.get(node.player, 0) + 1
                    auto.append((k, node.player))
                else:
                    by_label.setdefault(node.infoset, []).append(k)
            elif node.kind != "chance":
                raise GameError(f"{func}: node {k} has unknown kind {node.kind!r}")
        labelled_players = {nodes[ks[0]].player for ks in by_label.values()}
        seen: dict[str, int] = {}
        for k, player in auto:
            single = counter[player] == 1 and player not in labelled_players
            seen[player] = seen.get(player, 0) + 1
            label = player if single else f"{player}:{seen[player]}"
            while label in by_label:
                label += "'"
            by_label[label] = [k]
        infosets = []
        node_infoset = [-1] * len(nodes)
        order = sorted(by_label.items(), key=lambda item: item[1][0])
        for h, (label, members) in enumerate(order):
            first = nodes[members[0]]
            for k in members:
                if nodes[k].player != first.player or nodes[k].actions != first.actions:
                    raise GameError(
                        f"{func}: information set {label!r} mixes nodes of {first.player!r} "
                        f"with actions {list(first.actions)} and of {nodes[k].player!r} with "
                        f"actions {list(nodes[k].actions)}"
                    )
                node_infoset[k] = h
            infosets.append(
                InfoSet(label, self.players.index(first.player), first.actions, tuple(members))
            )
        self.infosets: tuple[InfoSet, ...] = tuple(infosets)
        self.node_infoset: tuple[int, ...] = tuple(node_infoset)
        # one set twice on a path: walk the preorder keeping the sets on the current path
        path: list[int] = []  # ancestors of the current node, root first
        on_path: dict[int, int] = {}  # information set -> its node on the path
        for k in range(len(nodes)):
            while path and self.subtree_end[path[-1]] <= k:
                on_path.pop(node_infoset[path.pop()], None)
            h = node_infoset[k]
            if h >= 0 and h in on_path:
                raise GameError(
                    f"{func}: information set {infosets[h].label!r} occurs twice on one path "
                    f"(nodes {on_path[h]} and {k}); absent-minded players are not supported"
                )
            path.append(k)
            if h >= 0:
                on_path[h] = k

    def _child_ids(self) -> tuple[tuple[int, ...], ...]:
        out: list[tuple[int, ...]] = []
        for k, node in enumerate(self.nodes):
            ids, pos = [], k + 1
            for _ in node.children:
                ids.append(pos)
                pos = self.subtree_end[pos]
            out.append(tuple(ids))
        return tuple(out)

    def _check_probabilities(self, func: str) -> None:
        for k, node in enumerate(self.nodes):
            if node.kind != "chance":
                continue
            total = sp.Integer(0)
            for name, p in zip(node.actions, node.probs, strict=True):
                total += p
                if p.is_number and float(p) < 0:
                    raise GameError(
                        f"{func}: chance node {k} gives {name!r} the negative probability {p}"
                    )
            if total.is_number and abs(float(total) - 1) > CHANCE_SUM_TOL:
                raise GameError(
                    f"{func}: the probabilities at chance node {k} sum to {total}, not 1"
                )

    # ------------------------------------------------------------------ queries
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def infoset_labels(self) -> tuple[str, ...]:
        """Information-set labels in preorder of their first node."""
        return tuple(h.label for h in self.infosets)

    @property
    def is_numeric(self) -> bool:
        """True when no payoff or probability depends on a parameter."""
        return not self.parameters

    @property
    def perfect_information(self) -> bool:
        """True when every information set is a single node."""
        return all(len(h.nodes) == 1 for h in self.infosets)

    def infoset(self, label: str) -> InfoSet:
        """The information set with this label (GameError naming the labels if unknown)."""
        for h in self.infosets:
            if h.label == label:
                return h
        raise GameError(f"infoset(): no information set {label!r}; they are {self.infoset_labels}")

    def own_history(self, k: int) -> tuple[tuple[int, str], ...]:
        """The mover's own earlier (information set, action) pairs on the path to node `k`."""
        player = self.nodes[k].player
        out, child, a = [], k, self.parent[k]
        while a >= 0:
            node = self.nodes[a]
            if node.kind == "decision" and node.player == player:
                out.append((self.node_infoset[a], node.actions[self.action_index[child]]))
            child, a = a, self.parent[a]
        return tuple(reversed(out))

    def check_perfect_recall(self, func: str) -> None:
        """Raise GameError naming an information set whose nodes have different own histories.

        Linear in the tree: each node gets, per player, the id of the player's own history
        (the sequence of their (information set, action) pairs above it), interned so that
        equal histories share an id; a set has perfect recall when its nodes share the id.
        """
        n_players = self.n_players
        index = {name: i for i, name in enumerate(self.players)}
        interned: dict[tuple[int, int, int], int] = {}
        history: list[tuple[int, ...]] = [(0,) * n_players] * len(self.nodes)
        for k in range(1, len(self.nodes)):
            a = self.parent[k]
            above = history[a]
            node = self.nodes[a]
            if node.kind == "decision":
                i = index[node.player]
                # the action taken at a to reach k: position of k among a's children
                step = (above[i], self.node_infoset[a], self.action_index[k])
                ids = list(above)
                ids[i] = interned.setdefault(step, len(interned) + 1)
                history[k] = tuple(ids)
            else:
                history[k] = above
        for h in self.infosets:
            first = history[h.nodes[0]][h.player]
            for k in h.nodes[1:]:
                if history[k][h.player] != first:
                    raise GameError(
                        f"{func}: the game lacks perfect recall at information set {h.label!r} "
                        f"(nodes {h.nodes[0]} and {k} follow different own moves); only games "
                        "with perfect recall are supported"
                    )

    def is_subgame_root(self) -> tuple[bool, ...]:
        """For each node: does a subgame start there (no information set crosses its subtree)?"""
        lo = [min(h.nodes) for h in self.infosets]
        hi = [max(h.nodes) for h in self.infosets]
        n = len(self.nodes)
        low, high = list(range(n)), list(range(n))
        for k in range(n - 1, -1, -1):
            h = self.node_infoset[k]
            if h >= 0:
                low[k], high[k] = min(low[k], lo[h]), max(high[k], hi[h])
            for c in self.children[k]:
                low[k], high[k] = min(low[k], low[c]), max(high[k], high[c])
        return tuple(low[k] >= k and high[k] < self.subtree_end[k] for k in range(n))

    def terminal_payoffs(self) -> dict[int, tuple[Any, ...]]:
        """Terminal node id -> payoffs (Fractions or floats when numeric, else sympy)."""
        out = {}
        for k, node in enumerate(self.nodes):
            if node.kind == "terminal":
                if self.is_numeric:
                    out[k] = tuple(_to_number(p) for p in node.payoffs)
                else:
                    out[k] = node.payoffs
        return out

    def chance_probs(self, k: int) -> tuple[Any, ...]:
        """Probabilities at chance node `k` (numbers when numeric)."""
        probs = self.nodes[k].probs
        return tuple(_to_number(p) for p in probs) if self.is_numeric else probs

    def payoff_range(self) -> float:
        """Largest minus smallest terminal payoff (numeric games)."""
        values = [float(v) for pays in self.terminal_payoffs().values() for v in pays]
        return max(values) - min(values) if values else 0.0

    def __repr__(self) -> str:
        kinds = [n.kind for n in self.nodes]
        return (
            f"ExtensiveGame({self.title!r}, players={list(self.players)}, "
            f"{kinds.count('decision')} decision / {kinds.count('chance')} chance / "
            f"{kinds.count('terminal')} terminal nodes, {len(self.infosets)} information sets, "
            f"parameters={[s.name for s in self.parameters]})"
        )

    # ------------------------------------------------------------------ parameters
    def values(self, func: str = "ExtensiveGame.at()", **values: Any) -> dict[str, Any]:
        """Parameter values by name (given ones over defaults), checked, as SymbolicGame's."""
        names = {s.name: s for s in self.parameters}
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise GameError(f"{func}: unknown parameters {unknown}; the game has {sorted(names)}")
        out = {}
        for name in names:
            if name in values:
                value = values[name]
            elif name in self.defaults:
                value = self.defaults[name]
            else:
                raise GameError(f"{func}: no value for parameter {name!r} and no default")
            if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
                try:
                    value = float(value)
                except (TypeError, ValueError):
                    raise GameError(f"{func}: {name} = {value!r} is not a number") from None
            if not math.isfinite(float(value)):
                raise GameError(f"{func}: {name} = {value} is not finite")
            symbol = names[name]
            if symbol.is_positive and not value > 0:
                raise GameError(f"{func}: parameter {name!r} = {value} must be > 0")
            if symbol.is_nonnegative and not value >= 0:
                raise GameError(f"{func}: parameter {name!r} = {value} must be >= 0")
            low, high = self.bounds.get(name, (None, None))
            if (low is not None and value < low) or (high is not None and value > high):
                raise GameError(
                    f"{func}: parameter {name!r} = {value} is outside its bounds "
                    f"[{'-inf' if low is None else low}, {'inf' if high is None else high}]"
                )
            as_expression(func, value, name)  # finite number check
            out[name] = value
        return out

    def at(self, **values: Any) -> ExtensiveGame:
        """The numeric tree at these parameter values (defaults for the rest).

        Raises
        ------
        GameError
            Unknown parameters, missing values, or chance probabilities that are not a
            probability distribution at these values.
        """
        named = self.values("ExtensiveGame.at()", **values)
        subs = {
            s: as_expression("ExtensiveGame.at()", named[s.name], s.name) for s in self.parameters
        }
        root = self.subtree(0, substitute=subs)
        return ExtensiveGame(
            root, self.players, parameters=(), title=self.title, description=self.description
        )

    def subtree(
        self,
        k: int,
        replacements: Mapping[int, Node] | None = None,
        substitute: Mapping[sp.Symbol, Any] | None = None,
    ) -> Node:
        """The subtree at node `k` as a new Node, every information set labelled explicitly.

        `replacements` maps node ids to the Node put in their place (e.g. a terminal holding a
        subgame's equilibrium payoffs); `substitute` maps parameters to values.
        """
        replacements = replacements or {}

        def value(expr: sp.Expr) -> sp.Expr:
            return expr.xreplace(substitute) if substitute else expr

        built: dict[int, Node] = {}
        # children have larger preorder ids than their parent: build bottom-up, no recursion
        for i in range(self.subtree_end[k] - 1, k - 1, -1):
            if i in replacements:
                built[i] = replacements[i]
                continue
            node = self.nodes[i]
            h = self.node_infoset[i]
            built[i] = Node(
                node.kind,
                node.player,
                self.infosets[h].label if h >= 0 else None,
                node.actions,
                tuple(built.pop(c) for c in self.children[i]),
                tuple(value(p) for p in node.probs),
                tuple(value(p) for p in node.payoffs),
                node.label,
            )
        return built[k]
