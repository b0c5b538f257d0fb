"""The modules of ``gametheory`` import each other without a cycle (docs/README.md, Layers).

The graph is read from the source with :mod:`ast`, so an import inside a function counts as
much as one at the top of a module: a cycle hidden in a function still ties two modules
together. What counts as an edge from module ``m``:

- ``import a.b.c`` inside ``m``: an edge ``m -> a.b.c``;
- ``from a.b import name``: an edge to ``a.b.name`` when that is a module (a submodule being
  imported), else to ``a.b`` (a name defined in, or re-exported by, ``a.b``); relative imports
  are resolved against ``m``'s package first.

Only explicit imports count. Importing ``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__``,
but those implicit parent imports are not edges: a package's ``__init__`` re-exporting its
submodules would otherwise put every submodule that imports a sibling on a cycle with it,
although Python handles that order (the submodule finishes first). A package's ``__init__`` is
the module named like the package, with the edges of its own import statements.

Not counted: imports under ``if TYPE_CHECKING:`` (never executed, annotations only), and
modules loaded from a string (``importlib.import_module``, the lazy attribute tables of
:mod:`gametheory._lazy`), which are not import statements.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "gametheory"


def module_name(path: Path, root: Path) -> str:
    """Dotted name of the module at `path` (``a/b/__init__.py`` is ``a.b``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(nodes: Iterable[ast.AST]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement in `nodes`, at any depth, except under ``if TYPE_CHECKING:``."""
    for node in nodes:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _import_nodes(node.orelse)  # the else branch does run
        else:
            yield from _import_nodes(ast.iter_child_nodes(node))


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Each module of `package` (a directory under `root`) with the modules of `package` it
    imports, by the rules of this module's docstring."""
    paths = {module_name(p, root): p for p in sorted((root / package).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        own_package = name.split(".") if is_package else name.split(".")[:-1]
        targets = set()
        for node in _import_nodes([ast.parse(path.read_text(), str(path))]):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
                continue
            if node.level:
                base_parts = own_package[: len(own_package) - node.level + 1]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in paths else base)
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` as ``[a, b, ..., a]``, or None when the graph is acyclic."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return None


def test_gametheory_has_no_import_cycle():
    graph = import_graph(PACKAGE.parent, "gametheory")
    assert len(graph) > 100 and "gametheory.sweep.grids" in graph["gametheory.sweep"]
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def _write(root: Path, files: Mapping[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_cycle_through_a_function_level_relative_import_is_found(tmp_path):
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "from .low import helper\n",
            "pkg/sub/low.py": "def helper():\n    from ..top import value\n    return value\n",
            "pkg/top.py": "from .sub import low\nvalue = 1\n",
            "pkg/other.py": "import pkg.top\n",
        },
    )
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.top"] == {"pkg.sub.low"}  # `from .sub import low`: the submodule
    assert graph["pkg.sub"] == {"pkg.sub.low"}  # `from .low import helper`: the module
    assert graph["pkg.other"] == {"pkg.top"}
    assert find_cycle(graph) == ["pkg.top", "pkg.sub.low", "pkg.top"]


def test_type_checking_imports_and_parent_packages_are_not_edges(tmp_path):
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "from .a import f\n",
            "pkg/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from .b import g\nelse:\n    from .c import h\ndef f():\n    pass\n",
            "pkg/b.py": "from .a import f\n",
            "pkg/c.py": "",
        },
    )
    graph = import_graph(tmp_path, "pkg")
    # a.py's TYPE_CHECKING import of b is left out; its else branch runs, so c counts; a is
    # imported by the package's __init__, which a itself does not import
    assert graph == {"pkg": {"pkg.a"}, "pkg.a": {"pkg.c"}, "pkg.b": {"pkg.a"}, "pkg.c": set()}
    assert find_cycle(graph) is None
    _write(tmp_path, {"pkg/c.py": "import pkg.b\n"})
    assert find_cycle(import_graph(tmp_path, "pkg")) == ["pkg.a", "pkg.c", "pkg.b", "pkg.a"]
