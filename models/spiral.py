"""The spiral model: deterrence and reassurance in the repeated two-bloc game with accidents.

"If tensions grow, the slightest event could spark a military conflict." The two blocs play the
two-bloc game at capability c round after round, discounting by delta. Assumption (stated in the
report): one-sided accidents, an intended restraint is carried out as escalation with
probability eps = min(1, eps0 c); ``--param two_sided=1`` lets either action slip. For the menu
GRIM, TFT, GTFT, WSLS and CTFT (contrite TFT) the report says, exactly (Markov chains and the
best-reply decision problem, no simulation):

1. which are subgame perfect and which Nash at c, with a best reply and its gain where not;
2. for which c each sustains restraint (subgame perfect, or Nash, with a long-run war share at
   most war_target): windows located by scan and bisection, the tolerance stated;
3. what one accident leads to under each, and the long-run share of rounds at war;
4. which of all 65,536 memory-two strategies are subgame perfect and mostly restrained, where.

Library: ``gametheory.deterrence.spiral`` (the model) and
``gametheory.deterrence.analysis.spiral`` (the findings); docs/spiral.md.

Usage::

    python models/spiral.py                          # readable report
    python models/spiral.py --json                   # the same as one JSON object
    python models/spiral.py --plot spiral.png
    python models/spiral.py --param c=5 --param eps0=0.05 --param delta=0.95
    python models/spiral.py --param two_sided=1      # slips either way
    python models/spiral.py --param g=0.3            # GTFT with a fixed generosity
"""

from __future__ import annotations

import sys

from gametheory.cli import run_model_script
from gametheory.deterrence.analysis.spiral import analyse, plot, render


def main(argv: list[str] | None = None) -> int:
    return run_model_script(
        argv,
        "spiral.py",
        __doc__,
        lambda values: analyse({k: float(v) for k, v in values.items()}),
        render,
        plot,
        param_help=(
            "two-bloc parameter (c, r, b, ...), or delta, eps0, war_target, g, two_sided, c_max, "
            "restraint_target, memory_two (repeatable)"
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
