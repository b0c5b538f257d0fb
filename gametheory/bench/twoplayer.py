"""The two-player section of ``gametheory bench``: our ``enummixed`` against every installed
peer.

Peers: nashpy (support and vertex enumeration), QuantEcon (``vertex_enumeration``), pygambit
(``enummixed_solve``) and lrslib's ``lrsnash`` when it is on PATH (its time includes starting
the process and writing its input file, as a user would run it). Each peer's equilibria are
compared with ours: how many of ours it missed and how many it reported that we do not have.

The games: random n x n games with uniform payoffs (``numpy.random.default_rng(seed)``,
``A = rng.random((n, n))``, then ``B`` likewise) and degenerate games (small integer payoffs
with ties, and a game with duplicated and dominated strategies).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from ..game import Game
from ._runs import Case, Run, first_calls, run_cases

QUICK_SIZES = (4, 6, 8, 10)
FULL_SIZES = (4, 6, 8, 10, 12, 14, 16, 18)
TITLE = (
    "Two players: our enummixed against the installed peers; random n x n games (uniform "
    "payoffs, default_rng(0)) and degenerate games"
)
WARMUP = "a random and a degenerate 3x3 game"
"""The games of the first calls, as the table's legend names them."""


def random_case(n: int, seed: int = 0) -> Case:
    """The random n x n game of the benchmark (uniform payoffs in [0, 1))."""
    rng = np.random.default_rng(seed)
    A = rng.random((n, n))
    B = rng.random((n, n))
    return Case(f"random {n}x{n}", (A, B))


def degenerate_cases() -> list[Case]:
    """Degenerate games: integer payoffs with many ties; duplicated and dominated rows."""
    out = []
    for n in (6, 8):
        rng = np.random.default_rng(100 + n)
        A, B = rng.integers(0, 3, (2, n, n)).astype(float)
        out.append(Case(f"ties {n}x{n}", (A, B), random=False))
    rng = np.random.default_rng(7)
    A, B = rng.random((2, 8, 8))
    A[1], B[1] = A[0], B[0]  # a duplicated row
    A[5] = A[4] - 0.5  # a strictly dominated row
    out.append(Case("dup+dom 8x8", (A, B), random=False))
    return out


# ----------------------------------------------------------------------------- solvers
def ours(method: str) -> Callable:
    def run(A, B):
        from ..solvers import solve

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


def warmup_games() -> list[tuple[np.ndarray, np.ndarray]]:
    """The games of the first calls: a random 3x3 game, and a degenerate one (it takes our
    other, tight-set, kernel, which must not be compiled inside the timed degenerate cases)."""
    A, B = np.random.default_rng(1).random((2, 3, 3))
    ties = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], dtype=float)
    return [(A, B), (ties, ties.T.copy())]


def run_bench(
    sizes=FULL_SIZES,
    degenerate: bool = True,
    cap: float = 30.0,
    budget: float = 0.5,
    solvers: dict[str, Callable] | None = None,
    progress: bool | None = None,
    first_cap: float | None = None,
) -> tuple[list[Run], dict[str, float | None]]:
    """Run every solver on every case. Returns (runs, first-call seconds by solver)."""
    solvers = available_solvers() if solvers is None else solvers
    first = first_calls(solvers, warmup_games(), cap if first_cap is None else first_cap)
    cases = [random_case(n) for n in sizes] + (degenerate_cases() if degenerate else [])
    return run_cases(cases, solvers, cap, budget, progress), first
