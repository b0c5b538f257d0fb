"""Two-bloc deterrence versus reassurance: when does mutual restraint hold?

The main analysis of the project (the model: docs/two_bloc.md; the criteria:
docs/criteria.md). It solves the two-bloc game at the given parameters, reports every
stability criterion of mutual restraint (R,R) and mutual escalation (E,E), and answers three
questions of the policy argument with thresholds derived by the library:

1. Can raising capability ``c`` alone (no reassurance, ``r = 0``) make mutual restraint an
   equilibrium, or stable? Where does the argument fail?
2. What reassurance ``r`` makes restraint stable at each capability?
3. How do accidents (an intended R carried out as E with probability ``eps0 * c``) change that?

Usage::

    python models/two_bloc.py                 # readable report
    python models/two_bloc.py --json          # the same as one JSON object
    python models/two_bloc.py --plot phase.png
    python models/two_bloc.py --param theta=1.5 --param alpha=0.3   # another scenario
"""

from __future__ import annotations

import signal
import sys


def _interrupted(signum, frame):
    print("two_bloc.py: interrupted", file=sys.stderr)
    raise SystemExit(130)


if __name__ == "__main__":
    # installed before the heavy imports: Ctrl-C at any moment is one line and status 130
    signal.signal(signal.SIGINT, _interrupted)

from functools import lru_cache  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402

from gametheory import solve  # noqa: E402
from gametheory.cli import counted, run_model_script  # noqa: E402
from gametheory.deterrence.two_bloc import two_bloc  # noqa: E402
from gametheory.games import symmetric_2x2_type  # noqa: E402
from gametheory.stability import classify, set_text, thresholds  # noqa: E402
from gametheory.sweep import grid  # noqa: E402

C_VALUES = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
EPS0_VALUES = (0.0, 0.01, 0.02, 0.05)
NAMES = {"nash": "an equilibrium", "strict": "strict", "risk_dominant": "risk-dominant"}


def stable_set(found: dict, **values: float) -> sp.Set:
    """Where restraint is stable in the solved variable: strict, and risk-dominant wherever risk
    dominance is defined (the regime "stable" of docs/criteria.md)."""
    rd = found["risk_dominant"]
    undefined = sp.Complement(sp.Interval(0, sp.oo), rd.defined_where(**values))
    return sp.Intersection(found["strict"].where(**values), sp.Union(rd.where(**values), undefined))


@lru_cache(maxsize=1)
def derivations() -> dict[str, dict[str, Any]]:
    """The symbolic thresholds (they do not depend on the parameter values: derived once)."""
    model, noisy = two_bloc(), two_bloc(noise="capability")
    c = model.symbol("c")
    capped = [noisy.symbol("eps0") * noisy.symbol("c") < 1]  # eps0 * c is a probability

    def by_criterion(found):
        return {t.criterion: t for t in found}

    return {
        "in_r": by_criterion(thresholds(model, "R,R", "r")),
        "alone": by_criterion(thresholds(model.subs(r=0), "R,R", "c")),
        "retaliation": by_criterion(thresholds(model.subs(r=0), "R,R", "theta", assume=[c > 0])),
        "noisy_r": by_criterion(thresholds(noisy, "R,R", "r", assume=capped)),
    }


def lowest(found: sp.Set) -> float | None:
    return None if found is sp.S.EmptySet else float(found.inf)


