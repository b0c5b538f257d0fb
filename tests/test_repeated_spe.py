"""Subgame perfection, Nash checks and critical discount factors against known thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import GameError
from gametheory.games import prisoners_dilemma
from gametheory.repeated import (
    Automaton,
    critical_discount,
    is_nash,
    is_subgame_perfect,
    one_shot_deviations,
    strategy,
)

DILEMMAS = [  # (R, S, T, P) with T > R > P > S
    pytest.param(3, 0, 5, 1, id="axelrod-5310"),
    pytest.param(3, 0, 4, 1, id="4310"),
    pytest.param(4, 0, 5, 2, id="5420"),
    pytest.param(3, -1, 6, 0, id="6-3-0-neg1"),
    pytest.param(2, 0, 7, 1, id="7210"),
]


@pytest.mark.parametrize("R, S, T, P", DILEMMAS)
def test_grim_trigger_is_spe_iff_delta_at_least_friedman_bound(R, S, T, P):
    # Friedman (1971): Nash reversion sustains (C, C) iff delta >= (T - R) / (T - P)
    pd = prisoners_dilemma(R=R, S=S, T=T, P=P)
    bound = (T - R) / (T - P)
    grim = [strategy("GRIM")] * 2
    assert critical_discount(pd, grim) == pytest.approx(bound, abs=1e-6)
    assert is_subgame_perfect(pd, grim, bound + 1e-3)
    assert not is_subgame_perfect(pd, grim, bound - 1e-3)


@pytest.mark.parametrize("R, S, T, P", DILEMMAS)
def test_tft_is_nash_iff_delta_at_least_axelrod_bound(R, S, T, P):
    # Axelrod (1984), ch. 1 and Appendix B: TFT is collectively stable iff no ALLD (T then P)
    # and no alternation (T, S, T, ...) pays: delta >= max((T-R)/(T-P), (T-R)/(R-S))
    pd = prisoners_dilemma(R=R, S=S, T=T, P=P)
    bound = max((T - R) / (T - P), (T - R) / (R - S))
    tft = [strategy("TFT")] * 2
    found = critical_discount(pd, tft, concept="nash")
    if bound >= 1:
        assert found is None
        assert not is_nash(pd, tft, 0.999)
    else:
        assert found == pytest.approx(bound, abs=1e-6)
        assert is_nash(pd, tft, bound + 1e-3)
        assert not is_nash(pd, tft, bound - 1e-3)


@pytest.mark.parametrize("R, S, T, P", DILEMMAS)
def test_gtft_generosity_of_nowak_and_sigmund(R, S, T, P):
    # Nowak & Sigmund (1992), Nature 355: TFT that forgives with probability g stays an
    # equilibrium (no ALLD, no alternation pays) as delta -> 1 iff
    # g <= min(1 - (T-R)/(R-S), (R-P)/(T-P)).
    pd = prisoners_dilemma(R=R, S=S, T=T, P=P)
    g_star = min(1 - (T - R) / (R - S), (R - P) / (T - P))
    delta = 1 - 1e-5
    if g_star > 0.011:
        assert is_nash(pd, [strategy("GTFT", g=g_star - 0.01)] * 2, delta)
    assert not is_nash(pd, [strategy("GTFT", g=max(g_star, 0) + 0.01)] * 2, delta)


def test_wsls_is_spe_iff_delta_at_least_t_minus_r_over_r_minus_p():
    # Derivation: from (C,C) a deviation earns T, then (D,D), then (C,C) again, so it pays
    # iff (1-d) T + d (1-d) P + d^2 R > R, i.e. d < (T-R)/(R-P); after (D,D) or a
    # unilateral defection the prescribed move is always the better one-shot choice.
    pd = prisoners_dilemma(R=3, S=0, T=4, P=1)
    wsls = [strategy("WSLS")] * 2
    assert critical_discount(pd, wsls) == pytest.approx(0.5, abs=1e-6)
    # with Axelrod's payoffs the bound is (5-3)/(3-1) = 1: never subgame perfect
    assert critical_discount(prisoners_dilemma(), wsls) is None


def test_tft_is_subgame_perfect_only_in_the_knife_edge_case():
    # TFT needs delta >= (T-R)/(R-S) after (C,C) and <= after a unilateral defection, so it is
    # SPE only at delta = (T-R)/(R-S) and only if also T + S = R + P (the (D,D) subgame).
    tft = [strategy("TFT")] * 2
    assert critical_discount(prisoners_dilemma(), tft) is None  # 5 + 0 != 3 + 1
    edge = prisoners_dilemma(R=3, S=-1, T=4, P=0)  # T + S = R + P = 3
    assert critical_discount(edge, tft) == pytest.approx(0.25, abs=1e-6)
    assert is_subgame_perfect(edge, tft, 0.25)
    assert not is_subgame_perfect(edge, tft, 0.3)
    assert not is_subgame_perfect(edge, tft, 0.2)


def test_deviation_report_points_at_the_profitable_deviation():
    check = one_shot_deviations(prisoners_dilemma(), [strategy("GRIM")] * 2, 0.3)
    assert not check.holds
    # at the start (both in the cooperative state) defecting gains
    # (1-d)(T-R) - d(R-P) = 0.7*2 - 0.3*2 = 0.8
    assert check.state == (0, 0) and check.action == 1
    assert check.max_gain == pytest.approx(0.8)


def test_spe_implies_nash_on_random_automata():
    rng = np.random.default_rng(5)
    pd = prisoners_dilemma()
    agreed = 0
    for _ in range(40):
        autos = []
        for _ in range(2):
            k = int(rng.integers(1, 4))
            autos.append(
                Automaton(rng.integers(0, 2, k), rng.integers(0, k, size=(k, 2, 2)), 0, "r")
            )
        delta = float(rng.uniform(0.1, 0.95))
        noise = float(rng.choice([0.0, 0.05]))
        spe = is_subgame_perfect(pd, autos, delta, noise)
        nash = is_nash(pd, autos, delta, noise)
        assert nash or not spe
        agreed += spe == nash
    assert agreed > 0


def test_noise_moves_the_grim_threshold_up():
    # under noise a cooperative GRIM state is left by accident anyway, so the loss from
    # defecting shrinks: the critical discount rises with the error rate
    pd = prisoners_dilemma()
    grim = [strategy("GRIM")] * 2
    clean = critical_discount(pd, grim)
    noisy = critical_discount(pd, grim, noise=0.05)
    assert noisy is not None and noisy > clean + 0.01


def test_bad_inputs():
    with pytest.raises(GameError, match=r"^one_shot_deviations\(\): delta = 1"):
        one_shot_deviations(prisoners_dilemma(), ["GRIM", "GRIM"], 1.0)
    with pytest.raises(GameError, match=r"concept = 'x'"):
        critical_discount(prisoners_dilemma(), ["GRIM", "GRIM"], concept="x")
    with pytest.raises(GameError, match=r"grid = 1"):
        critical_discount(prisoners_dilemma(), ["GRIM", "GRIM"], grid=1)
