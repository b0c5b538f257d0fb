"""Bloc formation: does one camp's integration make the other band together, and does
reassurance stop the cascade?

Every statement is a :class:`~gametheory.deterrence.findings.Finding` rendered from the pure
equilibria of the model (all ``3^n`` profiles enumerated) along one parameter, computed by
:func:`._bloc_paths.equilibrium_path` (exact breakpoints, no grid):

- ``bloc_formation.status_quo``: the pure equilibria at the parameters given.
- ``bloc_formation.east_growth`` (and ``...[r=X]`` for more reassurance levels): the region of
  ``q_W`` where the West's integration makes the East larger than at the start. Where several
  equilibria coexist the East's size is aggregated two ways, both reported: the **largest**
  East over all pure equilibria at a point against the largest at the start, and the
  **smallest** against the smallest.
- ``bloc_formation.movers`` (and ``...[r=X]``): which states change camp as ``q_W`` rises, and
  where; a state's camp at a point is the set of camps it takes over all pure equilibria there.
- ``bloc_formation.reassurance_stops_growth``: the region of ``r`` where the East grows (in
  either aggregation) nowhere along the ``q_W`` sweep; when it has several intervals, the
  statement says growth stops and resumes.
- ``bloc_formation.west_growth`` (and ``...[r=X]``): the same question the other way round
  (the East integrates, ``q_E``; does the West grow?).
- ``bloc_formation.scenario.<name>``: the East's growth when one parameter is scaled (strong
  threat perception, safe non-alignment): where the argument fails.

The cascade (one best reply at a time after ``q_W`` rises) and best-response dynamics in a
larger world are tables (``data``), rendered as computed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from ...cli import counted
from ...errors import GameError
from ..bloc_formation import CAMPS, DEFAULT_STATES, EAST, WEST, BlocFormation, State, bloc_formation
from ..findings import Finding, Region, Report, findings_text, number_text
from ._bloc_paths import EquilibriumPath, equilibrium_path

Q_SPAN = 2.0
"""How far beyond the scenario's integration the sweeps go."""
R_STEPS = (0.0, 0.5, 1.0, 2.0)
"""Reassurance levels compared along the q_W sweep: the scenario's r plus these."""
EAST_R_STEPS = (0.0, 0.5)
"""Reassurance levels compared along the q_E sweep."""
R_SPAN = 6.0
"""How far beyond the scenario's r the reassurance region is examined."""
R_SCAN = 25
"""Scan points of the reassurance region before bisection."""
R_TOL = 1e-4
"""Accuracy of the reassurance region's endpoints (each point solves a whole q_W path)."""
Q_SCAN = 41
"""Scan points of the regions in q (the path's breakpoints are added to them)."""
Q_TOL = 1e-9
"""Accuracy of the regions' endpoints in q."""
CASCADE_Q = 1.0
"""Integration added for the step-by-step cascade."""
FAILURE_SCENARIOS = (
    ("t_doubled", "threat perception t doubled", {"t": 2.0}),
    ("t_quadrupled", "threat perception t quadrupled", {"t": 4.0}),
    ("nu_halved", "non-alignment safer: exposure nu halved", {"nu": 0.5}),
    ("nu_quartered", "non-alignment safe: exposure nu quartered", {"nu": 0.25}),
)
"""Scenarios that multiply one parameter of the scenario, to find where the argument fails."""
EXTRA_STATES = tuple(State(f"South {k + 1}", 0.5, -1.0, -1.0) for k in range(5))
"""Five more small non-aligned-leaning states for the larger world (n = 14)."""

MODEL = "bloc_formation"
_CAMP_NAME = {WEST: "the West", EAST: "the East"}
_INTEGRATION = {WEST: "q_W", EAST: "q_E"}


def _f(x: float) -> float:
    return float(round(float(x), 6))


def _n(x: float) -> str:
    return number_text(float(x))


def _finding_id(what: str, r: float, r0: float) -> str:
    """``bloc_formation.<what>`` at the scenario's r, ``...[r=X]`` at another r."""
    base = f"{MODEL}.{what}"
    return base if r == r0 else f"{base}[r={_n(r)}]"


