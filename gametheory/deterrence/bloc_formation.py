"""Bloc formation: n states each join the West, the East, or stay non-aligned.

Every state i has a capability ``w_i`` (also its economic weight) and affinities ``lean_W``,
``lean_E`` for the two camps, relative to non-alignment. With ``W_X`` the summed capability of
camp X and ``S_X = (1 + q_X) W_X`` its effective strength (``q_X``: military integration of
the camp, e.g. joint commands, basing, exercises), and ``tau = t / (1 + r)`` the threat
perceived per unit of hostile strength (reassurance ``r`` lowers it)::

    u_i(X)           = lean_X - tau S_Y / (1 + S_X) - h - e W_Y      X in {West, East}, Y the other
    u_i(non-aligned) =        - tau nu (S_W + S_E) / (1 + w_i)

A member's payoff rises with its camp's strength (a stronger camp shields it better), falls
with the threat from the other camp, with entanglement ``h`` (commitments, the risk of being
drawn into the camp's wars) and with the economic cost of tension ``e`` (trade with the other
camp's economies is lost). A non-aligned state keeps its trade and commitments, is a lesser
target (``nu`` < 1: exposure relative to a camp member) but is shielded only by itself.

Balancing ("banding together") is built in as a possibility, not a certainty: when camp West
grows by ``dS``, an East-leaning state's gain from joining East rather than staying non-aligned
changes by ``tau dS (nu / (1 + w_i) - 1 / (1 + S_E))``: it bands together iff the shield of the
East camp beats its own exposure — small states facing a large camp do, large states need not,
and reassurance (small ``tau``) damps the whole effect (Walt 1987, *The Origins of Alliances*,
on balancing against threat rather than power).

:meth:`BlocFormation.pure_equilibria` enumerates all ``3^n`` profiles with array operations (a
state's payoff depends on the others only through two sums); :meth:`BlocFormation.dynamics`
runs best-response dynamics from many seeded starts for larger n, with an iteration cap and a
``converged`` flag per start.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from ..errors import GameError, TooLargeError
from ..game import Game
from ..symbolic import SymbolicGame
from ..tolerance import check_tol
from ._bloc_payoffs import (  # noqa: F401 - WEST and EAST re-exported with CAMPS
    EAST,
    NONALIGNED,
    WEST,
    _action_values,
    _equilibria,
    _profiles,
    _scalar_payoff,
    _state_ranges,
)

MAX_DYNAMICS_ENTRIES = 10_000_000
"""Most ``n_starts x n`` profile entries :meth:`BlocFormation.dynamics` holds at once (about 40
bytes each across its arrays)."""

CAMPS: tuple[str, str, str] = ("West", "East", "non-aligned")
"""Action names, in action order (indices WEST, EAST, NONALIGNED = 0, 1, 2)."""

PARAMETERS: tuple[str, ...] = ("t", "r", "nu", "h", "e", "q_W", "q_E")
"""The model's parameters, all >= 0 (see :func:`bloc_formation`)."""

BLOC_DEFAULTS: dict[str, float] = {
    "t": 0.4,
    "r": 0.0,
    "nu": 0.7,
    "h": 0.3,
    "e": 0.05,
    "q_W": 0.0,
    "q_E": 0.0,
}
"""Default parameter values: no integration, no reassurance.

With these and :data:`DEFAULT_STATES`, the unique equilibrium has the four US allies and India
in the West, China and North Korea in the East, Russia and the Global South non-aligned; the
West's integration ``q_W`` then pulls Russia into the East and the Global South into the West.
"""

MAX_PROFILES_WORK = 3**13 * 13
"""Largest ``3^n * n`` that :meth:`BlocFormation.pure_equilibria` enumerates (n <= 13)."""

MAX_SYMBOLIC_ENTRIES = 3**6 * 6
"""Largest number of payoff expressions (``3^n * n``) :meth:`BlocFormation.symbolic` builds."""

_CHUNK = 1 << 15


