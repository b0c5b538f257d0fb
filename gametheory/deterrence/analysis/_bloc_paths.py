"""The pure equilibria of the bloc-formation game along one parameter, exactly.

Along ``q_W``, ``q_E`` or ``r`` (the others fixed) the set of pure equilibria is piecewise
constant: a profile is an equilibrium where none of its regret constraints ``u_i(own) -
u_i(alt) >= 0`` is violated, and each constraint changes sign only at a root of a polynomial
of degree <= 2. With ``z = 1 + q_W`` every payoff times the positive factor ``1 + z (W_-i + w_i)``
(the West's effective size seen from state i, plus one) is a polynomial of degree <= 2 in z
(likewise for ``q_E``); in ``tau = t / (1 + r)`` every payoff is linear. So:

1. the coefficients of every constraint of every profile are read off three evaluations of the
   payoff kernel (exact interpolation of a polynomial of degree <= 2);
2. profiles whose constraints cannot all hold anywhere in the range are dropped (a quadratic's
   maximum on an interval is at an end or at its vertex);
3. for the others, the constraints' roots in the range are sorted and the profile's stability is
   tested between consecutive roots; a root where it changes is a **breakpoint**.

The equilibrium set can change only at breakpoints, so :func:`equilibrium_path` evaluates
:meth:`BlocFormation.pure_equilibria` (with its own tolerance) at every breakpoint and at one
point strictly between consecutive ones: that is the whole path, with no grid. Extra breakpoints
(found with a slack of ``1e-9`` times the payoff scale) cost one evaluation each and change nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ...errors import GameError
from ...tolerance import EDGE_MATCH_TOL
from .._bloc_payoffs import EAST, WEST, _profiles, _values
from ..bloc_formation import BlocFormation
from ..tolerance import BLOC_CONSTRAINT_SLACK

PATH_VARIABLES = ("q_W", "q_E", "r")
"""The parameters an equilibrium path can run along."""

_SLACK = BLOC_CONSTRAINT_SLACK
_CHUNK = 1 << 13


def _constraint_polynomials(
    model: BlocFormation, params: dict[str, float], variable: str, profiles: np.ndarray
) -> np.ndarray:
    """``(m, n, 2, 3)``: each state's two constraints ``own - alternative`` per profile, as
    coefficients ``(a, b, c)`` of ``a z^2 + b z + c`` (times a positive factor)."""
    caps, lean_w, lean_e = model._arrays()
    in_w = profiles == WEST
    in_e = profiles == EAST
    others_w = (in_w @ caps)[:, None] - in_w * caps
    others_e = (in_e @ caps)[:, None] - in_e * caps
    samples = []
    for z in (0.0, 1.0, 2.0):
        p = dict(params)
        if variable == "r":
            p["t"], p["r"] = z, 0.0  # tau = z
            factor = np.ones_like(others_w)
        else:
            p[variable] = z - 1.0
            own_camp = others_w if variable == "q_W" else others_e
            factor = 1.0 + z * (own_camp + caps)
        west, east, alone = np.broadcast_arrays(
            *_values(others_w, others_e, caps, lean_w, lean_e, p)
        )
        samples.append((west * factor, east * factor, alone * factor))
    # per action, the coefficients (a, b, c) of a z^2 + b z + c from values at z = 0, 1, 2
    coeffs = []
    for f0, f1, f2 in zip(*samples, strict=True):
        quad = (f2 - 2.0 * f1 + f0) / 2.0
        coeffs.append(np.stack([quad, f1 - f0 - quad, f0], axis=-1))  # (m, n, 3)
    west, east, alone = coeffs
    own = profiles[..., None]
    # own action minus each of the two others, selected by the action played
    first = np.where(own == WEST, west - east, np.where(own == EAST, east - west, alone - west))
    second = np.where(own == WEST, west - alone, np.where(own == EAST, east - alone, alone - east))
    return np.stack([first, second], axis=2)


def _evaluate(coeffs: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The polynomials ``(..., 3)`` at ``z`` (broadcast against the leading axes)."""
    return (coeffs[..., 0] * z + coeffs[..., 1]) * z + coeffs[..., 2]


def _roots(coeffs: np.ndarray, lo: float, hi: float, scale: float) -> np.ndarray:
    """Real roots in ``(lo, hi)`` of each polynomial ``(..., 3)`` as ``(..., 2)``, nan if none."""
    a, b, c = coeffs[..., 0], coeffs[..., 1], coeffs[..., 2]
    tiny = _SLACK * scale
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        disc = b * b - 4.0 * a * c
        sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
        quadratic = np.abs(a) > tiny
        r1 = np.where(quadratic, (-b - sq) / (2.0 * a), np.where(np.abs(b) > tiny, -c / b, np.nan))
        r2 = np.where(quadratic, (-b + sq) / (2.0 * a), np.nan)
    roots = np.stack([r1, r2], axis=-1)
    return np.where((roots > lo) & (roots < hi), roots, np.nan)


def _z_range(params: dict[str, float], variable: str, lo: float, hi: float):
    """The range of ``z`` for ``variable`` in ``[lo, hi]``, and ``z -> variable``."""
    if variable == "r":
        t = params["t"]
        return t / (1.0 + hi), t / (1.0 + lo), (lambda z: t / z - 1.0)
    return 1.0 + lo, 1.0 + hi, (lambda z: z - 1.0)


