"""Three blocs: does the Global South's neutrality and mediation make restraint stable?

The reference three-bloc game (``gametheory.games.three_bloc``): blocs A and B restrain (R) or
escalate (E) as in the two-bloc game; the Global South G aligns with A, with B, or stays
neutral and mediates (adding m to both blocs' reassurance). The script solves the game at the
parameter values, derives the thresholds symbolically, and answers:

1. When is neutrality an equilibrium choice for G?
2. Does neutrality / mediation lower the reassurance the blocs need for stable restraint?
   (r*(c) without G, with G neutral, with G aligned — one plot)
3. When does G's alignment with one bloc tip the blocs into escalation?
4. If G can commit to a stance first (a declared doctrine), which does it choose?
5. Where the policy argument holds, and where it fails.

Usage::

    python models/three_bloc.py                 # readable report
    python models/three_bloc.py --json
    python models/three_bloc.py --plot three_bloc.png
    python models/three_bloc.py --param s_A=0 --param s_B=0     # another scenario
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from gametheory import SymbolicGame, classify, solve, thresholds
from gametheory.cli import counted, run_model_script
from gametheory.deterrence.three_bloc import three_bloc
from gametheory.deterrence.two_bloc import two_bloc

C_VALUES = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
STANCES = ("align-A", "align-B", "neutral")
BLOC_PROFILES = ("R,R", "R,E", "E,R", "E,E")


def _f(x: float) -> float:
    return float(round(float(x), 6))


def _profile_text(game, strategies) -> str:
    parts = []
    for actions, probs in zip(game.actions, strategies, strict=True):
        used = [(a, p) for a, p in zip(actions, probs, strict=True) if p > 1e-9]
        parts.append(used[0][0] if len(used) == 1 else "+".join(f"{p:.3f}{a}" for a, p in used))
    return "(" + ", ".join(parts) + ")"


def blocs_given(model: SymbolicGame, stance: str) -> SymbolicGame:
    """The blocs' 2x2 game when G's stance is fixed (G committed, or G's choice taken as given)."""
    g = STANCES.index(stance)
    return SymbolicGame(
        [model.payoffs[0][:, :, g].tolist(), model.payoffs[1][:, :, g].tolist()],
        parameters=model.parameters,
        defaults=model.defaults,
        players=model.players[:2],
        actions=model.actions[:2],
        title=f"blocs A and B, G {stance}",
    )


def _bound(found, criterion: str) -> sp.Expr | None:
    """The single boundary of a criterion, or the larger of several lower bounds (max)."""
    for t in found:
        if t.criterion != criterion or t.boundary is None:
            continue
        if isinstance(t.boundary, tuple):
            return sp.Max(*t.boundary)
        return t.boundary
    return None


def reassurance_curves(model: SymbolicGame) -> dict[str, sp.Expr | None]:
    """Least reassurance r for restraint, as expressions: without G (the two-bloc game), with
    G neutral (mediation m), with G aligned with A."""
    no_g = thresholds(two_bloc(), "R,R", "r")
    with_neutral = thresholds(blocs_given(model, "neutral"), "R,R", "r")
    with_align = thresholds(blocs_given(model, "align-A"), "R,R", "r", criteria=["nash"])
    return {
        "no_G_nash": _bound(no_g, "nash"),
        "no_G_risk_dominant": _bound(no_g, "risk_dominant"),
        "G_neutral_nash": _bound(with_neutral, "nash"),
        "G_neutral_risk_dominant": _bound(with_neutral, "risk_dominant"),
        "G_aligned_nash": _bound(with_align, "nash"),
    }


@lru_cache(maxsize=1)
def _symbolic() -> dict[str, Any]:
    """The thresholds of the report, solved once: they do not depend on the parameter values."""
    model = three_bloc()
    alpha = model.symbol("alpha")
    return {
        "curves": reassurance_curves(model),
        "neutral_rr": thresholds(model, "R,R,neutral", "m", criteria=["nash"])[0],
        "neutral_ee": thresholds(model, "E,E,neutral", "h", criteria=["nash"])[0],
        "tip": thresholds(
            blocs_given(model, "align-A"), "R,R", "gamma", criteria=["nash"], assume=[alpha > 0]
        )[0],
        "selected_m": thresholds(
            blocs_given(model, "neutral"), "R,R", "m", criteria=["risk_dominant"]
        )[0],
    }


def _number(expr: sp.Expr | None, params: dict[str, float]) -> float | None:
    if expr is None:
        return None
    subs = {s: params[s.name] for s in expr.free_symbols}
    return float(expr.subs(subs))


def _selected(sub_game) -> tuple[str | None, str]:
    """The blocs' equilibrium selected in a 2x2 game: the unique pure one, else the
    risk-dominant one (Harsanyi & Selten 1988), else None."""
    pure = [eq.pure_profile() for eq in solve(sub_game).equilibria if eq.is_pure]
    names = [",".join(sub_game.actions[i][a] for i, a in enumerate(p)) for p in pure]
    if len(names) == 1:
        return names[0], "unique pure equilibrium"
    for name in names:
        report = classify(sub_game, name, n_starts=200, seed=0)
        if report.risk_dominant:
            return name, "risk-dominant"
    return None, "no selection (no pure equilibrium or no risk-dominant one)"


def analyse(values: dict[str, float], n_starts: int = 500) -> dict[str, Any]:
    """Everything the report prints, as plain data."""
    model = three_bloc()
    params = model.values("--param", **values)
    game = model.at(**params)

    # -- the game itself: every equilibrium, and the stability of the pure ones
    result = solve(game)
    equilibria = []
    for eq in result.equilibria:
        equilibria.append(
            {
                "profile": _profile_text(game, eq.strategies),
                "strategies": [[_f(p) for p in s] for s in eq.strategies],
                "payoffs": [_f(v) for v in eq.payoffs],
                "pure": eq.is_pure,
                "p_neutral": _f(eq.strategies[2][2]),
                "p_both_escalate": _f(eq.strategies[0][1] * eq.strategies[1][1]),
            }
        )
    stability = {}
    for eq in result.equilibria:
        if eq.is_pure:
            name = ",".join(game.actions[i][a] for i, a in enumerate(eq.pure_profile()))
            stability[name] = classify(game, name, n_starts=n_starts, seed=0).to_dict()

    # -- (1) neutrality as G's choice
    s_max = max(params["s_A"], params["s_B"])
    replies = {}
    for blocs in BLOC_PROFILES:
        a, b = blocs.split(",")
        best = game.best_responses([a, b, "neutral"], "G")
        replies[blocs] = [STANCES[k] for k in best]
    solved = _symbolic()
    neutral_rr, neutral_ee = solved["neutral_rr"], solved["neutral_ee"]
    m_star = _number(neutral_rr.boundary, params)
    q1 = {
        "g_best_replies": replies,
        "neutral_in_mixed_play_iff": "h * P(E,E) >= max(s_A, s_B)",
        "p_both_escalate_needed": None if params["h"] == 0 else _f(s_max / params["h"]),
        "rr_neutral_nash": str(neutral_rr.solved),
        "rr_neutral_m_threshold": str(neutral_rr.boundary),
        "rr_neutral_m_threshold_here": _f(m_star),
        "rr_neutral_side_conditions": [str(c) for c in neutral_rr.side_conditions],
        "rr_neutral_is_equilibrium_here": bool(neutral_rr.holds(**params)),
        "ee_neutral_nash": str(neutral_ee.solved),
        "ee_neutral_is_equilibrium_here": bool(neutral_ee.holds(**params)),
        "equilibria_with_neutral_g": [e["profile"] for e in equilibria if e["p_neutral"] > 1e-9],
    }

    # -- (2) reassurance needed: without G, with G neutral (committed), with G aligned
    curves = solved["curves"]
    rival_strict = params["beta"] > 2 * params["w"]  # (E,E) strict in the blocs' game

    def r_star(key_nash: str, key_rd: str | None, c: float) -> float:
        at = {**params, "c": c}
        bound = _number(curves[key_nash], at)
        if key_rd is not None and rival_strict:
            bound = max(bound, _number(curves[key_rd], at))
        return max(bound, 0.0)

    # in the simultaneous game G picks its stance at (R,R): align with the higher bidder, or
    # (when no one pays) any stance, neutral included
    sim_key = "G_aligned_nash" if s_max > 0 else "G_neutral_nash"
    rows = []
    for c in C_VALUES:
        rows.append(
            {
                "c": c,
                "no_G": _f(r_star("no_G_nash", "no_G_risk_dominant", c)),
                "G_neutral": _f(r_star("G_neutral_nash", "G_neutral_risk_dominant", c)),
                "no_G_nash": _f(r_star("no_G_nash", None, c)),
                "G_neutral_nash": _f(r_star("G_neutral_nash", None, c)),
                "simultaneous_nash": _f(r_star(sim_key, None, c)),
            }
        )
    # check the simultaneous-game threshold against the solver at c = default, r* +- 0.05
    checks = []
    star = r_star(sim_key, None, params["c"])
    for delta in (-0.05, 0.05):
        r = max(star + delta, 0.0)
        pure = solve(model.at(**{**params, "r": r}), method="pure").equilibria
        restraint = [eq for eq in pure if eq.pure_profile()[:2] == (0, 0)]
        checks.append({"r": _f(r), "restraint_equilibrium": bool(restraint)})
    q2 = {
        "curves": {k: None if v is None else str(v) for k, v in curves.items()},
        "mediation_lowers_nash_threshold_by": str(
            sp.simplify(curves["no_G_nash"] - curves["G_neutral_nash"])
        ),
        "alignment_raises_nash_threshold_by": str(
            sp.simplify(sp.Max(curves["G_aligned_nash"] - curves["no_G_nash"], 0))
        ),
        "simultaneous_game_uses": sim_key,
        "r_star_by_c": rows,
        "solver_checks_at_default_c": checks,
        "r_here": _f(params["r"]),
    }

    # -- (3) alignment tips the blocs into escalation
    gamma_star = None
    if params["alpha"] > 0:
        gamma_star = solved["tip"].boundary
    base = params["b"] + (params["alpha"] - params["theta"]) * params["c"]
    sub = {}
    for stance in STANCES:
        sub_game = blocs_given(model, stance).at(**params)
        pure = [eq.pure_profile() for eq in solve(sub_game).equilibria if eq.is_pure]
        sub[stance] = {
            "pure_equilibria": [",".join("RE"[a] for a in p) for p in pure],
            "a_temptation": _f(
                sub_game.payoffs[0][1, 0] - sub_game.payoffs[0][0, 0]
            ),  # A's gain from E against a restraining B
            "b_temptation": _f(sub_game.payoffs[1][0, 1] - sub_game.payoffs[1][0, 0]),
            "b_escalates_if_a_does": bool(sub_game.payoffs[1][1, 1] > sub_game.payoffs[1][1, 0]),
        }
    q3 = {
        "joined_bloc_temptation_change": "+alpha*gamma",
        "other_bloc_temptation_change": "-theta*gamma",
        "gamma_threshold": None if gamma_star is None else str(gamma_star),
        "gamma_threshold_here": None if gamma_star is None else _f(_number(gamma_star, params)),
        "restraint_holds_without_alignment": bool(params["r"] >= base),
        "restraint_holds_with_neutral_g": bool(params["r"] + params["m"] >= base),
        "blocs_game_by_stance": sub,
    }

    # -- (4) G commits first: the blocs play the selected equilibrium of their 2x2 game
    commitment = {}
    for stance in STANCES:
        sub_game = blocs_given(model, stance).at(**params)
        chosen, how = _selected(sub_game)
        g_pay = None
        if chosen is not None:
            a, b = chosen.split(",")
            g_pay = _f(
                game.payoffs[2][
                    game.action_index(0, a), game.action_index(1, b), STANCES.index(stance)
                ]
            )
        commitment[stance] = {"blocs_play": chosen, "selection": how, "g_payoff": g_pay}
    selected_m = thresholds(blocs_given(model, "neutral"), "R,R", "m", criteria=["risk_dominant"])[
        0
    ]
    valued = {k: v["g_payoff"] for k, v in commitment.items() if v["g_payoff"] is not None}
    best = max(valued.values()) if valued else None
    q4 = {
        "by_stance": commitment,
        "restraint_selected_if_neutral_iff": str(selected_m.solved),
        "restraint_selected_m_threshold_here": _f(max(_number(selected_m.boundary, params), 0.0))
        if selected_m.boundary is not None and not isinstance(selected_m.boundary, tuple)
        else None,
        "g_prefers": [k for k, v in valued.items() if best is not None and v >= best - 1e-12],
    }

    return {
        "model": model.title,
        "parameters": {k: _f(v) for k, v in params.items()},
        "payoffs": {
            f"{a},{b},{g}": [str(model.payoff(i, [a, b, g])) for i in range(3)]
            for a in "RE"
            for b in "RE"
            for g in STANCES
        },
        "method": result.method,
        "complete": result.complete,
        "equilibria": equilibria,
        "stability": stability,
        "question_1_neutrality": q1,
        "question_2_reassurance": q2,
        "question_3_alignment": q3,
        "question_4_commitment": q4,
        "question_5_verdict": _verdict(params, q1, q2, q3, q4),
    }


def _verdict(params, q1, q2, q3, q4) -> dict[str, list[str]]:
    """Where the policy argument holds and where it fails, from the computed answers."""
    holds, fails = [], []
    m, s_max, h = params["m"], max(params["s_A"], params["s_B"]), params["h"]
    if m > 0:
        holds.append(
            f"mediation lowers the reassurance restraint needs by exactly m = {m:g}, "
            "for the equilibrium and the risk-dominance thresholds alike, IF G stays neutral"
        )
    else:
        fails.append("m = 0: neutrality brings no mediation, so it cannot lower r*")
    if s_max > 0:
        fails.append(
            f"in simultaneous play G never stays neutral at peace: at (R,R) it takes the side "
            f"payment (max(s_A, s_B) = {s_max:g} > 0), so (R,R,neutral) is never an equilibrium "
            "and the mediation is never delivered"
        )
    else:
        holds.append("no side payments: at (R,R) neutrality is one of G's best replies (weakly)")
    if params["alpha"] > 0 and params["gamma"] > 0:
        fails.append(
            f"G's alignment raises the reassurance restraint needs by alpha*gamma = "
            f"{params['alpha'] * params['gamma']:g}: its partner is emboldened (alpha > 0)"
        )
    if h > s_max:
        holds.append(
            f"neutrality is G's choice when both blocs escalate (h = {h:g} > {s_max:g}): it is a "
            "hedge against entanglement"
        )
    elif h == s_max:
        holds.append(
            f"when both blocs escalate neutrality ties with aligning (h = max(s) = {h:g}): G is "
            "indifferent, a weak hedge"
        )
    else:
        fails.append(
            f"side payments beat entanglement (max(s) = {s_max:g} > h = {h:g}): G aligns even "
            "when both blocs escalate"
        )
    fails.append(
        "e (G's economic loss per escalating bloc) never changes G's choice in simultaneous play: "
        "G pays it whatever it does"
    )
    prefers = q4["g_prefers"]
    neutral_play = q4["by_stance"]["neutral"]["blocs_play"]
    if "neutral" in prefers and neutral_play == "R,R":
        holds.append(
            "as a declared doctrine (G commits first) neutrality is G's best stance here and "
            "the blocs restrain (the selected equilibrium of their game is (R,R))"
        )
    elif "neutral" in prefers:
        fails.append(
            "as a declared doctrine neutrality is G's best stance here, but the blocs still play "
            f"{neutral_play or 'no selected equilibrium'}: with mediation m = {m:g} restraint is "
            "not the selected (risk-dominant) equilibrium of their game"
        )
    elif prefers:
        fails.append(f"even as a declared doctrine G prefers {', '.join(prefers)} to neutrality")
    return {"holds": holds, "fails": fails}


def render(data: dict[str, Any]) -> str:
    """The readable report."""
    p = data["parameters"]
    q1, q2, q3, q4 = (
        data[k]
        for k in (
            "question_1_neutrality",
            "question_2_reassurance",
            "question_3_alignment",
            "question_4_commitment",
        )
    )
    out = [
        f"== {data['model']} ==",
        "parameters: " + ", ".join(f"{k}={v:g}" for k, v in p.items()),
        "",
        counted(len(data["equilibria"]), "equilibrium", "equilibria")
        + f" (method {data['method']}, complete: {data['complete']}):",
    ]
    if data["method"] == "pure":
        out.append("  (pure equilibria only: this solver does not look for mixed ones)")
    for eq in data["equilibria"]:
        out.append(f"  {eq['profile']:<40} payoffs {eq['payoffs']}")
    if data["stability"]:
        out.append("stability of the pure equilibria:")
        keys = ("strict", "replicator_stable", "basin_share", "qre_limit")
        for name, rep in data["stability"].items():
            out.append(f"  ({name}): " + ", ".join(f"{k} {rep[k]}" for k in keys))
    out += ["", "(1) When is neutrality an equilibrium choice for G?"]
    for blocs, best in q1["g_best_replies"].items():
        out.append(f"  blocs play ({blocs}): G's best replies {', '.join(best)}")
    out.append(
        f"  (R,R,neutral) is an equilibrium iff {q1['rr_neutral_nash']}: here m* = "
        f"{q1['rr_neutral_m_threshold_here']:g}, an equilibrium: "
        f"{q1['rr_neutral_is_equilibrium_here']}"
    )
    out.append(
        f"  (E,E,neutral) is an equilibrium iff {q1['ee_neutral_nash']}: here "
        f"{q1['ee_neutral_is_equilibrium_here']}"
    )
    need = q1["p_both_escalate_needed"]
    out.append(
        "  in mixed play neutrality is a best reply iff h P(E,E) >= max(s_A, s_B)"
        + (f", i.e. P(E,E) >= {need:g}" if need is not None else " (h = 0: only if no one pays)")
    )
    with_g = q1["equilibria_with_neutral_g"]
    out.append(
        "  equilibria where G is neutral with positive probability: "
        + (", ".join(with_g) if with_g else "none")
    )
    out += ["", "(2) Does neutrality / mediation lower the reassurance restraint needs?"]
    curves = q2["curves"]
    out.append(f"  without G:     r >= {curves['no_G_nash']} (equilibrium),")
    out.append(f"                 r >  {curves['no_G_risk_dominant']} (risk-dominant)")
    out.append(
        f"  G neutral:     r >= {curves['G_neutral_nash']},"
        f"  r > {curves['G_neutral_risk_dominant']}"
    )
    out.append(f"  G aligned (A): r >= {curves['G_aligned_nash']}")
    out.append(
        f"  mediation lowers the threshold by {q2['mediation_lowers_nash_threshold_by']}; "
        f"alignment raises it by {q2['alignment_raises_nash_threshold_by']}"
    )
    out.append(
        f"  {'c':>4} {'r* no G':>9} {'r* G neutral':>13} {'NE no G':>8} {'NE neutral':>11} "
        f"{'NE simultaneous':>16}"
    )
    for row in q2["r_star_by_c"]:
        out.append(
            f"  {row['c']:>4g} {row['no_G']:>9.3f} {row['G_neutral']:>13.3f}"
            f" {row['no_G_nash']:>8.3f} {row['G_neutral_nash']:>11.3f}"
            f" {row['simultaneous_nash']:>16.3f}"
        )
    out.append(
        "  (r* = least r for risk-dominant restraint; NE = least r for restraint to be an "
        "equilibrium; 'simultaneous' = G chooses at the same time: "
        + (
            "it aligns at peace)"
            if q2["simultaneous_game_uses"] == "G_aligned_nash"
            else "nobody pays, so it can stay neutral)"
        )
    )
    for chk in q2["solver_checks_at_default_c"]:
        out.append(
            f"  solver check at c={p['c']:g}, r={chk['r']:g}: restraint an equilibrium of the "
            f"three-player game: {chk['restraint_equilibrium']}"
        )
    out += ["", "(3) When does G's alignment tip the blocs into escalation?"]
    out.append(
        "  aligning with A changes A's temptation to escalate by "
        f"{q3['joined_bloc_temptation_change']} and B's by {q3['other_bloc_temptation_change']}:"
        " the JOINED bloc is the one tipped."
    )
    if q3["gamma_threshold"] is not None:
        out.append(f"  (R,R) survives G's alignment iff gamma <= {q3['gamma_threshold']}")
        if not q3["restraint_holds_without_alignment"]:
            out.append(
                "  here restraint fails even with gamma = 0: r < b + (alpha - theta) c; "
                + (
                    "only G's neutrality (r + m above it) would make it an equilibrium"
                    if q3["restraint_holds_with_neutral_g"]
                    else "even G's mediation does not lift r + m above it"
                )
            )
        else:
            out.append(
                f"  here gamma* = {q3['gamma_threshold_here']:g}: alignment with gamma = "
                f"{p['gamma']:g} "
                + (
                    "tips restraint"
                    if p["gamma"] > q3["gamma_threshold_here"]
                    else "does not tip it"
                )
            )
    else:
        out.append("  alpha = 0: alignment adds no coercive advantage and tips no one")
    for stance, info in q3["blocs_game_by_stance"].items():
        out.append(
            f"  G {stance:<8}: blocs' pure equilibria {info['pure_equilibria'] or 'none'}; "
            f"A's gain from E vs R {info['a_temptation']:+g}, B's {info['b_temptation']:+g}; "
            f"B answers E with E: {info['b_escalates_if_a_does']}"
        )
    out += ["", "(4) If G commits to a stance first (a declared doctrine):"]
    for stance, info in q4["by_stance"].items():
        out.append(
            f"  {stance:<8}: blocs play {info['blocs_play']} ({info['selection']}), "
            f"G gets {info['g_payoff']}"
        )
    out.append(f"  G's best commitment: {', '.join(q4['g_prefers']) or 'undetermined'}")
    out.append(
        "  with G neutral the blocs' restraint is risk-dominant iff "
        f"{q4['restraint_selected_if_neutral_iff']}"
        + (
            f": m > {q4['restraint_selected_m_threshold_here']:g} here"
            if q4["restraint_selected_m_threshold_here"] is not None
            else ""
        )
    )
    verdict = data["question_5_verdict"]
    out += ["", "(5) Where the policy argument holds:"]
    out += [f"  + {line}" for line in verdict["holds"]] or ["  (nowhere at these values)"]
    out += ["   and where it fails:"]
    out += [f"  - {line}" for line in verdict["fails"]]
    return "\n".join(out)


def plot(data: dict[str, Any], path: str, values: dict[str, float]) -> None:
    """Left: r*(c) without G, with G neutral, with G aligned. Right: the (gamma, r) plane."""
    from gametheory.plot import pyplot, save
    from gametheory.sweep import grid

    plt = pyplot()
    model = three_bloc()
    params = model.values("--param", **values)
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.8), constrained_layout=True)
    cs = np.linspace(0, 5, 201)
    styles = {
        "no_G_nash": ("no G: restraint an equilibrium", "#3b6ea8", "--"),
        "no_G_risk_dominant": ("no G: restraint risk-dominant", "#3b6ea8", "-"),
        "G_neutral_nash": ("G neutral (mediation m): equilibrium", "#4f9d69", "--"),
        "G_neutral_risk_dominant": ("G neutral: risk-dominant", "#4f9d69", "-"),
        "G_aligned_nash": ("G aligned with A: equilibrium", "#c8553d", "--"),
    }
    for key, expr in _symbolic()["curves"].items():
        if expr is None:
            continue
        label, colour, style = styles[key]
        fixed = {sym: params[sym.name] for sym in expr.free_symbols if sym.name != "c"}
        # the two-bloc game's c is its own symbol: look it up by name
        c_here = next((sym for sym in expr.free_symbols if sym.name == "c"), sp.Symbol("c"))
        f = sp.lambdify(c_here, expr.subs(fixed), "numpy")
        ys = np.broadcast_to(np.asarray(f(cs), dtype=float), cs.shape)
        # the aligned curve is drawn wide and light, so curves it coincides with stay visible
        wide = {"lw": 4, "alpha": 0.45, "zorder": 1} if key == "G_aligned_nash" else {"zorder": 2}
        left.plot(cs, np.maximum(ys, 0.0), style, color=colour, label=label, **wide)
    left.axhline(params["r"], color="#555555", lw=0.8, ls=":", label=f"r here = {params['r']:g}")
    left.set_xlabel("capability c (both blocs)")
    left.set_ylabel("least reassurance r for restraint")
    left.set_title("does G's neutrality lower the reassurance needed?", fontsize=11)
    left.legend(fontsize=8)
    left.grid(alpha=0.3)

    gammas, rs = np.linspace(0, 3, 151), np.linspace(0, 4, 161)
    others = {k: v for k, v in params.items() if k not in ("gamma", "r")}
    axes = {"gamma": gammas, "r": rs}
    neutral = grid(blocs_given(model, "neutral"), axes, fixed=others, rival=None).nash
    aligned = grid(blocs_given(model, "align-A"), axes, fixed=others, rival=None).nash
    regime = np.where(neutral & aligned, 2, np.where(neutral, 1, 0))
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap(["#c8553d", "#f2d0a4", "#4f9d69"])
    right.pcolormesh(gammas, rs, regime.T, cmap=cmap, vmin=0, vmax=2, shading="nearest")
    right.plot([], [], "s", color="#4f9d69", label="restraint an equilibrium even if G aligns")
    right.plot([], [], "s", color="#f2d0a4", label="an equilibrium only if G stays neutral")
    right.plot([], [], "s", color="#c8553d", label="not an equilibrium either way")
    right.plot(params["gamma"], params["r"], "k*", ms=12, label="these parameters")
    right.set_xlabel("gamma: capability G adds to the bloc it joins")
    right.set_ylabel("reassurance r")
    right.set_title(
        f"alignment tips restraint (c = {params['c']:g}, m = {params['m']:g})", fontsize=11
    )
    right.legend(fontsize=8, loc="lower right")
    save(fig, path)


def main(argv: list[str] | None = None) -> int:
    return run_model_script(argv, "three_bloc.py", __doc__, analyse, render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