@dataclass(frozen=True)
class BlocEquilibria:
    """What :meth:`BlocFormation.equilibria` returns (an
    :class:`~gametheory.equilibrium.EquilibriumResult`): every pure equilibrium.

    Attributes
    ----------
    profiles : np.ndarray
        ``(k, n)`` action indices, one row per equilibrium (:meth:`BlocFormation.pure_equilibria`).
    names : tuple of str
        The states, in profile order.
    """

    profiles: np.ndarray
    names: tuple[str, ...]

    method = "pure"
    complete = False
    reason = "pure equilibria only: every pure profile is checked, mixed ones are not searched"
    converged = None

    @property
    def equilibria(self) -> tuple[tuple[int, ...], ...]:
        """Each equilibrium as a tuple of camp indices (:data:`CAMPS`), one per state."""
        return tuple(tuple(int(a) for a in row) for row in self.profiles)

    def __len__(self) -> int:
        return len(self.profiles)

    def __iter__(self):
        return iter(self.equilibria)

    def to_dict(self) -> dict[str, Any]:
        return {
            "states": list(self.names),
            "method": self.method,
            "complete": self.complete,
            "equilibria": [[CAMPS[a] for a in eq] for eq in self.equilibria],
            "reason": self.reason,
            "converged": self.converged,
        }


@dataclass(frozen=True)
class State:
    """One state: name, capability (also economic weight) and affinities for the camps.

    ``lean_west`` and ``lean_east`` are the payoffs of membership from ties, ideology and
    history, relative to non-alignment (0).
    """

    name: str
    capability: float
    lean_west: float
    lean_east: float


DEFAULT_STATES: tuple[State, ...] = (
    State("United States", 5.0, 3.0, -6.0),
    State("Japan", 1.5, 1.0, -4.0),
    State("South Korea", 1.0, 0.6, -3.0),
    State("Australia", 0.8, 0.8, -4.0),
    State("India", 2.0, -0.5, -1.5),
    State("China", 4.0, -6.0, 3.0),
    State("Russia", 2.0, -5.0, -0.2),
    State("North Korea", 0.4, -6.0, -0.4),
    State("Global South", 2.5, -1.0, -1.0),
)
"""The nine states of the default scenario (stylised capabilities and affinities)."""


@dataclass(frozen=True)
class Dynamics:
    """Result of best-response dynamics from many starts.

    Attributes
    ----------
    starts, final : np.ndarray
        ``(n_starts, n)`` action indices at the start and at the end.
    converged : np.ndarray
        Per start: the end profile is a pure equilibrium (a full round without a switch).
    rounds : np.ndarray
        Per start: rounds run (a round lets every state reply once, in order).
    max_rounds : int
        The iteration cap.
    """

    starts: np.ndarray
    final: np.ndarray
    converged: np.ndarray
    rounds: np.ndarray
    max_rounds: int

    def equilibria(self) -> list[tuple[tuple[int, ...], int]]:
        """Distinct end profiles of converged starts with how many starts reached each."""
        ends = self.final[self.converged]
        if not len(ends):
            return []
        unique, counts = np.unique(ends, axis=0, return_counts=True)
        order = np.argsort(-counts, kind="stable")
        return [(tuple(int(a) for a in unique[k]), int(counts[k])) for k in order]