def _camps_text(names: tuple[str, ...], profile) -> str:
    by = {c: [s for s, a in zip(names, profile, strict=True) if CAMPS[a] == c] for c in CAMPS}
    return "; ".join(f"{c}: {', '.join(v) if v else '-'}" for c, v in by.items())


def _sizes(model: BlocFormation, eqs: np.ndarray, camp: int) -> tuple[float, float] | None:
    """Smallest and largest summed capability of `camp` over the equilibria (None if none)."""
    if not len(eqs):
        return None
    strengths = model.camp_strengths(eqs)[:, camp]
    return float(strengths.min()), float(strengths.max())


# ---------------------------------------------------------------------- growth along q
def _growth_regions(model: BlocFormation, path: EquilibriumPath, camp: int) -> dict[str, Any]:
    """Where `camp` is larger (or smaller) than at the start of `path`, both aggregations."""
    base = _sizes(model, path.at_edges[0], camp)
    var = path.variable
    if base is None:
        return {"base": None}
    small0, large0 = base
    eps = 1e-9 * max(1.0, large0)

    def region(test: Callable[[tuple[float, float]], bool]) -> Region:
        def predicate(x: float) -> bool:
            sizes = _sizes(model, path.at(x), camp)
            return sizes is not None and test(sizes)

        return Region.locate(
            var, predicate, path.lo, path.hi, n_scan=Q_SCAN, tol=Q_TOL, breakpoints=path.breakpoints
        )

    samples = [(x, _sizes(model, eqs, camp)) for x, eqs in path.samples()]
    sized = [s for _, s in samples if s is not None]
    return {
        "base": base,
        "largest_grows": region(lambda s: s[1] > large0 + eps),
        "smallest_grows": region(lambda s: s[0] > small0 + eps),
        "shrinks": region(lambda s: s[1] < small0 - eps),
        "smallest_shrinks": region(lambda s: s[0] < small0 - eps),
        "no_equilibrium": Region.locate(
            var,
            lambda x: not len(path.at(x)),
            path.lo,
            path.hi,
            n_scan=Q_SCAN,
            tol=Q_TOL,
            breakpoints=path.breakpoints,
        ),
        "several": Region.locate(
            var,
            lambda x: len(path.at(x)) > 1,
            path.lo,
            path.hi,
            n_scan=Q_SCAN,
            tol=Q_TOL,
            breakpoints=path.breakpoints,
        ),
        "largest_max": max(s[1] for s in sized),
        "smallest_max": max(s[0] for s in sized),
        "largest_min": min(s[1] for s in sized),
    }


def _proper(region: Region) -> Region:
    """`region` without its single points (ties exactly at a breakpoint)."""
    kept = tuple(iv for iv in region.intervals if iv.hi > iv.lo)
    return Region(region.variable, kept, region.domain, region.exact, region.tol, region.condition)


