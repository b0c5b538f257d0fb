"""Bloc formation: does one camp's integration make the other band together, and does
reassurance stop the cascade?

Nine states (United States, Japan, South Korea, Australia, India, China, Russia, North Korea
and a Global South player) each join the West, the East or stay non-aligned
(``gametheory.deterrence.bloc_formation``; payoffs in its docstring). The
script finds ALL pure equilibria by
enumerating the 3^9 profiles at every point of a sweep over the West's military integration
``q_W``, for several levels of reassurance ``r``, and answers:

1. Which states does the West's integration pull into the East ("banding together"), from
   which ``q_W``, and which into the West (polarisation of the non-aligned)?
2. Does reassurance damp the cascade?
3. Is it symmetric: does the East's integration make the West band together?
4. The cascade step by step (one best reply at a time from the status quo), and for a larger
   world (14 states) best-response dynamics from many starts.
5. Where the argument fails: no cascade, bandwagoning instead of balancing, several equilibria.

Usage::

    python models/bloc_formation.py                 # readable report
    python models/bloc_formation.py --json
    python models/bloc_formation.py --plot cascade.png
    python models/bloc_formation.py --param t=1.0 --param nu=0.5   # another scenario
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from gametheory.cli import counted, run_model_script
from gametheory.deterrence.bloc_formation import (
    CAMPS,
    DEFAULT_STATES,
    EAST,
    WEST,
    State,
    bloc_formation,
)

Q_SPAN = 2.0
"""How far beyond the scenario's integration the sweeps go."""
N_Q = 41
R_STEPS = (0.0, 0.5, 1.0, 2.0)
"""Reassurance levels compared: the scenario's r plus these."""
CASCADE_Q = 1.0
"""Integration added for the step-by-step cascade."""
R_SCAN = tuple(float(x) for x in np.arange(0.0, 6.01, 1.0))
"""Reassurance added in the scan for the least r that stops the cascade."""
FAILURE_SCENARIOS = (
    ("threat perception t doubled", {"t": 2.0}),
    ("threat perception t quadrupled", {"t": 4.0}),
    ("non-alignment safer: exposure nu halved", {"nu": 0.5}),
    ("non-alignment safe: exposure nu quartered", {"nu": 0.25}),
)
"""Scenarios that multiply one parameter of the scenario, to find where the argument fails."""
EXTRA_STATES = tuple(State(f"South {k + 1}", 0.5, -1.0, -1.0) for k in range(5))
"""Five more small non-aligned-leaning states for the larger world (n = 14)."""


def _f(x: float) -> float:
    return float(round(float(x), 6))


def _label(profile) -> dict[str, str]:
    return {s.name: CAMPS[int(a)] for s, a in zip(DEFAULT_STATES, profile, strict=True)}


def _east_west(model, equilibria) -> dict[str, Any]:
    """Camp strengths (summed capability) over a set of equilibria: min and max."""
    if not len(equilibria):
        return {"count": 0, "east": None, "west": None}
    strengths = model.camp_strengths(equilibria)
    return {
        "count": len(equilibria),
        "east": [_f(strengths[:, EAST].min()), _f(strengths[:, EAST].max())],
        "west": [_f(strengths[:, WEST].min()), _f(strengths[:, WEST].max())],
    }


def _sweep(model, values, name: str, qs, r: float) -> dict[str, Any]:
    """All pure equilibria along an integration sweep; when each state changes camp."""
    rows, joins = [], {}
    previous = None
    for q in qs:
        eqs = model.pure_equilibria(**{**values, name: float(q), "r": r})
        rows.append({"q": _f(q), **_east_west(model, eqs)})
        # a state's camp is recorded where it is the same in every equilibrium
        if len(eqs):
            fixed = {
                model.names[i]: int(eqs[0, i])
                for i in range(model.n)
                if np.all(eqs[:, i] == eqs[0, i])
            }
            if previous is not None:
                for state, camp in fixed.items():
                    if state in previous and previous[state] != camp and state not in joins:
                        joins[state] = {
                            "q": _f(q),
                            "from": CAMPS[previous[state]],
                            "to": CAMPS[camp],
                        }
            previous = fixed if previous is None else {**previous, **fixed}
    east = [row["east"] for row in rows if row["east"] is not None]
    return {
        "r": _f(r),
        "rows": rows,
        "changes": joins,
        "east_strength_start": east[0] if east else None,
        "east_strength_end": east[-1] if east else None,
        "no_equilibrium_at": [row["q"] for row in rows if row["count"] == 0],
        "several_equilibria_at": [row["q"] for row in rows if row["count"] > 1],
    }


