"""Credible threats: when does deterrence hold in Zagare and Kilgour's deterrence games?

A threat deters only if carrying it out is rational once deterrence has failed (subgame
perfection). The script takes ``unilateral_deterrence()`` (a challenger keeps the status quo
or challenges; the defender concedes or resists) and ``mutual_deterrence()`` (either side may
challenge) from ``gametheory.deterrence.credibility`` and answers: is the defender's threat
credible and capable, does deterrence hold, and does more defender capability ``c_B`` make the
threat more credible, or less so? Every region is solved exactly from the subgame-perfection
conditions of the trees; every statement about the chosen point is read off the
subgame-perfect equilibria computed there (``gametheory.deterrence.analysis.credibility``).

Usage::

    python models/credibility.py                 # readable report
    python models/credibility.py --json          # the same as one JSON object ("findings")
    python models/credibility.py --plot credibility.png
    python models/credibility.py --param w=0.9   # destructive war: the threat is empty
    python models/credibility.py --param w=0.7 --param v=2   # credible only while c_B <= 8
"""

from __future__ import annotations

from gametheory.cli import run_model_script
from gametheory.deterrence.analysis.credibility import analyse, plot, render


def main(argv: list[str] | None = None) -> int:
    return run_model_script(argv, "credibility.py", __doc__, analyse, render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
