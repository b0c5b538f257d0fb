"""Finitely repeated games: backward induction over SPE payoff sets vs known answers."""

from __future__ import annotations

from itertools import product

import nashpy.repeated_games
import numpy as np
import pytest
from helpers import random_bimatrix

from gametheory import Game, GameError
from gametheory.games import n_player_dilemma, prisoners_dilemma
from gametheory.repeated import finite_spe_payoffs

# Gibbons (1992), *Game Theory for Applied Economists*, section 2.3.A: (M, M) pays (4, 4) but is
# not a stage equilibrium; (L, L) -> (1, 1) and (R, R) -> (3, 3) are.
GIBBONS = Game.from_bimatrix([[1, 5, 0], [0, 4, 0], [0, 0, 3]], [[1, 0, 0], [5, 4, 0], [0, 0, 3]])


@pytest.mark.parametrize("T", [1, 2, 5, 50])
def test_finitely_repeated_dilemma_has_only_mutual_defection(T):
    # Selten (1965) / Benoit & Krishna (1985): a unique stage equilibrium unravels
    r = finite_spe_payoffs(prisoners_dilemma(), T, progress=None)
    assert r.points.tolist() == [[T * 1.0, T * 1.0]]
    assert r.first_actions == ((1, 1),)
    assert r.path(0) == [(1, 1)] * T


def test_three_player_dilemma_unravels_too():
    r = finite_spe_payoffs(n_player_dilemma(), 6, progress=None)
    assert r.points.tolist() == [[0.0, 0.0, 0.0]]
    assert r.first_actions == ((1, 1, 1),)


@pytest.mark.parametrize("T", [2, 3, 10, 50])
def test_two_stage_equilibria_sustain_cooperation_early(T):
    # Benoit & Krishna (1985): play (M, M) in every round but the last, then (R, R); a deviator
    # is punished with (L, L). The best total welfare is 8 (T - 1) + 6.
    r = finite_spe_payoffs(GIBBONS, T, progress=None)
    assert (1, 1) in r.first_actions
    best = int(np.argmax(r.points.sum(axis=1)))
    assert r.points[best].sum() == pytest.approx(8 * (T - 1) + 6)
    path = r.path(best)
    assert path[:-1] == [(1, 1)] * (T - 1) and path[-1] == (2, 2)
    one = finite_spe_payoffs(GIBBONS, 1, progress=None)
    assert (1, 1) not in one.first_actions
    assert sorted(one.first_actions) == [(0, 0), (2, 2)]


def _brute_force_two_rounds(game: Game) -> set[tuple[float, float]]:
    """Pure SPE totals of the twice-repeated 2-player game by enumerating strategy pairs."""
    A, B = game.payoffs
    m, n = A.shape
    stage_ne = set(game.pure_equilibria())
    histories = list(product(range(m), range(n)))
    out = set()
    # subgame perfection: every second-round reply pair is a stage equilibrium
    for reply in product(sorted(stage_ne), repeat=len(histories)):
        cont = dict(zip(histories, reply, strict=True))
        for a in histories:
            total = [A[a] + A[cont[a]], B[a] + B[cont[a]]]
            row_ok = all(A[(x, a[1])] + A[cont[(x, a[1])]] <= total[0] + 1e-9 for x in range(m))
            col_ok = all(B[(a[0], y)] + B[cont[(a[0], y)]] <= total[1] + 1e-9 for y in range(n))
            if row_ok and col_ok:
                out.add((round(total[0], 9), round(total[1], 9)))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_two_rounds_match_brute_force_enumeration(seed):
    game = random_bimatrix(seed, "int-ties", 2, 3)
    ours = {tuple(np.round(p, 9)) for p in finite_spe_payoffs(game, 2, progress=None).points}
    assert ours == _brute_force_two_rounds(game)


def test_spe_payoffs_are_nash_payoffs_of_nashpys_expansion():
    # nashpy expands the twice-repeated game into a 32 x 32 normal form; every pure SPE is in
    # particular a pure Nash equilibrium of it, with the same total payoffs
    dilemma = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    stag_hunt = Game.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])  # two equilibria
    for g in (dilemma, stag_hunt):
        big = nashpy.repeated_games.obtain_repeated_game(g.to_nashpy(), repetitions=2)
        A, B = big.payoff_matrices
        nash_payoffs = {
            (round(A[i, j], 9), round(B[i, j], 9)) for i, j in Game([A, B]).pure_equilibria()
        }
        ours = {tuple(np.round(p, 9)) for p in finite_spe_payoffs(g, 2, progress=None).points}
        assert ours and ours <= nash_payoffs


def test_limits_name_the_estimate():
    with pytest.raises(GameError, match=r"^finite_spe_payoffs\(\): T = 0"):
        finite_spe_payoffs(prisoners_dilemma(), 0)
    with pytest.raises(GameError, match=r"round 5 of 30 generates \d+ candidate payoff vectors"):
        finite_spe_payoffs(GIBBONS, 30, max_points=200, progress=None)


def test_no_pure_stage_equilibrium_means_no_pure_spe():
    pennies = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    r = finite_spe_payoffs(pennies, 3, progress=None)
    assert r.points.shape == (0, 2) and r.first_actions == ()


@pytest.mark.parametrize("T", [1000, 3000])
def test_long_horizons_are_refused_early_with_an_estimate(T):
    # |W_t| grows like t**2 in chicken (sums of t stage payoffs on a lattice), so the total
    # kept over T rounds grows like T**3: refused from the growth of the first rounds, with
    # the estimate, before the work (T = 1000 once took 43 s, T = 3000 grew past 1.3 GB)
    from gametheory.games import chicken

    rounds = []
    with pytest.raises(GameError, match=r"^finite_spe_payoffs\(\): T = \d+ would keep about"):
        finite_spe_payoffs(chicken(), T, progress=lambda t, _: rounds.append(t))
    assert len(rounds) <= 10
    with pytest.raises(GameError, match=r"GiB; \|W_t\| grows like t\^.*use T <= about \d+"):
        finite_spe_payoffs(chicken(), T, progress=None)


@pytest.mark.parametrize("cap", [2_000, 20_000, 200_000])
def test_stored_total_never_exceeds_the_cap(cap):
    from gametheory.games import stag_hunt

    for T in (5, 10, 20, 40, 80):
        try:
            r = finite_spe_payoffs(stag_hunt(), T, progress=None, max_stored=cap)
        except GameError as e:
            assert "max_stored" in str(e)
        else:
            assert sum(r.sizes) <= cap
            # the cap changes nothing below it: same sets as without it
            assert r.sizes == finite_spe_payoffs(stag_hunt(), T, progress=None).sizes
