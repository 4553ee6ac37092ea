"""Old Faithful ships with the package (emviz.assets) and loads as a read-only (272, 2) array."""

import csv
import importlib.resources
from pathlib import Path

import numpy as np
import pytest

from emviz.data import OLD_FAITHFUL_COLUMNS, old_faithful

REPO = Path(__file__).resolve().parent.parent
CSV_FILE = REPO / "emviz" / "assets" / "old_faithful.csv"


def rows_of_the_csv() -> list[list[str]]:
    with open(CSV_FILE, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_shape_and_columns():
    data = old_faithful()
    assert data.shape == (272, 2)
    assert data.dtype == float
    assert OLD_FAITHFUL_COLUMNS == ("eruptions", "waiting")
    assert tuple(rows_of_the_csv()[0]) == OLD_FAITHFUL_COLUMNS


def test_first_rows_equal_the_csv():
    data = old_faithful()
    np.testing.assert_array_equal(data[:3], [[3.6, 79.0], [1.8, 54.0], [3.333, 74.0]])
    rows = rows_of_the_csv()[1:]
    np.testing.assert_array_equal(data, np.array(rows, dtype=float))


def test_known_summaries():
    data = old_faithful()
    np.testing.assert_allclose(data.mean(axis=0), [3.4877831, 70.8970588], rtol=1e-7)
    assert data[:, 0].min() == 1.6 and data[:, 0].max() == 5.1
    assert data[:, 1].min() == 43 and data[:, 1].max() == 96


def test_read_only():
    data = old_faithful()
    with pytest.raises(ValueError):
        data[0, 0] = 0.0
    assert old_faithful()[0, 0] == 3.6


def test_the_package_ships_the_csv_and_its_provenance():
    folder = importlib.resources.files("emviz.assets")
    assert folder.joinpath("old_faithful.csv").read_bytes() == CSV_FILE.read_bytes()
    readme = folder.joinpath("README.md").read_text(encoding="utf-8")
    for fact in ("272 eruptions", "datasets::faithful", "Härdle", "Azzalini", "Bowman", "Bishop", "Figure 9.8"):
        assert fact in readme


def test_pyproject_ships_every_package_and_the_assets():
    """Package discovery finds every subpackage, emviz.assets included, with no folder mapped from outside emviz/."""
    tomllib = pytest.importorskip("tomllib")
    setuptools = pytest.importorskip("setuptools")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {
        ".".join(folder.relative_to(REPO).parts)
        for folder in (REPO / "emviz").rglob("*")
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py"))
    } | {"emviz"}
    assert "emviz.assets" in on_disk
    assert "package-dir" not in config
    assert set(setuptools.find_packages(str(REPO), include=config["packages"]["find"]["include"])) == on_disk
    assert {"*.csv", "README.md"} <= set(config["package-data"]["emviz.assets"])
