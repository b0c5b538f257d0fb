"""The spiral model: the two-bloc game repeated, with accidents that grow with capability.

"If tensions grow, the slightest event could spark a military conflict." Two blocs play the
two-bloc game (:func:`~gametheory.deterrence.two_bloc.two_bloc`) at capability ``c`` round after
round, discounting the future by ``delta``. Accidents (the model's assumption, stated in every
report):

- ``"one-sided"`` (default): an intended restraint (R) is carried out as escalation (E) with
  probability ``eps = min(1, eps0 c)``; an intended escalation is always carried out. The more
  capability, the more accidents; from ``c = 1 / eps0`` on every restraint fails.
- ``"two-sided"``: either intended action is carried out as the other with probability ``eps``.

A strategy is a finite automaton (:class:`~gametheory.repeated.Automaton`). The menu:
GRIM (pure deterrence), TFT, GTFT (deterrence with forgiveness), WSLS and CTFT (contrite TFT:
Sugden 1986, Boyd 1989), plus any automaton the user passes. Whether a strategy played by both
blocs is an equilibrium is decided exactly by :func:`~gametheory.repeated.is_subgame_perfect`
(one-shot deviations in every reachable state) and :func:`~gametheory.repeated.is_nash` (the
best-reply Markov decision problem); :func:`best_reply` also returns the reply. The analysis
(findings, windows in c) is :mod:`gametheory.deterrence.analysis.spiral`.

>>> model = SpiralModel.from_values({})
>>> v = model.verdict("CTFT", 2.0)
>>> v.spe, v.nash, round(v.war_share, 4)
(True, True, 0.0044)
>>> reply = model.best_reply("GTFT", 2.0)
>>> reply.name, round(reply.gain, 4)
('always restrain', 0.0582)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import brentq

from ..errors import GameError
from ..game import Game
from ..repeated import (
    Automaton,
    MemoryNSpace,
    all_memory_n,
    best_response,
    equilibria_in_space,
    expected_payoffs,
    is_nash,
    one_shot_deviations,
    outcome_distribution,
    strategy,
)
from ..repeated.automata import memory_label
from ..repeated.chain import build_chain
from ..stability._solved_cache import cached_data
from ..tolerance import CERTAIN_PROB_TOL, DEFAULT_TOL, ROOT_STEP, UNDERFLOW_GUARD
from .tolerance import ACCIDENT_RATE_MARGIN
from .two_bloc import TWO_BLOC_DEFAULTS, two_bloc

SPIRAL_DEFAULTS: dict[str, float] = {
    "r": 0.5,
    "delta": 0.9,
    "eps0": 0.02,
    "war_target": 0.05,
    "restraint_target": 0.5,
}
"""Settings on top of the two-bloc defaults (c = 2). r = 0.5 is below the stage-game threshold
b + (alpha - theta) c for every c >= 0, so one-shot restraint is never an equilibrium and only
the shadow of the future can sustain it. ``restraint_target``: the least long-run restraint
rate (share of moves carried out as restraint, both blocs pooled) at which a memory-two
equilibrium counts as *mostly restrained* (:meth:`SpiralModel.memory_two`)."""

NOISE_KINDS = ("one-sided", "two-sided")
"""The accident models: slips from R to E only, or slips either way."""

MENU = ("GRIM", "TFT", "GTFT", "WSLS", "CTFT")
"""The strategies every analysis checks (user automata are added after them)."""

MIN_ACCIDENT_RATE = ACCIDENT_RATE_MARGIN
"""Least distance of a positive accident rate from 0 and from 1 the model accepts (closer
ones vanish next to 1 in floating point and the chain solves break down)."""

REPEATED_SETTINGS = ("delta", "eps0", "war_target", "restraint_target", "g", "two_sided")
"""Parameters of the repeated game (the rest are two-bloc parameters)."""


def contrite_tft() -> Automaton:
    """Contrite tit-for-tat (CTFT; Sugden 1986, Boyd 1989), as a four-state automaton.

    Each bloc keeps a *standing* for itself and for the rival: a bloc is in good standing if it
    restrained last round, or if it escalated while in good standing against a rival in bad
    standing (a justified punishment). CTFT escalates only when it is in good standing and the
    rival is not; a bloc whose accident put it in bad standing restrains (contrition) and
    accepts one round of punishment, after which both are in good standing again. State
    ``2 * own_bad + rival_bad``; starts with both in good standing.

    >>> a = contrite_tft()
    >>> a.actions.argmax(1).tolist()      # escalate only as (good, bad)
    [0, 1, 0, 0]
    >>> int(a.transitions[0, 1, 0])       # own slip from (good, good): own standing bad
    2
    """
    actions = np.zeros(4, dtype=np.int64)
    transitions = np.zeros((4, 2, 2), dtype=np.int64)
    for state in range(4):
        own_bad, rival_bad = divmod(state, 2)
        provoked = not own_bad and rival_bad  # own escalation now is justified
        actions[state] = 1 if provoked else 0
        for own in range(2):
            for rival in range(2):
                own_next = 0 if own == 0 or provoked else 1
                rival_next = 0 if rival == 0 or (not rival_bad and own_bad) else 1
                transitions[state, own, rival] = 2 * own_next + rival_next
    return Automaton(actions, transitions, 0, "CTFT")


def alternator() -> Automaton:
    """Escalate, restrain, escalate, ... whatever happens (a way to exploit forgiveness)."""
    return Automaton(np.array([1, 0]), np.array([[[1, 1], [1, 1]], [[0, 0], [0, 0]]]), 0, "ALT")


REPLY_NAMES: dict[str, str] = {
    "ALLC": "always restrain",
    "ALLD": "always escalate",
    "ALT": "alternate escalation and restraint",
}
"""Plain names of the candidate replies :func:`best_reply` tries first."""


def accident_matrix(eps: float, noise: str = "one-sided") -> np.ndarray:
    """``Q[intended, realised]`` for actions (R, E): slips of probability `eps`.

    >>> accident_matrix(0.1).tolist(), accident_matrix(0.1, "two-sided").tolist()
    ([[0.9, 0.1], [0.0, 1.0]], [[0.9, 0.1], [0.1, 0.9]])
    """
    if noise not in NOISE_KINDS:
        raise GameError(f"accident_matrix(): noise = {noise!r}, expected one of {NOISE_KINDS}")
    if not 0.0 <= eps <= 1.0:
        raise GameError(f"accident_matrix(): eps = {eps}, expected a probability in [0, 1]")
    back = eps if noise == "two-sided" else 0.0
    return np.array([[1.0 - eps, eps], [back, 1.0 - back]])


# ----------------------------------------------------------------------------- best reply
@dataclass(frozen=True)
class BestReply:
    """A best reply of one bloc to a strategy played by the other, and what it gains.

    Attributes
    ----------
    name : str
        ``"always restrain"``, ``"always escalate"``, a menu strategy's name, or ``"a K-state
        reply"`` when no named candidate reaches the optimum.
    gain : float
        Best value minus the strategy's value against itself from the start (normalised
        discounted payoff per round; 0 when the strategy is a best reply to itself).
    value : float
        The best value.
    automaton : Automaton
        The optimal policy of the best-reply Markov decision problem as an automaton
        (:func:`~gametheory.repeated.best_response`: reachable states, equivalent ones merged;
        ``name`` may be a simpler strategy with the same value).
    """

    name: str
    gain: float
    value: float
    automaton: Automaton


def best_reply(
    stage: Game,
    automaton: Automaton,
    delta: float,
    Q: np.ndarray,
    candidates: Mapping[str, Automaton] = (),
) -> BestReply:
    """A best reply to `automaton` (played by the rival) in the repeated game, with its gain.

    The optimum comes from :func:`~gametheory.repeated.best_response` (the best-reply Markov
    decision problem of :func:`~gametheory.repeated.is_nash`, solved by policy iteration). The
    reply is named by the first of `automaton`
    itself, always restrain, always escalate, alternation and `candidates` whose payoff against
    `automaton`
    (:func:`~gametheory.repeated.expected_payoffs`, an independent chain solve) is within the
    Nash tolerance of the optimum; else it is the MDP's policy automaton. `automaton` itself is
    tried first: when it is a best reply to itself (Nash) the reply is named after it.
    """
    Q = np.asarray(Q, dtype=float)
    if Q.shape != (2, 2):
        raise GameError(f"best_reply(): Q has shape {Q.shape}, expected (2, 2)")
    found = best_response(stage, [automaton, automaton], 0, delta, noise=Q)
    reply, best, own = found.automaton, found.value, found.current_value
    tol = DEFAULT_TOL * max(stage.payoff_range, UNDERFLOW_GUARD)
    named = {automaton.name: automaton, "ALLC": strategy("ALLC"), "ALLD": strategy("ALLD")}
    named["ALT"] = alternator()
    named.update({k: v for k, v in dict(candidates).items() if k not in named})
    for key, cand in named.items():
        value = float(expected_payoffs(stage, [cand, automaton], delta, noise=Q)[0])
        if value >= best - tol:
            return BestReply(REPLY_NAMES.get(key, key), max(best - own, 0.0), best, reply)
    return BestReply(
        f"a {reply.n_states}-state automaton (in the evidence)", max(best - own, 0.0), best, reply
    )


# ----------------------------------------------------------------------------- memory two
def memory_two_rule(escalate: Callable[[int, int, int, int], Any]) -> int:
    """The number in :func:`~gametheory.repeated.all_memory_n` ``(2)`` of the pure memory-two
    rule that escalates after the last two rounds iff ``escalate(older_own, older_rival,
    last_own, last_rival)`` (1 = escalated) is true.

    >>> memory_two_rule(lambda oo, orv, lo, lr: lr) == 0b1010101010101010   # TFT
    True
    """
    rule = 0
    for h in range(16):
        older, last = divmod(h, 4)
        if escalate(*divmod(older, 2), *divmod(last, 2)):
            rule |= 1 << h
    return rule


def memory_two_reading(index: int) -> str:
    """Rule `index` of ``all_memory_n(2)`` in words: the histories after which it restrains,
    each written ``older;last`` with the bloc's own move first (R restrain, E escalate).

    >>> memory_two_reading(memory_two_rule(lambda oo, orv, lo, lr: oo or orv or lo or lr))
    'restrains only after RR;RR'
    """
    bits = _m2_bits(index)
    moves = ("RR", "RE", "ER", "EE")
    after = [f"{moves[h // 4]};{moves[h % 4]}" for h in range(16) if bits[h] == 0]
    if not after:
        return "never restrains"
    if len(after) == 16:
        return "always restrains"
    return "restrains only after " + ", ".join(after)


MEMORY_TWO_NAMES: dict[int, str] = {
    memory_two_rule(lambda oo, orv, lo, lr: False): "ALLC",
    memory_two_rule(lambda oo, orv, lo, lr: True): "ALLD",
    memory_two_rule(lambda oo, orv, lo, lr: lr): "TFT",
    memory_two_rule(lambda oo, orv, lo, lr: lo != lr): "WSLS",
    memory_two_rule(lambda oo, orv, lo, lr: lr and orv): "TF2T",
    memory_two_rule(lambda oo, orv, lo, lr: lr or orv): "2TFT",
    memory_two_rule(lambda oo, orv, lo, lr: oo or orv or lo or lr): "GRIM2",
}
"""Names of the known rules among the 65,536 pure memory-two strategies. ALLC / ALLD: always
restrain / escalate; TFT: copy the rival's last move (Axelrod 1984); WSLS: restrain iff both
did the same last round (Nowak & Sigmund 1993); TF2T: escalate only after two escalations of
the rival in a row (Axelrod 1984); 2TFT: escalate if the rival escalated in either of the last
two rounds (punish twice); GRIM2: restrain only after two rounds of mutual restraint (the
trigger of GRIM with two rounds of memory; without accidents it plays as GRIM). CTFT needs a
standing that two rounds of memory cannot hold, so it is not among them."""

MEMORY_TWO_SCAN = 11
"""Capabilities in [0, c_max] at which the whole memory-two space is classified to find the
strategies whose windows are then located one by one (about 2 s per capability on one core)."""

_M2_VERSION = "spiral.memory_two/1"


@dataclass(frozen=True)
class MemoryTwoEquilibrium:
    """A pure memory-two strategy s whose profile (s, s) is subgame perfect at one capability.

    ``index``: its number in ``all_memory_n(2)`` (escalates after history h iff bit h is set;
    history order of :func:`~gametheory.repeated.memory_n`); ``rule``: its label; ``name``: a
    known name (:data:`MEMORY_TWO_NAMES`) or None; ``restraint``: long-run share of moves
    carried out as restraint (both blocs); ``war``: long-run share of rounds at war (E, E);
    ``payoff``: each bloc's normalised discounted payoff from the start.
    """

    index: int
    rule: str
    name: str | None
    restraint: float
    war: float
    payoff: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.rule})" if self.name else self.rule

    @property
    def reading(self) -> str:
        """The rule in words (:func:`memory_two_reading`)."""
        return memory_two_reading(self.index)


@dataclass(frozen=True)
class MemoryTwoCensus:
    """Every pure memory-two strategy classified at one capability (both blocs play it).

    ``n_nash`` / ``n_spe``: how many of the ``size`` strategies are Nash / subgame perfect
    against every deviation (:func:`~gametheory.repeated.equilibria_in_space`);
    ``equilibria``: the subgame-perfect ones with their long-run outcomes.
    """

    c: float
    eps: float
    size: int
    n_nash: int
    n_spe: int
    equilibria: tuple[MemoryTwoEquilibrium, ...]


def _m2_source_key() -> str:
    """A digest of the code behind a census (the kernel and this file): a disk-cache version."""
    import hashlib
    from pathlib import Path

    from ..repeated import chain, space

    digest = hashlib.sha256()
    for module in (space, chain):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return f"{_M2_VERSION}/{digest.hexdigest()[:16]}"


# ----------------------------------------------------------------------------- the model
@dataclass(frozen=True)
class Verdict:
    """Whether a strategy played by both blocs is an equilibrium at one capability.

    ``war_share`` and ``shares`` are long-run (limit of means) shares of the realised joint
    actions, ``shares[a_A][a_B]``; ``osd_*`` is the most profitable one-shot deviation
    (gain 0 when subgame perfect), with the joint automaton state where it occurs.
    """

    name: str
    c: float
    eps: float
    nash: bool
    spe: bool
    war_share: float
    shares: tuple[tuple[float, float], tuple[float, float]]
    osd_gain: float
    osd_state: tuple[int, ...] | None
    osd_action: int | None


@dataclass(frozen=True)
class AfterSlip:
    """What follows a single slip of one bloc from mutual restraint in the first round.

    Attributes
    ----------
    starts_restrained : bool
        Whether the strategy starts with restraint (else there is no slip to follow).
    quiet_shares : tuple or None
        Long-run shares of the joint actions after the slip when no further accident happens.
    quiet_war_probability : float or None
        Probability of at least one round at war after the slip with no further accident
        (a strategy can pass through war and return to restraint, as WSLS does).
    war_probability : float or None
        Probability that war (E, E) ever follows the slip, accidents continuing.
    rounds_to_war : float or None
        Expected rounds from the slip to the first round at war, when war is certain.
    """

    name: str
    starts_restrained: bool
    quiet_shares: tuple[tuple[float, float], tuple[float, float]] | None
    quiet_war_probability: float | None
    war_probability: float | None
    rounds_to_war: float | None


@dataclass
class SpiralModel:
    """The repeated two-bloc game with accidents at fixed settings; verdicts for any c.

    Build with :meth:`from_values`. Verdicts are cached per (strategy, c), so regions that
    scan the same capabilities share the work.
    """

    stage_values: dict[str, float]
    c: float
    delta: float
    eps0: float
    war_target: float
    noise: str = "one-sided"
    generosity: float | None = None
    extra: dict[str, Automaton] = field(default_factory=dict)
    restraint_target: float = SPIRAL_DEFAULTS["restraint_target"]

    def __post_init__(self) -> None:
        self._game = two_bloc()
        self._cache: dict[tuple[str, float], Any] = {}

    # -------------------------------------------------------------- construction
    @classmethod
    def from_values(
        cls,
        values: Mapping[str, Any],
        noise: str | None = None,
        strategies: Mapping[str, Automaton] | Any = None,
    ) -> SpiralModel:
        """The model from two-bloc parameters plus delta, eps0, war_target, g, two_sided.

        ``g`` fixes GTFT's generosity (default: the generosity at which GTFT's war share meets
        the target, see :meth:`gtft_generosity`); ``two_sided=1`` selects two-sided accidents
        (the command line's numeric form of ``noise="two-sided"``). `strategies`: extra
        automata (a mapping name -> Automaton, or a sequence named by ``Automaton.name``).
        """
        func = "spiral"
        values = dict(values)
        settings = {k: float(values.pop(k, v)) for k, v in SPIRAL_DEFAULTS.items() if k != "r"}
        g = values.pop("g", None)
        two_sided = values.pop("two_sided", None)
        c = float(values.pop("c", TWO_BLOC_DEFAULTS["c"]))
        if not (np.isfinite(c) and c >= 0):
            raise GameError(f"{func}: c = {c}, expected a capability >= 0")
        values.setdefault("r", SPIRAL_DEFAULTS["r"])
        if not 0.0 < settings["delta"] < 1.0:
            raise GameError(f"{func}: delta = {settings['delta']}, expected a discount in (0, 1)")
        if not settings["eps0"] >= 0:
            raise GameError(f"{func}: eps0 = {settings['eps0']}, expected a rate >= 0")
        for share in ("war_target", "restraint_target"):
            if not 0.0 < settings[share] < 1.0:
                raise GameError(f"{func}: {share} = {settings[share]}, expected a share in (0, 1)")
        if g is not None and not 0.0 <= float(g) <= 1.0:
            raise GameError(f"{func}: g = {g}, expected a GTFT generosity in [0, 1]")
        if two_sided is not None and float(two_sided) not in (0.0, 1.0):
            raise GameError(f"{func}: two_sided = {two_sided}, expected 0 or 1")
        if noise is None:
            noise = "two-sided" if two_sided is not None and float(two_sided) == 1 else "one-sided"
        elif two_sided is not None and (noise == "two-sided") != (float(two_sided) == 1):
            raise GameError(f"{func}: noise = {noise!r} contradicts two_sided = {two_sided}")
        if noise not in NOISE_KINDS:
            raise GameError(f"{func}: noise = {noise!r}, expected one of {NOISE_KINDS}")
        stage_values = {k: float(v) for k, v in values.items()}
        two_bloc().values(f"{func} --param", **stage_values, c=0.0)  # names and bounds
        return cls(
            stage_values,
            c,
            settings["delta"],
            settings["eps0"],
            settings["war_target"],
            noise,
            None if g is None else float(g),
            _user_strategies(func, strategies),
            settings["restraint_target"],
        )

    @property
    def names(self) -> tuple[str, ...]:
        """The strategies checked: the menu, then the user's automata."""
        return (*MENU, *self.extra)

    @property
    def parameters(self) -> dict[str, Any]:
        """Every setting, as a report lists it (stage parameters at their values)."""
        stage = self._game.values("spiral", **self.stage_values, c=0.0)
        stage.pop("c")
        return {
            "c": self.c,
            **{k: float(v) for k, v in stage.items()},
            "delta": self.delta,
            "eps0": self.eps0,
            "war_target": self.war_target,
            "restraint_target": self.restraint_target,
            "noise": self.noise,
            "g": self.gtft_g,
            "g_given": self.generosity is not None,
        }

    # -------------------------------------------------------------- per capability
    def check_c(self, c: float) -> float:
        c = float(c)
        if not (np.isfinite(c) and c >= 0):
            raise GameError(f"spiral: c = {c}, expected a capability >= 0")
        return c

    def stage(self, c: float) -> Game:
        """The two-bloc stage game at capability `c`."""
        return self._cached("stage", c, lambda: self._game.at(**self.stage_values, c=c))

    def accident_rate(self, c: float) -> float:
        """eps = min(1, eps0 c): saturates where every restraint fails.

        A rate within :data:`MIN_ACCIDENT_RATE` of 0 or 1 (but not 0 or 1) is refused: there
        one realisation probability vanishes next to 1 and the chain solves are singular in
        floating point. ``eps0 c`` within a few rounding errors of 1 is taken as 1.
        """
        eps = min(1.0, self.eps0 * self.check_c(c))
        if 1.0 - eps <= 4 * np.finfo(float).eps:
            eps = 1.0  # c = 1 / eps0 up to rounding (the breakpoint the windows scan)
        if 0.0 < min(eps, 1.0 - eps) < MIN_ACCIDENT_RATE:
            raise GameError(
                f"spiral: at c = {c:g} the accident rate eps = {eps:g} is within "
                f"{MIN_ACCIDENT_RATE:g} of 0 or 1, too close for the chain solves (1 - eps or "
                "eps vanishes next to 1); use eps0 = 0 or rates further from 0 and 1"
            )
        return eps

    def accidents(self, c: float) -> np.ndarray:
        """``Q[intended, realised]`` at capability `c`."""
        return accident_matrix(self.accident_rate(c), self.noise)

    def war_share(self, automaton: Automaton, c: float) -> float:
        """Long-run share of rounds at war (E, E) when both blocs play `automaton`."""
        dist = outcome_distribution(self.stage(c), [automaton] * 2, 1.0, noise=self.accidents(c))
        return float(np.clip(self._finite(dist, c)[1, 1], 0.0, 1.0))

    def _finite(self, values: np.ndarray, c: float) -> np.ndarray:
        """`values`, or a GameError where the chain solve broke down (never a NaN in a report).

        The long-run (Cesaro) solve of :func:`~gametheory.repeated.outcome_distribution` is
        singular in floating point when an accident rate is positive but below about 1e-16
        (1 - eps rounds to 1): such rates are refused rather than reported as NaN.
        """
        values = np.asarray(values, dtype=float)
        if not np.isfinite(values).all():
            raise GameError(
                f"spiral: at c = {c:g} the accident rate eps = {self.accident_rate(c):g} is too "
                "small for the long-run chain solve (1 - eps rounds to 1); use eps0 = 0 or a "
                "rate above about 1e-15"
            )
        return values

    def peace_generosity(self, c: float) -> float | None:
        """The least GTFT generosity whose long-run war share at `c` is at most the target.

        0 (TFT) if TFT already meets it; else the root in g of war share = target, by Brent's
        method (the share falls as g grows: forgiving ends war spells sooner); None when even
        g = 1 (always restrain) does not meet it.
        """

        def compute() -> float | None:
            def share(g: float) -> float:
                return self.war_share(strategy("GTFT", g=g), c)

            if share(0.0) <= self.war_target:
                return 0.0
            if share(1.0) > self.war_target:
                return None
            g = brentq(lambda x: share(x) - self.war_target, 0.0, 1.0, xtol=ROOT_STEP)
            # the root may sit a rounding error above the target: step to the side that meets it
            while share(g) > self.war_target and g < 1.0:
                g = min(1.0, g + ROOT_STEP)
            return float(g)

        return self._cached("peace_g", c, compute)

    @property
    def gtft_g(self) -> float:
        """GTFT's generosity in the menu, one number for every c: the ``g`` given, else the
        least that keeps war at the target at the analysed capability (1 if none does)."""
        if self.generosity is not None:
            return self.generosity
        g = self.peace_generosity(self.c)
        return 1.0 if g is None else g

    def automaton(self, name: str) -> Automaton:
        """The strategy `name` (GTFT with generosity :attr:`gtft_g`)."""
        if name == "GTFT":
            return strategy("GTFT", g=self.gtft_g)
        if name == "CTFT":
            return contrite_tft()
        if name in self.extra:
            return self.extra[name]
        if name in MENU:
            return strategy(name)
        raise GameError(f"spiral: no strategy {name!r}; have {list(self.names)}")

    def label(self, name: str) -> str:
        """The strategy's name as printed (GTFT with its generosity)."""
        return f"GTFT(g={self.gtft_g:.4g})" if name == "GTFT" else name

    def verdict(self, name: str, c: float) -> Verdict:
        """Nash and subgame perfection of (`name`, `name`) at `c`, and its long-run outcome."""
        c = self.check_c(c)

        def compute() -> Verdict:
            stage, Q, auto = self.stage(c), self.accidents(c), self.automaton(name)
            osd = one_shot_deviations(stage, [auto, auto], self.delta, noise=Q)
            dist = outcome_distribution(stage, [auto, auto], 1.0, noise=Q)
            dist = np.clip(self._finite(dist, c), 0.0, 1.0)
            # Nash is implied by subgame perfection; is_nash only needs solving otherwise
            nash = osd.holds or is_nash(stage, [auto, auto], self.delta, noise=Q)
            return Verdict(
                name,
                c,
                self.accident_rate(c),
                bool(nash),
                bool(osd.holds),
                float(dist[1, 1]),
                tuple(tuple(float(x) for x in row) for row in dist),
                float(osd.max_gain) if not osd.holds else 0.0,
                osd.state if not osd.holds else None,
                osd.action if not osd.holds else None,
            )

        return self._cached(("verdict", name), c, compute)

    def sustains(self, name: str, c: float, concept: str = "spe") -> bool:
        """Whether `name` sustains restraint at `c`: an equilibrium (SPE or Nash) whose
        long-run war share is at most the target."""
        v = self.verdict(name, c)
        return (v.spe if concept == "spe" else v.nash) and v.war_share <= self.war_target

    def best_reply(self, name: str, c: float) -> BestReply:
        """A best reply to `name` at `c` (named by the menu where one of its strategies is)."""
        c = self.check_c(c)
        candidates = {n: self.automaton(n) for n in self.names if n != name}
        return self._cached(
            ("reply", name),
            c,
            lambda: best_reply(
                self.stage(c), self.automaton(name), self.delta, self.accidents(c), candidates
            ),
        )

    def after_slip(self, name: str, c: float) -> AfterSlip:
        """What follows one slip (bloc A's restraint carried out as escalation) in round 1."""
        c = self.check_c(c)

        def compute() -> AfterSlip:
            auto = self.automaton(name)
            if auto.actions[auto.initial, 0] < 1.0:
                return AfterSlip(name, False, None, None, None, None)
            start = auto.initial
            slipped = _restart(auto, int(auto.transitions[start, 1, 0]))
            other = _restart(auto, int(auto.transitions[start, 0, 1]))
            stage = self.stage(c)
            quiet = np.clip(outcome_distribution(stage, [slipped, other], 1.0, noise=0.0), 0, 1)
            quiet_war, _ = _first_war(stage, [slipped, other], np.eye(2))
            prob, rounds = _first_war(stage, [slipped, other], self.accidents(c))
            self._finite(np.array([prob, 0.0 if rounds is None else rounds]), c)
            return AfterSlip(
                name,
                True,
                tuple(tuple(float(x) for x in row) for row in quiet),
                quiet_war,
                prob,
                rounds,
            )

        return self._cached(("slip", name), c, compute)

    # -------------------------------------------------------------- memory two
    def memory_two(self, c: float) -> MemoryTwoCensus:
        """All 65,536 pure memory-two strategies at `c`: which are subgame perfect, and the
        long-run restraint and war of those.

        Classified by :func:`~gametheory.repeated.equilibria_in_space` (exact, against every
        deviation; the start is as if preceded by two rounds of mutual restraint), then each
        subgame-perfect profile's long-run shares by
        :func:`~gametheory.repeated.outcome_distribution`. Kept in memory and on disk (the
        cache of :mod:`gametheory.stability._solved_cache`, keyed by the stage payoffs, the
        accident matrix, delta and the code's digest).
        """
        c = self.check_c(c)

        def compute() -> MemoryTwoCensus:
            stage, Q = self.stage(c), self.accidents(c)
            inputs = {
                "payoffs": [np.asarray(p, float).ravel().tolist() for p in stage.payoffs],
                "Q": Q.ravel().tolist(),
                "delta": self.delta,
            }
            data = cached_data(_m2_source_key(), inputs, lambda: self._memory_two_data(c))
            records = tuple(MemoryTwoEquilibrium(**row) for row in data["equilibria"])
            return MemoryTwoCensus(
                c, self.accident_rate(c), data["size"], data["n_nash"], data["n_spe"], records
            )

        return self._cached("memory_two", c, compute)

    def _memory_two_data(self, c: float) -> dict[str, Any]:
        stage, Q = self.stage(c), self.accidents(c)
        space = all_memory_n(2)
        found = equilibria_in_space(stage, space, self.delta, noise=Q, progress=False)
        rows = []
        # when both intended actions realise alike (eps = 1, or two-sided eps = 1/2) play does
        # not depend on the strategy: every rule is an equilibrium with the same shares
        blind = bool(np.array_equal(Q[0], Q[1]))
        shares = self._m2_long_run(0, c) if blind else None
        for k in found.indices("subgame_perfect"):
            restraint, war = shares if blind else self._m2_long_run(int(k), c)
            rows.append(
                {
                    "index": int(k),
                    "rule": memory_label(2, space.defect[k], space.start),
                    "name": MEMORY_TWO_NAMES.get(int(k)),
                    "restraint": restraint,
                    "war": war,
                    "payoff": float(found.payoff[k, 0]),
                }
            )
        return {
            "size": len(space),
            "n_nash": int(found.nash.sum()),
            "n_spe": int(found.subgame_perfect.sum()),
            "equilibria": rows,
        }

    def _m2_long_run(self, index: int, c: float) -> tuple[float, float]:
        """Long-run restraint rate and war share when both blocs play memory-two rule `index`."""
        auto = _m2_automaton(index)
        dist = outcome_distribution(self.stage(c), [auto, auto], 1.0, noise=self.accidents(c))
        dist = np.clip(self._finite(dist, c), 0.0, 1.0)
        return float(dist[0, 0] + 0.5 * (dist[0, 1] + dist[1, 0])), float(dist[1, 1])

    def memory_two_verdict(self, index: int, c: float) -> tuple[bool, bool, float, float]:
        """(subgame perfect, Nash, long-run restraint, long-run war) of memory-two rule `index`
        played by both blocs at `c` (the compiled kernel on a one-strategy space)."""
        c = self.check_c(c)

        def compute():
            space = MemoryNSpace(2, _m2_bits(index)[None, :])
            found = equilibria_in_space(
                self.stage(c), space, self.delta, noise=self.accidents(c), progress=False
            )
            restraint, war = self._m2_long_run(index, c)
            return bool(found.subgame_perfect[0]), bool(found.nash[0]), restraint, war

        return self._cached(("m2", int(index)), c, compute)

    def m2_restrained(self, index: int, c: float) -> bool:
        """Memory-two rule `index` is subgame perfect at `c` with long-run restraint rate at
        least :attr:`restraint_target`."""
        spe, _, restraint, _ = self.memory_two_verdict(index, c)
        return spe and restraint >= self.restraint_target

    def m2_sustains(self, index: int, c: float) -> bool:
        """Memory-two rule `index` sustains restraint at `c` as the menu's strategies do:
        subgame perfect with a long-run war share at most :attr:`war_target`."""
        spe, _, _, war = self.memory_two_verdict(index, c)
        return spe and war <= self.war_target

    def _cached(self, key: Any, c: float, compute: Callable[[], Any]) -> Any:
        slot = (key, float(c))
        if slot not in self._cache:
            self._cache[slot] = compute()
        return self._cache[slot]


def _m2_bits(index: int) -> np.ndarray:
    """Rule `index` of ``all_memory_n(2)`` as its 16 escalation probabilities (0 or 1)."""
    if not 0 <= int(index) < 2**16:
        raise GameError(f"spiral: memory-two rule {index} is not in 0..65535")
    return ((int(index) >> np.arange(16)) & 1).astype(float)


def _m2_automaton(index: int) -> Automaton:
    return MemoryNSpace(2, _m2_bits(index)[None, :])[0]


def _restart(auto: Automaton, state: int) -> Automaton:
    return Automaton(auto.actions, auto.transitions, state, auto.name)


def _first_war(stage: Game, profile: list[Automaton], Q: np.ndarray):
    """Probability that a round at war (E, E) ever comes, and its expected round if certain.

    Absorbing-chain algebra on the joint chain (Kemeny & Snell 1960): with P the transitions
    that avoid war, the hitting probability solves (I - P) h = p_war on the states that can
    reach war (0 elsewhere), and the expected rounds solve (I - P) t = 1 when h = 1.
    """
    chain = build_chain("spiral", stage, profile, np.stack([Q, Q]))
    war = 3  # joint action (E, E), row-major over (A, B)
    K = chain.size
    p_war = chain.realised[:, war]
    avoid = chain.realised.copy()
    avoid[:, war] = 0.0
    P = chain.matrix(avoid)
    P = P.toarray() if hasattr(P, "toarray") else P
    # states from which war has positive probability: backwards search over positive edges
    can = p_war > 0
    while True:
        grown = can | ((P > 0) & can[None, :]).any(axis=1)
        if (grown == can).all():
            break
        can = grown
    h = np.zeros(K)
    idx = np.flatnonzero(can)
    if idx.size:
        A = np.eye(idx.size) - P[np.ix_(idx, idx)]
        h[idx] = np.linalg.solve(A, p_war[idx])
    prob = float(np.clip(h[0], 0.0, 1.0))
    if prob < 1.0 - CERTAIN_PROB_TOL:
        return prob, None
    t = np.linalg.solve(np.eye(idx.size) - P[np.ix_(idx, idx)], np.ones(idx.size))
    return prob, float(t[list(idx).index(0)])


def _user_strategies(func: str, strategies: Any) -> dict[str, Automaton]:
    if strategies is None:
        return {}
    items = (
        list(strategies.items())
        if isinstance(strategies, Mapping)
        else [(getattr(a, "name", ""), a) for a in strategies]
    )
    out: dict[str, Automaton] = {}
    for name, auto in items:
        if not isinstance(auto, Automaton):
            raise GameError(f"{func}: strategy {name!r} is not an Automaton")
        if auto.n_players != 2 or auto.n_actions != 2:
            raise GameError(
                f"{func}: strategy {name!r} has {auto.n_players} players and {auto.n_actions} "
                "actions; the spiral game needs 2 and 2 (R, E)"
            )
        name = str(name)
        if name in MENU or name in out:
            raise GameError(f"{func}: strategy name {name!r} is already in the menu {MENU}")
        out[name] = auto
    return out
