"""Seeded fuzzing of the game-tree and type-game surfaces (issue 19): the ``.efg`` reader,
``subgame_perfect`` and ``BayesianGame`` / ``SignalingGame``. Every input either raises
GameError or gives a result that is checked here; every call runs under a time limit."""

from __future__ import annotations

import contextlib
import signal
from fractions import Fraction

import pytest
from helpers import random_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import GameError, solve, verify
from gametheory.equilibrium import verify_exact
from gametheory.extensive import (
    ExtensiveGame,
    profile_of,
    reduced_normal_form,
    subgame_perfect,
)
from gametheory.io import format_efg, parse_efg

SECONDS = 20
"""Time limit of one call (generous: the machine may be loaded; a hang is what it catches)."""

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextlib.contextmanager
def time_limit(seconds: int = SECONDS):
    """Fail the call (not hang the suite) if it runs longer than `seconds`."""

    def expired(signum, frame):
        raise TimeoutError(f"call took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check_spe(game: ExtensiveGame) -> None:
    """subgame_perfect's answer, checked: each listed SPE is a Nash equilibrium of the
    reduced strategic form in exact arithmetic, with the payoffs it states."""
    try:
        result = subgame_perfect(game, max_list=20)
    except GameError as err:
        assert str(err).startswith("subgame_perfect(): ")
        return
    assert result.count >= len(result.equilibria) >= min(result.count, 1)
    assert {tuple(e.payoffs) for e in result.equilibria} <= set(result.payoff_set)
    try:
        form = reduced_normal_form(game)
    except GameError:
        return  # too large to cross-check
    for eq in result.equilibria:
        if not eq.is_pure or "*" in eq.moves.values():
            continue
        profile = profile_of(game, eq.moves)  # a reduced strategy index per player
        exact = [
            [Fraction(int(k == a)) for k in range(n)]
            for a, n in zip(profile, form.shape, strict=True)
        ]
        assert verify_exact(form, exact), eq.moves


# ----------------------------------------------------------------------------- .efg reader
SEEDS = [format_efg(random_tree(seed, ties=bool(seed % 2))) for seed in range(6)]
PIECES = [
    " ",
    "\n",
    '"',
    "{",
    "}",
    ",",
    "p",
    "c",
    "t",
    "0",
    "1",
    "2",
    "-1",
    "1/2",
    "1/0",
    "1e999",
    "9" * 50,
    '"a"',
    '"a" "a"',
    "\ufeff",
    "\\",
    "EFG 2 R",
]


@st.composite
def mutated_efg(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(PIECES))
        span = draw(st.integers(1, 8))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + span :]
        else:
            text = text[:at] + piece + text[at + span :]
    return text


@FUZZ
@given(mutated_efg())
def test_efg_reader_and_spe_refuse_or_answer_correctly(text):
    with time_limit():
        try:
            game = parse_efg(text, source="f.efg")
        except GameError as err:
            message = str(err)
            assert message.startswith("parse_efg(): f.efg line ") or message.startswith(
                "ExtensiveGame(): "
            ), message
            assert len(message) < 600  # user text in messages is clipped
            return
        _check_spe(game)


# ----------------------------------------------------------------------------- subgame_perfect
@FUZZ
@given(
    st.integers(0, 2**32 - 1),
    st.lists(st.integers(-15, 15), min_size=3, max_size=3),
)
def test_spe_is_invariant_to_rescaling_each_players_payoffs(seed, powers):
    """Multiplying a player's payoffs by a positive factor changes no one's choices: the SPE
    (and their count) must not move, however large or small the factor (ties were once
    judged on the scale of the whole tree)."""
    with time_limit():
        game = random_tree(seed, ties=True)
        base = subgame_perfect(game)
        scale = [Fraction(10) ** k for k in powers[: game.n_players]]
        scaled = ExtensiveGame(_rescaled(game, scale), game.players)
        again = subgame_perfect(scaled)
        assert again.count == base.count
        assert sorted(map(_key, again.equilibria)) == sorted(map(_key, base.equilibria))
        _check_spe(scaled)


def _key(eq):
    return tuple(sorted(eq.moves.items()))


def _rescaled(game: ExtensiveGame, scale):
    import sympy as sp

    from gametheory.extensive import outcome

    repl = {}
    for k, node in enumerate(game.nodes):
        if node.kind == "terminal":
            pays = [
                sp.Rational(v) * sp.Rational(s.numerator, s.denominator)
                for v, s in zip(node.payoffs, scale, strict=True)
            ]
            repl[k] = outcome(*pays, label=node.label)
    return game.subtree(0, repl)


# ----------------------------------------------------------------------------- type games
NUMBERS = st.one_of(
    st.integers(-3, 3),
    st.fractions(min_value=-2, max_value=2, max_denominator=5),
    st.floats(-2, 2, allow_nan=False),
)
PRIORS = st.one_of(
    st.fractions(min_value=0, max_value=1, max_denominator=8),
    st.sampled_from([Fraction(-1, 2), Fraction(3, 2), 0, 1, 0.5, float("nan"), float("inf")]),
)


@FUZZ
@given(PRIORS, st.lists(NUMBERS, min_size=16, max_size=16))
def test_bayesian_game_refuses_or_gives_verified_equilibria(q, pays):
    from gametheory.bayesian import BayesianGame

    def payoff(types, actions):
        k = 8 * (types[0] == "x") + 4 * (actions[0] == "a") + 2 * (actions[1] == "b")
        return pays[k], pays[k + 1]

    with time_limit():
        try:
            game = BayesianGame(
                ["A", "B"],
                [["x", "y"], ["z"]],
                [["a", "b"], ["a", "b"]],
                {("x", "z"): q, ("y", "z"): 1 - q},
                payoff,
            )
            form = game.ex_ante_form().at()
        except GameError as err:
            assert str(err).startswith(("BayesianGame(): ", "SymbolicGame")), str(err)
            return
        assert 0 <= q <= 1
        for eq in solve(form).equilibria:
            assert verify(form, eq.strategies)


@FUZZ
@given(PRIORS, st.lists(NUMBERS, min_size=12, max_size=12))
def test_signaling_game_refuses_or_gives_verified_equilibria(q, pays):
    from gametheory.bayesian import SignalingGame, perfect_bayesian

    u = iter(pays)
    types, acts, msgs = ["s", "w"], ["a", "b"], ["m", "n"]
    sender = {t: {a: next(u) for a in acts} for t in types}
    receiver = {t: {a: next(u) for a in acts} for t in types}
    cost = {t: {m: abs(next(u)) for m in msgs} for t in types}
    with time_limit():
        try:
            game = SignalingGame(types, {"s": q, "w": 1 - q}, msgs, acts, sender, receiver, cost)
            form = game.strategic_form().at()
        except GameError as err:
            assert str(err).startswith(("SignalingGame(): ", "SymbolicGame")), str(err)
            return
        assert 0 <= q <= 1
        for eq in solve(form).equilibria:
            assert verify(form, eq.strategies)
        try:
            pbe = perfect_bayesian(game)
        except GameError as err:
            assert str(err).startswith("perfect_bayesian(): ")
            return
        assert all(
            e.kind in ("pooling", "separating", "hybrid", "semi-separating") for e in pbe.equilibria
        )


@pytest.mark.parametrize("seconds", [1])
def test_time_limit_fires(seconds):
    import time

    with pytest.raises(TimeoutError), time_limit(seconds):
        time.sleep(5)
