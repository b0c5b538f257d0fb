"""Parameter sweeps: regime tables on parameter grids, any per-point analysis in chunks.

:func:`grid` is the entry point and :class:`PhaseTable` its result (:mod:`.grids`); what is
computed at a point lives in :mod:`.analyses`, the chunked execution on an executor in
:mod:`.runner`, the on-disk format in :mod:`.store` and phase diagrams in :mod:`.plot`
(docs/sweeps.md).
"""

from .grids import (
    CHUNK_POINTS,
    MAX_AXIS_POINTS,
    MAX_GRID_BYTES,
    REGIMES,
    PhaseTable,
    criteria_at,
    grid,
    grid_by_solving,
    grid_bytes,
    parse_range,
    table_from_columns,
)

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
