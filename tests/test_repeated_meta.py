"""Meta-games as ordinary Games, and Moran dynamics checked against a direct linear solve."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import Game, GameError, classify, solve
from gametheory.games import prisoners_dilemma
from gametheory.repeated import (
    fixation_probability,
    invasion_matrix,
    meta_game,
    rare_mutation_shares,
    strategy,
)


def test_meta_game_is_a_game_that_solve_and_classify_accept():
    g = meta_game(prisoners_dilemma(), ["ALLD", "GRIM", "TFT"], delta=0.9)
    assert g.actions[0] == ("ALLD", "GRIM", "TFT")
    result = solve(g)
    pure = {eq.pure_profile() for eq in result.equilibria if eq.pure_profile() is not None}
    # GRIM and TFT cooperate with each other (payoff R = 3), ALLD against itself gets P
    assert {(0, 0), (1, 1), (2, 2), (1, 2), (2, 1)} <= pure
    report = classify(g, ("GRIM", "GRIM"))
    assert report.nash
    # below Friedman's bound (T-R)/(T-P) = 1/2 mutual GRIM is no longer an equilibrium
    low = meta_game(prisoners_dilemma(), ["ALLD", "GRIM"], delta=0.4)
    assert not classify(low, ("GRIM", "GRIM")).nash


def test_meta_game_names_duplicates_apart():
    g = meta_game(prisoners_dilemma(), [strategy("TFT"), strategy("TFT")], 0.5)
    assert g.actions[0] == ("TFT", "TFT#2")


def _moran_by_linear_solve(a, b, c, d, N, w):
    """Absorption probability of the Moran birth-death chain, solved as a linear system."""
    # state i = number of B players; x_0 = 0, x_N = 1, x_i = up x_{i+1} + down x_{i-1} + stay x_i
    M = np.zeros((N + 1, N + 1))
    rhs = np.zeros(N + 1)
    M[0, 0] = M[N, N] = 1.0
    rhs[N] = 1.0
    for i in range(1, N):
        pa = (a * (N - i - 1) + b * i) / (N - 1)
        pb = (c * (N - i) + d * (i - 1)) / (N - 1)
        fa, fb = 1 - w + w * pa, 1 - w + w * pb
        total = i * fb + (N - i) * fa
        up = i * fb / total * (N - i) / N
        down = (N - i) * fa / total * i / N
        M[i, i + 1] -= up
        M[i, i - 1] -= down
        M[i, i] += up + down
    return np.linalg.solve(M, rhs)[1]


@pytest.mark.parametrize(
    "a, b, c, d, N, w",
    [(3, 0, 5, 1, 10, 0.1), (3, 0.9, 2.8, 1.2, 30, 0.5), (1, 2, 3, 4, 5, 0.05), (2, 2, 2, 2, 7, 1)],
)
def test_fixation_probability_matches_the_birth_death_chain(a, b, c, d, N, w):
    # Nowak, Sasaki, Taylor & Fudenberg (2004), Nature 428: closed form of the Moran chain
    assert fixation_probability(a, b, c, d, N, w) == pytest.approx(
        _moran_by_linear_solve(a, b, c, d, N, w), rel=1e-9
    )


def test_invasion_and_rare_mutation_shares():
    g = meta_game(prisoners_dilemma(), ["ALLD", "TFT", "ALLC"], delta=0.9)
    rho = invasion_matrix(g, N=20, w=0.1)
    # ALLD invades ALLC better than neutral, ALLC cannot invade ALLD
    assert rho[2, 0] > 1 / 20 > rho[0, 2]
    shares = rare_mutation_shares(g, N=20, w=0.1)
    assert shares.sum() == pytest.approx(1.0)
    assert shares[2] == shares.min()


def test_refusals():
    with pytest.raises(GameError, match=r"population size N = 1"):
        fixation_probability(1, 1, 1, 1, N=1)
    with pytest.raises(GameError, match=r"not positive at w = 1.0"):
        fixation_probability(-5, 0, 0, 0, N=5, w=1.0)
    with pytest.raises(GameError, match=r"not symmetric"):
        invasion_matrix(Game.from_bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]]), N=5)
