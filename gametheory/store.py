"""Sweep results on disk, one chunk file at a time, so a killed sweep loses nothing it finished.

A *store* is a directory::

    manifest.json        what was swept: model, grid, fixed parameters, analysis, chunk size
    chunk-000000.csv     the rows of grid points [0, chunk_size), header included
    chunk-000001.csv     ...

Every chunk file is written to a temporary name in the same directory and then renamed with
:func:`os.replace`, which is atomic on POSIX and Windows: a chunk file either holds all the
rows of its chunk or does not exist, whenever the process is killed. Resuming recomputes
exactly the chunks whose files are missing, so no point is lost or computed twice, and the
final table is the concatenation of the chunk files in order — byte for byte what an
uninterrupted run writes.

Why CSV chunks: the standard library writes and reads them (a store needs no dependency), any
tool opens them, appending a chunk is one small file, and floats are written with ``repr`` so
they read back exactly. The cost — parsing text — is paid once, when the table is assembled,
and is small next to per-point analyses that take milliseconds a point. The assembled table can
also be written as Parquet (typed, compressed; needs ``pyarrow``), see :func:`write_table`.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from .errors import GameError

MANIFEST = "manifest.json"
FORMAT = "gametheory-sweep"
VERSION = 1
_CHUNK = re.compile(r"^chunk-(\d{6,})\.csv$")


@contextmanager
def _no_gc():
    """Pause the cyclic garbage collector while millions of row lists are made and dropped.

    Those lists hold only strings, so they cannot form cycles; without the pause the collector
    runs over and over during one parse and takes two thirds of its time.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _chunk_name(k: int) -> str:
    return f"chunk-{k:06d}.csv"


def _atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that `path` is either absent/old or complete, never partial."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def _cells(column: Sequence[Any]) -> list[str]:
    """One column as CSV cells; whole-column fast paths for the common plain types."""
    values = column.tolist() if isinstance(column, np.ndarray) else list(column)
    kinds = set(map(type, values))
    if kinds <= {float}:
        return list(map(repr, values))
    if kinds <= {str}:
        return values
    if kinds <= {bool, type(None)}:
        text = {True: "True", False: "False", None: ""}
        return [text[v] for v in values]
    return [_cell(v) for v in values]


def csv_bytes(columns: Mapping[str, Sequence[Any]], header: bool = True) -> bytes:
    """Columns as CSV text: ``repr`` floats, ``True``/``False``, empty cells for None.

    >>> csv_bytes({"c": [0.1, 2.0], "nash": [True, None]}).decode().splitlines()
    ['c,nash', '0.1,True', '2.0,']
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(list(columns))
    with _no_gc():
        writer.writerows(zip(*(_cells(col) for col in columns.values()), strict=True))
    return buffer.getvalue().encode()


def _parse_column(cells: Sequence[str]) -> np.ndarray:
    """Typed values of one CSV column: bool, int, float, else str (None for empty cells)."""
    distinct = set(cells)
    missing = "" in distinct
    present = distinct - {""}
    if present and present <= {"True", "False"}:
        if not missing:
            return np.asarray(cells) == "True"
        return np.array([None if c == "" else c == "True" for c in cells], dtype=object)
    try:  # repr of a float always has ".", "e", "nan" or "inf": int() fails on it at once
        ints = [None if c == "" else int(c) for c in cells]
        return np.array(ints, dtype=object if missing else np.int64)
    except ValueError:
        pass
    try:
        if missing:
            cells = ["nan" if c == "" else c for c in cells]
        return np.array(cells, dtype=float)
    except ValueError:
        return np.array([None if c == "" else c for c in cells], dtype=object)


def parse_csv(text: str) -> dict[str, np.ndarray]:
    """Typed columns from CSV text with a header row (see :func:`csv_bytes`).

    >>> cols = parse_csv("c,regime,nash\\n0.5,stable,True\\n1.0,fragile,\\n")
    >>> cols["c"].tolist(), cols["regime"].tolist(), cols["nash"].tolist()
    ([0.5, 1.0], ['stable', 'fragile'], [True, None])
    """
    with _no_gc():
        rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise GameError("read_table(): the CSV text is empty; expected a header row")
    header, body = rows[0], rows[1:]
    try:
        with _no_gc():
            columns = list(zip(*body, strict=True)) if body else [() for _ in header]
        if len(columns) != len(header):
            raise ValueError
    except ValueError:
        line = next(k for k, row in enumerate(rows, 1) if len(row) != len(header))
        raise GameError(
            f"read_table(): line {line} has a different number of cells than the header "
            f"({len(header)})"
        ) from None
    return {name: _parse_column(cells) for name, cells in zip(header, columns, strict=True)}


def read_table(path: str | Path) -> dict[str, np.ndarray]:
    """A finished sweep table from disk (``.csv`` or ``.parquet``), one array per column."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return parse_csv(path.read_text())
    if suffix == ".parquet":
        pq = _parquet("read_table()")
        data = pq.read_table(path).to_pydict()
        out = {}
        for name, values in data.items():
            if any(v is None for v in values):
                out[name] = np.array(values, dtype=object)
            else:
                out[name] = np.array(values, dtype=object if isinstance(values[0], str) else None)
        return out
    raise GameError(f"read_table(): {str(path)!r} is neither .csv nor .parquet")


