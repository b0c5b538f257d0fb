"""Finite automata: strategies of a repeated game.

An :class:`Automaton` has finitely many states; in each state it plays an intended action (or a
probability vector over actions); after every round it moves to the next state according to the
joint action *actually played* (after implementation noise). The joint action is seen from the
automaton's own seat: its own action first, then the other players' actions in player order. The
same automaton therefore works for player 0 and player 1 of a symmetric game, as in a tournament.

>>> tft = strategy("TFT")
>>> tft.n_states, tft.n_players, tft.n_actions
(2, 2, 2)
>>> tft.action_probs(tft.initial).tolist()          # starts by cooperating (action 0)
[1.0, 0.0]
>>> int(tft.transitions[0, 0, 1])                   # after (own C, other D): the D state
1
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import numpy as np

from ..errors import GameError, TooLargeError
from ..tolerance import PROB_SUM_TOL, ROUNDING_NEGATIVE_PROB

MAX_STATES = 10_000
"""Most states an automaton may have (joint chains multiply these; see payoffs.MAX_JOINT_STATES)."""

MAX_RULES = 1 << 20
"""Most memory-one rules :func:`all_memory_one` enumerates in one call."""


@dataclass(frozen=True, eq=False)
class Automaton:
    """A finite-state strategy for one seat of an n-player repeated game.

    Attributes
    ----------
    actions : numpy.ndarray, shape (n_states, n_actions)
        ``actions[s]`` is the probability of each intended action in state ``s``.
    transitions : numpy.ndarray of int, shape (n_states, n_actions, ..., n_actions)
        One action axis per player, own action first, then the others in player order:
        ``transitions[s, own, other_1, ...]`` is the next state after that realised joint action.
    initial : int
        The state of the first round.
    name : str
        A label used in meta-games and reports.
    memory_one : tuple or None
        For automata built by :func:`memory_one`: ``(rule probabilities over the m**n last
        outcomes, first-move probabilities)``, which the batched kernels use directly.
    memory_n : tuple or None
        For automata built by :func:`memory_n`: ``(n, probability of action 1 after each of the
        4**n histories, start history)``, which :func:`~gametheory.repeated.equilibria_in_space`
        packs into its compiled kernel.
    """

    actions: np.ndarray
    transitions: np.ndarray
    initial: int = 0
    name: str = ""
    memory_one: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    memory_n: tuple[int, np.ndarray, int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        func = "Automaton()"
        trans = np.asarray(self.transitions)
        if trans.ndim < 2 or not np.issubdtype(trans.dtype, np.integer):
            raise GameError(
                f"{func}: transitions must be an integer array of shape (n_states, n_actions, ...,"
                f" n_actions) with one action axis per player, got dtype {trans.dtype} and "
                f"shape {trans.shape}"
            )
        n_states, m = trans.shape[0], trans.shape[1]
        if any(size != m for size in trans.shape[1:]):
            raise GameError(
                f"{func}: transitions has action axes {trans.shape[1:]}; every player needs the "
                f"same number of actions (pad with dominated actions otherwise)"
            )
        if not 1 <= n_states <= MAX_STATES:
            error = TooLargeError if n_states > MAX_STATES else GameError
            raise error(f"{func}: {n_states} states, expected 1 to {MAX_STATES}")
        if m < 1:
            raise GameError(f"{func}: transitions has no actions")
        if trans.min() < 0 or trans.max() >= n_states:
            raise GameError(
                f"{func}: transitions name states outside 0..{n_states - 1} "
                f"(found {int(trans.min())}..{int(trans.max())})"
            )
        acts = np.asarray(self.actions)
        if acts.ndim == 1 and np.issubdtype(acts.dtype, np.integer):
            if acts.shape != (n_states,) or acts.min() < 0 or acts.max() >= m:
                raise GameError(
                    f"{func}: actions {acts.tolist()} must give one action in 0..{m - 1} for "
                    f"each of {n_states} states"
                )
            acts = np.eye(m)[acts]
        acts = np.asarray(acts, dtype=float)
        if acts.shape != (n_states, m):
            raise GameError(
                f"{func}: actions has shape {acts.shape}, expected ({n_states}, {m}): one "
                "probability vector per state"
            )
        if (
            not np.isfinite(acts).all()
            or (acts < -ROUNDING_NEGATIVE_PROB).any()
            or np.abs(acts.sum(1) - 1).max() > PROB_SUM_TOL
        ):
            raise GameError(
                f"{func}: actions rows must be probability vectors, got {acts.tolist()}"
            )
        if not 0 <= int(self.initial) < n_states:
            raise GameError(f"{func}: initial state {self.initial} not in 0..{n_states - 1}")
        acts = np.clip(acts, 0.0, None)
        acts.setflags(write=False)
        trans = trans.astype(np.int64)
        trans.setflags(write=False)
        object.__setattr__(self, "actions", acts)
        object.__setattr__(self, "transitions", trans)
        object.__setattr__(self, "initial", int(self.initial))
        object.__setattr__(self, "name", str(self.name) or f"automaton{n_states}")

    @property
    def n_states(self) -> int:
        return int(self.transitions.shape[0])

    @property
    def n_players(self) -> int:
        return int(self.transitions.ndim - 1)

    @property
    def n_actions(self) -> int:
        return int(self.transitions.shape[1])

    @property
    def pure(self) -> bool:
        """True if every state plays one action with certainty."""
        return bool(np.all((self.actions == 0) | (self.actions == 1)))

    def action_probs(self, state: int) -> np.ndarray:
        """The intended-action distribution in `state`."""
        return self.actions[state]

    def flat_transitions(self) -> np.ndarray:
        """``transitions`` with the joint-action axes flattened (row-major, own action first)."""
        return self.transitions.reshape(self.n_states, -1)

    def __repr__(self) -> str:
        return f"Automaton({self.name!r}, {self.n_states} states, {self.n_players} players)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "actions": self.actions.tolist(),
            "transitions": self.transitions.tolist(),
            "initial": self.initial,
        }


# ----------------------------------------------------------------------------- named strategies
def _two_player(name: str, actions, table, initial: int = 0) -> Automaton:
    """An automaton for 2 players, 2 actions from next-state table[state][own][other]."""
    return Automaton(np.asarray(actions), np.asarray(table, dtype=np.int64), initial, name)


def strategy(name: str, **params: float) -> Automaton:
    """A classic strategy of the repeated 2-player, 2-action game (0 = cooperate/restrain).

    Parameters
    ----------
    name : {"ALLC", "ALLD", "GRIM", "TFT", "GTFT", "WSLS", "TF2T"}
        ALLC/ALLD always cooperate/defect. GRIM (Friedman 1971): cooperate while every round so
        far was mutual cooperation, defect forever after any other outcome. TFT (Axelrod 1984):
        cooperate first, then copy the other's last action. GTFT (Nowak & Sigmund 1992): TFT that
        forgives a defection with probability ``g``. WSLS (win-stay lose-shift, Nowak & Sigmund
        1993): cooperate iff both played the same action last round. TF2T: defect only after two
        consecutive defections by the other.
    **params
        ``g`` for GTFT (generosity, in [0, 1]; default 1/3, the generosity of the 5, 3, 1, 0
        prisoner's dilemma).

    Examples
    --------
    >>> strategy("GTFT", g=0.25).action_probs(1).tolist()
    [0.25, 0.75]
    >>> strategy("WSLS").transitions[:, 1, 1].tolist()   # after mutual defection: cooperate
    [0, 0]
    """
    key = str(name).upper()
    allowed = {"GTFT": {"g"}}.get(key, set())
    extra = set(params) - allowed
    if extra:
        raise GameError(
            f"strategy(): {key} takes no parameter(s) {sorted(extra)}"
            + (f"; it takes {sorted(allowed)}" if allowed else "")
        )
    copy_other = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]]  # next state = the other's last action
    if key == "ALLC":
        return _two_player(key, [0], [[[0, 0], [0, 0]]])
    if key == "ALLD":
        return _two_player(key, [1], [[[0, 0], [0, 0]]])
    if key == "GRIM":
        return _two_player(key, [0, 1], [[[0, 1], [1, 1]], [[1, 1], [1, 1]]])
    if key == "TFT":
        return _two_player(key, [0, 1], copy_other)
    if key == "GTFT":
        g = params.get("g", 1.0 / 3.0)
        try:
            g = float(g)
        except (TypeError, ValueError):
            raise GameError(f"strategy(): GTFT generosity g = {g!r} is not a number") from None
        if not 0.0 <= g <= 1.0:
            raise GameError(f"strategy(): GTFT generosity g = {g} must be in [0, 1]")
        label = f"GTFT(g={g:.4g})"
        return _two_player(label, [[1.0, 0.0], [g, 1.0 - g]], copy_other)
    if key == "WSLS":
        return _two_player(key, [0, 1], [[[0, 1], [1, 0]], [[0, 1], [1, 0]]])
    if key == "TF2T":
        return _two_player(key, [0, 0, 1], [[[0, 1], [0, 1]], [[0, 2], [0, 2]], [[0, 2], [0, 2]]])
    raise GameError(
        f"strategy(): unknown strategy {name!r}; known: ALLC, ALLD, GRIM, TFT, GTFT, WSLS, TF2T"
    )


STRATEGY_NAMES = ("ALLC", "ALLD", "GRIM", "TFT", "GTFT", "WSLS", "TF2T")
"""The names :func:`strategy` knows."""


# ----------------------------------------------------------------------------- memory one
def _prob_rows(func: str, values: Sequence[Any], m: int, what: str) -> np.ndarray:
    rows = []
    for k, v in enumerate(values):
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            if not 0 <= int(v) < m:
                raise GameError(f"{func}: {what}[{k}] = {v} is not an action in 0..{m - 1}")
            rows.append(np.eye(m)[int(v)])
            continue
        row = np.asarray(v, dtype=float) if not isinstance(v, (str, bool)) else None
        if row is None or row.shape != (m,) or not np.isfinite(row).all():
            raise GameError(
                f"{func}: {what}[{k}] = {v!r}; expected an action index or {m} probabilities"
            )
        if (row < -ROUNDING_NEGATIVE_PROB).any() or abs(row.sum() - 1) > PROB_SUM_TOL:
            raise GameError(f"{func}: {what}[{k}] = {row.tolist()} is not a probability vector")
        rows.append(np.clip(row, 0, None))
    return np.array(rows)


def memory_one(
    rule: Sequence[Any], first: Any = None, n_actions: int = 2, name: str = ""
) -> Automaton:
    """The memory-one strategy that plays ``rule[k]`` after last-round outcome ``k``.

    Parameters
    ----------
    rule : sequence
        One entry per last-round outcome, ``n_actions ** n_players`` of them, indexed row-major
        over (own action, other players' actions in order); each entry is an action index or a
        probability vector over actions. For 2 players and 2 actions the order is CC, CD, DC, DD.
    first : int, probability vector, or None
        The first-round move. None: play as if the last outcome had been everyone cooperating
        (outcome 0), which is how TFT and WSLS start.
    n_actions : int
        Actions per player.

    Examples
    --------
    >>> wsls = memory_one([0, 1, 1, 0])
    >>> wsls.n_players, wsls.n_states
    (2, 4)
    >>> memory_one([0, 1, 0, 1], first=1).n_states        # suspicious TFT: a start state
    5
    """
    func = "memory_one()"
    if isinstance(n_actions, bool) or not isinstance(n_actions, (int, np.integer)) or n_actions < 2:
        raise GameError(f"{func}: n_actions = {n_actions!r}, expected an integer >= 2")
    m = int(n_actions)
    if isinstance(rule, (str, bytes)) or not hasattr(rule, "__len__"):
        raise GameError(f"{func}: rule must be a sequence of actions, got {rule!r}")
    size = len(rule)
    n = 1
    while m**n < size:
        n += 1
    if m**n != size or n < 1:
        raise GameError(
            f"{func}: rule has {size} entries; expected n_actions ** n_players (e.g. 4 for 2 "
            f"players, 8 for 3) with n_actions = {m}"
        )
    probs = _prob_rows(func, rule, m, "rule")
    first_probs = probs[0] if first is None else _prob_rows(func, [first], m, "first")[0]
    outcomes = np.arange(size, dtype=np.int64).reshape((m,) * n)
    if first is None:
        actions, trans, initial = probs, np.stack([outcomes] * size), 0
    else:  # an extra start state, size, which only the first round uses
        actions = np.vstack([probs, first_probs])
        trans, initial = np.stack([outcomes] * (size + 1)), size
    label = name or _rule_label(probs, None if first is None else first_probs)
    return Automaton(actions, trans, initial, label, memory_one=(probs, first_probs))


def _rule_label(probs: np.ndarray, first: np.ndarray | None) -> str:
    def one(row: np.ndarray) -> str:
        hits = np.flatnonzero(row == 1.0)
        return str(int(hits[0])) if hits.size else "(" + ",".join(f"{p:.3g}" for p in row) + ")"

    body = "".join(one(r) for r in probs)
    return f"M1[{body}]" + ("" if first is None else f"/{one(first)}")


def all_memory_one(
    n_players: int, n_actions: int = 2, with_first_move: bool = False
) -> list[Automaton]:
    """Every pure memory-one strategy of the n-player, m-action repeated game.

    Rule number ``r`` plays action ``(r // m**k) % m`` after outcome ``k`` (outcome 0 is the
    least significant digit). With ``with_first_move`` each rule comes once per first move (the
    first move varies fastest), else it starts as after outcome 0.

    >>> len(all_memory_one(2)), len(all_memory_one(2, with_first_move=True)), len(all_memory_one(3))
    (16, 32, 256)
    >>> all_memory_one(2)[10].name                 # 10 = 0b1010: TFT, C after CC and DC
    'M1[0101]'
    """
    func = "all_memory_one()"
    for label, value, low in (("n_players", n_players, 1), ("n_actions", n_actions, 2)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise GameError(f"{func}: {label} = {value!r}, expected an integer >= {low}")
    m, n = int(n_actions), int(n_players)
    # log10 of the rule count m^(m^n) (x m), without forming m^n for large n: m^n alone has
    # n log2(m) bits, and float(m) ** (m^n) overflows (n = 1000 raised OverflowError here)
    log10_outcomes = n * math.log10(m)
    small = log10_outcomes < 2
    outcomes = m**n if small else None
    count = m**outcomes * (m if with_first_move else 1) if small else None
    if count is None or count > MAX_RULES:
        if log10_outcomes < 300:
            digits = m**n * math.log10(m) + (math.log10(m) if with_first_move else 0.0)
            size = f"{10.0**digits:.3g}" if digits < 300 else f"10^{digits:.4g}"
        else:
            size = f"10^(10^{log10_outcomes + math.log10(math.log10(m)):.4g})"
        raise TooLargeError(
            f"{func}: {m}^({m}^{n}) {'x ' + str(m) + ' ' if with_first_move else ''}memory-one "
            f"rules (~{size}) exceed {MAX_RULES}; build the rules you need with memory_one()"
        )
    out = []
    for r in range(m**outcomes):
        rule = [(r // m**k) % m for k in range(outcomes)]
        if with_first_move:
            out.extend(memory_one(rule, first=f, n_actions=m) for f in range(m))
        else:
            out.append(memory_one(rule, n_actions=m))
    return out


def profile_of(
    func: str, profile: Sequence[Any], n_players: int, n_actions: int
) -> list[Automaton]:
    """Validate a profile: one Automaton (or strategy name) per player, matching the stage game."""
    if isinstance(profile, (str, Automaton)) or not isinstance(profile, Sequence):
        raise GameError(f"{func}: profile must be a sequence of {n_players} automata")
    if len(profile) != n_players:
        raise GameError(
            f"{func}: profile has {len(profile)} automata, the stage game has {n_players} players"
        )
    out = []
    for i, a in enumerate(profile):
        if isinstance(a, str):
            a = strategy(a)
        if not isinstance(a, Automaton):
            raise GameError(f"{func}: profile[{i}] is {type(a).__name__}, expected an Automaton")
        if a.n_players != n_players or a.n_actions != n_actions:
            raise GameError(
                f"{func}: profile[{i}] ({a.name}) is for {a.n_players} players with "
                f"{a.n_actions} actions; the stage game has {n_players} players with "
                f"{n_actions} actions each"
            )
        out.append(a)
    return out


def seat_permutation(n_players: int, n_actions: int) -> np.ndarray:
    """``perm[i, j]``: the index of global joint action ``j`` as seen from seat ``i``.

    Seat ``i`` sees its own action first, then the others in player order.

    >>> seat_permutation(2, 2).tolist()
    [[0, 1, 2, 3], [0, 2, 1, 3]]
    """
    m, n = n_actions, n_players
    perm = np.empty((n, m**n), dtype=np.int64)
    for j, joint in enumerate(product(range(m), repeat=n)):
        for i in range(n):
            seen = (joint[i], *joint[:i], *joint[i + 1 :])
            perm[i, j] = int(np.ravel_multi_index(seen, (m,) * n))
    return perm


# ----------------------------------------------------------------------------- memory n
MAX_MEMORY = 6
"""Longest memory :func:`memory_n` builds (4**6 = 4096 histories, one automaton state each)."""


def _check_memory(func: str, n: Any) -> int:
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > MAX_MEMORY:
        raise TooLargeError(f"{func}: n = {n!r}, expected an integer memory in 1..{MAX_MEMORY}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_MEMORY:
        raise GameError(f"{func}: n = {n!r}, expected an integer memory in 1..{MAX_MEMORY}")
    return int(n)


def history_index(func: str, start: Any, n: int) -> int:
    """The history number of `start`: None (n rounds of mutual restraint), an index, or pairs.

    Histories of two-player, two-action play are numbered with the older round as the more
    significant digit in base 4, each round's outcome being ``2 * own + other`` (CC, CD, DC, DD
    = 0, 1, 2, 3, own move first).

    >>> history_index("f", [(0, 0), (1, 0)], 2)     # CC two rounds ago, then DC: 4*0 + 2
    2
    """
    H = 4**n
    if start is None:
        return 0
    if isinstance(start, (int, np.integer)) and not isinstance(start, bool):
        if not 0 <= int(start) < H:
            raise GameError(f"{func}: start = {start!r} is not a history number in 0..{H - 1}")
        return int(start)
    try:
        pairs = [tuple(int(a) for a in pair) for pair in start]
    except (TypeError, ValueError):
        raise GameError(
            f"{func}: start = {start!r}; expected None, a history number or {n} (own, other) "
            "action pairs, older round first"
        ) from None
    if len(pairs) != n or any(len(p) != 2 or not set(p) <= {0, 1} for p in pairs):
        raise GameError(
            f"{func}: start = {start!r}; expected {n} (own, other) pairs of actions 0/1, older "
            "round first"
        )
    index = 0
    for own, other in pairs:
        index = 4 * index + 2 * own + other
    return index


def swap_views(n: int) -> np.ndarray:
    """``swap[h]``: history h as the other player sees it (own and other exchanged each round).

    >>> swap_views(1).tolist()
    [0, 2, 1, 3]
    """
    h = np.arange(4**n)
    out = np.zeros_like(h)
    for k in range(n):
        outcome = (h // 4**k) % 4
        out += (2 * (outcome % 2) + outcome // 2) * 4**k
    return out


def _defect_column(func: str, rule: Any, H: int) -> np.ndarray:
    if isinstance(rule, (str, bytes)) or not hasattr(rule, "__len__") or len(rule) != H:
        raise GameError(
            f"{func}: rule must have {H} entries (one per history), got "
            f"{len(rule) if hasattr(rule, '__len__') else rule!r}"
        )
    return _prob_rows(func, rule, 2, "rule")[:, 1]


def memory_label(n: int, defect: np.ndarray, start: int) -> str:
    """The name ``M{n}[...]`` of the memory-n rule with escalation probabilities `defect`
    (the bits for a pure rule), ``@start`` appended for a start other than history 0."""
    if np.all((defect == 0) | (defect == 1)):
        body = "".join(str(int(p)) for p in defect)
    else:
        body = ",".join(f"{p:.3g}" for p in defect)
    return f"M{n}[{body}]" + ("" if start == 0 else f"@{start}")


def memory_n(n: int, rule: Sequence[Any], start: Any = None, name: str = "") -> Automaton:
    """The two-player, two-action strategy that reacts to the last `n` rounds.

    Parameters
    ----------
    n : int
        Memory (1..MAX_MEMORY rounds).
    rule : sequence of 4**n entries
        ``rule[h]``: the action (0 restrain, 1 escalate) or a probability vector over the two
        actions after history ``h``. Histories are numbered with the **older round first** (the
        more significant base-4 digit), each round's outcome **own move first**: CC, CD, DC, DD
        = 0, 1, 2, 3. For n = 2, ``h = 4 * (outcome two rounds ago) + (last outcome)``.
    start : None, int, or sequence of n (own, other) pairs
        The history the game starts from. None (default): as if preceded by n rounds of mutual
        restraint (history 0), which is how TFT and WSLS start. Else a history number or the n
        outcomes, older first.

    Returns
    -------
    Automaton
        4**n states, one per history (the automaton's own view); the state after a round is
        the history shifted by that round's realised outcome.

    Examples
    --------
    >>> tf2t = memory_n(2, [1 if h in (5, 7, 13, 15) else 0 for h in range(16)])
    >>> tf2t.n_states, tf2t.name                  # defect after two defections by the other
    (16, 'M2[0000010100000101]')
    >>> int(tf2t.transitions[5, 0, 1])           # CD, CD, then CD again: still history 5
    5
    """
    func = "memory_n()"
    n = _check_memory(func, n)
    H = 4**n
    defect = _defect_column(func, rule, H)
    first = history_index(func, start, n)
    h = np.arange(H, dtype=np.int64)
    trans = ((h[:, None, None] * 4) % H + 2 * np.arange(2)[None, :, None] + np.arange(2)) % H
    actions = np.stack([1.0 - defect, defect], axis=1)
    defect.setflags(write=False)
    label = name or memory_label(n, defect, first)
    m1 = (actions, actions[first]) if n == 1 else None
    return Automaton(actions, trans, first, label, memory_one=m1, memory_n=(n, defect, first))


@dataclass(frozen=True, eq=False)
class MemoryNSpace(Sequence):
    """A strategy space of memory-n rules for the two-player, two-action game, stored compactly.

    Indexing gives :class:`Automaton` objects (built on demand); the compiled kernels read
    ``defect`` directly.

    Attributes
    ----------
    memory : int
        n, the rounds remembered.
    defect : numpy.ndarray, shape (size, 4**n)
        Probability of intending action 1 (escalate) after each history (see :func:`memory_n`
        for the history order).
    start : int
        The history every strategy of the space starts from.
    """

    memory: int
    defect: np.ndarray
    start: int = 0

    def __post_init__(self) -> None:
        func = "MemoryNSpace()"
        n = _check_memory(func, self.memory)
        arr = np.asarray(self.defect, dtype=float)
        if arr.ndim != 2 or arr.shape[1] != 4**n or arr.shape[0] < 1:
            raise GameError(f"{func}: defect has shape {arr.shape}, expected (strategies, {4**n})")
        if not np.isfinite(arr).all() or (arr < 0).any() or (arr > 1).any():
            raise GameError(f"{func}: defect holds probabilities in [0, 1]")
        arr = np.ascontiguousarray(arr)
        arr.setflags(write=False)
        object.__setattr__(self, "defect", arr)
        object.__setattr__(self, "memory", n)
        object.__setattr__(self, "start", history_index(func, self.start, n))

    def __len__(self) -> int:
        return int(self.defect.shape[0])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        k = int(index)
        if not -len(self) <= k < len(self):
            raise IndexError(f"strategy {k} of {len(self)}")
        return memory_n(self.memory, [[1 - p, p] for p in self.defect[k]], start=self.start)

    def __repr__(self) -> str:
        return f"MemoryNSpace(memory={self.memory}, {len(self)} strategies, start={self.start})"


def all_memory_n(n: int, start: Any = None) -> MemoryNSpace:
    """Every pure memory-n strategy of the two-player, two-action game, as a compact space.

    Strategy number ``r`` plays action ``(r >> h) & 1`` after history ``h`` (history 0 is the
    least significant bit; history order as in :func:`memory_n`). There are ``2**(4**n)``: 16
    for n = 1, 65,536 for n = 2; beyond ``MAX_RULES`` (2**20, so n >= 3: 2**64) the call is
    refused with the count named.

    >>> space = all_memory_n(2)
    >>> len(space), space.defect.shape
    (65536, (65536, 16))
    >>> space[0b1010101010101010].name            # TFT: copy the other's last move
    'M2[0101010101010101]'
    """
    func = "all_memory_n()"
    n = _check_memory(func, n)
    H = 4**n
    if H > 20:
        raise TooLargeError(
            f"{func}: memory {n} has 2^{H} (~{2.0**H:.3g}) pure strategies, more than "
            f"{MAX_RULES}; build a space from chosen rules with MemoryNSpace(n, defect)"
        )
    r = np.arange(2**H, dtype=np.int64)
    defect = ((r[:, None] >> np.arange(H)) & 1).astype(float)
    return MemoryNSpace(n, defect, history_index(func, start, n))
