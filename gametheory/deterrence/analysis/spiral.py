"""Analysis of the spiral model: which strategies sustain restraint, where in c, at what war.

``analyse(values)`` returns a :class:`~gametheory.deterrence.findings.Report` whose findings
are all computed records:

- ``spiral.accidents``: the accident model (an assumption, stated with its rate at c);
- ``spiral.stage_restraint``: whether one-shot restraint is an equilibrium (exact region in c);
- ``spiral.equilibrium.<S>``: whether strategy S played by both blocs is subgame perfect and
  Nash at c (exact checks, :mod:`gametheory.repeated.spe`), with a best reply and its gain
  where it is not Nash, the profitable one-shot deviation where it is Nash but not perfect;
  region: where S is subgame perfect;
- ``spiral.window.<S>`` / ``spiral.nash_window.<S>``: where S *sustains restraint*: subgame
  perfect (resp. Nash) with a long-run war share at most the target; located regions;
- ``spiral.sustained``: whether some strategy of the menu sustains restraint at c, and where;
- ``spiral.after_slip.<S>``: what a single accident leads to (the long-run outcome with no
  further accident, and how soon war follows if accidents continue);
- ``spiral.war_share``: the long-run share of rounds at war under each strategy at c;
- ``spiral.memory_two``: the whole space of 65,536 pure memory-two strategies at c: how many
  are Nash and subgame perfect, and the subgame-perfect ones that are *mostly restrained*
  (long-run restraint rate at least ``restraint_target``), named where known; region: where
  some memory-two strategy is; ``spiral.memory_two.<rule>``: each listed strategy's own region;
  ``spiral.memory_two_sustained``: where some memory-two strategy sustains restraint as the
  menu's must (subgame perfect, war at most the target).

Regions in c are located (:meth:`Region.locate`: a scan of [0, c_max] and bisection of every
change to ``tol``), except ``stage_restraint``, which is solved exactly. The memory-two regions
are unions of the located regions of every strategy that qualifies at one of
``MEMORY_TWO_SCAN`` capabilities where the whole space is classified (plus c): a strategy that
qualifies only between two of them would be missed, and the finding says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy as sp

from ...errors import GameError
from ...repeated import Automaton
from ..findings import Finding, Interval, Region, Report, findings_text, number_text
from ..spiral import MEMORY_TWO_SCAN, MENU, SpiralModel
from ..two_bloc import two_bloc

C_MAX = 10.0
"""Default upper end of the capability range the windows are located in."""

N_SCAN = 101
"""Default scan points in [0, c_max] before bisection (a window narrower than the scan step
c_max / (N_SCAN - 1) could be missed; the endpoints of the ones found are accurate to tol)."""

TOL = 1e-9
"""Default accuracy of the located window endpoints (units of c)."""

ACTIONS = ("R", "E")

MAX_LISTED = 500
"""Most subgame-perfect memory-two rules the evidence of ``spiral.memory_two`` lists one by one
(beyond it, e.g. at eps = 1 where every rule is, only their number and the qualifying ones)."""


def _pct(x: float) -> str:
    return f"{100 * x:.3g}%"


def _outcome(shares) -> str:
    """Long-run shares of the joint actions as text, largest first, zeros left out."""
    items = [
        (shares[a][b], f"({ACTIONS[a]}, {ACTIONS[b]})")
        for a in range(2)
        for b in range(2)
        if shares[a][b] > 1e-12
    ]
    items.sort(key=lambda t: -t[0])
    return ", ".join(f"{label} {number_text(p)}" for p, label in items)


def _where(region: Region) -> str:
    """``'for c in [a, b]'``, ``'for no c in [0, 10]'`` or ``'for every c in [0, 10]'``."""
    text = region.text()
    return text if text.startswith("for ") else f"for {text}"


def _located_where(region: Region) -> str:
    """Where a located region holds, with the range scanned and the accuracy of its ends."""
    if region.text().startswith("for "):
        return _where(region)
    scanned = f"c in [{number_text(region.domain[0])}, {number_text(region.domain[1])}]"
    return f"for {region.text()} (of {scanned}; ends located to {region.tol:g})"


def _rounds(x: float) -> str:
    return f"{number_text(x)} round{'' if x == 1 else 's'}"


def _intersect(a: Region, b: Region) -> Region:
    """Where both located regions hold (endpoints stay accurate to the larger tol)."""
    out = []
    for x in a.intervals:
        for y in b.intervals:
            lo, hi = max(x.lo, y.lo), min(x.hi, y.hi)
            if lo <= hi:
                out.append(Interval(lo, hi))
    return Region(a.variable, tuple(out), a.domain, exact=False, tol=max(a.tol, b.tol))


def _union(variable: str, regions: list[Region], domain, tol: float) -> Region:
    """The union of located regions (endpoints stay accurate to `tol`)."""
    pieces = sorted((iv for r in regions for iv in r.intervals), key=lambda iv: iv.lo)
    merged: list[Interval] = []
    for iv in pieces:
        if merged and iv.lo <= merged[-1].hi:
            last = merged[-1]
            merged[-1] = Interval(last.lo, max(last.hi, iv.hi), last.lo_closed, True)
        else:
            merged.append(iv)
    return Region(variable, tuple(merged), tuple(domain), exact=False, tol=tol)


# ----------------------------------------------------------------------------- findings
def _accident_finding(model: SpiralModel) -> Finding:
    eps = model.accident_rate(model.c)
    if model.noise == "one-sided":
        how = (
            "one-sided accidents: an intended restraint is carried out as escalation with "
            "probability eps = min(1, eps0 c); an intended escalation is always carried out"
        )
    else:
        how = (
            "two-sided accidents: either intended action is carried out as the other with "
            "probability eps = min(1, eps0 c)"
        )
    saturate = f"; from c = {number_text(1 / model.eps0)} on eps = 1" if model.eps0 > 0 else ""
    return Finding(
        "spiral.accidents",
        f"Assumption: {how}; eps0 = {number_text(model.eps0)}, so eps = {number_text(eps)} at "
        f"c = {number_text(model.c)}{saturate}.",
        True,
        None,
        {"noise": model.noise, "eps0": model.eps0, "eps": eps, "c": model.c},
    )


def _stage_finding(model: SpiralModel, c_max: float) -> Finding:
    """Mutual restraint is a one-shot equilibrium iff u(E, R) <= u(R, R): solved in c exactly."""
    game = two_bloc()
    c = game.symbol("c")
    fixed = {
        p: sp.nsimplify(v)
        for p, v in game.values("spiral", **model.stage_values, c=0.0).items()
        if p != "c"
    }
    gap = sp.expand(
        (game.payoff(0, ["E", "R"]) - game.payoff(0, ["R", "R"])).subs(
            {game.symbol(k): v for k, v in fixed.items()}
        )
    )
    found = sp.solve_univariate_inequality(gap <= 0, c, relational=False)
    region = Region.from_set(
        "c", found.intersect(sp.Interval(0, sp.oo)), 0.0, c_max, condition=f"{gap} <= 0"
    )
    stage = model.stage(model.c)
    R, T = float(stage.payoffs[0][0, 0]), float(stage.payoffs[0][1, 0])
    holds = T <= R
    where = _where(region)
    statement = (
        f"Mutual restraint is {'an' if holds else 'not an'} equilibrium of the one-shot game at "
        f"c = {number_text(model.c)} (escalating against restraint pays "
        f"{number_text(T - R)}); it is one {where}"
        + ("" if holds else ": only the shadow of the future can sustain it here")
        + "."
    )
    return Finding(
        "spiral.stage_restraint",
        statement,
        holds,
        region,
        {"R": R, "T": T, "temptation": T - R, "condition": f"{gap} <= 0"},
    )


def _equilibrium_finding(model: SpiralModel, name: str, region: Region) -> Finding:
    c = model.c
    v = model.verdict(name, c)
    label = model.label(name)
    evidence: dict[str, Any] = {
        "strategy": label,
        "automaton": model.automaton(name).to_dict(),
        "spe": v.spe,
        "nash": v.nash,
        "war_share": v.war_share,
        "outcome_shares": [list(row) for row in v.shares],
    }
    at = f"at c = {number_text(c)}"
    if v.spe:
        text = f"{label} is subgame perfect (hence Nash) {at}"
    elif v.nash:
        evidence.update(
            one_shot_gain=v.osd_gain, one_shot_state=list(v.osd_state), one_shot_action=v.osd_action
        )
        text = (
            f"{label} is Nash but not subgame perfect {at}: off the path, in automaton states "
            f"(A: {v.osd_state[0]}, B: {v.osd_state[1]}), intending {ACTIONS[v.osd_action]} "
            "once instead gains "
            f"{number_text(v.osd_gain)}"
        )
    else:
        reply = model.best_reply(name, c)
        evidence.update(
            best_reply=reply.name,
            gain=reply.gain,
            best_value=reply.value,
            one_shot_gain=v.osd_gain,
            best_reply_automaton=reply.automaton.to_dict(),
        )
        text = (
            f"{label} is not Nash {at} (so not subgame perfect): a best reply, {reply.name}, "
            f"gains {number_text(reply.gain)} per round (normalised discounted payoff)"
        )
    scanned = f"c in [{number_text(region.domain[0])}, {number_text(region.domain[1])}]"
    text += f"; it is subgame perfect {_where(region)}"
    text += "." if region.text().startswith("for ") else f" (of {scanned})."
    if name == "GTFT" and model.generosity is None:
        text += (
            f" Its generosity g = {number_text(model.gtft_g)} is the least that keeps its war "
            f"share at most {_pct(model.war_target)} at c = {number_text(c)}"
            + ("" if model.peace_generosity(c) is not None else " (none does: g = 1)")
            + "."
        )
    return Finding(f"spiral.equilibrium.{name}", text, v.spe, region, evidence)


def _window_finding(model: SpiralModel, name: str, concept: str, region: Region) -> Finding:
    c = model.c
    v = model.verdict(name, c)
    label = model.label(name)
    what = "subgame perfect" if concept == "spe" else "Nash"
    holds = model.sustains(name, c, concept)
    where = _located_where(region)
    text = (
        f"{label} sustains restraint ({what}, long-run war share at most "
        f"{_pct(model.war_target)}) {where}; at c = {number_text(c)} it "
        f"{'does' if holds else 'does not'} (war share {_pct(v.war_share)})."
    )
    key = "window" if concept == "spe" else "nash_window"
    return Finding(
        f"spiral.{key}.{name}",
        text,
        holds,
        region,
        {
            "strategy": label,
            "concept": concept,
            "war_share": v.war_share,
            "war_target": model.war_target,
        },
    )


def _sustained_finding(model: SpiralModel, windows: Mapping[str, Region], union: Region):
    c = model.c
    who = [model.label(n) for n in model.names if model.sustains(n, c)]
    text = (
        f"At c = {number_text(c)} restraint is sustained (subgame perfect, war at most "
        f"{_pct(model.war_target)}) by {', '.join(who) if who else 'no strategy checked'}; "
        + (
            f"by some strategy checked {_where(union)}."
            if not union.empty
            else (
                f"by none of them at any c in [{number_text(union.domain[0])}, "
                f"{number_text(union.domain[1])}]."
            )
        )
    )
    return Finding(
        "spiral.sustained",
        text,
        bool(who),
        union,
        {"strategies": who, "windows": {n: r.to_dict() for n, r in windows.items()}},
    )


def _slip_finding(model: SpiralModel, name: str) -> Finding:
    c = model.c
    label = model.label(name)
    s = model.after_slip(name, c)
    if not s.starts_restrained:
        return Finding(
            f"spiral.after_slip.{name}",
            f"{label} does not start with restraint, so there is no slip from mutual restraint "
            "to follow.",
            None,
            None,
            {"strategy": label},
        )
    q = s.quiet_shares
    if q[0][0] >= 1 - 1e-9:
        course = "the blocs return to mutual restraint"
    elif q[1][1] >= 1 - 1e-9:
        course = "the blocs end in permanent war (E, E)"
    elif q[0][1] + q[1][0] >= 1 - 1e-9:
        course = f"an echo follows: (E, R) and (R, E) alternate ({_outcome(q)})"
    else:
        course = f"the long-run outcome is {_outcome(q)}"
    quiet_war = s.quiet_war_probability
    if quiet_war <= 1e-12:
        after = "the blocs are never at war, so war needs a further accident"
    elif q[1][1] >= 1 - 1e-9:
        after = "one accident is enough for war"
    else:
        after = (
            f"on the way they are at war (E, E) with probability {number_text(quiet_war)}, "
            "so one accident is enough for war"
        )
    eps = model.accident_rate(c)
    if s.rounds_to_war is not None:
        soon = (
            f"; with accidents continuing (eps = {number_text(eps)}) the first round at war comes "
            f"{_rounds(s.rounds_to_war)} after the slip on average"
        )
    else:
        soon = (
            f"; with accidents continuing (eps = {number_text(eps)}) war ever follows with "
            f"probability {number_text(s.war_probability)}"
        )
    text = (
        f"After one slip (bloc A's restraint carried out as escalation in round 1) and no "
        f"further accident, under {label} {course}: {after}{soon}."
    )
    return Finding(
        f"spiral.after_slip.{name}",
        text,
        quiet_war <= 1e-12,
        None,
        {
            "strategy": label,
            "war_probability_without_further_accident": quiet_war,
            "outcome_shares_without_further_accident": [list(r) for r in q],
            "war_probability": s.war_probability,
            "expected_rounds_to_war": s.rounds_to_war,
            "eps": eps,
        },
    )


def _war_finding(model: SpiralModel) -> Finding:
    c = model.c
    shares = {model.label(n): model.verdict(n, c).war_share for n in model.names}
    ordered = sorted(shares.items(), key=lambda t: t[1])
    below = [k for k, x in ordered if x <= model.war_target]
    text = (
        f"Long-run share of rounds at war at c = {number_text(c)} (eps = "
        f"{number_text(model.accident_rate(c))}): "
        + ", ".join(f"{k} {_pct(x)}" for k, x in ordered)
        + f"; {len(below)} of {len(shares)} at most the target {_pct(model.war_target)}."
    )
    return Finding(
        "spiral.war_share", text, bool(below), None, {"war_share": shares, "below_target": below}
    )


def _m2_rows(model: SpiralModel, census, which: str) -> list:
    if which == "restrained":
        return [e for e in census.equilibria if e.restraint >= model.restraint_target]
    return [e for e in census.equilibria if e.war <= model.war_target]


def _m2_record(e) -> dict[str, Any]:
    return {**e.__dict__, "reading": e.reading}


def _m2_list(rows) -> str:
    return "; ".join(
        f"{e.label} ({e.reading}): restraint {_pct(e.restraint)}, war {_pct(e.war)}"
        for e in sorted(rows, key=lambda e: (-e.restraint, e.index))
    )


def _m2_where(region: Region, scanned: list[float]) -> str:
    text = region.text()
    where = _where(region) if text.startswith("for ") else f"for {text}"
    return (
        f"{where} (the union of the located regions of every strategy that qualifies at one of "
        f"the {len(scanned)} capabilities where the whole space was classified; ends to "
        f"{region.tol:g})"
    )


def _memory_two_finding(model: SpiralModel, region: Region, scanned: list[float]) -> Finding:
    c = model.c
    census = model.memory_two(c)
    rows = _m2_rows(model, census, "restrained")
    sustain = _m2_rows(model, census, "sustains")
    head = (
        f"Of the {census.size:,} pure memory-two strategies (start as after two rounds of mutual "
        f"restraint), played by both blocs at c = {number_text(c)}, {census.n_nash} are Nash "
        f"and {census.n_spe} subgame perfect against every deviation"
    )
    if rows:
        listed = (
            f"; the subgame-perfect ones with a long-run restraint rate at least "
            f"{_pct(model.restraint_target)} are {_m2_list(rows)}"
        )
    else:
        listed = (
            f"; none of the subgame-perfect ones has a long-run restraint rate at least "
            f"{_pct(model.restraint_target)}"
        )
    if sustain:
        verdict = (
            f"; {len(sustain)} of them sustain restraint as defined for the menu (war at most "
            f"{_pct(model.war_target)})"
        )
    else:
        least = min((e.war for e in census.equilibria), default=None)
        verdict = (
            f"; none sustains restraint as defined for the menu (war at most "
            f"{_pct(model.war_target)})"
            + ("" if least is None else f": the least war share of any is {_pct(least)}")
        )
    text = (
        head
        + listed
        + verdict
        + f". Some memory-two equilibrium is mostly restrained {_m2_where(region, scanned)}."
    )
    return Finding(
        "spiral.memory_two",
        text,
        bool(rows),
        region,
        {
            "c": c,
            "eps": census.eps,
            "size": census.size,
            "n_nash": census.n_nash,
            "n_spe": census.n_spe,
            "concept": "subgame perfect",
            "restraint_target": model.restraint_target,
            "war_target": model.war_target,
            "restrained": [_m2_record(e) for e in rows],
            "sustaining": [_m2_record(e) for e in sustain],
            # every subgame-perfect rule, unless there are too many to list (eps = 1: all)
            "subgame_perfect": (
                [_m2_record(e) for e in census.equilibria] if census.n_spe <= MAX_LISTED else None
            ),
            "scanned_c": scanned,
        },
    )


def _m2_strategy_finding(model: SpiralModel, index: int, region: Region) -> Finding:
    c = model.c
    spe, nash, restraint, war = model.memory_two_verdict(index, c)
    entry = next((e for e in model.memory_two(c).equilibria if e.index == index), None)
    label = f"{entry.label} ({entry.reading})" if entry is not None else str(index)
    holds = model.m2_restrained(index, c)
    where = _located_where(region)
    text = (
        f"Memory-two {label} is subgame perfect with long-run restraint at least "
        f"{_pct(model.restraint_target)} {where}; at c = {number_text(c)} restraint "
        f"{_pct(restraint)}, war {_pct(war)}."
    )
    return Finding(
        f"spiral.memory_two.{index}",
        text,
        holds,
        region,
        {
            "index": index,
            "rule": label,
            "spe": spe,
            "nash": nash,
            "restraint": restraint,
            "war": war,
        },
    )


def _m2_sustained_finding(model: SpiralModel, region: Region, scanned: list[float]) -> Finding:
    c = model.c
    rows = _m2_rows(model, model.memory_two(c), "sustains")
    at = (
        f"at c = {number_text(c)} by {_m2_list(rows)}"
        if rows
        else f"at c = {number_text(c)} by none"
    )
    text = (
        f"Restraint is sustained by a memory-two strategy (subgame perfect, war at most "
        f"{_pct(model.war_target)}) {at}; by some memory-two strategy "
        f"{_m2_where(region, scanned)}."
    )
    return Finding(
        "spiral.memory_two_sustained",
        text,
        bool(rows),
        region,
        {"sustaining": [_m2_record(e) for e in rows], "scanned_c": scanned},
    )


def _memory_two_findings(model, c_max, locate, tol, n_points) -> list[Finding]:
    """The memory-two findings: the census at c, each listed strategy's region, the unions."""
    scanned = sorted({*np.linspace(0.0, c_max, n_points).tolist(), model.c})
    restrained: set[int] = set()
    sustaining: set[int] = set()
    for x in scanned:
        census = model.memory_two(x)
        restrained |= {e.index for e in _m2_rows(model, census, "restrained")}
        sustaining |= {e.index for e in _m2_rows(model, census, "sustains")}
    if max(len(restrained), len(sustaining)) > MAX_LISTED:
        raise GameError(
            f"spiral: {max(len(restrained), len(sustaining))} memory-two rules qualify at some of "
            f"the capabilities {[number_text(x) for x in scanned]} (more than {MAX_LISTED} to "
            "locate one by one; where both intended actions realise alike, e.g. two-sided "
            "eps = 1/2, play does not depend on the strategy); use --param memory_two=0 or "
            "another c_max"
        )
    own = {k: locate(lambda x, k=k: model.m2_restrained(k, x)) for k in sorted(restrained)}
    calm = {k: locate(lambda x, k=k: model.m2_sustains(k, x)) for k in sorted(sustaining)}
    union = _union("c", list(own.values()), (0.0, c_max), tol)
    calm_union = _union("c", list(calm.values()), (0.0, c_max), tol)
    at_c = [e.index for e in _m2_rows(model, model.memory_two(model.c), "restrained")]
    findings = [_memory_two_finding(model, union, scanned)]
    findings += [_m2_strategy_finding(model, k, own[k]) for k in at_c]
    findings.append(_m2_sustained_finding(model, calm_union, scanned))
    return findings


