"""Exact regions in one parameter from symbolic conditions ``margin >= 0``.

The analyses of the trust and credibility models state where a claim holds as a set of one
parameter, the others fixed at the values given. Their claims are conjunctions (and unions of
conjunctions) of conditions that are polynomial in that parameter, so the set is solved
exactly by sympy, with the fixed values read as exact rationals (``0.1`` as 1/10).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from ...errors import GameError
from ..findings import Region
from ..tolerance import CLAIM_HOLDS_TOL, ROOT_AT_END_TOL


def exact_number(value: Any) -> sp.Rational:
    """A parameter value as an exact rational: floats by their decimal (``0.1`` is 1/10)."""
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, int | sp.Rational):
        return sp.Rational(value)
    number = float(value)
    if not math.isfinite(number):
        raise GameError(f"exact_number(): {value!r} is not a finite number")
    return sp.Rational(repr(number))


def _fixed(expr: sp.Expr, variable: str, values: Mapping[str, Any], x: sp.Symbol) -> sp.Expr:
    subs = {}
    for s in expr.free_symbols:
        if s.name == variable:
            subs[s] = x
        elif s.name in values:
            subs[s] = exact_number(values[s.name])
        else:
            raise GameError(f"exact_set(): no value for {s.name}")
    return sp.expand(expr.xreplace(subs))


def _nonnegative(expr: sp.Expr, x: sp.Symbol, domain: sp.Interval) -> sp.Set:
    """Where ``expr >= 0`` in `domain`: linear margins solved directly (the common case, and
    far faster than solveset's general inequality solver), others by solveset."""
    poly = sp.Poly(expr, x)
    if poly.degree() == 1 and all(c.is_Rational for c in poly.all_coeffs()):
        a, b = poly.all_coeffs()
        root = -b / a
        half = sp.Interval(root, sp.oo) if a > 0 else sp.Interval(-sp.oo, root)
        return domain.intersect(half)
    return sp.solveset(expr >= 0, x, domain)


def _nonnegative_by_roots(expr: sp.Expr, x: sp.Symbol, domain: sp.Interval) -> sp.Set:
    """Where the polynomial ``expr >= 0`` in `domain`, from its exact real roots: the sign is
    constant between consecutive roots, so it is read at an exact rational point of each gap
    (much faster than solveset for the cubic and quartic margins of deep trees)."""
    poly = sp.Poly(expr, x)
    if poly.is_zero:
        return domain
    lo, hi = float(domain.start), float(domain.end)
    roots = []
    for r in sorted(set(poly.real_roots()), key=float):
        x = float(r)
        near_end = abs(x - lo) <= ROOT_AT_END_TOL or abs(x - hi) <= ROOT_AT_END_TOL
        inside = lo + ROOT_AT_END_TOL < x < hi - ROOT_AT_END_TOL or (
            near_end and domain.contains(r) == sp.true
        )
        if inside:
            roots.append(r)
    cuts = [domain.start, *roots, domain.end]
    pieces: list[sp.Set] = [sp.FiniteSet(*roots)] if roots else []
    for a, b in itertools.pairwise(cuts):
        if a == b:
            continue
        if a.is_infinite and b.is_infinite:
            probe = sp.Integer(0)
        elif a.is_infinite:
            probe = sp.floor(b) - 1
        elif b.is_infinite:
            probe = sp.ceiling(a) + 1
        else:
            probe = sp.Rational(float((a + b) / 2))
            if not (bool(a < probe) and bool(probe < b)):
                probe = (a + b) / 2
        if poly.eval(probe) >= 0:
            pieces.append(sp.Interval(a, b).intersect(domain))
    return sp.Union(*pieces) if pieces else sp.S.EmptySet


def exact_set(
    conjunctions: Iterable[Iterable[sp.Expr]],
    variable: str,
    values: Mapping[str, Any],
    lo: float,
    hi: float,
    by_roots: bool = False,
) -> sp.Set:
    """The set of `variable` in ``[lo, hi]`` where, for some listed conjunction, every margin
    is ``>= 0``; every other parameter at its value in `values`. With `by_roots`, polynomial
    margins are solved from their exact real roots instead of by solveset."""
    x = sp.Symbol(variable, real=True)
    domain = sp.Interval(
        exact_number(lo) if math.isfinite(lo) else sp.S.NegativeInfinity,
        exact_number(hi) if math.isfinite(hi) else sp.S.Infinity,
    )
    union: sp.Set = sp.S.EmptySet
    for margins in conjunctions:
        part: sp.Set = domain
        for margin in margins:
            expr = _fixed(sp.sympify(margin), variable, values, x)
            if x not in expr.free_symbols:
                part = part if expr >= 0 else sp.S.EmptySet
            elif by_roots and expr.is_polynomial(x):
                part = part.intersect(_nonnegative_by_roots(expr, x, domain))
            else:
                part = part.intersect(_nonnegative(expr, x, domain))
            if part is sp.S.EmptySet:
                break
        union = union.union(part)
    return union


def exact_region(
    conjunctions: Iterable[Iterable[sp.Expr]],
    variable: str,
    values: Mapping[str, Any],
    lo: float,
    hi: float,
    condition: str | None = None,
) -> Region:
    """:func:`exact_set` as a :class:`Region` (exact endpoints)."""
    found = exact_set(conjunctions, variable, values, lo, hi)
    return Region.from_set(variable, found, lo, hi, condition=condition)


def number_at(expr: sp.Expr, values: Mapping[str, Any]) -> float:
    """`expr` evaluated at `values` (exactly, then as a float)."""
    subs = {s: exact_number(values[s.name]) for s in sp.sympify(expr).free_symbols}
    return float(sp.sympify(expr).xreplace(subs))


HOLDS_TOL = CLAIM_HOLDS_TOL
"""Relative tolerance (times the largest parameter value, at least 1) within which a margin
counts as zero when judging a claim at a point: the equilibrium solvers break ties with a
tolerance too, so a point within round-off of a boundary is judged as on it."""


def holds_at(margins: Iterable[sp.Expr], values: Mapping[str, Any]) -> bool:
    """Whether every margin is ``>= 0`` at `values`, up to :data:`HOLDS_TOL`."""
    scale = max([1.0] + [abs(float(v)) for v in values.values()])
    return all(number_at(m, values) >= -HOLDS_TOL * scale for m in margins)
