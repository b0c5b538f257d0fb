"""The built-in records of the claims ledger: the commentary's claims over the existing models.

Each claim of the commentary becomes one or more :class:`~gametheory.deterrence.claims.ClaimSpec`
records (docs/claims.md): a closed-form ``condition`` derived from the models' thresholds,
criteria or payoff arrays, or a numeric ``predicate`` that solves a model at a point. The
ledger's machinery (records, evaluation, registry, rendering) is
:mod:`gametheory.deterrence.claims`; the direct tests with capability as a choice and with an
escalation ladder are :mod:`gametheory.deterrence.claims_choice`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import sympy as sp

from ..errors import GameError
from .claims_record import (
    BLOC_FORMATION_BOX,
    CREDIBILITY_BOX,
    SPIRAL_BOX,
    THREE_BLOC_BOX,
    TRUST_BOX,
    TWO_BLOC_BOX,
    ClaimSpec,
)


# ------------------------------------------------------------------------- conditions
def _criterion(th) -> sp.Basic:
    """A threshold's criterion as one condition: its inequalities where it is defined."""
    return sp.And(*th.inequalities, *th.requires)


def _stable(found: Mapping[str, Any]) -> sp.Basic:
    """Restraint stable (docs/criteria.md): strict, and risk-dominant where that is defined."""
    rd = found["risk_dominant"]
    return sp.And(
        *found["strict"].inequalities,
        sp.Or(_criterion(rd), sp.Not(sp.And(*rd.requires))),
    )


def _two_bloc() -> dict[str, Any]:
    from .analysis.two_bloc import derivations

    return derivations()


@cache
def capability_alone_condition() -> sp.Basic:
    """At r = 0, (R,R) is not an equilibrium: the negated Nash criterion of the two-bloc game
    with r = 0 (:func:`thresholds`)."""
    return sp.Not(_criterion(_two_bloc()["alone"]["nash"]))


@cache
def reassurance_needed_condition() -> sp.Basic:
    """At r = 0, (R,R) is not stable: the negated stability criterion at r = 0."""
    return sp.simplify_logic(sp.Not(_stable(_two_bloc()["alone"])))


@cache
def bar_rises_condition() -> sp.Basic:
    """The least reassurance for (R,R) to be an equilibrium rises with c: the derivative of
    the Nash threshold in r (:func:`thresholds`) is positive."""
    nash = _two_bloc()["in_r"]["nash"]
    c = next(s for s in nash.boundary.free_symbols if s.name == "c")
    return sp.diff(nash.boundary, c) > 0


@cache
def accidents_raise_condition() -> sp.Basic:
    """Accidents eps = eps0 c raise the least reassurance for (R,R) to be an equilibrium: the
    difference of the thresholds with and without accidents is positive."""
    derived = _two_bloc()
    rise = sp.factor(derived["noisy_r"]["nash"].boundary - derived["in_r"]["nash"].boundary)
    return rise > 0


def _three_bloc() -> dict[str, Any]:
    from .analysis.three_bloc import _symbolic

    return _symbolic()


def _p_ee():
    belief = _three_bloc()["belief"]
    return next(s for g in belief.values() for s in g.free_symbols if s.name == "P_EE")


@cache
def south_neutral_always_condition() -> sp.Basic:
    """Neutrality is G's best reply whatever the blocs do: its gain over each alignment, linear
    in P(E,E), is >= 0 at P(E,E) = 0 and at 1 (from G's payoffs)."""
    belief, p = _three_bloc()["belief"], _p_ee()
    return sp.And(*[g.subs(p, x) >= 0 for g in belief.values() for x in (0, 1)])


@cache
def south_neutral_in_war_condition() -> sp.Basic:
    """Neutrality is G's best reply when both blocs surely escalate (P(E,E) = 1)."""
    belief, p = _three_bloc()["belief"], _p_ee()
    return sp.And(*[g.subs(p, 1) >= 0 for g in belief.values()])


@cache
def south_bears_cost_condition() -> sp.Basic:
    """G is worse off when both blocs escalate than when both restrain, whatever its stance:
    from G's payoff array."""
    u_g = _three_bloc()["model"].payoffs[2]
    return sp.And(*[u_g[1, 1, g] < u_g[0, 0, g] for g in range(u_g.shape[2])])