# ----------------------------------------------------------------------------- analyse
def analyse(
    values: Mapping[str, Any],
    strategies: Mapping[str, Automaton] | Any = None,
    noise: str | None = None,
    c_max: float | None = None,
    n_scan: int = N_SCAN,
    tol: float = TOL,
    memory_two: bool = True,
    memory_two_scan: int = MEMORY_TWO_SCAN,
) -> Report:
    """The spiral model's findings at ``values`` (two-bloc parameters and the settings below).

    Parameters
    ----------
    values : mapping
        Two-bloc parameters (``c`` is the capability analysed, default 2; ``r`` defaults to
        0.5 here), ``delta`` (0.9), ``eps0`` (0.02), ``war_target`` (0.05), ``g`` (GTFT's
        generosity; default the least that keeps war at the target at c), ``two_sided`` (1 for
        two-sided accidents), ``c_max`` (10: the windows are located in [0, c_max]),
        ``restraint_target`` (0.5: the memory-two findings' least restraint rate),
        ``memory_two`` (0 leaves the memory-two findings out).
    strategies : mapping name -> Automaton, or sequence of Automaton, optional
        Strategies to check besides the menu GRIM, TFT, GTFT, WSLS, CTFT.
    noise : {"one-sided", "two-sided"}, optional
        The accident model (overrides ``two_sided``).
    n_scan, tol
        Scan points and endpoint accuracy of the located windows.
    memory_two, memory_two_scan
        Whether to classify the whole memory-two space (about 1-2 s per capability), and at
        how many capabilities in [0, c_max] (plus c) before locating each strategy found.
    """
    values = dict(values)
    c_max = float(values.pop("c_max", C_MAX if c_max is None else c_max))
    memory_two = bool(float(values.pop("memory_two", 1.0 if memory_two else 0.0)))
    model = SpiralModel.from_values(values, noise=noise, strategies=strategies)
    if not (math.isfinite(c_max) and c_max > 0):
        raise GameError(f"spiral: c_max = {c_max}, expected a capability > 0")
    breakpoints = [1.0 / model.eps0] if model.eps0 > 0 else []

    def locate(predicate) -> Region:
        return Region.locate(
            "c", predicate, 0.0, c_max, n_scan=n_scan, tol=tol, breakpoints=breakpoints
        )

    # a window is where the strategy is an equilibrium AND its war share meets the target:
    # each condition is located on its own and the two intersected, so a window narrower than
    # the scan step is still found when its ends come from different conditions
    spe_regions, windows, nash_windows = {}, {}, {}
    for name in model.names:
        spe_regions[name] = locate(lambda x, n=name: model.verdict(n, x).spe)
        nash = locate(lambda x, n=name: model.verdict(n, x).nash)
        calm = locate(lambda x, n=name: model.verdict(n, x).war_share <= model.war_target)
        windows[name] = _intersect(spe_regions[name], calm)
        nash_windows[name] = _intersect(nash, calm)
    union = _union("c", list(windows.values()), (0.0, c_max), tol)
    findings = [_accident_finding(model), _stage_finding(model, c_max)]
    findings += [_equilibrium_finding(model, n, spe_regions[n]) for n in model.names]
    findings += [_window_finding(model, n, "spe", windows[n]) for n in model.names]
    findings += [_window_finding(model, n, "nash", nash_windows[n]) for n in model.names]
    findings.append(_sustained_finding(model, windows, union))
    findings += [_slip_finding(model, n) for n in model.names]
    findings.append(_war_finding(model))
    if memory_two:
        if memory_two_scan < 2:
            raise GameError(f"spiral: memory_two_scan = {memory_two_scan}, expected >= 2")
        findings += _memory_two_findings(model, c_max, locate, tol, memory_two_scan)
    peace_g = model.peace_generosity(model.c)
    table = [
        {
            "strategy": model.label(n),
            "spe": (v := model.verdict(n, model.c)).spe,
            "nash": v.nash,
            "war_share": v.war_share,
            "restraint_share": v.shares[0][0],
        }
        for n in model.names
    ]
    return Report(
        "spiral",
        {**model.parameters, "c_max": c_max},
        tuple(findings),
        {
            "eps": model.accident_rate(model.c),
            "gtft_peace_generosity": peace_g,
            "scan": {"c": [0.0, c_max], "n_scan": n_scan, "tol": tol},
            "strategies": table,
            "menu": list(MENU),
            "memory_two": memory_two,
        },
    )


