"""The one progress bar (gametheory.progress) and Ctrl-C between chunks (gametheory._interrupt)."""

from __future__ import annotations

import io
import os
import signal
import sys

import numpy as np
import pytest

from gametheory.games import prisoners_dilemma
from gametheory.progress import ProgressBar, progress_bar, terminal_progress
from gametheory.repeated import all_memory_one, payoff_tensor
from gametheory.sweep import grid


class Terminal(io.StringIO):
    """A captured stream that says it is a terminal, so progress bars are drawn on it."""

    def isatty(self) -> bool:
        return True


def _final_counts(text: str) -> list[str]:
    """The ``done/total`` counters tqdm drew (it rewrites the line with carriage returns)."""
    import re

    return re.findall(r"(\d+)/(\d+)", text)


def test_no_bar_off_a_terminal_or_for_a_short_loop():
    assert terminal_progress("x", stream=io.StringIO()) is None
    assert terminal_progress("x", total=10, min_total=2000, stream=Terminal()) is None
    assert isinstance(
        terminal_progress("x", total=2000, min_total=2000, stream=Terminal()), ProgressBar
    )
    update, close = progress_bar(False)
    update(1, 2)  # disabled: no-ops
    close()


def test_bar_counts_to_the_total_and_closes_itself_once():
    out = Terminal()
    bar = ProgressBar("demo", unit="pt", stream=out)
    for done in range(0, 101, 10):
        bar(done, 100)
    bar(100, 100)  # after closing: nothing more is drawn
    bar.close()
    text = out.getvalue()
    assert text.startswith("\rdemo:") or "demo:" in text
    assert _final_counts(text)[-1] == ("100", "100")
    assert text.endswith("\n")  # the closed bar stays on screen, on its own line
    assert text.count("\n") == 1


def test_a_real_payoff_tensor_loop_reports_progress_on_a_terminal(monkeypatch):
    out = Terminal()
    monkeypatch.setattr(sys, "stderr", out)
    space = all_memory_one(2)  # 16 deterministic memory-one rules: 256 profiles, 16 chunks
    tensor = payoff_tensor(prisoners_dilemma().at(), space, 0.9, noise=0.01)
    text = out.getvalue()
    assert "payoff tensor" in text
    counts = _final_counts(text)
    assert counts[-1] == ("256", "256")
    assert len({done for done, _ in counts}) >= 2  # advanced along the way, not only at the end
    # the same numbers with the bar off (stderr not a terminal)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    quiet = payoff_tensor(prisoners_dilemma().at(), space, 0.9, noise=0.01)
    assert np.array_equal(tensor, quiet)
    assert sys.stderr.getvalue() == ""


def test_ctrl_c_in_a_payoff_tensor_stops_after_the_chunk_in_flight():
    calls = []

    def press(done, total):  # Ctrl-C while the first chunk's results come back
        calls.append(done)
        os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        payoff_tensor(prisoners_dilemma().at(), all_memory_one(2), 0.9, progress=press)
    assert calls == [16]  # one chunk (one row of 16 profiles) finished, no other started


def test_ctrl_c_in_a_serial_sweep_keeps_the_finished_chunks_and_resumes(tmp_path):
    axes = {"T": np.linspace(3.5, 6.0, 6), "R": np.linspace(1.5, 2.8, 4)}
    store = tmp_path / "t.chunks"
    calls = []

    def press(done, total):
        calls.append(done)
        if len(calls) == 2:  # after the first chunk is stored
            os.kill(os.getpid(), signal.SIGINT)

    game = prisoners_dilemma()
    with pytest.raises(KeyboardInterrupt):
        grid(game, axes, "solve", progress=press, store=store, chunk_size=4)
    assert calls == [0, 4]
    kept = sorted(p.name for p in store.iterdir() if p.name.startswith("chunk"))
    assert len(kept) == 1  # the chunk in flight was finished and stored, no other started
    seen = []
    resumed = grid(
        game,
        axes,
        "solve",
        progress=lambda d, t: seen.append(d),
        store=store,
        chunk_size=4,
        resume=True,
    )
    assert seen[0] == 4 and seen[-1] == 24  # the kept chunk was not recomputed
    whole = grid(game, axes, "solve")
    for name in whole.columns:
        assert resumed.columns[name].tolist() == whole.columns[name].tolist(), name


def test_bar_is_drawn_on_a_pseudo_terminal_that_reports_no_size():
    # a fresh pty reports 0 x 0; tqdm alone would draw an empty bar and hide it
    import os
    import pty
    import select

    from gametheory.progress import ProgressBar

    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as stream:
        assert os.get_terminal_size(stream.fileno()).columns == 0
        bar = ProgressBar("replicator starts", unit="start", stream=stream)
        for done in (1, 2, 3):
            bar(done, 3)
        stream.flush()
        seen = b""
        while select.select([master], [], [], 0.5)[0]:
            seen += os.read(master, 4096)
    os.close(master)
    assert b"replicator starts:" in seen and b"3/3" in seen
