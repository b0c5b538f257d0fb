"""Sweeps at scale: any per-point analysis in chunks, on process pools and Dask, resumable on disk.

The properties checked: the table does not depend on where or in how many chunks it was
computed (in-process, a local process pool, a Dask LocalCluster; chunk sizes 1..all); the
per-point analyses agree with calling classify()/solve() directly at that point; a store
refuses a different sweep and resumes the same one without recomputing finished chunks.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from gametheory import GameError, classify, solve
from gametheory.cli import main
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.sweep import grid
from gametheory.sweep.analyses import point_seed
from gametheory.sweep.store import SweepStore, parse_csv, read_table

# generic values: no grid point lies exactly on a threshold line, where a tolerance decides
AXES = {"c": np.linspace(0.05, 4.95, 6), "r": np.linspace(0.1, 4.9, 5)}
# Monte Carlo basins (2x2 games would get exact ones): the per-point seeds matter
CLASSIFY = {"n_starts": 8, "seed": 3, "basin_method": "monte-carlo"}


def equilibrium_count(game):
    """A module-level per-point analysis (picklable), returning columns."""
    result = solve(game)
    pure = sum(eq.pure_profile() is not None for eq in result.equilibria)
    return {"regime": f"{len(result.equilibria)} NE", "pure": pure}


def same_columns(a, b):
    assert list(a) == list(b)
    for name in a:
        x, y = np.asarray(a[name]), np.asarray(b[name])
        assert x.dtype == y.dtype, name
        if x.dtype == float:  # exact equality, NaN (a None in the report) where the other has NaN
            np.testing.assert_array_equal(x, y, err_msg=name, strict=True)
        else:
            assert x.tolist() == y.tolist(), name


@pytest.fixture(scope="module")
def classify_table():
    return grid(two_bloc(), AXES, "classify", options=CLASSIFY)


def test_chunked_criteria_equal_the_vectorised_grid(tmp_path):
    model = two_bloc()
    whole = grid(model, AXES)
    chunked = grid(model, AXES, "criteria", store=tmp_path / "s", chunk_size=7)
    assert chunked.regimes == whole.regimes
    for what in ("labels", "nash", "strict", "risk_dominant"):
        assert np.array_equal(getattr(chunked, what), getattr(whole, what)), what
    same_columns(chunked.to_columns(), whole.to_columns())


def test_classify_columns_are_the_report_at_each_point(classify_table):
    """Every row is classify() of that point's game with the point's own seed."""
    model = two_bloc()
    shape = classify_table.shape
    for flat in (0, 7, 17, 29):
        i, j = np.unravel_index(flat, shape)
        c, r = AXES["c"][i], AXES["r"][j]
        seed = point_seed(CLASSIFY["seed"], flat)
        report = classify(
            model.at(c=c, r=r),
            "R,R",
            n_starts=CLASSIFY["n_starts"],
            seed=seed,
            basin_method="monte-carlo",
        )
        cols = classify_table.columns
        assert cols["seed"][i, j] == seed
        assert cols["basin_share"][i, j] == report.basin_share
        assert cols["basin[R,R]"][i, j] == report.basin_shares.get("R,R", 0.0)
        assert cols["qre_limit"][i, j] == report.qre_limit
        assert cols["strict"][i, j] == report.strict
        assert cols["deviation_gains[A]"][i, j] == report.deviation_gains[0]
        # the sweep traces a chunk's logit branches together (docs/sweeps.md: lambda within
        # 1e-6 relative of the per-game follower's)
        assert cols["qre_lambda"][i, j] == pytest.approx(report.qre_lambda, rel=1e-6)
        assert classify_table.regimes[classify_table.labels[i, j]] == report.regime
    # every field of the report has its column(s)
    prefix = {"eigenvalues": "eigenvalue[", "basin_shares": "basin[", "qre_endpoint": "qre["}
    settings = {"profile", "tol", "n_starts"}
    for key in set(report.to_dict()) - settings:
        mark = prefix.get(key, key)
        assert any(
            name == mark or name.startswith(f"{mark}[") or name.startswith(mark)
            for name in ["regime", *cols]
        ), key


def test_classify_regimes_agree_with_the_vectorised_criteria(classify_table):
    """Two separate codes (Harsanyi-Selten products over arrays; classify per game) agree."""
    criteria = grid(two_bloc(), AXES)
    assert classify_table.regimes == criteria.regimes
    assert np.array_equal(classify_table.labels, criteria.labels)
    assert len(set(classify_table.labels.ravel().tolist())) == 3  # all regimes occur


def test_the_monte_carlo_basins_depend_on_the_seed(classify_table):
    """Else the chunking tests below could not tell per-point seeds from a fixed one."""
    other = grid(two_bloc(), AXES, "classify", options={**CLASSIFY, "seed": 4})
    assert set(classify_table.columns["basin_method"].ravel().tolist()) == {"monte-carlo"}
    share, again = classify_table.columns["basin_share"], other.columns["basin_share"]
    assert not np.array_equal(share, again)
    # and the points differ from each other: not one seed reused everywhere
    assert len(set(classify_table.columns["seed"].ravel().tolist())) == share.size


@pytest.mark.parametrize("chunk_size", [1, 4, 30])
def test_classify_table_does_not_depend_on_chunking(classify_table, chunk_size):
    table = grid(two_bloc(), AXES, "classify", options=CLASSIFY, chunk_size=chunk_size)
    same_columns(table.to_columns(), classify_table.to_columns())


def test_solve_analysis_counts_equilibria():
    # r = 0: a prisoner's dilemma (one equilibrium, escalation); r = 4: a stag hunt with three
    table = grid(two_bloc(), {"r": [0.0, 4.0]}, "solve", fixed={"c": 2.0})
    assert table.columns["equilibria"].tolist() == [1, 3]
    assert table.columns["pure_equilibria"].tolist() == [1, 2]
    assert [table.regimes[k] for k in table.labels] == ["not-equilibrium", "equilibrium"]


def test_process_pool_gives_the_in_process_table(classify_table):
    with ProcessPoolExecutor(2) as pool:
        table = grid(two_bloc(), AXES, "classify", options=CLASSIFY, executor=pool)
        counted = grid(two_bloc(), AXES, equilibrium_count, executor=pool, chunk_size=3)
    same_columns(table.to_columns(), classify_table.to_columns())
    here = grid(two_bloc(), AXES, equilibrium_count)
    same_columns(counted.to_columns(), here.to_columns())


@pytest.fixture(scope="module")
def dask_cluster():
    """A real Dask LocalCluster on the loopback interface: two workers, no dashboard."""
    import distributed

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,  # threads in this process: starts in a second
        protocol="tcp://",  # a real TCP scheduler, so a CLI subprocess can connect too
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield cluster, client
    client.close()
    cluster.close()


def test_dask_cluster_gives_the_local_table(dask_cluster, classify_table, tmp_path):
    _, client = dask_cluster
    assert len(client.nthreads()) == 2
    executor = client.get_executor()
    table = grid(two_bloc(), AXES, "classify", options=CLASSIFY, executor=executor, chunk_size=4)
    same_columns(table.to_columns(), classify_table.to_columns())
    stored = grid(two_bloc(), AXES, "criteria", executor=executor, store=tmp_path / "c")
    same_columns(stored.to_columns(), grid(two_bloc(), AXES).to_columns())


def _main(capsys, *args) -> tuple[int, str, str]:
    """The CLI in this process (cheaper than a subprocess): status, stdout, stderr."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_on_a_dask_scheduler_writes_the_local_table(dask_cluster, tmp_path, capsys):
    cluster, _ = dask_cluster
    grid_args = ["--grid", "c=0.05:4.95:6", "--grid", "r=0.1:4.9:5"]
    common = ["sweep", "builtin:two_bloc", *grid_args, "--analysis", "classify"]
    common += ["--starts", "8", "--seed", "3", "--basins", "monte-carlo", "--json"]
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    remote = _main(capsys, *common, "--scheduler", address, "--out", str(tmp_path / "d.csv"))
    assert remote[0] == 0, remote[2]
    local = _main(capsys, *common, "--workers", "0", "--out", str(tmp_path / "l.csv"))
    assert local[0] == 0, local[2]
    assert (tmp_path / "d.csv").read_bytes() == (tmp_path / "l.csv").read_bytes()
    assert json.loads(remote[1])["points"] == 30


