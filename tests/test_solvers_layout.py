"""The solvers' layout: each method is registered by its own algorithm module, and every
compiled linear solve goes through the one Gaussian elimination of gametheory._linalg."""

from __future__ import annotations

import ast
from pathlib import Path

from gametheory.solvers import REGISTRY

PACKAGE = Path(__file__).resolve().parent.parent / "gametheory"

OWNERS = {
    "enummixed": "gametheory.solvers.enummixed",
    "tightsets": "gametheory.solvers.enummixed",
    "enumpoly": "gametheory.solvers.enumpoly",
    "pns": "gametheory.solvers.enumpoly",
    "support": "gametheory.solvers.nashpy_methods",
    "vertex": "gametheory.solvers.nashpy_methods",
    "lemke-howson": "gametheory.solvers.nashpy_methods",
    "pure": "gametheory.solvers.pure",
}


def test_each_method_is_registered_by_its_algorithm_module():
    assert {name: REGISTRY[name].runner.__module__ for name in OWNERS} == OWNERS
    source = (PACKAGE / "solvers" / "__init__.py").read_text()
    assert "register(" not in source  # solve() only: the records live with their algorithms


def _compiled_functions(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text())
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any("njit" in ast.unparse(d) for d in node.decorator_list)
    ]


def test_no_compiled_kernel_writes_its_own_elimination_outside_linalg(package=PACKAGE):
    """A kernel that divides a row by its pivot and subtracts multiples of it from the rows
    below (``A[r, q] -= f * A[c, q]``, the elimination step) must live in _linalg.py; the
    simplex's tableau pivots are another algorithm, named here."""
    allowed = {
        ("_linalg.py", "factor"),
        ("_linalg.py", "substitute"),
        ("simplex.py", "maximin_mix"),
    }
    found = set()
    for path in package.rglob("*.py"):
        for fn in _compiled_functions(path):
            for node in ast.walk(fn):
                if (
                    isinstance(node, ast.AugAssign)
                    and isinstance(node.op, ast.Sub)
                    and isinstance(node.target, ast.Subscript)
                    and isinstance(node.value, ast.BinOp)
                    and isinstance(node.value.op, ast.Mult)
                    and isinstance(node.value.right, ast.Subscript)
                    and ast.unparse(node.target.value) == ast.unparse(node.value.right.value)
                    and isinstance(node.target.slice, ast.Tuple)
                ):
                    found.add((path.name, fn.name))
    assert found <= allowed, sorted(found - allowed)
