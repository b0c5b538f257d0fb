"""The repeated-games section of ``gametheory bench``: whole-space classification throughput.

Every memory-n strategy s of the noisy prisoner's dilemma (T, R, P, S = 5, 3, 1, 0) is
classified by :func:`gametheory.repeated.equilibria_in_space` (is (s, s) Nash, subgame perfect)
and, in the same run, a seeded sample of the same strategies by a loop of
:func:`gametheory.repeated.is_nash` and :func:`~gametheory.repeated.is_subgame_perfect`, the
one-profile checks. The per-strategy times give the ratios; the loop's verdicts are compared
with the kernel's on the sample. Axelrod's Moran process is not run here: Axelrod imports
torch (about a minute to import on this machine; the optional extra ``axelrod``, not a
dependency); the comparison with it is the benchmark group ``repeated Moran fixation 4
strategies`` in ``benchmarks/test_bench_repeated.py``, skipped where Axelrod is not installed.
"""

from __future__ import annotations

import time

import numpy as np

from ..games import prisoners_dilemma
from ..repeated import all_memory_n, equilibria_in_space, is_nash, is_subgame_perfect

TITLE = "Repeated games: every memory-n strategy of the noisy dilemma, classified"


def run_repeated(
    memory: int = 2, delta: float = 0.96, noise: float = 0.01, sample: int = 200, seed: int = 0
) -> dict:
    """Time the whole space against a loop over a seeded sample; one JSON-ready dict."""
    stage = prisoners_dilemma().at()
    space = all_memory_n(memory)
    start = time.perf_counter()
    equilibria_in_space(stage, space[:2], delta, noise, progress=None)
    first = time.perf_counter() - start  # compiles, or loads the cached kernel
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        found = equilibria_in_space(stage, space, delta, noise, progress=None)
        best = min(best, time.perf_counter() - start)
    picks = np.random.default_rng(seed).choice(len(space), min(sample, len(space)), replace=False)
    start = time.perf_counter()
    nash = [is_nash(stage, [space[k]] * 2, delta, noise) for k in picks]
    loop_nash = (time.perf_counter() - start) / len(picks)
    start = time.perf_counter()
    spe = [is_subgame_perfect(stage, [space[k]] * 2, delta, noise) for k in picks]
    loop_spe = (time.perf_counter() - start) / len(picks)
    per = best / len(space)
    agree = nash == found.nash[picks].tolist() and spe == found.subgame_perfect[picks].tolist()
    return {
        "memory": memory,
        "delta": delta,
        "noise": noise,
        "strategies": len(space),
        "first_call_seconds": first,
        "seconds": best,
        "per_strategy_seconds": per,
        "sample": len(picks),
        "is_nash_per_strategy_seconds": loop_nash,
        "is_subgame_perfect_per_strategy_seconds": loop_spe,
        "ratio_is_nash": loop_nash / per,
        "ratio_both": (loop_nash + loop_spe) / per,
        "agree": bool(agree),
        "nash": int(found.nash.sum()),
        "subgame_perfect": int(found.subgame_perfect.sum()),
    }


def format_repeated(result: dict) -> str:
    """The section as text: the times and the ratios of one run."""
    r = result
    return "\n".join(
        [
            TITLE,
            f"memory {r['memory']}: {r['strategies']} strategies, delta {r['delta']}, "
            f"noise {r['noise']}",
            f"equilibria_in_space: {r['seconds']:.3g} s for all "
            f"({r['per_strategy_seconds'] * 1e6:.3g} us per strategy; first call "
            f"{r['first_call_seconds']:.3g} s)",
            f"loop of is_nash on {r['sample']} of them: "
            f"{r['is_nash_per_strategy_seconds'] * 1e3:.3g} ms per strategy "
            f"(x{r['ratio_is_nash']:.0f}); with is_subgame_perfect x{r['ratio_both']:.0f}",
            f"verdicts agree on the sample: {'yes' if r['agree'] else 'NO'}; "
            f"{r['nash']} Nash, {r['subgame_perfect']} subgame perfect",
        ]
    )