def _verdict(sweep: dict[str, Any], camp: str = "east") -> str:
    """What an integration sweep did to a camp ("east" or "west"), first point against last."""
    rows = [row for row in sweep["rows"] if row[camp] is not None]
    if sweep["no_equilibrium_at"] or not rows:
        return "no pure equilibrium along part of the sweep"
    (lo0, hi0), (lo1, hi1) = rows[0][camp], rows[-1][camp]
    name = "the East" if camp == "east" else "the West"
    if lo1 > hi0:
        return f"banding together ({name} grows in every equilibrium)"
    if hi1 < lo0:
        return f"bandwagoning ({name} shrinks in every equilibrium)"
    grows, shrinks = hi1 > hi0, lo1 < lo0
    if grows and shrinks:
        return f"ambiguous: several equilibria, {name} grows in one and shrinks in another"
    if grows:
        return f"banding in some equilibria only ({name} grows in one of several)"
    if shrinks:
        return f"bandwagoning in some equilibria ({name} collapses in one of several)"
    if sweep["changes"]:
        return f"states move, but {name} does not grow: no banding"
    return "no cascade"


def _growth(sweep: dict[str, Any], camp: str = "east") -> float | None:
    """Largest camp strength at the end of the sweep minus at its start."""
    rows = [row for row in sweep["rows"] if row[camp] is not None]
    return _f(rows[-1][camp][1] - rows[0][camp][1]) if rows else None


def _first_growth(sweep: dict[str, Any]) -> float | None:
    """The first q at which the East is stronger than at the start in some equilibrium."""
    rows = sweep["rows"]
    if not rows or rows[0]["east"] is None:
        return None
    base = rows[0]["east"][1]
    for row in rows:
        if row["east"] is not None and row["east"][1] > base:
            return row["q"]
    return None


def _cascade(model, values, r: float) -> dict[str, Any]:
    """From the status quo at reassurance r, add CASCADE_Q integration: who moves, in order."""
    base = {**values, "r": r}
    status = model.pure_equilibria(**base)
    if not len(status):
        return {"r": _f(r), "start": None, "steps": [], "converged": False}
    start = status[0]
    after = {**base, "q_W": base["q_W"] + CASCADE_Q}
    path, converged = model.cascade(start, **after)
    steps = []
    for before, now in itertools.pairwise(path):
        (i,) = [k for k in range(model.n) if before[k] != now[k]]
        steps.append(
            {
                "state": model.names[i],
                "from": CAMPS[before[i]],
                "to": CAMPS[now[i]],
                "camp_strengths": [_f(v) for v in model.camp_strengths([now])[0]],
            }
        )
    return {
        "r": _f(r),
        "start": [CAMPS[a] for a in start],
        "start_strengths": [_f(v) for v in model.camp_strengths([start])[0]],
        "status_quo_equilibria": len(status),
        "steps": steps,
        "converged": converged,
        "end_is_equilibrium_after_integration": converged,
    }


def _big_world(values) -> dict[str, Any]:
    """Fourteen states: best-response dynamics from many seeded starts, before and after."""
    model = bloc_formation([*DEFAULT_STATES, *EXTRA_STATES])
    out = {"states": list(model.names), "n_starts": 1000}
    for label, q in (("status_quo", values["q_W"]), ("integrated", values["q_W"] + CASCADE_Q)):
        run = model.dynamics(n_starts=1000, seed=0, max_rounds=100, **{**values, "q_W": q})
        found = run.equilibria()
        profiles = np.array([p for p, _ in found]) if found else np.zeros((0, model.n), int)
        weights = np.array([c for _, c in found], dtype=float)
        east = model.camp_strengths(profiles)[:, EAST] if found else np.zeros(0)
        russia = model.names.index("Russia")
        out[label] = {
            "q_W": _f(q),
            "converged_share": _f(run.converged.mean()),
            "distinct_equilibria": len(found),
            "most_reached": [CAMPS[a] for a in found[0][0]] if found else None,
            "mean_east_strength": _f((east * weights).sum() / weights.sum()) if found else None,
            "russia_east_share": _f(
                weights[profiles[:, russia] == EAST].sum() / weights.sum() if found else 0.0
            ),
            "max_rounds_used": int(run.rounds.max()),
        }
    return out


