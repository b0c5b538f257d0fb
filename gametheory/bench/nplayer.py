"""The n-player section of ``gametheory bench``: our ``enumpoly`` against pygambit's.

Ours is ``solve(game, method="enumpoly", reduce=False)`` (as in
``benchmarks/test_bench_nplayer.py``: all equilibria by support enumeration and polynomial
homotopy, verified, no reductions); the peer is ``pygambit.nash.enumpoly_solve(g,
stop_after=None)`` when pygambit is installed. Both times include building the game from the
payoff arrays.

The games: random games with uniform payoffs, one array per player,
``rng = numpy.random.default_rng(seed); payoffs = [rng.random(shape) for _ in shape]`` (the
pygambit game is ``pygambit.Game.from_arrays(*payoffs)``), for shapes 2x2x2, 2x2x3 (the
three-bloc model's shape), 3x3x3, 2x2x2x2, 3x3x3x3, 4x4x4 and 5x5x5 and seeds 0 to 9
(``--quick``: 2x2x2, 2x2x3 and 3x3x3, seeds 0 and 1). Below the table, :func:`summary` gives
each peer's median time ratio per shape over the seeds.

pygambit's enumpoly returns floating-point approximations that can be far less accurate than
ours: on the random 4x4x4 game of seed 7 one of its points has regret 1.2e-5 of the payoff
range and lies 2e-4 from our equilibrium (ours has regret below 1e-9 of the range). Its points
are therefore matched with ours within :data:`MATCH_TOL`, not the two-player section's 1e-6.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

import numpy as np

from ..tolerance import PEER_MATCH_TOL
from ._runs import Case, Run, first_calls, run_cases

MATCH_TOL = PEER_MATCH_TOL
"""A peer's equilibrium is one of ours when every probability agrees within this."""
QUICK_SHAPES = ((2, 2, 2), (2, 2, 3), (3, 3, 3))
FULL_SHAPES = ((2, 2, 2), (2, 2, 3), (3, 3, 3), (2, 2, 2, 2), (3, 3, 3, 3), (4, 4, 4), (5, 5, 5))
QUICK_SEEDS = (0, 1)
FULL_SEEDS = tuple(range(10))
TITLE = (
    "N players: our enumpoly against pygambit's enumpoly_solve; random games, uniform payoffs "
    "(default_rng(seed), one array per player)"
)


def shape_name(shape: Sequence[int]) -> str:
    return "x".join(map(str, shape))


def parse_shape(text: str) -> tuple[int, ...]:
    """'2x2x3' -> (2, 2, 3): three or more players, each with at least one action."""
    try:
        shape = tuple(int(k) for k in text.lower().split("x"))
    except ValueError:
        shape = ()
    if len(shape) < 3 or min(shape) < 1:
        raise ValueError(f"a shape is three or more positive numbers such as 2x2x3, got {text!r}")
    return shape


def random_case(shape: Sequence[int], seed: int = 0) -> Case:
    """The random game of the benchmark: uniform payoffs in [0, 1), one array per player."""
    shape = tuple(shape)
    rng = np.random.default_rng(seed)
    payoffs = tuple(rng.random(shape) for _ in shape)
    return Case(f"random {shape_name(shape)} seed {seed}", payoffs)


def _warmup_cases(shapes: Sequence[Sequence[int]]) -> list[tuple[tuple[int, ...], int]]:
    """(shape, seed) of the first calls' games: the random 3x3x3 games of seeds 1 and 0, and a
    random 2x...x2 game for each other number of players in `shapes` (numba compiles a kernel
    once per array rank). Seed 0 is there because its support systems reach the homotopy,
    which seed 1's do not: with a cold numba cache its compilation (tens of seconds) was
    otherwise timed as the 3x3x3 seed 0 run."""
    others = sorted({len(s) for s in shapes} - {3})
    return [((3, 3, 3), 1), ((3, 3, 3), 0), *(((2,) * n, 1) for n in others)]


def warmup_games(shapes: Sequence[Sequence[int]]) -> list[tuple[np.ndarray, ...]]:
    """The games of the first calls (see :func:`_warmup_cases`)."""
    return [random_case(shape, seed).payoffs for shape, seed in _warmup_cases(shapes)]


def warmup_text(shapes: Sequence[Sequence[int]]) -> str:
    """The table legend's name of :func:`warmup_games`."""
    names = [f"{shape_name(shape)} seed {seed}" for shape, seed in _warmup_cases(shapes)]
    return "the random games " + ", ".join(names)


# ----------------------------------------------------------------------------- solvers
def ours(*payoffs):
    from ..game import Game
    from ..solvers import solve

    result = solve(Game(list(payoffs)), method="enumpoly", reduce=False)
    return [eq.strategies for eq in result.equilibria]


def _pygambit(*payoffs):
    import pygambit

    g = pygambit.Game.from_arrays(*payoffs)
    result = pygambit.nash.enumpoly_solve(g, stop_after=None)
    return [
        tuple([float(eq[s]) for s in p.strategies] for p in g.players) for eq in result.equilibria
    ]


def available_solvers(include_ours: bool = True) -> dict[str, Callable]:
    """Ours and, when installed, pygambit's enumpoly, by display name."""
    solvers: dict[str, Callable] = {}
    if include_ours:
        solvers["ours enumpoly"] = ours
    try:
        import pygambit  # noqa: F401
    except ImportError:
        pass
    else:
        solvers["pygambit enumpoly"] = _pygambit
    return solvers


def run_nplayer(
    shapes: Sequence[Sequence[int]] = FULL_SHAPES,
    seeds: Sequence[int] = FULL_SEEDS,
    cap: float = 30.0,
    budget: float = 0.5,
    solvers: dict[str, Callable] | None = None,
    progress: bool | None = None,
    first_cap: float | None = None,
) -> tuple[list[Run], dict[str, float | None]]:
    """Every solver on every (shape, seed). Returns (runs, first-call seconds by solver)."""
    solvers = available_solvers() if solvers is None else solvers
    first = first_calls(solvers, warmup_games(shapes), cap if first_cap is None else first_cap)
    cases = [random_case(shape, seed) for shape in shapes for seed in seeds]
    return run_cases(cases, solvers, cap, budget, progress, MATCH_TOL), first


def summary(runs: Sequence[Run]) -> str:
    """Per shape and peer: the median over the seeds of (peer's time / ours), from the runs
    where both finished; a shape where the peer timed out on some seed says so."""
    ratios: dict[tuple[str, str], list[float]] = {}
    missing: dict[tuple[str, str], int] = {}
    for r in runs:
        shape = r.case.split()[1] if r.case.startswith("random ") else r.case
        key = (shape, r.solver)
        if r.status == "ok" and r.ratio is not None:
            ratios.setdefault(key, []).append(r.ratio)
        else:
            missing[key] = missing.get(key, 0) + 1
    solvers = list(dict.fromkeys(r.solver for r in runs))
    lines = []
    for peer in solvers[1:]:
        cells = []
        for shape in dict.fromkeys(k[0] for k in (*ratios, *missing)):
            values = ratios.get((shape, peer), [])
            cell = f"{shape} x{statistics.median(values):.3g}" if values else f"{shape} -"
            n = len(values) + missing.get((shape, peer), 0)
            cell += f" ({len(values)}/{n} seeds)"
            cells.append(cell)
        lines.append(f"median {peer} time / ours over the seeds: " + ", ".join(cells))
    return "\n".join(lines)
