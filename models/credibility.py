"""Credible threats: when does deterrence hold in Zagare and Kilgour's deterrence games?

A threat deters only if carrying it out is rational once deterrence has failed (subgame
perfection). The script takes ``gametheory.games.unilateral_deterrence()`` (a challenger
keeps the status quo or challenges; the defender concedes or resists) and
``mutual_deterrence()`` (either side may challenge), derives the credibility and capability
conditions symbolically, solves the trees by backward induction at the chosen parameters, and
answers: is the defender's threat credible, does deterrence hold, and does more defender
capability ``c_B`` make the threat credible, or less so?

Usage::

    python models/credibility.py                 # readable report
    python models/credibility.py --json          # the same as one JSON object
    python models/credibility.py --plot credibility.png
    python models/credibility.py --param w=0.9   # destructive war: the threat is empty
    python models/credibility.py --param w=0.7 --param v=2   # credible only while c_B <= 8
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from gametheory.cli import run_model_script
from gametheory.deterrence.credibility import mutual_deterrence, unilateral_deterrence
from gametheory.extensive import credibility, subgame_perfect

C_GRID = np.linspace(0.0, 10.0, 201)
TOL = 1e-9


def _num(expr: sp.Expr, params: dict[str, float]) -> float:
    subs = {s: params[s.name] for s in expr.free_symbols}
    return float(expr.xreplace({k: sp.Float(v) for k, v in subs.items()}))


def _outcome(game, moves: dict[str, str]) -> str:
    if moves["Challenger"] == "SQ":
        return "status quo (deterred)"
    return "concession" if moves["Defender"] == "Concede" else "conflict"


def _intervals(xs: np.ndarray, mask: np.ndarray) -> list[list[float]]:
    """Maximal runs of True in `mask` as [first x, last x]."""
    out, start, prev = [], None, xs[0]
    for x, m in zip(xs, mask, strict=True):
        if m and start is None:
            start = x
        if not m and start is not None:
            out.append([float(start), float(prev)])
            start = None
        prev = x
    if start is not None:
        out.append([float(start), float(xs[-1])])
    return out


def analyse(values: dict[str, Any]) -> dict[str, Any]:
    """Everything the report says, as plain data."""
    game = unilateral_deterrence()
    params = {k: float(v) for k, v in game.values("--param", **values).items()}
    names = {s.name: s for s in game.parameters}
    (credible,) = credibility(game, "Defender", "Resist")
    (capable,) = credibility(game, "Challenger", "SQ", moves={"Defender": "Resist"})
    # numbers at the chosen point, from the tree itself
    spe = subgame_perfect(game.at(**params))
    outcomes = sorted({_outcome(game, e.moves) for e in spe.equilibria})
    margin_cred, margin_cap = _num(credible.margin, params), _num(capable.margin, params)
    slope = float(
        sp.diff(credible.margin, names["c_B"]).xreplace(
            {s: sp.Float(params[s.name]) for s in game.parameters}
        )
    )
    # where c_B (other parameters fixed) makes the threat credible and deterrence hold
    swept = []
    for c in C_GRID:
        point = {**params, "c_B": float(c)}
        found = {_outcome(game, e.moves) for e in subgame_perfect(game.at(**point)).equilibria}
        swept.append(found)
    deterred = np.array([f == {"status quo (deterred)"} for f in swept])
    cred_mask = np.array([_num(credible.margin, {**params, "c_B": c}) >= -TOL for c in C_GRID])
    cb_star = sp.solve(sp.Eq(credible.margin, 0), names["c_B"])
    boundary = None
    if cb_star and abs(slope) > TOL:
        boundary = _num(cb_star[0], params)
    if slope > TOL:
        trend = "more capability makes the threat more credible (alpha > w)"
    elif slope < -TOL:
        trend = (
            "more capability makes the threat LESS credible: war grows more destructive "
            "(w > alpha) faster than capability helps the defender"
        )
    else:
        trend = "capability does not change credibility (alpha = w)"
    mutual = mutual_deterrence()
    mparams = {k: float(v) for k, v in mutual.values("--param", **_mutual(values)).items()}
    mspe = subgame_perfect(mutual.at(**mparams))
    threats = {
        who: {
            "condition": str(c.relation),
            "margin": _num(c.margin, mparams),
            "credible": _num(c.margin, mparams) >= -TOL,
        }
        for who in ("A defends", "B defends")
        for c in credibility(mutual, who, "Resist")
    }
    return {
        "parameters": params,
        "unilateral": {
            "credibility_condition": str(credible.relation),
            "credibility_in_c_B": credible.solve_for("c_B"),
            "capability_condition": str(capable.relation),
            "credibility_margin": margin_cred,
            "capability_margin": margin_cap,
            "credible": margin_cred >= -TOL,
            "capable": margin_cap >= -TOL,
            "spe": [e.to_dict() for e in spe.equilibria],
            "outcomes": outcomes,
            "deterrence_holds": outcomes == ["status quo (deterred)"],
            "d_credibility_d_c_B": slope,
            "capability_trend": trend,
            "c_B_boundary": boundary,
            "c_B_grid": [float(C_GRID[0]), float(C_GRID[-1]), len(C_GRID)],
            "credible_for_c_B": _intervals(C_GRID, cred_mask),
            "deterred_for_c_B": _intervals(C_GRID, deterred),
        },
        "mutual": {
            "parameters": mparams,
            "spe": [e.to_dict() for e in mspe.equilibria],
            "threats": threats,
            "status_quo_holds": all(
                e.payoffs == (0.0, 0.0) and e.moves["A"] == "SQ" and e.moves["B"] == "SQ"
                for e in mspe.equilibria
            ),
        },
    }


def _mutual(values: dict[str, Any]) -> dict[str, Any]:
    """The unilateral game's parameters for the mutual one: v applies to both sides."""
    out = dict(values)
    if "v" in out:
        v = out.pop("v")
        out.setdefault("v_A", v)
        out.setdefault("v_B", v)
    return out


