"""Analysis of Zagare and Kilgour's deterrence games: when is a threat credible, and does
deterrence hold?

The models are :func:`~gametheory.deterrence.credibility.unilateral_deterrence` (a challenger
keeps the status quo or challenges; the defender concedes or resists) and
:func:`~gametheory.deterrence.credibility.mutual_deterrence` (either side may challenge).
Both are games of perfect information, so every pure profile is subgame perfect exactly where
its one-shot-deviation conditions hold (:func:`gametheory.extensive.spe_conditions`). Each
region below is solved exactly from those conditions in one parameter (the defender's
capability ``c_B``, or war's destructiveness ``w``), the others fixed; what the report says at
the chosen point is read off the subgame-perfect equilibria computed there by
:func:`gametheory.extensive.subgame_perfect`.

>>> report = analyse({"w": 0.7, "v": 2})
>>> report.finding("credibility.threat_credible").region.text()
'c_B in [0, 8]'
>>> report.finding("credibility.capability_trend").holds
False
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy as sp

from ...extensive import credibility, spe_conditions, subgame_perfect
from ..credibility import mutual_deterrence, unilateral_deterrence
from ..findings import Finding, Report, number_text
from ._exact import exact_region, holds_at, number_at

STATUS_QUO = "status quo"
CAPABILITY, DESTRUCTION = "c_B", "w"
"""The parameters the regions are stated in."""


def _outcome(game, moves) -> str:
    """The label of the outcome reached when play follows the pure profile `moves`."""
    k = 0
    while game.nodes[k].kind == "decision":
        label = game.infosets[game.node_infoset[k]].label
        action = moves[label]
        if not isinstance(action, str) or action not in game.nodes[k].actions:
            return "mixed play"
        k = game.children[k][game.nodes[k].actions.index(action)]
    return game.nodes[k].label


def _profiles(game) -> list[dict[str, str]]:
    sets = [(h.label, h.actions) for h in game.infosets]
    return [
        dict(zip([label for label, _ in sets], choice, strict=True))
        for choice in itertools.product(*[actions for _, actions in sets])
    ]


def outcome_region(game, outcome: str, variable: str, values: dict[str, Any]):
    """Where (in `variable`) some pure SPE of the perfect-information `game` reaches `outcome`:
    the union, over the pure profiles that reach it, of the sets where all their SPE
    conditions hold."""
    conjunctions = [
        [c.margin for c in spe_conditions(game, moves)]
        for moves in _profiles(game)
        if _outcome(game, moves) == outcome
    ]
    return exact_region(conjunctions, variable, values, 0.0, float("inf"))


def _spe_text(game, result) -> tuple[list[dict[str, Any]], str]:
    records = [{**e.to_dict(), "outcome": _outcome(game, e.moves)} for e in result.equilibria]
    plays = [
        ", ".join(f"{who}: {act}" for who, act in r["moves"].items()) + f" -> {r['outcome']}"
        for r in records
    ]
    if len(records) == 1:
        return records, f"the only subgame-perfect equilibrium is {plays[0]}"
    return records, (
        f"{len(records)} subgame-perfect equilibria coexist (the mover is indifferent): "
        + "; ".join(plays)
    )


def _condition_finding(fid, what, adjective, conditions, params, variable) -> Finding:
    """A finding that `conditions` (each ``margin >= 0``) hold: exact region in `variable`."""
    margins = [c.margin for c in conditions]
    relation = " and ".join(str(c.relation) for c in conditions)
    region = exact_region([margins], variable, params, 0.0, float("inf"), condition=relation)
    values = [number_at(m, params) for m in margins]
    holds = holds_at(margins, params)
    here = f"{variable} = {number_text(float(params[variable]))}"
    where = (
        f"for no {variable} >= 0 here"
        if region.empty
        else f"for every {variable} >= 0"
        if region.everywhere
        else f"for {region.text()}"
    )
    statement = (
        f"{what} iff {relation}, which holds {where}; at {here} it is "
        f"{adjective if holds else 'NOT ' + adjective} (margin "
        + ", ".join(f"{v:+.4g}" for v in values)
        + ")."
    )
    return Finding(fid, statement, holds, region, {"margins": values, "condition": relation})


def _unilateral(params: dict[str, Any]) -> tuple[dict[str, Any], list[Finding]]:
    game = unilateral_deterrence()
    credible = credibility(game, "Defender", "Resist")
    capable = credibility(game, "Challenger", "SQ", moves={"Defender": "Resist"})
    result = subgame_perfect(game.at(**params))
    records, play = _spe_text(game, result)
    findings = [
        _condition_finding(
            "credibility.threat_credible",
            "The defender's threat to resist is credible (once challenged, conflict is at "
            "least as good for it as conceding)",
            "credible",
            credible,
            params,
            CAPABILITY,
        ),
        _condition_finding(
            "credibility.threat_capable",
            "The threat is capable (the challenger prefers the status quo to conflict)",
            "capable",
            capable,
            params,
            CAPABILITY,
        ),
    ]
    # how capability moves credibility: the derivative of the defender's margin in c_B
    (margin,) = [c.margin for c in credible]
    c_b = next(s for s in margin.free_symbols if s.name == CAPABILITY)
    slope_expr = sp.expand(sp.diff(margin, c_b))
    slope = number_at(slope_expr, params)
    trend = exact_region(
        [[slope_expr]], DESTRUCTION, params, 0.0, float("inf"), condition=f"{slope_expr} >= 0"
    )
    if slope > 0:
        effect = "more capability makes the threat MORE credible"
    elif slope < 0:
        effect = (
            "more capability makes the threat LESS credible: war grows more destructive "
            "faster than capability helps the defender, so building capability does not help"
        )
    else:
        effect = "capability does not change the threat's credibility"
    where = "for no w >= 0" if trend.empty else f"for {trend.text()}"
    findings.append(
        Finding(
            "credibility.capability_trend",
            f"d(credibility margin)/d c_B = {slope_expr} = {slope:+.4g}: {effect}; capability "
            f"does not weaken credibility {where}.",
            holds_at([slope_expr], params),
            trend,
            {"slope": slope, "slope_formula": str(slope_expr)},
        )
    )
    deterred = outcome_region(game, STATUS_QUO, CAPABILITY, params)
    holds = any(r["outcome"] == STATUS_QUO for r in records)
    where = "for no c_B >= 0 here" if deterred.empty else f"for {deterred.text()}"
    findings.append(
        Finding(
            "credibility.deterrence_holds",
            f"Deterrence holds (the status quo is a subgame-perfect outcome) {where}; at c_B "
            f"= {number_text(float(params[CAPABILITY]))} {play}.",
            holds,
            deterred,
            {"spe": records, "complete": result.complete},
        )
    )
    data = {
        "credibility_condition": [str(c.relation) for c in credible],
        "capability_condition": [str(c.relation) for c in capable],
        "spe": records,
    }
    return data, findings


def mutual_values(values: dict[str, Any]) -> dict[str, Any]:
    """The unilateral game's parameters for the mutual one: v applies to both sides."""
    out = dict(values)
    if "v" in out:
        v = out.pop("v")
        out.setdefault("v_A", v)
        out.setdefault("v_B", v)
    return out


