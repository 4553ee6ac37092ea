"""emviz.timeline: the half-step frames, the button labels and the sentences the learner reads."""

import dataclasses
import math
import re

import numpy as np
import pytest

from emviz import Mixture, run_em
from emviz.timeline import (
    changed_majority,
    collapse_warning,
    convergence_status,
    covariance_rows,
    describe_frame,
    format_point,
    frame_at,
    log_likelihood_text,
    monotonicity_note,
    n_frames,
    next_action,
    next_iteration_frame,
    parameter_rows,
    setting_text,
    significant,
    significant_parts,
)
from tests.run_fixtures import all_frames, nine_points, posterior, two_thousand

NUMBER = r"-?[\d,]+(?:\.\d+)?(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"
POWER = " × 10"
FROM_SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def runs():
    """(name, history) of the converged runs used throughout."""
    return [("nine points", nine_points()[1]), ("2,000 points", two_thousand()[1])]


def as_float(text: str) -> float:
    """Read a number as the app writes it ("-12,300", "2.84 × 10⁻⁸")."""
    mantissa, _, exponent = text.replace(",", "").partition(POWER)
    return float(mantissa) * 10.0 ** int(exponent.translate(FROM_SUPERSCRIPT) or 0)


def shows_three_significant_digits(text: str) -> bool:
    """Whether a rendered number has 3 significant digits ("0.000120", "1.23 × 10⁶", "12,300", "100")."""
    mantissa = text.lstrip("-").partition(POWER)[0].replace(",", "")
    if "." in mantissa or POWER in text:
        return len(mantissa.replace(".", "").lstrip("0")) == 3
    # An integer of 3 or more digits: everything after the third digit is padding.
    return len(mantissa) >= 3 and set(mantissa[3:]) <= {"0"}


def assert_shows(text: str, value: float) -> None:
    """``text`` is ``value`` rounded to 3 significant digits."""
    assert shows_three_significant_digits(text) or as_float(text) == 0, text
    assert as_float(text) == pytest.approx(value, rel=5e-3), (text, value)


def expected_majority_changes(history, t):
    """Brute-force recount: points whose argmax responsibility differs between E-steps t−1 and t."""
    before = np.argmax(posterior(history, t - 2), axis=1)
    after = np.argmax(posterior(history, t - 1), axis=1)
    return int(sum(int(b != a) for b, a in zip(before, after)))


# --- frames ------------------------------------------------------------------------------------


@pytest.mark.parametrize("max_iter, expected", [(0, 1), (1, 3), (3, 7)])
def test_n_frames_is_two_per_iteration_plus_the_guess(max_iter, expected):
    history = two_thousand(max_iter)[1]
    assert history.n_iter == max_iter
    assert n_frames(history) == expected


@pytest.mark.parametrize("name, history", runs())
def test_n_frames_of_converged_runs(name, history):
    assert n_frames(history) == 2 * history.n_iter + 1 == 2 * (len(history.mixtures) - 1) + 1


def test_nine_points_run_has_the_known_length():
    history = nine_points()[1]
    assert history.converged and history.n_iter == 12 and n_frames(history) == 25


def test_frame_zero_is_the_guess_with_grey_points():
    frame = frame_at(nine_points()[1], 0)
    assert (frame.index, frame.kind, frame.iteration) == (0, "guess", 0)
    assert (frame.curves, frame.colours, frame.ghosts) == (0, None, None)


@pytest.mark.parametrize("name, history", runs())
def test_every_frame_follows_the_half_step_table(name, history):
    for t in range(1, history.n_iter + 1):
        e = frame_at(history, 2 * t - 1)
        assert (e.index, e.kind, e.iteration) == (2 * t - 1, "e-step", t)
        assert (e.curves, e.colours, e.ghosts) == (t - 1, t - 1, None)
        m = frame_at(history, 2 * t)
        assert (m.index, m.kind, m.iteration) == (2 * t, "m-step", t)
        assert (m.curves, m.colours, m.ghosts) == (t, t - 1, t - 1)


@pytest.mark.parametrize("index, expected", [(-1, 0), (-100, 0), (25, 24), (10**6, 24), (np.int64(30), 24)])
def test_frame_at_clips_out_of_range_indices(index, expected):
    history = nine_points()[1]
    frame = frame_at(history, index)
    assert frame.index == expected
    assert frame == frame_at(history, expected)


def test_last_frame_is_the_final_m_step():
    history = nine_points()[1]
    last = frame_at(history, n_frames(history) - 1)
    assert last.kind == "m-step" and last.curves == history.n_iter == last.iteration


