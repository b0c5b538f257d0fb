"""Analysis of Kydd's trust models: can a costly gesture restore restraint when trust is low?

Two models of :mod:`gametheory.deterrence.trust`:

1. :func:`~gametheory.deterrence.trust.security_dilemma_types`: how much prior trust ``p``
   do two security seekers need to restrain (seekers cooperate, expansionists defect)?
2. :func:`~gametheory.deterrence.trust.costly_reassurance`: when trust is below what B needs,
   does a seeker's costly gesture (``k``; ``k + d`` for an expansionist) reveal it?

Every sentence of the report is a :class:`~gametheory.deterrence.findings.Finding` rendered
from a computed record: the regions in ``p`` and ``k`` are solved exactly from the models'
symbolic equilibrium conditions, and what the report says about the chosen point (who makes
the gesture, who mixes, the probability of war) is read off the perfect Bayesian equilibria
computed there by :func:`gametheory.bayesian.perfect_bayesian`. When several equilibria
coexist the report says so and gives the range over them. Where no closed form covers the
mixed equilibria (the gesture costs at which war is avoidable in some equilibrium) the region
is located by scan and bisection (:meth:`~gametheory.deterrence.findings.Region.locate`).

>>> report = analyse({"p": 0.5, "k": 0.8}, locate_war=False)
>>> report.finding("trust.separating_range").region.text()
'k in [1, 2]'
>>> report.finding("trust.war_probability").evidence["p_war_range"]
[0.0, 0.3]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from ...bayesian import bayesian_equilibria, perfect_bayesian
from ...errors import GameError
from ..findings import Finding, Region, Report, number_text
from ..trust import (
    costly_reassurance,
    reassurance_range,
    security_dilemma_types,
    spiral_minimum_trust,
)
from ._exact import exact_region, holds_at, number_at

SPIRAL_NAMES = ("R", "S", "P", "T_s", "T_e", "p")
REASSURANCE_NAMES = ("R", "S", "P", "T_e", "k", "d", "p")
SEEKER, EXPANSIONIST = "seeker", "expansionist"
GESTURE, NONE = "gesture", "none"
TRUST, GUARD = "C", "D"
PROB_TOL = 1e-9
"""Probabilities within this of 0 or 1 are printed as 0 or 1 (solver round-off)."""
WAR_SCAN, WAR_TOL = 41, 1e-6
"""Scan points and endpoint accuracy of the located region of k where war is avoidable (each
point solves the game's perfect Bayesian equilibria)."""
SEEKERS_RESTRAIN = (("C", "D"), ("C", "D"))
"""The spiral model's profile of interest: each side's seeker C, expansionist D."""


def split_values(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The --param values of the two models (shared names go to both); unknown names raise."""
    unknown = sorted(set(values) - set(SPIRAL_NAMES) - set(REASSURANCE_NAMES))
    if unknown:
        raise GameError(
            f"--param: unknown parameters {unknown}; the models have "
            f"{sorted(set(SPIRAL_NAMES) | set(REASSURANCE_NAMES))}"
        )
    if "p" in values and not 0 <= float(values["p"]) <= 1:
        raise GameError(f"analyse(): trust p = {values['p']} is a probability; needs 0 <= p <= 1")
    spiral = {k: v for k, v in values.items() if k in SPIRAL_NAMES}
    reassure = {k: v for k, v in values.items() if k in REASSURANCE_NAMES}
    return spiral, reassure


def probability(x: float) -> float:
    """A computed probability, solver round-off removed; refuses one clearly outside [0, 1]."""
    if x < -PROB_TOL or x > 1 + PROB_TOL:
        raise GameError(f"probability(): {x} is not a probability")
    return float(min(1.0, max(0.0, x)))


def _p(x: float) -> str:
    return number_text(probability(x))


# ----------------------------------------------------------------------------- spiral model
@lru_cache(maxsize=1)
def _spiral_symbolic():
    """The spiral model, the interim gains at seekers-restrain and the minimum trust formula
    (derived once: they do not depend on the parameter values)."""
    model = security_dilemma_types()
    return model, model.interim_gains(SEEKERS_RESTRAIN), spiral_minimum_trust(model)


@lru_cache(maxsize=1)
def _reassurance_symbolic():
    """The reassurance model and its separating range (derived once)."""
    model = costly_reassurance()
    return model, reassurance_range(model)


def _spiral(values: dict[str, Any]) -> tuple[dict[str, Any], list[Finding]]:
    model, gains, formula = _spiral_symbolic()
    params = model.ex_ante_form().values("--param", **values)
    p = float(params["p"])
    # restraint among seekers is an equilibrium where no type gains by deviating
    region = exact_region(
        [[-g for g in gains.values()]],
        "p",
        params,
        0.0,
        1.0,
        condition=" and ".join(f"{sp.factor(g)} <= 0" for g in gains.values()),
    )
    holds = holds_at([-g for g in gains.values()], params)
    found, complete = bayesian_equilibria(model, **params)
    # a type of prior 0 never plays: the ex-ante equilibria leave its choices unrestricted, so
    # they are left out and equilibria differing only there are listed once
    absent = [t for t, q in ((SEEKER, p), (EXPANSIONIST, 1 - p)) if q == 0]
    table: list[dict[str, Any]] = []
    for e in found:
        behaviour = {
            who: {t: dict(b) for t, b in per_type.items() if t not in absent}
            for who, per_type in e.behaviour.items()
        }
        if all(not _same_behaviour(behaviour, row["behaviour"]) for row in table):
            table.append({"behaviour": behaviour, "payoffs": list(e.payoffs)})
    gain_here = {
        f"{who} {kind} -> {dev}": number_at(g, params) for (who, kind, dev), g in gains.items()
    }
    if absent:
        note = (
            f" The {absent[0]} type has prior 0 here: its choices in the equilibria listed "
            "are unrestricted and left out; the claim uses its interim best reply."
        )
    else:
        note = ""
    if region.empty:
        statement = (
            "Seekers restraining while expansionists defect is a Bayesian equilibrium for no "
            "trust p in [0, 1] here: some type gains by deviating at every p."
        )
    else:
        statement = (
            "Seekers restraining while expansionists defect is a Bayesian equilibrium iff "
            f"{region.text()} (the seekers' minimum trust is {formula}); at p = "
            f"{number_text(p)} it is {'' if holds else 'not '}one."
        )
    statement += note
    finding = Finding(
        "trust.spiral_minimum_trust",
        statement,
        holds,
        region,
        {"formula": str(formula), "interim_gains": gain_here, "complete": complete},
    )
    data = {
        "parameters": {k: float(v) for k, v in params.items()},
        "equilibria": table,
        "absent_types": absent,
    }
    return data, [finding]


def _same_behaviour(a: dict, b: dict, tol: float = 1e-9) -> bool:
    """Whether two behaviour records (player -> type -> action -> probability) agree."""
    return a.keys() == b.keys() and all(
        a[who].keys() == b[who].keys()
        and all(
            abs(a[who][t].get(x, 0.0) - b[who][t].get(x, 0.0)) <= tol
            for t in a[who]
            for x in set(a[who][t]) | set(b[who][t])
        )
        for who in a
    )


# ----------------------------------------------------------------------------- reassurance
def _describe(game, eq) -> dict[str, Any]:
    """One perfect Bayesian equilibrium as the report reads it."""
    prior = {t: float(q) for t, q in zip(game.types, game.prior, strict=True)}
    # on the path: sent with positive probability by a type of positive prior
    sent = {m for t, dist in eq.sender.items() for m, q in dist.items() if prior[t] * q > 0}
    gesture = {t: probability(eq.sender[t].get(GESTURE, 0.0)) for t in game.types}
    mixers = [t for t in game.types if 0 < gesture[t] < 1]
    receiver_mixes = [
        m for m in game.messages if m in sent and 0 < eq.receiver[m].get(TRUST, 0.0) < 1
    ]
    exploited = prior[EXPANSIONIST] * sum(
        w * eq.receiver[m].get(TRUST, 0.0) for m, w in eq.sender[EXPANSIONIST].items()
    )
    return {
        "kind": eq.kind,
        "gesture_probability": gesture,
        "trust_after": {m: probability(eq.receiver[m].get(TRUST, 0.0)) for m in game.messages},
        "on_path": {m: m in sent for m in game.messages},
        "sender_mixes": mixers,
        "receiver_mixes_after": receiver_mixes,
        "p_war": probability(eq.action_probability(game, GUARD)),
        "p_exploited": probability(exploited),
        "beliefs": {m: {t: probability(q) for t, q in b.items()} for m, b in eq.beliefs.items()},
        "off_path_belief_range": {
            m: [probability(lo), probability(hi)] for m, (lo, hi) in eq.off_path.items()
        },
        "payoffs": [float(u) for u in eq.payoffs],
    }


def _type_text(kind: str, q: float) -> str:
    who = f"{kind}s"
    if q == 1:
        return f"{who} gesture"
    if q == 0:
        return f"{who} do not gesture"
    return f"{who} gesture with probability {_p(q)}"


def equilibrium_text(e: dict[str, Any]) -> str:
    """One equilibrium in words, from its record."""
    senders = ", ".join(_type_text(t, q) for t, q in e["gesture_probability"].items())
    replies = []
    for m, q in e["trust_after"].items():
        after = "a gesture" if m == GESTURE else "no gesture"
        off = "" if e["on_path"][m] else " (never sent)"
        act = "trusts" if q == 1 else "guards" if q == 0 else f"trusts with probability {_p(q)}"
        replies.append(f"B {act} after {after}{off}")
    return (
        f"{e['kind']}: {senders}; {'; '.join(replies)}; P(war) {_p(e['p_war'])}, "
        f"P(B exploited) {_p(e['p_exploited'])}"
    )


def war_avoidable(model, params: dict[str, Any], k: float) -> bool:
    """Whether some perfect Bayesian equilibrium at gesture cost `k` has P(war) < 1."""
    game = model.at(**{**params, "k": k})
    return any(
        e.action_probability(game, GUARD) < 1 - PROB_TOL for e in perfect_bayesian(game).equilibria
    )


def _war_avoidable(model, found, params, holds: bool | None) -> Finding:
    """Where in k war is avoidable in some equilibrium: located (no closed form covers the
    mixed equilibria), with the separating range's ends as breakpoints."""
    k = float(params["k"])
    ends = [number_at(found.lower, params), number_at(found.upper, params)]
    k_max = max([4.0, 1.5 * k] + [2 * e for e in ends if np.isfinite(e)])
    region = Region.locate(
        "k",
        lambda x: war_avoidable(model, params, x),
        0.0,
        k_max,
        n_scan=WAR_SCAN,
        tol=WAR_TOL,
        breakpoints=[e for e in ends if np.isfinite(e)],
        condition="some perfect Bayesian equilibrium has P(war) < 1",
    )
    span = f"k in [0, {number_text(k_max)}]"
    how = f"located by scan and bisection to {WAR_TOL:g}"
    if region.empty:
        text = f"War is certain in every equilibrium for every {span} ({how})."
    elif region.everywhere:
        text = f"War is avoidable in some equilibrium for every {span} ({how})."
    else:
        text = (
            f"Over {span} ({how}), war is avoidable in some equilibrium for {region.text()} and "
            "certain in every equilibrium elsewhere."
        )
    return Finding("trust.war_avoidable", text, holds, region, {"k_max": k_max})


def _reassurance(
    values: dict[str, Any], locate_war: bool = True
) -> tuple[dict[str, Any], list[Finding]]:
    model, found = _reassurance_symbolic()
    params = model.strategic_form().values("--param", **values)
    p, k = float(params["p"]), float(params["k"])
    here = model.at(**params)
    result = perfect_bayesian(here)
    described = [_describe(here, e) for e in result.equilibria]
    findings = [
        _receiver_trust(model, params, described),
        _separating(found, params, described),
    ]
    findings += _at_point(params, described, result)
    if locate_war:
        here_avoidable = next(f for f in findings if f.id == "trust.war_probability").holds
        findings.append(_war_avoidable(model, found, params, here_avoidable))
    data = {
        "parameters": {name: float(v) for name, v in params.items()},
        "equilibria": described,
        "complete": result.complete,
        "notes": list(result.notes),
        "p": p,
        "k": k,
    }
    return data, findings


def _receiver_trust(model, params, described) -> Finding:
    """Where B trusts on its prior alone, so that no gesture is needed."""
    mu = sp.Symbol("p", nonnegative=True)
    (u_seeker, u_expansionist) = model.receiver_payoff
    c, d = model.actions.index(TRUST), model.actions.index(GUARD)
    margin = mu * (u_seeker[c] - u_seeker[d]) + (1 - mu) * (u_expansionist[c] - u_expansionist[d])
    roots = sp.solve(sp.Eq(margin, 0), mu)
    formula = sp.factor(roots[0]) if len(roots) == 1 else None
    region = exact_region([[margin]], "p", params, 0.0, 1.0, condition=f"{sp.expand(margin)} >= 0")
    p = float(params["p"])
    holds = holds_at([margin], params)
    pooled_trust = [
        e
        for e in described
        if e["gesture_probability"][SEEKER] == 0
        and e["gesture_probability"][EXPANSIONIST] == 0
        and e["trust_after"][NONE] == 1
    ]
    if region.everywhere:
        statement = (
            "B trusts on its prior alone at every p in [0, 1] (trusting is never worse for it "
            "than guarding): its choice does not hinge on trust, and no gesture is needed."
        )
    elif region.empty:
        statement = "B trusts on its prior alone for no p in [0, 1] here."
    else:
        where = region.text() + (f", p >= {formula}" if formula is not None else "")
        statement = (
            f"Without a gesture B trusts on its prior alone (an equilibrium where no one "
            f"gestures and B trusts) iff {where}; at p = {number_text(p)} "
            + ("it does." if holds else "it does not.")
        )
    return Finding(
        "trust.receiver_minimum_trust",
        statement,
        holds,
        region,
        {
            "formula": None if formula is None else str(formula),
            "equilibria_without_gesture_and_trust": len(pooled_trust),
        },
    )


def _separating(found, params, described) -> Finding:
    """Where the gesture separates the types: an exact interval of k."""
    margins = [m for _, m in found.profile.conditions]
    region = exact_region(
        [margins],
        "k",
        params,
        0.0,
        float("inf"),
        condition=f"{found.lower} <= k <= {found.upper}",
    )
    k = float(params["k"])
    holds = holds_at(margins, params)
    prior = {SEEKER: float(params["p"]), EXPANSIONIST: 1 - float(params["p"])}
    # P(war) in the separating profile: the types whose message B answers by guarding
    p_war = sum(
        prior[t] for t, m in found.profile.sender.items() if found.profile.receiver[m] == GUARD
    )
    lower, upper = number_at(found.lower, params), number_at(found.upper, params)
    failing = [text for text, m in found.requires if number_at(m, params) < 0]
    if region.empty:
        why = (
            "; ".join(f"it needs {text}, which fails" for text in failing)
            if failing
            else (
                f"the least cost that stops expansionists mimicking, {found.lower} = "
                f"{number_text(lower)}, exceeds the most a seeker would pay, {found.upper} = "
                f"{number_text(upper)}"
            )
        )
        statement = f"No separating equilibrium exists for any k here: {why}."
        holds_value: bool | None = None  # the premise (a separating range) fails
    else:
        statement = (
            "A gesture separates the types (seekers make it, expansionists do not, B trusts "
            f"exactly those who do) iff {region.text()} ({found.lower} <= k <= {found.upper}); "
            f"in that equilibrium P(war) = {_p(p_war)} and B is never exploited; at k = "
            f"{number_text(k)} it is {'' if holds else 'not '}an equilibrium."
        )
        holds_value = holds
    return Finding(
        "trust.separating_range",
        statement,
        holds_value,
        region,
        {
            "lower": str(found.lower),
            "upper": str(found.upper),
            "lower_value": lower,
            "upper_value": upper,
            "failing_conditions": failing,
            "p_war_if_separating": probability(p_war),
            "separating_equilibria_here": sum(e["kind"] == "separating" for e in described),
        },
    )


def _at_point(params, described, result) -> list[Finding]:
    """What the equilibria at the chosen (k, p) say: coexistence, mimicry, mixing, war."""
    k, p = number_text(float(params["k"])), number_text(float(params["p"]))
    n = len(described)
    where = f"At k = {k}, p = {p}"
    if n == 0:
        none = f"{where} no perfect Bayesian equilibrium was found"
        return [Finding("trust.equilibria", none + ".", None, None, {"notes": list(result.notes)})]
    kinds: dict[str, int] = {}
    for e in described:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    kind_text = ", ".join(f"{c} {kind}" for kind, c in kinds.items())
    continua = any("continua" in note for note in result.notes)
    count = "one perfect Bayesian equilibrium" if n == 1 else f"{n} perfect Bayesian equilibria"
    statement = f"{where} there {'is' if n == 1 else 'are'} {count} ({kind_text})" + (
        " coexisting; they are the extreme points of continua, and every other equilibrium "
        "mixes listed ones that share a path."
        if continua and n > 1
        else " coexisting."
        if n > 1
        else "."
    )
    # a type of prior 0 never plays: its strategy is unrestricted and says nothing
    absent = [
        t
        for t, q in ((SEEKER, float(params["p"])), (EXPANSIONIST, 1 - float(params["p"])))
        if q == 0
    ]
    if absent:
        statement += (
            f" A is {'an expansionist' if absent == [SEEKER] else 'a seeker'} for sure here: "
            f"the {absent[0]} type's choices listed are never played."
        )
    if not result.complete:
        statement += (
            f" The solver ({result.method}) does not guarantee this list is complete, so the "
            "ranges below are over the equilibria found."
        )
    out = [
        Finding(
            "trust.equilibria",
            statement,
            True if result.complete else None,
            None,
            {"kinds": kinds, "count": n, "absent": absent, "complete": result.complete},
        )
    ]

    mimic = [i for i, e in enumerate(described) if e["gesture_probability"][EXPANSIONIST] > 0]
    if EXPANSIONIST in absent:
        text = "A is a seeker for sure (p = 1): there is no expansionist to mimic the gesture."
        out.append(Finding("trust.mimicry", text, None, None, {"equilibria": []}))
    elif mimic:
        listing = "; ".join(
            f"{described[i]['kind']} equilibrium {i + 1} (with probability "
            f"{_p(described[i]['gesture_probability'][EXPANSIONIST])})"
            for i in mimic
        )
        text = f"Expansionists make the gesture in {len(mimic)} of the {n} equilibria: {listing}."
    else:
        text = (
            "Expansionists do not make the gesture in the only equilibrium."
            if n == 1
            else f"Expansionists make the gesture in none of the {n} equilibria."
        )
    if EXPANSIONIST not in absent:
        out.append(Finding("trust.mimicry", text, bool(mimic), None, {"equilibria": mimic}))

    mixing = []
    for i, e in enumerate(described):
        who = [f"{t}s" for t in e["sender_mixes"] if t not in absent]
        who += [
            f"B after {'a gesture' if m == GESTURE else 'no gesture'}"
            for m in e["receiver_mixes_after"]
        ]
        if who:
            mixing.append(f"equilibrium {i + 1} ({e['kind']}): {' and '.join(who)}")
    text = (
        "Who mixes (on the path): " + "; ".join(mixing) + "."
        if mixing
        else "No one mixes on the path" + (" in any equilibrium." if n > 1 else ".")
    )
    out.append(
        Finding(
            "trust.mixing",
            text,
            bool(mixing),
            None,
            {"sender_mixes": [e["sender_mixes"] for e in described]},
        )
    )

    wars = [e["p_war"] for e in described]
    exploits = [e["p_exploited"] for e in described]
    lo, hi = min(wars), max(wars)
    avoidable = lo < 1
    span = f"P(war) = {_p(lo)}" if lo == hi else f"P(war) ranges from {_p(lo)} to {_p(hi)}"
    span_b = (
        f"P(B exploited) = {_p(min(exploits))}"
        if min(exploits) == max(exploits)
        else f"P(B exploited) from {_p(min(exploits))} to {_p(max(exploits))}"
    )
    over = "in the only equilibrium" if n == 1 else f"over the {n} coexisting equilibria"
    some = "" if n == 1 else " in some equilibrium"
    verdict = (
        ("war is certain" if n == 1 else "war is certain in every equilibrium")
        if not avoidable
        else f"war is avoided entirely{some}"
        if lo == 0
        else f"war is not certain{some}"
    )
    out.append(
        Finding(
            "trust.war_probability",
            f"{where}, {span} and {span_b} {over}: {verdict}.",
            avoidable,
            None,
            {
                "p_war": wars,
                "p_exploited": exploits,
                "p_war_range": [lo, hi],
                "p_exploited_range": [min(exploits), max(exploits)],
            },
        )
    )
    return out


# ----------------------------------------------------------------------------- public
def analyse(values: dict[str, Any], locate_war: bool = True) -> Report:
    """Both models at `values` (a --param dict): their findings and equilibria.

    With `locate_war` (the default) the region of k where war is avoidable in some
    equilibrium is located (``trust.war_avoidable``): some 40-60 equilibrium computations.
    """
    spiral_values, reassurance_values = split_values(values)
    spiral, spiral_findings = _spiral(spiral_values)
    reassurance, reassurance_findings = _reassurance(reassurance_values, locate_war)
    return Report(
        "trust",
        {**spiral["parameters"], **reassurance["parameters"]},
        tuple(spiral_findings + reassurance_findings),
        {"spiral": spiral, "reassurance": reassurance},
    )


def _behaviour_text(per_type: dict[str, dict[str, float]]) -> str:
    return "; ".join(
        f"{t}: " + " + ".join(a if q >= 1 - PROB_TOL else f"{_p(q)} {a}" for a, q in d.items())
        for t, d in per_type.items()
    )


def render(report: Report) -> str:
    """The text report: each model's parameters and equilibria, then its findings."""
    spiral, reassurance = report.data["spiral"], report.data["reassurance"]
    lines = [
        "1. Kydd's security dilemma with types (seekers: assurance game; expansionists: PD)",
        "  parameters: " + ", ".join(f"{k}={v:g}" for k, v in spiral["parameters"].items()),
        f"  Bayesian equilibria ({len(spiral['equilibria'])}):",
    ]
    for e in spiral["equilibria"]:
        lines.append(
            "    "
            + "  ".join(f"{who} {{{_behaviour_text(b)}}}" for who, b in e["behaviour"].items())
            + "  payoffs "
            + ", ".join(number_text(v) for v in e["payoffs"])
        )
    lines.append(f"  - {report.finding('trust.spiral_minimum_trust').statement}")
    lines += [
        "",
        "2. Costly reassurance (A may make a gesture; B then trusts or guards)",
        "  parameters: " + ", ".join(f"{k}={v:g}" for k, v in reassurance["parameters"].items()),
        f"  perfect Bayesian equilibria at k = {number_text(reassurance['k'])}:",
    ]
    for i, e in enumerate(reassurance["equilibria"]):
        lines.append(f"    {i + 1}. {equilibrium_text(e)}")
    lines += ["", "Findings:"]
    lines += [f"  - {f.statement}" for f in report.findings if f.id != "trust.spiral_minimum_trust"]
    return "\n".join(lines)


def plot(report: Report, path: str, values: dict[str, Any]) -> str:
    """Left: P(war) in every PBE against the gesture's cost k; right: the exact regions over
    (p, k): trust on the prior alone, and the separating range of k."""
    from matplotlib.patches import Patch

    from ...sweep.plot import pyplot, save

    plt = pyplot()
    params = report.data["reassurance"]["parameters"]
    separating = report.finding("trust.separating_range")
    upper = separating.evidence["upper_value"]
    k_max = max(4.0, 1.5 * params["k"], 1.5 * upper if np.isfinite(upper) else 0.0)
    model = costly_reassurance()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.8), constrained_layout=True)
    style = {
        "separating": ("o", "#1a9641"),
        "pooling": ("s", "#d7191c"),
        "semi-separating": ("^", "#fdae61"),
    }
    points: dict[str, list[tuple[float, float]]] = {kind: [] for kind in style}
    for k in np.linspace(0.0, k_max, 33):
        game = model.at(**{**params, "k": float(k)})
        for e in perfect_bayesian(game).equilibria:
            points[e.kind].append((float(k), probability(e.action_probability(game, GUARD))))
    for kind, (marker, colour) in style.items():
        if points[kind]:
            xs, ys = zip(*points[kind], strict=True)
            left.scatter(xs, ys, marker=marker, color=colour, label=f"{kind}: P(war)", s=22)
    for iv in separating.region.intervals:
        left.axvspan(iv.lo, min(iv.hi, k_max), color="#1a9641", alpha=0.12)
    left.axvline(params["k"], color="k", linestyle=":", linewidth=1, label="chosen k")
    left.set_xlabel("gesture cost k (for a seeker)")
    left.set_ylabel("P(war) = P(B guards)")
    left.set_title(f"every perfect Bayesian equilibrium, p = {params['p']:g} (band: separating)")
    left.set_ylim(-0.05, 1.05)
    left.legend(fontsize=8)
    left.grid(alpha=0.3)
    trust_region = report.finding("trust.receiver_minimum_trust").region
    pp, kk = np.meshgrid(np.linspace(0, 1, 301), np.linspace(0, k_max, 301))
    sep = np.zeros(kk.shape, dtype=bool)
    for iv in separating.region.intervals:
        sep |= (kk >= iv.lo) & (kk <= iv.hi)
    trusted = np.vectorize(trust_region.contains)(pp)
    colours = np.ones((*pp.shape, 3))
    colours[sep] = (0.55, 0.8, 0.55)
    colours[trusted] = (0.57, 0.77, 0.87)
    colours[sep & trusted] = (0.4, 0.65, 0.65)
    right.imshow(colours, origin="lower", extent=(0, 1, 0, k_max), aspect="auto")
    right.plot([params["p"]], [params["k"]], "k*", markersize=12)
    right.legend(
        handles=[
            Patch(color=(0.57, 0.77, 0.87), label="B trusts on its prior alone (exact)"),
            Patch(color=(0.55, 0.8, 0.55), label="a gesture separates the types (exact)"),
        ],
        fontsize=8,
        loc="upper right",
    )
    right.set_xlabel("prior trust p (A is a seeker)")
    right.set_ylabel("gesture cost k")
    right.set_title("where trust or a gesture can carry restraint (star: chosen point)")
    return save(fig, path)
