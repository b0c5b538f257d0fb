"""Kydd's models of trust: the security dilemma with types, and costly reassurance.

Kydd (2005, *Trust and Mistrust in International Relations*) models the security dilemma as a
game of incomplete information. A *security seeker* prefers mutual cooperation to exploiting
the other (assurance-game preferences, ``R > T_s > P > S``); an *expansionist* prefers
exploitation (prisoner's-dilemma preferences, ``T_e > R > P > S``). Neither knows the other's
type; each believes the other a security seeker with prior probability ``p`` (trust).
Reassurance: a security seeker may make a costly gesture before play, and a gesture that only
a security seeker would make reveals its type.
"""

from __future__ import annotations

import sympy as sp

from ..bayesian.separating import CostRange, separating_range
from ..bayesian.signaling import SignalingGame
from ..bayesian.types import BayesianGame
from ..errors import GameError

SPIRAL_DEFAULTS = {"R": 3, "S": 0, "P": 1, "T_s": 2, "T_e": 5, "p": 0.25}
"""Defaults of :func:`security_dilemma_types`: minimum trust (P - S)/(R - T_s + P - S) = 1/2,
above the prior trust 0.25 (the same as :func:`costly_reassurance`'s): seekers do not dare."""

REASSURANCE_DEFAULTS = {"R": 3, "S": 0, "P": 1, "T_e": 5, "d": 3, "k": 1.5, "p": 0.25}
"""Defaults of :func:`costly_reassurance`: trust 0.25 is below the receiver's minimum trust
(P - S)/(R - S) = 1/3, and gestures of cost 1 <= k <= 2 separate the types."""

_SEEKER, _EXPANSIONIST = "seeker", "expansionist"


def security_dilemma_types(symmetric: bool = True) -> BayesianGame:
    """Kydd's security dilemma with security-seeking and expansionist types.

    Players A and B each are a ``"seeker"`` (payoffs R, S, T_s, P for (C,C), (C,D), (D,C),
    (D,D), own action first: an assurance game when R > T_s > P > S) or an ``"expansionist"``
    (the same with temptation T_e > R: a prisoner's dilemma), independently, a seeker with
    probability ``p`` (``p_A``, ``p_B`` when not symmetric: ``p_A`` is the probability that A
    is a seeker, i.e. B's trust in A). Actions C (cooperate, restrain) and D (defect).

    In the equilibrium where seekers cooperate and expansionists defect, a seeker cooperates
    iff its trust is at least ``(P - S) / ((R - T_s) + (P - S))``
    (:func:`spiral_minimum_trust`): the minimum trust of the seekers' assurance game, which is
    :func:`gametheory.minimum_trust` of that complete-information game.

    >>> g = security_dilemma_types()
    >>> g.ex_ante_form().actions[0][:2]
    ('seeker:C/expansionist:C', 'seeker:C/expansionist:D')
    """
    real = {"real": True}
    r, s, p_, t_s, t_e = sp.symbols("R S P T_s T_e", **real)
    if symmetric:
        p = sp.Symbol("p", nonnegative=True)
        trust = (p, p)
    else:
        trust = sp.symbols("p_A p_B", nonnegative=True)

    def payoff(types, actions):
        out = []
        for i in range(2):
            mine, theirs = actions[i], actions[1 - i]
            temptation = t_s if types[i] == _SEEKER else t_e
            out.append(
                {("C", "C"): r, ("C", "D"): s, ("D", "C"): temptation, ("D", "D"): p_}[
                    (mine, theirs)
                ]
            )
        return out

    def prob(i, t):
        return trust[i] if t == _SEEKER else 1 - trust[i]

    kinds = (_SEEKER, _EXPANSIONIST)
    prior = {(a, b): prob(0, a) * prob(1, b) for a in kinds for b in kinds}
    params = [r, s, p_, t_s, t_e, *dict.fromkeys(trust)]
    defaults = dict(SPIRAL_DEFAULTS)
    if not symmetric:
        defaults.pop("p")
        defaults.update(p_A=SPIRAL_DEFAULTS["p"], p_B=SPIRAL_DEFAULTS["p"])
    return BayesianGame(
        ["A", "B"],
        [kinds, kinds],
        [["C", "D"], ["C", "D"]],
        prior,
        payoff,
        parameters=params,
        defaults=defaults,
        title="security dilemma with types (Kydd)",
        description=(
            "Each side is a security seeker (assurance preferences) or an expansionist (PD "
            "preferences); p is the prior probability that the other is a security seeker."
        ),
    )


