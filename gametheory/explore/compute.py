"""What the explorer computes, each through the library's public API, cached where it does
not change with the sliders.

- :func:`live`: the game at the slider values (``SymbolicGame.at``), all its equilibria
  (:func:`gametheory.solve`) and the stability report of every pure one
  (:func:`gametheory.stability.classify`);
- :func:`model_thresholds`: the symbolic thresholds of the phase diagram's profile
  (:func:`gametheory.stability.thresholds`; for the two-bloc model the analysis's own
  ``derivations()``), derived once per model;
- :func:`findings`: the model's analysis, ``analyse(values)`` as ``models/<model>.py`` runs it;
  its findings are rendered from the returned records;
- :func:`phase`: the regime grid (:func:`gametheory.sweep.grid`) drawn by
  :func:`gametheory.sweep.plot.phase_diagram` at a fixed axes position, so the page marks the
  current point over a cached picture;
- :func:`sweep`: a user's two-axis grid with progress.
"""

from __future__ import annotations

import csv
import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import numpy as np

from ..errors import GameError
from ..game import Game
from ..symbolic import SymbolicGame
from .models import SWEEP_POINTS, ModelSpec, View, axes_of, game_of, sweep_names

PHASE_POINTS = 121
"""Grid points per axis of the page's phase diagram."""

AXES_BOX = (0.13, 0.34, 0.82, 0.58)
"""The phase diagram's axes in figure fractions (left, bottom, width, height): fixed, so the
page can place the current-point marker over the cached picture."""

FIGSIZE = (6.4, 6.4)

CLASSIFY_STARTS = 400
"""Monte Carlo starts of ``classify``'s basins for games other than 2x2 (exact for 2x2)."""


class LRU:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


_LIVE = LRU(256)
_PHASE = LRU(32)


def key_of(view: View) -> tuple:
    return (view.model, view.file, tuple(sorted(view.values.items())))


def profile_label(game: SymbolicGame | Game, profile: tuple[int, ...]) -> str:
    return ",".join(game.actions[i][a] for i, a in enumerate(profile))


@dataclass(frozen=True)
class Live:
    """The game at the slider values, its equilibria and their stability."""

    game: Game
    values: dict[str, float]
    equilibria: tuple[dict[str, Any], ...]
    complete: bool


def live(view: View) -> Live:
    """The live panel's data (cached by model and values)."""
    return _LIVE.get(key_of(view), lambda: _live(view))


def _live(view: View) -> Live:
    from ..solvers import solve
    from ..stability import classify

    symbolic = game_of(view.spec)
    values = view.game_values(symbolic)
    game = symbolic.at(**values)
    result = solve(game)
    out = []
    for eq in result.equilibria:
        pure = eq.pure_profile()
        label = None if pure is None else profile_label(game, pure)
        report = None if pure is None else classify(game, pure, n_starts=CLASSIFY_STARTS)
        out.append(
            {
                "pure": pure,
                "label": label,
                "name": view.spec.names.get(label or "", ""),
                "strategies": [tuple(float(x) for x in s) for s in eq.strategies],
                "payoffs": [float(v) for v in eq.payoffs],
                "regime": None if report is None else report.regime,
                "report": None if report is None else report.text(),
            }
        )
    return Live(game, values, tuple(out), bool(result.complete))


def payoffs_csv(view: View) -> str:
    """The payoff table at the slider values: one row per pure profile."""
    game = live(view).game
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*game.players, *(f"u_{p}" for p in game.players)])
    for idx in np.ndindex(*game.shape):
        row = [game.actions[i][a] for i, a in enumerate(idx)]
        writer.writerow(row + [repr(float(game.payoffs[i][idx])) for i in range(game.n_players)])
    return buffer.getvalue()


# ----------------------------------------------------------------- thresholds
def target_profile(view: View) -> str | None:
    """The pure profile of the phase diagram and thresholds: the query's, the model's, or the
    first pure equilibrium at the defaults."""
    symbolic = game_of(view.spec)
    if view.profile:
        symbolic.profile_index(view.profile, "profile")
        return view.profile
    if view.spec.profile:
        return view.spec.profile
    return _default_profile(view.spec)


@cache
def _default_profile(spec: ModelSpec) -> str | None:
    from ..solvers import solve

    symbolic = game_of(spec)
    for eq in solve(symbolic.at()).equilibria:
        if eq.pure_profile() is not None:
            return profile_label(symbolic, eq.pure_profile())
    return None


@cache
def model_thresholds(spec: ModelSpec, profile: str, variable: str) -> tuple[Any, ...]:
    """The thresholds of `profile` solved for `variable` (derived once per model)."""
    if spec.name == "two_bloc" and profile == "R,R" and variable == "r":
        from ..deterrence.analysis.two_bloc import derivations

        return tuple(derivations()["in_r"].values())
    from ..stability import thresholds

    return thresholds(game_of(spec), profile, variable)


# ----------------------------------------------------------------- findings
_FINDINGS = LRU(64)


def findings(view: View) -> Any:
    """The model's analysis at the view's values: a ``Report`` (cached)."""
    spec = view.spec
    if spec.analyse is None:
        return None
    return _FINDINGS.get(key_of(view), lambda: spec.analyse(dict(view.values)))


# ----------------------------------------------------------------- phase diagram
def phase_view(view: View) -> View:
    """The view the phase diagram is drawn for: the two axis values at their defaults when they
    lie inside the slider range (the picture does not depend on them then), so every move
    along the axes asks for the same picture (one URL, cached by the server and the browser)."""
    axes = axes_of(view)
    if axes is None:
        return view
    params = {p.name: p for p in view.spec.params}
    values = dict(view.values)
    for name in axes:
        p = params[name]
        if p.slider_low <= values[name] <= p.slider_high:
            values[name] = p.default
    return replace(view, values=values, messages=(), sweep=())


def _axis_values(view: View, name: str, n: int) -> np.ndarray:
    param = {p.name: p for p in view.spec.params}[name]
    low = param.slider_low
    high = max(param.slider_high, view.values[name])
    low = min(low, view.values[name])
    return np.linspace(low, high, n)


def phase_box(view: View) -> dict[str, float] | None:
    """The phase diagram's data ranges (``x0, x1, y0, y1``) without drawing it: where the
    page places the marker. None when the model has no phase diagram."""
    drawn = phase_view(view)
    axes = axes_of(drawn)
    if axes is None or target_profile(drawn) is None:
        return None
    xs, ys = (_axis_values(drawn, a, PHASE_POINTS) for a in axes)
    return {"x0": float(xs[0]), "x1": float(xs[-1]), "y0": float(ys[0]), "y1": float(ys[-1])}


def phase(view: View) -> tuple[bytes, dict[str, float]] | None:
    """The phase diagram PNG for the view's axes and profile (without the current point) and
    the axes' data ranges, drawn for :func:`phase_view` (so cached along the two axes)."""
    view = phase_view(view)
    axes = axes_of(view)
    profile = target_profile(view)
    if axes is None or profile is None:
        return None
    return _PHASE.get((key_of(view), axes, profile), lambda: _phase(view, axes, profile))


def _phase_table(view: View, axes: tuple[str, str], profile: str) -> tuple[Any, Any, dict]:
    """The regime grid over the two axes, the threshold curves to draw, the axes' ranges."""
    from ..sweep import grid

    symbolic = game_of(view.spec)
    xs, ys = (_axis_values(view, a, PHASE_POINTS) for a in axes)
    fixed = {k: v for k, v in view.game_values(symbolic).items() if k not in axes}
    table = grid(symbolic, {axes[0]: xs, axes[1]: ys}, profile=profile, fixed=fixed)
    curves = None
    if axes[1] in {p.name for p in symbolic.parameters}:
        try:
            curves = [
                t for t in model_thresholds(view.spec, profile, axes[1]) if t.criterion != "strict"
            ]
        except GameError:
            curves = None
    box = {"x0": float(xs[0]), "x1": float(xs[-1]), "y0": float(ys[0]), "y1": float(ys[-1])}
    return table, curves, box


def _phase(view: View, axes: tuple[str, str], profile: str) -> tuple[bytes, dict[str, float]]:
    table, curves, box = _phase_table(view, axes, profile)
    return draw_phase(table, curves, None), box


