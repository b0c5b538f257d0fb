"""The explorer's response to one slider move (docs/explore.md), against the full report.

Same model, same run: "explore two_bloc" times what the page recomputes when the reassurance
slider moves (the game at the values, every equilibrium, each pure one's stability report, the
live HTML; the phase diagram is drawn by its own request), next to the whole analysis the script
``models/two_bloc.py`` runs at the same values (findings, tables, regime shares). Each round
moves r to a new value, so no round is served from the page's cache. The three-bloc group does
the same with its model.
"""

from __future__ import annotations

import itertools
from urllib.parse import parse_qs

from gametheory.explore import compute, page
from gametheory.explore.models import parse_query

_moves = itertools.count()


def _move(model: str):
    """One slider move to an r the page has not seen: the live fragment's HTML."""
    r = 1.0 + 1e-6 * next(_moves)
    view = parse_query(parse_qs(f"model={model}&r={r!r}"))
    live = compute.live(view)
    return page.live_html(view, live, compute.phase_box(view), view.query(), ())


def test_explore_move_two_bloc(benchmark):
    benchmark.group = "slider move two_bloc"
    _move("two_bloc")  # the phase diagram and the solvers' first-call costs
    html = benchmark.pedantic(lambda: _move("two_bloc"), rounds=20, iterations=1)
    assert 'class="equilibrium"' in html


def test_explore_full_report_two_bloc(benchmark):
    from gametheory.deterrence.analysis.two_bloc import analyse

    benchmark.group = "slider move two_bloc"
    analyse({"r": 1.0})
    benchmark.pedantic(lambda: analyse({"r": 1.0 + 1e-6 * next(_moves)}), rounds=3, iterations=1)


def test_explore_move_three_bloc(benchmark):
    benchmark.group = "slider move three_bloc"
    _move("three_bloc")
    html = benchmark.pedantic(lambda: _move("three_bloc"), rounds=10, iterations=1)
    assert 'class="equilibrium"' in html