def test_resume_skips_finished_chunks_and_rebuilds_the_same_table(tmp_path):
    store = tmp_path / "s"
    first = grid(two_bloc(), AXES, "solve", store=store, chunk_size=4)
    chunks = sorted(store.glob("chunk-*.csv"))
    assert len(chunks) == 8  # 30 points in chunks of 4
    # a killed run: two chunks missing, one temporary file half written
    kept = {p.name: p.stat().st_mtime_ns for p in chunks[1:-1]}
    chunks[0].unlink()
    chunks[-1].unlink()
    (store / ".chunk-000003.csv.tmp-99").write_text("c,r\n0.05,")
    seen = []
    again = grid(
        two_bloc(), AXES, "solve", store=store, resume=True, progress=lambda d, t: seen.append(d)
    )
    assert seen == [30 - 4 - 2, 30 - 2, 30] or seen == [30 - 4 - 2, 30 - 4, 30]
    assert {p.name: p.stat().st_mtime_ns for p in chunks[1:-1]} == kept  # not recomputed
    assert not list(store.glob(".chunk-*"))
    same_columns(again.to_columns(), first.to_columns())


@pytest.mark.parametrize(
    "change, message",
    [
        ({"axes": {"c": np.linspace(0.05, 4.95, 7), "r": AXES["r"]}}, "grid axis 'c' is"),
        ({"axes": {"r": AXES["r"], "c": AXES["c"]}}, "swept parameters"),
        ({"fixed": {"b": 2.0}}, "fixed parameters"),
        ({"analysis": "criteria"}, "analysis"),
        ({"options": {"method": "pure"}}, "analysis"),
        ({"game": two_bloc(noise="constant")}, "model"),
    ],
)
def test_a_store_of_a_different_sweep_is_refused(tmp_path, change, message):
    settings = {"game": two_bloc(), "axes": AXES, "analysis": "solve", "fixed": {}, "options": {}}
    grid(**settings, store=tmp_path / "s", chunk_size=8)
    before = sorted(p.name for p in (tmp_path / "s").iterdir())
    for resume in (True, False):
        with pytest.raises(GameError, match=f"holds a different sweep \\({message}"):
            grid(**{**settings, **change}, store=tmp_path / "s", resume=resume)
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == before  # nothing touched


