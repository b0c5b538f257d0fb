"""Games whose payoffs are sympy expressions in named parameters.

A :class:`SymbolicGame` uses the payoff layout of :mod:`gametheory.game` with sympy expressions
instead of numbers. It turns into a numeric :class:`~gametheory.game.Game` with
``.at(name=value, ...)``, evaluates over whole parameter grids with ``.lambdify()``, and gives
equilibrium conditions as sympy expressions (``deviation_gains``), which the stability module
turns into parameter thresholds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property, lru_cache
from itertools import product
from typing import Any

import numpy as np
import sympy as sp

from .errors import GameError
from .game import Game, pure_profile_index
from .tolerance import CONDITION_SLACK

Number = int | float | Fraction


def as_expression(func: str, value: Any, where: str) -> sp.Expr:
    """A number or sympy expression as a sympy expression; text is refused, never parsed.

    >>> as_expression("f()", 0.5, "x")
    0.500000000000000
    """
    if isinstance(value, str):
        raise GameError(
            f"{func}: {where} is the string {value!r}; give a sympy expression (or load a model "
            "file with gametheory.io, which parses text safely)"
        )
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, (bool, np.bool_)):
        raise GameError(f"{func}: {where} is a boolean, expected a number or expression")
    if isinstance(value, (int, float, np.integer, np.floating)):
        if not math.isfinite(float(value)):
            raise GameError(f"{func}: {where} is {value}; payoffs must be finite")
        return sp.Integer(int(value)) if float(value).is_integer() else sp.Float(float(value))
    if isinstance(value, sp.Basic) and isinstance(value, sp.Expr):
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise GameError(f"{func}: {where} = {value} is not finite")
        return value
    raise GameError(f"{func}: {where} = {value!r} is not a number or sympy expression")


class SymbolicGame:
    """A normal-form game with payoffs that are sympy expressions of named parameters.

    Parameters
    ----------
    payoffs : sequence of array_like of sympy expressions
        One nested list (or array) per player, laid out as in :mod:`gametheory.game`.
    parameters : sequence of sympy.Symbol, optional
        The parameters in a chosen order; default: the free symbols, sorted by name. Every free
        symbol of the payoffs must be listed.
    defaults : mapping of str to number, optional
        Default values, used by :meth:`at` for parameters not given.
    bounds : mapping of str to (low, high), optional
        Allowed range of a parameter, either end ``None`` for unbounded, e.g. ``(0, 1)`` for a
        probability. Checked by :meth:`at`, :meth:`lambdify` (so by every sweep) and :meth:`subs`.
    constraints : sequence of sympy relations, optional
        Conditions joining parameters, such as ``eps0 * c <= 1`` when ``eps0 * c`` is a
        probability; checked wherever the bounds are.
    meanings : mapping of str to str, optional
        What each parameter means, in a few words (``"capability"``): for listings and plot axes.
    players, actions, title
        As for :class:`~gametheory.game.Game`.
    description : str
        What the model means, for reports.

    Examples
    --------
    >>> import sympy as sp
    >>> b, r = sp.symbols("b r", nonnegative=True)
    >>> g = SymbolicGame([[[0, -r + b], [b, 1]], [[0, b], [-r + b, 1]]], defaults={"b": 1, "r": 2})
    >>> [s.name for s in g.parameters]
    ['b', 'r']
    >>> g.at(r=0.5).payoffs[0].tolist()
    [[0.0, 0.5], [1.0, 1.0]]
    >>> g.at(x=1)
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: SymbolicGame.at(): unknown parameter 'x'; parameters are ['b', 'r']
    """

    def __init__(
        self,
        payoffs: Sequence[Any],
        parameters: Sequence[sp.Symbol] | None = None,
        defaults: Mapping[str, Number] | None = None,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
        description: str = "",
        bounds: Mapping[str, tuple[Number | None, Number | None]] | None = None,
        constraints: Sequence[sp.Rel] = (),
        meanings: Mapping[str, str] | None = None,
    ) -> None:
        func = "SymbolicGame()"
        if isinstance(payoffs, str) or not isinstance(payoffs, Sequence) or len(payoffs) == 0:
            raise GameError(f"{func}: payoffs must be a non-empty sequence, one array per player")
        n = len(payoffs)
        arrays = []
        for i, raw in enumerate(payoffs):
            try:
                shaped = np.array(raw, dtype=object)
            except ValueError as err:
                raise GameError(f"{func}: payoffs[{i}] is not rectangular ({err})") from None
            if shaped.ndim != n:
                raise GameError(
                    f"{func}: payoffs[{i}] has {shaped.ndim} dimension(s), expected {n}"
                )
            if arrays and shaped.shape != arrays[0].shape:
                raise GameError(
                    f"{func}: payoffs[{i}] has shape {shaped.shape}, expected {arrays[0].shape}"
                )
            if 0 in shaped.shape:
                raise GameError(f"{func}: every player needs at least one action")
            out = np.empty(shaped.shape, dtype=object)
            for pos, value in np.ndenumerate(shaped):
                out[pos] = as_expression(func, value, f"payoffs[{i}]{list(pos)}")
            out.setflags(write=False)
            arrays.append(out)
        self._payoffs = tuple(arrays)
        free = set().union(*(e.free_symbols for a in arrays for e in a.ravel()))
        if parameters is None:
            params = tuple(sorted(free, key=lambda s: s.name))
        else:
            params = tuple(parameters)
            bad = [p for p in params if not isinstance(p, sp.Symbol)]
            if bad:
                raise GameError(f"{func}: parameters must be sympy Symbols, got {bad}")
            missing = sorted(s.name for s in free - set(params))
            if missing:
                raise GameError(f"{func}: payoffs use symbols not listed as parameters: {missing}")
        names = [p.name for p in params]
        if len(set(names)) != len(names):
            raise GameError(f"{func}: parameter names must be unique, got {names}")
        self._parameters = params
        self._bounds: dict[str, tuple[float | None, float | None]] = {}
        for name, pair in (bounds or {}).items():
            self._bounds[name] = _bound_pair(func, self, name, pair)
        self._constraints = _relations(func, constraints, set(params))
        self._meanings = {name: str(text) for name, text in (meanings or {}).items()}
        unknown = sorted(set(self._meanings) - set(names))
        if unknown:
            raise GameError(f"{func}: meanings given for unknown parameter(s) {unknown}")
        self._defaults: dict[str, float] = {}
        for name, value in (defaults or {}).items():
            self._defaults[name] = self._check_value(func, name, value)
        if len(self._defaults) == len(names):
            self._check_constraints(func, self._defaults)
        names_only = Game([np.zeros(arrays[0].shape)] * n, players=players, actions=actions)
        self.players, self.actions = names_only.players, names_only.actions
        self.title = str(title)
        self.description = str(description)

    # ---------------------------------------------------------------- structure
    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """One read-only object array of sympy expressions per player."""
        return self._payoffs

    @property
    def parameters(self) -> tuple[sp.Symbol, ...]:
        return self._parameters

    @property
    def defaults(self) -> dict[str, float]:
        return dict(self._defaults)

    @property
    def bounds(self) -> dict[str, tuple[float | None, float | None]]:
        """``name: (low, high)`` for every parameter; ``None`` where unbounded.

        ``nonnegative`` symbols have ``low = 0`` at least.
        """
        out = {}
        for p in self._parameters:
            low, high = self._bounds.get(p.name, (None, None))
            if p.is_nonnegative and (low is None or low < 0):
                low = 0.0
            out[p.name] = (low, high)
        return out

    @property
    def constraints(self) -> tuple[sp.Rel, ...]:
        """Conditions joining parameters (``eps0*c <= 1``) that every evaluation checks."""
        return self._constraints

    @property
    def meanings(self) -> dict[str, str]:
        """What each parameter means, in a few words; ``""`` when not given."""
        return {p.name: self._meanings.get(p.name, "") for p in self._parameters}

    def label(self, name: str) -> str:
        """``"capability c"``: a parameter's meaning and name, for axes and listings."""
        meaning = self.meanings.get(self.symbol(name).name, "")
        return f"{meaning} {name}" if meaning else name

    @property
    def n_players(self) -> int:
        return len(self._payoffs)

    @property
    def shape(self) -> tuple[int, ...]:
        return self._payoffs[0].shape

    def symbol(self, name: str) -> sp.Symbol:
        """The parameter called `name`."""
        for p in self._parameters:
            if p.name == name:
                return p
        raise GameError(
            f"SymbolicGame.symbol(): unknown parameter {name!r}; parameters are "
            f"{[p.name for p in self._parameters]}"
        )

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        return (
            f"<SymbolicGame{title} players={list(self.players)} shape={self.shape} "
            f"parameters={[p.name for p in self._parameters]}>"
        )

    def _check_value(self, func: str, name: str, value: Any) -> float:
        symbol = self.symbol(name) if name in self._names else None
        if symbol is None:
            raise GameError(
                f"{func}: unknown parameter {name!r}; parameters are {list(self._names)}"
            )
        try:
            number = float(value)
        except OverflowError:
            raise GameError(f"{func}: parameter {name!r} is too large for a float") from None
        except (TypeError, ValueError):
            raise GameError(f"{func}: parameter {name!r} = {value!r} is not a number") from None
        if not math.isfinite(number):
            raise GameError(f"{func}: parameter {name!r} = {value!r} is not finite")
        if symbol.is_nonnegative and number < 0:
            raise GameError(f"{func}: parameter {name!r} = {value!r} must be >= 0")
        low, high = self._bounds.get(name, (None, None))
        if (low is not None and number < low) or (high is not None and number > high):
            raise GameError(
                f"{func}: parameter {name!r} = {value!r} is outside its bounds "
                f"{_interval(low, high)}"
            )
        return number

    def _check_constraints(self, func: str, merged: Mapping[str, Any]) -> None:
        for rel in self._constraints:
            args = [float(merged[p.name]) for p in self._parameters]
            if not bool(_relation_function(rel, self._parameters)(*args)):
                shown = {s.name: merged[s.name] for s in sorted(rel.free_symbols, key=str)}
                raise GameError(f"{func}: {_show(shown)} breaks the constraint {rel}")

    @property
    def _names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self._parameters)

    def values(self, func: str = "SymbolicGame.at()", **values: Any) -> dict[str, Any]:
        """Defaults updated with `values`, every name checked; raises on unknown or missing."""
        merged: dict[str, Any] = dict(self._defaults)
        for name, value in values.items():
            self._check_value(func, name, value)
            merged[name] = value
        missing = [n for n in self._names if n not in merged]
        if missing:
            raise GameError(f"{func}: no value and no default for parameter(s) {missing}")
        self._check_constraints(func, merged)
        return merged

    # ---------------------------------------------------------------- evaluation
    def at(self, exact: bool = False, **values: Any) -> Game:
        """The numeric game at the given parameter values (others from the defaults).

        With ``exact=True`` the values are taken as exact rationals (``Fraction(str(v))``:
        ints and Fractions as they are, floats by their decimal, ``0.1`` as 1/10) and the game
        keeps exact payoffs for exact solving; a payoff that is irrational there is refused.
        """
        merged = self.values("SymbolicGame.at()", **values)
        if exact:
            subs = {p: exact_number(merged[p.name]) for p in self._parameters}
            payoffs = []
            for arr in self._payoffs:
                table = np.empty(arr.shape, dtype=object)
                for pos, e in np.ndenumerate(arr):
                    # a float coefficient (0.5*c) is read like a float parameter, as its decimal
                    v = e.xreplace({f: exact_number(f) for f in e.atoms(sp.Float)}).subs(subs)
                    if v.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
                        raise GameError(
                            f"SymbolicGame.at(): payoff {e} is not finite at "
                            f"{_show({k: merged[k] for k in self._names})}"
                        )
                    try:
                        # no nsimplify: it guesses from 15 digits (0.7071... -> sqrt(2)/2,
                        # 123456789/987654321 -> 1/8); only exact rewriting, which multiplies
                        # out products of radicals such as (sqrt(2) + 1)*(sqrt(2) - 1)
                        v = v if v.is_Rational else sp.expand(v)
                    except (OverflowError, ValueError, TypeError) as err:
                        raise GameError(
                            f"SymbolicGame.at(): payoff {e} cannot be evaluated exactly ({err})"
                        ) from None
                    if not v.is_Rational:
                        raise GameError(
                            f"SymbolicGame.at(): payoff {e} is irrational ({v}) at these values; "
                            "exact=True needs rational payoffs"
                        )
                    table[pos] = Fraction(int(v.p), int(v.q))
                payoffs.append(table)
        else:
            args = [float(merged[n]) for n in self._names]
            flat = self._evaluate("SymbolicGame.at()", [np.float64(a) for a in args])
            if not np.all(np.isfinite(flat)):
                raise GameError(
                    "SymbolicGame.at(): payoffs are not finite at "
                    f"{dict(zip(self._names, args, strict=True))}"
                )
            payoffs = list(flat.reshape((self.n_players, *self.shape)))
        return Game(payoffs, players=self.players, actions=self.actions, title=self.title)

    def _evaluate(self, func: str, args: list[Any]) -> np.ndarray:
        """Every payoff at `args`, as one float array (overflow gives inf, caught by callers)."""
        try:
            with np.errstate(all="ignore"):
                outs = self._flat_function(*args)
                shape = np.broadcast_shapes(*(np.shape(a) for a in args)) if args else ()
                return np.stack([np.broadcast_to(np.asarray(o, dtype=float), shape) for o in outs])
        except (OverflowError, ZeroDivisionError, TypeError, ValueError, AttributeError) as err:
            # numbers sympy keeps exact (10**999, exp(10**308)) do not fit a float at all
            raise GameError(
                f"{func}: payoffs cannot be evaluated as floats at these values "
                f"({type(err).__name__}: {err})"
            ) from None

    @cached_property
    def _flat_function(self) -> Callable[..., Any]:
        exprs = [e for arr in self._payoffs for e in arr.ravel()]
        return sp.lambdify(self._parameters, exprs, modules="numpy")

    def lambdify(self) -> Callable[..., np.ndarray]:
        """A vectorised evaluator: ``f(**arrays) -> array (n_players, *shape, *broadcast)``.

        Parameters not passed take their defaults; array arguments broadcast together, so a
        whole grid of parameter values is evaluated at once.

        >>> from gametheory.games import prisoners_dilemma
        >>> f = prisoners_dilemma().lambdify()
        >>> f(T=np.array([5.0, 6.0])).shape
        (2, 2, 2, 2)
        """
        n, shape = self.n_players, self.shape

        def evaluate(**values: Any) -> np.ndarray:
            arrays = []
            for name in values:
                if name not in self._names:
                    raise GameError(
                        f"SymbolicGame.lambdify(): unknown parameter {name!r}; parameters are "
                        f"{list(self._names)}"
                    )
            for name in self._names:
                if name in values:
                    try:
                        arr = np.asarray(values[name], dtype=float)
                    except (OverflowError, TypeError, ValueError):
                        raise GameError(
                            f"SymbolicGame.lambdify(): parameter {name!r} is not an array of floats"
                        ) from None
                    if arr.size == 0 or not np.all(np.isfinite(arr)):
                        raise GameError(
                            f"SymbolicGame.lambdify(): parameter {name!r} must be a non-empty "
                            "array of finite numbers"
                        )
                    low, high = self.bounds[name]
                    if (low is not None and arr.min() < low) or (
                        high is not None and arr.max() > high
                    ):
                        raise GameError(
                            f"SymbolicGame.lambdify(): parameter {name!r} takes values in "
                            f"[{arr.min():g}, {arr.max():g}], outside its bounds "
                            f"{_interval(low, high)}"
                        )
                elif name in self._defaults:
                    arr = np.asarray(self._defaults[name])
                else:
                    raise GameError(
                        f"SymbolicGame.lambdify(): no value and no default for parameter {name!r}"
                    )
                arrays.append(arr)
            bshape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
            for rel in self._constraints:
                ok = np.broadcast_to(_relation_function(rel, self._parameters)(*arrays), bshape)
                if not ok.all():
                    at = np.unravel_index(int(np.argmin(ok)), bshape) if bshape else ()
                    point = {
                        p.name: float(np.broadcast_to(a, bshape)[at])
                        for p, a in zip(self._parameters, arrays, strict=True)
                        if p in rel.free_symbols
                    }
                    raise GameError(
                        f"SymbolicGame.lambdify(): {_show(point)} breaks the constraint {rel}"
                    )
            stacked = self._evaluate("SymbolicGame.lambdify()", arrays)
            return stacked.reshape((n, *shape, *bshape))

        return evaluate

    def subs(self, **values: Any) -> SymbolicGame:
        """A new SymbolicGame with some parameters fixed (as exact numbers where possible)."""
        for name, value in values.items():
            self._check_value("SymbolicGame.subs()", name, value)
        mapping = {self.symbol(k): exact_number(v) for k, v in values.items()}
        substitute = np.vectorize(lambda e: e.subs(mapping), otypes=[object])
        constraints = []
        for rel in self._constraints:
            fixed = rel.subs(mapping)
            if fixed is sp.false:
                raise GameError(f"SymbolicGame.subs(): {_show(values)} breaks the constraint {rel}")
            if fixed is not sp.true:
                constraints.append(fixed)
        return SymbolicGame(
            [substitute(arr).tolist() for arr in self._payoffs],
            parameters=[p for p in self._parameters if p.name not in values],
            defaults={k: v for k, v in self._defaults.items() if k not in values},
            players=self.players,
            actions=self.actions,
            title=self.title,
            description=self.description,
            bounds={k: v for k, v in self._bounds.items() if k not in values},
            constraints=constraints,
            meanings={k: v for k, v in self._meanings.items() if k not in values},
        )

    # ---------------------------------------------------------------- conditions
    def profile_index(
        self, profile: Any, func: str = "SymbolicGame.profile_index()"
    ) -> tuple[int, ...]:
        """Action indices of a pure profile: ``"R,E"``, or one name or index per player.

        The same parser as :meth:`Game.profile_index <gametheory.game.Game.profile_index>`.
        """
        return pure_profile_index(func, self.players, self.actions, profile)

    def payoff(self, player: int, profile: Any) -> sp.Expr:
        """Player's payoff at a pure profile, as an expression."""
        return self._payoffs[player][self.profile_index(profile, "SymbolicGame.payoff()")]

    def deviation_gains(self, profile: Any) -> dict[tuple[int, int], sp.Expr]:
        """Gain of every unilateral pure deviation from a pure profile, simplified.

        Keys are ``(player, action)``; the profile is a Nash equilibrium exactly where every
        gain is ``<= 0`` and a strict one where every gain is ``< 0``. The gains come from
        :func:`gametheory.stability.criteria.deviation_gains`, the one definition used for
        numbers, grids and expressions alike (docs/criteria.md).
        """
        from .stability.criteria import deviation_gains

        idx = self.profile_index(profile, "SymbolicGame.deviation_gains()")
        return {key: sp.simplify(g) for key, g in deviation_gains(self._payoffs, idx).items()}

    # ---------------------------------------------------------------- display
    def _repr_latex_(self) -> str:
        if self.n_players == 2:
            m, n = self.shape
            head = " & ".join(rf"\text{{{a}}}" for a in self.actions[1])
            rows = []
            for r in range(m):
                cells = " & ".join(
                    f"{sp.latex(self._payoffs[0][r, c])},\\; {sp.latex(self._payoffs[1][r, c])}"
                    for c in range(n)
                )
                rows.append(rf"\text{{{self.actions[0][r]}}} & {cells}")
            body = r" \\ ".join(rows)
            return rf"$\begin{{array}}{{c|{'c' * n}}} & {head} \\ \hline {body} \end{{array}}$"
        lines = []
        for idx in product(*(range(s) for s in self.shape)):
            names = ",".join(self.actions[i][a] for i, a in enumerate(idx))
            pays = ",\\; ".join(sp.latex(arr[idx]) for arr in self._payoffs)
            lines.append(rf"\text{{{names}}} & {pays}")
        return r"$\begin{array}{l|l} " + r" \\ ".join(lines) + r" \end{array}$"


