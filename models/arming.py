"""Arming as a choice: which capabilities do the blocs build, and what does reassurance change?

Stage 1: blocs A and B choose capabilities from the levels 0, 0.5, ..., 5 (upkeep k per unit).
Stage 2: they play the two-bloc game at those capabilities (accidents eps0 * c_i), the
continuation chosen by a stated rule (risk dominance; its fallback stated). The reduced
capability game is solved completely (``gametheory.solve``: every equilibrium, mixed
included, each with its regret). The report gives the equilibrium arms levels, the stage-2
outcome, P(war) and welfare at r, and where along r in [0, r_max] the blocs build up, where
restraint holds and where build-up is a prisoner's dilemma (both would gain at lower levels):
regions located by bisection (``gametheory.deterrence.analysis.arming``; docs/arming.md).

Usage::

    python models/arming.py                       # readable report
    python models/arming.py --json                # the same as one JSON object
    python models/arming.py --plot arming.png
    python models/arming.py --param theta=1.6     # strong retaliation: an arms race at low r
"""

from __future__ import annotations

from gametheory.cli import run_model_script
from gametheory.deterrence.analysis.arming import analyse, plot, render


def main(argv: list[str] | None = None) -> int:
    return run_model_script(
        argv,
        "arming.py",
        __doc__,
        analyse,
        render,
        plot,
        param_help="two-bloc parameter (r, b, alpha, theta, beta, w, k, eps0), or r_max, n_scan, "
        "tol, war_target (repeatable)",
    )


if __name__ == "__main__":
    raise SystemExit(main())