def analyse(values: dict[str, float], n_grid: int = 201) -> dict[str, Any]:
    """Everything the report prints, as plain data."""
    model = two_bloc()
    params = model.values("--param", **values)
    game = model.at(**params)
    others = {k: v for k, v in params.items() if k not in ("c", "r")}
    result = solve(game)
    stability = {p: classify(game, p) for p in ("R,R", "E,E")}

    derived = derivations()
    in_r, alone, retaliation = derived["in_r"], derived["alone"], derived["retaliation"]
    # the same thresholds with the other parameters fixed, in exact rationals (0.3 is 3/10)
    here = {t.criterion: t for t in thresholds(model.subs(**others), "R,R", "r")}
    c = model.symbol("c")
    no_theta = {k: v for k, v in others.items() if k != "theta"}
    q1 = {
        "conditions_on_c": {k: t.statement() for k, t in alone.items()},
        "at_these_parameters": {k: set_text("c", t.where(**others)) for k, t in alone.items()},
        "risk_dominance_defined_for": set_text("c", alone["risk_dominant"].defined_where(**others)),
        "stable_for": set_text("c", stable_set(alone, **others)),
        "slope_of_r_thresholds": {
            k: {
                "dr/dc": str(sp.diff(in_r[k].boundary, c)),
                "here": str(sp.diff(here[k].boundary, c)),
                "defined_here": here[k].requires != (sp.false,),
            }
            for k in ("nash", "risk_dominant")
        },
        "retaliation_needed": {k: t.statement() for k, t in retaliation.items()},
        "retaliation_needed_at_c5": {
            k: set_text("theta", t.where(c=5.0, **no_theta)) for k, t in retaliation.items()
        },
        "risk_dominance_defined_at_c5": set_text(
            "theta", retaliation["risk_dominant"].defined_where(c=5.0, **no_theta)
        ),
        "game_type_by_c_at_r0": {
            str(cv): symmetric_2x2_type(model.at(**{**params, "c": cv, "r": 0.0}))
            for cv in C_VALUES
        },
    }

    q2_rows = []
    for cv in C_VALUES:
        point = {**others, "c": cv}
        stable = stable_set(in_r, **point)
        q2_rows.append({"c": cv, "stable_for": set_text("r", stable), "r_star": lowest(stable)})
    table = grid(
        model, {"c": np.linspace(0, 5, n_grid), "r": np.linspace(0, 5, n_grid)}, fixed=others
    )

    noisy = two_bloc(noise="capability")
    noisy_r = derived["noisy_r"]
    rows = []
    for eps0 in EPS0_VALUES:
        for cv in C_VALUES[1:]:
            eps = eps0 * cv
            at = {**others, "c": cv, "eps0": eps0}
            base = model.at(**{**params, "c": cv}).payoffs[0][0, 0]
            with_noise = noisy.at(**{**at, "r": params["r"]}).payoffs[0][0, 0]
            rd = noisy_r["risk_dominant"]
            defined = rd.defined_where(**at) is not sp.S.EmptySet
            rows.append(
                {
                    "eps0": eps0,
                    "c": cv,
                    "eps": eps,
                    "p_war": eps**2,
                    "p_any_escalation": 1 - (1 - eps) ** 2,
                    "expected_war_damage": eps**2 * params["w"] * 2 * cv,
                    "expected_loss_vs_no_accidents": float(base - with_noise),
                    "r_nash": lowest(noisy_r["nash"].where(**at)),
                    "r_risk_dominant": lowest(rd.where(**at)) if defined else None,
                }
            )
    return {
        "model": model.title,
        "parameters": params,
        "payoffs_A": {f"{x},{y}": str(model.payoff(0, [x, y])) for x in "RE" for y in "RE"},
        "game_type": symmetric_2x2_type(game),
        "equilibria": [
            {"strategies": [list(s) for s in eq.strategies], "payoffs": list(eq.payoffs)}
            for eq in result.equilibria
        ],
        "complete": result.complete,
        "stability": {k: v.to_dict() for k, v in stability.items()},
        "stability_text": {k: v.text() for k, v in stability.items()},
        "thresholds_in_r": {k: t.to_dict() for k, t in in_r.items()},
        "question_1_capability_alone": q1,
        "question_2_reassurance": {
            "rows": q2_rows,
            "grid": {"c": [0.0, 5.0, n_grid], "r": [0.0, 5.0, n_grid]},
            "regime_shares": {name: table.share(name) for name in table.regimes},
        },
        "question_3_accidents": {
            "accident_model": "an intended R is carried out as E with probability eps = eps0 * c",
            "thresholds_in_r": {k: t.statement() for k, t in noisy_r.items()},
            "rows": rows,
        },
    }


