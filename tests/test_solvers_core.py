"""The solver core: pivoting enumeration, reductions, refusals, the registry, Gambit examples.

Cross-checks against pygambit (exact rational enummixed) and QuantEcon (vertex enumeration)
on seeded random games, degenerate ones included; known answers from the literature.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from helpers import close_profiles, gambit_enummixed, random_bimatrix

from gametheory import Game, GameError, solve
from gametheory.equilibrium import same_profile
from gametheory.io import load
from gametheory.solvers import REGISTRY, Method, Proposals, enummixed, register
from gametheory.solvers.enummixed import vertex_bound
from gametheory.solvers.reductions import expand, reduce_game
from gametheory.solvers.registry import unregister

DATA = Path(__file__).parent / "data"


def _same_sets(found, expected) -> bool:
    return len(found) == len(expected) and all(
        any(close_profiles(e, f) for f in found) for e in expected
    )


def planted_game(seed: int) -> Game:
    """Seeded 2..6 x 2..6 games of six kinds: ties, wide integers, a 0.25 grid, duplicated
    rows or columns, a (mixed-)dominated row, and constant games."""
    rng = np.random.default_rng(seed)
    kind = seed % 6
    m, n = 2 + (seed // 6) % 5, 2 + (seed // 30) % 5
    if kind < 3:
        return random_bimatrix(seed, ("int-ties", "int-wide", "quarter")[kind], m, n)
    A, B = rng.integers(-5, 6, (2, m, n)).astype(float)
    if kind == 3:  # duplicate a row and a column
        A[-1], B[-1] = A[0], B[0]
        A[:, -1], B[:, -1] = A[:, 0], B[:, 0]
    elif kind == 4:  # a row strictly dominated by the mix of two others, maybe not by either
        if m >= 3:
            A[-1] = (A[0] + A[1]) / 2 - 0.5
    else:  # constant and zero games: everything is an equilibrium
        A[:] = seed % 3
        B[:] = 0.0
    return Game.from_bimatrix(A, B)


# ---------------------------------------------------------------- pygambit, >= 1000 games
@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(10))
def test_agrees_with_gambit_on_1000_games(gambit, chunk):
    """Our extreme equilibria are exactly pygambit's (rational enummixed), game after game."""
    for seed in range(1000 + 100 * chunk, 1000 + 100 * (chunk + 1)):
        game = planted_game(seed)
        found = [eq.strategies for eq in solve(game)]
        assert _same_sets(found, gambit_enummixed(gambit, game)), f"seed {seed}"


@pytest.mark.parametrize("seed", range(0, 60, 1))
def test_reductions_do_not_change_the_answer(seed):
    """The same extreme equilibria and Nash subsets with and without the reductions."""
    game = planted_game(seed)
    reduced = solve(game)
    plain = solve(game, method="tightsets", reduce=False)
    assert _same_sets([e.strategies for e in reduced], [e.strategies for e in plain])
    as_sets = {
        frozenset(np.round(np.concatenate(r.equilibria[k].strategies), 9).tobytes() for k in s)
        for r in (reduced, plain)
        for s in r.nash_subsets
    }
    assert len(as_sets) == len(set(plain.nash_subsets))
    assert reduced.complete and plain.complete


# ---------------------------------------------------------------- QuantEcon, nondegenerate
@pytest.mark.slow  # QuantEcon's numba kernels compile on first use (some 20 s)
@pytest.mark.parametrize("n", [2, 3, 5, 7, 9, 11])
@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_quantecon_vertex_enumeration(n, seed):
    from quantecon.game_theory import NormalFormGame, Player, vertex_enumeration

    rng = np.random.default_rng(seed)
    A, B = rng.random((2, n, n + seed % 2))
    found = [eq.strategies for eq in solve(Game.from_bimatrix(A, B))]
    theirs = vertex_enumeration(NormalFormGame((Player(A), Player(B.T))))
    assert _same_sets(found, theirs)


