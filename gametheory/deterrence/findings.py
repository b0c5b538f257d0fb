"""Findings as data: what a model analysis states, with the region where it holds.

A :class:`Finding` is one sentence of a report together with the computed record it is
rendered from: whether it holds at the parameters given, the :class:`Region` of one parameter
where it holds (the others fixed), and the evidence (equilibria, thresholds). Reports and
``--json`` are both rendered from findings, so a sentence cannot say more than its record.

A region comes from one of two sources, never from grid points:

- **exact**: a sympy set, e.g. the solution of a threshold from
  :func:`gametheory.stability.thresholds` (:meth:`Region.from_set`);
- **located**: a predicate evaluated on a scan of the parameter range, and every change of
  its value between two scan points located by bisection to ``tol``
  (:meth:`Region.locate`). Endpoints are then accurate to ``tol``; a region narrower than
  the scan step can be missed, so callers pass the points where the predicate can change
  (``breakpoints``) when they know them.

>>> region = Region.locate("x", lambda x: x * x < 2, 0.0, 3.0, tol=1e-9)
>>> region.text()
'x in [0, 1.414]'
>>> round(region.intervals[0].hi, 8), region.contains(1.0), region.contains(2.0)
(1.41421356, True, False)
>>> import sympy as sp
>>> Region.from_set("r", sp.Interval.Ropen(1.4, sp.oo), 0, 5).text()
'r in [1.4, 5]'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from ..errors import GameError
from .tolerance import BOUNDARY_RESOLUTION, EXACT_BOUNDARY_SLACK

LOCATE_TOL = BOUNDARY_RESOLUTION
"""Default accuracy of a located region's endpoints (absolute, in the parameter's units)."""

SCAN_POINTS = 201
"""Default number of scan points before bisection."""


def number_text(x: float, digits: int = 4) -> str:
    """A number as a report prints it: ``g`` format, ``-0`` as ``0``, infinities as ``inf``.

    >>> number_text(1.41421356), number_text(-0.0), number_text(float("inf")), number_text(2.0)
    ('1.414', '0', 'inf', '2')
    """
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = f"{x:.{digits}g}"
    return "0" if text in ("-0", "0") else text


def _json_number(x: float) -> float | str:
    """A number for JSON: infinities as ``"inf"``/``"-inf"`` (json.dumps would write the
    non-standard ``Infinity``)."""
    return x if math.isfinite(x) else ("inf" if x > 0 else "-inf")


@dataclass(frozen=True)
class Interval:
    """One interval of a region; an endpoint may be infinite (then open)."""

    lo: float
    hi: float
    lo_closed: bool = True
    hi_closed: bool = True

    def contains(self, x: float) -> bool:
        above = x > self.lo or (self.lo_closed and x == self.lo)
        below = x < self.hi or (self.hi_closed and x == self.hi)
        return above and below

    def text(self, variable: str) -> str:
        if self.lo == self.hi:
            return f"{variable} = {number_text(self.lo)}"
        if math.isinf(self.hi) and math.isinf(self.lo):
            return f"every {variable}"
        if math.isinf(self.hi):
            return f"{variable} {'>=' if self.lo_closed else '>'} {number_text(self.lo)}"
        if math.isinf(self.lo):
            return f"{variable} {'<=' if self.hi_closed else '<'} {number_text(self.hi)}"
        left = "[" if self.lo_closed else "("
        right = "]" if self.hi_closed else ")"
        return f"{variable} in {left}{number_text(self.lo)}, {number_text(self.hi)}{right}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "lo": _json_number(self.lo),
            "hi": _json_number(self.hi),
            "lo_closed": self.lo_closed,
            "hi_closed": self.hi_closed,
        }


@dataclass(frozen=True)
class Region:
    """Where a statement holds in one parameter, the others fixed.

    Attributes
    ----------
    variable : str
        The parameter.
    intervals : tuple of Interval
        Disjoint, in increasing order; empty when the statement holds nowhere in `domain`.
    domain : (float, float)
        The range examined (a located region says nothing outside it).
    exact : bool
        True when the endpoints are exact (solved symbolically), False when located by
        bisection to `tol`.
    tol : float
        Accuracy of the endpoints (0 when exact).
    condition : str or None
        The symbolic condition the region solves, where there is one.
    """

    variable: str
    intervals: tuple[Interval, ...]
    domain: tuple[float, float]
    exact: bool
    tol: float = 0.0
    condition: str | None = None

    @property
    def empty(self) -> bool:
        return not self.intervals

    def contains(self, x: float) -> bool:
        """Whether `x` lies in the region (for a located region: up to `tol` at the ends)."""
        return any(iv.contains(x) for iv in self.intervals)

    def near_boundary(self, x: float, slack: float | None = None) -> bool:
        """Whether `x` is within `slack` (default: 10 `tol`, or 1e-9 when exact) of an end."""
        slack = (10 * self.tol or EXACT_BOUNDARY_SLACK) if slack is None else slack
        ends = [e for iv in self.intervals for e in (iv.lo, iv.hi) if math.isfinite(e)]
        return any(abs(x - e) <= slack * max(1.0, abs(e)) for e in ends)

    @property
    def everywhere(self) -> bool:
        """Whether the region is the whole domain."""
        lo, hi = self.domain
        return (
            len(self.intervals) == 1 and self.intervals[0].lo <= lo and self.intervals[0].hi >= hi
        )

    def text(self) -> str:
        """The region in words: ``'c in [0.7785, 4.794]'``, ``'never for r in [0, 5]'``."""
        lo, hi = self.domain
        span = f"{self.variable} in [{number_text(lo)}, {number_text(hi)}]"
        if self.empty:
            return f"for no {span}"
        if self.everywhere and math.isfinite(lo) and math.isfinite(hi) and not self.exact:
            return f"for every {span}"
        return " or ".join(iv.text(self.variable) for iv in self.intervals)

    def to_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "intervals": [iv.to_dict() for iv in self.intervals],
            "domain": [_json_number(x) for x in self.domain],
            "exact": self.exact,
            "tol": self.tol,
            "condition": self.condition,
            "text": self.text(),
        }

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_set(
        cls,
        variable: str,
        found: sp.Set,
        lo: float = -math.inf,
        hi: float = math.inf,
        condition: str | None = None,
    ) -> Region:
        """An exact region from a sympy set of real numbers (intersected with ``[lo, hi]``)."""
        if found is sp.S.EmptySet:
            return cls(variable, (), (lo, hi), exact=True, condition=condition)
        pieces = found.args if isinstance(found, sp.Union) else (found,)
        intervals = []
        for piece in pieces:
            if isinstance(piece, sp.FiniteSet):
                intervals += [Interval(float(p), float(p)) for p in piece]
            elif isinstance(piece, sp.Interval):
                intervals.append(
                    Interval(
                        float(piece.start),
                        float(piece.end),
                        not piece.left_open,
                        not piece.right_open,
                    )
                )
            elif piece == sp.S.Reals:
                intervals.append(Interval(-math.inf, math.inf, False, False))
            else:
                raise GameError(f"Region.from_set(): cannot read {piece} as intervals")
        clipped = [_clip(iv, lo, hi) for iv in sorted(intervals, key=lambda iv: iv.lo)]
        return cls(
            variable,
            tuple(iv for iv in clipped if iv is not None),
            (lo, hi),
            exact=True,
            condition=condition,
        )

    @classmethod
    def locate(
        cls,
        variable: str,
        predicate: Callable[[float], bool],
        lo: float,
        hi: float,
        *,
        n_scan: int = SCAN_POINTS,
        tol: float = LOCATE_TOL,
        breakpoints: Iterable[float] = (),
        condition: str | None = None,
    ) -> Region:
        """Where ``predicate`` holds in ``[lo, hi]``: scanned, each change bisected to `tol`.

        The predicate is evaluated at `n_scan` evenly spaced points plus the `breakpoints`
        inside ``[lo, hi]``; between two consecutive points where its value differs, the
        change is located by bisection until the bracket is narrower than `tol`. The reported
        endpoint is the bracket's end where the predicate holds (so it is closed), and every
        endpoint is within `tol` of where the value changes.
        """
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi < lo:
            raise GameError(f"Region.locate(): needs a finite range lo <= hi, got [{lo}, {hi}]")
        if not tol > 0:
            raise GameError(f"Region.locate(): tol must be > 0, got {tol}")
        if n_scan < 2:
            raise GameError(f"Region.locate(): n_scan must be >= 2, got {n_scan}")
        xs = np.unique(
            np.concatenate([np.linspace(lo, hi, n_scan), [b for b in breakpoints if lo <= b <= hi]])
        )
        values = [bool(predicate(float(x))) for x in xs]
        intervals: list[Interval] = []
        start: float | None = xs[0] if values[0] else None
        for i in range(1, len(xs)):
            if values[i] == values[i - 1]:
                continue
            inside, outside = (xs[i - 1], xs[i]) if values[i - 1] else (xs[i], xs[i - 1])
            edge = _bisect(predicate, float(inside), float(outside), tol)
            if values[i]:
                start = edge
            else:
                intervals.append(Interval(float(start), edge))
                start = None
        if start is not None:
            intervals.append(Interval(float(start), float(xs[-1])))
        return cls(variable, tuple(intervals), (lo, hi), exact=False, tol=tol, condition=condition)


def _clip(iv: Interval, lo: float, hi: float) -> Interval | None:
    a, a_closed = (iv.lo, iv.lo_closed) if iv.lo >= lo else (lo, True)
    b, b_closed = (iv.hi, iv.hi_closed) if iv.hi <= hi else (hi, True)
    if math.isinf(a):
        a_closed = False
    if math.isinf(b):
        b_closed = False
    if a > b or (a == b and not (a_closed and b_closed)):
        return None
    return Interval(a, b, a_closed, b_closed)


def _bisect(predicate: Callable[[float], bool], inside: float, outside: float, tol: float) -> float:
    """The end of a run where `predicate` holds, between a point where it holds and one where
    it does not, to within `tol`; returns the last point found where it holds."""
    for _ in range(200):
        if abs(outside - inside) <= tol:
            break
        mid = 0.5 * (inside + outside)
        if predicate(mid):
            inside = mid
        else:
            outside = mid
    return inside


@dataclass(frozen=True)
class Finding:
    """One statement of a model analysis and the record it is rendered from.

    Attributes
    ----------
    id : str
        Stable identifier, ``"<model>.<what>"`` (tests and ``--json`` consumers key on it).
    statement : str
        The sentence, rendered from `region` and `evidence`.
    holds : bool or None
        Whether the statement's claim holds at the given parameters; None where it is not
        defined there (its premise fails, and `statement` says so).
    region : Region or None
        Where it holds in one parameter, the others as given.
    evidence : mapping
        The computed record (JSON-ready): equilibria, thresholds, values.
    """

    id: str
    statement: str
    holds: bool | None
    region: Region | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement,
            "holds": self.holds,
            "region": None if self.region is None else self.region.to_dict(),
            "evidence": dict(self.evidence),
        }


def findings_text(findings: Sequence[Finding], indent: str = "  ") -> list[str]:
    """The findings as report lines, one bullet each, in order."""
    return [f"{indent}- {f.statement}" for f in findings]


def findings_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """The ``"findings"`` list of a report's ``--json``."""
    return [f.to_dict() for f in findings]


@dataclass(frozen=True)
class Report:
    """What a model analysis returns: its findings and the tables a report prints.

    ``to_dict()`` is the script's ``--json``: ``model``, ``parameters``, every key of `data`,
    and ``findings`` (a list of :meth:`Finding.to_dict`).
    """

    model: str
    parameters: Mapping[str, Any]
    findings: tuple[Finding, ...]
    data: Mapping[str, Any] = field(default_factory=dict)

    def finding(self, id: str) -> Finding:
        """The finding with this id (GameError naming the ids there are, if none)."""
        for f in self.findings:
            if f.id == id:
                return f
        raise GameError(
            f"Report.finding(): no finding {id!r}; have {[f.id for f in self.findings]}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "parameters": dict(self.parameters),
            **self.data,
            "findings": findings_json(self.findings),
        }
