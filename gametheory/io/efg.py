"""Gambit extensive-form (``.efg``) files: read and write game trees.

Format
------
::

    EFG 2 R "title" { "Player 1" "Player 2" }
    "comment"

    p "node" 1 1 "infoset" { "a" "b" } 0
    c "node" 1 "" { "H" 1/2 "T" 1/2 } 0
    t "node" 1 "outcome" { 3, 1 }

After the header, one line per node in preorder (a node, then each child's subtree in action
order): ``p`` a player's decision node (player number, information-set number per player,
optional set name and action list), ``c`` a chance node (set number, name, actions with
probabilities), ``t`` a terminal node. Each node may carry an outcome: its number, and at its
first use an optional name and payoffs (``0`` is no outcome). As in Gambit, the outcomes on a
path add up: a terminal payoff is the sum of the outcomes of the terminal node and of all its
ancestors. Strings, numbers and label clean-up follow :mod:`gametheory.io.nfg`.

Information sets are labelled by their name when it is non-empty and unique in the file, and
``"player:number"`` otherwise, so moves read back from an unnamed file look like
``{"Entrant:1": "In"}``.

>>> g = parse_efg('''EFG 2 R "entry" { "E" "I" } ""
... p "" 1 1 "" { "Out" "In" } 0
... t "" 1 "" { 0, 2 }
... p "" 2 1 "" { "Fight" "Accommodate" } 0
... t "" 2 "" { -1, -1 }
... t "" 3 "" { 1, 1 }''')
>>> g.infoset_labels
('E:1', 'I:1')
>>> parse_efg(format_efg(g)).terminal_payoffs() == g.terminal_payoffs()
True
"""

from __future__ import annotations

import os
from collections import Counter
from fractions import Fraction
from pathlib import Path

import sympy as sp

from ..errors import GameError, TooLargeError, shown
from ..extensive.tree import MAX_NODES, ExtensiveGame, Node
from ._gambit import _encode, _normalize, _Reader
from ._text import read_text
from .nfg import _number


class _Record:
    __slots__ = ("actions", "infoset", "kind", "label", "line", "outcome", "player", "probs")

    def __init__(self, kind: str, label: str, line: int) -> None:
        self.kind, self.label, self.line = kind, label, line
        self.player = 0
        self.infoset = 0
        self.actions: list[str] | None = None
        self.probs: list[Fraction] | None = None
        self.outcome = 0


def _parse(text: str, source: str, func: str) -> ExtensiveGame:
    r = _Reader(text, source, func)
    title, players = r.header("EFG", "2")
    n = len(players)
    comment = r.take().text if r.peek().kind == "string" else ""

    records: list[_Record] = []
    outcomes: dict[int, list[Fraction]] = {}
    chance_sets: dict[int, tuple[list[str], list[Fraction]]] = {}
    player_sets: dict[tuple[int, int], tuple[list[str], str, int]] = {}
    while r.peek().kind != "eof":
        token = r.take()
        if token.kind != "word" or token.text not in ("p", "c", "t"):
            raise r.error(
                token.line, f"expected a node line starting p, c or t, found {token.describe()}"
            )
        if len(records) >= MAX_NODES:
            raise TooLargeError(
                str(r.error(token.line, f"the tree has more than MAX_NODES = {MAX_NODES} nodes"))
            )
        rec = _Record(token.text, r.expect("string", "the quoted node label").text, token.line)
        if rec.kind == "p":
            rec.player = r.count(r.take(), "a player number")
            if not 1 <= rec.player <= n:
                raise r.error(rec.line, f"player number {rec.player} is not in 1..{n}")
        if rec.kind in ("p", "c"):
            rec.infoset = r.count(r.take(), "an information-set number")
            name = r.take().text if r.peek().kind == "string" else None
            actions, probs = None, None
            if r.peek().kind == "lbrace":
                r.take()
                actions, probs = [], []
                while r.peek().kind == "string":
                    actions.append(r.take().text)
                    if rec.kind == "c":
                        probs.append(r.number(r.take(), f"the probability of {actions[-1]!r}"))
                        if r.peek().kind == "comma":
                            r.take()
                end = r.expect("rbrace", "a quoted action name or '}'")
                if not actions:
                    raise r.error(end.line, "a node needs at least one action, found '{ }'")
                if len(set(actions)) != len(actions):
                    twice = next(a for a, c in Counter(actions).items() if c > 1)
                    raise r.error(
                        rec.line,
                        f"action names at one node must be unique, got {shown(twice)} twice "
                        "(as move() and chance() require)",
                    )
            _infoset(r, rec, name, actions, probs, chance_sets, player_sets)
        rec.outcome = r.count(r.take(), "an outcome number (0 for none)")
        if rec.outcome:
            if r.peek().kind == "string":
                r.take()
            if r.peek().kind == "lbrace":
                opened = r.take()
                values = []
                while r.peek().kind == "word":
                    values.append(r.number(r.take(), "a payoff"))
                    if r.peek().kind == "comma":
                        r.take()
                end = r.expect("rbrace", "a payoff or '}'")
                if len(values) != n:
                    raise r.error(
                        opened.line,
                        f"outcome {rec.outcome} has {len(values)} payoffs, expected {n} "
                        "(one per player)",
                    )
                if rec.outcome in outcomes and outcomes[rec.outcome] != values:
                    raise r.error(end.line, f"outcome {rec.outcome} is defined twice, differently")
                outcomes[rec.outcome] = values
            elif rec.outcome not in outcomes:
                raise r.error(
                    rec.line, f"outcome {rec.outcome} is used before its payoffs are given"
                )
        records.append(rec)
    if not records:
        raise r.error(r.peek().line, "expected the root node (a p, c or t line), found none")
    labels = _infoset_labels(players, player_sets)
    return ExtensiveGame(
        _build(r, records, outcomes, chance_sets, player_sets, labels, players),
        players,
        parameters=(),
        title=title,
        description=comment,
    )


