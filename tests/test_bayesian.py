"""Bayesian games and signaling: Kydd's minimum trust, separating ranges, PBE classification."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from gametheory import GameError, minimum_trust, solve
from gametheory.bayesian import BayesianGame, SignalingGame, perfect_bayesian, separating_range
from gametheory.deterrence.trust import (
    costly_reassurance,
    reassurance_range,
    security_dilemma_types,
    spiral_minimum_trust,
)
from gametheory.extensive import reduced_normal_form
from gametheory.games import symmetric_2x2

COOPERATIVE = "seeker:C/expansionist:D"  # seekers cooperate, expansionists defect


def assurance_draws(n: int, seed: int):
    """Random seeker payoffs with R > T_s > P > S and expansionist T_e > R."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        s, p, t_s, r = np.sort(rng.uniform(-5, 5, 4))
        yield {"R": r, "S": s, "P": p, "T_s": t_s, "T_e": r + rng.uniform(0.1, 3)}


# ----------------------------------------------------------------------------- spiral model
def test_minimum_trust_is_kydds_closed_form():
    # Kydd (2005): seekers cooperate iff trust p >= (P - S) / ((R - T) + (P - S)), their
    # assurance game's minimum trust
    R, S, P, T_s = sp.symbols("R S P T_s", real=True)
    assert sp.simplify(spiral_minimum_trust() - (P - S) / ((R - T_s) + (P - S))) == 0


def test_minimum_trust_is_the_complete_information_minimum_trust():
    expr = spiral_minimum_trust()
    for values in assurance_draws(25, seed=1):
        ours = float(expr.subs({s: values[s.name] for s in expr.free_symbols}))
        stag = symmetric_2x2(values["R"], values["S"], values["T_s"], values["P"]).at()
        assert minimum_trust(stag) == pytest.approx((ours, ours), rel=1e-12)


def _has_pure(result, profile_names, game):
    idx = tuple(game.actions[i].index(name) for i, name in enumerate(profile_names))
    return any(e.pure_profile() == idx for e in result.equilibria)


def test_cooperation_among_seekers_is_an_equilibrium_exactly_above_minimum_trust():
    # at p = p* the seeker is indifferent: the profile is a (weak) equilibrium, found
    # within the solver's tolerance
    model = security_dilemma_types()
    expr = spiral_minimum_trust()
    rng = np.random.default_rng(2)
    for _ in range(5):
        s, p, t_s, r = (int(v) for v in np.sort(rng.choice(np.arange(-9, 10), 4, replace=False)))
        values = {"R": r, "S": s, "P": p, "T_s": t_s, "T_e": r + int(rng.integers(1, 4))}
        p_star = Fraction(str(expr.subs({x: values[x.name] for x in expr.free_symbols})))
        step = Fraction(1, 20)
        for q, expected in ((p_star - step, False), (p_star, True), (p_star + step, True)):
            if not 0 < q < 1:
                continue
            game = model.ex_ante_form().at(**values, p=float(q))
            found = _has_pure(solve(game), (COOPERATIVE, COOPERATIVE), game)
            assert found == expected, (values, q)


def test_interim_gains_match_ex_ante_regret():
    model = security_dilemma_types()
    values = {"R": 3, "S": 0, "P": 1, "T_s": 2, "T_e": 5, "p": 0.4}
    gains = model.interim_gains([("C", "D"), ("C", "D")])
    numeric = {
        k: float(v.subs({s: values[s.name] for s in v.free_symbols})) for k, v in gains.items()
    }
    # p = 0.4 < 1/2: a seeker gains by defecting, an expansionist never by cooperating
    assert numeric[("A", "seeker", "D")] == pytest.approx(0.4 * (2 - 3) + 0.6 * (1 - 0))
    assert numeric[("A", "expansionist", "C")] < 0
    game = model.ex_ante_form().at(**values)
    x = game.actions[0].index(COOPERATIVE)
    assert game.regret([x, x]) == pytest.approx(0.4 * 0.2)  # prior times interim gain


