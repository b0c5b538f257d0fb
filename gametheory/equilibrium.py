"""Equilibria as data: the result types every solver returns, verification and de-duplication.

Verification is the contract between solvers and users: a profile is accepted as an equilibrium
only if its largest regret is at most ``tol * game.payoff_range`` (a *relative* tolerance, as
Gambit measures regret). The default ``tol`` is :data:`gametheory.tolerance.DEFAULT_TOL`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from fractions import Fraction
from itertools import repeat
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .errors import GameError
from .game import Game, Profile
from .tolerance import SAME_PROFILE_TOL, absolute_tol, check_tol


@dataclass(frozen=True)
class Equilibrium:
    """One verified Nash equilibrium.

    Attributes
    ----------
    strategies : tuple of tuple of float
        One probability vector per player, in action order.
    payoffs : tuple of float
        Expected payoff of each player.
    regret : float
        Largest gain from a unilateral deviation, in payoff units, measured at verification.
    exact : tuple of tuple of Fraction, optional
        The same strategies in exact rational arithmetic, when the solver computed them so.
    """

    strategies: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]
    regret: float
    exact: tuple[tuple[Fraction, ...], ...] | None = None

    @property
    def is_pure(self) -> bool:
        """True if every player puts probability one on a single action."""
        return all(max(s) > 1 - SAME_PROFILE_TOL for s in self.strategies)

    def pure_profile(self) -> tuple[int, ...] | None:
        """The action indices if the equilibrium is pure, else None."""
        if not self.is_pure:
            return None
        return tuple(int(np.argmax(s)) for s in self.strategies)

    def supports(self, tol: float = SAME_PROFILE_TOL) -> tuple[tuple[int, ...], ...]:
        """The actions each player uses with probability above `tol`."""
        return tuple(tuple(a for a, p in enumerate(s) if p > tol) for s in self.strategies)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as in the CLI's JSON output."""
        out: dict[str, Any] = {
            "strategies": [list(s) for s in self.strategies],
            "payoffs": list(self.payoffs),
        }
        out["exact"] = None if self.exact is None else [[str(p) for p in s] for s in self.exact]
        return out


@dataclass(frozen=True)
class SolveResult:
    """What every solver returns.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        Verified equilibria, each once. For two-player games solved completely these are the
        *extreme* equilibria: in a degenerate game the full set is the union of the convex sets
        listed in `nash_subsets`.
    method : str
        The method that ran (``"auto"`` is resolved to the real one).
    complete : bool
        True only when the method provably returned every equilibrium (every extreme
        equilibrium, for a game with a continuum).
    parameters : Mapping
        ``tol`` and method options, plus the model parameters when the game came from a
        SymbolicGame.
    nash_subsets : tuple of tuple of int
        Maximal Nash subsets (Avis et al. 2010), each the indices into `equilibria` of its
        extreme points; every convex combination of them is an equilibrium. Empty when the
        method does not compute them.
    degenerate : bool or None
        Whether the game is degenerate (some mixed strategy with support size k has more than k
        pure best responses); None when not determined.
    timings : Mapping
        Seconds spent, by stage.
    reason : str
        Why the result is not complete, or how it was reached (a fallback, a cap); may be empty.
    converged : bool or None
        For iterative methods, whether they met their stopping criterion; None otherwise.
    game : Game
        The game that was solved.
    """

    equilibria: tuple[Equilibrium, ...]
    method: str
    complete: bool
    parameters: Mapping[str, Any]
    nash_subsets: tuple[tuple[int, ...], ...] = ()
    degenerate: bool | None = None
    timings: Mapping[str, float] = field(default_factory=dict)
    reason: str = ""
    converged: bool | None = None
    game: Game | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    @property
    def pure_only(self) -> bool:
        """True if only pure profiles were searched, so mixed equilibria may exist unlisted.

        The ``"pure"`` method (what ``"auto"`` runs for games of three or more players while no
        mixed n-player method applies) checks every pure profile and nothing else.
        """
        return self.method == "pure"

    @property
    def has_continuum(self) -> bool:
        """True if some maximal Nash subset has more than one extreme point (a continuum)."""
        return any(len(s) > 1 for s in self.nash_subsets)

    def to_dict(self) -> dict[str, Any]:
        """The CLI's ``--json`` object: the same keys for every method (``docs/json.md``)."""
        out: dict[str, Any] = {
            "players": None if self.game is None else list(self.game.players),
            "actions": None if self.game is None else [list(a) for a in self.game.actions],
            "method": self.method,
            "complete": self.complete,
            "pure_only": self.pure_only,
            "degenerate": self.degenerate,
            "equilibria": [eq.to_dict() for eq in self.equilibria],
            "nash_subsets": [list(s) for s in self.nash_subsets],
            # subsets cover every equilibrium when computed: none listed means not computed
            "has_continuum": (
                self.has_continuum if self.nash_subsets or not self.equilibria else None
            ),
            "reason": self.reason,
            "converged": self.converged,
            "parameters": {k: v for k, v in self.parameters.items() if _jsonable(v)},
        }
        return out