def analyse(values: dict[str, float], n_q: int = N_Q) -> dict[str, Any]:
    """Everything the report prints, as plain data; `n_q` points per integration sweep."""
    model = bloc_formation()
    params = model.values("--param", **values)
    status = model.pure_equilibria(**params)
    qs = params["q_W"] + np.linspace(0.0, Q_SPAN, n_q)
    qe = params["q_E"] + np.linspace(0.0, Q_SPAN, n_q)
    rs = [params["r"] + step for step in R_STEPS]
    west_sweeps = [_sweep(model, params, "q_W", qs, r) for r in rs]
    east_sweeps = [_sweep(model, params, "q_E", qe, r) for r in rs[:2]]
    cascades = [_cascade(model, params, r) for r in rs]

    verdicts = [
        {
            "r": sweep["r"],
            "verdict": _verdict(sweep),
            "first_growth_q_W": _first_growth(sweep),
            "east_growth": _growth(sweep),
            "joined_east": [s for s, ch in sweep["changes"].items() if ch["to"] == "East"],
        }
        for sweep in west_sweeps
    ]
    scan = []
    for extra in R_SCAN:
        sweep = _sweep(model, params, "q_W", qs, params["r"] + extra)
        scan.append(
            {
                "r": sweep["r"],
                "verdict": _verdict(sweep),
                "first_growth_q_W": _first_growth(sweep),
                "east_growth": _growth(sweep),
            }
        )
    stopped = [row["r"] for row in scan if row["first_growth_q_W"] is None]
    growths = [row["east_growth"] for row in scan if row["east_growth"] is not None]
    firsts = [row["first_growth_q_W"] for row in scan]
    failures = []
    for label, factors in FAILURE_SCENARIOS:
        changed = {k: params[k] * f for k, f in factors.items()}
        sweep = _sweep(model, {**params, **changed}, "q_W", qs, params["r"])
        failures.append(
            {
                "scenario": label,
                "parameters": {k: _f(v) for k, v in changed.items()},
                "verdict": _verdict(sweep),
                "changes": sweep["changes"],
            }
        )
    return {
        "model": f"bloc formation, {model.n} states",
        "states": [
            {
                "name": s.name,
                "capability": s.capability,
                "lean_west": s.lean_west,
                "lean_east": s.lean_east,
            }
            for s in model.states
        ],
        "parameters": {k: _f(v) for k, v in params.items()},
        "profiles_enumerated": 3**model.n,
        "status_quo": {
            "equilibria": [_label(eq) for eq in status],
            "camp_strengths": [[_f(v) for v in row] for row in model.camp_strengths(status)]
            if len(status)
            else [],
        },
        "question_1_west_integration": west_sweeps,
        "question_2_reassurance": {
            "by_r": verdicts,
            "scan": scan,
            "least_r_without_cascade": stopped[0] if stopped else None,
            "growth_never_rises_with_r": bool(np.all(np.diff(growths) <= 1e-9)),
            "onset_never_earlier_with_r": all(
                b is None or (a is not None and b >= a - 1e-9)
                for a, b in itertools.pairwise(firsts)
            ),
        },
        "question_5_failures": failures,
        "question_3_east_integration": [
            {
                **sweep,
                "verdict_west": _verdict(sweep, "west"),
                "west_growth": _growth(sweep, "west"),
            }
            for sweep in east_sweeps
        ],
        "question_4_cascade": cascades,
        "question_4_larger_world": _big_world(params),
    }


def _camps_text(camps: dict[str, str]) -> str:
    by = {c: [s for s, x in camps.items() if x == c] for c in CAMPS}
    return "; ".join(f"{c}: {', '.join(v) if v else '-'}" for c, v in by.items())


