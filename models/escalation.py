"""An escalation ladder: when does more capability make a threat credible, and when does it
raise the chance of war?

A crisis as a game tree (Schelling's threat that leaves something to chance; Powell 1987): A
keeps the status quo or challenges; B and A then take turns to back down or escalate, and every
step up risks inadvertent war with probability lam (c_A + c_B). The report gives the
subgame-perfect play and P(war) at the point, and exact regions in B's capability c_B (the
others fixed): where B's threat to escalate is credible (``gametheory.extensive.credibility``),
where A is deterred, and where more c_B raises P(war) on the subgame-perfect path; and the
reassurance r that deters the challenge (``gametheory.deterrence.analysis.escalation``;
docs/escalation.md).

Usage::

    python models/escalation.py                     # readable report
    python models/escalation.py --json              # the same as one JSON object
    python models/escalation.py --plot escalation.png
    python models/escalation.py --param c_B=0.5 --param rungs=5
"""

from __future__ import annotations

from gametheory.cli import run_model_script
from gametheory.deterrence.analysis.escalation import analyse, plot, render


def main(argv: list[str] | None = None) -> int:
    return run_model_script(
        argv,
        "escalation.py",
        __doc__,
        analyse,
        render,
        plot,
        param_help="ladder parameter (c_A, c_B, r, b, v, alpha, theta, w, lam), or rungs, c_max, "
        "r_max (repeatable)",
    )


if __name__ == "__main__":
    raise SystemExit(main())
