"""The fast paths of ``solve`` on small n-player games checked against the slow ones they
replace: the four-player resultant (``_four``) against the homotopy on the same support
systems, and the compiled records, regret, gap and support order (``_small``) against
``make_equilibrium``, ``Game.regret``, ``numpy.unique`` and the generator."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from gametheory import Game, solve
from gametheory.equilibrium import make_equilibrium
from gametheory.solvers import _four, _small, enumpoly
from gametheory.solvers._kernels import support_system as _support_system

FULL = ((0, 1),) * 4


def _flat(game: Game) -> tuple[np.ndarray, np.ndarray]:
    scale = game.payoff_range or 1.0
    flat = np.stack([np.asarray(p, float).ravel() / scale for p in game.payoffs])
    return flat, np.array(game.shape, np.int64)


def _by_homotopy(flat, dims, supports, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(_support_system, "four_candidates", lambda *args: None)
        return _support_system._solve_support(flat, dims, supports, _support_system._Systems(0))


def _same_set(ours, theirs, tol=1e-7) -> bool:
    ours = [np.concatenate(p) for p in ours]
    theirs = [np.concatenate(p) for p in theirs]
    return len(ours) == len(theirs) and all(
        any(np.abs(a - b).max() <= tol for b in theirs) for a in ours
    )


def _games(count: int, shape=(2, 2, 2, 2)):
    """Seeded random games, and integer games with ties (continua, factoring indifferences)."""
    for seed in range(count):
        rng = np.random.default_rng([seed, *shape])
        yield Game([rng.random(shape) for _ in shape])
        yield Game([rng.integers(0, 3, shape).astype(float) for _ in shape])


@pytest.mark.parametrize("shape", [(2, 2, 2, 2), (3, 2, 2, 2)])
def test_four_players_resultant_matches_the_homotopy(shape, monkeypatch):
    supports = tuple((0, 1) for _ in shape)
    acts = np.array([[0, 1, -1][: max(shape)]] * 4, np.int64)
    direct = 0
    for game in _games(40, shape):
        flat, dims = _flat(game)
        reference, _, kind = _by_homotopy(flat, dims, supports, monkeypatch)
        found = _four.four_candidates(flat, dims, acts, [0, 1, 2, 3])
        if kind == _support_system.SINGULAR:
            assert found is None  # a singular system goes to the homotopy, which reports it
        if found is None:
            continue
        direct += 1
        profiles, paths, kind = _support_system._solve_support(
            flat, dims, supports, _support_system._Systems(0)
        )
        assert (paths, kind) == (0, _support_system.DIRECT)
        assert _same_set(profiles, reference)
    assert direct >= 35  # nearly all the random games are solved directly


def test_an_indifference_that_factors_goes_to_the_homotopy():
    """Player 0 is indifferent whatever the others do when player 3 plays its second action:
    D_0 = (1 - p_3) G, and the equilibria on p_3 = 1 are invisible to the elimination."""
    rng = np.random.default_rng(5)
    payoffs = [rng.random((2, 2, 2, 2)) for _ in range(4)]
    payoffs[0][1, :, :, 1] = payoffs[0][0, :, :, 1]
    game = Game(payoffs)
    flat, dims = _flat(game)
    M = _four._monomials(flat, dims, np.array([[0, 1]] * 4, np.int64), np.arange(4))
    assert _four._factors(M, np.abs(M).max())
    assert _four.four_candidates(flat, dims, np.array([[0, 1]] * 4, np.int64), [0, 1, 2, 3]) is None


def test_solve_on_four_players_keeps_its_equilibria(monkeypatch):
    """The whole solve, with and without the resultant: the same equilibria and flags."""
    for game in _games(8):
        fast = solve(game, method="enumpoly", reduce=False)
        with monkeypatch.context() as patch:
            patch.setattr(_support_system, "four_candidates", lambda *args: None)
            slow = solve(game, method="enumpoly", reduce=False)
        assert fast.complete == slow.complete
        assert _same_set(
            [e.strategies for e in fast.equilibria], [e.strategies for e in slow.equilibria]
        )
        assert all(e.regret <= 1e-9 * game.payoff_range for e in fast.equilibria)


def test_records_are_make_equilibrium():
    rng = np.random.default_rng(3)
    game = Game([rng.random((2, 3, 2)) for _ in range(3)])
    profiles = [tuple(rng.dirichlet(np.ones(k)) for k in game.shape) for _ in range(5)]
    profiles.append((np.array([1.0, 0.0]), np.array([-1e-12, 0.5, 0.5 + 1e-12]), np.eye(2)[1]))
    strategies, payoffs, regret = _small.records(game, profiles)
    for k, profile in enumerate(profiles):
        eq = make_equilibrium(game, profile)
        assert np.allclose(np.concatenate(strategies[k]), np.concatenate(eq.strategies), atol=1e-15)
        assert np.allclose(payoffs[k], eq.payoffs, atol=1e-13)
        assert regret[k] == pytest.approx(eq.regret, abs=1e-13)
        x = np.concatenate(eq.strategies)
        offsets = np.array([0, 2, 5, 7], np.int64)
        dims = np.array(game.shape, np.int64)
        assert _small.max_regret(game._flat, dims, x, offsets) == pytest.approx(
            game.regret(eq.strategies), abs=1e-13
        )
    assert _small.records(game, [(np.array([0.5, 0.6]), *profiles[0][1:])]) is None
    assert _small.records(game, [profiles[0][:2]]) is None


@pytest.mark.parametrize("seed", range(6))
def test_smallest_gap_is_the_unique_values_gap(seed):
    rng = np.random.default_rng(seed)
    table = rng.integers(-3, 4, (3, 12)).astype(float) * [[1.0], [1e-6], [0.0]]
    table[0, 0] += 1e-14  # below the rounding of the payoffs: a tie
    expected = None
    for row in table:
        values = np.unique(row)
        if values.size < 2:
            continue
        gaps = np.diff(values)
        gaps = gaps[gaps > 64 * np.finfo(float).eps * np.abs(values).max()]
        if gaps.size:
            expected = gaps.min() if expected is None else min(expected, gaps.min())
    assert _small.smallest_gap(table) == expected


@pytest.mark.parametrize("shape", [(2, 2, 3), (3, 2, 2, 2)])
def test_support_chunks_are_the_search_order(shape):
    total = enumpoly.support_profile_count(shape)
    order = [sup for chunk, _ in _small.support_chunks(shape, total, 50) for sup in chunk]
    assert order == list(enumpoly._support_profiles(shape))
    masks = np.concatenate([m for _, m in _small.support_chunks(shape, total, 50)])
    assert masks.tolist() == [[sum(1 << a for a in s) for s in sup] for sup in order]
    # a large shape is generated, not cached, and starts the same way
    first = next(iter(_small.support_chunks(shape, _small.CACHED_PROFILES + 1, 50)))[0]
    assert first == order[:50]
    assert list(itertools.islice(enumpoly._support_profiles(shape), 3)) == order[:3]


@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 3), (3, 3), (2, 3, 2, 2)])
def test_reduce_game_shortcut_changes_nothing(shape, monkeypatch):
    """The one-pass check before reduce_game's loop: the same Reduction as the loop alone, on
    random games and on integer games with dominated and duplicate actions."""
    from gametheory.solvers import reductions

    for seed in range(30):
        rng = np.random.default_rng([seed, *shape])
        for payoffs in (
            [rng.random(shape) for _ in shape],
            [rng.integers(0, 3, shape).astype(float) for _ in shape],
        ):
            game = Game(payoffs)
            fast = reductions.reduce_game(game, 1e-9)
            with monkeypatch.context() as patch:
                patch.setattr(reductions, "pure_reduction_possible", lambda *args: True)
                slow = reductions.reduce_game(game, 1e-9)
            assert (fast.classes, fast.removed) == (slow.classes, slow.removed)
            assert fast.game.shape == slow.game.shape
