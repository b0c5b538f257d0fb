"""`gametheory bench`: the table's content, not its timings (those are measurements)."""

from __future__ import annotations

import json

import numpy as np

from gametheory import bench
from gametheory.bench import twoplayer
from gametheory.cli import main


def test_bench_json_compares_peers_with_ours(capsys):
    assert main(["bench", "--sizes", "3", "5", "--only", "ours", "pygambit", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    runs = {(r["case"], r["solver"]): r for r in data["runs"]}
    assert set(data["first_call_seconds"]) == {"ours enummixed", "pygambit enummixed"}
    for case in ("random 3x3", "random 5x5", "ties 6x6", "dup+dom 8x8"):
        ours, gambit = runs[(case, "ours enummixed")], runs[(case, "pygambit enummixed")]
        assert ours["status"] == gambit["status"] == "ok"
        # pygambit's enummixed is complete: the same extreme equilibria as ours
        assert (gambit["missed"], gambit["extra"]) == (0, 0)
        assert gambit["equilibria"] == ours["equilibria"] >= 1


def never_ends(*payoffs):
    while True:
        pass


def test_bench_table_marks_timeouts_and_skips():
    solvers = {"ours enummixed": bench.ours("enummixed"), "stuck": never_ends}
    runs, first = bench.run_bench((2, 3), degenerate=False, cap=0.5, solvers=solvers)
    status = {(r.case, r.solver): r.status for r in runs}
    assert status[("random 2x2", "stuck")] == "timeout"
    assert status[("random 3x3", "stuck")].startswith("skipped (over 0.5 s at random 2x2")
    table = bench.format_table(runs, first)
    assert "timeout" in table and "skipped" in table


def test_bench_compares_nothing_when_ours_did_not_finish():
    """The first solver is the reference; when it times out, no peer is compared with another."""
    solvers = {"stuck": never_ends, "ours enummixed": bench.ours("enummixed")}
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
