"""Analysis of the escalation ladder: when is B's threat credible, when does it deter, and when
does more capability raise the chance of war?

The ladder (:func:`gametheory.deterrence.escalation.escalation_ladder`) is a game of perfect
information, so a pure profile is subgame perfect exactly where its one-shot-deviation
conditions hold (:func:`gametheory.extensive.spe_conditions`); those are polynomials in each
parameter, so every region below is solved *exactly* (sympy) in one parameter, the others
fixed: the union, over the profiles, of where the profile is subgame perfect and the claim holds
under it. What the report says at the chosen point is read off the subgame-perfect equilibria
computed there by :func:`gametheory.extensive.subgame_perfect`.

Findings: ``escalation.ladder`` (the assumptions, stated), ``escalation.spe`` (play and P(war)
at the point), ``escalation.threat_credible`` (B's escalation at rung 1 is sequentially
rational, :func:`gametheory.extensive.credibility`; region in ``c_B``),
``escalation.capability_makes_credible`` (the threat turns credible as ``c_B`` rises past a
point), ``escalation.deterrence`` (A keeps the status quo in some SPE; region in ``c_B``),
``escalation.war_rises`` (P(war) on the subgame-perfect path strictly rises with ``c_B``;
region in ``c_B``, with the jumps at the ends of the pieces), ``escalation.reassurance``
(the status quo is subgame perfect; region in ``r``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from ...errors import GameError
from ...extensive import credibility, spe_conditions, subgame_perfect
from ..escalation import (
    ROOT,
    RUNGS,
    UP,
    check_values,
    escalation_ladder,
    path_outcomes,
    rung_label,
    war_probability,
)
from ..findings import Finding, Region, Report, findings_text, number_text
from ._exact import exact_number, exact_set, holds_at, number_at

C_MAX = 5.0
"""Default upper end of the ``c_B`` range the regions are solved in."""

R_MAX = 5.0
"""Default upper end of the ``r`` range."""

SETTINGS = ("rungs", "c_max", "r_max")


def profiles(game) -> list[dict[str, str]]:
    """Every pure strategy profile: one action at every information set."""
    sets = [(h.label, h.actions) for h in game.infosets]
    return [
        dict(zip([label for label, _ in sets], choice, strict=True))
        for choice in itertools.product(*[actions for _, actions in sets])
    ]


@lru_cache(maxsize=4)
def _ladder(rungs: int):
    """The ladder, its pure profiles, and per profile its subgame-perfection margins and the
    margins of B's credibility at rung 1 (symbolic; built once per number of rungs)."""
    game = escalation_ladder(rungs)
    everything = profiles(game)
    margins = [[c.margin for c in spe_conditions(game, m)] for m in everything]
    credible = [[c.margin for c in credibility(game, rung_label(1), UP, m)] for m in everything]
    return game, everything, margins, credible


def _region(found: sp.Set, variable: str, hi: float, condition: str | None = None) -> Region:
    return Region.from_set(variable, found, 0.0, hi, condition=condition)


def _where(region: Region) -> str:
    text = region.text()
    return text if text.startswith("for ") else f"for {text}"


def _strictly_positive(expr: sp.Expr, variable: str, params, hi: float) -> sp.Set:
    """Where ``expr > 0`` in ``[0, hi]``: {expr >= 0} minus {-expr >= 0}."""
    weak = exact_set([[expr]], variable, params, 0.0, hi, by_roots=True)
    zero_or_less = exact_set([[-expr]], variable, params, 0.0, hi, by_roots=True)
    return weak - zero_or_less


