"""Helpers shared by the test modules: seeded random games and trees, published games,
profile comparisons and pygambit bridges.

The one module test files import helpers from: a test module never imports another test module
(tests/test_suite_shape.py checks). Helpers that need pygambit take the module as their first
argument, from the ``gambit`` fixture (tests/conftest.py), so nothing here imports it and the
suite collects without it.
"""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

from gametheory import Game
from gametheory.extensive import ExtensiveGame, chance, move, outcome

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------ model scripts and the CLI
def _subprocess(command: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, not an installed copy
    return subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=600,
    )


def _in_process(main, command: list[str], argv: tuple[str, ...]) -> subprocess.CompletedProcess:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse's usage errors
            code = 0 if exit_.code is None else exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(command, code, out.getvalue(), err.getvalue())


def run_script(
    path: Path | str, *argv: str, in_subprocess: bool = False
) -> subprocess.CompletedProcess:
    """Run a ``models/`` script as ``python PATH ARGV...`` would; stdout and stderr captured.

    By default its ``main(argv)`` runs in this process: the same argument parsing, analysis,
    output and exit status, without a new interpreter that imports numpy, scipy and the
    package and compiles the numba kernels again (seconds per call). What only a real process
    shows (the ``if __name__ == "__main__"`` block: the SIGINT handler, ``SystemExit`` of the
    status) is covered by one ``in_subprocess=True`` run per script.
    """
    if in_subprocess:
        return _subprocess([str(path), *argv])
    namespace = runpy.run_path(str(path))  # not as __main__: main() is called below
    return _in_process(namespace["main"], [str(path), *argv], argv)


def run_cli(*argv: str, in_subprocess: bool = False) -> subprocess.CompletedProcess:
    """``python -m gametheory ARGV...``: in this process through ``gametheory.cli.main`` by
    default, in a real one (``in_subprocess=True``) for the tests of the command-line path
    itself (one per command is enough; see :func:`run_script`)."""
    if in_subprocess:
        return _subprocess(["-m", "gametheory", *argv])
    from gametheory.cli import main

    return _in_process(main, ["gametheory", *argv], argv)


# -------------------------------------------------------------------- normal-form games


def random_bimatrix(seed: int, kind: str, m: int, n: int) -> Game:
    """A seeded random game.

    kind: "int-ties" (payoffs in -3..3: many ties, often degenerate), "int-wide" (in -100..99:
    almost surely nondegenerate) or "quarter" (floats on a 0.25 grid: exact in binary, with ties).
    """
    rng = np.random.default_rng(seed)
    if kind == "int-ties":
        A, B = rng.integers(-3, 4, (2, m, n))
    elif kind == "int-wide":
        A, B = rng.integers(-100, 100, (2, m, n))
    elif kind == "quarter":
        A, B = rng.integers(-8, 9, (2, m, n)) / 4.0
    else:  # pragma: no cover - a typo in a test
        raise ValueError(kind)
    return Game.from_bimatrix(A, B)


def random_game(shape: tuple[int, ...], seed: int, kind: str) -> Game:
    """Integer payoffs: "wide" in -100..99 (ties unlikely), "ties" in -2..2 (many ties)."""
    rng = np.random.default_rng([seed, len(shape), int(np.prod(shape))])
    lo, hi = (-100, 100) if kind == "wide" else (-2, 3)
    return Game(list(rng.integers(lo, hi, (len(shape), *shape))))


def catalog(gambit, name: str) -> Game:
    """A game of pygambit's catalog of published games, in exact rationals."""
    g = gambit.catalog.load(name)
    as_fraction = np.vectorize(lambda x: Fraction(str(x)), otypes=[object])
    return Game([as_fraction(a) for a in g.to_arrays()])


# ----------------------------------------------------------------------------- profiles

TOL = 1e-9
"""Regret bound (relative to the payoff range) for an equilibrium of the n-player tests."""


def close_profiles(a, b, tol: float = 1e-7) -> bool:
    return all(
        np.max(np.abs(np.asarray(x, float) - np.asarray(y, float))) <= tol
        for x, y in zip(a, b, strict=True)
    )


def same(a, b, tol: float = 1e-6) -> bool:
    return all(np.max(np.abs(np.subtract(x, y))) <= tol for x, y in zip(a, b, strict=True))


def contains(profiles, profile) -> bool:
    return any(same(profile, p) for p in profiles)


def assert_verified(game: Game, profiles) -> None:
    for p in profiles:
        assert game.regret(p) <= TOL * game.payoff_range


