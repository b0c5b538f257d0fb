"""`gametheory bench`: the table's content, not its timings (those are measurements)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gametheory import bench
from gametheory.bench import nplayer, twoplayer
from gametheory.cli import main

JSON_DOC = Path(__file__).resolve().parents[1] / "docs" / "json.md"


def never_ends(*payoffs):
    while True:
        pass


def pure_only(*payoffs):
    """A quick stand-in reference (no numba compilation, which on a cold cache in a fresh
    clone takes longer than these tests' small caps)."""
    from gametheory import Game

    game = Game(list(payoffs))
    return [
        tuple(np.eye(k)[a] for k, a in zip(game.shape, idx, strict=True))
        for idx in game.pure_equilibria()
    ]


def test_bench_json_compares_peers_with_ours(capsys):
    argv = ["bench", "--sizes", "3", "5", "--only", "ours", "pygambit", "--no-nplayer", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    runs = {(r["case"], r["solver"]): r for r in data["runs"]}
    assert set(data["first_call_seconds"]) == {"ours enummixed", "pygambit enummixed"}
    assert data["nplayer"] == {"first_call_seconds": {}, "runs": []}
    for case in ("random 3x3", "random 5x5", "ties 6x6", "dup+dom 8x8"):
        ours, gambit = runs[(case, "ours enummixed")], runs[(case, "pygambit enummixed")]
        assert ours["status"] == gambit["status"] == "ok"
        # pygambit's enummixed is complete: the same extreme equilibria as ours
        assert (gambit["missed"], gambit["extra"]) == (0, 0)
        assert gambit["equilibria"] == ours["equilibria"] >= 1


def test_bench_table_marks_timeouts_and_skips():
    solvers = {"ours enummixed": bench.ours("enummixed"), "stuck": never_ends}
    runs, first = bench.run_bench((2, 3), degenerate=False, cap=0.5, solvers=solvers)
    status = {(r.case, r.solver): r.status for r in runs}
    assert status[("random 2x2", "stuck")] == "timeout"
    assert status[("random 3x3", "stuck")].startswith("skipped (over 0.5 s at random 2x2")
    table = bench.format_table(runs, first)
    assert "timeout" in table and "skipped" in table


def test_bench_nplayer_json_agrees_with_pygambit_and_is_documented(capsys):
    """The n-player section: ours and pygambit's enumpoly on random 2x2x2 and 2x2x3 games."""
    pytest.importorskip("pygambit")
    argv = ["bench", "--quick", "--shapes", "2x2x2", "2x2x3", "--only", "enumpoly", "--cap", "60"]
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["runs"] == []  # --only enumpoly: no two-player solver
    section = data["nplayer"]
    assert set(section["first_call_seconds"]) == {"ours enumpoly", "pygambit enumpoly"}
    runs = {(r["case"], r["solver"]): r for r in section["runs"]}
    cases = [f"random {s} seed {k}" for s in ("2x2x2", "2x2x3") for k in nplayer.QUICK_SEEDS]
    assert sorted(runs) == sorted((c, s) for c in cases for s in section["first_call_seconds"])
    for case in cases:
        ours, gambit = runs[(case, "ours enumpoly")], runs[(case, "pygambit enumpoly")]
        assert ours["status"] == gambit["status"] == "ok"
        assert ours["equilibria"] >= 1 and ours["ratio"] == 1
        assert gambit["extra"] == 0  # pygambit reports no equilibrium we do not have
        if "2x2x3" in case:  # and on these it finds all of ours
            assert gambit["missed"] == 0 and gambit["equilibria"] == ours["equilibria"]
    # every key printed is documented in the bench section of docs/json.md
    doc = JSON_DOC.read_text().split("## `gametheory bench --json`", 1)[1].split("\n## ", 1)[0]
    keys = [*data, *section, *section["runs"][0]]
    assert [k for k in keys if f"`{k}`" not in doc] == []


def test_bench_text_has_the_nplayer_table(capsys):
    argv = ["bench", "--quick", "--shapes", "2x2x2", "--only", "ours", "--cap", "20"]
    assert main([*argv, "--sizes", "3", "--no-degenerate"]) == 0
    out = capsys.readouterr().out
    assert out.index("Two players:") < out.index("N players:") and nplayer.TITLE in out
    assert "random 3x3 " in out and "random 2x2x2 seed 0 " in out
    assert main(["bench", "--shapes", "2x2"]) == 2
    assert "three or more positive numbers" in capsys.readouterr().err


def test_bench_nplayer_timeout_skips_the_games_containing_it():
    """A solver over the cap is skipped on the random games with at least as many actions for
    every player (other seeds of the shape, larger shapes), not on smaller ones."""
    solvers = {"ours enumpoly": pure_only, "stuck": never_ends}
    shapes = ((2, 2, 3), (2, 2, 2), (3, 3, 3))
    runs, first = nplayer.run_nplayer(shapes, seeds=(0, 1), cap=0.5, solvers=solvers)
    status = {(r.case, r.solver): r.status for r in runs}
    assert status[("random 2x2x3 seed 0", "stuck")] == "timeout"
    assert status[("random 2x2x3 seed 1", "stuck")] == "skipped (over 0.5 s at random 2x2x3 seed 0)"
    assert status[("random 2x2x2 seed 0", "stuck")] == "timeout"
    assert status[("random 2x2x2 seed 1", "stuck")].endswith("at random 2x2x2 seed 0)")
    assert status[("random 3x3x3 seed 0", "stuck")].endswith("at random 2x2x3 seed 0)")
    assert all(status[(r.case, "ours enumpoly")] == "ok" for r in runs)
    assert first["stuck"] is None  # its first call was interrupted at the cap
    table = bench.format_table(runs, first, title=nplayer.TITLE, warmup="a 3x3x3 game")
    assert table.startswith(nplayer.TITLE) and "| timeout" in table
    assert "stuck over the cap" in table


def test_bench_compares_nothing_when_ours_did_not_finish():
    """The first solver is the reference; when it times out, no peer is compared with another."""
    solvers = {"stuck": never_ends, "ours enummixed": pure_only}
    runs, _ = bench.run_bench((2,), degenerate=False, cap=0.3, solvers=solvers)
    ours = {r.solver: r for r in runs}["ours enummixed"]
    assert ours.status == "ok" and (ours.missed, ours.extra, ours.ratio) == (None, None, None)


def test_lrsnash_output_parsed_by_blocks():
    """lrsnash prints the y's of a block, then the x's that pair with every one of them."""
    text = (
        "2  1/2 1/2  3\n2  1  0  3\n1  1  0  2\n\n2  0  1  1\n1  0  1  1\n*Number of equilibria: 3"
    )
    found = twoplayer._parse_lrsnash(text, 2, 2)
    assert [(list(x), list(y)) for x, y in found] == [
        ([1.0, 0.0], [0.5, 0.5]),
        ([1.0, 0.0], [1.0, 0.0]),
        ([0.0, 1.0], [0.0, 1.0]),
    ]


def test_integer_matrix_is_an_exact_rescaling():
    M = np.array([[0.25, 0.5], [1.0, 0.125]])
    assert twoplayer._integer_matrix(M) == [[2, 4], [8, 1]]


def test_bench_refuses_a_bad_cap(capsys):
    assert main(["bench", "--cap", "0"]) == 2
    assert "--cap must be a positive number" in capsys.readouterr().err


def test_solve_passes_method_options_and_no_reduce(capsys, tmp_path):
    """`gametheory solve --option NAME=VALUE --no-reduce` reach solve() and its parameters."""
    from gametheory import Game
    from gametheory.io import write_nfg

    path = tmp_path / "g.nfg"
    write_nfg(Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]), path)
    assert main(["solve", str(path), "--option", "max_vertices=1000", "--no-reduce", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parameters"]["max_vertices"] == 1000 and data["parameters"]["reduce"] is False
    assert main(["solve", str(path), "--option", "depth=2"]) == 2
    assert "unknown option(s) ['depth']" in capsys.readouterr().err


def test_nplayer_peer_points_matched_within_their_accuracy():
    """pygambit's enumpoly point on the 4x4x4 seed-7 game sits 2e-4 from ours: the n-player
    section matches within MATCH_TOL, the two-player one within 1e-6."""
    from gametheory.bench import _runs

    ours = [(np.array([0.267445, 0.0, 0.398445, 0.33411]), np.array([0.0, 1.0, 0.0, 0.0]))]
    theirs = [(ours[0][0] + np.array([2e-4, 0.0, -1e-4, -1e-4]), ours[0][1])]
    assert _runs.compare(ours, theirs) == (1, 1)
    assert _runs.compare(ours, theirs, nplayer.MATCH_TOL) == (0, 0)


def test_bench_repeated_section_agrees_with_the_loop():
    from gametheory.bench.repeated import format_repeated, run_repeated

    result = run_repeated(memory=1, delta=0.9, noise=0.01, sample=16)
    assert result["strategies"] == result["sample"] == 16 and result["agree"]
    assert (result["nash"], result["subgame_perfect"]) == (2, 2)  # GRIM and ALLD
    assert "verdicts agree on the sample: yes" in format_repeated(result)


@pytest.mark.slow
def test_bench_repeated_json_is_documented(capsys):
    assert main(["bench", "--repeated", "--only", "repeated", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    section = data["repeated"]
    assert section["strategies"] == 65_536 and section["agree"]
    assert data["runs"] == [] and data["nplayer"]["runs"] == []
    doc = JSON_DOC.read_text().split("## `gametheory bench --json`", 1)[1].split("\n## ", 1)[0]
    assert [k for k in [*data, *section] if f"`{k}`" not in doc] == []


def test_bench_batch_json_agrees_with_the_peers_and_is_documented(capsys):
    """The batch section: solve_many against pygambit's enumpoly (2x2x3) and nashpy (2x2)."""
    assert main(["bench", "--quick", "--only", "batch", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["runs"] == [] and data["repeated"] is None
    section = data["batch"]
    rows = {r["shape"]: r for r in section["rows"]}
    assert sorted(rows) == ["2x2", "2x2x3"]
    for row in rows.values():
        assert row["games"] == 10_000 and row["batch_solved"] > 0.99
        assert row["equilibria"] >= row["games"]  # every game has one
        assert row["peer_extra"] == 0  # no peer reports an equilibrium we do not have
    assert rows["2x2"]["peer_lacks"] == 0  # nashpy finds all of a generic 2x2 game's
    # (pygambit 16.7's enumpoly lacks some of ours on 2x2x3: docs/solvers.md)
    assert rows["2x2x3"]["peer_sample"] == 100 and rows["2x2"]["peer_sample"] == 200
    doc = JSON_DOC.read_text().split("## `gametheory bench --json`", 1)[1].split("\n## ", 1)[0]
    keys = [*data, *section, *section["rows"][0]]
    assert [k for k in keys if f"`{k}`" not in doc] == []


@pytest.mark.slow
def test_bench_sweep_json_times_both_analyses_and_is_documented(capsys):
    """The sweep section: the README's sweep through the CLI, classify against criteria."""
    assert main(["bench", "--quick", "--only", "sweep", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["runs"] == [] and data["batch"] is None
    section = data["sweep"]
    assert section["grid"] == "21x21" and section["rounds"] == 1
    assert sorted(section["seconds"]) == ["classify", "criteria"]
    median = section["median"]
    assert section["ratio"] == pytest.approx(median["classify"] / median["criteria"])
    doc = JSON_DOC.read_text().split("## `gametheory bench --json`", 1)[1].split("\n## ", 1)[0]
    assert [k for k in [*data, *section] if f"`{k}`" not in doc] == []