def render(data: dict[str, Any]) -> str:
    """The readable report."""
    q1, q2, q3 = (
        data[k]
        for k in ("question_1_capability_alone", "question_2_reassurance", "question_3_accidents")
    )
    rr = data["stability"]["R,R"]
    out = [
        f"== {data['model']} ==",
        "parameters: " + ", ".join(f"{k}={v:g}" for k, v in data["parameters"].items()),
        "",
        "bloc A's payoffs (bloc B's mirror them):",
    ]
    out += [f"  u_A({k}) = {v}" for k, v in data["payoffs_A"].items()]
    out += [
        "",
        f"At these values the game is a {data['game_type']} with "
        f"{counted(len(data['equilibria']), 'equilibrium', 'equilibria')} "
        f"(complete: {data['complete']}):",
    ]
    for eq in data["equilibria"]:
        mix = ", ".join(f"{s[0]:.4g} R + {s[1]:.4g} E" for s in eq["strategies"])
        out.append(f"  ({mix})   payoffs {', '.join(f'{v:.4g}' for v in eq['payoffs'])}")
    for name in ("R,R", "E,E"):
        out += ["", f"({name}): {data['stability'][name]['regime']}", data["stability_text"][name]]
    if rr["minimum_trust"] is not None:
        p = rr["minimum_trust"][0]
        belief = "no belief suffices" if p is None else f"p >= {p:.4g}"
        out.append(
            "  minimum trust (complete information): restraint is a bloc's best reply iff it "
            f"believes the rival restrains with probability p: {belief}"
        )
    out += ["", "thresholds for mutual restraint (R,R) in r:"]
    out += [f"  {NAMES[k]:<15} iff {t['statement']}" for k, t in data["thresholds_in_r"].items()]
    out += [
        "",
        "(1) Can capability alone (r = 0) make restraint stable?",
        "  at r = 0, restraint is",
    ]
    out += [f"    {NAMES[k]:<15} iff {s}" for k, s in q1["conditions_on_c"].items()]
    out.append("  at these parameters, with r = 0, restraint is")
    out += [f"    {NAMES[k]:<15} for {s}" for k, s in q1["at_these_parameters"].items()]
    out[-1] += f"   (defined where (E,E) is strict: {q1['risk_dominance_defined_for']})"
    out.append(f"    {'stable':<15} for {q1['stable_for']}")
    out.append("  the reassurance needed moves with c at rate")
    for k, v in q1["slope_of_r_thresholds"].items():
        value = v["here"] if v["defined_here"] else "undefined, (E,E) is never strict"
        out.append(f"    {NAMES[k]:<15} d r/d c = {v['dr/dc']} = {value} here")
    out.append("  the argument fails where retaliation is strong; at r = 0 restraint is")
    out += [f"    {NAMES[k]:<15} iff {s}" for k, s in q1["retaliation_needed"].items()]
    out.append("    at c = 5, with the other parameters as given, that is")
    out += [f"      {NAMES[k]:<15} for {s}" for k, s in q1["retaliation_needed_at_c5"].items()]
    out[-1] += f"   (defined where (E,E) is strict: {q1['risk_dominance_defined_at_c5']})"
    out.append(
        "  game at r = 0 by c: "
        + ", ".join(f"c={c}: {t}" for c, t in q1["game_type_by_c_at_r0"].items())
    )
    out += [
        "",
        "(2) Reassurance that makes restraint stable (strict, and risk-dominant where (E,E) "
        "is strict):",
    ]
    out += [f"  c = {row['c']:g}: {row['stable_for']}" for row in q2["rows"]]
    out.append(
        f"  on the grid c, r in [0, 5] ({q2['grid']['c'][2]}x{q2['grid']['r'][2]}): "
        + ", ".join(f"{k} {100 * v:.1f}%" for k, v in q2["regime_shares"].items())
    )
    out += ["", "(3) Accidents: " + q3["accident_model"] + "; with accidents restraint is"]
    out += [f"  {NAMES[k]:<15} iff {s}" for k, s in q3["thresholds_in_r"].items()]
    out.append(
        f"  {'eps0':>5} {'c':>4} {'eps':>6} {'P(war)':>8} {'P(any E)':>9} "
        f"{'E[war damage]':>14} {'E[loss]':>8} {'r*_NE':>7} {'r*_RD':>9}"
    )
    for row in q3["rows"]:
        if row["c"] in (1.0, 3.0, 5.0):
            rd = "undefined" if row["r_risk_dominant"] is None else f"{row['r_risk_dominant']:.3f}"
            ne = "none" if row["r_nash"] is None else f"{row['r_nash']:.3f}"
            out.append(
                f"  {row['eps0']:>5g} {row['c']:>4g} {row['eps']:>6.3f} {row['p_war']:>8.4f} "
                f"{row['p_any_escalation']:>9.4f} {row['expected_war_damage']:>14.4f} "
                f"{row['expected_loss_vs_no_accidents']:>8.4f} {ne:>7} {rd:>9}"
            )
    out.append("  r*: least reassurance for the criterion (risk dominance: where (E,E) is strict).")
    return "\n".join(out)