def test_pivoting_path_is_taken_and_complete():
    rng = np.random.default_rng(0)
    game = Game.from_bimatrix(*rng.random((2, 9, 7)))
    result = solve(game)
    assert result.parameters["path"] == "pivoting" and result.complete
    # the pivoting path does not decide degeneracy away from the equilibria
    assert result.degenerate is None
    same = solve(game, method="tightsets", reduce=False)
    assert same.degenerate is False
    assert _same_sets([e.strategies for e in result], [e.strategies for e in same])


@pytest.mark.parametrize("m, n", [(3, 3), (5, 4), (6, 8)])
def test_pivoting_visits_every_vertex_that_qhull_finds(m, n):
    """The traversal's vertex count equals Qhull's for random (simple) polytopes."""
    from scipy.spatial import HalfspaceIntersection

    from gametheory.solvers._kernels import pivot as _pivot

    M = 1.0 + np.random.default_rng(m * n).random((m, n))
    masks, status, visited = _pivot.enumerate_vertices(M, 1e-9, 10**6)
    # {x >= 0, M^T x <= 1} as halfspaces a.x + b <= 0, interior point 1e-3 * ones
    halfspaces = np.vstack(
        [np.hstack([-np.eye(m), np.zeros((m, 1))]), np.hstack([M.T, -np.ones((n, 1))])]
    )
    vertices = HalfspaceIntersection(halfspaces, np.full(m, 1e-3)).intersections
    distinct = np.unique(np.round(vertices, 9), axis=0)
    assert status == _pivot.OK and visited == len(masks) == len(distinct) - 1  # 0 excluded


def test_pivoting_stops_on_a_degenerate_polytope():
    from gametheory.solvers._kernels import pivot as _pivot

    M = np.array([[2.0, 1.0], [1.0, 2.0], [1.5, 1.5]])  # (0, 0, 2/3) lies on four facets
    assert _pivot.enumerate_vertices(M, 1e-9, 100)[1] == _pivot.DEGENERATE


@pytest.mark.parametrize("m, n", [(5, 6), (6, 4)])  # (6, 4): the column player's polytope
def test_exact_on_pivoting_path_matches_gambit(gambit, m, n):
    game = random_bimatrix(3, "int-wide", m, n)
    result = solve(game, exact=True)
    assert result.parameters["path"] == "pivoting"
    assert sorted(eq.exact for eq in result) == sorted(gambit_enummixed(gambit, game))


@pytest.mark.parametrize("method", ["support", "vertex"])
def test_exact_for_support_and_vertex(gambit, method):
    game = random_bimatrix(5, "int-wide", 4, 4)
    result = solve(game, method=method, exact=True)
    assert result.complete
    assert sorted(eq.exact for eq in result) == sorted(gambit_enummixed(gambit, game))


# ---------------------------------------------------------------- reductions
def test_mixed_dominance_is_found_and_mapped_back(gambit):
    """Row 3 pays 1 against both columns; the 50/50 mix of rows 1 and 2 pays 1.5: dominated by
    a mixture, by neither pure row (Myerson 1991, sec. 2.5)."""
    game = Game.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [2, 2]])
    red = reduce_game(game, 1e-9)
    assert red.removed == ((2,), ())
    result = solve(game)
    assert result.parameters["reduction"]["dominated"] == {"1": ["3"]}
    assert all(len(eq.strategies[0]) == 3 and eq.strategies[0][2] == 0 for eq in result)
    assert _same_sets([e.strategies for e in result], gambit_enummixed(gambit, game))


def test_weakly_dominated_strategies_are_kept():
    """(B, R) is an equilibrium in weakly dominated strategies; removing them would lose it."""
    game = Game.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    assert reduce_game(game, 1e-9).game.shape == (2, 2)
    assert {eq.pure_profile() for eq in solve(game)} == {(0, 0), (1, 1)}


def test_expand_duplicates_gives_every_extreme_point():
    game = Game.from_bimatrix([[1, 1, 0]], [[1, 1, 0]])
    red = reduce_game(game, 1e-9)
    assert red.classes == (((0,),), ((0, 1),))
    profiles, pairs, _ = expand(red, [(np.array([1.0]), np.array([1.0]))], np.array([[0, 0]]))
    assert sorted(tuple(p[1]) for p in profiles) == [(0.0, 1.0, 0.0), (1.0, 0.0, 0.0)]
    assert pairs.tolist() == [[0, 0], [0, 1]]


