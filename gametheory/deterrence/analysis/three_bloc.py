"""The three-bloc analysis: does the Global South's neutrality and mediation make restraint stable?

Every sentence of the report is a :class:`~gametheory.deterrence.findings.Finding` rendered
from a computed record:

- the equilibria of the 2 x 2 x 3 game at the parameters (:func:`gametheory.solve`, all of
  them, mixed ones included);
- thresholds of :func:`gametheory.stability.thresholds` (symbolic, solved for one parameter)
  turned into exact regions with :meth:`Threshold.where` and :meth:`Region.from_set`, in the
  full game and in the blocs' 2 x 2 game with G's stance fixed;
- G's belief threshold: the probability of (E, E) above which neutrality is G's best reply,
  solved from G's payoffs as an exact set inside [0, 1], so a premise that fails is stated
  ("neutrality is never a best reply here") instead of printed as a probability above 1;
- the equilibrium the blocs select when G commits to a stance first (the unique pure
  equilibrium of their game, else the risk-dominant one, Harsanyi & Selten 1988), whose
  region in m is located by scan and bisection.

``analyse(values)`` returns a :class:`~gametheory.deterrence.findings.Report`; ``render``
prints it and ``plot`` draws r*(c) and the (gamma, r) plane. docs/three_bloc.md.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from ...errors import GameError
from ...game import Game
from ...solvers import solve
from ...stability import classify, criteria, thresholds
from ...stability.thresholds import Threshold
from ...symbolic import SymbolicGame
from ...tolerance import check_tol
from ..findings import Finding, Region, Report, number_text
from ..three_bloc import THREE_BLOC_G_ACTIONS, three_bloc

STANCES = THREE_BLOC_G_ACTIONS
C_VALUES = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
"""Capabilities of the r*(c) table."""

P_EE = "P(E,E)"
"""The name of G's belief: the probability that both blocs escalate."""

_PROB_EE = sp.Symbol("P_EE", real=True)


# ---------------------------------------------------------------------------- sub-games
def blocs_given(model: SymbolicGame, stance: str) -> SymbolicGame:
    """The blocs' 2x2 game when G's stance is fixed (G committed, or its choice taken as given).

    Parameters
    ----------
    model : SymbolicGame
        The three-bloc game (:func:`~gametheory.deterrence.three_bloc.three_bloc`).
    stance : str
        One of ``"align-A"``, ``"align-B"``, ``"neutral"``.
    """
    if stance not in STANCES:
        raise GameError(f"blocs_given(): stance must be one of {list(STANCES)}, got {stance!r}")
    g = STANCES.index(stance)
    return SymbolicGame(
        [model.payoffs[0][:, :, g].tolist(), model.payoffs[1][:, :, g].tolist()],
        parameters=model.parameters,
        defaults=model.defaults,
        players=model.players[:2],
        actions=model.actions[:2],
        title=f"blocs A and B, G {stance}",
    )


def _boundary(found: tuple[Threshold, ...], criterion: str) -> sp.Expr | None:
    """The bound of one criterion (the larger of several lower bounds, as a Max)."""
    for t in found:
        if t.criterion == criterion and t.boundary is not None:
            return sp.Max(*t.boundary) if isinstance(t.boundary, tuple) else t.boundary
    return None


def reassurance_curves(model: SymbolicGame) -> dict[str, sp.Expr | None]:
    """Least reassurance r for restraint (R, R) in the blocs' game, as expressions.

    Keys: ``no_G_nash``, ``no_G_risk_dominant`` (G neutral with m = 0: the two-bloc game),
    ``G_neutral_nash``, ``G_neutral_risk_dominant`` (G neutral, mediation m),
    ``G_aligned_nash`` (G aligned with A).
    """
    no_g = thresholds(blocs_given(model, "neutral").subs(m=0), "R,R", "r")
    neutral = thresholds(blocs_given(model, "neutral"), "R,R", "r")
    aligned = thresholds(blocs_given(model, "align-A"), "R,R", "r", criteria=["nash"])
    return {
        "no_G_nash": _boundary(no_g, "nash"),
        "no_G_risk_dominant": _boundary(no_g, "risk_dominant"),
        "G_neutral_nash": _boundary(neutral, "nash"),
        "G_neutral_risk_dominant": _boundary(neutral, "risk_dominant"),
        "G_aligned_nash": _boundary(aligned, "nash"),
    }


