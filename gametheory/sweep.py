"""Parameter sweeps: where in parameter space is a pure profile stable?

:func:`grid` evaluates a :class:`~gametheory.symbolic.SymbolicGame` over a grid of parameter
values and labels every point with a *regime* of a pure target profile, decided by
:func:`gametheory.stability.criteria.evaluate` — the same definitions :func:`classify
<gametheory.stability.classify>` applies to one game and :func:`thresholds
<gametheory.stability.thresholds>` solves symbolically (docs/criteria.md):

=====  ===================  =====================================================================
label  name                 meaning at that point
=====  ===================  =====================================================================
0      ``not-equilibrium``  some player gains by deviating from the profile
1      ``fragile``          an equilibrium, but weak (some deviation costs nothing) or not
                            risk-dominant over a strict rival (it loses or ties the Nash-product
                            comparison, Harsanyi & Selten 1988)
2      ``stable``           a strict equilibrium that risk-dominates its rival, or whose rival
                            is not a strict equilibrium there (nothing to compare with)
=====  ===================  =====================================================================

The analysis is vectorised: payoffs of every grid point come from one call of
:meth:`SymbolicGame.lambdify`, and the criteria are array operations, so a 1000 x 1000 grid
takes well under a second. :func:`grid_by_solving` reaches the ``nash`` labels by solving every
point's game (slow; it is the cross-check and the benchmark baseline).
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
from .stability import criteria
from .stability.criteria import REGIMES
from .symbolic import SymbolicGame
from .tolerance import check_tol

MAX_AXIS_POINTS = 10**7
"""Most points one axis of :func:`parse_range` may have."""

CHUNK_POINTS = 10**6
"""Grid points evaluated at once by the vectorised regimes; progress is reported per chunk."""

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
    nash, strict, risk_dominant, risk_defined : np.ndarray or None
        The criteria separately (boolean arrays, same shape), as :func:`classify
        <gametheory.stability.classify>` reports them: ``risk_dominant`` is meaningful where
        ``risk_defined`` (the rival is a strict equilibrium) and False elsewhere, where classify
        says None. None when the labels came from a user's analysis (or, for the risk arrays,
        when no rival was compared).
    title : str
        The game's title, for plots.
    regimes : tuple of str
        Label names: :data:`REGIMES`, or a user analysis's answers.
    axis_labels : Mapping[str, str]
        Each swept parameter's meaning and name (``"capability c"``), for plot axes.
    """

    axes: Mapping[str, np.ndarray]
    fixed: Mapping[str, float]
    profile: tuple[str, ...]
    rival: tuple[str, ...] | None
    labels: np.ndarray
    nash: np.ndarray | None
    strict: np.ndarray | None
    risk_dominant: np.ndarray | None
    risk_defined: np.ndarray | None = None
    title: str = ""
    regimes: tuple[str, ...] = field(default=REGIMES)
    axis_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.labels.shape

    def share(self, regime: str) -> float:
        """Fraction of grid points in a regime."""
        if regime not in self.regimes:
            raise GameError(f"PhaseTable.share(): unknown regime {regime!r}; one of {self.regimes}")
        return float(np.mean(self.labels == self.regimes.index(regime)))

    def to_records(self) -> np.ndarray:
        """One row per grid point: the axis values, ``regime`` (name) and the criteria.

        ``risk_dominant`` is the text ``"True"``, ``"False"`` or ``"None"`` (undefined there).
        """
        mesh = np.meshgrid(*self.axes.values(), indexing="ij")
        criteria = {
            name: values
            for name, values in (
                ("nash", self.nash),
                ("strict", self.strict),
            )
            if values is not None
        }
        width = max(len(r) for r in self.regimes)
        dtype = [(name, float) for name in self.axes] + [("regime", f"U{width}")]
        dtype += [(name, bool) for name in criteria]
        if self.risk_dominant is not None:
            defined = self.risk_defined if self.risk_defined is not None else True
            criteria["risk_dominant"] = np.where(
                defined, np.where(self.risk_dominant, "True", "False"), "None"
            )
            dtype.append(("risk_dominant", "U5"))
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
    profile : str or sequence, optional
        The target pure profile (action names or indices); default the first action of every
        player (mutual restraint in :func:`~gametheory.games.two_bloc`).
    rival : "auto", None or a profile
        ``"auto"``: compare with the Harsanyi–Selten rival, the profile where both players
        switch (2x2 games; other games have none; naming that profile is the same). None: no
        comparison ("stable" then means "strict equilibrium").
    fixed : mapping, optional
        Values for parameters not swept (others take the game's defaults).
    tol : float, optional
        Relative tolerance for "gain <= 0" tests, as elsewhere (times the payoff range at that
        point).
    progress : callable, optional
        ``progress(done, total)`` in grid points: after every :data:`CHUNK_POINTS` points of
        the vectorised regimes, after each point of a callable `analysis`.

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
    target = game.profile_index((0,) * game.n_players if profile is None else profile, "grid()")
    rival_idx = None if rival is None else criteria.risk_rival(game.shape, target)
    if rival is not None and not (isinstance(rival, str) and rival == "auto"):
        # a profile: only the Harsanyi-Selten rival is a rival (docs/criteria.md)
        if game.profile_index(rival, "grid()") != rival_idx:
            raise GameError(
                f"grid(): rival {rival!r}: risk dominance compares a profile with the one where "
                f"both players switch (2x2 games); give rival='auto' or None"
            )
    found = _chunked_criteria(game, axes, fixed, target, rel_tol, progress)
    shape = found["nash"].shape
    if rival_idx is None:  # no comparison: stable means strict
        found["risk_dominant"] = found["risk_defined"] = np.zeros(shape, dtype=bool)
        found["regime"] = criteria.regime(found["nash"], found["strict"], False, False)
    return PhaseTable(
        axes=axes,
        fixed=_fixed_values(game, axes, fixed),
        profile=tuple(game.actions[i][a] for i, a in enumerate(target)),
        rival=None
        if rival_idx is None
        else tuple(game.actions[i][a] for i, a in enumerate(rival_idx)),
        labels=found["regime"],
        nash=found["nash"],
        strict=found["strict"],
        risk_dominant=None if rival_idx is None else found["risk_dominant"],
        risk_defined=None if rival_idx is None else found["risk_defined"],
        title=game.title,
        axis_labels={name: game.label(name) for name in axes},
    )


def _chunked_criteria(game, axes, fixed, target, rel_tol, progress) -> dict[str, np.ndarray]:
    """criteria.evaluate over the grid, a block of first-axis rows at a time (bounded memory,
    progress after each block, Ctrl-C acted on between blocks)."""
    first, values = next(iter(axes.items()))
    shape = tuple(len(v) for v in axes.values())
    per_row = int(np.prod(shape[1:], dtype=np.int64))
    rows = max(1, CHUNK_POINTS // max(per_row, 1))
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(values), rows):
        stop = min(start + rows, len(values))
        payoffs, part = _grid_payoffs(game, {**axes, first: values[start:stop]}, fixed)
        for key, value in criteria.evaluate(payoffs, target, rel_tol).items():
            value = np.broadcast_to(value, part)
            if key not in found:
                found[key] = np.empty(shape, dtype=value.dtype)
            found[key][start:stop] = value
        if progress is not None:
            progress(stop * per_row, len(values) * per_row)
    return found


def _grid_payoffs(game: SymbolicGame, axes, fixed) -> tuple[np.ndarray, tuple[int, ...]]:
    """Payoffs at every grid point, shape ``(n_players, *game.shape, *grid)``, and the grid."""
    grids = np.meshgrid(*axes.values(), indexing="ij", sparse=True)
    payoffs = game.lambdify()(**fixed, **dict(zip(axes, grids, strict=True)))
    shape = tuple(len(v) for v in axes.values())
    return np.broadcast_to(payoffs, (*payoffs.shape[: game.n_players + 1], *shape)), shape


def _fixed_values(game: SymbolicGame, axes, fixed) -> dict[str, float]:
    """Values of the parameters not swept (the swept ones get placeholders for the check)."""
    values = game.values("grid()", **{**dict.fromkeys(axes, 0.0), **fixed})
    return {k: float(v) for k, v in values.items() if k not in axes}


def _grid_by_callable(game, axes, analysis, fixed, progress) -> PhaseTable:
    """Labels from a user's analysis of each grid point's numeric game."""
    names = list(axes)
    payoffs, shape = _grid_payoffs(game, axes, fixed)
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
    return PhaseTable(
        axes=axes,
        fixed=_fixed_values(game, axes, fixed),
        profile=(),
        rival=None,
        labels=labels,
        nash=None,
        strict=None,
        risk_dominant=None,
        title=game.title,
        regimes=regimes,
        axis_labels={name: game.label(name) for name in axes},
    )


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

    target = game.profile_index(
        (0,) * game.n_players if profile is None else profile, "grid_by_solving()"
    )

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


__all__ = ["REGIMES", "PhaseTable", "grid", "grid_by_solving", "parse_range"]
