"""Parameter sweeps: where in parameter space is a profile (mutual restraint) stable?

:func:`grid` evaluates a :class:`~gametheory.symbolic.SymbolicGame` over a grid of parameter
values and labels every point with a *regime* for a pure target profile:

=====  ===================  =====================================================================
label  name                 meaning at that point
=====  ===================  =====================================================================
0      ``not-equilibrium``  some player gains by deviating from the profile
1      ``fragile``          the profile is an equilibrium but the rival equilibrium
                            risk-dominates it or ties (Harsanyi & Selten 1988)
2      ``stable``           an equilibrium that risk-dominates the rival, or the rival is not a
                            strict equilibrium there
=====  ===================  =====================================================================

The analysis is vectorised: payoffs of every grid point come from one call of
:meth:`SymbolicGame.lambdify`, and the equilibrium and risk-dominance tests are array
operations, so a 1000 x 1000 grid takes well under a second. :func:`grid_by_solving` reaches the
same labels by solving every point's game (slow; it is the cross-check and the benchmark
baseline, and works for criteria that have no closed form).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import GameError
from .game import Game
from .symbolic import SymbolicGame
from .tolerance import check_tol

REGIMES: tuple[str, ...] = ("not-equilibrium", "fragile", "stable")

MAX_AXIS_POINTS = 10**7
"""Most points one axis of :func:`parse_range` may have."""

MAX_GRID_BYTES = 2**30
"""Most memory, in bytes, a grid's payoff arrays may take (estimated before they are built)."""


def grid_bytes(game: SymbolicGame, points: int) -> int:
    """Estimated peak memory of :func:`grid` over `points` grid points, in bytes.

    Every point holds each player's payoff at each profile (float64), and the criteria keep
    about as much again in temporaries.

    >>> from gametheory.games import two_bloc
    >>> grid_bytes(two_bloc(), 1000)
    128000
    """
    cells = int(np.prod(game.shape))
    return int(points) * 2 * game.n_players * cells * 8


@dataclass(frozen=True)
class PhaseTable:
    """Regime labels on a parameter grid.

    Attributes
    ----------
    axes : Mapping[str, np.ndarray]
        The swept parameters in order, each a 1-D array; ``labels.shape`` is their lengths.
    fixed : Mapping[str, float]
        Values of all other parameters.
    profile, rival : tuple of str
        The target profile and the equilibrium it is compared with for risk dominance.
    labels : np.ndarray
        Integer regime labels, indices into `regimes`.
    nash, strict, risk_dominant : np.ndarray or None
        The criteria separately (boolean arrays, same shape). ``risk_dominant`` is False where
        the profile is not an equilibrium and True where the rival is not a strict equilibrium.
        None when the labels came from a user's analysis.
    title : str
        The game's title, for plots.
    regimes : tuple of str
        Label names: :data:`REGIMES`, or a user analysis's answers.
    """

    axes: Mapping[str, np.ndarray]
    fixed: Mapping[str, float]
    profile: tuple[str, ...]
    rival: tuple[str, ...] | None
    labels: np.ndarray
    nash: np.ndarray | None
    strict: np.ndarray | None
    risk_dominant: np.ndarray | None
    title: str = ""
    regimes: tuple[str, ...] = field(default=REGIMES)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.labels.shape

    def share(self, regime: str) -> float:
        """Fraction of grid points in a regime."""
        if regime not in self.regimes:
            raise GameError(f"PhaseTable.share(): unknown regime {regime!r}; one of {self.regimes}")
        return float(np.mean(self.labels == self.regimes.index(regime)))

    def to_records(self) -> np.ndarray:
        """One row per grid point: the axis values, ``regime`` (name) and the criteria."""
        mesh = np.meshgrid(*self.axes.values(), indexing="ij")
        criteria = {
            name: values
            for name, values in (
                ("nash", self.nash),
                ("strict", self.strict),
                ("risk_dominant", self.risk_dominant),
            )
            if values is not None
        }
        width = max(len(r) for r in self.regimes)
        dtype = [(name, float) for name in self.axes] + [("regime", f"U{width}")]
        dtype += [(name, bool) for name in criteria]
        out = np.empty(self.labels.size, dtype=dtype)
        for name, values in zip(self.axes, mesh, strict=True):
            out[name] = values.ravel()
        out["regime"] = np.asarray(self.regimes)[self.labels.ravel()]
        for name, values in criteria.items():
            out[name] = values.ravel()
        return out

    def to_csv(self, path: str | Path) -> None:
        """Write :meth:`to_records` as CSV with a header row."""
        records = self.to_records()
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(records.dtype.names)
            for row in records:
                writer.writerow([repr(float(v)) if isinstance(v, np.floating) else v for v in row])


