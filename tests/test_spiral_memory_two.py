"""The spiral model's memory-two findings: the whole space of 65,536 pure memory-two strategies.

Every listed strategy is checked again on its automaton by the chain engine
(repeated.is_subgame_perfect / is_nash / outcome_distribution on memory_n automata), never
the compiled kernel that made the list; a seeded sample of strategies left off must fail the
same independent checks.
"""

from __future__ import annotations

import numpy as np
import pytest

from gametheory.deterrence.analysis.spiral import analyse
from gametheory.deterrence.spiral import (
    MEMORY_TWO_NAMES,
    SpiralModel,
    accident_matrix,
    memory_two_reading,
    memory_two_rule,
)
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.errors import GameError
from gametheory.games import prisoners_dilemma
from gametheory.repeated import (
    expected_payoffs,
    is_nash,
    is_subgame_perfect,
    memory_n,
    outcome_distribution,
    strategy,
)
from gametheory.stability import _solved_cache

DELTA, EPS0, TARGET = 0.9, 0.02, 0.5
M2 = {"memory_two_scan": 6, "n_scan": 21, "tol": 1e-6}


def _rule(index: int):
    """Rule `index` of all_memory_n(2) built from its bits here (not the model's helper)."""
    return memory_n(2, [(index >> h) & 1 for h in range(16)])


def _stage_and_noise(c: float):
    stage = two_bloc().at(r=0.5, c=c)
    return stage, accident_matrix(min(1.0, EPS0 * c))


def _independent(index: int, c: float):
    """(spe, nash, restraint, war) from the chain engine on the automaton."""
    stage, Q = _stage_and_noise(c)
    a = _rule(index)
    d = outcome_distribution(stage, [a, a], 1.0, noise=Q)
    return (
        is_subgame_perfect(stage, [a, a], DELTA, noise=Q),
        is_nash(stage, [a, a], DELTA, noise=Q),
        float(d[0, 0] + 0.5 * (d[0, 1] + d[1, 0])),
        float(d[1, 1]),
    )


@pytest.fixture(scope="module")
def report():
    return analyse({}, **M2)


def test_listed_strategies_pass_and_a_sample_of_the_others_fail(report):
    f = report.finding("spiral.memory_two")
    listed = {row["index"] for row in f.evidence["restrained"]}
    spe = {row["index"] for row in f.evidence["subgame_perfect"]}
    assert listed and listed <= spe and f.holds
    assert f.evidence["n_spe"] == len(spe) and f.evidence["size"] == 2**16
    for k in listed:  # each listed strategy: subgame perfect, Nash, mostly restrained
        is_spe, nash, restraint, war = _independent(k, 2.0)
        assert is_spe and nash and restraint >= TARGET, k
        row = next(r for r in f.evidence["restrained"] if r["index"] == k)
        assert row["restraint"] == pytest.approx(restraint, abs=1e-9)
        assert row["war"] == pytest.approx(war, abs=1e-9)
    # subgame-perfect strategies left off the list are below the restraint target
    for k in spe - listed:
        is_spe, _, restraint, _ = _independent(k, 2.0)
        assert is_spe and restraint < TARGET, k
    # a seeded sample of the strategies that are not subgame perfect: the engine agrees
    rng = np.random.default_rng(22)
    for k in rng.choice([k for k in range(2**16) if k not in spe], 40, replace=False):
        stage, Q = _stage_and_noise(2.0)
        assert not is_subgame_perfect(stage, [_rule(int(k))] * 2, DELTA, noise=Q), int(k)


def test_no_memory_two_strategy_keeps_war_at_the_target_at_c2(report):
    f = report.finding("spiral.memory_two_sustained")
    rows = report.finding("spiral.memory_two").evidence["subgame_perfect"]
    calmest = min(rows, key=lambda r: r["war"])
    assert _independent(calmest["index"], 2.0)[3] == pytest.approx(calmest["war"], abs=1e-9)
    assert f.holds == (calmest["war"] <= 0.05) and f.holds is False  # 13.5% at the defaults
    assert f.evidence["sustaining"] == [] and f.region.empty


def test_each_listed_region_ends_hold_just_inside_and_fail_just_outside(report):
    f = report.finding("spiral.memory_two")
    for row in f.evidence["restrained"]:
        region = report.finding(f"spiral.memory_two.{row['index']}").region
        assert region.contains(2.0)
        for iv in region.intervals:
            for end, inward in ((iv.lo, 1), (iv.hi, -1)):
                if end in (0.0, 10.0):
                    continue
                inside = _independent(row["index"], end + inward * 1e-7)
                outside = _independent(row["index"], end - inward * 3e-6)
                assert inside[0] and inside[2] >= TARGET
                assert not (outside[0] and outside[2] >= TARGET)
        # the union region covers every listed strategy's own region
        for iv in region.intervals:
            assert f.region.contains(iv.lo) and f.region.contains(iv.hi)


