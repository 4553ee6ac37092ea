"""emviz.worked and emviz.formulas: the E- and M-step spelled out with the learner's numbers."""

import re
from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from scipy.stats import norm

from emviz import Mixture, run_em
from emviz.data import PRESETS, GaussianSpec, generate_gaussians
from emviz.formulas import (
    e_step_result,
    e_step_rule,
    e_step_total,
    e_step_weighted,
    latex_number,
    m_step_block,
    m_step_lines,
)
from emviz.worked import MStepSums, e_step_terms, m_step_sums
from tests.run_fixtures import CLASSIC_GUESS, nine_points, two_thousand


@cache
def hard_two_thousand():
    data, _ = two_thousand()
    return run_em(data.x, CLASSIC_GUESS.to_mixture(), hard=True)


@cache
def ten_thousand():
    """The classic preset's 10,000 points, one iteration from the classic guess."""
    preset = PRESETS["Classic (20 and 40)"]
    data = generate_gaussians(preset.data)
    return run_em(data.x, preset.guess.to_mixture(), max_iter=1)


# --- e_step_terms ------------------------------------------------------------------------


@pytest.mark.parametrize("t", [0, 1, -1])
@pytest.mark.parametrize("point", [1.2, 4.5, 7.3, -3.0])
def test_e_step_terms_are_scipy_densities_and_the_posterior(t, point):
    _, history = nine_points()
    mixture = history.mixtures[t]
    terms = e_step_terms(mixture, point)
    means, sigmas = mixture.means[:, 0], np.sqrt(mixture.covariances[:, 0, 0])
    expected = np.array([norm(loc=m, scale=s).pdf(point) for m, s in zip(means, sigmas)])
    assert terms.x == point
    np.testing.assert_array_equal(terms.weights, mixture.weights)
    np.testing.assert_array_equal(terms.means, means)
    np.testing.assert_allclose(terms.sigmas, sigmas, rtol=1e-15)
    np.testing.assert_allclose(terms.densities, expected, rtol=1e-12)
    np.testing.assert_allclose(terms.weighted, mixture.weights * expected, rtol=1e-12)
    assert terms.total == pytest.approx(np.exp(mixture.log_likelihood([point])), rel=1e-12)
    np.testing.assert_allclose(terms.responsibilities, mixture.posterior([point])[0], rtol=1e-12)
    np.testing.assert_allclose(terms.responsibilities, terms.weighted / terms.total, rtol=1e-10)
    assert terms.responsibilities.sum() == pytest.approx(1.0, rel=1e-14)


def test_e_step_terms_of_the_classic_guess_by_hand():
    mixture = Mixture.univariate([0.3, 0.7], [10.0, 50.0], [5.0, 5.0])
    terms = e_step_terms(mixture, 30.0)
    density = np.exp(-8.0) / (5.0 * np.sqrt(2 * np.pi))  # both are 4σ away
    np.testing.assert_allclose(terms.densities, [density, density], rtol=1e-14)
    assert terms.total == pytest.approx(density, rel=1e-14)
    np.testing.assert_allclose(terms.responsibilities, [0.3, 0.7], rtol=1e-12)


def test_e_step_terms_far_away_still_give_responsibilities():
    """Densities underflow to 0 far from every Gaussian; γ is computed in log space and stays exact."""
    mixture = Mixture.univariate([0.5, 0.5], [0.0, 1.0], [1.0, 1.0])
    terms = e_step_terms(mixture, 200.0)
    np.testing.assert_array_equal(terms.densities, 0.0)
    assert terms.total == 0.0
    odds = np.exp(-199.5)  # γ1 / γ2 = exp(−(200² − 199²) / 2)
    np.testing.assert_allclose(terms.responsibilities, [odds / (1 + odds), 1 / (1 + odds)], rtol=1e-12)


# --- m_step_sums -------------------------------------------------------------------------


def check_sums(history, t):
    sums = m_step_sums(history, t)
    x = history.x[:, 0]
    gamma = history.mixtures[t - 1].posterior(x)
    if history.hard:
        gamma = np.eye(gamma.shape[1])[np.argmax(gamma, axis=1)]
    assert sums.iteration == t
    assert sums.n_points == x.size
    assert sums.reg_covar == history.reg_covar
    assert sums.engine is history.mixtures[t]
    np.testing.assert_allclose(sums.sum_gamma, gamma.sum(axis=0), rtol=1e-10)
    np.testing.assert_allclose(sums.sum_gamma_x, (gamma * x[:, None]).sum(axis=0), rtol=1e-10)
    np.testing.assert_allclose(sums.means, sums.sum_gamma_x / sums.sum_gamma, rtol=1e-15)
    squares = [np.sum(gamma[:, k] * (x - sums.means[k]) ** 2) for k in range(gamma.shape[1])]
    np.testing.assert_allclose(sums.sum_gamma_squares, squares, rtol=1e-10)
    np.testing.assert_allclose(sums.variances, sums.sum_gamma_squares / sums.sum_gamma + history.reg_covar,
                               rtol=1e-15)
    np.testing.assert_allclose(sums.weights, sums.sum_gamma / x.size, rtol=1e-15)
    assert sums.largest_difference < 1e-12
    mixture = history.mixtures[t]
    np.testing.assert_allclose(sums.means, mixture.means[:, 0], rtol=1e-12)
    np.testing.assert_allclose(sums.variances, mixture.covariances[:, 0, 0], rtol=1e-12)
    np.testing.assert_allclose(sums.weights, mixture.weights, rtol=1e-12)
    return sums


