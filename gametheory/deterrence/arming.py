"""Arming as a choice: capability chosen first, then the two-bloc game (docs/arming.md).

A two-stage game. Stage 1: blocs A and B choose capabilities ``c_A, c_B`` at once from finite
levels (default 0, 0.5, ..., 5). Stage 2: they play the two-bloc game
(:func:`gametheory.deterrence.two_bloc.two_bloc`, asymmetric, accidents ``eps0 * c_i``) at
``(c_A, c_B)`` with each bloc's reassurance ``r_A, r_B``; its payoffs already charge the upkeep
``k c_i``, so stage 1 costs nothing else. Every stage-2 game is solved completely (all
equilibria, mixed included) and one continuation is chosen per capability pair by a stated
selection rule (:data:`SELECTIONS`); the stage-1 *reduced capability game* (each pair's
continuation payoffs) is an ordinary :class:`~gametheory.game.Game` solved by
:func:`gametheory.solve`. With ``selection="all"`` every selection is enumerated, so every
subgame-perfect equilibrium (with an extreme stage-1 equilibrium) is listed.

>>> result = arming({"r": 0.0, "theta": 1.6}, levels=[0, 3.5])
>>> [(e.levels, e.outcome, e.prisoners_dilemma) for e in result.equilibria if e.is_pure]
[((0.0, 0.0), {'(E, E)': 1.0}, False), ((3.5, 3.5), {'(R, R)': 1.0}, True)]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from ..equilibrium import SolveResult
from ..errors import GameError, TooLargeError
from ..game import Game
from ..solvers import solve
from ..stability.criteria import evaluate
from ..tolerance import (
    DEFAULT_TOL,
    NEGLIGIBLE_PROB,
    PURE_PROB_SNAP,
    PURE_STRATEGY_TOL,
    SUPPORT_PROB,
    absolute_tol,
    check_tol,
)
from .two_bloc import TWO_BLOC_DEFAULTS, two_bloc

DEFAULT_LEVELS: tuple[float, ...] = tuple(0.5 * i for i in range(11))
"""Capability levels each bloc chooses from by default: 0, 0.5, ..., 5."""

SELECTIONS = ("risk_dominant", "pessimistic", "optimistic", "all")
"""Stage-2 selection rules (docs/arming.md):

- ``"risk_dominant"``: the unique equilibrium where there is one; between two strict pure
  equilibria the risk-dominant one (Harsanyi & Selten 1988: the larger product of deviation
  losses). Where that is undefined (a degenerate game with weak equilibria, or a tie of the
  products) the fallback is, first, the pure equilibrium whose product of deviation losses is
  strictly the largest (weak equilibria included, their product 0); where that ties too, the
  equilibrium with the largest probability of war, ties to the first in :func:`solve`'s order.