def test_reduce_false_is_recorded():
    game = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert solve(game, reduce=False).parameters["reduce"] is False
    assert solve(game).parameters["reduction"]["dominated"] == {"1": ["1"], "2": ["1"]}


# ---------------------------------------------------------------- refusals
def _big_random(n: int) -> Game:
    return Game.from_bimatrix(*np.random.default_rng(1).random((2, n, n)))


@pytest.mark.parametrize(
    "method, kwargs, game, pattern",
    [
        (
            "enummixed",
            {},
            _big_random(28),
            re.escape(f"up to {vertex_bound(28, 56):.3g} vertices") + ".*'pure'",
        ),
        ("enummixed", {"max_vertices": 50}, _big_random(10), r"stopped after 50 vertices"),
        ("tightsets", {}, _big_random(14), r"C\(m\+n, m\) = 4.01e\+07 tight sets.*max_tight_sets"),
        ("support", {}, _big_random(12), r"2.7e\+06 support pairs.*'enummixed'"),
        ("vertex", {}, _big_random(12), r"up to 4.95e\+04 vertices.*'enummixed'"),
    ],
)
def test_oversize_games_are_refused_with_an_estimate(method, kwargs, game, pattern):
    with pytest.raises(GameError, match=pattern):
        solve(game, method=method, **kwargs)


def test_degenerate_game_beyond_the_tight_sets_refused_at_the_basis_cap():
    """A 14x14 game with payoffs in {0, 1}: too many tight sets (4.01e7), and its polytopes
    need about 30,000 bases each; with a cap of 1000 the basis search refuses at once."""
    game = Game.from_bimatrix(*np.random.default_rng(2).integers(0, 2, (2, 14, 14)))
    with pytest.raises(
        GameError, match=r"stopped after 1000 bases.*degenerate 14x14.*4.01e\+07 tight sets.*'pure'"
    ):
        solve(game, reduce=False, max_vertices=1000)


def _degenerate_games(count, sizes, values, seed0):
    for seed in range(count):
        rng = np.random.default_rng(seed0 + seed)
        m, n = rng.integers(*sizes, 2)
        yield seed, Game.from_bimatrix(*rng.integers(0, values, (2, m, n)).astype(float))


@pytest.mark.parametrize(
    "count, sizes, values, seed0",
    [(200, (2, 7), 3, 0), (40, (6, 11), 2, 1000), (30, (6, 11), 4, 2000)],
)
def test_basis_search_finds_the_tight_sets_extreme_equilibria(count, sizes, values, seed0):
    """Degenerate games (small integer payoffs): the search over feasible bases returns the
    same extreme equilibria, paired the same way, as every tight set."""
    for seed, game in _degenerate_games(count, sizes, values, seed0):
        tight = enummixed.tight_set_equilibria(game, 1e-9)
        bases = enummixed.basis_search_equilibria(game, 1e-9)
        assert bases.path == "bases"
        assert len(bases.profiles) == len(tight.profiles), seed
        for p in tight.profiles:
            assert any(same_profile(p, q, 1e-9) for q in bases.profiles), seed
        assert bases.degenerate == tight.degenerate


def test_degenerate_14x14_solved_by_the_basis_search():
    """Beyond the tight sets (C(28, 14) = 4.01e7): solved completely, every equilibrium
    verified, every pure equilibrium among them, continua reported as Nash subsets."""
    game = Game.from_bimatrix(*np.random.default_rng(0).integers(0, 4, (2, 14, 14)))
    result = solve(game, reduce=False)
    assert result.parameters["path"] == "bases" and result.complete
    for eq in result.equilibria:
        assert game.regret(eq.strategies) <= 1e-9 * game.payoff_range
    pure = {
        tuple(int(np.argmax(s)) for s in eq.strategies)
        for eq in result.equilibria
        if all(np.max(s) == 1.0 for s in eq.strategies)
    }
    assert pure == set(game.pure_equilibria())


