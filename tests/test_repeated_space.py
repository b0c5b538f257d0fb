"""Best replies, memory-n spaces and equilibria over whole strategy spaces.

The independent references here are written in the tests themselves: value iteration over the
*opponent's* automaton states (the library solves policy iteration over joint states), relative
value iteration for long-run averages, fixed-point iteration for profile values, and closed
forms derived by the one-shot deviation principle.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import Game
from gametheory.errors import GameError
from gametheory.games import prisoners_dilemma
from gametheory.repeated import (
    Automaton,
    MemoryNSpace,
    PairPayoffs,
    all_memory_n,
    all_memory_one,
    best_response,
    equilibria_in_space,
    expected_payoffs,
    is_nash,
    is_subgame_perfect,
    memory_n,
    meta_game,
    payoff_tensor,
    rare_mutation_process,
    rare_mutation_runs,
    rare_mutation_shares,
    strategy,
)


def pd_game(T=5.0, R=3.0, P=1.0, S=0.0) -> Game:
    return Game([np.array([[R, S], [T, P]]), np.array([[R, T], [S, P]])])


def noise_matrix(eps: float, m: int = 2) -> np.ndarray:
    q = np.full((m, m), eps / (m - 1))
    np.fill_diagonal(q, 1 - eps)
    return q


# ----------------------------------------------------------------------------- references
def reply_kernel(stage: Game, other: Automaton, player: int, Q: np.ndarray):
    """P[s, a, s'] and r[s, a] of the best-reply MDP over the other's automaton states only."""
    m = stage.shape[0]
    K = other.n_states
    P = np.zeros((K, m, K))
    r = np.zeros((K, m))
    pay = stage.payoffs[player]
    for s in range(K):
        rho = other.actions[s] @ Q  # other's realised distribution
        for a in range(m):
            for mine in range(m):
                for theirs in range(m):
                    p = Q[a, mine] * rho[theirs]
                    if p == 0:
                        continue
                    joint = (mine, theirs) if player == 0 else (theirs, mine)
                    r[s, a] += p * pay[joint]
                    P[s, a, other.transitions[s, theirs, mine]] += p
    return P, r


def value_iteration(P, r, delta, tol=1e-13):
    V = np.zeros(P.shape[0])
    while True:
        new = ((1 - delta) * r + delta * P @ V).max(axis=1)
        if np.abs(new - V).max() < tol:
            return new
        V = new


def relative_value_iteration(P, r, iterations=20_000):
    """Long-run optimal average (unichain, aperiodic): h <- T h - (T h)[0]."""
    h = np.zeros(P.shape[0])
    for _ in range(iterations):
        Th = (r + P @ h).max(axis=1)
        gain, h = Th[0], Th - Th[0]
    return gain


def profile_values(stage: Game, a: Automaton, b: Automaton, Q, delta, tol=1e-13):
    """Player 0's value from every pair of automaton states, by fixed-point iteration."""
    m, Ka, Kb = stage.shape[0], a.n_states, b.n_states
    M = np.zeros((Ka * Kb, Ka * Kb))
    r = np.zeros(Ka * Kb)
    for x in range(Ka):
        for y in range(Kb):
            ra, rb = a.actions[x] @ Q, b.actions[y] @ Q
            for i in range(m):
                for j in range(m):
                    nx, ny = a.transitions[x, i, j], b.transitions[y, j, i]
                    M[x * Kb + y, nx * Kb + ny] += ra[i] * rb[j]
                    r[x * Kb + y] += ra[i] * rb[j] * stage.payoffs[0][i, j]
    W = np.zeros(Ka * Kb)
    while True:
        new = (1 - delta) * r + delta * M @ W
        if np.abs(new - W).max() < tol:
            return new.reshape(Ka, Kb)
        W = new


def random_automaton(rng, n_states: int, m: int = 2) -> Automaton:
    actions = rng.dirichlet(np.ones(m), size=n_states)
    actions[rng.random(n_states) < 0.5] = np.eye(m)[rng.integers(m)]
    trans = rng.integers(0, n_states, size=(n_states, m, m))
    return Automaton(actions, trans, int(rng.integers(n_states)), f"rand{n_states}")


# ----------------------------------------------------------------------------- best_response
@pytest.mark.parametrize("seed", range(12))
def test_best_response_matches_value_iteration(seed):
    rng = np.random.default_rng(seed)
    m = 2 if seed % 3 else 3
    stage = Game([rng.integers(-3, 6, size=(m, m)).astype(float) for _ in range(2)])
    own, other = random_automaton(rng, 2, m), random_automaton(rng, int(rng.integers(1, 5)), m)
    player = seed % 2
    delta = float(rng.uniform(0.2, 0.95))
    eps = float(rng.choice([0.0, 0.05]))
    profile = [own, other] if player == 0 else [other, own]
    reply = best_response(stage, profile, player, delta, eps)
    P, r = reply_kernel(stage, other, player, noise_matrix(eps, m))
    optimum = value_iteration(P, r, delta)[other.initial]
    assert reply.value == pytest.approx(optimum, abs=1e-9)
    # the returned automaton earns that value, and the current strategy earns current_value
    played = list(profile)
    played[player] = reply.automaton
    assert expected_payoffs(stage, played, delta, eps)[player] == pytest.approx(optimum, abs=1e-9)
    current = expected_payoffs(stage, profile, delta, eps)[player]
    assert reply.current_value == pytest.approx(current, abs=1e-9)
    assert reply.gain == pytest.approx(max(optimum - current, 0.0), abs=1e-9)
    assert reply.is_best == (reply.gain <= reply.tol)


@pytest.mark.parametrize("name", ["TFT", "WSLS", "GRIM", "GTFT", "TF2T"])
def test_best_response_long_run_average_matches_relative_value_iteration(name):
    stage, eps = prisoners_dilemma(), 0.05
    other = strategy(name)
    reply = best_response(stage, [strategy("ALLC"), other], 0, 1.0, eps)
    P, r = reply_kernel(stage.at(), other, 0, noise_matrix(eps))
    assert reply.value == pytest.approx(relative_value_iteration(P, r), abs=1e-9)
    played = expected_payoffs(stage, [reply.automaton, other], 1.0, eps)[0]
    assert played == pytest.approx(reply.value, abs=1e-9)


def test_best_response_agrees_with_is_nash():
    pd = prisoners_dilemma()
    for name in ("TFT", "GRIM", "WSLS", "ALLD"):
        for delta in (0.3, 0.55, 0.7, 0.9):
            reply = best_response(pd, [strategy(name)] * 2, 1, delta, 0.0)
            assert reply.is_best == is_nash(pd, [strategy(name)] * 2, delta)


def test_best_response_automaton_is_minimal():
    pd = prisoners_dilemma()  # T, R, P, S = 5, 3, 1, 0
    # against TFT at delta = 0.4 alternating D, C (T / (1 + delta)) beats defecting forever
    reply = best_response(pd, [strategy("TFT")] * 2, 1, 0.4)
    assert reply.automaton.n_states == 2 and reply.automaton.actions.argmax(1).tolist() == [1, 0]
    assert reply.value == pytest.approx(5 / 1.4)
    # at delta = 0.8 cooperation is best: one state
    reply = best_response(pd, [strategy("TFT")] * 2, 1, 0.8)
    assert reply.automaton.n_states == 1 and reply.is_best


def test_best_response_refuses_long_run_average_when_not_unichain():
    # the rival locks into peace or war forever after the first round: two closed classes
    follower = Automaton([0, 1, 0], [[[2, 1], [2, 1]], [[1, 1], [1, 1]], [[2, 2], [2, 2]]], 0, "f")
    with pytest.raises(GameError, match=r"^best_response\(\): .*unichain"):
        best_response(prisoners_dilemma(), [strategy("ALLC"), follower], 0, 1.0, 0.05)
    # discounted, the same problem is fine: restrain once (peace is locked in), then exploit
    reply = best_response(prisoners_dilemma(), [strategy("ALLC"), follower], 0, 0.9, 0.0)
    assert reply.value == pytest.approx(0.1 * 3 + 0.9 * 5)


def test_best_response_bad_player():
    with pytest.raises(GameError, match=r"^best_response\(\): player"):
        best_response(prisoners_dilemma(), [strategy("TFT")] * 2, 2, 0.9)


# ----------------------------------------------------------------------------- memory_n
def test_memory_n_history_order_and_start():
    # rule: escalate iff I escalated two rounds ago (own move first, older round first)
    rule = [1 if (h // 4) >= 2 else 0 for h in range(16)]
    a = memory_n(2, rule, start=[(1, 0), (0, 0)])
    assert a.initial == 8
    assert a.action_probs(a.initial).tolist() == [0.0, 1.0]
    assert int(a.transitions[8, 0, 1]) == 1  # history (DC, CC) then CD -> (CC, CD) = 1
    assert memory_n(2, rule).initial == 0  # default: two rounds of mutual restraint
    with pytest.raises(GameError, match=r"^memory_n\(\): start"):
        memory_n(2, rule, start=[(0, 0)])
    with pytest.raises(GameError, match=r"^memory_n\(\): rule"):
        memory_n(2, [0, 1, 0, 1])


def test_memory_n_reproduces_classic_strategies():
    pd, eps = prisoners_dilemma(), 0.05
    tft2 = memory_n(2, [h % 2 for h in range(16)])  # copy the other's last move
    wsls1 = memory_n(1, [0, 1, 1, 0])
    for rival in ("ALLD", "GRIM", "WSLS", "GTFT"):
        for delta in (0.7, 1.0):
            for mine, ref in ((tft2, "TFT"), (wsls1, "WSLS")):
                got = expected_payoffs(pd, [mine, strategy(rival)], delta, eps)
                want = expected_payoffs(pd, [strategy(ref), strategy(rival)], delta, eps)
                np.testing.assert_allclose(got, want, atol=1e-10)
    # memory one through memory_n feeds the memory-one kernel like memory_one does
    rules = [memory_n(1, r.memory_one[0]) for r in all_memory_one(2)]
    np.testing.assert_allclose(
        payoff_tensor(pd, [rules, rules], 0.9, eps, progress=False),
        payoff_tensor(pd, [all_memory_one(2)] * 2, 0.9, eps, progress=False),
        atol=1e-12,
    )


def test_all_memory_n_sizes_and_limit():
    space = all_memory_n(2)
    assert len(space) == 65_536 and space.defect.shape == (65_536, 16)
    assert space[5].name == "M2[1010000000000000]"  # r = 5: escalate after histories 0 and 2
    assert len(all_memory_n(1)) == 16
    with pytest.raises(GameError, match=r"^all_memory_n\(\): memory 3 has 2\^64"):
        all_memory_n(3)
    with pytest.raises(GameError, match=r"^MemoryNSpace\(\)"):
        MemoryNSpace(2, np.full((3, 16), 1.5))


# ----------------------------------------------------------------------------- equilibria_in_space
def independent_verdicts(stage, s: Automaton, delta, eps):
    """(Nash gain, largest one-shot gain) of (s, s) by value iteration, symmetric stage."""
    Q = noise_matrix(eps)
    W = profile_values(stage, s, s, Q, delta)
    P, r = reply_kernel(stage, s, 0, Q)
    best = value_iteration(P, r, delta)
    nash_gain = max(best[s.initial] - W[s.initial, s.initial], 0.0)
    # every pair of states reached by some history (all joint actions followed)
    seen, frontier = {(s.initial, s.initial)}, [(s.initial, s.initial)]
    while frontier:
        x, y = frontier.pop()
        for i in range(2):
            for j in range(2):
                nxt = (int(s.transitions[x, i, j]), int(s.transitions[y, j, i]))
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
    worst = 0.0
    for x, y in seen:
        rb = s.actions[y] @ Q
        for a in range(2):
            value = 0.0
            for i in range(2):
                for j in range(2):
                    nx, ny = s.transitions[x, i, j], s.transitions[y, j, i]
                    pay = (1 - delta) * stage.payoffs[0][i, j] + delta * W[nx, ny]
                    value += Q[a, i] * rb[j] * pay
            worst = max(worst, value - W[x, y])
    return nash_gain, worst


@pytest.mark.slow
def test_memory_two_noisy_dilemma_matches_independent_mdp_on_a_sample():
    """All 65,536 memory-two strategies, eps = 0.01, delta = 0.96 (the issue's case)."""
    stage, delta, eps = prisoners_dilemma().at(), 0.96, 0.01
    space = all_memory_n(2)
    found = equilibria_in_space(stage, space, delta, eps, progress=False)
    assert found.compiled and len(found) == len(space)
    rng = np.random.default_rng(2026)
    sample = np.concatenate([rng.choice(len(space), 24, replace=False), found.indices()[:6]])
    for k in sample:
        nash_gain, osd_gain = independent_verdicts(stage, space[k], delta, eps)
        assert found.nash_gain[k] == pytest.approx(nash_gain, abs=1e-8)
        assert found.deviation_gain[k] == pytest.approx(osd_gain, abs=1e-8)
        assert found.nash[k] == (nash_gain <= found.tol)
        assert found.subgame_perfect[k] == (osd_gain <= found.tol)
    # ALLD is in every space's equilibria; under noise every SPE here is Nash and vice versa
    assert found.subgame_perfect[len(space) - 1]
    assert np.array_equal(found.nash, found.subgame_perfect)


def test_compiled_kernel_equals_is_nash_and_is_subgame_perfect():
    rng = np.random.default_rng(7)
    space = all_memory_n(2)
    for stage, noise, delta in (
        (prisoners_dilemma(), 0.02, 0.9),
        (pd_game(4, 3, 1, 0), [[0.97, 0.03], [0.0, 1.0]], 0.95),  # one-sided accidents
        (Game([rng.normal(size=(2, 2)), rng.normal(size=(2, 2))]), 0.05, 0.8),  # asymmetric
    ):
        picks = rng.choice(len(space), 12, replace=False)
        autos = [space[k] for k in picks]
        found = equilibria_in_space(stage, autos, delta, noise, progress=False)
        assert found.compiled
        for k, s in enumerate(autos):
            assert found.nash[k] == is_nash(stage, [s, s], delta, noise)
            assert found.subgame_perfect[k] == is_subgame_perfect(stage, [s, s], delta, noise)
            np.testing.assert_allclose(
                found.payoff[k], expected_payoffs(stage, [s, s], delta, noise), atol=1e-10
            )


def test_compiled_and_general_paths_agree_with_stochastic_rules():
    rng = np.random.default_rng(3)
    rules = rng.random((20, 16))
    rules[:10] = rng.integers(0, 2, size=(10, 16))
    compiled_space = MemoryNSpace(2, rules)
    stage = prisoners_dilemma()
    fast = equilibria_in_space(stage, compiled_space, 0.9, 0.03, progress=False)
    # an automaton that is not memory-n sends the whole list through the general engine
    slow = equilibria_in_space(
        stage, [*compiled_space, strategy("TF2T")], 0.9, 0.03, progress=False
    )
    assert fast.compiled and not slow.compiled
    for column in ("nash", "subgame_perfect"):
        assert np.array_equal(getattr(fast, column), getattr(slow, column)[:20])
    for column in ("payoff", "restraint", "war", "nash_gain", "deviation_gain"):
        np.testing.assert_allclose(getattr(fast, column), getattr(slow, column)[:20], atol=1e-10)
    # restraint and war against the outcome distribution of the chain engine
    from gametheory.repeated import outcome_distribution

    for k in (0, 11):
        shares = outcome_distribution(stage, [compiled_space[k]] * 2, 0.9, 0.03).ravel()
        assert fast.war[k] == pytest.approx(shares[3], abs=1e-10)
        restraint = shares[0] + 0.5 * (shares[1] + shares[2])
        assert fast.restraint[k] == pytest.approx(restraint, abs=1e-10)


@pytest.mark.parametrize(("start", "compiled"), [(15, True), ([(1, 0), (0, 0)], False)])
def test_other_starts(start, compiled):
    """A start both seats read alike (two rounds of mutual war: 15) keeps the compiled path;
    one they read differently (I escalated, you did not) goes through the chain engine."""
    rng = np.random.default_rng(4)
    rules = rng.integers(0, 2, size=(8, 16)).astype(float)
    rules[0] = [h % 2 for h in range(16)]  # TFT
    space = MemoryNSpace(2, rules, start)
    autos = list(space)
    found = equilibria_in_space(prisoners_dilemma(), autos, 0.9, 0.02, progress=False)
    assert found.compiled == compiled
    for k, s in enumerate(autos):
        assert s.initial == space.start
        assert found.nash[k] == is_nash(prisoners_dilemma(), [s, s], 0.9, 0.02)
        assert found.subgame_perfect[k] == is_subgame_perfect(
            prisoners_dilemma(), [s, s], 0.9, 0.02
        )
        np.testing.assert_allclose(
            found.payoff[k], expected_payoffs(prisoners_dilemma(), [s, s], 0.9, 0.02), atol=1e-10
        )


def test_ctrl_c_stops_between_chunks():
    import os
    import signal

    calls = []

    def press(done, total):  # Ctrl-C while the first chunk's results come back
        calls.append(done)
        os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        equilibria_in_space(prisoners_dilemma(), all_memory_n(2), 0.9, 0.01, progress=press)
    assert calls == [4096]  # the first chunk finished, no other started
    with pytest.raises(KeyboardInterrupt):
        rare_mutation_process(
            prisoners_dilemma(), all_memory_n(1), 0.9, 0.01, steps=1000, progress=press
        )
    assert calls[1:] == [10]


def test_equilibria_in_space_input_errors():
    pd = prisoners_dilemma()
    with pytest.raises(GameError, match=r"^equilibria_in_space\(\): delta"):
        equilibria_in_space(pd, all_memory_n(1), 1.0)
    with pytest.raises(GameError, match=r"^equilibria_in_space\(\): space"):
        equilibria_in_space(pd, [], 0.9)
    with pytest.raises(GameError, match=r"^equilibria_in_space\(\): space\[1\]"):
        equilibria_in_space(pd, [strategy("TFT"), "x"], 0.9)


# ----------------------------------------------------------------------------- known answers
def wsls_one_shot_gains(T, R, P, S, delta, eps):
    """WSLS against itself under symmetric noise: the one-shot deviation gains.

    Derived here by solving the 4-state chain (one-shot deviation principle): with
    eta = 1 - 2 eps, the gain of escalating after CC (and of restraint after DD) is
        (1 - delta) eta [T - R - eps (T + S - R - P) - delta eta^2 (R - P)],
    and of restraint after CD (and escalating after DC) is
        -(1 - delta) eta [delta eta^2 (R - P) + (P - S) + eps (T + S - R - P)].
    At eps = 0 the first gives the known condition delta >= (T - R)/(R - P) (Nowak & Sigmund
    1993; Hilbe, Martinez-Vaquero, Chatterjee & Nowak 2017, PNAS 114), whose delta -> 1 limit is
    2R > T + P; noise shrinks the effective discount factor to delta (1 - 2 eps)^2.
    """
    eta = 1 - 2 * eps
    first = (1 - delta) * eta * (T - R - eps * (T + S - R - P) - delta * eta**2 * (R - P))
    second = -(1 - delta) * eta * (delta * eta**2 * (R - P) + (P - S) + eps * (T + S - R - P))
    return first, second


def tft_one_shot_gains(T, R, P, S, delta, eps):
    """TFT against itself under symmetric noise (derived as for WSLS, eta = 1 - 2 eps).

    The gains come in opposite pairs (after CC and after CD; after DC and after DD), so TFT is
    subgame perfect, and under noise (every state on path) Nash, only where both vanish: a knife
    edge, as without noise (Axelrod 1984; with errors, Molander 1985 and Boyd 1989). At eps = 0
    the CC gain is (T - R - delta (R - S)) / (1 + delta): Nash iff delta >= (T - R)/(R - S).
    """
    d, e = delta, 1 - 2 * eps
    den = (1 - d**2 * e**2) * (1 - d * e**2)
    n_cc = (
        P * (e - 1) * (d * e + 1)
        - R * (d * e + 1) * (2 * d * e**2 - e - 1)
        + S * (d * e - 1) * (2 * d * e**2 + e - 1)
        + T * (e + 1) * (d * e - 1)
    ) / 2
    n_dc = (
        -P * (d * e + 1) * (2 * d * e**2 - e - 1)
        + R * (e - 1) * (d * e + 1)
        + S * (e + 1) * (d * e - 1)
        + T * (d * e - 1) * (2 * d * e**2 + e - 1)
    ) / 2
    scale = (1 - d) * e / den
    return -scale * n_cc, scale * n_dc


@pytest.mark.parametrize("payoffs", [(5, 3, 1, 0), (4, 3, 1, 0), (3.5, 3, 0, -1), (6, 4, 2, 1)])
def test_wsls_and_tft_under_noise_match_closed_forms(payoffs):
    T, R, P, S = payoffs
    stage = pd_game(T, R, P, S)
    wsls, tft = memory_n(1, [0, 1, 1, 0]), memory_n(1, [0, 1, 0, 1])
    for delta in np.linspace(0.3, 0.98, 9):
        for eps in (0.0, 0.01, 0.05, 0.2):
            found = equilibria_in_space(stage, [wsls, tft], delta, eps, progress=False)
            a, b = wsls_one_shot_gains(T, R, P, S, delta, eps)
            assert found.deviation_gain[0] == pytest.approx(max(a, b, 0.0), abs=1e-10)
            c, d = tft_one_shot_gains(T, R, P, S, delta, eps)
            assert found.deviation_gain[1] == pytest.approx(max(c, -c, d, -d), abs=1e-10)
            if eps > 0:  # every state is on path: Nash iff subgame perfect
                assert found.nash[0] == (max(a, b) <= found.tol)
                assert found.nash[1] == (max(abs(c), abs(d)) <= found.tol)
            else:  # without noise: the textbook thresholds
                assert found.subgame_perfect[0] == (delta >= (T - R) / (R - P))
                assert found.nash[1] == (delta >= (T - R) / (R - S))


def test_akin_partners_among_memory_one_strategies():
    """Akin (2016); Hilbe, Traulsen & Sigmund (2015), GEB 92: without noise and as delta -> 1,
    an agreeable memory-one strategy p = (p_CC = 1, p_CD, p_DC, p_DD) (cooperation
    probabilities) is a Nash equilibrium against itself iff
        (T - R)/(R - P) p_DD <= 1 - p_CD   and   (T - R)/(R - S) p_DC <= 1 - p_CD.
    Checked at delta = 0.9999 on random strategies at least 0.05 from the boundary."""
    T, R, P, S = 5.0, 3.0, 1.0, 0.0
    rng = np.random.default_rng(11)
    rules, expected = [], []
    while len(rules) < 60:
        p_cd, p_dc, p_dd = rng.random(3)
        margin = min(1 - p_cd - (T - R) / (R - P) * p_dd, 1 - p_cd - (T - R) / (R - S) * p_dc)
        if abs(margin) < 0.05:
            continue
        cooperate = np.array([1.0, p_cd, p_dc, p_dd])
        rules.append(1.0 - cooperate)
        expected.append(margin > 0)
    found = equilibria_in_space(pd_game(T, R, P, S), MemoryNSpace(1, np.array(rules)), 0.9999)
    assert found.nash.tolist() == expected
    assert 10 < sum(expected) < 50  # both kinds are sampled
    # partners earn R: mutual cooperation from the start
    np.testing.assert_allclose(found.payoff[found.nash, 0], R, atol=1e-9)


# ----------------------------------------------------------------------------- evolution
def test_rare_mutation_process_converges_to_the_exact_stationary_shares():
    """Memory one (16 strategies): the simulated walk's abundances against the stationary
    distribution of the exact embedded chain (rare_mutation_shares on the meta-game)."""
    pd, delta, eps, N, w = prisoners_dilemma(), 0.9, 0.01, 30, 0.3
    space = all_memory_n(1)
    exact = rare_mutation_shares(meta_game(pd, space, delta, eps, progress=False), N=N, w=w)
    run = rare_mutation_process(
        pd, space, delta, eps, population=N, selection=w, steps=40_000, seed=3, progress=False
    )
    assert run.steps == 40_000 and run.residents.shape == (40_001,)
    assert 0.5 * np.abs(run.abundance - exact).sum() < 0.1  # total variation
    # restraint over time is the resident's own restraint rate
    found = equilibria_in_space(pd, space, delta, eps, progress=False)
    np.testing.assert_allclose(run.restraint, found.restraint[run.residents], atol=1e-12)
    assert run.mean_restraint == pytest.approx(float(run.abundance @ found.restraint))
    assert run.pair_solves <= 16 * 17 // 2


def test_rare_mutation_process_is_seeded_and_paths_agree():
    pd = prisoners_dilemma()
    space = all_memory_n(1)
    kwargs = dict(population=20, selection=0.5, steps=500, progress=False)
    one = rare_mutation_process(pd, space, 0.9, 0.02, seed=5, **kwargs)
    two = rare_mutation_process(pd, space, 0.9, 0.02, seed=5, **kwargs)
    assert np.array_equal(one.residents, two.residents)
    # the chain engine (forced by a list with a non-memory-n automaton appended) pays the same
    general = PairPayoffs("t", pd, [*space, strategy("TF2T")], 0.9, 0.02)
    compiled = PairPayoffs("t", pd, space, 0.9, 0.02)
    assert compiled.compiled and not general.compiled
    for i, j in [(0, 0), (3, 10), (10, 3), (6, 15)]:
        np.testing.assert_allclose(compiled.pair(i, j), general.pair(i, j), atol=1e-12)
    other = rare_mutation_process(pd, space, 0.9, 0.02, seed=6, **kwargs)
    assert not np.array_equal(one.residents, other.residents)


def test_rare_mutation_process_input_errors():
    pd = prisoners_dilemma()
    with pytest.raises(GameError, match=r"^rare_mutation_process\(\): steps"):
        rare_mutation_process(pd, all_memory_n(1), 0.9, steps=0)
    with pytest.raises(GameError, match=r"^rare_mutation_process\(\): population"):
        rare_mutation_process(pd, all_memory_n(1), 0.9, population=1)
    with pytest.raises(GameError, match=r"^rare_mutation_process\(\): start"):
        rare_mutation_process(pd, all_memory_n(1), 0.9, start=16)


def test_rare_mutation_runs_on_an_executor_equal_the_sequential_runs():
    from concurrent.futures import ProcessPoolExecutor

    pd, space = prisoners_dilemma(), all_memory_n(1)
    options = dict(population=20, selection=0.5, steps=300)
    here = rare_mutation_runs(pd, space, 0.9, 0.02, seeds=[1, 2, 3], **options)
    with ProcessPoolExecutor(2) as pool:  # the stage and space must pickle
        there = rare_mutation_runs(pd, space, 0.9, 0.02, seeds=[1, 2, 3], executor=pool, **options)
    assert [r.seed for r in there] == [1, 2, 3]
    for a, b in zip(here, there, strict=True):
        assert np.array_equal(a.residents, b.residents)
    with pytest.raises(GameError, match=r"^rare_mutation_runs\(\): unknown option"):
        rare_mutation_runs(pd, space, 0.9, seeds=[1], mutation=0.1)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    payoffs=st.lists(st.integers(-3, 3), min_size=8, max_size=8),
    delta=st.sampled_from([0.0, 0.3, 0.9, 0.99]),
    eps=st.sampled_from([0.0, 0.01, 0.25, 0.5]),
    rules=st.lists(
        st.lists(st.sampled_from([0.0, 1.0, 0.5, 0.1]), min_size=16, max_size=16),
        min_size=1,
        max_size=3,
    ),
)
def test_compiled_kernel_equals_the_chain_engine_property(payoffs, delta, eps, rules):
    """Integer payoffs (ties, zeros, equal rows), no noise to maximal noise, delta = 0 to 0.99:
    the compiled kernel and the chain engine give the same columns and, away from the
    tolerance, the same verdicts."""
    stage = Game(
        [np.array(payoffs[:4], float).reshape(2, 2), np.array(payoffs[4:], float).reshape(2, 2)]
    )
    space = MemoryNSpace(2, np.array(rules))
    fast = equilibria_in_space(stage, space, delta, eps, progress=False)
    slow = equilibria_in_space(stage, [*space, strategy("TF2T")], delta, eps, progress=False)
    for column in ("payoff", "restraint", "war", "nash_gain", "deviation_gain"):
        np.testing.assert_allclose(getattr(fast, column), getattr(slow, column)[:-1], atol=1e-9)
    for verdict, gain in (("nash", "nash_gain"), ("subgame_perfect", "deviation_gain")):
        clear = np.abs(getattr(fast, gain) - fast.tol) > 1e-8
        assert np.array_equal(getattr(fast, verdict)[clear], getattr(slow, verdict)[:-1][clear])
    assert ((fast.restraint >= -1e-12) & (fast.restraint <= 1 + 1e-12)).all()
    assert ((fast.war >= -1e-12) & (fast.war <= 1 + 1e-12)).all()


def test_memory_three_rules_through_the_kernel():
    """64 histories: TF2T written as a memory-three rule plays as the TF2T automaton, and the
    kernel's verdicts equal is_nash / is_subgame_perfect on it and on random rules."""
    rng = np.random.default_rng(1)
    rules = rng.integers(0, 2, size=(4, 64)).astype(float)
    # escalate iff the other escalated in each of the last two rounds (digits: newest last)
    rules[0] = [int((h % 4) in (1, 3) and ((h // 4) % 4) in (1, 3)) for h in range(64)]
    space, pd = MemoryNSpace(3, rules), prisoners_dilemma()
    np.testing.assert_allclose(
        expected_payoffs(pd, [space[0], strategy("ALLD")], 0.9, 0.02),
        expected_payoffs(pd, [strategy("TF2T"), strategy("ALLD")], 0.9, 0.02),
        atol=1e-12,
    )
    found = equilibria_in_space(pd, space, 0.9, 0.02, progress=False)
    assert found.compiled
    for k, s in enumerate(space):
        assert found.nash[k] == is_nash(pd, [s, s], 0.9, 0.02)
        assert found.subgame_perfect[k] == is_subgame_perfect(pd, [s, s], 0.9, 0.02)


def test_rare_mutation_runs_on_a_dask_cluster_equal_the_sequential_runs():
    """The Dask executor of the issue: a real LocalCluster on 127.0.0.1, stopped after."""
    import distributed

    pd, space = prisoners_dilemma(), all_memory_n(1)
    options = dict(population=20, selection=0.5, steps=200)
    here = rare_mutation_runs(pd, space, 0.9, 0.02, seeds=[4, 5], **options)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            protocol="tcp://",
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        there = rare_mutation_runs(
            pd, space, 0.9, 0.02, seeds=[4, 5], executor=client.get_executor(), **options
        )
    for a, b in zip(here, there, strict=True):
        assert a.seed == b.seed and np.array_equal(a.residents, b.residents)


@pytest.mark.parametrize(
    "args, size",
    [
        ((1000,), r"10\^\(10\^300\.5\)"),
        ((5,), r"~4\.29e\+09\)"),
        ((10,), r"~10\^308\.3\)"),
        ((10**6,), "10^"),
    ],
)
def test_all_memory_one_refuses_huge_spaces_in_one_line(args, size):
    # writing the refusal of 1000 players raised OverflowError (float(2) ** 2**1000)
    with pytest.raises(GameError, match=r"^all_memory_one\(\): 2\^\(2\^\d+\) memory-one rules"):
        all_memory_one(*args)
    with pytest.raises(GameError, match=size if "\\" in size else r"10\^\(10\^3"):
        all_memory_one(*args)
