"""Gambit's own example games (tests/data/gambit/, see its README), solved as Gambit solves them.

Every ``.nfg`` file in that folder is read by our reader and by pygambit's; both must give the
same game. Then:

* two players: our vertex enumeration (``solve(method="enummixed", exact=True)``) returns
  exactly the extreme equilibria pygambit's ``enummixed_solve`` returns, in rational arithmetic
  (for degenerate games, with continua, both return the extreme points of the equilibrium set);
* three or more players: our ``nplayer_equilibria`` contains every equilibrium pygambit's
  ``enumpoly_solve`` returns, every profile we return is verified (regret at most
  ``1e-9 * payoff_range``), the pure ones are exactly those found by brute force, and each
  equilibrium we return that pygambit does not is proven exact (an exact rational equilibrium,
  or Newton's method at 50 digits lands within 1e-9 of it with regret below 1e-40).

The pygambit answers are computed live (pygambit is a dev dependency: a missing one fails).
Some file titles state how many equilibria the game has; those counts are checked too. Where
pygambit's enumpoly returns fewer (GAMBIT_MISSES), the exactness proof, and the title where it
states a count, side with us.
"""

from __future__ import annotations

import functools
import multiprocessing
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from helpers import TOL, assert_verified, contains, refined_regret, same

from gametheory import solve, verify_exact
from gametheory.io.nfg import read_nfg
from gametheory.solvers.enumpoly import nplayer_equilibria

DATA = Path(__file__).parent / "data" / "gambit"
FILES = sorted(DATA.glob("*.nfg"))
PARAMS = [pytest.param(path, id=path.stem) for path in FILES]

# Files on which pygambit 16.7's enumpoly_solve does not finish, with the reason: the
# comparison with pygambit is left out for them; our own answer is still checked against the
# invariants. None of the 45 shipped files is here: each finished in about 2 s or less.
GAMBIT_HANGS: dict[str, str] = {}

# A hang guard, not a speed test: far above the time any shipped file takes.
GAMBIT_TIMEOUT = 300.0

# How many equilibria we return that pygambit 16.7's enumpoly_solve does not (each is proven
# exact below). 2x2x2x2x2, 3x3x3 and g3: the titles say five, pygambit returns four. 2x2x2-nau:
# the two incompletely mixed equilibria its title names; pygambit returns the three pure ones.
GAMBIT_MISSES: dict[str, int] = {"2x2x2x2x2": 1, "3x3x3": 1, "8x2x2": 1, "g3": 1, "2x2x2-nau": 2}


def test_the_examples_are_there():
    """The folder is not empty, and its README lists every file shipped."""
    assert FILES, f"no .nfg file in {DATA}"
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in FILES if f"`{p.name}`" not in readme] == []


@functools.cache
def ours(path: Path):
    return read_nfg(path)


@functools.cache
def gambit_game(gambit, path: Path):
    return gambit.read_nfg(str(path))


def as_fraction(x) -> Fraction:
    return Fraction(str(x))


# ----------------------------------------------------------------- reading
@pytest.mark.parametrize("path", PARAMS)
def test_reads_as_pygambit_reads(gambit, path):
    """Same title, player and strategy names, and exactly the same payoffs."""
    game, theirs = ours(path), gambit_game(gambit, path)
    assert game.title == theirs.title
    assert game.players == tuple(p.label for p in theirs.players)
    assert game.actions == tuple(tuple(s.label for s in p.strategies) for p in theirs.players)
    arrays = theirs.to_arrays()
    assert len(arrays) == game.n_players
    for mine, their in zip(game.exact_payoffs(), arrays, strict=True):
        assert mine.shape == their.shape == game.shape
        assert (mine == np.vectorize(as_fraction, otypes=[object])(their)).all()


# ----------------------------------------------------------------- pygambit's answers
def gambit_enummixed(gambit, path: Path) -> list[tuple[tuple[Fraction, ...], ...]]:
    """pygambit's extreme equilibria of the file, in rationals, repeats removed (Gambit's
    enummixed can list a vertex twice in degenerate games)."""
    g = gambit_game(gambit, path)
    out = []
    for eq in gambit.nash.enummixed_solve(g, rational=True).equilibria:
        profile = tuple(tuple(as_fraction(eq[s]) for s in p.strategies) for p in g.players)
        if profile not in out:
            out.append(profile)
    return out