def render(data: dict[str, Any]) -> str:
    u, m = data["unilateral"], data["mutual"]
    p = data["parameters"]
    lines = [
        "Credible threats (Zagare & Kilgour 2000): unilateral deterrence",
        "  parameters: " + ", ".join(f"{k}={v:g}" for k, v in p.items()),
        f"  the defender's threat to resist is credible iff {u['credibility_condition']}",
        f"    solved for c_B: {u['credibility_in_c_B']}",
        f"  it is capable (the challenger prefers the status quo to conflict) iff "
        f"{u['capability_condition']}",
        f"  here: credibility margin {u['credibility_margin']:+.4g} -> "
        + ("credible" if u["credible"] else "NOT credible")
        + f"; capability margin {u['capability_margin']:+.4g} -> "
        + ("capable" if u["capable"] else "NOT capable"),
        "  subgame-perfect play: "
        + "; ".join(", ".join(f"{k}: {v}" for k, v in e["moves"].items()) for e in u["spe"])
        + f"  ->  {' or '.join(u['outcomes'])}",
        "",
        "Does more capability make the threat credible?",
        f"  d(credibility margin)/d c_B = alpha - w = {u['d_credibility_d_c_B']:+.4g}: "
        f"{u['capability_trend']}",
    ]
    if u["c_B_boundary"] is not None:
        at = u["c_B_boundary"]
        lines.append(f"  the credibility boundary is at c_B = {at:.4g}")
        if at < 0:
            side = "credible" if u["d_credibility_d_c_B"] > 0 else "NOT credible"
            lines.append(f"    (negative: at every c_B >= 0 the threat is {side})")
    grid = u["c_B_grid"]
    lines.append(
        f"  over c_B in [{grid[0]:g}, {grid[1]:g}] (other parameters fixed): credible for "
        f"{_runs(u['credible_for_c_B'])}; deterrence holds for {_runs(u['deterred_for_c_B'])}"
    )
    lines += ["", "Conclusion:"]
    if u["deterrence_holds"]:
        lines.append(
            "  HOLDS here: the threat is credible and capable, so the challenger keeps the"
        )
        lines.append("  status quo in the only subgame-perfect equilibrium.")
    elif not u["credible"]:
        lines.append("  FAILS here: resisting is worse for the defender than conceding, so the")
        lines.append("  threat is empty (Selten's point) and the challenger challenges.")
    elif not u["capable"]:
        lines.append("  FAILS here: the threat is credible but not capable: the challenger")
        lines.append("  prefers conflict to the status quo, so deterrence ends in conflict.")
    else:
        lines.append("  at a tie: " + " or ".join(u["outcomes"]))
    if u["d_credibility_d_c_B"] < -TOL:
        lines.append(
            "  Building capability does not help here: it makes resisting costlier for the"
        )
        lines.append("  defender itself, and the threat loses credibility as c_B grows.")
    elif u["d_credibility_d_c_B"] > TOL:
        lines.append("  Capability helps credibility here only because alpha > w; with w > alpha")
        lines.append("  (try --param w=0.9) the same build-up makes the threat less credible.")
    lines += [
        "",
        "Mutual deterrence (either side may challenge)",
    ]
    for who, t in m["threats"].items():
        state = "credible" if t["credible"] else "NOT credible"
        lines.append(f"  {who}: resisting is credible iff {t['condition']}  ({state} here)")
    for e in m["spe"]:
        lines.append(
            "  SPE: "
            + ", ".join(f"{k}: {v}" for k, v in e["moves"].items())
            + f"  payoffs {e['payoffs']}"
        )
    lines.append(
        "  the status quo "
        + ("holds: both threats deter" if m["status_quo_holds"] else "does NOT hold")
    )
    return "\n".join(lines)


