"""Known answers from the literature, for every two-player method and in exact arithmetic."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from helpers import close_profiles

from gametheory import Game, GameError, solve, verify, verify_exact
from gametheory.games import (
    battle_of_sexes,
    chicken,
    matching_pennies,
    prisoners_dilemma,
    stag_hunt,
    symmetric_2x2,
)


def von_stengel_3x2() -> Game:
    # von Stengel (2007), "Equilibrium computation for two-player games in strategic and
    # extensive form", Algorithmic Game Theory ch. 3, the 3x2 example (Fig. 3.1 ff.).
    return Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])


VON_STENGEL_EQUILIBRIA = [
    ((F(1), F(0), F(0)), (F(1), F(0))),
    ((F(4, 5), F(1, 5), F(0)), (F(2, 3), F(1, 3))),
    ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
]


def entry_game() -> Game:
    # Selten's entry deterrence game in normal form: the entrant stays Out, the incumbent Fights
    # with any probability >= 1/2 -- a continuum whose extreme points are Fight and (1/2, 1/2)
    # (e.g. Fudenberg & Tirole 1991, sec. 3.2; van Damme 1991 on non-strict equilibria).
    return Game.from_bimatrix(
        [[0, 0], [-1, 1]],
        [[2, 2], [-1, 1]],
        players=["Entrant", "Incumbent"],
        actions=[["Out", "In"], ["Fight", "Accommodate"]],
    )


KNOWN = [
    pytest.param(von_stengel_3x2(), VON_STENGEL_EQUILIBRIA, id="von-stengel-2007-3x2"),
    pytest.param(
        matching_pennies().at(), [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))], id="matching-pennies"
    ),
    pytest.param(prisoners_dilemma().at(), [((F(0), F(1)), (F(0), F(1)))], id="prisoners-dilemma"),
    pytest.param(
        battle_of_sexes().at(),  # mixed: player 1 goes to her place with h/(h+l) = 3/5
        [
            ((F(1), F(0)), (F(1), F(0))),
            ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))),
            ((F(0), F(1)), (F(0), F(1))),
        ],
        id="battle-of-sexes",
    ),
    pytest.param(
        stag_hunt().at(),  # R=4,S=0,T=3,P=2: mixed at p = (P-S)/((R-T)+(P-S)) = 2/3
        [
            ((F(1), F(0)), (F(1), F(0))),
            ((F(2, 3), F(1, 3)), (F(2, 3), F(1, 3))),
            ((F(0), F(1)), (F(0), F(1))),
        ],
        id="stag-hunt",
    ),
    pytest.param(
        chicken().at(),  # R=3,S=1,T=4,P=0: swerve with (S-P)/((T-R)+(S-P)) = 1/2
        [
            ((F(1), F(0)), (F(0), F(1))),
            ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))),
            ((F(0), F(1)), (F(1), F(0))),
        ],
        id="chicken",
    ),
]


def _matches(result, expected):
    found = [eq.strategies for eq in result.equilibria]
    return len(found) == len(expected) and all(
        any(close_profiles(f, e, 1e-9) for f in found) for e in expected
    )


@pytest.mark.parametrize("game, expected", KNOWN)
@pytest.mark.parametrize("method", ["enummixed", "support", "vertex"])
def test_known_equilibria(game, expected, method):
    result = solve(game, method=method)
    assert _matches(result, expected)
    assert result.complete
    assert all(verify(game, eq.strategies) for eq in result.equilibria)


@pytest.mark.parametrize("game, expected", KNOWN)
def test_known_equilibria_exact(game, expected):
    result = solve(game, exact=True)
    assert sorted(eq.exact for eq in result.equilibria) == sorted(expected)
    assert all(verify_exact(game, eq.exact) for eq in result.equilibria)


@pytest.mark.parametrize("game, expected", KNOWN)
def test_lemke_howson_finds_only_true_equilibria(game, expected):
    result = solve(game, method="lemke-howson")
    assert not result.complete
    assert 1 <= len(result.equilibria) <= len(expected)
    assert all(any(close_profiles(eq.strategies, e) for e in expected) for eq in result)


def test_payoffs_of_von_stengel_equilibria():
    result = solve(von_stengel_3x2())
    payoffs = sorted(eq.payoffs for eq in result)
    # (top, left) pays (3, 3); the mixed ones pay (3, 14/5) and (4, 8/3)
    assert np.allclose(payoffs, [(3, 14 / 5), (3, 3), (4, 8 / 3)])


def test_continuum_reported_by_extreme_points():
    game = entry_game()
    result = solve(game)
    assert result.complete and result.degenerate and result.has_continuum
    expected = [((1, 0), (1, 0)), ((1, 0), (0.5, 0.5)), ((0, 1), (0, 1))]
    assert _matches(result, expected)
    subsets = {
        frozenset(tuple(np.round(result.equilibria[k].strategies[1], 9)) for k in s)
        for s in result.nash_subsets
    }
    assert subsets == {frozenset({(1.0, 0.0), (0.5, 0.5)}), frozenset({(0.0, 1.0)})}
    # every convex combination inside the continuum is an equilibrium too
    for q in np.linspace(0, 1, 11):
        assert verify(game, [[1, 0], [1 - q / 2, q / 2]])
    assert not verify(game, [[1, 0], [0.4, 0.6]])


def test_degenerate_von_stengel_variant():
    # von Stengel (2007), sec. 3.6: the 3x2 game made degenerate by B[0] = (3, 3); top row
    # then meets a continuum of column mixes (1 - q, q), 0 <= q <= 1/3.
    game = Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    result = solve(game)
    assert result.degenerate and result.has_continuum
    exact = solve(game, exact=True)
    found = {eq.exact for eq in exact}
    assert ((F(1), F(0), F(0)), (F(1), F(0))) in found
    assert ((F(1), F(0), F(0)), (F(2, 3), F(1, 3))) in found
    assert ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))) in found


@pytest.mark.parametrize("method", ["support", "vertex"])
def test_nashpy_methods_flag_degenerate_games_incomplete(method):
    result = solve(entry_game(), method=method)
    assert result.degenerate is True and result.complete is False


def test_constant_game_every_pure_profile_is_extreme():
    game = Game.from_bimatrix(np.zeros((2, 3)), np.zeros((2, 3)))
    result = solve(game)
    assert len(result.equilibria) == 6 and result.has_continuum
    assert result.nash_subsets == (tuple(range(6)),)


def test_one_action_each():
    result = solve(Game.from_bimatrix([[1]], [[2]]))
    assert [eq.strategies for eq in result] == [((1.0,), (1.0,))]


def test_scale_invariance_of_tolerance():
    game = von_stengel_3x2()
    big = Game([p * 1e6 + 17 for p in game.payoffs])
    assert len(solve(big).equilibria) == 3


def test_pure_method_any_players():
    # three-player coordination: everyone gets 1 if all match -> two pure equilibria
    payoff = np.zeros((2, 2, 2))
    payoff[0, 0, 0] = payoff[1, 1, 1] = 1
    game = Game([payoff, payoff, payoff])
    result = solve(game, method="pure")
    assert result.method == "pure" and not result.complete
    assert sorted(eq.pure_profile() for eq in result) == [(0, 0, 0), (1, 1, 1)]


def test_symmetric_2x2_orders():
    # Rapoport & Chammah (1966): the order of T, R, P, S decides the game
    assert len(solve(symmetric_2x2(R=3, S=0, T=5, P=1).at())) == 1  # PD
    assert len(solve(symmetric_2x2(R=4, S=0, T=3, P=2).at())) == 3  # stag hunt


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda g: solve(g, method="simplex"), "unknown method 'simplex'"),
        (lambda g: solve(g, tol=-1), "tol must be"),
        (lambda g: solve(g, tol=float("nan")), "tol must be"),
        (lambda g: solve(g, method="lemke-howson", exact=True), "has no exact mode"),
        (lambda g: solve("not a game"), "expected a Game"),
        (lambda g: solve(stag_hunt()), "SymbolicGame"),
    ],
)
def test_solve_bad_input(call, message):
    with pytest.raises(GameError, match=message):
        call(von_stengel_3x2())


def test_two_player_methods_refuse_three_players():
    game = Game([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(GameError, match="takes 2 players, the game has 3"):
        solve(game, method="enummixed")


def test_too_large_for_exact_tight_sets_goes_to_the_bases():
    """Unreduced, the constant 12x12 game is degenerate with C(24, 12) = 2.7e6 tight sets,
    beyond the exact tight sets: the bases search gives the same answer as the reduced game
    (all 144 pure profiles, the extreme points of one Nash subset), in rationals."""
    game = Game.from_bimatrix(np.ones((12, 12)), np.ones((12, 12)))
    result = solve(game, exact=True, reduce=False)
    assert result.parameters["path"] == "bases" and result.complete and result.degenerate
    assert len(result) == 144 and len(result.nash_subsets) == 1


def test_too_large_for_exact():
    """Exact on a degenerate 25x25 game with a cap of 1000 vertices: refused up front with the
    upper-bound-theorem estimate and the methods that always return."""
    game = Game.from_bimatrix(*np.random.default_rng(5).integers(0, 2, (2, 25, 25)))
    with pytest.raises(GameError, match=r"25x25 game may have up to 3.7e\+09 vertices.*'pure'"):
        solve(game, exact=True, reduce=False, max_vertices=1000)


def test_constant_game_reduces_to_one_continuum():
    """Every profile of a constant game is an equilibrium: all 12 x 12 pure profiles are the
    extreme points of one maximal Nash subset (the whole strategy space)."""
    game = Game.from_bimatrix(np.ones((12, 12)), np.ones((12, 12)))
    result = solve(game, exact=True)
    assert result.complete and result.degenerate and len(result) == 144
    assert result.nash_subsets == (tuple(range(144)),)


def test_too_large_for_support_enumeration():
    game = Game.from_bimatrix(np.ones((12, 12)), np.ones((12, 12)))
    with pytest.raises(GameError, match="support pairs"):
        solve(game, method="support", reduce=False)
