"""One support profile's equilibria: the indifference system of
:mod:`gametheory.solvers.enumpoly` and its shared start systems.

For a support profile with more than one mixing player the indifference equations are
multilinear and solved by the multihomogeneous homotopy of :mod:`.homotopy`, except in two
cases solved directly by :mod:`.pencil`: two players mix over equally many actions (each
one's equations are linear in the other's strategy) or three players mix and one of them over
two actions (one polynomial in one variable). The homotopy is used there only if that
reduction is not clean. With one
mixing player the equations either vanish (a polytope of equilibria, whose vertices are
enumerated) or have no solution. (Support profiles that cannot hold an equilibrium are ruled
out before they get here, by :mod:`.screens`.)
"""

from __future__ import annotations

import itertools
from typing import ClassVar

import numpy as np
from numba import njit

from ...tolerance import (
    AT_INFINITY_TOL,
    FEASIBILITY_SLACK,
    NEWTON_CONVERGED,
    REAL_SOLUTION_IMAG,
    SINGULAR_DET,
    SUPPORT_COEF_ZERO,
    SUPPORT_EQUATION_SAME,
)
from .._four import four_candidates
from . import homotopy as _homotopy
from .pencil import linear_candidates, pencil_candidates
from .screens import advance

SINGULAR_COND = 1e10
"""An endpoint whose Jacobian has a larger condition number is a singular solution."""

# path tracker controls: first step in t, largest step, largest first Newton correction and
# the correction that counts as converged (both relative to the size of the point)
CTL = np.array([0.1, 0.5, 1e-2, NEWTON_CONVERGED])
# what a support profile's system turned out to be (DIRECT: regular, solved by ._pencil
# without homotopy paths)
REGULAR, SINGULAR, POLYTOPE, DIRECT = 0, 1, 2, 3
_IMAG_TOL = (
    REAL_SOLUTION_IMAG  # largest imaginary part, and most negative probability, of a real solution
)
_AT_INFINITY = AT_INFINITY_TOL  # relative size of a player's weight sum that counts as zero
_SAME = (
    SUPPORT_EQUATION_SAME  # two profiles closer than this in every probability are one equilibrium
)

Profile = tuple[np.ndarray, ...]
Supports = tuple[tuple[int, ...], ...]


class _Systems:
    """Start systems shared by all support profiles with the same active support sizes.

    One generic start system (random linear forms, chart and gamma) serves every target
    system of that multidegree: the bad choices for each of the finitely many targets form a
    set of measure zero, and so does their union.
    """

    # built once per process: a sweep over many games of one shape reuses them
    _cache: ClassVar[dict[tuple[int, ...], tuple]] = {}

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def get(self, k: tuple[int, ...]) -> tuple:
        key = (self.seed, *k)
        if key not in self._cache:
            self._cache[key] = self._build(k)
        return self._cache[key]

    def _build(self, k: tuple[int, ...]) -> tuple:
        rng = np.random.default_rng([self.seed, *k])
        G = len(k)
        offsets = np.concatenate([[0], np.cumsum(k)]).astype(int)
        N = int(offsets[-1])
        eq_of, mvars, own = [], [], []
        for g in range(G):
            others = [h for h in range(G) if h != g]
            for _ in range(1, k[g]):
                e = len(own)
                own.append(g)
                for idx in np.ndindex(*[k[h] for h in others]):
                    eq_of.append(e)
                    mvars.append([offsets[h] + a for h, a in zip(others, idx, strict=True)])
        n_eq = len(own)
        groups = [slice(int(offsets[g]), int(offsets[g + 1])) for g in range(G)]
        lin = np.zeros((n_eq, G, N), np.complex128)
        chart = np.zeros((G, N), np.complex128)
        for g, sl in enumerate(groups):
            size = (n_eq, sl.stop - sl.start)
            lin[:, g, sl] = rng.normal(size=size) + 1j * rng.normal(size=size)
            chart[g, sl] = rng.normal(size=size[1]) + 1j * rng.normal(size=size[1])
        gamma = complex(np.exp(2j * np.pi * rng.random()))
        own_a = np.array(own, np.int64)
        starts = _homotopy.start_solutions(lin, own_a, chart, groups)
        pattern = (
            np.array(eq_of, np.int64),
            np.array(mvars, np.int64).reshape(len(eq_of), G - 1),
            lin,
            own_a,
            chart,
            offsets.astype(np.int64),
            n_eq,
        )
        return pattern, starts, gamma, groups


