"""Three blocs: does the Global South's neutrality and mediation make restraint stable?

The reference three-bloc game (``gametheory.deterrence.three_bloc``): blocs A and B restrain
(R) or escalate (E) as in the two-bloc game; the Global South G aligns with A, with B, or stays
neutral and mediates (adding m to both blocs' reassurance). The report
(``gametheory.deterrence.analysis.three_bloc``) lists every equilibrium at the parameter
values and states, each from a computed region or equilibrium:

1. where restraint is an equilibrium of the blocs' game without G, with G neutral (mediation
   m) and with G aligned (regions in r, m and gamma);
2. when G chooses at the same time: whether restraint and mediation survive, and when
   neutrality is G's best reply (a region in P(E,E), the probability that both blocs
   escalate, inside [0, 1]; "never" or "always" where no threshold exists);
3. if G commits to a stance first (a declared doctrine): which stance it picks, and for which
   m the blocs then restrain.

Usage::

    python models/three_bloc.py                 # readable report
    python models/three_bloc.py --json          # the report as data, with "findings"
    python models/three_bloc.py --plot three_bloc.png
    python models/three_bloc.py --param s_A=0 --param s_B=0     # another scenario
"""

from __future__ import annotations

from gametheory.cli import run_model_script
from gametheory.deterrence.analysis.three_bloc import analyse, plot, render


def main(argv: list[str] | None = None) -> int:
    return run_model_script(argv, "three_bloc.py", __doc__, analyse, render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
