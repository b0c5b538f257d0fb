"""Scale-aware tolerances.

Every tolerance a user passes is *relative*: it is multiplied by the payoff range of the game
(the largest ``max - min`` over players, or 1 for a constant game), as Gambit does for regret.
A game with payoffs in the thousands and one with payoffs in [0, 1] therefore accept the same
equilibria after rescaling.
"""

from __future__ import annotations

DEFAULT_TOL = 1e-9
"""Default relative tolerance for regret and best-response ties."""

# The fixed tolerances below are the package's internal numerical policy, one name per purpose
# (two purposes that happen to share a value get two names). Unless said otherwise they apply to
# payoffs scaled to range 1 or are relative to the size of the numbers compared. Compiled kernels
# import them as module globals, which numba freezes at compile time.

# ----------------------------------------------------------------- equilibria and profiles
SAME_PROFILE_TOL = 1e-7
"""Two profiles whose probabilities all differ by at most this are the same equilibrium."""
FLOAT_SUPPORT_TOL = 1e-7
"""Regret slack used to read a float equilibrium's support and best responses before solving
them exactly: above a solver's round-off (~1e-12), below any real payoff gap of an exact game."""
SUPPORT_EQUATION_SAME = 1e-7
"""Two solutions of one support system closer than this in every probability are one
equilibrium (the homotopy's end points agree to ~1e-10)."""
CONDITION_SLACK = 1e-12
"""A symbolic condition's margin, evaluated in floats, counts as holding down to ``-slack``: the
margins are exact, so only evaluation rounding (~1e-15 relative) can push a tie below zero."""
VALUE_TIE = 1e-12
"""Two payoffs of the same computation within this are a tie (rounding of an exact tie)."""
VERTEX_LABEL_FLOOR = 1e-12
"""Least label tolerance of the vertex enumerations: their vertices come from eliminations
accurate to ~1e-14, so a smaller user tolerance would drop true labels."""
QHULL_LABEL_FLOOR = 1e-10
"""Least label tolerance on vertices from Qhull, whose vertices are accurate to ~1e-12 only."""

# ----------------------------------------------------------------------------- probabilities
PROB_SUM_TOL = 1e-9
"""How far a probability vector may be from summing to one, or below zero, and still be accepted."""
CHANCE_SUM_TOL = 1e-12
"""How far a numeric chance node's probabilities may be from summing to one: they are given as
exact numbers, so only their float conversion can miss."""
ROUNDING_NEGATIVE_PROB = 1e-12
"""Most negative entry of a computed probability row read as a rounded zero."""
NEGLIGIBLE_PROB = 1e-12
"""A computed probability or mass at most this is rounding of zero: the action is not played,
the node or outcome not reached."""
SUPPORT_PROB = 1e-9
"""A solver's probability above this puts an action in the support shown or reasoned about
(regret-verified solvers are accurate to ~1e-12, so rounding never crosses it)."""
CERTAIN_PROB_TOL = 1e-9
"""A computed probability at least ``1 - this`` is certainty (rounding of 1)."""
PURE_STRATEGY_TOL = 1e-7
"""A mixed strategy whose largest probability is within this of 1 is pure (the solvers'
:data:`SAME_PROFILE_TOL` resolution)."""
POOLING_TOL = 1e-9
"""Two sender types whose message distributions agree within this pool."""
PURE_PROB_SNAP = 1e-12
"""A float probability within this of 0 or 1 is snapped to it before it is shown or compared."""

