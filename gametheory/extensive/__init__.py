"""Extensive-form games: trees, subgame perfection, the reduced strategic form.

>>> from gametheory.extensive import ExtensiveGame, move, outcome, subgame_perfect
>>> g = ExtensiveGame(move("A", {"l": outcome(1, 1), "r": move("B", {"x": outcome(2, 0),
...                                                                  "y": outcome(0, 2)})}),
...                   players=["A", "B"])
>>> [e.to_dict() for e in subgame_perfect(g)]
[{'moves': {'A': 'l', 'B': 'y'}, 'payoffs': [1.0, 1.0]}]
"""

from .reduce import profile_of, reduced_normal_form, reduced_strategies, strategy_count_bound
from .spe import (
    PreferenceCondition,
    SPEResult,
    SubgamePerfect,
    credibility,
    spe_conditions,
    subgame_perfect,
)
from .tree import ExtensiveGame, InfoSet, Node, chance, move, outcome

__all__ = [
    "ExtensiveGame",
    "InfoSet",
    "Node",
    "PreferenceCondition",
    "SPEResult",
    "SubgamePerfect",
    "chance",
    "credibility",
    "move",
    "outcome",
    "profile_of",
    "reduced_normal_form",
    "reduced_strategies",
    "spe_conditions",
    "strategy_count_bound",
    "subgame_perfect",
]
