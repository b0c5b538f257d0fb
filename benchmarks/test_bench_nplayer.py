"""All equilibria of random three-player games: gametheory's enumpoly vs pygambit's enumpoly_solve.

Same game, same run, same pytest-benchmark group, so the table shows the ratio. Run:
``python -m pytest benchmarks/test_bench_nplayer.py --benchmark-only --benchmark-group-by=group``.
The 4x4x4 and 3x3x3x3 games take seconds per call, so they run one round each.
``test_median_ratio`` times both on the ten seeds of a shape and records the median of
pygambit's time over ours in ``extra_info`` (ours is faster above 1).
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pygambit as gbt
import pytest

from gametheory import Game, solve
from gametheory.solvers.enumpoly import nplayer_equilibria

SHAPES = {
    "3p 2x2x2": (2, 2, 2),
    "3p 3x3x3": (3, 3, 3),
    "3p 4x4x4": (4, 4, 4),
    "three-bloc 2x2x3": (2, 2, 3),
    "4p 2x2x2x2": (2, 2, 2, 2),
    "4p 3x3x3x3": (3, 3, 3, 3),
}
SEEDS = list(range(10))


def _payoffs(shape: tuple[int, ...], seed: int) -> np.ndarray:
    rng = np.random.default_rng([seed, *shape])
    return rng.integers(-100, 100, (len(shape), *shape))


def _gambit_game(payoffs: np.ndarray):
    return gbt.Game.from_arrays(*(p.astype(int) for p in payoffs))


def _rounds(shape) -> dict:
    slow = max(shape) >= 4 or (len(shape) >= 4 and max(shape) >= 3)
    return {"rounds": 1, "iterations": 1} if slow else {"rounds": 5, "iterations": 1}


@pytest.fixture(autouse=True, scope="module")
def _warm():
    nplayer_equilibria(Game(list(_payoffs((3, 3, 3), 99))))  # numba kernels compiled or loaded


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", list(SHAPES))
def test_gametheory_enumpoly(benchmark, name, seed):
    shape = SHAPES[name]
    game = Game(list(_payoffs(shape, seed)))
    benchmark.group = f"all NE {name} seed {seed}"
    result = benchmark.pedantic(
        lambda: solve(game, method="enumpoly", reduce=False), **_rounds(shape)
    )
    benchmark.extra_info["equilibria"] = len(result.equilibria)
    benchmark.extra_info["complete"] = result.complete
    assert result.equilibria


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", list(SHAPES))
def test_pygambit_enumpoly(benchmark, name, seed):
    shape = SHAPES[name]
    g = _gambit_game(_payoffs(shape, seed))
    benchmark.group = f"all NE {name} seed {seed}"
    result = benchmark.pedantic(
        lambda: list(gbt.nash.enumpoly_solve(g, stop_after=None).equilibria), **_rounds(shape)
    )
    benchmark.extra_info["equilibria"] = len(result)
    assert result


def _best(func, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.parametrize("name", list(SHAPES))
def test_median_ratio(benchmark, name):
    """pygambit's time over ours on each seed (best of a few calls, the same run), median."""
    shape = SHAPES[name]
    repeats = _rounds(shape)["rounds"]
    ratios = []

    def every_seed():
        for seed in SEEDS:
            payoffs = _payoffs(shape, seed)
            game = Game(list(payoffs))
            g = _gambit_game(payoffs)
            ours = _best(lambda game=game: solve(game, method="enumpoly", reduce=False), repeats)
            theirs = _best(
                lambda g=g: list(gbt.nash.enumpoly_solve(g, stop_after=None).equilibria), repeats
            )
            ratios.append(theirs / ours)

    benchmark.group = f"median ratio {name}"
    benchmark.pedantic(every_seed, rounds=1, iterations=1)
    benchmark.extra_info["median_pygambit_over_ours"] = statistics.median(ratios)
    benchmark.extra_info["ratios"] = ratios
    assert len(ratios) == len(SEEDS)