# ----------------------------------------------------------------- linear algebra and pivots
PIVOT_ZERO = 1e-11
"""Pivot magnitude at or below which the compiled Lemke/Gauss-Jordan elimination calls a column
zero: payoffs are scaled to range 1 and a few dozen pivots leave rounding near 1e-13."""
RATIO_TIE = 1e-9
"""Relative margin within which minimum-ratio test values tie (then broken lexicographically):
wide enough that rounding never splits a true tie, which would pick a wrong basis."""
POLYTOPE_PIVOT_ZERO = 1e-12
"""Pivot magnitude at or below which the compiled vertex enumeration calls a tight system
singular: payoffs are scaled to range 1, so a true pivot is far larger than rounding (~1e-15)."""
SIMPLEX_REDUCED_COST = 1e-12
"""Reduced cost below ``-this`` lets a column enter the dominance simplex; smaller ones are
rounding of zero, and entering on them would cycle."""
SIMPLEX_PIVOT_ZERO = 1e-12
"""Tableau entry at or below which the dominance simplex's ratio test skips a row (dividing by
rounding of zero would give a meaningless ratio)."""
SIMPLEX_RATIO_TIE = 1e-15
"""Ratios within this tie in the dominance simplex (ties go to the lower basis index, Bland)."""
SINGULAR_DET = 1e-12
"""Determinant below which a small (3 x 3 or support-sized) vertex system is singular: its
solution would be dominated by rounding."""
FEASIBILITY_SLACK = 1e-12
"""A vertex violating a half-space constraint (payoffs scaled to range 1) by at most this is
feasible: the solve that produced it leaves rounding of ~1e-15."""
CERTIFICATE_MARGIN = 1e-12
"""Smallest entry (payoffs divided by their range) of a combination that proves a support
profile holds no equilibrium; rounding in the payoff differences is far below it."""
SUPPORT_COEF_ZERO = 1e-12
"""A coefficient, or a sum of coefficients, of a support system's indifference equations at
most this (payoffs scaled to range 1) is zero: they are differences of payoffs, exact up to
rounding of ~1e-16."""
PENCIL_RANK_TOL = 1e-9
"""Smallest singular value, relative to the largest, of a full-rank matrix in the pencil solver
(about the square root of float precision: rank decisions must survive rounding)."""
PENCIL_ZERO_COEF = 1e-12
"""Polynomial coefficients this small relative to their bound vanish (rounding of the
determinant expansion)."""
PENCIL_SIMPLE_ROOT = 1e-7
"""Least ``|f'(s)|``, relative to the coefficients' size, at a simple root; below it the root
is treated as multiple, whose float location is only ~sqrt(eps) accurate."""
PENCIL_REAL_ROOT = 1e-7
"""Largest imaginary part of a root taken as real: companion-matrix roots of a real double
root come back as a complex pair this far apart."""
PENCIL_INTERVAL = 1e-9
"""How far outside ``[0, 1]`` (in s) a root may lie and be clipped back (a boundary root
computed with rounding)."""
NULL_VECTOR_SUM_TOL = 1e-9
"""A null vector whose entries sum to at most this times their absolute sum has no multiple
that is a probability vector."""

# ----------------------------------------------------------------------- homotopy and Newton
NEWTON_CONVERGED = 1e-8
"""Newton correction, relative to the size of the point, that ends the support-system tracker's
corrector (the end game refines the end points to rounding level anyway)."""
HOMOTOPY_MIN_STEP = 1e-14
"""Path step below which the homotopy tracker has stalled (t itself is only ~1e-16 accurate)."""
HOMOTOPY_NEWTON_CONVERGED = 1e-15
"""Relative Newton correction at which the compiled end-game refinement stops: rounding level."""
REAL_SOLUTION_IMAG = 1e-6
"""Largest imaginary part, and most negative probability, of a support system's real solution."""
AT_INFINITY_TOL = 1e-4
"""Relative size of a player's weight sum that counts as zero (a solution at infinity): paths
to infinity are stopped early, so their weight sums are only small, not rounding-level."""

# ------------------------------------------------------------------------ batch closed forms
BATCH_FLAG_TOL = 1e-6
"""Ties, near-zero divisors and near-singular systems within this fraction of the payoff range
(or 1000 times the regret tolerance, if larger) send a game from the batch solver to ``solve``."""
BATCH_EDGE = 1e-7
"""A batch candidate with a support probability within this of zero goes to ``solve`` (a
degenerate game, whose closed form is unreliable)."""
BATCH_MIN_TOL = 1e-13
"""Least regret tolerance of the batch solver: below it the closed forms' rounding can exceed
the regret gate."""
DOUBLE_ROOT_TOL = 1e-8
"""Relative discriminant below which a quadratic's two roots are one (a tangency): a rounded
double root can come out as two close real roots or none."""
SAME_ROOT_TOL = 1e-6
"""Two roots of a batch quadratic closer than this are the same point (near a double root
each is only ~sqrt(eps) accurate)."""