@dataclass(frozen=True)
class BlocFormation:
    """The bloc-formation game for given states; parameters as in :data:`PARAMETERS`.

    Build it with :func:`bloc_formation`. Methods take parameter values as keywords (the
    rest from `defaults`).
    """

    states: tuple[State, ...]
    defaults: Mapping[str, float] = field(default_factory=lambda: dict(BLOC_DEFAULTS))

    @property
    def n(self) -> int:
        return len(self.states)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    def values(self, func: str = "BlocFormation", **values: Any) -> dict[str, float]:
        """Defaults updated with `values`; unknown names and negative or non-finite values raise."""
        out = dict(self.defaults)
        for name, value in values.items():
            if name not in PARAMETERS:
                raise GameError(
                    f"{func}: unknown parameter {name!r}; parameters are {list(PARAMETERS)}"
                )
            out[name] = value
        for name, value in out.items():
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise GameError(f"{func}: parameter {name!r} = {value!r} is not a number") from None
            if not math.isfinite(number) or number < 0:
                raise GameError(f"{func}: parameter {name!r} = {value!r} must be finite and >= 0")
            out[name] = number
        if not np.isfinite(_state_ranges(*self._arrays(), out)).all():
            given = ", ".join(f"{k} = {v!r}" for k, v in values.items()) or "the defaults"
            raise GameError(
                f"{func}: with {given} the payoffs overflow (a state's payoff range is not "
                f"finite in float arithmetic); use smaller values"
            )
        return out

    def _tolerances(self, rel: float, p: Mapping[str, float]) -> np.ndarray:
        """Each state's tolerance on its deviation gains: ``rel`` times its own payoff range.

        Not the whole game's range: with q_W = 1e9 the ranges differ by a factor 5.7, and one
        state's 4.36 gain fell below 1e-9 times the largest range (257 false equilibria).
        """
        spreads = _state_ranges(*self._arrays(), p)
        return rel * np.where(spreads > 0, spreads, 1.0)

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        caps = np.array([s.capability for s in self.states], dtype=float)
        lean_w = np.array([s.lean_west for s in self.states], dtype=float)
        lean_e = np.array([s.lean_east for s in self.states], dtype=float)
        return caps, lean_w, lean_e

    # ---------------------------------------------------------------- payoffs
    def action_values(self, profiles: Any, **values: Any) -> np.ndarray:
        """Payoff of every action of every state against the others' choices in `profiles`.

        `profiles` has shape ``(m, n)`` (action indices); returns ``(m, n, 3)``: entry
        ``[k, i, a]`` is state i's payoff if it plays `a` while the others play profile k.
        """
        p = self.values("BlocFormation.action_values()", **values)
        arr = np.asarray(profiles)
        bad_index = arr.size > 0 and (arr.min() < 0 or arr.max() > 2)
        if arr.ndim != 2 or arr.shape[1] != self.n or bad_index:
            raise GameError(
                f"BlocFormation.action_values(): profiles must be an (m, {self.n}) array of "
                f"action indices 0..2, got shape {arr.shape}"
            )
        return _action_values(arr, *self._arrays(), p)

    def game(self, **values: Any) -> Game:
        """The numeric n-player game (payoff arrays of shape ``(3,) * n``)."""
        func = "BlocFormation.game()"
        self._check_size(func, MAX_PROFILES_WORK, "pure_equilibria() or dynamics()")
        p = self.values(func, **values)
        profiles = _profiles(0, 3**self.n, self.n)
        vals = _action_values(profiles, *self._arrays(), p)
        own = np.take_along_axis(vals, profiles[:, :, None].astype(np.intp), axis=2)[:, :, 0]
        payoffs = [own[:, i].reshape((3,) * self.n) for i in range(self.n)]
        return Game(payoffs, players=self.names, actions=[CAMPS] * self.n, title="bloc formation")

    def symbolic(self) -> SymbolicGame:
        """The game as a :class:`SymbolicGame` in the parameters (small n only)."""
        func = "BlocFormation.symbolic()"
        self._check_size(func, MAX_SYMBOLIC_ENTRIES, ".game(**values) or pure_equilibria()")
        syms = {name: sp.Symbol(name, nonnegative=True, real=True) for name in PARAMETERS}
        t, r, nu, h, e = (syms[k] for k in ("t", "r", "nu", "h", "e"))
        q = (syms["q_W"], syms["q_E"])
        tau = t / (1 + r)
        caps = [sp.nsimplify(s.capability) for s in self.states]
        leans = [(sp.nsimplify(s.lean_west), sp.nsimplify(s.lean_east)) for s in self.states]
        shape = (3,) * self.n
        tables = [np.empty(shape, dtype=object) for _ in range(self.n)]
        for idx in np.ndindex(shape):
            raw = [
                sum((caps[j] for j in range(self.n) if idx[j] == x), sp.Integer(0)) for x in (0, 1)
            ]
            strength = [(1 + q[x]) * raw[x] for x in (0, 1)]
            for i, a in enumerate(idx):
                if a == NONALIGNED:
                    tables[i][idx] = -tau * nu * (strength[0] + strength[1]) / (1 + caps[i])
                else:
                    y = 1 - a
                    tables[i][idx] = (
                        leans[i][a] - tau * strength[y] / (1 + strength[a]) - h - e * raw[y]
                    )
        return SymbolicGame(
            [tb.tolist() for tb in tables],
            parameters=[syms[k] for k in PARAMETERS],
            defaults=dict(self.defaults),
            players=self.names,
            actions=[CAMPS] * self.n,
            title=f"bloc formation ({self.n} states)",
            description="Each state joins the West, the East, or stays non-aligned.",
        )

    def _check_size(self, func: str, limit: int, alternative: str) -> None:
        work = 3**self.n * self.n
        if work > limit:
            raise TooLargeError(
                f"{func}: {self.n} states make 3^{self.n} = {3**self.n} profiles and {work} "
                f"payoff entries, above the limit {limit}; use {alternative}"
            )

    # ---------------------------------------------------------------- equilibria
    def pure_equilibria(self, tol: float | None = None, **values: Any) -> np.ndarray:
        """All pure Nash equilibria, vectorised over the ``3^n`` profiles.

        A profile is an equilibrium when no state gains more than ``tol`` times its own payoff
        range by switching camps (each state's range, not the whole game's: one state's gain
        must not hide below another state's scale).

        Returns
        -------
        np.ndarray
            ``(k, n)`` action indices, one row per equilibrium, in lexicographic order.

        Raises
        ------
        TooLargeError
            More than :data:`MAX_PROFILES_WORK` payoff entries (the message names the size;
            :meth:`dynamics` works for any n).
        GameError
            Bad parameters.

        Examples
        --------
        >>> model = bloc_formation()
        >>> [[CAMPS[a] for a in eq][:3] for eq in model.pure_equilibria()]
        [['West', 'West', 'West']]
        """
        func = "BlocFormation.pure_equilibria()"
        rel = check_tol("BlocFormation.pure_equilibria", tol)
        self._check_size(func, MAX_PROFILES_WORK, "dynamics(), best-response dynamics")
        p = self.values(func, **values)
        arrays = self._arrays()
        atol = self._tolerances(rel, p)
        total = 3**self.n
        found = [np.empty((0, self.n), dtype=np.int8)]
        for start in range(0, total, _CHUNK):
            profiles = _profiles(start, min(start + _CHUNK, total), self.n)
            found.append(_equilibria(profiles, *arrays, p, atol))
        return np.concatenate(found).astype(np.int64)

    def equilibria(self, tol: float | None = None, **values: Any) -> BlocEquilibria:
        """:meth:`pure_equilibria` as an :class:`~gametheory.equilibrium.EquilibriumResult`.

        >>> result = bloc_formation().equilibria()
        >>> len(result), result.complete, [CAMPS[a] for a in next(iter(result))][:2]
        (1, False, ['West', 'West'])
        """
        return BlocEquilibria(self.pure_equilibria(tol, **values), self.names)

    def payoff(self, state: int, profile: Sequence[int], **values: Any) -> float:
        """State `state`'s payoff at a pure profile, one profile at a time in plain Python.

        The scalar definition of the module docstring's formulas, kept separate from the
        array kernel so each can check the other (:meth:`pure_equilibria_loop`).
        """
        p = self.values("BlocFormation.payoff()", **values)
        return _scalar_payoff(self.states, p, state, profile)

    def pure_equilibria_loop(self, tol: float | None = None, **values: Any) -> np.ndarray:
        """The same answer as :meth:`pure_equilibria` by a plain loop over the profiles.

        Slow (``3^n * n * 3`` calls of :meth:`payoff`); kept as the independent cross-check
        and as the baseline of the benchmark in ``benchmarks/``.
        """
        from itertools import product

        rel = check_tol("BlocFormation.pure_equilibria_loop", tol)
        self._check_size("BlocFormation.pure_equilibria_loop()", 3**10 * 10, "pure_equilibria()")
        p = self.values("BlocFormation.pure_equilibria_loop()", **values)
        table = {}
        for profile in product(range(3), repeat=self.n):
            table[profile] = [_scalar_payoff(self.states, p, i, profile) for i in range(self.n)]
        spreads = [
            max(v[i] for v in table.values()) - min(v[i] for v in table.values())
            for i in range(self.n)
        ]
        atol = [rel * (s if s > 0 else 1.0) for s in spreads]
        found = []
        for profile, pays in table.items():
            stable = True
            for i in range(self.n):
                for a in range(3):
                    if a != profile[i]:
                        dev = (*profile[:i], a, *profile[i + 1 :])
                        if table[dev][i] > pays[i] + atol[i]:
                            stable = False
                            break
                if not stable:
                    break
            if stable:
                found.append(profile)
        return np.array(found, dtype=np.int64).reshape(len(found), self.n)

    def dynamics(
        self,
        n_starts: int = 1000,
        seed: int = 0,
        max_rounds: int = 200,
        starts: Any = None,
        tol: float | None = None,
        **values: Any,
    ) -> Dynamics:
        """Best-response dynamics from many starts: states reply in turn until nobody moves.

        In each round every state, in order, switches to its best reply if that gains more
        than ``tol`` times the spread of its current action values (ties keep the current
        camp). A start has converged when a whole round passes without a switch; then its end
        profile is a pure equilibrium. Works for any n (no enumeration).

        Parameters
        ----------
        n_starts, seed : int
            Uniformly random starting profiles from ``numpy.random.default_rng(seed)``.
        max_rounds : int
            Iteration cap; starts still moving then are reported with ``converged`` False
            (best-response dynamics can cycle).
        starts : array_like, optional
            ``(k, n)`` starting profiles instead of random ones.

        Examples
        --------
        >>> run = bloc_formation().dynamics(n_starts=50, seed=1)
        >>> bool(run.converged.all()), len(run.equilibria())
        (True, 1)
        """
        func = "BlocFormation.dynamics()"
        rel = check_tol("BlocFormation.dynamics", tol)
        p = self.values(func, **values)
        for name, v in (("n_starts", n_starts), ("max_rounds", max_rounds), ("seed", seed)):
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
                raise GameError(f"{func}: {name} must be an integer >= 0, got {v!r}")
        if starts is None:
            if n_starts < 1:
                raise GameError(f"{func}: n_starts must be >= 1, got {n_starts}")
            if n_starts * self.n > MAX_DYNAMICS_ENTRIES:
                raise TooLargeError(
                    f"{func}: n_starts = {n_starts} x {self.n} states = {n_starts * self.n:.3g} "
                    f"profile entries (~{n_starts * self.n * 40 / 2**30:.3g} GiB of arrays), more "
                    f"than {MAX_DYNAMICS_ENTRIES:.3g}; use n_starts <= "
                    f"{MAX_DYNAMICS_ENTRIES // self.n} (run batches with different seeds for more)"
                )
            current = np.random.default_rng(seed).integers(0, 3, (int(n_starts), self.n))
        else:
            current = np.array(starts, dtype=np.int64)
            if current.ndim == 1:
                current = current[None, :]
            if current.ndim != 2 or current.shape[1] != self.n or current.size == 0:
                raise GameError(
                    f"{func}: starts must be a (k, {self.n}) array of action indices, got shape "
                    f"{current.shape}"
                )
            if current.min() < 0 or current.max() > 2:
                raise GameError(f"{func}: starts must hold action indices 0, 1, 2")
        first = current.copy()
        arrays = self._arrays()
        moving = np.ones(len(current), dtype=bool)
        rounds = np.zeros(len(current), dtype=np.int64)
        for _ in range(int(max_rounds)):
            if not moving.any():
                break
            rows = np.flatnonzero(moving)
            switched = np.zeros(len(rows), dtype=bool)
            for i in range(self.n):
                prof = current[rows]
                vals = _action_values(prof, *arrays, p)[:, i, :]
                here = vals[np.arange(len(rows)), prof[:, i]]
                best = vals.argmax(axis=1)
                span = vals.max(axis=1) - vals.min(axis=1)
                move = vals.max(axis=1) > here + rel * np.where(span > 0, span, 1.0)
                current[rows[move], i] = best[move]
                switched |= move
            rounds[rows] += 1
            moving[rows[~switched]] = False
        return Dynamics(
            starts=first,
            final=current,
            converged=~moving,
            rounds=rounds,
            max_rounds=int(max_rounds),
        )

    def cascade(
        self, start: Sequence[int], max_steps: int = 100, tol: float | None = None, **values: Any
    ) -> tuple[list[tuple[int, ...]], bool]:
        """One switch at a time from `start`: the state that gains most moves first.

        Returns the profiles visited (start included) and whether the walk ended at a pure
        equilibrium within `max_steps` switches. Used to show the order in which states
        change camp when a parameter (e.g. the West's integration ``q_W``) moves.
        """
        func = "BlocFormation.cascade()"
        rel = check_tol("BlocFormation.cascade", tol)
        p = self.values(func, **values)
        now = np.array(start, dtype=np.int64)
        if now.shape != (self.n,) or now.min() < 0 or now.max() > 2:
            raise GameError(f"{func}: start must list {self.n} action indices 0..2, got {start!r}")
        arrays = self._arrays()
        path = [tuple(int(a) for a in now)]
        for _ in range(int(max_steps)):
            vals = _action_values(now[None, :], *arrays, p)[0]
            here = vals[np.arange(self.n), now]
            gains = vals.max(axis=1) - here
            span = vals.max(axis=1) - vals.min(axis=1)
            gains[gains <= rel * np.where(span > 0, span, 1.0)] = 0.0
            if not gains.any():
                return path, True
            i = int(np.argmax(gains))
            now[i] = int(np.argmax(vals[i]))
            path.append(tuple(int(a) for a in now))
        vals = _action_values(now[None, :], *arrays, p)[0]
        return path, bool(np.all(vals[np.arange(self.n), now] >= vals.max(axis=1)))

    def camp_strengths(self, profiles: Any, **values: Any) -> np.ndarray:
        """``(m, 3)`` summed capability of West, East and the non-aligned per profile."""
        arr = np.atleast_2d(np.asarray(profiles))
        caps = self._arrays()[0]
        return np.stack([(arr == x) @ caps for x in range(3)], axis=1)


