"""Trust and reassurance: can a costly gesture restore restraint when trust is low?

Kydd (2005) reads the security dilemma as uncertainty about the rival's type: a security
seeker would restrain if it trusted the other to, an expansionist exploits restraint. The
script answers the policy question with two models from ``gametheory.games``:

1. ``security_dilemma_types()``: how much prior trust ``p`` do two security seekers need to
   restrain (the minimum trust), and is that the complete-information ``minimum_trust``?
2. ``costly_reassurance()``: when trust is below what the other side needs, can a seeker's
   costly gesture (cost ``k``; ``k + d`` for an expansionist) reveal it and restore
   restraint? How large must the gesture be, when is it too expensive to be worth sending,
   and what does it do to the probability of war (mutual defection)?

Usage::

    python models/trust.py                     # readable report
    python models/trust.py --json              # the same as one JSON object
    python models/trust.py --plot trust.png
    python models/trust.py --param k=0.5       # a cheap gesture: mimicked, partly trusted
    python models/trust.py --param d=0         # a gesture that costs both types the same
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from gametheory import GameError, minimum_trust
from gametheory.bayesian import bayesian_equilibria, perfect_bayesian
from gametheory.cli import run_model_script
from gametheory.deterrence.trust import (
    costly_reassurance,
    reassurance_range,
    security_dilemma_types,
    spiral_minimum_trust,
)
from gametheory.games import symmetric_2x2

TOL = 1e-9
N_K = 41
"""Points of the sweep over the gesture cost k."""
SPIRAL_NAMES = ("R", "S", "P", "T_s", "T_e", "p")
REASSURANCE_NAMES = ("R", "S", "P", "T_e", "k", "d", "p")


def _split(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    unknown = sorted(set(values) - set(SPIRAL_NAMES) - set(REASSURANCE_NAMES))
    if unknown:
        raise GameError(
            f"--param: unknown parameters {unknown}; the models have "
            f"{sorted(set(SPIRAL_NAMES) | set(REASSURANCE_NAMES))}"
        )
    spiral = {k: v for k, v in values.items() if k in SPIRAL_NAMES}
    reassure = {k: v for k, v in values.items() if k in REASSURANCE_NAMES}
    return spiral, reassure


def _num(expr: sp.Expr, values: dict[str, float]) -> float:
    return float(expr.xreplace({s: sp.Float(values[s.name]) for s in expr.free_symbols}))


def _receiver_threshold(game) -> sp.Expr | None:
    """The belief mu that A is a seeker above which B prefers C, from B's payoff table."""
    mu = sp.Symbol("mu")
    (s, x), (c, d) = (0, 1), (0, 1)
    u = game.receiver_payoff
    gain = mu * (u[s][c] - u[s][d]) + (1 - mu) * (u[x][c] - u[x][d])
    roots = sp.solve(sp.Eq(gain, 0), mu)
    return sp.factor(roots[0]) if len(roots) == 1 else None


def spiral(values: dict[str, Any]) -> dict[str, Any]:
    model = security_dilemma_types()
    params = {k: float(v) for k, v in model.ex_ante_form().values("--param", **values).items()}
    stag = symmetric_2x2(params["R"], params["S"], params["T_s"], params["P"]).at()
    numeric = minimum_trust(stag)[0]  # the complete-information minimum trust (inf: none)
    formula = spiral_minimum_trust()
    game = model.ex_ante_form().at(**params)
    found, complete = bayesian_equilibria(model, **params)
    equilibria = [{"behaviour": e.behaviour, "payoffs": list(e.payoffs)} for e in found]
    coop = "seeker:C/expansionist:D"
    x = game.actions[0].index(coop)
    coop_eq = game.regret([x, x]) <= TOL * max(game.payoff_range, 1.0)
    return {
        "parameters": params,
        "minimum_trust_formula": str(formula),
        "minimum_trust": numeric if np.isfinite(numeric) else None,
        "formula_value": _num(formula, params) if np.isfinite(numeric) and numeric > 0 else None,
        "seekers_cooperate_in_equilibrium": bool(coop_eq),
        "equilibria": equilibria,
        "complete": complete,
    }


