"""pyproject.toml declares every distribution the package imports (none arrives only through another's)."""

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def imported_top_level_modules() -> set[str]:
    """The top-level module of every import in emviz/, the standard library and emviz itself left out."""
    names = set()
    for source in (REPO / "emviz").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"emviz", "__future__"}


def declared_distributions() -> set[str]:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower() for requirement in project["dependencies"]}


def test_every_imported_distribution_is_declared():
    providers = importlib.metadata.packages_distributions()
    imported = {providers[module][0].lower() for module in imported_top_level_modules()}
    assert imported - declared_distributions() == set()
    assert "pandas" in imported
