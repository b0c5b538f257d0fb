"""``gametheory bench --startup``: what a new user waits for, against importing the stack.

Each command runs in a fresh interpreter (``sys.executable``, importing this copy of
gametheory), and the rounds interleave the commands, so load on the machine falls on all of
them alike; each command's time is the median over the rounds, and each ratio is that median
over the median of the reference, ``python -c "import numpy, sympy, scipy, matplotlib"`` (the
libraries any analysis of the project needs). The rows:

- ``gametheory --help`` (``python -m gametheory --help``);
- the main job, ``python models/two_bloc.py``, with the threshold cache warm (the user's
  cache, ``$GAMETHEORY_CACHE_DIR`` or ``~/.cache/gametheory``, filled by one untimed run first:
  the case of every run after the first);
- the full bench only: the main job with an empty cache (a fresh ``GAMETHEORY_CACHE_DIR`` each
  round: a first run ever, which derives and writes every threshold).

The main job's rows are absent when ``models/two_bloc.py`` is not next to the package (an
installed copy without the repository).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REFERENCE = "import numpy, sympy, scipy, matplotlib"
"""The reference command's code: the libraries every analysis of the project imports."""
FULL_ROUNDS = 5
QUICK_ROUNDS = 3
TARGETS = {"help": 1.5, "main": 3.0}
"""The largest ratios the project aims for (issue 21)."""

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
MAIN_JOB = _PACKAGE_ROOT / "models" / "two_bloc.py"


def commands(main_job: Path = MAIN_JOB, cold: bool = True) -> dict[str, list[str]]:
    """The timed commands by row name (the reference is ``"import"``)."""
    python = sys.executable
    out = {
        "import": [python, "-c", REFERENCE],
        "help": [python, "-m", "gametheory", "--help"],
    }
    if main_job.is_file():
        out["main"] = [python, str(main_job)]
        if cold:
            out["main_empty_cache"] = [python, str(main_job)]
    return out


def _environment() -> dict[str, str]:
    """This process's environment with this copy of gametheory first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(_PACKAGE_ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    return env


def _run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, cwd=_PACKAGE_ROOT, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"{' '.join(argv[1:])} exited with {done.returncode}: {tail[0]}")
    return seconds


def run_one(argv: list[str]) -> float:
    """Seconds of one run of `argv` in a fresh interpreter importing this copy of gametheory
    (the user's threshold cache); raises RuntimeError naming a command that fails."""
    return _run(argv, _environment())


def run_startup(
    rounds: int = FULL_ROUNDS, cold: bool = True, table: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """Time the commands (default :func:`commands`) over `rounds` interleaved rounds.

    Returns the JSON-ready section: ``rounds``, ``reference`` (the import command),
    ``cache_dir`` (the warm cache) and ``rows``, each with ``name``, ``seconds`` (every
    round), ``median``, ``ratio`` (median over the reference's median) and ``target`` (the
    ratio aimed for, where there is one).
    """
    table = commands(cold=cold) if table is None else table
    env = _environment()
    cache = env.get("GAMETHEORY_CACHE_DIR") or str(Path.home() / ".cache" / "gametheory")
    if "main" in table:
        _run(table["main"], env)  # fills the cache: the timed runs are the second-run case
    times: dict[str, list[float]] = {name: [] for name in table}
    for _ in range(rounds):
        for name, argv in table.items():
            if name.endswith("_empty_cache"):
                with tempfile.TemporaryDirectory(prefix="gametheory-bench-") as empty:
                    times[name].append(_run(argv, {**env, "GAMETHEORY_CACHE_DIR": empty}))
            else:
                times[name].append(_run(argv, env))
    reference = statistics.median(times["import"])
    rows = []
    for name, seconds in times.items():
        median = statistics.median(seconds)
        rows.append(
            {
                "name": name,
                "seconds": seconds,
                "median": median,
                "ratio": median / reference,
                "target": TARGETS.get(name),
            }
        )
    return {"rounds": rounds, "reference": REFERENCE, "cache_dir": cache, "rows": rows}


_LABELS = {
    "import": "python -c 'import numpy, sympy, scipy, matplotlib'",
    "help": "gametheory --help",
    "main": "python models/two_bloc.py (warm cache)",
    "main_empty_cache": "python models/two_bloc.py (empty cache)",
}


def format_startup(found: dict[str, Any]) -> str:
    """The section as a text table."""
    lines = [
        f"Start-up: fresh interpreters, {found['rounds']} interleaved rounds, medians "
        f"(threshold cache: {found['cache_dir']})",
        f"{'command':<52}{'median':>9}  {'ratio':>7}  target",
    ]
    for r in found["rows"]:
        target = "" if r["target"] is None else f"<= {r['target']:g}x"
        lines.append(
            f"{_LABELS.get(r['name'], r['name']):<52}{r['median']:>8.2f}s  {r['ratio']:>6.2f}x  "
            f"{target}"
        )
    return "\n".join(lines)


__all__ = [
    "FULL_ROUNDS",
    "MAIN_JOB",
    "QUICK_ROUNDS",
    "REFERENCE",
    "TARGETS",
    "commands",
    "format_startup",
    "run_one",
    "run_startup",
]
