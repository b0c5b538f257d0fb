"""A first call over its cap is interrupted even when the alarm lands in a finaliser."""

from __future__ import annotations

import sys
import time

from gametheory.bench._runs import first_calls


class _SlowFinaliser:
    def __del__(self) -> None:
        time.sleep(1.0)  # the alarm at 2.5 s lands here (2.0 .. 3.0 s into the call)


def _slow(*_payoffs) -> None:
    for _ in range(6):  # 12 s if never interrupted
        _SlowFinaliser()  # deleted at once: 1 s in __del__
        time.sleep(1.0)


def test_alarm_in_a_finaliser_still_interrupts_and_prints_nothing(monkeypatch):
    # an exception raised in __del__ cannot propagate: Python printed "Exception ignored in
    # ... TimeoutError" (the first `bench --quick`) and the call ran on to its end
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    out = first_calls({"slow": _slow}, [()], cap=2.5)
    assert out == {"slow": None}
    assert reported == []
    assert sys.unraisablehook == reported.append  # restored
