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

Analyses that cannot be vectorised — the full ``classify`` report, all equilibria (``solve``),
a user's function — run point by point in chunks (:mod:`gametheory.sweep.analyses`), in this
process, on a process pool or on a Dask cluster (:mod:`gametheory.sweep.runner`), optionally
written to disk chunk by chunk and resumable after a kill (:mod:`gametheory.sweep.store`);
docs/sweeps.md. The result, :class:`~gametheory.sweep.table.PhaseTable`, is defined in
:mod:`gametheory.sweep.table`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GameError
from ..game import Game
from ..symbolic import SymbolicGame
from .analyses import criteria_at, resolve
from .table import PhaseTable, table_from_columns

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

    >>> from gametheory.deterrence.two_bloc import two_bloc
    >>> grid_bytes(two_bloc(), 1000)
    128000
    """
    cells = int(np.prod(game.shape))
    return int(points) * 2 * game.n_players * cells * 8


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
    analysis: str | Callable[[Game], Any] = "criteria",
    profile: Any = None,
    rival: Any | None = "auto",
    fixed: Mapping[str, float] | None = None,
    tol: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    executor: Executor | str | None = None,
    store: str | Path | None = None,
    resume: bool = False,
    chunk_size: int | None = None,
    options: Mapping[str, Any] | None = None,
    model_name: str | None = None,
) -> PhaseTable:
    """Label every point of a parameter grid with the regime of a pure `profile`.

    Parameters
    ----------
    game : SymbolicGame
        Any number of players; risk dominance needs a 2x2 game.
    axes : mapping of str to array_like
        Parameters to sweep, e.g. ``{"c": np.linspace(0, 5, 201), "r": np.linspace(0, 5, 201)}``;
        the table has one dimension per axis, in this order.
    analysis : str or callable
        What to compute at each point (:mod:`gametheory.sweep.analyses`): ``"criteria"`` (default;
        also ``"regimes"``): the vectorised regimes of `profile` in the table above;
        ``"classify"``: the full stability report, its fields in ``table.columns``;
        ``"solve"``: the number of equilibria and whether `profile` is one. A callable
        ``f(game) -> str | Mapping`` is called on the numeric game of every point: a string
        becomes the label, a mapping gives columns (its ``"regime"`` key the label).
    profile : str or sequence, optional
        The target pure profile (action names or indices); default the first action of every
        player (mutual restraint in :func:`~gametheory.games.two_bloc`).
    rival : "auto", None or a profile
        ``criteria``: ``"auto"`` compares with the Harsanyi–Selten rival, the profile where both
        players switch (2x2 games; other games have none; naming that profile is the same).
        None: no comparison ("stable" then means "strict equilibrium").
    fixed : mapping, optional
        Values for parameters not swept (others take the game's defaults).
    tol : float, optional
        Relative tolerance for "gain <= 0" tests, as elsewhere (times the payoff range at that
        point).
    progress : callable, optional
        ``progress(done, total)`` in grid points, after each chunk of points (the vectorised
        ``criteria`` in memory: after every :data:`CHUNK_POINTS` points).
    executor : concurrent.futures.Executor or "processes", optional
        Where chunks of points run: None (default) in this process; ``"processes"`` a local
        process pool (closed afterwards); or any executor, e.g. a Dask cluster's
        ``distributed.Client(...).get_executor()``. The analysis must then be picklable: a
        name or a module-level function.
    store : path, optional
        A directory where finished chunks are written as they arrive
        (:mod:`gametheory.sweep.store`); the table is then read back from it.
    resume : bool
        With `store`: keep the chunks a killed run of the same sweep left there and compute
        only the rest. A store of a different sweep is always refused.
    chunk_size : int, optional
        Grid points per task (default: large blocks for ``criteria``, else about eight chunks
        per worker, at most :data:`gametheory.sweep.runner.MAX_CHUNK`).
    options : mapping, optional
        Settings of the analysis: ``n_starts`` and ``seed`` (``classify``; every point gets its
        own seed derived from `seed` and its index), ``method`` (``solve``).
    model_name : str, optional
        How the model was named (file path, ``builtin:NAME``), recorded in the store.

    Returns
    -------
    PhaseTable

    Examples
    --------
    >>> from gametheory.deterrence.two_bloc import two_bloc
    >>> table = grid(two_bloc(), {"c": np.linspace(0, 5, 6), "r": np.linspace(0, 5, 6)})
    >>> table.shape
    (6, 6)
    >>> table.regimes[table.labels[0, 5]], table.regimes[table.labels[5, 0]]
    ('stable', 'not-equilibrium')
    >>> solved = grid(two_bloc(), {"r": [0.0, 4.0]}, "solve", fixed={"c": 2.0})
    >>> solved.columns["equilibria"].tolist()
    [1, 3]
    """
    if not isinstance(game, SymbolicGame):
        raise GameError(f"grid(): expected a SymbolicGame, got {type(game).__name__}")
    axes = _parse_axes(game, axes)
    fixed = dict(fixed or {})
    clash = sorted(set(fixed) & set(axes))
    if clash:
        raise GameError(f"grid(): {clash} are both swept and fixed")
    game.values("grid()", **fixed)  # unknown or invalid fixed parameters fail here
    plan = resolve(game, analysis, profile, rival, tol, **dict(options or {}))
    constant = _fixed_values(game, axes, fixed)
    if not plan.vectorised or executor is not None or store is not None:
        return _grid_chunked(
            game,
            axes,
            plan,
            fixed,
            constant,
            progress,
            executor,
            store,
            resume,
            chunk_size,
            model_name,
        )
    found = _chunked_criteria(game, axes, fixed, plan, progress)
    compared = plan.rival is not None
    return PhaseTable(
        axes=axes,
        fixed=constant,
        profile=_names(game, plan.profile),
        rival=_names(game, plan.rival) if compared else None,
        labels=found["regime"],
        nash=found["nash"],
        strict=found["strict"],
        risk_dominant=found["risk_dominant"] if compared else None,
        risk_defined=found["risk_defined"] if compared else None,
        title=game.title,
        axis_labels={name: game.label(name) for name in axes},
    )


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


def _chunked_criteria(game, axes, fixed, plan, progress) -> dict[str, np.ndarray]:
    """:func:`criteria_at` over the grid, a block of first-axis rows at a time (bounded memory,
    progress after each block, Ctrl-C acted on between blocks)."""
    first, values = next(iter(axes.items()))
    shape = tuple(len(v) for v in axes.values())
    per_row = int(np.prod(shape[1:], dtype=np.int64))
    rows = max(1, CHUNK_POINTS // max(per_row, 1))
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(values), rows):
        stop = min(start + rows, len(values))
        payoffs, part = _grid_payoffs(game, {**axes, first: values[start:stop]}, fixed)
        for key, value in criteria_at(plan, payoffs).items():
            value = np.broadcast_to(value, part)
            if key not in found:
                found[key] = np.empty(shape, dtype=value.dtype)
            found[key][start:stop] = value
        if progress is not None:
            progress(stop * per_row, len(values) * per_row)
    return found


def _names(game: SymbolicGame, profile: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(game.actions[i][a] for i, a in enumerate(profile))


def _grid_chunked(
    game, axes, plan, fixed, constant, progress, executor, store, resume, chunk_size, model_name
) -> PhaseTable:
    """Any analysis, chunk by chunk, on an executor and/or into a store (see runner, store)."""
    from .runner import SweepJob, capacity, default_chunk_size, fingerprint, local_executor, run
    from .store import SweepStore

    key = fingerprint(game)
    job = SweepJob(game, tuple(axes), tuple(axes.values()), fixed, plan, key)
    if chunk_size is not None and (isinstance(chunk_size, bool) or int(chunk_size) < 1):
        raise GameError(f"grid(): chunk_size must be an integer >= 1, got {chunk_size!r}")
    if resume and store is None:
        raise GameError("grid(): resume=True needs a store (the directory to resume from)")
    if isinstance(executor, str) and executor != "processes":
        raise GameError(f"grid(): executor must be an Executor or 'processes', got {executor!r}")
    own = isinstance(executor, str)
    pool = local_executor() if own else executor
    try:
        size = int(chunk_size or default_chunk_size(job.total, plan, capacity(pool)))
        disk = None
        if store is not None:
            identity = {
                "model": {"fingerprint": key},
                # a list, not a mapping: the axis order is the table's row order
                "axes": [[name, values.tolist()] for name, values in axes.items()],
                "fixed": constant,
                "analysis": plan.identity(),
            }
            # the name is provenance only: the same model under another path is the same sweep
            about = {"model": model_name or game.title}
            disk = SweepStore(store, identity, job.total, size, resume=resume, about=about)
        columns = run(job, executor=pool, store=disk, chunk_size=size, progress=progress)
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    return table_from_columns(
        axes,
        columns,
        constant,
        _names(game, plan.profile),
        None if plan.rival is None else _names(game, plan.rival),
        game.title,
        criteria_columns=plan.vectorised,
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
    table = grid(
        game,
        axes,
        "solve",
        profile=profile,
        fixed=fixed,
        tol=tol,
        progress=progress,
        options={"method": "pure"},
    )
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


__all__ = ["grid", "grid_by_solving", "grid_bytes", "parse_range"]