@lru_cache(maxsize=1)
def _symbolic() -> dict[str, Any]:
    """Every threshold the report uses, solved once (they do not depend on the values)."""
    model = three_bloc()
    neutral = blocs_given(model, "neutral")
    aligned = blocs_given(model, "align-A")
    no_g = neutral.subs(m=0)

    def one(game, profile, var, criterion="nash"):
        return thresholds(game, profile, var, criteria=[criterion])[0]

    solved = {
        "model": model,
        "no_g_r": one(no_g, "R,R", "r"),
        "no_g_r_rd": one(no_g, "R,R", "r", "risk_dominant"),
        "neutral_r": one(neutral, "R,R", "r"),
        "neutral_r_rd": one(neutral, "R,R", "r", "risk_dominant"),
        "neutral_m": one(neutral, "R,R", "m"),
        "neutral_m_rd": one(neutral, "R,R", "m", "risk_dominant"),
        "aligned_r": one(aligned, "R,R", "r"),
        "aligned_gamma": one(aligned, "R,R", "gamma"),
        # restraint in the full game, whatever G's stance, in r
        "full_rr_r": {s: one(model, f"R,R,{s}", "r") for s in STANCES},
        "full_rr_neutral_m": one(model, "R,R,neutral", "m"),
        "full_ee_neutral_h": one(model, "E,E,neutral", "h"),
        "belief": _belief_differences(model),
    }
    # the curves of reassurance_curves(), from the thresholds just solved
    keys = {
        "no_G_nash": "no_g_r",
        "no_G_risk_dominant": "no_g_r_rd",
        "G_neutral_nash": "neutral_r",
        "G_neutral_risk_dominant": "neutral_r_rd",
        "G_aligned_nash": "aligned_r",
    }
    solved["curves"] = {k: _boundary((solved[v],), solved[v].criterion) for k, v in keys.items()}
    return solved


def _belief_differences(model: SymbolicGame) -> dict[str, sp.Expr]:
    """G's gain from neutrality over each alignment, as a function of P(E,E), from its payoffs.

    The gain at a bloc profile is ``u_G(profile, neutral) - u_G(profile, align-X)``; it is the
    same at (R,R), (R,E) and (E,R) in this game (checked here), so against any play of the
    blocs the expected gain depends on their play only through P(E,E):
    ``gain(P) = gain(R,R) + P (gain(E,E) - gain(R,R))``.
    """
    u_g = model.payoffs[2]
    neutral = STANCES.index("neutral")
    out = {}
    for x, stance in enumerate(STANCES[:2]):
        gain = {
            (a, b): sp.expand(u_g[a, b, neutral] - u_g[a, b, x]) for a in range(2) for b in range(2)
        }
        if any(sp.simplify(gain[p] - gain[0, 0]) != 0 for p in ((0, 1), (1, 0))):
            raise GameError(
                "three_bloc analysis: G's gain from neutrality differs between (R,R), (R,E) and "
                "(E,R); the belief threshold in P(E,E) does not apply to this game"
            )
        out[stance] = sp.expand(gain[0, 0] + _PROB_EE * (gain[1, 1] - gain[0, 0]))
    return out


def _values_for(game: SymbolicGame, params: dict[str, float]) -> dict[str, float]:
    names = {p.name for p in game.parameters}
    return {k: v for k, v in params.items() if k in names}


def _region(th: Threshold, params: dict[str, float]) -> Region:
    """The exact region of a threshold's variable, the other parameters as given."""
    var = th.variable.name
    found = th.where(**_values_for(th.game, params))
    return Region.from_set(var, found, 0.0, math.inf, condition=th.statement())


def _union_region(ths: list[Threshold], params: dict[str, float], condition: str) -> Region:
    var = ths[0].variable.name
    found = sp.Union(*[th.where(**_values_for(th.game, params)) for th in ths])
    return Region.from_set(var, found, 0.0, math.inf, condition=condition)


