"""The two-bloc (c, r) phase diagram: vectorised sweep vs solving every grid point.

Same grid, same game, same run: the ratio of the two timings in the "two-bloc sweep 100x100"
group is the speed-up of :func:`gametheory.sweep.grid` over a per-point ``solve`` loop. The
1000x1000 benchmark shows the vectorised sweep at full resolution (a per-point loop over a
million points would take minutes, so it is measured on 100x100 and scales linearly).
"""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import solve
from gametheory.deterrence.two_bloc import two_bloc
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


# ----------------------------------------------------------------------------- sweeps at scale
# Per-point classify (full stability report, 200 Monte Carlo basin starts) on one 8x8 grid: one
# process, a local process pool of 2, and a Dask LocalCluster with 2 worker processes. Pools
# and the cluster are started outside the timer (a sweep pays that once); every worker has run
# classify once before timing (numba kernels loaded). Throughput = 64 points / mean time.

CLASSIFY_AXES = {"c": np.linspace(0.05, 4.95, 8), "r": np.linspace(0.1, 4.9, 8)}
CLASSIFY_OPTIONS = {"n_starts": 200, "seed": 0, "basin_method": "monte-carlo"}


@pytest.fixture(scope="module")
def process_pool():
    from gametheory.sweep.runner import local_executor

    pool = local_executor(2)
    yield pool
    pool.shutdown()


@pytest.fixture(scope="module")
def dask_executor():
    import distributed

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield client.get_executor()
    client.close()
    cluster.close()


def _classify_sweep(executor):
    return grid(two_bloc(), CLASSIFY_AXES, "classify", options=CLASSIFY_OPTIONS, executor=executor)


@pytest.mark.parametrize("where", ["1 process", "process pool x2", "dask LocalCluster x2"])
def test_classify_sweep_throughput(benchmark, where, request):
    executor = {
        "1 process": lambda: None,
        "process pool x2": lambda: request.getfixturevalue("process_pool"),
        "dask LocalCluster x2": lambda: request.getfixturevalue("dask_executor"),
    }[where]()
    benchmark.group = "classify sweep, 64 points"
    benchmark.extra_info["points"] = 64
    table = benchmark.pedantic(lambda: _classify_sweep(executor), rounds=3, warmup_rounds=1)
    assert table.shape == (8, 8)


# The vectorised criteria over 10^6 points against a per-point loop: the loop (numeric game at
# each point, then the same criteria.evaluate on it) runs on a 100x100 subsample of the same
# square; multiply its time by 100 for the 10^6-point loop (it is linear in the points).


def _criteria_loop(game, axes):
    from gametheory.stability import criteria

    out = np.empty((len(axes["c"]), len(axes["r"])), dtype=np.int8)
    for i, c in enumerate(axes["c"]):
        for j, r in enumerate(axes["r"]):
            point = game.at(c=c, r=r)
            out[i, j] = criteria.evaluate(point.payoffs, (0, 0), 1e-9)["regime"]
    return out


def test_criteria_1e6_vectorised(benchmark):
    game, axes = two_bloc(), _axes(1000)
    benchmark.group = "criteria sweep, 10^6 points (loop: 10^4, x100)"
    table = benchmark.pedantic(lambda: grid(game, axes, "criteria"), rounds=3, iterations=1)
    assert table.labels.size == 10**6


def test_criteria_1e6_chunked_to_disk(benchmark, tmp_path):
    """The same sweep through the chunk runner and the on-disk store (CSV chunks, read back)."""
    game, axes = two_bloc(), _axes(1000)
    benchmark.group = "criteria sweep, 10^6 points (loop: 10^4, x100)"
    runs = iter(range(100))
    table = benchmark.pedantic(
        lambda: grid(game, axes, "criteria", store=tmp_path / f"s{next(runs)}"),
        rounds=2,
        iterations=1,
    )
    assert np.array_equal(table.labels, grid(game, axes).labels)


def test_criteria_per_point_loop_1e4(benchmark):
    game, axes = two_bloc(), _axes(100)
    benchmark.group = "criteria sweep, 10^6 points (loop: 10^4, x100)"
    labels = benchmark.pedantic(lambda: _criteria_loop(game, axes), rounds=2, iterations=1)
    assert np.array_equal(labels, grid(game, axes).labels)


# ----------------------------------------------------------------------- classify vs criteria
# Issue 21: the README's sweep through the command line, as a user runs it (fresh process,
# start-up and writing the table included), 41 x 41, once with the vectorised criteria and once
# with the full classify report. Same group, same run: the ratio classify / criteria of the two
# means is the figure (at most 5); `gametheory bench --sweep` prints it directly.


@pytest.mark.parametrize("analysis", ["criteria", "classify"])
def test_cli_sweep_classify_vs_criteria_41(benchmark, analysis, tmp_path):
    import subprocess

    from gametheory.bench.sweep import sweep_command

    benchmark.group = "CLI sweep 41x41: classify vs criteria"
    runs = iter(range(100))

    def sweep():
        out = tmp_path / f"t{next(runs)}.csv"
        subprocess.run(sweep_command(analysis, 41, out), check=True, capture_output=True)
        return out

    out = benchmark.pedantic(sweep, rounds=3, iterations=1)
    assert len(out.read_text().splitlines()) == 41 * 41 + 1