# ------------------------------------------------------------------------- scale and bisection
UNDERFLOW_GUARD = 1e-300
"""Least positive value substituted for a zero scale, range or probability before dividing or
taking a logarithm: far below any real scale, far above float underflow (~2e-308)."""
BELOW_ONE = 1e-16
"""Distance from 1 of the largest bracket end strictly inside ``(0, 1)`` (one ulp of 1)."""
ROOT_XTOL = 1e-15
"""Resolution of a root of a unit-interval function solved to full float accuracy."""
ROOT_STEP = 1e-12
"""Resolution, and nudge, of a root in ``[0, 1]`` found by bisection or ``brentq`` when
rounding of the bracketed function is ~1e-13."""
POINT_INTERVAL = 1e-9
"""An interval narrower than this is printed as a point (it is a bisected single value)."""
EDGE_MATCH_TOL = 1e-12
"""Two breakpoints of a piecewise path within this are the same edge (one breakpoint reached
by two computations that differ only by rounding)."""

# ------------------------------------------------------------------------------------ repeated
DISCOUNT_TAIL = 1e-12
"""Discount weight ``delta**rounds`` at which a simulated run is cut: the rest of the payoff
is below float resolution of the average."""
HULL_TOL = 1e-13
"""Relative tolerance of the compiled convex hull in the payoff set's polygon iteration: a few
ulps of the payoffs, so collinear points are dropped but no true vertex is."""
VERTEX_TOL = 1e-9
"""Relative slack of the half-space vertex enumeration in the 3-player payoff set (corners of
nearly parallel planes are computed with ~1e-12 relative error)."""
VERTEX_MERGE_TOL = 1e-6
"""Payoff-set vertices closer than this times the payoff range are merged: the iteration stops
at ``tol``-level steps, so closer vertices are one corner seen twice."""
POLICY_TIE = 1e-13
"""Relative margin by which a new action must beat the current one in policy iteration, so ties
keep the current action and the iteration cannot cycle."""
SYMMETRY_TOL = 1e-9
"""Relative payoff difference (times the range) within which a meta-game is symmetric (its
payoffs are computed, so exact symmetry survives only up to rounding)."""