def spiral_minimum_trust(game: BayesianGame | None = None) -> sp.Expr:
    """The least trust p for which seekers cooperating and expansionists defecting is a
    Bayesian equilibrium of the symmetric :func:`security_dilemma_types`, derived from the
    seeker's interim deviation gain (not a formula typed in).

    Returns the root in p of the seeker's gain from defecting; the gain falls in p when
    ``R - T_s + P - S > 0``, so cooperation is a best reply exactly for p at or above it.

    >>> spiral_minimum_trust()
    (P - S)/(P + R - S - T_s)
    """
    game = security_dilemma_types() if game is None else game
    p = next((s for s in game.parameters if s.name == "p"), None)
    if p is None:
        raise GameError("spiral_minimum_trust(): needs the symmetric game (one trust p)")
    plan = [("C", "D"), ("C", "D")]
    gain = game.interim_gains(plan)[("A", _SEEKER, "D")]
    roots = sp.solve(sp.Eq(gain, 0), p)
    if len(roots) != 1:
        raise GameError(f"spiral_minimum_trust(): the seeker's gain {gain} has roots {roots}")
    return sp.factor(roots[0])


def costly_reassurance() -> SignalingGame:
    """Kydd's reassurance game: a seeker may pay for a gesture before the receiver decides.

    State A is a ``"seeker"`` with prior ``p`` or an ``"expansionist"``. A sends a
    ``"gesture"`` (a unilateral concession: it costs a seeker ``k`` and an expansionist
    ``k + d``, ``d`` being what it also gives up of its expansion plans) or ``"none"``.
    State B, a security seeker, sees the message, not the type, and cooperates (C: restrains,
    trusts) or defects (D). A then answers: a seeker reciprocates (C after C since R > T_s,
    D after D since P > S), an expansionist exploits cooperation (T_e > R); these subgame-
    perfect answers are folded into the payoffs:

    ========================  ===================  ===================
    A's type / B's action      C (trust)            D (guard)
    ========================  ===================  ===================
    seeker                    (R, R)               (P, P)
    expansionist              (T_e, S)             (P, P)
    ========================  ===================  ===================

    minus the gesture's cost for A. B trusts after a message iff its belief that A is a
    seeker is at least ``(P - S) / (R - S)``. A gesture separates the types iff
    ``max(0, T_e - P - d) <= k <= R - P``: dear enough that an expansionist would rather
    not mimic it, cheap enough that a seeker would rather pay than face (D, D).

    >>> costly_reassurance().strategic_form().shape
    (4, 4)
    """
    nonneg = {"nonnegative": True}
    r, s, p_, t_e = sp.symbols("R S P T_e", real=True)
    k, d, p = sp.symbols("k d p", **nonneg)
    return SignalingGame(
        [_SEEKER, _EXPANSIONIST],
        {_SEEKER: p, _EXPANSIONIST: 1 - p},
        ["gesture", "none"],
        ["C", "D"],
        sender_payoff={_SEEKER: {"C": r, "D": p_}, _EXPANSIONIST: {"C": t_e, "D": p_}},
        receiver_payoff={_SEEKER: {"C": r, "D": p_}, _EXPANSIONIST: {"C": s, "D": p_}},
        cost={_SEEKER: {"gesture": k, "none": 0}, _EXPANSIONIST: {"gesture": k + d, "none": 0}},
        players=("A", "B"),
        parameters=[r, s, p_, t_e, k, d, p],
        defaults=dict(REASSURANCE_DEFAULTS),
        title="costly reassurance (Kydd)",
        description=(
            "A seeker or expansionist A may make a costly gesture (k; k + d for an "
            "expansionist) before B decides whether to trust; prior p that A is a seeker."
        ),
    )


def reassurance_range(game: SignalingGame | None = None) -> CostRange:
    """The gesture costs k at which the reassuring separating equilibrium exists.

    The profile: seekers make the gesture, expansionists do not, B cooperates after the
    gesture and defects otherwise; from :func:`separating_range` on
    :func:`costly_reassurance` (or `game`, a variant with the same names).

    >>> r = reassurance_range()
    >>> r.lower, r.upper
    (Max(0, -P + T_e - d), -P + R)
    """
    game = costly_reassurance() if game is None else game
    for found in separating_range(game, "k"):
        prof = found.profile
        if prof.sender == {_SEEKER: "gesture", _EXPANSIONIST: "none"} and prof.receiver == {
            "gesture": "C",
            "none": "D",
        }:
            return found
    raise GameError("reassurance_range(): the game has no such separating profile")
