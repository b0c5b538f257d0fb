"""Gambit .efg files: ours against pygambit's reader and writer, errors, and the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
from helpers import centipede, chain_store, random_tree

from gametheory import GameError
from gametheory.cli import main
from gametheory.deterrence.credibility import entry_game, mutual_deterrence
from gametheory.deterrence.trust import costly_reassurance
from gametheory.extensive import (
    ExtensiveGame,
    chance,
    move,
    outcome,
    reduced_normal_form,
    reduced_strategies,
    subgame_perfect,
)
from gametheory.io import format_efg, load, parse_efg, parse_nfg, read_efg, write_efg


# ----------------------------------------------------------------------------- helpers
def to_pygambit(gambit, tree: ExtensiveGame):
    """Build `tree` with pygambit's own API (not through any file)."""
    g = gambit.Game.new_tree(players=list(tree.players), title=tree.title or "untitled")
    made: dict[str, object] = {}
    stack = [(0, g.root)]
    count = 0
    while stack:
        k, gnode = stack.pop()
        node = tree.nodes[k]
        if node.kind == "terminal":
            count += 1
            pays = [gambit.Rational(str(Fraction(str(p)))) for p in node.payoffs]
            g.set_outcome(gnode, g.add_outcome(f"o{count}", pays))
            continue
        if node.kind == "chance":
            g.append_move(gnode, g.players.chance, list(node.actions))
            probs = [gambit.Rational(str(Fraction(str(p)))) for p in node.probs]
            g.set_chance_probs(gnode.infoset, probs)
        else:
            label = tree.infosets[tree.node_infoset[k]].label
            if label in made:
                g.append_infoset(gnode, made[label])
            else:
                g.append_move(gnode, node.player, list(node.actions))
                made[label] = gnode.infoset
        for c, gchild in zip(tree.children[k], list(gnode.children), strict=True):
            stack.append((c, gchild))
    return g


def gambit_reduced(gambit, text: str) -> dict[tuple[str, ...], tuple[Fraction, ...]]:
    """pygambit's reduced strategic form of an .efg text: {strategy labels: payoffs}."""
    path_game = gambit.read_efg(_tmp_write(text))
    nf = parse_nfg(path_game.to_nfg())
    exact = nf.exact_payoffs()
    out = {}
    for index in np.ndindex(*nf.shape):
        names = tuple(nf.actions[i][index[i]] for i in range(nf.n_players))
        out[names] = tuple(exact[i][index] for i in range(nf.n_players))
    return out


_TMP: list = []


def _tmp_write(text: str) -> str:
    path = _TMP[0] / f"g{len(list(_TMP[0].iterdir()))}.efg"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture(autouse=True)
def _tmpdir(tmp_path):
    _TMP[:] = [tmp_path]
    yield


def gambit_label(tree: ExtensiveGame, player: int, plan: dict[str, str]) -> str:
    """The label Gambit gives a reduced strategy: one digit (action number, or *) per
    information set of the player, in Gambit's numbering of the sets."""
    own = [h for h in tree.infosets if h.player == player]
    name = tree.players[player]

    def number(position: int, label: str) -> int:
        m = re.fullmatch(re.escape(name) + r":(\d+)", label)
        return int(m.group(1)) if m else position + 1

    ordered = sorted(enumerate(own), key=lambda item: number(*((item[0], item[1].label))))
    if not own:
        return "*"
    return "".join(
        str(h.actions.index(plan[h.label]) + 1) if h.label in plan else "*" for _, h in ordered
    )


def ours_reduced(tree: ExtensiveGame) -> dict[tuple[str, ...], tuple[Fraction, ...]]:
    """Our reduced strategic form keyed by Gambit's strategy labels."""
    nf = reduced_normal_form(tree)
    plans = reduced_strategies(tree)
    exact = nf.exact_payoffs()
    out = {}
    for index in np.ndindex(*nf.shape):
        names = tuple(gambit_label(tree, i, plans[i][index[i]]) for i in range(nf.n_players))
        out[names] = tuple(Fraction(exact[i][index]) for i in range(nf.n_players))
    return out


def same_forms(ours, theirs) -> bool:
    """Same strategy labels and payoffs: exact for rationals; floats, which a file holds as
    their shortest decimal, within 1e-12."""
    if ours.keys() != theirs.keys():
        return False
    return all(
        all(abs(float(a) - float(b)) <= 1e-12 for a, b in zip(ours[k], theirs[k], strict=True))
        for k in ours
    )


