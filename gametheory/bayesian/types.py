"""Games of incomplete information: players with types drawn from a common prior (Harsanyi 1967).

A :class:`BayesianGame` has, for each player, a finite set of types and of actions; a prior
over type profiles; and payoffs that depend on the type profile and the action profile. Its
*ex-ante* strategic form (a strategy is one action per own type; payoffs are expected over the
prior) is a :class:`~gametheory.symbolic.SymbolicGame`, so every solver applies: with every
type of positive prior probability its Nash equilibria are the Bayesian Nash equilibria. The
*agent* form has one player per (player, type).

>>> import sympy as sp
>>> p = sp.Symbol("p", positive=True)
>>> g = BayesianGame(["A", "B"], [["hi"], ["lo", "hi"]], [["C", "D"], ["C", "D"]],
...                  prior={("hi", "lo"): 1 - p, ("hi", "hi"): p},
...                  payoff=lambda t, a: (1 if a[0] == a[1] else 0, 1 if a[1] == "C" else 0),
...                  defaults={"p": 0.5})
>>> g.ex_ante_form().actions[1]
('lo:C/hi:C', 'lo:C/hi:D', 'lo:D/hi:C', 'lo:D/hi:D')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import sympy as sp

from ..errors import GameError, TooLargeError
from ..symbolic import SymbolicGame, as_expression
from ..tolerance import NEGLIGIBLE_PROB, PROB_SUM_TOL

MAX_STRATEGIES = 4096
"""Most ex-ante strategies (actions ** types) one player may have."""


def _names(func: str, what: str, seq: Any) -> tuple[str, ...]:
    """`seq` as a tuple of unique names (players, types, messages, actions), or GameError."""
    if isinstance(seq, str) or not isinstance(seq, Sequence) or not seq:
        raise GameError(f"{func}: {what} must be a non-empty sequence of names, got {seq!r}")
    out = tuple(str(s) for s in seq)
    if len(set(out)) != len(out):
        raise GameError(f"{func}: {what} must be unique, got {list(out)}")
    return out


def check_prior(
    func: str, prior: Mapping[str, sp.Expr], marginals: Mapping[str, sp.Expr] | None = None
) -> tuple[sp.Rel, ...]:
    """Refuse a prior that is not a probability distribution; return its constraints.

    `prior` maps a label (``"prior[('S', 'X')]"``) to a probability; `marginals` (checked
    first, not summed) are the probabilities of each type. Numbers must lie in [0, 1] and
    the prior must sum to 1; an expression in parameters gives the constraints
    ``0 <= q`` and ``q <= 1`` that the strategic forms carry, so that values making it a
    non-probability (``p = 2``) are refused wherever parameter values are checked.

    >>> p = sp.Symbol("p", nonnegative=True)
    >>> check_prior("f()", {"a": p, "b": 1 - p})
    (p <= 1, 1 - p >= 0)
    >>> check_prior("f()", {"a": sp.Rational(-1, 2), "b": sp.Rational(3, 2)})
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: f(): a = -1/2 is not a probability (must be in [0, 1])
    """
    constraints: list[sp.Rel] = []
    for label, q in {**(marginals or {}), **prior}.items():
        if q.is_number:
            if not 0 <= float(q) <= 1:
                value = q if q.is_Rational else float(q)
                raise GameError(
                    f"{func}: {label} = {value} is not a probability (must be in [0, 1])"
                )
            continue
        for rel in (q >= 0, q <= 1):
            if rel is sp.false:
                raise GameError(f"{func}: {label} = {q} can never be a probability")
            if rel is not sp.true and rel not in constraints:
                constraints.append(rel)
    total = sp.simplify(sum(prior.values()))
    off = abs(float(total) - 1) > PROB_SUM_TOL if total.is_number else sp.simplify(total - 1) != 0
    if off:
        raise GameError(f"{func}: the prior sums to {total}, not 1")
    return tuple(constraints)


def null_types(priors: Mapping[str, sp.Expr], values: Mapping[str, Any]) -> list[str]:
    """The labels whose prior probability is 0 at these parameter values (their actions in an
    equilibrium are arbitrary: they are never played)."""
    out = []
    for label, q in priors.items():
        subs = {s: values[s.name] for s in q.free_symbols if s.name in values}
        v = q.xreplace({k: sp.nsimplify(x) for k, x in subs.items()})
        if v.is_number and float(v) == 0:
            out.append(label)
    return out


class BayesianGame:
    """A finite game with types and a common prior.

    Parameters
    ----------
    players : sequence of str
    types : sequence of sequence of str
        Each player's type names.
    actions : sequence of sequence of str
        Each player's action names (the same for all its types).
    prior : mapping
        Probability (number or sympy expression) of each type profile, keyed by tuples of type
        names; profiles not listed have probability 0. Must sum to 1.
    payoff : callable
        ``payoff(type_profile, action_profile) -> sequence`` of one payoff per player (numbers
        or sympy expressions), called with tuples of names.
    parameters, defaults, title, description
        As for :class:`~gametheory.symbolic.SymbolicGame`.
    """

    def __init__(
        self,
        players: Sequence[str],
        types: Sequence[Sequence[str]],
        actions: Sequence[Sequence[str]],
        prior: Mapping[tuple[str, ...], Any],
        payoff: Callable[[tuple[str, ...], tuple[str, ...]], Sequence[Any]],
        parameters: Sequence[sp.Symbol] | None = None,
        defaults: Mapping[str, Any] | None = None,
        title: str = "",
        description: str = "",
    ) -> None:
        func = "BayesianGame()"
        self.players = _names(func, "players", players)
        n = len(self.players)
        if len(types) != n or len(actions) != n:
            raise GameError(f"{func}: give types and actions for each of the {n} players")
        self.types = tuple(
            _names(func, f"types of {p}", t) for p, t in zip(players, types, strict=False)
        )
        self.actions = tuple(
            _names(func, f"actions of {p}", a) for p, a in zip(players, actions, strict=False)
        )
        self.prior: dict[tuple[str, ...], sp.Expr] = {}
        for key, value in prior.items():
            key = tuple(str(k) for k in key)
            if len(key) != n or any(t not in ts for t, ts in zip(key, self.types, strict=False)):
                raise GameError(f"{func}: prior key {key} is not a type profile of {self.types}")
            self.prior[key] = as_expression(func, value, f"prior{list(key)}")
        self.type_priors = {
            f"{p}'s type {t}": sp.simplify(
                sum((q for k, q in self.prior.items() if k[i] == t), sp.Integer(0))
            )
            for i, p in enumerate(self.players)
            for t in self.types[i]
        }
        self.prior_constraints = check_prior(
            func,
            {f"prior{list(k)}": q for k, q in self.prior.items()},
            self.type_priors,
        )
        self.table: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[sp.Expr, ...]] = {}
        for t in self.prior:
            for a in product(*self.actions):
                values = tuple(payoff(t, a))
                if len(values) != n:
                    raise GameError(f"{func}: payoff{t, a} gave {len(values)} values, expected {n}")
                self.table[(t, a)] = tuple(
                    as_expression(func, v, f"payoff{t, a}[{i}]") for i, v in enumerate(values)
                )
        for i, (ts, acts) in enumerate(zip(self.types, self.actions, strict=False)):
            if len(acts) ** len(ts) > MAX_STRATEGIES:
                raise TooLargeError(
                    f"{func}: {self.players[i]} has {len(acts)}**{len(ts)} = "
                    f"{len(acts) ** len(ts):,} ex-ante strategies, more than MAX_STRATEGIES = "
                    f"{MAX_STRATEGIES}; use agent_form(), which grows linearly in the types"
                )
        free: set[sp.Symbol] = set()
        for expr in list(self.prior.values()) + [v for vs in self.table.values() for v in vs]:
            free |= expr.free_symbols
        self.parameters = (
            tuple(sorted(free, key=lambda s: s.name)) if parameters is None else tuple(parameters)
        )
        self.defaults = dict(defaults or {})
        self.title, self.description = title, description

    # ------------------------------------------------------------------ forms
    def strategies(self, player: int) -> tuple[tuple[str, ...], ...]:
        """A player's ex-ante strategies: one action per own type, in type order."""
        return tuple(product(*[self.actions[player]] * len(self.types[player])))

    def strategy_name(self, player: int, strategy: Sequence[str]) -> str:
        """``"S:C/X:D"``: action C for type S, D for type X (just ``"C"`` with one type).

        No commas, so that the CLI's ``--profile a,b`` can name these strategies.
        """
        if len(self.types[player]) == 1:
            return strategy[0]
        return "/".join(f"{t}:{a}" for a, t in zip(strategy, self.types[player], strict=True))

    def marginal(self, player: int, type_: str) -> sp.Expr:
        """Prior probability that `player` has type `type_`."""
        k = self.types[player].index(type_)
        return sp.simplify(
            sum(q for t, q in self.prior.items() if t[player] == self.types[player][k])
        )

    def _expected(self, plan: Sequence[Sequence[str]]) -> list[sp.Expr]:
        """Ex-ante payoffs when player i of type t plays ``plan[i][index of t]``."""
        total = [sp.Integer(0)] * len(self.players)
        for t, q in self.prior.items():
            a = tuple(plan[i][self.types[i].index(t[i])] for i in range(len(self.players)))
            for i, v in enumerate(self.table[(t, a)]):
                total[i] += q * v
        return [sp.expand(v) for v in total]

    def ex_ante_form(self) -> SymbolicGame:
        """The ex-ante strategic form: strategies are type -> action maps, payoffs expected."""
        strategies = [self.strategies(i) for i in range(len(self.players))]
        shape = [len(s) for s in strategies]
        tables = [sp.MutableDenseNDimArray.zeros(*shape) for _ in self.players]
        for index in product(*[range(n) for n in shape]):
            plan = [strategies[i][index[i]] for i in range(len(self.players))]
            for i, v in enumerate(self._expected(plan)):
                tables[i][index] = v
        game = SymbolicGame(
            [t.tolist() for t in tables],
            parameters=self.parameters,
            defaults=self.defaults,
            players=self.players,
            actions=[
                [self.strategy_name(i, s) for s in strategies[i]] for i in range(len(self.players))
            ],
            title=self.title + " (ex-ante form)",
            description=self.description,
            constraints=self.prior_constraints,
        )
        game.type_priors = self.type_priors  # for the note on types of prior probability 0
        return game

    def agent_form(self) -> SymbolicGame:
        """The agent form: one player ``"A|t"`` per player and type, payoffs weighted by prior."""
        agents = [(i, t) for i in range(len(self.players)) for t in self.types[i]]
        shape = [len(self.actions[i]) for i, _ in agents]
        tables = [sp.MutableDenseNDimArray.zeros(*shape) for _ in agents]
        for index in product(*[range(n) for n in shape]):
            chosen = {
                agent: self.actions[agent[0]][k] for agent, k in zip(agents, index, strict=False)
            }
            for t, q in self.prior.items():
                a = tuple(chosen[(i, t[i])] for i in range(len(self.players)))
                pays = self.table[(t, a)]
                for j, (i, ti) in enumerate(agents):
                    if t[i] == ti:
                        tables[j][index] += q * pays[i]
        game = SymbolicGame(
            [t.applyfunc(sp.expand).tolist() for t in tables],
            parameters=self.parameters,
            defaults=self.defaults,
            players=[f"{self.players[i]}|{t}" for i, t in agents],
            actions=[self.actions[i] for i, _ in agents],
            title=self.title + " (agent form)",
            description=self.description,
            constraints=self.prior_constraints,
        )
        game.type_priors = self.type_priors
        return game

    def interim_gains(self, plan: Sequence[Sequence[str]]) -> dict[tuple[str, str, str], sp.Expr]:
        """Each type's gain from deviating, conditional on its type, at a pure profile.

        `plan[i]` lists player i's action for each of its types. Returns
        ``{(player, type, deviation): gain}`` for types of positive prior; the profile is a
        Bayesian Nash equilibrium exactly when no gain is positive.
        """
        out = {}
        n = len(self.players)
        for i in range(n):
            for ti in self.types[i]:
                weight = self.marginal(i, ti)
                if weight == 0:
                    continue
                for dev in self.actions[i]:
                    if dev == plan[i][self.types[i].index(ti)]:
                        continue
                    gain = sp.Integer(0)
                    for t, q in self.prior.items():
                        if t[i] != ti:
                            continue
                        a = [plan[j][self.types[j].index(t[j])] for j in range(n)]
                        base = self.table[(t, tuple(a))][i]
                        a[i] = dev
                        gain += q * (self.table[(t, tuple(a))][i] - base)
                    out[(self.players[i], ti, dev)] = sp.simplify(gain / weight)
        return out


