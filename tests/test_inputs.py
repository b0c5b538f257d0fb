"""Every entry point returns, refuses with one line, or stops cleanly: the bad inputs users met.

Each test drives the command line (in-process ``main``, or a subprocess where the process
matters: exit status, signals) or the public API, as a user would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from conftest import close_profiles

import gametheory
from gametheory import Game, GameError, SymbolicGame, solve, verify
from gametheory.cli import main
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.io import read_model
from gametheory.sweep import grid

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def refused(capsys, *argv) -> str:
    """Run the CLI, expect exit 2 and exactly one line 'gametheory: ...'; return that line."""
    status, out, err = run(capsys, *argv)
    assert status == 2, (status, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gametheory: "), err
    assert not lines[0].startswith("gametheory: gametheory"), err
    return lines[0]


def model_file(tmp_path, payoff: str, params: str = "c = 2.0", name="m.toml") -> Path:
    path = tmp_path / name
    path.write_text(
        f"""players = ["A", "B"]
actions = [["x", "y"], ["x", "y"]]
[parameters]
{params}
[payoffs]
"x,x" = ["{payoff}", "0"]
"x,y" = ["0", "1"]
"y,x" = ["1", "0"]
"y,y" = ["0", "c"]
"""
    )
    return path


# ----------------------------------------------------------------------------- float limit
def test_payoffs_near_the_float_limit_are_refused_not_misread(capsys, tmp_path):
    # range 2e308 overflows to inf, and so would every tolerance built on it
    with pytest.raises(GameError, match=r"^Game\(\): payoffs\[0\]\[0, 0\] is 1e\+308"):
        Game([[[1e308, 0], [-1e308, 1]], [[1, 0], [0, 1]]]).pure_equilibria()
    path = tmp_path / "huge.nfg"
    path.write_text('NFG 1 R "huge" { "1" "2" } { 2 2 }\n1e308 1 -1e308 0 0 0 1 1\n')
    assert "at most 1e+100" in refused(capsys, "solve", path)


def test_integer_payoff_past_the_float_range_is_a_game_error():
    with pytest.raises(GameError, match="too large for a float"):
        Game([[[10**400, 0]], [[0, 1]]])


def test_large_payoffs_below_the_limit_keep_their_equilibria():
    # equilibria do not change when a player's payoffs are scaled: 1e99 times a game is fine
    rng = np.random.default_rng(5)
    A, B = rng.integers(-3, 4, (2, 4, 4)).astype(float)
    small = Game.from_bimatrix(A, B)
    big = Game.from_bimatrix(A * 1e99, B * 1e99)
    assert big.pure_equilibria() == small.pure_equilibria()
    found, expected = solve(big).equilibria, solve(small).equilibria
    assert len(found) == len(expected) > 1
    pairs = zip(found, expected, strict=True)
    assert all(close_profiles(a.strategies, b.strategies) for a, b in pairs)


# ----------------------------------------------------------------------------- bounds
def test_probability_above_one_is_refused(capsys):
    line = refused(capsys, "solve", "builtin:two_bloc_accidents", "--param", "eps=1.5")
    assert "'eps'" in line and "[0, 1]" in line
    # eps0 * c is the accident probability of the capability model: 0.5 * 5 = 2.5
    line = refused(
        capsys,
        "solve",
        "builtin:two_bloc_capability_accidents",
        "--param",
        "eps0=0.5",
        "--param",
        "c=5",
    )
    assert "c*eps0 <= 1" in line
    # the boundary itself is allowed
    status, _, _ = run(capsys, "solve", "builtin:two_bloc_accidents", "--param", "eps=1")
    assert status == 0


def test_bounds_are_checked_in_at_lambdify_and_sweeps():
    g = two_bloc(noise="constant")
    with pytest.raises(GameError, match=r"^SymbolicGame.at\(\): parameter 'eps' = 1.5"):
        g.at(eps=1.5)
    with pytest.raises(GameError, match=r"^SymbolicGame.lambdify\(\): parameter 'eps'"):
        g.lambdify()(eps=np.array([0.5, 1.2]))
    with pytest.raises(GameError, match="outside its bounds"):
        grid(g, {"eps": np.linspace(0, 2, 5)})
    cap = two_bloc(noise="capability")
    with pytest.raises(GameError, match="breaks the constraint"):
        grid(cap, {"c": np.linspace(0, 10, 11)}, fixed={"eps0": 0.2})
    with pytest.raises(GameError, match="breaks the constraint"):
        cap.subs(eps0=0.5).at(c=5)
    # inside the bounds everything works, and the constraint allows eps0 * c = 1
    assert grid(cap, {"c": np.linspace(0, 5, 6)}, fixed={"eps0": 0.2}).shape == (6,)


def test_model_file_bounds_and_constraints(capsys, tmp_path):
    path = model_file(
        tmp_path,
        "p*c",
        'c = 2.0\np = { default = 0.01, min = 0, max = 1, description = "accident probability" }',
    )
    text = path.read_text().replace("[parameters]", 'constraints = ["p*c <= 1"]\n[parameters]')
    path.write_text(text)
    game = read_model(path)
    assert game.bounds["p"] == (0.0, 1.0) and game.meanings["p"] == "accident probability"
    assert "outside its bounds [0, 1]" in refused(capsys, "solve", path, "--param", "p=1.5")
    assert "breaks the constraint" in refused(capsys, "solve", path, "--param", "p=0.9")
    status, out, _ = run(capsys, "params", path, "--json")
    data = json.loads(out)
    assert status == 0 and data["constraints"] == ["c*p <= 1"]
    assert data["parameters"][1] == {
        "name": "p",
        "default": 0.01,
        "min": 0.0,
        "max": 1.0,
        "meaning": "accident probability",
    }
    bad = model_file(tmp_path, "p", "c = 2.0\np = { default = 2, max = 1 }", name="bad.toml")
    assert "default 2 is outside" in refused(capsys, "solve", bad)


# ----------------------------------------------------------------------------- evaluation
@pytest.mark.parametrize(
    "payoff, message",
    [
        ("exp(1e308)", "number 1e308 out of range"),
        ("exp(1e100)", "exp() of a number above 1000"),
        ("exp(1000)", "not finite"),
        ("1e999", "number 1e999 out of range"),
        ("1e100*1e100*c", "holds a number of 201 digits"),
        ("c^99999999", "degree above 12"),
        ("1/(c-2)", "not finite"),
        ("(c+1)^1000", "degree above 12"),
        ("(c^3+1)^3*(c+1)^4", "degree 13"),
    ],
)
def test_model_payoffs_that_cannot_be_evaluated(capsys, tmp_path, payoff, message):
    assert message in refused(capsys, "solve", model_file(tmp_path, payoff))


@pytest.mark.parametrize(
    "payoff",
    [sp.exp(sp.Integer(10) ** 308), sp.Integer(10) ** 999, 1 / (sp.Symbol("c") - 2)],
)
def test_symbolic_at_raises_game_error(payoff):
    c = sp.Symbol("c")
    g = SymbolicGame([[[payoff, 0]], [[0, 1]]], parameters=[c], defaults={"c": 2})
    with pytest.raises(GameError, match=r"^SymbolicGame.at\(\)"):
        g.at()
    with pytest.raises(GameError):
        g.at(exact=True)


def test_thresholds_of_the_highest_allowed_degree_finish(capsys, tmp_path):
    # degree 12 is the cap; thresholds of such a model still return
    path = model_file(tmp_path, "(c+1)^12 - r", "c = 1.0\nr = 1.0")
    status, _, err = run(capsys, "thresholds", path, "--profile", "x,x", "--solve-for", "r")
    assert status == 0 and err == ""


# ----------------------------------------------------------------------------- n players
def jordan_game() -> Game:
    """Jordan (1993, GEB 5): 1 matches 2, 2 matches 3, 3 mismatches 1; only mixed equilibria."""
    u = np.zeros((3, 2, 2, 2))
    for a in np.ndindex(2, 2, 2):
        u[(0, *a)] = a[0] == a[1]
        u[(1, *a)] = a[1] == a[2]
        u[(2, *a)] = a[2] != a[0]
    return Game(list(u))


def test_three_players_say_only_pure_equilibria_were_searched(capsys, tmp_path):
    game = jordan_game()
    assert game.pure_equilibria() == [] and verify(game, [[0.5, 0.5]] * 3)
    # auto now finds the mixed equilibrium (enumpoly); the pure method must say what it did
    result = solve(game)
    assert not result.pure_only and result.complete and len(result.equilibria) == 1
    result = solve(game, method="pure")
    assert result.pure_only and not result.complete and not result.equilibria
    from gametheory.io import write_nfg

    path = tmp_path / "jordan.nfg"
    write_nfg(game, path)
    status, out, _ = run(capsys, "solve", path, "--method", "pure")
    assert status == 0 and "only pure equilibria were searched" in out and "0 equilibria" in out
    data = json.loads(run(capsys, "solve", path, "--method", "pure", "--json")[1])
    assert data["pure_only"] is True and data["complete"] is False


# ----------------------------------------------------------------------------- sweeps
def test_huge_sweeps_are_refused_with_an_estimate(capsys):
    line = refused(
        capsys, "sweep", "builtin:two_bloc", "--grid", "c=0:5:100000", "--grid", "r=0:5:100000"
    )
    assert "1e+10 grid points need about" in line and "GiB" in line
    assert "at most 10000000 per axis" in refused(
        capsys, "sweep", "builtin:two_bloc", "--grid", "c=0:5:100000000"
    )
    # the estimate grows with the game: 4 x 4 x 4 payoffs per point for three 4-action players
    x = sp.Symbol("x")
    big = SymbolicGame([[[[x] * 4] * 4] * 4] * 3)
    with pytest.raises(GameError, match="GiB"):
        grid(big, {"x": np.linspace(0, 1, 10**6)}, analysis=lambda g: "any")


def test_sweep_requests_refused_before_the_sweep(capsys, tmp_path):
    assert "more than once for ['c']" in refused(
        capsys, "sweep", "builtin:two_bloc", "--grid", "c=0:1:3", "--grid", "c=0:2:3"
    )
    assert "is the --profile itself" in refused(
        capsys,
        "sweep",
        "builtin:two_bloc",
        "--grid",
        "c=0:1:3",
        "--profile",
        "R,R",
        "--rival",
        "R,R",
    )
    plot = tmp_path / "p.png"
    assert "give two --grid ranges, not 1" in refused(
        capsys, "sweep", "builtin:two_bloc", "--grid", "c=0:1:3", "--plot", plot
    )
    assert not plot.exists()


def test_plot_without_extension_reports_the_file_written(capsys, tmp_path):
    target = tmp_path / "noext"
    status, out, _ = run(
        capsys,
        "sweep",
        "builtin:two_bloc",
        "--grid",
        "c=0:5:11",
        "--grid",
        "r=0:5:11",
        "--plot",
        target,
        "--json",
    )
    written = Path(json.loads(out)["plot"])
    assert status == 0 and written == tmp_path / "noext.png" and written.exists()


# ----------------------------------------------------------------------------- CLI text
def test_version_help_and_prefix(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.strip() == f"gametheory {gametheory.__version__}"
    status, out, _ = run(capsys, "--help")
    assert status == 0 and "``" not in out and "examples:" in out
    assert "gametheory sweep builtin:two_bloc" in out
    status, out, _ = run(capsys, "solve", "--help")
    for option in ("--method", "--json", "--exact"):
        block = out.split(option, 1)[1].split("\n  -", 1)[0]
        assert len(block.split()) > 2, f"{option} has no help"
    status, out, _ = run(capsys, "stability", "--help")
    assert "seed of the random starts" in out
    line = refused(capsys, "solve")
    assert line.startswith("gametheory: solve: the following arguments are required")


def test_params_lists_defaults_bounds_and_meanings(capsys):
    status, out, _ = run(capsys, "params", "builtin:two_bloc_capability_accidents")
    assert status == 0
    assert "capability" in out and "constraint: c*eps0 <= 1" in out
    data = json.loads(run(capsys, "params", "builtin:two_bloc_accidents", "--json")[1])
    eps = next(p for p in data["parameters"] if p["name"] == "eps")
    assert (eps["min"], eps["max"], eps["default"]) == (0.0, 1.0, 0.05)
    assert eps["meaning"] == "accident probability"


def test_exact_prints_fractions_and_grammar(capsys):
    status, out, _ = run(capsys, "solve", "builtin:battle_of_sexes", "--exact")
    # Battle of the sexes (h, l) = (3, 2): player 1 picks Opera with probability 3/5
    assert status == 0 and "3/5 Opera + 2/5 Football" in out and "6/5, 6/5" in out
    status, out, _ = run(capsys, "solve", "builtin:prisoners_dilemma")
    assert "1 equilibrium\n" in out and "1 equilibria" not in out


# ----------------------------------------------------------------------------- JSON shape
SOLVE_KEYS = {
    "players",
    "actions",
    "method",
    "complete",
    "pure_only",
    "degenerate",
    "equilibria",
    "nash_subsets",
    "has_continuum",
    "reason",
    "converged",
    "parameters",
    "notes",
}


@pytest.mark.parametrize(
    "method", ["auto", "enummixed", "support", "vertex", "lemke-howson", "pure"]
)
def test_solve_json_has_the_same_keys_for_every_method(capsys, method):
    status, out, _ = run(capsys, "solve", "builtin:battle_of_sexes", "--method", method, "--json")
    data = json.loads(out)
    assert status == 0 and set(data) == SOLVE_KEYS
    assert all(set(eq) == {"strategies", "payoffs", "exact"} for eq in data["equilibria"])


def test_profiles_are_lists_in_every_json_output(capsys):
    data = json.loads(
        run(capsys, "thresholds", "builtin:two_bloc", "--profile", "R,R", "--json")[1]
    )
    assert data["profile"] == ["R", "R"]
    data = json.loads(
        run(
            capsys, "stability", "builtin:two_bloc", "--profile", "R,R", "--json", "--starts", "50"
        )[1]
    )
    assert data["profile"] == ["R", "R"]
    shares = data["basin_shares"]
    assert [s["profile"] for s in shares] == [["R", "R"], ["E", "E"], None, None]
    assert sum(s["share"] for s in shares) == pytest.approx(1.0)
    data = json.loads(run(capsys, "sweep", "builtin:two_bloc", "--grid", "c=0:1:3", "--json")[1])
    assert data["profile"] == ["R", "R"] and data["rival"] == ["E", "E"]


def test_json_schemas_are_documented(capsys):
    text = (ROOT / "docs" / "json.md").read_text()
    for command in ("solve", "stability", "thresholds", "sweep", "params", "games", "methods"):
        assert f"## `gametheory {command}" in text
    # every key the commands print is in the document
    runs = [
        ("solve", "builtin:battle_of_sexes"),
        ("stability", "builtin:two_bloc", "--profile", "R,R"),
        ("thresholds", "builtin:two_bloc", "--profile", "R,R"),
        ("sweep", "builtin:two_bloc", "--grid", "c=0:1:3"),
        ("params", "builtin:two_bloc_accidents"),
    ]
    for argv in runs:
        data = json.loads(run(capsys, *argv, "--json")[1])
        nested = data.get("thresholds", [{}])[0] if argv[0] == "thresholds" else {}
        nested |= data["equilibria"][0] if argv[0] == "solve" else {}
        nested |= data["parameters"][0] if argv[0] == "params" else {}
        for key in [*data, *nested]:
            assert f"`{key}`" in text or f'"{key}"' in text, (argv[0], key)


# ----------------------------------------------------------------------------- README
def test_readme_games_module_is_reachable():
    out = subprocess.run(
        [sys.executable, "-c", "import gametheory; help(gametheory.games.two_bloc)"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0 and "reassurance" in out.stdout


def test_readme_model_file_snippet_runs_on_its_own(capsys, tmp_path):
    readme = (ROOT / "README.md").read_text()
    snippet = readme.split("## Model files", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "two_bloc.toml"
    path.write_text(snippet)
    # the snippet is the built-in two-bloc game: the same payoffs at any parameter values
    ours, builtin = read_model(path).at(c=3, r=0.5), two_bloc().at(c=3, r=0.5)
    for mine, theirs in zip(ours.payoffs, builtin.payoffs, strict=True):
        assert np.allclose(mine, theirs)
    status, out, _ = run(capsys, "solve", path, "--param", "r=0.5")
    assert status == 0 and "1 equilibrium" in out


# ----------------------------------------------------------------------------- Ctrl-C
def test_ctrl_c_exits_130_with_one_line(capsys, monkeypatch):
    import gametheory.cli as cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_solve", interrupted)
    status, out, err = run(capsys, "solve", "builtin:stag_hunt")
    assert status == 130 and err == "gametheory: interrupted\n" and out == ""


# ----------------------------------------------------------------------------- solvers
def issue_game(seed: int, size: int, high: int = 10) -> Game:
    rng = np.random.default_rng(seed)
    return Game.from_bimatrix(
        rng.integers(0, high, (size, size)), rng.integers(0, high, (size, size))
    )


@pytest.mark.parametrize("seed", [0, 1, 3])
def test_lemke_howson_returns_and_reports_convergence(seed):
    # nashpy's own loop never ends on these games (its float tableau overflows)
    game = issue_game(seed, 9)
    with pytest.warns(RuntimeWarning, match="did not converge from"):
        result = solve(game, method="lemke-howson")
    assert result.converged is False and not result.complete
    assert result.parameters["unfinished_labels"]
    # every end point it did reach is one of the equilibria the complete method finds
    everything = solve(game).equilibria
    assert result.equilibria
    for eq in result.equilibria:
        assert any(close_profiles(eq.strategies, other.strategies) for other in everything)


def test_exhaustive_methods_refuse_large_games_recommending_one_that_works(capsys):
    big = issue_game(0, 40, high=100)
    for method in ("vertex", "enummixed", "support", "auto", "tightsets"):
        with pytest.raises(GameError, match="use method='lemke-howson'"):
            solve(big, method=method)
    with pytest.warns(RuntimeWarning):
        found = solve(big, method="lemke-howson")
    assert found.equilibria and all(verify(big, eq.strategies) for eq in found.equilibria)
    # a degenerate 15 x 15 game (payoffs 0..2, ties everywhere) is beyond the tight sets,
    # C(30, 15) = 1.55e8 of them; the search over bases solves it, and with a small cap it
    # refuses with both counts and the methods that always return
    degenerate = issue_game(0, 15, high=3)
    result = solve(degenerate)
    assert result.complete and result.parameters["path"] == "bases" and result.equilibria
    with pytest.raises(
        GameError, match=r"after 1000 bases.*1\.55e\+08 tight sets.*use method='lemke-howson'"
    ):
        solve(degenerate, max_vertices=1000)
    # 13 x 13 passes the enummixed check but not the vertex one; the refusal names enummixed
    with pytest.raises(GameError, match="use method='enummixed'"):
        solve(issue_game(0, 13, high=100), method="vertex")


def test_many_starts_are_capped_and_integrated_in_chunks(capsys, monkeypatch):
    from gametheory.games import stag_hunt
    from gametheory.stability import basins, replicator

    assert "more than 1e+07" in refused(
        capsys, "stability", "builtin:stag_hunt", "--profile", "Stag,Stag", "--starts", "1000000000"
    )
    monkeypatch.setattr(replicator, "CHUNK", 250)
    seen = []
    found = basins(
        stag_hunt().at(),
        method="monte-carlo",
        n_starts=1000,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(250, 1000), (500, 1000), (750, 1000), (1000, 1000)]
    assert sum(found.shares.values()) == pytest.approx(1.0)
    # the exact basin of (Stag, Stag) is 0.2636 (see basins' doctest): within 4 standard errors
    assert abs(found.shares["Stag,Stag"] - 0.2636) < 4 * found.stderr["Stag,Stag"]


def _interrupt_when(argv: list[str], ready: bytes | None, loaded: str = ""):
    """Start `argv` with stderr on a terminal, wait for `ready` on it (or until the process
    has mapped the library `loaded`, i.e. is past its first imports), press Ctrl-C; return
    (status, everything written to stderr)."""
    import os
    import pty
    import select
    import signal
    import time

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL, cwd=ROOT
    )
    os.close(slave)
    seen = b""
    try:
        while ready is None and loaded not in Path(f"/proc/{proc.pid}/maps").read_text():
            assert proc.poll() is None
            time.sleep(0.05)
        while ready is not None and ready not in seen:
            if select.select([master], [], [], 300)[0]:
                seen += os.read(master, 4096)
            assert proc.poll() is None, seen
        proc.send_signal(signal.SIGINT)
        status = proc.wait(timeout=300)
        while select.select([master], [], [], 0.5)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return status, seen.decode()


def test_ctrl_c_during_a_long_stability_run_exits_130(tmp_path):
    # a 3x3 game: basins by Monte Carlo, 5 million starts, shown in progress on a terminal
    path = tmp_path / "coordination.nfg"
    path.write_text(
        'NFG 1 R "coordination" { "1" "2" } { 3 3 }\n3 3 0 0 0 0 0 0 2 2 0 0 0 0 0 0 1 1\n'
    )
    argv = [sys.executable, "-m", "gametheory", "stability", str(path), "--profile", "1,1"]
    status, err = _interrupt_when([*argv, "--starts", "5000000"], b"replicator starts: ")
    assert status == 130, err
    assert "Traceback" not in err and err.rstrip().endswith("gametheory: interrupted")


def test_ctrl_c_on_the_model_script_exits_130_with_one_line():
    argv = [sys.executable, str(ROOT / "models" / "two_bloc.py")]
    status, err = _interrupt_when(argv, None, loaded="numpy")
    assert status == 130 and err.replace("\r", "") == "two_bloc.py: interrupted\n"


# ----------------------------------------------------------------------------- pictures
def test_phase_diagram_speaks_in_words():
    from gametheory.stability import thresholds
    from gametheory.sweep.plot import phase_diagram, pyplot

    model = two_bloc()
    table = grid(model, {"c": np.linspace(0, 5, 21), "r": np.linspace(0, 5, 21)})
    found = thresholds(model, "R,R", solve_for="r")
    fig = phase_diagram(table, [t for t in found if t.criterion in ("nash", "risk_dominant")])
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("capability c", "reassurance r")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0].startswith("(R,R) not an equilibrium")  # regimes named by the actions
    assert any(t.startswith("risk-dominance boundary: r = ") for t in legend)
    assert not any(t.startswith(("nash", "risk_dominant", "strict")) for t in legend)
    pyplot().close(fig)


def test_model_script_plot_speaks_in_words(tmp_path, monkeypatch):
    import gametheory.sweep.plot as plot
    from gametheory.deterrence.analysis import two_bloc as analysis

    figures = []
    monkeypatch.setattr(plot, "save", lambda fig, path: figures.append(fig) or path)
    report = analysis.analyse({}, n_grid=3)
    assert analysis.plot(report, str(tmp_path / "m.png"), {}) == str(tmp_path / "m.png")
    axes = figures[0].axes
    assert all(ax.get_xlabel() == "capability c" for ax in axes)
    ylabels = [ax.get_ylabel() for ax in axes]
    assert ylabels[0] == "reassurance r"
    # one quantity per axis: no probability and damage (or reassurance) sharing one
    assert not any("probability" in y and ("damage" in y or "reassurance" in y) for y in ylabels)
    legend = axes[1].get_legend()
    assert legend.get_title().get_text() == "accident probability per unit of capability eps0"
    plot.pyplot().close(figures[0])


def test_closed_pipe_stops_quietly():
    # gametheory methods --json | head -c 0: the reader is gone before the output is written
    proc = subprocess.Popen(
        [sys.executable, "-m", "gametheory", "methods", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1 and err == ""


def test_long_sweeps_report_progress_and_chunks_change_nothing(monkeypatch):
    from gametheory.sweep import grids

    model = two_bloc(noise="constant")
    axes = {"c": np.linspace(0, 5, 31), "r": np.linspace(0, 5, 17)}
    whole = grid(model, axes)
    monkeypatch.setattr(grids, "CHUNK_POINTS", 100)  # 5 rows of 17 points per chunk
    seen = []
    parts = grid(model, axes, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (5 * 17, 31 * 17) and seen[-1] == (31 * 17, 31 * 17) and len(seen) == 7
    for name in ("labels", "nash", "strict", "risk_dominant", "risk_defined"):
        assert np.array_equal(getattr(parts, name), getattr(whole, name)), name
