"""The claims ledger's record type, :class:`ClaimSpec`, and the models' prior boxes.

They sit below the ledger (:mod:`gametheory.deterrence.claims`: evaluation, registry,
rendering) and the records themselves (:mod:`.claims_specs`, :mod:`.claims_choice`), which
all import them, so that the registry can load the records without an import cycle
(docs/claims.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sympy as sp

from ..errors import GameError

# ------------------------------------------------------------------------- prior boxes
TWO_BLOC_BOX: dict[str, tuple[float, float]] = {
    "c": (0.0, 5.0),
    "r": (0.0, 5.0),
    "b": (0.0, 2.0),
    "alpha": (0.0, 1.0),
    "theta": (0.0, 1.0),
    "beta": (0.0, 2.0),
    "w": (0.0, 0.5),
    "k": (0.0, 0.2),
    "eps0": (0.0, 0.1),
}
"""The two-bloc prior: about twice each default (docs/two_bloc.md), c and r over the (c, r)
plane of the docs, eps0 up to 0.1 so that eps0 c <= 0.5 is a probability."""

THREE_BLOC_BOX: dict[str, tuple[float, float]] = {
    **{k: v for k, v in TWO_BLOC_BOX.items() if k != "eps0"},
    "gamma": (0.0, 2.0),
    "m": (0.0, 2.0),
    "e": (0.0, 0.6),
    "h": (0.0, 1.2),
    "s_A": (0.0, 0.6),
    "s_B": (0.0, 0.6),
}
"""The three-bloc prior: the two-bloc box and about twice each of G's defaults
(docs/three_bloc.md)."""

BLOC_FORMATION_BOX: dict[str, tuple[float, float]] = {
    "q_W": (0.0, 3.0),
    "r": (0.0, 2.0),
    "t": (0.1, 1.6),
    "nu": (0.2, 1.0),
    "h": (0.0, 0.6),
    "e": (0.0, 0.1),
}
"""The bloc-formation prior (default states; docs/bloc_formation.md): the West's integration
up to 3, reassurance up to 2, threat t from a quarter to four times its default, the rest
about twice their defaults."""

CREDIBILITY_BOX: dict[str, tuple[float, float]] = {
    "b": (0.0, 2.0),
    "v": (0.0, 1.0),
    "alpha": (0.0, 1.0),
    "theta": (0.0, 1.0),
    "w": (0.0, 0.5),
    "c_A": (0.0, 5.0),
    "c_B": (0.0, 5.0),
}
"""The Zagare-Kilgour prior (gametheory.deterrence.credibility): the two-bloc box for b,
alpha, theta, w and the capabilities, the defender's loss v from backing down up to twice its
default."""

TRUST_BOX: dict[str, tuple[float, float]] = {
    "p": (0.0, 1.0),
    "R": (2.5, 4.0),
    "S": (-1.0, 0.5),
    "P": (0.5, 1.5),
    "T_s": (1.0, 2.5),
    "T_e": (4.0, 7.0),
    "d": (0.0, 6.0),
    "k": (0.0, 3.0),
}
"""Kydd's priors (gametheory.deterrence.trust): every prior trust p; each payoff within about
one unit of its default (R 3, S 0, P 1, T_s 2, T_e 5; the expansionist's extra gesture cost d
and the cost k up to twice theirs), keeping the orders of a security dilemma everywhere in the
box: S <= P < R, T_s <= R < T_e."""

SPIRAL_BOX: dict[str, tuple[float, float]] = {
    "c": (0.0, 10.0),
    "delta": (0.8, 0.98),
    "eps0": (0.005, 0.05),
}
"""The spiral prior (docs/spiral.md): c over the range its windows scan, discounting from 0.8
to 0.98, accident rates per unit of capability from a quarter to 2.5 times the default."""


# ------------------------------------------------------------------------- records
@dataclass(frozen=True)
class ClaimSpec:
    """One claim of the commentary as the registry holds it (what to test, not the result).

    Attributes
    ----------
    id : str
        Stable identifier; several specs may test one claim with different models
        (``"<claim>"``, ``"<claim>.<model>"``).
    statement : str
        The commentary's claim in our words.
    models : tuple of str
        The models that test it (modules of :mod:`gametheory.deterrence`).
    proposition : str
        The claim in model terms: what is decided at a parameter point.
    prior : mapping
        The box: parameter name -> (low, high), sampled uniformly.
    assumed : tuple of str
        Premises the models assume rather than derive.
    condition : callable or None
        Returns the proposition as a sympy condition over the prior's names (closed form).
    predicate : callable or None
        Decides the proposition at one point (a dict over the prior's names), numerically.
    fixed : mapping
        Parameters held fixed (the models' defaults elsewhere), stated with the record.
    awaiting : tuple of str
        Models that would test the claim directly and have no record for it yet.
    integrate : bool or tuple of str
        Closed forms only: also integrate the condition's indicator over the box exactly
        (sympy), for conditions sympy integrates in a moment (opt-in: it can take long). A
        tuple gives the order of integration, innermost first (default: the prior's order);
        sympy's piecewise integration succeeds in some orders and not in others.
    """

    id: str
    statement: str
    models: tuple[str, ...]
    proposition: str
    prior: Mapping[str, tuple[float, float]]
    assumed: tuple[str, ...] = ()
    condition: Callable[[], sp.Basic] | None = field(default=None, repr=False)
    predicate: Callable[[dict[str, float]], bool] | None = field(default=None, repr=False)
    fixed: Mapping[str, float] = field(default_factory=dict)
    awaiting: tuple[str, ...] = ()
    integrate: bool | tuple[str, ...] = False

    def __post_init__(self) -> None:
        func = "ClaimSpec()"
        if (self.condition is None) == (self.predicate is None):
            raise GameError(f"{func}: {self.id!r} needs exactly one of condition and predicate")
        if not self.prior:
            raise GameError(f"{func}: {self.id!r} has an empty prior box")
        if self.integrate and self.condition is None:
            raise GameError(f"{func}: {self.id!r} integrate needs a closed-form condition")
        if isinstance(self.integrate, tuple) and sorted(self.integrate) != sorted(self.prior):
            raise GameError(
                f"{func}: {self.id!r} integration order {self.integrate} is not an order of "
                f"the prior's names {list(self.prior)}"
            )
        for name, (lo, hi) in self.prior.items():
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise GameError(f"{func}: {self.id!r} prior {name} = [{lo}, {hi}] is not a range")