def draw_phase(table: Any, curves: Any, point: tuple[float, float] | None) -> bytes:
    """A phase table drawn into an axes at :data:`AXES_BOX`, as PNG bytes (the point marked
    when given)."""
    from matplotlib.figure import Figure

    from ..sweep.plot import phase_diagram

    fig = Figure(figsize=FIGSIZE)
    ax = fig.add_axes(AXES_BOX)
    phase_diagram(table, curves, ax=ax)
    if point is not None:
        ax.plot([point[0]], [point[1]], marker="o", markersize=9, color="black")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def phase_png_with_point(view: View) -> bytes | None:
    """The phase diagram with the current point drawn in (the PNG download)."""
    drawn = phase_view(view)
    axes = axes_of(drawn)
    profile = target_profile(drawn)
    if axes is None or profile is None:
        return None
    table, curves, _box = _phase_table(drawn, axes, profile)
    return draw_phase(table, curves, (view.values[axes[0]], view.values[axes[1]]))


# ----------------------------------------------------------------- sweep
@dataclass
class SweepJob:
    """A two-axis sweep running in the background: progress, then the table."""

    view: View
    axes: dict[str, np.ndarray]
    profile: str
    done: int = 0
    total: int = 1
    table: Any = None
    error: str | None = None

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def run(self) -> None:
        from ..sweep import grid

        symbolic = game_of(self.view.spec)
        names = list(self.axes)
        fixed = {k: v for k, v in self.view.game_values(symbolic).items() if k not in names}
        try:
            self.table = grid(
                symbolic,
                self.axes,
                profile=self.profile,
                fixed=fixed,
                progress=self.progress,
                chunk_size=max(1, self.total_points // 20),
            )
            self.done = self.total
        except GameError as err:
            self.error = str(err)

    @property
    def total_points(self) -> int:
        return int(np.prod([len(v) for v in self.axes.values()]))

    def csv(self) -> str:
        buffer = io.StringIO()
        columns = self.table.to_columns()
        writer = csv.writer(buffer)
        writer.writerow(list(columns))
        for row in zip(*columns.values(), strict=True):
            writer.writerow([repr(float(v)) if isinstance(v, float) else v for v in row])
        return buffer.getvalue()

    def png(self) -> bytes:
        names = list(self.axes)
        return draw_phase(
            self.table, None, (self.view.values[names[0]], self.view.values[names[1]])
        )


def sweep_job(view: View, form: dict[str, str]) -> SweepJob:
    """A sweep from the panel's fields: ``sx``/``sy`` (axes), ``sx_lo``, ``sx_hi``, ``sy_lo``,
    ``sy_hi`` and ``sn`` (points per axis, 2..301): the names of the URL's sweep settings
    (:data:`~gametheory.explore.models.SWEEP_KEYS`). Bad fields raise GameError."""
    func = "sweep_job()"
    params = set(sweep_names(view.spec))
    axes: dict[str, np.ndarray] = {}
    low, high, default = SWEEP_POINTS
    try:
        n = int(form.get("sn", str(default)))
    except ValueError:
        raise GameError(f"{func}: sn = {form.get('sn')!r} is not a whole number") from None
    if not low <= n <= high:
        raise GameError(f"{func}: sn = {n} points per axis; needs {low}..{high}")
    for key in ("sx", "sy"):
        name = form.get(key, "")
        if name not in params:
            raise GameError(f"{func}: axis {name!r} is not a parameter; one of {sorted(params)}")
        if name in axes:
            raise GameError(f"{func}: both axes are {name!r}")
        try:
            lo, hi = float(form.get(f"{key}_lo", "")), float(form.get(f"{key}_hi", ""))
        except ValueError:
            raise GameError(f"{func}: the range of {name} is not two numbers") from None
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise GameError(f"{func}: the range of {name} needs finite lo < hi, got [{lo}, {hi}]")
        axes[name] = np.linspace(lo, hi, n)
    profile = target_profile(view)
    if profile is None:
        raise GameError(f"{func}: the game has no pure profile to colour")
    job = SweepJob(view, axes, profile)
    job.total = job.total_points
    return job
