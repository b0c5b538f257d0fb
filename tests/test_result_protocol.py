"""Every analysis that returns equilibria returns an EquilibriumResult (docs/solvers.md)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from gametheory import EquilibriumResult, SolveResult, solve
from gametheory.bayesian import (
    BayesianGame,
    BayesianResult,
    PBEResult,
    SignalingGame,
    bayesian_equilibria,
    perfect_bayesian,
)
from gametheory.deterrence.bloc_formation import CAMPS, BlocEquilibria, bloc_formation
from gametheory.extensive import SPEResult, subgame_perfect
from gametheory.extensive.tree import ExtensiveGame, move, outcome
from gametheory.games import battle_of_sexes, matching_pennies


def _entry_game() -> ExtensiveGame:
    return ExtensiveGame(
        move(
            "Entrant",
            {
                "Out": outcome(0, 2),
                "In": move("Incumbent", {"Fight": outcome(-1, -1), "Accommodate": outcome(1, 1)}),
            },
        ),
        players=["Entrant", "Incumbent"],
    )


def _beer_quiche() -> SignalingGame:
    return SignalingGame(
        ["strong", "weak"],
        {"strong": Fraction(9, 10), "weak": Fraction(1, 10)},
        ["beer", "quiche"],
        ["duel", "not"],
        sender_payoff={"strong": {"duel": 0, "not": 2}, "weak": {"duel": 0, "not": 2}},
        receiver_payoff={"strong": {"duel": 0, "not": 1}, "weak": {"duel": 1, "not": 0}},
        cost={"strong": {"beer": -1, "quiche": 0}, "weak": {"beer": 0, "quiche": -1}},
    )


def _coordination_with_types() -> BayesianGame:
    # B wants to meet A only as type "hi"; A (one type) wants to meet B
    return BayesianGame(
        ["A", "B"],
        [["one"], ["lo", "hi"]],
        [["C", "D"], ["C", "D"]],
        prior={("one", "lo"): Fraction(1, 2), ("one", "hi"): Fraction(1, 2)},
        payoff=lambda t, a: (
            1 if a[0] == a[1] else 0,
            (1 if a[0] == a[1] else 0) if t[1] == "hi" else (1 if a[1] == "D" else 0),
        ),
    )


# each case: the result, its type, how many equilibria it must list, its complete flag
CASES = {
    "solve": (lambda: solve(battle_of_sexes().at()), SolveResult, 3, True),
    "solve iterative": (
        lambda: solve(matching_pennies().at(), method="lemke-howson"),
        SolveResult,
        1,
        False,
    ),
    "subgame_perfect": (lambda: subgame_perfect(_entry_game()), SPEResult, 1, True),
    # two pooling paths, each with the two extreme off-path duel probabilities of its continuum
    "perfect_bayesian": (lambda: perfect_bayesian(_beer_quiche()), PBEResult, 4, True),
    "bayesian_equilibria": (
        lambda: bayesian_equilibria(_coordination_with_types()),
        BayesianResult,
        # lo always plays D; A meets B's hi type: pure (C; D/C), (D; D/D) and one mixed
        3,
        True,
    ),
    "bloc_formation": (lambda: bloc_formation().equilibria(), BlocEquilibria, 1, False),
}


@pytest.fixture(params=sorted(CASES), scope="module")
def case(request):
    build, kind, count, complete = CASES[request.param]
    return build(), kind, count, complete


def test_every_result_satisfies_the_protocol(case):
    result, kind, count, complete = case
    assert type(result) is kind
    assert isinstance(result, EquilibriumResult)
    assert isinstance(result.equilibria, tuple) and len(result.equilibria) == count
    assert result.complete is complete
    assert isinstance(result.method, str) and result.method
    assert isinstance(result.reason, str)
    assert result.converged is None or isinstance(result.converged, bool)
    # an incomplete result says why
    assert result.complete or result.reason


def test_iteration_yields_exactly_the_equilibria(case):
    result, *_ = case
    assert tuple(result) == result.equilibria
    assert len(result) == len(result.equilibria)
    assert list(iter(result)) == list(result.equilibria)


def test_to_dict_is_json_and_carries_the_protocol(case):
    result, *_ = case
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    for key in ("method", "complete", "reason", "converged"):
        assert data[key] == getattr(result, key)
    assert len(data["equilibria"]) == len(result)


def test_iterative_method_reports_convergence():
    result = solve(matching_pennies().at(), method="lemke-howson")
    assert result.converged is True


def test_spe_and_pbe_reason_joins_their_notes():
    # a subgame with several equilibria is noted; reason carries the same text
    sub = move(
        "1",
        {
            "L": move("2", {"l": outcome(1, 1), "r": outcome(0, 0)}, infoset="h"),
            "R": move("2", {"l": outcome(0, 0), "r": outcome(1, 1)}, infoset="h"),
        },
    )
    result = subgame_perfect(ExtensiveGame(sub, ["1", "2"]))
    assert result.notes and result.reason == "; ".join(result.notes)
    pbe = perfect_bayesian(_beer_quiche())
    assert pbe.reason == "; ".join(pbe.notes)


def test_bayesian_equilibria_are_the_known_ones():
    result = bayesian_equilibria(_coordination_with_types())
    pure = {
        (next(iter(e.behaviour["A"]["one"])), e.behaviour["B"]["hi"].get("C", 0.0))
        for e in result
        if len(e.behaviour["A"]["one"]) == 1
    }
    assert pure == {("C", 1.0), ("D", 0.0)}
    assert all(e.behaviour["B"]["lo"] == {"D": 1.0} for e in result)


def test_bloc_result_matches_pure_equilibria():
    model = bloc_formation()
    result = model.equilibria(q_W=1.0)
    assert result.equilibria == tuple(map(tuple, model.pure_equilibria(q_W=1.0).tolist()))
    assert result.to_dict()["equilibria"] == [[CAMPS[a] for a in eq] for eq in result]
