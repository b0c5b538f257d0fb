"""Incomplete information: Bayesian games with a common prior, signaling games and their
perfect Bayesian equilibria (separating, pooling, semi-separating).

The deterrence models built on these (Kydd's security dilemma with types and his costly
reassurance game) live in :mod:`gametheory.deterrence.trust`.
"""

from .separating import CostRange, SeparatingProfile, separating_conditions, separating_range
from .signaling import PBE, PBEResult, SignalingGame, perfect_bayesian
from .types import BayesianGame, BayesianResult, BayesNash, bayesian_equilibria

__all__ = [
    "PBE",
    "BayesNash",
    "BayesianGame",
    "BayesianResult",
    "CostRange",
    "PBEResult",
    "SeparatingProfile",
    "SignalingGame",
    "bayesian_equilibria",
    "perfect_bayesian",
    "separating_conditions",
    "separating_range",
]
