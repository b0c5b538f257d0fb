"""What a sweep computes at each grid point, by name: ``criteria``, ``classify``, ``solve``.

An :class:`Analysis` is a small frozen, picklable description (a name, the target profile and
the settings), so a chunk of grid points can be evaluated in another process or on a Dask
worker: :func:`evaluate_chunk` turns the payoffs of a chunk of points into one list of values
per output column.

=============  ===========================================================================
name           columns (besides the swept parameters)
=============  ===========================================================================
``criteria``   ``regime``, ``nash``, ``strict``, ``risk_dominant``: the vectorised
               criteria of :func:`gametheory.sweep.grid`, computed for the whole chunk at
               once with array operations
``classify``   ``regime`` and every field of :class:`~gametheory.stability.StabilityReport`
               (per-player deviation gains, basin shares of every pure profile, the logit
               end point, ...) plus the ``seed`` used at that point; a chunk at a time by
               :func:`gametheory.stability.batch.classify_many` (docs/sweeps.md)
``solve``      ``regime`` (is the profile an equilibrium), ``equilibria`` (how many
               :func:`~gametheory.solve` finds), ``pure_equilibria``, ``complete`` and
               ``continuum``
=============  ===========================================================================

``regime`` always uses the labels of :data:`gametheory.stability.criteria.REGIMES` where they
apply: ``criteria`` and ``classify`` both take them from
:func:`gametheory.stability.criteria.regime`, so the two tables agree point by point.
``solve`` only knows whether the profile is an equilibrium: ``equilibrium`` or
``not-equilibrium``.

A user's callable ``f(game) -> str | Mapping`` is an analysis too: a string becomes the
``regime`` column, a mapping gives one column per key. It must be a module-level function for
worker processes and Dask to import it (not a lambda or a nested function).

Monte Carlo settings (classify's basin shares) get one seed per grid point, derived from the
sweep's seed and the point's flat index with :class:`numpy.random.SeedSequence`: the table does
not depend on how the grid is cut into chunks or on which worker ran a chunk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import GameError
from ..game import Game
from ..stability import criteria
from ..stability.criteria import REGIMES
from ..symbolic import SymbolicGame
from ..tolerance import check_tol

if TYPE_CHECKING:
    from ..equilibrium import SolveResult
    from ..stability.report import StabilityReport

NAMES: tuple[str, ...] = ("criteria", "classify", "solve")
"""The built-in analyses."""

_ALIASES = {"regimes": "criteria"}


@dataclass(frozen=True)
class Analysis:
    """One analysis with its settings, resolved against a game (see :func:`resolve`).

    Attributes
    ----------
    name : str
        ``"criteria"``, ``"classify"``, ``"solve"``, or the qualified name of a user callable.
    profile : tuple of int
        The target pure profile (action indices).
    rival : tuple of int or None
        For ``criteria``: the equilibrium the profile must risk-dominate.
    tol : float
        Relative tolerance.
    n_starts, seed : int
        ``classify``: random starts per point and the sweep's base seed.
    basin_method : str
        ``classify``: ``"auto"``, ``"exact"`` or ``"monte-carlo"`` basins of attraction.
    method : str
        ``solve``: the solver method.
    function : callable or None
        The user's per-point callable.
    """

    name: str
    profile: tuple[int, ...]
    rival: tuple[int, ...] | None = None
    tol: float = 1e-9
    n_starts: int = 2000
    seed: int = 0
    basin_method: str = "auto"
    method: str = "auto"
    function: Callable[[Game], Any] | None = None

    @property
    def vectorised(self) -> bool:
        """True for ``criteria``: one array evaluation per chunk instead of one call per point."""
        return self.name == "criteria"

    def identity(self) -> dict[str, Any]:
        """The settings that decide the results (for the on-disk manifest)."""
        out: dict[str, Any] = {"name": self.name, "profile": list(self.profile), "tol": self.tol}
        if self.name == "criteria":
            out["rival"] = None if self.rival is None else list(self.rival)
        if self.name == "classify":
            out.update(n_starts=self.n_starts, seed=self.seed, basin_method=self.basin_method)
        if self.name == "solve":
            out["method"] = self.method
        return out


def resolve(
    game: SymbolicGame,
    analysis: str | Callable[[Game], Any],
    profile: Any = None,
    rival: Any = "auto",
    tol: float | None = None,
    n_starts: int = 2000,
    seed: int = 0,
    method: str = "auto",
    basin_method: str = "auto",
) -> Analysis:
    """Check the settings of an analysis of `game` and return it as an :class:`Analysis`.

    >>> from gametheory.deterrence.two_bloc import two_bloc
    >>> resolve(two_bloc(), "classify", "R,R", n_starts=50).identity()
    {'name': 'classify', 'profile': [0, 0], 'tol': 1e-09, 'n_starts': 50, 'seed': 0,
     'basin_method': 'auto'}
    """
    func = "grid()"
    rel_tol = check_tol("grid", tol)
    target = game.profile_index((0,) * game.n_players if profile is None else profile, "grid()")
    if callable(analysis):
        name = f"{getattr(analysis, '__module__', '?')}.{getattr(analysis, '__qualname__', '?')}"
        return Analysis(name=name, profile=target, tol=rel_tol, function=analysis)
    name = _ALIASES.get(analysis, analysis) if isinstance(analysis, str) else analysis
    if name not in NAMES:
        raise GameError(
            f"{func}: analysis must be one of {list(NAMES)} or a callable f(game), got {analysis!r}"
        )
    if name == "criteria":
        rival_idx = _rival(game, target, rival)
        return Analysis(name=name, profile=target, rival=rival_idx, tol=rel_tol)
    if name == "classify":
        for what, value, least in (("n_starts", n_starts, 1), ("seed", seed, 0)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
                raise GameError(f"{func}: {what} must be an integer >= {least}, got {value!r}")
        if basin_method not in ("auto", "exact", "monte-carlo"):
            raise GameError(
                f"{func}: basin_method must be 'auto', 'exact' or 'monte-carlo', "
                f"got {basin_method!r}"
            )
        return Analysis(
            name=name,
            profile=target,
            tol=rel_tol,
            n_starts=int(n_starts),
            seed=int(seed),
            basin_method=basin_method,
        )
    from ..solvers import available_methods

    methods = available_methods()
    if method not in methods:
        raise GameError(f"{func}: unknown solve method {method!r}; one of {list(methods)}")
    return Analysis(name=name, profile=target, tol=rel_tol, method=method)


def _rival(game: SymbolicGame, target: tuple[int, ...], rival: Any) -> tuple[int, ...] | None:
    from ..stability.criteria import risk_rival

    if rival is None:
        return None
    found = risk_rival(game.shape, target)
    if not (isinstance(rival, str) and rival == "auto"):
        # a profile: only the Harsanyi-Selten rival is a rival (docs/criteria.md)
        if game.profile_index(rival, "grid()") != found:
            raise GameError(
                f"grid(): rival {rival!r}: risk dominance compares a profile with the one where "
                f"both players switch (2x2 games); give rival='auto' or None"
            )
    return found


def point_seed(seed: int, index: int) -> int:
    """The seed of grid point `index` (flat, C order) in a sweep with base `seed`.

    >>> point_seed(0, 7) == point_seed(0, 7) != point_seed(0, 8)
    True
    """
    state = np.random.SeedSequence(entropy=seed, spawn_key=(index,)).generate_state(1)
    return int(state[0])


def evaluate_chunk(
    analysis: Analysis,
    game: SymbolicGame,
    payoffs: np.ndarray,
    indices: Sequence[int],
) -> dict[str, list[Any]]:
    """Run `analysis` on a chunk of grid points.

    `payoffs` has shape ``(n_players, *game.shape, k)``: the numeric payoffs of the ``k``
    points whose flat grid indices are `indices`. Returns one list of ``k`` values per column.
    """
    if analysis.vectorised:
        return _criteria(analysis, payoffs)
    if analysis.function is None and analysis.name == "solve":
        from ..solvers.batch import solve_many

        # one batch for the chunk: closed forms for the small shapes, solve() for the rest
        results = solve_many(np.moveaxis(payoffs, -1, 0), method=analysis.method, tol=analysis.tol)
        return _columns(analysis, [_solve_row(analysis, result) for result in results])
    if analysis.function is None and analysis.name == "classify":
        from ..stability.batch import classify_many

        # one batch for the chunk: closed forms and one compiled logit follower for all points
        seeds = [point_seed(analysis.seed, int(index)) for index in indices]
        reports = classify_many(
            payoffs,
            analysis.profile,
            seeds=seeds,
            tol=analysis.tol,
            n_starts=analysis.n_starts,
            basin_method=analysis.basin_method,
            players=game.players,
            actions=game.actions,
            title=game.title,
        )
        return _columns(analysis, [_report_row(game, report) for report in reports])
    rows = []
    for j, index in enumerate(indices):
        point = Game(
            list(payoffs[..., j]), players=game.players, actions=game.actions, title=game.title
        )
        rows.append(_user_row(analysis, point, int(index)))
    return _columns(analysis, rows)


def _columns(analysis: Analysis, rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Rows of named values as one list per name (every row must have the same names)."""
    names = list(rows[0])
    for row in rows[1:]:
        if list(row) != names:
            raise GameError(
                f"grid(): analysis {analysis.name} returned fields {list(row)} at one point and "
                f"{names} at another; every point needs the same fields"
            )
    return {name: [row[name] for row in rows] for name in names}


