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

Every chunk is also recorded in the manifest (``chunks``: its grid bounds, the type of each
column and a SHA-256 of the file's bytes and those types), written after the chunk file. CSV
cells carry no types — a string column ``"0110"`` would read back as the integer 110 — so the
columns are read back with the recorded types. A chunk whose file no longer matches its record
(changed, truncated, corrupted), or that has no record (the run was killed between the two
writes), is not trusted: resuming names it and computes it again, and reading a table refuses
it by name. Nothing in a damaged chunk reaches a table.

Why CSV chunks: the standard library writes and reads them (a store needs no dependency), any
tool opens them, appending a chunk is one small file, and floats are written with ``repr`` so
they read back exactly. The cost — parsing text — is paid once, when the table is assembled,
and is small next to per-point analyses that take milliseconds a point. The assembled table can
also be written as Parquet (typed, compressed; needs ``pyarrow``), see :func:`write_table`.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GameError

MANIFEST = "manifest.json"
FORMAT = "gametheory-sweep"
VERSION = 2
"""2: per-chunk checksums and column types in the manifest (version 1 stores' chunks are not
trusted on resume: they are computed again)."""

DTYPES = ("bool", "int", "float", "str", "none")
"""Column types recorded per chunk: ``none`` is a column of empty cells only."""
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
    try:  # empty cells as NaN here only: a text column keeps them as None below
        return np.array(["nan" if c == "" else c for c in cells] if missing else cells, float)
    except ValueError:
        return np.array([None if c == "" else c for c in cells], dtype=object)


def column_dtype(column: Sequence[Any]) -> str:
    """The type a column is read back as (see :data:`DTYPES`); None cells are allowed anywhere.

    >>> column_dtype(["0110", None]), column_dtype([1, 2.5]), column_dtype([True, None])
    ('str', 'float', 'bool')
    """
    values = column.tolist() if isinstance(column, np.ndarray) else list(column)
    kinds = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, (bool, np.bool_)):
            kinds.add("bool")
        elif isinstance(v, (int, np.integer)):
            kinds.add("int")
        elif isinstance(v, (float, np.floating)):
            kinds.add("float")
        else:
            kinds.add("str")
    return merge_dtypes(kinds)


def merge_dtypes(kinds: Any) -> str:
    """One type for cells of several types: int with float is float; any other mix is str."""
    kinds = set(kinds) - {"none"}
    if not kinds:
        return "none"
    if len(kinds) == 1:
        return kinds.pop()
    return "float" if kinds == {"int", "float"} else "str"


def _typed_column(cells: Sequence[str], dtype: str) -> np.ndarray:
    """Cells of one column read as `dtype` (ValueError if a cell does not fit it)."""
    missing = "" in cells
    if dtype == "none":
        if set(cells) - {""}:
            raise ValueError("a cell of an empty column is not empty")
        return np.array([None] * len(cells), dtype=object)
    if dtype == "str":
        return np.array([None if c == "" else c for c in cells], dtype=object)
    if dtype == "bool":
        if set(cells) - {"", "True", "False"}:
            raise ValueError("a cell of a bool column is not True or False")
        if not missing:
            return np.asarray(cells) == "True"
        return np.array([None if c == "" else c == "True" for c in cells], dtype=object)
    if dtype == "int":
        ints = [None if c == "" else int(c) for c in cells]
        return np.array(ints, dtype=object if missing else np.int64)
    if dtype == "float":
        return np.array(["nan" if c == "" else c for c in cells], dtype=float)
    raise ValueError(f"unknown column type {dtype!r}")


