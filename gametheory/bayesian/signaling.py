"""Signaling games and their perfect Bayesian equilibria.

A sender of privately known type ``t`` (prior ``p_t``) sends a message ``m`` at cost
``c(t, m)``; the receiver sees ``m``, not ``t``, and takes an action ``a``. Payoffs are
``u_S(t, a) - c(t, m)`` and ``u_R(t, a)``.

A *perfect Bayesian equilibrium* (Fudenberg & Tirole 1991, sec. 8.2) is a sender strategy, a
receiver strategy and beliefs such that each type's messages are optimal given the receiver's
strategy, the receiver's action after every message is optimal given its belief there, and
the belief is given by Bayes' rule after every message some type sends. **Off the path** (a
message no type sends) the belief may be any distribution over types: that is the restriction
this module states and applies, and each equilibrium reports the range of beliefs that
support the receiver's off-path action.

:func:`perfect_bayesian` finds them from the Nash equilibria of the ex-ante strategic form
(every solver applies), keeping those whose off-path actions some belief supports, and
classifies each as *separating* (types send disjoint messages), *pooling* (every type sends
the same message distribution) or *semi-separating* (the rest). The separating equilibria's
conditions, symbolically, are in :mod:`gametheory.bayesian.separating`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import sympy as sp

from ..errors import GameError, TooLargeError
from ..symbolic import SymbolicGame, as_expression
from ..tolerance import (
    NEGLIGIBLE_PROB,
    POOLING_TOL,
    SAME_PROFILE_TOL,
    SUPPORT_PROB,
    absolute_tol,
    check_tol,
)
from .types import _names, check_prior

MAX_STRATEGIES = 4096
"""Most pure strategies (messages ** types, or actions ** messages) a side may have."""


def _table(func, what, value, rows, cols) -> tuple[tuple[sp.Expr, ...], ...]:
    try:
        out = tuple(
            tuple(as_expression(func, value[r][c], f"{what}[{r!r}][{c!r}]") for c in cols)
            for r in rows
        )
    except (KeyError, IndexError, TypeError):
        raise GameError(
            f"{func}: {what} must map each of {list(rows)} to a value for each of {list(cols)}"
        ) from None
    return out


class SignalingGame:
    """A sender-receiver game with types, costly messages and receiver actions.

    Parameters
    ----------
    types : sequence of str
    prior : mapping of type -> probability (number or sympy expression)
    messages : sequence of str
    actions : sequence of str
        The receiver's actions.
    sender_payoff, receiver_payoff : mapping type -> mapping action -> value
        ``u_S(t, a)`` (before message costs) and ``u_R(t, a)``.
    cost : mapping type -> mapping message -> value
        The cost ``c(t, m)`` the sender pays for a message.
    players : pair of str
    parameters, defaults, title, description
        As for :class:`~gametheory.symbolic.SymbolicGame`.

    Examples
    --------
    >>> g = SignalingGame(["hi", "lo"], {"hi": 0.5, "lo": 0.5}, ["m", "n"], ["a", "b"],
    ...                   sender_payoff={"hi": {"a": 1, "b": 0}, "lo": {"a": 1, "b": 0}},
    ...                   receiver_payoff={"hi": {"a": 1, "b": 0}, "lo": {"a": 0, "b": 1}},
    ...                   cost={"hi": {"m": 0.2, "n": 0}, "lo": {"m": 2, "n": 0}})
    >>> sorted({e.kind for e in perfect_bayesian(g).equilibria})
    ['pooling', 'separating']
    """

    def __init__(
        self,
        types: Sequence[str],
        prior: Mapping[str, Any],
        messages: Sequence[str],
        actions: Sequence[str],
        sender_payoff: Mapping[str, Mapping[str, Any]],
        receiver_payoff: Mapping[str, Mapping[str, Any]],
        cost: Mapping[str, Mapping[str, Any]],
        players: Sequence[str] = ("Sender", "Receiver"),
        parameters: Sequence[sp.Symbol] | None = None,
        defaults: Mapping[str, Any] | None = None,
        title: str = "",
        description: str = "",
    ) -> None:
        func = "SignalingGame()"
        self.types = _names(func, "types", types)
        self.messages = _names(func, "messages", messages)
        self.actions = _names(func, "actions", actions)
        self.players = _names(func, "players", players)
        if len(self.players) != 2:
            raise GameError(f"{func}: needs two players (sender, receiver), got {self.players}")
        try:
            self.prior = tuple(as_expression(func, prior[t], f"prior[{t!r}]") for t in self.types)
        except KeyError as err:
            raise GameError(f"{func}: no prior probability for type {err.args[0]!r}") from None
        self.type_priors = {
            f"{self.players[0]}'s type {t}": q for t, q in zip(self.types, self.prior, strict=True)
        }
        self.prior_constraints = check_prior(func, self.type_priors)
        self.sender_payoff = _table(func, "sender_payoff", sender_payoff, self.types, self.actions)
        self.receiver_payoff = _table(
            func, "receiver_payoff", receiver_payoff, self.types, self.actions
        )
        self.cost = _table(func, "cost", cost, self.types, self.messages)
        for what, n in (
            ("sender", len(self.messages) ** len(self.types)),
            ("receiver", len(self.actions) ** len(self.messages)),
        ):
            if n > MAX_STRATEGIES:
                raise TooLargeError(
                    f"{func}: the {what} has {n:,} pure strategies, more than MAX_STRATEGIES = "
                    f"{MAX_STRATEGIES}; use fewer messages, actions or types"
                )
        free: set[sp.Symbol] = set()
        for expr in self._expressions():
            free |= expr.free_symbols
        self.parameters = (
            tuple(sorted(free, key=lambda s: s.name)) if parameters is None else tuple(parameters)
        )
        self.defaults = dict(defaults or {})
        self.title, self.description = title, description

    def _expressions(self) -> list[sp.Expr]:
        rows = self.sender_payoff + self.receiver_payoff + self.cost
        return list(self.prior) + [v for row in rows for v in row]

    @property
    def is_numeric(self) -> bool:
        return not self.parameters

    # ------------------------------------------------------------------ payoffs and forms
    def sender_utility(self, t: int, m: int, a: int) -> sp.Expr:
        """``u_S(t, a) - c(t, m)`` by indices."""
        return self.sender_payoff[t][a] - self.cost[t][m]

    def sender_strategies(self) -> list[tuple[int, ...]]:
        """Message index for each type, every combination."""
        return list(product(range(len(self.messages)), repeat=len(self.types)))

    def receiver_strategies(self) -> list[tuple[int, ...]]:
        """Action index for each message, every combination."""
        return list(product(range(len(self.actions)), repeat=len(self.messages)))

    def _sender_name(self, s: Sequence[int]) -> str:
        return "/".join(f"{t}:{self.messages[m]}" for m, t in zip(s, self.types, strict=True))

    def _receiver_name(self, r: Sequence[int]) -> str:
        return "/".join(f"{m}:{self.actions[a]}" for a, m in zip(r, self.messages, strict=True))

    def strategic_form(self) -> SymbolicGame:
        """The ex-ante strategic form: sender strategies map types to messages, receiver
        strategies map messages to actions; payoffs are expected over the prior."""
        ss, rs = self.sender_strategies(), self.receiver_strategies()
        a_tab = [[sp.Integer(0)] * len(rs) for _ in ss]
        b_tab = [[sp.Integer(0)] * len(rs) for _ in ss]
        for x, s in enumerate(ss):
            for y, r in enumerate(rs):
                for t, p in enumerate(self.prior):
                    a = r[s[t]]
                    a_tab[x][y] += p * self.sender_utility(t, s[t], a)
                    b_tab[x][y] += p * self.receiver_payoff[t][a]
        game = SymbolicGame(
            [[[sp.expand(v) for v in row] for row in tab] for tab in (a_tab, b_tab)],
            parameters=self.parameters,
            defaults=self.defaults,
            players=self.players,
            actions=[[self._sender_name(s) for s in ss], [self._receiver_name(r) for r in rs]],
            title=self.title + " (strategic form)",
            description=self.description,
            constraints=self.prior_constraints,
        )
        game.type_priors = self.type_priors  # for the note on types of prior probability 0
        return game

    def tree(self):
        """The game tree: chance draws the type, the sender (one information set per type)
        sends a message, the receiver (one information set per message) acts."""
        from ..extensive.tree import ExtensiveGame, chance, move, outcome

        sender, receiver = self.players
        branches = {}
        for t, (name, p) in enumerate(zip(self.types, self.prior, strict=True)):
            per_message = {}
            for m, msg in enumerate(self.messages):
                ends = {
                    act: outcome(self.sender_utility(t, m, a), self.receiver_payoff[t][a])
                    for a, act in enumerate(self.actions)
                }
                per_message[msg] = move(receiver, ends, infoset=f"{receiver}|{msg}")
            branches[name] = (p, move(sender, per_message, infoset=f"{sender}|{name}"))
        return ExtensiveGame(
            chance(branches),
            self.players,
            parameters=self.parameters,
            defaults=self.defaults,
            title=self.title,
            description=self.description,
            # a prior that is one parameter is a probability: p = 1.5 is refused by name
            bounds={q.name: (0, 1) for q in self.prior if isinstance(q, sp.Symbol)},
        )

    def at(self, **values: Any) -> SignalingGame:
        """The numeric game at these parameter values (defaults for the rest)."""
        subs = self.strategic_form().values("SignalingGame.at()", **values)
        sym = {s: subs[s.name] for s in self.parameters}

        def num(expr: sp.Expr) -> sp.Expr:
            return expr.xreplace({k: as_expression("at", v, k.name) for k, v in sym.items()})

        def rows(tab, cols):
            return {
                r: {c: num(tab[i][j]) for j, c in enumerate(cols)} for i, r in enumerate(self.types)
            }

        return SignalingGame(
            self.types,
            {t: num(p) for t, p in zip(self.types, self.prior, strict=True)},
            self.messages,
            self.actions,
            rows(self.sender_payoff, self.actions),
            rows(self.receiver_payoff, self.actions),
            rows(self.cost, self.messages),
            players=self.players,
            parameters=(),
            title=self.title,
            description=self.description,
        )


# ----------------------------------------------------------------------------- equilibria
@dataclass(frozen=True)
class PBE:
    """A perfect Bayesian equilibrium of a signaling game.

    Attributes
    ----------
    sender : Mapping[str, Mapping[str, float]]
        Each type's probability of each message (messages sent with positive probability).
    receiver : Mapping[str, Mapping[str, float]]
        Each message's action probabilities (off-path messages included).
    beliefs : Mapping[str, Mapping[str, float]]
        The receiver's belief over types after each message: Bayes' rule on the path; off the
        path, one supporting belief (any belief in `off_path` would do).
    off_path : Mapping[str, tuple[float, float]]
        For each message no type sends: the least and greatest probability of the first type
        among beliefs under which the receiver's action there is optimal.
    kind : str
        ``"separating"``, ``"pooling"`` or ``"semi-separating"``.
    payoffs : tuple of float
        Ex-ante expected payoffs (sender, receiver).
    """

    sender: Mapping[str, Mapping[str, float]]
    receiver: Mapping[str, Mapping[str, float]]
    beliefs: Mapping[str, Mapping[str, float]]
    off_path: Mapping[str, tuple[float, float]]
    kind: str
    payoffs: tuple[float, float]

    def action_probability(self, game: SignalingGame, action: str) -> float:
        """Ex-ante probability that the receiver takes `action`."""
        total = 0.0
        for t, p in zip(game.types, game.prior, strict=True):
            for m, q in self.sender[t].items():
                total += float(p) * q * self.receiver[m].get(action, 0.0)
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "sender": {t: dict(v) for t, v in self.sender.items()},
            "receiver": {m: dict(v) for m, v in self.receiver.items()},
            "beliefs": {m: dict(v) for m, v in self.beliefs.items()},
            "off_path": {m: list(v) for m, v in self.off_path.items()},
            "payoffs": list(self.payoffs),
        }


@dataclass(frozen=True)
class PBEResult:
    """What :func:`perfect_bayesian` returns (an
    :class:`~gametheory.equilibrium.EquilibriumResult`).

    Attributes
    ----------
    equilibria : tuple of PBE
    complete : bool
        The strategic-form solver's flag.
    method : str
        The strategic-form solver's method.
    notes : tuple of str
        Nash equilibria dropped for want of a supporting belief, continua; `reason` joins them
        in one line.
    converged : bool or None
        The strategic-form solver's flag (None unless its method is iterative).
    """

    equilibria: tuple[PBE, ...]
    complete: bool
    method: str
    notes: tuple[str, ...]
    converged: bool | None = None

    @property
    def reason(self) -> str:
        return "; ".join(self.notes)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def kinds(self) -> set[str]:
        return {e.kind for e in self.equilibria}

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "complete": self.complete,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "notes": list(self.notes),
            "reason": self.reason,
            "converged": self.converged,
        }


def _classify(sender: Mapping[str, Mapping[str, float]]) -> str:
    supports = [set(v) for v in sender.values()]
    if all(a.isdisjoint(b) for k, a in enumerate(supports) for b in supports[k + 1 :]):
        return "separating"
    dists = list(sender.values())
    first = dists[0]
    if all(
        set(d) == set(first) and all(abs(d[m] - first[m]) <= POOLING_TOL for m in d)
        for d in dists[1:]
    ):
        return "pooling"
    return "semi-separating"


def _belief_range(u: np.ndarray, chosen: np.ndarray, atol: float) -> tuple[float, float] | None:
    """Range of P(type 0) over beliefs making every action in `chosen` optimal; None if none.

    ``u[t, a]`` is the receiver's payoff. Solved as two small linear programs by scipy's HiGHS
    (the package's LP policy: :mod:`gametheory.solvers._kernels.simplex`).
    """
    from scipy.optimize import linprog

    n_types, n_actions = u.shape
    rows = []
    for a in np.flatnonzero(chosen):
        for b in range(n_actions):
            if b != a:
                rows.append(u[:, b] - u[:, a])  # mu . (u_b - u_a) <= atol
    a_ub = np.array(rows) if rows else None
    b_ub = np.full(len(rows), atol) if rows else None
    bounds = [(0, 1)] * n_types
    out = []
    for sign in (1, -1):
        c = np.zeros(n_types)
        c[0] = sign
        res = linprog(
            c,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=np.ones((1, n_types)),
            b_eq=[1],
            bounds=bounds,
            method="highs",
        )
        if res.status != 0:
            return None
        out.append(float(res.x[0]))
    return out[0], out[1]


def perfect_bayesian(
    game: SignalingGame, tol: float | None = None, method: str = "auto"
) -> PBEResult:
    """The perfect Bayesian equilibria of a numeric signaling game, classified.

    Every Nash equilibrium of the strategic form (from :func:`gametheory.solve`) whose
    receiver actions after unsent messages are optimal for some belief is a PBE, with beliefs
    from Bayes' rule on the path; these are returned, deduplicated as behaviour strategies.

    Parameters
    ----------
    game : SignalingGame
        Numeric (call ``.at(...)`` first).
    tol : float, optional
        Relative tolerance (times the payoff range) for the solver and the belief check.
    method : str
        The :func:`gametheory.solve` method.

    Returns
    -------
    PBEResult
        ``complete`` is the solver's flag. In a degenerate strategic form (common: the
        receiver's off-path action is often free) the solver reports the extreme points of
        each continuum; every PBE is then a mixture of reported ones on the same path.

    Raises
    ------
    GameError
        A game with parameters; :class:`~gametheory.errors.TooLargeError` (a GameError) for
        one too large for the solver.
    """
    from ..solvers import solve

    func = "perfect_bayesian()"
    if not isinstance(game, SignalingGame):
        raise GameError(f"{func}: expected a SignalingGame, got {type(game).__name__}")
    if not game.is_numeric:
        raise GameError(
            f"{func}: the game has parameters {[s.name for s in game.parameters]}; call "
            ".at(...) first, or separating_conditions() for the symbolic conditions"
        )
    form = game.strategic_form().at()
    result = solve(form, method=method, tol=tol)
    atol = absolute_tol(form.payoff_range, check_tol("perfect_bayesian", tol))
    prior = np.array([float(p) for p in game.prior])
    u_r = np.array([[float(v) for v in row] for row in game.receiver_payoff])
    ss, rs = game.sender_strategies(), game.receiver_strategies()
    found: list[PBE] = []
    notes = []
    dropped = 0
    for eq in result.equilibria:
        x, y = (np.asarray(s, dtype=float) for s in eq.strategies)
        send = np.zeros((len(game.types), len(game.messages)))
        for k, s in enumerate(ss):
            for t, m in enumerate(s):
                send[t, m] += x[k]
        act = np.zeros((len(game.messages), len(game.actions)))
        for k, r in enumerate(rs):
            for m, a in enumerate(r):
                act[m, a] += y[k]
        reach = prior @ send
        beliefs, off = {}, {}
        ok = True
        for m, msg in enumerate(game.messages):
            if reach[m] > NEGLIGIBLE_PROB:
                mu = prior * send[:, m] / reach[m]
            else:
                span = _belief_range(u_r, act[m] > SUPPORT_PROB, atol)
                if span is None:
                    ok = False
                    break
                off[msg] = span
                mu = _supporting(u_r, act[m] > SUPPORT_PROB, atol, span[0])
            beliefs[msg] = {t: float(v) for t, v in zip(game.types, mu, strict=True)}
        if not ok:
            dropped += 1
            continue
        sender = {
            t: {
                game.messages[m]: float(send[k, m])
                for m in range(len(game.messages))
                if send[k, m] > NEGLIGIBLE_PROB
            }
            for k, t in enumerate(game.types)
        }
        receiver = {
            msg: {
                game.actions[a]: float(act[m, a])
                for a in range(len(game.actions))
                if act[m, a] > NEGLIGIBLE_PROB
            }
            for m, msg in enumerate(game.messages)
        }
        pbe = PBE(sender, receiver, beliefs, off, _classify(sender), tuple(eq.payoffs))
        if not any(_same(pbe, other) for other in found):
            found.append(pbe)
    if dropped:
        notes.append(
            f"{dropped} Nash equilibria of the strategic form were dropped: no belief supports "
            "the receiver's action after an unsent message"
        )
    if result.has_continuum:
        notes.append("the strategic form has continua of equilibria; extreme points are listed")
    return PBEResult(tuple(found), result.complete, result.method, tuple(notes), result.converged)


def _supporting(u: np.ndarray, chosen: np.ndarray, atol: float, first: float) -> np.ndarray:
    """A belief with P(type 0) = `first` under which the chosen actions are optimal."""
    from scipy.optimize import linprog

    n_types, n_actions = u.shape
    rows = [u[:, b] - u[:, a] for a in np.flatnonzero(chosen) for b in range(n_actions) if b != a]
    a_eq = np.vstack([np.ones(n_types), np.eye(n_types)[0]])
    res = linprog(
        np.zeros(n_types),
        A_ub=np.array(rows) if rows else None,
        b_ub=np.full(len(rows), atol) if rows else None,
        A_eq=a_eq,
        b_eq=[1, first],
        bounds=[(0, 1)] * n_types,
        method="highs",
    )
    return res.x if res.status == 0 else np.eye(n_types)[0] * first


def _same(a: PBE, b: PBE, tol: float = SAME_PROFILE_TOL) -> bool:
    def close(x, y):
        keys = set(x) | set(y)
        return all(
            abs(x.get(k, {}).get(j, 0.0) - y.get(k, {}).get(j, 0.0)) <= tol
            for k in keys
            for j in set(x.get(k, {})) | set(y.get(k, {}))
        )

    return close(a.sender, b.sender) and close(a.receiver, b.receiver)