# --- buttons -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, history", runs())
def test_next_action_labels(name, history):
    last = n_frames(history) - 1
    for index in all_frames(history):
        expected = "Finished" if index == last else ("Run the E-step" if index % 2 == 0 else "Run the M-step")
        assert next_action(history, index) == expected, index
    assert next_action(history, last + 5) == "Finished"


def test_next_action_of_a_run_without_iterations_is_finished():
    assert next_action(two_thousand(0)[1], 0) == "Finished"


@pytest.mark.parametrize("name, history", runs())
def test_next_iteration_frame_lands_on_the_next_m_step(name, history):
    last = n_frames(history) - 1
    for index in all_frames(history):
        target = next_iteration_frame(history, index)
        if index == last:
            assert target == last
            continue
        assert index < target <= last
        assert frame_at(history, target).kind == "m-step" and target % 2 == 0
        assert target - index <= 2, "skipped an M-step"
        assert frame_at(history, target).iteration == frame_at(history, index).iteration + (index % 2 == 0)
    assert next_iteration_frame(history, last + 3) == last


# --- changed majority --------------------------------------------------------------------------


def test_changed_majority_is_none_for_the_first_e_step():
    assert changed_majority(two_thousand()[1], 1) is None
    assert changed_majority(nine_points()[1], 1) is None


@pytest.mark.parametrize("name, history", runs())
def test_changed_majority_matches_a_brute_force_recount(name, history):
    counts = [changed_majority(history, t) for t in range(2, history.n_iter + 1)]
    expected = [expected_majority_changes(history, t) for t in range(2, history.n_iter + 1)]
    assert counts == expected


def test_changed_majority_counts_real_changes_on_the_2000_point_run():
    # The guess (µ = 10, 50) splits the data badly: the second E-step recolours many points.
    history = two_thousand()[1]
    assert changed_majority(history, 2) == expected_majority_changes(history, 2) > 5


# --- sentences ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name, history", runs())
def test_describe_guess_frame_gives_its_log_likelihood(name, history):
    text = describe_frame(history, 0)
    assert "initial guess" in text and "Run the E-step" in text
    (shown,) = re.findall(rf"log-likelihood is ({NUMBER})\.", text)
    assert_shows(shown, history.log_likelihoods[0])


@pytest.mark.parametrize("name, history", runs())
def test_describe_first_e_step_gives_the_majority_counts(name, history):
    text = describe_frame(history, 1)
    assert text.startswith("E-step 1:")
    labels = np.argmax(posterior(history, 0), axis=1)
    shown = {int(k): as_float(c) for c, k in re.findall(rf"({NUMBER}) for Gaussian (\d+)", text)}
    assert shown == {k + 1: int(np.sum(labels == k)) for k in range(2)}


@pytest.mark.parametrize("name, history", runs())
def test_describe_later_e_steps_count_the_changed_colours(name, history):
    for t in range(2, history.n_iter + 1):
        text = describe_frame(history, 2 * t - 1)
        assert text.startswith(f"E-step {t}:"), text
        changed = expected_majority_changes(history, t)
        noun = "point" if changed == 1 else "points"
        assert f"{changed:,} {noun} changed their majority colour" in text


def test_describe_e_step_says_one_point_in_the_singular():
    history = two_thousand()[1]
    singles = [t for t in range(2, history.n_iter + 1) if expected_majority_changes(history, t) == 1]
    assert singles, "the 2,000-point run should have an E-step that recolours exactly one point"
    assert "1 point changed their majority colour" in describe_frame(history, 2 * singles[0] - 1)


@pytest.mark.parametrize("name, history", runs())
def test_describe_m_step_gives_the_moves_and_the_gain(name, history):
    for t in range(1, history.n_iter + 1):
        text = describe_frame(history, 2 * t)
        assert text.startswith(f"M-step {t}:"), text
        before, after = history.mixtures[t - 1], history.mixtures[t]
        moves = re.findall(rf"µ(\d) ({NUMBER}) → ({NUMBER})", text)
        assert [int(k) for k, _, _ in moves] == [1, 2]
        for k, old, new in moves:
            assert_shows(old, before.means[int(k) - 1, 0])
            assert_shows(new, after.means[int(k) - 1, 0])
        (gain, total), = re.findall(rf"rose by ({NUMBER}) to ({NUMBER})\.", text)
        assert_shows(gain, history.log_likelihoods[t] - history.log_likelihoods[t - 1])
        assert_shows(total, history.log_likelihoods[t])


