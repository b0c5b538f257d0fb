"""Parameter thresholds: where each algebraic criterion of a pure profile switches.

:func:`thresholds` takes the conditions of :mod:`.criteria` (the same ones :func:`classify`
and :func:`~gametheory.sweep.grid` evaluate numerically) at the payoffs of a
:class:`~gametheory.symbolic.SymbolicGame`, and solves them for one parameter with the solver of
:mod:`.inequalities`, e.g. the reassurance ``r`` above which mutual restraint is an equilibrium.
A :class:`Threshold` keeps the criterion itself (authoritative), the solved bound, the side
conditions the bound needs and where the criterion is defined at all (``requires``).
docs/criteria.md defines the criteria; docs/two_bloc.md derives the two-bloc thresholds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from ..errors import GameError
from ..symbolic import SymbolicGame, exact_number
from . import criteria
from .inequalities import normal, simplify_requirement, solve_conjunction

_REL = {">": sp.StrictGreaterThan, ">=": sp.GreaterThan, "<": sp.StrictLessThan, "<=": sp.LessThan}


@dataclass(frozen=True)
class Threshold:
    """One criterion of a pure profile as inequalities in the parameters, solved for one of them.

    Attributes
    ----------
    criterion : str
        ``"nash"``, ``"strict"`` or ``"risk_dominant"``.
    profile : tuple of str
        The pure profile, one action name per player.
    variable : sympy.Symbol
        The parameter solved for.
    inequalities : tuple of sympy relationals
        The criterion itself, from :func:`gametheory.stability.criteria.condition`: it holds
        exactly when all of these hold (where `requires` holds). Authoritative.
    boundary : sympy.Expr or tuple of sympy.Expr or None
        Where the criterion switches in `variable`: one expression when the inequalities that
        involve `variable` reduce to one bound, a tuple (one per bound) when several remain,
        None when none could be solved for `variable` (then `side_conditions` hold them all).
    relation : str or tuple of str or None
        The criterion holds iff ``variable <relation> boundary`` (each pair, for tuples) and all
        `side_conditions` hold — given `requires` and the `assumptions`. One of ``">=", ">",
        "<=", "<"``.
    side_conditions : tuple of sympy relationals
        Inequalities of the criterion not expressed by the bound: those without `variable`,
        and any that could not be solved for it (less those true by the symbols' assumptions
        and the `assumptions` alone, e.g. ``-x <= 0`` for ``x >= 0``).
    requires : tuple of sympy relationals
        Where the criterion is defined at all: for risk dominance, that the rival is a strict
        equilibrium (elsewhere :func:`classify` reports None), simplified with the symbols'
        signs (``c > 0``, ``beta - 2*w > 0``). Empty for Nash and strict.
    rival : tuple of str or None
        The rival profile for risk dominance (the opposite corner of a 2x2 game).
    assumptions : tuple of sympy relationals
        The ``assume`` facts the solved form relies on.
    game : SymbolicGame
        The game, for :meth:`holds` and :meth:`where` (not compared, not printed).

    Examples
    --------
    >>> from gametheory.deterrence.two_bloc import two_bloc
    >>> nash = thresholds(two_bloc(), "R,R", "r", criteria=["nash"])[0]
    >>> nash.relation, nash.boundary
    ('>=', alpha*c + b - c*theta)
    >>> nash.holds(r=1.5), nash.holds(r=1.0)
    (True, False)
    >>> nash.statement()
    'r >= alpha*c + b - c*theta'
    """

    criterion: str
    profile: tuple[str, ...]
    variable: sp.Symbol
    inequalities: tuple[sp.Basic, ...]
    boundary: sp.Expr | tuple[sp.Expr, ...] | None
    relation: str | tuple[str, ...] | None
    side_conditions: tuple[sp.Basic, ...] = ()
    requires: tuple[sp.Basic, ...] = ()
    rival: tuple[str, ...] | None = None
    assumptions: tuple[sp.Basic, ...] = ()
    game: SymbolicGame | None = field(default=None, repr=False, compare=False)

    @property
    def condition(self) -> sp.Basic:
        """The criterion as one sympy boolean (``And`` of the inequalities)."""
        return sp.And(*self.inequalities)

    def _bounds(self) -> list[sp.Basic]:
        if self.boundary is None:
            return []
        bounds = self.boundary if isinstance(self.boundary, tuple) else (self.boundary,)
        rels = self.relation if isinstance(self.relation, tuple) else (self.relation,)
        return [
            _REL[r](self.variable, b, evaluate=False) for r, b in zip(rels, bounds, strict=True)
        ]

    @property
    def solved(self) -> sp.Basic:
        """The solved form: ``variable <relation> boundary`` and the side conditions."""
        return sp.And(*self._bounds(), *self.side_conditions)

    def statement(self) -> str:
        """The solved form as text, with its side conditions and where it is defined.

        Conditions without parameters are decided, not printed: one that is false makes the
        criterion "never" hold (or never be defined), one that is true is left out.
        """
        requires = [r for r in self.requires if _truth(r) is not True]
        if any(_truth(r) is False for r in requires):
            return "undefined for every parameter value"
        conditions = [*self._bounds(), *self.side_conditions]
        if any(_truth(c) is False for c in conditions):
            text = "never"
        else:
            parts = [str(c) for c in conditions if _truth(c) is not True]
            text = " and ".join(parts) if parts else "always"
        if requires:
            text += "   (defined where " + " and ".join(str(r) for r in requires) + ")"
        return text

    def _game(self, func: str) -> SymbolicGame:
        if self.game is None:
            raise GameError(f"{func}: this Threshold carries no game; make it with thresholds()")
        return self.game

    def holds(self, tol: float | None = None, **values: float) -> bool | None:
        """The criterion at numeric parameter values (the game's defaults fill the rest).

        Evaluated by :mod:`.criteria` with the relative tolerance `tol`, exactly as
        :func:`classify` and :func:`~gametheory.sweep.grid` evaluate it: None where `requires`
        fails (the criterion is undefined there), else whether it holds. The ``assume`` facts
        are not checked: they only shape the solved form.
        """
        from ..tolerance import check_tol

        game = self._game("Threshold.holds()")
        point = game.at(**game.values("Threshold.holds()", **values))
        idx = point.profile_index(self.profile, "Threshold.holds()")
        cond = criteria.condition(point.payoffs, idx, self.criterion)
        scale = criteria.payoff_scale(point.payoffs)
        rel_tol = check_tol("Threshold.holds", tol)
        if not cond.defined(scale, rel_tol):
            return None
        return bool(cond.holds(scale, rel_tol))

    def where(self, **values: float) -> sp.Set:
        """The values of `variable` where the criterion holds (and is defined), the other
        parameters fixed at `values` (defaults fill the rest), in exact arithmetic.

        Decimal values are read exactly as written (0.3 is 3/10), so an algebraic tie is a tie
        (:meth:`holds` instead applies the tolerance of floating-point payoffs). The result is
        a sympy Set within the variable's domain (``[0, oo)`` for a nonnegative parameter);
        :meth:`defined_where` tells where `requires` holds.

        >>> from gametheory.deterrence.two_bloc import two_bloc
        >>> nash = thresholds(two_bloc().subs(r=0), "R,R", "c", criteria=["nash"])[0]
        >>> nash.where(theta=1.0), nash.where()
        (Interval(5/2, oo), EmptySet)
        """
        return self._solve_set("Threshold.where()", (*self.inequalities, *self.requires), values)

    def defined_where(self, **values: float) -> sp.Set:
        """The values of `variable` where `requires` holds (the whole domain when empty)."""
        return self._solve_set("Threshold.defined_where()", self.requires, values)

    def _solve_set(self, func: str, relations: Sequence[sp.Basic], values: dict) -> sp.Set:
        game = self._game(func)
        x = self.variable
        merged = game.values(func, **{x.name: 0.0, **values})
        subs = {p: exact_number(merged[p.name]) for p in game.parameters if p != x}
        real = x if x.is_real else sp.Symbol(x.name, real=True)
        domain = sp.Interval(0, sp.oo) if x.is_nonnegative else sp.S.Reals
        out: sp.Set = domain
        for rel in relations:
            if rel in (sp.true, sp.false):
                holds = rel
            else:
                lhs, rhs = (side.subs(subs).subs(x, real) for side in (rel.lhs, rel.rhs))
                holds = _REL[rel.rel_op](lhs, rhs)
            if holds is sp.true:
                continue
            if holds is sp.false:
                return sp.S.EmptySet
            out = sp.Intersection(out, _solve_one_variable(holds, real, domain))
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain data with expressions as strings."""

        def text(v):
            if v is None:
                return None
            if isinstance(v, tuple):
                return [str(e) for e in v]
            return str(v)

        return {
            "criterion": self.criterion,
            "profile": list(self.profile),
            "variable": str(self.variable),
            "inequalities": [str(r) for r in self.inequalities],
            "boundary": text(self.boundary),
            "relation": list(self.relation) if isinstance(self.relation, tuple) else self.relation,
            "side_conditions": [str(r) for r in self.side_conditions],
            "requires": [str(r) for r in self.requires],
            "rival": None if self.rival is None else list(self.rival),
            "assumptions": [str(r) for r in self.assumptions],
            "statement": self.statement(),
        }


def _solve_one_variable(rel: sp.Basic, x: sp.Symbol, domain: sp.Set) -> sp.Set:
    """The set of x in `domain` where `rel` holds; polynomials by their real roots (fast)."""
    e = sp.expand(rel.lhs - rel.rhs)
    try:
        poly = sp.Poly(e, x)
    except sp.PolynomialError:
        poly = None
    if poly is not None and all(coeff.is_Rational for coeff in poly.all_coeffs()):
        intervals = sp.solve_poly_inequality(poly, rel.rel_op)
        return sp.Intersection(domain, sp.Union(*intervals))
    return sp.solve_univariate_inequality(rel, x, relational=False, domain=domain)


def _truth(condition: sp.Basic) -> bool | None:
    """True or False for a condition without parameters (or whose parameters cancel: its
    two sides differ by a constant), None for one that depends on them."""
    if isinstance(condition, sp.logic.boolalg.BooleanAtom):
        return bool(condition)
    if isinstance(condition, sp.core.relational.Relational) and condition.free_symbols:
        # with parameters on both sides that cancel, "X > X" is decided: never (X >= X: always)
        diff = sp.expand(condition.lhs - condition.rhs)
        if diff.free_symbols:
            return None
        decided = condition.func(diff, 0)
        return bool(decided) if isinstance(decided, sp.logic.boolalg.BooleanAtom) else None
    if getattr(condition, "free_symbols", None):
        return None
    decided = sp.simplify(condition)
    return bool(decided) if isinstance(decided, sp.logic.boolalg.BooleanAtom) else None


def set_text(variable: sp.Symbol | str, found: sp.Set) -> str:
    """A solution set of :meth:`Threshold.where` as readable text.

    >>> c = sp.Symbol("c", nonnegative=True)
    >>> set_text(c, sp.Interval.open(10, sp.oo)), set_text(c, sp.S.EmptySet)
    ('c > 10', 'never')
    >>> set_text(c, sp.Interval(0, sp.oo)), set_text(c, sp.Interval.Ropen(0, 2))
    ('every c >= 0', 'c < 2')
    """
    name = str(variable)
    if found is sp.S.EmptySet:
        return "never"
    if found == sp.S.Reals:
        return f"every {name}"
    if isinstance(found, sp.Union):
        return " or ".join(set_text(name, part) for part in found.args)
    if isinstance(found, sp.FiniteSet):
        return " or ".join(f"{name} = {_num(v)}" for v in found)
    if isinstance(found, sp.Interval):
        lo, hi = found.start, found.end
        parts = []
        if (lo != 0 and lo != -sp.oo) or found.left_open:
            parts.append(f"{name} {'>' if found.left_open else '>='} {_num(lo)}")
        if hi != sp.oo:
            parts.append(f"{name} {'<' if found.right_open else '<='} {_num(hi)}")
        return " and ".join(parts) if parts else f"every {name} >= 0"
    return str(found)


def _num(v: sp.Expr) -> str:
    return f"{float(v):.6g}"


def thresholds(
    game: SymbolicGame,
    profile: Any,
    solve_for: str | sp.Symbol | Sequence[str | sp.Symbol] = "r",
    *,
    criteria: Iterable[str] | None = None,
    assume: sp.Basic | Iterable[sp.Basic] | None = None,
) -> tuple[Threshold, ...]:
    """The algebraic stability criteria of a pure profile, solved for a parameter.

    Parameters
    ----------
    game : SymbolicGame
    profile : str or sequence
        A pure profile, e.g. ``"R,R"`` or ``["R", "R"]``.
    solve_for : str, sympy.Symbol or sequence of them
        The parameter(s) to solve for; one :class:`Threshold` per criterion and parameter.
    criteria : iterable of str, optional
        Some of :data:`~gametheory.stability.criteria.CRITERIA`; default all that apply
        (``"risk_dominant"`` only for 2x2 games).
    assume : sympy relational or iterable of them, optional
        Facts taken as true when solving (e.g. ``beta > 2*w``); recorded in each Threshold.

    Returns
    -------
    tuple of Threshold
        Ordered by criterion, then by variable.

    Notes
    -----
    The inequalities are those of :func:`gametheory.stability.criteria.condition`: Nash, every
    deviation gain ``<= 0``; strict, ``< 0``; risk dominance (2x2 only, Harsanyi & Selten 1988),
    with ``L_i`` player i's deviation loss at the profile and ``M_i`` at the rival (the opposite
    corner), ``L_A > 0, L_B > 0, L_A L_B > M_A M_B``, defined where ``M_A > 0, M_B > 0``
    (`requires`). Each inequality is solved for the variable when, after factoring out factors
    whose sign follows from the symbol assumptions, the other inequalities and `assume`, it is
    linear in it; bounds implied by a tighter one are dropped. In the symmetric two-bloc game
    this gives ``r >= b + (alpha - theta) c`` (Nash) and ``r > b + (alpha - theta + beta - 2 w) c``
    (risk dominance over (E, E), defined where ``c > 0`` and ``beta > 2 w``): docs/two_bloc.md.

    Raises
    ------
    GameError
        Not a SymbolicGame, a bad profile, an unknown variable or criterion, risk dominance asked
        for a game that is not 2x2, or an `assume` entry that is not an inequality.

    Examples
    --------
    >>> from gametheory.deterrence.two_bloc import two_bloc
    >>> for th in thresholds(two_bloc(), "R,R", "r"):
    ...     print(th.criterion, th.relation, th.boundary, th.requires)
    nash >= alpha*c + b - c*theta ()
    strict > alpha*c + b - c*theta ()
    risk_dominant > alpha*c + b + beta*c - c*theta - 2*c*w (c > 0, beta - 2*w > 0)
    """
    func = "thresholds()"
    if not isinstance(game, SymbolicGame):
        raise GameError(
            f"{func}: expected a SymbolicGame, got {type(game).__name__}; thresholds are "
            "algebraic (use classify() for a numeric Game)"
        )
    idx = game.profile_index(profile, func)
    names = {p.name: p for p in game.parameters}
    requested = [solve_for] if isinstance(solve_for, (str, sp.Symbol)) else list(solve_for)
    if not requested:
        raise GameError(f"{func}: solve_for is empty; parameters are {list(names)}")
    variables = []
    for v in requested:
        key = v.name if isinstance(v, sp.Symbol) else v
        if not isinstance(key, str) or key not in names:
            raise GameError(f"{func}: unknown variable {key!r}; parameters are {list(names)}")
        variables.append(names[key])
    rival = _criteria.risk_rival(game.shape, idx)
    if criteria is None:
        chosen = [c for c in _criteria.CRITERIA if c != "risk_dominant" or rival is not None]
    else:
        chosen = list(criteria)
        bad = [c for c in chosen if c not in _criteria.CRITERIA]
        if bad:
            raise GameError(
                f"{func}: unknown criteria {bad}; choose from {list(_criteria.CRITERIA)}"
            )
        if "risk_dominant" in chosen and rival is None:
            raise GameError(
                f"{func}: risk_dominant (Nash products) is defined for 2x2 games only, this game "
                f"has shape {game.shape}; classify() reports the largest basin instead"
            )
    facts_in = _facts(func, assume)
    assume_facts = [normal(f) for f in facts_in]

    profile_names = tuple(game.actions[i][a] for i, a in enumerate(idx))
    out = []
    for criterion in _criteria.CRITERIA:
        if criterion not in chosen:
            continue
        cond = _criteria.condition(game.payoffs, idx, criterion)
        ineqs = tuple(q.relational() for q in cond.inequalities)
        requires = _requirements(cond.requires, assume_facts)
        rival_names = (
            None
            if cond.rival is None
            else tuple(game.actions[i][a] for i, a in enumerate(cond.rival))
        )
        # the solver uses the requirements as facts, as simplified and as products (the
        # product form is what a Nash-product comparison factors into)
        raw = [q.relational() for q in cond.requires]
        base = [normal(r) for r in (*raw, *requires) if r not in (sp.true, sp.false)]
        base += assume_facts
        for x in variables:
            bounds, others = solve_conjunction(ineqs, x, base)
            if not bounds:
                boundary, relation = None, None
            elif len(bounds) == 1:
                relation, boundary = bounds[0]
            else:
                relation = tuple(r for r, _ in bounds)
                boundary = tuple(b for _, b in bounds)
            out.append(
                Threshold(
                    criterion=criterion,
                    profile=profile_names,
                    variable=x,
                    inequalities=ineqs,
                    boundary=boundary,
                    relation=relation,
                    side_conditions=tuple(others),
                    requires=requires,
                    rival=rival_names,
                    assumptions=tuple(facts_in),
                    game=game,
                )
            )
    return tuple(out)


_criteria = criteria  # the module, under a name the `criteria` argument does not shadow


def _facts(func: str, assume: Any) -> list[sp.Basic]:
    if assume is None:
        return []
    if isinstance(assume, sp.Basic):
        facts = list(sp.And.make_args(assume))
    else:
        facts = [a for item in assume for a in sp.And.make_args(item)]
    for fact in facts:
        if not isinstance(fact, sp.core.relational.Relational) or fact.rel_op not in _REL:
            raise GameError(f"{func}: assume must hold inequalities (>, >=, <, <=), got {fact!r}")
    return facts


def _requirements(
    requires: Sequence[criteria.Inequality], facts: Sequence[tuple[sp.Expr, bool]]
) -> tuple[sp.Basic, ...]:
    """The requirements as simplified, de-duplicated relationals (``sp.false`` if impossible)."""
    out: list[sp.Basic] = []
    for q in requires:
        for rel in simplify_requirement(q.relational(), facts):
            if rel is sp.true or rel in out:
                continue
            if rel is sp.false:
                return (sp.false,)
            out.append(rel)
    return tuple(out)


__all__ = ["Threshold", "set_text", "thresholds"]
