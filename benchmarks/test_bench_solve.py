"""All equilibria of two-player games: gametheory vs QuantEcon, lrsnash, pygambit and nashpy.

One pytest-benchmark group per game, ours and every peer in it, so the table shows the ratios.
The games and the peer calls are those of ``gametheory bench`` (:mod:`gametheory.bench`):
random n x n games with uniform payoffs (``numpy.random.default_rng(0)``) and degenerate ones.
Each benchmark times the whole call, results materialised. Peers run only up to the size where
one call stays within seconds (nashpy's support enumeration takes minutes beyond 8x8).

Run: ``python -m pytest benchmarks --benchmark-only --benchmark-group-by=group``.
"""

from __future__ import annotations

import shutil

import pytest

from gametheory import bench

SIZES = [4, 6, 8, 10, 12, 14, 16]
PEER_LIMIT = {
    "ours enummixed": 16,
    "QuantEcon vertex": 16,
    "lrsnash": 16,
    "pygambit enummixed": 10,
    "nashpy support": 8,
    "nashpy vertex": 8,
}
SOLVERS = bench.available_solvers()
SOLVERS.update({"ours support": bench.ours("support"), "ours tightsets": bench.ours("tightsets")})
PEER_LIMIT.update({"ours support": 8, "ours tightsets": 12})


@pytest.fixture(scope="module", autouse=True)
def _compiled():
    bench.first_calls(SOLVERS)  # numba compilation (ours and QuantEcon's) outside the timers


def _run(benchmark, name, case):
    func = SOLVERS[name]
    benchmark.group = case.name
    if PEER_LIMIT[name] <= 8 and case.size >= 8:
        result = benchmark.pedantic(lambda: func(case.A, case.B), rounds=1, iterations=1)
    else:
        result = benchmark(lambda: func(case.A, case.B))
    assert len(result) >= 1  # every finite game has an equilibrium


@pytest.mark.parametrize("name", list(PEER_LIMIT))
@pytest.mark.parametrize("n", SIZES)
def test_random_game(benchmark, name, n):
    if name not in SOLVERS:
        pytest.skip(f"{name} is not installed")
    if n > PEER_LIMIT[name]:
        pytest.skip(f"{name} takes too long beyond {PEER_LIMIT[name]}x{PEER_LIMIT[name]}")
    _run(benchmark, name, bench.random_case(n))


@pytest.mark.parametrize("name", list(PEER_LIMIT))
@pytest.mark.parametrize("case", bench.degenerate_cases(), ids=lambda c: c.name)
def test_degenerate_game(benchmark, name, case):
    if name not in SOLVERS:
        pytest.skip(f"{name} is not installed")
    if case.size > PEER_LIMIT[name] or (name == "nashpy support" and case.size > 6):
        pytest.skip(f"{name} takes too long at {case.name}")
    _run(benchmark, name, case)


def test_lrsnash_parsed_like_ours():
    """The lrsnash bridge reads every equilibrium lrsnash prints (not a timing)."""
    if not shutil.which("lrsnash"):
        pytest.skip("lrsnash is not on PATH")
    case = bench.random_case(6)
    ours = bench.distinct(bench.ours("enummixed")(case.A, case.B))
    theirs = bench.distinct(bench.lrsnash(case.A, case.B))
    assert bench.compare(ours, theirs) == (0, 0)