def _enumpoly_child(gambit, path: str, conn) -> None:  # pragma: no cover - runs in the forked child
    g = gambit.read_nfg(path)
    result = gambit.nash.enumpoly_solve(g, stop_after=None)
    conn.send(
        [[[float(eq[s]) for s in p.strategies] for p in g.players] for eq in result.equilibria]
    )
    conn.close()


@functools.cache
def gambit_enumpoly(gambit, path: Path) -> tuple[tuple[np.ndarray, ...], ...]:
    """pygambit's enumpoly_solve on the file, repeats removed. It runs in a forked child, so a
    game on which it never finishes (see GAMBIT_HANGS) fails the test instead of hanging it."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_enumpoly_child, args=(gambit, str(path), send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(GAMBIT_TIMEOUT):
            pytest.fail(
                f"pygambit's enumpoly_solve did not finish on {path.name}: record it in "
                "GAMBIT_HANGS with the reason"
            )
        equilibria = receive.recv()
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    out: list[tuple[np.ndarray, ...]] = []
    for eq in equilibria:
        profile = tuple(np.array(s) for s in eq)
        if not contains(out, profile):
            out.append(profile)
    return tuple(out)


def proven_exact(game, profile) -> bool:
    """An exact equilibrium is at `profile`: either its rational rounding (denominators up to
    10**6) is one, checked in rational arithmetic, or Newton's method at 50 digits on its
    support system moves less than 1e-9 and ends with regret below 1e-40."""
    rational = [[Fraction(float(x)).limit_denominator(10**6) for x in s] for s in profile]
    if all(sum(s) == 1 for s in rational) and same(rational, profile, 1e-12):
        if verify_exact(game, rational):
            return True
    moved, regret, smallest = refined_regret(game, profile)
    return moved < 1e-9 and abs(regret) < 1e-40 and smallest > 0


def pure_profiles(profiles) -> set[tuple[int, ...]]:
    return {
        tuple(int(np.argmax(s)) for s in p)
        for p in profiles
        if all(np.isclose(np.max(s), 1.0, rtol=0, atol=1e-12) for s in p)
    }


# ----------------------------------------------------------------- solving
@functools.cache
def two_player_answer(path: Path, reduce: bool):
    return solve(ours(path), method="enummixed", exact=True, reduce=reduce)


@functools.cache
def nplayer_answer(path: Path):
    return nplayer_equilibria(ours(path), TOL)


@pytest.mark.parametrize("path", PARAMS)
def test_solved_as_gambit_solves(gambit, path):
    game = ours(path)
    if game.n_players == 2:
        _check_two_players(gambit, path)
    else:
        _check_nplayer(gambit, path)


def _check_two_players(gambit, path: Path) -> None:
    """Exactly pygambit's extreme equilibria, as rationals, with and without our reductions."""
    game = ours(path)
    theirs = gambit_enummixed(gambit, path)
    assert theirs
    for reduce in (False, True):
        result = two_player_answer(path, reduce)
        assert result.complete
        found = [eq.exact for eq in result.equilibria]
        assert len(set(found)) == len(found)
        assert sorted(found) == sorted(theirs), f"reduce={reduce}"
        for eq in result.equilibria:
            assert eq.regret <= TOL * game.payoff_range
            assert verify_exact(game, eq.exact)
        assert pure_profiles(eq.strategies for eq in result.equilibria) == set(
            game.pure_equilibria(TOL)
        )


def _check_nplayer(gambit, path: Path) -> None:
    game = ours(path)
    sol = nplayer_answer(path)
    assert sol.profiles
    assert_verified(game, sol.profiles)
    assert pure_profiles(sol.profiles) == set(game.pure_equilibria(TOL))
    assert sol.complete == (not sol.singular)
    assert sol.complete or sol.reason
    if path.stem in GAMBIT_HANGS:  # pragma: no cover - no shipped file is listed
        return
    theirs = gambit_enumpoly(gambit, path)
    assert theirs
    assert_verified(game, theirs)  # pygambit's answers are equilibria too
    assert [p for p in theirs if not contains(sol.profiles, p)] == []
    extra = [p for p in sol.profiles if not contains(theirs, p)]
    assert len(sol.profiles) == len(theirs) + len(extra)
    assert len(extra) == GAMBIT_MISSES.get(path.stem, 0), "update GAMBIT_MISSES"
    for profile in extra:
        assert proven_exact(game, profile), [np.round(s, 6).tolist() for s in profile]


