"""The two-bloc analysis: when does mutual restraint hold? (docs/two_bloc.md)

The main job of the project (``python models/two_bloc.py``). At the given parameters it solves
the two-bloc game, classifies mutual restraint (R,R) and mutual escalation (E,E)
(docs/criteria.md) and answers three questions of the policy argument with thresholds the
library derives symbolically (:func:`gametheory.stability.thresholds`), each answer a
:class:`~gametheory.deterrence.findings.Finding` whose region is exact:

1. Can capability ``c`` alone (``r = 0``) make mutual restraint an equilibrium, or stable?
   Where does the argument fail (strong retaliation ``theta``)?
2. What reassurance ``r`` makes restraint stable at the given capability, and does the bar
   rise with capability?
3. How do accidents (an intended R carried out as E with probability ``eps0 * c``) move it?

"Stable" is the regime of docs/criteria.md: strict, and risk-dominant wherever risk dominance
is defined (where (E,E) is strict).

>>> report = analyse({"c": 2, "r": 1.5}, n_grid=11)
>>> report.finding("two_bloc.stable_in_r").region.text()
'r > 2.6'
>>> report.finding("two_bloc.stable_in_r").holds
False
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from ...games import symmetric_2x2_type
from ...solvers import solve
from ...stability import classify, thresholds
from ...sweep import grid
from ...symbolic import exact_number
from ..findings import Finding, Region, Report, findings_text, number_text
from ..two_bloc import two_bloc

EPS0_VALUES = (0.0, 0.01, 0.02, 0.05)
"""Accident rates per unit of capability in the accident table."""

C_TABLE = (1.0, 2.0, 3.0, 4.0, 5.0)
"""Capabilities in the accident table."""

NAMES = {"nash": "an equilibrium", "strict": "strict", "risk_dominant": "risk-dominant"}
STABLE = "stable (strict, and risk-dominant where (E,E) is strict)"


def _by_criterion(found) -> dict[str, Any]:
    return {t.criterion: t for t in found}


@lru_cache(maxsize=1)
def derivations() -> dict[str, dict[str, Any]]:
    """The symbolic thresholds of (R,R); they do not depend on parameter values (derived once).

    ``in_r``: solved for r; ``alone``: at r = 0 solved for c; ``retaliation``: at r = 0 solved
    for theta (c > 0); ``noisy_r``: with accidents eps = eps0 c (eps0 c < 1), solved for r.
    """
    model, noisy = two_bloc(), two_bloc(noise="capability")
    c = model.symbol("c")
    capped = [noisy.symbol("eps0") * noisy.symbol("c") < 1]  # eps0 * c is a probability
    return {
        "in_r": _by_criterion(thresholds(model, "R,R", "r")),
        "alone": _by_criterion(thresholds(model.subs(r=0), "R,R", "c")),
        "retaliation": _by_criterion(thresholds(model.subs(r=0), "R,R", "theta", assume=[c > 0])),
        "noisy_r": _by_criterion(thresholds(noisy, "R,R", "r", assume=capped)),
    }


def stable_set(found: dict[str, Any], domain: sp.Set, **values: float) -> sp.Set:
    """Where restraint is stable in the solved variable: strict, and risk-dominant wherever
    risk dominance is defined (the regime "stable" of docs/criteria.md)."""
    rd = found["risk_dominant"]
    undefined = sp.Complement(domain, rd.defined_where(**values))
    return sp.Intersection(
        found["strict"].where(**values), sp.Union(rd.where(**values), undefined), domain
    )


_NONNEG = sp.Interval(0, sp.oo)


def _region(variable: str, found: sp.Set, condition: str | None = None) -> Region:
    return Region.from_set(variable, found, 0.0, math.inf, condition=condition)


def _alone_findings(derived, others: dict[str, float], c: float) -> list[Finding]:
    """Question 1: capability alone (r = 0), over c; and strong retaliation, over theta."""
    alone, retaliation = derived["alone"], derived["retaliation"]
    out = []
    for key, what in (("nash", "an equilibrium"), ("stable", STABLE)):
        if key == "nash":
            found = alone["nash"].where(**others)
            condition = alone["nash"].statement()
        else:
            found = stable_set(alone, _NONNEG, **others)
            condition = None
        region = _region("c", found, condition)
        where = (
            "for no capability c >= 0: capability alone never does it here"
            if region.empty
            else f"for {region.text()}"
        )
        out.append(
            Finding(
                id=f"two_bloc.capability_alone_{key}",
                statement=f"With no reassurance (r = 0), mutual restraint is {what} {where}.",
                holds=region.contains(c),
                region=region,
                evidence={"at_c": c, "condition": condition},
            )
        )
    no_theta = {k: v for k, v in others.items() if k != "theta"}
    if c > 0:
        found = stable_set(retaliation, _NONNEG, c=c, **no_theta)
        region = _region("theta", found)
        where = "for no retaliation theta >= 0" if region.empty else f"for {region.text()}"
        statement = (
            f"At c = {number_text(c)} with r = 0, capability deters (restraint is {STABLE}) "
            f"{where}; elsewhere the argument that capability alone does not deter holds."
        )
        holds: bool | None = region.contains(others["theta"])
    else:
        region, holds = None, None
        statement = "At c = 0 there is no capability to retaliate with: theta plays no part."
    out.append(
        Finding(
            id="two_bloc.retaliation_deters",
            statement=statement,
            holds=holds,
            region=region,
            evidence={"theta": others["theta"], "c": c},
        )
    )
    return out


def _reassurance_findings(derived, others: dict[str, float], c: float, r: float) -> list[Finding]:
    """Question 2: the reassurance that makes restraint stable at c; how the bar moves with c."""
    in_r = derived["in_r"]
    point = {**others, "c": c}
    region = _region("r", stable_set(in_r, _NONNEG, **point))
    where = "for no reassurance r >= 0" if region.empty else f"for {region.text()}"
    out = [
        Finding(
            id="two_bloc.stable_in_r",
            statement=f"At c = {number_text(c)}, mutual restraint is {STABLE} {where}.",
            holds=region.contains(r),
            region=region,
            evidence={"r": r, "least_r": None if region.empty else region.intervals[0].lo},
        )
    ]
    model = two_bloc()
    csym = model.symbol("c")
    fixed = {model.symbol(k): exact_number(v) for k, v in others.items()}
    for key in ("nash", "risk_dominant"):
        threshold = in_r[key]
        slope = sp.expand(sp.diff(threshold.boundary, csym))
        here = slope.subs(fixed)
        defined = threshold.defined_where(**point) is not sp.S.EmptySet
        if not defined:
            statement = (
                f"The least reassurance for restraint to be {NAMES[key]} is undefined here: "
                "(E,E) is never strict, so risk dominance does not apply."
            )
            holds = None
        else:
            rises = "raises" if here > 0 else ("lowers" if here < 0 else "leaves unchanged")
            statement = (
                f"The least reassurance for restraint to be {NAMES[key]} moves with capability "
                f"at rate dr*/dc = {slope} = {here}: more capability {rises} the bar."
            )
            holds = bool(here > 0)
        out.append(
            Finding(
                id=f"two_bloc.bar_rises_{key}",
                statement=statement,
                holds=holds,
                evidence={"slope": str(slope), "here": str(here), "defined": defined},
            )
        )
    return out


def _accident_findings(derived, others: dict[str, float], c: float, eps0: float) -> list[Finding]:
    """Question 3: do accidents raise the least reassurance for an equilibrium at c?

    The rise is the difference of the two solved thresholds, ``(beta - 2w) c eps / (1 - eps)``
    (docs/two_bloc.md), solved exactly for eps0 over ``[0, 1/c)`` (eps = eps0 c < 1).
    """
    if c <= 0:
        return [
            Finding(
                id="two_bloc.accidents_raise_bar",
                statement="At c = 0 there are no accidents (eps = eps0 c = 0): nothing to raise.",
                holds=None,
                evidence={"c": c},
            )
        ]
    noisy = two_bloc(noise="capability")
    e = noisy.symbol("eps0")
    rise = sp.simplify(derived["noisy_r"]["nash"].boundary - derived["in_r"]["nash"].boundary)
    fixed = {noisy.symbol(k): exact_number(v) for k, v in {**others, "c": c}.items()}
    domain = sp.Interval.Ropen(0, 1 / exact_number(c))
    found = sp.solve_univariate_inequality(rise.subs(fixed) > 0, e, relational=False, domain=domain)
    region = Region.from_set("eps0", found, 0.0, float(domain.end), condition=f"{rise} > 0")
    where = "for no accident rate eps0" if region.empty else f"for {region.text()}"
    return [
        Finding(
            id="two_bloc.accidents_raise_bar",
            statement=(
                f"At c = {number_text(c)}, accidents (an intended R carried out as E with "
                f"probability eps0 c) raise the least reassurance for an equilibrium by "
                f"{rise} > 0 {where}."
            ),
            holds=region.contains(eps0),
            region=region,
            evidence={
                "rise": str(rise),
                "eps0": eps0,
                "rise_here": float(rise.subs(fixed).subs(e, exact_number(eps0))),
            },
        )
    ]


def _least(found: sp.Set) -> float | None:
    return None if found is sp.S.EmptySet else float(found.inf)


def _least_r(threshold, at: dict[str, float]) -> float | None:
    """The least r >= 0 where a threshold "r >= boundary" (or ">") holds, or None where it is
    undefined (its ``requires`` fail). A threshold of another shape goes through ``where``."""
    single = isinstance(threshold.boundary, sp.Expr) and not threshold.side_conditions
    if not (single and threshold.relation in (">=", ">")):
        found = threshold.where(**at)
        return _least(found) if threshold.defined_where(**at) is not sp.S.EmptySet else None
    symbols = {s.name: s for s in threshold.boundary.free_symbols}
    exact = {symbols[k]: exact_number(v) for k, v in at.items() if k in symbols}
    if not all(bool(req.subs(exact)) for req in threshold.requires):
        return None
    return max(0.0, float(threshold.boundary.subs(exact)))


def _accident_table(derived, params: dict[str, float], others: dict[str, float]) -> list[dict]:
    model, noisy = two_bloc(), two_bloc(noise="capability")
    noisy_r = derived["noisy_r"]
    rows = []
    for eps0 in EPS0_VALUES:
        for cv in C_TABLE:
            eps = eps0 * cv
            if eps >= 1:
                continue  # eps0 c is a probability: no row where it is not
            at = {**others, "c": cv, "eps0": eps0}
            base = model.at(**{**params, "c": cv}).payoffs[0][0, 0]
            with_noise = noisy.at(**{**at, "r": params["r"]}).payoffs[0][0, 0]
            rows.append(
                {
                    "eps0": eps0,
                    "c": cv,
                    "eps": eps,
                    "p_war": eps**2,
                    "p_any_escalation": 1 - (1 - eps) ** 2,
                    "expected_war_damage": eps**2 * params["w"] * 2 * cv,
                    "expected_loss_vs_no_accidents": float(base - with_noise),
                    "r_nash": _least_r(noisy_r["nash"], at),
                    "r_risk_dominant": _least_r(noisy_r["risk_dominant"], at),
                }
            )
    return rows


def analyse(values: dict[str, float], n_grid: int = 201) -> Report:
    """The two-bloc report at `values` (defaults for the rest): findings and tables."""
    model = two_bloc()
    # eps0, the accident rate per unit of capability, belongs to the accident questions only
    with_accidents = two_bloc(noise="capability").values("two_bloc", **values)
    eps0 = float(with_accidents.pop("eps0"))
    params = model.values("two_bloc", **with_accidents)
    game = model.at(**params)
    c, r = float(params["c"]), float(params["r"])
    others = {k: v for k, v in params.items() if k not in ("c", "r")}
    result = solve(game)
    stability = {p: classify(game, p) for p in ("R,R", "E,E")}
    derived = derivations()
    game_type = symmetric_2x2_type(game)
    equilibria = [
        {
            "strategies": [[float(x) for x in s] for s in eq.strategies],
            "payoffs": [float(v) for v in eq.payoffs],
            "pure": eq.pure_profile(),
        }
        for eq in result.equilibria
    ]
    restraint = [e for e in equilibria if e["pure"] == (0, 0)]
    listed = "; ".join(
        ", ".join(f"{s[0]:.4g} R + {s[1]:.4g} E" for s in e["strategies"]) for e in equilibria
    )
    rr = stability["R,R"]
    findings = [
        Finding(
            id="two_bloc.equilibria",
            statement=(
                f"At these values the game is a {game_type} with {len(equilibria)} "
                f"equilibri{'um' if len(equilibria) == 1 else 'a'} ({listed}); mutual restraint "
                f"is {'one of them' if restraint else 'not an equilibrium'}."
            ),
            holds=bool(restraint),
            evidence={"equilibria": equilibria, "complete": result.complete},
        ),
        Finding(
            id="two_bloc.restraint_regime",
            statement=f"Mutual restraint (R,R) is {rr.regime} here.",
            holds=rr.regime == "stable",
            evidence={"regime": rr.regime},
        ),
    ]
    findings += _alone_findings(derived, others, c)
    findings += _reassurance_findings(derived, others, c, r)
    findings += _accident_findings(derived, others, c, eps0)
    table = grid(
        model, {"c": np.linspace(0, 5, n_grid), "r": np.linspace(0, 5, n_grid)}, fixed=others
    )
    data = {
        "title": model.title,
        "payoffs_A": {f"{x},{y}": str(model.payoff(0, [x, y])) for x in "RE" for y in "RE"},
        "game_type": game_type,
        "equilibria": equilibria,
        "complete": result.complete,
        "stability": {k: v.to_dict() for k, v in stability.items()},
        "stability_text": {k: v.text() for k, v in stability.items()},
        "thresholds_in_r": {k: t.to_dict() for k, t in derived["in_r"].items()},
        "thresholds_alone": {k: t.statement() for k, t in derived["alone"].items()},
        "thresholds_with_accidents": {k: t.statement() for k, t in derived["noisy_r"].items()},
        "accident_model": "an intended R is carried out as E with probability eps = eps0 * c",
        "accidents": _accident_table(derived, params, others),
        "regime_shares": {
            "grid": {"c": [0.0, 5.0, n_grid], "r": [0.0, 5.0, n_grid]},
            "shares": {name: table.share(name) for name in table.regimes},
        },
    }
    return Report(
        model="two_bloc", parameters={**params, "eps0": eps0}, findings=tuple(findings), data=data
    )


def render(report: Report) -> str:
    """The readable report: payoffs, equilibria, criteria, then the findings."""
    data = report.data
    out = [
        f"== {data['title']} ==",
        "parameters: " + ", ".join(f"{k}={v:g}" for k, v in report.parameters.items()),
        "",
        "bloc A's payoffs (bloc B's mirror them):",
    ]
    out += [f"  u_A({k}) = {v}" for k, v in data["payoffs_A"].items()]
    out += ["", "equilibria (complete: " + str(data["complete"]) + "):"]
    for eq in data["equilibria"]:
        mix = ", ".join(f"{s[0]:.4g} R + {s[1]:.4g} E" for s in eq["strategies"])
        out.append(f"  ({mix})   payoffs {', '.join(f'{v:.4g}' for v in eq['payoffs'])}")
    for name in ("R,R", "E,E"):
        out += ["", f"({name}): {data['stability'][name]['regime']}", data["stability_text"][name]]
    trust = data["stability"]["R,R"]["minimum_trust"]
    if trust is not None:
        p = trust[0]
        belief = "no belief suffices" if p is None else f"p >= {p:.4g}"
        out.append(
            "  minimum trust (complete information): restraint is a bloc's best reply iff it "
            f"believes the rival restrains with probability p: {belief}"
        )
    out += ["", "thresholds for mutual restraint (R,R) in r:"]
    out += [f"  {NAMES[k]:<15} iff {t['statement']}" for k, t in data["thresholds_in_r"].items()]
    out += ["  with r = 0, in c:"]
    out += [f"  {NAMES[k]:<15} iff {s}" for k, s in data["thresholds_alone"].items()]
    out += ["", "findings:", *findings_text(report.findings)]
    out += ["", f"accidents: {data['accident_model']}; with accidents restraint is"]
    out += [f"  {NAMES[k]:<15} iff {s}" for k, s in data["thresholds_with_accidents"].items()]
    out.append(
        f"  {'eps0':>5} {'c':>4} {'eps':>6} {'P(war)':>8} {'P(any E)':>9} "
        f"{'E[war damage]':>14} {'E[loss]':>8} {'r*_NE':>7} {'r*_RD':>9}"
    )
    for row in data["accidents"]:
        rd = "undefined" if row["r_risk_dominant"] is None else f"{row['r_risk_dominant']:.3f}"
        ne = "none" if row["r_nash"] is None else f"{row['r_nash']:.3f}"
        out.append(
            f"  {row['eps0']:>5g} {row['c']:>4g} {row['eps']:>6.3f} {row['p_war']:>8.4f} "
            f"{row['p_any_escalation']:>9.4f} {row['expected_war_damage']:>14.4f} "
            f"{row['expected_loss_vs_no_accidents']:>8.4f} {ne:>7} {rd:>9}"
        )
    out.append("  r*: least reassurance for the criterion (risk dominance: where (E,E) is strict).")
    shares = data["regime_shares"]
    n = shares["grid"]["c"][2]
    out.append(
        f"regime shares on the grid c, r in [0, 5] ({n}x{n} points): "
        + ", ".join(f"{k} {100 * v:.1f}%" for k, v in shares["shares"].items())
    )
    return "\n".join(out)


def plot(report: Report, path: str, values: dict[str, float] | None = None) -> str:
    """Two panels: the (c, r) phase diagram with its thresholds; r* with accidents against c."""
    from ...sweep.plot import phase_diagram, pyplot, save

    plt = pyplot()
    model = two_bloc()
    params = {k: v for k, v in report.parameters.items() if k != "eps0"}
    others = {k: v for k, v in params.items() if k not in ("c", "r")}
    table = grid(model, {"c": np.linspace(0, 5, 401), "r": np.linspace(0, 5, 401)}, fixed=others)
    derived = derivations()
    found = [derived["in_r"][k] for k in ("nash", "risk_dominant")]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6.4), constrained_layout=True)
    phase_diagram(table, found, ax=left, title="mutual restraint (R,R) in the (c, r) plane")
    left.plot([params["c"]], [params["r"]], marker="o", color="black", label="these values")
    noisy = two_bloc(noise="capability")
    cs = np.linspace(0.0, 5.0, 201)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for colour, eps0 in zip(colours, EPS0_VALUES, strict=False):
        for key, style, what in (("nash", "--", "equilibrium"), ("risk_dominant", "-", "RD")):
            th = derived["noisy_r"][key]
            fixed = {noisy.symbol(k): v for k, v in {**others, "eps0": eps0}.items()}
            curve = sp.lambdify(noisy.symbol("c"), th.boundary.subs(fixed), "numpy")
            with np.errstate(divide="ignore", invalid="ignore"):
                ys = np.broadcast_to(np.asarray(curve(cs), dtype=float), cs.shape).copy()
            # undefined (risk dominance without a strict (E,E)) or eps0 c >= 1: no line
            at = {**others, "eps0": eps0, "r": 0.0}
            ys[[eps0 * cv >= 1 or th.holds(**at, c=float(cv)) is None for cv in cs]] = np.nan
            if np.any(np.isfinite(ys)):
                right.plot(cs, ys, color=colour, linestyle=style, label=f"{what}, eps0 = {eps0:g}")
    right.set_xlabel(noisy.label("c"))
    right.set_ylabel("least reassurance r for (R,R)")
    right.set_title("least reassurance for (R,R) with accidents eps = eps0 c", fontsize=11)
    right.legend(fontsize=8, title=noisy.label("eps0"), title_fontsize=8)
    right.grid(alpha=0.3)
    return save(fig, path)
