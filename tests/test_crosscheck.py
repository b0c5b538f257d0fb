"""Cross-checks: our solvers against pygambit, against each other, and against invariants."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from helpers import close_profiles, gambit_enummixed, random_bimatrix
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import Game, solve, verify_exact
from gametheory.tolerance import DEFAULT_TOL

KINDS = ["int-ties", "int-wide", "quarter"]
CASES = [
    pytest.param(
        seed,
        KINDS[seed % 3],
        2 + seed % 6,
        2 + (seed // 6) % 6,
        id=f"{KINDS[seed % 3]}-{2 + seed % 6}x{2 + (seed // 6) % 6}-s{seed}",
    )
    for seed in range(216)
]


@pytest.mark.parametrize("seed, kind, m, n", CASES)
def test_enummixed_equals_gambit_enummixed(gambit, seed, kind, m, n):
    """Exactly pygambit's extreme equilibria (rational arithmetic): none missing, none extra."""
    game = random_bimatrix(seed, kind, m, n)
    expected = gambit_enummixed(gambit, game)
    found = [eq.strategies for eq in solve(game).equilibria]
    assert len(found) == len(expected)
    for profile in expected:
        assert any(close_profiles(profile, f) for f in found), f"missing {profile}"


@pytest.mark.parametrize("seed", range(0, 216, 9))
def test_exact_enumeration_equals_gambit(gambit, seed):
    game = random_bimatrix(seed, KINDS[seed % 3], 2 + seed % 4, 2 + (seed // 4) % 4)
    result = solve(game, exact=True)
    assert sorted(eq.exact for eq in result) == sorted(gambit_enummixed(gambit, game))


@pytest.mark.parametrize("seed", range(40))
def test_wrapped_nashpy_methods_agree_with_enummixed(seed):
    """Both find every equilibrium of nondegenerate games and are flagged complete only then
    (support enumeration may also decline when a support system is singular); Qhull vertex
    enumeration finds them all in these degenerate ones too. Degeneracy is decided by the
    tight-set enumeration of the unreduced game, exactly where it is small."""
    game = random_bimatrix(seed, KINDS[seed % 3], 2 + seed % 6, 2 + (seed // 6) % 6)
    reference = solve(game, method="tightsets", reduce=False)
    if max(game.shape) < 6:  # exact enumeration is quick at this size
        exact = solve(game, method="tightsets", reduce=False, exact=True)
        assert reference.degenerate == exact.degenerate
    for method in ("support", "vertex"):
        result = solve(game, method=method, reduce=False)
        for eq in result:
            assert any(close_profiles(eq.strategies, r.strategies) for r in reference)
        assert result.degenerate in (reference.degenerate, None)
        assert result.complete == (result.degenerate is False)
        if method == "vertex":
            assert result.degenerate == reference.degenerate
        if method == "vertex" or not reference.degenerate:
            assert len(result) == len(reference)


def test_nashpy_float_equality_loses_equilibria_that_we_keep(gambit):
    """nashpy issue #82: float == in its support test drops genuine equilibria.

    This 4x5 integer game is nondegenerate and has one equilibrium; nashpy's own support
    enumeration returns none. Our wrapped "support" method and "enummixed" both find it,
    and pygambit agrees.
    """
    import nashpy

    A = np.array(
        [
            [-87, -10, 80, 72, 13],
            [79, -60, -58, 89, -7],
            [48, -65, -92, 15, -4],
            [-8, 91, 39, 3, 82],
        ]
    )
    B = np.array(
        [
            [-66, -10, -6, 92, 37],
            [-51, -76, 70, 42, 23],
            [76, -30, 23, -81, 81],
            [9, -64, 76, -39, 3],
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert list(nashpy.Game(A, B).support_enumeration()) == []
    game = Game.from_bimatrix(A, B)
    assert len(gambit_enummixed(gambit, game)) == 1
    assert len(solve(game, method="support")) == 1
    assert len(solve(game)) == 1


# ----------------------------------------------------------------------- property tests
def _games(max_actions: int = 5):
    shapes = st.tuples(st.integers(1, max_actions), st.integers(1, max_actions))
    return shapes.flatmap(
        lambda shape: st.tuples(
            arrays(np.int64, shape, elements=st.integers(-4, 4)),
            arrays(np.int64, shape, elements=st.integers(-4, 4)),
        )
    )


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(_games())
def test_every_equilibrium_has_regret_within_tol(pair):
    game = Game.from_bimatrix(*pair)
    result = solve(game)
    assert result.equilibria, "every finite game has an equilibrium (Nash 1951)"
    for eq in result.equilibria:
        assert eq.regret <= DEFAULT_TOL * max(game.payoff_range, 1.0)
        assert game.regret(eq.strategies) <= DEFAULT_TOL * max(game.payoff_range, 1.0)
    for subset in result.nash_subsets:  # the midpoint of a Nash subset is an equilibrium
        mid = [
            np.mean([result.equilibria[k].strategies[i] for k in subset], axis=0) for i in range(2)
        ]
        assert game.regret(mid) <= 1e-8 * max(game.payoff_range, 1.0)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(_games(4))
def test_exact_and_float_enumeration_agree(pair):
    game = Game.from_bimatrix(*pair)
    exact = solve(game, exact=True)
    floats = solve(game)
    assert len(exact) == len(floats)
    assert exact.degenerate == floats.degenerate
    for eq in exact:
        assert verify_exact(game, eq.exact)
        assert any(close_profiles(eq.strategies, f.strategies) for f in floats)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(_games(4))
def test_pure_equilibria_are_among_extreme_equilibria(pair):
    game = Game.from_bimatrix(*pair)
    extreme = {eq.pure_profile() for eq in solve(game)} - {None}
    assert set(game.pure_equilibria()) == extreme