def imperfect_tree() -> ExtensiveGame:
    """Chance, an information set across branches, and exact rational payoffs."""
    b = {
        "l": move("B", {"x": outcome(1, -1), "y": outcome(Fraction(1, 3), 2)}, infoset="b"),
        "r": move("B", {"x": outcome(0, 5), "y": outcome(-2, Fraction(7, 2))}, infoset="b"),
    }
    return ExtensiveGame(
        chance(
            {
                "good": (Fraction(1, 3), move("A", b, infoset="a good")),
                "bad": (Fraction(2, 3), move("A", {"stop": outcome(0, 0), **b}, infoset="a bad")),
            }
        ),
        ["A", "B"],
        title="imperfect",
    )


def trees():
    rationals = [random_tree(seed, ties=True) for seed in range(8)]
    return [
        entry_game(),
        centipede(4),
        chain_store(2),
        imperfect_tree(),
        mutual_deterrence().at(),
        costly_reassurance().tree().at(k=1, d=3, p=Fraction(1, 4)),
        *rationals,
    ]


# ----------------------------------------------------------------------------- pygambit
@pytest.mark.parametrize("tree", trees())
def test_pygambit_written_files_read_identically(gambit, tree):
    text = to_pygambit(gambit, tree).to_efg()
    ours = parse_efg(text)
    # same reduced strategic form, payoffs exact, under Gambit's own strategy labels
    assert same_forms(ours_reduced(ours), gambit_reduced(gambit, text))

    # and the same subgame-perfect payoffs as the tree it was built from
    def spe_payoffs(game):
        return sorted(tuple(round(v, 9) for v in e.payoffs) for e in subgame_perfect(game))

    assert spe_payoffs(ours) == spe_payoffs(tree)


@pytest.mark.parametrize("tree", trees())
def test_our_files_read_back_by_pygambit(gambit, tree):
    text = format_efg(tree)
    assert same_forms(ours_reduced(tree), gambit_reduced(gambit, text))
    again = parse_efg(text)

    def floats(game):  # floats are written as their shortest decimal and read back exactly
        return {k: tuple(map(float, v)) for k, v in game.terminal_payoffs().items()}

    assert floats(again) == floats(tree)
    assert again.infoset_labels == tree.infoset_labels
    labels = [n.label for n in tree.nodes]
    if all(labels.count(x) == 1 for x in labels if x):
        assert [n.label for n in again.nodes] == labels
    else:  # repeated labels are numbered, as Gambit requires unique ones
        assert "conflict_2" in [n.label for n in again.nodes]


def test_outcomes_on_inner_nodes_add_up(gambit):
    # Gambit adds the outcomes along a path; a node's outcome is paid at every leaf below it
    text = """EFG 2 R "sum" { "A" "B" } ""
p "" 1 1 "" { "a" "b" } 1 "entry fee" { -1, 1 }
t "" 2 "" { 3, 0 }
t "" 0
"""
    game = parse_efg(text)
    assert list(game.terminal_payoffs().values()) == [
        (Fraction(2), Fraction(1)),
        (Fraction(-1), Fraction(1)),
    ]
    assert ours_reduced(game) == gambit_reduced(gambit, text)  # exact


def test_write_and_read_files(tmp_path):
    path = tmp_path / "entry.efg"
    write_efg(entry_game(), path)
    assert read_efg(path).terminal_payoffs() == entry_game().terminal_payoffs()
    nf = load(path)  # io.load gives the reduced strategic form
    assert nf.actions == (("Out", "In"), ("Fight", "Accommodate"))


def test_symbolic_tree_cannot_be_written():
    with pytest.raises(GameError, match=r"format_efg\(\): the game has parameters"):
        format_efg(mutual_deterrence())