# ---------------------------------------------------------------------------- text helpers
def _profile_text(actions, strategies) -> str:
    parts = []
    for names, probs in zip(actions, strategies, strict=True):
        used = [(a, p) for a, p in zip(names, probs, strict=True) if p > 1e-9]
        if len(used) == 1:
            parts.append(used[0][0])
        else:
            parts.append(" + ".join(f"{number_text(p)} {a}" for a, p in used))
    return "(" + ", ".join(parts) + ")"


def _where_text(region: Region) -> str:
    """A region in words; an empty one as 'for no x >= 0' (or in [0, 1] for a probability)."""
    if region.empty:
        lo, hi = region.domain
        if math.isinf(hi):
            return f"for no {region.variable} >= {number_text(lo)}"
        return f"for no {region.variable} in [{number_text(lo)}, {number_text(hi)}]"
    lo, hi = region.domain
    if region.everywhere:
        if math.isinf(hi):
            return f"for every {region.variable} >= {number_text(lo)}"
        return f"for every {region.variable} in [{number_text(lo)}, {number_text(hi)}]"
    last = region.intervals[-1]
    if not region.exact and last.hi >= hi:
        # a located region says nothing beyond the range examined: say where that ends
        head = " or ".join(iv.text(region.variable) for iv in region.intervals[:-1])
        tail = f"{region.variable} {'>=' if last.lo_closed else '>'} {number_text(last.lo)}"
        return f"for {head + ' or ' if head else ''}{tail} (examined up to {number_text(hi)})"
    return "for " + region.text()


def _here(region: Region, value: float) -> str:
    inside = region.contains(value)
    return f"{region.variable} = {number_text(value)} is {'inside' if inside else 'outside'}"


def _least(region: Region) -> float | None:
    """The least value of a region (None when empty)."""
    return None if region.empty else region.intervals[0].lo


# ---------------------------------------------------------------------------- the blocs' choice
def _selected(model: SymbolicGame, stance: str, params: dict[str, float]) -> tuple[str | None, str]:
    """The blocs' equilibrium when G has committed to `stance`: the unique pure equilibrium of
    their 2x2 game, else the one that risk-dominates the other (Harsanyi & Selten 1988), else
    None (no pure equilibrium, or no risk-dominant one)."""
    g = STANCES.index(stance)
    point = model.at(**params)
    payoffs = [point.payoffs[0][:, :, g], point.payoffs[1][:, :, g]]
    pure = Game(payoffs).pure_equilibria()
    names = [",".join("RE"[a] for a in p) for p in pure]
    if len(names) == 1:
        return names[0], "unique pure equilibrium"
    if len(names) == 2:
        # the criterion classify() and thresholds() use, evaluated at these payoffs
        scale = criteria.payoff_scale(payoffs)
        tol = check_tol("three_bloc analysis", None)
        for profile, name in zip(pure, names, strict=True):
            cond = criteria.condition(payoffs, profile, "risk_dominant")
            if cond.defined(scale, tol) and cond.holds(scale, tol):
                return name, "risk-dominant"
    return None, "no selection: " + (
        "no pure equilibrium" if not names else "no pure equilibrium risk-dominates the other"
    )