@pytest.mark.parametrize("t", [1, 2, 6, 12])
def test_m_step_sums_reproduce_the_nine_point_run(t):
    _, history = nine_points()
    assert history.n_iter == 12
    check_sums(history, t)


@pytest.mark.parametrize("t", [1, 3, -1])
def test_m_step_sums_reproduce_the_two_thousand_point_run(t):
    _, history = two_thousand()
    check_sums(history, range(1, history.n_iter + 1)[t])


@pytest.mark.parametrize("t", [1, 2, -1])
def test_m_step_sums_reproduce_a_hard_run(t):
    history = hard_two_thousand()
    assert history.hard and history.n_iter >= 3
    sums = check_sums(history, range(1, history.n_iter + 1)[t])
    labels = np.argmax(history.mixtures[sums.iteration - 1].posterior(history.x[:, 0]), axis=1)
    np.testing.assert_array_equal(sums.sum_gamma, np.bincount(labels, minlength=2))


def test_m_step_sums_without_a_variance_floor():
    data, _ = nine_points()
    history = run_em(data.x, PRESETS["Nine points"].guess.to_mixture(), reg_covar=0.0, max_iter=3)
    sums = check_sums(history, 2)
    np.testing.assert_allclose(sums.variances, sums.sum_gamma_squares / sums.sum_gamma, rtol=1e-15)


def test_largest_difference_sees_a_wrong_engine_mixture():
    _, history = nine_points()
    sums = m_step_sums(history, 3)
    assert sums.largest_difference < 1e-12
    assert replace(sums, engine=history.mixtures[2]).largest_difference > 1e-6


@pytest.mark.parametrize("t", [0, -1, 13, 100])
def test_m_step_sums_refuse_iterations_the_run_does_not_have(t):
    _, history = nine_points()
    with pytest.raises(ValueError):
        m_step_sums(history, t)


def test_m_step_sums_of_a_run_without_m_steps():
    _, history = nine_points()
    guess_only = run_em(history.x[:, 0], history.mixtures[0], max_iter=0)
    with pytest.raises(ValueError):
        m_step_sums(guess_only, 1)


