"""Game: construction, validation, payoffs of mixed profiles, regret, pure equilibria."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory import Game, GameError
from gametheory.games import matching_pennies, prisoners_dilemma


def test_layout_and_names():
    g = Game.from_bimatrix(
        [[1, 2, 3], [4, 5, 6]],
        [[6, 5, 4], [3, 2, 1]],
        players=["row", "col"],
        actions=[["u", "d"], ["l", "c", "r"]],
    )
    assert g.shape == (2, 3) and g.n_players == 2
    assert g.payoffs[0][1, 2] == 6 and g.payoffs[1][1, 2] == 1
    assert g.action_index("col", "c") == 1 and g.player_index("row") == 0
    assert g.payoff(["d", "r"]).tolist() == [6.0, 1.0]
    assert g.payoff_range == 5.0


def test_default_names_follow_gambit():
    g = Game([np.zeros((2, 3))] * 2)
    assert g.players == ("1", "2") and g.actions == (("1", "2"), ("1", "2", "3"))


def test_mixed_payoff_three_players():
    rng = np.random.default_rng(3)
    payoffs = [rng.normal(size=(2, 3, 2)) for _ in range(3)]
    g = Game(payoffs)
    s = [np.array([0.3, 0.7]), np.array([0.2, 0.5, 0.3]), np.array([0.6, 0.4])]
    expected = [np.einsum("abc,a,b,c->", p, *s) for p in payoffs]
    assert np.allclose(g.payoff(s), expected)
    for i in range(3):  # action values: contract all other players
        values = g.action_values(s, i)
        assert np.isclose(values @ s[i], expected[i])


def test_regret_and_best_responses():
    g = prisoners_dilemma().at()
    assert g.regret(["C", "C"]) == pytest.approx(2.0)  # T - R
    assert g.regret(["D", "D"]) == 0.0
    assert g.best_responses(["C", [0.5, 0.5]], 0) == (1,)
    mp = matching_pennies().at()
    assert mp.best_responses([[0.5, 0.5], [0.5, 0.5]], 1) == (0, 1)
    assert mp.regret([[0.5, 0.5], [0.5, 0.5]]) == pytest.approx(0.0)


def test_pure_equilibria_n_players():
    # 3 players, each paid 1 only when differing from both others: every non-unanimous
    # profile is an equilibrium (the odd one out is happy, the others cannot become it)
    shape = (2, 2, 2)
    payoffs = [np.zeros(shape) for _ in range(3)]
    for idx in np.ndindex(shape):
        for i in range(3):
            others = [idx[j] for j in range(3) if j != i]
            payoffs[i][idx] = 1.0 if all(o != idx[i] for o in others) else 0.0
    g = Game(payoffs)
    brute = [idx for idx in np.ndindex(shape) if g.regret(list(idx)) <= 0.0]
    assert g.pure_equilibria() == brute
    assert set(brute) == set(np.ndindex(shape)) - {(0, 0, 0), (1, 1, 1)}


def test_exact_payoffs_kept():
    g = Game.from_bimatrix([[Fraction(1, 3), 0], [0, 1]], [[1, 0], [0, Fraction(2, 7)]])
    A, B = g.exact_payoffs()
    assert A[0, 0] == Fraction(1, 3) and B[1, 1] == Fraction(2, 7)
    assert Game.from_bimatrix([[0.1]], [[1]]).exact_payoffs()[0][0, 0] == Fraction(0.1)


def test_nashpy_round_trip():
    g = prisoners_dilemma().at()
    back = Game.from_nashpy(g.to_nashpy())
    assert all(np.array_equal(a, b) for a, b in zip(g.payoffs, back.payoffs, strict=True))


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Game([[[1, 2], [3]], [[1, 2], [3, 4]]]), "not a rectangular array"),
        (lambda: Game([np.zeros((2, 2)), np.zeros((2, 3))]), r"shape \(2, 3\), expected \(2, 2\)"),
        (lambda: Game([np.zeros((2, 2))]), r"2 dimension\(s\), expected 1"),
        (lambda: Game([[[1, np.nan], [0, 0]], np.zeros((2, 2))]), r"payoffs\[0\]\[0, 1\] is nan"),
        (lambda: Game([[[1, np.inf], [0, 0]], np.zeros((2, 2))]), "must be finite"),
        (lambda: Game([np.zeros((0, 2)), np.zeros((0, 2))]), "no actions"),
        (lambda: Game([]), "non-empty"),
        (lambda: Game([[["a", "b"], [0, 0]], np.zeros((2, 2))]), "not a rectangular array"),
        (lambda: Game([np.zeros((2, 2))] * 2, players=["A"]), "expected 2 players"),
        (lambda: Game([np.zeros((2, 2))] * 2, players=["A", "A"]), "unique"),
        (lambda: Game([np.zeros((2, 2))] * 2, actions=[["x"], ["y", "z"]]), "expected 2 actions"),
        (lambda: Game.from_nashpy("nope"), "expected a nashpy.Game"),
        (lambda: Game([np.zeros((2, 2, 2))] * 3).to_nashpy(), "two players"),
    ],
)
def test_bad_games(build, message):
    with pytest.raises(GameError, match=message):
        build()


@pytest.mark.parametrize(
    "profile, message",
    [
        ([[0.5, 0.6], [1, 0]], "not a probability vector"),
        ([[1.5, -0.5], [1, 0]], "not a probability vector"),
        ([[np.nan, 1], [1, 0]], "not a probability vector"),
        ([[1, 0, 0], [1, 0]], "has 2 actions"),
        ([[1, 0]], "one entry per player"),
        (["C", "X"], "no action 'X'"),
        (["C", 5], "no action 5"),
        ("CD", "one entry per player"),
    ],
)
def test_bad_profiles(profile, message):
    g = prisoners_dilemma().at()
    with pytest.raises(GameError, match=message):
        g.payoff(profile)


def test_game_error_is_value_error():
    assert issubclass(GameError, ValueError)


def test_a_game_too_large_to_hold_is_refused_by_size_first():
    # 30 players with 2 actions: 2^30 profiles x 30 payoffs = 3.2e10 floats (240 GiB); the
    # arrays below are lazily allocated zeros, so only copying them would raise MemoryError
    big = [np.zeros((2,) * 30)] * 30
    with pytest.raises(GameError, match=r"^Game\(\): 30 players with 2 actions each make "):
        Game(big)
    with pytest.raises(GameError, match=r"3\.22e\+10 payoff entries \(~240 GiB"):
        Game(big)
    assert Game([np.zeros((2,) * 5)] * 5).shape == (2,) * 5