def exact_number(value: Any) -> sp.Expr:
    """`value` as an exact sympy number: exact sympy values as they are (``sqrt(2)`` stays
    symbolic), everything else as ``Fraction(str(value))`` (floats by their decimal)."""
    if isinstance(value, sp.Float):
        # sympy prints a double with 15 digits; its shortest round-trip decimal is the float's
        value = float(value) if value._prec <= 53 else sp.Rational(value)
    if isinstance(value, sp.Basic):
        return value
    exact = Fraction(str(value))
    return sp.Rational(exact.numerator, exact.denominator)


def _interval(low: float | None, high: float | None) -> str:
    return f"[{'-inf' if low is None else f'{low:g}'}, {'inf' if high is None else f'{high:g}'}]"


def _show(values: Mapping[str, Any]) -> str:
    return ", ".join(
        f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in values.items()
    )


def _bound_pair(
    func: str, game: SymbolicGame, name: str, pair: Any
) -> tuple[float | None, float | None]:
    if name not in {p.name for p in game.parameters}:
        raise GameError(f"{func}: bounds given for unknown parameter {name!r}")
    try:
        low, high = pair
        ends = tuple(None if v is None else float(v) for v in (low, high))
    except (TypeError, ValueError):
        raise GameError(
            f"{func}: bounds[{name!r}] = {pair!r} is not a (low, high) pair of numbers or None"
        ) from None
    if any(v is not None and not math.isfinite(v) for v in ends):
        raise GameError(f"{func}: bounds[{name!r}] = {pair!r}: use None, not inf, for no bound")
    if ends[0] is not None and ends[1] is not None and ends[0] > ends[1]:
        raise GameError(f"{func}: bounds[{name!r}] = {pair!r} is empty (low > high)")
    return ends  # type: ignore[return-value]