def test_upper_bound_theorem_counts():
    """McMullen's bound is attained by the cube's dual for d = 3, 6 facets: 8 vertices."""
    assert vertex_bound(3, 6) == 8
    assert vertex_bound(2, 5) == 5  # a pentagon


# ---------------------------------------------------------------- registry
def test_register_a_toy_method_and_solve_with_it():
    def first_pure(game, *, tol, exact, limit):
        found = game.pure_equilibria(tol)[:limit]
        profiles = [
            tuple(np.eye(s)[a] for s, a in zip(game.shape, idx, strict=True)) for idx in found
        ]
        return Proposals(profiles, False, reason=f"at most {limit} pure equilibria")

    register(
        Method(
            "first-pure",
            first_pure,
            "the first pure equilibria",
            min_players=1,
            max_players=None,
            options={"limit": 1},
        )
    )
    try:
        game = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
        result = solve(game, method="first-pure", limit=2)
        assert [eq.pure_profile() for eq in result] == [(0, 0), (1, 1)]
        assert result.parameters["limit"] == 2 and not result.complete
        assert result.reason == "at most 2 pure equilibria"
        assert len(solve(game, method="first-pure")) == 1  # the default option
        with pytest.raises(GameError, match=r"unknown option\(s\) \['depth'\] for method"):
            solve(game, method="first-pure", depth=3)
        with pytest.raises(GameError, match="already registered"):
            register(REGISTRY["first-pure"])
    finally:
        unregister("first-pure")
    assert "first-pure" not in REGISTRY


def test_auto_picks_by_priority_and_suitability():
    three = Game([np.zeros((2, 2, 2))] * 3)
    assert solve(three, reduce=False).method == "enumpoly"  # 27 support profiles
    large = Game([np.zeros((6, 6, 6))] * 3)  # 250,047 support profiles: pure equilibria only
    assert solve(large, reduce=False).method == "pure"
    two = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert solve(two).method == "enummixed"


# ---------------------------------------------------------------- Gambit example files
GAMBIT_FILES = sorted(DATA.glob("*.nfg"))
KNOWN_COUNTS = {
    "vonstengel1999_6x6.nfg": 75,  # von Stengel (1999), DCG 21: 75 equilibria in a 6x6 game
    "rock_paper_scissors.nfg": 1,  # the uniform mix
    "shapley1974_fig2.nfg": 3,  # Shapley (1974): two pure and one mixed equilibrium
}


@pytest.mark.parametrize("path", GAMBIT_FILES, ids=lambda p: p.name)
def test_gambit_example_files_solved_as_gambit_does(gambit, path):
    game = load(path)
    result = solve(game)
    assert result.complete
    expected = gambit_enummixed(gambit, game)
    assert _same_sets([eq.strategies for eq in result], expected)
    if path.name in KNOWN_COUNTS:
        assert len(result) == KNOWN_COUNTS[path.name]


@pytest.mark.parametrize("seed", [0, 1])
def test_exact_degenerate_beyond_the_exact_tight_sets_uses_the_bases(seed):
    """A degenerate 10x10 game has C(20, 10) = 184,756 tight sets, beyond the exact limit: the
    bases search finds the labels and every vertex is recomputed in rationals; the result is
    the float tight-set enumeration's, exactly."""
    rng = np.random.default_rng(300 + seed)
    game = Game.from_bimatrix(*rng.integers(0, 3, (2, 10, 10)))
    result = solve(game, exact=True, reduce=False)
    assert result.parameters["path"] == "bases" and result.complete
    assert result.parameters["rejected"] == 0
    floats = enummixed.tight_set_equilibria(game, 1e-9).profiles
    assert len(result.equilibria) == len(floats)
    for eq in result.equilibria:
        assert all(isinstance(v, Fraction) for s in eq.exact for v in s)
        point = tuple(np.array([float(v) for v in s]) for s in eq.exact)
        assert any(same_profile(point, p, 1e-9) for p in floats)
