"""A small solver for conjunctions of polynomial inequalities in one chosen parameter.

:func:`~gametheory.stability.thresholds` turns each criterion into inequalities over the
parameters (from :mod:`.criteria`) and asks this module for an equivalent set of bounds on one
parameter, ``x > bound`` or ``x <= bound`` and so on. An inequality ``e > 0`` (or ``>= 0``) is
solved when, after factoring out factors whose sign is known, what remains is linear in x with a
coefficient of known sign. Signs come from the symbols' assumptions (``nonnegative=True``), from
the other conjuncts that do not involve x, and from facts the caller assumes. Whatever cannot be
solved is returned unsolved, never dropped (docs/criteria.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import sympy as sp

from ._solved_cache import cached

_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
"""The solver's own source: a cached solution is reused only by the same solver."""


def normal(rel: sp.Basic) -> tuple[sp.Expr, bool]:
    """``(e, strict)`` with the relation equivalent to ``e > 0`` (strict) or ``e >= 0``."""
    op = rel.rel_op
    if op in (">", ">="):
        return sp.expand(rel.lhs - rel.rhs), op == ">"
    return sp.expand(rel.rhs - rel.lhs), op == "<"


Fact = tuple[sp.Expr, bool]  # e > 0 (strict) or e >= 0


def known_sign(e: sp.Expr, facts: Sequence[Fact]) -> int | None:
    """Sign of `e` (+1, -1, 0) derivable from symbol assumptions and `facts`, else None.

    Facts without symbols say nothing about `e` and are left out (a false one, such as a
    requirement that never holds, would otherwise divide by zero below).
    """
    useful = tuple(f for f in facts if not f[0].is_number)
    return _sign_of(sp.cancel(sp.together(e)), useful, 0)


@lru_cache(maxsize=8192)
def _sign_of(e: sp.Expr, facts: tuple[Fact, ...], depth: int) -> int | None:
    if e == 0:
        return 0
    found = _direct_sign(e, facts, depth)
    if found is not None or depth >= 3:
        return found
    num, den = sp.fraction(e)
    if den != 1:
        sn = _sign_of(sp.expand(num), facts, depth + 1)
        sd = _sign_of(sp.expand(den), facts, depth + 1) if sn else None
        return sn * sd if sn and sd else None
    for q, strict in facts:
        if strict:
            quotient = sp.cancel(e / q)
            if not quotient.is_number and sp.fraction(quotient)[1].is_number:
                found = _sign_of(quotient, facts, depth + 1)
                if found:
                    return found
    coeff, factors = sp.factor_list(e)
    if len(factors) > 1 or any(m > 1 for _, m in factors):
        sign = 1 if coeff > 0 else -1
        for f, m in factors:
            fs = _sign_of(f, facts, depth + 1)
            if not fs:
                return None
            sign *= fs**m
        return sign
    return None


def _direct_sign(e: sp.Expr, facts: tuple[Fact, ...], depth: int) -> int | None:
    """Sign from assumptions, or e = (positive multiple of) a known-positive q, or
    e - q >= 0, where q is a strict fact or the sum of a strict fact and another fact."""
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    strict = [q for q, s in facts if s]
    combos = list(dict.fromkeys([*strict, *(q1 + q2 for q1 in strict for q2, _ in facts)]))
    for q in combos:
        if sp.expand(e - q).is_nonnegative:
            return 1
        if sp.expand(-e - q).is_nonnegative:
            return -1
    for q in combos:
        ratio = sp.cancel(e / q)
        if ratio.is_number:
            # q can cancel to 0 (q1 + q2 with q2 = -q1): e / 0 is zoo, which has no sign
            if ratio.is_extended_real and ratio.is_finite and ratio != 0:
                return 1 if ratio > 0 else -1
        elif depth < 2 and sp.count_ops(ratio) < sp.count_ops(e):
            found = _sign_of(ratio, facts, depth + 1)
            if found in (1, -1):
                return found
    return None


def _solve_one(e: sp.Expr, strict: bool, x: sp.Symbol, facts: Sequence[Fact]):
    """Solve ``e > 0`` (or ``>= 0``) for x as one linear bound ``(relation, bound)``, or None."""
    e = sp.cancel(sp.together(e))
    num, den = sp.fraction(e)
    if den.has(x):
        return None
    sign = known_sign(den, facts)
    if sign not in (1, -1):
        return None
    coeff, factors = sp.factor_list(num)
    sign *= 1 if coeff > 0 else -1
    linear = None
    for f, m in factors:
        fs = known_sign(f, facts)
        if fs in (1, -1):
            sign *= fs**m
            continue
        if not f.has(x) or m != 1 or linear is not None:
            return None
        linear = f
    if linear is None or not linear.is_polynomial(x):  # exp(x), log(x): no linear bound
        return None
    poly = sp.Poly(linear, x)
    if poly.degree() != 1:
        return None
    a, b0 = poly.all_coeffs()
    sa = known_sign(a, facts)
    if sa not in (1, -1):
        return None
    bound = _tidy(-b0 / a)
    upward = sign * sa > 0
    relation = (">" if strict else ">=") if upward else ("<" if strict else "<=")
    return relation, bound