def test_describe_first_m_step_of_nine_points_reads_as_expected():
    text = describe_frame(nine_points()[1], 2)
    assert "(µ1 3.00 → 3.17, µ2 5.00 → 6.03)" in text
    assert text.endswith("the log-likelihood rose by 0.941 to -21.4.")


@pytest.mark.parametrize("name, history", runs())
def test_no_sentence_uses_e_notation(name, history):
    # The 2,000-point run ends with gains around 10⁻⁸: they read "2.84 × 10⁻⁸", not "2.84e-08".
    sentences = [describe_frame(history, index) for index in all_frames(history)]
    sentences += [monotonicity_note(history), convergence_status(history)]
    assert any(POWER in sentence for sentence in sentences)
    for sentence in sentences:
        assert not re.search(r"\de[+-]?\d", sentence), sentence


def test_describe_frame_clips_like_frame_at():
    history = nine_points()[1]
    assert describe_frame(history, 999) == describe_frame(history, n_frames(history) - 1)
    assert describe_frame(history, -3) == describe_frame(history, 0)


# --- convergence -------------------------------------------------------------------------------


@pytest.mark.parametrize("name, history", runs())
def test_convergence_status_of_converged_runs(name, history):
    assert history.converged
    text = convergence_status(history)
    assert text.startswith(f"Converged after {history.n_iter} iterations")
    assert "less than 1 × 10⁻⁶ per point" in text and history.tol == 1e-6
    # What the sentence claims: the last rise, per point, is below the tolerance.
    assert np.diff(history.log_likelihoods)[-1] / history.n_points < history.tol


@pytest.mark.parametrize("max_iter, words", [(3, "3 iterations"), (1, "1 iteration;")])
def test_convergence_status_of_a_run_stopped_by_the_limit(max_iter, words):
    history = two_thousand(max_iter)[1]
    assert not history.converged
    text = convergence_status(history)
    assert text.startswith("Not converged")
    assert words in text
    assert "maximum number of iterations" in text


def identical_start(max_iter: int = 200):
    """Both Gaussians start the same on 2,000 points: EM stays on the symmetric saddle point."""
    from emviz.data import Guess
    from emviz.em import run_em

    guess = Guess(means=(30.0, 30.0), sigmas=(10.0, 10.0), weights=(0.5, 0.5))
    return run_em(two_thousand()[0].x, guess.to_mixture(), max_iter=max_iter)


@pytest.mark.parametrize("max_iter", [200, 1])
def test_convergence_status_names_a_saddle_point_not_convergence(max_iter):
    history = identical_start(max_iter)
    text = convergence_status(history)
    assert text.startswith("Stuck on a saddle point, not a maximum")
    assert "Converged" not in text and "Gaussians 1 and 2 are identical" in text
    assert "zero by symmetry" in text
    mean = history.mixtures[-1].means[0, 0]
    assert f"µ = {significant(mean)}" in text


def test_identical_components_finds_the_pair_and_only_it():
    from emviz.mixture import Mixture
    from emviz.timeline import identical_components

    assert identical_components(Mixture.univariate([0.5, 0.5], [30.0, 30.0], [10.0, 10.0])) == (0, 1)
    assert identical_components(Mixture.univariate([0.2, 0.4, 0.4], [10.0, 30.0, 30.0], [2.0, 5.0, 5.0])) == (1, 2)
    assert identical_components(Mixture.univariate([0.5, 0.5], [30.0, 30.001], [10.0, 10.0])) is None
    assert identical_components(Mixture.univariate([0.5, 0.5], [30.0, 30.0], [10.0, 10.1])) is None
    assert identical_components(Mixture.univariate([0.4, 0.6], [30.0, 30.0], [10.0, 10.0])) is None
    assert identical_components(Mixture.univariate([1.0], [30.0], [10.0])) is None
    assert identical_components(two_thousand()[1].mixtures[-1]) is None


# --- rounding ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (0, "0"),
    (0.0, "0"),
    (1, "1.00"),
    (0.5, "0.500"),
    (-12.345, "-12.3"),
    (12.35001, "12.4"),
    (-0.00098765, "-0.000988"),
    (0.000123456, "0.000123"),
    (0.0001, "0.000100"),
    (0.000099996, "0.000100"),
    (0.0000123456, "1.23 × 10⁻⁵"),
    (-2.84e-8, "-2.84 × 10⁻⁸"),
    (3e-15, "3.00 × 10⁻¹⁵"),
    (99.96, "100"),
    (-99.96, "-100"),
    (12345, "12,300"),
    (123456.0, "123,000"),
    (999999.5, "1,000,000"),
    (1234567, "1,230,000"),
    (-1234567, "-1,230,000"),
    (-3.55e6, "-3,550,000"),
    (123456789, "123,000,000"),
    (999999999.9, "1.00 × 10⁹"),
    (6.02e23, "6.02 × 10²³"),
    (float("nan"), "nan"),
    (float("inf"), "inf"),
    (float("-inf"), "-inf"),
    (np.float64(3.14159), "3.14"),
])
def test_significant_table(value, expected):
    assert significant(value) == expected