# ---------------------------------------------------------------------------- analysis
def analyse(values: dict[str, float], n_starts: int = 200, table: bool = True) -> Report:
    """Every finding of the three-bloc report at the parameter values.

    Parameters
    ----------
    values : dict
        Parameter values by name (the defaults fill the rest).
    n_starts : int
        Replicator starts for the stability of each pure equilibrium; 0 skips it.
    table : bool
        Whether to compute the r*(c) table (36 exact regions; the findings do not use it).

    Returns
    -------
    Report
        Findings ``three_bloc.*`` and the tables the report prints (``equilibria``,
        ``stability``, ``r_star_by_c``, ``doctrine``).
    """
    model = three_bloc()
    params = model.values("three_bloc analyse()", **values)  # bad input fails before solving
    sym = _symbolic()
    game = model.at(**params)
    findings: list[Finding] = []

    # -- the game itself: every equilibrium. Solved in exact arithmetic (decimals as written):
    # in floating point a tie such as h = s_A leaves one payoff 1e-16 above the other and the
    # solver can prune the weak equilibrium it separates (E,E,neutral at h = s_A)
    result = solve(model.at(exact=True, **params))
    continua = int(result.parameters.get("continua", 0) or 0) + len(result.nash_subsets)
    equilibria = []
    for eq in result.equilibria:
        p_a, p_b = eq.strategies[0][1], eq.strategies[1][1]
        equilibria.append(
            {
                "profile": _profile_text(game.actions, eq.strategies),
                "strategies": [[float(p) for p in s] for s in eq.strategies],
                "payoffs": [float(v) for v in eq.payoffs],
                "pure": eq.is_pure,
                "p_both_escalate": float(min(max(p_a * p_b, 0.0), 1.0)),
                "p_neutral": float(min(max(eq.strategies[2][2], 0.0), 1.0)),
                "regret": float(eq.regret),
            }
        )
    listed = "; ".join(
        e["profile"]
        + (
            ""
            if e["pure"]
            else f" [{P_EE} = {number_text(e['p_both_escalate'])}, "
            f"P(G neutral) = {number_text(e['p_neutral'])}]"
        )
        for e in equilibria
    )
    count = f"{len(equilibria)} equilibri{'um' if len(equilibria) == 1 else 'a'}"
    findings.append(
        Finding(
            "three_bloc.equilibria",
            f"{count} at these parameters ({result.method}; "
            + ("all of them, mixed ones included" if result.complete else "the list may be "
               "incomplete: the solver did not prove it found all")
            + (f"; equilibria form continua on {continua} support profile(s), whose "
               "extreme points are listed" if continua else "")
            + (f"): {listed}" if equilibria else ")"),
            holds=bool(result.complete),
            evidence={"method": result.method, "complete": result.complete,
                      "continua": continua, "equilibria": equilibria},
        )
    )  # fmt: skip
    stability = {}
    if n_starts > 0:
        for eq in result.equilibria:
            if eq.is_pure:
                name = ",".join(game.actions[i][a] for i, a in enumerate(eq.pure_profile()))
                stability[name] = classify(game, name, n_starts=n_starts, seed=0).to_dict()

    # -- restraint in the blocs' game: without G, G neutral, G aligned (regions in r)
    r_here = params["r"]
    no_g = _region(sym["no_g_r"], params)
    neutral_r = _region(sym["neutral_r"], params)
    aligned_r = _region(sym["aligned_r"], params)
    lowering = sp.simplify(sym["curves"]["no_G_nash"] - sym["curves"]["G_neutral_nash"])
    raising = sp.simplify(sym["curves"]["G_aligned_nash"] - sym["curves"]["no_G_nash"])
    findings.append(
        Finding(
            "three_bloc.restraint_without_south",
            f"Without G (G neutral, no mediation: the two-bloc game) mutual restraint (R,R) is an "
            f"equilibrium of the blocs' game {_where_text(no_g)}; {_here(no_g, r_here)}.",
            holds=no_g.contains(r_here),
            region=no_g,
            evidence={"condition": sym["no_g_r"].statement(), "least_r": _least(no_g)},
        )
    )
    findings.append(
        Finding(
            "three_bloc.restraint_with_mediation",
            f"With G neutral (mediation m = {number_text(params['m'])}) (R,R) is an equilibrium "
            f"of the blocs' game {_where_text(neutral_r)}; {_here(neutral_r, r_here)}. "
            f"Mediation lowers the threshold expression by {lowering} (least r "
            f"{_num(_least(neutral_r))} against {_num(_least(no_g))} without G).",
            holds=neutral_r.contains(r_here),
            region=neutral_r,
            evidence={
                "condition": sym["neutral_r"].statement(),
                "least_r": _least(neutral_r),
                "least_r_without_G": _least(no_g),
                "threshold_lowered_by": str(lowering),
            },
        )
    )
    neutral_m = _region(sym["neutral_m"], params)
    findings.append(
        Finding(
            "three_bloc.mediation_needed",
            f"Mediation needed: with G neutral (R,R) is an equilibrium of the blocs' game "
            f"{_where_text(neutral_m)}; {_here(neutral_m, params['m'])}.",
            holds=neutral_m.contains(params["m"]),
            region=neutral_m,
            evidence={"condition": sym["neutral_m"].statement(), "least_m": _least(neutral_m)},
        )
    )
    findings.append(
        Finding(
            "three_bloc.restraint_with_alignment",
            f"With G aligned with A (gamma = {number_text(params['gamma'])}) (R,R) is an "
            f"equilibrium of the blocs' game {_where_text(aligned_r)}; "
            f"{_here(aligned_r, r_here)}. Alignment moves the threshold expression in r by "
            f"{raising} against the game without G (least r {_num(_least(aligned_r))} against "
            f"{_num(_least(no_g))}).",
            holds=aligned_r.contains(r_here),
            region=aligned_r,
            evidence={
                "condition": sym["aligned_r"].statement(),
                "least_r": _least(aligned_r),
                "threshold_raised_by": str(raising),
            },
        )
    )
    tip = _region(sym["aligned_gamma"], params)
    gamma_set = sym["aligned_gamma"].where(**params)
    tipped = Region.from_set(
        "gamma", sp.Complement(sp.Interval(0, sp.oo), gamma_set), 0.0, math.inf
    )
    findings.append(
        Finding(
            "three_bloc.alignment_tips",
            f"(R,R) survives G's alignment with A {_where_text(tip)}; "
            f"{_here(tip, params['gamma'])}"
            + (": with G aligned restraint fails even at gamma = 0." if tip.empty
               else ": alignment never tips restraint." if tip.everywhere
               else f"; alignment tips restraint {_where_text(tipped)}."),
            holds=tip.contains(params["gamma"]),
            region=tip,
            evidence={"condition": sym["aligned_gamma"].statement()},
        )
    )  # fmt: skip

    # -- the full game, G choosing at the same time
    full_r = _union_region(
        list(sym["full_rr_r"].values()),
        params,
        " or ".join(f"({th.statement()})" for th in sym["full_rr_r"].values()),
    )
    by_stance = {s: _region(th, params) for s, th in sym["full_rr_r"].items()}
    findings.append(
        Finding(
            "three_bloc.restraint_simultaneous",
            f"When G chooses at the same time as the blocs, (R,R) with some stance of G is an "
            f"equilibrium of the three-player game {_where_text(full_r)}; "
            f"{_here(full_r, r_here)} ("
            + "; ".join(f"with G {s}: {_where_text(reg)}" for s, reg in by_stance.items())
            + ").",
            holds=full_r.contains(r_here),
            region=full_r,
            evidence={s: reg.to_dict() for s, reg in by_stance.items()},
        )
    )
    delivered = _region(sym["full_rr_neutral_m"], params)
    replies_rr = [STANCES[k] for k in game.best_responses(["R", "R", "neutral"], "G")]
    gain_rr = {
        s: float(game.payoffs[2][0, 0, STANCES.index(s)] - game.payoffs[2][0, 0, 2])
        for s in STANCES[:2]
    }
    findings.append(
        Finding(
            "three_bloc.mediation_delivered",
            f"(R,R,neutral) is an equilibrium of the three-player game {_where_text(delivered)}"
            + (
                f"; {_here(delivered, params['m'])}."
                if not delivered.empty
                else ": at (R,R) G's best reply is "
                + ", ".join(replies_rr)
                + " (aligning gains "
                + ", ".join(f"{number_text(v)} with {s[-1]}" for s, v in gain_rr.items())
                + " over neutrality), so in simultaneous play the mediation is not delivered."
            ),
            holds=delivered.contains(params["m"]),
            region=delivered,
            evidence={
                "condition": sym["full_rr_neutral_m"].statement(),
                "g_best_replies_at_RR": replies_rr,
                "g_gain_from_aligning_at_RR": gain_rr,
            },
        )
    )

    # -- G's choice: the belief threshold in P(E,E), and certain war (region in h)
    findings.append(_south_neutral(sym["belief"], params))
    war = _region(sym["full_ee_neutral_h"], params)
    findings.append(
        Finding(
            "three_bloc.south_neutral_in_war",
            f"(E,E,neutral) (both blocs escalate, G stays out) is an equilibrium "
            f"{_where_text(war)}; {_here(war, params['h'])}.",
            holds=war.contains(params["h"]),
            region=war,
            evidence={"condition": sym["full_ee_neutral_h"].statement()},
        )
    )
    e = model.symbol("e")
    u_g = model.payoffs[2]
    e_free = all(
        e not in sp.expand(u_g[a, b, x] - u_g[a, b, 2]).free_symbols
        for a in range(2)
        for b in range(2)
        for x in range(2)
    )
    findings.append(
        Finding(
            "three_bloc.south_loss_e_irrelevant",
            "G's economic loss per escalating bloc e "
            + ("never changes" if e_free else "can change")
            + " G's best reply when it chooses with the blocs: "
            + ("G pays it whatever stance it takes." if e_free else "it differs by stance."),
            holds=e_free,
            evidence={"e": params["e"]},
        )
    )

    # -- G commits to a stance first (a declared doctrine)
    doctrine = {}
    for stance in STANCES:
        chosen, how = _selected(model, stance, params)
        pay = None
        if chosen is not None:
            a, b = ("RE".index(x) for x in chosen.split(","))
            pay = float(game.payoffs[2][a, b, STANCES.index(stance)])
        doctrine[stance] = {"blocs_play": chosen, "selection": how, "g_payoff": pay}
    findings.append(_doctrine_choice(doctrine))
    findings.append(_doctrine_restraint(model, params))

    rows = _r_star_table(sym, params) if table else []
    return Report(
        model=model.title,
        parameters={k: float(v) for k, v in params.items()},
        findings=tuple(findings),
        data={
            "equilibria": equilibria,
            "method": result.method,
            "complete": result.complete,
            "stability": stability,
            "r_star_by_c": rows,
            "doctrine": doctrine,
        },
    )


