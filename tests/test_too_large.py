"""Size refusals raise TooLargeError (a GameError); bad input raises a plain GameError."""

from __future__ import annotations

import numpy as np
import pytest

import gametheory
from gametheory import Game, GameError, TooLargeError, solve
from gametheory.cli import main
from gametheory.deterrence.bloc_formation import DEFAULT_STATES, State, bloc_formation
from gametheory.extensive import ExtensiveGame, move, outcome
from gametheory.extensive import tree as tree_module
from gametheory.games import prisoners_dilemma, stag_hunt
from gametheory.repeated.automata import MAX_MEMORY, memory_n
from gametheory.repeated.finite import MAX_T, finite_spe_payoffs
from gametheory.stability import basins


def test_too_large_error_is_a_game_error_exported_at_top_level():
    assert issubclass(TooLargeError, GameError) and issubclass(TooLargeError, ValueError)
    assert gametheory.TooLargeError is TooLargeError
    assert "TooLargeError" in gametheory.__all__


def test_a_game_too_large_to_hold_is_too_large():
    # broadcast views: the shape of 30 players x 2^30 profiles without allocating anything
    big = [np.broadcast_to(0.0, (2,) * 30)] * 30
    with pytest.raises(TooLargeError, match=r"^Game\(\): 30 players .* more than"):
        Game(big)


def test_bad_payoffs_are_a_plain_game_error():
    with pytest.raises(GameError) as err:
        Game([np.zeros((2, 2)), np.zeros((2, 3))])
    assert type(err.value) is GameError


def test_support_enumeration_refuses_by_its_estimate():
    payoffs = np.random.default_rng(0).normal(size=(2, 40, 40))
    with pytest.raises(TooLargeError, match=r"^solve\(\): a \d+x\d+ game has .* support pairs"):
        solve(Game(list(payoffs)), method="support")


def test_bloc_enumeration_refuses_past_its_work_cap_but_not_bad_values():
    states = [*DEFAULT_STATES, *(State(f"South {k}", 0.5, -1.0, -1.0) for k in range(5))]
    with pytest.raises(TooLargeError, match=r"3\^14"):
        bloc_formation(states).pure_equilibria()
    with pytest.raises(GameError) as err:
        bloc_formation().pure_equilibria(t=-1)
    assert type(err.value) is GameError


def test_a_tree_past_max_nodes_is_too_large(monkeypatch):
    monkeypatch.setattr(tree_module, "MAX_NODES", 100)
    wide = move("A", {f"a{k}": outcome(0, 0) for k in range(100)})  # 101 nodes
    with pytest.raises(TooLargeError, match="MAX_NODES"):
        ExtensiveGame(wide, ["A", "B"])


def test_repeated_caps_are_too_large_and_out_of_domain_values_are_not():
    stage = prisoners_dilemma().at()
    with pytest.raises(TooLargeError, match=rf"T = {MAX_T + 1}"):
        finite_spe_payoffs(stage, MAX_T + 1)
    for bad in (0, "3", True):
        with pytest.raises(GameError) as err:
            finite_spe_payoffs(stage, bad)
        assert type(err.value) is GameError
    with pytest.raises(TooLargeError):
        memory_n(MAX_MEMORY + 1, [0])
    with pytest.raises(GameError) as err:
        memory_n(0, [0])
    assert type(err.value) is GameError


def test_the_command_line_prints_a_size_refusal_as_one_line(capsys):
    with pytest.raises(TooLargeError, match="more than 1e\\+07"):
        basins(stag_hunt().at(), n_starts=10**9)
    status = main(
        ["stability", "builtin:stag_hunt", "--profile", "Stag,Stag", "--starts", "10" + "0" * 8]
    )
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("gametheory: ") and "more than 1e+07" in line


def test_option_caps_are_too_large_and_their_domain_errors_are_not():
    from gametheory.deterrence.claims import MAX_SAMPLES, claims
    from gametheory.repeated.payoff_set import MAX_ITER, spe_payoff_set

    with pytest.raises(TooLargeError, match="max_iter"):
        spe_payoff_set(prisoners_dilemma().at(), 0.9, max_iter=MAX_ITER + 1)
    with pytest.raises(GameError) as err:
        spe_payoff_set(prisoners_dilemma().at(), 0.9, max_iter=0)
    assert type(err.value) is GameError
    with pytest.raises(TooLargeError, match="samples"):
        claims(samples=MAX_SAMPLES + 1)
    with pytest.raises(GameError) as err:
        claims(samples=1)
    assert type(err.value) is GameError
