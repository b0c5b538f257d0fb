"""Vectorised sweeps and phase diagrams, cross-checked against per-point solving."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from gametheory import GameError, solve
from gametheory.deterrence.two_bloc import TWO_BLOC_DEFAULTS, two_bloc
from gametheory.sweep import grid, grid_by_solving, parse_range
from gametheory.sweep.plot import phase_diagram, save

AXES = {"c": np.linspace(0, 5, 23), "r": np.linspace(0, 5, 19)}


@pytest.mark.parametrize("model", [two_bloc(), two_bloc(noise="constant")], ids=["plain", "noisy"])
def test_vectorised_nash_equals_per_point_solving(model):
    table = grid(model, AXES)
    assert np.array_equal(table.nash, grid_by_solving(model, AXES))


def test_regimes_follow_the_closed_form_thresholds():
    d = TWO_BLOC_DEFAULTS
    table = grid(two_bloc(), AXES)
    c, r = np.meshgrid(AXES["c"], AXES["r"], indexing="ij")
    ne_line = d["b"] + (d["alpha"] - d["theta"]) * c
    rd_line = d["b"] + (d["alpha"] - d["theta"] + d["beta"] - 2 * d["w"]) * c
    margin = 1e-6  # grid points exactly on a line are decided by the tolerance; skip them
    clear = (np.abs(r - ne_line) > margin) & (np.abs(r - rd_line) > margin)
    expected = np.where(r < ne_line, 0, np.where(r > rd_line, 2, 1))
    assert np.array_equal(table.labels[clear], expected[clear])
    assert {table.regimes[k] for k in np.unique(table.labels)} == set(table.regimes)


def test_risk_dominance_matches_nash_products_from_solved_games():
    table = grid(two_bloc(), AXES)
    for i in range(0, 23, 5):
        for j in range(0, 19, 4):
            game = two_bloc().at(c=AXES["c"][i], r=AXES["r"][j])
            pure = {eq.pure_profile() for eq in solve(game)}
            A = game.payoffs[0]
            loss_rr, loss_ee = A[0, 0] - A[1, 0], A[1, 1] - A[0, 1]
            # defined where (E,E) is a strict equilibrium (Harsanyi & Selten compare two)
            assert table.risk_defined[i, j] == (loss_ee > 1e-9)
            if (0, 0) in pure and (1, 1) in pure and loss_ee > 1e-9:
                # symmetric game: the Nash product is the square of one bloc's loss
                if abs(loss_rr - loss_ee) > 1e-9:
                    assert table.risk_dominant[i, j] == (loss_rr > loss_ee)


def test_table_to_csv(tmp_path):
    table = grid(two_bloc(), {"c": [0, 1, 2], "r": [0, 3]}, fixed={"b": 0.5})
    path = tmp_path / "t.csv"
    table.to_csv(path)
    rows = list(csv.DictReader(open(path)))
    assert len(rows) == 6 and set(rows[0]) == {
        "c",
        "r",
        "regime",
        "nash",
        "strict",
        "risk_dominant",
    }
    assert table.fixed["b"] == 0.5 and "c" not in table.fixed


def test_one_axis_and_a_third_parameter_fixed():
    table = grid(two_bloc(), {"r": np.linspace(0, 5, 11)}, fixed={"c": 0})
    # at c = 0 restraint is an equilibrium exactly from r = b on
    assert table.nash.tolist() == (np.linspace(0, 5, 11) >= 1.0).tolist()


def test_phase_diagram_png(tmp_path):
    g = two_bloc()
    s = {p.name: p for p in g.parameters}
    table = grid(g, {"c": np.linspace(0, 5, 60), "r": np.linspace(0, 5, 50)})
    fig = phase_diagram(table, {"NE": s["b"] + (s["alpha"] - s["theta"]) * s["c"]})
    path = tmp_path / "phase.png"
    save(fig, str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: grid(two_bloc(), {"c": []}), "axis 'c' has no points"),
        (lambda: grid(two_bloc(), {}), "at least one parameter axis"),
        (lambda: grid(two_bloc(), {"gamma": [1, 2]}), "'gamma' is not a parameter"),
        (lambda: grid(two_bloc(), {"c": [1, np.nan]}), "NaN"),
        (lambda: grid(two_bloc(), {"c": [1]}, fixed={"c": 2}), "both swept and fixed"),
        (lambda: grid(two_bloc(), {"c": [1]}, fixed={"zeta": 2}), "unknown parameter 'zeta'"),
        (lambda: grid(two_bloc(), {"c": [1]}, profile="R,X"), "no action 'X'"),
        (lambda: grid(two_bloc().at(), {"c": [1]}), "expected a SymbolicGame"),
        (lambda: parse_range("c=0:5:0"), "has no points"),
        (lambda: parse_range("c=0:5"), "NAME=START:STOP:NUM"),
        (lambda: parse_range("c=a:5:3"), "must be numbers"),
        (lambda: phase_diagram(grid(two_bloc(), {"c": [1, 2]})), "two swept axes"),
    ],
)
def test_bad_sweeps(call, message):
    with pytest.raises(GameError, match=message):
        call()


def test_threshold_with_unknown_symbol_is_refused():
    import sympy as sp

    table = grid(two_bloc(), {"c": [0, 1], "r": [0, 1]})
    with pytest.raises(GameError, match="neither the x axis"):
        phase_diagram(table, {"bad": sp.Symbol("zeta") * 2})


def test_grid_agrees_with_classify_at_random_points():
    """The vectorised criteria and classify() are separate code: they must agree point by point.

    classify reports risk_dominant=None where the rival (E,E) is not strict; the grid marks
    those points risk_defined=False. The regime is the same function of the criteria.
    """
    from gametheory import classify

    rng = np.random.default_rng(11)
    model = two_bloc()
    for _ in range(40):
        fixed = {name: float(rng.uniform(0, 1.5)) for name in ("b", "alpha", "theta", "beta", "w")}
        c, r = rng.uniform(0, 5, 2)
        table = grid(model, {"c": [c], "r": [r]}, fixed=fixed)
        report = classify(model.at(c=c, r=r, **fixed), "R,R", n_starts=50)
        assert bool(table.nash[0, 0]) == report.nash
        assert bool(table.strict[0, 0]) == report.strict
        assert bool(table.risk_defined[0, 0]) == (report.risk_dominant is not None)
        if report.risk_dominant is not None:
            assert bool(table.risk_dominant[0, 0]) == report.risk_dominant
        assert table.regimes[table.labels[0, 0]] == report.regime


def test_threshold_given_as_text_is_refused_not_evaluated():
    table = grid(two_bloc(), {"c": [0, 1], "r": [0, 1]})
    with pytest.raises(GameError, match="is the string"):
        phase_diagram(table, {"bad": "__import__('os').getcwd()"})


def test_grid_with_a_callable_analysis_counts_equilibria(tmp_path):
    """Any per-point analysis: here the number of equilibria, from solve()."""

    def count(game):
        return f"{len(solve(game).equilibria)} NE"

    calls = []
    table = grid(
        two_bloc(),
        {"c": [0.5, 2.0], "r": [0.0, 4.0]},
        count,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (4, 4) and table.nash is None
    # r = 0: a prisoner's dilemma, one equilibrium; r = 4: a stag hunt, three
    assert [table.regimes[k] for k in table.labels[:, 0]] == ["1 NE", "1 NE"]
    assert [table.regimes[k] for k in table.labels[:, 1]] == ["3 NE", "3 NE"]
    assert len(table.to_records().dtype.names) == 3
    save(phase_diagram(table), str(tmp_path / "count.png"))


def test_grid_rejects_unknown_analysis():
    with pytest.raises(GameError, match="analysis must be"):
        grid(two_bloc(), {"c": [1.0]}, "magic")
    with pytest.raises(GameError, match="must return a label string"):
        grid(two_bloc(), {"c": [1.0]}, lambda game: 3)


def test_regime_labels_are_generic():
    # the library's wording comes from the table's profile and rival, not from the two-bloc
    # vocabulary
    from gametheory.games import stag_hunt
    from gametheory.sweep.plot import regime_text

    table = grid(stag_hunt(), {"R": [3.5, 4.0]}, profile="Hare,Hare")
    texts = [regime_text(table, r) for r in table.regimes]
    assert texts[0] == "(Hare,Hare) not an equilibrium"
    assert "over (Stag,Stag)" in texts[1] and "restraint" not in " ".join(texts)
    alone = grid(stag_hunt(), {"R": [4.0]}, rival=None)
    assert regime_text(alone, "stable") == "(Stag,Stag) a strict equilibrium"
    with pytest.raises(GameError, match=r"grid\(\): rival 'Stag,Hare'"):
        grid(stag_hunt(), {"R": [4.0]}, rival="Stag,Hare")