def _parse_axes(game: SymbolicGame, axes: Mapping[str, Any]) -> dict[str, np.ndarray]:
    if not axes:
        raise GameError(
            "grid(): give at least one parameter axis, e.g. {'c': np.linspace(0, 5, 201)}"
        )
    out = {}
    names = {p.name for p in game.parameters}
    for name, values in axes.items():
        if name not in names:
            raise GameError(
                f"grid(): {name!r} is not a parameter of the game; parameters are "
                f"{[p.name for p in game.parameters]}"
            )
        arr = np.atleast_1d(np.asarray(values, dtype=float))
        if arr.ndim != 1 or arr.size == 0:
            raise GameError(f"grid(): axis {name!r} has no points; give a non-empty 1-D range")
        if not np.all(np.isfinite(arr)):
            raise GameError(f"grid(): axis {name!r} contains NaN or infinite values")
        out[name] = arr
    points = int(np.prod([float(len(v)) for v in out.values()]))
    need = grid_bytes(game, points)
    if need > MAX_GRID_BYTES:
        raise GameError(
            f"grid(): {points:.3g} grid points need about {need / 2**30:.3g} GiB of memory, "
            f"more than the {MAX_GRID_BYTES / 2**30:g} GiB allowed; use fewer points per axis"
        )
    return out


def _parse_profile(game: SymbolicGame, profile: Any, what: str) -> tuple[int, ...]:
    try:
        return game.profile_index(profile)
    except GameError as err:
        raise GameError(
            f"grid(): {what}: {err}".replace("SymbolicGame.profile_index(): ", "")
        ) from None


def _default_rival(game: SymbolicGame, target: tuple[int, ...]) -> tuple[int, ...] | None:
    """For a 2x2 game, the profile where both players switch (R,R) -> (E,E)."""
    if game.shape != (2, 2):
        return None
    return tuple(1 - a for a in target)


