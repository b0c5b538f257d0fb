"""The solver registry: one record per method, the one place a new method is added.

Every method :func:`gametheory.solve` can run is a :class:`Method` record held in
:data:`REGISTRY`. A record says what the method accepts (numbers of players, options), what it
can promise (``complete``: it can prove it found every equilibrium; ``exact``: it can return
exact rational strategies) and how ``method="auto"`` ranks it. Its ``runner`` proposes
profiles; :func:`gametheory.solve` verifies every proposal by a regret check, maps it back
through the reductions and builds the :class:`~gametheory.equilibrium.SolveResult`.

How to add a method
-------------------
1. Write a runner ``run(game, *, tol, exact, **options) -> Proposals`` in its own module under
   ``gametheory/solvers/`` (its compiled kernels go to ``solvers/_kernels/``, linear systems
   through :mod:`gametheory._linalg`). ``game`` is a :class:`~gametheory.game.Game` (already
   reduced unless the user passed ``reduce=False``), ``tol`` the relative tolerance (a float),
   ``exact`` whether rational strategies were asked for (only passed as True when the record
   says ``exact=True``),
   ``options`` exactly the names the record declares, defaults filled in. Refuse work that is
   too large with a :class:`~gametheory.errors.GameError` that names the estimate and an
   alternative that works; cap iterations and report ``converged``.
2. Register it at the end of that module (as :mod:`.enummixed`, :mod:`.enumpoly`,
   :mod:`.nashpy_methods` and :mod:`.pure` do)::

       register(Method(
           name="mymethod", runner=run, description="one line for `gametheory methods`",
           min_players=3, complete=False, options={"max_iter": 1000},
           auto_priority=10, suits=lambda game: max(game.shape) <= 6,
       ))

3. Import the module in ``gametheory/solvers/__init__.py`` (the block that lists the algorithm
   modules) so registration happens when the package is imported.
   ``solve(game, method="mymethod", max_iter=50)`` then works, the CLI lists it
   (``gametheory methods``, ``gametheory solve --method``) and ``auto`` may pick it: among the
   records that accept the game's number of players and whose ``suits(game)`` is true, ``auto``
   runs the one with the highest ``auto_priority``.

Examples
--------
>>> from gametheory.solvers.registry import REGISTRY
>>> REGISTRY["pure"].min_players, REGISTRY["pure"].max_players
(1, None)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

import numpy as np

from ..errors import GameError
from ..game import Game

COMMON_OPTIONS: Mapping[str, Any] = MappingProxyType({"reduce": True})
"""Options :func:`gametheory.solve` handles itself for every method: ``reduce`` (remove strictly
dominated and merge duplicate strategies first; see :mod:`gametheory.solvers.reductions`)."""


@dataclass(frozen=True)
class Proposals:
    """What a runner returns: candidate equilibria and what it can say about them.

    Attributes
    ----------
    profiles : sequence
        Candidate profiles, one probability vector per player each. They are verified by
        :func:`gametheory.solve`; failing ones are dropped and counted.
    complete : bool
        True only if the method proved these are all equilibria (all extreme equilibria, for a
        two-player game with continua).
    degenerate : bool or None
        Whether the game is degenerate, when the method determined it.
    pairs : array of shape (k, 2), optional
        Two players: for each profile, the index of its row strategy and of its column strategy
        among the distinct extreme strategies; the maximal Nash subsets are built from them.
    exact : sequence, optional
        The same profiles in exact rationals (one tuple of Fractions per player), when asked.
    reason : str
        Why the result is not complete, or how it was obtained (a fallback, a cap reached).
    converged : bool or None
        For iterative methods: did they reach their stopping criterion.
    details : Mapping
        Anything else worth recording in ``SolveResult.parameters`` (counts, the path taken).
    """

    profiles: Sequence[Sequence[Any]]
    complete: bool
    degenerate: bool | None = None
    pairs: np.ndarray | None = None
    exact: Sequence[Sequence[Sequence[Any]]] | None = None
    reason: str = ""
    converged: bool | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


class Runner(Protocol):
    def __call__(self, game: Game, *, tol: float, exact: bool, **options: Any) -> Proposals: ...


@dataclass(frozen=True)
class Method:
    """One solver method.

    Attributes
    ----------
    name : str
        What users pass as ``method=``.
    runner : callable
        ``runner(game, *, tol, exact, **options) -> Proposals``.
    description : str
        One line, shown by ``gametheory methods``.
    min_players, max_players : int, int or None
        Numbers of players accepted (``None``: no upper limit).
    complete : bool
        The method can prove it found every equilibrium (on the games it flags complete).
    exact : bool
        The method supports ``exact=True`` (exact rational strategies).
    options : Mapping
        Method-specific options and their defaults; any other option is refused.
    auto_priority : int or None
        Rank for ``method="auto"`` (highest wins); None: never picked automatically.
    suits : callable, optional
        ``suits(game) -> bool``: can ``auto`` give this game to the method (size limits).
    """

    name: str
    runner: Runner
    description: str
    min_players: int = 2
    max_players: int | None = 2
    complete: bool = False
    exact: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    auto_priority: int | None = None
    suits: Callable[[Game], bool] | None = None

    def accepts(self, n_players: int) -> bool:
        """Does the method take games with `n_players` players?"""
        return self.min_players <= n_players and (
            self.max_players is None or n_players <= self.max_players
        )

    @property
    def players_text(self) -> str:
        if self.max_players is None:
            return f"{self.min_players}+" if self.min_players > 1 else "any"
        if self.max_players == self.min_players:
            return str(self.min_players)
        return f"{self.min_players}-{self.max_players}"


REGISTRY: dict[str, Method] = {}
"""Registered methods by name (``"auto"`` is not a method: it picks one)."""


def register(method: Method, *, replace: bool = False) -> Method:
    """Add a method to :data:`REGISTRY` and return it.

    Raises
    ------
    GameError
        The name is taken (pass ``replace=True`` to override), is ``"auto"``, or an option
        clashes with a common one.
    """
    if not isinstance(method, Method):
        raise GameError(f"register(): expected a Method record, got {type(method).__name__}")
    if method.name == "auto" or not method.name:
        raise GameError(f"register(): {method.name!r} cannot be a method name")
    if method.name in REGISTRY and not replace:
        raise GameError(
            f"register(): method {method.name!r} is already registered (replace=True overrides)"
        )
    clash = sorted(set(method.options) & set(COMMON_OPTIONS))
    if clash:
        raise GameError(f"register(): options {clash} of {method.name!r} are common options")
    REGISTRY[method.name] = method
    return method


def unregister(name: str) -> None:
    """Remove a method (tests register toy methods and remove them again)."""
    if name not in REGISTRY:
        raise GameError(f"unregister(): no method {name!r}")
    del REGISTRY[name]


def pick(game: Game, method: str) -> Method:
    """The record that will solve `game`: `method` itself, or the choice of ``"auto"``."""
    if method == "auto":
        fits = [
            m
            for m in REGISTRY.values()
            if m.auto_priority is not None
            and m.accepts(game.n_players)
            and (m.suits is None or m.suits(game))
        ]
        if not fits:
            raise GameError(
                f"solve(): no method suits a {game.n_players}-player game of shape {game.shape}"
            )
        return max(fits, key=lambda m: m.auto_priority)
    if method not in REGISTRY:
        raise GameError(
            f"solve(): unknown method {method!r}; choose 'auto' or one of {sorted(REGISTRY)}"
        )
    record = REGISTRY[method]
    if not record.accepts(game.n_players):
        raise GameError(
            f"solve(): method {method!r} takes {record.players_text} players, "
            f"the game has {game.n_players}"
        )
    return record


def resolve_options(method: Method, options: Mapping[str, Any]) -> tuple[dict, dict]:
    """Split user options into (common, method-specific), defaults filled; refuse unknown ones."""
    unknown = sorted(set(options) - set(method.options) - set(COMMON_OPTIONS))
    if unknown:
        accepted = sorted(set(method.options) | set(COMMON_OPTIONS))
        raise GameError(
            f"solve(): unknown option(s) {unknown} for method {method.name!r}; "
            f"it accepts {accepted}"
        )
    common = {k: options.get(k, v) for k, v in COMMON_OPTIONS.items()}
    own = {k: options.get(k, v) for k, v in method.options.items()}
    return common, own


__all__ = [
    "COMMON_OPTIONS",
    "REGISTRY",
    "Method",
    "Proposals",
    "Runner",
    "pick",
    "register",
    "resolve_options",
    "unregister",
]