def _infoset(r, rec, name, actions, probs, chance_sets, player_sets) -> None:
    """Record a node's information set; later nodes of a set must repeat its actions or none."""
    if rec.kind == "c":
        key = rec.infoset
        if key not in chance_sets:
            if actions is None:
                raise r.error(rec.line, f"chance set {key} is first used without its actions")
            chance_sets[key] = (actions, probs)
        elif actions is not None and (actions, probs) != chance_sets[key]:
            raise r.error(rec.line, f"chance set {key} is given different actions or probabilities")
        rec.actions, rec.probs = chance_sets[key]
        return
    key = (rec.player, rec.infoset)
    if key not in player_sets:
        if actions is None:
            raise r.error(
                rec.line,
                f"information set {rec.infoset} of player {rec.player} is first used "
                "without its actions",
            )
        player_sets[key] = (actions, name or "", rec.line)
    elif actions is not None and actions != player_sets[key][0]:
        raise r.error(
            rec.line,
            f"information set {rec.infoset} of player {rec.player} is given the actions "
            f"{actions}, but {player_sets[key][0]} on line {player_sets[key][2]}",
        )
    rec.actions = player_sets[key][0]


def _infoset_labels(players, player_sets) -> dict[tuple[int, int], str]:
    names = Counter(v[1] for v in player_sets.values())
    out = {}
    for (p, h), (_, name, _) in player_sets.items():
        unique = name and names[name] == 1
        out[(p, h)] = name if unique else f"{players[p - 1]}:{h}"
    taken = Counter(out.values())
    for key, label in out.items():  # a name that collides with a generated label
        if taken[label] > 1:
            out[key] = f"{players[key[0] - 1]}:{key[1]}"
    return out


def _build(r, records, outcomes, chance_sets, player_sets, labels, players) -> Node:
    """The tree from preorder node records, bottom-up with an explicit stack."""
    n = len(players)
    zero = [Fraction(0)] * n
    # pass 1: how many children each record has, and accumulated outcomes on each path
    arity = [0 if rec.kind == "t" else len(rec.actions or ()) for rec in records]
    built: list[Node] = []
    rationals: dict[Fraction, sp.Rational] = {}  # few distinct payoffs, many terminal nodes
    stack: list[tuple[int, list[Fraction]]] = []  # (record index, payoff sum down to it)
    children: dict[int, list[Node]] = {}
    for k, rec in enumerate(records):
        above = stack[-1][1] if stack else zero
        if not rec.outcome:  # no outcome here: the sum above, unchanged (no Fraction work)
            here = above
        elif above is zero:
            here = outcomes[rec.outcome]
        else:
            here = [a + b for a, b in zip(above, outcomes[rec.outcome], strict=True)]
        if k > 0 and not stack:
            raise r.error(rec.line, "a node after the tree is complete (too many node lines)")
        if rec.kind == "t":
            node = Node("terminal", payoffs=_rationals(here, rationals), label=rec.label)
            _attach(node, stack, children, built)
        else:
            stack.append((k, here))
            children[k] = []
        # close every node whose children are all there
        while stack and len(children[stack[-1][0]]) == arity[stack[-1][0]]:
            j, _ = stack.pop()
            node = _inner(records[j], children.pop(j), labels, players)
            _attach(node, stack, children, built)
    if stack:
        j = stack[-1][0]
        raise r.error(
            records[-1].line,
            f"the file ends before the tree is complete: the node on line {records[j].line} "
            f"has {len(children[j])} of its {arity[j]} children",
        )
    return built[0]


def _rationals(values, cache: dict) -> tuple[sp.Rational, ...]:
    out = []
    for v in values:
        r = cache.get(v)
        if r is None:
            r = cache[v] = sp.Rational(v.numerator, v.denominator)
        out.append(r)
    return tuple(out)


def _attach(node, stack, children, built) -> None:
    if stack:
        children[stack[-1][0]].append(node)
    else:
        built.append(node)


