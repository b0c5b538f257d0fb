"""``gametheory bench``: our two-player solvers against every installed peer, side by side.

Each (solver, game) run happens in a forked child process that times the call itself (the
best of a few repeats, results materialised) and sends back the time and the equilibria; the
parent kills a run that exceeds the per-run cap and skips that solver on larger games. Peers:
nashpy (support and vertex enumeration), QuantEcon (``vertex_enumeration``), pygambit
(``enummixed_solve``) and lrslib's ``lrsnash`` when it is on PATH (its time includes starting
the process and writing its input file, as a user would run it). Each peer's equilibria are
compared with ours: how many of ours it missed and how many it reported that we do not have.

The games: random n x n games with uniform payoffs (``numpy.random.default_rng(seed)``,
``A = rng.random((n, n))``, then ``B`` likewise) and degenerate games (small integer payoffs
with ties, and a game with duplicated and dominated strategies).
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from fractions import Fraction

import numpy as np

from .equilibrium import distinct as distinct_indices
from .equilibrium import same_profile
from .game import Game

QUICK_SIZES = (4, 6, 8, 10)
FULL_SIZES = (4, 6, 8, 10, 12, 14, 16, 18)
SAME_TOL = 1e-6
"""Two equilibria are the same when every probability agrees within this."""


@dataclass(frozen=True)
class Case:
    name: str
    A: np.ndarray
    B: np.ndarray

    @property
    def size(self) -> int:
        return max(self.A.shape)


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


def random_case(n: int, seed: int = 0) -> Case:
    """The random n x n game of the benchmark (uniform payoffs in [0, 1))."""
    rng = np.random.default_rng(seed)
    A = rng.random((n, n))
    B = rng.random((n, n))
    return Case(f"random {n}x{n}", A, B)


def degenerate_cases() -> list[Case]:
    """Degenerate games: integer payoffs with many ties; duplicated and dominated rows."""
    out = []
    for n in (6, 8):
        rng = np.random.default_rng(100 + n)
        A, B = rng.integers(0, 3, (2, n, n)).astype(float)
        out.append(Case(f"ties {n}x{n}", A, B))
    rng = np.random.default_rng(7)
    A, B = rng.random((2, 8, 8))
    A[1], B[1] = A[0], B[0]  # a duplicated row
    A[5] = A[4] - 0.5  # a strictly dominated row
    out.append(Case("dup+dom 8x8", A, B))
    return out


# ----------------------------------------------------------------------------- solvers
def ours(method: str) -> Callable:
    def run(A, B):
        from .solvers import solve

        return [eq.strategies for eq in solve(Game.from_bimatrix(A, B), method=method)]

    return run


def _nashpy(kind: str) -> Callable:
    def run(A, B):
        import nashpy

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(getattr(nashpy.Game(A, B), kind)())

    return run


def _quantecon(A, B):
    from quantecon.game_theory import NormalFormGame, Player, vertex_enumeration

    return list(vertex_enumeration(NormalFormGame((Player(A), Player(B.T)))))


def _pygambit(A, B):
    import pygambit

    g = pygambit.Game.from_arrays(A, B)
    out = []
    for eq in pygambit.nash.enummixed_solve(g, rational=False).equilibria:
        out.append(tuple([float(eq[s]) for s in p.strategies] for p in g.players))
    return out


def _integer_matrix(M: np.ndarray) -> list[list[int]]:
    """M times the common denominator of its entries (exact; equilibria do not change)."""
    fr = [[Fraction(float(v)) for v in row] for row in M]
    den = math.lcm(*(f.denominator for row in fr for f in row))
    return [[int(f * den) for f in row] for row in fr]


def lrsnash(A, B):
    m, n = A.shape
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "game.txt")
        with open(path, "w") as fh:
            fh.write(f"{m} {n}\n\n")
            for M in (A, B):
                for row in _integer_matrix(M):
                    fh.write(" ".join(map(str, row)) + "\n")
                fh.write("\n")
        out = subprocess.run(["lrsnash", path], capture_output=True, text=True, check=True)
    return _parse_lrsnash(out.stdout, m, n)


def _parse_lrsnash(text: str, m: int, n: int):
    """Equilibria from lrsnash output: blocks of '2 y... payoff' lines, then '1 x... payoff'
    lines; every x of a block pairs with every y of it."""
    found, ys, last = [], [], None
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0] not in ("1", "2"):
            continue
        probs = [float(Fraction(p)) for p in parts[1:]]
        if parts[0] == "2":
            if last == "1":
                ys = []
            ys.append(probs[:n])
        else:
            found.extend((probs[:m], y) for y in ys)
        last = parts[0]
    return found


def available_solvers(include_ours: bool = True) -> dict[str, Callable]:
    """Our methods and the installed peers, by display name."""
    solvers: dict[str, Callable] = {}
    if include_ours:
        solvers["ours enummixed"] = ours("enummixed")
    for module, name, func in (
        ("quantecon", "QuantEcon vertex", _quantecon),
        ("pygambit", "pygambit enummixed", _pygambit),
        ("nashpy", "nashpy support", _nashpy("support_enumeration")),
        ("nashpy", "nashpy vertex", _nashpy("vertex_enumeration")),
    ):
        try:
            __import__(module)
        except ImportError:
            continue
        solvers[name] = func
    if shutil.which("lrsnash"):
        solvers["lrsnash"] = lrsnash
    return solvers


# ----------------------------------------------------------------------------- running
def _child(conn, func, A, B, budget):
    try:
        times, result = [], None
        spent = 0.0
        while not times or (spent < budget and len(times) < 5):
            start = time.perf_counter()
            result = func(A, B)
            times.append(time.perf_counter() - start)
            spent += times[-1]
        profiles = [tuple(np.asarray(s, dtype=float) for s in p) for p in result]
        conn.send(("ok", min(times), profiles))
    except Exception as err:  # reported in the table, never raised
        conn.send((f"error: {type(err).__name__}: {err}"[:120], None, None))
    finally:
        conn.close()


def _timed(func, case: Case, cap: float, budget: float):
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, func, case.A, case.B, budget))
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


def compare(reference: list, theirs: list) -> tuple[int, int]:
    """(missed, extra): profiles of `reference` not in `theirs`, and the other way round."""
    missed = sum(1 for p in reference if not any(_same(p, q) for q in theirs))
    extra = sum(1 for q in theirs if not any(_same(p, q) for p in reference))
    return missed, extra


def first_calls(solvers: dict[str, Callable], cap: float = 60.0) -> dict[str, float | None]:
    """Seconds of each solver's first calls in this process, on a random and a degenerate 3x3
    game: numba compiles its kernels then (ours load from numba's on-disk cache after the first
    run ever; QuantEcon's compile each time). Reported apart; the timed runs come after it, in
    forked children that inherit the compiled code. A first call over `cap` seconds is
    interrupted (None)."""
    import signal

    def interrupt(signum, frame):
        raise TimeoutError

    A, B = np.random.default_rng(1).random((2, 3, 3))
    # a degenerate 3x3 game too: it takes our other (tight-set) kernel, which must not be
    # compiled inside the timed degenerate cases
    ties = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], dtype=float)
    out: dict[str, float | None] = {}
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        for name, func in solvers.items():
            start = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, cap)
            try:
                func(A, B)
                func(ties, ties.T.copy())
                out[name] = time.perf_counter() - start
            except TimeoutError:
                out[name] = None
            except Exception:  # the timed runs report the error
                out[name] = time.perf_counter() - start
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return out


def distinct(profiles: list) -> list:
    """The profiles without repeats (a peer can list one equilibrium twice)."""
    return [profiles[k] for k in distinct_indices(profiles, SAME_TOL)]


def _same(p, q) -> bool:
    return same_profile(p, q, SAME_TOL)


def run_bench(
    sizes=FULL_SIZES,
    degenerate: bool = True,
    cap: float = 30.0,
    budget: float = 0.5,
    solvers: dict[str, Callable] | None = None,
    progress: bool | None = None,
) -> tuple[list[Run], float]:
    """Run every solver on every case. Returns (runs, first-call seconds by solver)."""
    solvers = available_solvers() if solvers is None else solvers
    first = first_calls(solvers, cap)
    cases = [random_case(n) for n in sizes] + (degenerate_cases() if degenerate else [])
    show = sys.stderr.isatty() if progress is None else progress
    over_cap: dict[str, str] = {}
    runs: list[Run] = []
    total = len(cases) * len(solvers)
    done = 0
    for case in cases:
        reference = None
        ours_time = None
        for name, func in solvers.items():
            done += 1
            if show:
                print(f"\rbench {done}/{total}: {name} on {case.name}   ", end="", file=sys.stderr)
            if name in over_cap and case.name.startswith("random"):
                runs.append(Run(case.name, name, f"skipped (over {cap:g} s at {over_cap[name]})"))
                continue
            status, seconds, profiles = _timed(func, case, cap, budget)
            if status != "ok":
                if status == "timeout":
                    over_cap[name] = case.name
                runs.append(Run(case.name, name, status))
                continue
            profiles = distinct(profiles)  # Gambit can list one equilibrium twice
            if reference is None:  # ours runs first
                reference, ours_time = profiles, seconds
            missed, extra = compare(reference, profiles)
            runs.append(
                Run(
                    case.name,
                    name,
                    "ok",
                    seconds,
                    len(profiles),
                    missed,
                    extra,
                    None if not ours_time else seconds / ours_time,
                )
            )
    if show:
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
    return runs, first


def format_table(runs: list[Run], first: dict[str, float | None]) -> str:
    """One row per game, one column per solver: time, equilibria, ratio to ours, missed/extra."""
    solvers = list(dict.fromkeys(r.solver for r in runs))
    cases = list(dict.fromkeys(r.case for r in runs))
    cell = {(r.case, r.solver): r for r in runs}

    def text(r: Run | None) -> str:
        if r is None:
            return "-"
        if r.status != "ok":
            return r.status
        t = f"{r.seconds * 1e3:.3g} ms" if r.seconds < 1 else f"{r.seconds:.3g} s"
        out = f"{t}, {r.equilibria} NE"
        if r.ratio is not None and r.solver != solvers[0]:
            out += f", x{r.ratio:.3g}" if r.ratio < 100 else f", x{r.ratio:.0f}"
        if r.missed or r.extra:
            out += f", missed {r.missed}/extra {r.extra}"
        return out

    rows = [["game", *solvers]] + [[c] + [text(cell.get((c, s))) for s in solvers] for c in cases]
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = [" | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    lines.append("")
    lines.append(
        f"x: time relative to {solvers[0]} (above 1: ours is faster). NE: distinct equilibria "
        "reported. missed/extra: equilibria of ours the solver did not report / it reported "
        "that we do not have. Times: best of up to 5 runs within 0.5 s, each after a first "
        "call on a random and a degenerate 3x3 game (numba compilation, not included above): "
        + ", ".join(
            f"{k} {v:.3g} s" if v is not None else f"{k} over the cap" for k, v in first.items()
        )
    )
    return "\n".join(lines)


def to_json(runs: list[Run], first: dict[str, float | None]) -> dict:
    return {"first_call_seconds": first, "runs": [asdict(r) for r in runs]}
