"""``kill -9`` of a sweep's parent process: its pool workers exit too (no orphans computing)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

SWEEP = ["sweep", "builtin:two_bloc", "--grid", "c=0.05:4.95:40", "--grid", "r=0.1:4.9:40"]
SWEEP += ["--analysis", "classify", "--basins", "monte-carlo", "--starts", "50", "--quiet"]
SWEEP += ["--workers", "2", "--chunk-size", "4"]


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:  # field 4 of stat: the parent's pid
                out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_exit_when_the_parent_is_killed(tmp_path):
    out = tmp_path / "t.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gametheory", *SWEEP, "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        workers: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if len(workers) >= 2 and list(Path(f"{out}.chunks").glob("chunk-*.csv")):
                break
            time.sleep(0.05)
        assert proc.poll() is None and len(workers) >= 2, "the sweep ended or never started"
        os.kill(proc.pid, signal.SIGKILL)  # the parent only, not its process group
        proc.wait(timeout=60)
        deadline = time.monotonic() + 60  # a liveness bound, not a timing claim
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), "pool workers outlived their parent"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
