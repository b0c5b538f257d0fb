"""Two-bloc deterrence versus reassurance: when does mutual restraint hold?

The main analysis of the project. It takes the reference two-bloc game (docs/two_bloc.md,
``gametheory.games.two_bloc``), solves it at the default parameters, derives the stability
thresholds symbolically, and answers three questions from the policy argument:

1. Can raising capability ``c`` alone (no reassurance, ``r = 0``) make mutual restraint an
   equilibrium, or risk-dominant? How do the thresholds move with ``c``?
2. What is the minimum reassurance ``r*(c)`` that makes restraint stable (risk-dominant)?
3. How do accident risk and capability together change the expected cost of war?

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

import argparse  # noqa: E402
import json  # noqa: E402
from functools import lru_cache  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402

from gametheory import GameError, solve  # noqa: E402
from gametheory.cli import parse_params  # noqa: E402
from gametheory.games import symmetric_2x2_type, two_bloc  # noqa: E402
from gametheory.stability import classify, thresholds  # noqa: E402
from gametheory.sweep import grid  # noqa: E402

C_VALUES = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
EPS0_VALUES = (0.0, 0.01, 0.02, 0.05)


def _f(x: float) -> float:
    return float(round(float(x), 6))


def _profile_text(game, strategies) -> str:
    parts = []
    for actions, probs in zip(game.actions, strategies, strict=True):
        used = [(a, p) for a, p in zip(actions, probs, strict=True) if p > 1e-9]
        parts.append(used[0][0] if len(used) == 1 else "+".join(f"{p:.3f}{a}" for a, p in used))
    return "(" + ", ".join(parts) + ")"


def _boundary(found, criterion: str) -> sp.Expr | None:
    for t in found:
        if (
            t.criterion == criterion
            and t.boundary is not None
            and not isinstance(t.boundary, tuple)
        ):
            return t.boundary
    return None


def _counter_scenario(b, alpha, theta, beta, w) -> dict[str, float] | None:
    """If capability alone cannot deter here, the retaliation theta at which it would.

    Capability alone makes restraint risk-dominant once theta > alpha + beta - 2w; take theta
    0.4 above that (and above alpha) and report the capability needed.
    """
    if theta > alpha and theta + 2 * w > alpha + beta:
        return None
    strong = max(alpha, alpha + beta - 2 * w) + 0.4
    return {
        "theta": _f(strong),
        "critical_c_nash": _f(b / (strong - alpha)),
        "critical_c_risk_dominant": _f(b / (strong + 2 * w - alpha - beta)),
    }


@lru_cache(maxsize=1)
def _noisy_thresholds() -> tuple[sp.Expr, sp.Expr]:
    """r thresholds (Nash, risk dominance) of (R,R) in the game with accidents eps0 * c."""
    noisy = two_bloc(noise="capability")
    s = {p.name: p for p in noisy.parameters}
    # eps0 * c is a probability, below one: the sign of (1 - eps) is then known and the
    # conditions solve for r
    found = thresholds(noisy, "R,R", solve_for="r", assume=[s["eps0"] * s["c"] < 1])
    return sp.simplify(_boundary(found, "nash")), sp.simplify(_boundary(found, "risk_dominant"))


def analyse(values: dict[str, float], n_grid: int = 201, n_starts: int = 2000) -> dict[str, Any]:
    """Everything the report prints, as plain data."""
    model = two_bloc()
    params = model.values("--param", **values)
    sym = {p.name: p for p in model.parameters}
    game = model.at(**params)

    # -- the game at the parameter values: equilibria and the criteria for both pure candidates
    result = solve(game)
    equilibria = [
        {
            "profile": _profile_text(game, eq.strategies),
            "strategies": [[_f(p) for p in s] for s in eq.strategies],
            "payoffs": [_f(v) for v in eq.payoffs],
            "pure": eq.is_pure,
        }
        for eq in result.equilibria
    ]
    criteria = {
        name: classify(game, name, n_starts=n_starts, seed=0).to_dict() for name in ("R,R", "E,E")
    }

    # -- symbolic thresholds in r, and how they move with c
    found = thresholds(model, "R,R", solve_for="r")
    ne, rd = _boundary(found, "nash"), _boundary(found, "risk_dominant")
    c = sym["c"]
    others = {k: v for k, v in params.items() if k not in ("c", "r")}
    ne_slope, rd_slope = sp.diff(ne, c), sp.diff(rd, c)
    fixed = {sym[k]: v for k, v in others.items()}
    ne_at = sp.lambdify(c, ne.subs(fixed))
    rd_at = sp.lambdify(c, rd.subs(fixed))
    rival_strict = params["beta"] > 2 * params["w"]  # (E,E) strict iff beta > 2w

    def r_star(cv: float) -> float:
        """Least r for risk-dominant restraint (for NE alone when (E,E) is not strict)."""
        bound = max(ne_at(cv), rd_at(cv)) if rival_strict else ne_at(cv)
        return max(float(bound), 0.0)  # r >= 0: a negative bound means none is needed

    # -- question 1: capability alone, r = 0
    cs = np.linspace(0.0, 5.0, 501)
    alone = grid(model, {"c": cs}, fixed={**others, "r": 0.0})
    b, alpha, theta, beta, w = (params[k] for k in ("b", "alpha", "theta", "beta", "w"))
    q1 = {
        "nash_threshold": str(ne),
        "risk_dominance_threshold": str(rd),
        "d_nash_threshold_dc": str(ne_slope),
        "d_risk_threshold_dc": str(rd_slope),
        "d_nash_threshold_dc_here": _f(float(ne_slope.subs(fixed))),
        "d_risk_threshold_dc_here": _f(float(rd_slope.subs(fixed))),
        "capability_alone_nash_iff": "theta > alpha and c >= b/(theta - alpha)",
        "capability_alone_risk_dominant_iff": (
            "theta + 2*w > alpha + beta and c > b/(theta + 2*w - alpha - beta)"
        ),
        "critical_c_nash": _f(b / (theta - alpha)) if theta > alpha else None,
        "critical_c_risk_dominant": (
            _f(b / (theta + 2 * w - alpha - beta)) if theta + 2 * w > alpha + beta else None
        ),
        "counter_scenario": _counter_scenario(b, alpha, theta, beta, w),
        "share_of_c_in_0_5_with_restraint_nash_at_r0": float(alone.nash.mean()),
        "share_of_c_in_0_5_with_restraint_stable_at_r0": float((alone.labels == 2).mean()),
        "thresholds_by_c": [
            {"c": cv, "r_nash": _f(ne_at(cv)), "r_risk_dominant": _f(rd_at(cv))} for cv in C_VALUES
        ],
        "game_type_by_c_at_r0": {
            str(cv): symmetric_2x2_type(model.at(**{**params, "c": cv, "r": 0.0}))
            for cv in C_VALUES
        },
    }

    # -- question 2: minimum reassurance r*(c), checked against the grid and classify
    table = grid(
        model, {"c": np.linspace(0, 5, n_grid), "r": np.linspace(0, 5, n_grid)}, fixed=others
    )
    rs = table.axes["r"]
    step = float(rs[1] - rs[0])
    worst = 0.0
    for i, cv in enumerate(table.axes["c"]):
        stable = np.flatnonzero(table.labels[i] == 2)
        if stable.size and r_star(cv) <= rs[-1] - step:
            worst = max(worst, abs(rs[stable[0]] - r_star(cv)))
    checks = []
    for cv in (1.0, 3.0):
        for delta in (-0.05, 0.05):
            point = model.at(**{**params, "c": cv, "r": max(r_star(cv) + delta, 0.0)})
            report = classify(point, "R,R", n_starts=200, seed=1)
            checks.append(
                {
                    "c": cv,
                    "r": _f(r_star(cv) + delta),
                    "nash": report.nash,
                    "risk_dominant": report.risk_dominant,
                }
            )
    q2 = {
        "r_star": "max(nash, risk_dominance) thresholds" if rival_strict else "nash threshold",
        "r_star_by_c": [{"c": cv, "r_star": _f(r_star(cv))} for cv in C_VALUES],
        "grid": {"c": [0.0, 5.0, n_grid], "r": [0.0, 5.0, n_grid]},
        "regime_shares": {name: table.share(name) for name in table.regimes},
        "grid_vs_formula_max_gap": _f(worst),
        "grid_step": _f(step),
        "classify_checks": checks,
    }

    # -- question 3: accidents, eps = eps0 * c, at intended mutual restraint
    noisy = two_bloc(noise="capability")
    noisy_ne, noisy_rd = _noisy_thresholds()
    rows = []
    for eps0 in EPS0_VALUES:
        for cv in C_VALUES[1:]:
            eps = eps0 * cv  # at most 0.25 here
            at = {**params, "c": cv, "eps0": eps0}
            base = model.at(**{**params, "c": cv}).payoffs[0][0, 0]
            with_noise = noisy.at(**at).payoffs[0][0, 0]
            subs = {s: at[s.name] for s in noisy.parameters if s.name in at and s.name != "r"}
            rows.append(
                {
                    "eps0": eps0,
                    "c": cv,
                    "eps": _f(eps),
                    "p_war": _f(eps**2),
                    "p_any_escalation": _f(1 - (1 - eps) ** 2),
                    "expected_war_damage": _f(eps**2 * w * 2 * cv),
                    "expected_loss_vs_no_accidents": _f(base - with_noise),
                    "r_nash": _f(float(noisy_ne.subs(subs))),
                    "r_risk_dominant": _f(float(noisy_rd.subs(subs))),
                }
            )
    ns = {p.name: p for p in noisy.parameters}
    eps = ns["eps0"] * ns["c"]
    closed = (
        ns["b"]
        + (ns["alpha"] - ns["theta"]) * ns["c"]
        + (ns["beta"] - 2 * ns["w"]) * ns["c"] * eps / (1 - eps)
    )
    q3 = {
        "accident_model": "an intended R is carried out as E with probability eps = eps0 * c",
        "nash_threshold_closed_form": "b + (alpha - theta)*c + (beta - 2*w)*c*eps/(1 - eps)",
        "closed_form_verified": bool(sp.simplify(noisy_ne - closed) == 0),
        "nash_threshold_with_accidents": str(noisy_ne),
        "risk_threshold_with_accidents": str(noisy_rd),
        "rows": rows,
    }
    return {
        "model": model.title,
        "parameters": {k: _f(v) for k, v in params.items()},
        "payoffs_A": {f"{x},{y}": str(model.payoff(0, [x, y])) for x in "RE" for y in "RE"},
        "game_type": symmetric_2x2_type(game),
        "equilibria": equilibria,
        "complete": result.complete,
        "stability": criteria,
        "question_1_capability_alone": q1,
        "question_2_minimum_reassurance": q2,
        "question_3_accidents": q3,
    }


def render(data: dict[str, Any]) -> str:
    """The readable report."""
    p = data["parameters"]
    q1, q2, q3 = (
        data[k]
        for k in (
            "question_1_capability_alone",
            "question_2_minimum_reassurance",
            "question_3_accidents",
        )
    )
    out = [
        f"== {data['model']} ==",
        "parameters: " + ", ".join(f"{k}={v:g}" for k, v in p.items()),
        "",
        "bloc A's payoffs (bloc B's mirror them):",
    ]
    out += [f"  u_A({k}) = {v}" for k, v in data["payoffs_A"].items()]
    out += [
        "",
        f"At these values the game is a {data['game_type']} with "
        f"{len(data['equilibria'])} "
        f"{'equilibrium' if len(data['equilibria']) == 1 else 'equilibria'} "
        f"(complete: {data['complete']}):",
    ]
    out += [f"  {eq['profile']:<26} payoffs {eq['payoffs']}" for eq in data["equilibria"]]
    out += ["", "stability of the pure profiles:", f"  {'criterion':<18} {'R,R':>8} {'E,E':>8}"]
    for key in ("nash", "strict", "risk_dominant", "replicator_stable", "basin_share", "qre_limit"):
        a, b = (data["stability"][n][key] for n in ("R,R", "E,E"))
        fmt = (lambda v: f"{v:8.3f}") if key == "basin_share" else (lambda v: f"{v!s:>8}")
        out.append(f"  {key:<18} {fmt(a)} {fmt(b)}")
    out += [
        "",
        "symbolic thresholds for mutual restraint (R,R):",
        f"  equilibrium    iff r >= {q1['nash_threshold']}",
        f"  risk-dominant  iff r >  {q1['risk_dominance_threshold']}   (when (E,E) is strict)",
        "",
        "(1) Can capability alone (r = 0) make restraint stable?",
        f"  d r*_NE/dc = {q1['d_nash_threshold_dc']} = {q1['d_nash_threshold_dc_here']:g} here;"
        f"  d r*_RD/dc = {q1['d_risk_threshold_dc']} = {q1['d_risk_threshold_dc_here']:g} here",
        f"  at r = 0 restraint is an equilibrium iff {q1['capability_alone_nash_iff']}",
        f"  and risk-dominant iff {q1['capability_alone_risk_dominant_iff']}",
    ]
    if q1["critical_c_nash"] is None:
        out.append(
            "  -> here theta <= alpha: NO amount of capability makes restraint an "
            "equilibrium without reassurance;"
        )
        out.append("     every unit of c raises the reassurance needed (the security dilemma).")
    else:
        out.append(
            f"  -> here capability alone deters from c >= {q1['critical_c_nash']:g} "
            "(retaliation outweighs coercive gain): the argument fails in this region."
        )
    if q1["critical_c_risk_dominant"] is None:
        out.append("     Restraint never becomes risk-dominant through capability alone.")
    else:
        out.append(
            f"     Restraint becomes risk-dominant from c > {q1['critical_c_risk_dominant']:g}."
        )
    if q1["counter_scenario"]:
        cs_ = q1["counter_scenario"]
        out.append(
            f"  The argument fails where retaliation is strong: with theta = {cs_['theta']:g},"
        )
        out.append(
            f"  restraint is an equilibrium at r = 0 from c >= {cs_['critical_c_nash']:g} "
            f"and risk-dominant from c > {cs_['critical_c_risk_dominant']:g}."
        )
    out.append(
        "  game at r = 0 by c: "
        + ", ".join(f"c={c}: {t}" for c, t in q1["game_type_by_c_at_r0"].items())
    )
    out += ["", f"(2) Minimum reassurance r*(c) for stable restraint ({q2['r_star']}):"]
    out += [
        "  " + "  ".join(f"c={row['c']:g}: r*={row['r_star']:.3f}" for row in q2["r_star_by_c"])
    ]
    shares = q2["regime_shares"]
    out.append(
        f"  on the grid c, r in [0, 5] ({q2['grid']['c'][2]}x{q2['grid']['r'][2]}): "
        + ", ".join(f"{k} {100 * v:.1f}%" for k, v in shares.items())
    )
    out.append(
        f"  grid vs formula: largest gap {q2['grid_vs_formula_max_gap']:.4f} "
        f"(grid step {q2['grid_step']:.4f})"
    )
    for chk in q2["classify_checks"]:
        out.append(
            f"  classify at c={chk['c']:g}, r={chk['r']:.3f}: NE {chk['nash']}, "
            f"risk-dominant {chk['risk_dominant']}"
        )
    out += [
        "",
        "(3) Accidents: " + q3["accident_model"],
        "  with accidents, restraint is an equilibrium iff",
        f"    r >= {q3['nash_threshold_closed_form']}   (eps = eps0 c; "
        f"equals the solved threshold: {q3['closed_form_verified']})",
        f"  {'eps0':>5} {'c':>4} {'eps':>6} {'P(war)':>8} {'P(any E)':>9} "
        f"{'E[war damage]':>14} {'E[loss]':>8} {'r*_NE':>7} {'r*_RD':>7}",
    ]
    for row in q3["rows"]:
        if row["c"] in (1.0, 3.0, 5.0):
            out.append(
                f"  {row['eps0']:>5g} {row['c']:>4g} {row['eps']:>6.3f} {row['p_war']:>8.4f} "
                f"{row['p_any_escalation']:>9.4f} {row['expected_war_damage']:>14.4f} "
                f"{row['expected_loss_vs_no_accidents']:>8.4f} {row['r_nash']:>7.3f} "
                f"{row['r_risk_dominant']:>7.3f}"
            )
    out.append("  P(war | both intend restraint) = (eps0 c)^2 grows with the square of capability,")
    out.append("  the expected war damage 2 w c (eps0 c)^2 with its cube, and the reassurance")
    out.append(
        "  needed for restraint to stay an equilibrium rises by (beta - 2w) c eps/(1 - eps)."
    )
    return "\n".join(out)


def plot(data: dict[str, Any], path: str, values: dict[str, float]) -> str:
    """Four panels: the (c, r) phase diagram; war probability, expected war damage and r*
    against capability (probability and damage on separate axes: they have different units)."""
    from gametheory.plot import phase_diagram, pyplot, save

    plt = pyplot()
    model = two_bloc()
    others = {k: v for k, v in model.values("--param", **values).items() if k not in ("c", "r")}
    table = grid(model, {"c": np.linspace(0, 5, 401), "r": np.linspace(0, 5, 401)}, fixed=others)
    found = [
        t
        for t in thresholds(model, "R,R", solve_for="r")
        if t.criterion in ("nash", "risk_dominant")
    ]
    fig, panels = plt.subplots(2, 2, figsize=(14, 12), constrained_layout=True)
    (left, middle), (damage, right) = panels
    phase_diagram(table, found, ax=left, title="mutual restraint (R,R) in the (c, r) plane")
    params = model.values("--param", **values)
    noisy = two_bloc(noise="capability")
    noisy_rd = _noisy_thresholds()[1]
    cs = np.linspace(0, 5, 201)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for colour, eps0 in zip(colours, EPS0_VALUES, strict=False):
        eps = eps0 * cs
        middle.plot(cs, eps**2, color=colour, label=f"eps0 = {eps0:g}")
        damage.plot(cs, 2 * params["w"] * cs * eps**2, color=colour, label=f"eps0 = {eps0:g}")
        subs = {p: params[p.name] for p in noisy.parameters if p.name in params}
        subs.pop(next(p for p in noisy.parameters if p.name == "c"))
        subs.pop(next(p for p in noisy.parameters if p.name == "r"))
        eps0_sym = next(p for p in noisy.parameters if p.name == "eps0")
        c_sym = next(p for p in noisy.parameters if p.name == "c")
        curve = sp.lambdify(c_sym, noisy_rd.subs({**subs, eps0_sym: eps0}), "numpy")
        right.plot(cs, np.broadcast_to(curve(cs), cs.shape), color=colour, label=f"eps0 = {eps0:g}")
    legend = noisy.meanings["eps0"]
    middle.set_ylabel("probability of war per round")
    middle.set_title("both blocs intend restraint; each slips with eps = eps0 c", fontsize=11)
    damage.set_ylabel("expected war damage per round, 2 w c eps^2")
    damage.set_title("expected damage of accidental war", fontsize=11)
    right.set_ylabel("minimum reassurance r* for risk-dominant restraint")
    right.set_title("accidents raise the reassurance needed", fontsize=11)
    for ax in (middle, damage, right):
        ax.set_xlabel(noisy.label("c"))
        ax.legend(fontsize=8, title=legend, title_fontsize=8)
        ax.grid(alpha=0.3)
    return save(fig, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.add_argument("--plot", metavar="FILE.png", help="write the phase diagram")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change a parameter of the model (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        values = parse_params(args.param)
        data = analyse(values)
        if args.plot:
            args.plot = plot(data, args.plot, values)
    except GameError as err:
        print(f"two_bloc.py: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(data))
    else:
        print(render(data))
        if args.plot:
            print(f"\nwrote {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