@cache
def mediation_decisive_condition() -> sp.Basic:
    """(R,R) is an equilibrium of the blocs' game with G neutral (reassurance r + m) and not
    without G (m = 0): the Nash criteria of :func:`thresholds` on both games."""
    sym = _three_bloc()
    return sp.And(_criterion(sym["neutral_r"]), sp.Not(_criterion(sym["no_g_r"])))


@cache
def mediation_delivered_condition() -> sp.Basic:
    """(R, R, neutral) is an equilibrium of the simultaneous three-player game."""
    return _criterion(_three_bloc()["full_rr_neutral_m"])


@cache
def credibility_capability_condition() -> sp.Basic:
    """More capability c_B does not make the defender's threat more credible: the derivative
    in c_B of its credibility margin (:func:`gametheory.extensive.credibility`) is <= 0."""
    from ..extensive import credibility
    from .credibility import unilateral_deterrence

    (margin,) = [c.margin for c in credibility(unilateral_deterrence(), "Defender", "Resist")]
    c_b = next(s for s in margin.free_symbols if s.name == "c_B")
    return sp.diff(margin, c_b) <= 0


@cache
def trust_restraint_condition() -> sp.Basic:
    """In Kydd's spiral model, security seekers restraining (expansionists defecting) is a
    Bayesian equilibrium: no type gains by deviating (the model's interim gains)."""
    from .trust import security_dilemma_types

    gains = security_dilemma_types().interim_gains((("C", "D"), ("C", "D")))
    return sp.And(*[g <= 0 for g in gains.values()])


@cache
def gesture_reveals_condition() -> sp.Basic:
    """In Kydd's costly reassurance model, the separating equilibrium exists (seekers make the
    gesture, expansionists do not, B cooperates after the gesture only): every condition of
    the profile (:func:`gametheory.deterrence.trust.reassurance_range`) holds."""
    from .trust import reassurance_range

    found = reassurance_range()
    return sp.And(*[margin >= 0 for _, margin in found.profile.conditions])


def _box(box: Mapping[str, tuple[float, float]], *names: str) -> dict[str, tuple[float, float]]:
    """The part of a model's box over `names`: a closed-form claim's box is over exactly the
    parameters its condition involves (the others cannot move it; the tests check the names
    against the condition's symbols)."""
    missing = sorted(set(names) - set(box))
    if missing:
        raise GameError(f"claims: no prior range for {missing}")
    return {k: v for k, v in box.items() if k in names}


# ------------------------------------------------------------------------- predicates
@cache
def _bloc_model():
    from .bloc_formation import bloc_formation

    return bloc_formation()


def east_bands_together(point: Mapping[str, float]) -> bool:
    """The West's integration q_W makes the East larger: the largest East (summed capability)
    over the pure equilibria at q_W exceeds the largest at q_W = 0 (the aggregation of the
    finding ``bloc_formation.east_growth``); False where either point has no pure
    equilibrium."""
    from .analysis.bloc_formation import _sizes
    from .bloc_formation import EAST

    model = _bloc_model()
    before = _sizes(model, model.pure_equilibria(**{**point, "q_W": 0.0}), EAST)
    after = _sizes(model, model.pure_equilibria(**point), EAST)
    if before is None or after is None:
        return False
    return after[1] > before[1] + 1e-9 * max(1.0, before[1])


def no_strategy_sustains_restraint(point: Mapping[str, float]) -> bool:
    """No strategy of the spiral menu sustains restraint at c: none is subgame perfect with a
    long-run war share at most the target (``spiral.sustained`` fails)."""
    from .spiral import SpiralModel

    model = SpiralModel.from_values(dict(point))
    return not any(model.sustains(name, model.c) for name in model.names)


# ------------------------------------------------------------------------- the registry
ARMING = "deterrence.arming"
"""The arming game (capability chosen at a cost); its direct tests are in ``claims_choice``."""
ESCALATION = "deterrence.escalation"
"""The escalation ladder (a crisis as an extensive game); direct tests in ``claims_choice``."""

CAPABILITY_EXOGENOUS = (
    "capability c is a parameter, not a choice: no bloc builds it, so 'building capability' "
    "is compared across games, not derived"
)
ACCIDENTS_BUILT_IN = (
    "accidents rise with capability by construction (eps = eps0 c): that more capability means "
    "more incidents is assumed"
)
REASSURANCE_EXOGENOUS = (
    "reassurance r is a parameter (a commitment cost), not a choice: what produces it is not "
    "modelled"
)


