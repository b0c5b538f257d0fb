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
from .separating import CostRange, SeparatingProfile, separating_conditions, separating_range
from .signaling import PBE, PBEResult, SignalingGame, perfect_bayesian
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