def _tidy(expr: sp.Expr) -> sp.Expr:
    """The shortest of a few equivalent forms: simplified, or partial fractions in a symbol of
    the denominator (e.g. ``K + L*M/N`` rather than one expanded fraction)."""
    candidates = [sp.simplify(expr)]
    den = sp.fraction(sp.cancel(expr))[1]
    for s in sorted(den.free_symbols, key=lambda v: v.name):
        try:
            split = sp.apart(expr, s)
        except (sp.PolynomialError, NotImplementedError):
            continue
        candidates.append(sp.Add(*(sp.factor(t) for t in sp.Add.make_args(split))))
    return min(candidates, key=lambda c: (sp.count_ops(c), len(str(c))))


def solve_conjunction(
    inequalities: Sequence[sp.Basic],
    x: sp.Symbol,
    base_facts: Sequence[Fact],
):
    """Bounds on x equivalent to the conjunction (given base facts), plus unsolved conjuncts.

    Returns ``(bounds, others)``: a list of ``(relation, bound)`` and a list of relationals.
    Results are cached in memory and on disk (:mod:`._solved_cache`), keyed by the inputs and
    this module's source.
    """
    inputs = (tuple(inequalities), x, tuple(tuple(f) for f in base_facts))
    bounds, others = cached(
        _VERSION, inputs, lambda: _solve_conjunction(inequalities, x, base_facts)
    )
    return [tuple(b) for b in bounds], list(others)


def _solve_conjunction(
    inequalities: Sequence[sp.Basic],
    x: sp.Symbol,
    base_facts: Sequence[Fact],
):
    """The computation behind :func:`solve_conjunction`.

    Pass 1 solves each conjunct with the base facts and the conjuncts free of x; pass 2 retries
    the rest with the pass-1 conjuncts as extra facts. Bounds implied by another bound under
    the base facts alone are dropped (so every fact a kept bound relied on stays implied).
    """
    normed = [normal(r) for r in inequalities]
    side = [k for k, (e, _) in enumerate(normed) if not e.has(x)]
    facts = list(base_facts) + [normed[k] for k in side]
    solved: dict[int, tuple[str, sp.Expr]] = {}
    pending = [k for k in range(len(normed)) if k not in side]
    for k in pending:
        found = _solve_one(*normed[k], x, facts)
        if found:
            solved[k] = found
    first = list(solved)
    more = facts + [normed[k] for k in first]
    for k in pending:
        if k not in solved:
            found = _solve_one(*normed[k], x, more)
            if found:
                solved[k] = found
    unsolved = [k for k in pending if k not in solved]
    keep = sorted(solved)
    changed = True
    while changed:
        changed = False
        for i in keep:
            ri, bi = solved[i]
            for j in keep:
                if j == i:
                    continue
                rj, bj = solved[j]
                if ri[0] != rj[0]:
                    continue
                lower = ri[0] == ">"
                diff = known_sign(bj - bi if lower else bi - bj, facts)
                # j's bound is at least as tight as i's
                if diff == 1 or (
                    diff == 0 and (len(rj) <= len(ri)) and (len(rj) < len(ri) or j < i)
                ):
                    keep.remove(i)
                    changed = True
                    break
            if changed:
                break
    bounds = [solved[k] for k in keep]
    others = []
    for k in (*side, *unsolved):
        e, strict = normed[k]
        always = known_sign(e, base_facts)
        if always == 1 or (always == 0 and not strict):
            continue  # true under the assumptions alone (e.g. -x <= 0 for x >= 0)
        if inequalities[k] not in others:
            others.append(inequalities[k])
    return tuple(tuple(b) for b in bounds), tuple(others)


def simplify_requirement(rel: sp.Basic, facts: Sequence[Fact] = ()) -> list[sp.Basic]:
    """Split a strict requirement ``e > 0`` into simpler equivalent ones where the signs allow.

    ``e`` is factored; when every factor but one is known to be nonnegative (symbol
    assumptions), ``e > 0`` holds iff each of those factors is positive and the remaining one
    has the sign of the constant: ``c*(beta - 2*w) > 0`` with ``c >= 0`` becomes ``c > 0`` and
    ``beta - 2*w > 0``. A factor that `facts` show to be positive is dropped (with
    ``eps0*c < 1``, the factor ``1 - eps0*c``). Non-strict requirements and the other cases
    come back as ``e > 0``.

    >>> c, beta, w = sp.symbols("c beta w", nonnegative=True)
    >>> simplify_requirement(sp.Lt(2*c*w - beta*c, 0))
    [c > 0, beta - 2*w > 0]
    """
    e, strict = normal(rel)
    if not strict:
        return [sp.Ge(e, 0)]
    coeff, factors = sp.factor_list(e)
    if coeff == 0:
        return [sp.false]
    signs = [known_sign(f, facts) if facts else None for f, _ in factors]
    for (_f, m), s in zip(factors, signs, strict=True):
        if s == -1 and m % 2 == 1:
            coeff = -coeff
    factors = [fm for fm, s in zip(factors, signs, strict=True) if s not in (1, -1)]
    known = [f for f, _ in factors if f.is_nonnegative]
    unknown = [(f, m) for f, m in factors if not f.is_nonnegative]
    if len(unknown) == 1 and unknown[0][0].could_extract_minus_sign():
        # write beta - 2*w > 0 rather than 2*w - beta < 0
        unknown = [(-unknown[0][0], unknown[0][1])]
        coeff = -coeff
    if len(unknown) > 1 or any(m % 2 == 0 for _, m in unknown):
        return [sp.Gt(e, 0)]
    out: list[sp.Basic] = [sp.Gt(f, 0) for f in known]
    if unknown:
        f = unknown[0][0]
        out.append(sp.Gt(f, 0) if coeff > 0 else sp.Lt(f, 0))
    elif coeff < 0:
        return [sp.false]
    return out
