"""The one definition of each algebraic stability criterion of a pure profile.

Every function here works on a payoff *table* laid out as in :mod:`gametheory.game`
(``payoffs[i][a_0, ..., a_{n-1}]`` is player i's payoff) whose cells may be

- numbers (one numeric game: ``Game.payoffs``),
- numpy arrays (one game per point of a parameter grid: the output of
  :meth:`SymbolicGame.lambdify <gametheory.symbolic.SymbolicGame.lambdify>`, whose cells carry the
  grid's trailing axes), or
- sympy expressions (``SymbolicGame.payoffs``).

The same lines of code therefore decide a single point (:func:`~gametheory.stability.classify`),
a whole grid (:func:`~gametheory.sweep.grid`) and the symbolic conditions that
:func:`~gametheory.stability.thresholds` solves, so the three cannot disagree. A criterion is a
:class:`Condition`: a conjunction of :class:`Inequality` objects, plus the inequalities that say
where it is *defined* (``requires``). Numeric evaluation applies the relative tolerance of
:mod:`gametheory.tolerance`, scaled by the payoff range to the power of the inequality's degree
in payoff units. docs/criteria.md states each definition and where it applies.

References
----------
Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in Games*. MIT.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np
import sympy as sp

CRITERIA = ("nash", "strict", "risk_dominant")
"""The algebraic criteria: a :class:`Condition` exists for each of them."""

REGIMES: tuple[str, ...] = ("not-equilibrium", "fragile", "stable")
"""Regime names, in label order (see :func:`regime`)."""

_OPS = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan, ">=": sp.GreaterThan}


def _shape(payoffs: Sequence[Any]) -> tuple[int, ...]:
    n = len(payoffs)
    first = payoffs[0]
    return tuple((first.shape if hasattr(first, "shape") else np.shape(first))[:n])


def deviation_gains(payoffs: Sequence[Any], profile: Sequence[int]) -> dict[tuple[int, int], Any]:
    """Gain of every unilateral pure deviation from a pure profile.

    Keys are ``(player, action)`` for every action other than the profile's; the value is
    ``payoffs[i][deviation] - payoffs[i][profile]`` (a number, array or expression).

    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
    >>> {key: float(g) for key, g in deviation_gains([A, A.T], (0, 0)).items()}
    {(0, 1): 2.0, (1, 1): 2.0}
    """
    profile = tuple(int(a) for a in profile)
    gains = {}
    for i, size in enumerate(_shape(payoffs)):
        here = payoffs[i][profile]
        for a in range(size):
            if a != profile[i]:
                dev = (*profile[:i], a, *profile[i + 1 :])
                gains[(i, a)] = payoffs[i][dev] - here
    return gains


def best_gains(payoffs: Sequence[Any], profile: Sequence[int]) -> tuple[Any, ...]:
    """Per player, the best gain of a unilateral pure deviation (numbers or arrays).

    ``-inf`` for a player with a single action (nothing to deviate to).

    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
    >>> best_gains([A, A.T], (1, 1))
    (-1.0, -1.0)
    """
    gains = deviation_gains(payoffs, profile)
    out = []
    for i in range(len(payoffs)):
        own = [g for (j, _), g in gains.items() if j == i]
        out.append(reduce(np.maximum, own) if own else -math.inf)
    return tuple(float(g) if np.ndim(g) == 0 else g for g in out)


def _smallest(values: list[Any]) -> Any:
    if any(isinstance(v, sp.Basic) for v in values):
        return sp.Min(*values)
    return reduce(np.minimum, values)


def nash_product(payoffs: Sequence[Any], profile: Sequence[int], gains: dict | None = None) -> Any:
    """Product over players of the smallest loss from a unilateral deviation.

    In a 2x2 game this is Harsanyi & Selten's (1988) Nash product of the profile: the product of
    the two players' deviation losses. Players with a single action contribute no factor.

    >>> A = np.array([[4.0, 0.0], [3.0, 2.0]])        # stag hunt, R=4 S=0 T=3 P=2
    >>> float(nash_product([A, A.T], (0, 0))), float(nash_product([A, A.T], (1, 1)))
    (1.0, 4.0)
    """
    if gains is None:
        gains = deviation_gains(payoffs, profile)
    per_player = [[g for (j, _), g in gains.items() if j == i] for i in range(len(payoffs))]
    per_player = [own for own in per_player if own]
    if all(len(own) == 1 for own in per_player):
        # one deviation each (2x2): the product of the gains with the sign of (-1)^n, which
        # saves negating every cell of a grid
        product: Any = reduce(lambda x, y: x * y, [own[0] for own in per_player], 1)
        return product if len(per_player) % 2 == 0 else -product
    product = 1
    for own in per_player:
        product = product * _smallest([-g for g in own])
    return product


def risk_rival(shape: Sequence[int], profile: Sequence[int]) -> tuple[int, ...] | None:
    """The profile risk dominance compares with: the opposite corner of a 2x2 game, else None.

    In a 2x2 game the only other profile that can be a strict equilibrium is the one where both
    players switch (in a coordination game: the other equilibrium).

    >>> risk_rival((2, 2), (0, 0)), risk_rival((3, 3), (0, 0))
    ((1, 1), None)
    """
    if tuple(shape) != (2, 2):
        return None
    return tuple(1 - int(a) for a in profile)


@dataclass(frozen=True)
class Inequality:
    """``lhs <op> rhs`` whose sides are in payoff units to the power `degree`.

    Numerically, with ``eps = tol * scale**degree``: ``>`` holds iff ``lhs - rhs > eps``,
    ``>=`` iff ``lhs - rhs >= -eps`` (and mirrored for ``<``, ``<=``): a strict inequality
    must hold by more than the tolerance, a weak one may fail by at most the tolerance.
    """

    lhs: Any
    op: str
    rhs: Any
    degree: int = 1

    @property
    def margin(self) -> Any:
        """How much the inequality holds by (``>= 0`` or ``> 0`` when it holds exactly)."""
        return self.lhs - self.rhs if self.op in (">", ">=") else self.rhs - self.lhs

    @property
    def strict(self) -> bool:
        return self.op in (">", "<")

    def holds(self, scale: Any, tol: float) -> Any:
        """Numeric truth value (bool or boolean array) with the relative tolerance `tol`."""
        return self._holds(_Eps(scale, tol))

    def _holds(self, eps: _Eps) -> Any:
        key = id(self)
        if key not in eps.decided:
            eps.decided[key] = (self, self._decide(eps))  # keep self: ids stay unique
        return eps.decided[key][1]

    def _decide(self, eps: _Eps) -> Any:
        # the margin test of the class docstring with one comparison per cell (grids are large)
        lhs, rhs, d = self.lhs, self.rhs, self.degree
        zero = np.ndim(rhs) == 0 and rhs == 0
        if self.op == ">":
            return (lhs if zero else lhs - rhs) > eps.plus(d)
        if self.op == ">=":
            return lhs >= (eps.minus(d) if zero else rhs - eps.plus(d))
        if self.op == "<":
            return lhs < (eps.minus(d) if zero else rhs - eps.plus(d))
        return lhs <= (eps.plus(d) if zero else rhs + eps.plus(d))

    def relational(self) -> sp.Basic:
        """The inequality as an unevaluated sympy relational."""
        return _OPS[self.op](self.lhs, self.rhs, evaluate=False)


class _Eps:
    """``tol * scale**degree`` and its negative, computed once per degree (scale may be a
    whole grid of payoff ranges)."""

    def __init__(self, scale: Any, tol: float) -> None:
        self.scale, self.tol = scale, tol
        self._plus: dict[int, Any] = {}
        self._minus: dict[int, Any] = {}
        self.decided: dict[int, tuple[Inequality, Any]] = {}  # per evaluation

    def plus(self, degree: int) -> Any:
        if degree not in self._plus:
            power = self.scale if degree == 1 else self.scale**degree
            self._plus[degree] = self.tol * power
        return self._plus[degree]

    def minus(self, degree: int) -> Any:
        if degree not in self._minus:
            self._minus[degree] = -self.plus(degree)
        return self._minus[degree]


@dataclass(frozen=True)
class Condition:
    """A criterion of a pure profile: it holds iff every inequality holds, where it is defined.

    Attributes
    ----------
    criterion : str
        One of :data:`CRITERIA`.
    profile : tuple of int
    inequalities : tuple of Inequality
    requires : tuple of Inequality
        Where the criterion is defined at all (risk dominance: the rival is a strict
        equilibrium); empty when it is always defined.
    rival : tuple of int or None
        The profile compared with (risk dominance).
    """

    criterion: str
    profile: tuple[int, ...]
    inequalities: tuple[Inequality, ...]
    requires: tuple[Inequality, ...] = ()
    rival: tuple[int, ...] | None = None

    def holds(self, scale: Any, tol: float, eps: _Eps | None = None) -> Any:
        """Whether every inequality holds (numbers or arrays; ignores `requires`)."""
        eps = eps or _Eps(scale, tol)
        return _all(q._holds(eps) for q in self.inequalities)

    def defined(self, scale: Any, tol: float, eps: _Eps | None = None) -> Any:
        """Whether every requirement holds (True when there are none)."""
        eps = eps or _Eps(scale, tol)
        return _all(q._holds(eps) for q in self.requires)


def _all(values) -> Any:
    out: Any = True
    for v in values:
        out = out & v
    return out


def condition(payoffs: Sequence[Any], profile: Sequence[int], criterion: str) -> Condition:
    """The :class:`Condition` of `criterion` for a pure profile.

    - ``"nash"``: every deviation gain ``<= 0``.
    - ``"strict"``: every deviation gain ``< 0``.
    - ``"risk_dominant"`` (2x2 games only): the profile is a strict equilibrium and its Nash
      product exceeds the rival's (:func:`risk_rival`); defined where the rival is a strict
      equilibrium (Harsanyi & Selten 1988). Equal products: neither risk-dominates.

    Raises
    ------
    ValueError
        An unknown criterion, or risk dominance for a game that is not 2x2 (callers check
        first and raise their own GameError).

    >>> A = np.array([[4.0, 0.0], [3.0, 2.0]])
    >>> rd = condition([A, A.T], (1, 1), "risk_dominant")
    >>> rd.rival, bool(rd.holds(4.0, 1e-9)), bool(rd.defined(4.0, 1e-9))
    ((0, 0), True, True)
    """
    return _conditions(payoffs, profile, (criterion,))[criterion]


def _conditions(
    payoffs: Sequence[Any], profile: Sequence[int], criteria: Sequence[str]
) -> dict[str, Condition]:
    """The conditions of several criteria from one computation of the deviation gains; the
    strict inequalities are shared objects, so an evaluation decides each once."""
    profile = tuple(int(a) for a in profile)
    by_action = deviation_gains(payoffs, profile)
    weak = tuple(Inequality(g, "<=", 0) for g in by_action.values())
    strict = tuple(Inequality(g, "<", 0) for g in by_action.values())
    out = {}
    for criterion in criteria:
        if criterion == "nash":
            out[criterion] = Condition(criterion, profile, weak)
        elif criterion == "strict":
            out[criterion] = Condition(criterion, profile, strict)
        elif criterion == "risk_dominant":
            out[criterion] = _risk_dominance(payoffs, profile, by_action, strict)
        else:
            raise ValueError(f"unknown criterion {criterion!r}; one of {CRITERIA}")
    return out


def _risk_dominance(payoffs, profile, by_action, strict) -> Condition:
    rival = risk_rival(_shape(payoffs), profile)
    if rival is None:
        raise ValueError("risk dominance (Nash products) is defined here for 2x2 games only")
    at_rival = deviation_gains(payoffs, rival)
    own_product = nash_product(payoffs, profile, by_action)
    products = Inequality(own_product, ">", nash_product(payoffs, rival, at_rival), 2)
    requires = tuple(Inequality(g, "<", 0) for g in at_rival.values())
    return Condition("risk_dominant", profile, (*strict, products), requires, rival)


def payoff_scale(payoffs: Sequence[Any]) -> Any:
    """The payoff range tolerances are relative to: the largest ``max - min`` over players.

    1 where the range is 0 (a constant game). For a grid table, one value per grid point. The
    same number as :attr:`Game.payoff_range <gametheory.game.Game.payoff_range>` for one game.

    >>> payoff_scale([np.array([[0.0, 2.0]]), np.array([[1.0, 1.0]])])
    2.0
    """
    n = len(payoffs)
    ranges = []
    for table in payoffs:
        arr = np.asarray(table, dtype=float)
        cells = arr.reshape((-1, *arr.shape[n:]))
        ranges.append(cells.max(axis=0) - cells.min(axis=0))
    spread = reduce(np.maximum, ranges)
    out = np.where(spread > 0, spread, 1.0)
    return float(out) if out.ndim == 0 else out


def evaluate(
    payoffs: Sequence[Any], profile: Sequence[int], tol: float, scale: Any = None
) -> dict[str, Any]:
    """Every criterion at numeric payoffs (one game or a grid), with the relative `tol`.

    Returns ``{"nash", "strict", "risk_dominant", "risk_defined", "regime"}``: booleans (or
    boolean arrays), ``risk_dominant`` meaningful only where ``risk_defined`` (it is False
    elsewhere), and the regime labels of :func:`regime`. Risk dominance is evaluated only for
    2x2 games (``risk_defined`` False otherwise).
    """
    if scale is None:
        scale = payoff_scale(payoffs)
    two_by_two = risk_rival(_shape(payoffs), profile) is not None
    wanted = CRITERIA if two_by_two else ("nash", "strict")
    conditions = _conditions(payoffs, profile, wanted)
    eps = _Eps(scale, tol)
    nash = conditions["nash"].holds(scale, tol, eps)
    strict = conditions["strict"].holds(scale, tol, eps)
    shape = np.shape(nash)
    if not two_by_two:
        rd = defined = np.zeros(shape, dtype=bool)
    else:
        cond = conditions["risk_dominant"]
        defined = np.broadcast_to(cond.defined(scale, tol, eps), shape)
        rd = np.broadcast_to(cond.holds(scale, tol, eps), shape) & defined
    return {
        "nash": nash,
        "strict": strict,
        "risk_dominant": rd,
        "risk_defined": defined,
        "regime": regime(nash, strict, rd, defined),
    }


def regime(nash: Any, strict: Any, risk_dominant: Any, risk_defined: Any) -> Any:
    """Regime label (index into :data:`REGIMES`) from the criteria.

    - 0 ``not-equilibrium``: some deviation gains.
    - 1 ``fragile``: an equilibrium that is weak (a deviation costs nothing) or that does not
      risk-dominate a strict rival (the rival risk-dominates, or the Nash products tie).
    - 2 ``stable``: a strict equilibrium that risk-dominates its rival, or has no strict rival
      to be compared with.

    >>> int(regime(True, True, False, False)), int(regime(True, False, False, False))
    (2, 1)
    """
    nash, strict = np.asarray(nash, dtype=bool), np.asarray(strict, dtype=bool)
    rd, defined = np.asarray(risk_dominant, dtype=bool), np.asarray(risk_defined, dtype=bool)
    stable = strict & (rd | ~defined)
    return np.where(~nash, 0, np.where(stable, 2, 1)).astype(np.int8)


__all__ = [
    "CRITERIA",
    "REGIMES",
    "Condition",
    "Inequality",
    "best_gains",
    "condition",
    "deviation_gains",
    "evaluate",
    "nash_product",
    "payoff_scale",
    "regime",
    "risk_rival",
]
