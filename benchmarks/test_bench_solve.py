"""All equilibria of random bimatrix games: gametheory vs nashpy and pygambit, same run.

Each benchmark times the whole call, results materialised (``list(...)``), on the same game.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gametheory import Game, solve

SIZES = [4, 6, 8, 10]


def _game(n: int) -> Game:
    rng = np.random.default_rng(1000 + n)
    A, B = rng.integers(-100, 100, (2, n, n))
    return Game.from_bimatrix(A, B)


@pytest.fixture(autouse=True)
def _warm():
    solve(_game(3))  # numba kernels compiled (or loaded from cache) outside the timer


@pytest.mark.parametrize("n", SIZES)
def test_gametheory_enummixed(benchmark, n):
    game = _game(n)
    benchmark.group = f"all NE {n}x{n}"
    result = benchmark(lambda: solve(game))
    assert result.complete and result.equilibria


@pytest.mark.parametrize("n", SIZES)
def test_nashpy_support_enumeration(benchmark, n):
    nashpy = pytest.importorskip("nashpy")
    game = _game(n)
    A, B = (np.array(p) for p in game.payoffs)
    benchmark.group = f"all NE {n}x{n}"
    if n > 8:
        benchmark.pedantic(lambda: _nashpy_support(nashpy, A, B), rounds=1, iterations=1)
    else:
        benchmark(lambda: _nashpy_support(nashpy, A, B))


def _nashpy_support(nashpy, A, B):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(nashpy.Game(A, B).support_enumeration())


@pytest.mark.parametrize("n", SIZES)
def test_nashpy_vertex_enumeration(benchmark, n):
    nashpy = pytest.importorskip("nashpy")
    game = _game(n)
    A, B = (np.array(p) for p in game.payoffs)
    benchmark.group = f"all NE {n}x{n}"
    benchmark(lambda: list(nashpy.Game(A, B).vertex_enumeration()))


@pytest.mark.parametrize("n", SIZES)
def test_pygambit_enummixed(benchmark, n):
    pygambit = pytest.importorskip("pygambit")
    game = _game(n)
    g = pygambit.Game.from_arrays(*(np.array(p, dtype=int) for p in game.payoffs))
    benchmark.group = f"all NE {n}x{n}"
    benchmark(lambda: pygambit.nash.enummixed_solve(g, rational=False).equilibria)
