"""The examples in the docstrings hold: doctest runs every emviz module that has some.

Page scripts (emviz/ui/pages/, emviz/ui/streamlit_app.py) are left out: importing one runs the page.
"""

import doctest
import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PAGE_SCRIPTS = ("emviz/ui/pages/", "emviz/ui/streamlit_app.py")


def modules_with_examples() -> list[str]:
    names = []
    for source in sorted((REPO / "emviz").rglob("*.py")):
        relative = source.relative_to(REPO).as_posix()
        if relative.startswith(PAGE_SCRIPTS) or ">>> " not in source.read_text(encoding="utf-8"):
            continue
        names.append(relative.removesuffix(".py").removesuffix("/__init__").replace("/", "."))
    return names


def test_the_modules_with_examples_are_found():
    assert {"emviz.data", "emviz.mixture", "emviz.ui.literal"} <= set(modules_with_examples())


@pytest.mark.parametrize("name", modules_with_examples())
def test_doc_examples_hold(name):
    results = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert results.attempted > 0 and results.failed == 0
