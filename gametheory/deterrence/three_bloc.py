"""The three-bloc game: blocs A and B and the Global South G (docs/three_bloc.md).

G aligns with A, with B, or stays neutral and mediates; mediation ``m`` adds to both blocs'
reassurance ``r`` (a commitment cost, docs/reassurance.md).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..symbolic import SymbolicGame
from .two_bloc import TWO_BLOC_DEFAULTS, _bloc_payoffs

THREE_BLOC_DEFAULTS: dict[str, float] = {
    **{k: v for k, v in TWO_BLOC_DEFAULTS.items() if k not in ("eps", "eps0")},
    "r": 1.2,
    "gamma": 0.6,
    "m": 0.5,
    "e": 0.3,
    "h": 0.6,
    "s_A": 0.3,
    "s_B": 0.2,
}
"""Defaults of :func:`three_bloc`: the two-bloc defaults with a lower reassurance r = 1.2.

Chosen so that each mechanism shows: without G, restraint is not an equilibrium
(r < b + (alpha - theta) c = 1.4); G's mediation m = 0.5 would make it one (r + m = 1.7);
G's alignment (gamma = 0.6) tempts its partner to escalate (alpha > theta); side payments
(s_A = 0.3 > s_B = 0.2, unequal so G is never indifferent between the camps) lose to the
entanglement cost h = 0.6 only when both blocs escalate.
"""

THREE_BLOC_G_ACTIONS = ("align-A", "align-B", "neutral")


def three_bloc(symmetric: bool = True) -> SymbolicGame:
    """Two rival blocs and the Global South: the reference three-bloc game (2 x 2 x 3).

    Blocs A and B play the two-bloc game of :func:`two_bloc` (restrain R or escalate E); the
    Global South G chooses ``align-A``, ``align-B`` or ``neutral`` at the same time.
    G's choice changes the blocs' game:

    - ``align-X`` adds ``gamma`` to bloc X's capability ``c_X`` wherever it enters the two-bloc
      payoffs (coercive advantage, retaliation, fear, war damage); bloc X pays no upkeep ``k``
      on G's contribution;
    - ``neutral`` adds the mediation ``m`` to both blocs' reassurance ``r`` (what a bloc forfeits
      by escalating against a restraining rival: G's good offices, trade and channels with both).

    G's payoff::

        u_G = -e * (number of escalating blocs) - h * [G aligned and (E, E)]
              + s_A * [align-A] + s_B * [align-B]

    Parameters of the game (all >= 0): the two-bloc parameters ``c, r, b, alpha, theta, beta,
    w, k`` (``c_A, c_B, r_A, r_B`` when not symmetric) and

    - ``gamma``: capability G adds to the bloc it joins;
    - ``m``: mediation, added to both blocs' reassurance when G stays neutral;
    - ``e``: G's economic loss per escalating bloc (trade, prices, finance), aligned or not;
    - ``h``: G's extra loss when it is aligned and both blocs escalate (entanglement);
    - ``s_A``, ``s_B``: what bloc A / bloc B gives G for aligning (aid, investment, arms).

    Since ``e`` is paid whatever G does, it never changes G's best reply in this simultaneous
    game; it matters for G's welfare and for a G that commits to a stance first.

    Parameters
    ----------
    symmetric : bool
        If True, the blocs share capability ``c`` and reassurance ``r``.

    Returns
    -------
    SymbolicGame
        Players ``("A", "B", "G")``, actions ``("R", "E")``, ``("R", "E")``,
        ``("align-A", "align-B", "neutral")``, defaults :data:`THREE_BLOC_DEFAULTS`.

    Examples
    --------
    >>> g = three_bloc()
    >>> g.shape
    (2, 2, 3)
    >>> g.payoff(0, ["E", "R", "neutral"])
    alpha*c + b - c*k - c*theta - m - r
    >>> g.payoff(2, ["E", "E", "align-A"])
    -2*e - h + s_A
    >>> g.at().pure_equilibria()
    [(1, 1, 2)]
    """
    nonneg = {"nonnegative": True, "real": True}
    b, alpha, theta, beta, w, k = sp.symbols("b alpha theta beta w k", **nonneg)
    gamma, m, e, h, s_a, s_b = sp.symbols("gamma m e h s_A s_B", **nonneg)
    if symmetric:
        c, r = sp.symbols("c r", **nonneg)
        caps, reas, head = (c, c), (r, r), [c, r]
    else:
        c_a, c_b, r_a, r_b = sp.symbols("c_A c_B r_A r_B", **nonneg)
        caps, reas, head = (c_a, c_b), (r_a, r_b), [c_a, c_b, r_a, r_b]
    shape = (2, 2, 3)
    tables = [np.empty(shape, dtype=object) for _ in range(3)]
    for g_index in range(3):
        added = [gamma if g_index == x else 0 for x in range(2)]
        extra = m if g_index == 2 else 0
        eff = [caps[x] + added[x] for x in range(2)]
        for x in range(2):  # x: the bloc whose payoff this is, y: its rival
            y = 1 - x
            own = _bloc_payoffs(eff[x], eff[y], reas[x] + extra, b, alpha, theta, beta, w, k)
            for a_own in range(2):
                for a_other in range(2):
                    cell = (a_own, a_other, g_index) if x == 0 else (a_other, a_own, g_index)
                    # upkeep is paid on the bloc's own capability only, not on G's
                    tables[x][cell] = sp.expand(own[a_own][a_other] + k * added[x])
        for a_a in range(2):
            for a_b in range(2):
                pay = -e * (a_a + a_b) + (s_a if g_index == 0 else 0) + (s_b if g_index == 1 else 0)
                if g_index < 2 and a_a == a_b == 1:
                    pay -= h
                tables[2][a_a, a_b, g_index] = pay
    names = [*head, b, alpha, theta, beta, w, k, gamma, m, e, h, s_a, s_b]
    defaults = dict(THREE_BLOC_DEFAULTS)
    if not symmetric:
        defaults.update(c_A=defaults["c"], c_B=defaults["c"], r_A=defaults["r"], r_B=defaults["r"])
    wanted = {p.name for p in names}
    return SymbolicGame(
        [t.tolist() for t in tables],
        parameters=names,
        defaults={k_: v for k_, v in defaults.items() if k_ in wanted},
        players=["A", "B", "G"],
        actions=[["R", "E"], ["R", "E"], list(THREE_BLOC_G_ACTIONS)],
        title="three blocs: A, B and the Global South",
        description=(
            "Blocs A and B restrain (R) or escalate (E); the Global South G aligns with A, with "
            "B, or stays neutral and mediates (adding m to both blocs' reassurance)."
        ),
    )
