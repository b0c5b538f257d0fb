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
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

import sympy as sp

from ..errors import GameError, TooLargeError, shown
from ..symbolic import as_expression
from ..tolerance import CONDITION_SLACK, NEGLIGIBLE_PROB, check_tol
from .reduce import _sorted_plans, reduced_normal_form
from .tree import ExtensiveGame, outcome

MAX_COMBINATIONS = 10_000
"""Most combinations of distinct subgame payoff vectors :func:`subgame_perfect` examines at one
subgame before refusing (the work bound; the number of equilibria itself is not bounded)."""

MAX_LISTED = 1_000
"""How many equilibria :func:`subgame_perfect` lists by default; the count is always exact."""

MAX_LISTED_MOVES = 1_000_000
"""Most moves (information sets times equilibria) :func:`subgame_perfect` lists in all."""

Move = str | Mapping[str, float]
Value = int | Fraction | float


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
        The first ``min(count, max_list)`` equilibria.
    complete : bool
        True when every subgame was solved by a complete method (always, under perfect
        information); then `count` counts every pure SPE, and with strategic-form subgames
        every combination of their (extreme) equilibria.
    method : str
        ``"backward induction"``, or ``"backward induction + <solver>"`` when some subgame
        needed a strategic-form solver.
    notes : tuple of str
        Subgames with several equilibria (all of them are combined and counted), continua
        (their extreme points are counted), incomplete solvers; `reason` joins them in one
        line.
    players : tuple of str
    count : int
        The exact number of equilibria found (one per way of breaking each tie, times the
        equilibria of strategic-form subgames), computed without listing them.
    payoff_set : tuple of tuple of float
        The distinct payoff vectors of those equilibria, sorted.
    """

    equilibria: tuple[SubgamePerfect, ...]
    complete: bool
    method: str
    notes: tuple[str, ...]
    players: tuple[str, ...]
    count: int = -1
    payoff_set: tuple[tuple[float, ...], ...] = ()

    def __post_init__(self) -> None:
        if self.count < 0:
            object.__setattr__(self, "count", len(self.equilibria))

    @property
    def listed_all(self) -> bool:
        return len(self.equilibria) == self.count

    @property
    def reason(self) -> str:
        """The `notes` as one line (the :class:`~gametheory.equilibrium.EquilibriumResult`
        member); ``""`` when there are none."""
        return "; ".join(self.notes)

    @property
    def converged(self) -> None:
        """None: backward induction is not iterative."""
        return None

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
            # JSON numbers of more than 4000 digits are written as a string of the digits
            "count": self.count if self.count < 10**_DIGITS_PER_CHUNK else _decimal(self.count),
            "payoff_set": [list(v) for v in self.payoff_set],
            "equilibria": [e.to_dict() for e in self.equilibria],
            "notes": list(self.notes),
            "reason": self.reason,
            "converged": self.converged,
        }


class _Class:
    """The equilibria of one subgame that share a payoff vector: their number, and how each is
    made (this subgame's own moves and one class of each subgame below), kept unexpanded."""

    __slots__ = ("count", "derivations", "values")

    def __init__(self, values: tuple[Value, ...]) -> None:
        self.values = values
        self.count = 0
        self.derivations: list[tuple[dict[str, Move], tuple[_Class, ...]]] = []


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


def _combinations(func: str, lists: list[list[_Class]], where: str) -> Any:
    count = math.prod(len(s) for s in lists)
    if count > MAX_COMBINATIONS:
        raise TooLargeError(
            f"{func}: {where} combines {count:,} distinct payoff vectors of its subgames, more "
            f"than MAX_COMBINATIONS = {MAX_COMBINATIONS:,}; perturb the tied payoffs or "
            "analyse a smaller game"
        )
    return product(*lists)


def _exact_value(value: Any) -> Value:
    """Fractions stay exact (whole ones become ints, which compare and add much faster);
    anything else becomes a float."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, int):
        return value
    return float(value)


def _own_ranges(game: ExtensiveGame, pays: dict[int, tuple[Value, ...]]) -> list[list[float]]:
    """For each player, the range (max - min) of the player's terminal payoffs in each
    node's subtree: the scale on which the player's ties are judged there."""
    n = len(game.nodes)
    out = []
    for i in range(game.n_players):
        lo, hi = [math.inf] * n, [-math.inf] * n
        for k in range(n - 1, -1, -1):
            if k in pays:
                lo[k] = hi[k] = float(pays[k][i])
            for c in game.children[k]:
                lo[k], hi[k] = min(lo[k], lo[c]), max(hi[k], hi[c])
        out.append([h - lo_ for lo_, h in zip(lo, hi, strict=True)])
    return out


def _optimal(values: list[Value], rel: float, own_range: float) -> list[int]:
    """Indices of the values the mover counts as best.

    Exact numbers (ints and Fractions) are compared exactly. Floats tie within ``rel`` times the
    mover's own payoff range below this node, plus a few units of float rounding of the
    values themselves; never on the scale of other players' payoffs or other parts of the tree.
    """
    best = max(values)
    if all(isinstance(v, (int, Fraction)) for v in values):
        return [a for a, v in enumerate(values) if v == best]
    rounding = 16 * sys.float_info.epsilon * max(abs(float(v)) for v in values)
    atol = rel * own_range + rounding
    return [a for a, v in enumerate(values) if float(v) >= float(best) - atol]


def subgame_perfect(
    game: ExtensiveGame,
    tol: float | None = None,
    method: str = "auto",
    max_list: int = MAX_LISTED,
) -> SPEResult:
    """All subgame-perfect equilibria found by backward induction over subgames.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric game (call ``.at(...)`` on one with parameters) with perfect recall.
    tol : float, optional
        Relative tolerance for ties between float values at a decision: times the mover's
        own payoff range below that node. Rational payoffs (``.efg`` files, integer or
        Fraction payoffs) are compared exactly.
    method : str
        The :func:`gametheory.solve` method for subgames that are not single decisions.
    max_list : int
        How many equilibria to list; `count` and `payoff_set` are exact whatever it is.

    Returns
    -------
    SPEResult
        Under perfect information: every pure SPE, one per way of breaking each tie.

    Raises
    ------
    GameError
        A game with parameters, without perfect recall, an unknown `method`, or a subgame
        combining more than :data:`MAX_COMBINATIONS` distinct payoff vectors of its subgames.

    References
    ----------
    Selten, R. (1965), "Spieltheoretische Behandlung eines Oligopolmodells mit
    Nachfrageträgheit"; Fudenberg, D. and Tirole, J. (1991), *Game Theory*, MIT Press, ch. 3.
    """
    from ..solvers import METHODS, solve

    func = "subgame_perfect()"
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{func}: expected an ExtensiveGame, got {type(game).__name__}")
    if not game.is_numeric:
        raise GameError(
            f"{func}: the game has parameters {[s.name for s in game.parameters]}; call "
            ".at(...) for numbers, or spe_conditions() for the symbolic conditions"
        )
    if not isinstance(method, str) or (method != "auto" and method not in METHODS):
        raise GameError(
            f"{func}: unknown method {shown(method)}; choose 'auto' or one of {sorted(METHODS)}"
        )
    if isinstance(max_list, bool) or not isinstance(max_list, int) or max_list < 0:
        raise GameError(f"{func}: max_list must be an integer >= 0, got {max_list!r}")
    rel = check_tol("subgame_perfect", tol)
    game.check_perfect_recall(func)
    roots = game.is_subgame_root()
    pays = {k: tuple(_exact_value(v) for v in vs) for k, vs in game.terminal_payoffs().items()}
    _check_payoffs(pays, func)
    ranges = _own_ranges(game, pays)
    solved: dict[int, list[_Class]] = {}
    notes: list[str] = []
    complete, solver_used = True, None
    for k in range(len(game.nodes) - 1, -1, -1):
        if not roots[k]:
            continue
        node = game.nodes[k]
        if node.kind == "terminal":
            leaf = _Class(pays[k])
            leaf.count = 1
            leaf.derivations.append(({}, ()))
            solved[k] = [leaf]
            continue
        frontier = _frontier(game, k, roots)
        where = f"node {k}" + (f" ({shown(node.label)})" if node.label else "")
        lists = [solved.pop(f) for f in frontier]
        classes: dict[tuple[Value, ...], _Class] = {}
        if frontier == list(game.children[k]):
            probs = [_exact_value(p) for p in game.chance_probs(k)] if node.kind == "chance" else []
            h = game.node_infoset[k]
            for combo in _combinations(func, lists, where):
                if node.kind == "chance":
                    values = tuple(
                        sum((p * c.values[i] for p, c in zip(probs, combo, strict=True)), 0)
                        for i in range(game.n_players)
                    )
                    _add(classes, values, {}, combo)
                    continue
                i = game.infosets[h].player
                label = game.infosets[h].label
                for a in _optimal([c.values[i] for c in combo], rel, ranges[i][k]):
                    _add(classes, combo[a].values, {label: node.actions[a]}, combo)
        else:
            for combo in _combinations(func, lists, where):
                repl = {f: outcome(*c.values) for f, c in zip(frontier, combo, strict=True)}
                sub = ExtensiveGame(game.subtree(k, repl), game.players)
                result = solve(reduced_normal_form(sub), method=method, tol=tol)
                solver_used = result.method
                complete = complete and result.complete
                if len(result.equilibria) > 1:
                    notes.append(
                        f"the subgame at {where} has {len(result.equilibria)} equilibria "
                        f"({result.method}); each is combined with the rest and counted"
                    )
                if result.has_continuum:
                    notes.append(
                        f"the subgame at {where} has a continuum of equilibria; its extreme "
                        "points are counted"
                    )
                if not result.complete:
                    notes.append(f"the solver {result.method} is not complete at {where}")
                for eq in result.equilibria:
                    values = tuple(float(v) for v in eq.payoffs)
                    _add(classes, values, _behaviour(sub, eq.strategies), combo)
        solved[k] = list(classes.values())
    top = solved[0]
    count = sum(c.count for c in top)
    # the listed profiles hold at most MAX_LISTED_MOVES moves in all (bounded memory)
    affordable = max(1, MAX_LISTED_MOVES // max(1, len(game.infosets)))
    listed = [_profile(top, j) for j in range(min(max_list, count, affordable))]
    method_name = "backward induction" + (f" + {solver_used}" if solver_used else "")
    equilibria = tuple(
        SubgamePerfect(_ordered(game, moves), tuple(float(v) for v in values))
        for moves, values in listed
    )
    payoff_set = tuple(sorted({tuple(float(v) for v in c.values) for c in top}))
    return SPEResult(
        equilibria, complete, method_name, tuple(notes), game.players, count, payoff_set
    )


def _add(classes: dict, values: tuple[Value, ...], own: dict[str, Move], combo: tuple) -> None:
    """Count the equilibria made of `own` moves and the subgame classes `combo`."""
    cls = classes.get(values)
    if cls is None:
        cls = classes[values] = _Class(values)
    cls.count += math.prod(c.count for c in combo)
    cls.derivations.append((own, combo))


_DIGITS_PER_CHUNK = 4000
"""Digits converted at a time by :func:`_decimal` (Python refuses ``str()`` of an int with more
than 4300 digits by default; the full tic-tac-toe has an SPE count of 22,651 digits)."""


def _decimal(count: int) -> str:
    """The exact decimal digits of a non-negative integer of any size.

    >>> _decimal(10**9000) == "1" + "0" * 9000
    True
    """
    chunk = 10**_DIGITS_PER_CHUNK
    parts = []
    while count >= chunk:
        count, low = divmod(count, chunk)
        parts.append(str(low).zfill(_DIGITS_PER_CHUNK))
    parts.append(str(count))
    return "".join(reversed(parts))


def _count_text(count: int) -> str:
    """An exact count, or its magnitude when it has more than 30 digits.

    >>> _count_text(4741632), _count_text(10**40), _count_text(3 * 10**5000)
    ('4,741,632', 'about 1.0e40', 'about 3.0e5000')
    """
    if count < 10**30:
        return f"{count:,}"
    text = _decimal(count)
    return f"about {text[0]}.{text[1]}e{len(text) - 1}"


def _check_payoffs(pays: dict[int, tuple[Value, ...]], func: str) -> None:
    """Refuse payoffs beyond MAX_PAYOFF in magnitude, as solve() does."""
    from ..game import MAX_PAYOFF

    for k, values in pays.items():
        for v in values:
            if not abs(v) <= MAX_PAYOFF:
                raise GameError(
                    f"{func}: terminal node {k} has the payoff {shown(v)}; payoffs must be at "
                    f"most {MAX_PAYOFF:g} in magnitude (divide them by a common factor)"
                )


def _profile(top: list[_Class], j: int) -> tuple[dict[str, Move], tuple[Value, ...]]:
    """Equilibrium number `j` (from 0) of the classes `top`, built from the counts alone.

    The equilibria of a class are numbered derivation by derivation; within a derivation, by
    the mixed-radix digits of the subgames' own numbers (the first subgame varying slowest).
    No list of equilibria is ever built, and there is no recursion.
    """
    moves: dict[str, Move] = {}
    for cls in top:
        if j < cls.count:
            values = cls.values
            break
        j -= cls.count
    stack = [(cls, j)]
    while stack:
        cls, j = stack.pop()
        for derivation in cls.derivations:
            size = math.prod(c.count for c in derivation[1])
            if j < size:
                break
            j -= size
        own, kids = derivation
        moves.update(own)
        for c in reversed(kids):
            j, digit = divmod(j, c.count)
            stack.append((c, digit))
    return moves, values


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
            if total <= NEGLIGIBLE_PROB:
                out[info.label] = "*"
                continue
            probs = {a: m / total for a, m in mass.items() if m / total > NEGLIGIBLE_PROB}
            if len(probs) == 1:
                out[info.label] = next(iter(probs))
            else:
                out[info.label] = probs
    return out


# ----------------------------------------------------------------------------- symbolic
@dataclass(frozen=True)
class PreferenceCondition:
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

    def holds(self, tol: float = CONDITION_SLACK, **values: Any) -> bool:
        """Whether the condition holds at these parameter values (ties count as holding)."""
        subs = {s: values[s.name] for s in self.margin.free_symbols if s.name in values}
        value = self.margin.xreplace(
            {k: as_expression("PreferenceCondition.holds()", v, k.name) for k, v in subs.items()}
        )
        if value.free_symbols:
            missing = sorted(s.name for s in value.free_symbols)
            raise GameError(f"PreferenceCondition.holds(): no value for {missing}")
        return float(value) >= -tol

    def solve_for(self, name: str) -> str:
        """The condition as a bound on one parameter, when it is linear in it.

        >>> x, y = sp.symbols("x y", positive=True)
        >>> PreferenceCondition("h", "A", "a", "b", 2 * x - y).solve_for("x")
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


def _node_conditions(game, k, action, value, func) -> list[PreferenceCondition]:
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
        out.append(
            PreferenceCondition(label, node.player, action, alt, sp.expand(chosen[i] - value[c][i]))
        )
    return out


def spe_conditions(
    game: ExtensiveGame, moves: Mapping[str, str]
) -> tuple[PreferenceCondition, ...]:
    """The conditions under which the pure strategy profile `moves` is subgame perfect.

    For a game of perfect information (numeric or symbolic) and an action at every decision
    node, the profile is an SPE exactly when every returned :class:`PreferenceCondition` holds:
    at each node the chosen action is at least as good for the mover as each alternative, play after
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
    out: list[PreferenceCondition] = []
    for h in game.infosets:
        out.extend(_node_conditions(game, h.nodes[0], moves[h.label], value, func))
    return tuple(out)


def credibility(
    game: ExtensiveGame, infoset: str, action: str, moves: Mapping[str, str] | None = None
) -> tuple[PreferenceCondition, ...]:
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
