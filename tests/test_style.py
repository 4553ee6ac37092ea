"""The code passes ruff's lint (the rules are in pyproject.toml's [tool.ruff])."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def ruff_command() -> list[str]:
    """ruff as installed with the test extras (its own executable, else the module)."""
    if executable := shutil.which("ruff"):
        return [executable]
    try:
        import ruff  # noqa: F401 - only to know whether it is installed
    except ImportError:
        message = "ruff is in the test extras: pip install -e '.[test]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [sys.executable, "-m", "ruff"]


def test_ruff_check_is_clean():
    done = subprocess.run([*ruff_command(), "check", "--no-cache", "--output-format", "concise", "."], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
