"""What every subcommand of the ``gametheory`` command shares: reading numbers and
``--param`` values (never evaluated as code), loading a model, formatting, JSON output, progress
lines, and :func:`run_model_script`, the command line of the scenario scripts in ``models/``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import GameError
from ..game import Game
from ..symbolic import SymbolicGame
from ..tolerance import SUPPORT_PROB


def _number(text: str, option: str = "--param") -> float | Fraction:
    """A command-line number: integer, decimal, exponent or p/q. Never evaluated as code.

    `option` is the command-line option the text came from, named in the refusal.
    """
    try:
        return Fraction(text.strip()) if "/" in text else float(text)
    except (ValueError, ZeroDivisionError):
        raise GameError(f"{option}: {text!r} is not a number") from None


def parse_params(items: list[str] | None) -> dict[str, Any]:
    """``NAME=VALUE`` strings (from ``--param``) as a dict of numbers; never evaluated."""
    out: dict[str, Any] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise GameError(f"--param: {item!r} is not NAME=VALUE")
        out[name.strip()] = _number(value)
    return out


def run_model_script(
    argv: list[str] | None,
    name: str,
    doc: str,
    analyse: Callable[[dict[str, Any]], dict[str, Any]],
    render: Callable[[dict[str, Any]], str],
    plot: Callable[[dict[str, Any], str, dict[str, Any]], str | None],
    param_help: str = "change a parameter of the model (repeatable)",
) -> int:
    """The command line every scenario script in ``models/`` shares.

    ``--param NAME=VALUE`` (repeatable) sets model parameters, ``--json`` prints
    ``analyse(values)`` as one JSON object (through its ``to_dict()`` where it has one, as a
    a deterrence ``Report`` does), otherwise ``render(data)`` is printed; ``--plot FILE`` calls
    ``plot(data, FILE, values)``, which returns the file it wrote (``plot.save`` may add
    ``.png``) or None. A GameError prints ``NAME: message`` and returns 2; Ctrl-C prints
    ``NAME: interrupted`` and returns 130.
    """
    parser = argparse.ArgumentParser(prog=name, description=doc.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.add_argument("--plot", metavar="FILE.png", help="write the picture")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=param_help,
    )
    args = parser.parse_args(argv)
    try:
        values = parse_params(args.param)
        data = analyse(values)
        if args.plot:
            args.plot = plot(data, args.plot, values) or args.plot
    except GameError as err:
        print(f"{name}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        return 130
    if args.json:
        # a deterrence Report is written through its to_dict(); sympy and numpy numbers in a
        # report are written as JSON numbers
        plain = data.to_dict() if hasattr(data, "to_dict") else data
        print(json.dumps(plain, default=float))
    else:
        print(render(data))
        if args.plot:
            print(f"\nwrote {args.plot}")
    return 0


def builtin_models() -> dict[str, tuple[Any, str]]:
    """Every ``builtin:NAME`` game: the deterrence models, then the classic games."""
    from ..deterrence.catalog import CATALOG as DETERRENCE
    from ..games import CATALOG as CLASSIC

    return {**DETERRENCE, **CLASSIC}


def load_model(spec: str) -> Game | SymbolicGame:
    """A Game or SymbolicGame from a path or ``builtin:NAME``."""
    if spec.startswith("builtin:"):
        CATALOG = builtin_models()
        name = spec.split(":", 1)[1]
        if name not in CATALOG:
            raise GameError(f"no built-in model {name!r}; built-ins are {sorted(CATALOG)}")
        return CATALOG[name][0]()
    from ..io import load

    return load(spec)


def _numeric(model: Game | SymbolicGame, params: dict[str, Any], exact: bool = False) -> Game:
    if isinstance(model, SymbolicGame):
        return model.at(exact=exact, **params)
    if params:
        raise GameError(
            f"--param {sorted(params)}: this game is numeric (a .nfg or .efg file, or a numeric "
            "built-in) and has no parameters"
        )
    return model


def _symbolic(model: Game | SymbolicGame, what: str, spec: str = "") -> SymbolicGame:
    if not isinstance(model, SymbolicGame):
        kind = Path(spec).suffix.lower() if not spec.startswith("builtin:") else ""
        given = f"{kind} file" if kind else "game"
        raise GameError(
            f"{what} needs a model with parameters (a .toml/.json model file or builtin:NAME); "
            f"this {given} is numeric and has none"
        )
    return model


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 equilibrium``, ``2 equilibria``: a count with its noun in the right number.

    >>> counted(1, "equilibrium", "equilibria"), counted(0, "parameter")
    ('1 equilibrium', '0 parameters')
    """
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def _strategy_text(actions: tuple[str, ...], probs: tuple[float, ...]) -> str:
    used = [(a, p) for a, p in zip(actions, probs, strict=True) if p > SUPPORT_PROB]
    if len(used) == 1:
        return used[0][0]
    return " + ".join(f"{_fmt(p)} {a}" for a, p in used)


def _print(data: dict[str, Any]) -> None:
    print(json.dumps(data, indent=None, default=str))