def _fmt(nested: dict[str, dict[str, float]]) -> str:
    return (
        "{"
        + "; ".join(
            f"{k}: " + " + ".join(f"{v:.3g} {a}" if v < 1 - 1e-9 else a for a, v in d.items())
            for k, d in nested.items()
        )
        + "}"
    )


def _mix(names, probs) -> dict[str, float]:
    return {n: float(q) for n, q in zip(names, probs, strict=True) if q > 1e-9}


def _summary(game, eq) -> dict[str, Any]:
    return {
        "kind": eq.kind,
        "sender": {t: dict(v) for t, v in eq.sender.items()},
        "receiver": {m: dict(v) for m, v in eq.receiver.items()},
        "p_war": eq.action_probability(game, "D"),
        "p_trust": eq.action_probability(game, "C"),
        "p_exploited": _exploited(game, eq),
        "seeker_payoff": _type_payoff(game, eq, 0),
    }


def _exploited(game, eq) -> float:
    """Probability that B trusts (C) an expansionist, who then exploits it."""
    t = game.types.index("expansionist")
    q = float(game.prior[t])
    return q * sum(w * eq.receiver[m].get("C", 0.0) for m, w in eq.sender["expansionist"].items())


def _type_payoff(game, eq, t: int) -> float:
    total = 0.0
    name = game.types[t]
    for m, q in eq.sender[name].items():
        mi = game.messages.index(m)
        for a, r in eq.receiver[m].items():
            total += q * r * float(game.sender_utility(t, mi, game.actions.index(a)))
    return total


def reassurance(values: dict[str, Any], n_k: int = 41) -> dict[str, Any]:
    model = costly_reassurance()
    form = model.strategic_form()
    params = {k: float(v) for k, v in form.values("--param", **values).items()}
    found = reassurance_range(model)
    lo, hi = _num(found.lower, params), _num(found.upper, params)
    requires = {text: _num(m, params) >= -TOL for text, m in found.requires}
    mu_expr = _receiver_threshold(model)
    mu_star = None
    if mu_expr is not None:
        try:
            mu_star = _num(mu_expr, params)
        except (ZeroDivisionError, TypeError):
            mu_star = None
    here = model.at(**params)
    result = perfect_bayesian(here)
    top = max(hi, lo, params["k"]) + 1.0 if np.isfinite(hi) else params["k"] + 3.0
    ks = np.linspace(0.0, max(top, 1.0), n_k)
    sweep = []
    for k in ks:
        game = model.at(**{**params, "k": float(k)})
        sweep.append(
            {
                "k": float(k),
                "equilibria": [_summary(game, e) for e in perfect_bayesian(game).equilibria],
            }
        )
    return {
        "parameters": params,
        "receiver_minimum_trust_formula": None if mu_expr is None else str(mu_expr),
        "receiver_minimum_trust": mu_star,
        "separating_range": {"lower": str(found.lower), "upper": str(found.upper)},
        "separating_k": [lo, hi] if lo <= hi + TOL and all(requires.values()) else None,
        "other_conditions": requires,
        "equilibria": [_summary(here, e) for e in result.equilibria],
        "complete": result.complete,
        "notes": list(result.notes),
        "sweep": sweep,
    }


