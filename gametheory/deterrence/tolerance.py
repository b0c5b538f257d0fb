"""Named tolerances of the deterrence models and their analyses.

The domain's counterpart of :mod:`gametheory.tolerance` (whose generic names, such as
:data:`~gametheory.tolerance.NEGLIGIBLE_PROB`, the models use where the purpose is the same):
one name per purpose, each with why its value.
"""

from __future__ import annotations

BOUNDARY_RESOLUTION = 1e-9
"""Default accuracy of a located region's endpoints when a test point is cheap: near the float
resolution of parameters of order 1."""
SOLVED_BOUNDARY_RESOLUTION = 1e-6
"""Accuracy of a located endpoint when each test point solves a game's equilibria: finer than
any plot or printed digit, at a tenth of the bisection steps."""
PATH_BOUNDARY_RESOLUTION = 1e-4
"""Accuracy of the reassurance region's endpoints, each test point of which solves a whole
q_W path of bloc formation."""
SECTION_RESOLUTION = 1e-3
"""Accuracy, relative to the parameter's range, of a boundary a claim locates numerically."""
EXACT_BOUNDARY_SLACK = 1e-9
"""Default distance from an exactly located region end within which a point is near it."""
CLAIM_HOLDS_TOL = 1e-9
"""Relative tolerance (times the largest parameter value, at least 1) within which a margin
counts as zero when judging a claim at a point: the solvers break ties with a tolerance too."""
ROOT_AT_END_TOL = 1e-9
"""A real root within this of a range's end is placed inside or outside exactly (by sympy)."""
BLOC_CONSTRAINT_SLACK = 1e-9
"""Relative slack (times the largest coefficient) of a bloc-formation constraint polynomial's
sign and roots."""
BLOC_SIZE_SLACK = 1e-9
"""Relative amount by which a bloc size must exceed another to count as larger."""
ONE_SHOT_TOL = 1e-9
"""A one-shot-deviation margin at least ``-this`` counts as held (ties keep both)."""
DISPLAY_PROB_SNAP = 1e-9
"""Probabilities within this of 0 or 1 are printed as 0 or 1 (solver round-off)."""
SAME_BEHAVIOUR_TOL = 1e-9
"""Two behaviour records whose probabilities agree within this are the same behaviour."""
WAR_JUMP_TOL = 1e-12
"""A war probability rising by more than this across a path's edge jumps (less is rounding)."""
MONTE_CARLO_SLACK = 1e-12
"""Added to the five-standard-error bound comparing an exact share with its Monte Carlo
estimate, so an exact 0 or 1 (zero standard error) still compares equal."""
ACCIDENT_RATE_MARGIN = 1e-15
"""Least distance of a positive accident rate from 0 and from 1 the model accepts (closer
ones vanish next to 1 in floating point and the chain solves break down)."""
