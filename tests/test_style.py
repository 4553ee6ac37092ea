"""The code passes ruff's lint and mypy (their settings are in pyproject.toml's [tool.ruff] and [tool.mypy])."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_tool(module: str, *arguments: str) -> subprocess.CompletedProcess:
    """Run ``python -m module arguments`` in the checkout; skip without the tool locally, fail under CI."""
    if importlib.util.find_spec(module) is None:
        message = f"{module} is in the test extras: pip install -e '.[test]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run([sys.executable, "-m", module, *arguments], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


def test_ruff_check_is_clean():
    done = run_tool("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean():
    done = run_tool("mypy", "--no-incremental")
    assert done.returncode == 0, done.stdout + done.stderr