def test_agent_form_has_the_same_pure_equilibria():
    model = security_dilemma_types()
    values = {"p": 0.7}
    ex_ante = model.ex_ante_form().at(**values)
    agents = model.agent_form().at(**values)
    assert agents.players == ("A|seeker", "A|expansionist", "B|seeker", "B|expansionist")
    from_agents = {
        tuple(
            "/".join(
                f"{t}:{agents.actions[2 * i + j][prof[2 * i + j]]}"
                for j, t in enumerate(("seeker", "expansionist"))
            )
            for i in range(2)
        )
        for prof in agents.pure_equilibria()
    }
    from_ex_ante = {
        tuple(ex_ante.actions[i][a] for i, a in enumerate(prof))
        for prof in ex_ante.pure_equilibria()
    }
    assert (
        from_agents
        == from_ex_ante
        == {
            ("seeker:C/expansionist:D",) * 2,
            ("seeker:D/expansionist:D",) * 2,
        }
    )


# ----------------------------------------------------------------------------- signaling
def beer_quiche(strong: float = 0.9) -> SignalingGame:
    """Cho & Kreps (1987): a strong or weak sender has beer or quiche; the receiver duels.

    The sender gets 1 for its preferred breakfast (strong: beer, weak: quiche) and 2 if not
    dueled; the receiver gets 1 for dueling a weak sender or leaving a strong one alone.
    """
    return SignalingGame(
        ["strong", "weak"],
        {"strong": Fraction(str(strong)), "weak": 1 - Fraction(str(strong))},
        ["beer", "quiche"],
        ["duel", "not"],
        sender_payoff={"strong": {"duel": 0, "not": 2}, "weak": {"duel": 0, "not": 2}},
        receiver_payoff={"strong": {"duel": 0, "not": 1}, "weak": {"duel": 1, "not": 0}},
        cost={"strong": {"beer": -1, "quiche": 0}, "weak": {"beer": 0, "quiche": -1}},
    )


def test_beer_quiche_has_two_pooling_equilibria_and_no_separating():
    result = perfect_bayesian(beer_quiche())
    assert result.kinds() == {"pooling"}
    paths = {tuple(sorted(e.sender["strong"])) for e in result.equilibria}
    assert paths == {("beer",), ("quiche",)}
    for e in result.equilibria:
        sent = next(iter(e.sender["strong"]))
        unsent = "quiche" if sent == "beer" else "beer"
        assert e.receiver[sent] == {"not": 1.0}  # on path: belief 0.9 strong, no duel
        # off path the receiver duels, supported by beliefs with P(strong) <= 1/2
        if e.receiver[unsent] == {"duel": 1.0}:
            lo, hi = e.off_path[unsent]
            assert lo == pytest.approx(0, abs=1e-6) and hi == pytest.approx(0.5, abs=1e-6)
        assert e.beliefs[sent] == pytest.approx({"strong": 0.9, "weak": 0.1})


def test_strategic_form_equals_the_reduced_form_of_its_tree():
    game = costly_reassurance()
    values = {"k": 1.25, "d": 2.5, "p": 0.3}
    direct = game.strategic_form().at(**values)
    via_tree = reduced_normal_form(game.tree()).at(**values)

    def table(g, rename):
        return {
            tuple(rename(i, g.actions[i][a]) for i, a in enumerate(idx)): tuple(
                float(g.payoffs[i][idx]) for i in range(2)
            )
            for idx in np.ndindex(*g.shape)
        }

    def from_tree(i, name):  # "gesture/none" over A|seeker, A|expansionist -> "seeker:gesture/..."
        kinds = ("seeker", "expansionist") if i == 0 else ("gesture", "none")
        return "/".join(f"{t}:{m}" for m, t in zip(name.split("/"), kinds, strict=True))

    a, b = table(direct, lambda i, n: n), table(via_tree, from_tree)
    assert a.keys() == b.keys()
    assert all(np.allclose(a[k], b[k]) for k in a)


def _separates(result) -> bool:
    return any(
        e.kind == "separating"
        and e.sender == {"seeker": {"gesture": 1.0}, "expansionist": {"none": 1.0}}
        for e in result.equilibria
    )