def growth_finding(
    model: BlocFormation, params: dict[str, float], camp: int, fid: str, prefix: str = ""
) -> tuple[Finding, EquilibriumPath]:
    """Does the other camp's integration make `camp` grow? A region in that integration.

    `camp`'s size (summed capability) at a point is aggregated over all pure equilibria
    there two ways: its largest (against the largest at the start of the sweep) and its
    smallest (against the smallest at the start). Both are reported.
    """
    other = 1 - camp
    var = _INTEGRATION[other]
    lo = params[var]
    path = equilibrium_path(model, params, var, lo, lo + Q_SPAN)
    regions = _growth_regions(model, path, camp)
    who, rival = _CAMP_NAME[camp], _CAMP_NAME[other]
    head = f"{prefix}At r = {_n(params['r'])}, "
    span = f"{var} in [{_n(lo)}, {_n(lo + Q_SPAN)}]"
    if regions["base"] is None:
        statement = (
            f"{head}there is no pure equilibrium at {var} = {_n(lo)}, so {who}'s growth "
            f"as {rival} integrates has no baseline here."
        )
        return Finding(fid, statement, None, None, {"variable": var}), path
    small0, large0 = regions["base"]
    largest, smallest = regions["largest_grows"], regions["smallest_grows"]
    several = _proper(regions["several"])
    unique = several.empty and len(path.at_edges[0]) <= 1 and len(path.at_edges[-1]) <= 1
    clauses = []
    if unique:
        if largest.empty:
            clauses.append(
                f"{who} never grows for {span} here (the pure equilibrium is unique along it; "
                f"{who}'s size stays at most {_n(large0)})"
            )
        else:
            clauses.append(
                f"{who} grows in response to {rival}'s integration for {largest.text()} (the "
                f"pure equilibrium is unique along {span}; {who}'s size rises from "
                f"{_n(large0)} to at most {_n(regions['largest_max'])})"
            )
    else:
        clauses.append(f"several pure equilibria coexist for {several.text()}")
        for label, reg, start, top in (
            ("largest", largest, large0, regions["largest_max"]),
            ("smallest", smallest, small0, regions["smallest_max"]),
        ):
            if reg.empty:
                clauses.append(
                    f"{who}'s {label} size over the pure equilibria never exceeds its starting "
                    f"{_n(start)} for {span}"
                )
            else:
                clauses.append(
                    f"{who}'s {label} size over the pure equilibria grows from {_n(start)} "
                    f"(up to {_n(top)}) for {reg.text()}"
                )
    if not regions["smallest_shrinks"].empty:
        clauses.append(
            f"{who} is smaller than its smallest starting size {_n(small0)} in "
            + ("the" if unique else "some")
            + f" pure equilibrium for {regions['smallest_shrinks'].text()}"
        )
    if not regions["shrinks"].empty and not unique:
        clauses.append(
            f"it is smaller than {_n(small0)} in every pure equilibrium (bandwagoning) for "
            f"{regions['shrinks'].text()}"
        )
    if not regions["no_equilibrium"].empty:
        clauses.append(f"there is no pure equilibrium for {regions['no_equilibrium'].text()}")
    statement = head + "; ".join(clauses) + "."
    holds = not (largest.empty and smallest.empty)
    region = largest if not largest.empty or smallest.empty else smallest
    evidence = {
        "variable": var,
        "r": _f(params["r"]),
        "aggregation": "largest and smallest size over all pure equilibria at a point, "
        "against the largest and smallest at the start of the sweep",
        "start_size": [_f(small0), _f(large0)],
        "largest_size_grows": largest.to_dict(),
        "smallest_size_grows": smallest.to_dict(),
        "smallest_size_shrinks": regions["smallest_shrinks"].to_dict(),
        "shrinks_below_start": regions["shrinks"].to_dict(),
        "several_equilibria": several.to_dict(),
        "no_pure_equilibrium": regions["no_equilibrium"].to_dict(),
        "growth_of_largest": _f(regions["largest_max"] - large0),
        "breakpoints": [_f(b) for b in path.breakpoints],
    }
    return Finding(fid, statement, holds, region, evidence), path


# ---------------------------------------------------------------------- movers
def _camp_sets(path: EquilibriumPath, state: int) -> list[tuple[float, frozenset[int]]]:
    return [(x, frozenset(int(a) for a in eqs[:, state])) for x, eqs in path.samples()]


def _camp_set_text(camps: frozenset[int]) -> str:
    if not camps:
        return "no equilibrium"
    names = [CAMPS[a] for a in sorted(camps)]
    return names[0] if len(names) == 1 else " or ".join(names) + " (several equilibria)"


def movers_finding(model: BlocFormation, path: EquilibriumPath, fid: str) -> Finding:
    """Which states change camp along `path`, and the region of each camp they take."""
    var = path.variable
    moves = []
    for i, name in enumerate(model.names):
        sets = _camp_sets(path, i)
        start = sets[0][1]
        if all(s == start for _, s in sets):
            continue
        seen: list[frozenset[int]] = []
        for _, s in sets:
            if s not in seen:
                seen.append(s)
        spans = []
        for camps in seen:
            region = Region.locate(
                var,
                lambda x, i=i, camps=camps: frozenset(int(a) for a in path.at(x)[:, i]) == camps,
                path.lo,
                path.hi,
                n_scan=Q_SCAN,
                tol=Q_TOL,
                breakpoints=path.breakpoints,
            )
            spans.append((camps, region))
        # a camp taken only at single points is a tie exactly at a breakpoint: in the
        # evidence, not in the sentence
        ranges = [(c, _proper(reg)) for c, reg in spans if not _proper(reg).empty]
        if len(ranges) > 1:
            moves.append((name, ranges, spans))
    span = f"{var} in [{_n(path.lo)}, {_n(path.hi)}]"
    if not moves:
        statement = f"nobody changes camp for {span}."
    else:
        texts = [
            f"{name}: " + ", ".join(f"{_camp_set_text(c)} for {reg.text()}" for c, reg in spans)
            for name, spans, _ in moves
        ]
        statement = (
            f"{counted(len(moves), 'state changes', 'states change')} camp for {span}: "
            + "; ".join(texts)
            + "."
        )
    evidence = {
        "variable": var,
        "movers": [
            {
                "state": name,
                "camps": [
                    {"camps": [CAMPS[a] for a in sorted(c)], "region": reg.to_dict()}
                    for c, reg in spans
                ],
            }
            for name, _, spans in moves
        ],
    }
    return Finding(fid, statement, bool(moves), None, evidence)


