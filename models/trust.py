"""Trust and reassurance: can a costly gesture restore restraint when trust is low?

Kydd (2005) reads the security dilemma as uncertainty about the rival's type: a security
seeker would restrain if it trusted the other to, an expansionist exploits restraint. The
script answers the policy question with two models from ``gametheory.deterrence.trust``:

1. ``security_dilemma_types()``: how much prior trust ``p`` do two security seekers need to
   restrain (seekers cooperate, expansionists defect, as a Bayesian equilibrium)?
2. ``costly_reassurance()``: when trust is below what the other side needs, can a seeker's
   costly gesture (cost ``k``; ``k + d`` for an expansionist) reveal it and restore
   restraint? For which k does it separate the types (an exact interval), and at the chosen
   k: which perfect Bayesian equilibria coexist, who makes the gesture, who mixes, and what
   is the probability of war (B guards: mutual defection) over them?

Every sentence is a finding of ``gametheory.deterrence.analysis.trust`` rendered from the
equilibria computed at the chosen parameters and from regions solved exactly.

Usage::

    python models/trust.py                     # readable report
    python models/trust.py --json              # the same as one JSON object ("findings")
    python models/trust.py --plot trust.png
    python models/trust.py --param k=0.5       # a cheap gesture: expansionists may mimic it
    python models/trust.py --param d=0         # a gesture that costs both types the same
"""

from __future__ import annotations

from gametheory.cli import run_model_script
from gametheory.deterrence.analysis.trust import analyse, plot, render


def main(argv: list[str] | None = None) -> int:
    return run_model_script(argv, "trust.py", __doc__, analyse, render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
