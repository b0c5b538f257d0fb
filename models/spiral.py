"""The spiral model: deterrence and reassurance in the repeated two-bloc game with accidents.

"If tensions grow, the slightest event could spark a military conflict." The two blocs play the
reference two-bloc game (``gametheory.games.two_bloc``) round after round, discounting the future
by ``delta``. An intended restraint (R) is carried out as escalation (E) by accident with
probability ``eps = eps0 * c``: the more capability, the more accidents. For each capability
``c`` the script asks, exactly (Markov-chain solves, no simulation):

1. Which repeated-game strategies sustain mutual restraint as an equilibrium:
   GRIM (pure deterrence: restrain until the first escalation, then escalate forever),
   TFT (retaliate once for each escalation), GTFT (TFT that forgives an escalation with
   probability g: deterrence with reassurance), WSLS (repeat after a good outcome, switch after a
   bad one)? Each is checked for Nash (no better strategy of any kind against it) and subgame
   perfection (no profitable one-shot deviation after any history), with critical discounts.
2. What share of the time the blocs spend at war (E, E) in the long run under each of them.
3. How much forgiveness GTFT may show and still deter (the largest g that keeps it an
   equilibrium) against how much it needs to keep the war share below a target; where the
   second exceeds the first, capability with accidents makes restraint unsustainable.

Usage::

    python models/spiral.py                          # readable report
    python models/spiral.py --json                   # the same as one JSON object
    python models/spiral.py --plot spiral.png
    python models/spiral.py --param eps0=0.05 --param delta=0.95 --param r=0.8
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gametheory import GameError
from gametheory.cli import run_model_script
from gametheory.deterrence.two_bloc import two_bloc
from gametheory.games import symmetric_2x2_type
from gametheory.repeated import (
    Automaton,
    critical_discount,
    expected_payoffs,
    is_nash,
    is_subgame_perfect,
    outcome_distribution,
    strategy,
)

C_VALUES = (0.5, 1.0, 2.0, 3.0, 4.0, 5.0)
C_FINE = tuple(np.round(np.linspace(0.25, 5.0, 20), 4))
SPIRAL_DEFAULTS = {"r": 0.5, "delta": 0.9, "eps0": 0.02, "war_target": 0.05}
"""Model settings on top of the two-bloc defaults. r = 0.5 is below the stage-game threshold
b + (alpha - theta) c, so one-shot restraint is not an equilibrium and only the shadow of the
future can sustain it."""
NAMES = ("GRIM", "TFT", "GTFT", "WSLS")


def _f(x: float | None) -> float | None:
    return None if x is None else float(round(float(x), 6))


def _settings(values: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    extra = {k: float(values.get(k, v)) for k, v in SPIRAL_DEFAULTS.items() if k != "r"}
    stage_values = {k: v for k, v in values.items() if k not in extra}
    stage_values.setdefault("r", SPIRAL_DEFAULTS["r"])
    stage_values.pop("c", None)
    if not 0.0 < extra["delta"] < 1.0:
        raise GameError(f"spiral: delta = {extra['delta']}, expected a discount factor in (0, 1)")
    if extra["eps0"] < 0:
        raise GameError(f"spiral: eps0 = {extra['eps0']}, expected a rate >= 0")
    if not 0.0 < extra["war_target"] < 1.0:
        raise GameError(f"spiral: war_target = {extra['war_target']}, expected a share in (0, 1)")
    params = two_bloc().values("spiral --param", **stage_values)
    return params, extra


def _accidents(eps0: float, c: float) -> tuple[float, list[list[float]]]:
    eps = min(1.0, eps0 * c)  # saturates: beyond c = 1/eps0 every restraint fails
    return eps, [[1.0 - eps, eps], [0.0, 1.0]]


def _war_share(stage, automaton, Q) -> float:
    return float(outcome_distribution(stage, [automaton] * 2, 1.0, noise=Q)[1, 1])


# escalating all the time, or every other round: the two ways to exploit a forgiving rival
ALTERNATOR = Automaton(np.array([1, 0]), np.array([[[1, 1], [1, 1]], [[0, 0], [0, 0]]]), 0, "ALT")


def deters(stage, automaton, delta: float, Q) -> bool:
    """True if neither constant nor alternating escalation beats `automaton` against itself.

    This is Nowak & Sigmund's (1992) criterion (resistance to ALLD and to alternation), computed
    exactly under accidents at discount `delta`; unlike Nash it ignores how a player reacts to
    the rival's accidents, which noise makes impossible to get exactly right.
    """
    own = expected_payoffs(stage, [automaton, automaton], delta, noise=Q)[0]
    tol = 1e-9 * max(stage.payoff_range, 1e-300)
    return all(
        expected_payoffs(stage, [attack, automaton], delta, noise=Q)[0] <= own + tol
        for attack in (strategy("ALLD"), ALTERNATOR)
    )


def _boundary(pred, lo: float, hi: float) -> tuple[float, float]:
    """Bisection between lo and hi, where pred(lo) != pred(hi), to 1e-6: the final (lo, hi)."""
    side = pred(lo)
    while hi - lo > 1e-6:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if pred(mid) == side else (lo, mid)
    return lo, hi


def gtft_bounds(stage, delta: float, Q, war_target: float) -> dict[str, Any]:
    """The most forgiveness that still deters, and the least that keeps the war share low."""
    grid = np.linspace(0.0, 1.0, 21)

    def deter(g: float) -> bool:
        return deters(stage, strategy("GTFT", g=g), delta, Q)

    def calm(g: float) -> bool:
        return _war_share(stage, strategy("GTFT", g=g), Q) <= war_target

    ok = np.array([deter(g) for g in grid])
    g_max = None
    if ok.any():
        top = int(np.flatnonzero(ok)[-1])
        g_max = 1.0 if top == len(grid) - 1 else _boundary(deter, grid[top], grid[top + 1])[0]
    quiet = np.array([calm(g) for g in grid])
    g_needed = None
    if quiet.any():
        first = int(np.flatnonzero(quiet)[0])
        g_needed = 0.0 if first == 0 else _boundary(calm, grid[first - 1], grid[first])[1]
    nash = [float(g) for g in grid if is_nash(stage, [strategy("GTFT", g=g)] * 2, delta, Q)]
    return {
        "g_max_deterring": g_max,
        "g_needed_for_peace": g_needed,
        "nash_on_grid": [_f(g) for g in nash],
    }


def nowak_sigmund_g(R: float, S: float, T: float, P: float) -> float | None:
    """Nowak & Sigmund (1992): the most generous TFT that still deters, for a dilemma."""
    if not (T > R > P > S):
        return None
    return min(1 - (T - R) / (R - S), (R - P) / (T - P))


def analyse_c(params: dict[str, float], extra: dict[str, float], c: float, full: bool = True):
    """Everything the report says about one capability level."""
    stage = two_bloc().at(**{**params, "c": c})
    delta, target = extra["delta"], extra["war_target"]
    eps, Q = _accidents(extra["eps0"], c)
    A = stage.payoffs[0]
    R, S, T, P = (float(A[0, 0]), float(A[0, 1]), float(A[1, 0]), float(A[1, 1]))
    bounds = gtft_bounds(stage, delta, Q, target)
    # GTFT is shown with the forgiveness peace needs (else the most that deters, else 1/3)
    g_used = next(
        (g for g in (bounds["g_needed_for_peace"], bounds["g_max_deterring"]) if g is not None),
        1.0 / 3.0,
    )
    autos = {
        "GRIM": strategy("GRIM"),
        "TFT": strategy("TFT"),
        "GTFT": strategy("GTFT", g=g_used),
        "WSLS": strategy("WSLS"),
    }
    rows = {}
    for name, a in autos.items():
        dist = outcome_distribution(stage, [a, a], 1.0, noise=Q)
        row = {
            "nash": is_nash(stage, [a, a], delta, noise=Q),
            "spe": is_subgame_perfect(stage, [a, a], delta, noise=Q),
            "deters": deters(stage, a, delta, Q),
            "war_share": _f(dist[1, 1]),
            "restraint_share": _f(dist[0, 0]),
        }
        if full:
            row["critical_discount_nash"] = _f(
                critical_discount(stage, [a, a], noise=Q, concept="nash", grid=100)
            )
            row["critical_discount_spe"] = _f(critical_discount(stage, [a, a], noise=Q, grid=100))
        rows[name] = row
    sustaining = [n for n, r in rows.items() if r["deters"] and r["war_share"] <= target]
    g_max, g_need = bounds["g_max_deterring"], bounds["g_needed_for_peace"]
    return {
        "c": _f(c),
        "eps": _f(eps),
        "stage": {"R": _f(R), "S": _f(S), "T": _f(T), "P": _f(P)},
        "stage_type": symmetric_2x2_type(stage),
        "restraint_is_stage_equilibrium": bool(R >= T),
        "automata": rows,
        "gtft_g_used": _f(g_used),
        "gtft": {k: (_f(v) if not isinstance(v, list) else v) for k, v in bounds.items()},
        "nowak_sigmund_g_without_noise": _f(nowak_sigmund_g(R, S, T, P)),
        "equilibria": [n for n, r in rows.items() if r["nash"]],
        "sustaining": sustaining,
        "forgiveness_compatible_with_deterrence": bool(
            g_max is not None and g_need is not None and g_need <= g_max
        ),
    }


def analyse(values: dict[str, float], c_values=C_VALUES, c_fine=C_FINE) -> dict[str, Any]:
    """The report as data. `values`: two-bloc parameters and delta, eps0, war_target."""
    params, extra = _settings(values)
    rows = [analyse_c(params, extra, c) for c in c_values]
    fine = [analyse_c(params, extra, c, full=False) for c in c_fine]
    return {
        "parameters": {**{k: _f(v) for k, v in params.items()}, **extra},
        "accidents": "an intended R is carried out as E with probability eps = min(1, eps0 * c)",
        "rows": rows,
        "fine_grid": [
            {
                "c": r["c"],
                "eps": r["eps"],
                "equilibria": r["equilibria"],
                "sustaining": r["sustaining"],
                "war_share": {n: r["automata"][n]["war_share"] for n in NAMES},
                "gtft": r["gtft"],
                "forgiveness_compatible_with_deterrence": r[
                    "forgiveness_compatible_with_deterrence"
                ],
            }
            for r in fine
        ],
        "restraint_unsustainable_at_c": [r["c"] for r in fine if not r["sustaining"]],
        "findings": _findings(rows, fine, extra),
    }


def _ranges(chosen: list[float], grid: list[float]) -> str:
    """The grid values in `chosen` as runs of neighbours on the grid: "[1, 4.75] and 5"."""
    runs: list[list[float]] = []
    for k, c in enumerate(grid):
        if c in chosen:
            if runs and k > 0 and grid[k - 1] in chosen:
                runs[-1].append(c)
            else:
                runs.append([c])
    if not runs:
        return "none"
    return " and ".join(f"[{r[0]:g}, {r[-1]:g}]" if len(r) > 1 else f"{r[0]:g}" for r in runs)


def _findings(rows, fine, extra) -> list[str]:
    out = []
    target = extra["war_target"]
    grid = [r["c"] for r in fine]
    noisy = [r for r in fine if r["eps"] > 0]
    if noisy and all(r["automata"]["GRIM"]["war_share"] > 0.99 for r in noisy):
        grim_eq = [r["c"] for r in noisy if r["automata"]["GRIM"]["nash"]]
        out.append(
            "Pure deterrence (GRIM) ends in permanent war after the first accident: long-run war "
            "share 1 at every capability with accidents; it is an equilibrium at c in "
            f"{_ranges(grim_eq, grid)}."
        )
    if noisy and all(r["automata"]["TFT"]["war_share"] > 0.99 for r in noisy):
        out.append(
            "TFT fares no better: with one-sided accidents its echoes end in mutual escalation, "
            "which it never leaves."
        )
    if noisy and not any(r["gtft"]["nash_on_grid"] for r in noisy):
        out.append(
            "Under accidents no GTFT is an exact Nash equilibrium (a best reply forgives the "
            "rival's accidents a little more); the deterrence test used for forgiveness is "
            "Nowak and Sigmund's: neither constant nor alternating escalation pays against it."
        )
    ok = [r["c"] for r in fine if r["forgiveness_compatible_with_deterrence"]]
    bad = [r["c"] for r in fine if not r["forgiveness_compatible_with_deterrence"]]
    out.append(
        f"GTFT can forgive enough to keep war below {target:.0%} of the time and still deter at "
        f"c in {_ranges(ok, grid)}; it cannot at c in {_ranges(bad, grid)} (grid of "
        f"{len(grid)} values from {grid[0]:g} to {grid[-1]:g})."
    )
    lost = [r["c"] for r in fine if not r["sustaining"]]
    if lost:
        out.append(
            f"No strategy checked both deters and keeps war below {target:.0%} at c in "
            f"{_ranges(lost, grid)}: there capability with accidents makes restraint "
            "unsustainable."
        )
    else:
        out.append("Some strategy deters and keeps the peace at every capability on the grid.")
    return out


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.4f}"


def render(data: dict[str, Any]) -> str:
    p = data["parameters"]
    lines = [
        "Spiral model: the repeated two-bloc game with accidents",
        f"  delta = {p['delta']}, accidents eps = eps0 * c with eps0 = {p['eps0']}, "
        f"r = {p['r']}, war target {p['war_target']:.0%}",
        "  Nash: no strategy does better; SPE: no one-shot deviation after any history pays;",
        "  deters: neither constant nor alternating escalation beats it;",
        "  crit.d: least delta at which it is a Nash equilibrium",
        "",
        "  c     eps    strategy      Nash SPE  deters crit.d  war share",
    ]
    for r in data["rows"]:
        head = f"  {r['c']:<5} {r['eps']:<6}"
        for k, name in enumerate(NAMES):
            a = r["automata"][name]
            label = name if name != "GTFT" else f"GTFT({r['gtft_g_used']:.3f})"
            lines.append(
                f"{head if k == 0 else ' ' * len(head)} {label:<13} {_yes(a['nash']):<4} "
                f"{_yes(a['spe']):<4} {_yes(a['deters']):<6} "
                f"{_num(a['critical_discount_nash']):<7} {a['war_share']:.4f}"
            )
        g = r["gtft"]
        lines.append(
            f"{' ' * len(head)} GTFT deters up to g = "
            + ("(no g)" if g["g_max_deterring"] is None else f"{g['g_max_deterring']:.4f}")
            + "; war below target needs g >= "
            + ("(no g)" if g["g_needed_for_peace"] is None else f"{g['g_needed_for_peace']:.4f}")
            + f"; sustaining: {', '.join(r['sustaining']) or 'none'}"
        )
    lines += ["", "Findings"]
    lines.extend(f"  - {s}" for s in data["findings"])
    return "\n".join(lines)


def plot(data: dict[str, Any], path: str) -> str:
    """Critical discounts, long-run war shares, and GTFT's forgiveness window against c."""
    from gametheory.plot import pyplot, save

    plt = pyplot()
    fine = data["fine_grid"]
    cs = np.array([r["c"] for r in fine])
    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(18, 5.8), constrained_layout=True)
    delta = data["parameters"]["delta"]
    styles = {"GRIM": "-", "TFT": "--", "GTFT": "-.", "WSLS": ":"}
    markers = {"GRIM": "o", "TFT": "s", "GTFT": "^", "WSLS": "D"}
    for name in NAMES:
        ys = [r["automata"][name]["critical_discount_nash"] for r in data["rows"]]
        never = all(y is None for y in ys)
        left.plot(
            [r["c"] for r in data["rows"]],
            [np.nan if y is None else y for y in ys],
            marker=markers[name],
            linestyle=styles[name],
            label=f"{name}" + (" (never an equilibrium)" if never else ""),
        )
    left.axhline(delta, color="black", linestyle=":", label=f"delta = {delta}")
    left.set_ylim(0, 1.02)
    left.set_xlabel("capability c")
    left.set_ylabel("least discount factor for a Nash equilibrium")
    left.set_title("patience each strategy needs (under accidents)", fontsize=11)
    left.legend(fontsize=8)
    for name in NAMES:
        middle.plot(
            cs,
            [r["war_share"][name] for r in fine],
            marker=markers[name],
            linestyle=styles[name],
            markersize=4,
            # GRIM and TFT often coincide at 1 (permanent war): draw GRIM wide underneath
            linewidth=6 if name == "GRIM" else 1.5,
            alpha=0.45 if name == "GRIM" else 1.0,
            label=name,
        )
    middle.axhline(data["parameters"]["war_target"], color="black", linestyle=":", label="target")
    middle.set_ylim(-0.02, 1.05)
    middle.set_xlabel("capability c (accident rate eps = eps0 c)")
    middle.set_ylabel("long-run share of rounds at war (E, E)")
    middle.set_title("who spirals into war (GTFT at the forgiveness shown)", fontsize=11)
    middle.legend(fontsize=8)

    def series(key):
        return np.array([np.nan if r["gtft"][key] is None else r["gtft"][key] for r in fine])

    gmax, gneed = series("g_max_deterring"), series("g_needed_for_peace")
    right.plot(cs, gmax, marker="o", label="most forgiveness that still deters")
    right.plot(cs, gneed, marker="s", label="forgiveness that keeps war below target")
    step = (cs[1] - cs[0]) / 2 if len(cs) > 1 else 0.1
    for r in fine:
        if not r["forgiveness_compatible_with_deterrence"]:
            right.axvspan(r["c"] - step, r["c"] + step, color="red", alpha=0.12, lw=0)
    right.set_ylim(-0.02, 1.02)
    right.set_xlabel("capability c")
    right.set_ylabel("GTFT generosity g")
    right.set_title("shaded red: reassurance and deterrence incompatible", fontsize=11)
    right.legend(fontsize=8)
    for ax in (left, middle, right):
        ax.grid(alpha=0.3)
    return save(fig, path)


def main(argv: list[str] | None = None) -> int:
    return run_model_script(
        argv,
        "spiral.py",
        __doc__,
        lambda values: analyse({k: float(v) for k, v in values.items()}),
        render,
        lambda data, path, _: plot(data, path),
        param_help="two-bloc parameter, or delta, eps0, war_target (repeatable)",
    )


if __name__ == "__main__":
    raise SystemExit(main())
