"""Fixtures shared by the test modules; plain helper functions live in tests/helpers.py."""

from __future__ import annotations

import os
import tempfile

import pytest

# solved thresholds are cached on disk (gametheory/stability/_solved_cache.py): the tests, and
# the scripts they run, use a fresh folder of their own rather than the user's cache
os.environ.setdefault("GAMETHEORY_CACHE_DIR", tempfile.mkdtemp(prefix="gametheory-cache-"))


@pytest.fixture(scope="session")
def gambit():
    """The pygambit module, for cross-checks against Gambit.

    pygambit is a dev dependency (``pip install .[dev]``): a missing one fails the tests that
    need it, with this message, rather than skipping them (a skipped cross-check passes
    silently) or stopping the whole run at collection.
    """
    try:
        import pygambit
    except ImportError as exc:
        missing = str(exc)
    else:
        return pygambit
    pytest.fail(
        f"pygambit is not importable ({missing}): it is a dev dependency of these cross-checks; "
        "install it with `pip install .[dev]`",
        pytrace=False,
    )