def test_cli_resume_with_a_different_grid_refuses_in_one_line(tmp_path, capsys):
    out = str(tmp_path / "t.csv")
    base = ["sweep", "builtin:two_bloc", "--grid", "c=0:5:4", "--out", out, "--quiet"]
    assert _main(capsys, *base, "--grid", "r=0:5:4")[0] == 0
    before = (tmp_path / "t.csv").read_bytes()
    status, stdout, stderr = _main(capsys, *base, "--grid", "r=0:5:5", "--resume")
    assert status == 2 and stdout == ""
    assert stderr.count("\n") == 1
    assert stderr.startswith("gametheory: grid(): store ")
    assert "grid axis 'r' is 0..5 (4 points) there, 0..5 (5 points) here" in stderr
    assert (tmp_path / "t.csv").read_bytes() == before


def test_parquet_and_csv_outputs_hold_the_same_table(tmp_path, capsys):
    csv_path, pq_path = tmp_path / "t.csv", tmp_path / "t.parquet"
    args = ["sweep", "builtin:two_bloc", "--grid", "c=0:4:3", "--grid", "r=0.1:4.9:3"]
    args += ["--analysis", "classify", "--starts", "4", "--workers", "0", "--quiet"]
    status, _, stderr = _main(capsys, *args, "--out", str(csv_path), "--out", str(pq_path))
    assert status == 0, stderr
    same_columns(read_table(pq_path), read_table(csv_path))
    assert read_table(csv_path)["risk_dominant"].dtype == object  # None at c = 0: (E,E) not strict


def _on_a_terminal(*args) -> tuple[int, bytes]:
    """Run the CLI with stderr on a pseudo-terminal; return its status and what it drew there."""
    import fcntl
    import pty
    import struct
    import termios

    parent, child = pty.openpty()
    # 100 columns wide: a fresh pty has no width, and tqdm draws to the terminal's width
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "gametheory", *args],
            stdout=subprocess.PIPE,
            stderr=child,
            timeout=300,
        )
    finally:
        os.close(child)
    drawn = b""
    try:
        while block := os.read(parent, 4096):
            drawn += block
    except OSError:  # EIO: the terminal's other side is closed and everything was read
        pass
    finally:
        os.close(parent)
    return proc.returncode, drawn


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal (tqdm then draws at a fixed width)."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(capsys, monkeypatch):
    args = ["sweep", "builtin:two_bloc", "--grid", "c=0:5:4", "--grid", "r=0:5:4"]
    args += ["--analysis", "solve", "--workers", "0"]
    status, drawn = _on_a_terminal(*args)  # a real pseudo-terminal, a real process
    assert status == 0
    assert b"16/16" in drawn and b"pt/s" in drawn and b"100%" in drawn  # done, rate
    for quiet, flags in [(False, []), (True, ["--quiet"]), (True, ["--json"])]:
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        assert main([*args, *flags]) == 0
        assert ("16/16" in terminal.getvalue()) is not quiet, flags
    status, _, stderr = _main(capsys, *args)  # stderr captured: not a terminal
    assert status == 0 and stderr == ""