def bloc_formation(
    states: Sequence[State | tuple] | None = None, **defaults: float
) -> BlocFormation:
    """The bloc-formation game: each state joins the West, the East, or stays non-aligned.

    Parameters
    ----------
    states : sequence of State or (name, capability, lean_west, lean_east) tuples, optional
        Default :data:`DEFAULT_STATES`: United States, Japan, South Korea, Australia, India,
        China, Russia, North Korea and a Global South player.
    **defaults : float
        Parameter defaults (all >= 0; unlisted ones from :data:`BLOC_DEFAULTS`):
        ``t`` threat per unit of hostile strength; ``r`` reassurance (perceived threat is
        ``t / (1 + r)``); ``nu`` exposure of a non-aligned state relative to a camp member;
        ``h`` entanglement cost of membership; ``e`` economic cost of tension (per unit of the
        other camp's economic weight); ``q_W``, ``q_E`` military integration of each camp
        (multiplies its effective strength by ``1 + q``). Payoffs are in the module docstring.

    Returns
    -------
    BlocFormation
        ``.pure_equilibria()`` (all, vectorised over ``3^n`` profiles), ``.dynamics()``
        (best-response dynamics for any n), ``.game()`` (numeric Game), ``.symbolic()``
        (SymbolicGame, up to 6 states: building and compiling 3^n * n expressions takes seconds).

    Raises
    ------
    GameError
        Fewer than two states, repeated names, non-finite or negative capabilities, or bad
        parameter values.

    Examples
    --------
    >>> model = bloc_formation()
    >>> model.n, model.names[-1]
    (9, 'Global South')
    >>> len(model.pure_equilibria(q_W=1.0, r=0.0)) >= 1
    True
    """
    func = "bloc_formation()"
    raw = DEFAULT_STATES if states is None else states
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
        raise GameError(f"{func}: states must be a sequence of State, got {type(raw).__name__}")
    out = []
    for k, s in enumerate(raw):
        if not isinstance(s, State):
            try:
                s = State(str(s[0]), float(s[1]), float(s[2]), float(s[3]))
            except (TypeError, ValueError, IndexError):
                raise GameError(
                    f"{func}: states[{k}] = {s!r} is not a State or a (name, capability, "
                    "lean_west, lean_east) tuple"
                ) from None
        numbers = (s.capability, s.lean_west, s.lean_east)
        if not all(math.isfinite(float(x)) for x in numbers) or s.capability < 0:
            raise GameError(
                f"{func}: states[{k}] ({s.name!r}) needs a finite capability >= 0 and finite "
                f"leanings, got {numbers}"
            )
        out.append(s)
    if len(out) < 2:
        raise GameError(f"{func}: needs at least two states, got {len(out)}")
    names = [s.name for s in out]
    if len(set(names)) != len(names):
        raise GameError(f"{func}: state names must be unique, got {names}")
    model = BlocFormation(tuple(out), dict(BLOC_DEFAULTS))
    return BlocFormation(model.states, model.values(func, **defaults))


__all__ = [
    "BLOC_DEFAULTS",
    "CAMPS",
    "DEFAULT_STATES",
    "PARAMETERS",
    "BlocEquilibria",
    "BlocFormation",
    "Dynamics",
    "State",
    "bloc_formation",
]
