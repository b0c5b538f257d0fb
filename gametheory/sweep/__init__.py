"""Parameter sweeps: regime tables on parameter grids, any per-point analysis in chunks.

The modules import each other in one direction only (docs/sweeps.md)::

    store     chunk files + manifest on disk, CSV / Parquet     (imports no sweep module)
    table     PhaseTable, the result                            <- store
    analyses  what is computed at a point; criteria_at          (imports no sweep module)
    runner    chunks of a grid on an executor, into a store     <- analyses, store
    grids     grid(), the entry point                           <- analyses, runner, store, table
    plot      phase diagrams                                    <- table

This package re-exports the entry points, so ``from gametheory.sweep import grid, PhaseTable``
works; the rest is imported from its module (``gametheory.sweep.store.read_table``).
"""

from .analyses import criteria_at
from .grids import (
    CHUNK_POINTS,
    MAX_AXIS_POINTS,
    MAX_GRID_BYTES,
    grid,
    grid_by_solving,
    grid_bytes,
    parse_range,
)
from .table import REGIMES, PhaseTable, table_from_columns

__all__ = [
    "CHUNK_POINTS",
    "MAX_AXIS_POINTS",
    "MAX_GRID_BYTES",
    "REGIMES",
    "PhaseTable",
    "criteria_at",
    "grid",
    "grid_by_solving",
    "grid_bytes",
    "parse_range",
    "table_from_columns",
]