def test_known_names_play_like_the_library_strategies():
    pd = prisoners_dilemma()
    others = [strategy(n) for n in ("ALLC", "ALLD", "TFT", "WSLS", "GRIM")]
    for index, name in MEMORY_TWO_NAMES.items():
        if name in ("2TFT", "GRIM2"):
            continue
        for other in others:  # same payoffs against every opponent, under noise
            a = expected_payoffs(pd, [_rule(index), other], 0.9, noise=0.05)
            b = expected_payoffs(pd, [strategy(name), other], 0.9, noise=0.05)
            assert np.allclose(a, b, atol=1e-10), (name, other.name)
    grim2 = memory_two_rule(lambda oo, orv, lo, lr: oo or orv or lo or lr)
    for other in others:  # without noise GRIM2 plays as GRIM
        a = expected_payoffs(pd, [_rule(grim2), other], 0.9)
        b = expected_payoffs(pd, [strategy("GRIM"), other], 0.9)
        assert np.allclose(a, b, atol=1e-12)
    assert memory_two_reading(grim2) == "restrains only after RR;RR"
    assert memory_two_reading(0) == "always restrains"


def test_census_is_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("GAMETHEORY_CACHE_DIR", str(tmp_path))
    first = SpiralModel.from_values({"c": 3.0}).memory_two(3.0)
    assert list((tmp_path / "solved").glob("data-*.json"))
    _solved_cache.clear_memory()
    again = SpiralModel.from_values({"c": 3.0}).memory_two(3.0)
    assert again == first


def test_bad_memory_two_settings_raise():
    with pytest.raises(GameError, match="restraint_target"):
        analyse({"restraint_target": 1.5}, memory_two=False)
    with pytest.raises(GameError, match="memory_two_scan"):
        analyse({}, n_scan=5, memory_two_scan=1)


def test_readme_and_docs_numbers_are_what_the_analysis_computes(report):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    f = report.finding("spiral.memory_two")
    region = f.region.text()  # 'c in [1.322, 5.516]'
    least = min(r["war"] for r in f.evidence["subgame_perfect"])
    for doc in ("README.md", "docs/spiral.md"):
        text = " ".join((root / doc).read_text().split())
        assert f"{f.evidence['n_spe']} are subgame perfect" in text or (
            f"{f.evidence['n_spe']} subgame perfect" in text
        ), doc
        assert region in text, doc
        assert f"{100 * least:.3g}% war" in text or f"{100 * least:.3g}%" in text, doc
    assert len(f.evidence["restrained"]) == 4  # "four of them" in both


@pytest.mark.parametrize(
    "c, delta, two_sided",
    [(3.5, 0.9, 0.0), (1.5, 0.95, 0.0), (2.0, 0.9, 1.0)],
)
def test_census_at_other_settings_against_the_chain_engine(c, delta, two_sided):
    model = SpiralModel.from_values({"c": c, "delta": delta, "two_sided": two_sided})
    census = model.memory_two(c)
    stage = two_bloc().at(r=0.5, c=c)
    Q = accident_matrix(min(1.0, EPS0 * c), "two-sided" if two_sided else "one-sided")
    spe = {e.index for e in census.equilibria}
    assert census.n_spe == len(spe) <= census.n_nash
    for e in census.equilibria:  # every SPE rule: SPE and Nash on the automaton, same shares
        a = _rule(e.index)
        assert is_subgame_perfect(stage, [a, a], delta, noise=Q), e.index
        assert is_nash(stage, [a, a], delta, noise=Q), e.index
        d = outcome_distribution(stage, [a, a], 1.0, noise=Q)
        assert e.war == pytest.approx(float(d[1, 1]), abs=1e-9)
        assert e.restraint == pytest.approx(float(d[0, 0] + 0.5 * (d[0, 1] + d[1, 0])), abs=1e-9)
    rng = np.random.default_rng(int(100 * c))
    others = [k for k in rng.choice(2**16, 60, replace=False) if int(k) not in spe][:25]
    for k in others:
        assert not is_subgame_perfect(stage, [_rule(int(k))] * 2, delta, noise=Q), int(k)


def test_strategy_blind_play_is_classified_fast_and_too_many_rules_are_refused():
    # eps = 1 at c = 60: every intended restraint fails, so every rule is an equilibrium at war
    census = SpiralModel.from_values({"c": 60.0}).memory_two(60.0)
    assert census.n_spe == census.n_nash == 2**16
    assert {(e.restraint, e.war) for e in census.equilibria} == {(0.0, 1.0)}
    # two-sided eps = 1/2 at c = 25: every rule restrains half the time
    with pytest.raises(GameError, match="memory-two rules qualify"):
        analyse(
            {"two_sided": 1, "c": 25.0, "c_max": 25.0, "restraint_target": 0.4},
            n_scan=3,
            memory_two_scan=2,
        )
