"""Run a sweep's analysis over a grid in chunks, on any :class:`concurrent.futures.Executor`.

The grid's points are numbered in C order (the last axis varies fastest) and cut into chunks of
consecutive points. A chunk — not a single point — is one task: the worker evaluates the game's
payoffs for all its points in one vectorised call and runs the analysis on each (see
:func:`gametheory.sweep.analyses.evaluate_chunk`). Tasks go to

- this process, one after the other, when no executor is given;
- a :class:`~concurrent.futures.ProcessPoolExecutor` (local cores);
- a Dask cluster through ``distributed.Client(...).get_executor()``, which is a
  :class:`concurrent.futures.Executor` too — so the scheduling, data transfer, worker failure
  handling and dashboards are Dask's, not ours.

Results come back in any order; each finished chunk goes straight to a
:class:`~gametheory.sweep.store.SweepStore` when there is one (so a killed run keeps it) and the
table is assembled in grid order at the end. At most a few tasks per worker are in flight at a time,
so an interrupted sweep (Ctrl-C) stops quickly: tasks not started are cancelled, the running
ones are allowed to finish and are stored, then :class:`KeyboardInterrupt` propagates.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..errors import GameError
from ..symbolic import SymbolicGame
from .analyses import Analysis, evaluate_chunk
from .store import SweepStore, typed_round_trip

MAX_CHUNK = 256
"""Largest default chunk for per-point analyses: a few seconds of work, so a kill loses little."""

VECTOR_CHUNK = 1 << 16
"""Default chunk for the vectorised ``criteria`` analysis (array work, no per-point calls)."""


def fingerprint(game: SymbolicGame) -> str:
    """A digest of everything that defines `game` (payoff expressions, parameters, defaults, names).

    Two games with the same fingerprint give the same numbers; a changed model file gives a
    different one, so a store made from the old model is not resumed with the new.
    """
    parts = [
        repr(game.players),
        repr(game.actions),
        repr([(p.name, sorted(p.assumptions0.items())) for p in game.parameters]),
        repr(sorted(game.defaults.items())),
        *(sp.srepr(e) for arr in game.payoffs for e in arr.ravel()),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass(frozen=True, eq=False)
class SweepJob:
    """Everything a worker needs for any chunk of one sweep; pickles without the lambdified code.

    Attributes
    ----------
    game : SymbolicGame
    names : tuple of str
        The swept parameters, in axis order.
    axes : tuple of np.ndarray
        Their values.
    fixed : Mapping[str, float]
        Values of the other parameters that were given (the rest take the game's defaults).
    analysis : Analysis
    key : str
        The game's :func:`fingerprint`; workers cache the lambdified payoffs under it.
    """

    game: SymbolicGame
    names: tuple[str, ...]
    axes: tuple[np.ndarray, ...]
    fixed: Mapping[str, float]
    analysis: Analysis
    key: str

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    @property
    def total(self) -> int:
        return int(np.prod(self.shape))

    def __reduce__(self):
        # a SymbolicGame caches its sympy-lambdified function, which does not pickle: send the
        # expressions and rebuild the game on the other side
        g = self.game
        state = (
            [a.tolist() for a in g.payoffs],
            g.parameters,
            g.defaults,
            g.players,
            g.actions,
            g.title,
            g.description,
        )
        return (
            _rebuild_job,
            (state, self.names, self.axes, dict(self.fixed), self.analysis, self.key),
        )


def _rebuild_job(state, names, axes, fixed, analysis, key) -> SweepJob:
    payoffs, parameters, defaults, players, actions, title, description = state
    game = SymbolicGame(payoffs, parameters, defaults, players, actions, title, description)
    return SweepJob(game, names, axes, fixed, analysis, key)


_EVALUATORS: dict[str, Callable[..., np.ndarray]] = {}


def run_chunk(job: SweepJob, start: int, stop: int) -> dict[str, list[Any]]:
    """Evaluate grid points ``[start, stop)`` (flat, C order) of `job`: one list per column.

    A module-level function of picklable arguments, so process pools and Dask can run it.
    """
    evaluate = _EVALUATORS.get(job.key)
    if evaluate is None:  # one sympy lambdify per worker process and game, not per chunk
        evaluate = _EVALUATORS.setdefault(job.key, job.game.lambdify())
    flat = np.arange(start, stop)
    where = np.unravel_index(flat, job.shape)
    values = {name: axis[i] for name, axis, i in zip(job.names, job.axes, where, strict=True)}
    payoffs = evaluate(**job.fixed, **values)
    payoffs = np.broadcast_to(payoffs, (*payoffs.shape[: job.game.n_players + 1], len(flat)))
    if not np.all(np.isfinite(payoffs)):
        j = int(np.argwhere(~np.isfinite(payoffs))[0][-1])
        at = {name: float(values[name][j]) for name in job.names}
        raise GameError(f"grid(): payoffs are not finite at {at}")
    columns = evaluate_chunk(job.analysis, job.game, payoffs, flat)
    # the swept parameters first, as the table's leading columns
    out: dict[str, list[Any]] = {name: values[name].tolist() for name in job.names}
    clash = sorted(set(out) & set(columns))
    if clash:
        raise GameError(f"grid(): the analysis returned columns {clash} named like swept axes")
    out.update(columns)
    return out


PR_SET_PDEATHSIG = 1
"""Linux prctl(2) option: a signal the kernel sends this process when its parent dies."""

PARENT_POLL_SECONDS = 0.5
"""How often a worker checks that its parent is still alive (where prctl is not available)."""


def _worker_init(parent: int) -> None:
    """Worker initialiser: leave Ctrl-C to the parent, and die with it.

    Ctrl-C is the parent's to handle (it cancels and keeps results). If the parent is killed
    (``kill -9``) the pool's workers would otherwise run on for minutes, finishing chunks
    nobody collects: on Linux the kernel sends them SIGKILL when the parent dies
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon thread exits when the parent process id
    changes. A parent that died before this ran is caught by comparing ``getppid()``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the death signal was set up
        os._exit(1)
    if not armed:
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(PARENT_POLL_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def local_executor(workers: int | None = None) -> cf.ProcessPoolExecutor:
    """A process pool on this machine whose workers leave Ctrl-C to the parent and exit with it.

    On Linux the workers' death signal follows the thread that starts them (the one that first
    submits): submit from a thread that lives as long as the pool, as :func:`run` does.
    """
    return cf.ProcessPoolExecutor(
        max_workers=workers or os.cpu_count() or 1,
        initializer=_worker_init,
        initargs=(os.getpid(),),
    )


def capacity(executor: cf.Executor | None) -> int:
    """How many tasks `executor` runs at once (its workers or Dask threads; 1 if unknown)."""
    if executor is None:
        return 1
    client = getattr(executor, "_client", None)  # distributed's ClientExecutor
    if client is not None:
        try:
            return max(1, sum(client.nthreads().values()))
        except Exception:  # a scheduler that cannot say: assume 1
            return 1
    return int(getattr(executor, "_max_workers", None) or 1)


def default_chunk_size(total: int, analysis: Analysis, workers: int) -> int:
    """Points per chunk: big array blocks for ``criteria``; else ~8 chunks per worker, capped.

    >>> from gametheory.sweep.analyses import Analysis
    >>> default_chunk_size(1000, Analysis("classify", (0, 0)), 2)
    63
    """
    if analysis.vectorised:
        return max(1, min(total, VECTOR_CHUNK))
    return max(1, min(MAX_CHUNK, -(-total // (8 * max(1, workers)))))


def run(
    job: SweepJob,
    *,
    executor: cf.Executor | None = None,
    store: SweepStore | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    in_flight: int | None = None,
) -> dict[str, np.ndarray]:
    """Run every chunk of `job` not yet in `store`; return the table's columns.

    Parameters
    ----------
    job : SweepJob
    executor : concurrent.futures.Executor, optional
        Where chunks run; None runs them here, one after the other (then the analysis need not
        be picklable).
    store : SweepStore, optional
        Finished chunks are written here as they arrive and chunks already there are skipped;
        the returned table is read back from it. Its chunk size wins over `chunk_size`.
    chunk_size : int, optional
        Points per task (default :func:`default_chunk_size`); ignored with a `store`.
    progress : callable, optional
        ``progress(points_done, total)`` once at the start and after every chunk.
    in_flight : int, optional
        Tasks submitted at a time (default twice :func:`capacity`).

    Returns
    -------
    dict of str to numpy.ndarray
        One array per column, the swept parameters first, points in C order of the grid.
    """
    total = job.total
    size = store.chunk_size if store is not None else int(chunk_size or 1)
    bounds = [(s, min(s + size, total)) for s in range(0, total, size)]
    finished = store.finished() if store is not None else set()
    todo = [k for k in range(len(bounds)) if k not in finished]
    done = total - sum(bounds[k][1] - bounds[k][0] for k in todo)
    results: dict[int, dict[str, list[Any]]] = {}

    def record(k: int, columns: dict[str, list[Any]]) -> None:
        nonlocal done
        if store is not None:
            store.write(k, columns)
        else:
            results[k] = columns
        done += bounds[k][1] - bounds[k][0]
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(done, total)
    if executor is None:
        for k in todo:
            record(k, run_chunk(job, *bounds[k]))
    else:
        _check_picklable(job)
        _run_on(executor, job, bounds, todo, record, in_flight or 2 * capacity(executor))
    if store is not None:
        return store.read()
    merged = {name: [] for name in results[0]} if results else {}
    for k in range(len(bounds)):
        for name, values in results[k].items():
            merged[name].extend(values)
    # the same typing as a table read from disk, so in-memory and stored sweeps agree
    return typed_round_trip(merged)


def _check_picklable(job: SweepJob) -> None:
    try:
        pickle.dumps(job)
    except (pickle.PicklingError, AttributeError, TypeError) as err:
        raise GameError(
            f"grid(): analysis {job.analysis.name} cannot be sent to worker processes ({err}); "
            "define it as a module-level function (not a lambda or nested function), or run "
            "without an executor"
        ) from None


def _run_on(executor, job, bounds, todo, record, window: int) -> None:
    pending: dict[cf.Future, int] = {}
    queue = iter(todo)

    def refill() -> None:
        while len(pending) < window:
            k = next(queue, None)
            if k is None:
                return
            pending[executor.submit(run_chunk, job, *bounds[k])] = k

    try:
        refill()
        while pending:
            finished, _ = cf.wait(list(pending), return_when=cf.FIRST_COMPLETED)
            for future in finished:
                k = pending.pop(future)
                record(k, future.result())
            refill()
    except KeyboardInterrupt:
        for future in pending:
            future.cancel()
        # chunks already running finish (workers ignore SIGINT): keep them, then stop
        for future in list(pending):
            if future.cancelled():
                continue
            try:
                record(pending[future], future.result())
            except KeyboardInterrupt:  # a second Ctrl-C: stop waiting
                break
            except Exception:  # that chunk failed; we are stopping anyway
                continue
        raise
    except BaseException:
        for future in pending:
            future.cancel()
        raise


def progress_bar(enabled: bool, desc: str = "sweep"):
    """A ``progress(done, total)`` callback drawing a tqdm bar on stderr, and its closer.

    Disabled (a no-op) when `enabled` is False, e.g. for ``--json``, ``--quiet`` or when stderr
    is not a terminal.
    """
    if not enabled:
        return (lambda done, total: None), (lambda: None)
    from tqdm import tqdm

    bar: list[Any] = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, initial=done, unit="pt", desc=desc, file=sys.stderr))
        else:
            bar[0].update(done - bar[0].n)

    def close() -> None:
        if bar:
            bar[0].close()

    return update, close


__all__ = [
    "SweepJob",
    "capacity",
    "default_chunk_size",
    "fingerprint",
    "local_executor",
    "progress_bar",
    "run",
    "run_chunk",
]
