"""Incomplete information: Bayesian games with a common prior, signaling games and their
perfect Bayesian equilibria (separating, pooling, semi-separating).

>>> from gametheory.bayesian import reassurance_range
>>> r = reassurance_range()
>>> r.lower, r.upper
(Max(0, -P + T_e - d), -P + R)
"""

from .models import (
    costly_reassurance,
    reassurance_range,
    security_dilemma_types,
    spiral_minimum_trust,
)
from .signaling import (
    PBE,
    CostRange,
    PBEResult,
    SeparatingProfile,
    SignalingGame,
    perfect_bayesian,
    separating_conditions,
    separating_range,
)
from .types import BayesianGame, BayesNash, bayesian_equilibria

__all__ = [
    "PBE",
    "BayesNash",
    "BayesianGame",
    "CostRange",
    "PBEResult",
    "SeparatingProfile",
    "SignalingGame",
    "bayesian_equilibria",
    "costly_reassurance",
    "perfect_bayesian",
    "reassurance_range",
    "security_dilemma_types",
    "separating_conditions",
    "separating_range",
    "spiral_minimum_trust",
]
