"""Deterrence as a sequential game: threats must be credible (Zagare & Kilgour 2000).

Zagare and Kilgour's *Perfect Deterrence* (2000) models deterrence as a game tree with three
kinds of outcome: the status quo, a concession (one side backs down to the other's demand)
and conflict. A deterrent threat works in a subgame-perfect equilibrium only if it is
*capable* (the challenger prefers the status quo to conflict) and *credible* (once challenged,
the defender prefers conflict to conceding). The payoffs below put those preferences in
terms of the two-bloc parameters of :func:`gametheory.games.two_bloc`:

* status quo: ``(0, 0)``;
* the challenger's demand conceded: ``b`` to the challenger, ``-(b + v)`` to the defender
  (``v``: what else the defender loses by backing down: reputation, allies' confidence);
* conflict: each side ``alpha c_own - theta c_other - w (c_A + c_B)`` (coercive gain from
  its own capability, damage from the other's, destruction growing with both).

So the defender's threat is credible iff ``b + v >= (theta + w) c_A + (w - alpha) c_B``:
more capability ``c_B`` makes it *more* credible only while ``alpha > w``; where war is
destructive (``w > alpha``) building capability makes the threat less credible.
"""

from __future__ import annotations

import sympy as sp

from ..extensive.tree import ExtensiveGame, move, outcome

DETERRENCE_DEFAULTS = {
    "b": 1.0,
    "v": 0.5,
    "alpha": 0.6,
    "theta": 0.4,
    "w": 0.2,
    "c_A": 2.0,
    "c_B": 2.0,
}
"""Defaults (the two-bloc model's b, alpha, theta, w and c): threats credible and capable."""


def _symbols(names: str) -> tuple[sp.Symbol, ...]:
    return sp.symbols(names, nonnegative=True, real=True)


def _conflict(c_own, c_other, alpha, theta, w):
    return alpha * c_own - theta * c_other - w * (c_own + c_other)


def unilateral_deterrence() -> ExtensiveGame:
    """Zagare and Kilgour's unilateral deterrence game: a challenger, a defender.

    The challenger (A) keeps the status quo (``SQ``) or challenges (``Challenge``); the
    defender (B) then concedes (``Concede``) or resists (``Resist``: conflict)::

        Challenger -- SQ --------------------------- status quo   (0, 0)
                   \\- Challenge -- Defender -- Concede -- concession (b, -b - v)
                                             \\- Resist --- conflict

    The threat is credible iff ``credibility(g, "Defender", "Resist")`` holds.

    >>> from gametheory.extensive import subgame_perfect
    >>> [e.moves["Challenger"] for e in subgame_perfect(unilateral_deterrence().at())]
    ['SQ']
    """
    b, v, alpha, theta, w, c_a, c_b = _symbols("b v alpha theta w c_A c_B")
    tree = move(
        "Challenger",
        {
            "SQ": outcome(0, 0, label="status quo"),
            "Challenge": move(
                "Defender",
                {
                    "Concede": outcome(b, -b - v, label="concession"),
                    "Resist": outcome(
                        _conflict(c_a, c_b, alpha, theta, w),
                        _conflict(c_b, c_a, alpha, theta, w),
                        label="conflict",
                    ),
                },
            ),
        },
    )
    return ExtensiveGame(
        tree,
        ["Challenger", "Defender"],
        parameters=[b, v, alpha, theta, w, c_a, c_b],
        defaults=DETERRENCE_DEFAULTS,
        title="unilateral deterrence (Zagare-Kilgour)",
        description="A challenger keeps the status quo or challenges; the defender concedes "
        "or resists (conflict).",
    )


def mutual_deterrence() -> ExtensiveGame:
    """Zagare and Kilgour's mutual deterrence game: either side may challenge.

    A keeps the status quo or challenges; if A challenges, B concedes or resists (conflict);
    if A keeps the status quo, B keeps it too (status quo) or challenges, and A concedes or
    resists. Information sets ``A``, ``B``, ``B defends``, ``A defends``. Concessions cost the
    one who backs down ``b + v_A`` or ``b + v_B``; conflict payoffs as in
    :func:`unilateral_deterrence`. Mutual deterrence (status quo on the equilibrium path)
    needs both threats credible and capable.

    >>> from gametheory.extensive import subgame_perfect
    >>> [e.payoffs for e in subgame_perfect(mutual_deterrence().at())]
    [(0.0, 0.0)]
    """
    b, v_a, v_b, alpha, theta, w, c_a, c_b = _symbols("b v_A v_B alpha theta w c_A c_B")
    war = outcome(
        _conflict(c_a, c_b, alpha, theta, w), _conflict(c_b, c_a, alpha, theta, w), label="conflict"
    )
    tree = move(
        "A",
        {
            "SQ": move(
                "B",
                {
                    "SQ": outcome(0, 0, label="status quo"),
                    "Challenge": move(
                        "A",
                        {"Concede": outcome(-b - v_a, b, label="B wins"), "Resist": war},
                        infoset="A defends",
                    ),
                },
                infoset="B",
            ),
            "Challenge": move(
                "B",
                {"Concede": outcome(b, -b - v_b, label="A wins"), "Resist": war},
                infoset="B defends",
            ),
        },
        infoset="A",
    )
    defaults = {k: v for k, v in DETERRENCE_DEFAULTS.items() if k != "v"}
    defaults.update(v_A=DETERRENCE_DEFAULTS["v"], v_B=DETERRENCE_DEFAULTS["v"])
    return ExtensiveGame(
        tree,
        ["A", "B"],
        parameters=[b, v_a, v_b, alpha, theta, w, c_a, c_b],
        defaults=defaults,
        title="mutual deterrence (Zagare-Kilgour)",
        description="Either bloc may challenge the status quo; the other concedes or resists.",
    )


def entry_game(fight: float = -1, accommodate: float = 1, monopoly: float = 2) -> ExtensiveGame:
    """Selten's (1978) chain-store stage game: an entrant stays out or enters, the incumbent
    fights (both lose) or accommodates. The threat to fight is not credible: the unique SPE is
    (In, Accommodate), although (Out, Fight) is a Nash equilibrium.

    >>> from gametheory.extensive import subgame_perfect
    >>> [dict(e.moves) for e in subgame_perfect(entry_game())]
    [{'Entrant': 'In', 'Incumbent': 'Accommodate'}]
    """
    tree = move(
        "Entrant",
        {
            "Out": outcome(0, monopoly, label="monopoly"),
            "In": move(
                "Incumbent",
                {
                    "Fight": outcome(fight, fight, label="price war"),
                    "Accommodate": outcome(accommodate, accommodate, label="shared market"),
                },
            ),
        },
    )
    return ExtensiveGame(tree, ["Entrant", "Incumbent"], title="entry game (Selten 1978)")