def verdict(r: dict[str, Any]) -> list[str]:
    """The policy answer in sentences, for every case (not only the defaults)."""
    p, k = r["parameters"]["p"], r["parameters"]["k"]
    mu, rng = r["receiver_minimum_trust"], r["separating_k"]
    out = []
    if mu is None or not 0 <= mu <= 1:
        out.append(
            "B's choice does not hinge on trust here (its payoff order is not R > P > S), so "
            "the reassurance argument does not apply."
        )
    elif p >= mu - TOL:
        out.append(
            f"Trust p = {p:g} already meets B's minimum trust {mu:.4g}: B can trust without any "
            "gesture (a pooling equilibrium without gesture and with trust exists); a costly "
            "gesture is not needed, and an expansionist exploits trust with probability 1 - p."
        )
    else:
        out.append(
            f"Trust p = {p:g} is below B's minimum trust {mu:.4g}: without a gesture B defects "
            "and the sides end in mutual defection (war) for sure."
        )
    if rng is None:
        failing = [text for text, ok in r["other_conditions"].items() if not ok]
        if failing:
            out.append(
                "NO gesture separates the types: the separating equilibrium also needs "
                + "; ".join(failing)
                + ", which fails here."
            )
        else:
            out.append(
                "NO gesture separates the types: an expansionist values being trusted (T_e - P) "
                "more than a seeker does (R - P) plus the gesture's extra cost to it (d); "
                "reassurance needs a gesture that costs an expansionist more, d >= T_e - R."
            )
        return out
    lo, hi = rng
    out.append(
        f"A gesture of cost {lo:.4g} <= k <= {hi:.4g} separates: seekers make it, expansionists "
        "do not, B trusts exactly those who did; in that equilibrium the probability of war is "
        f"1 - p = {1 - p:.4g} (only expansionists meet defection) and B is never exploited."
    )
    if k < lo - TOL:
        out.append(
            f"At k = {k:g} the gesture is too cheap: expansionists mimic it part of the time, "
            "so it buys only partial trust (semi-separating equilibrium, if any) or none."
        )
    elif k > hi + TOL:
        out.append(
            f"At k = {k:g} the gesture is too expensive: a seeker would rather face mistrust "
            f"(P) than pay more than R - P = {hi:.4g}; no one makes it, war follows."
        )
    else:
        out.append(f"At k = {k:g} the gesture is in that range: reassurance works here.")
    kinds = {e["kind"] for e in r["equilibria"]}
    if "pooling" in kinds and any(e["p_war"] > 1 - TOL for e in r["equilibria"]):
        out.append(
            "It is not guaranteed: an equilibrium where no one gestures and B never trusts "
            "coexists (B reads a gesture pessimistically), so the gesture must also be "
            "understood as a signal."
        )
    semi = [e for e in r["equilibria"] if e["kind"] == "semi-separating"]
    if semi:
        e = min(semi, key=lambda e: e["p_war"])
        out.append(
            f"A partly mimicked gesture lowers the probability of war to {e['p_war']:.3g}, but "
            f"B is then exploited with probability {e['p_exploited']:.3g}: less war, not more "
            "security."
        )
    return out


def analyse(values: dict[str, Any], n_k: int | None = None) -> dict[str, Any]:
    """Both models at `values` (a --param dict); `n_k` points in the sweep over k."""
    spiral_values, reassurance_values = _split(values)
    data = {
        "spiral": spiral(spiral_values),
        "reassurance": reassurance(reassurance_values, n_k=n_k or N_K),
    }
    data["conclusions"] = verdict(data["reassurance"])
    return data


def render(data: dict[str, Any]) -> str:
    s, r = data["spiral"], data["reassurance"]
    lines = [
        "1. Kydd's security dilemma with types (seekers: assurance game; expansionists: PD)",
        "  parameters: " + ", ".join(f"{k}={v:g}" for k, v in s["parameters"].items()),
        f"  seekers cooperate iff trust p >= {s['minimum_trust_formula']}",
    ]
    if s["minimum_trust"] is None:
        lines.append("  here no trust suffices: seekers are not in an assurance game (R < T_s)")
    else:
        lines.append(
            f"  here p* = {s['minimum_trust']:.4g} (= minimum_trust of the seekers' stag hunt); "
            f"p = {s['parameters']['p']:g}: cooperation among seekers is "
            + ("an equilibrium" if s["seekers_cooperate_in_equilibrium"] else "NOT an equilibrium")
        )
    lines.append(f"  Bayesian equilibria of the ex-ante form ({len(s['equilibria'])}):")
    for e in s["equilibria"]:
        lines.append(
            "    "
            + "  ".join(f"{who} {_fmt(per_type)}" for who, per_type in e["behaviour"].items())
            + f"  payoffs {[round(v, 4) for v in e['payoffs']]}"
        )
    lines += [
        "",
        "2. Costly reassurance (A may make a gesture; B then trusts or not)",
        "  parameters: " + ", ".join(f"{k}={v:g}" for k, v in r["parameters"].items()),
        f"  B trusts after a message iff its belief in a seeker >= "
        f"{r['receiver_minimum_trust_formula']}",
        f"  separating range: {r['separating_range']['lower']} <= k <= "
        f"{r['separating_range']['upper']}",
        f"  perfect Bayesian equilibria at k = {r['parameters']['k']:g}:",
    ]
    for e in r["equilibria"]:
        lines.append(
            f"    {e['kind']:<16} sender {_fmt(e['sender'])}  receiver {_fmt(e['receiver'])}  "
            f"P(war) {e['p_war']:.3g}, P(B exploited) {e['p_exploited']:.3g}"
        )
    lines += ["", "Conclusion:"] + [f"  {c}" for c in data["conclusions"]]
    return "\n".join(lines)


