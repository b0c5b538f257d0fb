"""The claims ledger: the commentary's claims, each tested by the models (docs/claims.md).

The project examines an argument: capability alone does not deter and heightens tension;
deterrence works only with reassurance; with large capabilities the slightest incident can
escalate; one camp's integration makes the other band together; the Global South wants
neutrality and bears the cost; diplomacy and mediation help. The ledger states each claim as
a proposition about a model, and reports where in a stated prior box of parameters it holds.

A claim is a record of the registry (:data:`REGISTRY`, :func:`register`): a
:class:`ClaimSpec` naming its models, its proposition, its prior box and the premises the
models assume rather than derive, and one of two ways to decide the proposition at a point:

- ``condition``: a function returning a sympy condition over the prior's parameter names,
  derived from the models' thresholds (:func:`gametheory.stability.thresholds`), their
  criteria or their payoff arrays, never written by hand; the ledger reports it as ``region``
  (a string ``sympy.parse_expr`` reads with the prior's names as symbols);
- ``predicate``: a function of one parameter point (a dict) deciding the proposition
  numerically through the models' solvers (:func:`gametheory.solve`, the spiral model's
  equilibrium checks, bloc formation's pure equilibria); the ledger then locates the
  boundaries on the sections of the box through its centre (:meth:`Region.locate`).

:func:`claims` evaluates every record: the ``share`` of the box where the proposition holds
(Monte Carlo, uniform over the box, seeded, with its standard error ``share_se``), the
``verdict`` read from it, and Sobol indices of the proposition's indicator (SALib) naming the
parameters that decide it. Claims first recorded with the models that only bear on them
(capability as a parameter, accidents in the repeated game) have their direct tests in
:mod:`gametheory.deterrence.claims_choice` (capability as a choice: ``deterrence.arming``; an
escalation ladder: ``deterrence.escalation``), registered with the rest; a record still
naming a model in ``awaiting`` has no direct test yet, and adding one is registering one more
:class:`ClaimSpec`.

>>> spec = registry()["capability_alone_does_not_deter"]
>>> spec.models
('two_bloc',)
>>> str(spec.condition())
'alpha*c + b - c*theta > 0'
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..errors import GameError
from .claims_record import ClaimSpec
from .findings import Region, number_text

VERDICTS = ("holds everywhere", "fails everywhere", "depends")
"""What a claim's share says: 1, 0, or in between (on the sample drawn from the box)."""

SAMPLES = 20000
"""Monte Carlo points for a closed-form claim (the condition is evaluated as an array)."""
NUMERIC_SAMPLES = 400
"""Monte Carlo points for a claim decided numerically at each point (each solves a model)."""
SOBOL_BASE = 1024
"""Base sample of the Sobol indices for a closed-form claim (a power of 2)."""
NUMERIC_SOBOL_BASE = 64
"""Base sample of the Sobol indices for a numerically decided claim (a power of 2)."""
MAX_SAMPLES = 2_000_000
"""Most Monte Carlo points of a closed-form claim (the sample is held as one array)."""
MAX_NUMERIC_SAMPLES = 100_000
"""Most Monte Carlo points of a numerically decided claim (each point solves a model)."""
MAX_SOBOL_BASE = 2**16
"""Largest Sobol base sample of a closed-form claim."""
MAX_NUMERIC_SOBOL_BASE = 2**12
"""Largest Sobol base sample of a numerically decided claim."""
DECIDING = 0.05
"""A parameter decides a claim when its total Sobol index is at least this."""
SECTION_SCAN = 11
"""Scan points on each section of the box before bisection (numerically decided claims)."""
SECTION_TOL = 1e-3
"""Accuracy, relative to the parameter's range, of a located boundary."""


