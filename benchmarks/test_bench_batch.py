"""Batch solving: ``solve_many`` on many small games against peers solving one game at a time.

Same games, same run, same pytest-benchmark group; ours is timed per batch of ``K`` games with
every ``SolveResult`` built, the peers per game, so divide ours by ``K`` for the per-game ratio
(``gametheory bench --batch`` prints the ratios). Run:
``python -m pytest benchmarks/test_bench_batch.py --benchmark-only --benchmark-group-by=group``.
"""

from __future__ import annotations

import nashpy
import numpy as np
import pygambit as gbt
import pytest

from gametheory import solve_many

K = 10_000
SHAPES = {"2x2x3": (2, 2, 3), "2x2": (2, 2)}


def _payoffs(shape: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(2121).random((K, len(shape), *shape))


@pytest.fixture(autouse=True, scope="module")
def _warm():
    solve_many(_payoffs((2, 2, 3))[:64])


@pytest.mark.parametrize("name", list(SHAPES))
def test_solve_many(benchmark, name):
    payoffs = _payoffs(SHAPES[name])
    benchmark.group = f"batch {name} ({K} games for ours, one game for the peer)"

    def solved_and_built():
        results = solve_many(payoffs)
        return results, list(results)  # every SolveResult built, as a caller reading all would

    results, built = benchmark.pedantic(solved_and_built, rounds=3, iterations=1)
    benchmark.extra_info["games"] = K
    benchmark.extra_info["batch_solved"] = float(results.batch_solved.mean())
    assert len(built) == K and all(len(r.equilibria) % 2 == 1 for r in built[:100])  # Wilson


def test_pygambit_enumpoly_one_game(benchmark):
    payoffs = _payoffs((2, 2, 3))
    benchmark.group = f"batch 2x2x3 ({K} games for ours, one game for the peer)"
    games = iter(range(K))

    def one():
        g = gbt.Game.from_arrays(*payoffs[next(games)])
        return gbt.nash.enumpoly_solve(g, stop_after=None)

    benchmark.pedantic(one, rounds=50, iterations=1)


def test_nashpy_support_one_game(benchmark):
    payoffs = _payoffs((2, 2))
    benchmark.group = f"batch 2x2 ({K} games for ours, one game for the peer)"
    games = iter(range(K))
    benchmark.pedantic(
        lambda: list(nashpy.Game(*payoffs[next(games)]).support_enumeration()),
        rounds=200,
        iterations=1,
    )