# ----------------------------------------------------------------------------------- stability
LOGIT_MAX_REGRET = 1e-8
"""Default regret (relative) at which the logit path follower stops: small enough to read off
the branch's limit, large enough to stop before large lambda makes the system ill-conditioned."""
LOGIT_MIN_STEP = 1e-12
"""Step length below which the logit path follower gives up (the path is no longer resolved
in floating point)."""
LOGIT_CORRECTOR_CONVERGED = 1e-11
"""Relative Newton correction at which the logit corrector has converged (a few hundred ulps)."""
LOGIT_CORRECTOR_ACCEPTED = 1e-8
"""Relative Newton correction small enough to accept a step when the corrector stalls: at large
lambda the corrections stall between 1e-11 and 1e-9."""
LOGIT_ROUNDING_LEVEL = 1e-9
"""Corrections below this are rounding, so their contraction rate is ignored in step control."""
CONVERGED_DISTANCE = 1e-3
"""How close (``sum_i (1 - x_i[a_i])``) a state must be to a pure profile to count as there.

Used for replicator trajectories still running at ``t_max`` (weak attractors) and for the end
of the logit branch.
"""
REST_REGRET = 1e-3
"""A replicator state still running at ``t_max`` whose regret (payoffs scaled to range 1) is at
most this counts as at rest at a (mixed) equilibrium
(:data:`gametheory.stability.replicator.OTHER`): interior trajectories that
converge can only converge to Nash equilibria (Weibull 1995, ch. 5)."""
LOGIT_STEP_DECISION_NEAR = 1e-6
"""How close (relative) a quantity of the batched logit follower must come to one of its
step-control thresholds to count as a tie there: such a point is traced again by the scalar
follower, so both followers make the same step decisions."""
BASIN_QUADRATURE_DISAGREEMENT = 1e-7
"""Largest disagreement of the vectorised and the scalar exact 2 x 2 basin quadratures: shares
within ``BASIN_TIE`` plus this of a tie are recomputed by the scalar path."""
SEPARATRIX_STEP_CONVERGED = 1e-15
"""Relative step at which the vectorised separatrix climb stops (rounding level)."""
FOUR_ZERO_COEF = 1e-12
"""Coefficients of the four-player resultant (or of its quadratic back-substitution) this small
relative to their bound vanish: a few hundred ulps of the Chebyshev interpolation."""
FOUR_REAL_ROOT = 1e-4
"""Imaginary part (in s, or in p_2) a four-player resultant root may have and still be polished
by Newton's method as a real root: the polish, not this test, decides."""
FOUR_BOX = 1e-6
"""How far outside [0, 1] a four-player candidate probability may lie before it is dropped
(the regret gate judges the survivors)."""
FOUR_THIN = 1e-6
"""A coefficient at most this times the coefficients' size leaves p_0 or p_1 undetermined, so
the support system goes to the homotopy."""
FOUR_PARALLEL = 1e-7
"""Sine of the angle between two coefficient slices counted as parallel (the elimination is
then ill-defined and the homotopy decides)."""
FOUR_DISTINCT = 1e-3
"""Resultant roots closer than this (relative) count as one multiple root: the homotopy
decides, since a multiple root is only ~sqrt(eps) accurate."""
FOUR_EDGE = 1e-9
"""A four-player solution with a probability this close to 0 or 1 is on the simplex boundary,
where the system's other solutions can be singular: the homotopy decides."""
FOUR_NEWTON_CONVERGED = 1e-13
"""Newton step at which the four-player polish has converged (rounding level)."""
FOUR_SAME_SOLUTION = 1e-9
"""Two polished four-player solutions this close in every probability are one."""
BASIN_TIE = 1e-9
"""Exact basin shares within this of the largest share also count as largest (quadrature
error of the areas is below 1e-9)."""
BASIN_AREA_EPSABS = 1e-12
"""Absolute accuracy of the quadrature of a 2 x 2 basin's area (a share of the unit square),
far below :data:`BASIN_TIE`."""
BASIN_RTOL = 1e-6
"""Relative accuracy of the compiled replicator integration of basin starts: only which
equilibrium a start reaches matters, not the trajectory to many digits."""
BASIN_ATOL = 1e-9
"""Absolute accuracy (log-probabilities) of the compiled replicator integration, keeping small
shares resolved near the faces of the simplex."""

# ---------------------------------------------------------------------------------- benchmarks
BENCH_SAME_TOL = 1e-6
"""Two equilibria of a benchmark are the same when every probability agrees within this: far above
solver round-off, far below the gaps between distinct equilibria of the benchmark games."""
PEER_MATCH_TOL = 1e-3
"""A peer's equilibrium is one of ours when every probability agrees within this (pygambit's
enumpoly is accurate to about 1e-4)."""


def absolute_tol(payoff_range: float, tol: float | None) -> float:
    """Turn a relative tolerance into an absolute one for payoffs of the given range.

    >>> absolute_tol(200.0, 1e-9)
    2e-07
    >>> absolute_tol(0.0, None) == DEFAULT_TOL
    True
    """
    rel = DEFAULT_TOL if tol is None else tol
    return rel * (payoff_range if payoff_range > 0 else 1.0)


def check_tol(func: str, tol: float | None) -> float:
    """Validate a user's relative tolerance; ``None`` means :data:`DEFAULT_TOL`.

    The one checker every public ``tol`` argument goes through: a tolerance is a finite number
    with ``0 < tol < 1`` (it multiplies the payoff range, so 1 or more would call every payoff
    difference a tie, and 0 would make float rounding decide). Booleans are refused.

    >>> check_tol("solve", None)
    1e-09
    >>> check_tol("solve", 1.0)
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: solve(): tol must be a number with 0 < tol < 1, got 1.0
    """
    import math

    from .errors import GameError, shown

    if tol is None:
        return DEFAULT_TOL
    message = f"{func}(): tol must be a number with 0 < tol < 1, got "
    if isinstance(tol, bool):
        raise GameError(message + repr(tol))
    try:
        value = float(tol)
    except (TypeError, ValueError, OverflowError):
        raise GameError(message + shown(tol)) from None  # a string
    if not math.isfinite(value) or not 0 < value < 1:
        raise GameError(message + repr(value))
    return value
