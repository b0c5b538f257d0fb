"""The pieces of enumpoly checked against independent implementations: the support-profile
screens against scipy's linear programming and against enumeration without screens, the
one-variable reduction (``_pencil``) against the homotopy on the same support systems, and
its Chebyshev helpers against numpy.polynomial."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from helpers import catalog, random_game, same
from numpy.polynomial import chebyshev
from scipy.optimize import linprog

from gametheory import Game, GameError
from gametheory.solvers import enumpoly
from gametheory.solvers._kernels import pencil as _pencil
from gametheory.solvers._kernels import screens as _screens
from gametheory.solvers._kernels import support_system as _support_system
from gametheory.solvers._kernels.screens import (
    DOMINATED,
    KEEP,
    NO_INDIFFERENCE,
    NO_JOINT_INDIFFERENCE,
    screen,
)
from gametheory.solvers.enumpoly import nplayer_equilibria


def _flat(game: Game) -> tuple[np.ndarray, np.ndarray]:
    scale = game.payoff_range or 1.0
    flat = np.stack([np.asarray(p, float).ravel() / scale for p in game.payoffs])
    return flat, np.array(game.shape, np.int64)


def _all_supports(shape):
    return list(enumpoly._support_profiles(shape))


def _masks(supports) -> np.ndarray:
    return np.array([[sum(1 << a for a in s) for s in sup] for sup in supports], np.int64)


def _scipy_no_indifference(flat, dims, supports) -> bool:
    """Some player has no distribution over the others' support profiles that makes it
    indifferent on its support and no better off outside it (scipy's HiGHS decides)."""
    for i in range(len(supports)):
        index = [range(int(dims[i])) if j == i else s for j, s in enumerate(supports)]
        table = flat[i].reshape(tuple(int(d) for d in dims))[np.ix_(*index)]
        sub = np.moveaxis(table, i, 0).reshape(int(dims[i]), -1)
        first = sub[supports[i][0]]
        a_eq = np.vstack([sub[list(supports[i][1:])] - first, np.ones((1, sub.shape[1]))])
        b_eq = np.zeros(len(a_eq))
        b_eq[-1] = 1.0
        outside = [b for b in range(int(dims[i])) if b not in supports[i]]
        a_ub = sub[outside] - first if outside else None
        b_ub = np.zeros(len(outside)) if outside else None
        res = linprog(np.zeros(sub.shape[1]), a_ub, b_ub, a_eq, b_eq, bounds=(0, None))
        assert res.status in (0, 2)
        if res.status == 2:
            return True
    return False


def _scipy_no_joint_indifference(flat, dims, supports) -> bool:
    """No distribution P over the support profile's cells makes every player, given each of
    its support actions, indifferent on its support and no better off outside it."""
    cells = list(itertools.product(*supports))
    tables = [flat[i].reshape(tuple(int(d) for d in dims)) for i in range(len(dims))]
    eq, ub = [], []
    for i, support in enumerate(supports):
        for own in support:
            for b in range(int(dims[i])):
                if b == support[0]:
                    continue
                row = np.zeros(len(cells))
                for q, cell in enumerate(cells):
                    if cell[i] == own:
                        there, here = list(cell), list(cell)
                        there[i], here[i] = b, support[0]
                        row[q] = tables[i][tuple(there)] - tables[i][tuple(here)]
                (eq if b in support else ub).append(row)
    eq.append(np.ones(len(cells)))
    b_eq = np.zeros(len(eq))
    b_eq[-1] = 1.0
    res = linprog(
        np.zeros(len(cells)),
        np.array(ub) if ub else None,
        np.zeros(len(ub)) if ub else None,
        np.array(eq),
        b_eq,
        bounds=(0, None),
    )
    assert res.status in (0, 2)
    return res.status == 2


@pytest.mark.parametrize("shape", [(4, 4, 4), (3, 3, 4), (2, 2, 2, 2)])
def test_joint_screen_agrees_with_scipy(shape):
    """The joint test runs where the homotopy would; scipy decides the same LP directly."""
    checked = ruled_out = 0
    for seed in range(3):
        game = random_game(shape, seed, "wide")
        flat, dims = _flat(game)
        supports = _all_supports(shape)
        codes = screen(flat, dims, _masks(supports), 2, 1e-9)
        for sup, code in zip(supports, codes, strict=True):
            counts = np.array([len(s) for s in sup], np.int64)
            if code in (DOMINATED, NO_INDIFFERENCE) or (counts > 1).sum() < 3:
                continue
            if _pencil.pencil_player(counts) >= 0 or not _screens._has_paths(counts):
                continue
            checked += 1
            ruled_out += code == NO_JOINT_INDIFFERENCE
            expected = _scipy_no_joint_indifference(flat, dims, sup)
            assert (code == NO_JOINT_INDIFFERENCE) == expected, (seed, sup)
    assert checked >= 3 and ruled_out >= 1


@pytest.mark.parametrize(
    "shape, seed", [((3, 3, 3), 0), ((3, 3, 3), 1), ((2, 3, 4), 2), ((2, 2, 2, 2), 3)]
)
def test_indifference_screen_agrees_with_scipy(shape, seed):
    game = random_game(shape, seed, "wide")
    flat, dims = _flat(game)
    supports = _all_supports(shape)
    codes = screen(flat, dims, _masks(supports), 2, 1e-9)
    checked = 0
    for sup, code in zip(supports, codes, strict=True):
        if code == DOMINATED or sum(len(s) > 1 for s in sup) < 2:
            continue
        checked += 1
        assert (code == NO_INDIFFERENCE) == _scipy_no_indifference(flat, dims, sup), sup
    assert checked >= 10


@pytest.mark.parametrize(
    "shape, kind, seed",
    [
        ((3, 3, 3), "wide", 4),
        ((3, 3, 3), "ties", 5),
        ((2, 2, 3), "ties", 6),
        ((2, 3, 4), "wide", 7),
        ((2, 2, 2, 2), "ties", 8),
        ((3, 3, 4), "wide", 9),
        ((4, 4, 4), "wide", 10),
    ],
)
def test_screens_never_drop_an_equilibrium(monkeypatch, shape, kind, seed):
    """The same equilibria with every support profile solved as with the screens on."""
    game = random_game(shape, seed, kind)
    screened = nplayer_equilibria(game)
    assert screened.pruned > 0
    monkeypatch.setattr(enumpoly, "screen", lambda flat, dims, masks, k, tie: np.zeros(len(masks)))
    everything = nplayer_equilibria(game)
    assert everything.pruned == 0 and everything.solved == everything.support_profiles
    assert len(everything.profiles) == len(screened.profiles)
    for p in screened.profiles:
        assert any(same(p, q, 1e-7) for q in everything.profiles)


def _direct_supports(shape):
    """Support profiles with two mixing players over equally many actions, or three mixing
    players, one of them over two actions."""
    for sup in _all_supports(shape):
        sizes = sorted(len(s) for s in sup if len(s) > 1)
        if (len(sizes) == 3 and sizes[0] == 2) or (len(sizes) == 2 and sizes[0] == sizes[1]):
            yield sup


def _solutions(flat, dims, sup):
    systems = _support_system._Systems(0)
    found, _, kind = _support_system._solve_support(flat, dims, sup, systems)
    return found, kind


@pytest.mark.parametrize(
    "shape, seed",
    [((2, 2, 2), 0), ((3, 3, 3), 1), ((2, 4, 4), 2), ((3, 3, 4), 3), ((2, 2, 2, 3), 4)],
)
def test_direct_solutions_are_what_the_homotopy_finds(monkeypatch, shape, seed):
    """On every support system they handle, the null vectors (two mixing players) and the
    one-variable reduction (three) return the same real, non-negative solutions as tracking
    all homotopy paths (games without ties)."""
    game = random_game(shape, seed, "wide")
    flat, dims = _flat(game)
    compared = {2: 0, 3: 0}
    with_solutions = 0
    for sup in _direct_supports(shape):
        direct, kind = _solutions(flat, dims, sup)
        with monkeypatch.context() as m:
            m.setattr(_support_system, "pencil_candidates", lambda *a: None)
            m.setattr(_support_system, "linear_candidates", lambda *a: None)
            by_paths, _ = _solutions(flat, dims, sup)
        if kind != _support_system.DIRECT:
            continue
        compared[sum(len(s) > 1 for s in sup)] += 1
        with_solutions += bool(by_paths)
        assert len(direct) == len(by_paths), sup
        for p in by_paths:
            assert any(same(p, q, 1e-8) for q in direct), sup
    assert compared[2] >= 1 and compared[3] >= 1
    assert with_solutions >= 1 or shape == (2, 2, 2)


def test_pencil_hands_continua_to_the_homotopy(gambit):
    """Nau et al. (2004) section 5: a continuum of completely mixed equilibria on the full
    support, so the polynomial vanishes identically and the reduction declines."""
    game = catalog(gambit, "journals/ijgt/nau2004/sec5")
    flat, dims = _flat(game)
    acts = np.array([[0, 1], [0, 1], [0, 1]], np.int64)
    assert _pencil.pencil_candidates(flat, dims, acts, [0, 1, 2]) is None
    assert nplayer_equilibria(game).singular == (((0, 1), (0, 1), (0, 1)),)


def test_pencil_declines_when_a_player_ignores_another():
    """Player 0's payoff does not depend on player 1: its indifference matrix is zero for
    every s, every null space is two-dimensional, and the homotopy must decide."""
    rng = np.random.default_rng(3)
    u = rng.random((3, 3, 3, 2))
    u[0] = u[0, :, :1, :]  # player 0's payoff ignores player 1's action
    flat = np.stack([p.ravel() for p in u])
    dims = np.array([3, 3, 2], np.int64)
    acts = np.array([[0, 1, 2], [0, 1, 2], [0, 1, -1]], np.int64)
    assert _pencil.pencil_candidates(flat, dims, acts, [0, 1, 2]) is None


@pytest.mark.parametrize("degree", [1, 2, 4, 6, 9])
def test_chebyshev_interpolation_and_roots_match_numpy(degree):
    rng = np.random.default_rng(degree)
    coef = rng.normal(size=degree + 1)
    nodes = np.cos(np.pi * np.arange(degree + 1) / degree)
    got = _pencil._chebyshev_coefficients(chebyshev.chebval(nodes, coef))
    np.testing.assert_allclose(got, coef, atol=1e-12)
    ours = np.linalg.eigvals(_pencil._colleague(coef))
    theirs = chebyshev.chebroots(coef)
    assert len(ours) == len(theirs)
    for r in theirs:
        assert np.min(np.abs(ours - r)) < 1e-8
    for x in (-0.7, 0.1, 0.95):
        f, d = _pencil._series_and_derivative(coef, x)
        assert f == pytest.approx(chebyshev.chebval(x, coef), abs=1e-12)
        assert d == pytest.approx(chebyshev.chebval(x, chebyshev.chebder(coef)), abs=1e-10)


def test_screen_codes_on_a_dominated_support():
    """Prisoner's dilemma as a 3-player game: cooperating is dominated for everyone, so every
    support profile that uses it is ruled out by dominance."""
    u = np.zeros((3, 2, 2, 2))
    for a in itertools.product((0, 1), repeat=3):
        for i in range(3):
            u[(i, *a)] = 2 * sum(1 - x for x in a) - 3 * (1 - a[i])  # defecting (1) dominates
    flat = np.stack([p.ravel() for p in u])
    supports = _all_supports((2, 2, 2))
    codes = screen(flat, np.array([2, 2, 2], np.int64), _masks(supports), 2, 1e-9)
    for sup, code in zip(supports, codes, strict=True):
        uses_cooperation = any(0 in s for s in sup)
        assert (code == DOMINATED) == uses_cooperation
        assert code in (KEEP, DOMINATED)


@pytest.mark.parametrize("sizes", [(2, 2, 4), (2, 3, 5), (3, 3, 5), (2, 2, 2, 5), (3, 4, 5)])
def test_has_paths_is_the_start_systems_count(sizes):
    """The joint screen is skipped exactly where the homotopy has no start solutions."""
    counts = np.array(sizes, np.int64)
    starts = _support_system._Systems(0).get(sizes)[1]
    assert _screens._has_paths(counts) == (len(starts) > 0)


@pytest.mark.parametrize("shape, seed", [((3, 3, 3, 3), 0), ((4, 4, 4), 1)])
def test_threads_change_nothing(shape, seed):
    """Support profiles solved by two threads: the same profiles, in the same order, and the
    same counts as one thread."""
    rng = np.random.default_rng(seed)
    game = Game([rng.random(shape) for _ in shape])
    one = nplayer_equilibria(game, workers=1)
    two = nplayer_equilibria(game, workers=2)
    assert one.paths > 0 and len(one.profiles) > 1
    assert (one.solved, one.paths, one.pruned, one.direct) == (
        two.solved,
        two.paths,
        two.pruned,
        two.direct,
    )
    assert len(one.profiles) == len(two.profiles)
    assert all(same(p, q, 1e-12) for p, q in zip(one.profiles, two.profiles, strict=True))


def test_workers_must_be_a_count():
    game = random_game((2, 2, 2), 0, "wide")
    with pytest.raises(GameError, match="workers"):
        nplayer_equilibria(game, workers=-1)


def test_cli_refuses_a_bad_workers_option_in_one_line(capsys, tmp_path):
    from gametheory.cli import main

    path = tmp_path / "game.nfg"
    path.write_text('NFG 1 R "g" { "1" "2" "3" } { 2 2 2 }\n' + " ".join(["1"] * 24) + "\n")
    assert main(["solve", str(path), "--method", "enumpoly", "--option", "workers=-1"]) == 2
    err = capsys.readouterr().err.strip()
    assert "workers must be a whole number >= 0" in err and "\n" not in err