@dataclass(frozen=True)
class Claim:
    """One evaluated claim: the spec's text and the computed verdict, region, share.

    ``region`` is the closed-form condition (None for numerically decided claims, which carry
    ``boundaries`` instead: the located region of each parameter on the section of the box
    through its centre). ``share`` is the share of the box where the proposition holds: exact
    when ``exact`` (``share_exact`` the exact number as text, ``share_se`` 0), else by Monte
    Carlo with standard error ``share_se``; ``monte_carlo`` always holds the Monte Carlo
    estimate (``share``, ``se``, ``n``), ``n`` the sample size. ``sensitivity`` maps each
    parameter to its first-order and total Sobol indices (``S1``, ``ST``); ``deciding`` lists
    the parameters whose total index is at least :data:`DECIDING`, largest first.
    """

    id: str
    statement: str
    models: tuple[str, ...]
    proposition: str
    verdict: str
    region: str | None
    boundaries: tuple[Region, ...]
    share: float
    share_se: float
    exact: bool
    share_exact: str | None
    monte_carlo: Mapping[str, float]
    n: int
    seed: int
    prior: Mapping[str, tuple[float, float]]
    fixed: Mapping[str, float]
    sensitivity: Mapping[str, Mapping[str, float]]
    deciding: tuple[str, ...]
    assumed: tuple[str, ...]
    awaiting: tuple[str, ...]

    def summary(self) -> str:
        """One sentence rendered from the record."""
        half = 2 * self.share_se
        where = (
            f"on {100 * self.share:.1f}% (+-{100 * half:.1f}%, 2 s.e.) of the prior box"
            if not self.exact
            else f"on {100 * self.share:.1f}% of the prior box (exact)"
        )
        deciders = (
            "decided by " + ", ".join(self.deciding)
            if self.deciding
            else "no parameter moves it within the box"
        )
        return f"{self.id}: {self.verdict} ({where}; {deciders})."

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement,
            "models": list(self.models),
            "proposition": self.proposition,
            "verdict": self.verdict,
            "region": self.region,
            "boundaries": [b.to_dict() for b in self.boundaries],
            "share": self.share,
            "share_se": self.share_se,
            "exact": self.exact,
            "share_exact": self.share_exact,
            "monte_carlo": dict(self.monte_carlo),
            "n": self.n,
            "seed": self.seed,
            "prior": {k: [lo, hi] for k, (lo, hi) in self.prior.items()},
            "fixed": dict(self.fixed),
            "sensitivity": {k: dict(v) for k, v in self.sensitivity.items()},
            "deciding": list(self.deciding),
            "assumed": list(self.assumed),
            "awaiting": list(self.awaiting),
            "summary": self.summary(),
        }


# ------------------------------------------------------------------------- evaluation
def verdict(share: float) -> str:
    """The verdict a share gives: 1 holds everywhere, 0 fails everywhere, else depends.

    >>> verdict(1.0), verdict(0.0), verdict(0.25)
    ('holds everywhere', 'fails everywhere', 'depends')
    """
    if share >= 1.0:
        return VERDICTS[0]
    if share <= 0.0:
        return VERDICTS[1]
    return VERDICTS[2]


def plain(condition: sp.Basic) -> sp.Basic:
    """`condition` over plain symbols (no assumptions), so it prints and parses back as is."""
    return condition.xreplace({s: sp.Symbol(s.name) for s in condition.free_symbols})


def parse_region(region: str, names: Iterable[str]) -> sp.Basic:
    """A ledger ``region`` read back with sympy, each name a plain symbol (so ``beta`` and
    ``gamma`` are parameters, not sympy's functions); no ``eval`` of the text beyond sympy's
    own parser.

    >>> parse_region("alpha*c + b - c*theta > 0", ["alpha", "b", "c", "theta"])
    alpha*c + b - c*theta > 0
    """
    local = {n: sp.Symbol(n) for n in names}
    try:
        return sp.parse_expr(region, local_dict=local, evaluate=True)
    except (SyntaxError, TypeError, sp.SympifyError) as err:
        raise GameError(f"parse_region(): cannot read {region!r}: {err}") from None