def parse_csv(text: str, dtypes: Mapping[str, str] | None = None) -> dict[str, np.ndarray]:
    """Typed columns from CSV text with a header row (see :func:`csv_bytes`).

    With `dtypes` (column name to one of :data:`DTYPES`) the columns are read as those types;
    without, each column's type is guessed from its cells (bool, int, float, else str).

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
    if dtypes is None:
        return {name: _parse_column(cells) for name, cells in zip(header, columns, strict=True)}
    if list(dtypes) != header:
        raise GameError(f"read_table(): columns {header} do not match the types {list(dtypes)}")
    out = {}
    for name, cells in zip(header, columns, strict=True):
        try:
            out[name] = _typed_column(cells, dtypes[name])
        except ValueError as err:
            raise GameError(f"read_table(): column {name!r}: {err}") from None
    return out


def typed_round_trip(columns: Mapping[str, Sequence[Any]]) -> dict[str, np.ndarray]:
    """Columns as a stored chunk reads back (the in-memory and stored sweeps must agree)."""
    dtypes = {name: column_dtype(values) for name, values in columns.items()}
    return parse_csv(csv_bytes(columns).decode(), dtypes)


def _digest(data: bytes, dtypes: Mapping[str, str]) -> str:
    """SHA-256 of a chunk file's bytes and its column types."""
    h = hashlib.sha256(data)
    h.update(b"\0" + json.dumps(dict(dtypes)).encode())
    return h.hexdigest()


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
    repair : bool
        A chunk file that does not match its checksum is deleted with a warning naming it (and
        computed again by the sweep); False refuses it instead (GameError naming it), for
        reading a finished store.
    """

    def __init__(
        self,
        path: str | Path,
        identity: Mapping[str, Any],
        total: int,
        chunk_size: int,
        resume: bool = False,
        about: Mapping[str, Any] | None = None,
        repair: bool = True,
    ) -> None:
        self.path = Path(path)
        identity = json.loads(json.dumps(identity))  # normalise tuples, numpy floats, ...
        manifest_path = self.path / MANIFEST
        if self.path.exists() and not self.path.is_dir():
            raise GameError(f"grid(): store {str(self.path)!r} exists and is not a directory")
        if manifest_path.exists():
            try:
                self._saved = manifest_path.read_bytes()
                manifest = json.loads(self._saved)
                if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                    raise ValueError("not a sweep manifest")
            except (ValueError, OSError) as err:
                raise GameError(
                    f"grid(): {str(manifest_path)!r} is not a sweep manifest ({err}); "
                    "choose another output or delete the directory"
                ) from None
            size = manifest.get("chunk_size")
            if (
                "sweep" not in manifest
                or isinstance(size, bool)
                or not isinstance(size, int)
                or size < 1
                or not isinstance(manifest.get("chunks", {}), dict)
            ):
                raise GameError(
                    f"grid(): {str(manifest_path)!r} is damaged (its sweep or chunk size is "
                    "missing or wrong); delete the directory to start over"
                )
            if manifest["sweep"] != identity:
                raise GameError(
                    f"grid(): store {str(self.path)!r} holds a different sweep "
                    f"({_describe_difference(manifest['sweep'], identity)}); refusing to mix "
                    "results: use another output or delete that directory"
                )
            if manifest.get("points") != int(total):
                raise GameError(
                    f"grid(): {str(manifest_path)!r} is damaged (it says {manifest.get('points')!r}"
                    f" points, the sweep has {int(total)}); delete the directory to start over"
                )
            if manifest.get("version") != VERSION:  # no checksums: nothing can be trusted
                manifest["version"] = VERSION
                manifest["chunks"] = {}
            manifest.setdefault("chunks", {})
            if not resume:
                for name in self._chunk_files():
                    (self.path / name).unlink()
                manifest["chunk_size"] = int(chunk_size)
                manifest["chunks"] = {}
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
                "chunks": {},
            }
        for stale in self.path.glob(".chunk-*.tmp-*"):  # from a killed writer
            stale.unlink(missing_ok=True)
        self.total = int(total)
        self.n_chunks = -(-self.total // self.chunk_size)
        self._manifest = manifest
        self.repaired: list[tuple[str, str]] = []
        """Chunk files found untrustworthy on opening, with the reason; computed again."""
        self._good: set[int] = set()
        for name in self._chunk_files():
            k = int(_CHUNK.match(name).group(1))
            problem = self._problem(k) if k < self.n_chunks else "is beyond the grid"
            if problem is None:
                self._good.add(k)
                continue
            if not repair:
                raise GameError(
                    f"grid(): chunk {str(self.path / name)!r} {problem}; run the sweep again "
                    "with resume to compute it again"
                )
            self.repaired.append((name, problem))
            warnings.warn(
                f"grid(): chunk {str(self.path / name)!r} {problem}; computing it again",
                RuntimeWarning,
                stacklevel=3,
            )
            (self.path / name).unlink()
        kept = manifest["chunks"]
        manifest["chunks"] = {_chunk_name(k): kept[_chunk_name(k)] for k in sorted(self._good)}
        self._save_manifest()

    def _save_manifest(self) -> None:
        """Write the manifest if it changed (a finished store opened again is left untouched)."""
        data = json.dumps(self._manifest, indent=1).encode()
        if data != getattr(self, "_saved", None):
            _atomic_write(self.path / MANIFEST, data)
            self._saved = data

    def _problem(self, k: int, data: bytes | None = None) -> str | None:
        """Why chunk `k`'s file cannot be trusted, or None if it matches its manifest record."""
        name = _chunk_name(k)
        record = self._manifest["chunks"].get(name)
        if record is None:
            return "has no checksum in the manifest (written by a run stopped before recording it)"
        try:
            dtypes = record["dtypes"]
            ok = (
                [record["start"], record["stop"]] == list(self.bounds(k))
                and isinstance(dtypes, dict)
                and all(d in DTYPES for d in dtypes.values())
                and isinstance(record["sha256"], str)
            )
        except (KeyError, TypeError):
            ok = False
        if not ok:
            return "has a damaged record in the manifest"
        if data is None:
            try:
                data = (self.path / name).read_bytes()
            except OSError as err:
                return f"cannot be read ({err.strerror})"
        if _digest(data, dtypes) != record["sha256"]:
            return "does not match its SHA-256 in the manifest (changed, truncated or corrupted)"
        return None

    def _chunk_files(self) -> list[str]:
        return sorted(p.name for p in self.path.iterdir() if _CHUNK.match(p.name))

    def finished(self) -> set[int]:
        """Indices of the chunks on disk that match their checksums."""
        return set(self._good)

    def bounds(self, k: int) -> tuple[int, int]:
        """Flat grid indices ``[start, stop)`` of chunk `k`."""
        start = k * self.chunk_size
        return start, min(start + self.chunk_size, self.total)

    def write(self, k: int, columns: Mapping[str, Sequence[Any]]) -> None:
        """Store chunk `k` (atomically), then record its types and checksum in the manifest."""
        from .._interrupt import interrupts_between_chunks

        data = csv_bytes(columns)
        dtypes = {name: column_dtype(values) for name, values in columns.items()}
        start, stop = self.bounds(k)
        # Ctrl-C waits until the chunk and its record are both written (a kill cannot: then
        # the unrecorded chunk is computed again on resume)
        with interrupts_between_chunks():
            _atomic_write(self.path / _chunk_name(k), data)
            self._manifest["chunks"][_chunk_name(k)] = {
                "start": start,
                "stop": stop,
                "dtypes": dtypes,
                "sha256": _digest(data, dtypes),
            }
            self._save_manifest()
            self._good.add(k)

    def _verified_chunks(self) -> list[bytes]:
        """Every chunk file's bytes, each checked against its checksum (GameError naming it)."""
        missing = sorted(set(range(self.n_chunks)) - self._good)
        if missing:
            raise GameError(
                f"grid(): store {str(self.path)!r} misses {len(missing)} of {self.n_chunks} "
                "chunks; run the sweep again with resume to finish it"
            )
        out = []
        for k in range(self.n_chunks):
            name = self.path / _chunk_name(k)
            try:
                data = name.read_bytes()
            except OSError:
                data = None
            problem = "is missing" if data is None else self._problem(k, data)
            if problem is not None:
                raise GameError(
                    f"grid(): chunk {str(name)!r} {problem}; run the sweep again with resume "
                    "to compute it again"
                )
            out.append(data)
        return out

    def table_csv(self) -> bytes:
        """The whole table as CSV: one header, then every chunk's rows in grid order."""
        return self._table()[0]

    def _table(self) -> tuple[bytes, dict[str, str]]:
        parts, header, kinds = [], None, {}
        for k, text in enumerate(self._verified_chunks()):
            head, _, body = text.partition(b"\n")
            if header is None:
                header = head
                parts.append(head + b"\n")
            elif head != header:
                raise GameError(
                    f"grid(): chunk {k} of {str(self.path)!r} has columns {head.decode()!r}, "
                    f"chunk 0 has {header.decode()!r}"
                )
            for name, dtype in self._manifest["chunks"][_chunk_name(k)]["dtypes"].items():
                kinds.setdefault(name, set()).add(dtype)
            parts.append(body)
        return b"".join(parts), {name: merge_dtypes(d) for name, d in kinds.items()}

    def read(self) -> dict[str, np.ndarray]:
        """The whole table, each column read with the types recorded for its chunks."""
        text, dtypes = self._table()
        return parse_csv(text.decode(), dtypes)

    @staticmethod
    def export_from(directory: str | Path, path: str | Path) -> None:
        """Write the finished table of the store in `directory` to `path` (see :meth:`export`)."""
        try:
            manifest = json.loads((Path(directory) / MANIFEST).read_text())
            manifest["sweep"], manifest["points"], manifest["chunk_size"]
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise GameError(f"export: {str(directory)!r} holds no readable sweep ({err})") from None
        store = SweepStore(
            directory,
            manifest["sweep"],
            manifest["points"],
            manifest["chunk_size"],
            resume=True,
            repair=False,
        )
        store.export(path)

    def export(self, path: str | Path) -> None:
        """Write the finished table to ``.csv`` (chunks concatenated) or ``.parquet``."""
        path = Path(path)
        if path.suffix.lower() == ".csv":
            _atomic_write(path, self.table_csv())
        else:
            write_table(self.read(), path)


__all__ = [
    "SweepStore",
    "column_dtype",
    "csv_bytes",
    "parse_csv",
    "read_table",
    "typed_round_trip",
    "write_table",
]
