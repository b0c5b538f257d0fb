"""The cache of solved inequality systems: same answers, no code run from a cache file."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from gametheory.deterrence.two_bloc import two_bloc
from gametheory.stability import _solved_cache as cache
from gametheory.stability import thresholds


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("GAMETHEORY_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GAMETHEORY_NO_CACHE", raising=False)
    cache.clear_memory()
    yield tmp_path / "solved"
    cache.clear_memory()


def statements(found):
    return [(t.criterion, t.relation, str(t.boundary), t.side_conditions) for t in found]


def test_round_trip_keeps_every_expression():
    model = two_bloc(noise="capability")
    found = thresholds(model, "R,R", "r", assume=[model.symbol("eps0") * model.symbol("c") < 1])
    for t in found:
        value = (t.boundary, t.inequalities, t.requires, (t.relation, True))
        symbols = {s.name: s for s in model.parameters}
        assert cache.decode(json.loads(json.dumps(cache.encode(value))), symbols) == value


def test_second_call_reads_the_disk_and_agrees(folder):
    model = two_bloc()
    first = statements(thresholds(model, "R,R", "r"))
    assert len(list(folder.glob("*.json"))) >= 2
    cache.clear_memory()
    calls = []
    original = cache.cached

    def counting(version, inputs, compute):
        return original(version, inputs, lambda: calls.append(1) or compute())

    from gametheory.stability import inequalities

    inequalities.cached = counting
    try:
        second = statements(thresholds(model, "R,R", "r"))
    finally:
        inequalities.cached = original
    assert second == first and calls == []


def test_corrupt_or_foreign_files_are_recomputed(folder):
    model = two_bloc()
    first = statements(thresholds(model, "R,R", "r"))
    files = sorted(folder.glob("*.json"))
    files[0].write_text("{not json")
    # a class outside the whitelist: a cache file is data, never code
    files[1].write_text(json.dumps(["__import__", ["str", "os"]]))
    cache.clear_memory()
    assert statements(thresholds(model, "R,R", "r")) == first
    assert json.loads(files[0].read_text())  # rewritten with the recomputed entry
    assert json.loads(files[1].read_text())[0] != "__import__"


def test_no_cache_writes_nothing(folder, monkeypatch):
    monkeypatch.setenv("GAMETHEORY_NO_CACHE", "1")
    thresholds(two_bloc().subs(r=0), "R,R", "c")
    assert not folder.exists() or not list(folder.glob("*.json"))


def test_unencodable_inputs_are_computed_not_cached(folder):
    x = sp.Symbol("x")
    assert cache.cached("v", (sp.sin(x),), lambda: (x,)) == (x,)
    assert not folder.exists() or not list(folder.glob("*.json"))


def test_cached_data_round_trip_corrupt_file_and_version(folder):
    calls = []

    def compute():
        calls.append(1)
        return {"rows": [1, 2.5, "x"], "n": 3}

    inputs = {"payoffs": [0.1, 0.2], "delta": 0.9}
    first = cache.cached_data("v1", inputs, compute)
    (path,) = folder.glob("data-*.json")
    cache.clear_memory()
    assert cache.cached_data("v1", inputs, compute) == first and len(calls) == 1
    path.write_text("{not json")
    cache.clear_memory()
    assert cache.cached_data("v1", inputs, compute) == first and len(calls) == 2
    assert json.loads(path.read_text()) == first  # rewritten
    cache.clear_memory()
    cache.cached_data("v2", inputs, compute)  # another code version: computed again
    cache.cached_data("v1", {**inputs, "delta": 0.9000000000000001}, compute)  # bit-different
    assert len(calls) == 4 and len(list(folder.glob("data-*.json"))) == 3