# ---------------------------------------------------------------------- reassurance
def reassurance_finding(
    model: BlocFormation,
    params: dict[str, float],
    r_span: float = R_SPAN,
    r_scan: int = R_SCAN,
    r_tol: float = R_TOL,
) -> Finding:
    """Where in r the East grows nowhere along the q_W sweep, as a region.

    Each point of the scan solves a whole exact ``q_W`` path; the scan has `r_scan` points
    plus the points where the equilibria at either end of the ``q_W`` sweep change in r (exact
    paths in r), and every change
    between scan points is bisected to `r_tol`. An interval of growth narrower than the scan
    step away from those points can be missed (a located region's limit, stated in the docs).
    """
    q0 = params["q_W"]

    @cache
    def grows(r: float) -> bool:
        at = {**params, "r": r}
        path = equilibrium_path(model, at, "q_W", q0, q0 + Q_SPAN)
        base = _sizes(model, path.at_edges[0], EAST)
        if base is None:
            return False
        small0, large0 = base
        eps = 1e-9 * max(1.0, large0)
        for _, eqs in path.samples():
            sizes = _sizes(model, eqs, EAST)
            if sizes is not None and (sizes[1] > large0 + eps or sizes[0] > small0 + eps):
                return True
        return False

    lo, hi = params["r"], params["r"] + r_span
    # growth can change where the equilibria at either end of the q_W sweep change in r (the
    # start is the baseline; a profile with a larger East usually appears at the far end
    # first): both paths in r are exact, so those changes are located without scanning
    starts = sorted(
        {
            *equilibrium_path(model, params, "r", lo, hi).breakpoints,
            *equilibrium_path(model, {**params, "q_W": q0 + Q_SPAN}, "r", lo, hi).breakpoints,
        }
    )
    kw = {"n_scan": r_scan, "tol": r_tol, "breakpoints": starts}
    growing = Region.locate("r", grows, lo, hi, **kw)
    stopped = Region.locate("r", lambda r: not grows(r), lo, hi, **kw)
    sweep = f"q_W in [{_n(q0)}, {_n(q0 + Q_SPAN)}]"
    at_start = grows(lo)
    monotone = stopped.empty or (len(stopped.intervals) == 1 and stopped.intervals[-1].hi >= hi)
    if growing.empty:
        statement = (
            f"The East grows nowhere along {sweep} for any r in [{_n(lo)}, {_n(hi)}]: "
            "there is no growth for reassurance to stop here."
        )
        holds = None
    elif not at_start:
        statement = (
            f"At r = {_n(lo)} the East does not grow along {sweep}, so reassurance has no "
            f"growth to stop here; as r rises, the East grows for {growing.text()}"
            + (f" and not for {stopped.text()}." if not stopped.empty else ".")
        )
        holds = None
    elif stopped.empty:
        statement = (
            f"No reassurance r in [{_n(lo)}, {_n(hi)}] stops the East's growth along {sweep}."
        )
        holds = False
    elif monotone:
        statement = (
            f"Reassurance stops the East's growth along {sweep} from "
            f"r = {_n(stopped.intervals[0].lo)} on (examined up to r = {_n(hi)}, endpoint "
            f"to {_n(r_tol)})."
        )
        holds = True
    else:
        statement = (
            f"Reassurance stops the East's growth along {sweep} for {stopped.text()}, but not "
            f"monotonically: the East grows again for {growing.text()}."
        )
        holds = True
    evidence = {
        "sweep": {"variable": "q_W", "lo": _f(q0), "hi": _f(q0 + Q_SPAN)},
        "growth_stopped": stopped.to_dict(),
        "growth": growing.to_dict(),
        "monotone": bool(monotone),
        "end_breakpoints": [_f(b) for b in starts],
        "aggregation": "grows if the largest or the smallest East over the pure equilibria "
        "exceeds its value at the start of the sweep somewhere along it",
    }
    return Finding(f"{MODEL}.reassurance_stops_growth", statement, holds, stopped, evidence)


