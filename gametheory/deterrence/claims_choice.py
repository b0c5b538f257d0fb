"""The claims ledger's direct tests with capability and escalation as choices (docs/claims.md).

Several of the commentary's claims were first tested with capability a parameter
(:mod:`gametheory.deterrence.two_bloc`) and with accidents a stage outcome; their records named
``deterrence.arming`` and ``deterrence.escalation`` in ``awaiting``. This module registers the
direct tests, records decided numerically at each point of a stated box:

- with the **arming game** (:func:`gametheory.deterrence.arming.arming`: capabilities chosen
  from :data:`ARMING_LEVELS` at upkeep ``k`` per unit, then the two-bloc game with accidents
  ``eps0 c_i``, the risk-dominant continuation): ``capability_alone_does_not_deter.arming``,
  ``capability_heightens_tension.arming`` and ``capability_heightens_tension.arms_race``;
- with the **escalation ladder** (:func:`gametheory.deterrence.escalation.escalation_ladder`,
  3 rungs, subgame-perfect play): ``capability_alone_does_not_deter.escalation``,
  ``incident_escalates.escalation`` and ``incident_escalates.ladder_war``.

Each proposition reads the *pure* equilibria of the reduced capability game (definite arms
levels; a mixed capability choice is not counted) or the ladder's pure subgame-perfect
equilibria (the ladder is a game of perfect information, so a pure profile is subgame perfect
exactly where its one-shot-deviation margins, :func:`gametheory.extensive.spe_conditions`, are
all >= 0). :func:`choice_specs` gives the records; the registry
(:func:`gametheory.deterrence.claims.registry`) adds them after the built-in ones and drops the
model each directly tests from the ``awaiting`` of the records in :data:`DIRECT_TESTS`.

>>> holds = capability_alone_arming({**ARMING_CENTRE, "theta": 1.0, "alpha": 0.0, "b": 0.2})
>>> holds  # strong retaliation, small stake: a build-up ending in restraint is an equilibrium
False
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cache, lru_cache

import sympy as sp

from .analysis.arming import WAR_TARGET
from .claims_record import TWO_BLOC_BOX, ClaimSpec
from .claims_specs import ACCIDENTS_BUILT_IN, ARMING, ESCALATION, REASSURANCE_EXOGENOUS

ARMING_LEVELS: tuple[float, ...] = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
"""Capability levels of the ledger's arming game: 0 to 5 in steps of 1 (the arming model's
default steps of 0.5 cost about 1.6 times as much per point; the ledger solves it at about
1200 points per record)."""

ARMING_BOX: dict[str, tuple[float, float]] = {k: v for k, v in TWO_BLOC_BOX.items() if k != "c"}
"""The arming prior: the two-bloc box without ``c`` (chosen in stage 1): ``r`` [0, 5], ``b``
[0, 2], ``alpha, theta`` [0, 1], ``beta`` [0, 2], ``w`` [0, 0.5], ``k`` [0, 0.2], ``eps0``
[0, 0.1] (so ``eps0 c <= 0.5`` at the top level)."""

ARMING_NO_R_BOX: dict[str, tuple[float, float]] = {k: v for k, v in ARMING_BOX.items() if k != "r"}
"""The arming prior with no reassurance (``r = 0`` fixed)."""

ARMING_CENTRE = {k: 0.5 * (lo + hi) for k, (lo, hi) in ARMING_BOX.items()}
"""The centre of :data:`ARMING_BOX` (the docstring's example starts from it)."""

LADDER_BOX: dict[str, tuple[float, float]] = {
    "c_A": (0.0, 5.0),
    "c_B": (0.0, 5.0),
    "r": (0.0, 2.0),
    "b": (0.0, 2.0),
    "v": (0.0, 1.0),
    "alpha": (0.0, 1.0),
    "theta": (0.0, 1.0),
    "w": (0.0, 0.5),
    "lam": (0.0, 0.1),
}
"""The escalation ladder's prior: the capabilities over the two-bloc range, reassurance up to
2, the stake ``b``, ``alpha, theta, w`` as in the two-bloc box, ``v`` up to twice its default,
``lam`` up to twice its default (``lam (c_A + c_B) <= 1`` everywhere)."""

LADDER_RUNGS = 3
"""Rungs of the ledger's ladder (the model's default)."""

SPE_TOL = 1e-9
"""A one-shot-deviation margin at least ``-SPE_TOL`` counts as held (ties keep both)."""

DIRECT_TESTS: dict[str, str] = {
    "capability_alone_does_not_deter": ARMING,
    "capability_heightens_tension": ARMING,
    "incident_escalates.accidents": ESCALATION,
    "incident_escalates.spiral": ESCALATION,
    "capability_alone_does_not_deter.credibility": ESCALATION,
}
"""Records whose ``awaiting`` model now has its direct test here: the registry drops that
model from their ``awaiting``."""

STAGE_SELECTION = (
    "the stage-2 continuation is the risk-dominant equilibrium (Harsanyi-Selten; the arming "
    "model's stated fallback where undefined): a selection rule, not derived"
)
PURE_LEVELS = (
    "blocs choose definite arms levels from 0, 1, ..., 5 (pure equilibria of the reduced "
    "capability game); mixed capability choices are not counted"
)
LADDER_FORM = (
    "a crisis is a ladder of 3 rungs under complete and perfect information; every step up "
    "risks inadvertent war with probability lam (c_A + c_B): that the risk grows with "
    "capability is assumed (Schelling 1960; Powell 1987)"
)


# ------------------------------------------------------------------------- arming
@lru_cache(maxsize=4096)
def _pure(items: tuple[tuple[str, float], ...]) -> tuple:
    """The pure equilibria at one point (only they are kept: about 8 kB a point)."""
    from .arming import arming

    return tuple(e for e in arming(dict(items), levels=ARMING_LEVELS).equilibria if e.is_pure)


def arming_pure_equilibria(point: Mapping[str, float]) -> list:
    """The pure equilibria of the reduced capability game at `point` (risk-dominant
    continuation, levels :data:`ARMING_LEVELS`; solved once per point: the records share
    their points, and the restraint threshold is ``arming.restraint``'s
    :data:`~gametheory.deterrence.analysis.arming.WAR_TARGET`)."""
    return list(_pure(tuple(sorted((k, float(v)) for k, v in point.items()))))


def _restrained(e) -> bool:
    """The equilibrium ends in mutual restraint: (R, R) surely, P(war) at most the target."""
    return set(e.outcome) == {"(R, R)"} and e.p_war <= WAR_TARGET


def capability_alone_arming(point: Mapping[str, float]) -> bool:
    """With no reassurance (r = 0) and capability chosen, no pure equilibrium of the arming
    game ends in mutual restraint: arming alone never buys restraint."""
    return not any(_restrained(e) for e in arming_pure_equilibria({**point, "r": 0.0}))


def building_heightens_tension(point: Mapping[str, float]) -> bool:
    """Some pure equilibrium of the arming game has a bloc building capability, and every pure
    equilibrium with a bloc building capability fails restraint."""
    built = [e for e in arming_pure_equilibria(point) if max(e.levels) > 0]
    return bool(built) and not any(_restrained(e) for e in built)


def mutual_buildup_dilemma(point: Mapping[str, float]) -> bool:
    """Some pure equilibrium of the arming game has both blocs building capability and is a
    prisoner's dilemma of arms: both would gain strictly at lower levels (``build_down``)."""
    return any(min(e.levels) > 0 and e.prisoners_dilemma for e in arming_pure_equilibria(point))


# ------------------------------------------------------------------------- escalation
@cache
def _ladder_functions(rungs: int = LADDER_RUNGS):
    """Per pure profile of the ladder: its one-shot-deviation margins, its P(war) and its
    P(deliberate war) on the path, as numeric functions of the ladder's parameters (the
    symbolic margins of :func:`gametheory.extensive.spe_conditions`, lambdified once), and
    whether A challenges."""
    from .analysis.escalation import _ladder
    from .escalation import ROOT, path_outcomes, war_probability

    game, everything, margins, _ = _ladder(rungs)
    symbols = list(game.parameters)
    out = []
    for moves, found in zip(everything, margins, strict=True):
        deliberate = path_outcomes(game, moves).get("war", sp.Integer(0))
        out.append(
            (
                sp.lambdify(symbols, list(found) or [sp.Integer(0)], "math"),
                sp.lambdify(symbols, war_probability(game, moves), "math"),
                sp.lambdify(symbols, deliberate, "math"),
                moves[ROOT] == "Challenge",
            )
        )
    return [s.name for s in symbols], game.defaults, out


def ladder_spe(
    point: Mapping[str, float], rungs: int = LADDER_RUNGS
) -> list[tuple[float, float, bool]]:
    """Every pure subgame-perfect equilibrium of the ladder at `point` (the ladder's defaults
    elsewhere): its P(war), its P(deliberate war) and whether A challenges."""
    names, defaults, functions = _ladder_functions(rungs)
    values = {**{k: float(v) for k, v in defaults.items()}, **point}
    args = [values[n] for n in names]
    return [
        (float(war(*args)), float(deliberate(*args)), challenge)
        for margins, war, deliberate, challenge in functions
        if min(margins(*args)) >= -SPE_TOL
    ]


def ladder_spe_war(point: Mapping[str, float], rungs: int = LADDER_RUNGS) -> tuple[float, float]:
    """The largest P(war) and the largest P(deliberate war) over the ladder's pure
    subgame-perfect equilibria at `point` (the ladder's defaults elsewhere)."""
    found = ladder_spe(point, rungs)
    return max(e[0] for e in found), max(e[1] for e in found)


def ladder_not_deterred(point: Mapping[str, float]) -> bool:
    """With no reassurance (r = 0), A challenges in every subgame-perfect equilibrium of the
    ladder: the capabilities do not deter."""
    return all(challenge for _, _, challenge in ladder_spe({**point, "r": 0.0}))


def war_rises_with_capability(point: Mapping[str, float]) -> bool:
    """P(war) on the ladder's subgame-perfect path is higher at the point's capabilities than
    with both halved (the largest over the subgame-perfect equilibria where there are
    several)."""
    halved = {**point, "c_A": 0.5 * point["c_A"], "c_B": 0.5 * point["c_B"]}
    return ladder_spe_war(point)[0] > ladder_spe_war(halved)[0] + SPE_TOL


def crisis_climbs_to_war(point: Mapping[str, float]) -> bool:
    """On the ladder's subgame-perfect path the crisis is climbed to deliberate war (the top
    rung's war) with positive probability."""
    return ladder_spe_war(point)[1] > SPE_TOL


# ------------------------------------------------------------------------- records
def choice_specs() -> list[ClaimSpec]:
    """The direct tests with capability and escalation as choices (module docstring)."""
    arming_fixed = {
        "level_step": ARMING_LEVELS[1] - ARMING_LEVELS[0],
        "top_level": ARMING_LEVELS[-1],
        "war_target": WAR_TARGET,
    }
    return [
        ClaimSpec(
            id="capability_alone_does_not_deter.arming",
            statement="Building military capability alone will not deter.",
            models=("arming",),
            proposition="with no reassurance (r = 0) and capability chosen at upkeep k, no pure "
            "equilibrium of the arming game ends in mutual restraint ((R, R) surely, P(war) at "
            "most 0.05)",
            prior=dict(ARMING_NO_R_BOX),
            predicate=capability_alone_arming,
            fixed={"r": 0.0, **arming_fixed},
            assumed=(STAGE_SELECTION, PURE_LEVELS),
        ),
        ClaimSpec(
            id="capability_alone_does_not_deter.escalation",
            statement="Building military capability alone will not deter.",
            models=("escalation",),
            proposition="with no reassurance (r = 0), A challenges in every subgame-perfect "
            "equilibrium of the escalation ladder: the capabilities do not deter the challenge",
            prior={k: v for k, v in LADDER_BOX.items() if k != "r"},
            predicate=ladder_not_deterred,
            fixed={"r": 0.0, "rungs": LADDER_RUNGS},
            assumed=(LADDER_FORM,),
        ),
        ClaimSpec(
            id="capability_heightens_tension.arming",
            statement="Building capability only heightens tension.",
            models=("arming",),
            proposition="some pure equilibrium of the arming game has a bloc building "
            "capability, and every pure equilibrium in which a bloc builds fails restraint "
            "(its stage-2 outcome is not surely (R, R), or P(war) > 0.05)",
            prior=dict(ARMING_BOX),
            predicate=building_heightens_tension,
            fixed=arming_fixed,
            assumed=(STAGE_SELECTION, PURE_LEVELS, REASSURANCE_EXOGENOUS),
        ),
        ClaimSpec(
            id="capability_heightens_tension.arms_race",
            statement="Mutual build-up is a prisoner's dilemma: both blocs arm, and both would "
            "be better off at lower levels.",
            models=("arming",),
            proposition="some pure equilibrium of the arming game has both blocs building "
            "capability and both would gain strictly at some profile of lower levels",
            prior=dict(ARMING_BOX),
            predicate=mutual_buildup_dilemma,
            fixed=arming_fixed,
            assumed=(STAGE_SELECTION, PURE_LEVELS, REASSURANCE_EXOGENOUS),
        ),
        ClaimSpec(
            id="incident_escalates.escalation",
            statement="With large capabilities on both sides, the slightest incident can "
            "escalate into a major war.",
            models=("escalation",),
            proposition="on the escalation ladder's subgame-perfect path, P(war) (inadvertent or "
            "deliberate) is higher at capabilities (c_A, c_B) than at (c_A/2, c_B/2) (the "
            "largest over the subgame-perfect equilibria where there are several)",
            prior=dict(LADDER_BOX),
            predicate=war_rises_with_capability,
            fixed={"rungs": LADDER_RUNGS},
            assumed=(LADDER_FORM, ACCIDENTS_BUILT_IN),
        ),
        ClaimSpec(
            id="incident_escalates.ladder_war",
            statement="With large capabilities on both sides, the slightest incident can "
            "escalate into a major war.",
            models=("escalation",),
            proposition="on the escalation ladder's subgame-perfect path the crisis is climbed "
            "to deliberate war at the top rung with positive probability",
            prior=dict(LADDER_BOX),
            predicate=crisis_climbs_to_war,
            fixed={"rungs": LADDER_RUNGS},
            assumed=(LADDER_FORM,),
        ),
    ]


def register_choice_specs(table: dict[str, ClaimSpec]) -> None:
    """Add :func:`choice_specs` to the registry `table` and drop the model each directly tests
    from the ``awaiting`` of the records in :data:`DIRECT_TESTS` (the registry's hook)."""
    for cid, model in DIRECT_TESTS.items():
        if cid in table:
            spec = table[cid]
            table[cid] = replace(spec, awaiting=tuple(a for a in spec.awaiting if a != model))
    for spec in choice_specs():
        table[spec.id] = spec


__all__ = [
    "ARMING_BOX",
    "ARMING_LEVELS",
    "ARMING_NO_R_BOX",
    "DIRECT_TESTS",
    "LADDER_BOX",
    "arming_pure_equilibria",
    "building_heightens_tension",
    "capability_alone_arming",
    "choice_specs",
    "crisis_climbs_to_war",
    "ladder_not_deterred",
    "ladder_spe",
    "ladder_spe_war",
    "mutual_buildup_dilemma",
    "register_choice_specs",
    "war_rises_with_capability",
]
