"""``gametheory bench``: our solvers against every installed peer, side by side, in two sections.

Two players (:mod:`.twoplayer`): our ``enummixed`` against nashpy (support and vertex
enumeration), QuantEcon (``vertex_enumeration``), pygambit (``enummixed_solve``) and lrslib's
``lrsnash`` when it is on PATH, on random n x n games with uniform payoffs
(``numpy.random.default_rng(0)``, ``A = rng.random((n, n))``, then ``B`` likewise) and on
degenerate games (integer payoffs with ties; duplicated and dominated strategies).

N players (:mod:`.nplayer`): our ``enumpoly`` (``solve(game, method="enumpoly",
reduce=False)``) against pygambit's ``enumpoly_solve(g, stop_after=None)``, on random games
with uniform payoffs, ``rng = numpy.random.default_rng(seed); payoffs = [rng.random(shape) for
_ in shape]``: shapes 2x2x2, 2x2x3, 3x3x3, 2x2x2x2, 3x3x3x3, 4x4x4 and 5x5x5, seeds 0 to 9,
with each peer's median time ratio per shape below the table.

Both sections run alike (:mod:`._runs`): each (solver, game) run happens in a forked child
that times the call itself (the best of a few repeats) and sends back the time and the
equilibria; a run over the per-run cap is killed and that solver is skipped on the random
games that contain that one. Each peer's equilibria are compared with ours by
:func:`gametheory.equilibrium.same_profile`: how many of ours it missed, how many it reported
that we do not have. The first (numba-compiling) call of each solver is timed apart.
"""

from __future__ import annotations

from dataclasses import asdict

from ._runs import SAME_TOL, Case, Run, compare, distinct
from ._table import format_table
from .twoplayer import FULL_SIZES, QUICK_SIZES, available_solvers, ours, run_bench

__all__ = [
    "FULL_SIZES",
    "QUICK_SIZES",
    "SAME_TOL",
    "Case",
    "Run",
    "available_solvers",
    "compare",
    "distinct",
    "format_table",
    "ours",
    "run_bench",
    "to_json",
]


def to_json(
    runs: list[Run],
    first: dict[str, float | None],
    nplayer: tuple[list[Run], dict[str, float | None]] | None = None,
) -> dict:
    """The two-player runs and first calls at the top level, the n-player ones under
    ``"nplayer"`` in the same shape (empty when that section did not run)."""
    n_runs, n_first = nplayer if nplayer is not None else ([], {})
    return {
        "first_call_seconds": first,
        "runs": [asdict(r) for r in runs],
        "nplayer": {"first_call_seconds": n_first, "runs": [asdict(r) for r in n_runs]},
    }