def breakpoints(
    model: BlocFormation, params: dict[str, float], variable: str, lo: float, hi: float
) -> np.ndarray:
    """Where some profile starts or stops being a pure equilibrium, for ``variable`` in
    ``(lo, hi)`` (the others as in `params`); sorted. A superset is harmless, none is missed
    up to the slack ``1e-9`` of the payoff scale."""
    if variable not in PATH_VARIABLES:
        raise GameError(
            f"breakpoints(): variable must be one of {list(PATH_VARIABLES)}, got {variable!r}"
        )
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 <= lo <= hi):
        raise GameError(f"breakpoints(): needs a range 0 <= lo <= hi, got [{lo}, {hi}]")
    if variable == "r" and params["t"] == 0.0:
        return np.zeros(0)  # tau = 0 whatever r: nothing depends on r
    zlo, zhi, back = _z_range(params, variable, lo, hi)
    if not zhi > zlo:
        return np.zeros(0)
    total = 3**model.n
    found = []
    for start in range(0, total, _CHUNK):
        profiles = _profiles(start, min(start + _CHUNK, total), model.n)
        coeffs = _constraint_polynomials(model, params, variable, profiles)
        scale = max(1.0, float(np.abs(coeffs).max()))
        slack = _SLACK * scale
        # a constraint's largest value on [zlo, zhi]: at an end or at the vertex
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            vertex = np.clip(-coeffs[..., 1] / (2.0 * coeffs[..., 0]), zlo, zhi)
        vertex = np.where(np.isfinite(vertex), vertex, zlo)
        best = np.maximum(
            np.maximum(_evaluate(coeffs, zlo), _evaluate(coeffs, zhi)), _evaluate(coeffs, vertex)
        )
        alive = np.all(best >= -slack, axis=(1, 2))
        if not alive.any():
            continue
        coeffs = coeffs[alive].reshape(int(alive.sum()), -1, 3)  # (s, 2n, 3)
        roots = np.sort(_roots(coeffs, zlo, zhi, scale).reshape(len(coeffs), -1), axis=1)
        filled = np.where(np.isnan(roots), zhi, roots)
        ends = np.concatenate(
            [np.full((len(coeffs), 1), zlo), filled, np.full((len(coeffs), 1), zhi)], axis=1
        )
        mids = 0.5 * (ends[:, :-1] + ends[:, 1:])  # (s, k + 1)
        stable = np.all(_evaluate(coeffs[:, None, :, :], mids[:, :, None]) >= -slack, axis=2)
        change = stable[:, :-1] != stable[:, 1:]
        found.append(roots[change & ~np.isnan(roots)])
    zs = np.concatenate(found) if found else np.zeros(0)
    xs = np.array([back(z) for z in np.unique(zs)], dtype=float)
    xs = xs[(xs > lo) & (xs < hi)]
    return np.unique(np.round(xs, 12))


@dataclass(frozen=True)
class EquilibriumPath:
    """Every pure equilibrium along one parameter: breakpoints and the sets between them.

    Attributes
    ----------
    variable : str
    edges : tuple of float
        ``lo``, every breakpoint, ``hi``, increasing.
    at_edges : tuple of np.ndarray
        The pure equilibria (``(k, n)`` action indices) at each edge.
    pieces : tuple of np.ndarray
        The pure equilibria strictly between consecutive edges (one set per piece: the set
        cannot change inside a piece).
    """

    variable: str
    edges: tuple[float, ...]
    at_edges: tuple[np.ndarray, ...]
    pieces: tuple[np.ndarray, ...]

    @property
    def lo(self) -> float:
        return self.edges[0]

    @property
    def hi(self) -> float:
        return self.edges[-1]

    @property
    def breakpoints(self) -> tuple[float, ...]:
        return self.edges[1:-1]

    def samples(self) -> list[tuple[float, np.ndarray]]:
        """``(x, equilibria)`` at every edge and one point inside every piece, in order."""
        out = [(self.edges[0], self.at_edges[0])]
        for k, piece in enumerate(self.pieces):
            out.append((0.5 * (self.edges[k] + self.edges[k + 1]), piece))
            out.append((self.edges[k + 1], self.at_edges[k + 1]))
        return out

    def at(self, x: float) -> np.ndarray:
        """The equilibria at ``x`` in ``[lo, hi]``: an edge's own set within 1e-12 of it,
        otherwise the set of the piece ``x`` lies in."""
        edges = np.asarray(self.edges)
        near = np.flatnonzero(np.abs(edges - x) <= EDGE_MATCH_TOL)
        if len(near):
            return self.at_edges[int(near[0])]
        k = int(np.searchsorted(edges, x)) - 1
        return self.pieces[min(max(k, 0), len(self.pieces) - 1)]


def equilibrium_path(
    model: BlocFormation, params: dict[str, float], variable: str, lo: float, hi: float
) -> EquilibriumPath:
    """All pure equilibria for ``variable`` in ``[lo, hi]``, the others as in `params`."""
    cuts = breakpoints(model, params, variable, lo, hi)
    edges = np.unique(np.concatenate([[lo], cuts, [hi]]))

    def solve(x: float) -> np.ndarray:
        return model.pure_equilibria(**{**params, variable: float(x)})

    return EquilibriumPath(
        variable,
        tuple(float(x) for x in edges),
        tuple(solve(x) for x in edges),
        tuple(solve(0.5 * (a + b)) for a, b in itertools.pairwise(edges)),
    )