def _south_neutral(belief: dict[str, sp.Expr], params: dict[str, float]) -> Finding:
    """Neutrality as G's best reply, as a region of P(E,E) inside [0, 1]."""
    found: sp.Set = sp.Interval(0, 1)
    gains_at = {}
    for stance, gain in belief.items():
        # decimals read exactly as written (0.1 is 1/10), so a tie h = s is a tie
        exact = {
            s: sp.Rational(str(float(params[s.name]))) for s in gain.free_symbols if s != _PROB_EE
        }
        value = sp.expand(gain.subs(exact))
        gains_at[stance] = (float(value.subs(_PROB_EE, 0)), float(value.subs(_PROB_EE, 1)))
        if value.free_symbols:
            found = sp.Intersection(
                found,
                sp.solve_univariate_inequality(
                    value >= 0, _PROB_EE, relational=False, domain=sp.Interval(0, 1)
                ),
            )
        elif value < 0:
            found = sp.S.EmptySet
    condition = " and ".join(f"{sp.Ge(g, 0)}" for g in belief.values()).replace("P_EE", P_EE)
    region = Region.from_set(P_EE, found, 0.0, 1.0, condition=condition)
    if region.empty:
        stance, (_, at_war) = min(gains_at.items(), key=lambda kv: kv[1][1])
        statement = (
            f"Neutrality is never a best reply here: even at {P_EE} = 1 (both blocs surely "
            f"escalate) aligning with {stance[-1]} pays G {number_text(-at_war)} more."
        )
        holds = None
    elif region.everywhere:
        statement = (
            f"Neutrality is always a best reply here: at every {P_EE} in [0, 1] no alignment "
            "pays G more."
        )
        holds = None
    else:
        statement = (
            f"G's best reply is neutrality exactly when the blocs escalate together with "
            f"probability {region.text()} ({condition})."
        )
        holds = True
    return Finding(
        "three_bloc.south_neutral",
        statement,
        holds=holds,
        region=region,
        evidence={
            "gain_from_neutrality": {s: str(g).replace("P_EE", P_EE) for s, g in belief.items()},
            "gain_at_P_EE_0_and_1": gains_at,
            "threshold": None if region.empty else region.intervals[0].lo,
        },
    )


