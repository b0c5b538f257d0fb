"""Separating equilibria of signaling games, symbolically.

A separating profile assigns each sender type its own message; the receiver then knows the
type after every message. :func:`separating_conditions` lists, for every such profile and
receiver strategy, the inequalities that make it a perfect Bayesian equilibrium, and
:func:`separating_range` solves them for one parameter (a message's cost), giving the range
as sympy expressions in the others (Kydd 2005 on costly reassurance).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import permutations
from typing import Any

import sympy as sp

from ..errors import GameError
from ..symbolic import as_expression
from ..tolerance import CONDITION_SLACK
from .signaling import SignalingGame


@dataclass(frozen=True)
class SeparatingProfile:
    """A pure separating profile and the conditions (each ``margin >= 0``) for it to be a PBE.

    Attributes
    ----------
    sender : Mapping[str, str]
        The message of each type (all different).
    receiver : Mapping[str, str]
        The action after each message.
    conditions : tuple of (str, sympy.Expr)
        What each condition says, and its margin (must be ``>= 0``).
    """

    sender: Mapping[str, str]
    receiver: Mapping[str, str]
    conditions: tuple[tuple[str, sp.Expr], ...]

    def holds(self, tol: float = CONDITION_SLACK, **values: Any) -> bool:
        """Whether every condition holds at these values (ties count as holding)."""
        for _, margin in self.conditions:
            subs = {s: values[s.name] for s in margin.free_symbols if s.name in values}
            v = margin.xreplace({k: as_expression("holds", x, k.name) for k, x in subs.items()})
            if v.free_symbols:
                missing = sorted(s.name for s in v.free_symbols)
                raise GameError(f"SeparatingProfile.holds(): no value for {missing}")
            if float(v) < -tol:
                return False
        return True


def separating_conditions(game: SignalingGame) -> tuple[SeparatingProfile, ...]:
    """Every pure separating profile with its PBE conditions, symbolically.

    Needs as many messages as types, so that a separating profile leaves no message unsent
    (and no off-path belief is involved). For each assignment of distinct messages to types
    and each receiver strategy, the conditions are: the receiver's action after each message
    is optimal against the type that sends it; no type gains by sending another type's
    message.

    Raises
    ------
    GameError
        More or fewer messages than types.
    """
    func = "separating_conditions()"
    if len(game.messages) != len(game.types):
        raise GameError(
            f"{func}: needs as many messages as types ({len(game.types)}), got "
            f"{len(game.messages)}; with more, separating profiles have off-path messages"
        )
    out = []
    for sender in permutations(range(len(game.messages))):
        sent_by = {m: t for t, m in enumerate(sender)}
        for receiver in game.receiver_strategies():
            conditions = []
            for m, a in enumerate(receiver):
                t = sent_by[m]
                for b in range(len(game.actions)):
                    if b != a:
                        conditions.append(
                            (
                                f"{game.players[1]} prefers {game.actions[a]} to "
                                f"{game.actions[b]} against {game.types[t]} after "
                                f"{game.messages[m]}",
                                sp.expand(game.receiver_payoff[t][a] - game.receiver_payoff[t][b]),
                            )
                        )
            for t, m in enumerate(sender):
                own = game.sender_utility(t, m, receiver[m])
                for m2 in range(len(game.messages)):
                    if m2 != m:
                        conditions.append(
                            (
                                f"{game.types[t]} prefers {game.messages[m]} to "
                                f"{game.messages[m2]}",
                                sp.expand(own - game.sender_utility(t, m2, receiver[m2])),
                            )
                        )
            out.append(
                SeparatingProfile(
                    {game.types[t]: game.messages[m] for t, m in enumerate(sender)},
                    {game.messages[m]: game.actions[a] for m, a in enumerate(receiver)},
                    tuple(conditions),
                )
            )
    return tuple(out)


@dataclass(frozen=True)
class CostRange:
    """The interval ``lower <= k <= upper`` of a parameter for a separating profile.

    ``requires`` lists the profile's conditions that do not involve the parameter (they must
    hold as well). The range is empty where ``lower > upper``.
    """

    profile: SeparatingProfile
    symbol: sp.Symbol
    lower: sp.Expr
    upper: sp.Expr
    requires: tuple[tuple[str, sp.Expr], ...]

    def contains(self, value: float, tol: float = CONDITION_SLACK, **values: Any) -> bool:
        """Is `value` of the parameter in the range, and do the other conditions hold?"""
        point = {**values, self.symbol.name: value}
        return self.profile.holds(tol, **point)


def separating_range(game: SignalingGame, name: str) -> tuple[CostRange, ...]:
    """For each separating profile, the range of parameter `name` (e.g. the cost k) where it
    is a PBE, as sympy expressions in the other parameters.

    Every condition must be linear in the parameter with a coefficient of known sign (as a
    cost is); the bounds are combined with ``Max`` and ``Min`` (and ``0`` for a parameter
    declared nonnegative).

    Examples
    --------
    >>> k = sp.Symbol("k", nonnegative=True)
    >>> g = SignalingGame(["hi", "lo"], {"hi": 0.5, "lo": 0.5}, ["m", "n"], ["a", "b"],
    ...                   sender_payoff={"hi": {"a": 2, "b": 0}, "lo": {"a": 2, "b": 0}},
    ...                   receiver_payoff={"hi": {"a": 1, "b": 0}, "lo": {"a": 0, "b": 1}},
    ...                   cost={"hi": {"m": k, "n": 0}, "lo": {"m": 3 * k, "n": 0}})
    >>> r = next(r for r in separating_range(g, "k") if r.profile.receiver == {"m": "a", "n": "b"})
    >>> r.profile.sender, r.lower, r.upper
    ({'hi': 'm', 'lo': 'n'}, 2/3, 2)
    """
    func = "separating_range()"
    sym = next((s for s in game.parameters if s.name == name), None)
    if sym is None:
        raise GameError(
            f"{func}: no parameter {name!r}; the game has {[s.name for s in game.parameters]}"
        )
    out = []
    for profile in separating_conditions(game):
        lows = [sp.Integer(0)] if sym.is_nonnegative else []
        highs: list[sp.Expr] = []
        requires = []
        for text, margin in profile.conditions:
            poly = sp.Poly(margin, sym)
            if poly.degree() <= 0:
                requires.append((text, margin))
                continue
            if poly.degree() > 1:
                raise GameError(f"{func}: the condition '{text}' is not linear in {name}")
            a, b = poly.all_coeffs()
            if a.is_positive:
                lows.append(sp.simplify(-b / a))
            elif a.is_negative:
                highs.append(sp.simplify(-b / a))
            else:
                raise GameError(
                    f"{func}: the sign of {a}, the coefficient of {name} in '{text}', is unknown"
                )
        lower = sp.Max(*lows) if lows else sp.S.NegativeInfinity
        upper = sp.Min(*highs) if highs else sp.S.Infinity
        out.append(CostRange(profile, sym, lower, upper, tuple(requires)))
    return tuple(out)