- ``"pessimistic"`` / ``"optimistic"``: the equilibrium worst / best for ``bloc``.
- ``"all"``: every selection, one reduced game each (subgame-perfect equilibria of all).
"""

PARAMETERS = ("r", "r_A", "r_B", "b", "alpha", "theta", "beta", "w", "k", "eps0")
"""Parameters :func:`arming` takes (``r`` sets both reassurances; capability is chosen)."""

MAX_SELECTIONS = 4096
"""Most selections ``selection="all"`` enumerates before refusing."""

ACTIONS = ("R", "E")


@lru_cache(maxsize=1)
def _stage_function():
    """The asymmetric two-bloc game with capability accidents, vectorised (built once)."""
    return two_bloc(symmetric=False, noise="capability").lambdify()


@dataclass(frozen=True)
class StageEquilibrium:
    """One equilibrium of a stage-2 game.

    Attributes
    ----------
    escalate : (float, float)
        Probability that A, B *intend* to escalate.
    payoffs : (float, float)
        Expected payoffs (upkeep included).
    p_war : float
        Probability both blocs' *realised* actions are E (an intended R slips to E with
        probability ``eps0 c_i``).
    label : str
        ``"(R, R)"`` etc. for a pure equilibrium, ``"mixed"`` otherwise.
    risk_dominant : bool
        A strict pure equilibrium that risk-dominates the other strict one.
    losses : (float, float) or None
        For a pure equilibrium, what A and B lose by deviating alone (their product is the
        Nash product risk dominance compares); None for a mixed one.
    """

    escalate: tuple[float, float]
    payoffs: tuple[float, float]
    p_war: float
    label: str
    risk_dominant: bool = False
    losses: tuple[float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "escalate": list(self.escalate),
            "payoffs": list(self.payoffs),
            "p_war": self.p_war,
            "risk_dominant": self.risk_dominant,
            "losses": None if self.losses is None else list(self.losses),
        }


@dataclass(frozen=True)
class ArmsEquilibrium:
    """One subgame-perfect equilibrium: a stage-1 equilibrium of a reduced capability game.

    Attributes
    ----------
    strategies : (tuple, tuple)
        Each bloc's probabilities over the levels.
    levels : (float, float)
        Expected capability of A and B.
    payoffs : (float, float)
        Expected payoffs.
    p_war, welfare : float
        Probability of war; the sum of the two payoffs.
    outcome : dict
        Probability of each stage-2 equilibrium label on the path.
    regret : float
        Largest gain of a unilateral stage-1 deviation (payoff units).
    selection : int or None
        With ``selection="all"``, the index of the selection (:attr:`ArmingResult.selections`).
    build_down : dict or None
        The prisoner's-dilemma check: a profile of lower levels (each bloc at most its
        lowest level in the support, one strictly lower) where *both* blocs get strictly more,
        the one with the largest smaller gain, as ``{"levels", "payoffs", "gains"}``; None if
        there is none.
    """

    strategies: tuple[tuple[float, ...], tuple[float, ...]]
    levels: tuple[float, float]
    payoffs: tuple[float, float]
    p_war: float
    welfare: float
    outcome: dict[str, float]
    regret: float
    selection: int | None = None
    build_down: dict[str, Any] | None = None

    @property
    def is_pure(self) -> bool:
        return all(max(s) > 1 - PURE_STRATEGY_TOL for s in self.strategies)

    @property
    def prisoners_dilemma(self) -> bool:
        """Both blocs would gain by lower levels."""
        return self.build_down is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "strategies": [list(s) for s in self.strategies],
            "levels": list(self.levels),
            "payoffs": list(self.payoffs),
            "p_war": self.p_war,
            "welfare": self.welfare,
            "outcome": dict(self.outcome),
            "regret": self.regret,
            "selection": self.selection,
            "prisoners_dilemma": self.prisoners_dilemma,
            "build_down": self.build_down,
        }


@dataclass(frozen=True)
class ArmingResult:
    """What :func:`arming` returns.

    Attributes
    ----------
    levels : tuple of float
    parameters : dict
        Every two-bloc parameter used (``r_A``, ``r_B``, ...).
    selection, bloc : str, str or None
    stage : tuple of tuple of tuple of StageEquilibrium
        ``stage[i][j]``: every equilibrium of the stage-2 game at ``(levels[i], levels[j])``.
    selections : tuple of tuple of tuple of int
        Per selection, the chosen index ``[i][j]`` into ``stage[i][j]`` (one selection unless
        ``"all"``).
    games : tuple of Game
        The reduced capability game of each selection.
    results : tuple of SolveResult
        :func:`solve` on each reduced game.
    equilibria : tuple of ArmsEquilibrium
        Every equilibrium of every reduced game (for ``"all"``, each subgame-perfect
        equilibrium once per selection giving it).
    fallback_cells : int
        Capability pairs where ``"risk_dominant"`` needed its fallback.
    """

    levels: tuple[float, ...]
    parameters: dict[str, float]
    selection: str
    bloc: str | None
    stage: tuple[tuple[tuple[StageEquilibrium, ...], ...], ...]
    selections: tuple[tuple[tuple[int, ...], ...], ...]
    games: tuple[Game, ...]
    results: tuple[SolveResult, ...]
    equilibria: tuple[ArmsEquilibrium, ...]
    fallback_cells: int = 0
    complete: bool = field(default=True)

    @property
    def game(self) -> Game:
        """The reduced capability game (the first selection's, for ``"all"``)."""
        return self.games[0]

    def payoff_arrays(self, selection: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """The reduced game's payoff arrays ``(U_A, U_B)``, rows A's level, columns B's."""
        return self.games[selection].payoffs[0], self.games[selection].payoffs[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "levels": list(self.levels),
            "parameters": dict(self.parameters),
            "selection": self.selection,
            "bloc": self.bloc,
            "complete": self.complete,
            "fallback_cells": self.fallback_cells,
            "reduced_games": [
                {"payoffs_A": g.payoffs[0].tolist(), "payoffs_B": g.payoffs[1].tolist()}
                for g in self.games
            ],
            "equilibria": [e.to_dict() for e in self.equilibria],
        }


# ----------------------------------------------------------------------------- inputs
def _parameters(values: Mapping[str, Any] | None) -> dict[str, float]:
    func = "arming()"
    values = dict(values or {})
    unknown = sorted(set(values) - set(PARAMETERS))
    if unknown:
        extra = (
            " (capability is chosen in stage 1: give levels)"
            if {"c", "c_A", "c_B"} & set(unknown)
            else ""
        )
        raise GameError(
            f"{func}: unknown parameter {unknown[0]!r}{extra}; parameters are {list(PARAMETERS)}"
        )
    out: dict[str, float] = {}
    for name, value in values.items():
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise GameError(f"{func}: parameter {name!r} must be a number, got {value!r}") from None
        if not math.isfinite(x) or x < 0:
            raise GameError(f"{func}: parameter {name!r} must be finite and >= 0, got {value!r}")
        out[name] = x
    r = out.pop("r", TWO_BLOC_DEFAULTS["r"])
    params = {"r_A": out.pop("r_A", r), "r_B": out.pop("r_B", r)}
    for name in ("b", "alpha", "theta", "beta", "w", "k", "eps0"):
        params[name] = out.pop(name, TWO_BLOC_DEFAULTS[name])
    return params


def _levels(levels: Sequence[float] | None, eps0: float) -> tuple[float, ...]:
    func = "arming()"
    if levels is None:
        levels = DEFAULT_LEVELS
    try:
        out = tuple(float(x) for x in levels)
    except (TypeError, ValueError):
        raise GameError(f"{func}: levels must be a sequence of numbers, got {levels!r}") from None
    if not out:
        raise GameError(f"{func}: levels must not be empty")
    if not all(math.isfinite(x) and x >= 0 for x in out):
        raise GameError(f"{func}: levels must be finite and >= 0, got {list(out)}")
    if len(set(out)) != len(out):
        raise GameError(f"{func}: levels must be distinct, got {list(out)}")
    if eps0 * max(out) > 1:
        raise GameError(
            f"{func}: eps0 * c = {eps0 * max(out):g} > 1 at level {max(out):g}; the accident "
            "probability must be at most 1"
        )
    return tuple(sorted(out))


# ----------------------------------------------------------------------------- stage 2
def _p_war(escalate: tuple[float, float], slips: tuple[float, float]) -> float:
    """Both realised actions E: an intended R slips to E with probability slip."""
    a = escalate[0] + (1 - escalate[0]) * slips[0]
    b = escalate[1] + (1 - escalate[1]) * slips[1]
    return float(a * b)


def _label(escalate: tuple[float, float]) -> str:
    if all(p in (0.0, 1.0) for p in escalate):
        return f"({ACTIONS[int(escalate[0])]}, {ACTIONS[int(escalate[1])]})"
    return "mixed"


def stage_equilibria(
    payoffs: np.ndarray, levels: Sequence[float], eps0: float, tol: float | None = None
) -> tuple[tuple[tuple[StageEquilibrium, ...], ...], ...]:
    """Every equilibrium of every stage-2 game on the grid ``levels x levels``.

    `payoffs` has shape ``(2, 2, 2, n, n)`` (player, A's action, B's action, A's level, B's
    level). Pure equilibria and risk dominance come from :func:`gametheory.stability.evaluate`
    over the whole grid at once; in a generic 2x2 game (no payoff ties) the completely mixed
    equilibrium exists iff there are zero or two pure ones and makes each bloc indifferent.
    Degenerate cells (some tie within tolerance) are solved by :func:`solve` instead.
    """
    tol = check_tol("stage_equilibria()", tol)
    n = len(levels)
    tables = [payoffs[0], payoffs[1]]
    scale = np.maximum(
        np.ptp(payoffs[0].reshape(4, n, n), axis=0), np.ptp(payoffs[1].reshape(4, n, n), axis=0)
    )
    scale = np.where(scale > 0, scale, 1.0)
    crit = {p: evaluate(tables, p, tol, scale) for p in itertools.product(range(2), repeat=2)}
    A, B = payoffs[0], payoffs[1]
    den_a = A[0, 0] - A[0, 1] - A[1, 0] + A[1, 1]
    den_b = B[0, 0] - B[1, 0] - B[0, 1] + B[1, 1]
    eps = tol * scale
    # generic: no bloc is ever indifferent between its two actions against a pure action
    generic = (np.abs(den_a) > eps) & (np.abs(den_b) > eps)
    for y in range(2):
        generic &= np.abs(A[1, y] - A[0, y]) > eps
    for x in range(2):
        generic &= np.abs(B[x, 1] - B[x, 0]) > eps
    out = []
    for i in range(n):
        row = []
        for j in range(n):
            slips = (eps0 * levels[i], eps0 * levels[j])
            if generic[i, j]:
                found = []
                pure = [p for p, c in crit.items() if c["nash"][i, j]]
                for p in pure:
                    esc = (float(p[0]), float(p[1]))
                    found.append(
                        StageEquilibrium(
                            esc,
                            (float(A[p][i, j]), float(B[p][i, j])),
                            _p_war(esc, slips),
                            _label(esc),
                            bool(crit[p]["risk_dominant"][i, j]),
                            _losses(A[:, :, i, j], B[:, :, i, j], p),
                        )
                    )
                if len(pure) != 1:
                    # q: B's probability of R making A indifferent; p: A's, making B indifferent
                    q = float((A[1, 1, i, j] - A[0, 1, i, j]) / den_a[i, j])
                    p = float((B[1, 1, i, j] - B[1, 0, i, j]) / den_b[i, j])
                    esc = (1 - p, 1 - q)
                    ua = q * (A[0, 0, i, j] * 1) + (1 - q) * A[0, 1, i, j]
                    ub = p * B[0, 0, i, j] + (1 - p) * B[1, 0, i, j]
                    found.append(
                        StageEquilibrium(esc, (float(ua), float(ub)), _p_war(esc, slips), "mixed")
                    )
            else:
                found = _solved_cell(A[:, :, i, j], B[:, :, i, j], slips, tol)
            row.append(tuple(found))
        out.append(tuple(row))
    return tuple(out)


def _losses(a: np.ndarray, b: np.ndarray, p: tuple[int, int]) -> tuple[float, float]:
    """What A and B lose by deviating alone from the pure profile `p` of a 2x2 game."""
    x, y = p
    return float(a[x, y] - a[1 - x, y]), float(b[x, y] - b[x, 1 - y])


def _solved_cell(a: np.ndarray, b: np.ndarray, slips, tol: float) -> list[StageEquilibrium]:
    """A degenerate stage-2 game: every extreme equilibrium from :func:`solve`."""
    result = solve(Game([a, b]), tol=tol)
    found = []
    for eq in result.equilibria:
        esc = (float(eq.strategies[0][1]), float(eq.strategies[1][1]))
        esc = tuple(float(round(x)) if abs(x - round(x)) < PURE_PROB_SNAP else x for x in esc)
        pure = eq.pure_profile()
        found.append(
            StageEquilibrium(
                esc,
                tuple(float(u) for u in eq.payoffs),
                _p_war(esc, slips),
                _label(esc),
                False,
                None if pure is None else _losses(a, b, pure),
            )
        )
    return found


def _select(
    cell: Sequence[StageEquilibrium], selection: str, bloc: int | None, atol: float
) -> tuple[int, bool]:
    """The chosen index in `cell`, and whether the risk-dominance fallback was used."""
    if len(cell) == 1:
        return 0, False
    if selection == "risk_dominant":
        winners = [k for k, e in enumerate(cell) if e.risk_dominant]
        if len(winners) == 1:
            return winners[0], False
        # fallback 1: the Nash product over every pure equilibrium, weak ones included
        products = [(e.losses[0] * e.losses[1], k) for k, e in enumerate(cell) if e.losses]
        products.sort(reverse=True)
        # a product of two losses, each known to atol, is known to atol (|l_1| + |l_2|): a tie
        # by symmetry (equal capabilities) stays a tie whatever the rounding
        spread = atol * max(
            (abs(x) + abs(y) for e in cell if e.losses for x, y in [e.losses]), default=0.0
        )
        if products and (len(products) == 1 or products[0][0] > products[1][0] + spread):
            return products[0][1], True
        # fallback 2: the equilibrium with the largest probability of war
        worst = max(e.p_war for e in cell)
        return next(k for k, e in enumerate(cell) if e.p_war == worst), True
    values = [e.payoffs[bloc] for e in cell]
    target = min(values) if selection == "pessimistic" else max(values)
    return values.index(target), False


# ----------------------------------------------------------------------------- stage 1
def _build_down(u: np.ndarray, v: np.ndarray, strategies, payoffs, levels, tol) -> dict | None:
    """The best profile of lower levels where both blocs gain strictly (or None)."""
    top_a = min(k for k, p in enumerate(strategies[0]) if p > SUPPORT_PROB)
    top_b = min(k for k, p in enumerate(strategies[1]) if p > SUPPORT_PROB)
    best = None
    for i in range(top_a + 1):
        for j in range(top_b + 1):
            if (i, j) == (top_a, top_b):
                continue
            gains = (float(u[i, j] - payoffs[0]), float(v[i, j] - payoffs[1]))
            if min(gains) > tol and (best is None or min(gains) > min(best["gains"])):
                best = {
                    "levels": [levels[i], levels[j]],
                    "payoffs": [float(u[i, j]), float(v[i, j])],
                    "gains": list(gains),
                }
    return best


def _stage_one(
    stage, choice, levels, tol, index: int | None
) -> tuple[Game, SolveResult, list[ArmsEquilibrium]]:
    n = len(levels)
    u = np.array([[stage[i][j][choice[i][j]].payoffs[0] for j in range(n)] for i in range(n)])
    v = np.array([[stage[i][j][choice[i][j]].payoffs[1] for j in range(n)] for i in range(n)])
    war = np.array([[stage[i][j][choice[i][j]].p_war for j in range(n)] for i in range(n)])
    names = [f"c={x:g}" for x in levels]
    game = Game([u, v], players=["A", "B"], actions=[names, names], title="reduced arming game")
    result = solve(game, tol=tol)
    atol = absolute_tol(game.payoff_range, tol)
    out = []
    lv = np.array(levels)
    for eq in result.equilibria:
        x, y = (np.array(s) for s in eq.strategies)
        joint = np.outer(x, y)
        outcome: dict[str, float] = {}
        for i, j in zip(*np.nonzero(joint > NEGLIGIBLE_PROB), strict=True):
            label = stage[i][j][choice[i][j]].label
            outcome[label] = outcome.get(label, 0.0) + float(joint[i, j])
        payoffs = (float(eq.payoffs[0]), float(eq.payoffs[1]))
        out.append(
            ArmsEquilibrium(
                (tuple(float(p) for p in x), tuple(float(p) for p in y)),
                (float(x @ lv), float(y @ lv)),
                payoffs,
                float((joint * war).sum()),
                payoffs[0] + payoffs[1],
                outcome,
                game.regret([x, y]),
                index,
                _build_down(u, v, (x, y), payoffs, levels, atol),
            )
        )
    return game, result, out


def arming(
    values: Mapping[str, Any] | None = None,
    levels: Sequence[float] | None = None,
    selection: str = "risk_dominant",
    bloc: str | None = None,
    tol: float | None = None,
    max_selections: int = MAX_SELECTIONS,
) -> ArmingResult:
    """Solve the arming game: capabilities chosen in stage 1, the two-bloc game in stage 2.

    Parameters
    ----------
    values : mapping, optional
        Two-bloc parameters (:data:`PARAMETERS`): ``r`` (both reassurances) or ``r_A``,
        ``r_B``; ``b, alpha, theta, beta, w, k, eps0``. Defaults: :data:`TWO_BLOC_DEFAULTS`.
    levels : sequence of float, optional
        The capability levels each bloc chooses from (default :data:`DEFAULT_LEVELS`).
    selection : str
        The stage-2 selection rule, one of :data:`SELECTIONS`.
    bloc : "A" or "B"
        Whose payoff ``"pessimistic"``/``"optimistic"`` selection minimises/maximises.
    tol : float, optional
        Relative tolerance (ties, regret), default :data:`~gametheory.tolerance.DEFAULT_TOL`.
    max_selections : int
        With ``"all"``: refuse when there are more selections than this.

    Returns
    -------
    ArmingResult
    """
    func = "arming()"
    tol = check_tol(func, tol)
    if selection not in SELECTIONS:
        raise GameError(f"{func}: selection must be one of {list(SELECTIONS)}, got {selection!r}")
    who: int | None = None
    if selection in ("pessimistic", "optimistic"):
        if bloc not in ("A", "B"):
            raise GameError(f"{func}: selection {selection!r} needs bloc 'A' or 'B', got {bloc!r}")
        who = 0 if bloc == "A" else 1
    elif bloc is not None:
        raise GameError(f"{func}: bloc is only for 'pessimistic'/'optimistic', got {bloc!r}")
    params = _parameters(values)
    lv = _levels(levels, params["eps0"])
    grid = np.array(lv)
    payoffs = _stage_function()(c_A=grid[:, None], c_B=grid[None, :], **params)
    stage = stage_equilibria(payoffs, lv, params["eps0"], tol)
    n = len(lv)
    fallback = 0
    if selection == "all":
        multi = [(i, j) for i in range(n) for j in range(n) if len(stage[i][j]) > 1]
        count = math.prod(len(stage[i][j]) for i, j in multi)
        if count > max_selections:
            raise TooLargeError(
                f"{func}: selection 'all' has {count} selections ({len(multi)} capability pairs "
                f"with several stage-2 equilibria), more than max_selections = {max_selections}; "
                "give fewer levels"
            )
        choices = []
        for pick in itertools.product(*[range(len(stage[i][j])) for i, j in multi]):
            choice = [[0] * n for _ in range(n)]
            for (i, j), k in zip(multi, pick, strict=True):
                choice[i][j] = k
            choices.append(tuple(tuple(r) for r in choice))
    else:
        choice = [[0] * n for _ in range(n)]
        for i in range(n):
            for j in range(n):
                atol = absolute_tol(float(np.ptp(payoffs[:, :, :, i, j])), tol)
                choice[i][j], used = _select(stage[i][j], selection, who, atol)
                fallback += used
        choices = [tuple(tuple(r) for r in choice)]
    games, results, equilibria = [], [], []
    for index, choice in enumerate(choices):
        game, result, found = _stage_one(
            stage, choice, lv, tol, index if selection == "all" else None
        )
        games.append(game)
        results.append(result)
        equilibria.extend(found)
    return ArmingResult(
        lv,
        params,
        selection,
        bloc,
        stage,
        tuple(choices),
        tuple(games),
        tuple(results),
        tuple(equilibria),
        fallback,
        all(r.complete for r in results),
    )


__all__ = [
    "DEFAULT_LEVELS",
    "DEFAULT_TOL",
    "MAX_SELECTIONS",
    "PARAMETERS",
    "SELECTIONS",
    "ArmingResult",
    "ArmsEquilibrium",
    "StageEquilibrium",
    "arming",
    "stage_equilibria",
]