def test_separating_range_matches_the_strategic_form_inside_on_and_outside():
    model = costly_reassurance()
    found = reassurance_range(model)
    rng = np.random.default_rng(5)
    cases = [dict(model.defaults)]
    for _ in range(5):
        s, p, r = np.sort(rng.uniform(-3, 3, 3))
        cases.append(
            {
                "R": r,
                "S": s,
                "P": p,
                "T_e": r + rng.uniform(0.2, 2),
                "d": rng.uniform(0, 4),
                "p": rng.uniform(0.05, 0.95),
            }
        )
    nonempty = 0
    for values in cases:
        subs = {sym: values[sym.name] for sym in model.parameters if sym.name in values}
        lo, hi = float(found.lower.subs(subs)), float(found.upper.subs(subs))
        points = [(lo - 0.3, False), (hi + 0.3, False)]
        if lo <= hi:
            nonempty += 1
            points += [(lo, True), ((lo + hi) / 2, True), (hi, True)]
        for k, inside in points:
            if k < 0:
                continue
            numeric = model.at(**{**values, "k": k})
            assert _separates(perfect_bayesian(numeric)) == inside, (values, k, lo, hi)
            assert found.contains(k, **values) == inside
    assert nonempty >= 3


def test_no_gesture_separates_when_it_costs_both_types_the_same():
    # d = 0: an expansionist values being trusted more (T_e > R), so it always mimics
    found = reassurance_range()
    R, P, T_e, d = (
        next(s for s in costly_reassurance().parameters if s.name == n)
        for n in ("R", "P", "T_e", "d")
    )
    lower = found.lower.subs(d, 0)
    assert sp.simplify(sp.Max(0, T_e - P) - lower) == 0 and found.upper == R - P
    for k in (0.0, 1.0, 2.0, 3.0, 4.5):
        assert not _separates(perfect_bayesian(costly_reassurance().at(d=0, k=k)))


def test_cheap_gesture_gives_the_semi_separating_equilibrium():
    # below the range an expansionist mimics just often enough that B's belief after the
    # gesture is its minimum trust (P - S)/(R - S), and B trusts with the probability
    # (k + d)/(T_e - P) that leaves an expansionist indifferent
    values = {"R": 3, "S": 0, "P": 1, "T_e": 5, "d": 3, "k": 0.5, "p": 0.25}
    result = perfect_bayesian(costly_reassurance().at(**values))
    semi = [e for e in result.equilibria if e.kind == "semi-separating"]
    assert len(semi) == 1
    e = semi[0]
    assert e.beliefs["gesture"]["seeker"] == pytest.approx(1 / 3)
    assert e.receiver["gesture"]["C"] == pytest.approx((0.5 + 3) / (5 - 1))
    assert e.sender["expansionist"]["gesture"] == pytest.approx(2 / 3)


def test_probability_of_trust_in_the_separating_equilibrium_is_the_prior():
    game = costly_reassurance().at(k=1.5, p=0.25)
    (sep,) = [e for e in perfect_bayesian(game).equilibria if e.kind == "separating"]
    assert sep.action_probability(game, "C") == pytest.approx(0.25)
    assert sep.action_probability(game, "D") == pytest.approx(0.75)


# ----------------------------------------------------------------------------- errors
def test_bad_inputs_raise():
    with pytest.raises(GameError, match=r"prior sums to 0\.9"):
        SignalingGame(
            ["a", "b"],
            {"a": 0.5, "b": 0.4},
            ["m"],
            ["x"],
            {"a": {"x": 0}, "b": {"x": 0}},
            {"a": {"x": 0}, "b": {"x": 0}},
            {"a": {"m": 0}, "b": {"m": 0}},
        )
    with pytest.raises(GameError, match="sender_payoff must map"):
        SignalingGame(["a"], {"a": 1}, ["m"], ["x"], {"a": {}}, {"a": {"x": 0}}, {"a": {"m": 0}})
    with pytest.raises(GameError, match=r"perfect_bayesian\(\): the game has parameters"):
        perfect_bayesian(costly_reassurance())
    with pytest.raises(GameError, match="needs as many messages as types"):
        separating_range(
            beer_quiche().__class__(
                ["a", "b"],
                {"a": 0.5, "b": 0.5},
                ["m"],
                ["x"],
                {"a": {"x": 0}, "b": {"x": 0}},
                {"a": {"x": 0}, "b": {"x": 0}},
                {"a": {"m": sp.Symbol("k")}, "b": {"m": 0}},
            ),
            "k",
        )
    with pytest.raises(GameError, match="is not a type profile"):
        BayesianGame(["A"], [["t"]], [["x"]], {("u",): 1}, lambda t, a: [0])
