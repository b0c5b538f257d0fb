"""Sweep chunk stores keep types and checksums: a damaged chunk is named and computed again."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from gametheory import GameError
from gametheory.cli import main
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.sweep import grid
from gametheory.sweep.store import SweepStore, column_dtype, typed_round_trip

AXES = {"c": np.linspace(0.5, 3.0, 9), "r": np.linspace(0.0, 4.0, 9)}  # 81 points


def rule_code(game):
    """A per-point analysis with a string column of digits (a memory-one rule's code)."""
    return {"regime": "x", "code": "0110", "digits": "007", "n": len(game.actions[0])}


def _table(store, resume=False):
    t = grid(two_bloc(), AXES, rule_code, store=store, resume=resume, chunk_size=10)
    return {k: v.tolist() for k, v in t.to_columns().items()}


def test_string_columns_of_digits_stay_strings(tmp_path):
    # CSV cells carry no types: "0110" used to come back as the integer 110
    for table in (_table(None), _table(tmp_path / "s")):
        assert set(table["code"]) == {"0110"} and set(table["digits"]) == {"007"}
        assert set(table["n"]) == {2}
    again = SweepStore.export_from  # the store read back from disk, typed by the manifest
    again(tmp_path / "s", tmp_path / "t.csv")
    assert "0110" in (tmp_path / "t.csv").read_text()
    assert typed_round_trip({"a": ["0110", None], "b": [1, 2.5]})["a"].tolist() == ["0110", None]
    assert column_dtype([True, None]) == "bool" and column_dtype([1, 2]) == "int"


def _chunk(store: Path, k: int) -> Path:
    return store / f"chunk-{k:06d}.csv"


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b.replace(b"0110", b"0111", 1),  # a changed value, still valid CSV
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:40] + b"\xff\xfe" + b[42:],  # not UTF-8
        lambda b: b"",
    ],
)
def test_resume_names_a_damaged_chunk_and_computes_it_again(tmp_path, damage):
    clean = _table(tmp_path / "clean")
    store = tmp_path / "s"
    _table(store)
    path = _chunk(store, 3)
    path.write_bytes(damage(path.read_bytes()))
    # reading without resuming refuses by name (never "columns ... do not have 81 rows")
    with pytest.raises(GameError, match=r"chunk-000003\.csv' does not match its SHA-256"):
        SweepStore.export_from(store, tmp_path / "x.csv")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resumed = _table(store, resume=True)
    assert [str(w.message) for w in caught if "chunk-000003.csv" in str(w.message)]
    assert resumed == clean


def test_a_chunk_written_but_not_recorded_is_computed_again(tmp_path):
    store = tmp_path / "s"
    clean = _table(store)
    manifest = json.loads((store / "manifest.json").read_text())
    del manifest["chunks"]["chunk-000005.csv"]  # a kill between the two writes
    (store / "manifest.json").write_text(json.dumps(manifest))
    with pytest.warns(RuntimeWarning, match=r"chunk-000005\.csv' has no checksum"):
        assert _table(store, resume=True) == clean


def test_cli_resume_recomputes_a_changed_chunk(tmp_path, capsys):
    args = ["sweep", "builtin:two_bloc", "--grid", "c=0:2:9", "--grid", "r=0:2:9"]
    args += ["--workers", "0", "--chunk-size", "10", "--quiet"]
    clean, out = tmp_path / "clean.csv", tmp_path / "t.csv"
    assert main([*args, "--out", str(clean)]) == 0
    assert main([*args, "--out", str(out)]) == 0
    chunk = _chunk(Path(f"{out}.chunks"), 2)
    text = chunk.read_text().splitlines()
    text[1] = text[1].replace("stable", "fragile").replace("not-equilibrium", "stable")
    chunk.write_text("\n".join(text) + "\n")
    capsys.readouterr()
    assert main([*args, "--out", str(out), "--resume"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "note: grid(): chunk" in err and "chunk-000002.csv" in err
    assert out.read_bytes() == clean.read_bytes()
