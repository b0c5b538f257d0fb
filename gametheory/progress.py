"""Progress bars for long loops: one tqdm-backed ``progress(done, total)`` callback for all of them.

Every long loop of the package (sweeps, payoff tensors, strategy spaces, finite-horizon SPE,
support enumeration, replicator basins) reports through the same protocol: a callable
``progress(done, total)`` called once per chunk, ``None`` when nothing is to be shown. The bars
are drawn by tqdm on standard error, only when that stream is a terminal (or the caller asks
for one explicitly, as the CLI does for sweeps), so logs, pipes and ``--json`` output stay clean.
Ctrl-C between chunks is :mod:`gametheory._interrupt`'s job; a bar closes itself when the loop
reaches its total and is left as it stood when a loop stops early.

The bars of the repeated-game loops, of ``solve``'s enumpoly and of the CLI's replicator starts
were hand-drawn ``done/total`` lines before; they are tqdm bars now (same stream, drawn under the
same conditions, also ending with ``done/total`` and a newline), with tqdm's rate and time left.

>>> import io
>>> class Terminal(io.StringIO):
...     def isatty(self):
...         return True
>>> out = Terminal()
>>> show = terminal_progress("demo", stream=out)
>>> for done in (1, 2, 3):
...     show(done, 3)
>>> "demo" in out.getvalue() and "3/3" in out.getvalue()
True
>>> terminal_progress("demo", stream=io.StringIO()) is None  # not a terminal: no bar
True
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import IO, Any

ProgressCallback = Callable[[int, int], None]
"""``progress(done, total)``: called by a long loop after each chunk of work."""


class ProgressBar:
    """A ``progress(done, total)`` callback drawing one tqdm bar on `stream`.

    The bar is created at the first call (when the total is known), advanced to `done` at each
    call, and closed when `done` reaches the total or :meth:`close` is called (idempotent).

    Parameters
    ----------
    desc : str
        The label printed before the bar.
    unit : str
        What is counted (``"it"``, ``"pt"``, ``"profile"``...).
    stream : file-like, optional
        Where the bar is drawn; standard error (looked up at each bar's creation) by default.
    """

    def __init__(self, desc: str, unit: str = "it", stream: IO[str] | None = None) -> None:
        self.desc = desc
        self.unit = unit
        self.stream = stream
        self._bar: Any = None
        self._closed = False

    def __call__(self, done: int, total: int) -> None:
        if self._closed:
            return
        if self._bar is None:
            from tqdm import tqdm  # tqdm's import costs ~20 ms; only loops that draw pay it

            out = self.stream if self.stream is not None else sys.stderr
            self._bar = tqdm(
                total=total,
                initial=done,
                desc=self.desc,
                unit=self.unit,
                file=out,
                leave=True,
                **_fixed_size(out),
            )
        else:
            self._bar.update(done - self._bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        """End the bar (its last state stays on screen); later calls draw nothing."""
        if self._bar is not None and not self._closed:
            self._bar.close()
        self._closed = True


def _fixed_size(stream: IO[str]) -> dict[str, int]:
    """Nothing (tqdm measures the terminal) unless the terminal reports no size, as a fresh
    pseudo-terminal does: tqdm would then draw an empty bar (0 columns) and hide it (0 rows),
    so draw on 80 x 24."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return {}
    return {} if size.columns > 0 and size.lines > 0 else {"ncols": 80, "nrows": 24}


def close_open_bars() -> None:
    """Close every bar still open (a loop stopped by Ctrl-C), so each is left as it stood now
    and none redraws itself after the caller's last message when it is collected at exit."""
    tqdm_module = sys.modules.get("tqdm")
    if tqdm_module is None:  # no bar was ever drawn
        return
    for bar in list(getattr(tqdm_module.tqdm, "_instances", ())):
        bar.close()


def terminal_progress(
    desc: str,
    *,
    unit: str = "it",
    total: int | None = None,
    min_total: int = 0,
    stream: IO[str] | None = None,
) -> ProgressCallback | None:
    """A :class:`ProgressBar` for `desc` when `stream` (standard error) is a terminal, else None.

    Parameters
    ----------
    desc, unit
        Label and counted unit of the bar.
    total, min_total : int, optional
        When the loop's `total` is known in advance and below `min_total`, no bar is drawn (a
        short loop's bar would only flicker).
    stream : file-like, optional
        The stream drawn on; standard error by default.
    """
    out = sys.stderr if stream is None else stream
    if total is not None and total < min_total:
        return None
    if not out.isatty():
        return None
    return ProgressBar(desc, unit=unit, stream=stream)


def progress_bar(
    enabled: bool, desc: str = "sweep", unit: str = "pt", stream: IO[str] | None = None
) -> tuple[ProgressCallback, Callable[[], None]]:
    """A ``progress(done, total)`` callback drawing a tqdm bar, and its closer.

    Disabled (both no-ops) when `enabled` is False, e.g. for ``--json``, ``--quiet`` or when
    standard error is not a terminal; the caller decides, so the bar can be forced on.
    """
    if not enabled:
        return (lambda done, total: None), (lambda: None)
    bar = ProgressBar(desc, unit=unit, stream=stream)
    return bar, bar.close


__all__ = [
    "ProgressBar",
    "ProgressCallback",
    "close_open_bars",
    "progress_bar",
    "terminal_progress",
]
