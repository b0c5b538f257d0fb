"""The layers of docs/README.md: the generic engine never imports the deterrence domain.

Imports are read from the source (module level and inside functions alike), so a lazy import
hidden in a function counts. Only the command line (``cli``, ``bench``, ``__main__``) sits on
top of both; ``games`` resolves the deterrence models' old names through a string, which
this test allows explicitly.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "gametheory"
ON_TOP = ("cli", "bench", "__main__.py", "deterrence", "explore")


def imported_modules(path: Path, root: Path = PACKAGE.parent) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved)."""
    package = list(path.relative_to(root).with_suffix("").parts)[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names |= {f"{module}.{alias.name}" for alias in node.names}
    return names


def engine_files() -> list[Path]:
    return [
        p for p in sorted(PACKAGE.rglob("*.py")) if p.relative_to(PACKAGE).parts[0] not in ON_TOP
    ]


def test_engine_never_imports_the_domain():
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(m for m in imported_modules(p) if "deterrence" in m)
        for p in engine_files()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_sees_function_level_and_relative_imports(tmp_path):
    path = tmp_path / "gametheory" / "stability" / "criteria.py"
    path.parent.mkdir(parents=True)
    path.write_text("def f():\n    from ..deterrence.two_bloc import two_bloc\n")
    assert "gametheory.deterrence.two_bloc" in imported_modules(path, tmp_path)


def test_no_deterrence_model_defined_in_games():
    source = (PACKAGE / "games.py").read_text()
    assert "def two_bloc" not in source and "def three_bloc" not in source