def _doctrine_choice(doctrine: dict[str, dict[str, Any]]) -> Finding:
    valued = {s: d["g_payoff"] for s, d in doctrine.items() if d["g_payoff"] is not None}
    lines = "; ".join(
        f"{s}: blocs play "
        + (f"({d['blocs_play']}), G gets {number_text(d['g_payoff'])}" if d["blocs_play"]
           else d["selection"])
        for s, d in doctrine.items()
    )  # fmt: skip
    if len(valued) < len(doctrine):
        return Finding(
            "three_bloc.neutral_doctrine",
            f"If G commits to a stance first, its best stance is undetermined here: for some "
            f"stance the blocs' game selects no equilibrium ({lines}).",
            holds=None,
            evidence={"by_stance": doctrine},
        )
    best = max(valued.values())
    prefers = [s for s, v in valued.items() if v >= best - 1e-12]
    return Finding(
        "three_bloc.neutral_doctrine",
        f"If G commits to a stance first, its best stance is {' or '.join(prefers)} ({lines}).",
        holds="neutral" in prefers,
        evidence={"by_stance": doctrine, "g_prefers": prefers},
    )


def _doctrine_restraint(model: SymbolicGame, params: dict[str, float]) -> Finding:
    """Where a neutral doctrine yields restraint: a region in m, located by bisection; the
    symbolic thresholds where the blocs' equilibria or their ranking change are breakpoints."""
    sym = _symbolic()
    breaks = []
    # where (R,R) is an equilibrium, and where it is risk-dominant (the boundary of (E,E)'s
    # risk dominance is the same equation L_A L_B = M_A M_B)
    for th in (sym["neutral_m"], sym["neutral_m_rd"]):
        region = th.where(**_values_for(th.game, params))
        for iv in Region.from_set("m", region, 0.0, math.inf).intervals:
            breaks += [x for x in (iv.lo, iv.hi) if math.isfinite(x)]
    hi = max(4.0, 2.0 * params["m"], *(2.0 * b for b in breaks))

    def restrains(m: float) -> bool:
        return _selected(model, "neutral", {**params, "m": m})[0] == "R,R"

    region = Region.locate("m", restrains, 0.0, hi, n_scan=41, breakpoints=breaks)
    here = _selected(model, "neutral", params)
    return Finding(
        "three_bloc.doctrine_restraint",
        f"With G committed to neutrality the blocs' selected equilibrium is (R,R) "
        f"{_where_text(region)} (located to {region.tol:g}); here m = "
        f"{number_text(params['m'])} and they play "
        + (f"({here[0]}) ({here[1]})." if here[0] else f"no selected equilibrium ({here[1]})."),
        holds=here[0] == "R,R",
        region=region,
        evidence={"blocs_play": here[0], "selection": here[1], "breakpoints": breaks},
    )


