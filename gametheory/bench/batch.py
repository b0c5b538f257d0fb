"""``gametheory bench --batch``: ``solve_many`` against peers solving one game at a time.

Two rows, both on random games with uniform payoffs
(``payoffs = numpy.random.default_rng(seed).random((k, n_players, *shape))``):

- 2x2x3 (the three-bloc model's shape): all equilibria of k games by one
  :func:`gametheory.solve_many` call, against pygambit's ``enumpoly_solve(g, stop_after=None)``
  called once per game on the first ``sample`` of the same games;
- 2x2: the same against nashpy's ``support_enumeration`` (its equilibria listed), one game at a
  time.

The peer is timed on a sample because one call takes milliseconds (10^5 of them would take
minutes); its time per game is the sample's total over the sample size. Ours is the whole
batch's time over k (``per_game``), and separately with every ``SolveResult`` built as well
(``built_per_game``: ``solve_many`` builds results when they are first read). The ratios are the
peer's time per game over ours. On the sample, each peer equilibrium is matched with ours within
:data:`MATCH_TOL`: ``peer_lacks`` counts ours the peer did not report, ``peer_extra`` the peer's
that we do not have. Before timing, a small batch (and one ``solve`` call) warms up the compiled
kernels; that first call is timed apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ..tolerance import PEER_MATCH_TOL

MATCH_TOL = PEER_MATCH_TOL
"""A peer's equilibrium is one of ours when every probability agrees within this (pygambit's
enumpoly is accurate to about 1e-4; see :mod:`.nplayer`)."""
FULL = {"2x2x3": (100_000, 1_000), "2x2": (100_000, 1_000)}
"""(games, peer sample) per shape for the full bench."""
QUICK = {"2x2x3": (10_000, 100), "2x2": (10_000, 200)}
"""The same for ``--quick``."""
SEED = 2121


def _pygambit(payoffs: np.ndarray) -> list:
    import pygambit

    g = pygambit.Game.from_arrays(*payoffs)
    result = pygambit.nash.enumpoly_solve(g, stop_after=None)
    return [
        tuple([float(eq[s]) for s in p.strategies] for p in g.players) for eq in result.equilibria
    ]


def _nashpy(payoffs: np.ndarray) -> list:
    import nashpy

    return [tuple(map(list, eq)) for eq in nashpy.Game(*payoffs).support_enumeration()]


PEERS: dict[str, tuple[str, str, Callable[[np.ndarray], list]]] = {
    "2x2x3": ("pygambit enumpoly", "pygambit", _pygambit),
    "2x2": ("nashpy support", "nashpy", _nashpy),
}


def _available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def run_batch(sizes: dict[str, tuple[int, int]] = FULL) -> dict[str, Any]:
    """Time ``solve_many`` and the peers; one record per shape (see the module docstring)."""
    from ..equilibrium import same_profile
    from ..solvers import solve
    from ..solvers.batch import solve_many

    start = time.perf_counter()
    warm = np.random.default_rng(0).random((64, 3, 2, 2, 3))
    solve_many(warm)
    solve_many(warm[:, :2, :, :, 0])
    from ..game import Game

    solve(Game(list(np.ones((3, 2, 2, 3)))))  # the fallback's first call
    first = time.perf_counter() - start
    rows = []
    for name, (k, sample) in sizes.items():
        shape = tuple(int(s) for s in name.split("x"))
        payoffs = np.random.default_rng(SEED).random((k, len(shape), *shape))
        t0 = time.perf_counter()
        results = solve_many(payoffs)
        t1 = time.perf_counter()
        built = list(results)
        t2 = time.perf_counter()
        row: dict[str, Any] = {
            "shape": name,
            "games": k,
            "seconds": t1 - t0,
            "per_game": (t1 - t0) / k,
            "built_per_game": (t2 - t0) / k,
            "batch_solved": float(results.batch_solved.mean()),
            "equilibria": int(sum(len(r.equilibria) for r in built)),
        }
        peer_name, module, peer = PEERS[name]
        row["peer"] = peer_name
        if _available(module):
            sample = min(sample, k)
            t0 = time.perf_counter()
            found = [peer(payoffs[g]) for g in range(sample)]
            per = (time.perf_counter() - t0) / sample
            lacks = extra = 0
            for g, theirs in enumerate(found):
                ours = [eq.strategies for eq in built[g].equilibria]
                lacks += sum(not any(same_profile(o, t, MATCH_TOL) for t in theirs) for o in ours)
                extra += sum(not any(same_profile(t, o, MATCH_TOL) for o in ours) for t in theirs)
            row.update(
                peer_sample=sample,
                peer_per_game=per,
                ratio=per / row["per_game"],
                ratio_built=per / row["built_per_game"],
                peer_lacks=lacks,
                peer_extra=extra,
            )
        rows.append(row)
    return {"first_call_seconds": first, "seed": SEED, "rows": rows}


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} us" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def format_batch(found: dict[str, Any]) -> str:
    """The section as a text table."""
    lines = [
        "Batch: solve_many (all equilibria of k random games, uniform payoffs, default_rng"
        f"({found['seed']})) against a peer one game at a time on the first games",
        f"{'shape':<7}{'games':>8}  {'ours/game':>10}  {'built/game':>10}  {'peer':<18}"
        f"{'peer/game':>10}  {'ratio':>7}  {'ratio built':>11}  peer lacks / extra",
    ]
    for r in found["rows"]:
        head = (
            f"{r['shape']:<7}{r['games']:>8}  {_us(r['per_game']):>10}  "
            f"{_us(r['built_per_game']):>10}  {r['peer']:<18}"
        )
        if "peer_per_game" not in r:
            lines.append(head + "not installed")
            continue
        lines.append(
            head + f"{_us(r['peer_per_game']):>10}  {r['ratio']:>6.0f}x  {r['ratio_built']:>10.0f}x"
            f"  {r['peer_lacks']} / {r['peer_extra']} (of {r['peer_sample']} games)"
        )
    lines.append(
        f"first call (compiling, warm-up batch): {found['first_call_seconds']:.2f} s; "
        "batch-solved share: "
        + ", ".join(f"{r['shape']} {r['batch_solved']:.5f}" for r in found["rows"])
    )
    return "\n".join(lines)


__all__ = ["FULL", "MATCH_TOL", "PEERS", "QUICK", "SEED", "format_batch", "run_batch"]