def _parquet(func: str):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise GameError(
            f"{func}: Parquet needs pyarrow (pip install 'gametheory[parquet]'); or use .csv"
        ) from None
    return pq


def write_table(
    columns: Mapping[str, Sequence[Any]], path: str | Path, fmt: str | None = None
) -> None:
    """Write typed columns as ``fmt`` (``"csv"`` or ``"parquet"``; default: by the extension of
    `path`), atomically."""
    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".")
    if fmt == "csv":
        _atomic_write(path, csv_bytes(columns))
        return
    if fmt != "parquet":
        raise GameError(f"write_table(): {str(path)!r}: the extension must be .csv or .parquet")
    pq = _parquet("write_table()")
    import pyarrow as pa

    arrays = {}
    for name, values in columns.items():
        arr = np.asarray(values)
        if arr.dtype == object:
            arrays[name] = pa.array(arr.tolist())
        else:
            arrays[name] = pa.array(arr)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(pa.table(arrays), tmp)
    os.replace(tmp, path)


def _changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    keys = [k for k in {**old, **new} if old.get(k) != new.get(k)]
    return ", ".join(f"{k} {old.get(k)} there, {new.get(k)} here" for k in keys)


def _describe_difference(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """One phrase naming what differs between two sweep identities."""
    if old.get("model") != new.get("model"):
        return "model: its payoffs, parameters or defaults differ"
    if old.get("axes") != new.get("axes"):
        a, b = dict(old.get("axes", [])), dict(new.get("axes", []))
        if list(a) != list(b):
            return f"swept parameters {list(a)} there, {list(b)} here"
        for name in a:
            if a[name] != b[name]:
                x, y = a[name], b[name]
                return (
                    f"grid axis {name!r} is {x[0]:g}..{x[-1]:g} ({len(x)} points) there, "
                    f"{y[0]:g}..{y[-1]:g} ({len(y)} points) here"
                )
    if old.get("fixed") != new.get("fixed"):
        return f"fixed parameters: {_changed(old.get('fixed', {}), new.get('fixed', {}))}"
    return f"analysis: {_changed(old.get('analysis', {}), new.get('analysis', {}))}"


class SweepStore:
    """A directory of chunk files plus a manifest (see the module docstring).

    Parameters
    ----------
    path : str or Path
        The directory; created if absent.
    identity : mapping
        JSON-able description of the sweep (model, axes, fixed parameters, analysis). A store
        holding a different sweep is refused, whatever `resume` says, so results never mix.
    total : int
        Number of grid points.
    chunk_size : int
        Points per chunk for a new store; a resumed store keeps the size it was made with.
    resume : bool
        Keep the finished chunks of a store of the same sweep (else they are deleted and the
        sweep starts over).
    about : mapping, optional
        Provenance recorded in the manifest but not compared (e.g. the model's file name).
    """

    def __init__(
        self,
        path: str | Path,
        identity: Mapping[str, Any],
        total: int,
        chunk_size: int,
        resume: bool = False,
        about: Mapping[str, Any] | None = None,
    ) -> None:
        self.path = Path(path)
        identity = json.loads(json.dumps(identity))  # normalise tuples, numpy floats, ...
        manifest_path = self.path / MANIFEST
        if self.path.exists() and not self.path.is_dir():
            raise GameError(f"grid(): store {str(self.path)!r} exists and is not a directory")
        if manifest_path.exists():
            try:
                manifest = json.loads(manifest_path.read_text())
                if manifest.get("format") != FORMAT:
                    raise ValueError("not a sweep manifest")
            except (ValueError, OSError) as err:
                raise GameError(
                    f"grid(): {str(manifest_path)!r} is not a sweep manifest ({err}); "
                    "choose another output or delete the directory"
                ) from None
            if manifest["sweep"] != identity:
                raise GameError(
                    f"grid(): store {str(self.path)!r} holds a different sweep "
                    f"({_describe_difference(manifest['sweep'], identity)}); refusing to mix "
                    "results: use another output or delete that directory"
                )
            if not resume:
                for name in self._chunk_files():
                    (self.path / name).unlink()
                manifest["chunk_size"] = int(chunk_size)
                _atomic_write(manifest_path, json.dumps(manifest, indent=1).encode())
            self.chunk_size = int(manifest["chunk_size"])
        else:
            if self.path.is_dir() and any(self.path.iterdir()):
                raise GameError(
                    f"grid(): {str(self.path)!r} is a non-empty directory without a sweep "
                    "manifest; choose another output"
                )
            self.path.mkdir(parents=True, exist_ok=True)
            self.chunk_size = int(chunk_size)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "sweep": identity,
                "about": dict(about or {}),
                "points": int(total),
                "chunk_size": self.chunk_size,
            }
            _atomic_write(manifest_path, json.dumps(manifest, indent=1).encode())
        for stale in self.path.glob(".chunk-*.tmp-*"):  # from a killed writer
            stale.unlink(missing_ok=True)
        self.total = int(total)
        self.n_chunks = -(-self.total // self.chunk_size)

    def _chunk_files(self) -> list[str]:
        return sorted(p.name for p in self.path.iterdir() if _CHUNK.match(p.name))

    def finished(self) -> set[int]:
        """Indices of the chunks already on disk."""
        return {int(_CHUNK.match(name).group(1)) for name in self._chunk_files()}

    def bounds(self, k: int) -> tuple[int, int]:
        """Flat grid indices ``[start, stop)`` of chunk `k`."""
        start = k * self.chunk_size
        return start, min(start + self.chunk_size, self.total)

    def write(self, k: int, columns: Mapping[str, Sequence[Any]]) -> None:
        """Store chunk `k` (atomically)."""
        _atomic_write(self.path / _chunk_name(k), csv_bytes(columns))

    def table_csv(self) -> bytes:
        """The whole table as CSV: one header, then every chunk's rows in grid order."""
        missing = sorted(set(range(self.n_chunks)) - self.finished())
        if missing:
            raise GameError(
                f"grid(): store {str(self.path)!r} misses {len(missing)} of {self.n_chunks} "
                "chunks; run the sweep again with resume to finish it"
            )
        parts, header = [], None
        for k in range(self.n_chunks):
            text = (self.path / _chunk_name(k)).read_bytes()
            head, _, body = text.partition(b"\n")
            if header is None:
                header = head
                parts.append(head + b"\n")
            elif head != header:
                raise GameError(
                    f"grid(): chunk {k} of {str(self.path)!r} has columns {head.decode()!r}, "
                    f"chunk 0 has {header.decode()!r}"
                )
            parts.append(body)
        return b"".join(parts)

    def read(self) -> dict[str, np.ndarray]:
        """The whole table, typed (see :func:`parse_csv`)."""
        return parse_csv(self.table_csv().decode())

    @staticmethod
    def export_from(directory: str | Path, path: str | Path) -> None:
        """Write the finished table of the store in `directory` to `path` (see :meth:`export`)."""
        manifest = json.loads((Path(directory) / MANIFEST).read_text())
        store = SweepStore(
            directory, manifest["sweep"], manifest["points"], manifest["chunk_size"], resume=True
        )
        store.export(path)

    def export(self, path: str | Path) -> None:
        """Write the finished table to ``.csv`` (chunks concatenated) or ``.parquet``."""
        path = Path(path)
        if path.suffix.lower() == ".csv":
            _atomic_write(path, self.table_csv())
        else:
            write_table(self.read(), path)


__all__ = ["SweepStore", "csv_bytes", "parse_csv", "read_table", "write_table"]