def grid(
    game: SymbolicGame,
    axes: Mapping[str, Any],
    analysis: str | Callable[[Game], str] = "regimes",
    profile: Any = None,
    rival: Any | None = "auto",
    fixed: Mapping[str, float] | None = None,
    tol: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PhaseTable:
    """Label every point of a parameter grid with the regime of a pure `profile`.

    Parameters
    ----------
    game : SymbolicGame
        Any number of players; risk dominance needs a 2x2 game.
    axes : mapping of str to array_like
        Parameters to sweep, e.g. ``{"c": np.linspace(0, 5, 201), "r": np.linspace(0, 5, 201)}``;
        the table has one dimension per axis, in this order.
    analysis : "regimes" or callable
        ``"regimes"`` (default): the vectorised regimes of `profile` in the table above.
        A callable ``f(game) -> str`` is instead called on the numeric game of every grid point
        and its answers become the labels (any game size; one call per point, so `progress`
        is told after each).
        The target pure profile (action names or indices); default the first action of every
        player (mutual restraint in :func:`~gametheory.games.two_bloc`).
    rival : sequence, str, None or "auto"
        The equilibrium `profile` must risk-dominate; ``"auto"`` means every player switches
        (2x2 games only); None disables the comparison (then "stable" means "strict
        equilibrium").
    fixed : mapping, optional
        Values for parameters not swept (others take the game's defaults).
    tol : float, optional
        Relative tolerance for "gain <= 0" tests, as elsewhere (times the payoff range at that
        point).
    progress : callable, optional
        ``progress(done, total)`` after each grid point of a callable `analysis`.

    Returns
    -------
    PhaseTable

    Examples
    --------
    >>> from gametheory.games import two_bloc
    >>> table = grid(two_bloc(), {"c": np.linspace(0, 5, 6), "r": np.linspace(0, 5, 6)})
    >>> table.shape
    (6, 6)
    >>> table.regimes[table.labels[0, 5]], table.regimes[table.labels[5, 0]]
    ('stable', 'not-equilibrium')
    """
    if not isinstance(game, SymbolicGame):
        raise GameError(f"grid(): expected a SymbolicGame, got {type(game).__name__}")
    rel_tol = check_tol("grid", tol)
    axes = _parse_axes(game, axes)
    fixed = dict(fixed or {})
    clash = sorted(set(fixed) & set(axes))
    if clash:
        raise GameError(f"grid(): {clash} are both swept and fixed")
    game.values("grid()", **fixed)  # unknown or invalid fixed parameters fail here
    if callable(analysis):
        return _grid_by_callable(game, axes, analysis, fixed, progress)
    if analysis != "regimes":
        raise GameError(f"grid(): analysis must be 'regimes' or a callable, got {analysis!r}")
    target = _parse_profile(game, (0,) * game.n_players if profile is None else profile, "profile")
    if isinstance(rival, str) and rival == "auto":
        rival_idx = _default_rival(game, target)
    elif rival is None:
        rival_idx = None
    else:
        rival_idx = _parse_profile(game, rival, "rival")
        if game.shape != (2, 2):
            raise GameError("grid(): risk dominance against a rival needs a 2x2 game")
    names = list(axes)
    grids = np.meshgrid(*axes.values(), indexing="ij", sparse=True)
    payoffs = game.lambdify()(**fixed, **dict(zip(names, grids, strict=True)))
    nash, strict, rd = deterrence_criteria(payoffs, game.shape, target, rival_idx, rel_tol)
    labels = np.where(~nash, 0, np.where(rd, 2, 1)).astype(np.int8)
    # the swept names get placeholders so that only the other parameters need defaults
    defaults = game.values("grid()", **{**{n: 0.0 for n in names}, **fixed})
    return PhaseTable(
        axes=axes,
        fixed={k: float(v) for k, v in defaults.items() if k not in axes},
        profile=tuple(game.actions[i][a] for i, a in enumerate(target)),
        rival=None
        if rival_idx is None
        else tuple(game.actions[i][a] for i, a in enumerate(rival_idx)),
        labels=labels,
        nash=nash,
        strict=strict,
        risk_dominant=rd,
        title=game.title,
    )


def _grid_by_callable(game, axes, analysis, fixed, progress) -> PhaseTable:
    """Labels from a user's analysis of each grid point's numeric game."""
    names = list(axes)
    grids = np.meshgrid(*axes.values(), indexing="ij", sparse=True)
    payoffs = game.lambdify()(**fixed, **dict(zip(names, grids, strict=True)))
    n = game.n_players
    shape = tuple(len(v) for v in axes.values())
    payoffs = np.broadcast_to(payoffs, (*payoffs.shape[: n + 1], *shape))
    found = np.empty(shape, dtype=object)
    total = found.size
    for k, idx in enumerate(np.ndindex(shape)):
        point = Game(
            list(payoffs[(Ellipsis, *idx)]),
            players=game.players,
            actions=game.actions,
            title=game.title,
        )
        label = analysis(point)
        if not isinstance(label, str):
            raise GameError(
                f"grid(): analysis returned {label!r} at {dict(zip(names, idx, strict=True))}; "
                "it must return a label string"
            )
        found[idx] = label
        if progress is not None:
            progress(k + 1, total)
    seen = set(found.ravel())
    regimes = REGIMES if seen <= set(REGIMES) else tuple(sorted(seen))
    lookup = {name: i for i, name in enumerate(regimes)}
    labels = np.vectorize(lookup.__getitem__, otypes=[np.int16])(found)
    defaults = game.values("grid()", **{**{n_: 0.0 for n_ in names}, **fixed})
    return PhaseTable(
        axes=axes,
        fixed={k: float(v) for k, v in defaults.items() if k not in axes},
        profile=(),
        rival=None,
        labels=labels,
        nash=None,
        strict=None,
        risk_dominant=None,
        title=game.title,
        regimes=regimes,
    )


def deterrence_criteria(
    payoffs: np.ndarray,
    shape: tuple[int, ...],
    target: tuple[int, ...],
    rival: tuple[int, ...] | None,
    tol: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised NE / strict / risk-dominance tests of a pure profile.

    `payoffs` has shape ``(n_players, *shape, *grid)`` as returned by
    :meth:`SymbolicGame.lambdify`. Returns three boolean arrays of the grid's shape.
    """
    n = len(shape)
    cells = payoffs.reshape((n, int(np.prod(shape)), *payoffs.shape[n + 1 :]))
    spread = (cells.max(axis=1) - cells.min(axis=1)).max(axis=0)
    atol = tol * np.where(spread > 0, spread, 1.0)
    best_gain = _best_deviation_gain(payoffs, shape, target)
    nash = best_gain <= atol
    strict = best_gain < -atol
    if rival is None:
        return nash, strict, strict.copy()
    rival_gain = _best_deviation_gain(payoffs, shape, rival)
    rival_strict = rival_gain < -atol
    product_target = _nash_product(payoffs, target)
    product_rival = _nash_product(payoffs, rival)
    # products are in payoff units squared: compare with tol * spread**2
    dominates = product_target > product_rival + atol * np.where(spread > 0, spread, 1.0)
    return nash, strict, nash & (~rival_strict | dominates)


def _best_deviation_gain(payoffs: np.ndarray, shape: tuple[int, ...], profile: tuple[int, ...]):
    best = None
    for i in range(len(shape)):
        here = payoffs[(i, *profile)]
        for a in range(shape[i]):
            if a == profile[i]:
                continue
            dev = (*profile[:i], a, *profile[i + 1 :])
            gain = payoffs[(i, *dev)] - here
            best = gain if best is None else np.maximum(best, gain)
    if best is None:  # every player has one action: nothing to deviate to
        return np.full(payoffs.shape[len(shape) + 1 :], -np.inf)
    return best


def _nash_product(payoffs: np.ndarray, profile: tuple[int, ...]) -> np.ndarray:
    """Harsanyi-Selten: product over players of the loss from deviating (2x2 games)."""
    product = 1.0
    for i in range(len(profile)):
        dev = (*profile[:i], 1 - profile[i], *profile[i + 1 :])
        product = product * (payoffs[(i, *profile)] - payoffs[(i, *dev)])
    return product


def grid_by_solving(
    game: SymbolicGame,
    axes: Mapping[str, Any],
    profile: Any = None,
    fixed: Mapping[str, float] | None = None,
    tol: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Per-point baseline: solve every grid point's game; is `profile` an equilibrium there?

    Returns a boolean array (the ``nash`` criterion) of the grid's shape. This is what
    :func:`grid` replaces for 2x2 families; it is kept as an independent cross-check and as
    the baseline in ``benchmarks/``.
    """
    from .solvers import solve

    target = _parse_profile(game, (0,) * game.n_players if profile is None else profile, "profile")

    def is_equilibrium(point: Game) -> str:
        pure = (eq.pure_profile() for eq in solve(point, method="pure", tol=tol).equilibria)
        return "equilibrium" if target in pure else "not"

    table = grid(game, axes, is_equilibrium, fixed=fixed, progress=progress)
    return np.asarray(table.regimes)[table.labels] == "equilibrium"


def parse_range(text: str) -> tuple[str, np.ndarray]:
    """Parse a CLI grid spec ``NAME=START:STOP:NUM`` (inclusive, like ``np.linspace``).

    >>> name, values = parse_range("c=0:5:6")
    >>> name, values.tolist()
    ('c', [0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    """
    name, sep, spec = text.partition("=")
    parts = spec.split(":")
    if not sep or not name.strip() or len(parts) != 3:
        raise GameError(f"grid: {text!r} is not NAME=START:STOP:NUM (e.g. c=0:5:201)")
    try:
        start, stop = float(parts[0]), float(parts[1])
        num = int(parts[2])
    except ValueError:
        raise GameError(f"grid: {text!r}: START and STOP must be numbers, NUM an integer") from None
    if num < 1:
        raise GameError(f"grid: {text!r} has no points (NUM must be >= 1)")
    if num > MAX_AXIS_POINTS:
        raise GameError(f"grid: {text!r} has {num} points, at most {MAX_AXIS_POINTS} per axis")
    if not (np.isfinite(start) and np.isfinite(stop)):
        raise GameError(f"grid: {text!r}: START and STOP must be finite")
    return name.strip(), np.linspace(start, stop, num)


__all__ = ["REGIMES", "PhaseTable", "deterrence_criteria", "grid", "grid_by_solving", "parse_range"]
