"""classify_many (a sweep chunk at once) against classify (one game at a time).

The batch computes the criteria over arrays, the exact 2x2 basins by a vectorised tanh-sinh
quadrature (the per-game code uses scipy's adaptive quadrature and root finding) and the logit
branch with a compiled follower (the per-game code is numpy with LAPACK): separate codes, so
the reports must agree field by field, exactly except the documented tolerances (docs/sweeps.md):
exact basin shares within 1e-8, the logit end point within 1e-9 and its lambda within 1e-6
relative. Grids are seeded and include payoff ties, zeros, sign changes and constant games.
"""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import Game, GameError, classify
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.stability.batch import classify_many, coordination_shares, exact_2x2_shares
from gametheory.stability.replicator import _coordination_share
from gametheory.sweep import grid

SHARE_TOL = 1e-8
ENDPOINT_TOL = 1e-9
LAMBDA_RTOL = 1e-6


def assert_same_report(batch, single, where):
    got, want = batch.to_dict(), single.to_dict()
    assert list(got) == list(want), where
    for key in want:
        a, b = got[key], want[key]
        if key == "qre_endpoint":
            for x, y in zip(a, b, strict=True):
                np.testing.assert_allclose(x, y, rtol=0, atol=ENDPOINT_TOL, err_msg=where)
        elif key == "qre_lambda":
            assert a == pytest.approx(b, rel=LAMBDA_RTOL), (where, key)
        elif key == "basin_share" and want["basin_method"] == "exact":
            assert a == pytest.approx(b, abs=SHARE_TOL), (where, key)
        elif key == "basin_shares" and want["basin_method"] == "exact":
            assert [(r["outcome"], r["profile"]) for r in a] == [
                (r["outcome"], r["profile"]) for r in b
            ], where
            for x, y in zip(a, b, strict=True):
                assert x["share"] == pytest.approx(y["share"], abs=SHARE_TOL), (where, key)
        else:
            assert a == b, (where, key, a, b)


def check_batch(payoffs, profiles, seeds=None, players=None, actions=None, **options):
    """classify_many over the last axis of `payoffs` equals classify at every game."""
    k = payoffs.shape[-1]
    seeds = list(range(100, 100 + k)) if seeds is None else seeds
    for profile in profiles:
        reports = classify_many(
            payoffs, profile, seeds=seeds, players=players, actions=actions, **options
        )
        assert len(reports) == k
        for j, report in enumerate(reports):
            game = Game(list(payoffs[..., j]), players=players, actions=actions)
            single = classify(game, profile, seed=seeds[j], **options)
            assert_same_report(report, single, (profile, j, payoffs[..., j].tolist()))


def test_two_bloc_random_grid_equals_classify():
    """Seeded random parameters of the two-bloc model, with points on c = 0 (payoff ties:
    Monte Carlo basins) and on the line r = b + (alpha - theta) c (a zero deviation gain)."""
    rng = np.random.default_rng(21)
    model = two_bloc()
    k = 24
    values = {
        "c": rng.uniform(0, 5, k),
        "r": rng.uniform(0, 5, k),
        "b": rng.uniform(0.2, 2, k),
        "beta": rng.uniform(0, 2, k),
        "w": rng.uniform(0, 0.5, k),
    }
    values["c"][:3] = 0.0
    values["r"][3:6] = 1.0 + 0.2 * values["c"][3:6]  # the defaults' alpha - theta = 0.2
    values["b"][3:6] = 1.0
    payoffs = model.lambdify()(**values)
    check_batch(payoffs, ["R,R", "E,E"], players=model.players, actions=model.actions, n_starts=64)


def test_random_2x2_games_with_ties_zeros_and_signs_equal_classify():
    rng = np.random.default_rng(5)
    k = 60
    payoffs = np.empty((2, 2, 2, k))
    payoffs[..., :20] = rng.integers(-2, 3, size=(2, 2, 2, 20))  # many ties and zeros
    payoffs[..., 20:40] = rng.normal(size=(2, 2, 2, 20)) * 10.0 ** rng.integers(-3, 4, 20)
    payoffs[..., 40:50] = rng.choice([-1.0, 1.0], size=(2, 2, 2, 10)) * rng.uniform(1, 2, 10)
    payoffs[..., 50] = 0.0  # a constant game
    payoffs[0, ..., 51] = 3.0  # one player indifferent everywhere
    payoffs[1, ..., 51] = rng.normal(size=(2, 2))
    sym = rng.normal(size=(2, 2, 8))
    payoffs[0, ..., 52:] = sym
    payoffs[1, ..., 52:] = np.swapaxes(sym, 0, 1)  # symmetric games: the coinciding criteria
    check_batch(payoffs, [(0, 0), (1, 0)], n_starts=32)