def _runs(runs: list[list[float]]) -> str:
    if not runs:
        return "no value"
    return ", ".join(f"[{a:.3g}, {b:.3g}]" for a, b in runs)


def plot(data: dict[str, Any], path: str) -> str:
    """Left: the SPE outcome over (c_B, w); right: the credibility margin against c_B."""
    from gametheory.plot import pyplot, save

    plt = pyplot()
    game = unilateral_deterrence()
    params = data["parameters"]
    (credible,) = credibility(game, "Defender", "Resist")
    (capable,) = credibility(game, "Challenger", "SQ", moves={"Defender": "Resist"})
    names = {s.name: s for s in game.parameters}
    fixed = {names[k]: v for k, v in params.items() if k not in ("c_B", "w")}
    f_cred = sp.lambdify((names["c_B"], names["w"]), credible.margin.subs(fixed), "numpy")
    f_cap = sp.lambdify((names["c_B"], names["w"]), capable.margin.subs(fixed), "numpy")
    cb, w = np.meshgrid(np.linspace(0, 10, 401), np.linspace(0, 1.2, 301))
    cred = np.broadcast_to(f_cred(cb, w), cb.shape) >= -TOL
    cap = np.broadcast_to(f_cap(cb, w), cb.shape) >= -TOL
    # outcome by backward induction's logic: not credible -> concession; credible and capable
    # -> status quo; credible, not capable -> conflict (ties drawn on the boundaries)
    region = np.where(~cred, 0, np.where(cap, 2, 1))
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.8), constrained_layout=True)
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap(["#f4a582", "#ca0020", "#92c5de"])
    left.pcolormesh(cb, w, region, cmap=cmap, vmin=-0.5, vmax=2.5, shading="auto")
    left.axhline(params["alpha"], color="k", linestyle=":", linewidth=1)
    left.text(9.9, params["alpha"] + 0.02, "w = alpha", ha="right", fontsize=9)
    left.plot([params["c_B"]], [params["w"]], "k*", markersize=12)
    from matplotlib.patches import Patch

    left.legend(
        handles=[
            Patch(color="#92c5de", label="deterred: status quo"),
            Patch(color="#f4a582", label="threat not credible: challenge, concession"),
            Patch(color="#ca0020", label="credible, not capable: conflict"),
        ],
        loc="upper left",
        fontsize=8,
    )
    left.set_xlabel("defender capability c_B")
    left.set_ylabel("war destructiveness w")
    left.set_title("unilateral deterrence: subgame-perfect outcome (star: chosen point)")
    cs = np.linspace(0, 10, 201)
    for wv in sorted({0.0, params["alpha"], params["w"], min(1.2, params["alpha"] + 0.3)}):
        label = f"w = {wv:g}" + (" (chosen)" if wv == params["w"] else "")
        label += " = alpha" if wv == params["alpha"] else ""
        right.plot(cs, np.broadcast_to(f_cred(cs, wv), cs.shape), label=label)
    right.axhline(0, color="k", linewidth=1)
    right.set_xlabel("defender capability c_B")
    right.set_ylabel("defender: conflict minus concession")
    right.set_title("credible above 0; slope alpha - w")
    right.legend(fontsize=9)
    right.grid(alpha=0.3)
    return save(fig, path)


def main(argv: list[str] | None = None) -> int:
    return run_model_script(
        argv, "credibility.py", __doc__, analyse, render, lambda data, path, _: plot(data, path)
    )


if __name__ == "__main__":
    raise SystemExit(main())