@runtime_checkable
class EquilibriumResult(Protocol):
    """What every analysis that returns equilibria returns, whatever the kind of equilibrium.

    :class:`SolveResult` (:func:`gametheory.solve`), :class:`~gametheory.extensive.SPEResult`
    (:func:`~gametheory.extensive.subgame_perfect`), :class:`~gametheory.bayesian.PBEResult`
    (:func:`~gametheory.bayesian.perfect_bayesian`),
    :class:`~gametheory.bayesian.BayesianResult` (:func:`~gametheory.bayesian.bayesian_equilibria`)
    and the bloc-formation model's ``BlocEquilibria``
    (``BlocFormation.equilibria``) all satisfy it (``isinstance`` works:
    the protocol is runtime-checkable). Iterating over a result yields exactly `equilibria`,
    and ``len()`` is their number.

    Attributes
    ----------
    equilibria : tuple
        The equilibria found, each once, of the analysis's own type.
    complete : bool
        True only when the method provably returned every equilibrium of its kind (every
        extreme one, for a continuum).
    method : str
        The method that ran.
    reason : str
        Why the result is not complete, or how it was reached; ``""`` when there is nothing
        to say.
    converged : bool or None
        For iterative methods, whether they met their stopping rule; None for the others.
    """

    @property
    def equilibria(self) -> tuple[Any, ...]: ...

    @property
    def complete(self) -> bool: ...

    @property
    def method(self) -> str: ...

    @property
    def reason(self) -> str: ...

    @property
    def converged(self) -> bool | None: ...

    def to_dict(self) -> dict[str, Any]:
        """Plain data that ``json.dumps`` accepts."""
        ...

    def __iter__(self) -> Iterator[Any]: ...

    def __len__(self) -> int: ...


def unchecked_many(cls: type, /, fields: list[dict[str, Any]]) -> list[Any]:
    """Instances of the frozen dataclass `cls` (:class:`Equilibrium`, :class:`SolveResult`),
    one per dict of `fields`, each naming every field with a value the caller has already
    built and checked, made without running ``__init__``: the batch solver builds one per game,
    and a frozen dataclass's ``__init__`` costs more than the solving (the caller writes the
    dicts as literals, the cheapest way to make them)."""
    if fields and fields[0].keys() != _FIELDS[cls]:
        raise TypeError(f"unchecked_many(): {cls.__name__} has fields {sorted(_FIELDS[cls])}")
    out = list(map(object.__new__, repeat(cls, len(fields))))
    assign = object.__setattr__
    for obj, values in zip(out, fields, strict=True):
        assign(obj, "__dict__", values)
    return out


_FIELDS: dict[type, set[str]] = {
    cls: {f.name for f in dataclass_fields(cls)} for cls in (Equilibrium, SolveResult)
}


