"""A safe parser for payoff expressions in model files.

Model files hold payoffs as text such as ``"b + alpha*c - theta*c - r - k*c"``. The text comes
from users, so it is never handed to ``eval``, ``exec``, ``compile``, ``sympify`` or
``parse_expr`` (all of which can run arbitrary Python). Instead a small tokenizer and a Pratt
(precedence-climbing) parser build the sympy objects directly.

Grammar
-------
::

    expr    := expr ("+" | "-") expr | expr ("*" | "/") expr | expr ("^" | "**") expr
             | ("+" | "-") expr | "(" expr ")" | call | NAME | NUMBER
    call    := FUNC "(" expr ("," expr)* ")"        FUNC in exp log sqrt abs min max
    NUMBER  := digits ["." digits] [("e" | "E") ["+" | "-"] digits]   (kept exact)
    NAME    := [A-Za-z_][A-Za-z0-9_]*                                 (a known parameter)

``^`` binds tightest and is right-associative, unary minus binds looser than ``^`` (so
``-x^2 == -(x^2)``), then ``* /``, then ``+ -``; all binary operators but ``^`` associate to
the left. Limits stop resource bombs: see :data:`MAX_LENGTH`, :data:`MAX_DEPTH`,
:data:`MAX_DIGITS`, :data:`MAX_POWER`, :data:`MAX_MAGNITUDE` and :data:`MAX_DEGREE`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction

import sympy as sp
from sympy.printing.str import StrPrinter

from ..errors import GameError

MAX_LENGTH = 10_000
"""Longest expression text accepted, in characters."""

MAX_DEPTH = 100
"""Deepest nesting of parentheses, unary signs and function calls accepted."""

MAX_DIGITS = 100
"""Most digits a number literal may have (mantissa and exponent together)."""

MAX_POWER = 1000
"""Largest ``|n|`` in ``a ^ n`` when both ``a`` and ``n`` are numbers (and in ``1e<n>``)."""

MAX_DEGREE = 12
"""Highest degree in the parameters an expression may reach (``(a+1)^12``, ``a^3 * b^9``).

Threshold analysis solves the equilibrium conditions for a parameter; polynomials of high
degree make that take minutes, and no payoff model needs them.
"""

MAX_MAGNITUDE = 100
"""Exact numbers (literals, numeric powers, and what sympy folds them into) need numerator and
denominator at most ``10**MAX_MAGNITUDE``.

Payoffs beyond :data:`gametheory.game.MAX_PAYOFF` (1e100) are refused anyway, and threshold
analysis with constants of hundreds of digits (``(1e308)^5``) takes minutes.
"""

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
"""What a parameter name must look like (ASCII on purpose: no look-alike letters)."""


def _min(*args: sp.Expr) -> sp.Expr:
    return sp.Min(*args)


def _max(*args: sp.Expr) -> sp.Expr:
    return sp.Max(*args)


# name -> (sympy constructor, least number of arguments, most number of arguments or None)
FUNCTIONS: dict[str, tuple[Callable[..., sp.Expr], int, int | None]] = {
    "exp": (sp.exp, 1, 1),
    "log": (sp.log, 1, 1),
    "sqrt": (sp.sqrt, 1, 1),
    "abs": (sp.Abs, 1, 1),
    "min": (_min, 2, None),
    "max": (_max, 2, None),
}
"""The functions expressions may call; parameter names must not collide with these."""

# One alternation, tried left to right at each position; anything else is an error, which is
# what rejects '.', '[', ';', quotes, ':' and every other piece of Python syntax.
_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
  | (?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/^(),])
    """,
    re.VERBOSE,
)

# binding power of each binary operator; '^' is right-associative
_BINARY = {"+": 10, "-": 10, "*": 20, "/": 20, "^": 40}
_UNARY = 30
_FAMILY = {"+": "+", "-": "+", "*": "*", "/": "*", "^": "^"}


def _combine(family: str, terms: list[sp.Expr]) -> sp.Expr:
    if len(terms) == 1:
        return terms[0]
    return sp.Add(*terms) if family == "+" else sp.Mul(*terms)


class _Token:
    __slots__ = ("col", "kind", "text")

    def __init__(self, kind: str, text: str, col: int) -> None:
        self.kind, self.text, self.col = kind, text, col

    def describe(self) -> str:
        return "the end of the expression" if self.kind == "end" else repr(self.text)