def _r_star_table(sym: dict[str, Any], params: dict[str, float]) -> list[dict[str, Any]]:
    """Least r for restraint by capability c: each entry the least point of an exact region
    (None where the region is empty, e.g. risk dominance undefined at c = 0)."""
    rows = []
    for c in C_VALUES:
        at = {**params, "c": c}
        full = sp.Union(*[th.where(**_values_for(th.game, at)) for th in sym["full_rr_r"].values()])
        rows.append(
            {
                "c": c,
                "no_G_risk_dominant": _least(_region(sym["no_g_r_rd"], at)),
                "G_neutral_risk_dominant": _least(_region(sym["neutral_r_rd"], at)),
                "no_G_nash": _least(_region(sym["no_g_r"], at)),
                "G_neutral_nash": _least(_region(sym["neutral_r"], at)),
                "G_aligned_nash": _least(_region(sym["aligned_r"], at)),
                "simultaneous_nash": _least(Region.from_set("r", full, 0.0, math.inf)),
            }
        )
    return rows


# ---------------------------------------------------------------------------- report
SECTIONS = (
    ("The game", ("three_bloc.equilibria",)),
    (
        "Does neutrality / mediation lower the reassurance restraint needs?",
        (
            "three_bloc.restraint_without_south",
            "three_bloc.restraint_with_mediation",
            "three_bloc.mediation_needed",
            "three_bloc.restraint_with_alignment",
            "three_bloc.alignment_tips",
        ),
    ),
    (
        "When G chooses at the same time as the blocs",
        (
            "three_bloc.restraint_simultaneous",
            "three_bloc.mediation_delivered",
            "three_bloc.south_neutral",
            "three_bloc.south_neutral_in_war",
            "three_bloc.south_loss_e_irrelevant",
        ),
    ),
    (
        "If G commits to a stance first (a declared doctrine)",
        ("three_bloc.neutral_doctrine", "three_bloc.doctrine_restraint"),
    ),
)


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def render(report: Report) -> str:
    """The readable report: every line a finding's statement or a row of a computed table."""
    p = report.parameters
    data = report.data
    out = [
        f"== {report.model} ==",
        "parameters: " + ", ".join(f"{k}={number_text(v)}" for k, v in p.items()),
    ]
    for title, ids in SECTIONS:
        out += ["", f"{title}"]
        for fid in ids:
            f = report.finding(fid)
            mark = {True: "+", False: "-", None: "?"}[f.holds]
            out.append(f"  {mark} {f.statement}")
    if data["stability"]:
        out += ["", "stability of the pure equilibria:"]
        keys = ("strict", "replicator_stable", "basin_share", "qre_limit")
        for name, rep in data["stability"].items():
            out.append(f"  ({name}): " + ", ".join(f"{k} {rep[k]}" for k in keys))
    if data["r_star_by_c"]:
        out += _table_lines(data["r_star_by_c"])
    out += ["", "(+ holds here, - does not hold here, ? its premise fails here)"]
    return "\n".join(out)