def _jsonable(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def verify(game: Game, profile: Profile, tol: float | None = None) -> bool:
    """Is `profile` a Nash equilibrium of `game` up to ``tol * game.payoff_range``?

    Parameters
    ----------
    game : Game
    profile : sequence
        One action or probability vector per player.
    tol : float, optional
        Relative tolerance; default :data:`~gametheory.tolerance.DEFAULT_TOL`.

    Examples
    --------
    >>> from gametheory.games import matching_pennies
    >>> verify(matching_pennies().at(), [[0.5, 0.5], [0.5, 0.5]])
    True
    >>> verify(matching_pennies().at(), [0, 0])
    False
    """
    atol = absolute_tol(game.payoff_range, check_tol("verify", tol))
    return game.regret(profile) <= atol


def verify_exact(game: Game, strategies: Sequence[Sequence[Fraction]]) -> bool:
    """Is the rational profile an exact Nash equilibrium (zero regret in rational arithmetic)?

    Uses :meth:`Game.exact_payoffs`, so float payoffs are taken at their exact binary value.
    Meant for small games: it enumerates every pure profile.
    """
    strategies = [[Fraction(p) for p in s] for s in strategies]
    if len(strategies) != game.n_players or any(
        len(s) != size for s, size in zip(strategies, game.shape, strict=True)
    ):
        raise GameError(f"verify_exact(): profile does not match the game's shape {game.shape}")
    if any(p < 0 for s in strategies for p in s) or any(sum(s) != 1 for s in strategies):
        raise GameError("verify_exact(): each strategy must be non-negative and sum exactly to 1")
    for i, table in enumerate(game.exact_payoffs()):
        values = [Fraction(0)] * game.shape[i]
        for idx, pay in np.ndenumerate(table):
            weight = Fraction(1)
            for j, a in enumerate(idx):
                if j != i:
                    weight *= strategies[j][a]
                    if weight == 0:
                        break
            if weight:
                values[idx[i]] += weight * pay
        own = sum((p * v for p, v in zip(strategies[i], values, strict=True)), Fraction(0))
        if max(values) > own:
            return False
    return True


def make_equilibrium(
    game: Game,
    strategies: Sequence[Sequence[float]],
    exact: Sequence[Sequence[Fraction]] | None = None,
) -> Equilibrium:
    """Package a profile (already validated by the caller) with its payoffs and regret."""
    profile = game.profile([np.asarray(s, dtype=float) for s in strategies])
    profile = tuple(p / p.sum() for p in profile)
    # validated once: the payoffs and regret of Game.payoff and Game.regret, from one pass
    values = game._values(profile)
    own = [float(v @ x) for v, x in zip(values, profile, strict=True)]
    return Equilibrium(
        strategies=tuple(tuple(float(x) for x in p) for p in profile),
        payoffs=tuple(own),
        regret=max(max(0.0, float(v.max()) - u) for v, u in zip(values, own, strict=True)),
        exact=None if exact is None else tuple(tuple(Fraction(x) for x in s) for s in exact),
    )


def same_profile(a: Sequence[Any], b: Sequence[Any], tol: float = SAME_PROFILE_TOL) -> bool:
    """Are two profiles (one probability vector per player) equal within `tol` in every
    probability? The one definition of "the same equilibrium" (with :func:`distinct`)."""
    for x, y in zip(a, b, strict=True):
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if x.shape != y.shape or np.max(np.abs(x - y)) > tol:
            return False
    return True


def distinct(profiles: Sequence[Sequence[Any]], tol: float = SAME_PROFILE_TOL) -> list[int]:
    """Indices of the first of each group of equal profiles (see :func:`same_profile`).

    >>> distinct([([1, 0], [0.5, 0.5]), ([1, 0], [0.5 + 1e-9, 0.5 - 1e-9]), ([0, 1], [1, 0])])
    [0, 2]
    """
    if not profiles:
        return []
    flat = np.array([np.concatenate([np.asarray(s, dtype=float) for s in p]) for p in profiles])
    keep: list[int] = []
    for k in range(len(flat)):
        if not keep or np.abs(flat[keep] - flat[k]).max(axis=1).min() > tol:
            keep.append(k)
    return keep
