"""Start-up: ``gametheory --help`` and the main job against importing the stack they build on.

One pytest-benchmark group; each benchmark runs its command in a fresh interpreter (the
commands of :func:`gametheory.bench.startup.commands`, this copy of gametheory first on the
path). The ratios to the reference (``python -c "import numpy, sympy, scipy, matplotlib"``)
are the issue-21 targets: ``--help`` at most 1.5x, the main job (``models/two_bloc.py``, warm
threshold cache) at most 3x; ``gametheory bench --startup`` prints them from interleaved rounds.
Run: ``python -m pytest benchmarks/test_bench_startup.py --benchmark-only
--benchmark-group-by=group``.
"""

from __future__ import annotations

import pytest

from gametheory.bench import startup

COMMANDS = startup.commands(cold=False)
GROUP = "startup: fresh interpreter (reference: import numpy, sympy, scipy, matplotlib)"


@pytest.fixture(scope="module", autouse=True)
def _warm_cache():
    if "main" in COMMANDS:  # the main job's timed runs are the second-run case
        startup.run_one(COMMANDS["main"])


@pytest.mark.parametrize("name", list(COMMANDS))
def test_startup(benchmark, name):
    benchmark.group = GROUP
    benchmark.extra_info["target_ratio"] = startup.TARGETS.get(name)
    benchmark.pedantic(startup.run_one, args=(COMMANDS[name],), rounds=5, iterations=1)
