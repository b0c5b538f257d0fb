"""``gametheory sweep`` refuses bad outputs, options and schedulers before computing."""

from __future__ import annotations

import socket
import sys
import threading

import pytest

import gametheory.sweep
from gametheory.cli import main

SWEEP = ["sweep", "builtin:two_bloc", "--grid", "c=0:1:3", "--quiet"]


@pytest.fixture
def no_computing(monkeypatch):
    """grid() must not run: every refusal here comes before the sweep."""

    def fail(*args, **kwargs):
        raise AssertionError("the sweep ran before the options were checked")

    monkeypatch.setattr(gametheory.sweep, "grid", fail)


def _refused(capsys, *args) -> str:
    assert main([*SWEEP, *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("gametheory: sweep: "), err
    return err


def test_out_naming_a_directory_is_refused_first(tmp_path, capsys, no_computing):
    (tmp_path / "t.csv").mkdir()
    assert "is a directory" in _refused(capsys, "--out", str(tmp_path / "t.csv"))
    assert "does not exist" in _refused(capsys, "--out", str(tmp_path / "no" / "t.csv"))


def test_parquet_without_pyarrow_is_refused_first(tmp_path, capsys, no_computing, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow fails
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    err = _refused(capsys, "--out", str(tmp_path / "t.parquet"))
    assert "Parquet needs pyarrow" in err
    assert not (tmp_path / "t.parquet.chunks").exists()


def test_worker_count_is_capped(capsys, no_computing):
    assert "more than 4 per core" in _refused(capsys, "--workers", "1000")
    assert "--workers must be >= 0" in _refused(capsys, "--workers", "-1")


@pytest.mark.parametrize(
    "option, analysis",
    [
        (["--method", "enummixed"], "criteria"),
        (["--starts", "10"], "solve"),
        (["--seed", "3"], "criteria"),
        (["--basins", "exact"], "solve"),
    ],
)
def test_options_the_analysis_ignores_are_refused(capsys, no_computing, option, analysis):
    err = _refused(capsys, *option, "--analysis", analysis)
    assert f"{option[0]} is used by --analysis" in err and f"not by --analysis {analysis}" in err


def test_bad_scheduler_address_is_one_line(capsys, no_computing):
    assert "is not a scheduler address" in _refused(capsys, "--scheduler", "foo")
    assert "is not a scheduler address" in _refused(capsys, "--scheduler", "tcp://h:99999")
    err = _refused(capsys, "--scheduler", "tcp://127.0.0.1:1", "--workers", "2")
    assert "drop one of them" in err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nothing_listening_is_refused_at_once(capsys, no_computing):
    port = _closed_port()
    err = _refused(capsys, "--scheduler", f"tcp://127.0.0.1:{port}")
    assert f"nothing answers at tcp://127.0.0.1:{port}" in err


def test_a_silent_service_times_out(capsys, no_computing):
    pytest.importorskip("distributed")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []

    def accept() -> None:  # accepts and says nothing, like a non-Dask service
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    port = server.getsockname()[1]
    try:
        err = _refused(capsys, "--scheduler", f"tcp://127.0.0.1:{port}")
        assert "accepts connections but is not a Dask scheduler answering" in err
    finally:
        server.close()
        for conn in accepted:
            conn.close()
