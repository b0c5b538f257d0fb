"""A killed or interrupted CLI sweep resumes to exactly the table of an uninterrupted run.

The sweep is ``classify`` (Monte Carlo basin shares, one seed per grid point) over 240
points of the two-bloc game, in chunks of 8 on two worker processes. It is killed with SIGKILL
(process group: the workers die too) or interrupted with SIGINT (Ctrl-C) after a few chunks are
on disk, then re-run with ``--resume``. The resumed table must equal, byte for byte and point by
point, the table of a run that was never interrupted (and was cut into chunks of a different
size), and the chunks finished before the kill must not be computed again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from gametheory.sweep.store import read_table

SWEEP = ["sweep", "builtin:two_bloc", "--grid", "c=0.05:4.95:16", "--grid", "r=0.1:4.9:15"]
SWEEP += ["--analysis", "classify", "--basins", "monte-carlo", "--starts", "3", "--seed", "5"]
SWEEP += ["--quiet"]
POINTS, CHUNK = 240, 8
N_CHUNKS = POINTS // CHUNK

pytestmark = pytest.mark.slow


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "gametheory", *SWEEP, *args]


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("whole") / "whole.csv"
    done = subprocess.run(
        _command("--out", str(out), "--workers", "2", "--chunk-size", "13"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out


def _start_and_stop(out: Path, sig: signal.Signals) -> tuple[int, str]:
    """Start the sweep; once 3 chunks are on disk send `sig` to its process group."""
    store = Path(f"{out}.chunks")
    proc = subprocess.Popen(
        _command("--out", str(out), "--workers", "2", "--chunk-size", str(CHUNK)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job started from a shell
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(store.glob("chunk-*.csv"))) >= 3:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the sweep ended before it could be stopped"
    os.killpg(proc.pid, sig)
    _, stderr = proc.communicate(timeout=600)
    return proc.returncode, stderr


def _chunk_times(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in Path(f"{out}.chunks").glob("chunk-*.csv")}


def _same_table(a: Path, b: Path) -> None:
    assert a.read_bytes() == b.read_bytes()
    x, y = read_table(a), read_table(b)
    assert list(x) == list(y) and len(x["c"]) == POINTS
    for name in x:  # point by point, every column
        if x[name].dtype == float:
            np.testing.assert_array_equal(x[name], y[name], err_msg=name)
        else:
            assert x[name].tolist() == y[name].tolist(), name


def test_sigkill_then_resume_gives_the_uninterrupted_table(tmp_path, uninterrupted):
    out = tmp_path / "t.csv"
    status, _ = _start_and_stop(out, signal.SIGKILL)
    assert status == -signal.SIGKILL
    before = _chunk_times(out)
    assert 3 <= len(before) < N_CHUNKS and not out.exists()
    # a chunk counts as finished once its checksum is in the manifest (written after the
    # chunk file): when the third file exists, the first two are recorded
    recorded = json.loads(Path(f"{out}.chunks/manifest.json").read_text())["chunks"]
    assert len(recorded) >= 2 and set(recorded) <= set(before)
    before = {k: before[k] for k in recorded}
    resumed = subprocess.run(
        _command("--out", str(out), "--resume", "--workers", "2"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resumed.returncode == 0, resumed.stderr
    after = _chunk_times(out)
    assert len(after) == N_CHUNKS
    assert {k: after[k] for k in before} == before  # finished chunks were not recomputed
    _same_table(out, uninterrupted)


def test_ctrl_c_stops_cleanly_keeps_chunks_and_resumes(tmp_path, uninterrupted):
    out = tmp_path / "t.csv"
    status, stderr = _start_and_stop(out, signal.SIGINT)
    assert status == 130
    assert "Traceback" not in stderr
    assert stderr.startswith("gametheory: interrupted; finished chunks are kept in ")
    assert "--resume" in stderr
    before = _chunk_times(out)
    assert len(before) >= 3
    resumed = subprocess.run(
        _command("--out", str(out), "--resume", "--workers", "0"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert {k: _chunk_times(out)[k] for k in before} == before
    _same_table(out, uninterrupted)