def refined_regret(game: Game, profile, digits: int = 50):
    """Newton's method in `digits`-digit arithmetic (mpmath) on the indifference equations of
    the profile's supports, from the profile; returns (distance moved, regret there, smallest
    probability). A tiny regret at 50 digits shows an exact equilibrium is there: floating-
    point noise cannot pass that test."""
    import mpmath

    mpmath.mp.dps = digits
    supports = [np.flatnonzero(np.asarray(x) > 1e-9) for x in profile]
    pay = [
        np.vectorize(lambda f: mpmath.mpf(f.numerator) / f.denominator, otypes=[object])(p)
        for p in game.exact_payoffs()
    ]
    sizes = [len(s) for s in supports]

    def strategies(z):
        out, k = [], 0
        for i, s in enumerate(supports):
            x = [mpmath.mpf(0)] * game.shape[i]
            for a in s:
                x[a] = z[k]
                k += 1
            out.append(x)
        return out

    def values(x, i):
        v = [mpmath.mpf(0)] * game.shape[i]
        for idx in np.ndindex(*game.shape):
            w = mpmath.mpf(1)
            for j, a in enumerate(idx):
                if j != i:
                    w *= x[j][a]
            v[idx[i]] += w * pay[i][idx]
        return v

    def equations(*z):
        x = strategies(z)
        out = []
        for i, s in enumerate(supports):
            v = values(x, i)
            out += [v[a] - v[s[0]] for a in s[1:]] + [sum(x[i]) - 1]
        return out

    start = [mpmath.mpf(float(profile[i][a])) for i, s in enumerate(supports) for a in s]
    z = mpmath.findroot(equations, start)
    z = [z[k] for k in range(sum(sizes))]
    x = strategies(z)
    regret = max(
        max(v) - sum(p * q for p, q in zip(x[i], v, strict=True))
        for i, v in ((i, values(x, i)) for i in range(game.n_players))
    )
    moved = max(abs(a - b) for a, b in zip(z, start, strict=True))
    return float(moved), regret, min(z)


# ----------------------------------------------------------------------------- pygambit


def gambit_enummixed(gambit, game: Game) -> list[tuple[tuple[Fraction, ...], ...]]:
    """pygambit's extreme equilibria in exact rationals, duplicates removed.

    Gambit's enummixed can list the same equilibrium twice in degenerate games (it pairs
    bases, not vertices), so repeats are dropped before comparing.
    """
    A, B = (
        np.vectorize(lambda f: gambit.Rational(f.numerator, f.denominator), otypes=[object])(p)
        for p in game.exact_payoffs()
    )
    g = gambit.Game.from_arrays(A, B)
    result = gambit.nash.enummixed_solve(g, rational=True)
    out = []
    for eq in result.equilibria:
        profile = tuple(
            tuple(Fraction(str(eq[s])) for s in player.strategies) for player in g.players
        )
        if profile not in out:
            out.append(profile)
    return out


# ----------------------------------------------------------------- extensive-form games


def random_tree(seed: int, ties: bool) -> ExtensiveGame:
    """A seeded random perfect-information tree: 2-3 players, up to 6 decision nodes, some
    chance nodes. `ties`: integer payoffs in -2..2 (many ties); else generic normal draws."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 4))
    budget = [int(rng.integers(1, 7))]

    def pay():
        if ties:
            return [int(v) for v in rng.integers(-2, 3, n)]
        return [float(v) for v in rng.normal(size=n)]

    def build(depth: int):
        if budget[0] <= 0 or (depth > 0 and rng.random() < 0.25):
            return outcome(*pay())
        budget[0] -= 1
        arity = int(rng.integers(2, 4))
        kids = [build(depth + 1) for _ in range(arity)]
        if depth > 0 and rng.random() < 0.2:
            weights = rng.integers(1, 5, arity)
            probs = [Fraction(int(w), int(weights.sum())) for w in weights]
            return chance(
                {f"c{k}": (p, c) for k, (p, c) in enumerate(zip(probs, kids, strict=True))}
            )
        player = f"P{int(rng.integers(n))}"
        return move(player, {f"a{k}": c for k, c in enumerate(kids)})

    return ExtensiveGame(build(0), [f"P{i}" for i in range(n)])


def chain_store(markets: int) -> ExtensiveGame:
    """Selten's (1978) chain store: entrant k decides in market k, the monopolist answers.

    Stage payoffs (entrant, monopolist): Out (1, 5), In and fight (0, 0), In and share (2, 2).
    """
    players = ["Monopolist"] + [f"E{k + 1}" for k in range(markets)]

    def stage(k: int, totals: list[int]):
        if k == markets:
            return outcome(*totals)

        def add(entrant: int, monopolist: int):
            t = list(totals)
            t[0] += monopolist
            t[k + 1] += entrant
            return t

        return move(
            f"E{k + 1}",
            {
                "Out": stage(k + 1, add(1, 5)),
                "In": move(
                    "Monopolist",
                    {"Fight": stage(k + 1, add(0, 0)), "Share": stage(k + 1, add(2, 2))},
                ),
            },
        )

    return ExtensiveGame(stage(0, [0] * (markets + 1)), players)


def centipede(stages: int) -> ExtensiveGame:
    """McKelvey & Palfrey's (1992) centipede: the pot doubles each pass, the taker gets 80%."""
    pot = Fraction(1, 2)
    # built from the last stage back, so long games need no recursion
    big, small = Fraction(4, 5) * pot * 2**stages, Fraction(1, 5) * pot * 2**stages
    pays = [big, big]
    pays[(stages - 1) % 2] = small  # the last passer gets the small share
    node = outcome(*pays)
    for t in range(stages - 1, -1, -1):
        mover = t % 2
        take = [Fraction(1, 5) * pot * 2**t] * 2
        take[mover] = Fraction(4, 5) * pot * 2**t
        node = move(str(mover + 1), {"Take": outcome(*take), "Pass": node})
    return ExtensiveGame(node, ["1", "2"])