def _moves(changes: dict[str, dict[str, Any]], name: str) -> str:
    """Who changes camp along a sweep, and where."""
    text = "; ".join(
        f"{s} {c['from']} -> {c['to']} at {name}={c['q']:g}" for s, c in changes.items()
    )
    return text or "nobody moves"


def render(data: dict[str, Any]) -> str:
    """The readable report."""
    p = data["parameters"]
    out = [
        f"== {data['model']} ==",
        "parameters: " + ", ".join(f"{k}={v:g}" for k, v in p.items()),
        f"(all {data['profiles_enumerated']} profiles enumerated at every sweep point)",
        "",
    ]
    status = data["status_quo"]["equilibria"]
    if not status:
        out.append("status quo: NO pure equilibrium at these parameters.")
    else:
        out.append(f"status quo: {counted(len(status), 'pure equilibrium', 'pure equilibria')}")
        for camps, s in zip(status, data["status_quo"]["camp_strengths"], strict=True):
            out.append(f"  {_camps_text(camps)}")
            out.append(f"    strengths West {s[0]:g}, East {s[1]:g}, non-aligned {s[2]:g}")
    out += ["", "(1) The West integrates (q_W rises by up to 2): who changes camp, from which q_W?"]
    for sweep in data["question_1_west_integration"]:
        changes = sweep["changes"]
        out.append(f"  r={sweep['r']:g}: {_moves(changes, 'q_W')}")
        if sweep["several_equilibria_at"]:
            qs = sweep["several_equilibria_at"]
            out.append(
                f"      several equilibria for q_W in [{qs[0]:g}, {qs[-1]:g}] (selection matters)"
            )
        if sweep["no_equilibrium_at"]:
            qs = sweep["no_equilibrium_at"]
            out.append(f"      no pure equilibrium for q_W in [{qs[0]:g}, {qs[-1]:g}]")
    out += ["", "(2) What reassurance does to the cascade:"]
    q2 = data["question_2_reassurance"]
    for v in q2["by_r"]:
        who = ", ".join(v["joined_east"]) or "none"
        first = v["first_growth_q_W"]
        when = f"first at q_W={first:g}" if first is not None else "never"
        out.append(f"  r={v['r']:g}: {v['verdict']}")
        out.append(f"      the East grows by {v['east_growth']:g} ({when}); pulled in: {who}")
    out.append(
        "  as r rises, the East's growth "
        + ("never increases" if q2["growth_never_rises_with_r"] else "does NOT fall steadily")
        + " and the onset "
        + (
            "never comes earlier"
            if q2["onset_never_earlier_with_r"]
            else "can come EARLIER: the status quo itself changes with r (compare who is pulled "
            "in), so reassurance is not a uniform brake"
        )
    )
    least = q2["least_r_without_cascade"]
    span = f"q_W up to {data['parameters']['q_W'] + Q_SPAN:g}"
    if least is None:
        top = q2["scan"][-1]["r"]
        out.append(f"  no reassurance up to r={top:g} stops the East from growing ({span})")
    else:
        out.append(f"  from r={least:g} (scan step 1) the East no longer grows at all ({span})")
    out += ["", "(3) The East integrates instead (q_E rises): does the West band together?"]
    for sweep in data["question_3_east_integration"]:
        changes = sweep["changes"]
        out.append(f"  r={sweep['r']:g}: {_moves(changes, 'q_E')}")
        out.append(f"      the West: {sweep['verdict_west']} (change {sweep['west_growth']:g})")
    out += [
        "",
        f"(4) The cascade one move at a time (q_W raised by {CASCADE_Q:g} at the status quo):",
    ]
    for cas in data["question_4_cascade"]:
        if cas["start"] is None:
            out.append(f"  r={cas['r']:g}: no status-quo equilibrium to start from")
            continue
        if not cas["steps"]:
            out.append(f"  r={cas['r']:g}: nobody moves; the status quo survives the integration")
            continue
        out.append(f"  r={cas['r']:g}:")
        for k, step in enumerate(cas["steps"], 1):
            s = step["camp_strengths"]
            out.append(
                f"    {k}. {step['state']}: {step['from']} -> {step['to']}"
                f"   (West {s[0]:g}, East {s[1]:g}, non-aligned {s[2]:g})"
            )
        out.append(f"    ends at an equilibrium: {cas['converged']}")
    big = data["question_4_larger_world"]
    out.append(
        f"  larger world ({len(big['states'])} states, 3^{len(big['states'])} profiles: "
        f"best-response dynamics from {big['n_starts']} seeded starts):"
    )
    for label in ("status_quo", "integrated"):
        b = big[label]
        out.append(
            f"    q_W={b['q_W']:g}: {100 * b['converged_share']:.1f}% of starts converge to "
            f"{b['distinct_equilibria']} equilibria; mean East strength {b['mean_east_strength']}; "
            f"Russia in the East in {100 * b['russia_east_share']:.0f}% of them"
        )
    out += ["", "(5) Where the argument holds and where it fails:"]
    verdicts = data["question_2_reassurance"]["by_r"]
    holds = [v["r"] for v in verdicts if v["verdict"].startswith("banding")]
    if holds:
        out.append(
            "  holds: the West's integration makes the East band together for r in {"
            + ", ".join(f"{r:g}" for r in holds)
            + "}."
        )
    others = [v for v in verdicts if not v["verdict"].startswith("banding")]
    for v in others:
        out.append(f"  fails at r={v['r']:g}: {v['verdict']}")
    for fail in data["question_5_failures"]:
        changed = ", ".join(f"{k}={v:g}" for k, v in fail["parameters"].items())
        out.append(f"  {fail['scenario']} ({changed}): {fail['verdict']}")
    out.append(
        "  Why: a state bands together only while the East's shield beats its exposure alone "
        "(nu / (1 + w_i) > 1 / (1 + S_E)) and the threat outweighs its leanings; with a strong "
        "threat the stronger camp's pull wins (bandwagoning), with a safe non-alignment nobody "
        "needs a camp; reassurance divides the threat by (1 + r)."
    )
    return "\n".join(out)


