"""The result of a sweep: :class:`PhaseTable`, regime labels and further columns on a grid.

It sits below both the grid runner (:mod:`.grids`, which fills it) and the phase diagrams
(:mod:`.plot`, which draw it), so that drawing a table does not import the machinery that
computes one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import GameError
from ..stability.criteria import REGIMES
from .store import write_table


@dataclass(frozen=True)
class PhaseTable:
    """Regime labels on a parameter grid.

    Attributes
    ----------
    axes : Mapping[str, np.ndarray]
        The swept parameters in order, each a 1-D array; ``labels.shape`` is their lengths.
    fixed : Mapping[str, float]
        Values of all other parameters.
    profile, rival : tuple of str
        The target profile and the equilibrium it is compared with for risk dominance.
    labels : np.ndarray
        Integer regime labels, indices into `regimes`.
    nash, strict, risk_dominant, risk_defined : np.ndarray or None
        The criteria separately (boolean arrays, same shape), as :func:`classify
        <gametheory.stability.classify>` reports them: ``risk_dominant`` is meaningful where
        ``risk_defined`` (the rival is a strict equilibrium) and False elsewhere, where classify
        says None. None when the labels came from another analysis (see `columns`; or, for the
        risk arrays, when no rival was compared).
    title : str
        The game's title, for plots.
    regimes : tuple of str
        Label names: :data:`REGIMES`, or a user analysis's answers.
    columns : Mapping[str, np.ndarray]
        Further per-point results (grid-shaped arrays): every field of the ``classify`` report,
        the equilibrium counts of ``solve``, the columns of a user's analysis.
    axis_labels : Mapping[str, str]
        Each swept parameter's meaning and name (``"capability c"``), for plot axes.
    """

    axes: Mapping[str, np.ndarray]
    fixed: Mapping[str, float]
    profile: tuple[str, ...]
    rival: tuple[str, ...] | None
    labels: np.ndarray
    nash: np.ndarray | None
    strict: np.ndarray | None
    risk_dominant: np.ndarray | None
    risk_defined: np.ndarray | None = None
    title: str = ""
    regimes: tuple[str, ...] = field(default=REGIMES)
    columns: Mapping[str, np.ndarray] = field(default_factory=dict)
    axis_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.labels.shape

    def share(self, regime: str) -> float:
        """Fraction of grid points in a regime."""
        if regime not in self.regimes:
            raise GameError(f"PhaseTable.share(): unknown regime {regime!r}; one of {self.regimes}")
        return float(np.mean(self.labels == self.regimes.index(regime)))

    def to_columns(self) -> dict[str, np.ndarray]:
        """One flat array per column, grid points in C order: axis values, ``regime`` (name),
        the criteria and the further `columns`.

        ``risk_dominant`` holds None where it is not defined (no strict rival), as in
        :meth:`StabilityReport.to_dict <gametheory.stability.StabilityReport.to_dict>`.
        """
        mesh = np.meshgrid(*self.axes.values(), indexing="ij")
        out = {name: values.ravel() for name, values in zip(self.axes, mesh, strict=True)}
        out["regime"] = np.asarray(self.regimes)[self.labels.ravel()]
        for name, values in (("nash", self.nash), ("strict", self.strict)):
            if values is not None:
                out[name] = values.ravel()
        if self.risk_dominant is not None:
            defined = True if self.risk_defined is None else self.risk_defined.ravel()
            rd = self.risk_dominant.ravel().astype(object)
            out["risk_dominant"] = np.where(defined, rd, None)
        out.update({name: np.asarray(values).ravel() for name, values in self.columns.items()})
        return out

    def to_records(self) -> np.ndarray:
        """:meth:`to_columns` as a structured array, one row per grid point."""
        columns = self.to_columns()
        return np.rec.fromarrays(list(columns.values()), names=list(columns))

    def to_csv(self, path: str | Path) -> None:
        """Write :meth:`to_columns` as CSV with a header row (``repr`` floats, exact)."""
        write_table(self.to_columns(), path, fmt="csv")


def table_from_columns(
    axes: Mapping[str, np.ndarray],
    columns: Mapping[str, np.ndarray],
    fixed: Mapping[str, float],
    profile: tuple[str, ...] = (),
    rival: tuple[str, ...] | None = None,
    title: str = "",
    criteria_columns: bool = False,
    axis_labels: Mapping[str, str] | None = None,
) -> PhaseTable:
    """A :class:`PhaseTable` from flat columns in grid order (a sweep read back from disk).

    The ``regime`` column gives the labels; with `criteria_columns` (the ``criteria``
    analysis) ``nash``, ``strict`` and ``risk_dominant`` become the table's criteria; every
    other column goes to ``table.columns``, reshaped to the grid.
    """
    shape = tuple(len(v) for v in axes.values())
    size = int(np.prod(shape))
    bad = [name for name, values in columns.items() if len(values) != size]
    if bad:
        raise GameError(f"table_from_columns(): columns {bad} do not have {size} rows")
    found = np.asarray(columns["regime"], dtype=str) if "regime" in columns else None
    if found is None:
        regimes, labels = ("",), np.zeros(shape, dtype=np.int16)
    else:
        seen, where = np.unique(found, return_inverse=True)  # sorted names, index per point
        regimes = REGIMES if set(seen.tolist()) <= set(REGIMES) else tuple(seen.tolist())
        order = np.array([regimes.index(name) for name in seen.tolist()], dtype=np.int16)
        labels = order[where.ravel()].reshape(shape)
    found = [columns.get(k) for k in ("nash", "strict", "risk_dominant")]
    plain = criteria_columns and all(c is not None for c in found)
    taken = set(axes) | {"regime"} | ({"nash", "strict", "risk_dominant"} if plain else set())
    return PhaseTable(
        axes=axes,
        fixed=dict(fixed),
        profile=profile,
        rival=rival,
        labels=labels,
        nash=np.asarray(found[0], dtype=bool).reshape(shape) if plain else None,
        strict=np.asarray(found[1], dtype=bool).reshape(shape) if plain else None,
        risk_dominant=np.array([bool(v) for v in found[2]]).reshape(shape) if plain else None,
        risk_defined=np.array([v is not None for v in found[2]]).reshape(shape) if plain else None,
        title=title,
        regimes=regimes,
        columns={
            name: np.asarray(values).reshape(shape)
            for name, values in columns.items()
            if name not in taken
        },
        axis_labels=dict(axis_labels or {}),
    )


__all__ = ["REGIMES", "PhaseTable", "table_from_columns"]
