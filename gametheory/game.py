"""Numeric n-player games in normal (strategic) form.

Payoff layout
-------------
A game with players ``0 .. n-1``, where player ``i`` has ``n_i`` actions, stores one array per
player::

    payoffs[i][a_0, a_1, ..., a_{n-1}]  ==  player i's payoff when player j plays action a_j

so every ``payoffs[i]`` has the same shape ``(n_0, ..., n_{n-1})``. For two players this is the
familiar bimatrix ``(A, B)``: ``A = payoffs[0]`` is the row player's matrix and ``B = payoffs[1]``
the column player's, both indexed ``[row, column]`` (nashpy's and QuantEcon's convention).

Profiles
--------
A *profile* has one entry per player. Each entry is an action index, an action name, or a
probability vector over that player's actions. Probability vectors must be finite, non-negative
and sum to one within :data:`PROB_TOL`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numba import njit

from .errors import GameError, TooLargeError
from .tolerance import PROB_SUM_TOL, absolute_tol, check_tol

PROB_TOL = PROB_SUM_TOL
"""How far a probability vector may be from summing to one, or below zero, and still be accepted."""

MAX_PAYOFF = 1e100
"""Largest payoff magnitude accepted.

Solvers form differences, sums and products of payoffs (regrets, payoff ranges, the
determinants of vertex enumeration); far below the float limit (about 1.8e308) none of them
overflows. Equilibria do not change when a player's payoffs are all divided by one positive
number, so larger payoffs can always be rescaled first.
"""

MAX_ENTRIES = 50_000_000
"""Most payoff entries (players x profiles) a Game holds: 400 MB as floats, before copies."""


def _check_size(func: str, shape: Sequence[int], n: int) -> None:
    """Refuse a game whose payoff arrays would exceed :data:`MAX_ENTRIES`, before building them."""
    profiles = math.prod(int(k) for k in shape)
    entries = profiles * n
    if entries > MAX_ENTRIES:
        counts = sorted({int(k) for k in shape})
        if len(counts) == 1:
            sizes = f"{counts[0]} actions each"
        else:
            sizes = f"{counts[0]} to {counts[-1]} actions"
        raise TooLargeError(
            f"{func}: {n} players with {sizes} make {profiles:.3g} profiles and "
            f"{entries:.3g} payoff entries (~{entries * 8 / 2**30:.3g} GiB as floats), more than "
            f"{MAX_ENTRIES:.3g}; use a smaller game, or a model that needs no payoff table "
            "(e.g. bloc_formation(...).dynamics())"
        )


Profile = Sequence[Any]


def _names(
    func: str, what: str, names: Iterable[Any] | None, count: int, default
) -> tuple[str, ...]:
    if names is None:
        return tuple(default(k) for k in range(count))
    if isinstance(names, str):
        raise GameError(f"{func}: {what} must be a sequence of names, got the string {names!r}")
    result = tuple(str(name) for name in names)
    if len(result) != count:
        raise GameError(f"{func}: expected {count} {what}, got {len(result)}: {list(result)}")
    if len(set(result)) != len(result):
        dupes = sorted({name for name in result if result.count(name) > 1})
        raise GameError(f"{func}: {what} must be unique, repeated: {dupes}")
    return result


def _exact_array(func: str, index: int, values: Any) -> np.ndarray | None:
    """An object array of Fractions if `values` holds exact rationals that floats cannot carry."""
    arr = np.asarray(values, dtype=object)
    flat = arr.ravel()
    if not any(isinstance(v, Fraction) for v in flat) and not any(
        type(v).__module__.startswith("sympy") for v in flat
    ):
        return None
    out = np.empty(arr.shape, dtype=object)
    for pos, v in np.ndenumerate(arr):
        try:
            out[pos] = Fraction(str(v)) if not isinstance(v, (int, Fraction)) else Fraction(v)
        except (ValueError, TypeError):
            raise GameError(
                f"{func}: payoffs[{index}]{list(pos)} = {v!r} is not a rational number"
            ) from None
    return out


class Game:
    """A finite game in normal form with any number of players.

    Parameters
    ----------
    payoffs : sequence of array_like
        One payoff array per player, each of shape ``(n_0, ..., n_{n-1})``; see the module
        docstring for the layout. Entries must be finite real numbers (ints, floats, Fractions).
    players : sequence of str, optional
        Player names; default ``"1", "2", ...`` (as Gambit names them).
    actions : sequence of sequence of str, optional
        Action names per player; default ``"1", "2", ...`` for every player.
    title : str
        A title, kept when writing Gambit ``.nfg`` files.

    Raises
    ------
    GameError
        Ragged or mismatched arrays, NaN or infinite payoffs, payoffs above :data:`MAX_PAYOFF`
        in magnitude, a player without actions, or names of the wrong number.

    Examples
    --------
    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                        players=["A", "B"], actions=[["C", "D"], ["C", "D"]])
    >>> g.shape
    (2, 2)
    >>> g.pure_equilibria()
    [(1, 1)]
    >>> g.payoff(["D", [0.5, 0.5]]).tolist()
    [3.0, 0.5]
    """

    __slots__ = ("_actions", "_exact", "_flat", "_payoffs", "_players", "_range", "title")

    def __init__(
        self,
        payoffs: Sequence[Any],
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> None:
        func = "Game()"
        if isinstance(payoffs, np.ndarray) and payoffs.ndim > 0:
            payoffs = list(payoffs)
        if not isinstance(payoffs, Sequence) or isinstance(payoffs, str) or len(payoffs) == 0:
            raise GameError(
                f"{func}: payoffs must be a non-empty sequence of arrays, one per player"
            )
        n = len(payoffs)
        arrays, exact = [], []
        first_shape = getattr(payoffs[0], "shape", None)
        if isinstance(first_shape, tuple):  # an array: refuse by size before copying anything
            _check_size(func, first_shape, n)
        for i, raw in enumerate(payoffs):
            try:
                arr = np.array(raw, dtype=float)
                if i == 0:
                    _check_size(func, arr.shape, n)
            except MemoryError:
                raise TooLargeError(
                    f"{func}: payoffs[{i}] does not fit in memory as a float array; use a "
                    "smaller game"
                ) from None
            except OverflowError:
                raise GameError(
                    f"{func}: payoffs[{i}] holds a number too large for a float; payoffs must be "
                    f"at most {MAX_PAYOFF:g} in magnitude (divide them by a common factor)"
                ) from None
            except (ValueError, TypeError) as err:
                raise GameError(
                    f"{func}: payoffs[{i}] is not a rectangular array of real numbers ({err})"
                ) from None
            if arr.ndim != n:
                raise GameError(
                    f"{func}: payoffs[{i}] has {arr.ndim} dimension(s), expected {n} "
                    f"(one axis per player)"
                )
            if arrays and arr.shape != arrays[0].shape:
                raise GameError(
                    f"{func}: payoffs[{i}] has shape {arr.shape}, expected {arrays[0].shape} "
                    "like payoffs[0]"
                )
            if 0 in arr.shape:
                empty = [k for k, size in enumerate(arr.shape) if size == 0]
                raise GameError(
                    f"{func}: player(s) {empty} have no actions; each needs at least one"
                )
            bad = ~np.isfinite(arr)
            if bad.any():
                pos = tuple(int(k) for k in np.argwhere(bad)[0])
                raise GameError(
                    f"{func}: payoffs[{i}]{list(pos)} is {arr[pos]}; payoffs must be finite numbers"
                )
            huge = np.abs(arr) > MAX_PAYOFF
            if huge.any():
                pos = tuple(int(k) for k in np.argwhere(huge)[0])
                raise GameError(
                    f"{func}: payoffs[{i}]{list(pos)} is {arr[pos]:g}; payoffs must be at most "
                    f"{MAX_PAYOFF:g} in magnitude (divide every payoff of a player by one positive "
                    "number: the equilibria stay the same)"
                )
            arr.setflags(write=False)
            arrays.append(arr)
            exact.append(_exact_array(func, i, raw))
        shape = arrays[0].shape
        self._payoffs = tuple(arrays)
        self._exact = tuple(exact) if any(e is not None for e in exact) else None
        self._players = _names(func, "players", players, n, lambda k: str(k + 1))
        if actions is None:
            self._actions = tuple(tuple(str(a + 1) for a in range(size)) for size in shape)
        else:
            if isinstance(actions, str) or len(actions) != n:
                raise GameError(
                    f"{func}: actions must list the action names of each of {n} players"
                )
            self._actions = tuple(
                _names(
                    func,
                    f"actions of player {self._players[i]!r}",
                    acts,
                    shape[i],
                    lambda k: str(k + 1),
                )
                for i, acts in enumerate(actions)
            )
        self._range = float(max(float(a.max() - a.min()) for a in arrays))
        # every player's payoffs flattened (C order), for the compiled action-value kernel
        self._flat = np.ascontiguousarray(np.stack([a.ravel() for a in arrays]), dtype=float)
        self.title = str(title)

    # ---------------------------------------------------------------- constructors
    @classmethod
    def _checked(
        cls,
        payoffs: np.ndarray,
        payoff_range: float,
        players: tuple[str, ...],
        actions: tuple[tuple[str, ...], ...],
        flat: np.ndarray | None = None,
    ) -> Game:
        """A game from one read-only float array of shape ``(n_players, *shape)`` whose
        entries a caller has already validated as ``Game()`` does (finite, at most
        :data:`MAX_PAYOFF`), with its payoff range and names (and, optionally, the same
        payoffs as a C-contiguous ``(n_players, -1)`` array): the batch solver's path, which
        validates a whole batch at once."""
        game = object.__new__(cls)
        game._payoffs = tuple(payoffs)
        game._exact = None
        game._players = players
        game._actions = actions
        game._range = payoff_range
        if flat is None:
            flat = np.ascontiguousarray(payoffs.reshape(payoffs.shape[0], -1))
        game._flat = flat
        game.title = ""
        return game

    @classmethod
    def from_bimatrix(cls, A: Any, B: Any, **names: Any) -> Game:
        """A two-player game from the row player's matrix `A` and the column player's `B`.

        >>> Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).shape
        (2, 2)
        """
        return cls([A, B], **names)

    @classmethod
    def from_nashpy(cls, game: Any, **names: Any) -> Game:
        """A game from a ``nashpy.Game`` (its ``payoff_matrices``)."""
        try:
            A, B = game.payoff_matrices
        except (AttributeError, TypeError, ValueError):
            raise GameError(
                f"Game.from_nashpy(): expected a nashpy.Game, got {type(game).__name__}"
            ) from None
        return cls([A, B], **names)

    def to_nashpy(self):
        """This game as a ``nashpy.Game`` (two players only)."""
        import nashpy

        if self.n_players != 2:
            raise GameError(
                f"Game.to_nashpy(): nashpy handles two players, this game has {self.n_players}"
            )
        return nashpy.Game(np.array(self._payoffs[0]), np.array(self._payoffs[1]))

    # ---------------------------------------------------------------- structure
    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """One read-only float array per player, laid out as in the module docstring."""
        return self._payoffs

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        return self._actions

    @property
    def n_players(self) -> int:
        return len(self._payoffs)

    @property
    def shape(self) -> tuple[int, ...]:
        return self._payoffs[0].shape

    @property
    def payoff_range(self) -> float:
        """Largest ``max - min`` of any player's payoffs: the scale for relative tolerances."""
        return self._range

    @property
    def has_exact_payoffs(self) -> bool:
        """True if the game was built from exact rationals that floats cannot hold."""
        return self._exact is not None

    def exact_payoffs(self) -> tuple[np.ndarray, ...]:
        """Payoffs as object arrays of :class:`fractions.Fraction`.

        Exact rationals given to the constructor are kept; float payoffs are converted to the
        exact value of the float.
        """
        if self._exact is not None:
            return tuple(
                e if e is not None else np.vectorize(Fraction, otypes=[object])(a)
                for e, a in zip(self._exact, self._payoffs, strict=True)
            )
        return tuple(np.vectorize(Fraction, otypes=[object])(a) for a in self._payoffs)

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        return f"<Game{title} players={list(self._players)} shape={self.shape}>"

    def player_index(self, player: int | str) -> int:
        """Index of a player given by index or name."""
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= player < self.n_players:
                return int(player)
        elif player in self._players:
            return self._players.index(player)
        raise GameError(
            f"Game.player_index(): no player {player!r}; players are {list(self._players)}"
        )

    def action_index(self, player: int | str, action: int | str) -> int:
        """Index of an action of `player` given by index or name."""
        i = self.player_index(player)
        return pure_action("Game.action_index()", self._players, self._actions, i, action)

    def profile_index(self, profile: Any, func: str = "Game.profile_index()") -> tuple[int, ...]:
        """Action indices of a pure profile (see :func:`pure_profile_index`).

        >>> g = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]],
        ...                        actions=[["R", "E"], ["R", "E"]])
        >>> g.profile_index("E,R"), g.profile_index([1, [1.0, 0.0]])
        ((1, 0), (1, 0))
        """
        return pure_profile_index(func, self._players, self._actions, profile)

    # ---------------------------------------------------------------- profiles
    def strategy(self, player: int | str, spec: Any) -> np.ndarray:
        """A validated probability vector for `player` from an action index, name or vector."""
        i = self.player_index(player)
        size = self.shape[i]
        if isinstance(spec, (str, int, np.integer)) and not isinstance(spec, bool):
            vec = np.zeros(size)
            vec[self.action_index(i, spec)] = 1.0
            return vec
        try:
            vec = np.array(spec, dtype=float)
        except (TypeError, ValueError):
            raise GameError(
                f"Game.strategy(): player {self._players[i]!r}: {spec!r} is neither an action "
                "nor a probability vector"
            ) from None
        if vec.shape != (size,):
            raise GameError(
                f"Game.strategy(): player {self._players[i]!r} has {size} actions, got a strategy "
                f"of shape {vec.shape}"
            )
        if not np.all(np.isfinite(vec)) or vec.min() < -PROB_TOL or abs(vec.sum() - 1) > PROB_TOL:
            raise GameError(
                f"Game.strategy(): player {self._players[i]!r}: {vec.tolist()} is not a "
                f"probability vector (entries >= 0 summing to 1, within {PROB_TOL})"
            )
        return np.clip(vec, 0.0, None)

    def profile(self, profile: Profile) -> tuple[np.ndarray, ...]:
        """A validated mixed profile: one probability vector per player."""
        if isinstance(profile, (str, bytes)) or not isinstance(profile, (Sequence, np.ndarray)):
            raise GameError(
                f"Game.profile(): a profile needs one entry per player ({self.n_players}), "
                f"got {profile!r}"
            )
        if len(profile) != self.n_players:
            raise GameError(
                f"Game.profile(): a profile needs one entry per player ({self.n_players}), "
                f"got {len(profile)}"
            )
        return tuple(self.strategy(i, spec) for i, spec in enumerate(profile))

    # ---------------------------------------------------------------- payoffs
    def action_values(self, profile: Profile, player: int | str) -> np.ndarray:
        """Expected payoff of each pure action of `player` against the others' strategies."""
        i = self.player_index(player)
        return self._values(self.profile(profile))[i]

    def payoff(self, profile: Profile) -> np.ndarray:
        """Expected payoff of every player under a (mixed) profile; shape ``(n_players,)``."""
        strategies = self.profile(profile)
        values = self._values(strategies)
        return np.array([float(v @ x) for v, x in zip(values, strategies, strict=True)])

    def regrets(self, profile: Profile) -> np.ndarray:
        """Per player: best pure payoff against the others minus the payoff of the profile."""
        strategies = self.profile(profile)
        values = self._values(strategies)
        return np.array(
            [max(0.0, float(v.max() - v @ x)) for v, x in zip(values, strategies, strict=True)]
        )

    def _values(self, strategies: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Every player's action values against the others' strategies (validated)."""
        x = np.concatenate(strategies)
        offsets = np.zeros(self.n_players + 1, np.int64)
        offsets[1:] = np.cumsum(self.shape)
        values = action_values_kernel(self._flat, np.array(self.shape, np.int64), x, offsets)
        return [values[offsets[i] : offsets[i + 1]] for i in range(self.n_players)]

    def regret(self, profile: Profile) -> float:
        """Largest gain any player gets by deviating from `profile` (absolute payoff units).

        Zero exactly at a Nash equilibrium. Compare with ``tol * game.payoff_range``.
        """
        return float(self.regrets(profile).max())

    def best_responses(
        self, profile: Profile, player: int | str, tol: float | None = None
    ) -> tuple[int, ...]:
        """Actions of `player` within ``tol * payoff_range`` of the best reply to the others."""
        i = self.player_index(player)
        atol = absolute_tol(self._range, check_tol("Game.best_responses", tol))
        values = self._values(self.profile(profile))[i]
        return tuple(int(a) for a in np.flatnonzero(values >= values.max() - atol))

    def pure_equilibria(self, tol: float | None = None) -> list[tuple[int, ...]]:
        """All pure-strategy Nash equilibria, any number of players, as action-index tuples.

        A pure profile is an equilibrium if no player gains more than ``tol * payoff_range``
        by a unilateral deviation.
        """
        atol = absolute_tol(self._range, check_tol("Game.pure_equilibria", tol))
        stable = np.ones(self.shape, dtype=bool)
        for i, arr in enumerate(self._payoffs):
            stable &= arr >= arr.max(axis=i, keepdims=True) - atol
        return [tuple(int(a) for a in idx) for idx in np.argwhere(stable)]


def pure_action(
    func: str,
    players: Sequence[str],
    actions: Sequence[Sequence[str]],
    i: int,
    entry: Any,
    vectors: bool = False,
) -> int:
    """Index of player i's action given by name, index or (with `vectors`) a unit vector."""
    names = list(actions[i])
    if isinstance(entry, str):
        if entry.strip() in names:
            return names.index(entry.strip())
        raise GameError(
            f"{func}: player {players[i]!r} has no action {entry!r}; actions are {names}"
        )
    if isinstance(entry, (int, np.integer)) and not isinstance(entry, (bool, np.bool_)):
        if 0 <= entry < len(names):
            return int(entry)
        raise GameError(
            f"{func}: player {players[i]!r} has no action {entry} (indices 0..{len(names) - 1}); "
            f"actions are {names}"
        )
    vec = None
    if vectors:
        try:
            vec = np.asarray(entry, dtype=float)
        except (TypeError, ValueError):
            vec = None
    if vec is None or vec.shape != (len(names),) or not np.all(np.isfinite(vec)):
        raise GameError(
            f"{func}: player {players[i]!r}: {entry!r} is not an action; actions are {names}"
        )
    k = int(np.argmax(vec))
    if abs(vec[k] - 1.0) <= PROB_TOL and np.all(np.abs(np.delete(vec, k)) <= PROB_TOL):
        return k
    raise GameError(
        f"{func}: player {players[i]!r} plays the mixed strategy {vec.tolist()}; a pure profile "
        f"is needed (one action per player; player {players[i]!r} has {names})"
    )


def pure_profile_index(
    func: str, players: Sequence[str], actions: Sequence[Sequence[str]], profile: Any
) -> tuple[int, ...]:
    """Action indices of a pure profile: ``"R,E"``, or one name, index or unit vector per player.

    The one parser of pure profiles, behind :meth:`Game.profile_index` and
    :meth:`~gametheory.symbolic.SymbolicGame.profile_index`; errors start with `func`.

    >>> pure_profile_index("f()", ["A", "B"], [["R", "E"], ["R", "E"]], "R, E")
    (0, 1)
    >>> pure_profile_index("f()", ["A", "B"], [["R", "E"], ["R", "E"]], "R")
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: f(): profile ['R'] has 1 entries; expected one action for each ...
    """
    n = len(players)
    if isinstance(profile, str):
        entries: list[Any] = [part.strip() for part in profile.split(",")]
    elif isinstance(profile, (Sequence, np.ndarray)) and not isinstance(profile, bytes):
        entries = list(profile)
    else:
        raise GameError(
            f"{func}: profile {profile!r} is neither a list of actions nor a string like "
            f"'{','.join(a[0] for a in actions)}'"
        )
    if len(entries) != n:
        raise GameError(
            f"{func}: profile {entries} has {len(entries)} entries; expected one action for each "
            f"of the {n} players {list(players)}"
        )
    return tuple(
        pure_action(func, players, actions, i, entry, vectors=True)
        for i, entry in enumerate(entries)
    )


@njit(cache=True, nogil=True)
def action_values_kernel(flat, shape, x, offsets):
    """Every player's expected payoff from each of its pure actions against the others.

    `flat[i]` is player i's payoff array in C order, `x` all players' mixed strategies
    concatenated (player i's at ``x[offsets[i]:offsets[i + 1]]``); the result is laid out
    like `x`. One pass over the pure profiles, skipping those the others never play: this is
    the one computation behind :meth:`Game.regret` and the solvers' quick regret filters.
    """
    n = shape.shape[0]
    values = np.zeros(x.shape[0])
    idx = np.zeros(n, np.int64)
    for pos in range(flat.shape[1]):
        rest = pos  # decode the pure profile at flat position pos (C order)
        for j in range(n - 1, -1, -1):
            idx[j] = rest % shape[j]
            rest //= shape[j]
        for i in range(n):
            w = 1.0
            for j in range(n):
                if j != i:
                    w *= x[offsets[j] + idx[j]]
            if w != 0.0:
                values[offsets[i] + idx[i]] += w * flat[i, pos]
    return values


def as_game(game: Any, func: str = "as_game") -> Game:
    """Accept a :class:`Game`, a ``nashpy.Game`` or a ``(A, B)`` pair; raise GameError otherwise."""
    if isinstance(game, Game):
        return game
    if hasattr(game, "payoff_matrices"):
        return Game.from_nashpy(game)
    if hasattr(game, "at") and hasattr(game, "parameters"):
        raise GameError(
            f"{func}(): got a SymbolicGame; give numbers with .at(name=value, ...) first"
        )
    if isinstance(game, (tuple, list)):
        return Game(list(game))
    raise GameError(f"{func}(): expected a Game, got {type(game).__name__}")
