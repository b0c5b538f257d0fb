"""Two-bloc deterrence versus reassurance: when does mutual restraint hold?

The main analysis of the project (the model: docs/two_bloc.md; the criteria:
docs/criteria.md; the analysis: ``gametheory.deterrence.analysis.two_bloc``). It solves the
two-bloc game at the given parameters, reports every stability criterion of mutual restraint
(R,R) and mutual escalation (E,E), and states its findings, each with the exact region of one
parameter where it holds:

1. Can raising capability ``c`` alone (no reassurance, ``r = 0``) make mutual restraint an
   equilibrium, or stable? Where does the argument fail (strong retaliation ``theta``)?
2. What reassurance ``r`` makes restraint stable at this capability; does the bar rise with c?
3. How do accidents (an intended R carried out as E with probability ``eps0 * c``) change that?

Usage::

    python models/two_bloc.py                 # readable report
    python models/two_bloc.py --json          # the same as one JSON object ("findings": [...])
    python models/two_bloc.py --plot phase.png
    python models/two_bloc.py --param theta=1.5 --param alpha=0.3   # another scenario
"""

from __future__ import annotations

import signal
import sys


def _interrupted(signum, frame):
    print("two_bloc.py: interrupted", file=sys.stderr)
    raise SystemExit(130)


if __name__ == "__main__":
    # installed before the heavy imports: Ctrl-C at any moment is one line and status 130
    signal.signal(signal.SIGINT, _interrupted)

from gametheory.cli import run_model_script  # noqa: E402
from gametheory.deterrence.analysis.two_bloc import analyse, plot, render  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    return run_model_script(argv, "two_bloc.py", __doc__, analyse, render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
