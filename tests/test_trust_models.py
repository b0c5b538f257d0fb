"""The trust and credibility analyses: findings against equilibria computed independently.

Each finding's ``holds`` is checked at the drawn point against a brute-force enumeration
written here (pure perfect Bayesian equilibria of Kydd's reassurance game, interim best replies
in the security dilemma with types, backward induction in Zagare and Kilgour's trees); each
region is checked at other points of its parameter against the library's equilibria there
(:func:`perfect_bayesian`, :func:`subgame_perfect`), or the brute force.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from helpers import run_script
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gametheory import GameError
from gametheory.bayesian import bayesian_equilibria, perfect_bayesian
from gametheory.deterrence.analysis import credibility as cred
from gametheory.deterrence.analysis import trust
from gametheory.deterrence.credibility import mutual_deterrence, unilateral_deterrence
from gametheory.deterrence.trust import costly_reassurance, security_dilemma_types
from gametheory.extensive import subgame_perfect

ROOT = Path(__file__).resolve().parent.parent
TOL = 1e-9
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    # no shrinking: a failing example is printed as drawn (shrinking one can take minutes)
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# ----------------------------------------------------------------------------- brute force
def reassurance_pure_pbes(v: dict, all_types: bool = False) -> list[dict]:
    """Every pure PBE of Kydd's reassurance game, enumerated by hand.

    Payoffs as in Kydd (2005, ch. 7): B trusting a seeker gives (R, R), an expansionist
    (T_e, S); B guarding gives (P, P); the gesture costs a seeker k and an expansionist k + d.
    With `all_types`, a type of prior 0 must also reply optimally (as the symbolic separating
    conditions require).
    """
    prior = {"seeker": v["p"], "expansionist": 1 - v["p"]}
    sender_u = {("seeker", "C"): v["R"], ("seeker", "D"): v["P"]}
    sender_u |= {("expansionist", "C"): v["T_e"], ("expansionist", "D"): v["P"]}
    cost = {("seeker", "gesture"): v["k"], ("expansionist", "gesture"): v["k"] + v["d"]}
    receiver_u = {("seeker", "C"): v["R"], ("seeker", "D"): v["P"]}
    receiver_u |= {("expansionist", "C"): v["S"], ("expansionist", "D"): v["P"]}
    messages, types = ("gesture", "none"), ("seeker", "expansionist")

    def gain_trust(mu):  # B's payoff from C minus D at belief mu in a seeker
        return mu * (receiver_u["seeker", "C"] - receiver_u["seeker", "D"]) + (1 - mu) * (
            receiver_u["expansionist", "C"] - receiver_u["expansionist", "D"]
        )

    found = []
    for sender in itertools.product(messages, repeat=2):
        for reply in itertools.product("CD", repeat=2):
            act = dict(zip(messages, reply, strict=True))
            send = dict(zip(types, sender, strict=True))
            ok = True
            for t in types:
                if prior[t] == 0 and not all_types:
                    continue
                own = sender_u[t, act[send[t]]] - cost.get((t, send[t]), 0)
                best = max(sender_u[t, act[m]] - cost.get((t, m), 0) for m in messages)
                ok &= own >= best - TOL
            for m in messages:
                mass = sum(prior[t] for t in types if send[t] == m)
                if mass > 0:
                    mu = sum(prior[t] for t in types if send[t] == m and t == "seeker") / mass
                    g = gain_trust(mu)
                    ok &= g >= -TOL if act[m] == "C" else g <= TOL
                else:  # off the path: some belief must support the action
                    ends = (gain_trust(0.0), gain_trust(1.0))
                    ok &= max(ends) >= -TOL if act[m] == "C" else min(ends) <= TOL
            if ok:
                war = sum(prior[t] for t in types if act[send[t]] == "D")
                found.append({"sender": send, "receiver": act, "p_war": war})
    return found


def is_separating_pbe(v: dict) -> bool:
    target = ({"seeker": "gesture", "expansionist": "none"}, {"gesture": "C", "none": "D"})
    return any(
        (e["sender"], e["receiver"]) == target for e in reassurance_pure_pbes(v, all_types=True)
    )


def trusted_without_gesture(v: dict) -> bool:
    return any(
        set(e["sender"].values()) == {"none"} and e["receiver"]["none"] == "C"
        for e in reassurance_pure_pbes(v)
    )


def seekers_restrain(v: dict) -> bool:
    """Seekers C, expansionists D is a Bayesian equilibrium: interim best replies by hand."""
    p = v["p"]
    against = {"C": p * v["R"] + (1 - p) * v["S"], "D": None}
    seeker_c, seeker_d = against["C"], p * v["T_s"] + (1 - p) * v["P"]
    expansionist_c, expansionist_d = against["C"], p * v["T_e"] + (1 - p) * v["P"]
    return seeker_c >= seeker_d - TOL and expansionist_d >= expansionist_c - TOL


def conflict(c_own, c_other, v):
    return v["alpha"] * c_own - v["theta"] * c_other - v["w"] * (c_own + c_other)


def unilateral_outcomes(v: dict) -> set[str]:
    """Outcomes of every pure SPE of the unilateral game, by backward induction with ties."""
    resist_b = conflict(v["c_B"], v["c_A"], v)
    concede_b = -v["b"] - v["v"]
    replies = [
        a
        for a, u in (("Resist", resist_b), ("Concede", concede_b))
        if u >= max(resist_b, concede_b) - TOL
    ]
    out = set()
    for reply in replies:
        challenge = conflict(v["c_A"], v["c_B"], v) if reply == "Resist" else v["b"]
        if 0 >= challenge - TOL:
            out.add("status quo")
        if challenge >= -TOL:
            out.add("conflict" if reply == "Resist" else "concession")
    return out


def mutual_outcomes(v: dict) -> set[str]:
    """Outcomes of every pure SPE of the mutual game (v applies to both sides)."""
    war = (conflict(v["c_A"], v["c_B"], v), conflict(v["c_B"], v["c_A"], v))
    out = set()

    def best(options, i):
        top = max(u[i] for _, u in options)
        return [(a, u) for a, u in options if u[i] >= top - TOL]

    b_defends = best([("A wins", (v["b"], -v["b"] - v["v"])), ("conflict", war)], 1)
    a_defends = best([("B wins", (-v["b"] - v["v"], v["b"])), ("conflict", war)], 0)
    for bd, ad in itertools.product(b_defends, a_defends):
        for b_move in best([("status quo", (0.0, 0.0)), ad], 1):
            for a_move in best([b_move, bd], 0):
                out.add(a_move[0])
    return out


def decimal(lo: float, hi: float):
    """Floats in [lo, hi] with at most 4 decimals: values a user types, no 1e-226."""
    return st.floats(lo, hi).map(lambda x: round(x, 4))


PROBABILITY = re.compile(
    r"(?:P\(war\)|P\(B exploited\)|probability)(?: =| ranges from| from)? (-?[\d.]+(?:e-?\d+)?)"
    r"(?: to (-?[\d.]+(?:e-?\d+)?))?"
)


def printed_probabilities(text: str) -> list[float]:
    return [float(x) for m in PROBABILITY.finditer(text) for x in m.groups() if x is not None]


# ----------------------------------------------------------------------------- trust
def test_trust_defaults():
    report = trust.analyse({}, locate_war=False)
    spiral = report.finding("trust.spiral_minimum_trust")
    assert spiral.region.text() == "p in [0.5, 1]" and spiral.region.exact
    assert spiral.holds is False  # p = 0.25 < 1/2 (Kydd 2005: (P - S)/(R - T_s + P - S))
    receiver = report.finding("trust.receiver_minimum_trust")
    assert receiver.region.intervals[0].lo == pytest.approx(1 / 3) and receiver.holds is False
    sep = report.finding("trust.separating_range")
    assert sep.region.exact and [(iv.lo, iv.hi) for iv in sep.region.intervals] == [(1.0, 2.0)]
    assert sep.holds is True and sep.evidence["p_war_if_separating"] == pytest.approx(0.75)
    war = report.finding("trust.war_probability")
    assert war.evidence["p_war_range"] == pytest.approx([0.75, 1.0])
    assert "3 perfect Bayesian equilibria" in report.finding("trust.equilibria").statement


def test_trust_regression_cheap_gesture_with_trust():
    """p = 0.5, k = 0.8 used to say 'expansionists mimic it part of the time' and 'a partly
    mimicked gesture lowers the probability of war', while in the semi-separating equilibrium
    the seekers mix, expansionists never gesture, and pooling equilibria without war coexist."""
    report = trust.analyse({"p": 0.5, "k": 0.8}, locate_war=False)
    text = trust.render(report)
    assert "part of the time" not in text and "partly mimicked" not in text
    eqs = report.data["reassurance"]["equilibria"]
    (semi,) = [e for e in eqs if e["kind"] == "semi-separating"]
    assert semi["sender_mixes"] == ["seeker"]
    assert semi["gesture_probability"]["expansionist"] == 0
    mimicry = report.finding("trust.mimicry")
    assert all(eqs[i]["kind"] == "pooling" for i in mimicry.evidence["equilibria"])
    assert (
        "semi-separating): seekers and B after no gesture"
        in report.finding("trust.mixing").statement
    )
    war = report.finding("trust.war_probability")
    assert war.evidence["p_war_range"] == pytest.approx([0.0, 0.3])
    assert "ranges from 0 to 0.3" in war.statement and "coexisting" in war.statement
    assert report.finding("trust.separating_range").holds is False  # k = 0.8 < 1
    assert report.finding("trust.equilibria").evidence["count"] == 5  # as docs/extensive.md says


def test_trust_cheap_gesture_below_minimum_trust_is_mimicked():
    """docs/extensive.md: below B's minimum trust and the separating range, expansionists mimic
    just often enough, and B trusts after a gesture with probability (k + d)/(T_e - P)."""
    report = trust.analyse({"k": 0.5}, locate_war=False)  # p = 0.25 < 1/3, k < 1
    eqs = report.data["reassurance"]["equilibria"]
    (semi,) = [e for e in eqs if e["kind"] == "semi-separating"]
    assert semi["sender_mixes"] == ["expansionist"] and semi["gesture_probability"]["seeker"] == 1
    assert semi["trust_after"]["gesture"] == pytest.approx((0.5 + 3) / (5 - 1))
    # B's belief after a gesture is its minimum trust: 0.25 / (0.25 + 0.75 q) = 1/3
    assert semi["gesture_probability"]["expansionist"] == pytest.approx(2 / 3)
    assert report.finding("trust.mimicry").holds


@pytest.mark.parametrize("p, war", [(0.5, 0.0), (0.25, 1.0)])
def test_trust_regression_expensive_gesture(p, war):
    """k = 2.5 used to say 'no one makes it, war follows' even where every equilibrium has
    P(war) = 0 (p = 0.5: B trusts on its prior)."""
    report = trust.analyse({"p": p, "k": 2.5}, locate_war=False)
    text = trust.render(report)
    assert "war follows" not in text
    finding = report.finding("trust.war_probability")
    assert finding.evidence["p_war_range"] == pytest.approx([war, war])
    assert ("war is certain" in finding.statement) == (war == 1.0)
    assert finding.holds == (war < 1)
    assert report.finding("trust.separating_range").holds is False  # 2.5 > R - P = 2


def test_trust_premise_failures_are_stated():
    sep = trust.analyse({"d": 0}, locate_war=False).finding("trust.separating_range")
    assert sep.holds is None and sep.region.empty
    assert sep.statement.startswith("No separating equilibrium exists for any k here")
    receiver = trust.analyse({"S": 2}, locate_war=False).finding("trust.receiver_minimum_trust")
    assert receiver.region.everywhere and "does not hinge on trust" in receiver.statement


def test_trust_spiral_needs_an_assurance_game():
    # T_s > R: a seeker prefers exploiting to mutual restraint, so no trust suffices
    spiral = trust.analyse({"T_s": 4}, locate_war=False).finding("trust.spiral_minimum_trust")
    assert spiral.region.empty and spiral.holds is False
    assert "for no trust p in [0, 1]" in spiral.statement
    assert trust.analyse({"p": 0.6}, locate_war=False).finding("trust.spiral_minimum_trust").holds


def test_bad_parameters_are_refused():
    with pytest.raises(GameError, match=r"^analyse\(\): trust p = 1.5"):
        trust.analyse({"p": 1.5})
    with pytest.raises(GameError, match=r"^analyse\(\): parameter 'c_B' = -1.0 must be >= 0"):
        cred.analyse({"c_B": -1.0})


@st.composite
def reassurance_points(draw):
    P = draw(st.sampled_from([0.0, 1.0]))
    S = P - draw(st.sampled_from([0.5, 1.0]))
    R = P + draw(st.sampled_from([0.5, 1.0, 2.0]) | decimal(0.25, 3.0))
    T_e = R + draw(st.sampled_from([0.0, 2.0]) | decimal(0.0, 3.0))
    T_s = P + draw(st.sampled_from([0.0, 0.5, 1.0]) | decimal(0.0, 1.0)) * (R - P)
    d = draw(st.sampled_from([0.0, 3.0]) | decimal(0.0, 4.0))
    lower, upper = max(0.0, T_e - P - d), R - P
    mu = (P - S) / (R - S)
    k = draw(st.sampled_from([0.0, lower, upper, upper + 0.5]) | decimal(0.0, 5.0))
    p = draw(st.sampled_from([0.0, 1.0, mu, 0.25]) | decimal(0.0, 1.0))
    return {"R": R, "S": S, "P": P, "T_e": T_e, "T_s": T_s, "d": d, "k": k, "p": p}


@pytest.mark.slow
@PROPERTY
@given(point=reassurance_points(), other=decimal(0.0, 1.0), other_k=decimal(0.0, 6.0))
def test_trust_findings_match_independent_equilibria(point, other, other_k):
    report = trust.analyse(point, locate_war=False)
    spiral = report.finding("trust.spiral_minimum_trust")
    assert spiral.holds == seekers_restrain(point)
    if 0 < point["p"] < 1:  # every type plays: the ex-ante equilibria decide it too
        values = {k: point[k] for k in ("R", "S", "P", "T_s", "T_e", "p")}
        found = bayesian_equilibria(security_dilemma_types(), **values).equilibria
        restrain = {"seeker": {"C": 1.0}, "expansionist": {"D": 1.0}}
        listed = any(
            all(
                e.behaviour[who][t].get(a, 0.0) > 1 - 1e-9
                for who in ("A", "B")
                for t, d in restrain.items()
                for a in d
            )
            for e in found
        )
        assert spiral.holds == listed
    if not spiral.region.near_boundary(other):
        assert spiral.region.contains(other) == seekers_restrain({**point, "p": other})

    receiver = report.finding("trust.receiver_minimum_trust")
    assert receiver.holds == trusted_without_gesture(point)
    if not receiver.region.near_boundary(other):
        assert receiver.region.contains(other) == trusted_without_gesture({**point, "p": other})

    sep = report.finding("trust.separating_range")
    assert sep.region.exact
    if sep.region.empty:
        assert sep.holds is None and "No separating equilibrium" in sep.statement
        assert not is_separating_pbe(point)
    else:
        assert sep.holds == is_separating_pbe(point)
    if not sep.region.near_boundary(other_k):
        assert sep.region.contains(other_k) == is_separating_pbe({**point, "k": other_k})

    # the equilibria at the point, computed again by the library, and every pure PBE found
    # by brute force lies within the reported range of P(war)
    game = costly_reassurance().at(**{k: point[k] for k in ("R", "S", "P", "T_e", "k", "d", "p")})
    wars = [e.action_probability(game, "D") for e in perfect_bayesian(game).equilibria]
    war = report.finding("trust.war_probability")
    lo, hi = war.evidence["p_war_range"]
    assert lo == pytest.approx(max(0.0, min(wars)), abs=1e-9)
    assert hi == pytest.approx(min(1.0, max(wars)), abs=1e-9)
    assert war.holds == (lo < 1)
    for e in reassurance_pure_pbes(point):
        assert lo - 1e-7 <= e["p_war"] <= hi + 1e-7
    mimicry = next((f for f in report.findings if f.id == "trust.mimicry"), None)
    if point["p"] < 1:
        mimics = any(e["sender"]["expansionist"] == "gesture" for e in reassurance_pure_pbes(point))
        assert mimicry is not None and (mimicry.holds or not mimics)

    text = trust.render(report)
    assert all(0 <= x <= 1 for x in printed_probabilities(text)), text
    for f in report.findings:
        assert f.statement and f.holds in (True, False, None)


@pytest.mark.slow
def test_war_is_certain_beyond_what_a_seeker_pays():
    """Below B's minimum trust, war is avoidable in some equilibrium exactly while a seeker
    would still pay for the gesture, k <= R - P = 2 (Kydd 2005, ch. 7): located to 1e-6."""
    report = trust.analyse({"k": 2.5})
    finding = report.finding("trust.war_avoidable")
    ((lo, hi),) = [(iv.lo, iv.hi) for iv in finding.region.intervals]
    assert lo == 0 and hi == pytest.approx(2.0, abs=2 * trust.WAR_TOL)
    assert finding.holds is False and "certain in every equilibrium elsewhere" in finding.statement
    everywhere = trust.analyse({"p": 0.5, "k": 2.5}).finding("trust.war_avoidable")
    assert everywhere.region.everywhere and everywhere.holds


@pytest.mark.slow
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(point=reassurance_points(), others=st.lists(decimal(0.0, 8.0), min_size=3, max_size=3))
def test_war_avoidable_region_matches_equilibria(point, others):
    report = trust.analyse(point)
    finding = report.finding("trust.war_avoidable")
    assert finding.holds == report.finding("trust.war_probability").holds
    model = costly_reassurance()
    values = {k: point[k] for k in ("R", "S", "P", "T_e", "k", "d", "p")}
    for k in others:
        if k > finding.evidence["k_max"] or finding.region.near_boundary(k, 1e-5):
            continue
        game = model.at(**{**values, "k": k})
        avoidable = any(
            e.action_probability(game, "D") < 1 - 1e-9 for e in perfect_bayesian(game).equilibria
        )
        assert finding.region.contains(k) == avoidable
        if any(e["p_war"] < 1 - 1e-9 for e in reassurance_pure_pbes({**values, "k": k})):
            assert finding.region.contains(k)


# ----------------------------------------------------------------------------- credibility
def test_credibility_defaults_deter():
    report = cred.analyse({})
    credible = report.finding("credibility.threat_credible")
    # margin b + v - (theta + w) c_A + (alpha - w) c_B = 1.5 - 1.2 + 0.8 = 1.1
    assert credible.holds and credible.evidence["margins"] == pytest.approx([1.1])
    assert report.finding("credibility.capability_trend").evidence["slope"] == pytest.approx(0.4)
    deter = report.finding("credibility.deterrence_holds")
    assert deter.holds and deter.region.exact
    # capable iff c_B >= c_A (alpha - w)/(theta + w) = 4/3
    assert deter.region.intervals[0].lo == pytest.approx(4 / 3)
    assert report.finding("credibility.mutual_status_quo").holds


def test_destructive_war_makes_capability_undermine_credibility():
    report = cred.analyse({"w": 0.7, "v": 2.0})
    credible = report.finding("credibility.threat_credible")
    # margin 3 - 2.2 - 0.1 c_B: credible exactly while c_B <= 8
    assert [(iv.lo, iv.hi) for iv in credible.region.intervals] == [(0.0, 8.0)]
    trend = report.finding("credibility.capability_trend")
    assert trend.holds is False and "LESS credible" in trend.statement
    assert [(iv.lo, iv.hi) for iv in trend.region.intervals] == [(0.0, 0.6)]


def test_not_credible_means_concession():
    report = cred.analyse({"w": 0.9})
    assert not report.finding("credibility.threat_credible").holds
    deter = report.finding("credibility.deterrence_holds")
    assert not deter.holds and deter.region.empty and "-> concession" in deter.statement
    assert not report.finding("credibility.mutual_status_quo").holds


def test_credibility_tie_lists_both_equilibria():
    # c_B = 8 with w = 0.7, v = 2: the defender is indifferent; both SPE are reported
    report = cred.analyse({"w": 0.7, "v": 2.0, "c_B": 8.0})
    deter = report.finding("credibility.deterrence_holds")
    assert deter.holds and "2 subgame-perfect equilibria coexist" in deter.statement


@st.composite
def deterrence_points(draw):
    small = st.sampled_from([0.0, 0.5, 1.0]) | decimal(0.0, 2.0)
    point = {name: draw(small) for name in ("b", "v", "alpha", "theta", "w")}
    point["c_A"] = draw(st.sampled_from([0.0, 2.0]) | decimal(0.0, 6.0))
    point["c_B"] = draw(st.sampled_from([0.0, 2.0]) | decimal(0.0, 10.0))
    return point


def _spe_outcomes(game, values) -> set[str]:
    return {cred._outcome(game, e.moves) for e in subgame_perfect(game.at(**values))}


@pytest.mark.slow
@PROPERTY
@given(point=deterrence_points(), other=decimal(0.0, 12.0), other_w=decimal(0.0, 2.5))
def test_credibility_findings_match_backward_induction(point, other, other_w):
    report = cred.analyse(point)
    outcomes = unilateral_outcomes(point)
    credible = report.finding("credibility.threat_credible")
    resist = conflict(point["c_B"], point["c_A"], point) >= -point["b"] - point["v"] - TOL
    assert credible.holds == resist
    capable = report.finding("credibility.threat_capable")
    assert capable.holds == (conflict(point["c_A"], point["c_B"], point) <= TOL)
    deter = report.finding("credibility.deterrence_holds")
    assert deter.holds == ("status quo" in outcomes)
    assert ("-> status quo" in deter.statement) == ("status quo" in outcomes)
    trend = report.finding("credibility.capability_trend")
    assert trend.holds == (point["alpha"] >= point["w"])
    if not trend.region.near_boundary(other_w):
        assert trend.region.contains(other_w) == (point["alpha"] >= other_w)
    mutual = report.finding("credibility.mutual_status_quo")
    assert mutual.holds == ("status quo" in mutual_outcomes(point))

    game, mgame = unilateral_deterrence(), mutual_deterrence()
    at = {**point, "c_B": other}
    if not deter.region.near_boundary(other):
        assert deter.region.contains(other) == ("status quo" in _spe_outcomes(game, at))
    if not credible.region.near_boundary(other):
        assert credible.region.contains(other) == (
            conflict(other, point["c_A"], point) >= -point["b"] - point["v"]
        )
    if not mutual.region.near_boundary(other):
        mvalues = cred.mutual_values(at)
        assert mutual.region.contains(other) == ("status quo" in _spe_outcomes(mgame, mvalues))


# ----------------------------------------------------------------------------- scripts
@pytest.mark.parametrize("name", ["trust.py", "credibility.py"])
def test_scripts_are_short(name):
    assert len((ROOT / "models" / name).read_text().splitlines()) <= 120


@pytest.mark.slow
def test_trust_cli(tmp_path):
    png = tmp_path / "t.png"
    argv = ["--json", "--plot", str(png), "--param", "p=0.5", "--param", "k=0.8"]
    done = run_script(ROOT / "models" / "trust.py", *argv)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    ids = {f["id"] for f in data["findings"]}
    assert {"trust.separating_range", "trust.war_probability", "trust.mimicry"} <= ids
    assert data["parameters"]["k"] == 0.8
    for e in data["reassurance"]["equilibria"]:
        probabilities = [e["p_war"], e["p_exploited"], *e["gesture_probability"].values()]
        probabilities += [*e["trust_after"].values()]
        probabilities += [q for b in e["beliefs"].values() for q in b.values()]
        assert all(0 <= q <= 1 for q in probabilities)
    assert all(0 <= x <= 1 for f in data["findings"] for x in printed_probabilities(f["statement"]))
    assert png.stat().st_size > 10_000
    bad = run_script(ROOT / "models" / "trust.py", "--param", "q=1", in_subprocess=True)
    assert bad.returncode == 2 and "unknown parameters" in bad.stderr


@pytest.mark.slow
def test_credibility_cli(tmp_path):
    png = tmp_path / "c.png"
    done = run_script(ROOT / "models" / "credibility.py", "--json", "--plot", str(png))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    holds = {f["id"]: f["holds"] for f in data["findings"]}
    assert holds["credibility.deterrence_holds"] is True
    assert data["findings"][0]["region"]["exact"] is True
    assert png.stat().st_size > 10_000
    bad = run_script(
        ROOT / "models" / "credibility.py", "--param", "nonsense=1", in_subprocess=True
    )
    assert bad.returncode == 2 and "unknown parameters" in bad.stderr