def condition_function(condition: sp.Basic, names: list[str]) -> Callable[..., np.ndarray]:
    """The condition as a vectorised function of the named arrays (True where it holds)."""
    cond = plain(condition)
    unknown = sorted(s.name for s in cond.free_symbols if s.name not in names)
    if unknown:
        raise GameError(f"condition_function(): {unknown} are not in the prior {names}")
    f = sp.lambdify([sp.Symbol(n) for n in names], cond, "numpy")

    def call(*columns: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = f(*columns)
        return np.broadcast_to(np.asarray(out, dtype=bool), np.shape(columns[0]))

    return call


def _box_sample(prior: Mapping[str, tuple[float, float]], n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    lo = np.array([lo for lo, _ in prior.values()])
    hi = np.array([hi for _, hi in prior.values()])
    return lo + (hi - lo) * rng.random((n, len(prior)))


def _indicator(spec: ClaimSpec, points: np.ndarray) -> np.ndarray:
    """1.0 where the proposition holds at each row of `points` (columns in prior order)."""
    names = list(spec.prior)
    if spec.condition is not None:
        f = condition_function(spec.condition(), names)
        return f(*points.T).astype(float)
    return np.array(
        [
            float(bool(spec.predicate(dict(zip(names, map(float, row), strict=True)))))
            for row in points
        ]
    )


def sobol_indices(spec: ClaimSpec, base: int, seed: int) -> dict[str, dict[str, float]]:
    """First-order and total Sobol indices of the proposition's indicator over the box.

    Saltelli's sample and Jansen's estimators as SALib implements them (Saltelli et al. 2010),
    without second-order terms; ``base * (d + 2)`` evaluations. An indicator constant over the
    sample has no variance to apportion: every index is then 0.
    """
    try:
        from SALib.analyze import sobol as analyze
        from SALib.sample import sobol as sample
    except ImportError:  # pragma: no cover - SALib is a declared dependency of the ledger
        raise GameError(
            "claims(): the sensitivity indices need SALib (pip install 'gametheory[claims]')"
        ) from None
    names = list(spec.prior)
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [list(spec.prior[n]) for n in names],
    }
    points = sample.sample(problem, base, calc_second_order=False, seed=seed)
    y = _indicator(spec, points)
    if np.ptp(y) == 0:
        return {n: {"S1": 0.0, "ST": 0.0, "S1_conf": 0.0, "ST_conf": 0.0} for n in names}
    with warnings.catch_warnings():
        # a bootstrap resample of a rare indicator can be constant: SALib warns and returns NaN
        # confidence widths, read below as 0 (the point estimates are unaffected)
        warnings.filterwarnings(
            "ignore", message="Constant values encountered", category=UserWarning
        )
        found = analyze.analyze(
            problem, y, calc_second_order=False, print_to_console=False, seed=seed
        )
    out = {}
    for i, n in enumerate(names):
        out[n] = {
            key: float(np.nan_to_num(found[key][i])) for key in ("S1", "ST", "S1_conf", "ST_conf")
        }
    return out


def _sections(spec: ClaimSpec) -> tuple[Region, ...]:
    """Where a numerically decided proposition holds along each parameter, the others at the
    centre of the box: located by scan and bisection (:meth:`Region.locate`)."""
    centre = {n: 0.5 * (lo + hi) for n, (lo, hi) in spec.prior.items()}
    out = []
    for name, (lo, hi) in spec.prior.items():
        out.append(
            Region.locate(
                name,
                lambda x, name=name: bool(spec.predicate({**centre, name: x})),
                lo,
                hi,
                n_scan=SECTION_SCAN,
                tol=SECTION_TOL * (hi - lo),
                condition=f"the others at the centre of the box: {centre}",
            )
        )
    return tuple(out)


def _check_sizes(func: str, n: int | None, base: int | None, closed: bool, seed: int) -> None:
    """Refuse sample sizes outside the bounds (None: the default) and negative seeds."""
    most_n = MAX_SAMPLES if closed else MAX_NUMERIC_SAMPLES
    most_base = MAX_SOBOL_BASE if closed else MAX_NUMERIC_SOBOL_BASE
    kind = "closed-form" if closed else "numerically decided"
    if n is not None and not (isinstance(n, int) and 2 <= n <= most_n):
        raise GameError(f"{func}: samples for a {kind} claim must be in [2, {most_n}], got {n!r}")
    if base is not None and not (
        isinstance(base, int) and 2 <= base <= most_base and not base & (base - 1)
    ):
        raise GameError(
            f"{func}: the Sobol base for a {kind} claim must be a power of 2 in [2, {most_base}], "
            f"got {base!r}"
        )
    if not (isinstance(seed, int) and seed >= 0):
        raise GameError(f"{func}: seed must be an integer >= 0, got {seed!r}")


def evaluate(
    spec: ClaimSpec,
    samples: int | None = None,
    seed: int = 0,
    sobol_base: int | None = None,
    sections: bool = True,
) -> Claim:
    """One registry record evaluated: share, verdict, region or boundaries, sensitivity."""
    closed = spec.condition is not None
    n = samples or (SAMPLES if closed else NUMERIC_SAMPLES)
    base = sobol_base or (SOBOL_BASE if closed else NUMERIC_SOBOL_BASE)
    _check_sizes("evaluate()", n, base, closed, seed)
    points = _box_sample(spec.prior, n, seed)
    y = _indicator(spec, points)
    share = float(y.mean())
    se = float(math.sqrt(share * (1.0 - share) / n))
    sensitivity = sobol_indices(spec, base, seed)
    deciding = tuple(
        sorted(
            (k for k, v in sensitivity.items() if v["ST"] >= DECIDING),
            key=lambda k: -sensitivity[k]["ST"],
        )
    )
    region = str(plain(spec.condition())) if closed else None
    bounds = _sections(spec) if (not closed and sections) else ()
    monte_carlo = {"share": share, "se": se, "n": n}
    exact = exact_share(spec) if spec.integrate else None
    if exact is not None:
        value = float(exact)
        # the exact volume and the Monte Carlo estimate are two computations of one number
        if abs(value - share) > 5 * math.sqrt(value * (1 - value) / n) + 1e-12:
            raise GameError(
                f"evaluate(): {spec.id}: the exact share {exact} = {value:.6g} disagrees with the "
                f"Monte Carlo share {share:.6g} (n = {n})"
            )
        share, se = value, 0.0
    return Claim(
        id=spec.id,
        statement=spec.statement,
        models=spec.models,
        proposition=spec.proposition,
        verdict=verdict(share),
        region=region,
        boundaries=bounds,
        share=share,
        share_se=se,
        exact=exact is not None,
        share_exact=None if exact is None else str(exact),
        monte_carlo=monte_carlo,
        n=n,
        seed=seed,
        prior=dict(spec.prior),
        fixed=dict(spec.fixed),
        sensitivity=sensitivity,
        deciding=deciding,
        assumed=spec.assumed,
        awaiting=spec.awaiting,
    )


def exact_share(spec: ClaimSpec) -> sp.Expr | None:
    """The exact share of the box where a closed-form condition holds: the integral of its
    indicator over the box (bounds read as exact rationals) over the box's volume, or None
    where sympy's result is not a number in [0, 1]."""
    from ..symbolic import exact_number

    cond = plain(spec.condition())
    symbols = {s.name: s for s in cond.free_symbols}
    order = spec.integrate if isinstance(spec.integrate, tuple) else tuple(spec.prior)
    box = [
        (symbols.get(name, sp.Symbol(name)), *map(exact_number, spec.prior[name])) for name in order
    ]
    volume = sp.prod([hi - lo for _, lo, hi in box])
    try:
        value = sp.integrate(sp.Piecewise((1, cond), (0, True)), *box)
    except (NotImplementedError, ValueError, TypeError):
        return None
    share = sp.simplify(value / volume)
    if not share.is_number or share.has(sp.Integral) or not 0 <= float(share) <= 1:
        return None
    return share


REGISTRY: dict[str, ClaimSpec] = {}
"""The claims, by id, in the order registered (:func:`registry` fills it on first use)."""


def registry() -> dict[str, ClaimSpec]:
    """The registry (the built-in claims registered on first use)."""
    if not REGISTRY:
        from .claims_specs import builtin_specs  # the records over the existing models

        for spec in builtin_specs():
            REGISTRY[spec.id] = spec
        from .claims_choice import register_choice_specs  # arming, escalation: direct tests

        register_choice_specs(REGISTRY)
    return REGISTRY


def register(spec: ClaimSpec, replace: bool = False) -> ClaimSpec:
    """Add a claim to the ledger, e.g. a direct test of a claim once its model exists::

        register(ClaimSpec(id="capability_heightens_tension.arming", models=("arming",), ...))

    A second record with an existing id is refused unless `replace`.
    """
    if not isinstance(spec, ClaimSpec):
        raise GameError(f"register(): expected a ClaimSpec, got {type(spec).__name__}")
    table = registry()
    if spec.id in table and not replace:
        raise GameError(f"register(): a claim {spec.id!r} is registered already")
    table[spec.id] = spec
    return spec


def claims(
    ids: Iterable[str] | None = None,
    samples: int | None = None,
    numeric_samples: int | None = None,
    seed: int = 0,
    sobol_base: int | None = None,
    numeric_sobol_base: int | None = None,
    sections: bool = True,
) -> list[Claim]:
    """The ledger: every registered claim (or those in `ids`) evaluated over its prior box.

    Parameters
    ----------
    ids : iterable of str, optional
        Claim ids to evaluate (default all, in registry order).
    samples, numeric_samples : int, optional
        Monte Carlo points for closed-form claims (default :data:`SAMPLES`) and for claims
        decided numerically (default :data:`NUMERIC_SAMPLES`).
    seed : int
        Seed of every sample (the Monte Carlo points and the Sobol sample).
    sobol_base, numeric_sobol_base : int, optional
        Base samples (powers of 2) of the Sobol indices.
    sections : bool
        Locate the boundaries of numerically decided claims (False skips them).
    """
    _check_sizes("claims()", samples, sobol_base, True, seed)
    _check_sizes("claims()", numeric_samples, numeric_sobol_base, False, seed)
    table = registry()
    chosen = list(table) if ids is None else list(ids)
    unknown = [i for i in chosen if i not in table]
    if unknown:
        raise GameError(f"claims(): unknown claim ids {unknown}; have {list(table)}")
    out = []
    for cid in chosen:
        spec = table[cid]
        closed = spec.condition is not None
        out.append(
            evaluate(
                spec,
                samples=samples if closed else numeric_samples,
                seed=seed,
                sobol_base=sobol_base if closed else numeric_sobol_base,
                sections=sections,
            )
        )
    return out


def render(ledger: list[Claim]) -> str:
    """The ledger as text: per claim, its statement, proposition, verdict and evidence."""
    out = ["== claims ledger =="]
    for c in ledger:
        out += ["", f"[{c.id}] {c.statement}", f"  models: {', '.join(c.models)}"]
        out.append(f"  proposition: {c.proposition}")
        out.append(f"  verdict: {c.verdict}")
        if c.region is not None:
            out.append(f"  region: {c.region}")
        for b in c.boundaries:
            out.append(f"  section in {b.variable}: {b.text()}")
        out.append(
            f"  share: {number_text(c.share)} +- {number_text(c.share_se)} (n = {c.n}, "
            f"seed {c.seed})"
        )
        out.append(
            "  prior: "
            + ", ".join(
                f"{k} in [{number_text(lo)}, {number_text(hi)}]" for k, (lo, hi) in c.prior.items()
            )
            + (
                "; fixed: " + ", ".join(f"{k} = {number_text(v)}" for k, v in c.fixed.items())
                if c.fixed
                else ""
            )
        )
        out.append(
            "  total Sobol indices: "
            + ", ".join(f"{k} {c.sensitivity[k]['ST']:.2f}" for k in c.prior)
        )
        for a in c.assumed:
            out.append(f"  assumed: {a}")
        for a in c.awaiting:
            out.append(f"  awaiting: {a} (a direct test registers one more record)")
        out.append(f"  {c.summary()}")
    return "\n".join(out)


def plot(ledger: list[Claim], path: str) -> str:
    """Each claim's share with 2 s.e. error bars (left) and its deciding parameters: the total
    Sobol index of each parameter of its box, largest first (right; a claim's parameters are
    its own model's, so ``k`` of the trust game is not ``k`` of the two-bloc game)."""
    from ..sweep.plot import pyplot, save

    plt = pyplot()
    fig, (left, right) = plt.subplots(
        1,
        2,
        figsize=(15, 0.7 * len(ledger) + 2.0),
        sharey=True,
        gridspec_kw={"width_ratios": [1, 1.2]},
        constrained_layout=True,
    )
    ys = np.arange(len(ledger))[::-1]
    shares = [c.share for c in ledger]
    errors = [2 * c.share_se for c in ledger]
    left.errorbar(shares, ys, xerr=errors, fmt="o", capsize=4, color="black")
    left.set_yticks(ys, [f"{c.id}\n({', '.join(c.models)})" for c in ledger], fontsize=8)
    left.set_xlim(-0.05, 1.05)
    left.set_ylim(-0.6, len(ledger) - 0.4)
    left.set_xlabel("share of the prior box where the proposition holds (+-2 s.e.)")
    left.grid(alpha=0.3)
    for y, c in zip(ys, ledger, strict=True):
        left.annotate(c.verdict, (min(max(c.share, 0.1), 0.9), y + 0.22), fontsize=7, ha="center")
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for y, c in zip(ys, ledger, strict=True):
        ranked = sorted(c.sensitivity, key=lambda k: -c.sensitivity[k]["ST"])
        height = 0.8 / len(ranked)
        for j, name in enumerate(ranked):
            st = c.sensitivity[name]["ST"]
            at = y + 0.4 - (j + 0.5) * height
            decides = name in c.deciding
            right.barh(
                at,
                st,
                height=0.9 * height,
                color=colours[0] if decides else "lightgrey",
                xerr=c.sensitivity[name]["ST_conf"] if st > 0 else None,
                error_kw={"elinewidth": 0.6, "capsize": 1.5},
            )
            reach = st + (c.sensitivity[name]["ST_conf"] if st > 0 else 0.0)
            right.annotate(f"{name} {st:.2f}", (reach + 0.02, at), fontsize=6, va="center")
    right.axvline(DECIDING, color="grey", linestyle=":", linewidth=0.8)
    right.set_xlim(0, 1.4)
    right.set_xlabel(
        f"total Sobol index (blue: deciding, ST >= {DECIDING:g}; all 0: nothing moves it)"
    )
    right.grid(alpha=0.3, axis="x")
    fig.suptitle("The claims ledger: where each claim holds in its prior box, and what decides it")
    return save(fig, path)
