"""The figures of the pages "k-means" (σ → 0) and "Speed": what each trace carries."""

from __future__ import annotations

from functools import cache

import numpy as np

from emviz.em import run_em
from emviz.engine.convergence import aitken_limits, fit_rate, squarem
from emviz.engine.kmeans_limit import HARD, anneal, run_shared_sigma
from emviz.engine.overlap import standard_start, two_gaussians
from emviz.figures_kmeans import bifurcation_chart, cost_chart, scatter_chart
from emviz.figures_speed import aitken_chart, gap_chart, rate_chart
from tests.test_kmeans_limit import BISHOP_START, faithful


@cache
def kmeans():
    return run_shared_sigma(faithful(), BISHOP_START, HARD)


def names(fig) -> list[str]:
    return [trace.name for trace in fig.data]


def test_kmeans_frames_draw_the_nearest_mean_regions_of_the_means_on_screen():
    run = kmeans()
    fig = scatter_chart(run, 2)  # M-step 1: the new means, the old ones as ghosts
    (regions,) = [trace for trace in fig.data if trace.type == "heatmap"]
    assert set(np.unique(regions.z)) == {0, 1}
    means = [trace for trace in fig.data if str(trace.name).startswith("mean ")]
    assert [(trace.x[0], trace.y[0]) for trace in means] == [tuple(m) for m in run.means[1]]
    assert "before the M-step" in names(fig)
    points = next(trace for trace in fig.data if trace.name == "data")
    assert points.type == "scatter"  # SVG, drawn under the means (WebGL would cover them)


def test_a_soft_frame_draws_a_circle_of_radius_sigma_round_each_mean_and_no_regions():
    run = run_shared_sigma(faithful(), BISHOP_START, 0.5)
    fig = scatter_chart(run, 1)
    assert not [trace for trace in fig.data if trace.type == "heatmap"]
    circles = [trace for trace in fig.data if trace.mode == "lines" and trace.name is None]
    radius = np.hypot(np.array(circles[0].x) - run.means[0, 0, 0], np.array(circles[0].y) - run.means[0, 0, 1])
    np.testing.assert_allclose(radius, 0.5)


def test_the_cost_chart_plots_j_after_every_half_step_and_circles_the_frame():
    run = kmeans()
    fig = cost_chart(run, 3)
    line, frame = fig.data
    np.testing.assert_allclose(line.y, run.costs[1:])
    assert frame.x[0] == 1.5 and frame.y[0] == run.costs[3]
    assert "log-likelihood" in cost_chart(run_shared_sigma(faithful(), BISHOP_START, 1.0), 0).layout.title.text.lower()


def test_the_bifurcation_chart_has_one_line_per_mean_and_marks_sigma():
    bifurcation = anneal(faithful(), 3, np.geomspace(2, 0.1, 6))
    fig = bifurcation_chart(bifurcation, np.array([1.0, 1.0]), 0.5)
    assert names(fig) == ["mean 1", "mean 2", "mean 3"]
    assert fig.layout.shapes[0].x0 == 0.5 and "σ = 0.5" in fig.layout.title.text


def test_the_gap_chart_draws_plain_em_its_fitted_slope_and_squarem_at_the_em_steps_each_used():
    x = two_gaussians(3.0, 0.3)
    history = run_em(x, standard_start(x), tol=1e-13, max_iter=1000)
    fast = squarem(x, standard_start(x), tol=1e-10)
    limit = fast.log_likelihoods[-1]
    fit = fit_rate(history.log_likelihoods, limit)
    fig = gap_chart(history.log_likelihoods, limit, fit, fast, 5)
    plain, line, accelerated, frame = fig.data
    assert plain.name == f"plain EM ({history.n_iter} steps)"
    assert accelerated.name == f"SQUAREM ({fast.n_em_evaluations} steps)"
    np.testing.assert_array_equal(accelerated.x, fast.em_evaluations)
    assert np.all(np.asarray(plain.y) > 0)  # gaps at or under rounding noise drawn at the axis' floor
    assert fig.layout.yaxis.type == "log" and frame.x[0] == 5
    stops = {"scikit-learn": 4, "mixtools": None}
    aitken = aitken_chart(history.log_likelihoods, limit, aitken_limits(history.log_likelihoods), stops)
    assert [shape.x0 for shape in aitken.layout.shapes] == [4]


def test_the_rate_chart_circles_the_setting_on_both_panels():
    fig = rate_chart([2.5, 3.0, 4.0], [0.98, 0.95, 0.76], 3.0, [0.1, 0.5], [0.9, 0.95], 0.5)
    circled = [trace for trace in fig.data if trace.hoverinfo == "skip"]
    assert [(trace.x[0], trace.y[0]) for trace in circled] == [(3.0, 0.95), (0.5, 0.95)]