def test_unpicklable_analysis_and_bad_settings_are_refused(tmp_path, capsys):
    def local(game):  # a nested function cannot be imported by a worker
        return "x"

    with ProcessPoolExecutor(1) as pool:
        with pytest.raises(GameError, match="module-level function"):
            grid(two_bloc(), {"c": [1.0]}, local, executor=pool)
    with pytest.raises(GameError, match="chunk_size must be"):
        grid(two_bloc(), {"c": [1.0]}, "solve", chunk_size=0)
    with pytest.raises(GameError, match="executor must be"):
        grid(two_bloc(), {"c": [1.0]}, "solve", executor="threads")
    with pytest.raises(GameError, match="resume=True needs a store"):
        grid(two_bloc(), {"c": [1.0]}, "solve", resume=True)
    with pytest.raises(GameError, match="n_starts must be"):
        grid(two_bloc(), {"c": [1.0]}, "classify", options={"n_starts": 0})
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine")
    with pytest.raises(GameError, match="without a sweep manifest"):
        grid(two_bloc(), {"c": [1.0]}, "solve", store=tmp_path / "x")
    for args, message in [
        (["--out", str(tmp_path / "t.txt")], "must be .csv or .parquet"),
        (["--resume"], "--resume needs --out"),
    ]:
        status, _, stderr = _main(capsys, "sweep", "builtin:two_bloc", "--grid", "c=0:1:2", *args)
        assert status == 2 and message in stderr and stderr.count("\n") == 1


def test_model_name_is_provenance_not_identity(tmp_path):
    """The same model under another name (path spelling) resumes; its manifest keeps the name."""
    store = tmp_path / "s"
    grid(two_bloc(), AXES, "solve", store=store, model_name="builtin:two_bloc")
    seen = []
    grid(
        two_bloc(),
        AXES,
        "solve",
        store=store,
        resume=True,
        model_name="./two_bloc.toml",
        progress=lambda done, total: seen.append(done),
    )
    assert seen == [30]  # everything was already on disk: nothing recomputed
    manifest = json.loads((store / "manifest.json").read_text())
    assert manifest["about"] == {"model": "builtin:two_bloc"}
    assert manifest["points"] == 30 and manifest["sweep"]["analysis"]["name"] == "solve"


def test_damaged_tables_are_refused(tmp_path):
    with pytest.raises(GameError, match="line 3 has a different number of cells"):
        parse_csv("c,regime\n0.5,stable\n1.0\n")
    with pytest.raises(GameError, match=r"neither \.csv nor \.parquet"):
        read_table(tmp_path / "t.xlsx")
    store = tmp_path / "s"
    grid(two_bloc(), AXES, "solve", store=store, chunk_size=10)
    (store / "chunk-000001.csv").unlink()
    with pytest.raises(GameError, match="misses 1 of 3 chunks"):
        SweepStore.export_from(store, tmp_path / "t.csv")


def test_plot_from_a_finished_table_on_disk(tmp_path, capsys):
    """--resume of a finished sweep recomputes nothing and draws the plot from the stored table."""
    out = tmp_path / "t.csv"
    args = ["sweep", "builtin:two_bloc", "--grid", "c=0:5:12", "--grid", "r=0:5:10"]
    args += ["--analysis", "solve", "--workers", "0", "--out", str(out), "--chunk-size", "40"]
    assert _main(capsys, *args)[0] == 0
    chunks = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "t.csv.chunks").iterdir()}
    png = tmp_path / "phase.png"
    status, stdout, _ = _main(capsys, *args, "--resume", "--plot", str(png))
    assert status == 0 and f"wrote {png}" in stdout
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "t.csv.chunks").iterdir()} == chunks
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
