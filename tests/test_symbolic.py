"""SymbolicGame and the model families built on it."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from gametheory import GameError, SymbolicGame, solve
from gametheory.deterrence.two_bloc import TWO_BLOC_DEFAULTS, two_bloc
from gametheory.games import battle_of_sexes, prisoners_dilemma


def test_at_uses_defaults_and_overrides():
    g = prisoners_dilemma()
    assert g.at().payoffs[0].tolist() == [[3, 0], [5, 1]]
    assert g.at(T=7).payoffs[0].tolist() == [[3, 0], [7, 1]]
    assert g.at(T=7).payoffs[1].tolist() == [[3, 7], [0, 1]]


def test_lambdify_matches_at_on_a_grid():
    g = two_bloc()
    f = g.lambdify()
    c = np.linspace(0, 5, 7)[:, None]
    r = np.linspace(0, 4, 5)[None, :]
    table = f(c=c, r=r)
    assert table.shape == (2, 2, 2, 7, 5)
    for a in range(7):
        for b in range(5):
            game = g.at(c=float(c[a, 0]), r=float(r[0, b]))
            for i in range(2):
                assert np.allclose(table[i, :, :, a, b], game.payoffs[i])


def test_exact_at_gives_rational_payoffs():
    game = battle_of_sexes().at(exact=True, h=Fraction(7, 3))
    assert game.exact_payoffs()[0][0, 0] == Fraction(7, 3)
    mixed = next(eq for eq in solve(game, exact=True) if not eq.is_pure)
    assert mixed.exact[0] == (Fraction(7, 13), Fraction(6, 13))  # h / (h + l), l = 2


def test_subs_fixes_parameters():
    g = two_bloc().subs(c=2, r=1)
    assert "c" not in {p.name for p in g.parameters}
    assert np.allclose(g.at().payoffs[0], two_bloc().at(c=2, r=1).payoffs[0])


def test_two_bloc_matches_design_formulas():
    g = two_bloc(symmetric=False)
    s = {p.name: p for p in g.parameters}
    cA, cB, rA, rB = s["c_A"], s["c_B"], s["r_A"], s["r_B"]
    b, al, th, be, w, k = (s[n] for n in ("b", "alpha", "theta", "beta", "w", "k"))
    expected_A = {
        ("R", "R"): -k * cA,
        ("E", "R"): b + al * cA - th * cB - rA - k * cA,
        ("R", "E"): -be * cB - k * cA,
        ("E", "E"): -w * (cA + cB) - k * cA,
    }
    for (x, y), expr in expected_A.items():
        assert sp.simplify(g.payoff(0, [x, y]) - expr) == 0
        # bloc B's payoff is the mirror image with the roles of A and B swapped
        mirror = expr.subs({cA: cB, cB: cA, rA: rB}, simultaneous=True)
        assert sp.simplify(g.payoff(1, [y, x]) - mirror) == 0


def test_two_bloc_noise_is_expected_payoff_over_accidents():
    noisy = two_bloc(noise="constant")
    plain = two_bloc().at()
    assert np.allclose(noisy.at(eps=0).payoffs, plain.payoffs)
    # eps = 1: every intended R is carried out as E, so every cell pays u(E, E)
    sure = noisy.at(eps=1)
    for i in range(2):
        assert np.allclose(sure.payoffs[i], plain.payoffs[i][1, 1])
    # Monte Carlo check of one cell at eps = 0.3
    rng = np.random.default_rng(7)
    slips = rng.random((200_000, 2)) < 0.3
    realised = plain.payoffs[0][slips[:, 0].astype(int), slips[:, 1].astype(int)]
    assert noisy.at(eps=0.3).payoffs[0][0, 0] == pytest.approx(realised.mean(), abs=0.01)


def test_two_bloc_capability_noise_grows_with_capability():
    g = two_bloc(noise="capability")
    low, high = g.at(c=0.5), g.at(c=4.0)
    # the intended-restraint cell loses more to accidents at high capability
    assert (high.payoffs[0][0, 0] - two_bloc().at(c=4.0).payoffs[0][0, 0]) < (
        low.payoffs[0][0, 0] - two_bloc().at(c=0.5).payoffs[0][0, 0]
    )


def test_two_bloc_defaults_documented():
    assert two_bloc().defaults["c"] == TWO_BLOC_DEFAULTS["c"]
    assert set(two_bloc(symmetric=False).defaults) >= {"c_A", "c_B", "r_A", "r_B"}


def test_deviation_gains():
    gains = two_bloc().deviation_gains("R,R")
    s = {p.name: p for p in two_bloc().parameters}
    expected = s["b"] + (s["alpha"] - s["theta"]) * s["c"] - s["r"]
    assert sp.simplify(gains[(0, 1)] - expected) == 0
    assert sp.simplify(gains[(1, 1)] - expected) == 0


def test_latex_repr():
    latex = two_bloc()._repr_latex_()
    assert latex.startswith("$\\begin{array}") and "\\alpha" in latex


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: two_bloc().at(x=1), "unknown parameter 'x'"),
        (lambda: two_bloc().at(c=-1), "'c' = -1 must be >= 0"),
        (lambda: two_bloc().at(c=float("nan")), "not finite"),
        (lambda: two_bloc().at(c="big"), "not a number"),
        (lambda: two_bloc().lambdify()(q=np.ones(3)), "unknown parameter 'q'"),
        (lambda: two_bloc().lambdify()(c=np.array([])), "non-empty"),
        (lambda: two_bloc(noise="sometimes"), "noise must be"),
        (lambda: SymbolicGame([[["1", 0]], [[0, 0]]]), "is the string"),
        (lambda: SymbolicGame([[[sp.Symbol("x")]], [[0]]], parameters=[]), "not listed"),
        (lambda: SymbolicGame([[[1, 2]], [[1]]]), "shape"),
        (lambda: SymbolicGame([[[sp.Symbol("x")]], [[0]]]).at(), "no value and no default"),
        (lambda: two_bloc().payoff(0, ["R", "X"]), "no action 'X'"),
    ],
)
def test_bad_symbolic_input(call, message):
    with pytest.raises(GameError, match=message):
        call()


def _exact_table(game: SymbolicGame, values: dict) -> list[np.ndarray]:
    """Each payoff expression evaluated by sympy at exact Rationals, independently of at()."""
    subs = {
        game.symbol(k): sp.Rational(Fraction(v).numerator, Fraction(v).denominator)
        for k, v in values.items()
    }
    return [
        np.vectorize(lambda e: Fraction(str(e.subs(subs))), otypes=[object])(arr)
        for arr in game.payoffs
    ]


def test_exact_at_keeps_rational_probabilities_exact():
    """Regression: at(exact=True) and subs() used sympy's nsimplify, which guesses a number
    from 15 digits: 123456789/987654321 became 1/8 and the float 0.7071067811865476 became
    sqrt(2)/2, so a rational payoff was refused as irrational."""
    from gametheory.deterrence.trust import security_dilemma_types

    game = security_dilemma_types().ex_ante_form()
    assert [p.name for p in game.parameters] == ["R", "S", "P", "T_s", "T_e", "p"]
    base = {"R": 7, "S": 3, "P": 5, "T_s": 6, "T_e": 8}
    for p in (Fraction(43, 60), Fraction(123456789, 987654321)):
        values = {**base, "p": p}
        expected = _exact_table(game, values)
        for exact in (game.at(exact=True, **values), game.subs(**values).at(exact=True)):
            for ours, ref in zip(exact.exact_payoffs(), expected, strict=True):
                assert ours.tolist() == ref.tolist()
    # by hand: row 0 meets a mixed type with probability p, R*p + S*(1 - p) at p = 43/60
    at = game.at(exact=True, **base, p=Fraction(43, 60)).exact_payoffs()
    assert at[0][0, 1] == Fraction(7 * 43 + 3 * 17, 60)
    # a float is read by its decimal, the way at() reads float parameters
    decimal = Fraction("0.7071067811865476")
    for exact in (
        game.at(exact=True, **base, p=0.7071067811865476),
        game.subs(p=0.7071067811865476).at(exact=True, **base),
    ):
        assert exact.exact_payoffs()[0][0, 1] == 7 * decimal + 3 * (1 - decimal)


def test_exact_at_reads_float_coefficients_exactly():
    """A float coefficient is a rational number: 0.7071067811865476*c is not sqrt(2)/2*c."""
    c = sp.Symbol("c")
    game = SymbolicGame([[[0.7071067811865476 * c, 0], [0, 1]], [[1, 0], [0, 1]]], parameters=[c])
    payoff = game.at(exact=True, c=2).exact_payoffs()[0][0, 0]
    assert payoff == 2 * Fraction("0.7071067811865476")
