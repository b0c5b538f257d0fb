"""Cross-check against Axelrod's match simulator, when it is installed.

Axelrod needs torch (several GB), so it is not a dependency of any extra; this test skips
with the reason when it cannot be imported.
"""

from __future__ import annotations

import numpy as np
import pytest

from gametheory.games import prisoners_dilemma
from gametheory.repeated import expected_payoffs, memory_one

axl = pytest.importorskip(
    "axelrod", reason="Axelrod is optional (it pulls torch); pip install axelrod to cross-check"
)

RULES = {  # memory-one rules over (own, other) = CC, CD, DC, DD; 0 = cooperate
    "TFT": [0, 1, 0, 1],
    "WSLS": [0, 1, 1, 0],
    "GRIMISH": [0, 1, 1, 1],
}


def _player(rule):
    return axl.MemoryOnePlayer(four_vector=tuple(1.0 - r for r in rule), initial=axl.Action.C)


@pytest.mark.parametrize("a, b", [("TFT", "WSLS"), ("WSLS", "WSLS"), ("TFT", "GRIMISH")])
def test_noisy_long_run_payoffs_agree_with_axelrod(a, b):
    noise, turns, reps = 0.05, 2000, 40
    scores = []
    for rep in range(reps):
        match = axl.Match(
            (_player(RULES[a]), _player(RULES[b])), turns=turns, noise=noise, seed=100 + rep
        )
        match.play()
        scores.append(match.final_score_per_turn())
    scores = np.array(scores)
    mean, se = scores.mean(axis=0), scores.std(axis=0, ddof=1) / np.sqrt(reps)
    exact = expected_payoffs(
        prisoners_dilemma(), [memory_one(RULES[a]), memory_one(RULES[b])], 1.0, noise
    )
    # finite matches start from (C, C): allow the start-up bias (mixing is fast) on top of 4.5 SE
    assert np.all(np.abs(mean - exact) <= 4.5 * se + 5e-3), (mean, exact, se)