@njit(cache=True)
def _coefficients(flat, shape, acts, active):
    """Coefficients of the indifference equations, in the order of ``_Systems`` patterns.

    Equation (g, r) says that active player ``i = active[g]`` gets the same from its support
    actions ``acts[i, r]`` and ``acts[i, 0]``; its monomials run over the supports of the other
    active players (last one fastest), the players who play one action held at it.
    """
    n = shape.shape[0]
    G = active.shape[0]
    strides = np.ones(n, np.int64)
    for j in range(n - 2, -1, -1):
        strides[j] = strides[j + 1] * shape[j + 1]
    counts = np.zeros(n, np.int64)
    for j in range(n):
        c = 0
        while c < acts.shape[1] and acts[j, c] >= 0:
            c += 1
        counts[j] = c
    size = 0
    for g in range(G):
        m = counts[active[g]] - 1
        for h in range(G):
            if h != g:
                m *= counts[active[h]]
        size += m
    out = np.empty(size, np.complex128)
    pos = np.zeros(n, np.int64)
    k = 0
    for g in range(G):
        i = active[g]
        for r in range(1, counts[i]):
            for j in range(n):
                pos[j] = 0
            while True:
                base = 0
                for j in range(n):
                    if j != i:
                        base += acts[j, pos[j]] * strides[j]
                out[k] = (
                    flat[i, base + acts[i, r] * strides[i]]
                    - flat[i, base + acts[i, 0] * strides[i]]
                )
                k += 1
                if not advance(pos, counts, i):
                    break
    return out


def _solve_support(
    flat: np.ndarray, dims: np.ndarray, supports: Supports, systems: _Systems
) -> tuple[list[Profile], int, int]:
    """Candidate profiles with these supports, homotopy paths used, and what the system was
    (REGULAR, SINGULAR, POLYTOPE or DIRECT)."""
    active = [i for i, s in enumerate(supports) if len(s) > 1]

    def profile(strategies: dict[int, np.ndarray]) -> Profile:
        out = []
        for i, s in enumerate(supports):
            x = np.zeros(int(dims[i]))
            x[list(s)] = strategies[i] if i in strategies else 1.0
            out.append(x)
        return tuple(out)

    if not active:
        return [profile({})], 0, REGULAR
    acts = np.full((len(supports), int(dims.max())), -1, np.int64)
    for j, s in enumerate(supports):
        acts[j, : len(s)] = s
    if len(active) in (2, 3):
        direct = linear_candidates if len(active) == 2 else pencil_candidates
        found = direct(flat, dims, acts, active)
        if found is not None:
            kept = [profile(strategies) for strategies in found if _signs_ok(strategies)]
            return kept, 0, DIRECT
    if len(active) == 4 and all(len(supports[i]) == 2 for i in active):
        found = four_candidates(flat, dims, acts, active)
        if found is not None:
            kept = [profile(strategies) for strategies in found if _signs_ok(strategies)]
            return kept, 0, DIRECT
    coef = _coefficients(flat, dims, acts, np.array(active, np.int64))
    if len(active) == 1:
        # the mixing player's indifference does not depend on anything it can change: either
        # it is indifferent everywhere (a polytope of equilibria) or there is none here
        if np.max(np.abs(coef)) > SUPPORT_COEF_ZERO:
            return [], 0, REGULAR
        i = active[0]
        vertices = _segment_vertices(flat, dims, supports, i)
        return [profile({i: x}) for x in vertices], 0, POLYTOPE
    k = tuple(len(supports[i]) for i in active)
    pattern, starts, gamma, groups = systems.get(k)
    if len(starts) == 0:
        return [], 0, REGULAR
    # an equation that vanishes identically leaves fewer equations than unknowns
    rows = np.abs(coef).reshape(-1)
    eq_of = pattern[0]
    zero_equation = bool(
        (np.bincount(eq_of, weights=rows, minlength=pattern[-1]) <= SUPPORT_COEF_ZERO).any()
    )
    args = (coef, *pattern)
    ends, status, cond = _homotopy.track(starts, gamma, *args, 20000, CTL)
    bad = (status != _homotopy.REACHED) | (cond > SINGULAR_COND)
    for p in np.flatnonzero(bad):
        ends[p] = _homotopy.refine(ends[p], *args, 50)
    # A singular endpoint where some player's weights sum to zero lies on a component at
    # infinity (no probability vector there, e.g. the curves every symmetric volunteer's
    # dilemma has); only finite ones can hide equilibria.
    finite = np.ones(len(ends), bool)
    for sl in groups:
        block = ends[:, sl]
        finite &= np.abs(block.sum(axis=1)) > _AT_INFINITY * np.abs(block).max(axis=1)
    flagged = bool((bad & finite).any())
    # homogeneous coordinates to probabilities, group by group; keep real, non-negative ones
    keep = np.ones(len(ends), bool)
    xs = []
    for sl in groups:
        total = ends[:, sl].sum(axis=1)
        ok = np.abs(total) > SUPPORT_COEF_ZERO
        x = ends[:, sl] / np.where(ok, total, 1.0)[:, None]
        keep &= ok & (np.abs(x.imag).max(axis=1) <= _IMAG_TOL) & (x.real.min(axis=1) >= -_IMAG_TOL)
        xs.append(np.clip(x.real, 0.0, None))
    out = []
    for p in np.flatnonzero(keep):
        out.append(profile({i: xs[g][p] / xs[g][p].sum() for g, i in enumerate(active)}))
    return out, len(starts), SINGULAR if zero_equation or flagged else REGULAR


