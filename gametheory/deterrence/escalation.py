"""An escalation ladder: a crisis as a game tree, each step up risking inadvertent war
(docs/escalation.md).

Schelling's "threat that leaves something to chance" (*The Strategy of Conflict*, 1960,
ch. 8) and Powell's brinkmanship (*Nuclear Deterrence Theory*, 1990; "Crisis bargaining,
escalation and MAD", APSR 1987): a bloc need not threaten deliberate war; it threatens to
climb a ladder on which war may come by accident, with a chance that grows with the forces in
play. The model:

* A keeps the status quo ``(0, 0)`` or challenges; the challenge is the first step up.
* Every step up (the challenge, and each "Escalate") is followed by a chance node: war by
  accident with probability ``p = lam (c_A + c_B)`` (it grows with both capabilities; needs
  ``p <= 1``), else the crisis goes on to the next rung.
* Rungs ``1..n`` alternate, B first: the mover backs down or escalates. B backing down concedes
  A's demand: ``(b - r, -(b + v))``; A backing down: ``(-v - r, 0)`` (``v``: what backing down
  costs beyond the stake: reputation, allies' confidence). Escalating at the top rung ``n`` is
  deliberate war.
* War (by accident or on purpose): each bloc ``alpha c_own - theta c_other - w (c_A + c_B)``
  (Zagare & Kilgour's conflict payoff, :mod:`gametheory.deterrence.credibility`), A minus ``r``.
* Reassurance ``r``: what A forfeits by challenging at all (commitments, trade, channels: as in
  the two-bloc model, what a bloc loses by escalating against a restraining rival); it is
  subtracted from every outcome after the challenge.

>>> from gametheory.extensive import subgame_perfect
>>> g = escalation_ladder()
>>> [dict(e.moves) for e in subgame_perfect(g.at(c_B=0.5))][0]["A: challenge"]
'Challenge'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from ..errors import GameError
from ..extensive.tree import ExtensiveGame, chance, move, outcome

ESCALATION_DEFAULTS: dict[str, float] = {
    "c_A": 3.0,
    "c_B": 1.5,
    "r": 0.0,
    "b": 1.0,
    "v": 0.5,
    "alpha": 0.6,
    "theta": 0.4,
    "w": 0.2,
    "lam": 0.05,
}
"""Defaults: the two-bloc model's b, alpha, theta, w; Zagare-Kilgour's v; a challenger
stronger than the defender's default (``c_A = 3``); no reassurance; ``lam = 0.05`` (5%
accidental war per step per unit of total capability)."""

ESCALATION_MEANINGS: dict[str, str] = {
    "c_A": "capability of A (the challenger)",
    "c_B": "capability of B (the defender)",
    "r": "reassurance: what A forfeits by challenging",
    "b": "the stake A demands",
    "v": "what backing down costs beyond the stake",
    "alpha": "coercive advantage per unit of own capability (in war)",
    "theta": "damage per unit of the rival's capability (in war)",
    "w": "war destructiveness per unit of total capability",
    "lam": "chance of inadvertent war per step, per unit of total capability",
}

RUNGS = 3
"""Default number of rungs after the challenge (B, A, B)."""

ROOT = "A: challenge"
BACK, UP = "Back down", "Escalate"


def rung_label(k: int) -> str:
    """The information set of rung `k` (1-based): ``"B: rung 1"``, ``"A: rung 2"``, ..."""
    return f"{'B' if k % 2 else 'A'}: rung {k}"


def escalation_ladder(rungs: int = RUNGS) -> ExtensiveGame:
    """The escalation ladder with `rungs` rungs after A's challenge (module docstring).

    Information sets: ``"A: challenge"`` (actions ``"Status quo"``, ``"Challenge"``) and
    :func:`rung_label` ``(k)`` for ``k = 1..rungs`` (``"Back down"``, ``"Escalate"``); chance
    nodes after every step up (``"war"``, ``"no war"``). Terminal labels: ``"status quo"``,
    ``"B backs down"``, ``"A backs down"``, ``"inadvertent war"``, ``"war"``.
    """
    if not isinstance(rungs, int) or isinstance(rungs, bool) or not 1 <= rungs <= 12:
        raise GameError(f"escalation_ladder(): rungs must be an integer in [1, 12], got {rungs!r}")
    nonneg = {"nonnegative": True, "real": True}
    c_a, c_b, r, b, v, alpha, theta, w, lam = sp.symbols(
        "c_A c_B r b v alpha theta w lam", **nonneg
    )
    p = lam * (c_a + c_b)
    war_a = alpha * c_a - theta * c_b - w * (c_a + c_b) - r
    war_b = alpha * c_b - theta * c_a - w * (c_a + c_b)

    def war(label):
        return outcome(war_a, war_b, label=label)

    def step(k):
        nxt = rung(k) if k <= rungs else war("war")
        return chance({"war": (p, war("inadvertent war")), "no war": (1 - p, nxt)})

    def rung(k):
        if k % 2:  # B
            back = outcome(b - r, -(b + v), label="B backs down")
        else:
            back = outcome(-v - r, 0, label="A backs down")
        up = step(k + 1) if k < rungs else war("war")
        return move("B" if k % 2 else "A", {BACK: back, UP: up}, infoset=rung_label(k))

    root = move(
        "A", {"Status quo": outcome(0, 0, label="status quo"), "Challenge": step(1)}, infoset=ROOT
    )
    return ExtensiveGame(
        root,
        ["A", "B"],
        parameters=[c_a, c_b, r, b, v, alpha, theta, w, lam],
        defaults=ESCALATION_DEFAULTS,
        title=f"escalation ladder ({rungs} rungs)",
        description="A challenges or not; B and A take turns to back down or escalate; every "
        "step up risks inadvertent war with probability lam (c_A + c_B).",
    )


def check_values(game: ExtensiveGame, values: Mapping[str, Any], func: str) -> dict[str, float]:
    """The parameters with defaults, each finite and >= 0, and ``lam (c_A + c_B) <= 1``."""
    merged = game.values(func, **values)
    out = {k: float(x) for k, x in merged.items()}
    for k, x in out.items():
        if not x >= 0 or x == float("inf"):
            raise GameError(f"{func}: parameter {k!r} must be finite and >= 0, got {x}")
    risk = out["lam"] * (out["c_A"] + out["c_B"])
    if risk > 1:
        raise GameError(f"{func}: lam (c_A + c_B) = {risk:g} > 1 is not a probability")
    return out


def war_probability(game: ExtensiveGame, moves: Mapping[str, str]) -> sp.Expr:
    """P(war) when play follows the pure profile `moves`: a sympy expression in the game's
    parameters (a number for a numeric game); the probability of every terminal whose label
    names a war (``"war"``, ``"inadvertent war"``)."""
    outcomes = path_outcomes(game, moves)
    return sp.expand(sum((p for label, p in outcomes.items() if "war" in label), sp.Integer(0)))


def path_outcomes(game: ExtensiveGame, moves: Mapping[str, str]) -> dict[str, sp.Expr]:
    """Probability of each terminal label when play follows `moves`."""
    out: dict[str, sp.Expr] = {}
    stack = [(0, sp.Integer(1))]
    while stack:
        k, prob = stack.pop()
        node = game.nodes[k]
        kids = game.children[k]
        if node.kind == "terminal":
            out[node.label] = sp.expand(out.get(node.label, 0) + prob)
        elif node.kind == "chance":
            stack.extend((c, prob * q) for c, q in zip(kids, node.probs, strict=True))
        else:
            label = game.infosets[game.node_infoset[k]].label
            stack.append((kids[node.actions.index(moves[label])], prob))
    return out


__all__ = [
    "BACK",
    "ESCALATION_DEFAULTS",
    "ESCALATION_MEANINGS",
    "ROOT",
    "RUNGS",
    "UP",
    "check_values",
    "escalation_ladder",
    "path_outcomes",
    "rung_label",
    "war_probability",
]