@pytest.mark.parametrize("value, digits, expected", [
    (3.14159, 1, "3"), (3.14159, 5, "3.1416"), (99.96, 2, "100"), (3e-15, 1, "3 × 10⁻¹⁵"), (1e-6, 1, "1 × 10⁻⁶"),
])
def test_significant_other_digit_counts(value, digits, expected):
    assert significant(value, digits) == expected


def test_significant_never_shows_negative_zero():
    # A learner should read "0", not "-0" (the data generator removes -0.0 for the same reason).
    assert significant(-0.0) == "0"


@pytest.mark.parametrize("value", [1e-300, 1e-9, 3.2e-5, 9.9996e-5, 0.0042, 0.77, 5.5555, 64.8, 812.3, 4321.0,
                                   98765.4, 2.5e7, 3.55e6, 8.7654e8, 1e12, 1.5e300])
@pytest.mark.parametrize("sign", [1, -1])
def test_significant_keeps_three_digits_and_the_value(value, sign):
    text = significant(sign * value)
    assert "e" not in text and "E" not in text, text  # plain notation, never 1.23e-05
    assert shows_three_significant_digits(text), text
    assert as_float(text) == pytest.approx(sign * value, rel=5e-3)
    assert math.copysign(1, as_float(text)) == sign


# --- parameter table ---------------------------------------------------------------------------


@pytest.mark.parametrize("name, history", runs())
def test_parameter_rows_equal_the_history(name, history):
    for index in all_frames(history):
        rows = parameter_rows(history, index)
        t = frame_at(history, index).curves
        now = history.mixtures[t]
        before = history.mixtures[t - 1] if t >= 1 else now
        assert [row["Gaussian"] for row in rows] == [1, 2]
        for k, row in enumerate(rows):
            assert set(row) == {"Gaussian", "µ", "Δµ", "σ", "Δσ", "weight", "Δweight"}
            assert row["µ"] == pytest.approx(now.means[k, 0], rel=1e-12)
            assert row["σ"] == pytest.approx(np.sqrt(now.covariances[k, 0, 0]), rel=1e-12)
            assert row["weight"] == pytest.approx(now.weights[k], rel=1e-12)
            assert row["Δµ"] == pytest.approx(now.means[k, 0] - before.means[k, 0], abs=1e-12)
            change = np.sqrt(now.covariances[k, 0, 0]) - np.sqrt(before.covariances[k, 0, 0])
            assert row["Δσ"] == pytest.approx(change, abs=1e-12)
            assert row["Δweight"] == pytest.approx(now.weights[k] - before.weights[k], abs=1e-12)


def test_parameter_rows_at_the_guess_have_no_change():
    history = two_thousand()[1]
    rows = parameter_rows(history, 0)
    assert [row["µ"] for row in rows] == [10.0, 50.0]
    assert [row["σ"] for row in rows] == [pytest.approx(5.0)] * 2
    assert [row["weight"] for row in rows] == [0.5, 0.5]
    assert all(row[key] == 0 for row in rows for key in ("Δµ", "Δσ", "Δweight"))


def test_parameter_rows_after_the_first_m_step_show_the_move():
    history = two_thousand()[1]
    rows = parameter_rows(history, 2)
    # The classic guess sits 10 below and above the true means: the first M-step pulls µ1 up and µ2 down.
    assert rows[0]["Δµ"] > 5 and rows[1]["Δµ"] < -5
    assert sum(row["Δweight"] for row in rows) == pytest.approx(0, abs=1e-12)


def test_monotonicity_note_quotes_the_smallest_gain():
    _, history = two_thousand()
    smallest = np.diff(history.log_likelihoods).min()
    note = monotonicity_note(history)
    assert note.startswith("EM never lowers the log-likelihood")
    assert significant(smallest) in note
    assert "rounding" not in note


def test_monotonicity_note_calls_a_negative_gain_rounding_error():
    _, history = two_thousand()
    values = history.log_likelihoods.copy()
    values[-1] = values[-2] - 1e-11
    noisy = dataclasses.replace(history, log_likelihoods=values)
    note = monotonicity_note(noisy)
    assert "rounding error" in note and significant(-1e-11) in note


