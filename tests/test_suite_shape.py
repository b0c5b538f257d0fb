"""The test suite's own shape: test modules stand alone, and the suite runs without pygambit.

pygambit is a dev dependency used only for cross-checks: the tests that need it take the
``gambit`` fixture (tests/conftest.py), which fails them when it is missing, so a missing
pygambit fails those tests and nothing else. Shared helpers live in tests/helpers.py: a test
module that imported another would run that module's tests' imports (and pygambit's) too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
TEST_MODULES = sorted(TESTS.glob("test_*.py"))
SHARED = [TESTS / "helpers.py", TESTS / "conftest.py"]


def imported_modules(tree: ast.AST, module_level_only: bool) -> list[tuple[int, str]]:
    """(line, dotted name) of every import; relative imports keep their leading dots.
    module_level_only: skip imports inside functions (they run only when called)."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if module_level_only and isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            ):
                continue
            if isinstance(child, ast.Import):
                found.extend((child.lineno, alias.name) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = "." * child.level + (child.module or "")
                found.append((child.lineno, base))
                # `from tests import test_x` names the module in the imported names
                found.extend((child.lineno, f"{base}.{alias.name}") for alias in child.names)
            visit(child)

    visit(tree)
    return found


def is_test_module(name: str) -> bool:
    parts = name.split(".")
    return (
        name.startswith(".")
        or parts[0] in ("tests", "conftest")
        or any(p.startswith("test_") for p in parts)
    )


def is_pygambit(name: str) -> bool:
    return name.split(".")[0] == "pygambit"


@pytest.mark.parametrize("path", [*TEST_MODULES, *SHARED], ids=lambda p: p.name)
def test_no_test_module_imports_another(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    bad = [f"line {n}: {name}" for n, name in imported_modules(tree, False) if is_test_module(name)]
    assert not bad, f"{path.name} imports test modules (use tests/helpers.py): {bad}"


@pytest.mark.parametrize("path", [*TEST_MODULES, TESTS / "helpers.py"], ids=lambda p: p.name)
def test_pygambit_comes_from_the_fixture(path):
    """No import of pygambit and no importorskip of it: the `gambit` fixture fails instead."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, str(path))
    bad = [f"line {n}: {name}" for n, name in imported_modules(tree, False) if is_pygambit(name)]
    bad += [
        f"line {node.lineno}: importorskip"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", getattr(node.func, "id", None)) == "importorskip"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and is_pygambit(str(node.args[0].value))
    ]
    assert not bad, f"{path.name} imports pygambit itself (take the gambit fixture): {bad}"


def test_the_package_does_not_import_pygambit_at_module_level():
    """gametheory imports without pygambit: its optional uses (the bench's peers) import it
    inside the functions that need it."""
    bad = []
    for path in sorted((ROOT / "gametheory").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        bad += [
            f"{path.relative_to(ROOT)}:{n}"
            for n, name in imported_modules(tree, True)
            if is_pygambit(name)
        ]
    assert not bad


def test_the_checks_see_what_they_forbid():
    """The import finder catches each forbidden form, and not an import inside a function
    when asked for module-level imports only."""
    source = (
        "import pygambit as gbt\nfrom test_enumpoly import same\nfrom tests.conftest import x\n"
        "from conftest import y\nfrom . import z\nimport numpy\n"
        "def f():\n    import pygambit\n"
    )
    tree = ast.parse(source)
    every = imported_modules(tree, False)
    assert [n for n, name in every if is_pygambit(name)] == [1, 8]
    assert {n for n, name in every if is_test_module(name)} == {2, 3, 4, 5}
    assert [n for n, name in imported_modules(tree, True) if is_pygambit(name)] == [1]
    assert not is_test_module("numpy") and not is_test_module("helpers")


# pygambit is made unimportable (None in sys.modules) before pytest starts; the check that it
# is unimportable keeps this test honest if pygambit ever loads by another route
WITHOUT_PYGAMBIT = """
import sys
sys.modules["pygambit"] = None
try:
    import pygambit
except ImportError:
    pass
else:
    raise SystemExit("pygambit was importable")
import pytest
raise SystemExit(pytest.main(["-q", "-p", "no:cacheprovider", *sys.argv[1:]]))
"""


def pytest_without_pygambit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_PYGAMBIT, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )


@pytest.mark.slow  # a pytest process of its own: seconds
def test_the_gambit_fixture_fails_without_pygambit():
    """A test that takes the fixture fails (an error, not a skip) and says why."""
    node = "tests/test_io_nfg.py::test_pygambit_output_read_by_us"
    done = pytest_without_pygambit(node, "-rA")
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 error" in done.stdout and "skipped" not in done.stdout
    assert "pygambit is not importable" in done.stdout and "pip install .[dev]" in done.stdout


@pytest.mark.slow
def test_default_run_collects_without_pygambit():
    """The default run (tests, the package's doctests, README and docs) collects without
    pygambit: every module of tests/ and of gametheory/ imports, and no collection error."""
    done = pytest_without_pygambit("--collect-only")
    tail = "\n".join(done.stdout.splitlines()[-30:]) + done.stderr[-2000:]
    assert done.returncode == 0, tail
    summary = done.stdout.strip().splitlines()[-1]
    assert "tests collected" in summary and "error" not in summary, tail
    assert "tests/test_io_nfg.py::test_pygambit_output_read_by_us" in done.stdout