def _signs_ok(strategies: dict[int, np.ndarray]) -> bool:
    """Non-negative up to rounding; the small negative entries are then set to zero."""
    if any(x.min() < -_IMAG_TOL for x in strategies.values()):
        return False
    for i, x in strategies.items():
        x = np.clip(x, 0.0, None)
        strategies[i] = x / x.sum()
    return True


def _segment_vertices(flat, dims, supports: Supports, i: int) -> list[np.ndarray]:
    """Extreme points of the mixtures of player i on its support that keep every other
    player's (pure) support action a best response: ``D x <= 0, x >= 0, sum(x) = 1``.

    Vertex enumeration by brute force over the tight constraint sets; the polytope has
    ``k - 1`` dimensions with ``k = len(supports[i])``, so the sets are few.
    """
    own = list(supports[i])
    k = len(own)
    base = [s[0] for s in supports]
    rows = []
    for j in range(len(supports)):
        if j == i:
            continue
        for b in range(int(dims[j])):
            if b == base[j]:
                continue
            row = []
            for a in own:
                here = list(base)
                here[i] = a
                there = list(here)
                there[j] = b
                gain = flat[j, np.ravel_multi_index(there, dims)]
                row.append(gain - flat[j, np.ravel_multi_index(here, dims)])
            rows.append(row)
    D = np.array(rows, float).reshape(len(rows), k)
    A = np.vstack([D, -np.eye(k)])
    vertices: list[np.ndarray] = []
    for tight in itertools.combinations(range(len(A)), k - 1):
        M = np.vstack([A[list(tight)], np.ones(k)])
        rhs = np.zeros(k)
        rhs[-1] = 1.0
        if abs(np.linalg.det(M)) < SINGULAR_DET:
            continue
        x = np.linalg.solve(M, rhs)
        if (A @ x <= FEASIBILITY_SLACK).all() and not any(
            np.abs(x - v).max() <= _SAME for v in vertices
        ):
            vertices.append(np.clip(x, 0.0, None) / np.clip(x, 0.0, None).sum())
    return vertices
