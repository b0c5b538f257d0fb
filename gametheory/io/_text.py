"""Reading a user's file as text, with errors that name the caller and the file."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GameError


def read_text(path: str | os.PathLike[str], func: str) -> tuple[str, str]:
    """``(text, source)`` of a UTF-8 file; GameError ``"{func}: ..."`` if it cannot be read."""
    source = os.fspath(path)
    try:
        return Path(source).read_text(encoding="utf-8"), source
    except FileNotFoundError:
        raise GameError(f"{func}: no such file: {source}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GameError(f"{func}: cannot read {source}: {err}") from None
