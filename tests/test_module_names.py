"""No package attribute that names a submodule is rebound to something else.

``import gametheory.stability.thresholds`` once gave the function ``thresholds``, not the
module: a function imported into the package under its module's name hides the module.
"""

from __future__ import annotations

import importlib
import pkgutil

import gametheory


def _packages_and_submodules():
    """Every (package, submodule name, submodule) in gametheory, each submodule imported."""
    found = []
    pending = [gametheory]
    while pending:
        package = pending.pop()
        for info in pkgutil.iter_modules(package.__path__):
            if info.name == "__main__":  # running it is the command line
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            found.append((package, info.name, module))
            if info.ispkg:
                pending.append(module)
    return found


def test_every_submodule_is_its_package_attribute():
    found = _packages_and_submodules()
    assert len(found) > 50  # the walk reached the subpackages
    shadowed = [
        f"{package.__name__}.{name} is {type(getattr(package, name)).__name__}"
        for package, name, module in found
        if getattr(package, name) is not module
    ]
    assert shadowed == []


def test_lazy_names_of_submodules_load_the_submodule():
    # a name in a package's table of lazily loaded names (PEP 562) that is also a submodule's
    # name must load that submodule: otherwise whether the attribute is the module or the
    # function depends on which was touched first
    collisions = [
        (package.__name__, name, package._LAZY[name])
        for package, name, _module in _packages_and_submodules()
        if name in getattr(package, "_LAZY", {}) and package._LAZY[name] != f".{name}"
    ]
    assert collisions == []


def test_public_classes_have_distinct_names():
    # two public classes of one name (there were two `Condition`s) read as one concept
    by_name: dict[str, set[str]] = {}
    for _package, _name, module in _packages_and_submodules():
        for public in getattr(module, "__all__", ()):
            value = getattr(module, public)
            if isinstance(value, type) and value.__module__.startswith("gametheory"):
                by_name.setdefault(value.__name__, set()).add(
                    f"{value.__module__}.{value.__qualname__}"
                )
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}