@dataclass(frozen=True)
class BayesNash:
    """A Bayesian Nash equilibrium as behaviour: ``behaviour[player][type][action]``.

    `payoffs` are ex-ante expected payoffs (over the prior).
    """

    behaviour: Mapping[str, Mapping[str, Mapping[str, float]]]
    payoffs: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "behaviour": {
                player: {t: dict(actions) for t, actions in per_type.items()}
                for player, per_type in self.behaviour.items()
            },
            "payoffs": [float(v) for v in self.payoffs],
        }


@dataclass(frozen=True)
class BayesianResult:
    """What :func:`bayesian_equilibria` returns (an
    :class:`~gametheory.equilibrium.EquilibriumResult`): the equilibria and the flags of the
    solver that ran on the ex-ante form.

    Attributes
    ----------
    equilibria : tuple of BayesNash
    complete, method, reason, converged
        As in the :class:`~gametheory.equilibrium.SolveResult` of the ex-ante form.
    """

    equilibria: tuple[BayesNash, ...]
    complete: bool
    method: str
    reason: str = ""
    converged: bool | None = None

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "complete": self.complete,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "reason": self.reason,
            "converged": self.converged,
        }


def bayesian_equilibria(
    game: BayesianGame, tol: float | None = None, method: str = "auto", **values: Any
) -> BayesianResult:
    """The Bayesian Nash equilibria, from the ex-ante form solved by :func:`gametheory.solve`.

    Each ex-ante mixed strategy becomes, for each type, the probability of each action (the
    marginal of the mixture; equivalent when every type has positive prior). Returns the
    equilibria with the solver's ``complete``, ``method``, ``reason`` and ``converged``.

    >>> from gametheory.deterrence.trust import security_dilemma_types
    >>> result = bayesian_equilibria(security_dilemma_types(), p=0.75)
    >>> [e.behaviour["A"]["seeker"] for e in result][0], result.complete
    ({'C': 1.0}, True)
    """
    from ..solvers import solve

    form = game.ex_ante_form().at(**values)
    result = solve(form, method=method, tol=tol)
    out = []
    for eq in result.equilibria:
        behaviour: dict[str, dict[str, dict[str, float]]] = {}
        for i, player in enumerate(game.players):
            per_type: dict[str, dict[str, float]] = {t: {} for t in game.types[i]}
            for plan, q in zip(game.strategies(i), eq.strategies[i], strict=True):
                if q <= NEGLIGIBLE_PROB:
                    continue
                for t, a in zip(game.types[i], plan, strict=True):
                    per_type[t][a] = per_type[t].get(a, 0.0) + float(q)
            behaviour[player] = per_type
        out.append(BayesNash(behaviour, tuple(float(v) for v in eq.payoffs)))
    return BayesianResult(
        tuple(out), result.complete, result.method, result.reason, result.converged
    )