def _inner(rec, kids, labels, players) -> Node:
    if rec.kind == "c":
        probs = tuple(sp.Rational(p.numerator, p.denominator) for p in rec.probs)
        return Node(
            "chance", actions=tuple(rec.actions), children=tuple(kids), probs=probs, label=rec.label
        )
    return Node(
        "decision",
        player=players[rec.player - 1],
        infoset=labels[(rec.player, rec.infoset)],
        actions=tuple(rec.actions),
        children=tuple(kids),
        label=rec.label,
    )


def parse_efg(text: str, source: str = "<string>") -> ExtensiveGame:
    """An :class:`~gametheory.extensive.ExtensiveGame` from the text of a Gambit ``.efg`` file.

    Raises
    ------
    GameError
        ``parse_efg(): <source> line <n>: ...`` for malformed input (never evaluated as code).

    Examples
    --------
    >>> parse_efg('EFG 2 R "x" { "A" } "" p "" 1 1 "" { "a" } 0', source="x.efg")
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: parse_efg(): x.efg line 1: the file ends before the tree ...
    """
    if not isinstance(text, str):
        raise GameError(f"parse_efg(): expected the file text as str, got {type(text).__name__}")
    return _parse(text, source, "parse_efg()")


def read_efg(path: str | os.PathLike[str]) -> ExtensiveGame:
    """Read a Gambit ``.efg`` file (UTF-8) into an ExtensiveGame; see :func:`parse_efg`."""
    text, source = read_text(path, "read_efg()")
    return _parse(text, source, "read_efg()")


def _exact(value: sp.Expr) -> tuple[Fraction, float, bool]:
    if isinstance(value, sp.Rational):
        frac = Fraction(int(value.p), int(value.q))
        return frac, float(frac), True
    approx = float(value)
    return Fraction(approx), approx, False


def _num(value: sp.Expr) -> str:
    frac, approx, exact = _exact(value)
    return _number(frac, approx, exact)


def format_efg(game: ExtensiveGame) -> str:
    """The text of a Gambit ``.efg`` file for a numeric `game`.

    Each terminal node gets its own outcome (named by the node's label when that is unique);
    repeated node labels are made unique as Gambit does (``"x"`` twice: ``"x_1"``, ``"x_2"``),
    since Gambit 16.7 refuses files with repeated node labels;
    information sets are numbered per player in preorder and keep their labels as names;
    numbers are written exactly (integers, ``p/q``) or as the shortest round-tripping decimal.

    Raises
    ------
    GameError
        A game with parameters (call ``.at()``), or a label Gambit's syntax cannot hold.
    """
    func = "format_efg()"
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{func}: expected an ExtensiveGame, got {type(game).__name__}")
    if not game.is_numeric:
        raise GameError(
            f"{func}: the game has parameters {[s.name for s in game.parameters]}; a .efg file "
            "holds numbers only: call .at(...) first"
        )
    number: dict[int, int] = {}
    per_player = [0] * game.n_players
    for h, info in enumerate(game.infosets):
        per_player[info.player] += 1
        number[h] = per_player[info.player]
    term_labels = Counter(n.label for n in game.nodes if n.kind == "terminal")
    lines = [
        f"EFG 2 R {_encode(func, game.title)} {{ "
        + " ".join(_encode(func, p) for p in game.players)
        + " }",
        _encode(func, game.description),
        "",
    ]
    chance_no, outcome_no = 0, 0
    labels = [n.label for n in game.nodes]
    label_counts = Counter(labels)
    repeated = [x for x in labels if x and label_counts[x] > 1]
    if repeated:  # Gambit 16.7 refuses repeated node labels: "x", "x" are written "x_1", "x_2"
        named = _normalize([x for x in labels if x])
        it = iter(named)
        labels = [next(it) if x else "" for x in labels]
    for k, node in enumerate(game.nodes):
        label = _encode(func, labels[k])
        if node.kind == "terminal":
            outcome_no += 1
            name = node.label if node.label and term_labels[node.label] == 1 else ""
            pays = ", ".join(_num(p) for p in node.payoffs)
            lines.append(f"t {label} {outcome_no} {_encode(func, name)} {{ {pays} }}")
        elif node.kind == "chance":
            chance_no += 1
            acts = " ".join(
                f"{_encode(func, a)} {_num(p)}"
                for a, p in zip(node.actions, node.probs, strict=True)
            )
            lines.append(f'c {label} {chance_no} "" {{ {acts} }} 0')
        else:
            h = game.node_infoset[k]
            info = game.infosets[h]
            acts = " ".join(_encode(func, a) for a in info.actions)
            lines.append(
                f"p {label} {info.player + 1} {number[h]} {_encode(func, info.label)} "
                f"{{ {acts} }} 0"
            )
    return "\n".join(lines) + "\n"


def write_efg(game: ExtensiveGame, path: str | os.PathLike[str]) -> None:
    """Write a numeric `game` to a Gambit ``.efg`` file (see :func:`format_efg`)."""
    text = format_efg(game)
    try:
        Path(os.fspath(path)).write_text(text, encoding="utf-8")
    except OSError as err:
        raise GameError(f"write_efg(): cannot write {os.fspath(path)}: {err}") from None