def builtin_specs() -> list[ClaimSpec]:
    out = [
        ClaimSpec(
            id="capability_alone_does_not_deter",
            statement="Building military capability alone will not deter.",
            models=("two_bloc",),
            proposition="with no reassurance (r = 0), mutual restraint (R,R) is not a Nash "
            "equilibrium of the two-bloc game",
            prior=_box(TWO_BLOC_BOX, "c", "b", "alpha", "theta"),
            condition=capability_alone_condition,
            fixed={"r": 0.0},
            assumed=(CAPABILITY_EXOGENOUS,),
            awaiting=(ARMING,),
            integrate=("alpha", "theta", "b", "c"),
        ),
        ClaimSpec(
            id="capability_heightens_tension",
            statement="Building capability only heightens tension.",
            models=("two_bloc",),
            proposition="the least reassurance r for (R,R) to be an equilibrium rises with "
            "capability c (its threshold's derivative in c is positive)",
            prior=_box(TWO_BLOC_BOX, "alpha", "theta"),
            condition=bar_rises_condition,
            assumed=(CAPABILITY_EXOGENOUS,),
            awaiting=(ARMING,),
            integrate=True,
        ),
        ClaimSpec(
            id="deterrence_needs_reassurance",
            statement="Deterrence works only with reassurance: the rival must believe its core "
            "interests are safe without force.",
            models=("two_bloc",),
            proposition="with no reassurance (r = 0), mutual restraint is not stable (strict, "
            "and risk-dominant where (E,E) is strict; docs/criteria.md)",
            prior=_box(TWO_BLOC_BOX, "c", "b", "alpha", "theta", "beta", "w"),
            condition=reassurance_needed_condition,
            fixed={"r": 0.0},
            assumed=(REASSURANCE_EXOGENOUS,),
        ),
        ClaimSpec(
            id="capability_alone_does_not_deter.credibility",
            statement="Building military capability alone will not deter.",
            models=("credibility",),
            proposition="in Zagare and Kilgour's unilateral deterrence game, more capability "
            "c_B does not make the defender's threat to resist more credible (the derivative of "
            "its credibility margin in c_B is <= 0)",
            prior=_box(CREDIBILITY_BOX, "alpha", "w"),
            condition=credibility_capability_condition,
            assumed=(
                CAPABILITY_EXOGENOUS,
                "conflict payoffs are linear in the capabilities (alpha c_own - theta c_other - "
                "w (c_A + c_B))",
            ),
            awaiting=(ESCALATION,),
            integrate=True,
        ),
        ClaimSpec(
            id="deterrence_needs_reassurance.trust",
            statement="Deterrence works only with reassurance: the rival must believe its core "
            "interests are safe without force.",
            models=("trust",),
            proposition="in Kydd's security dilemma with types, security seekers restraining "
            "(expansionists defecting) is a Bayesian equilibrium: it needs the prior trust p "
            "to reach the seekers' minimum trust",
            prior=_box(TRUST_BOX, "p", "R", "S", "P", "T_s", "T_e"),
            condition=trust_restraint_condition,
            assumed=("the prior trust p (that the rival is a security seeker) is a parameter",),
        ),
        ClaimSpec(
            id="deterrence_needs_reassurance.gesture",
            statement="Deterrence works only with reassurance: the rival must believe its core "
            "interests are safe without force.",
            models=("trust",),
            proposition="in Kydd's costly reassurance game, a seeker's costly gesture reveals "
            "it: the separating equilibrium (seekers gesture, expansionists do not, B "
            "cooperates after the gesture only) exists at gesture cost k",
            prior=_box(TRUST_BOX, "R", "S", "P", "T_e", "d", "k"),
            condition=gesture_reveals_condition,
            assumed=(
                "the gesture costs an expansionist d more than a seeker (a parameter)",
                "B's trust is a prior over two types, not a model of the rival's interests",
            ),
        ),
        ClaimSpec(
            id="incident_escalates.accidents",
            statement="With large capabilities on both sides, the slightest incident can "
            "escalate into a major war.",
            models=("two_bloc",),
            proposition="accidents (an intended R carried out as E with probability eps0 c) "
            "raise the least reassurance for (R,R) to be an equilibrium",
            prior=_box(TWO_BLOC_BOX, "c", "beta", "w", "eps0"),
            condition=accidents_raise_condition,
            assumed=(ACCIDENTS_BUILT_IN, "one-shot: no escalation ladder, no sequence of moves"),
            awaiting=(ESCALATION,),
        ),
        ClaimSpec(
            id="incident_escalates.spiral",
            statement="With large capabilities on both sides, the slightest incident can "
            "escalate into a major war.",
            models=("spiral",),
            proposition="in the repeated two-bloc game with one-sided accidents, no strategy of "
            "the menu (GRIM, TFT, GTFT, WSLS, CTFT) sustains restraint: none is subgame perfect "
            "with a long-run war share of at most 5%",
            prior=dict(SPIRAL_BOX),
            predicate=no_strategy_sustains_restraint,
            fixed={"r": 0.5, "war_target": 0.05},
            assumed=(
                ACCIDENTS_BUILT_IN,
                "war is a stage outcome (E,E), not the top of a ladder of steps",
                "the strategies are the menu's five automata",
            ),
            awaiting=(ESCALATION,),
        ),
        ClaimSpec(
            id="integration_makes_other_band",
            statement="One camp's integration (Quad, AUKUS, Camp David) makes the other band "
            "together.",
            models=("bloc_formation",),
            proposition="raising the West's integration from q_W = 0 to q_W makes the East "
            "larger: the largest East over the pure equilibria grows (default states)",
            prior=dict(BLOC_FORMATION_BOX),
            predicate=east_bands_together,
            fixed={"q_E": 0.0},
            assumed=(
                "camps' strength is summed capability scaled by integration (1 + q)",
                "states choose a camp once (pure equilibria), with the stylised default states",
            ),
        ),
        ClaimSpec(
            id="south_wants_neutrality",
            statement="The Global South wants neutrality.",
            models=("three_bloc",),
            proposition="neutrality is the Global South's best reply whatever the blocs do "
            "(its gain over each alignment is >= 0 for every P(E,E) in [0, 1])",
            prior=_box(THREE_BLOC_BOX, "h", "s_A", "s_B"),
            condition=south_neutral_always_condition,
            assumed=("what each bloc pays G for aligning (s_A, s_B) is a parameter",),
            integrate=True,
        ),
        ClaimSpec(
            id="south_wants_neutrality.in_war",
            statement="The Global South wants neutrality (when the blocs are at war).",
            models=("three_bloc",),
            proposition="neutrality is the Global South's best reply when both blocs surely "
            "escalate (P(E,E) = 1)",
            prior=_box(THREE_BLOC_BOX, "h", "s_A", "s_B"),
            condition=south_neutral_in_war_condition,
            assumed=("the entanglement cost h of an aligned G at war is a parameter",),
            integrate=True,
        ),
        ClaimSpec(
            id="south_bears_cost",
            statement="The Global South bears the cost of the blocs' tension.",
            models=("three_bloc",),
            proposition="the Global South is worse off when both blocs escalate than when both "
            "restrain, whatever its stance",
            prior=_box(THREE_BLOC_BOX, "e", "h", "s_A", "s_B"),
            condition=south_bears_cost_condition,
            assumed=("G's loss e per escalating bloc is a parameter (the cost is assumed)",),
            integrate=True,
        ),
        ClaimSpec(
            id="mediation_helps",
            statement="Diplomacy and mediation help.",
            models=("three_bloc",),
            proposition="the Global South's mediation is decisive: (R,R) is an equilibrium of "
            "the blocs' game with G neutral (reassurance r + m) but not without G (m = 0)",
            prior=_box(THREE_BLOC_BOX, "c", "r", "b", "alpha", "theta", "m"),
            condition=mediation_decisive_condition,
            assumed=(
                "mediation m adds to reassurance one for one while G is neutral",
                REASSURANCE_EXOGENOUS,
            ),
        ),
        ClaimSpec(
            id="mediation_helps.delivered",
            statement="Diplomacy and mediation help (when the Global South chooses freely).",
            models=("three_bloc",),
            proposition="(R, R, neutral) is an equilibrium of the simultaneous three-player "
            "game: the mediation is delivered",
            prior=_box(THREE_BLOC_BOX, "c", "r", "b", "alpha", "theta", "m", "s_A", "s_B"),
            condition=mediation_delivered_condition,
            assumed=("mediation m adds to reassurance one for one while G is neutral",),
            integrate=True,
        ),
    ]
    return out