# ----------------------------------------------------------------- what the titles say
# (title fragment, number of equilibria, number of them pure or None when not stated). For
# two players the count is of extreme equilibria (what enummixed lists).
STATED: dict[str, tuple[str, int, int | None]] = {
    "2x2": ("with unique mixed equilibrium", 1, 0),
    "2x2a": ("with unique mixed equilibrium", 1, 0),
    "2x2const": ("with unique mixed equilibrium", 1, 0),
    "2x2x2": ("with 9 Nash equilibria, 2 totally mixed", 9, 4),
    "2x2x2x2": ("with 3 Nash equilibria", 3, None),
    "2x2x2x2x2": ("with five equilibria", 5, None),
    "3x3x3": ("with five equilibria (two pure)", 5, 2),
    "8x8": ("with 5 equilibria (3 pure)", 5, 3),
    "coord2": ("with 3 Nash equilibria", 3, 2),
    "coord3": ("with 7 Nash equilibria", 7, 3),
    "coord4": ("with 15 Nash equilibria", 15, 4),
    "g1": ("with no pure, 1 totally mixed", 1, 0),
    "g2": ("with no pure, and one mixed equilibrium", 1, 0),
    "g3": ("with no pure, and five mixed equilibria", 5, 0),
    "stengel": ("with 75 equilibria", 75, None),
    "winkels": ("with 12 extreme equilibria", 12, None),
}


@pytest.mark.parametrize("name", sorted(STATED))
def test_counts_stated_in_titles(name):
    """Where a file's title says how many equilibria there are, that is how many we find (and
    our answer is complete). pygambit's enumpoly finds 4 of the five in 2x2x2x2x2, 3x3x3 and
    g3."""
    path = DATA / f"{name}.nfg"
    fragment, count, pure = STATED[name]
    game = ours(path)
    assert fragment in game.title
    if game.n_players == 2:
        profiles = [eq.strategies for eq in two_player_answer(path, False).equilibria]
    else:
        sol = nplayer_answer(path)
        assert sol.complete
        profiles = list(sol.profiles)
    assert len(profiles) == count
    if pure is not None:
        assert len(pure_profiles(profiles)) == pure
    if name == "2x2x2":  # "2 totally mixed"
        assert sum(all(np.min(s) > 0 for s in p) for p in profiles) == 2


@pytest.mark.parametrize("name", ["csg1", "csg2", "csg3", "csg4"])
def test_continua_stated_in_titles(name):
    """The constant-sum games whose titles say "a continuum of equilibria": the extreme
    equilibria come in Nash subsets (pairs that combine into equilibria), and a midpoint of
    two of them is an equilibrium too."""
    path = DATA / f"{name}.nfg"
    game = ours(path)
    assert "continuum of equilibria" in game.title
    result = two_player_answer(path, False)
    assert result.degenerate
    subset = max(result.nash_subsets, key=len)
    assert len(subset) >= 2
    a, b = (result.equilibria[k].exact for k in subset[:2])
    middle = [[(x + y) / 2 for x, y in zip(s, t, strict=True)] for s, t in zip(a, b, strict=True)]
    assert verify_exact(game, middle)


def test_nau_continuum_stated_in_title(gambit):
    """2x2x2-nau.nfg: "3 pure, 2 incompletely mixed, and a continuum of completely mixed NE".
    We return the five isolated ones and say the answer is incomplete, naming the completely
    mixed support profile; pygambit's enumpoly returns the three pure ones."""
    path = DATA / "2x2x2-nau.nfg"
    game = ours(path)
    assert "3 pure, 2 incompletely mixed, and a continuum of completely mixed" in game.title
    sol = nplayer_answer(path)
    assert not sol.complete and sol.singular == (((0, 1), (0, 1), (0, 1)),)
    assert len(sol.profiles) == 5 and len(pure_profiles(sol.profiles)) == 3
    assert len(gambit_enumpoly(gambit, path)) == 3
