"""Ctrl-C for long compiled loops: acted on between chunks, never inside a kernel."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


@contextmanager
def interrupts_between_chunks():
    """Hold Ctrl-C while a compiled kernel runs; act on it between chunks.

    A KeyboardInterrupt raised while a numba kernel hands back its arrays leaves an exception
    set under a returned result (SystemError, or a crash in libpython). So SIGINT is only
    recorded during the loop; the caller stops after the chunk in flight, and the previous
    handler is then run (by default: KeyboardInterrupt).

    >>> with interrupts_between_chunks() as pressed:
    ...     done = [chunk for chunk in range(3) if not pressed]
    >>> done
    [0, 1, 2]
    """
    if threading.current_thread() is not threading.main_thread():
        yield []  # signal handlers can only be set from the main thread
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        if callable(previous):
            previous(signal.SIGINT, None)
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt
