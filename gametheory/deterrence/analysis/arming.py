"""Analysis of the arming game: which capabilities blocs choose, and what reassurance changes.

``analyse(values)`` solves :func:`gametheory.deterrence.arming.arming` at the given
reassurance ``r`` (both blocs) and locates, along ``r`` in ``[0, r_max]``, where its findings
hold (:meth:`Region.locate`: a scan and bisection of every change to ``tol``). Findings:

- ``arming.selection``: the stage-2 selection rule (an assumption), and how often it needed
  its fallback;
- ``arming.equilibria``: every equilibrium at ``r``: arms levels, the stage-2 outcome,
  P(war), welfare, regret;
- ``arming.build_up``: some equilibrium has both blocs arming (region in ``r``);
- ``arming.restraint``: every equilibrium ends in mutual restraint, P(war) at most
  ``war_target`` (region in ``r``);
- ``arming.prisoners_dilemma``: some equilibrium is a prisoner's dilemma of arms: both blocs
  would gain strictly at lower levels (region in ``r``);
- ``arming.pieces``: how the pure equilibria (levels and stage-2 outcome) change along ``r``:
  every change located;
- ``arming.selection_matters``: whether the pessimistic/optimistic rules give other arms
  levels at ``r``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ...errors import GameError
from ...tolerance import absolute_tol
from ..arming import ArmingResult, ArmsEquilibrium, arming
from ..findings import Finding, Region, Report, findings_text, number_text

R_MAX = 5.0
"""Default upper end of the reassurance range the regions are located in."""

N_SCAN = 41
"""Default scan points in [0, r_max] before bisection."""

TOL = 1e-6
"""Default accuracy of located ends (units of r)."""

WAR_TARGET = 0.05
"""P(war) at most this counts as restraint holding (accidents make it positive)."""

SETTINGS = ("r_max", "n_scan", "tol", "war_target")


def _levels_text(e: ArmsEquilibrium) -> str:
    if e.is_pure:
        return f"(c_A, c_B) = ({number_text(e.levels[0])}, {number_text(e.levels[1])})"
    return (
        f"mixed levels, mean (c_A, c_B) = ({number_text(e.levels[0])}, {number_text(e.levels[1])})"
    )


def _outcome_text(outcome: Mapping[str, float]) -> str:
    items = sorted(outcome.items(), key=lambda t: -t[1])
    if len(items) == 1:
        return items[0][0]
    return ", ".join(f"{k} {number_text(p, 3)}" for k, p in items)


def _equilibrium_text(e: ArmsEquilibrium) -> str:
    return (
        f"{_levels_text(e)}, then {_outcome_text(e.outcome)}, P(war) {number_text(e.p_war, 3)}, "
        f"welfare {number_text(e.welfare, 3)}"
    )


def _where(region: Region) -> str:
    text = region.text()
    return text if text.startswith("for ") else f"for {text}"


class _Along:
    """``arming`` along r, each r solved once (bisection revisits points)."""

    def __init__(self, values: Mapping[str, float], levels, selection: str, bloc) -> None:
        self.values, self.levels, self.selection, self.bloc = dict(values), levels, selection, bloc
        self.cache: dict[float, ArmingResult] = {}

    def __call__(self, r: float) -> ArmingResult:
        if r not in self.cache:
            self.cache[r] = arming(
                {**self.values, "r": r}, self.levels, selection=self.selection, bloc=self.bloc
            )
        return self.cache[r]


def builds_up(result: ArmingResult) -> bool:
    """Some equilibrium has both blocs at positive expected capability."""
    return any(min(e.levels) > 0 for e in result.equilibria)


def restrained(result: ArmingResult, war_target: float = WAR_TARGET) -> bool:
    """Every equilibrium ends in mutual restraint with P(war) at most `war_target`."""
    return all(set(e.outcome) == {"(R, R)"} and e.p_war <= war_target for e in result.equilibria)


def prisoners_dilemma(result: ArmingResult) -> bool:
    """Some equilibrium is Pareto-dominated by a profile of lower levels."""
    return any(e.prisoners_dilemma for e in result.equilibria)


def signature(result: ArmingResult) -> tuple:
    """The pure equilibria (levels, stage-2 outcome) and the number of mixed ones."""
    pure = sorted((e.levels, tuple(sorted(e.outcome))) for e in result.equilibria if e.is_pure)
    return tuple(pure), sum(1 for e in result.equilibria if not e.is_pure)


def pieces(
    key: Callable[[float], Any], lo: float, hi: float, n_scan: int, tol: float
) -> list[tuple[float, float, Any]]:
    """``[(start, end, key)]``: where ``key(r)`` is constant along ``[lo, hi]``, each change
    between scan points located by bisection to `tol` (a piece narrower than the scan step
    can be missed)."""
    xs = [float(x) for x in np.linspace(lo, hi, n_scan)]
    out: list[tuple[float, float, Any]] = []
    start, current = xs[0], key(xs[0])
    for i in range(1, len(xs)):
        a, right = xs[i - 1], key(xs[i])
        while right != current:  # a change in (a, xs[i]]: locate it, then look further on
            inside, outside = a, xs[i]
            while outside - inside > tol:
                mid = 0.5 * (inside + outside)
                if key(mid) == current:
                    inside = mid
                else:
                    outside = mid
            out.append((start, inside, current))
            start, current, a = outside, key(outside), outside
    out.append((start, xs[-1], current))
    return out


# ----------------------------------------------------------------------------- findings
def _selection_finding(result: ArmingResult) -> Finding:
    n = len(result.levels)
    multi = sum(1 for row in result.stage for cell in row if len(cell) > 1)
    rule = {
        "risk_dominant": (
            "the risk-dominant stage-2 equilibrium (Harsanyi-Selten: the larger product of "
            "deviation losses) where there are two strict pure ones; where that is undefined, "
            "the pure equilibrium with strictly the largest such product (weak ones included), "
            "else the one with the largest P(war)"
        ),
        "pessimistic": f"the stage-2 equilibrium worst for bloc {result.bloc}",
        "optimistic": f"the stage-2 equilibrium best for bloc {result.bloc}",
        "all": "every selection of stage-2 equilibria (every subgame-perfect outcome)",
    }[result.selection]
    fallback = (
        f"; the fallback decided {result.fallback_cells} of them"
        if result.selection == "risk_dominant"
        else ""
    )
    return Finding(
        "arming.selection",
        f"Assumption: after the blocs choose capabilities from {n} levels "
        f"({number_text(result.levels[0])} to {number_text(result.levels[-1])}), they play "
        f"{rule}; {multi} of the {n * n} capability pairs have several stage-2 "
        f"equilibria{fallback}.",
        True,
        None,
        {
            "selection": result.selection,
            "bloc": result.bloc,
            "multiple_equilibria_cells": multi,
            "fallback_cells": result.fallback_cells,
        },
    )


def _equilibria_finding(result: ArmingResult, r: float) -> Finding:
    eqs = result.equilibria
    worst = max(e.regret for e in eqs)
    # the regret check: no stage-1 deviation gains more than the tolerance of the game's range
    passes = all(
        e.regret <= absolute_tol(result.games[e.selection or 0].payoff_range, None) for e in eqs
    )
    text = (
        f"At r = {number_text(r)} the reduced capability game has {len(eqs)} "
        f"equilibri{'um' if len(eqs) == 1 else 'a'}"
        f" ({'complete' if result.complete else 'possibly incomplete'} list; largest regret "
        f"{number_text(worst, 2)}, {'every one passes' if passes else 'NOT all pass'} the "
        "regret check): " + "; ".join(_equilibrium_text(e) for e in eqs) + "."
    )
    return Finding(
        "arming.equilibria",
        text,
        result.complete and passes,
        None,
        {"equilibria": [e.to_dict() for e in eqs], "max_regret": worst, "regret_check": passes},
    )


def _region_finding(
    id_: str, claim: str, region: Region, holds: bool, evidence: Mapping[str, Any]
) -> Finding:
    where = _where(region)
    if not region.empty and not region.everywhere:
        where += f" (ends located to {region.tol:g})"
    return Finding(
        id_,
        f"{claim} {where}; at the given r it {'does' if holds else 'does not'}.",
        holds,
        region,
        dict(evidence),
    )


def _pieces_finding(parts, r_max: float, tol: float) -> Finding:
    def describe(sig) -> str:
        pure, mixed = sig
        names = [
            f"({number_text(a)}, {number_text(b)}) with {'/'.join(out)}" for (a, b), out in pure
        ]
        if mixed:
            names.append(f"{mixed} mixed")
        return "; ".join(names) if names else "none pure"

    text = (
        f"Equilibrium arms levels (c_A, c_B) and stage-2 outcomes along r in [0, "
        f"{number_text(r_max)}] (changes located to {tol:g}): "
        + ". ".join(
            f"r in [{number_text(a)}, {number_text(b)}]: {describe(sig)}" for a, b, sig in parts
        )
        + "."
    )
    return Finding(
        "arming.pieces",
        text,
        None,
        None,
        {
            "pieces": [
                {
                    "r": [a, b],
                    "pure": [{"levels": list(lv), "outcome": list(out)} for lv, out in sig[0]],
                    "mixed": sig[1],
                }
                for a, b, sig in parts
            ]
        },
    )


def _selection_matters(values, levels, base: ArmingResult, r: float) -> Finding:
    rules = [("risk_dominant", None)] + [
        (s, b) for s in ("pessimistic", "optimistic") for b in ("A", "B")
    ]
    by_rule = {}
    for sel, b in rules:
        res = (
            base
            if sel == base.selection and b == base.bloc
            else arming({**values, "r": r}, levels, selection=sel, bloc=b)
        )
        by_rule[sel if b is None else f"{sel} for {b}"] = sorted(
            {tuple(round(x, 9) for x in e.levels) for e in res.equilibria if e.is_pure}
        )
    distinct = {tuple(v) for v in by_rule.values()}
    text = (
        f"At r = {number_text(r)} the pure equilibrium arms levels "
        + ("depend on" if len(distinct) > 1 else "do not depend on")
        + " the selection rule: "
        + "; ".join(
            f"{k}: "
            + (", ".join(f"({number_text(a)}, {number_text(b)})" for a, b in v) or "none pure")
            for k, v in by_rule.items()
        )
        + "."
    )
    return Finding(
        "arming.selection_matters",
        text,
        len(distinct) > 1,
        None,
        {"pure_levels": {k: [list(x) for x in v] for k, v in by_rule.items()}},
    )


# ----------------------------------------------------------------------------- analyse
def analyse(
    values: Mapping[str, Any],
    levels=None,
    selection: str = "risk_dominant",
    bloc: str | None = None,
) -> Report:
    """The arming game's findings at ``values``.

    Parameters
    ----------
    values : mapping
        Two-bloc parameters (``r`` for both blocs, default 1.5; ``b, alpha, theta, beta, w, k,
        eps0``) and the settings ``r_max`` (5: regions are located in ``[0, r_max]``),
        ``n_scan`` (41), ``tol`` (1e-6), ``war_target`` (0.05).
    levels, selection, bloc
        As for :func:`~gametheory.deterrence.arming.arming`.
    """
    values = dict(values)
    settings = {
        "r_max": float(values.pop("r_max", R_MAX)),
        "n_scan": int(values.pop("n_scan", N_SCAN)),
        "tol": float(values.pop("tol", TOL)),
        "war_target": float(values.pop("war_target", WAR_TARGET)),
    }
    if "r_A" in values or "r_B" in values:
        raise GameError("arming: the analysis varies r for both blocs; give r, not r_A/r_B")
    r = float(values.pop("r", 1.5))
    r_max, n_scan, tol = settings["r_max"], settings["n_scan"], settings["tol"]
    if not (math.isfinite(r_max) and r_max > 0):
        raise GameError(f"arming: r_max = {r_max}, expected a reassurance > 0")
    if n_scan < 2 or not tol > 0:
        raise GameError(f"arming: needs n_scan >= 2 and tol > 0, got {n_scan}, {tol}")
    along = _Along(values, levels, selection, bloc)
    here = along(r)
    target = settings["war_target"]

    def locate(predicate) -> Region:
        return Region.locate("r", lambda x: predicate(along(x)), 0.0, r_max, n_scan=n_scan, tol=tol)

    build = locate(builds_up)
    calm = locate(lambda res: restrained(res, target))
    dilemma = locate(prisoners_dilemma)
    parts = pieces(lambda x: signature(along(x)), 0.0, r_max, n_scan, tol)
    findings = [
        _selection_finding(here),
        _equilibria_finding(here, r),
        _region_finding(
            "arming.build_up",
            "Some equilibrium has both blocs arming (expected capability above 0)",
            build,
            builds_up(here),
            {},
        ),
        _region_finding(
            "arming.restraint",
            "Every equilibrium ends in mutual restraint (R, R) with P(war) at most "
            f"{number_text(target)}",
            calm,
            restrained(here, target),
            {"war_target": target},
        ),
        _region_finding(
            "arming.prisoners_dilemma",
            "Mutual build-up is a prisoner's dilemma (some equilibrium is beaten for both blocs "
            "by lower levels)",
            dilemma,
            prisoners_dilemma(here),
            {"build_down": [e.build_down for e in here.equilibria if e.build_down is not None]},
        ),
        _pieces_finding(parts, r_max, tol),
    ]
    if selection != "all":
        findings.append(_selection_matters(values, levels, here, r))
    table = []
    for x in np.linspace(0.0, r_max, 11):
        res = along(float(x))
        table.append(
            {
                "r": float(x),
                "equilibria": [
                    {
                        "levels": list(e.levels),
                        "pure": e.is_pure,
                        "outcome": dict(e.outcome),
                        "p_war": e.p_war,
                        "welfare": e.welfare,
                        "prisoners_dilemma": e.prisoners_dilemma,
                    }
                    for e in res.equilibria
                ],
            }
        )
    return Report(
        "arming",
        {**here.parameters, "r": r, **settings},
        tuple(findings),
        {
            "levels": list(here.levels),
            "selection": selection,
            "bloc": bloc,
            "reduced_game": {
                "actions": list(here.game.actions[0]),
                "payoffs_A": here.game.payoffs[0].tolist(),
                "payoffs_B": here.game.payoffs[1].tolist(),
            },
            "equilibria": [e.to_dict() for e in here.equilibria],
            "by_r": table,
            "evaluations": len(along.cache),
        },
    )


# ----------------------------------------------------------------------------- render, plot
def render(report: Report) -> str:
    """The text report: settings, the equilibria by r, every finding."""
    p = report.parameters
    lines = [
        "Arming: capabilities chosen, then the two-bloc game",
        f"  r = {number_text(p['r'])}, b = {number_text(p['b'])}, alpha = "
        f"{number_text(p['alpha'])}, theta = {number_text(p['theta'])}, beta = "
        f"{number_text(p['beta'])}, w = {number_text(p['w'])}, k = {number_text(p['k'])}, "
        f"eps0 = {number_text(p['eps0'])}; selection {report.data['selection']}",
        "",
        f"  {'r':>5}  equilibria (levels -> stage-2 outcome, P(war), welfare)",
    ]
    for row in report.data["by_r"]:
        eqs = "; ".join(
            f"({number_text(e['levels'][0], 3)}, {number_text(e['levels'][1], 3)})"
            f"{'' if e['pure'] else ' mixed'} -> {_outcome_text(e['outcome'])}, "
            f"{number_text(e['p_war'], 3)}, {number_text(e['welfare'], 3)}"
            for e in row["equilibria"]
        )
        lines.append(f"  {number_text(row['r']):>5}  {eqs}")
    lines += ["", "Findings"]
    lines += findings_text(report.findings)
    return "\n".join(lines)


def plot(report: Report, path: str, values: Mapping[str, Any] | None = None) -> str:
    """Equilibrium arms levels (left) and P(war) (right) against r, from the report's table."""
    from ...sweep.plot import pyplot, save

    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5), constrained_layout=True)
    for row in report.data["by_r"]:
        for e in row["equilibria"]:
            marker = "o" if e["pure"] else "x"
            left.scatter(row["r"], e["levels"][0], marker=marker, color="tab:blue")
            left.scatter(row["r"], e["levels"][1], marker=marker, color="tab:red", s=12)
            right.scatter(row["r"], e["p_war"], marker=marker, color="tab:purple")
    left.set_xlabel("reassurance r (both blocs)")
    left.set_ylabel("equilibrium capability (A blue, B red; x: mixed, mean)")
    right.set_xlabel("reassurance r (both blocs)")
    right.set_ylabel("P(war) in equilibrium")
    for ax in (left, right):
        ax.grid(alpha=0.3)
    return save(fig, path)