def test_collapse_warning_names_the_shrunken_sigma_only_when_it_collapsed():
    from emviz.data import PRESETS, generate_gaussians
    from emviz.em import run_em

    preset = PRESETS["Collapse onto a point"]
    x = generate_gaussians(preset.data).x
    collapsed = run_em(x, preset.guess.to_mixture(), reg_covar=1e-10)
    warning = collapse_warning(collapsed)
    smallest = min(float(np.sqrt(m.covariances.min())) for m in collapsed.mixtures)
    assert warning is not None and significant(smallest) in warning and "reg_covar" in warning
    assert collapse_warning(run_em(x, preset.guess.to_mixture(), reg_covar=1e-2)) is None
    _, healthy = two_thousand()
    assert collapse_warning(healthy) is None


def test_majority_labels_equal_argmax_including_ties():
    from emviz.timeline import majority_labels

    rng = np.random.default_rng(3)
    gamma = rng.dirichlet(np.ones(4), size=500)
    gamma[:50] = 0.25  # four-way ties: the first component wins, as with argmax
    gamma[50:60] = [0.4, 0.4, 0.1, 0.1]
    np.testing.assert_array_equal(majority_labels(gamma), np.argmax(gamma, axis=1))


def test_log_likelihood_text_tells_fits_apart_that_share_three_digits():
    assert log_likelihood_text(-34032.14) == "-34,032.1"
    assert log_likelihood_text(-34046.0) == "-34,046.0"
    assert significant(-34032.14) == significant(-34046.0)  # why ℓ totals get their own format


@pytest.mark.parametrize("value, text", [(1e-2, "0.01"), (1e-4, "0.0001"), (1e-6, "1 × 10⁻⁶"), (1e-10, "1 × 10⁻¹⁰"),
                                         (0.0, "0"), (1.0, "1")])
def test_settings_read_without_e_notation(value, text):
    assert setting_text(value) == text


@pytest.mark.parametrize("value, digits, expected", [
    (0.0, 3, ("0", None)), (12345.0, 3, ("12,300", None)), (-0.000123456, 3, ("-0.000123", None)),
    (2.8391e-8, 3, ("2.84", -8)), (1.23e9, 3, ("1.23", 9)), (float("inf"), 3, ("inf", None)), (987.6, 2, ("990", None)),
])
def test_significant_parts_splits_off_the_power_of_ten_only_when_plain_notation_fails(value, digits, expected):
    assert significant_parts(value, digits) == expected


@pytest.mark.parametrize("values, expected", [(20.2345, "20.2"), ([20.2345], "20.2"), ([2.0412, 54.51], "(2.04, 54.5)"),
                                              (np.array([1.0, -2.0, 3e-9]), "(1.00, -2.00, 3.00 × 10⁻⁹)")])
def test_format_point_writes_a_number_in_1d_and_a_tuple_beyond(values, expected):
    assert format_point(values) == expected


def bivariate_run():
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.multivariate_normal([0, 0], [[1, 0.5], [0.5, 1]], 150),
                        rng.multivariate_normal([5, 3], [[2, -0.4], [-0.4, 0.5]], 100)])
    start = Mixture(weights=[0.5, 0.5], means=[[1.0, 1.0], [4.0, 2.0]], covariances=[np.eye(2)] * 2)
    return run_em(x, start, max_iter=5)


def test_covariance_rows_equal_the_history():
    history = bivariate_run()
    for index in all_frames(history):
        t = frame_at(history, index).curves
        now = history.mixtures[t]
        before = history.mixtures[t - 1] if t >= 1 else now
        rows = covariance_rows(history, index)
        assert [row["Gaussian"] for row in rows] == [1, 2]
        for k, row in enumerate(rows):
            sigmas = np.sqrt(np.diag(now.covariances[k]))
            np.testing.assert_allclose(row["µ"], now.means[k])
            np.testing.assert_allclose(row["Δµ"], now.means[k] - before.means[k])
            np.testing.assert_allclose(row["Σ"], now.covariances[k])
            np.testing.assert_allclose(row["σ"], sigmas)
            assert row["ρ"] == pytest.approx(now.covariances[k, 0, 1] / (sigmas[0] * sigmas[1]))
            assert row["weight"] == pytest.approx(now.weights[k])
            assert row["Δweight"] == pytest.approx(now.weights[k] - before.weights[k], abs=1e-15)