# ---------------------------------------------------------------------- tables
def _cascade(model: BlocFormation, values: dict[str, float], r: float) -> dict[str, Any]:
    """From the first status-quo equilibrium at r, add CASCADE_Q integration: who moves."""
    base = {**values, "r": r}
    status = model.pure_equilibria(**base)
    if not len(status):
        return {"r": _f(r), "start": None, "steps": [], "converged": False}
    start = status[0]
    path, converged = model.cascade(start, **{**base, "q_W": base["q_W"] + CASCADE_Q})
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
    }


def _larger_world(values: dict[str, float], n_starts: int) -> dict[str, Any]:
    """Fourteen states: best-response dynamics from many seeded starts, before and after."""
    model = bloc_formation([*DEFAULT_STATES, *EXTRA_STATES])
    out: dict[str, Any] = {"states": list(model.names), "n_starts": n_starts}
    russia = model.names.index("Russia")
    for label, q in (("status_quo", values["q_W"]), ("integrated", values["q_W"] + CASCADE_Q)):
        run = model.dynamics(n_starts=n_starts, seed=0, max_rounds=100, **{**values, "q_W": q})
        found = run.equilibria()
        entry: dict[str, Any] = {
            "q_W": _f(q),
            "converged_share": _f(run.converged.mean()),
            "distinct_equilibria": len(found),
            "mean_east_strength": None,
            "russia_east_share": None,
        }
        if found:
            profiles = np.array([p for p, _ in found])
            weights = np.array([c for _, c in found], dtype=float)
            east = model.camp_strengths(profiles)[:, EAST]
            entry["mean_east_strength"] = _f((east * weights).sum() / weights.sum())
            entry["russia_east_share"] = _f(
                weights[profiles[:, russia] == EAST].sum() / weights.sum()
            )
        out[label] = entry
    return out


