"""Extensive-form games: backward induction against brute force, textbook SPE, credibility."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
import pytest
import sympy as sp
from helpers import centipede, chain_store, random_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import GameError, solve
from gametheory.deterrence.credibility import entry_game, mutual_deterrence, unilateral_deterrence
from gametheory.extensive import (
    ExtensiveGame,
    chance,
    credibility,
    move,
    outcome,
    profile_of,
    reduced_normal_form,
    spe_conditions,
    strategy_count_bound,
    subgame_perfect,
)
from gametheory.extensive import reduce as reduce_module
from gametheory.extensive import spe as spe_module
from gametheory.extensive import tree as tree_module


def _value(game: ExtensiveGame, k: int, choice: dict[int, int]) -> np.ndarray:
    """Expected payoffs of the subtree at node k when node j plays child index choice[j]."""
    node = game.nodes[k]
    if node.kind == "terminal":
        return np.array([float(v) for v in node.payoffs])
    if node.kind == "chance":
        return sum(
            float(p) * _value(game, c, choice)
            for p, c in zip(node.probs, game.children[k], strict=True)
        )
    return _value(game, game.children[k][choice[k]], choice)


def brute_force_spe(game: ExtensiveGame) -> set[tuple[tuple[int, str], ...]]:
    """Every pure strategy profile that is a Nash equilibrium in every subgame, by enumerating
    all profiles and, in each subgame, every deviation of every player (no backward induction)."""
    deciders = [k for k, n in enumerate(game.nodes) if n.kind == "decision"]
    arities = [len(game.nodes[k].children) for k in deciders]
    owner = {k: game.nodes[k].player for k in deciders}
    found = set()
    for combo in product(*[range(a) for a in arities]):
        choice = dict(zip(deciders, combo, strict=True))
        ok = True
        for root in deciders:
            inside = [k for k in deciders if root <= k < game.subtree_end[root]]
            base = _value(game, root, choice)
            for i, player in enumerate(game.players):
                mine = [k for k in inside if owner[k] == player]
                for dev in product(*[range(arities[deciders.index(k)]) for k in mine]):
                    alt = {**choice, **dict(zip(mine, dev, strict=True))}
                    if _value(game, root, alt)[i] > base[i] + 1e-9:
                        ok = False
                        break
                if not ok:
                    break
            if not ok:
                break
        if ok:
            found.add(tuple((k, game.nodes[k].actions[choice[k]]) for k in deciders))
    return found


def as_node_moves(game: ExtensiveGame, moves) -> tuple[tuple[int, str], ...]:
    return tuple(
        (h.nodes[0], moves[h.label]) for h in sorted(game.infosets, key=lambda h: h.nodes[0])
    )


# ----------------------------------------------------------------------------- brute force
@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1), st.booleans())
def test_backward_induction_equals_brute_force(seed, ties):
    game = random_tree(seed, ties)
    result = subgame_perfect(game)
    assert result.complete and result.method == "backward induction"
    ours = {as_node_moves(game, e.moves) for e in result.equilibria}
    assert len(ours) == len(result.equilibria)  # each tie-break listed once
    assert ours == brute_force_spe(game)
    if not ties:  # generic payoffs: the SPE is unique (Kuhn 1953)
        assert len(result.equilibria) == 1
    # every SPE is a Nash equilibrium of the reduced normal form, with the same payoffs
    nf = reduced_normal_form(game)
    for eq in result.equilibria:
        profile = profile_of(game, eq.moves)
        assert nf.regret(list(profile)) <= 1e-9 * max(nf.payoff_range, 1)
        assert np.allclose(nf.payoff(list(profile)), eq.payoffs)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
def test_strategy_count_bound_is_exact_under_perfect_information(seed):
    game = random_tree(seed, ties=True)
    assert reduced_normal_form(game).shape == strategy_count_bound(game)


# ----------------------------------------------------------------------------- textbook
def test_entry_game_textbook_spe():
    # Selten (1978): fighting entry is an empty threat; (Out, Fight) is Nash but not perfect
    game = entry_game()
    result = subgame_perfect(game)
    assert [dict(e.moves) for e in result.equilibria] == [
        {"Entrant": "In", "Incumbent": "Accommodate"}
    ]
    nf = reduced_normal_form(game)
    names = {(nf.actions[0][a], nf.actions[1][b]) for a, b in nf.pure_equilibria()}
    assert names == {("Out", "Fight"), ("In", "Accommodate")}


def test_chain_store_paradox_every_entrant_enters():
    game = chain_store(3)
    result = subgame_perfect(game)
    assert len(result.equilibria) == 1
    moves = result.equilibria[0].moves
    assert {m for label, m in moves.items() if label.startswith("E")} == {"In"}
    assert {m for label, m in moves.items() if label.startswith("Monopolist")} == {"Share"}
    assert result.equilibria[0].payoffs == (6.0, 2.0, 2.0, 2.0)


def test_centipede_four_moves_matches_mckelvey_palfrey():
    game = centipede(4)
    # their four-move game's payoffs: 0.40/0.10, 0.20/0.80, 1.60/0.40, 0.80/3.20, 6.40/1.60
    ends = [tuple(float(v) for v in p) for p in game.terminal_payoffs().values()]
    assert ends == [(0.4, 0.1), (0.2, 0.8), (1.6, 0.4), (0.8, 3.2), (6.4, 1.6)]
    result = subgame_perfect(game)
    assert len(result.equilibria) == 1
    assert set(result.equilibria[0].moves.values()) == {"Take"}  # Rosenthal (1981)
    assert result.equilibria[0].payoffs == (0.4, 0.1)


def test_long_centipede_has_no_recursion_limit():
    # a linear centipede of 1500 moves: taking at t pays the mover t + 2 and the other t, the
    # end pays the last passer n and the other n + 3; deeper than Python's recursion limit
    n = 1500
    node = outcome(*([n, n + 3] if (n - 1) % 2 == 0 else [n + 3, n]))
    for t in range(n - 1, -1, -1):
        take = [t, t]
        take[t % 2] = t + 2
        node = move(str(t % 2 + 1), {"Take": outcome(*take), "Pass": node})
    result = subgame_perfect(ExtensiveGame(node, ["1", "2"]))
    assert len(result.equilibria) == 1
    assert set(result.equilibria[0].moves.values()) == {"Take"}
    assert result.equilibria[0].payoffs == (2.0, 0.0)


def test_simultaneous_subgame_combines_every_equilibrium():
    # Out gives (2, 2); In leads to a battle of the sexes with equilibria (A,A) -> (3,1),
    # (B,B) -> (1,3) and the mix A 3/4, A 1/4 -> (3/4, 3/4): three SPE (Fudenberg-Tirole
    # 1991, sec. 3.5-style example)
    bos = {
        "A": move("2", {"A": outcome(3, 1), "B": outcome(0, 0)}, infoset="2"),
        "B": move("2", {"A": outcome(0, 0), "B": outcome(1, 3)}, infoset="2"),
    }
    game = ExtensiveGame(
        move("1", {"Out": outcome(2, 2), "In": move("1", bos, infoset="1 in")}, infoset="1"),
        ["1", "2"],
    )
    result = subgame_perfect(game)
    got = sorted((e.moves["1"], round(e.payoffs[0], 9), round(e.payoffs[1], 9)) for e in result)
    assert got == [("In", 3.0, 1.0), ("Out", 2.0, 2.0), ("Out", 2.0, 2.0)]
    mixed = next(e for e in result if not e.is_pure)
    assert mixed.moves["1 in"] == pytest.approx({"A": 0.75, "B": 0.25})
    assert mixed.moves["2"] == pytest.approx({"A": 0.25, "B": 0.75})
    assert any("3 equilibria" in n for n in result.notes)


# ----------------------------------------------------------------------------- credibility
def test_defender_threat_credibility_condition_is_the_payoff_comparison():
    game = unilateral_deterrence()
    (cond,) = credibility(game, "Defender", "Resist")
    s = {x.name: x for x in game.parameters}
    conflict_b = s["alpha"] * s["c_B"] - s["theta"] * s["c_A"] - s["w"] * (s["c_A"] + s["c_B"])
    assert sp.simplify(cond.margin - (conflict_b + s["b"] + s["v"])) == 0
    # c_B's coefficient is alpha - w: its sign is unknown, so the bound says both cases
    assert "alpha - w" in cond.solve_for("c_B") or "-alpha + w" in cond.solve_for("c_B")


def test_credibility_region_agrees_with_backward_induction():
    game = unilateral_deterrence()
    (cond,) = credibility(game, "Defender", "Resist")
    rng = np.random.default_rng(13)
    checked = 0
    for _ in range(80):
        values = {p.name: float(rng.uniform(0, 3)) for p in game.parameters}
        numeric = game.at(**values)
        margin = float(cond.margin.subs({p: values[p.name] for p in game.parameters}))
        if abs(margin) < 1e-6:
            continue
        moves = {e.moves["Defender"] for e in subgame_perfect(numeric)}
        assert moves == ({"Resist"} if margin > 0 else {"Concede"})
        assert cond.holds(**values) == (margin > 0)
        checked += 1
    assert checked > 60


def test_spe_conditions_hold_exactly_where_the_profile_is_perfect():
    game = mutual_deterrence()
    target = {"A": "SQ", "B": "SQ", "A defends": "Resist", "B defends": "Resist"}
    conditions = spe_conditions(game, target)
    assert len(conditions) == 4
    rng = np.random.default_rng(7)
    for _ in range(50):
        values = {p.name: float(rng.uniform(0, 3)) for p in game.parameters}
        subs = {p: values[p.name] for p in game.parameters}
        margins = [float(c.margin.subs(subs)) for c in conditions]
        if min(abs(m) for m in margins) < 1e-6:
            continue
        found = [dict(e.moves) for e in subgame_perfect(game.at(**values))]
        assert (target in found) == all(m > 0 for m in margins)


def test_symbolic_reduced_form_evaluates_like_the_numeric_tree():
    game = mutual_deterrence()
    values = {"w": 0.9, "c_B": 4.0}
    a = reduced_normal_form(game).at(**values)
    b = reduced_normal_form(game.at(**values))
    assert a.actions == b.actions
    assert all(np.allclose(x, y) for x, y in zip(a.payoffs, b.payoffs, strict=True))
    assert len(solve(b).equilibria) >= 1


# ----------------------------------------------------------------------------- refusals
def test_reduced_form_too_large_is_refused_with_an_estimate():
    # B moves after each of A's 13 actions: 2**13 = 8192 reduced strategies for B
    game = ExtensiveGame(
        move(
            "A", {f"x{k}": move("B", {"l": outcome(k, 0), "r": outcome(k, 1)}) for k in range(13)}
        ),
        ["A", "B"],
    )
    assert strategy_count_bound(game) == (13, 8192)
    with pytest.raises(GameError, match=r"reduced_normal_form\(\): player 'B' has up to 8,192"):
        reduced_normal_form(game)
    (only,) = subgame_perfect(game).equilibria  # the tree itself is still solved
    assert only.moves["A"] == "x12" and only.payoffs == (12.0, 1.0)


def test_many_tied_equilibria_are_counted_not_listed():
    branches = {
        f"c{k}": (Fraction(1, 8), move("A", {"l": outcome(0), "r": outcome(0)})) for k in range(8)
    }
    game = ExtensiveGame(chance(branches), ["A"])
    result = subgame_perfect(game, max_list=100)
    assert result.count == 256 and len(result.equilibria) == 100 and not result.listed_all
    assert result.payoff_set == ((0.0,),)
    assert len({tuple(e.moves.items()) for e in result.equilibria}) == 100
    assert subgame_perfect(game).count == 256 == len(subgame_perfect(game).equilibria)


def test_too_many_distinct_payoff_combinations_are_refused(monkeypatch):
    monkeypatch.setattr(spe_module, "MAX_COMBINATIONS", 100)
    # each branch's subgame has two equilibria with different payoffs for B: 2**8 combinations
    branches = {
        f"c{k}": (Fraction(1, 8), move("A", {"l": outcome(0, 0), "r": outcome(0, 1)}))
        for k in range(8)
    }
    game = ExtensiveGame(chance(branches), ["A", "B"])
    with pytest.raises(GameError, match=r"subgame_perfect\(\): node 0 combines 256 distinct"):
        subgame_perfect(game)


def test_tree_size_limit(monkeypatch):
    monkeypatch.setattr(tree_module, "MAX_NODES", 10)
    with pytest.raises(GameError, match="more than MAX_NODES = 10"):
        centipede(8)
    monkeypatch.setattr(tree_module, "MAX_NODES", 10_000)
    monkeypatch.setattr(reduce_module, "MAX_WORK", 50)
    # the bound overcounts B (its one information set spans A's two branches): 2 x 4 x 7 nodes
    with pytest.raises(GameError, match=r"up to 8 strategy profiles \(2 x 4\), about 56 node"):
        reduced_normal_form(_pair_tree())
    monkeypatch.setattr(reduce_module, "MAX_WORK", 56)
    assert reduced_normal_form(_pair_tree()).shape == (2, 2)


def _pair_tree() -> ExtensiveGame:
    # A and B each choose once, B not seeing A's move: 2 x 2 profiles, 7 nodes
    side = {f"x{k}": outcome(k, -k) for k in range(2)}
    b_moves = {a: move("B", dict(side), infoset="B") for a in ("l", "r")}
    return ExtensiveGame(move("A", b_moves), ["A", "B"])


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: ExtensiveGame(move("C", {"a": outcome(1, 2)}), ["A", "B"]), "not one of the"),
        (lambda: ExtensiveGame(move("A", {"a": outcome(1)}), ["A", "B"]), "has 1 payoffs"),
        (
            lambda: ExtensiveGame(
                chance({"h": (0.5, outcome(1, 1)), "t": (0.4, outcome(0, 0))}), ["A", "B"]
            ),
            "sum to 0.9",
        ),
        (
            lambda: ExtensiveGame(
                move(
                    "A",
                    {
                        "x": move("B", {"l": outcome(0, 0)}, infoset="h"),
                        "y": move("B", {"r": outcome(0, 0)}, infoset="h"),
                    },
                ),
                ["A", "B"],
            ),
            "information set 'h' mixes",
        ),
        (lambda: move("A", {"a": 1}), "not a Node"),
        (lambda: outcome("1"), "the string"),
    ],
)
def test_bad_trees_raise(build, message):
    with pytest.raises(GameError, match=message):
        build()


def test_imperfect_recall_is_refused():
    forget = move("A", {"l": outcome(0, 0), "r": outcome(1, 1)}, infoset="h")
    again = move("A", {"l": outcome(2, 2), "r": outcome(3, 3)}, infoset="h")
    game = ExtensiveGame(move("A", {"x": forget, "y": again}, infoset="first"), ["A", "B"])
    with pytest.raises(GameError, match="lacks perfect recall at information set 'h'"):
        reduced_normal_form(game)
    with pytest.raises(GameError, match="lacks perfect recall"):
        subgame_perfect(game)


def test_symbolic_tree_needs_values_for_subgame_perfect():
    with pytest.raises(GameError, match=r"subgame_perfect\(\): the game has parameters"):
        subgame_perfect(unilateral_deterrence())
    with pytest.raises(GameError, match="unknown parameters"):
        unilateral_deterrence().at(nonsense=1)


def test_docs_examples_run():
    import doctest
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "docs" / "extensive.md"
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    failures, tried = doctest.testfile(str(path), module_relative=False, optionflags=flags)
    assert tried >= 5 and failures == 0


def random_imperfect_tree(seed: int) -> ExtensiveGame:
    """A seeded random two-player tree with simultaneous-move blocks: a node of one player
    whose children are nodes of the other in one information set (the second mover does not
    see the first move), below perfect-information play or chance."""
    rng = np.random.default_rng(seed)
    blocks = [0]

    def leaf():
        return outcome(*[int(v) for v in rng.integers(-3, 4, 2)])

    def block(first: int, depth: int):
        blocks[0] += 1
        second = 1 - first
        label = f"sim{blocks[0]}"
        acts = ["b0", "b1"]
        kids = {
            f"a{k}": move(str(second), {a: build(depth + 1) for a in acts}, infoset=label)
            for k in range(2)
        }
        return move(str(first), kids, infoset=f"{label}-first")

    def build(depth: int):
        if depth >= 2 or rng.random() < 0.5:
            return leaf()
        r = rng.random()
        if r < 0.4:
            return block(int(rng.integers(2)), depth)
        if r < 0.55:
            return chance(
                {"x": (Fraction(1, 3), build(depth + 1)), "y": (Fraction(2, 3), build(depth + 1))}
            )
        return move(str(int(rng.integers(2))), {f"m{k}": build(depth + 1) for k in range(2)})

    return ExtensiveGame(block(0, 0), ["0", "1"])


def _mixed_from_behaviour(game: ExtensiveGame, moves) -> list[np.ndarray]:
    """Kuhn: the mixed strategy over reduced plans that a behaviour profile induces ("*" =
    uniform: that set is unreachable by the player's own play, so any choice will do)."""
    from gametheory.extensive import reduced_strategies

    out = []
    for plans in reduced_strategies(game):
        probs = []
        for plan in plans:
            q = 1.0
            for h, a in plan.items():
                m = moves[h]
                if m == "*":
                    q *= 1 / len(game.infoset(h).actions)
                elif isinstance(m, str):
                    q *= 1.0 if m == a else 0.0
                else:
                    q *= m.get(a, 0.0)
            probs.append(q)
        out.append(np.array(probs))
    return out


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
def test_every_spe_is_a_nash_equilibrium_of_the_reduced_form_with_information_sets(seed):
    game = random_imperfect_tree(seed)
    nf = reduced_normal_form(game)
    result = subgame_perfect(game)
    assert result.equilibria
    for eq in result.equilibria:
        mixed = _mixed_from_behaviour(game, eq.moves)
        assert all(abs(m.sum() - 1) < 1e-9 for m in mixed)
        assert nf.regret(mixed) <= 1e-7 * max(nf.payoff_range, 1)
        assert np.allclose(nf.payoff(mixed), eq.payoffs, atol=1e-7)
