"""Classic games, each a :class:`~gametheory.symbolic.SymbolicGame` with numeric defaults.

Every constructor returns the symbolic game; ``.at()`` gives the numeric game at the defaults.

>>> from gametheory import solve
>>> len(solve(prisoners_dilemma().at()).equilibria)
1
>>> len(solve(stag_hunt().at()).equilibria)
3
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy as sp

from .blocs import DEFAULT_STATES, bloc_formation
from .blocs import BlocFormation as BlocFormation  # re-exported: the bloc-formation model
from .blocs import State as State
from .errors import GameError
from .game import Game
from .symbolic import SymbolicGame


def symmetric_2x2(
    R: float = 3,
    S: float = 0,
    T: float = 5,
    P: float = 1,
    actions: tuple[str, str] = ("C", "D"),
    title: str = "symmetric 2x2",
) -> SymbolicGame:
    """The symmetric 2x2 game with Reward, Sucker, Temptation and Punishment payoffs.

    Row player's payoffs (the column player's are the transpose)::

                 C   D
            C    R   S
            D    T   P

    The arguments are the defaults of the symbols ``R, S, T, P``. Ordering decides the game:
    T > R > P > S is the prisoner's dilemma, R > T >= P > S the stag hunt (assurance game),
    T > R > S > P chicken (Rapoport & Chammah 1966; Jervis 1978).

    >>> symmetric_2x2().at(T=4).payoffs[0].tolist()
    [[3.0, 0.0], [4.0, 1.0]]
    """
    r, s, t, p = sp.symbols("R S T P", real=True)
    row = [[r, s], [t, p]]
    col = [[r, t], [s, p]]
    return SymbolicGame(
        [row, col],
        parameters=[r, s, t, p],
        defaults={"R": R, "S": S, "T": T, "P": P},
        actions=[list(actions), list(actions)],
        title=title,
        meanings={
            "R": "reward for mutual cooperation",
            "S": "sucker's payoff",
            "T": "temptation to defect",
            "P": "punishment for mutual defection",
        },
    )


def prisoners_dilemma(R: float = 3, S: float = 0, T: float = 5, P: float = 1) -> SymbolicGame:
    """Prisoner's dilemma, T > R > P > S (Axelrod 1984's 5, 3, 1, 0 by default)."""
    return symmetric_2x2(R, S, T, P, title="prisoner's dilemma")


def stag_hunt(R: float = 4, S: float = 0, T: float = 3, P: float = 2) -> SymbolicGame:
    """Stag hunt, R > T >= P > S; with the defaults (D, D) risk-dominates (P - S > R - T)."""
    return symmetric_2x2(R, S, T, P, actions=("Stag", "Hare"), title="stag hunt")


def chicken(R: float = 3, S: float = 1, T: float = 4, P: float = 0) -> SymbolicGame:
    """Chicken (hawk-dove), T > R > S > P: two pure asymmetric equilibria and a mixed one."""
    return symmetric_2x2(R, S, T, P, actions=("Swerve", "Straight"), title="chicken")


def matching_pennies(stake: float = 1) -> SymbolicGame:
    """Matching pennies: player 1 wins `stake` on a match, player 2 on a mismatch."""
    a = sp.Symbol("a", positive=True)
    return SymbolicGame(
        [[[a, -a], [-a, a]], [[-a, a], [a, -a]]],
        parameters=[a],
        defaults={"a": stake},
        actions=[["H", "T"], ["H", "T"]],
        title="matching pennies",
        meanings={"a": "stake"},
    )


def battle_of_sexes(high: float = 3, low: float = 2) -> SymbolicGame:
    """Battle of the sexes: both want to meet, player 1 prefers the first place.

    Payoffs (player 1, player 2) are (high, low) at the first place, (low, high) at the second
    and 0 on a miss. The mixed equilibrium has player 1 choosing the first place with
    probability high / (high + low).
    """
    h, lo = sp.symbols("h l", positive=True)
    return SymbolicGame(
        [[[h, 0], [0, lo]], [[lo, 0], [0, h]]],
        parameters=[h, lo],
        defaults={"h": high, "l": low},
        meanings={"h": "payoff at one's preferred place", "l": "payoff at the other place"},
        actions=[["Opera", "Football"], ["Opera", "Football"]],
        title="battle of the sexes",
    )


# ----------------------------------------------------------------------------- deterrence
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


# ----------------------------------------------------------------------------- classification
def symmetric_2x2_type(game: Game, tol: float | None = None) -> str:
    """Name the class of a symmetric 2x2 game from the order of R, S, T, P.

    R = u(C,C), S = u(C,D), T = u(D,C), P = u(D,D) for the row player, the first action being
    cooperation (restraint). Returns one of ``"prisoners-dilemma"`` (T > R > P > S),
    ``"stag-hunt"`` (R > T, P > S: the assurance game), ``"chicken"`` (T > R, S > P),
    ``"harmony"`` (R > T, S > P), ``"deadlock"`` (T > P > R > S: defection dominant and mutual
    defection preferred) or ``"other"`` for orders with ties and the remaining cases.

    Jervis (1978, "Cooperation under the security dilemma", World Politics 30) reads the
    security dilemma as a prisoner's dilemma when exploiting a restrained rival pays (T > R)
    and as a stag hunt when mutual restraint is preferred to exploitation (R > T); raising
    reassurance r in :func:`two_bloc` moves the game from the first to the second.

    >>> symmetric_2x2_type(prisoners_dilemma().at()), symmetric_2x2_type(stag_hunt().at())
    ('prisoners-dilemma', 'stag-hunt')
    """
    from .tolerance import absolute_tol, check_tol

    if game.shape != (2, 2) or game.n_players != 2:
        raise GameError(f"symmetric_2x2_type(): needs a 2x2 game, got shape {game.shape}")
    A, B = game.payoffs
    atol = absolute_tol(game.payoff_range, check_tol("symmetric_2x2_type", tol))
    if np.max(np.abs(A - B.T)) > atol:
        raise GameError("symmetric_2x2_type(): the game is not symmetric (B != A transposed)")
    R, S, T, P = A[0, 0], A[0, 1], A[1, 0], A[1, 1]

    def gt(x, y):
        return x > y + atol

    if gt(T, R) and gt(R, P) and gt(P, S):
        return "prisoners-dilemma"
    if gt(T, P) and gt(P, R) and gt(R, S):
        return "deadlock"
    if gt(R, T) and gt(P, S):
        return "stag-hunt"
    if gt(T, R) and gt(S, P):
        return "chicken"
    if gt(R, T) and gt(S, P):
        return "harmony"
    return "other"


CATALOG: dict[str, tuple[Callable[[], SymbolicGame], str]] = {
    "two_bloc": (two_bloc, "two-bloc deterrence vs reassurance, symmetric (c, r)"),
    "two_bloc_asymmetric": (
        lambda: two_bloc(symmetric=False),
        "two-bloc game with c_A, c_B, r_A, r_B",
    ),
    "two_bloc_accidents": (
        lambda: two_bloc(noise="constant"),
        "two-bloc game, an intended R becomes E with probability eps",
    ),
    "two_bloc_capability_accidents": (
        lambda: two_bloc(noise="capability"),
        "two-bloc game, accident probability eps0 * c grows with capability",
    ),
    "prisoners_dilemma": (prisoners_dilemma, "prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1)"),
    "stag_hunt": (stag_hunt, "stag hunt (4, 0, 3, 2)"),
    "chicken": (chicken, "chicken (3, 1, 4, 0)"),
    "matching_pennies": (matching_pennies, "matching pennies, stake a"),
    "battle_of_sexes": (battle_of_sexes, "battle of the sexes (h, l)"),
    "symmetric_2x2": (symmetric_2x2, "symmetric 2x2 game in R, S, T, P"),
}
"""Built-in models by name (the CLI's ``builtin:NAME``): constructor and one-line description."""


# ----------------------------------------------------------------------------- trees and types
# Sequential deterrence (Zagare & Kilgour 2000) and trust under incomplete information (Kydd
# 2005) live in gametheory.extensive and gametheory.bayesian; re-exported here with the rest.
from .bayesian.models import costly_reassurance, security_dilemma_types  # noqa: E402
from .extensive.models import entry_game, mutual_deterrence, unilateral_deterrence  # noqa: E402


def _reduced(tree_of: Callable[[], Any]) -> Callable[[], SymbolicGame]:
    def build() -> SymbolicGame:
        from .extensive.reduce import reduced_normal_form

        return reduced_normal_form(tree_of())

    return build


# ----------------------------------------------------------------------------- three blocs
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


CATALOG.update(
    {
        "unilateral_deterrence": (
            _reduced(unilateral_deterrence),
            "Zagare-Kilgour unilateral deterrence tree, reduced strategic form",
        ),
        "mutual_deterrence": (
            _reduced(mutual_deterrence),
            "Zagare-Kilgour mutual deterrence tree, reduced strategic form",
        ),
        "security_dilemma_types": (
            lambda: security_dilemma_types().ex_ante_form(),
            "Kydd's security dilemma with seeker/expansionist types, prior p (ex-ante form)",
        ),
        "costly_reassurance": (
            lambda: costly_reassurance().strategic_form(),
            "Kydd's costly reassurance signaling game, gesture cost k (strategic form)",
        ),
        "three_bloc": (three_bloc, "blocs A, B and the Global South G (align-A/align-B/neutral)"),
        "three_bloc_asymmetric": (
            lambda: three_bloc(symmetric=False),
            "three-bloc game with c_A, c_B, r_A, r_B",
        ),
    }
)

TREES: dict[str, tuple[Callable[[], Any], str]] = {
    "unilateral_deterrence": (unilateral_deterrence, "challenger, defender: SQ / concede / resist"),
    "mutual_deterrence": (mutual_deterrence, "either bloc may challenge, the other resist"),
    "entry_game": (entry_game, "Selten's chain-store stage game"),
    "costly_reassurance": (
        lambda: costly_reassurance().tree(),
        "Kydd's reassurance signaling game as a tree",
    ),
}
"""Built-in game trees by name (``gametheory spe builtin:NAME``)."""


# ----------------------------------------------------------------------------- n-player dilemma
def n_player_dilemma(n: int = 3, b: float = 2.0, c: float = 3.0) -> SymbolicGame:
    """The n-player prisoner's dilemma: cooperating (action 0) costs c, gives b to each other.

    ``u_i = b * (cooperators among the others) - c * [i cooperates]``. With ``c > 0`` defection
    is dominant; with ``(n - 1) b > c`` universal cooperation beats universal defection.

    >>> g = n_player_dilemma().at()
    >>> [float(g.payoffs[0][k]) for k in [(0, 0, 0), (1, 1, 1), (1, 0, 0)]]
    [1.0, 0.0, 4.0]
    """
    from itertools import product

    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= 8:
        raise GameError(f"n_player_dilemma(): n = {n!r}, expected an integer in 2..8")
    bs, cs = sp.symbols("b c", real=True)
    tables = [np.empty((2,) * n, dtype=object) for _ in range(n)]
    for profile in product(range(2), repeat=n):
        for i in range(n):
            others = sum(1 for j in range(n) if j != i and profile[j] == 0)
            tables[i][profile] = bs * others - cs * (1 if profile[i] == 0 else 0)
    return SymbolicGame(
        [t.tolist() for t in tables],
        parameters=[bs, cs],
        defaults={"b": b, "c": c},
        actions=[["C", "D"]] * n,
        title=f"{n}-player prisoner's dilemma",
    )


CATALOG["n_player_dilemma"] = (n_player_dilemma, "3-player prisoner's dilemma (b, c) = (2, 3)")


BLOC_CATALOG_STATES = ("United States", "Japan", "China", "Russia", "Global South")
"""The five states of ``builtin:bloc_formation`` (the CLI's symbolic game; nine states are
3^9 x 9 payoff expressions, so the nine-state analysis uses :class:`BlocFormation` directly)."""

CATALOG["bloc_formation"] = (
    lambda: bloc_formation([s for s in DEFAULT_STATES if s.name in BLOC_CATALOG_STATES]).symbolic(),
    "bloc formation, 5 states choose West/East/non-aligned (t, r, nu, h, e, q_W, q_E)",
)