MALFORMED = [
    ("NFG 1 R", 1, "expected the header 'EFG 2 R'"),
    ('EFG 2 R "t" { "A" }\n""\np "" 2 1 "" { "a" } 0\nt "" 0', 3, "player number 2 is not in 1..1"),
    ('EFG 2 R "t" { "A" }\n""\np "" 1 1 "" { "a" "b" } 0\nt "" 0', 4, "ends before the tree"),
    ('EFG 2 R "t" { "A" }\n""\nt "" 0\nt "" 0', 4, "after the tree is complete"),
    ('EFG 2 R "t" { "A" }\n""\nt "" 1 "" { 1, 2 }', 3, "outcome 1 has 2 payoffs, expected 1"),
    ('EFG 2 R "t" { "A" }\n""\nc "" 1 "" { "h" x "t" 1/2 } 0', 3, "the probability of 'h'"),
    ('EFG 2 R "t" { "A" }\n""\nq "" 0', 3, "expected a node line starting p, c or t"),
    ('EFG 2 R "t" { "A" }\n""\np "" 1 1 "" 0', 3, "first used without its actions"),
    ('EFG 2 R "t" { "A" }\n""\nt "" 3', 3, "outcome 3 is used before its payoffs"),
    ('EFG 2 R "t" { "A" }\n""\nt "unterminated 0', 3, "unterminated string"),
]


@pytest.mark.parametrize("text, line, message", MALFORMED)
def test_malformed_files_name_the_line(text, line, message):
    with pytest.raises(
        GameError, match=rf"parse_efg\(\): bad.efg line {line}: .*{re.escape(message)}"
    ):
        parse_efg(text, source="bad.efg")


def test_bad_chance_probabilities_are_refused():
    text = 'EFG 2 R "t" { "A" }\n""\nc "" 1 "" { "h" 1/2 "t" 1/3 } 0\nt "" 0\nt "" 0'
    with pytest.raises(GameError, match="sum to 5/6, not 1"):
        parse_efg(text)


# ----------------------------------------------------------------------------- CLI
def run(capsys, *args):
    """The CLI in-process (one subprocess test below checks the real entry point)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_subprocess_spe(tmp_path):
    path = tmp_path / "entry.efg"
    write_efg(entry_game(), path)
    proc = subprocess.run(
        [sys.executable, "-m", "gametheory", "spe", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["equilibria"] == [
        {"moves": {"Entrant": "In", "Incumbent": "Accommodate"}, "payoffs": [1.0, 1.0]}
    ]


def test_cli_solve_efg_json(tmp_path, capsys):
    path = tmp_path / "entry.efg"
    write_efg(entry_game(), path)
    code, out, err = run(capsys, "solve", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["actions"] == [["Out", "In"], ["Fight", "Accommodate"]]
    pure = {
        (tuple(e["strategies"][0]), tuple(e["strategies"][1]))
        for e in data["equilibria"]
        if all(max(s) == 1.0 for s in e["strategies"])
    }
    assert ((1.0, 0.0), (1.0, 0.0)) in pure and ((0.0, 1.0), (0.0, 1.0)) in pure


def test_cli_spe_json(tmp_path, capsys):
    path = tmp_path / "centipede.efg"
    write_efg(centipede(4), path)
    code, out, err = run(capsys, "spe", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["complete"] is True
    assert data["reason"] == "" and data["notes"] == [] and data["converged"] is None
    assert data["equilibria"] == [
        {
            "moves": {"1:1": "Take", "2:1": "Take", "1:2": "Take", "2:2": "Take"},
            "payoffs": [0.4, 0.1],
        }
    ]
    code, out, _ = run(
        capsys, "spe", "builtin:unilateral_deterrence", "--param", "w=0.9", "--param", "c_B=5"
    )
    assert code == 0 and "Defender: Concede" in out
    # backward induction with no ties: one subgame-perfect equilibrium, in the singular
    assert ": 1 subgame-perfect equilibrium\n" in out


def test_cli_errors_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.efg"
    bad.write_text('EFG 2 R "t" { "A" }\n""\np "" 1 1 "" { "a" "b" } 0\nt "" 0\n')
    for args in (["spe", str(bad)], ["solve", str(bad), "--json"]):
        code, out, err = run(capsys, *args)
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "bad.efg line 4" in err
    big = tmp_path / "big.efg"
    wide = ExtensiveGame(
        move(
            "A",
            {f"x{k}": move("B", {"l": outcome(k, 1), "r": outcome(k + 1, 0)}) for k in range(12)},
        ),
        ["A", "B"],
    )
    write_efg(wide, big)
    code, out, err = run(capsys, "solve", str(big))
    assert code == 2 and "has up to 4,096 reduced strategies" in err
    code, out, err = run(capsys, "spe", str(big), "--json")
    assert code == 0
    (only,) = json.loads(out)["equilibria"]  # B takes l everywhere, A the best branch
    assert only["payoffs"] == [11.0, 1.0] and only["moves"]["A"] == "x11"
