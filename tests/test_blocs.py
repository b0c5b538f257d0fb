"""Bloc formation: the vectorised enumeration against brute force, dynamics, errors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from gametheory import GameError
from gametheory.deterrence._bloc_payoffs import _payoff_range
from gametheory.deterrence.bloc_formation import (
    DEFAULT_STATES,
    EAST,
    NONALIGNED,
    PARAMETERS,
    WEST,
    State,
    bloc_formation,
)


def _random_model(seed: int, n: int):
    """Seeded states and parameters; leanings on a 0.5 grid so ties happen now and then."""
    rng = np.random.default_rng(seed)
    states = [
        State(f"s{k}", float(rng.choice([0.0, 0.5, 1.0, 2.0, 4.0])), *rng.integers(-6, 5, 2) / 2)
        for k in range(n)
    ]
    params = {
        "t": float(rng.choice([0.0, 0.2, 0.5, 1.0])),
        "r": float(rng.choice([0.0, 1.0, 3.0])),
        "nu": float(rng.choice([0.0, 0.5, 1.0])),
        "h": float(rng.choice([0.0, 0.3])),
        "e": float(rng.choice([0.0, 0.05, 0.2])),
        "q_W": float(rng.choice([0.0, 0.5, 2.0])),
        "q_E": float(rng.choice([0.0, 1.0])),
    }
    return bloc_formation(states), params


def _rows(arr) -> set[tuple[int, ...]]:
    return {tuple(int(a) for a in row) for row in arr}


@pytest.mark.parametrize("seed", range(40))
def test_vectorised_equals_brute_force_small(seed):
    n = 2 + seed % 4  # 2..5 states
    model, params = _random_model(seed, n)
    fast = model.pure_equilibria(**params)
    # brute force 1: a plain loop over profiles with the scalar payoff definition
    assert _rows(fast) == _rows(model.pure_equilibria_loop(**params))
    # brute force 2: the numeric Game of the kernel, and (n <= 4) the sympy expressions,
    # through the generic n-player pure-equilibrium test of Game
    assert _rows(fast) == set(model.game(**params).pure_equilibria())
    if n <= 4:
        assert _rows(fast) == set(model.symbolic().at(**params).pure_equilibria())
    assert len(fast) == len(_rows(fast))


def test_default_nine_state_scenario():
    model = bloc_formation()
    (status_quo,) = model.pure_equilibria()
    camps = dict(zip(model.names, status_quo, strict=True))
    assert camps["United States"] == camps["Japan"] == camps["India"] == WEST
    assert camps["China"] == camps["North Korea"] == EAST
    assert camps["Russia"] == camps["Global South"] == NONALIGNED
    # the West integrates: Russia bands together with China and North Korea
    (integrated,) = model.pure_equilibria(q_W=1.0)
    assert dict(zip(model.names, integrated, strict=True))["Russia"] == EAST


def test_banding_condition_by_hand():
    # The US (capability 5) is firmly West, China (4) firmly East (leanings +-9); a third state
    # "y" (capability 1, leaning -9 against the West) chooses between the East and
    # non-alignment. With t = 1, r = 0, nu = 0.5, h = e = 0, q = 0:
    #   u_y(East)        = -t S_W / (1 + S_E + 1) = -5 / 6
    #   u_y(non-aligned) = -t nu (S_W + S_E) / (1 + 1) = -0.5 * 9 / 2 = -2.25
    # so y joins the East. With nu = 0.1 non-alignment gives -0.45 > -5/6: y stays out.
    states = [State("US", 5, 9, -9), State("China", 4, -9, 9), State("y", 1, -9, 0)]
    model = bloc_formation(states, t=1, r=0, nu=0.5, h=0, e=0)
    assert model.payoff(2, (WEST, EAST, EAST)) == pytest.approx(-5 / 6)
    assert model.payoff(2, (WEST, EAST, NONALIGNED)) == pytest.approx(-2.25)
    assert _rows(model.pure_equilibria()) == {(WEST, EAST, EAST)}
    assert _rows(model.pure_equilibria(nu=0.1)) == {(WEST, EAST, NONALIGNED)}


@pytest.mark.parametrize("seed", range(5))
def test_payoff_range_without_enumeration(seed):
    model, params = _random_model(100 + seed, 4)
    arrays = model._arrays()
    assert _payoff_range(*arrays, model.values(**params)) == pytest.approx(
        model.game(**params).payoff_range
    )


@pytest.mark.parametrize("params", [{}, {"q_W": 1.0}, {"q_W": 1.5, "r": 1.0}, {"t": 2.0}])
def test_dynamics_end_at_equilibria(params):
    model = bloc_formation()
    run = model.dynamics(n_starts=300, seed=3, **params)
    equilibria = _rows(model.pure_equilibria(**params))
    ends = _rows(run.final[run.converged])
    assert ends and ends <= equilibria
    assert sum(count for _, count in run.equilibria()) == run.converged.sum()
    # the same seed gives the same run
    again = model.dynamics(n_starts=300, seed=3, **params)
    assert np.array_equal(again.final, run.final)


def test_dynamics_cap_and_flags():
    model = bloc_formation()
    starts = np.zeros((4, model.n), dtype=int)
    capped = model.dynamics(starts=starts, max_rounds=0)
    assert not capped.converged.any() and (capped.rounds == 0).all()
    assert np.array_equal(capped.final, starts)
    (eq,) = model.pure_equilibria()
    done = model.dynamics(starts=eq, max_rounds=5)
    assert done.converged.all() and done.rounds.tolist() == [1]


def test_cascade_moves_improve_and_end_at_equilibrium():
    model = bloc_formation()
    (status_quo,) = model.pure_equilibria()
    path, converged = model.cascade(status_quo, q_W=1.0)
    assert converged and len(path) >= 2
    assert _rows([path[-1]]) <= _rows(model.pure_equilibria(q_W=1.0))
    for before, after in itertools.pairwise(path):
        (i,) = [k for k in range(model.n) if before[k] != after[k]]
        assert model.payoff(i, after, q_W=1.0) > model.payoff(i, before, q_W=1.0)


def test_larger_n_by_dynamics_only():
    states = list(DEFAULT_STATES) + [
        State(f"South {k}", 0.5, -1.0, -1.0) for k in range(5)
    ]  # 14 states: 3^14 profiles
    model = bloc_formation(states)
    with pytest.raises(GameError, match=r"pure_equilibria\(\): 14 states .*3\^14.*dynamics"):
        model.pure_equilibria()
    run = model.dynamics(n_starts=200, seed=0, q_W=1.0)
    assert run.converged.mean() > 0.9
    for profile, _ in run.equilibria():
        vals = model.action_values(np.array([profile]), q_W=1.0)[0]
        assert np.all(vals[np.arange(model.n), profile] >= vals.max(axis=1) - 1e-9)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda m: m.pure_equilibria(zeta=1), "unknown parameter 'zeta'"),
        (lambda m: m.pure_equilibria(t=-1), "'t' = -1 must be finite and >= 0"),
        (lambda m: m.dynamics(max_rounds=-1), "max_rounds must be an integer >= 0"),
        (lambda m: m.dynamics(starts=[[0, 1]]), r"starts must be a \(k, 9\) array"),
        (lambda m: m.symbolic(), r"symbolic\(\): 9 states .* use .game"),
        (lambda m: m.cascade([0] * 3), "start must list 9 action indices"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(GameError, match=message):
        call(bloc_formation())


def test_bad_states():
    with pytest.raises(GameError, match="bloc_formation\\(\\): needs at least two states"):
        bloc_formation([State("a", 1, 0, 0)])
    with pytest.raises(GameError, match="names must be unique"):
        bloc_formation([State("a", 1, 0, 0), State("a", 1, 0, 0)])
    with pytest.raises(GameError, match="capability >= 0"):
        bloc_formation([State("a", -1, 0, 0), State("b", 1, 0, 0)])
    assert bloc_formation([("a", 1, 0, 0), ("b", 2, 1, -1)]).n == 2


def test_symbolic_parameters_and_catalog():
    from gametheory.deterrence.catalog import CATALOG

    game = CATALOG["bloc_formation"][0]()
    assert [p.name for p in game.parameters] == list(PARAMETERS)
    assert game.n_players == 5 and game.actions[0] == ("West", "East", "non-aligned")


def test_huge_integration_judges_each_state_on_its_own_range():
    # with q_W = 1e9 the states' payoff ranges span 9.5e8 .. 5.4e9: judged on the whole
    # game's range, gains up to 5.4 counted as ties (257 "equilibria", Japan gaining 4.36)
    model = bloc_formation()
    found = model.pure_equilibria(q_W=1e9)
    assert _rows(found) == _rows(model.pure_equilibria_loop(q_W=1e9))
    vals = model.action_values(found, q_W=1e9)
    own = np.take_along_axis(vals, found[:, :, None], axis=2)[:, :, 0]
    assert len(found) >= 1
    assert (vals.max(axis=2) - own).max() < 1e-3  # nobody gains by switching, in floats


def test_overflowing_parameters_are_refused_without_warnings():
    import warnings

    model = bloc_formation()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for call in (model.pure_equilibria, model.dynamics, model.game):
            with pytest.raises(GameError, match=r"q_W = 1e\+307 the payoffs overflow"):
                call(q_W=1e307)


def test_dynamics_refuses_more_starts_than_it_can_hold():
    with pytest.raises(GameError, match=r"^BlocFormation.dynamics\(\): n_starts = 100000000 x 9"):
        bloc_formation().dynamics(n_starts=10**8)
    states = [State(f"s{k}", 1.0, 0.0, 0.0) for k in range(30)]
    with pytest.raises(GameError, match=r"GiB of arrays.*use n_starts <= 333333"):
        bloc_formation(states).dynamics(n_starts=10**8)
