"""The two-bloc (c, r) phase diagram: vectorised sweep vs solving every grid point.

Same grid, same game, same run: the ratio of the two timings in the "two-bloc sweep 100x100"
group is the speed-up of :func:`gametheory.sweep.grid` over a per-point ``solve`` loop. The
1000x1000 benchmark shows the vectorised sweep at full resolution (a per-point loop over a
million points would take minutes, so it is measured on 100x100 and scales linearly).
"""

from __future__ import annotations

import numpy as np

from gametheory import solve
from gametheory.games import two_bloc
from gametheory.sweep import grid


def _axes(n: int) -> dict[str, np.ndarray]:
    return {"c": np.linspace(0, 5, n), "r": np.linspace(0, 5, n)}


def _per_point(game, axes):
    """Solve every point's game completely and test whether (R, R) is among the equilibria."""
    out = np.zeros((len(axes["c"]), len(axes["r"])), dtype=bool)
    for i, c in enumerate(axes["c"]):
        for j, r in enumerate(axes["r"]):
            result = solve(game.at(c=c, r=r))
            out[i, j] = any(eq.pure_profile() == (0, 0) for eq in result.equilibria)
    return out


def test_sweep_vectorised_100(benchmark):
    game, axes = two_bloc(), _axes(100)
    benchmark.group = "two-bloc sweep 100x100"
    table = benchmark(lambda: grid(game, axes))
    assert np.array_equal(table.nash, _per_point(game, _axes(100)))


def test_sweep_per_point_solve_100(benchmark):
    game, axes = two_bloc(), _axes(100)
    solve(game.at())
    benchmark.group = "two-bloc sweep 100x100"
    benchmark.pedantic(lambda: _per_point(game, axes), rounds=2, iterations=1)


def test_sweep_vectorised_1000(benchmark):
    game, axes = two_bloc(), _axes(1000)
    benchmark.group = "two-bloc sweep 1000x1000"
    table = benchmark.pedantic(lambda: grid(game, axes), rounds=3, iterations=1)
    assert table.labels.shape == (1000, 1000)
