"""Bloc formation: does one camp's integration make the other band together, and does
reassurance stop the cascade?

Nine states (United States, Japan, South Korea, Australia, India, China, Russia, North Korea
and a Global South player) each join the West, the East or stay non-aligned
(``gametheory.deterrence.bloc_formation``; payoffs in its docstring). The analysis
(``gametheory.deterrence.analysis.bloc_formation``) finds ALL pure equilibria (the 3^9 profiles
enumerated) along the West's military integration ``q_W``, with exact breakpoints where a
profile starts or stops being an equilibrium, and reports each answer as a finding rendered
from those equilibria:

1. Does the West's integration make the East grow, for which ``q_W``, at several levels of
   reassurance ``r``; which states change camp, and where?
2. For which ``r`` does the East stop growing (and does it start again)?
3. Is it symmetric: does the East's integration ``q_E`` make the West grow?
4. The cascade step by step (one best reply at a time from the status quo), and for a larger
   world (14 states) best-response dynamics from many starts.
5. Where the argument fails: strong threat perception, safe non-alignment.

Usage::

    python models/bloc_formation.py                 # readable report
    python models/bloc_formation.py --json          # the same, with a "findings" list
    python models/bloc_formation.py --plot cascade.png
    python models/bloc_formation.py --param t=1.0 --param nu=0.5   # another scenario
"""

from __future__ import annotations

from gametheory.cli import run_model_script
from gametheory.deterrence.analysis.bloc_formation import analyse, plot, render


def main(argv: list[str] | None = None) -> int:
    return run_model_script(argv, "bloc_formation.py", __doc__, analyse, render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
