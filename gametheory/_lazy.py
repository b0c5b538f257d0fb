"""Package attributes loaded on first use (PEP 562), one definition for every package.

>>> getattr_, dir_ = lazy_attributes("gametheory", {"GameError": ".errors"}, {})
>>> getattr_("GameError").__name__
'GameError'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Mapping
from typing import Any


def lazy_attributes(
    package: str,
    table: Mapping[str, str],
    namespace: dict[str, Any],
    modules: Collection[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for `package`: each name of `table` is imported from
    its module (a path relative to `package`, or absolute) when first asked for, then kept in
    `namespace`. The names in `modules` are the modules themselves (``games`` for
    ``".games"``)."""

    def __getattr__(name: str) -> Any:
        if name not in table:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(table[name], package)
        value = module if name in modules else getattr(module, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *table])

    return __getattr__, __dir__