# ---------------------------------------------------------------------- analyse
def analyse(
    values: dict[str, float],
    *,
    r_span: float = R_SPAN,
    r_scan: int = R_SCAN,
    r_tol: float = R_TOL,
    n_starts: int = 1000,
    scenarios: bool = True,
) -> Report:
    """The findings of the bloc-formation model at `values` (defaults for the rest).

    Parameters
    ----------
    values : dict
        Model parameters (``t, r, nu, h, e, q_W, q_E``); bad names or values raise GameError.
    r_span, r_scan, r_tol : float, int, float
        The reassurance region: examined on ``[r, r + r_span]``, scanned at `r_scan` points
        (plus the points where the status quo changes), endpoints bisected to `r_tol`.
    n_starts : int
        Starts of the best-response dynamics in the larger world (0 skips it).
    scenarios : bool
        Whether to add the failure scenarios (``bloc_formation.scenario.*``).
    """
    func = "bloc_formation.analyse()"
    model = bloc_formation()
    params = model.values(func, **values)
    if not (isinstance(r_span, (int, float)) and math.isfinite(r_span) and r_span > 0):
        raise GameError(f"{func}: r_span must be a finite number > 0, got {r_span!r}")
    if not (isinstance(r_tol, (int, float)) and r_tol > 0):
        raise GameError(f"{func}: r_tol must be > 0, got {r_tol!r}")
    for name, count, least in (("r_scan", r_scan, 2), ("n_starts", n_starts, 0)):
        if isinstance(count, bool) or not isinstance(count, int) or count < least:
            raise GameError(f"{func}: {name} must be an integer >= {least}, got {count!r}")
    r0 = params["r"]
    findings: list[Finding] = []

    status = model.pure_equilibria(**params)
    if len(status):
        listing = " | ".join(_camps_text(model.names, eq) for eq in status)
        statement = (
            f"At the parameters given there {'is' if len(status) == 1 else 'are'} "
            f"{counted(len(status), 'pure equilibrium', 'pure equilibria')} "
            f"(all {3**model.n} profiles enumerated): {listing}."
        )
    else:
        statement = "At the parameters given there is no pure equilibrium."
    findings.append(
        Finding(
            f"{MODEL}.status_quo",
            statement,
            bool(len(status)),
            None,
            {
                "equilibria": [[CAMPS[a] for a in eq] for eq in status],
                "camp_strengths": [[_f(v) for v in row] for row in model.camp_strengths(status)]
                if len(status)
                else [],
            },
        )
    )

    growth, movers = [], []
    for step in R_STEPS:
        at = {**params, "r": r0 + step}
        found, path = growth_finding(model, at, EAST, _finding_id("east_growth", r0 + step, r0))
        growth.append(found)
        movers.append(movers_finding(model, path, _finding_id("movers", r0 + step, r0)))
    findings += growth + movers
    findings.append(reassurance_finding(model, params, r_span, r_scan, r_tol))
    for step in EAST_R_STEPS:
        at = {**params, "r": r0 + step}
        found, path = growth_finding(model, at, WEST, _finding_id("west_growth", r0 + step, r0))
        findings.append(found)
        findings.append(movers_finding(model, path, _finding_id("west_movers", r0 + step, r0)))
    if scenarios:
        for key, label, factors in FAILURE_SCENARIOS:
            changed = {k: params[k] * f for k, f in factors.items()}
            named = ", ".join(f"{k} = {_n(v)}" for k, v in changed.items())
            found, _ = growth_finding(
                model,
                {**params, **changed},
                EAST,
                f"{MODEL}.scenario.{key}",
                prefix=f"With {label} ({named}): ",
            )
            findings.append(found)

    data = {
        "states": [
            {
                "name": s.name,
                "capability": s.capability,
                "lean_west": s.lean_west,
                "lean_east": s.lean_east,
            }
            for s in model.states
        ],
        "profiles_enumerated": 3**model.n,
        "cascade": [_cascade(model, params, r0 + step) for step in R_STEPS],
        "larger_world": _larger_world(params, n_starts) if n_starts else None,
    }
    return Report(
        f"bloc formation, {model.n} states",
        {k: _f(v) for k, v in params.items()},
        tuple(findings),
        data,
    )


# ---------------------------------------------------------------------- render
def _section(report: Report, prefix: str) -> list[Finding]:
    return [f for f in report.findings if f.id.split("[")[0] == f"{MODEL}.{prefix}"]


def render(report: Report) -> str:
    """The readable report: every sentence is a finding's statement or a computed table."""
    p = report.parameters
    out = [
        f"== {report.model} ==",
        "parameters: " + ", ".join(f"{k}={_n(v)}" for k, v in p.items()),
        "",
        "Status quo:",
        *findings_text(_section(report, "status_quo")),
        "",
        f"(1) The West integrates (q_W rises by {_n(Q_SPAN)}): does the East grow, who moves?",
        "    (where several pure equilibria coexist, the East's largest and smallest size over"
        " them are both reported)",
    ]
    for growth, moved in zip(
        _section(report, "east_growth"), _section(report, "movers"), strict=True
    ):
        out += findings_text([growth])
        out += findings_text([moved], indent="      ")
    out += ["", "(2) Does reassurance stop the East's growth?"]
    out += findings_text(_section(report, "reassurance_stops_growth"))
    out += ["", "(3) The East integrates instead (q_E rises): does the West grow?"]
    for growth, moved in zip(
        _section(report, "west_growth"), _section(report, "west_movers"), strict=True
    ):
        out += findings_text([growth])
        out += findings_text([moved], indent="      ")
    out += ["", f"(4) The cascade one move at a time (q_W raised by {_n(CASCADE_Q)}):"]
    for cas in report.data["cascade"]:
        if cas["start"] is None:
            out.append(f"  r={_n(cas['r'])}: no status-quo equilibrium to start from")
            continue
        if not cas["steps"]:
            out.append(f"  r={_n(cas['r'])}: nobody moves; the status quo survives")
            continue
        out.append(f"  r={_n(cas['r'])} (from the first of {cas['status_quo_equilibria']}):")
        for k, step in enumerate(cas["steps"], 1):
            s = step["camp_strengths"]
            out.append(
                f"    {k}. {step['state']}: {step['from']} -> {step['to']}"
                f"   (West {_n(s[0])}, East {_n(s[1])}, non-aligned {_n(s[2])})"
            )
        out.append(f"    ends at an equilibrium: {cas['converged']}")
    big = report.data.get("larger_world")
    if big:
        out.append(
            f"  larger world ({len(big['states'])} states: best-response dynamics from "
            f"{big['n_starts']} seeded starts):"
        )
        for label in ("status_quo", "integrated"):
            b = big[label]
            line = (
                f"    q_W={_n(b['q_W'])}: {100 * b['converged_share']:.1f}% of starts converge, "
                f"to {counted(b['distinct_equilibria'], 'equilibrium', 'equilibria')}"
            )
            if b["mean_east_strength"] is not None:
                line += (
                    f"; mean East strength {_n(b['mean_east_strength'])}; Russia in the East "
                    f"in {100 * b['russia_east_share']:.0f}% of converged starts"
                )
            out.append(line)
    scen = [f for f in report.findings if f.id.startswith(f"{MODEL}.scenario.")]
    if scen:
        out += ["", "(5) Where the argument fails (one parameter scaled, r as given):"]
        out += findings_text(scen)
    return "\n".join(out)


