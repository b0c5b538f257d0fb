"""The arming game (gametheory.deterrence.arming) and its findings (analysis.arming).

Independent checks: every stage-2 game is rebuilt from ``two_bloc(...).at()`` (sympy, not the
vectorised path) and solved by ``solve``; selections are written out here from the payoff
tables; stage 1 is brute force over every pure profile (and, for ``"all"``, every selection),
mixed equilibria are checked by their regret computed here.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from helpers import run_script
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import Game, solve
from gametheory.deterrence.analysis.arming import analyse, builds_up, render, restrained
from gametheory.deterrence.arming import arming, stage_equilibria
from gametheory.deterrence.findings import number_text
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.errors import GameError

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "models" / "arming.py"
TOL = 1e-7


# ----------------------------------------------------------------------------- independent
def _cell(ca, cb, params):
    """Every equilibrium of the stage-2 game at (ca, cb): (escalate_A, escalate_B, uA, uB,
    p_war, losses or None), and the 2x2 tables."""
    g = two_bloc(symmetric=False, noise="capability").at(c_A=ca, c_B=cb, **params)
    A, B = g.payoffs
    out = []
    for eq in solve(g).equilibria:
        ea, eb = eq.strategies[0][1], eq.strategies[1][1]
        e0 = params["eps0"]
        war = (ea + (1 - ea) * e0 * ca) * (eb + (1 - eb) * e0 * cb)
        pure = eq.pure_profile()
        losses = None
        if pure is not None:
            x, y = pure
            losses = (A[x, y] - A[1 - x, y], B[x, y] - B[x, 1 - y])
        out.append((ea, eb, eq.payoffs[0], eq.payoffs[1], war, losses))
    return out, A, B


def _params(r=1.5, **kw):
    p = dict(b=1.0, alpha=0.6, theta=0.4, beta=1.0, w=0.2, k=0.1, eps0=0.02)
    p.update(kw)
    p["r_A"] = p["r_B"] = r
    return p


def _choose(cell, rule, bloc):
    """The selection written out: risk dominance from the Nash products of strict equilibria."""
    if len(cell) == 1:
        return cell[0]
    if rule in ("pessimistic", "optimistic"):
        k = 2 if bloc == "A" else 3
        pick = min if rule == "pessimistic" else max
        return pick(cell, key=lambda e: e[k])
    strict = [e for e in cell if e[5] is not None and min(e[5]) > 1e-9]
    if len(strict) == 2:
        p0, p1 = (e[5][0] * e[5][1] for e in strict)
        if abs(p0 - p1) > 1e-9:
            return strict[0] if p0 > p1 else strict[1]
    pures = sorted(
        ((e[5][0] * e[5][1], i) for i, e in enumerate(cell) if e[5] is not None), reverse=True
    )
    if pures and (len(pures) == 1 or pures[0][0] > pures[1][0] + 1e-9):
        return cell[pures[0][1]]
    return max(cell, key=lambda e: e[4])


def _brute_pure(levels, table):
    """Pure stage-1 equilibria of the reduced game `table[i][j] = (uA, uB)`."""
    n = len(levels)
    out = set()
    for i, j in itertools.product(range(n), repeat=2):
        ua, ub = table[i][j][:2]
        if all(table[k][j][0] <= ua + TOL for k in range(n)) and all(
            table[i][k][1] <= ub + TOL for k in range(n)
        ):
            out.add((levels[i], levels[j]))
    return out


def _cells(levels, params):
    return [[_cell(a, b, params)[0] for b in levels] for a in levels]


def _regret(u, v, x, y):
    return max(float((u @ y).max() - x @ u @ y), float((x @ v).max() - x @ v @ y))


# ----------------------------------------------------------------------------- stage 2
@pytest.mark.parametrize("kw", [{}, {"theta": 1.6, "r": 0.5}, {"theta": 1.0, "beta": 0.5, "r": 1}])
def test_stage_equilibria_equal_solve_cell_by_cell(kw):
    r = kw.pop("r", 1.5)
    params = _params(r, **kw)
    levels = [0.0, 0.5, 1.0, 2.5, 5.0]
    grid = np.array(levels)
    f = two_bloc(symmetric=False, noise="capability").lambdify()
    stage = stage_equilibria(f(c_A=grid[:, None], c_B=grid[None, :], **params), levels, 0.02)
    for i, a in enumerate(levels):
        for j, b in enumerate(levels):
            expected, _, _ = _cell(a, b, params)
            got = [(*e.escalate, *e.payoffs, e.p_war) for e in stage[i][j]]
            assert len(got) == len(expected), (a, b)
            for e in expected:
                assert any(np.allclose(g, e[:5], atol=1e-9) for g in got), (a, b, e, got)


# ----------------------------------------------------------------------------- stage 1
CASES = [
    ({"r": 1.5}, [0.0, 1.0, 2.0]),
    ({"r": 0.5, "theta": 1.6}, [0.0, 1.0, 2.0]),
    ({"r": 0.0, "theta": 1.6}, [0.0, 1.5, 3.5]),
    ({"r": 1.0, "theta": 1.0, "beta": 0.5}, [0.0, 0.5, 1.0]),
]


@pytest.mark.parametrize(
    "rule,bloc",
    [("risk_dominant", None), ("pessimistic", "A"), ("optimistic", "A"), ("optimistic", "B")],
)
@pytest.mark.parametrize("case", range(len(CASES)))
def test_pure_spe_equal_brute_force_over_both_stages(case, rule, bloc):
    values, levels = CASES[case]
    p = dict(values)
    params = _params(p.pop("r"), **p)
    cells = _cells(levels, params)
    table = [[_choose(cell, rule, bloc)[2:5] for cell in row] for row in cells]
    result = arming(values, levels, selection=rule, bloc=bloc)
    assert result.complete
    got = {e.levels for e in result.equilibria if e.is_pure}
    assert got == _brute_pure(levels, table)
    u = np.array([[t[0] for t in row] for row in table])
    v = np.array([[t[1] for t in row] for row in table])
    np.testing.assert_allclose(result.payoff_arrays()[0], u, atol=1e-9)
    np.testing.assert_allclose(result.payoff_arrays()[1], v, atol=1e-9)
    for e in result.equilibria:
        x, y = np.array(e.strategies[0]), np.array(e.strategies[1])
        assert _regret(u, v, x, y) <= 1e-7
        assert e.regret <= 1e-7
        war = np.array([[t[2] for t in row] for row in table])
        assert e.p_war == pytest.approx(float(x @ war @ y), abs=1e-9)
        assert e.welfare == pytest.approx(float(x @ (u + v) @ y), abs=1e-9)


@pytest.mark.parametrize(
    "values,levels",
    [
        ({"r": 0.5, "theta": 1.6}, [0.0, 1.0]),
        ({"r": 1.0, "theta": 1.0, "beta": 0.5}, [0.0, 1.0]),
        ({"r": 0.0, "theta": 1.6}, [0.0, 3.5]),
    ],
)
def test_all_selections_give_every_pure_spe(values, levels):
    """selection='all': (selection, pure profile) pairs equal brute force over selections."""
    p = dict(values)
    params = _params(p.pop("r"), **p)
    cells = _cells(levels, params)
    n = len(levels)
    positions = [(i, j) for i in range(n) for j in range(n)]
    expected = set()
    for pick in itertools.product(*[range(len(cells[i][j])) for i, j in positions]):
        chosen = dict(zip(positions, pick, strict=True))
        table = [[cells[i][j][chosen[i, j]][2:4] for j in range(n)] for i in range(n)]
        key = tuple(round(x, 7) for i, j in positions for x in table[i][j])
        for prof in _brute_pure(levels, table):
            expected.add((key, prof))
    result = arming(values, levels, selection="all")
    got = set()
    for e in result.equilibria:
        if not e.is_pure:
            continue
        choice = result.selections[e.selection]
        key = tuple(
            round(x, 7) for i, j in positions for x in result.stage[i][j][choice[i][j]].payoffs
        )
        got.add((key, e.levels))
    assert got == expected
    assert len(result.selections) == np.prod([len(cells[i][j]) for i, j in positions])
    assert all(e.regret <= 1e-7 for e in result.equilibria)


def test_prisoners_dilemma_is_checked_against_every_lower_profile():
    result = arming({"r": 0.0, "theta": 1.6})
    u, v = result.payoff_arrays()
    found = 0
    for e in result.equilibria:
        i = min(k for k, p in enumerate(e.strategies[0]) if p > 1e-9)
        j = min(k for k, p in enumerate(e.strategies[1]) if p > 1e-9)
        better = [
            (a, b)
            for a in range(i + 1)
            for b in range(j + 1)
            if (a, b) != (i, j) and u[a, b] > e.payoffs[0] + 1e-9 and v[a, b] > e.payoffs[1] + 1e-9
        ]
        assert e.prisoners_dilemma == bool(better)
        found += bool(better)
    assert found >= 1  # the arms race (3.5, 3.5) is beaten by (0, 0) for both


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    r=st.sampled_from([0.0, 0.5, 1.0, 1.5]) | st.floats(0, 3),
    theta=st.sampled_from([0.0, 0.6, 1.6]) | st.floats(0, 2),  # 0.6 = alpha: a sign change
    k=st.sampled_from([0.0, 0.1]),
    eps0=st.sampled_from([0.0, 0.02]),
)
def test_property_pure_equilibria_and_regret_at_ties_and_zeros(r, theta, k, eps0):
    levels = [0.0, 1.0, 2.0]
    params = _params(r, theta=theta, k=k, eps0=eps0)
    cells = _cells(levels, params)
    table = [[_choose(cell, "risk_dominant", None)[2:5] for cell in row] for row in cells]
    result = arming({"r": r, "theta": theta, "k": k, "eps0": eps0}, levels)
    assert {e.levels for e in result.equilibria if e.is_pure} == _brute_pure(levels, table)
    assert all(e.regret <= 1e-7 for e in result.equilibria)
    assert result.equilibria  # every finite game has one


# ----------------------------------------------------------------------------- analysis
@pytest.fixture(scope="module")
def strong():
    return analyse({"theta": 1.6, "r": 0.5, "n_scan": 11, "tol": 1e-4})


def test_findings_regions_agree_with_the_model_off_their_ends(strong):
    build = strong.finding("arming.build_up").region
    calm = strong.finding("arming.restraint").region
    for r in np.linspace(0.05, 4.95, 9):
        if build.near_boundary(r, 1e-3) or calm.near_boundary(r, 1e-3):
            continue
        res = arming({"theta": 1.6, "r": float(r)})
        arms = any(min(e.levels) > 0 for e in res.equilibria)
        assert build.contains(float(r)) == arms
        peace = all(set(e.outcome) == {"(R, R)"} and e.p_war <= 0.05 for e in res.equilibria)
        assert calm.contains(float(r)) == peace
    assert builds_up(arming({"theta": 1.6, "r": 0.5})) and not restrained(
        arming({"theta": 1.6, "r": 0.5})
    )


def test_statements_render_computed_records(strong):
    eq = strong.finding("arming.equilibria")
    assert len(eq.evidence["equilibria"]) == len(strong.data["equilibria"]) == 3
    assert "(1.5, 1.5)" in eq.statement  # the pure arms race at r = 0.5
    assert strong.finding("arming.prisoners_dilemma").holds is True
    assert eq.holds is True and eq.evidence["regret_check"] is True
    text = render(strong)
    for f in strong.findings:
        assert f.statement in text


def test_script_json_and_bad_input():
    out = run_script(SCRIPT, "--json", "--param", "n_scan=3", "--param", "tol=1e-2")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {f["id"] for f in data["findings"]} >= {
        "arming.selection",
        "arming.equilibria",
        "arming.build_up",
        "arming.restraint",
        "arming.prisoners_dilemma",
        "arming.pieces",
    }
    assert len(data["reduced_game"]["payoffs_A"]) == 11
    documented = (ROOT / "docs" / "json.md").read_text()
    section = documented[documented.index("## `python models/arming.py --json`") :]
    keys = [*data, *data["parameters"], *data["equilibria"][0], *data["by_r"][0]]
    keys += [*data["by_r"][0]["equilibria"][0], *data["reduced_game"]]
    for key in keys:
        assert f"`{key}`" in section or f'"{key}"' in section, key
    for f in data["findings"]:
        assert f"`{f['id']}`" in section, f["id"]
    bad = run_script(SCRIPT, "--param", "c=1", in_subprocess=True)  # the real CLI path
    assert bad.returncode == 2 and "capability is chosen in stage 1" in bad.stderr
    assert len(SCRIPT.read_text().splitlines()) <= 50


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"selection": "best"}, "selection must be one of"),
        ({"selection": "pessimistic"}, "needs bloc 'A' or 'B'"),
        ({"bloc": "A"}, "bloc is only for"),
        ({"levels": [0, 0]}, "levels must be distinct"),
        ({"levels": [0, 60]}, "accident probability must be at most 1"),
        ({"levels": []}, "levels must not be empty"),
        (
            {
                "levels": [0, 1, 2],
                "selection": "all",
                "max_selections": 10,
                "values": {"r": 0.5, "theta": 1.6},
            },
            "more than max_selections",
        ),
    ],
)
def test_bad_input(kwargs, message):
    kwargs = dict(kwargs)
    values = kwargs.pop("values", None)
    with pytest.raises(GameError, match=message) as err:
        arming(values, **kwargs)
    assert str(err.value).startswith("arming():")


def test_readme_arming_numbers_are_computed():
    """README's arming paragraph, number by number, against the analysis."""
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert (
        "no bloc arms except for reassurance `r` in [1.2, 1.3], where a build-up to (0.5, 0.5)"
        in (readme)
    )
    assert "at `r = 0` one equilibrium builds to (3.5, 3.5)" in readme
    assert "from `r = 1.3` no bloc arms and restraint holds" in readme
    coarse = {"n_scan": 17, "tol": 1e-4, "r_max": 2.0}  # scan step 0.125
    base = analyse({**coarse, "r": 1.25})
    build = base.finding("arming.build_up").region
    assert [(number_text(iv.lo), number_text(iv.hi)) for iv in build.intervals] == [("1.2", "1.3")]
    assert base.finding("arming.prisoners_dilemma").region.intervals == build.intervals
    assert (0.5, 0.5) in {e.levels for e in arming({"r": 1.25}).equilibria}
    race = analyse({**coarse, "theta": 1.6, "r": 0.0})
    race_eq = {tuple(e["levels"]): e for e in race.data["equilibria"]}
    assert race_eq[3.5, 3.5]["build_down"]["levels"] == [0.0, 0.0]
    # the highest pure arms level on each piece of r, in order: falls step by step to none
    tops = [
        max((max(x["levels"]) for x in piece["pure"]), default=0.0)
        for piece in race.finding("arming.pieces").evidence["pieces"]
    ]
    assert tops[0] == 3.5 and tops[-1] == 0.0
    assert all(a >= b for a, b in itertools.pairwise(tops))
    assert {3.5, 3.0, 2.5, 2.0, 1.5, 1.0, 0.5} <= set(tops)
    calm = race.finding("arming.restraint").region
    assert number_text(calm.intervals[0].lo) == "1.3" and calm.intervals[0].hi == 2.0
    assert restrained(arming({"theta": 1.6, "r": 5.0}))  # and on to r = 5
    assert race.finding("arming.build_up").region.intervals[0].hi == pytest.approx(1.3, abs=1e-4)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    r=st.sampled_from([0.0, 1.0, 1.25, 2.0]),
    theta=st.sampled_from([0.4, 0.6, 1.6]),  # 0.6 = alpha
    k=st.sampled_from([0.0, 0.1]),
)
def test_property_findings_at_the_point_match_brute_force(r, theta, k):
    levels = [0.0, 1.0, 2.0]
    rep = analyse({"r": r, "theta": theta, "k": k, "n_scan": 3, "tol": 1e-2}, levels=levels)
    params = _params(r, theta=theta, k=k)
    cells = _cells(levels, params)
    chosen = [[_choose(cell, "risk_dominant", None) for cell in row] for row in cells]
    table = [[e[2:5] for e in row] for row in chosen]
    pure = _brute_pure(levels, table)
    result = arming({"r": r, "theta": theta, "k": k}, levels)
    mixed = [e for e in result.equilibria if not e.is_pure]
    arms = any(min(p) > 0 for p in pure) or any(min(e.levels) > 0 for e in mixed)
    assert rep.finding("arming.build_up").holds == arms
    n = len(levels)
    idx = {x: i for i, x in enumerate(levels)}

    def dilemma(i, j):
        u0, v0 = table[i][j][:2]
        return any(
            table[a][b][0] > u0 + 1e-9 and table[a][b][1] > v0 + 1e-9
            for a in range(i + 1)
            for b in range(j + 1)
            if (a, b) != (i, j)
        )

    pd = any(dilemma(idx[a], idx[b]) for a, b in pure) or any(e.prisoners_dilemma for e in mixed)
    assert rep.finding("arming.prisoners_dilemma").holds == pd
    calm = all(table[idx[a]][idx[b]][2] <= 0.05 for a, b in pure) and all(
        set(e.outcome) == {"(R, R)"} and e.p_war <= 0.05 for e in result.equilibria
    )
    assert rep.finding("arming.restraint").holds == calm
    assert n == 3


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-1, 1), min_size=8, max_size=8), st.sampled_from([0.0, 0.3]))
def test_property_stage_equilibria_equal_solve_with_ties(cells, eps0):
    """Small integer payoffs tie often: the fast path must hand every tie to solve."""
    grid = np.array(cells, dtype=float).reshape(2, 2, 2, 1, 1)  # one capability pair
    (got,) = stage_equilibria(grid, [1.0], eps0)[0]
    a, b = grid[0, :, :, 0, 0], grid[1, :, :, 0, 0]
    expected = solve(Game([a, b])).equilibria
    assert len(got) == len(expected)
    for eq in expected:
        esc = (eq.strategies[0][1], eq.strategies[1][1])
        assert any(np.allclose(g.escalate, esc, atol=1e-9) for g in got), (a, b)
        assert any(np.allclose(g.payoffs, eq.payoffs, atol=1e-9) for g in got), (a, b)
