"""Literature checks: Jervis's security dilemma and Kydd's minimum trust in the two-bloc model."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from gametheory import GameError, minimum_trust
from gametheory.deterrence.two_bloc import TWO_BLOC_DEFAULTS, two_bloc
from gametheory.games import (
    chicken,
    prisoners_dilemma,
    stag_hunt,
    symmetric_2x2,
    symmetric_2x2_type,
)


@pytest.mark.parametrize(
    "game, kind",
    [
        (prisoners_dilemma().at(), "prisoners-dilemma"),  # T > R > P > S
        (stag_hunt().at(), "stag-hunt"),  # R > T >= P > S
        (chicken().at(), "chicken"),  # T > R > S > P
        (symmetric_2x2(R=3, S=2, T=1, P=0).at(), "harmony"),
        (symmetric_2x2(R=1, S=0, T=3, P=2).at(), "deadlock"),
        (symmetric_2x2(R=1, S=1, T=1, P=1).at(), "other"),
    ],
)
def test_symmetric_2x2_type(game, kind):
    assert symmetric_2x2_type(game) == kind


def test_security_dilemma_is_pd_without_reassurance_and_stag_hunt_with_it():
    """Jervis (1978): the security dilemma is a prisoner's dilemma while exploiting a restrained
    rival pays (T > R), an assurance game (stag hunt) once mutual restraint beats it (R > T).

    In the two-bloc game T - R = b + (alpha - theta) c - r, so reassurance r above
    b + (alpha - theta) c turns one into the other (beta > 2w keeps P > S).
    """
    d = TWO_BLOC_DEFAULTS
    for c in (1.0, 2.5, 4.0):
        line = d["b"] + (d["alpha"] - d["theta"]) * c
        assert symmetric_2x2_type(two_bloc().at(c=c, r=line - 0.3)) == "prisoners-dilemma"
        assert symmetric_2x2_type(two_bloc().at(c=c, r=line + 0.3)) == "stag-hunt"
    # with fear below war costs (beta < 2w) meeting escalation with escalation no longer pays:
    # the game becomes chicken (brinkmanship), not a prisoner's dilemma
    assert symmetric_2x2_type(two_bloc().at(beta=0.2, r=0.0)) == "chicken"


def test_minimum_trust_falls_with_reassurance():
    """Kydd (2005): restraint is a best reply iff the rival restrains with probability >= p*,
    p* = (P - S) / ((R - T) + (P - S)). Reassurance raises R - T and so lowers p*."""
    values = [minimum_trust(two_bloc().at(r=r))[0] for r in np.linspace(1.6, 5.0, 12)]
    assert all(a > b for a, b in itertools.pairwise(values))
    d = TWO_BLOC_DEFAULTS
    c, r = d["c"], d["r"]
    r_minus_t = r - d["b"] - (d["alpha"] - d["theta"]) * c
    p_minus_s = (d["beta"] - 2 * d["w"]) * c
    assert minimum_trust(two_bloc().at())[0] == pytest.approx(p_minus_s / (r_minus_t + p_minus_s))


def test_minimum_trust_is_the_mixed_equilibrium():
    # in a symmetric stag hunt, p* is also the mixed equilibrium's probability of the stag
    game = stag_hunt().at()
    assert minimum_trust(game)[0] == pytest.approx(2 / 3)


def test_type_needs_a_symmetric_2x2_game():
    with pytest.raises(GameError, match="not symmetric"):
        symmetric_2x2_type(two_bloc(symmetric=False).at(c_A=1, c_B=3))