def plot(data: dict[str, Any], path: str, values: dict[str, float] | None = None) -> None:
    """Two panels: East strength along the q_W sweep per r; camp strengths along the cascade."""
    from gametheory.plot import pyplot, save

    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.5), constrained_layout=True)
    for sweep in data["question_1_west_integration"]:
        qs = [row["q"] for row in sweep["rows"] if row["east"] is not None]
        lo = [row["east"][0] for row in sweep["rows"] if row["east"] is not None]
        hi = [row["east"][1] for row in sweep["rows"] if row["east"] is not None]
        (line,) = left.step(qs, hi, where="post", label=f"r = {sweep['r']:g}")
        if lo != hi:
            left.fill_between(qs, lo, hi, step="post", alpha=0.25, color=line.get_color())
    left.set_xlabel("West's integration q_W")
    left.set_ylabel("East camp strength in equilibrium (summed capability)")
    left.set_title("does the West's integration make the East band together?", fontsize=11)
    left.legend(title="reassurance")
    left.grid(alpha=0.3)
    colours = {"West": "#3b6ea8", "East": "#c8553d", "non-aligned": "#7a7a7a"}
    shown = [data["question_4_cascade"][k] for k in (0, 2)]
    for cas, style in zip(shown, ("-", "--"), strict=True):
        if cas["start"] is None:
            continue
        series = [cas["start_strengths"]] + [s["camp_strengths"] for s in cas["steps"]]
        steps = np.arange(len(series))
        for k, camp in enumerate(CAMPS):
            right.plot(
                steps,
                [row[k] for row in series],
                style,
                marker="o",
                color=colours[camp],
                label=f"{camp}, r = {cas['r']:g}",
            )
        for x, step in enumerate(cas["steps"], 1):
            right.annotate(
                step["state"],
                (x, step["camp_strengths"][EAST if step["to"] == "East" else 0]),
                textcoords="offset points",
                xytext=(4, 6),
                fontsize=8,
            )
    right.xaxis.get_major_locator().set_params(integer=True)
    right.set_xlabel("cascade step (one state changes camp)")
    right.set_ylabel("camp strength (summed capability)")
    right.set_title(f"the cascade after q_W rises by {CASCADE_Q:g}", fontsize=11)
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    save(fig, path)


def main(argv: list[str] | None = None) -> int:
    return run_model_script(argv, "bloc_formation.py", __doc__, analyse, render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
