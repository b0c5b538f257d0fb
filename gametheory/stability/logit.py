"""The principal branch of logit quantal response equilibria, traced to its limit.

The logit QRE at precision lambda is the profile where every player mixes with probabilities
proportional to ``exp(lambda * expected payoff)`` (McKelvey & Palfrey 1995). At lambda = 0 it is
the centroid; the branch that starts there (the principal branch) converges, as lambda grows,
to one Nash equilibrium: the logit tracing procedure's selection (Turocy 2005). The follower
here works on payoffs divided by the game's payoff range, so lambda is in units of that range.

One lambda serves every player: the branch, and so the selected equilibrium, depends on each
player's payoff *scale* (multiplying one player's payoffs by k > 0 is the same as giving that
player precision k lambda), unlike Nash equilibrium, strictness and risk dominance
(docs/criteria.md).

References
----------
Allgower, E. L. & Georg, K. (1990). *Numerical Continuation Methods*. Springer.
McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10: 6–38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51: 243–263.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import GameError
from ..game import Game, as_game
from . import criteria
from .replicator import CONVERGED_DISTANCE, payoff_parts

# defaults of the follower: stopping regret, step cap, first step length, largest growth
_QRE_MAX_REGRET = 1e-8
_QRE_MAX_STEPS = 5000
_QRE_FIRST_STEP = 0.03
_QRE_MAX_ACCEL = 1.25


@dataclass(frozen=True)
class LogitPath:
    """Where the traced principal logit branch stopped.

    Attributes
    ----------
    endpoint : tuple of tuple of float
        The mixed profile at the last point, one probability vector per player.
    lam : float
        The precision reached, for payoffs divided by the payoff range.
    converged : bool
        True when the branch reached the stopping rule (regret at most `max_regret` of the
        payoff range, or lambda at `max_lambda`); False when the follower gave up first (its
        step length collapsed or it used `max_steps`): the endpoint is then only where it stopped.
    steps : int
        Continuation steps taken.
    """

    endpoint: tuple[tuple[float, ...], ...]
    lam: float
    converged: bool
    steps: int

    def ends_at(self, profile: Sequence[int]) -> bool:
        """Whether the endpoint is within :data:`~.replicator.CONVERGED_DISTANCE` of a pure
        profile (``sum_i (1 - x_i[a_i])``)."""
        distance = sum(1.0 - s[a] for s, a in zip(self.endpoint, profile, strict=True))
        return distance <= CONVERGED_DISTANCE


def logit_path(
    game: Game,
    *,
    max_lambda: float = 1e6,
    max_regret: float = _QRE_MAX_REGRET,
    max_steps: int = _QRE_MAX_STEPS,
) -> LogitPath:
    """Trace the principal logit QRE branch from the centroid towards its limit.

    Parameters
    ----------
    game : Game
    max_lambda : float
        Largest precision (payoffs scaled to range 1) to go to.
    max_regret : float
        Stop once the regret of the logit profile is at most this (payoffs scaled to range 1).
    max_steps : int
        Iteration cap of the continuation; reaching it leaves ``converged`` False.

    Returns
    -------
    LogitPath

    Notes
    -----
    Pseudo-arclength predictor–corrector continuation in (log-probabilities, lambda), with
    step-length control on the corrector distance, Newton contraction and tangent angle
    (Allgower & Georg 1990, sec. 6.1). In a degenerate game the branch can run into a genuine
    bifurcation point; the follower then continues straight through it, which is a convention
    (Gambit's ``logit_solve`` may take the other continuation there).

    Examples
    --------
    >>> from gametheory.games import stag_hunt
    >>> path = logit_path(stag_hunt().at())
    >>> path.converged, path.ends_at((1, 1)), [round(p, 6) for p in path.endpoint[0]]
    (True, True, [0.0, 1.0])
    """
    func = "logit_path()"
    game = as_game(game, "logit_path")
    for name, value in (("max_lambda", max_lambda), ("max_regret", max_regret)):
        if not isinstance(value, (int, float, np.number)) or not math.isfinite(value) or value <= 0:
            raise GameError(f"{func}: {name} must be a finite number > 0, got {value!r}")
    if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) or max_steps < 1:
        raise GameError(f"{func}: max_steps must be an integer >= 1, got {max_steps!r}")
    scale = criteria.payoff_scale(game.payoffs)
    normalised = tuple(np.asarray(p, dtype=float) / scale for p in game.payoffs)
    endpoint, lam, converged, steps = _trace(
        normalised,
        max_lambda=float(max_lambda),
        max_regret=float(max_regret),
        max_steps=int(max_steps),
    )
    return LogitPath(endpoint, lam, converged, steps)


def _logit_system(payoffs, offsets, w):
    """Residual H (size M) and Jacobian (M x (M+1)) of the logit equations at w = (y, lambda).

    For each player i with actions 0..n_i-1 and sigma = exp(y):
    ``H[i, 0] = sum_a sigma_ia - 1`` and ``H[i, a] = y_ia - y_i0 - lambda (f_ia - f_i0)``.
    """
    n = len(payoffs)
    M = int(offsets[-1])
    y, lam = w[:M], w[M]
    sigma = [np.exp(y[offsets[i] : offsets[i + 1]]) for i in range(n)]
    f, D = payoff_parts(payoffs, sigma)
    H = np.empty(M)
    J = np.zeros((M, M + 1))
    for i in range(n):
        o, size = offsets[i], offsets[i + 1] - offsets[i]
        H[o] = sigma[i].sum() - 1.0
        J[o, o : o + size] = sigma[i]
        for a in range(1, size):
            row = o + a
            H[row] = y[o + a] - y[o] - lam * (f[i][a] - f[i][0])
            J[row, o + a] += 1.0
            J[row, o] -= 1.0
            J[row, M] = -(f[i][a] - f[i][0])
            for j in range(n):
                if j != i:
                    Dij = D[i][j]
                    J[row, offsets[j] : offsets[j + 1]] -= lam * (Dij[a] - Dij[0]) * sigma[j]
    return H, J, sigma, f


def _tangent(J: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Unit null vector of J (M x (M+1)) oriented along `previous`."""
    _, _, vh = np.linalg.svd(J)
    t = vh[-1]
    return t if t @ previous >= 0 else -t


# Step-length control of the logit path follower (Allgower & Georg 1990, sec. 6.1): nominal
# distance of the first Newton correction, contraction rate of the second, angle between
# successive tangents (radians).
_QRE_DISTANCE = 0.005
_QRE_CONTRACTION = 0.3
_QRE_ANGLE = 0.1


def _trace(
    payoffs: Sequence[np.ndarray],
    *,
    max_lambda: float = 1e6,
    max_regret: float = _QRE_MAX_REGRET,
    first_step: float = _QRE_FIRST_STEP,
    max_accel: float = _QRE_MAX_ACCEL,
    max_steps: int = _QRE_MAX_STEPS,
) -> tuple[tuple[tuple[float, ...], ...], float, bool, int]:
    """Follow the principal logit QRE branch from the centroid.

    Returns ``(strategies, lambda, converged, steps)``.

    Pseudo-arclength continuation in w = (log-probabilities, lambda) (Allgower & Georg 1990;
    Turocy 2005): Euler predictor along the unit tangent, Newton corrector on
    ``[H(w); t . (w - w_pred)] = 0``. The step length adapts to the curve: the deceleration
    factor ``max(sqrt(d1 / d0), sqrt(k / k0), a / a0)`` (first correction d1, relative to each
    coordinate's size; contraction k; tangent angle a; against nominal values) divides the
    next step (at most `max_accel` growth); a step with factor above 2, or whose corrector
    fails, is retried at half length. Near a
    sharp turn of the branch this keeps the corrector from landing on a neighbouring branch.
    Stops when lambda reaches `max_lambda` or the regret of the profile (payoffs expected
    scaled to range 1) is at most `max_regret`.
    """
    sizes = [p.shape[i] for i, p in enumerate(payoffs)]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    M = int(offsets[-1])
    w = np.concatenate([np.concatenate([np.full(s, -math.log(s)) for s in sizes]), [0.0]])
    _, J, sigma, f = _logit_system(payoffs, offsets, w)
    forward = np.zeros(M + 1)
    forward[M] = 1.0
    t = _tangent(J, forward)
    h = first_step
    done = False
    steps = 0
    for steps in range(1, max_steps + 1):  # noqa: B007 - steps is reported
        regret = max(float(fi.max() - fi @ si) for fi, si in zip(f, sigma, strict=True))
        if w[M] >= max_lambda or regret <= max_regret:
            done = True
            break
        if h < 1e-12:
            break
        predicted = w + h * t
        wk = predicted.copy()
        ok = False
        norms: list[float] = []
        for _iteration in range(12):
            H, Jk, _, _ = _logit_system(payoffs, offsets, wk)
            A = np.vstack([Jk, t])
            rhs = np.concatenate([H, [t @ (wk - predicted)]])
            try:
                step = np.linalg.solve(A, -rhs)
            except np.linalg.LinAlgError:
                break
            if not np.all(np.isfinite(step)):
                break
            wk = wk + step
            # correction size relative to each coordinate (y and lambda grow without bound)
            size = float(np.max(np.abs(step) / np.maximum(1.0, np.abs(wk))))
            norms.append(size)
            if size < 1e-11:
                ok = True
                break
            if len(norms) > 1 and norms[-1] > 0.5 * norms[-2]:
                # no contraction: accept only at the floating-point floor (large lambda makes
                # the system ill-conditioned, the corrections stall around 1e-11 .. 1e-9)
                ok = size < 1e-8
                break
        if not ok or wk[M] < 0:
            h *= 0.5
            continue
        _, Jn, sigma_n, f_n = _logit_system(payoffs, offsets, wk)
        t_new = _tangent(Jn, t)
        angle = math.acos(min(1.0, max(-1.0, float(t_new @ t))))
        # contraction of the corrector, ignored once corrections reach rounding level
        contraction = norms[1] / norms[0] if len(norms) > 1 and norms[1] > 1e-9 else 0.0
        decel = max(
            math.sqrt(norms[0] / _QRE_DISTANCE),
            math.sqrt(contraction / _QRE_CONTRACTION),
            angle / _QRE_ANGLE,
        )
        if decel > 2.0:
            h *= 0.5
            continue
        w, t, sigma, f = wk, t_new, sigma_n, f_n
        h /= max(decel, 1.0 / max_accel)
    strategies = tuple(tuple(float(p) for p in s / s.sum()) for s in sigma)
    return strategies, float(w[M]), done, steps


__all__ = ["LogitPath", "logit_path"]
