"""Classic games, each a :class:`~gametheory.symbolic.SymbolicGame` with numeric defaults.

Every constructor returns the symbolic game; ``.at()`` gives the numeric game at the defaults.
The deterrence models live in :mod:`gametheory.deterrence`; their old names here
(``gametheory.games.two_bloc``, ...) still resolve, loaded on first use, so importing this
module does not import the domain.

>>> from gametheory import solve
>>> len(solve(prisoners_dilemma().at()).equilibria)
1
>>> len(solve(stag_hunt().at()).equilibria)
3
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from ._lazy import lazy_attributes
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


CATALOG: dict[str, tuple[Callable[[], SymbolicGame], str]] = {
    "prisoners_dilemma": (prisoners_dilemma, "prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1)"),
    "stag_hunt": (stag_hunt, "stag hunt (4, 0, 3, 2)"),
    "chicken": (chicken, "chicken (3, 1, 4, 0)"),
    "matching_pennies": (matching_pennies, "matching pennies, stake a"),
    "battle_of_sexes": (battle_of_sexes, "battle of the sexes (h, l)"),
    "symmetric_2x2": (symmetric_2x2, "symmetric 2x2 game in R, S, T, P"),
    "n_player_dilemma": (n_player_dilemma, "3-player prisoner's dilemma (b, c) = (2, 3)"),
}
"""Built-in classic games by name (the CLI's ``builtin:NAME``, with
:data:`gametheory.deterrence.catalog.CATALOG`): constructor and one-line description."""

# Old names of the deterrence models, which moved to gametheory.deterrence (resolved on first
# use, so importing this module does not import the domain).
_MOVED = {
    name: f"gametheory.deterrence.{module}"
    for module, names in {
        "two_bloc": ("two_bloc", "TWO_BLOC_DEFAULTS", "TWO_BLOC_MEANINGS"),
        "three_bloc": ("three_bloc", "THREE_BLOC_DEFAULTS", "THREE_BLOC_G_ACTIONS"),
        "bloc_formation": ("bloc_formation", "BlocFormation", "State"),
        "credibility": ("entry_game", "unilateral_deterrence", "mutual_deterrence"),
        "trust": ("security_dilemma_types", "costly_reassurance"),
    }.items()
    for name in names
}
__getattr__, __dir__ = lazy_attributes(__name__, _MOVED, globals())
