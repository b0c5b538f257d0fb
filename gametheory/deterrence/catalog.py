"""The deterrence models by name: the CLI's ``builtin:NAME`` for games and game trees.

The classic games (prisoner's dilemma, stag hunt, ...) are in :data:`gametheory.games.CATALOG`;
the command line offers both (:func:`gametheory.cli.common.builtin_models`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..extensive.reduce import reduced_normal_form
from ..symbolic import SymbolicGame
from .bloc_formation import DEFAULT_STATES, PARAMETERS, bloc_formation
from .credibility import entry_game, mutual_deterrence, unilateral_deterrence
from .three_bloc import three_bloc
from .trust import costly_reassurance, security_dilemma_types
from .two_bloc import two_bloc


def _reduced(tree_of: Callable[[], Any]) -> Callable[[], SymbolicGame]:
    def build() -> SymbolicGame:
        return reduced_normal_form(tree_of())

    return build


BLOC_CATALOG_STATES = ("United States", "Japan", "China", "Russia", "Global South")
"""The five states of ``builtin:bloc_formation`` (the CLI's symbolic game; nine states are
3^9 x 9 payoff expressions, so the nine-state analysis uses :class:`BlocFormation` directly)."""


def _reduced_arming():
    from .arming import arming

    return arming().game


def _escalation():
    from .escalation import escalation_ladder

    return escalation_ladder()


def _five_state_blocs() -> SymbolicGame:
    return bloc_formation([s for s in DEFAULT_STATES if s.name in BLOC_CATALOG_STATES]).symbolic()


def _bloc_description() -> str:
    """``games``' line for builtin:bloc_formation, counted from the model's states."""
    chosen = [s.name for s in DEFAULT_STATES if s.name in BLOC_CATALOG_STATES]
    return (
        f"bloc formation, {len(chosen)} of the model's {len(DEFAULT_STATES)} states "
        f"({', '.join(chosen)}) choose West/East/non-aligned ({', '.join(PARAMETERS)})"
    )


CATALOG: dict[str, tuple[Callable[[], Any], str]] = {
    "two_bloc": (two_bloc, "two-bloc deterrence vs reassurance, symmetric (c, r)"),
    "two_bloc_asymmetric": (
        lambda: two_bloc(symmetric=False),
        "two-bloc game with c_A, c_B, r_A, r_B",
    ),
    "two_bloc_accidents": (
        lambda: two_bloc(noise="constant"),
        "two-bloc game, an intended R becomes E with probability eps",
    ),
    "two_bloc_capability_accidents": (
        lambda: two_bloc(noise="capability"),
        "two-bloc game, accident probability eps0 * c grows with capability",
    ),
    "unilateral_deterrence": (
        _reduced(unilateral_deterrence),
        "Zagare-Kilgour unilateral deterrence tree, reduced strategic form",
    ),
    "mutual_deterrence": (
        _reduced(mutual_deterrence),
        "Zagare-Kilgour mutual deterrence tree, reduced strategic form",
    ),
    "security_dilemma_types": (
        lambda: security_dilemma_types().ex_ante_form(),
        "Kydd's security dilemma with seeker/expansionist types, prior p (ex-ante form)",
    ),
    "costly_reassurance": (
        lambda: costly_reassurance().strategic_form(),
        "Kydd's costly reassurance signaling game, gesture cost k (strategic form)",
    ),
    "three_bloc": (three_bloc, "blocs A, B and the Global South G (align-A/align-B/neutral)"),
    "three_bloc_asymmetric": (
        lambda: three_bloc(symmetric=False),
        "three-bloc game with c_A, c_B, r_A, r_B",
    ),
    "arming": (
        _reduced_arming,
        "reduced arming game: A and B choose capability 0..5, then the risk-dominant two-bloc play",
    ),
    "bloc_formation": (
        _five_state_blocs,
        _bloc_description(),
    ),
}
"""Built-in deterrence models by name: constructor and one-line description."""

TREES: dict[str, tuple[Callable[[], Any], str]] = {
    "unilateral_deterrence": (unilateral_deterrence, "challenger, defender: SQ / concede / resist"),
    "mutual_deterrence": (mutual_deterrence, "either bloc may challenge, the other resist"),
    "escalation": (
        _escalation,
        "escalation ladder: A challenges, B and A back down or escalate, each step risks war",
    ),
    "entry_game": (entry_game, "Selten's chain-store stage game"),
    "costly_reassurance": (
        lambda: costly_reassurance().tree(),
        "Kydd's reassurance signaling game as a tree",
    ),
}
"""Built-in game trees by name (``gametheory spe builtin:NAME``)."""