def _mutual(params: dict[str, Any]) -> tuple[dict[str, Any], list[Finding]]:
    game = mutual_deterrence()
    mparams = game.values("--param", **mutual_values(params))
    result = subgame_perfect(game.at(**mparams))
    records, play = _spe_text(game, result)
    threats = {who: credibility(game, f"{who} defends", "Resist") for who in ("A", "B")}
    credible = {who: holds_at([c.margin for c in cs], mparams) for who, cs in threats.items()}
    both = exact_region(
        [[c.margin for cs in threats.values() for c in cs]],
        CAPABILITY,
        mparams,
        0.0,
        float("inf"),
    )
    text = "; ".join(
        f"{who}'s threat to resist is credible iff "
        + " and ".join(str(c.relation) for c in cs)
        + f" ({'credible' if credible[who] else 'NOT credible'} here)"
        for who, cs in threats.items()
    )
    where = "for no c_B >= 0" if both.empty else f"for {both.text()}"
    findings = [
        Finding(
            "credibility.mutual_threats",
            f"Mutual deterrence: {text}; both are credible {where}.",
            all(credible.values()),
            both,
            {"credible": credible},
        )
    ]
    status_quo = outcome_region(game, STATUS_QUO, CAPABILITY, mparams)
    where = "for no c_B >= 0 here" if status_quo.empty else f"for {status_quo.text()}"
    findings.append(
        Finding(
            "credibility.mutual_status_quo",
            f"In mutual deterrence the status quo is a subgame-perfect outcome {where}; here "
            f"{play}.",
            any(r["outcome"] == STATUS_QUO for r in records),
            status_quo,
            {"spe": records, "complete": result.complete},
        )
    )
    data = {"parameters": {k: float(v) for k, v in mparams.items()}, "spe": records}
    return data, findings


