"""``gametheory bench --sweep``: a ``classify`` sweep against a ``criteria`` sweep of the same grid.

The README's sweep as a new user runs it: ``gametheory sweep builtin:two_bloc --grid
c=0:5:N --grid r=0:5:N --analysis A --out table.csv`` in a fresh process (start-up, the model,
the workers and writing the table included), once with ``--analysis criteria`` (the vectorised
criteria) and once with ``--analysis classify`` (every stability criterion at every point),
alternating, a few rounds. The row reports the median wall time of each and the ratio
classify / criteria of the medians: both are measured in the same run, so the ratio holds on a
loaded machine where the times do not. Issue 21 asks for a ratio of at most 5 on 41 x 41.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FULL = {"points": 41, "rounds": 3}
QUICK = {"points": 21, "rounds": 1}
ANALYSES = ("criteria", "classify")


def sweep_command(analysis: str, points: int, out: Path) -> list[str]:
    """The command line of one timed sweep."""
    grid = f"0:5:{points}"
    return [
        sys.executable,
        "-m",
        "gametheory",
        "sweep",
        "builtin:two_bloc",
        "--grid",
        f"c={grid}",
        "--grid",
        f"r={grid}",
        "--analysis",
        analysis,
        "--out",
        str(out),
        "--quiet",
    ]


def run_sweep(points: int = FULL["points"], rounds: int = FULL["rounds"]) -> dict[str, Any]:
    """Time both sweeps `rounds` times, alternating; medians and their ratio."""
    seconds: dict[str, list[float]] = {a: [] for a in ANALYSES}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(rounds):
            for analysis in ANALYSES:
                out = Path(tmp) / f"{analysis}-{k}.csv"
                start = time.perf_counter()
                subprocess.run(
                    sweep_command(analysis, points, out),
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                seconds[analysis].append(time.perf_counter() - start)
    median = {a: statistics.median(s) for a, s in seconds.items()}
    return {
        "grid": f"{points}x{points}",
        "rounds": rounds,
        "seconds": seconds,
        "median": median,
        "ratio": median["classify"] / median["criteria"],
    }


def format_sweep(result: dict[str, Any]) -> str:
    """The section as text."""
    m = result["median"]
    return "\n".join(
        [
            f"Sweep: classify vs criteria, two_bloc {result['grid']} through the CLI "
            f"(median of {result['rounds']}, same run)",
            f"  criteria  {m['criteria']:8.2f} s",
            f"  classify  {m['classify']:8.2f} s",
            f"  ratio classify/criteria  {result['ratio']:.2f} (issue 21: at most 5 on 41x41)",
        ]
    )


__all__ = ["FULL", "QUICK", "format_sweep", "run_sweep", "sweep_command"]
