"""One report per pure profile: every stability criterion, each computed on its own terms.

:func:`classify` answers, for a numeric game and a pure profile (normally mutual restraint),
the questions of docs/criteria.md. The algebraic criteria (Nash, strict, risk dominance) come
from :mod:`.criteria`, the same code :func:`~gametheory.sweep.grid` and
:func:`~gametheory.stability.thresholds` use; the dynamic ones from :mod:`.replicator` and
:mod:`.logit`. Where two criteria are the same criterion in the game at hand the report says so
(``coincide``) instead of counting them as independent evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import GameError
from ..game import Game, as_game
from ..tolerance import absolute_tol, check_tol
from . import criteria
from .logit import logit_path
from .replicator import (
    NOT_CONVERGED,
    OTHER,
    basins,
    check_settings,
    profile_name,
    replicator_jacobian,
)
from .trust import minimum_trust as _minimum_trust

STRICT_IS_REPLICATOR = (
    "at a pure profile the replicator Jacobian's eigenvalues are the deviation gains, so "
    "asymptotic stability (by linearisation) is strictness"
)
SCALE_NOTE = (
    "basins: starts uniform on each player's simplex, one population per player; basins and "
    "the logit limit depend on each player's payoff scale, the other criteria do not"
)
RISK_ONLY_2X2 = (
    "Harsanyi-Selten's Nash-product comparison is defined here for 2x2 games only "
    "(see largest_basin)"
)
SYMMETRIC_2X2 = (
    "symmetric 2x2 game with two strict symmetric equilibria: each of these is the sign of "
    "(R - T) - (P - S)"
)


@dataclass(frozen=True)
class StabilityReport:
    """How stable a pure profile is, criterion by criterion (see :func:`classify`).

    Attributes
    ----------
    profile : tuple of str
        The profile, one action name per player.
    nash : bool
        No unilateral pure deviation gains more than ``tol * payoff_range``.
    strict : bool
        Every unilateral deviation loses more than ``tol * payoff_range``.
    risk_dominant : bool or None
        Harsanyi–Selten risk dominance over `rival`: the profile is strict and its Nash product
        exceeds the rival's (by more than ``tol * payoff_range**2``). Defined for 2x2 games
        whose rival is a strict equilibrium; otherwise None and `risk_note` says why.
    risk_note : str
        Why `risk_dominant` is None ("" when it is defined).
    replicator_stable : bool
        Asymptotically stable under the multi-population replicator dynamics (every eigenvalue
        of the Jacobian has real part ``< -tol * payoff_range``). Equal to `strict` at every
        pure profile (see `coincide`).
    largest_basin : bool
        The profile's basin is larger than every other pure profile's.
    basin_share : float
        Share of starts (uniform on each simplex) whose trajectory converges to the profile.
    basin_stderr : float
        Its standard error (0 for the exact 2x2 computation).
    basin_method : str
        ``"exact"`` (2x2 separatrix) or ``"monte-carlo"``.
    qre_limit : bool
        The traced logit QRE principal branch ends (within ``CONVERGED_DISTANCE``) at the profile.
    qre_converged : bool
        The branch follower reached its stopping rule (if False, `qre_limit` refers to where it
        gave up).
    regime : str
        One of :data:`~gametheory.stability.criteria.REGIMES`, from nash, strict and risk
        dominance exactly as :func:`~gametheory.sweep.grid` labels a grid point.
    deviation_gains : tuple of float
        Per player, the best gain from a unilateral pure deviation (``<= 0`` at a Nash
        equilibrium); ``-inf`` for a player with a single action.
    nash_product : float or None
        Product over players of the smallest deviation loss (Harsanyi & Selten 1988); None if
        the profile is not a Nash equilibrium.
    rival : tuple of str or None
        The profile risk dominance compares with (2x2 games: both players switch).
    eigenvalues : tuple of complex
        Eigenvalues of the replicator Jacobian on the tangent space, one per unilateral
        deviation; at a pure profile each equals that deviation's payoff gain.
    basin_shares : dict of str to float
        Share of starts ending at each pure profile reached (``"a1,a2,..."``), plus ``"other"``
        and ``"not converged"``; they sum to 1.
    qre_endpoint : tuple of tuple of float
        The mixed profile where the traced logit branch stops.
    qre_lambda : float
        The logit precision there, for payoffs divided by the payoff range.
    minimum_trust : tuple of float or None
        2x2 games: per player, the least belief that the other plays its part of the profile
        for playing one's own to be a best reply (:func:`minimum_trust`); None otherwise.
    coincide : tuple of (tuple of str, str)
        Groups of criteria that are the same criterion in this game, each with the reason.
    tol, n_starts, seed
        The settings used (`n_starts` and `seed` matter only for Monte Carlo basins).
    """

    profile: tuple[str, ...]
    nash: bool
    strict: bool
    risk_dominant: bool | None
    risk_note: str
    replicator_stable: bool
    largest_basin: bool
    basin_share: float
    basin_stderr: float
    basin_method: str
    qre_limit: bool
    qre_converged: bool
    regime: str
    deviation_gains: tuple[float, ...]
    nash_product: float | None
    rival: tuple[str, ...] | None
    eigenvalues: tuple[complex, ...]
    basin_shares: dict[str, float]
    qre_endpoint: tuple[tuple[float, ...], ...]
    qre_lambda: float
    minimum_trust: tuple[float, ...] | None
    coincide: tuple[tuple[tuple[str, ...], str], ...]
    tol: float
    n_starts: int
    seed: int

    def text(self) -> str:
        """The criteria as indented lines; criteria that are one criterion here are grouped.

        >>> from gametheory.games import stag_hunt
        >>> print(classify(stag_hunt().at(), "Stag,Stag").text())
          nash               True
          strict = replicator_stable: True
            (one criterion here: at a pure profile ...)
          risk_dominant = qre_limit = largest_basin = minimum_trust < 1/2: all False
            (one criterion here: symmetric 2x2 game ...)
            risk_dominant      False over (Hare,Hare)
            qre_limit          False
            largest_basin      False (basin share 0.2636, exact)
            minimum_trust < 1/2 False (p* 0.6667, 0.6667)
          (basins: starts uniform on each player's simplex, ...)
        """
        values = self._values()
        lines, done = [], set()
        for names, why in self.coincide:
            present = [n for n in names if n in values]
            same = {str(values[n][0]) for n in present}
            verdict = same.pop() if len(same) == 1 else "DIFFER"
            if all(values[n][1] == "" for n in present):
                lines.append("  " + " = ".join(present) + f": {verdict}")
                lines.append(f"    (one criterion here: {why})")
            else:
                lines.append("  " + " = ".join(present) + f": all {verdict}")
                lines.append(f"    (one criterion here: {why})")
                lines += [f"    {n:<18} {values[n][0]}{values[n][1]}" for n in present]
            done.update(present)
        ordered = [n for n in values if n not in done]
        first = [n for n in ordered if n == "nash"]
        out = [f"  {n:<18} {values[n][0]}{values[n][1]}" for n in first]
        out += lines
        out += [f"  {n:<18} {values[n][0]}{values[n][1]}" for n in ordered if n != "nash"]
        out.append(f"  ({SCALE_NOTE})")
        return "\n".join(out)

    def _values(self) -> dict[str, tuple[Any, str]]:
        """Criterion -> (verdict, detail) for :meth:`text`."""
        rival = f" over ({','.join(self.rival)})" if self.rival else ""
        if self.basin_method == "monte-carlo":
            share = f"{self.basin_share:.4f} +- {self.basin_stderr:.4f}, {self.n_starts} starts"
        else:
            share = f"{self.basin_share:.4f}, exact"
        qre = (
            "" if self.qre_converged else f" (branch stopped early at lambda {self.qre_lambda:.3g})"
        )
        values: dict[str, tuple[Any, str]] = {
            "nash": (self.nash, ""),
            "strict": (self.strict, ""),
            "replicator_stable": (self.replicator_stable, ""),
            "risk_dominant": (
                self.risk_dominant,
                rival if self.risk_dominant is not None else f" ({self.risk_note})",
            ),
            "largest_basin": (self.largest_basin, f" (basin share {share})"),
            "qre_limit": (self.qre_limit, qre),
        }
        if self.minimum_trust is not None:
            trust = ", ".join(f"{p:.4g}" for p in self.minimum_trust)
            below = all(p < 0.5 for p in self.minimum_trust)
            values["minimum_trust < 1/2"] = (below, f" (p* {trust})")
        return values

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data: lists, floats (non-finite ones as None), eigenvalues as
        ``[real, imag]`` pairs.

        >>> from gametheory.games import prisoners_dilemma
        >>> d = classify(prisoners_dilemma().at(), "D,D").to_dict()
        >>> d["profile"], d["nash"], d["risk_dominant"], d["eigenvalues"], d["basin_method"]
        (['D', 'D'], True, None, [[-1.0, 0.0], [-1.0, 0.0]], 'exact')
        """
        return {
            "profile": list(self.profile),
            "nash": self.nash,
            "strict": self.strict,
            "risk_dominant": self.risk_dominant,
            "risk_note": self.risk_note,
            "replicator_stable": self.replicator_stable,
            "largest_basin": self.largest_basin,
            "basin_share": self.basin_share,
            "basin_stderr": self.basin_stderr,
            "basin_method": self.basin_method,
            "qre_limit": self.qre_limit,
            "qre_converged": self.qre_converged,
            "regime": self.regime,
            "deviation_gains": [_finite_or_none(g) for g in self.deviation_gains],
            "nash_product": _finite_or_none(self.nash_product),
            "rival": None if self.rival is None else list(self.rival),
            "eigenvalues": [[float(e.real), float(e.imag)] for e in self.eigenvalues],
            # a profile is a list in JSON, so shares are records rather than "R,R" keys
            "basin_shares": [
                {
                    "outcome": key if key in (OTHER, NOT_CONVERGED) else "profile",
                    "profile": None if key in (OTHER, NOT_CONVERGED) else key.split(","),
                    "share": share,
                }
                for key, share in self.basin_shares.items()
            ],
            "qre_endpoint": [list(s) for s in self.qre_endpoint],
            "qre_lambda": _finite_or_none(self.qre_lambda),
            "minimum_trust": None
            if self.minimum_trust is None
            else [_finite_or_none(p) for p in self.minimum_trust],
            "coincide": [{"criteria": list(names), "reason": why} for names, why in self.coincide],
            "note": SCALE_NOTE,
            "tol": self.tol,
            "n_starts": self.n_starts,
            "seed": self.seed,
        }


def _finite_or_none(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def classify(
    game: Game,
    profile: Any,
    *,
    tol: float | None = None,
    n_starts: int = 2000,
    seed: int = 0,
    t_max: float | None = None,
    max_lambda: float = 1e6,
    basin_method: str = "auto",
    progress: Any = None,
) -> StabilityReport:
    """Every stability criterion of docs/criteria.md for one pure profile.

    Parameters
    ----------
    game : Game
        A numeric game, any number of players (a ``nashpy.Game`` or ``(A, B)`` pair is accepted).
    profile : str or sequence
        A pure profile: ``"R,R"``, or one action name, index or unit vector per player.
    tol : float, optional
        Relative tolerance for payoff comparisons (times ``game.payoff_range``); default
        :data:`gametheory.tolerance.DEFAULT_TOL`.
    n_starts, seed, t_max
        Monte Carlo basins (games other than nondegenerate 2x2): random starts, the seed of
        ``numpy.random.default_rng`` and the integration horizon (see
        :func:`~gametheory.stability.basins`).
    max_lambda : float
        Largest logit precision (payoffs scaled to range 1) the QRE tracing goes to.
    basin_method : {"auto", "exact", "monte-carlo"}
        See :func:`~gametheory.stability.basins`.

    Returns
    -------
    StabilityReport

    Notes
    -----
    *Nash / strict / risk dominance*: :func:`gametheory.stability.criteria.condition`.
    *Replicator stability*: eigenvalues of the Jacobian at the vertex (Weibull 1995, ch. 5).
    *Basins*: :func:`~gametheory.stability.basins`, starts uniform on each player's simplex.
    *QRE limit*: :func:`~gametheory.stability.logit_path`. Basins and the logit branch depend
    on each player's payoff scale; Nash, strictness and risk dominance do not
    (docs/criteria.md).

    Raises
    ------
    GameError
        A SymbolicGame (use ``.at()``), a profile of the wrong length, an unknown action, a mixed
        strategy, or bad settings.

    Examples
    --------
    >>> from gametheory.games import stag_hunt
    >>> hare = classify(stag_hunt().at(), "Hare,Hare")
    >>> hare.nash, hare.strict, hare.risk_dominant, hare.replicator_stable, hare.qre_limit
    (True, True, True, True, True)
    >>> hare.rival, hare.nash_product, hare.regime
    (('Stag', 'Stag'), 4.0, 'stable')
    >>> round(hare.basin_share, 4), hare.basin_method, hare.minimum_trust
    (0.7364, 'exact', (0.333..., 0.333...))
    >>> for names, _ in hare.coincide:
    ...     print(" = ".join(names))
    strict = replicator_stable
    risk_dominant = qre_limit = largest_basin = minimum_trust < 1/2

    References
    ----------
    Harsanyi & Selten (1988); Weibull (1995); Hofbauer & Sigmund (1998); McKelvey & Palfrey
    (1995); Turocy (2005).
    """
    func = "classify()"
    game = as_game(game, "classify")
    rel_tol = check_tol("classify", tol)
    check_settings(func, basin_method, n_starts, seed, t_max)
    if (
        not isinstance(max_lambda, (int, float, np.number))
        or not math.isfinite(max_lambda)
        or max_lambda <= 0
    ):
        raise GameError(f"{func}: max_lambda must be a finite number > 0, got {max_lambda!r}")
    idx = game.profile_index(profile, func)
    payoffs = game.payoffs
    scale = criteria.payoff_scale(payoffs)
    atol = absolute_tol(game.payoff_range, rel_tol)
    found = criteria.evaluate(payoffs, idx, rel_tol, scale)
    nash, strict = bool(found["nash"]), bool(found["strict"])
    best = criteria.best_gains(payoffs, idx)
    nash_product = float(criteria.nash_product(payoffs, idx)) if nash else None

    rival = criteria.risk_rival(game.shape, idx)
    if rival is None:
        risk_dominant, note = None, RISK_ONLY_2X2
    elif not bool(found["risk_defined"]):
        risk_dominant = None
        note = f"the rival ({profile_name(game.actions, rival)}) is not a strict equilibrium"
    else:
        risk_dominant, note = bool(found["risk_dominant"]), ""

    strategies = tuple(np.eye(size)[a] for size, a in zip(game.shape, idx, strict=True))
    jac = replicator_jacobian(payoffs, strategies, idx)
    eigenvalues = tuple(complex(e) for e in np.linalg.eigvals(jac)) if jac.size else ()
    replicator_stable = all(e.real < -atol for e in eigenvalues)

    basin = basins(
        game,
        tol=rel_tol,
        method=basin_method,
        n_starts=n_starts,
        seed=seed,
        t_max=t_max,
        progress=progress,
    )
    name = profile_name(game.actions, idx)
    path = logit_path(game, max_lambda=max_lambda)
    trust = _minimum_trust(game, idx, tol=rel_tol) if game.shape == (2, 2) else None

    report = dict(
        nash=nash,
        strict=strict,
        risk_dominant=risk_dominant,
        replicator_stable=bool(replicator_stable),
        largest_basin=basin.largest() == (name,),
        qre_limit=path.ends_at(idx),
    )
    return StabilityReport(
        profile=tuple(game.actions[i][a] for i, a in enumerate(idx)),
        risk_note=note,
        basin_share=float(basin.shares.get(name, 0.0)),
        basin_stderr=float(basin.stderr.get(name, 0.0)),
        basin_method=basin.method,
        qre_converged=path.converged,
        regime=criteria.REGIMES[int(found["regime"])],
        deviation_gains=best,
        nash_product=nash_product,
        rival=None if rival is None else tuple(game.actions[i][a] for i, a in enumerate(rival)),
        eigenvalues=eigenvalues,
        basin_shares=basin.shares,
        qre_endpoint=path.endpoint,
        qre_lambda=path.lam,
        minimum_trust=trust,
        coincide=_coincide(game, idx, report, atol),
        tol=rel_tol,
        n_starts=int(n_starts),
        seed=int(seed),
        **report,
    )


def _coincide(game: Game, idx, report: dict, atol: float):
    """Groups of criteria that are one criterion here (docs/criteria.md, "Which coincide")."""
    groups: list[tuple[tuple[str, ...], str]] = [
        (("strict", "replicator_stable"), STRICT_IS_REPLICATOR)
    ]
    if game.shape == (2, 2) and idx[0] == idx[1] and report["strict"]:
        A, B = game.payoffs
        symmetric = float(np.max(np.abs(A - B.T))) <= atol
        if symmetric and report["risk_dominant"] is not None:
            groups.append(
                (
                    ("risk_dominant", "qre_limit", "largest_basin", "minimum_trust < 1/2"),
                    SYMMETRIC_2X2,
                )
            )
    return tuple(groups)


__all__ = ["StabilityReport", "classify"]
