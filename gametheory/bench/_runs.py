"""Running the benchmark: each (solver, game) run in a forked child, timed, capped, compared.

A solver is a function of the payoff arrays (one per player) returning equilibria as profiles
(one probability vector per player). The child times the call itself (the best of a few
repeats, results materialised) and sends back the time and the equilibria; the parent kills a
run that exceeds the cap, and skips that solver on the later random games that contain the
timed-out one (at least as many actions for every player: the same shape with another seed, or
a larger one). The first solver is the reference ("ours"): every other solver's equilibria are
compared with its equilibria, by :func:`gametheory.equilibrium.same_profile`.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..equilibrium import distinct as distinct_indices
from ..equilibrium import same_profile
from ..tolerance import BENCH_SAME_TOL

SAME_TOL = BENCH_SAME_TOL
"""Two equilibria are the same when every probability agrees within this."""


@dataclass(frozen=True)
class Case:
    """A game of the benchmark: its name and one payoff array per player."""

    name: str
    payoffs: tuple[np.ndarray, ...]
    random: bool = True  # a random game: a solver over the cap skips the random games containing it

    @property
    def shape(self) -> tuple[int, ...]:
        return self.payoffs[0].shape

    def contains(self, other: Case) -> bool:
        """As many players, and at least as many actions for each."""
        return len(self.shape) == len(other.shape) and all(
            a >= b for a, b in zip(self.shape, other.shape, strict=True)
        )


@dataclass(frozen=True)
class Run:
    case: str
    solver: str
    status: str  # "ok", "timeout", "skipped", "error: ..."
    seconds: float | None = None
    equilibria: int | None = None
    missed: int | None = None  # of ours, not found by this solver
    extra: int | None = None  # found by this solver, not among ours
    ratio: float | None = None  # seconds / our seconds


def _child(conn, func, payoffs, budget):
    try:
        times, result = [], None
        spent = 0.0
        while not times or (spent < budget and len(times) < 5):
            start = time.perf_counter()
            result = func(*payoffs)
            times.append(time.perf_counter() - start)
            spent += times[-1]
        profiles = [tuple(np.asarray(s, dtype=float) for s in p) for p in result]
        conn.send(("ok", min(times), profiles))
    except Exception as err:  # reported in the table, never raised
        conn.send((f"error: {type(err).__name__}: {err}"[:120], None, None))
    finally:
        conn.close()


def timed(func: Callable, case: Case, cap: float, budget: float):
    """(status, best seconds, profiles) of `func` on `case`, in a forked child killed after
    `cap` seconds."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, func, case.payoffs, budget))
    proc.start()
    child.close()
    try:
        if parent.poll(cap):
            status, seconds, profiles = parent.recv()
        else:
            status, seconds, profiles = "timeout", None, None
    except EOFError:
        status, seconds, profiles = "error: the run died", None, None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
    return status, seconds, profiles


def compare(reference: list, theirs: list, tol: float = SAME_TOL) -> tuple[int, int]:
    """(missed, extra): profiles of `reference` not in `theirs`, and the other way round,
    matched within `tol` in every probability."""
    missed = sum(1 for p in reference if not any(same_profile(p, q, tol) for q in theirs))
    extra = sum(1 for q in theirs if not any(same_profile(p, q, tol) for p in reference))
    return missed, extra


def distinct(profiles: list) -> list:
    """The profiles without repeats (a peer can list one equilibrium twice)."""
    return [profiles[k] for k in distinct_indices(profiles, SAME_TOL)]


FULL_CAP = 30.0
"""Seconds per run before a solver is stopped, by default."""
QUICK_CAP = 2.0
"""The same for ``--quick``: nashpy's enumerations take 5-30 s from 8 x 8 on (the full bench
shows them); at 2 s they are stopped there and skipped on larger games."""
FIRST_CALL_CAP = 120.0
"""The command line's least cap of a first (compiling) call: compiling takes longer than a
run, and a short ``--quick`` cap must not leave every timed run to compile again."""
ALARM_REPEAT = 0.1
"""Seconds between repeats of a first call's timeout alarm, until it interrupts the call."""


def first_calls(
    solvers: dict[str, Callable], games: Sequence[tuple[np.ndarray, ...]], cap: float = 60.0
) -> dict[str, float | None]:
    """Seconds of each solver's first calls in this process, on `games`: numba compiles its
    kernels then (ours load from numba's on-disk cache after the first run ever; QuantEcon's
    compile each time). Reported apart; the timed runs come after it, in forked children that
    inherit the compiled code. A first call over `cap` seconds is interrupted (None)."""

    def interrupt(signum, frame):
        raise TimeoutError

    def unraisable(info) -> None:
        # the alarm fired inside a finaliser (__del__, a weakref callback: numba's compiler
        # runs many), where Python cannot raise it and printed "Exception ignored ...
        # TimeoutError"; it fires again every ALARM_REPEAT seconds until it lands in the call
        if not isinstance(info.exc_value, TimeoutError):
            hook(info)

    out: dict[str, float | None] = {}
    previous = signal.signal(signal.SIGALRM, interrupt)
    hook, sys.unraisablehook = sys.unraisablehook, unraisable
    try:
        for name, func in solvers.items():
            start = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, cap, ALARM_REPEAT)
            try:
                try:
                    for payoffs in games:
                        func(*payoffs)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                out[name] = time.perf_counter() - start
            except TimeoutError:
                out[name] = None
            except Exception:  # the timed runs report the error
                out[name] = time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook
    return out


def run_cases(
    cases: Sequence[Case],
    solvers: dict[str, Callable],
    cap: float,
    budget: float,
    progress: bool | None = None,
    match_tol: float = SAME_TOL,
) -> list[Run]:
    """Every solver on every case, the first solver the reference of the others (their
    equilibria matched with its own within `match_tol`)."""
    show = sys.stderr.isatty() if progress is None else progress
    over_cap: dict[str, list[Case]] = {}  # solver -> the random cases where it timed out
    runs: list[Run] = []
    total = len(cases) * len(solvers)
    done = 0
    first_solver = next(iter(solvers), None)
    for case in cases:
        reference = None
        ours_time = None
        for name, func in solvers.items():
            done += 1
            if show:
                print(f"\rbench {done}/{total}: {name} on {case.name}   ", end="", file=sys.stderr)
            stuck = [c for c in over_cap.get(name, []) if case.random and case.contains(c)]
            if stuck:
                runs.append(Run(case.name, name, f"skipped (over {cap:g} s at {stuck[0].name})"))
                continue
            status, seconds, profiles = timed(func, case, cap, budget)
            if status != "ok":
                if status == "timeout" and case.random:
                    over_cap.setdefault(name, []).append(case)
                runs.append(Run(case.name, name, status))
                continue
            profiles = distinct(profiles)  # Gambit can list one equilibrium twice
            if name == first_solver:
                reference, ours_time = profiles, seconds
            missed, extra = None, None
            if reference is not None:
                missed, extra = compare(reference, profiles, match_tol)
            ratio = seconds / ours_time if ours_time else None
            runs.append(Run(case.name, name, "ok", seconds, len(profiles), missed, extra, ratio))
    if show:
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
    return runs
