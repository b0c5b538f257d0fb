""":func:`classify` at many numeric games of one shape at once (a chunk of a sweep's grid).

:func:`classify_many` returns, for every game of a batch, the :class:`StabilityReport` that
:func:`classify` returns for it, computing each part for the whole batch where it can:

- the algebraic criteria, deviation gains, Nash products and minimum trust with the same array
  code :func:`~gametheory.sweep.grid` uses (:mod:`.criteria`), so they are identical;
- the replicator eigenvalues as one stacked ``numpy.linalg.eigvals`` call (at a pure profile
  the Jacobian is the diagonal matrix of the deviation gains; identical);
- the exact 2x2 basins as one vectorised quadrature (:func:`coordination_shares`);
- the logit QRE principal branch of every two-player game by one compiled loop
  (:mod:`._logit_kernel`: the follower of :func:`logit_path`, step for step).

Per game, only what cannot be batched: Monte Carlo basins (2x2 games with a payoff tie on an
edge, other shapes, ``basin_method="monte-carlo"``), a basin comparison within the quadrature
error of a tie, a logit branch whose step control met a decision at rounding level (the kernel
says which), and every part of games with more than two players (:func:`classify` itself).
docs/sweeps.md states what agrees with :func:`classify` exactly and what within a tolerance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import GameError
from ..game import Game
from ..tolerance import check_tol
from . import criteria
from .logit import LogitPath, logit_path
from .replicator import NOT_CONVERGED, OTHER, Basins, basins, check_settings, profile_name
from .report import RISK_ONLY_2X2, STRICT_IS_REPLICATOR, SYMMETRIC_2X2, StabilityReport, classify

TIE_MARGIN = 1e-7
"""Exact 2x2 basins: when the two shares differ by less than ``1e-9 + TIE_MARGIN`` (the tie
slack of :meth:`Basins.largest` plus the two quadratures' disagreement), the point's basins
are computed again by :func:`basins`, so ``largest_basin`` is decided as :func:`classify`
decides it."""

# Tanh-sinh (double exponential) nodes on (0, 1): the integrand of a basin's area has power
# singularities at the ends of each half-interval, which this rule integrates to about 1e-12
# (Takahasi & Mori 1974); h and the range were chosen by halving h until the areas settled.
_TS_STEP = 1 / 16
_TS_RANGE = 3.0


def _tanh_sinh() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t = np.arange(-_TS_RANGE, _TS_RANGE + _TS_STEP / 2, _TS_STEP)
    s = np.pi * np.sinh(t)
    node = 1.0 / (1.0 + np.exp(-s))
    complement = 1.0 / (1.0 + np.exp(s))  # 1 - node, without cancellation near 1
    weight = _TS_STEP * np.pi * np.cosh(t) * node * complement
    return node, complement, weight


def _below(c: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The z <= c with ``KL(c || z) = c log(c/z) + (1-c) log((1-c)/(1-z)) = target``.

    Newton's method in ``u = log z``, where the divergence is convex and decreasing for z < c,
    from a start below the root (the larger of two lower bounds: ``c log(c/z) + (1-c) log(1-c)
    <= KL`` and Pinsker's ``2 (c - z)^2 <= KL``), so the iterates rise monotonically to it.
    """
    c, target = np.broadcast_arrays(c, np.maximum(target, 0.0))
    log_c, log_1c = np.log(c), np.log1p(-c)
    with np.errstate(divide="ignore"):
        u = np.maximum(
            log_c - (target - (1.0 - c) * log_1c) / c,
            np.log(np.maximum(c - np.sqrt(target / 2.0), 0.0)),
        )
    at_c = target <= 0.0
    u = np.where(at_c, log_c, u)
    active = np.flatnonzero(~at_c)
    u_flat, c_flat, t_flat = u.reshape(-1), c.reshape(-1), target.reshape(-1)
    lc_flat, l1c_flat = log_c.reshape(-1), log_1c.reshape(-1)
    for _ in range(100):
        if active.size == 0:
            break
        ua, ca = u_flat[active], c_flat[active]
        z = np.exp(ua)
        gap = ca * (lc_flat[active] - ua) + (1.0 - ca) * (l1c_flat[active] - np.log1p(-z))
        gap -= t_flat[active]
        slope = (z - ca) / (1.0 - z)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(slope < 0.0, -gap / slope, 0.0)
        step = np.maximum(step, 0.0)  # rounding must not undo the monotone climb
        ua = ua + step
        u_flat[active] = ua
        active = active[step > 1e-15 * np.maximum(1.0, np.abs(ua))]
    return np.exp(u)


def coordination_shares(a, b, p, q) -> np.ndarray:
    """Share of the basin of x = y = 1 in many coordination games at once.

    The vectorised counterpart of ``replicator._coordination_share`` (same arguments, arrays):
    for ``x' = x(1-x) a (y-q)``, ``y' = y(1-y) b (x-p)`` with a, b > 0 and p, q in (0, 1), the
    area above the separatrix ``KL(q || y) = (b/a) KL(p || x)`` through the saddle (p, q).
    Each half (x < p, x > p) is integrated with the tanh-sinh rule, the separatrix found at
    every node by :func:`_below`; the areas agree with the scalar quadrature to about 1e-9 in
    ordinary games (docs/sweeps.md).
    """
    node, complement, weight = _tanh_sinh()
    a, b, p, q = (np.asarray(v, dtype=float)[:, None] for v in (a, b, p, q))
    ratio = b / a
    # x < p: x = p * node; the separatrix lies above q and the integrand 1 - y is its distance
    # below 1, which is the root below 1 - q of the mirrored divergence
    x = p * node
    left = ratio * (-p * np.log(node) + (1.0 - p) * (np.log1p(-p) - np.log1p(-x)))
    over = _below(np.broadcast_to(1.0 - q, left.shape), left)
    # x > p: x = p + (1 - p) node, 1 - x = (1 - p) complement; the separatrix lies below q
    x = p + (1.0 - p) * node
    right = ratio * (p * (np.log(p) - np.log(x)) - (1.0 - p) * np.log(complement))
    under = _below(np.broadcast_to(q, right.shape), right)
    return p[:, 0] * (weight * over).sum(axis=1) + (1.0 - p[:, 0]) * (weight * (1.0 - under)).sum(
        axis=1
    )


def exact_2x2_shares(A: np.ndarray, B: np.ndarray, atol: np.ndarray) -> np.ndarray:
    """Exact basin shares of many 2x2 games: ``(k, 6)`` over the profiles (0,0), (0,1),
    (1,0), (1,1), then :data:`OTHER` and :data:`NOT_CONVERGED`; a row of NaN where an edge has
    a payoff tie (the game needs Monte Carlo basins).

    The cases of ``replicator._exact_2x2``, decided for the whole batch with the same
    comparisons, and :func:`coordination_shares` for the separatrices.
    """
    k = A.shape[0]
    out = np.zeros((k, 6))
    u0, u1 = A[:, 0, 1] - A[:, 1, 1], A[:, 0, 0] - A[:, 1, 0]
    v0, v1 = B[:, 1, 0] - B[:, 1, 1], B[:, 0, 0] - B[:, 0, 1]
    tie = np.minimum(np.minimum(abs(u0), abs(u1)), np.minimum(abs(v0), abs(v1))) <= atol
    row_dominant = ~tie & (u0 * u1 > 0)
    col_dominant = ~tie & ~row_dominant & (v0 * v1 > 0)
    mixed = ~tie & ~row_dominant & ~col_dominant
    a, b = u1 - u0, v1 - v0
    centre = mixed & (a * b < 0)
    coordination = mixed & ~centre & (a > 0)
    anti = mixed & ~centre & ~coordination
    # a dominant action: every interior start goes to one corner
    row = np.where(u1 > 0, 0, 1)
    toward = np.where(row == 0, v1, v0)
    corner = 2 * row + np.where(toward > 0, 0, 1)
    col = np.where(v1 > 0, 0, 1)
    toward = np.where(col == 0, u1, u0)
    corner = np.where(col_dominant, 2 * np.where(toward > 0, 0, 1) + col, corner)
    dominant = np.flatnonzero(row_dominant | col_dominant)
    out[dominant, corner[dominant]] = 1.0
    out[centre, 5] = 1.0  # closed orbits around the mixed equilibrium: nothing converges
    with np.errstate(divide="ignore", invalid="ignore"):
        if coordination.any():
            j = coordination
            share = coordination_shares(a[j], b[j], -v0[j] / b[j], -u0[j] / a[j])
            out[j, 0], out[j, 3] = share, 1.0 - share
        if anti.any():  # relabel the column player's actions to coordinate
            j = anti
            share = coordination_shares(-a[j], -b[j], -v0[j] / b[j], 1.0 + u0[j] / a[j])
            out[j, 1], out[j, 2] = share, 1.0 - share
    out[tie] = np.nan
    return out


def _needs_recheck(shares: np.ndarray) -> np.ndarray:
    """Exact shares whose largest-basin comparison is within the quadratures' error of a tie."""
    pure = shares[:, :4]
    top2 = np.sort(pure, axis=1)[:, -2:]
    gap = top2[:, 1] - top2[:, 0]
    return (top2[:, 0] > 0) & (np.abs(gap - 1e-9) < TIE_MARGIN)


def classify_many(
    payoffs: np.ndarray,
    profile: Any,
    *,
    seeds: Sequence[int],
    tol: float | None = None,
    n_starts: int = 2000,
    basin_method: str = "auto",
    max_lambda: float = 1e6,
    players: Sequence[str] | None = None,
    actions: Sequence[Sequence[str]] | None = None,
    title: str = "",
) -> list[StabilityReport]:
    """:func:`classify` of the same pure profile in many games of one shape.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Shape ``(n_players, *shape, k)``: ``k`` games, laid out as
        :meth:`SymbolicGame.lambdify <gametheory.symbolic.SymbolicGame.lambdify>` returns a
        grid (the last axis runs over the games).
    profile : str or sequence
        The pure profile, as for :func:`classify`.
    seeds : sequence of int
        One Monte Carlo seed per game (used only where basins are Monte Carlo).
    tol, n_starts, basin_method, max_lambda
        As for :func:`classify`.
    players, actions, title
        Names of the games (as for :class:`~gametheory.game.Game`).

    Returns
    -------
    list of StabilityReport
        ``classify(Game(payoffs[..., j], ...), profile, seed=seeds[j], ...)`` for every j:
        identical in every field except the exact basin shares and the logit end point, which
        agree within the tolerances docs/sweeps.md states.

    Raises
    ------
    GameError
        As :func:`classify` (bad settings, profile or payoffs).

    Examples
    --------
    >>> from gametheory.deterrence.two_bloc import two_bloc
    >>> game = two_bloc()
    >>> grid = game.lambdify()(c=np.array([1.0, 2.0]), r=np.array([3.0, 0.5]))
    >>> names = {"players": game.players, "actions": game.actions}
    >>> [(r.regime, r.largest_basin, r.qre_limit)
    ...  for r in classify_many(grid, "R,R", seeds=[0, 0], **names)]
    [('stable', True, True), ('not-equilibrium', False, False)]
    """
    func = "classify_many()"
    rel_tol = check_tol("classify_many", tol)
    check_settings(func, basin_method, n_starts, 0, None)
    payoffs = np.asarray(payoffs, dtype=float)
    n = payoffs.shape[0]
    k = payoffs.shape[-1]
    if payoffs.ndim != n + 2 or len(seeds) != k:
        raise GameError(
            f"{func}: payoffs must have shape (n_players, *actions, k) and seeds k entries; "
            f"got payoffs of shape {payoffs.shape} and {len(seeds)} seeds"
        )

    def game_at(j: int) -> Game:
        return Game(list(payoffs[..., j]), players=players, actions=actions, title=title)

    def per_point(j: int) -> StabilityReport:
        return classify(
            game_at(j),
            profile,
            tol=rel_tol,
            n_starts=n_starts,
            seed=int(seeds[j]),
            basin_method=basin_method,
            max_lambda=max_lambda,
        )

    if k == 0:
        return []
    if n != 2 or not np.all(np.isfinite(payoffs)):
        # more players: no batched follower; bad payoffs: classify names the problem
        return [per_point(j) for j in range(k)]
    first = game_at(0)  # validates names and the profile as classify would
    idx = first.profile_index(profile, func)
    shape = first.shape
    actions = first.actions
    table = list(payoffs)
    scale = criteria.payoff_scale(table)
    atol = rel_tol * scale
    found = criteria.evaluate(table, idx, rel_tol, scale)
    gains = criteria.best_gains(table, idx)
    gains = [np.broadcast_to(g, (k,)) for g in gains]
    product = np.broadcast_to(criteria.nash_product(table, idx), (k,))
    by_action = criteria.deviation_gains(table, idx)
    diagonal = np.stack([np.broadcast_to(g, (k,)) for g in by_action.values()], axis=-1)
    if diagonal.shape[1]:
        jac = np.zeros((k, diagonal.shape[1], diagonal.shape[1]))
        jac[:, np.arange(diagonal.shape[1]), np.arange(diagonal.shape[1])] = diagonal
        eigen = np.linalg.eigvals(jac)
    else:
        eigen = np.zeros((k, 0))
    stable_rep = np.all(eigen.real < -atol[:, None], axis=1)
    rival = criteria.risk_rival(shape, idx)
    rival_names = None if rival is None else tuple(actions[i][a] for i, a in enumerate(rival))
    two_by_two = shape == (2, 2)
    trust = _minimum_trust(payoffs, idx, atol) if two_by_two else None
    symmetric = (
        np.max(np.abs(payoffs[0] - np.swapaxes(payoffs[1], 0, 1)).reshape(-1, k), axis=0) <= atol
        if two_by_two and idx[0] == idx[1]
        else np.zeros(k, dtype=bool)
    )

    shares = None
    if two_by_two and basin_method != "monte-carlo":
        A = np.moveaxis(payoffs[0], -1, 0)
        B = np.moveaxis(payoffs[1], -1, 0)
        shares = exact_2x2_shares(A, B, atol)
        recheck = _needs_recheck(shares)
        shares[recheck] = np.nan
    path_ends, path_lams, path_done, path_steps, unsure = _trace(payoffs, scale, max_lambda)

    profiles = [tuple(int(a) for a in p) for p in np.ndindex(shape)]
    names = [profile_name(actions, p) for p in profiles]
    name = profile_name(actions, idx)
    sizes = np.cumsum((0, *shape))
    reports = []
    for j in range(k):
        if shares is not None and not np.isnan(shares[j, 0]):
            row = shares[j]
            found_shares = {names[c]: float(row[c]) for c in range(4) if row[c] > 0}
            found_shares[OTHER] = 0.0
            found_shares[NOT_CONVERGED] = float(row[5])
            basin = Basins(found_shares, dict.fromkeys(found_shares, 0.0), "exact", 0, None)
        else:
            basin = basins(
                game_at(j),
                tol=rel_tol,
                method=basin_method,
                n_starts=n_starts,
                seed=int(seeds[j]),
            )
        if unsure[j]:
            path = logit_path(game_at(j), max_lambda=max_lambda)
        else:
            ends = path_ends[j]
            path = LogitPath(
                tuple(tuple(float(v) for v in ends[sizes[i] : sizes[i + 1]]) for i in range(n)),
                float(path_lams[j]),
                bool(path_done[j]),
                int(path_steps[j]),
            )
        nash, strict = bool(found["nash"][j]), bool(found["strict"][j])
        if rival is None:
            risk_dominant, note = None, RISK_ONLY_2X2
        elif not bool(found["risk_defined"][j]):
            risk_dominant = None
            note = f"the rival ({profile_name(actions, rival)}) is not a strict equilibrium"
        else:
            risk_dominant, note = bool(found["risk_dominant"][j]), ""
        coincide: list[tuple[tuple[str, ...], str]] = [
            (("strict", "replicator_stable"), STRICT_IS_REPLICATOR)
        ]
        if symmetric[j] and strict and risk_dominant is not None:
            coincide.append(
                (
                    ("risk_dominant", "qre_limit", "largest_basin", "minimum_trust < 1/2"),
                    SYMMETRIC_2X2,
                )
            )
        reports.append(
            StabilityReport(
                profile=tuple(actions[i][a] for i, a in enumerate(idx)),
                nash=nash,
                strict=strict,
                risk_dominant=risk_dominant,
                risk_note=note,
                replicator_stable=bool(stable_rep[j]),
                largest_basin=basin.largest() == (name,),
                basin_share=float(basin.shares.get(name, 0.0)),
                basin_stderr=float(basin.stderr.get(name, 0.0)),
                basin_method=basin.method,
                qre_limit=path.ends_at(idx),
                qre_converged=path.converged,
                regime=criteria.REGIMES[int(found["regime"][j])],
                deviation_gains=tuple(float(g[j]) for g in gains),
                nash_product=float(product[j]) if nash else None,
                rival=rival_names,
                eigenvalues=tuple(complex(e) for e in eigen[j]),
                basin_shares=basin.shares,
                qre_endpoint=path.endpoint,
                qre_lambda=path.lam,
                minimum_trust=None if trust is None else tuple(float(t[j]) for t in trust),
                coincide=tuple(coincide),
                tol=rel_tol,
                n_starts=int(n_starts),
                seed=int(seeds[j]),
            )
        )
    return reports


def _minimum_trust(payoffs: np.ndarray, idx: tuple[int, ...], atol: np.ndarray):
    """:func:`~gametheory.stability.minimum_trust` of 2x2 games, per player, as arrays."""
    out = []
    for i in range(2):
        u = payoffs[i]

        def pay(own: int, other: int, i=i, u=u) -> np.ndarray:
            return u[own, other] if i == 0 else u[other, own]

        c, d = idx[i], 1 - idx[i]
        c_other, d_other = idx[1 - i], 1 - idx[1 - i]
        R, S = pay(c, c_other), pay(c, d_other)
        T, P = pay(d, c_other), pay(d, d_other)
        with np.errstate(divide="ignore", invalid="ignore"):
            assurance = (P - S) / ((R - T) + (P - S))
        out.append(np.where(R < T - atol, math.inf, np.where(S >= P - atol, 0.0, assurance)))
    return out


def _trace(payoffs: np.ndarray, scale: np.ndarray, max_lambda: float):
    """The logit branch of every bimatrix game of the batch (payoffs scaled to range 1)."""
    from . import logit
    from ._logit_kernel import trace_many

    A = np.ascontiguousarray(np.moveaxis(payoffs[0] / scale, -1, 0))
    B = np.ascontiguousarray(np.moveaxis(payoffs[1] / scale, -1, 0))
    # logit_path's defaults, as classify calls it
    return trace_many(
        A,
        B,
        float(max_lambda),
        logit._QRE_MAX_REGRET,
        logit._QRE_MAX_STEPS,
        logit._QRE_FIRST_STEP,
        logit._QRE_MAX_ACCEL,
        np.array([logit._QRE_DISTANCE, logit._QRE_CONTRACTION, logit._QRE_ANGLE]),
    )


__all__ = ["classify_many", "coordination_shares", "exact_2x2_shares"]