def plot(data: dict[str, Any], path: str) -> str:
    """Left: P(war) in every PBE against the gesture's cost k; right: regimes over (p, k)."""
    from gametheory.plot import pyplot, save

    plt = pyplot()
    r = data["reassurance"]
    params = r["parameters"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.8), constrained_layout=True)
    style = {
        "separating": ("o", "#1a9641"),
        "pooling": ("s", "#d7191c"),
        "semi-separating": ("^", "#fdae61"),
    }
    for kind, (marker, colour) in style.items():
        xs = [pt["k"] for pt in r["sweep"] for e in pt["equilibria"] if e["kind"] == kind]
        ys = [e["p_war"] for pt in r["sweep"] for e in pt["equilibria"] if e["kind"] == kind]
        left.scatter(xs, ys, marker=marker, color=colour, label=f"{kind}: P(war)", s=22, alpha=0.8)
        ex = [e["p_exploited"] for pt in r["sweep"] for e in pt["equilibria"] if e["kind"] == kind]
        left.scatter(
            xs,
            ex,
            marker=marker,
            facecolors="none",
            edgecolors=colour,
            s=22,
            label=f"{kind}: P(B exploited)",
        )
    if r["separating_k"] is not None:
        lo, hi = r["separating_k"]
        left.axvspan(lo, hi, color="#1a9641", alpha=0.12, label="separating range")
    left.axvline(params["k"], color="k", linestyle=":", linewidth=1, label="chosen k")
    left.set_xlabel("gesture cost k (for a seeker)")
    left.set_ylabel("probability (filled: war = mutual defection; hollow: B exploited)")
    left.set_title(f"every perfect Bayesian equilibrium, p = {params['p']:g}")
    left.set_ylim(-0.05, 1.05)
    left.legend(fontsize=8, loc="center right")
    left.grid(alpha=0.3)
    # regimes over (p, k) from the symbolic conditions
    model = costly_reassurance()
    found = reassurance_range(model)
    fixed = {k: v for k, v in params.items() if k not in ("p", "k")}
    lo = _num(found.lower, {**fixed, "k": 0.0})
    hi = _num(found.upper, {**fixed, "k": 0.0})
    mu = r["receiver_minimum_trust"]
    kmax = max(r["sweep"][-1]["k"], 1.0)
    pp, kk = np.meshgrid(np.linspace(0, 1, 301), np.linspace(0, kmax, 301))
    region = np.full(pp.shape, 3)  # no reassurance: war
    if lo <= hi + TOL and all(r["other_conditions"].values()):
        region[(kk >= lo - TOL) & (kk <= hi + TOL)] = 1
        region[kk < lo - TOL] = 2
    if mu is not None and 0 <= mu <= 1:
        region[pp >= mu - TOL] = 0
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    colours = ["#92c5de", "#1a9641", "#fdae61", "#d7191c"]
    right.pcolormesh(
        pp, kk, region, cmap=ListedColormap(colours), vmin=-0.5, vmax=3.5, shading="auto"
    )
    right.plot([params["p"]], [params["k"]], "k*", markersize=12)
    right.legend(
        handles=[
            Patch(color=colours[0], label="trust without a gesture (p >= minimum trust)"),
            Patch(color=colours[1], label="gesture separates: seekers trusted"),
            Patch(color=colours[2], label="gesture too cheap: mimicked"),
            Patch(color=colours[3], label="too expensive / no separation: war"),
        ],
        fontsize=8,
        loc="upper right",
    )
    right.set_xlabel("prior trust p (A is a seeker)")
    right.set_ylabel("gesture cost k")
    right.set_title("what a costly gesture can do (star: chosen point)")
    return save(fig, path)


def main(argv: list[str] | None = None) -> int:
    return run_model_script(
        argv, "trust.py", __doc__, analyse, render, lambda data, path, _: plot(data, path)
    )


if __name__ == "__main__":
    raise SystemExit(main())
