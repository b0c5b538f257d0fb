"""The bloc-formation payoffs as array kernels (the formulas of :mod:`.bloc_formation`).

A state's payoff depends on the others only through the summed capability of each camp, so
one state's three action values against many profiles, or every state's at once, are a few
broadcast array operations; :func:`_scalar_payoff` is the same formula in plain Python, kept
so each can check the other.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

WEST, EAST, NONALIGNED = 0, 1, 2
"""Action indices (the camp names are :data:`gametheory.deterrence.bloc_formation.CAMPS`)."""


@lru_cache(maxsize=4)
def _profiles(start: int, stop: int, n: int) -> np.ndarray:
    """Profiles number start..stop-1 in itertools.product order (last state fastest).

    Read-only and cached: repeated analyses of one model (sweeps over a parameter) reuse them.
    """
    codes = np.arange(start, stop, dtype=np.int64)
    out = np.empty((stop - start, n), dtype=np.int8)
    for i in range(n - 1, -1, -1):
        out[:, i] = codes % 3
        codes //= 3
    out.setflags(write=False)
    return out


def _scalar_payoff(states, p, state, profile) -> float:
    """One state's payoff at one pure profile, in plain Python (:mod:`.bloc_formation`)."""
    raw = [0.0, 0.0]
    for s, a in zip(states, profile, strict=True):
        if a != NONALIGNED:
            raw[a] += s.capability
    strength = [(1.0 + p["q_W"]) * raw[0], (1.0 + p["q_E"]) * raw[1]]
    tau = p["t"] / (1.0 + p["r"])
    me, a = states[state], profile[state]
    if a == NONALIGNED:
        return -tau * p["nu"] * (strength[0] + strength[1]) / (1.0 + me.capability)
    lean = me.lean_west if a == WEST else me.lean_east
    y = 1 - a
    return lean - tau * strength[y] / (1.0 + strength[a]) - p["h"] - p["e"] * raw[y]


def _values(others_w, others_e, caps, lean_w, lean_e, p) -> tuple[np.ndarray, ...]:
    """Payoffs of West, East and non-aligned given the others' raw camp sums.

    All array arguments broadcast: one state against many profiles, or all states at once.
    """
    tau = p["t"] / (1.0 + p["r"])
    gw, ge = 1.0 + p["q_W"], 1.0 + p["q_E"]
    west = (
        lean_w - tau * ge * others_e / (1.0 + gw * (others_w + caps)) - p["h"] - p["e"] * others_e
    )
    east = (
        lean_e - tau * gw * others_w / (1.0 + ge * (others_e + caps)) - p["h"] - p["e"] * others_w
    )
    alone = -tau * p["nu"] * (gw * others_w + ge * others_e) / (1.0 + caps)
    return west, east, alone


def _action_values(profiles, caps, lean_w, lean_e, p) -> np.ndarray:
    """(m, n, 3) payoffs of each state's three actions against the others in each profile."""
    in_w = profiles == WEST
    in_e = profiles == EAST
    # others' raw capability in each camp, per state: camp total minus own contribution
    others_w = (in_w @ caps)[:, None] - in_w * caps
    others_e = (in_e @ caps)[:, None] - in_e * caps
    values = _values(others_w, others_e, caps, lean_w, lean_e, p)
    return np.stack(np.broadcast_arrays(*values), axis=-1)


def _state_ranges(caps, lean_w, lean_e, p) -> np.ndarray:
    """Each state's payoff range (max - min over all profiles and its actions), without enumerating.

    A member's payoff rises with its own camp's others and falls with the rival camp's, and a
    non-aligned state's falls with both, so every extreme is reached with all the others in
    one camp: three configurations per state suffice. Overflow gives inf or nan (no warning):
    callers refuse non-finite ranges.
    """
    total = caps.sum() - caps
    zero = np.zeros_like(caps)
    configs = [(total, zero), (zero, total), (zero, zero)]
    with np.errstate(all="ignore"):
        vals = np.stack([np.stack(_values(ow, oe, caps, lean_w, lean_e, p)) for ow, oe in configs])
        return vals.max(axis=(0, 1)) - vals.min(axis=(0, 1))


def _payoff_range(caps, lean_w, lean_e, p) -> float:
    """The game's payoff range (largest of the states' ranges, :func:`_state_ranges`)."""
    return float(_state_ranges(caps, lean_w, lean_e, p).max())


def _equilibria(profiles, caps, lean_w, lean_e, p, atol) -> np.ndarray:
    """Rows of `profiles` that are pure equilibria, testing one state at a time.

    ``atol[i]`` is state i's tolerance on its deviation gains (scaled by its own payoff range).

    Profiles that fail a state are dropped before the next state is tested, so most of the
    work is spent on the first few states.
    """
    in_w = profiles == WEST
    in_e = profiles == EAST
    sum_w, sum_e = in_w @ caps, in_e @ caps
    alive = np.arange(len(profiles))
    for i in range(profiles.shape[1]):
        own = profiles[alive, i]
        ow = sum_w[alive] - caps[i] * (own == WEST)
        oe = sum_e[alive] - caps[i] * (own == EAST)
        west, east, alone = _values(ow, oe, caps[i], lean_w[i], lean_e[i], p)
        # three named arrays, not one (m, 3) array: reductions over a length-3 axis are slow
        mine = np.where(own == WEST, west, np.where(own == EAST, east, alone))
        alive = alive[mine >= np.maximum(np.maximum(west, east), alone) - atol[i]]
        if not len(alive):
            break
    return profiles[alive]