def test_m_step_sums_when_a_gaussian_gets_no_point_at_all():
    """A narrow guess between two far clusters: every γ of Gaussian 2 underflows to exactly 0.

    The engine (scikit-learn's 10·eps guard on n_k) records µ2 = 0, σ2² = reg_covar and
    π2 ≈ 0; the worked sums must show finite numbers that agree with it, not 0/0 = nan.
    """
    data = generate_gaussians(GaussianSpec(means=(0.0, 100.0), sigmas=(1.0, 1.0), counts=(20, 20), seed=1))
    init = Mixture.univariate([0.5, 0.5], [50.0, 30.0], [50.0, 0.1])
    history = run_em(data.x, init, max_iter=3)
    assert np.all(history.responsibilities(0)[:, 1] == 0.0)
    sums = m_step_sums(history, 1)
    assert np.all(np.isfinite(sums.means)) and np.all(np.isfinite(sums.variances))
    engine = history.mixtures[1]
    np.testing.assert_allclose(sums.means, engine.means[:, 0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sums.variances, engine.covariances[:, 0, 0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sums.weights, engine.weights, rtol=1e-12, atol=1e-12)
    assert all("nan" not in line for line in m_step_lines(sums, 1))


# --- formulas ----------------------------------------------------------------------------


@pytest.mark.parametrize("value, text", [
    (0, "0"),
    (0.5, "0.500"),
    (20, "20.0"),
    (0.000123, "0.000123"),
    (1234.5, "1{,}230"),
    (999.96, "1{,}000"),
    (-98765, "-98{,}800"),
    (123456.0, "123{,}000"),
    (1.234e-5, r"1.23 \times 10^{-5}"),
    (-1.234e-5, r"-1.23 \times 10^{-5}"),
    (1e-6, r"1.00 \times 10^{-6}"),
    (12345678, "12{,}300{,}000"),
    (3.2e9, r"3.20 \times 10^{9}"),
    (6.02e23, r"6.02 \times 10^{23}"),
])
def test_latex_number(value, text):
    assert latex_number(value) == text


def test_latex_number_never_leaves_e_notation_or_bare_commas():
    for value in np.geomspace(1e-12, 1e12, 97):
        for signed in (value, -value):
            text = latex_number(signed)
            assert re.search(r"\de", text) is None, text
            assert "," not in text.replace("{,}", "")


def flat(latex: str) -> str:
    """One line of LaTeX: alignment (``aligned``, ``&``, ``\\\\`` breaks, struts) removed, spaces collapsed."""
    latex = latex.replace(r"\vphantom{1^2} ", "")
    for wrapper in (r"\begin{aligned}", r"\end{aligned}", r"\qquad", r"\quad", "&", "\\\\"):
        latex = latex.replace(wrapper, " ")
    return " ".join(latex.split())


def test_flat_removes_only_the_layout():
    assert flat(r"\begin{aligned}p(1) &= 2 \times 3 \\ &= 6\end{aligned}") == r"p(1) = 2 \times 3 = 6"
    assert flat(r"p(1) = 2 \times 3 = 6") == r"p(1) = 2 \times 3 = 6"


def test_e_step_lines_with_their_numbers():
    mixture = Mixture.univariate([0.5, 0.5], [10.0, 50.0], [5.0, 5.0])
    terms = e_step_terms(mixture, 20.0)  # 2σ from µ1, 6σ from µ2
    assert flat(e_step_weighted(terms, 0)) == (
        r"\pi_1\,\mathcal{N}(20.0 \mid 10.0, 5.00^2) = 0.500 \times 0.0108 = 0.00540")
    assert flat(e_step_weighted(terms, 1)) == (
        r"\pi_2\,\mathcal{N}(20.0 \mid 50.0, 5.00^2) = 0.500 \times 1.22 \times 10^{-9} = 6.08 \times 10^{-10}")
    assert flat(e_step_total(terms)) == r"p(20.0) = 0.00540 + 6.08 \times 10^{-10} = 0.00540"
    assert flat(e_step_result(terms, 0)) == r"\gamma_1 = \frac{0.00540}{0.00540} = 1.000"
    assert flat(e_step_result(terms, 1)) == r"\gamma_2 = \frac{6.08 \times 10^{-10}}{0.00540} = 0.000"


def test_e_step_lines_with_unequal_weights():
    mixture = Mixture.univariate([0.3, 0.7], [10.0, 50.0], [5.0, 5.0])
    terms = e_step_terms(mixture, 30.0)
    assert flat(e_step_total(terms)) == r"p(30.0) = 8.03 \times 10^{-6} + 1.87 \times 10^{-5} = 2.68 \times 10^{-5}"
    assert flat(e_step_result(terms, 0)) == r"\gamma_1 = \frac{8.03 \times 10^{-6}}{2.68 \times 10^{-5}} = 0.300"
    assert flat(e_step_result(terms, 1)) == r"\gamma_2 = \frac{1.87 \times 10^{-5}}{2.68 \times 10^{-5}} = 0.700"
    assert "x_n" in e_step_rule() and r"\gamma_{nk}" in e_step_rule()


def test_the_sum_of_six_terms_is_broken_two_terms_a_line():
    mixture = Mixture.univariate(np.full(6, 1 / 6), [10.0, 20.0, 30.0, 40.0, 50.0, 60.0], np.full(6, 5.0))
    terms = e_step_terms(mixture, 30.0)
    text = e_step_total(terms)
    lines = text.removeprefix(r"\begin{aligned}").removesuffix(r"\end{aligned}").split(r" \\ ")
    assert [line.count("+") for line in lines] == [1, 2, 2, 0]  # "a + b", "+ c + d", "+ e + f", "= p(x)"
    numbers = " + ".join(latex_number(value) for value in terms.weighted)
    assert flat(text) == f"p(30.0) = {numbers} = {latex_number(terms.total)}"


def test_long_lines_start_a_new_line_before_the_numbers():
    terms = e_step_terms(Mixture.univariate([0.5, 0.5], [10.0, 50.0], [5.0, 5.0]), 20.0)
    formula, numbers = e_step_weighted(terms, 0).split(r" \\ ")
    assert r"\mathcal{N}(20.0 \mid 10.0, 5.00^2)" in formula and "=" not in formula
    assert numbers.endswith(r"= 0.500 \times 0.0108 = 0.00540\end{aligned}")
    for line in m_step_lines(hand_sums(1e-6), 0)[1:3]:
        general, substituted = line.split(r" \\ ")
        assert "x_n" in general and r"\sum" not in substituted


KATEX_COMMANDS = {"begin", "end", "frac", "gamma", "mathcal", "mid", "mu", "pi", "qquad", "quad", "sigma", "sum",
                  "times", "vphantom"}
"""The LaTeX commands the formulas use, each one KaTeX (Streamlit's renderer) knows; it prints others in red."""


def test_formulas_use_only_commands_katex_renders():
    mixture = Mixture.univariate(np.full(3, 1 / 3), [10.0, 20.0, 30.0], np.full(3, 5.0))
    terms = e_step_terms(mixture, 18.0)
    formulas = [e_step_rule(), e_step_total(terms), m_step_block(hand_sums(1e-6), 0)]
    formulas += [line for k in range(3) for line in (e_step_weighted(terms, k), e_step_result(terms, k))]
    assert set(re.findall(r"\\([a-zA-Z]+)", " ".join(formulas))) <= KATEX_COMMANDS


def hand_sums(reg_covar: float) -> MStepSums:
    engine = Mixture.univariate([0.3, 0.7], [20.0, 40.0], [5.0, 5.0])
    return MStepSums(
        iteration=1, n_points=10_000,
        sum_gamma=np.array([3001.2345, 6998.7655]),
        sum_gamma_x=np.array([60123.4, 279950.0]),
        means=np.array([20.0329, 39.9999]),
        sum_gamma_squares=np.array([75012.3, 174900.0]),
        variances=np.array([24.9936, 24.99]),
        weights=np.array([0.30012345, 0.69987655]),
        reg_covar=reg_covar, engine=engine,
    )


def test_m_step_lines_with_their_numbers():
    lines = [flat(line) for line in m_step_lines(hand_sums(1e-6), 0)]
    assert lines == [
        r"n_1 = \sum_n \gamma_{n1} = 3{,}000",
        r"\mu_1 = \frac{\sum_n \gamma_{n1}\,x_n}{n_1} = \frac{60{,}100}{3{,}000} = 20.0",
        r"\sigma_1^2 = \frac{\sum_n \gamma_{n1}\,(x_n - \mu_1)^2}{n_1} + 1.00 \times 10^{-6} = "
        r"\frac{75{,}000}{3{,}000} + 1.00 \times 10^{-6} = 25.0",
        r"\pi_1 = \frac{n_1}{N} = \frac{3{,}000}{10{,}000} = 0.300",
    ]
    second = [flat(line) for line in m_step_lines(hand_sums(1e-6), 1)]
    assert second[0] == r"n_2 = \sum_n \gamma_{n2} = 7{,}000"
    assert second[1].endswith(r"= \frac{280{,}000}{7{,}000} = 40.0")
    assert second[3] == r"\pi_2 = \frac{n_2}{N} = \frac{7{,}000}{10{,}000} = 0.700"


def test_m_step_block_stacks_the_four_lines_aligned_at_the_equals_sign():
    sums = hand_sums(1e-6)
    block = m_step_block(sums, 0)
    assert block.startswith(r"\begin{aligned}") and block.endswith(r"\end{aligned}")
    assert block.count(r"\\[1em]") == 3  # space between n, µ, σ² and π
    assert flat(block.replace(r"\\[1em]", " ")) == " ".join(flat(line) for line in m_step_lines(sums, 0))
    assert all("&=" in line for line in m_step_lines(sums, 0))


def test_m_step_lines_leave_out_a_zero_floor():
    line = flat(m_step_lines(hand_sums(0.0), 0)[2])
    assert line == r"\sigma_1^2 = \frac{\sum_n \gamma_{n1}\,(x_n - \mu_1)^2}{n_1} = \frac{75{,}000}{3{,}000} = 25.0"


def test_m_step_pi_line_shows_the_exact_number_of_points():
    history = ten_thousand()
    assert history.n_points == 10_000
    sums = m_step_sums(history, 1)
    assert sums.largest_difference < 1e-12
    for k in range(2):
        lines = [flat(line) for line in m_step_lines(sums, k)]
        n_k = latex_number(sums.sum_gamma[k])
        assert lines[3] == (rf"\pi_{k + 1} = \frac{{n_{k + 1}}}{{N}} = \frac{{{n_k}}}{{10{{,}}000}} = "
                            rf"{latex_number(sums.weights[k])}")
        assert r"{10{,}000}" in lines[3]
        assert lines[1].endswith(f"= {latex_number(history.mixtures[1].means[k, 0])}")


def test_m_step_pi_line_does_not_round_the_number_of_points():
    sums = replace(hand_sums(1e-6), n_points=12_345)
    assert r"{12{,}345}" in m_step_lines(sums, 0)[3]
    sums = replace(hand_sums(1e-6), n_points=1_234_567)
    assert r"{1{,}234{,}567}" in m_step_lines(sums, 0)[3]