def criteria_at(plan: Analysis, payoffs: np.ndarray) -> dict[str, np.ndarray]:
    """The vectorised criteria of an ``Analysis`` (its profile, rival, tol) at grid payoffs.

    Without a rival there is no comparison: ``risk_dominant`` and ``risk_defined`` are False
    and "stable" means "strict equilibrium".
    """
    found = criteria.evaluate(payoffs, plan.profile, plan.tol)
    if plan.rival is None:
        no = np.zeros(np.shape(found["nash"]), dtype=bool)
        found["risk_dominant"], found["risk_defined"] = no, no.copy()
        found["regime"] = criteria.regime(found["nash"], found["strict"], False, False)
    return found


def _criteria(analysis: Analysis, payoffs: np.ndarray) -> dict[str, list[Any]]:
    found = criteria_at(analysis, payoffs)
    shape = np.shape(found["nash"])
    defined = np.broadcast_to(found["risk_defined"], shape)
    rd = np.broadcast_to(found["risk_dominant"], shape).astype(object)
    return {
        "regime": np.asarray(REGIMES)[np.broadcast_to(found["regime"], shape)].tolist(),
        "nash": found["nash"].tolist(),
        "strict": np.broadcast_to(found["strict"], shape).tolist(),
        # None where there is no strict rival to compare with, as classify reports it
        "risk_dominant": np.where(defined, rd, None).tolist(),
    }


