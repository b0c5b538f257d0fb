"""The verification gate of :func:`gametheory.solve`: what a method proposes becomes a
:class:`~gametheory.equilibrium.SolveResult`'s equilibria only through here.

Every solver method proposes candidate profiles (:class:`gametheory.solvers.registry.Proposals`);
none of them is trusted. :func:`verified` computes each profile's payoffs and regret (vectorised
for two players), drops the ones whose regret exceeds ``tol * game.payoff_range`` or whose
exact rational profile fails :func:`~gametheory.equilibrium.verify_exact`, merges duplicates
(:func:`~gametheory.equilibrium.distinct`) and puts the rest in the canonical order.
When a payoff difference of the game is below the absolute tolerance, floats cannot tell a gain
from a tie (:func:`unseparated_gap`); the accepted equilibria are then checked again in exact
rational arithmetic (:func:`exact_checked`).

The checks live beside the result types (:mod:`gametheory.equilibrium`), not among the solvers,
so that one gate serves every method and a method cannot skip it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .equilibrium import Equilibrium, distinct, make_equilibrium, unchecked_many, verify_exact
from .errors import GameError
from .game import PROB_TOL, Game
from .tolerance import absolute_tol

Rebuild = Callable[[Game, Sequence[Any]], Sequence[Any]]
"""``rebuild(game, profiles)``: exact rational versions of float two-player profiles (or None
for each one it cannot rebuild); :func:`gametheory.solvers.enummixed.exact_from_supports`."""


def verified(
    game: Game,
    profiles: Sequence[Sequence[Any]],
    tol: float,
    pairs: np.ndarray | None = None,
    exact: Sequence[Sequence[Sequence[Any]]] | None = None,
) -> tuple[list[Equilibrium], list[tuple[int, int]] | None, int]:
    """Verify, de-duplicate and order proposed profiles.

    Parameters
    ----------
    game : Game
    profiles : sequence
        Proposed profiles, one probability vector per player each.
    tol : float
        Relative tolerance: regret at most ``tol * game.payoff_range`` is accepted.
    pairs : array of shape (k, 2), optional
        Two players: each profile's extreme-strategy indices (for the Nash subsets).
    exact : sequence, optional
        The same profiles in rationals; each must pass the exact check too.

    Returns
    -------
    equilibria : list of Equilibrium
        The accepted ones, each once, in canonical order (largest probabilities first).
    pairs : list of (int, int) or None
        The `pairs` entries of the accepted equilibria, in the same order.
    rejected : int
        How many proposals failed a check.
    """
    atol = absolute_tol(game.payoff_range, tol)
    records = equilibria_of(game, profiles, exact)
    kept: list[tuple[Equilibrium, tuple[int, int] | None]] = []
    rejected = 0
    for k, eq in enumerate(records):
        if (
            eq is None
            or eq.regret > atol
            or (eq.exact is not None and not verify_exact(game, eq.exact))
        ):
            rejected += 1
            continue
        kept.append((eq, None if pairs is None else (int(pairs[k][0]), int(pairs[k][1]))))
    unique = distinct([eq.strategies for eq, _ in kept])
    kept = sorted((kept[k] for k in unique), key=lambda t: _order_key(t[0]))
    kept_pairs = None if pairs is None else [pr for _, pr in kept]
    return [eq for eq, _ in kept], kept_pairs, rejected


def _order_key(eq: Equilibrium) -> tuple[float, ...]:
    return tuple(-p for s in eq.strategies for p in s)


def equilibria_of(game: Game, profiles, exact_profiles=None) -> list[Equilibrium | None]:
    """Equilibrium records with payoffs and regret, None for a profile with a negative
    probability; vectorised for two players (the same quantities
    :func:`gametheory.equilibrium.make_equilibrium` computes one by one)."""
    if game.n_players > 2 and len(profiles) and exact_profiles is None:
        from .solvers._small import records  # one compiled pass over every profile

        built = records(game, profiles)
        if built is not None:  # else some profile is malformed: make_equilibrium says how
            return unchecked_many(
                Equilibrium,
                [
                    {"strategies": st, "payoffs": tuple(u), "regret": max(r, 0.0), "exact": None}
                    for st, u, r in zip(*built, strict=True)
                ],
            )
    if game.n_players != 2 or not len(profiles):
        return [
            make_equilibrium(game, p, None if exact_profiles is None else exact_profiles[k])
            for k, p in enumerate(profiles)
        ]
    A, B = game.payoffs
    X = np.array([np.asarray(p[0], dtype=float) for p in profiles])
    Y = np.array([np.asarray(p[1], dtype=float) for p in profiles])
    if X.shape[1:] != (A.shape[0],) or Y.shape[1:] != (A.shape[1],):
        raise GameError(f"solve(): a method proposed profiles not of the game's shape {A.shape}")
    bad = (X < -PROB_TOL).any(axis=1) | (Y < -PROB_TOL).any(axis=1)
    X = np.clip(X, 0.0, None)
    Y = np.clip(Y, 0.0, None)
    X /= X.sum(axis=1, keepdims=True)
    Y /= Y.sum(axis=1, keepdims=True)
    rows = Y @ A.T  # value of each row against y, per profile
    cols = X @ B  # value of each column against x
    u1 = np.einsum("km,km->k", X, rows)
    u2 = np.einsum("kn,kn->k", Y, cols)
    regret = np.maximum(rows.max(axis=1) - u1, cols.max(axis=1) - u2)
    out: list[Equilibrium | None] = []
    for k in range(len(profiles)):
        if bad[k]:
            out.append(None)
            continue
        exact = None if exact_profiles is None else exact_profiles[k]
        out.append(
            Equilibrium(
                strategies=(tuple(X[k].tolist()), tuple(Y[k].tolist())),
                payoffs=(float(u1[k]), float(u2[k])),
                regret=float(max(regret[k], 0.0)),
                exact=None
                if exact is None
                else tuple(tuple(Fraction(v) for v in s) for s in exact),
            )
        )
    return out


def unseparated_gap(game: Game, rel_tol: float) -> float | None:
    """The smallest gap between two different payoffs of one player when it is at most the
    absolute tolerance (floats then cannot separate a gain from a tie), else None. Gaps at
    the level of float rounding of the payoffs themselves are ties, as the tolerance means."""
    from .solvers._small import smallest_gap  # one sort of every player's payoffs, compiled

    gap = smallest_gap(game._flat)
    return gap if gap is not None and gap <= absolute_tol(game.payoff_range, rel_tol) else None


def exact_checked(
    game: Game,
    equilibria: list[Equilibrium],
    gap: float,
    rel_tol: float,
    method: str,
    rebuild: Rebuild,
) -> tuple[list[Equilibrium], int]:
    """Keep the equilibria an exact regret check accepts (payoffs as exact rationals:
    :meth:`Game.exact_payoffs`); a mixed one without an exact profile is made exact by
    `rebuild` (two players), else the game is refused with the reason."""
    mixed = [eq for eq in equilibria if eq.exact is None and not eq.is_pure]
    rebuilt: dict[int, Any] = {}
    if mixed:
        if game.n_players != 2:
            raise GameError(
                f"solve(): payoffs differ by as little as {gap:g}, below the tolerance "
                f"{rel_tol:g} x the payoff range {game.payoff_range:g}, so floats cannot tell "
                f"gains from ties; {method} found mixed equilibria that cannot be checked "
                "exactly for this many players: divide the payoffs so that their range is "
                "smaller, or pass a smaller tol"
            )
        for eq, ex in zip(mixed, rebuild(game, [eq.strategies for eq in mixed]), strict=True):
            rebuilt[id(eq)] = ex
    kept = []
    for eq in equilibria:
        if eq.exact is not None:
            profile = eq.exact
        elif eq.is_pure:
            profile = tuple(
                tuple(Fraction(int(k == a)) for k in range(n))
                for a, n in zip(eq.pure_profile(), game.shape, strict=True)
            )
        else:
            profile = rebuilt.get(id(eq))
        if profile is not None and verify_exact(game, profile):
            kept.append(eq)
    return kept, len(equilibria) - len(kept)


__all__ = ["equilibria_of", "exact_checked", "unseparated_gap", "verified"]
