"""Automata and exact noisy payoffs: closed forms, Monte-Carlo agreement, kernel vs engine."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import GameError
from gametheory.games import n_player_dilemma, prisoners_dilemma
from gametheory.repeated import (
    Automaton,
    all_memory_one,
    expected_payoffs,
    memory_one,
    outcome_distribution,
    payoff_tensor,
    simulate,
    strategy,
)

PD = prisoners_dilemma().at()  # R, S, T, P = 3, 0, 5, 1 (Axelrod 1984)
R, S, T, P = 3.0, 0.0, 5.0, 1.0


# ----------------------------------------------------------------------------- closed forms
@pytest.mark.parametrize("delta", [0.0, 0.3, 0.9])
def test_noiseless_closed_forms(delta):
    # Axelrod (1984), ch. 1: TFT against ALLD loses only the first round
    tft_alld = expected_payoffs(PD, [strategy("TFT"), strategy("ALLD")], delta)
    assert tft_alld == pytest.approx([(1 - delta) * S + delta * P, (1 - delta) * T + delta * P])
    # TFT against suspicious TFT (defects first): alternating (C, D), (D, C), ...
    stft = memory_one([0, 1, 0, 1], first=1)
    alt = expected_payoffs(PD, [strategy("TFT"), stft], delta)
    assert alt == pytest.approx([(S + delta * T) / (1 + delta), (T + delta * S) / (1 + delta)])
    assert expected_payoffs(PD, ["GRIM", "WSLS"], delta) == pytest.approx([R, R])


@pytest.mark.parametrize("eps", [0.01, 0.1, 0.3])
def test_noisy_tft_spends_a_quarter_of_the_time_in_each_outcome(eps):
    # Molander (1985), "The optimal level of generosity in a selfish, uncertain environment",
    # J. Conflict Resolution 29: two noisy TFT players are a symmetric chain on the four
    # outcomes whose long-run distribution is uniform, for every error rate.
    d = outcome_distribution(PD, ["TFT", "TFT"], 1.0, noise=eps)
    assert d == pytest.approx(np.full((2, 2), 0.25), abs=1e-12)
    assert expected_payoffs(PD, ["TFT", "TFT"], 1.0, noise=eps) == pytest.approx(
        [(R + S + T + P) / 4] * 2
    )


def test_noisy_grim_ends_in_mutual_defection_and_wsls_recovers():
    # GRIM never forgives: with any noise the long run is (D, D); WSLS returns to (C, C)
    # after one round of mutual defection (Nowak & Sigmund 1993, Nature 364), so its share of
    # cooperation tends to 1 as noise vanishes.
    grim = outcome_distribution(PD, ["GRIM", "GRIM"], 1.0, noise=0.01)
    # both intend D forever; a D is realised as C with probability 0.01
    assert grim[1, 1] == pytest.approx(0.99**2, abs=1e-12)
    assert grim[0, 0] == pytest.approx(0.01**2, abs=1e-12)
    wsls = outcome_distribution(PD, ["WSLS", "WSLS"], 1.0, noise=1e-4)
    assert wsls[0, 0] > 0.999


def test_one_sided_accidents_matrix():
    # an intended C becomes D with probability e, a D is never softened
    e = 0.2
    Q = [[1 - e, e], [0.0, 1.0]]
    d = outcome_distribution(PD, ["ALLC", "ALLC"], 0.5, noise=Q)
    assert d == pytest.approx(np.outer([1 - e, e], [1 - e, e]))
    assert outcome_distribution(PD, ["ALLD", "ALLD"], 1.0, noise=Q)[1, 1] == 1.0


# ----------------------------------------------------------------------------- Monte Carlo
MC_CASES = [
    pytest.param(PD, ["TFT", "GTFT"], 0.9, 0.05, id="tft-gtft"),
    pytest.param(PD, ["WSLS", "TF2T"], 0.8, 0.1, id="wsls-tf2t"),
    pytest.param(PD, ["GRIM", memory_one([0, 1, 1, 0], first=1)], 0.9, 0.02, id="grim-m1"),
    pytest.param(
        n_player_dilemma().at(),
        [memory_one([0, 1, 1, 1, 1, 1, 1, 1]), memory_one([0] * 8), memory_one([0, 1] * 4)],
        0.85,
        0.05,
        id="3-player",
    ),
]


@pytest.mark.parametrize("stage, profile, delta, noise", MC_CASES)
def test_exact_payoffs_agree_with_monte_carlo(stage, profile, delta, noise):
    exact = expected_payoffs(stage, profile, delta, noise)
    mc = simulate(stage, profile, delta, noise, runs=6000, seed=7)
    assert mc.stderr.max() > 0
    # within 4.5 standard errors (a false alarm has probability ~1e-5 per payoff)
    assert np.all(np.abs(mc.mean - exact) <= 4.5 * mc.stderr), (mc.mean, exact, mc.stderr)


def test_limit_of_means_agrees_with_a_long_run():
    exact = expected_payoffs(PD, ["GTFT", "WSLS"], 1.0, noise=0.05)
    mc = simulate(PD, ["GTFT", "WSLS"], 1.0, noise=0.05, runs=200, rounds=4000, seed=3)
    assert np.all(np.abs(mc.mean - exact) <= 4.5 * mc.stderr + 2e-3)


# ----------------------------------------------------------------------------- kernel vs engine
@pytest.mark.parametrize(
    "delta, noise", [(0.9, 0.05), (0.0, 0.1), (1.0, 0.05), (1.0, 0.0), (0.95, 0.0)]
)
def test_memory_one_kernel_matches_the_chain_engine(delta, noise):
    rules = all_memory_one(2, with_first_move=True)
    tensor = payoff_tensor(PD, rules, delta, noise, progress=None)
    assert tensor.shape == (2, 32, 32)
    rng = np.random.default_rng(11)
    for a, b in rng.integers(0, 32, size=(25, 2)):
        assert tensor[:, a, b] == pytest.approx(
            expected_payoffs(PD, [rules[a], rules[b]], delta, noise), abs=1e-10
        )
    # symmetric game: seat 1's payoff is seat 0's with the strategies swapped
    assert np.allclose(tensor[1], tensor[0].T, atol=1e-12)


def test_three_player_kernel_with_separate_strategy_lists():
    g = n_player_dilemma().at()
    rules = all_memory_one(3)
    lists = [rules[:5], rules[100:103], rules[250:256]]
    tensor = payoff_tensor(g, lists, 0.9, 0.03, progress=None)
    assert tensor.shape == (3, 5, 3, 6)
    for idx in [(0, 0, 0), (4, 2, 5), (2, 1, 3)]:
        prof = [lists[i][k] for i, k in enumerate(idx)]
        assert tensor[(slice(None), *idx)] == pytest.approx(
            expected_payoffs(g, prof, 0.9, 0.03), abs=1e-10
        )


def test_general_automata_tensor_and_stochastic_memory_one():
    names = ["ALLC", "ALLD", "GRIM", "TFT", "GTFT", "WSLS", "TF2T"]
    tensor = payoff_tensor(PD, [strategy(s) for s in names], 1.0, 0.0, progress=None)
    assert tensor[0, 2, 3] == pytest.approx(R)  # GRIM vs TFT cooperate forever
    assert tensor[0, 1, 0] == pytest.approx(T)  # ALLD exploits ALLC
    gtft = memory_one([0, [0.3, 0.7], 0, [0.3, 0.7]])  # GTFT written as a memory-one rule
    a = payoff_tensor(PD, [gtft, strategy("WSLS")], 0.9, 0.02, progress=None)
    b = payoff_tensor(PD, [strategy("GTFT", g=0.3), strategy("WSLS")], 0.9, 0.02, progress=None)
    assert np.allclose(a, b, atol=1e-12)


def test_tft_as_memory_one_is_the_named_tft():
    tft = all_memory_one(2)[10]
    assert tft.name == "M1[0101]"
    for opp in ["GRIM", "WSLS", "GTFT"]:
        assert expected_payoffs(PD, [tft, opp], 0.9, 0.07) == pytest.approx(
            expected_payoffs(PD, ["TFT", opp], 0.9, 0.07), abs=1e-12
        )


# ----------------------------------------------------------------------------- refusals
def test_bad_inputs_name_the_value():
    with pytest.raises(GameError, match=r"^expected_payoffs\(\): delta = 1.5"):
        expected_payoffs(PD, ["TFT", "TFT"], 1.5)
    with pytest.raises(GameError, match=r"noise = -0.1"):
        expected_payoffs(PD, ["TFT", "TFT"], 0.9, noise=-0.1)
    with pytest.raises(GameError, match=r"profile has 3 automata"):
        expected_payoffs(PD, ["TFT"] * 3, 0.9)
    with pytest.raises(GameError, match=r"unknown strategy 'XYZ'"):
        strategy("XYZ")
    with pytest.raises(GameError, match=r"generosity g = 2.0"):
        strategy("GTFT", g=2.0)
    with pytest.raises(GameError, match=r"rule has 5 entries"):
        memory_one([0, 1, 0, 1, 0])
    with pytest.raises(GameError, match=r"transitions name states outside"):
        Automaton(np.array([0]), np.array([[[0, 1], [0, 0]]]))
    with pytest.raises(GameError, match=r"delta = 1 needs rounds"):
        simulate(PD, ["TFT", "TFT"], 1.0)


def test_sizes_are_bounded_with_the_estimate():
    big = Automaton(np.zeros(1000, dtype=np.int64), np.zeros((1000, 2, 2), dtype=np.int64))
    with pytest.raises(GameError, match=r"up to 1000000 states \(1000 x 1000\)"):
        expected_payoffs(PD, [big, big], 0.9)
    with pytest.raises(GameError, match=r"memory-one rules \(~4.29e\+09\) exceed"):
        all_memory_one(5)
    rules = all_memory_one(3) * 3
    with pytest.raises(GameError, match=r"768 x 768 x 768 profiles x 3 players = 1.36e\+09"):
        payoff_tensor(n_player_dilemma().at(), rules, 0.9)
