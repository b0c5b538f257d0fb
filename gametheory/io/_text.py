"""Reading a user's file as text, with errors that name the caller and the file."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GameError, TooLargeError

MAX_FILE_BYTES = 50_000_000
"""Largest game or model file read (bytes); larger files are refused before reading."""


def read_text(path: str | os.PathLike[str], func: str) -> tuple[str, str]:
    """``(text, source)`` of a UTF-8 file (a byte-order mark is skipped); GameError
    ``"{func}: ..."`` if it cannot be read or is larger than :data:`MAX_FILE_BYTES`."""
    source = os.fspath(path)
    try:
        size = os.stat(source).st_size
        if size > MAX_FILE_BYTES:
            raise TooLargeError(
                f"{func}: {source} has {size:,} bytes, more than MAX_FILE_BYTES = "
                f"{MAX_FILE_BYTES:,}; no game this project can analyse needs a file that large"
            )
        return Path(source).read_text(encoding="utf-8-sig"), source
    except FileNotFoundError:
        raise GameError(f"{func}: no such file: {source}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GameError(f"{func}: cannot read {source}: {err}") from None