_SETTINGS = ("profile", "tol", "n_starts", "seed")  # the sweep's settings, not per-point results


def _report_row(game: Game | SymbolicGame, report: StabilityReport) -> dict[str, Any]:
    """A classify report flattened to named scalar columns (`game` gives the names)."""
    from itertools import product

    from ..stability import NOT_CONVERGED, OTHER

    row: dict[str, Any] = {}
    for key, value in report.to_dict().items():
        if key in _SETTINGS:
            continue
        if key == "deviation_gains" or key == "minimum_trust":
            for player, v in zip(game.players, value or [None] * game.n_players, strict=True):
                row[f"{key}[{player}]"] = v
        elif key == "rival":
            row[key] = None if value is None else ",".join(value)
        elif key == "eigenvalues":
            for k, (re, im) in enumerate(value):
                row[f"eigenvalue[{k}].real"], row[f"eigenvalue[{k}].imag"] = re, im
        elif key == "basin_shares":  # records: {"outcome", "profile" (list or None), "share"}
            shares = {
                r["outcome"] if r["profile"] is None else ",".join(r["profile"]): r["share"]
                for r in value
            }
            outcomes = [",".join(p) for p in product(*game.actions)] + [OTHER, NOT_CONVERGED]
            for outcome in outcomes:
                row[f"basin[{outcome}]"] = float(shares.get(outcome, 0.0))
        elif key == "qre_endpoint":
            for player, actions, probs in zip(game.players, game.actions, value, strict=True):
                for action, p in zip(actions, probs, strict=True):
                    row[f"qre[{player}:{action}]"] = p
        elif isinstance(value, (list, dict)):
            row[key] = json.dumps(value)  # structured notes (e.g. which criteria coincide)
        else:
            row[key] = value
    row["seed"] = report.seed
    return row


def _solve_row(analysis: Analysis, result: SolveResult) -> dict[str, Any]:
    pure = [eq.pure_profile() for eq in result.equilibria]
    is_eq = analysis.profile in pure
    return {
        "regime": "equilibrium" if is_eq else "not-equilibrium",
        "equilibria": len(result.equilibria),
        "pure_equilibria": sum(p is not None for p in pure),
        "complete": bool(result.complete),
        "continuum": bool(result.has_continuum),
    }


def _user_row(analysis: Analysis, game: Game, index: int) -> dict[str, Any]:
    found = analysis.function(game)  # type: ignore[misc]
    if isinstance(found, str):
        return {"regime": found}
    if isinstance(found, Mapping) and found and all(isinstance(k, str) for k in found):
        return dict(found)
    raise GameError(
        f"grid(): analysis {analysis.name} returned {found!r} at grid point {index}; it must "
        "return a label string or a non-empty mapping of column names to values"
    )


__all__ = ["NAMES", "Analysis", "criteria_at", "evaluate_chunk", "point_seed", "resolve"]