class _Parser:
    def __init__(self, text: str, symbols: Mapping[str, sp.Symbol], where: str) -> None:
        self.text, self.symbols, self.where = text, symbols, where
        self.tokens = self._tokenize()
        self.pos = 0
        self.depth = 0

    # ------------------------------------------------------------------ errors
    def fail(self, col: int, message: str) -> GameError:
        text = self.text if len(self.text) <= 80 else self.text[max(0, col - 40) : col + 40]
        return GameError(f"{self.where} column {col}: {message} in {text!r}")

    # ------------------------------------------------------------------ tokens
    def _tokenize(self) -> list[_Token]:
        tokens, pos, text = [], 0, self.text
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None:
                raise self.fail(pos + 1, f"unexpected character {text[pos]!r}")
            kind = match.lastgroup
            if kind == "name" and text[match.end() : match.end() + 1] == ".":
                # 'a.b' would be attribute access in Python; say so rather than 'unexpected .'
                raise self.fail(match.end() + 1, "'.' is not allowed after a name")
            if kind != "space":
                value = "^" if match.group() == "**" else match.group()
                tokens.append(_Token(str(kind), value, pos + 1))
            pos = match.end()
        tokens.append(_Token("end", "", len(text) + 1))
        return tokens

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, text: str, context: str) -> _Token:
        token = self.take()
        if token.kind != "op" or token.text != text:
            raise self.fail(token.col, f"expected {text!r} {context}, found {token.describe()}")
        return token

    # ------------------------------------------------------------------ grammar
    def parse(self) -> sp.Expr:
        if self.tokens[0].kind == "end":
            raise self.fail(1, "empty expression")
        expr = self.expression(0)
        token = self.peek()
        if token.kind != "end":
            raise self.fail(token.col, f"expected an operator or the end, found {token.describe()}")
        return expr

    def expression(self, min_power: int) -> sp.Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(self.peek().col, f"nested more than {MAX_DEPTH} levels deep")
        # Operands of a chain like a + b - c + ... are collected and combined once: building
        # sp.Add pairwise would re-flatten the growing sum at every step (quadratic time).
        terms, family = [self.prefix()], ""
        while True:
            token = self.peek()
            power = _BINARY.get(token.text) if token.kind == "op" else None
            if power is None or power < min_power:
                break
            self.take()
            # '^' is right-associative: its right side may hold another '^' of equal power
            right = self.expression(power if token.text == "^" else power + 1)
            kind = _FAMILY[token.text]
            if kind != family:
                terms, family = [_combine(family, terms)], kind
            if token.text == "^":
                terms = [self.power(token, terms[0], right)]
            elif token.text == "-":
                terms.append(sp.Mul(sp.Integer(-1), right))
            elif token.text == "/":
                if right.is_zero:
                    raise self.fail(token.col, "division by zero")
                terms.append(sp.Pow(right, sp.Integer(-1)))
            else:
                terms.append(right)
        self.depth -= 1
        return _combine(family, terms)

    def prefix(self) -> sp.Expr:
        token = self.take()
        if token.kind == "number":
            return self.number(token)
        if token.kind == "name":
            nxt = self.peek()
            if nxt.kind == "op" and nxt.text == "(":
                return self.call(token)
            if token.text in self.symbols:
                return self.symbols[token.text]
            if token.text in FUNCTIONS:
                raise self.fail(token.col, f"function {token.text!r} needs arguments in ( )")
            known = ", ".join(sorted(self.symbols)) or "none"
            raise self.fail(token.col, f"unknown name {token.text!r} (parameters: {known})")
        if token.kind == "op" and token.text in ("+", "-"):
            operand = self.expression(_UNARY)
            return operand if token.text == "+" else sp.Mul(sp.Integer(-1), operand)
        if token.kind == "op" and token.text == "(":
            inner = self.expression(0)
            self.expect(")", f"to close the '(' at column {token.col}")
            return inner
        raise self.fail(token.col, f"expected a number, name or '(', found {token.describe()}")

    def call(self, name: _Token) -> sp.Expr:
        if name.text not in FUNCTIONS:
            raise self.fail(
                name.col,
                f"unknown function {name.text!r} (functions: {', '.join(sorted(FUNCTIONS))})",
            )
        func, least, most = FUNCTIONS[name.text]
        self.expect("(", f"after {name.text}")
        args = [self.expression(0)]
        while self.peek().kind == "op" and self.peek().text == ",":
            self.take()
            args.append(self.expression(0))
        self.expect(")", f"to close the arguments of {name.text}()")
        if len(args) < least or (most is not None and len(args) > most):
            wanted = f"{least}" if least == most else f"at least {least}"
            raise self.fail(name.col, f"{name.text}() takes {wanted} argument(s), got {len(args)}")
        if name.text == "exp" and not args[0].free_symbols:
            # sympy compares exp(1e100) with other numbers (in min, max, thresholds) by
            # evaluating it, which does not finish; a float overflows past exp(709) anyway
            size = abs(complex(sp.N(args[0], 15)))
            if size > MAX_POWER:
                raise self.fail(
                    name.col, f"exp() of a number above {MAX_POWER} in magnitude ({args[0]})"
                )
        return func(*args)

    def number(self, token: _Token) -> sp.Expr:
        text = token.text
        mantissa, _, exponent = text.lower().partition("e")
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_DIGITS:
            raise self.fail(token.col, f"number with {digits} digits (at most {MAX_DIGITS})")
        if exponent and abs(int(exponent)) > MAX_POWER:
            raise self.fail(token.col, f"exponent {exponent} out of range (|e| <= {MAX_POWER})")
        # exact: '0.1' means 1/10, not the nearest binary float
        value = Fraction(mantissa) * Fraction(10) ** int(exponent or 0)
        if not _modest(value.numerator, value.denominator):
            raise self.fail(token.col, f"number {text} out of range (at most 1e{MAX_MAGNITUDE})")
        return sp.Rational(value.numerator, value.denominator)

    def power(self, op: _Token, base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
        if base.is_Number and exponent.is_Number:
            self.check_power(op, base, exponent)
        elif exponent.is_Number:
            # a symbolic base: (a+1)^1000 is harmless text but a degree-1000 polynomial
            n = abs(float(exponent)) if abs(exponent) <= MAX_POWER else float(MAX_POWER) + 1
            if degree(base) * n > MAX_DEGREE:
                raise self.fail(
                    op.col,
                    f"power {exponent} of {base} has degree above {MAX_DEGREE} in the parameters",
                )
        return sp.Pow(base, exponent)

    def check_power(self, op: _Token, base: sp.Expr, power: sp.Expr) -> None:
        if base.is_zero and power.is_negative:
            raise self.fail(op.col, "division by zero (0 to a negative power)")
        if power.is_Integer:
            n = abs(int(power))
            if n > MAX_POWER:
                raise self.fail(op.col, f"exponent {power} too large (|n| <= {MAX_POWER})")
            if base.is_Rational:
                digits = len(str(max(abs(int(base.p)), abs(int(base.q))))) - 1
                if digits * n > MAX_MAGNITUDE:
                    raise self.fail(
                        op.col, f"power too large (about 1e{digits * n}, at most 1e{MAX_MAGNITUDE})"
                    )


def _modest(p: int, q: int) -> bool:
    limit = 10**MAX_MAGNITUDE
    return abs(p) <= limit and abs(q) <= limit


def degree(expr: sp.Expr) -> float:
    """An upper bound on the total degree of `expr` in its symbols (functions count their argument).

    >>> a, b = sp.symbols("a b")
    >>> degree((a + 1) ** 3 * b + sp.exp(a**2))
    4.0
    """
    if not expr.free_symbols:
        return 0.0
    if expr.is_Symbol:
        return 1.0
    if expr.is_Mul:
        return sum(degree(arg) for arg in expr.args)
    if expr.is_Pow:
        base, exponent = expr.args
        if exponent.is_Number:
            return degree(base) * abs(float(exponent))
        return degree(base) + degree(exponent)
    return max(degree(arg) for arg in expr.args)


def parse_expression(text: str, symbols: Mapping[str, sp.Symbol], where: str = "") -> sp.Expr:
    """Parse arithmetic text into a sympy expression, safely (no ``eval``).

    Parameters
    ----------
    text : str
        The expression: numbers, parameter names, ``+ - * / ^`` (``**`` means ``^``), unary
        signs, parentheses and the functions ``exp log sqrt abs min max`` (``min`` and ``max``
        take two or more arguments). See the module docstring for the grammar.
    symbols : mapping of str to sympy.Symbol
        The names the text may use.
    where : str
        Prefix for error messages, e.g. ``'read_model(): m.toml payoffs["R,E"][1]:'``;
        default ``"parse_expression():"``.

    Returns
    -------
    sympy.Expr
        A real, finite expression; decimal literals become exact rationals.

    Raises
    ------
    GameError
        Unknown names or functions, syntax errors, results that sympy already evaluates to
        complex or infinite values (``sqrt(-1)``, ``log(0)``, ``1/0``), or text past
        the limits (:data:`MAX_LENGTH` characters, :data:`MAX_DEPTH` levels of nesting,
        :data:`MAX_DIGITS` digits per number, ``|n| <= MAX_POWER`` for numeric powers, degree
        at most :data:`MAX_DEGREE` in the parameters). The message gives the column.

    Examples
    --------
    >>> import sympy as sp
    >>> b, c = sp.symbols("b c", real=True)
    >>> parse_expression("b + 0.5*c^2", {"b": b, "c": c})
    b + c**2/2
    >>> parse_expression("max(b, 1e-3) - -c", {"b": b, "c": c})
    c + Max(1/1000, b)
    >>> parse_expression("b.real", {"b": b})
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: parse_expression(): column 2: '.' is not allowed after a name ...
    """
    prefix = where.strip() or "parse_expression():"
    if not prefix.endswith(":"):
        prefix += ":"
    if not isinstance(text, str):
        raise GameError(f"{prefix} expected expression text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise GameError(
            f"{prefix} expression is {len(text)} characters long (at most {MAX_LENGTH})"
        )
    for name, symbol in symbols.items():
        if not isinstance(symbol, sp.Symbol):
            raise GameError(f"{prefix} symbols[{name!r}] is not a sympy Symbol: {symbol!r}")
    parser = _Parser(text, symbols, prefix)
    expr = parser.parse()
    if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise GameError(f"{prefix} {text!r} is not finite ({expr})")
    if expr.has(sp.I):
        raise GameError(f"{prefix} {text!r} is not real ({expr})")
    huge = [r for r in expr.atoms(sp.Rational) if not _modest(int(r.p), int(r.q))]
    if huge:
        # products such as 1e100 * 1e100 that sympy folds into one number
        raise GameError(
            f"{prefix} {text!r} holds a number of {len(str(abs(int(huge[0].p))))} digits "
            f"(numbers are at most 1e{MAX_MAGNITUDE})"
        )
    if degree(expr) > MAX_DEGREE:
        # products such as (a+1)^9 * (a+2)^9 pass the check of each power
        raise GameError(
            f"{prefix} {text!r} has degree {degree(expr):g} in the parameters "
            f"(at most {MAX_DEGREE})"
        )
    return expr


class _GrammarPrinter(StrPrinter):
    """sympy's str() spelled in this grammar: abs/min/max, exp(1) for E, floats by repr."""

    def _print_Abs(self, expr: sp.Abs) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_Min(self, expr: sp.Min) -> str:
        return "min(" + ", ".join(self._print(arg) for arg in expr.args) + ")"

    def _print_Max(self, expr: sp.Max) -> str:
        return "max(" + ", ".join(self._print(arg) for arg in expr.args) + ")"

    def _print_Exp1(self, expr: sp.Expr) -> str:
        return "exp(1)"

    def _print_Float(self, expr: sp.Float) -> str:
        # '1e-05' is in the grammar; sympy's '1.00000000000000e-5' would be too, but longer
        return repr(float(expr))


_WRITABLE = (
    sp.Symbol,
    sp.Rational,
    sp.Float,
    sp.Add,
    sp.Mul,
    sp.Pow,
    sp.exp,
    sp.log,
    sp.Abs,
    sp.Min,
    sp.Max,
)


def format_expression(expr: sp.Expr) -> str:
    """Text in the grammar of :func:`parse_expression` for a sympy expression.

    Like ``str(expr)`` (``**`` for powers, which the grammar accepts) with ``Abs``, ``Min``,
    ``Max`` and ``E`` spelled ``abs``, ``min``, ``max`` and ``exp(1)``.

    Raises
    ------
    GameError
        If `expr` holds something the grammar cannot express (``pi``, ``I``, ``Piecewise``,
        other functions).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b", real=True)
    >>> format_expression(sp.Max(a, b / 2) - sp.Abs(a) * sp.E)
    '-exp(1)*abs(a) + max(a, b/2)'
    """
    if not isinstance(expr, sp.Expr):
        raise GameError(f"format_expression(): expected a sympy expression, got {expr!r}")
    for node in sp.preorder_traversal(expr):
        if not (isinstance(node, _WRITABLE) or node is sp.E):
            raise GameError(
                f"format_expression(): {node} in {expr} has no spelling in the expression "
                "grammar (numbers, parameters, + - * / ^, exp log sqrt abs min max)"
            )
    return _GrammarPrinter().doprint(expr)