# ---------------------------------------------------------------------- plot
def plot(report: Report, path: str, values: dict[str, float] | None = None) -> str | None:
    """Two panels: the East's size along the q_W sweep per r (the band between its smallest
    and largest over the pure equilibria); camp strengths along the cascade."""
    from ...sweep.plot import pyplot, save

    model = bloc_formation()
    given = values if values is not None else report.parameters
    params = model.values("bloc_formation.plot()", **dict(given))
    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.5), constrained_layout=True)
    q0 = params["q_W"]
    for step in R_STEPS:
        at = {**params, "r": params["r"] + step}
        eq_path = equilibrium_path(model, at, "q_W", q0, q0 + Q_SPAN)
        # the equilibrium set is constant on each piece between breakpoints: draw it as stairs
        sizes = [_sizes(model, eqs, EAST) or (np.nan, np.nan) for eqs in eq_path.pieces]
        lo = np.array([s[0] for s in sizes])
        hi = np.array([s[1] for s in sizes])
        line = left.stairs(
            hi, eq_path.edges, baseline=None, label=f"r = {_n(at['r'])}", linewidth=2
        )
        if np.any(lo != hi):
            left.stairs(
                hi, eq_path.edges, baseline=lo, fill=True, alpha=0.25, color=line.get_edgecolor()
            )
    left.set_xlabel("West's integration q_W")
    left.set_ylabel("East camp strength in equilibrium (summed capability)")
    left.set_title("does the West's integration make the East band together?", fontsize=11)
    left.legend(title="reassurance")
    left.grid(alpha=0.3)
    colours = {"West": "#3b6ea8", "East": "#c8553d", "non-aligned": "#7a7a7a"}
    cascades = report.data["cascade"]
    for cas, style in zip((cascades[0], cascades[2]), ("-", "--"), strict=True):
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
                label=f"{camp}, r = {_n(cas['r'])}",
            )
        for x, step in enumerate(cas["steps"], 1):
            right.annotate(
                step["state"],
                (x, step["camp_strengths"][CAMPS.index(step["to"])]),
                textcoords="offset points",
                xytext=(4, 6),
                fontsize=8,
            )
    right.xaxis.get_major_locator().set_params(integer=True)
    right.set_xlabel("cascade step (one state changes camp)")
    right.set_ylabel("camp strength (summed capability)")
    right.set_title(f"the cascade after q_W rises by {_n(CASCADE_Q)}", fontsize=11)
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    return save(fig, path)


__all__ = [
    "CASCADE_Q",
    "FAILURE_SCENARIOS",
    "Q_SPAN",
    "R_SPAN",
    "R_STEPS",
    "analyse",
    "growth_finding",
    "movers_finding",
    "plot",
    "reassurance_finding",
    "render",
]
