"""emviz.sources: every kind of data source loads into a Dataset, and the learner's own data are checked."""

import numpy as np
import pytest

from emviz.data import DataError, Dataset, GaussianSpec, GaussianSpec2D, old_faithful
from emviz.em import MAX_MAGNITUDE
from emviz.sources import (
    MIN_POINTS,
    SCALE_WARNING,
    OldFaithfulSource,
    TableSource,
    check_components,
    check_own_data,
    load,
    scale_warning,
    standardised,
)

TABLE = np.array([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0], [8.0, 50.0]])


def test_a_generated_1d_spec_loads_with_its_labels_and_truth():
    data = load(GaussianSpec(means=(0.0, 5.0), sigmas=(1.0, 1.0), counts=(30, 20), seed=3))
    assert isinstance(data, Dataset)
    assert data.x.shape == (50,) and data.labels is not None and np.bincount(data.labels).tolist() == [30, 20]
    assert data.truth is not None and data.truth.n_components == 2 and data.columns == ("x",)


def test_a_generated_2d_spec_loads_as_points_in_the_plane():
    spec = GaussianSpec2D(means=((0.0, 0.0), (5.0, 5.0)), sigma_x=(1.0, 1.0), sigma_y=(1.0, 2.0),
                          correlation=(0.0, 0.5), counts=(40, 60), seed=1)
    data = load(spec)
    assert data.x.shape == (100, 2) and data.truth is not None and data.truth.n_components == 2


@pytest.mark.parametrize("columns, shape, titles", [
    ((0,), (272,), ("eruption length (minutes)",)),
    ((1,), (272,), ("waiting time to the next eruption (minutes)",)),
    ((0, 1), (272, 2), ("eruption length (minutes)", "waiting time to the next eruption (minutes)")),
])
def test_old_faithful_loads_the_chosen_columns_with_their_units(columns, shape, titles):
    data = load(OldFaithfulSource(columns=columns))
    assert data.x.shape == shape and data.columns == titles
    assert data.labels is None and data.truth is None  # real data: no truth to compare with
    np.testing.assert_array_equal(data.x.reshape(272, -1), old_faithful()[:, list(columns)])


def test_standardised_old_faithful_has_mean_0_and_spread_1_per_column():
    data = load(OldFaithfulSource(columns=(0, 1), standardise=True))
    np.testing.assert_allclose(data.x.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(data.x.std(axis=0), 1.0)
    assert all(title.endswith("(standardised)") for title in data.columns)


def test_loaded_points_are_read_only():
    for source in (OldFaithfulSource(columns=(0,)), TableSource.of(TABLE, ("a", "b"))):
        with pytest.raises(ValueError, match="read-only"):
            load(source).x[0] = 99.0


def test_a_table_source_loads_its_values_and_keeps_a_copy():
    values = TABLE.copy()
    source = TableSource.of(values, ("a", "b"))
    values[0, 0] = 99.0  # the learner's array changing later does not change the source
    data = load(source)
    np.testing.assert_array_equal(data.x, TABLE)
    assert data.columns == ("a", "b")


def test_a_one_column_table_loads_as_1d_data():
    data = load(TableSource.of(TABLE[:, :1], ("a",)))
    assert data.x.shape == (4,)


def test_table_sources_are_equal_by_content_and_standardising():
    source = TableSource.of(TABLE, ("a", "b"))
    same = TableSource.of(TABLE.copy(), ("a", "b"))
    assert source == same and hash(source) == hash(same)
    assert source != TableSource.of(TABLE[::-1], ("a", "b"))
    assert source != TableSource.of(TABLE, ("a", "b"), standardise=True)
    assert source != TableSource.of(TABLE.reshape(2, 4), ("a", "b", "c", "d"))  # same bytes, other shape


def test_a_standardised_table_says_so_in_its_titles():
    data = load(TableSource.of(TABLE, ("a", "b"), standardise=True))
    np.testing.assert_allclose(data.x.std(axis=0), 1.0)
    assert data.columns == ("a (standardised)", "b (standardised)")


def test_standardised_only_shifts_a_constant_column():
    x = np.array([[1.0, 5.0], [3.0, 5.0]])
    np.testing.assert_array_equal(standardised(x), [[-1.0, 0.0], [1.0, 0.0]])


def test_an_unknown_source_is_refused_by_name():
    with pytest.raises(TypeError, match="Unknown data source"):
        load("old faithful")


def test_own_data_with_enough_varied_points_are_accepted():
    check_own_data(np.arange(MIN_POINTS, dtype=float))
    check_own_data(np.column_stack([np.arange(MIN_POINTS), np.arange(MIN_POINTS) ** 2]).astype(float))


@pytest.mark.parametrize("x, message", [
    (np.arange(MIN_POINTS - 1, dtype=float), f"at least {MIN_POINTS}"),
    (np.r_[np.arange(MIN_POINTS - 1), 10 * MAX_MAGNITUDE], "Rescale the data"),
    (np.column_stack([np.arange(MIN_POINTS), np.full(MIN_POINTS, 7.0)]), "Column 2 has the same value everywhere"),
])
def test_own_data_that_cannot_be_fitted_are_refused_with_what_to_do(x, message):
    with pytest.raises(DataError, match=message):
        check_own_data(x)


def test_k_gaussians_need_k_distinct_points():
    x = np.repeat([1.0, 2.0, 3.0], 500)  # 1,500 points, 3 distinct: beyond the quick look at the first 1,000 too
    check_components(x, 3)
    with pytest.raises(DataError, match="4 Gaussians need at least 4 different points; these data have 3"):
        check_components(x, 4)


def test_distinct_points_beyond_the_first_thousand_count():
    x = np.r_[np.zeros(1000), 1.0, 2.0]
    check_components(x, 3)


@pytest.mark.parametrize("x, warns", [
    (np.linspace(0.0, 10.0, 50), False),
    (np.linspace(0.0, 10.0, 50) + 10 * SCALE_WARNING, True),  # huge values
    (1.0 + np.linspace(0.0, 1e-7, 50), True),  # a spread tiny beside the values
    (np.column_stack([np.linspace(0, 1, 50), np.linspace(0, 1e-7, 50) + 1.0]), True),  # in one column
])
def test_scale_warning_asks_to_standardise_only_when_rounding_threatens(x, warns):
    warning = scale_warning(x)
    assert (warning is not None) == warns
    if warns:
        assert "Standardise" in warning
