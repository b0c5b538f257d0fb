"""The two-bloc deterrence-versus-reassurance game (docs/two_bloc.md).

Two blocs, A (the US-led camp) and B (the camp that bands together against it), restrain (R)
or escalate (E). Reassurance ``r`` here is a *commitment cost*: what a bloc forfeits by
escalating against a restraining rival (docs/reassurance.md). The analysis of the model, its
findings as computed regions, lives in :mod:`gametheory.deterrence.analysis.two_bloc`.

>>> from gametheory import solve
>>> [eq.pure_profile() for eq in solve(two_bloc().at(c=2, r=1.5)).equilibria]
[(0, 0), None, (1, 1)]
"""

from __future__ import annotations

import sympy as sp

from ..errors import GameError
from ..symbolic import SymbolicGame

TWO_BLOC_DEFAULTS: dict[str, float] = {
    "c": 2.0,
    "r": 1.5,
    "b": 1.0,
    "alpha": 0.6,
    "theta": 0.4,
    "beta": 1.0,
    "w": 0.2,
    "k": 0.1,
    "eps": 0.05,
    "eps0": 0.02,
}
"""Defaults of :func:`two_bloc`.

With these, the (c, r) plane shows all three regimes: below ``r = b + (alpha - theta) c``
restraint is not an equilibrium; between that line and ``r = b + (alpha - theta + beta - 2w) c``
mutual restraint is an equilibrium but escalation risk-dominates it; above it restraint is
risk-dominant. Both lines rise with c: capability alone raises the bar for reassurance.
"""

TWO_BLOC_MEANINGS: dict[str, str] = {
    "c": "capability",
    "c_A": "capability of A",
    "c_B": "capability of B",
    "r": "reassurance",
    "r_A": "reassurance by A",
    "r_B": "reassurance by B",
    "b": "revisionist gain",
    "alpha": "coercive advantage per unit of own capability",
    "theta": "retaliation per unit of the rival's capability",
    "beta": "fear: loss when exploited, per unit of the rival's capability",
    "w": "war destructiveness per unit of total capability",
    "k": "upkeep per unit of own capability",
    "eps": "accident probability",
    "eps0": "accident probability per unit of capability",
}
"""What each parameter of :func:`two_bloc` means (listings and plot axes)."""


def _bloc_payoffs(c_i, c_j, r_i, b, alpha, theta, beta, w, k):
    """One bloc's payoffs against the other, indexed [own action][other's action], R=0, E=1."""
    return [
        [-k * c_i, -beta * c_j - k * c_i],
        [b + alpha * c_i - theta * c_j - r_i - k * c_i, -w * (c_i + c_j) - k * c_i],
    ]


