"""Tolerances are named in ``tolerance.py``, not written as numeric literals across the package.

A *tolerance literal* here is any float literal token (found with :mod:`tokenize`, so docstrings,
comments and strings do not count) in a module of ``gametheory/`` whose value is nonzero and
below ``1e-2`` in magnitude, whether written in scientific notation (``1e-9``) or in decimal
(``0.005``). Integers and complex literals are not counted, nor are numbers with a positive
exponent (``1e6``). The two modules that define the tolerances, ``gametheory/tolerance.py``
(the engine's) and ``gametheory/deterrence/tolerance.py`` (the models'), are exempt. At most
:data:`ALLOWED` such literals may remain: the few that are not tolerances (a unit switch in a
timing report, a prior box of a model parameter, a step-length target of a path follower).
"""

from __future__ import annotations

import io
import math
import tokenize
from pathlib import Path

import gametheory
import gametheory.deterrence.tolerance as domain_tolerance
import gametheory.tolerance as tolerance

PACKAGE = Path(gametheory.__file__).parent
DEFINITIONS = {PACKAGE / "tolerance.py", PACKAGE / "deterrence" / "tolerance.py"}
ALLOWED = 5
SMALL = 1e-2


def tolerance_literals(source: str) -> list[tuple[int, str]]:
    """``(line, token)`` of every tolerance literal in `source` (see the module docstring)."""
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type != tokenize.NUMBER:
            continue
        text = tok.string.lower().replace("_", "")
        if text.endswith("j") or text.startswith(("0x", "0o", "0b")):
            continue
        if "e" not in text and "." not in text:
            continue  # an integer
        value = float(text)
        if value != 0 and abs(value) < SMALL:
            found.append((tok.start[0], tok.string))
    return found


def package_offenders() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in DEFINITIONS:
            continue
        for line, text in tolerance_literals(path.read_text(encoding="utf-8")):
            out.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {text}")
    return out


def test_the_counter_finds_literals_in_code_but_not_in_docstrings_or_comments():
    source = '''
"""A docstring mentioning 1e-9 does not count."""
TOL = 1e-9  # a comment with 1e-12 does not count
SMALL = 0.005
BIG, ALSO_BIG, WHOLE, CPLX = 1e6, 0.5, 3, 1e-9j
label = "1e-12"
x = max(y, 1E-300) + 2.5e-13 - 1_0e-10
'''
    found = tolerance_literals(source)
    assert [text for _, text in found] == ["1e-9", "0.005", "1E-300", "2.5e-13", "1_0e-10"]
    assert [line for line, _ in found] == [3, 4, 7, 7, 7]


def test_at_most_a_few_tolerance_literals_outside_tolerance_py():
    offenders = package_offenders()
    assert len(offenders) <= ALLOWED, (
        f"{len(offenders)} numeric tolerance literals outside tolerance.py (at most {ALLOWED}); "
        "name them in gametheory/tolerance.py (or gametheory/deterrence/tolerance.py for the "
        "models) with a docstring saying why the value:\n" + "\n".join(offenders)
    )


def test_every_named_tolerance_is_a_small_positive_float_with_a_docstring():
    for module in (tolerance, domain_tolerance):
        path = Path(module.__file__)
        names = _documented_constants(path.read_text(encoding="utf-8"))
        assert len(names) >= 10, path
        for name, documented in names.items():
            value = getattr(module, name)
            assert documented, f"{path.name}: {name} has no docstring saying why its value"
            assert isinstance(value, float) and math.isfinite(value) and 0 < value < 1, name


def _documented_constants(source: str) -> dict[str, bool]:
    """Module-level ``NAME = number`` assignments, and whether a docstring follows each."""
    import ast

    body = ast.parse(source).body
    out = {}
    for k, node in enumerate(body):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id.isupper()
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, float)
        ):
            nxt = body[k + 1] if k + 1 < len(body) else None
            out[node.targets[0].id] = (
                isinstance(nxt, ast.Expr)
                and isinstance(nxt.value, ast.Constant)
                and isinstance(nxt.value.value, str)
            )
    return out


def test_engine_and_domain_tolerances_do_not_define_one_name_twice():
    engine = set(_documented_constants(Path(tolerance.__file__).read_text(encoding="utf-8")))
    domain = set(_documented_constants(Path(domain_tolerance.__file__).read_text(encoding="utf-8")))
    assert not engine & domain