def analyse(values: dict[str, Any]) -> Report:
    """Both deterrence games at `values` (a --param dict of the unilateral game's names;
    ``v`` applies to both sides of the mutual game)."""
    game = unilateral_deterrence()
    # the trees declare every parameter nonnegative (values() refuses negatives); the regions
    # are stated over [0, inf)
    params = game.values("analyse()", **values)
    unilateral, found = _unilateral(params)
    mutual, more = _mutual(params)
    return Report(
        "credibility",
        {k: float(v) for k, v in params.items()},
        tuple(found + more),
        {"unilateral": unilateral, "mutual": mutual},
    )


def render(report: Report) -> str:
    """The text report: parameters, the subgame-perfect play, then every finding."""
    lines = [
        "Credible threats (Zagare & Kilgour 2000)",
        "  parameters: " + ", ".join(f"{k}={v:g}" for k, v in report.parameters.items()),
        "",
        "Unilateral deterrence (a challenger, a defender):",
    ]
    for f in report.findings:
        if f.id == "credibility.mutual_threats":
            lines += ["", "Mutual deterrence (either side may challenge):"]
        lines.append(f"  - {f.statement}")
    return "\n".join(lines)


def plot(report: Report, path: str, values: dict[str, Any]) -> str:
    """Left: the unilateral game's SPE outcome over (c_B, w) from the exact conditions; right:
    the credibility margin against c_B for several w."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from ...sweep.plot import pyplot, save

    plt = pyplot()
    game = unilateral_deterrence()
    params = report.parameters
    (credible,) = credibility(game, "Defender", "Resist")
    (capable,) = credibility(game, "Challenger", "SQ", moves={"Defender": "Resist"})
    names = {s.name: s for s in game.parameters}
    fixed = {names[k]: v for k, v in params.items() if k not in (CAPABILITY, DESTRUCTION)}
    axes = (names[CAPABILITY], names[DESTRUCTION])
    f_cred = sp.lambdify(axes, credible.margin.subs(fixed), "numpy")
    f_cap = sp.lambdify(axes, capable.margin.subs(fixed), "numpy")
    c_max = max(10.0, 1.5 * params[CAPABILITY])
    w_max = max(1.2, 1.5 * params[DESTRUCTION])
    cb, w = np.meshgrid(np.linspace(0, c_max, 401), np.linspace(0, w_max, 301))
    cred = np.broadcast_to(f_cred(cb, w), cb.shape) >= 0
    cap = np.broadcast_to(f_cap(cb, w), cb.shape) >= 0
    # not credible -> concession; credible and capable -> status quo; else conflict
    region = np.where(~cred, 0, np.where(cap, 2, 1))
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.8), constrained_layout=True)
    colours = ["#f4a582", "#ca0020", "#92c5de"]
    left.pcolormesh(cb, w, region, cmap=ListedColormap(colours), vmin=-0.5, vmax=2.5)
    left.axhline(params["alpha"], color="k", linestyle=":", linewidth=1)
    left.plot([params[CAPABILITY]], [params[DESTRUCTION]], "k*", markersize=12)
    left.legend(
        handles=[
            Patch(color=colours[2], label="deterred: status quo"),
            Patch(color=colours[0], label="threat not credible: challenge, concession"),
            Patch(color=colours[1], label="credible, not capable: conflict"),
        ],
        loc="upper left",
        fontsize=8,
    )
    left.set_xlabel("defender capability c_B")
    left.set_ylabel("war destructiveness w (dotted: w = alpha)")
    left.set_title("unilateral deterrence: subgame-perfect outcome (star: chosen point)")
    cs = np.linspace(0, c_max, 201)
    for wv in sorted({0.0, params["alpha"], params[DESTRUCTION]}):
        right.plot(cs, np.broadcast_to(f_cred(cs, wv), cs.shape), label=f"w = {wv:g}")
    right.axhline(0, color="k", linewidth=1)
    right.set_xlabel("defender capability c_B")
    right.set_ylabel("defender: conflict minus concession")
    right.set_title("credible where >= 0; slope alpha - w")
    right.legend(fontsize=9)
    right.grid(alpha=0.3)
    return save(fig, path)