def _relations(func: str, constraints: Any, params: set[sp.Symbol]) -> tuple[sp.Rel, ...]:
    if isinstance(constraints, (str, sp.Basic)):
        constraints = [constraints]
    out = []
    for rel in constraints:
        if not isinstance(
            rel, (sp.LessThan, sp.GreaterThan, sp.StrictLessThan, sp.StrictGreaterThan)
        ):
            raise GameError(f"{func}: constraint {rel!r} is not an inequality such as eps0*c <= 1")
        extra = sorted(s.name for s in rel.free_symbols - params)
        if extra:
            raise GameError(f"{func}: constraint {rel} uses unknown parameter(s) {extra}")
        out.append(rel)
    return tuple(out)


def _relation_function(rel: sp.Rel, params: Sequence[sp.Symbol]) -> Callable[..., Any]:
    """``f(*values) -> bool or bool array``; a small slack lets values on the boundary pass."""
    return _compiled_relation(rel, tuple(params))


@lru_cache(maxsize=256)
def _compiled_relation(rel: sp.Rel, params: tuple[sp.Symbol, ...]) -> Callable[..., Any]:
    # lambdify costs milliseconds and every .at() checks the constraints: compile each once
    gap = rel.lhs - rel.rhs
    f = sp.lambdify(params, gap, modules="numpy")
    below = isinstance(rel, (sp.LessThan, sp.StrictLessThan))

    def check(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            value = np.asarray(f(*args), dtype=float)
        slack = CONDITION_SLACK
        return value <= slack if below else value >= -slack

    return check