def _table_lines(rows: list[dict[str, Any]]) -> list[str]:
    out = [
        "",
        "least reassurance r for restraint by capability c ('-': no r >= 0 works, or the",
        "criterion is undefined there):",
        f"  {'c':>4} {'RD no G':>8} {'RD neutral':>11} {'NE no G':>8} {'NE neutral':>11}"
        f" {'NE aligned':>11} {'NE simultaneous':>16}",
    ]
    for row in rows:
        out.append(
            f"  {row['c']:>4g} {_num(row['no_G_risk_dominant']):>8}"
            f" {_num(row['G_neutral_risk_dominant']):>11} {_num(row['no_G_nash']):>8}"
            f" {_num(row['G_neutral_nash']):>11} {_num(row['G_aligned_nash']):>11}"
            f" {_num(row['simultaneous_nash']):>16}"
        )
    out.append(
        "  (RD: restraint risk-dominant in the blocs' game; NE: an equilibrium; aligned: G with "
        "A; simultaneous: (R,R) with some stance of G in the three-player game)"
    )
    return out


def plot(report: Report, path: str, values: dict[str, float]) -> str:
    """Left: r*(c) without G, with G neutral, with G aligned. Right: the (gamma, r) plane."""
    from matplotlib.colors import ListedColormap

    from ...sweep import grid
    from ...sweep.plot import pyplot, save

    model = three_bloc()
    params = model.values("three_bloc plot()", **values)
    sym = _symbolic()
    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.8), constrained_layout=True)
    cs = np.linspace(0, 5, 201)
    styles = {
        "no_G_nash": ("no G: restraint an equilibrium", "#3b6ea8", "--"),
        "no_G_risk_dominant": ("no G: restraint risk-dominant", "#3b6ea8", "-"),
        "G_neutral_nash": ("G neutral (mediation m): equilibrium", "#4f9d69", "--"),
        "G_neutral_risk_dominant": ("G neutral: risk-dominant", "#4f9d69", "-"),
        "G_aligned_nash": ("G aligned with A: equilibrium", "#c8553d", "--"),
    }
    for key, expr in sym["curves"].items():
        if expr is None:
            continue
        label, colour, style = styles[key]
        fixed = {s: params[s.name] for s in expr.free_symbols if s.name != "c"}
        c_here = next((s for s in expr.free_symbols if s.name == "c"), sp.Symbol("c"))
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
    return save(fig, path)