def _moves_text(moves: Mapping[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in moves.items())


def _path_text(outcomes: Mapping[str, float]) -> str:
    items = sorted(((p, k) for k, p in outcomes.items() if p > 1e-12), reverse=True)
    return ", ".join(f"{k} {number_text(p, 3)}" for p, k in items)


# ----------------------------------------------------------------------------- analyse
def analyse(values: Mapping[str, Any]) -> Report:
    """The escalation ladder's findings at ``values``.

    Parameters
    ----------
    values : mapping
        Ladder parameters (``c_A, c_B, r, b, v, alpha, theta, w, lam``; defaults
        :data:`~gametheory.deterrence.escalation.ESCALATION_DEFAULTS`) and the settings
        ``rungs`` (3), ``c_max`` (5: regions in ``c_B`` are solved in ``[0, c_max]``),
        ``r_max`` (5).
    """
    values = dict(values)
    rungs_value = values.pop("rungs", RUNGS)
    if float(rungs_value) != int(float(rungs_value)):
        raise GameError(f"escalation: rungs must be an integer, got {rungs_value!r}")
    rungs = int(float(rungs_value))
    c_max = float(values.pop("c_max", C_MAX))
    r_max = float(values.pop("r_max", R_MAX))
    if not 1 <= rungs <= 8:
        raise GameError(f"escalation: rungs must be in [1, 8], got {rungs}")
    game, everything, margins, credible_margins = _ladder(rungs)
    params = check_values(game, values, "escalation")
    for name, hi in (("c_max", c_max), ("r_max", r_max)):
        if not (math.isfinite(hi) and hi > 0):
            raise GameError(f"escalation: {name} = {hi}, expected a number > 0")
    if params["lam"] * (params["c_A"] + c_max) > 1:
        raise GameError(
            f"escalation: lam (c_A + c_max) = {params['lam'] * (params['c_A'] + c_max):g} > 1; "
            "lower c_max or lam"
        )
    on_c = [exact_set([ms], "c_B", params, 0.0, c_max, by_roots=True) for ms in margins]

    # --- at the point
    spe = subgame_perfect(game.at(**params)).equilibria
    at_point = []
    for e in spe:
        moves = dict(e.moves)
        outcomes = {k: number_at(p, params) for k, p in path_outcomes(game, moves).items()}
        credible = holds_at(credible_margins[everything.index(moves)], params)
        at_point.append(
            {
                "moves": moves,
                "payoffs": list(e.payoffs),
                "outcomes": outcomes,
                "p_war": number_at(war_probability(game, moves), params),
                "threat_credible": credible,
            }
        )
    findings = [_ladder_finding(game, rungs, params)]
    findings.append(_spe_finding(params, at_point))

    # --- B's threat at rung 1, in c_B
    credible_set = sp.S.EmptySet
    for ms, cs in zip(margins, credible_margins, strict=True):
        credible_set = credible_set.union(
            exact_set([ms + cs], "c_B", params, 0.0, c_max, by_roots=True)
        )
    credible = _region(credible_set, "c_B", c_max)
    condition = [str(c) for c in credibility(game, rung_label(1), UP, at_point[0]["moves"])]
    findings.append(
        Finding(
            "escalation.threat_credible",
            f"B's threat to escalate at rung 1 is credible (sequentially rational, play below "
            f"subgame perfect) {_where(credible)}; at c_B = {number_text(params['c_B'])} it "
            f"{'is' if at_point[0]['threat_credible'] else 'is not'}.",
            at_point[0]["threat_credible"],
            credible,
            {"conditions_at_point": condition},
        )
    )
    findings.append(_turns_credible(credible, c_max))

    # --- deterrence in c_B
    quiet = [k for k, m in enumerate(everything) if m[ROOT] == "Status quo"]
    deter = _region(sp.Union(*[on_c[k] for k in quiet]) if quiet else sp.S.EmptySet, "c_B", c_max)
    findings.append(
        Finding(
            "escalation.deterrence",
            f"A is deterred (keeps the status quo in a subgame-perfect equilibrium) "
            f"{_where(deter)}; at c_B = {number_text(params['c_B'])} it "
            f"{'is' if any(p['moves'][ROOT] == 'Status quo' for p in at_point) else 'is not'}.",
            any(p["moves"][ROOT] == "Status quo" for p in at_point),
            deter,
        )
    )

    # --- P(war) along c_B
    findings.append(_war_rises(game, everything, on_c, params, c_max))

    # --- reassurance
    on_r = [exact_set([ms], "r", params, 0.0, r_max, by_roots=True) for ms in margins]
    by_r = _region(sp.Union(*[on_r[k] for k in quiet]) if quiet else sp.S.EmptySet, "r", r_max)
    findings.append(
        Finding(
            "escalation.reassurance",
            f"At c_A = {number_text(params['c_A'])}, c_B = {number_text(params['c_B'])}, "
            f"reassurance deters the challenge (status quo subgame perfect) {_where(by_r)}; at "
            f"r = {number_text(params['r'])} it "
            f"{'does' if by_r.contains(params['r']) else 'does not'}.",
            by_r.contains(params["r"]),
            by_r,
        )
    )
    table = _table(game, everything, on_c, credible_margins, params, c_max)
    regions_r = [_region(found, "r", r_max) for found in on_r]
    by_r = []
    for x in np.linspace(0.0, r_max, 11):
        found = [k for k, region in enumerate(regions_r) if region.contains(float(x))]
        by_r.append(
            {
                "r": float(x),
                "p_war": max(
                    number_at(war_probability(game, everything[k]), params) for k in found
                ),
                "deterred": any(everything[k][ROOT] == "Status quo" for k in found),
            }
        )
    return Report(
        "escalation",
        {**params, "rungs": rungs, "c_max": c_max, "r_max": r_max},
        tuple(findings),
        {
            "p_war_formula": "lam * (c_A + c_B)",
            "spe": at_point,
            "by_c_B": table,
            "by_r": by_r,
        },
    )


# ----------------------------------------------------------------------------- findings
def _ladder_finding(game, rungs: int, params) -> Finding:
    p = params["lam"] * (params["c_A"] + params["c_B"])
    return Finding(
        "escalation.ladder",
        f"Assumption: A challenges or keeps the status quo; then {rungs} rungs, B first, at "
        "which the mover backs down or escalates (escalating at the top rung is war); every step "
        "up risks inadvertent war with probability lam (c_A + c_B) = "
        f"{number_text(p)} here (lam = {number_text(params['lam'])}); war pays each bloc "
        "alpha c_own - theta c_other - w (c_A + c_B), A minus its reassurance r; backing down "
        "costs B the stake b plus v, A its v.",
        True,
        None,
        {"p_step": p, "rungs": rungs, "infosets": [h.label for h in game.infosets]},
    )


def _spe_finding(params, at_point) -> Finding:
    parts = []
    for p in at_point:
        parts.append(
            f"{_moves_text(p['moves'])} (path: {_path_text(p['outcomes'])}; P(war) "
            f"{number_text(p['p_war'], 3)})"
        )
    war = max(p["p_war"] for p in at_point)
    return Finding(
        "escalation.spe",
        f"At c_A = {number_text(params['c_A'])}, c_B = {number_text(params['c_B'])}, r = "
        f"{number_text(params['r'])} the subgame-perfect play is: " + "; ".join(parts) + ".",
        war <= 0,
        None,
        {"equilibria": at_point},
    )


def _turns_credible(credible: Region, c_max: float) -> Finding:
    starts = [iv.lo for iv in credible.intervals if iv.lo > 0]
    if starts:
        text = (
            f"More capability makes B's threat credible: not credible just below c_B = "
            f"{number_text(starts[0])}, credible from there ({credible.text()})."
        )
    else:
        text = (
            "More capability never turns B's threat from not credible to credible for c_B in "
            f"[0, {number_text(c_max)}] (credible {_where(credible)})."
        )
    return Finding(
        "escalation.capability_makes_credible",
        text,
        bool(starts),
        credible,
        {"turns_credible_at": starts},
    )


def _war_rises(game, everything, on_c, params, c_max: float) -> Finding:
    fixed = {k: v for k, v in params.items() if k != "c_B"}
    rising: sp.Set = sp.S.EmptySet
    pieces = []
    for moves, where in zip(everything, on_c, strict=True):
        if where is sp.S.EmptySet or where.measure == 0:
            continue
        war = war_probability(game, moves)
        c_b = next((s for s in war.free_symbols if s.name == "c_B"), None)
        if c_b is not None:
            rising = rising.union(
                where.intersect(_strictly_positive(sp.diff(war, c_b), "c_B", fixed, c_max))
            )
        region = _region(where, "c_B", c_max)
        for iv in region.intervals:
            pieces.append((iv.lo, iv.hi, war, moves))
    pieces.sort(key=lambda t: t[0])
    jumps = []
    for (_, hi0, war0, _), (lo1, _, war1, _) in itertools.pairwise(pieces):
        if abs(hi0 - lo1) < 1e-12:
            before = number_at(war0, {**fixed, "c_B": hi0})
            after = number_at(war1, {**fixed, "c_B": lo1})
            if after > before + 1e-12:
                jumps.append({"c_B": lo1, "from": before, "to": after})
    region = _region(rising, "c_B", c_max)
    jump_text = "".join(
        f"; it jumps up from {number_text(j['from'], 3)} to {number_text(j['to'], 3)} at "
        f"c_B = {number_text(j['c_B'])}"
        for j in jumps
    )
    here = region.contains(params["c_B"])
    return Finding(
        "escalation.war_rises",
        "More capability of B raises the probability of war on the subgame-perfect path "
        f"{_where(region)}{jump_text}; at c_B = {number_text(params['c_B'])} it "
        f"{'does' if here else 'does not'}.",
        here,
        region,
        {
            "jumps_up": jumps,
            "pieces": [
                {
                    "c_B": [lo, hi],
                    "p_war": str(
                        sp.expand(
                            w.xreplace(
                                {
                                    s: exact_number(fixed[s.name])
                                    for s in w.free_symbols
                                    if s.name in fixed
                                }
                            )
                        )
                    ),
                    "moves": m,
                }
                for lo, hi, w, m in pieces
            ],
        },
    )


def _table(game, everything, on_c, credible, params, c_max: float) -> list[dict[str, Any]]:
    """P(war) (largest over the subgame-perfect profiles), deterrence and credibility at 21
    points of c_B, each profile's subgame-perfect set read off its exact region."""
    out = []
    regions = [_region(found, "c_B", c_max) for found in on_c]
    wars = [
        sp.lambdify(sp.symbols("c_B"), _fix(war_probability(game, m), params)) for m in everything
    ]
    for x in np.linspace(0.0, c_max, 21):
        at = {**params, "c_B": float(x)}
        found = [k for k, region in enumerate(regions) if region.contains(float(x))]
        out.append(
            {
                "c_B": float(x),
                "p_war": max(float(wars[k](float(x))) for k in found),
                "deterred": any(everything[k][ROOT] == "Status quo" for k in found),
                "threat_credible": any(holds_at(credible[k], at) for k in found),
            }
        )
    return out


def _fix(expr: sp.Expr, params) -> sp.Expr:
    """`expr` with every parameter but c_B at its value (exact), c_B as a plain symbol."""
    subs = {s: exact_number(params[s.name]) for s in expr.free_symbols if s.name != "c_B"}
    subs.update({s: sp.Symbol("c_B") for s in expr.free_symbols if s.name == "c_B"})
    return sp.expand(expr.xreplace(subs))


# ----------------------------------------------------------------------------- render, plot
def render(report: Report) -> str:
    p = report.parameters
    lines = [
        f"Escalation ladder ({p['rungs']} rungs): threats that leave something to chance",
        f"  c_A = {number_text(p['c_A'])}, c_B = {number_text(p['c_B'])}, r = "
        f"{number_text(p['r'])}, b = {number_text(p['b'])}, v = {number_text(p['v'])}, alpha = "
        f"{number_text(p['alpha'])}, theta = {number_text(p['theta'])}, w = "
        f"{number_text(p['w'])}, lam = {number_text(p['lam'])}",
        "",
        f"  {'c_B':>5} {'P(war)':>8}  deterred  threat credible",
    ]
    for row in report.data["by_c_B"]:
        lines.append(
            f"  {number_text(row['c_B']):>5} {row['p_war']:>8.4f}  "
            f"{'yes' if row['deterred'] else 'no':<8}  {'yes' if row['threat_credible'] else 'no'}"
        )
    lines += ["", "Findings"]
    lines += findings_text(report.findings)
    return "\n".join(lines)


def plot(report: Report, path: str, values: Mapping[str, Any] | None = None) -> str:
    """P(war) on the subgame-perfect path against c_B, the regions shaded."""
    from ...sweep.plot import pyplot, save

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 5), constrained_layout=True)
    rows = report.data["by_c_B"]
    ax.plot([r["c_B"] for r in rows], [r["p_war"] for r in rows], "o-", label="P(war)")
    colours = {
        "escalation.threat_credible": "tab:green",
        "escalation.deterrence": "tab:blue",
        "escalation.war_rises": "tab:red",
    }
    for k, (fid, colour) in enumerate(colours.items()):
        for iv in report.finding(fid).region.intervals:
            ax.plot([iv.lo, iv.hi], [-0.05 - 0.04 * k] * 2, color=colour, linewidth=5)
        ax.plot([], [], color=colour, linewidth=5, label=fid.split(".")[1].replace("_", " "))
    ax.set_xlabel("capability of B, c_B")
    ax.set_ylabel("P(war), subgame-perfect play")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return save(fig, path)