def two_bloc(symmetric: bool = True, noise: str | bool = False) -> SymbolicGame:
    """The reference two-bloc deterrence-versus-reassurance game (docs/two_bloc.md).

    Two blocs, A (the US-led camp) and B (the camp that bands together against it), each
    Restrain (R) or Escalate (E). For bloc i against bloc j::

        u_i(R,R) = -k c_i
        u_i(E,R) =  b + alpha c_i - theta c_j - r_i - k c_i
        u_i(R,E) = -beta c_j - k c_i
        u_i(E,E) = -w (c_i + c_j) - k c_i

    Parameters (all >= 0): capability ``c_A, c_B``; reassurance ``r_A, r_B`` (what a bloc
    forfeits by escalating against a restraining bloc: commitments, trade, channels);
    revisionist gain ``b``; coercive advantage ``alpha`` per unit of own capability; retaliation
    ``theta`` per unit of the opponent's capability; fear ``beta`` (loss when exploited, per unit
    of the opponent's capability); war destructiveness ``w`` per unit of total capability;
    upkeep ``k`` per unit of own capability.

    Parameters
    ----------
    symmetric : bool
        If True, one capability ``c`` and one reassurance ``r`` for both blocs.
    noise : False, "constant" or "capability"
        Accidents: an intended R is carried out as E with probability ``eps`` ("constant") or
        ``eps0 * c_i`` for a bloc of capability ``c_i`` ("capability"; meaningful while
        ``eps0 * c_i <= 1``). The payoffs are then expected one-shot payoffs over the realised
        actions. ``True`` means "constant".

    Returns
    -------
    SymbolicGame
        Players ``("A", "B")``, actions ``("R", "E")``, defaults :data:`TWO_BLOC_DEFAULTS`.

    Examples
    --------
    >>> g = two_bloc()
    >>> [p.name for p in g.parameters]
    ['c', 'r', 'b', 'alpha', 'theta', 'beta', 'w', 'k']
    >>> g.payoff(0, ["E", "R"])
    alpha*c + b - c*k - c*theta - r
    """
    if noise is True:
        noise = "constant"
    if noise not in (False, "constant", "capability"):
        raise GameError(
            f"two_bloc(): noise must be False, 'constant' or 'capability', got {noise!r}"
        )
    nonneg = {"nonnegative": True, "real": True}
    b, alpha, theta, beta, w, k = sp.symbols("b alpha theta beta w k", **nonneg)
    if symmetric:
        c, r = sp.symbols("c r", **nonneg)
        caps, reas = (c, c), (r, r)
        head = [c, r]
    else:
        c_a, c_b, r_a, r_b = sp.symbols("c_A c_B r_A r_B", **nonneg)
        caps, reas = (c_a, c_b), (r_a, r_b)
        head = [c_a, c_b, r_a, r_b]
    pay_a = _bloc_payoffs(caps[0], caps[1], reas[0], b, alpha, theta, beta, w, k)
    pay_b = _bloc_payoffs(caps[1], caps[0], reas[1], b, alpha, theta, beta, w, k)
    # layout [a_A, a_B]: A's table as is, B's transposed from [own][other]
    table_a = [[pay_a[x][y] for y in range(2)] for x in range(2)]
    table_b = [[pay_b[y][x] for y in range(2)] for x in range(2)]
    params = [*head, b, alpha, theta, beta, w, k]
    defaults = dict(TWO_BLOC_DEFAULTS)
    bounds: dict[str, tuple[float | None, float | None]] = {}
    constraints = []
    if noise:
        if noise == "constant":
            eps = sp.Symbol("eps", **nonneg)
            slips = (eps, eps)
            params.append(eps)
            bounds["eps"] = (0.0, 1.0)
        else:
            eps0 = sp.Symbol("eps0", **nonneg)
            slips = (eps0 * caps[0], eps0 * caps[1])
            params.append(eps0)
            # eps0 * c_i is a probability
            constraints = sorted({sp.Le(slip, 1) for slip in slips}, key=str)
        table_a, table_b = (_with_accidents(t, slips) for t in (table_a, table_b))
    if not symmetric:
        defaults.update(c_A=defaults["c"], c_B=defaults["c"], r_A=defaults["r"], r_B=defaults["r"])
    names = {p.name for p in params}
    return SymbolicGame(
        [table_a, table_b],
        parameters=params,
        defaults={k_: v for k_, v in defaults.items() if k_ in names},
        players=["A", "B"],
        actions=[["R", "E"], ["R", "E"]],
        title="two-bloc deterrence vs reassurance" + (f" (accidents: {noise})" if noise else ""),
        bounds=bounds,
        constraints=constraints,
        meanings={k_: v for k_, v in TWO_BLOC_MEANINGS.items() if k_ in names},
        description=(
            "Blocs A (US-led camp) and B (the camp banding together against it) restrain (R) "
            "or escalate (E); reassurance r is what a bloc forfeits by escalating against a "
            "restraining bloc."
        ),
    )


def _with_accidents(table, slips):
    """Expected payoffs when an intended R (index 0) is realised as E with probability slip."""

    def realised(i, intended):
        if intended == 1:
            return [(1, sp.Integer(1))]
        return [(0, 1 - slips[i]), (1, slips[i])]

    out = [[sp.Integer(0)] * 2 for _ in range(2)]
    for x in range(2):
        for y in range(2):
            total = sp.Integer(0)
            for rx, px in realised(0, x):
                for ry, py in realised(1, y):
                    total += px * py * table[rx][ry]
            out[x][y] = sp.expand(total)
    return out