def test_coordination_games_near_a_basin_tie_decide_as_classify():
    """Symmetric coordination games whose two basins are equal or nearly so: largest_basin is
    decided from the shares with the tie slack, so the batch re-checks such points."""
    k = 6
    payoffs = np.zeros((2, 2, 2, k))
    gaps = np.array([0.0, 1e-12, 1e-9, 2e-9, 1e-6, 1e-3])
    for j, gap in enumerate(gaps):
        A = np.array([[1.0 + gap, 0.0], [0.0, 1.0]])
        payoffs[0, ..., j], payoffs[1, ..., j] = A, A.T
    check_batch(payoffs, [(0, 0), (1, 1)])


def test_bimatrix_and_three_player_games_equal_classify():
    rng = np.random.default_rng(8)
    two_by_three = rng.integers(-3, 4, size=(2, 2, 3, 6)).astype(float)
    check_batch(two_by_three, [(0, 0), (1, 2)], n_starts=16)
    three_players = rng.normal(size=(3, 2, 2, 2, 2))
    check_batch(three_players, [(0, 0, 0)], n_starts=16)


def test_monte_carlo_basins_use_each_games_seed():
    rng = np.random.default_rng(3)
    payoffs = rng.normal(size=(2, 2, 2, 4))
    check_batch(payoffs, [(0, 0)], seeds=[7, 7, 11, 2**40], basin_method="monte-carlo", n_starts=16)


def test_the_vectorised_separatrix_areas_match_the_scalar_quadrature():
    rng = np.random.default_rng(0)
    k = 40
    a, b = np.exp(rng.normal(0, 1.5, k)), np.exp(rng.normal(0, 1.5, k))
    p, q = rng.uniform(0.01, 0.99, k), rng.uniform(0.01, 0.99, k)
    got = coordination_shares(a, b, p, q)
    want = [_coordination_share(*args) for args in zip(a, b, p, q, strict=True)]
    np.testing.assert_allclose(got, want, rtol=0, atol=SHARE_TOL)
    # relabelling both players' actions maps the basin of x = y = 1 onto the other one: the
    # two halves of the quadrature swap roles
    np.testing.assert_allclose(coordination_shares(a, b, 1 - p, 1 - q), 1 - got, atol=1e-11)


def test_exact_shares_of_known_games():
    stag = np.array([[4.0, 0.0], [3.0, 2.0]])  # stag hunt: basin of (Stag, Stag) 0.2636
    pennies = np.array([[1.0, -1.0], [-1.0, 1.0]])
    dilemma = np.array([[3.0, 0.0], [5.0, 1.0]])
    A = np.stack([stag, pennies, dilemma, np.zeros((2, 2))])
    B = np.stack([stag.T, -pennies, dilemma.T, np.zeros((2, 2))])
    shares = exact_2x2_shares(A, B, np.full(4, 1e-9))
    assert shares[0, 0] == pytest.approx(0.2636, abs=5e-5)
    assert shares[0, 3] == pytest.approx(1 - shares[0, 0], abs=1e-15)
    assert shares[1].tolist() == [0, 0, 0, 0, 0, 1]  # closed orbits: nothing converges
    assert shares[2].tolist() == [0, 0, 0, 1, 0, 0]  # defection dominant
    assert np.isnan(shares[3]).all()  # ties everywhere: Monte Carlo


def test_sweep_table_is_classify_at_each_point():
    """The sweep's classify columns come from the batch and equal classify() per point."""
    model = two_bloc()
    axes = {"c": np.linspace(0.0, 5.0, 5), "r": np.linspace(0.0, 5.0, 4)}
    table = grid(model, axes, "classify", options={"n_starts": 40, "seed": 9})
    from gametheory.sweep.analyses import point_seed

    for flat in range(20):
        i, j = np.unravel_index(flat, table.shape)
        seed = point_seed(9, flat)
        report = classify(model.at(c=axes["c"][i], r=axes["r"][j]), "R,R", n_starts=40, seed=seed)
        cols = table.columns
        assert cols["seed"][i, j] == seed
        assert cols["basin_method"][i, j] == report.basin_method
        assert cols["largest_basin"][i, j] == report.largest_basin
        assert cols["basin_share"][i, j] == pytest.approx(report.basin_share, abs=SHARE_TOL)
        assert cols["qre_limit"][i, j] == report.qre_limit
        assert cols["qre_lambda"][i, j] == pytest.approx(report.qre_lambda, rel=LAMBDA_RTOL)
        assert table.regimes[table.labels[i, j]] == report.regime


def test_bad_input_names_the_function():
    with pytest.raises(GameError, match=r"^classify_many\(\): payoffs must have shape"):
        classify_many(np.zeros((2, 2, 2, 3)), (0, 0), seeds=[0, 0])
    with pytest.raises(GameError, match=r"^classify_many\(\)"):
        classify_many(np.zeros((2, 2, 2, 1)), (0, 0), seeds=[0], n_starts=0)
    with pytest.raises(GameError):  # a non-finite payoff: classify's own message
        classify_many(np.full((2, 2, 2, 1), np.nan), (0, 0), seeds=[0])