def plot(path: str, values: dict[str, float]) -> str:
    """Two panels: the (c, r) phase diagram with its thresholds; r* with accidents against c."""
    from gametheory.plot import phase_diagram, pyplot, save

    plt = pyplot()
    model = two_bloc()
    params = model.values("--param", **values)
    others = {k: v for k, v in params.items() if k not in ("c", "r")}
    table = grid(model, {"c": np.linspace(0, 5, 401), "r": np.linspace(0, 5, 401)}, fixed=others)
    found = [t for t in thresholds(model, "R,R", "r") if t.criterion in ("nash", "risk_dominant")]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6.4), constrained_layout=True)
    phase_diagram(table, found, ax=left, title="mutual restraint (R,R) in the (c, r) plane")
    noisy = two_bloc(noise="capability")
    ne, rd = (derivations()["noisy_r"][k] for k in ("nash", "risk_dominant"))
    cs = np.linspace(0.0, 5.0, 201)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for colour, eps0 in zip(colours, EPS0_VALUES, strict=False):
        for th, style, what in ((ne, "--", "equilibrium"), (rd, "-", "risk-dominant")):
            fixed = {noisy.symbol(k): v for k, v in {**others, "eps0": eps0}.items()}
            curve = sp.lambdify(noisy.symbol("c"), th.boundary.subs(fixed), "numpy")
            ys = np.broadcast_to(np.asarray(curve(cs), dtype=float), cs.shape).copy()
            # where the criterion is undefined (risk dominance without a strict (E,E)): no line
            at = {**others, "eps0": eps0, "r": 0.0}
            ys[[th.holds(**at, c=float(cv)) is None for cv in cs]] = np.nan
            if np.any(np.isfinite(ys)):
                right.plot(cs, ys, color=colour, linestyle=style, label=f"{what}, eps0 = {eps0:g}")
    right.set_xlabel(noisy.label("c"))
    right.set_ylabel("least reassurance r for (R,R)")
    right.set_title("least reassurance for (R,R) with accidents eps = eps0 c", fontsize=11)
    right.legend(fontsize=8, title=noisy.label("eps0"), title_fontsize=8)
    right.grid(alpha=0.3)
    return save(fig, path)


def main(argv: list[str] | None = None) -> int:
    return run_model_script(
        argv, "two_bloc.py", __doc__, analyse, render, lambda _, path, values: plot(path, values)
    )


if __name__ == "__main__":
    raise SystemExit(main())