# ----------------------------------------------------------------------------- render, plot
def render(report: Report) -> str:
    """The text report: settings, a table at c, and every finding."""
    p = report.parameters
    lines = [
        "Spiral model: the two-bloc game repeated with accidents",
        f"  c = {number_text(p['c'])}, r = {number_text(p['r'])}, delta = "
        f"{number_text(p['delta'])}, eps0 = {number_text(p['eps0'])} ({p['noise']}), "
        f"war target {_pct(p['war_target'])}",
        "  SPE: no one-shot deviation pays after any history; Nash: no strategy of any kind",
        "  does better against it (the best-reply MDP); war share: long-run share of (E, E).",
        "",
        f"  {'strategy':<18} {'SPE':<4} {'Nash':<5} {'war share':>10} {'restraint':>10}",
    ]
    for row in report.data["strategies"]:
        lines.append(
            f"  {row['strategy']:<18} {'yes' if row['spe'] else 'no':<4} "
            f"{'yes' if row['nash'] else 'no':<5} {row['war_share']:>10.4f} "
            f"{row['restraint_share']:>10.4f}"
        )
    lines += ["", "Findings"]
    lines += findings_text(report.findings)
    return "\n".join(lines)


def plot(report: Report, path: str, values: Mapping[str, Any] | None = None) -> str:
    """War shares against c (left) and each strategy's windows (right), from the report.

    The curves on the left are drawn at plotting points only; the windows on the right are the
    report's located regions.
    """
    from ...sweep.plot import pyplot, save

    p = report.parameters
    model_values = {
        k: v for k, v in p.items() if k not in ("noise", "g_given", "c_max", "g") and v is not None
    }
    model_values["g"] = p["g"]
    model = SpiralModel.from_values(model_values, noise=p["noise"])
    prefix = "spiral.window."
    names = [f.id[len(prefix) :] for f in report.findings if f.id.startswith(prefix)]
    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.5), constrained_layout=True)
    cs = np.linspace(0.0, p["c_max"], 81)
    for name in names:
        if name in model.names:  # a user's automaton is not in the report's parameters
            shares = [model.verdict(name, c).war_share for c in cs]
            # GRIM and TFT often coincide at 1: draw GRIM wide underneath so both show
            wide = {"linewidth": 6, "alpha": 0.45} if name == "GRIM" else {}
            left.plot(cs, shares, label=model.label(name), **wide)
    left.axhline(p["war_target"], color="black", linestyle=":", label="target")
    left.axvline(p["c"], color="grey", linewidth=0.8)
    left.set_xlabel("capability c (accident rate eps = min(1, eps0 c))")
    left.set_ylabel("long-run share of rounds at war (E, E)")
    left.set_ylim(-0.02, 1.05)
    left.legend(fontsize=8)
    for k, name in enumerate(names):
        spe = report.finding(f"spiral.window.{name}").region
        nash = report.finding(f"spiral.nash_window.{name}").region
        for iv in nash.intervals:
            right.plot([iv.lo, iv.hi], [k + 0.15] * 2, color="tab:blue", linewidth=4, alpha=0.5)
        for iv in spe.intervals:
            right.plot([iv.lo, iv.hi], [k - 0.15] * 2, color="tab:green", linewidth=6)
    right.plot([], [], color="tab:green", linewidth=6, label="subgame perfect, war <= target")
    right.plot([], [], color="tab:blue", linewidth=4, alpha=0.5, label="Nash, war <= target")
    labels = [model.label(n) if n in model.names else n for n in names]
    m2 = [f for f in report.findings if f.id == "spiral.memory_two"]
    if m2:  # the whole memory-two space: where some SPE rule is mostly restrained
        k = len(names)
        for iv in m2[0].region.intervals:
            right.plot([iv.lo, iv.hi], [k] * 2, color="tab:orange", linewidth=6)
        right.plot(
            [],
            [],
            color="tab:orange",
            linewidth=6,
            label=f"some memory-two SPE, restraint >= {_pct(p['restraint_target'])}",
        )
        labels.append("memory two")
    right.set_yticks(range(len(labels)), labels)
    right.set_xlim(0, p["c_max"])
    right.set_ylim(-0.6, len(labels) - 0.4)
    right.axvline(p["c"], color="grey", linewidth=0.8)
    right.set_xlabel("capability c")
    right.set_title("where each strategy sustains restraint (located windows)", fontsize=11)
    right.legend(fontsize=8)
    for ax in (left, right):
        ax.grid(alpha=0.3)
    return save(fig, path)
