"""The built wheel works on its own: installed in a clean venv outside the checkout, `emviz --help`,
the README's library snippets and Old Faithful run from it.

The wheel is built from a copy of the package's files (pyproject.toml, README.md, LICENSE, emviz/)
in a temporary folder, so no stale ``build/`` of the checkout leaks into it, and installed with its
dependencies from the package index into a plain venv (no system site-packages): a file the wheel
lacks or a dependency pyproject.toml does not declare fails here. It needs the package index and
takes about half a minute; ``-m "not wheel"`` leaves it out.
"""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "emviz")
INSTALL_TIMEOUT = 600
"""Seconds the build or the install may take (the dependencies come from the package index)."""

pytestmark = pytest.mark.wheel


def run(command: list, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``command`` in ``cwd`` with no PYTHONPATH (nothing of the checkout on sys.path); fail on error."""
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def readme_library_snippets() -> str:
    """The ```python blocks of the README's section "The engine as a library", in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The engine as a library", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```python\n(.*?)^```", section, flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) >= 2, "the README's library section lost its python examples"
    return "\n".join(blocks)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    """Build the wheel from a copy of the sources and install it in a plain venv; the paths involved."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    dist = root / "dist"
    run([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-w", dist, "-q"], root, INSTALL_TIMEOUT)
    (wheel,) = dist.glob("emviz-*.whl")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", venv], root)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    run([bin_dir / "python", "-m", "pip", "install", "-q", wheel], root, INSTALL_TIMEOUT)
    work = root / "work"  # the current folder of the snippets: no emviz/ beside them
    work.mkdir()
    return {"wheel": wheel, "bin": bin_dir, "python": bin_dir / "python", "work": work}


def test_the_wheel_holds_every_module_the_data_and_the_licence(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    modules = {path.relative_to(REPO).as_posix() for path in (REPO / "emviz").rglob("*.py")}
    assert modules - names == set()
    assert {"emviz/assets/old_faithful.csv", "emviz/assets/README.md"} <= names
    assert "emviz-0.1.0.dist-info/licenses/LICENSE" in names
    assert not any(name.startswith(("assets/", "tests/", "deploy/")) for name in names)


def test_emviz_help_runs_from_the_wheel(installed):
    done = run([installed["bin"] / "emviz", "--help"], installed["work"])
    assert "usage: emviz" in done.stdout and "--address" in done.stdout


def test_the_readme_library_snippets_run_from_the_wheel(installed):
    work = installed["work"]
    (work / "my.csv").write_text("x\n" + "\n".join(str(value / 10) for value in range(50)) + "\n", encoding="utf-8")
    script = work / "readme_snippets.py"
    script.write_text(readme_library_snippets() + "\nprint('snippets ran', choice.best_k)\n", encoding="utf-8")
    done = run([installed["python"], script], work, timeout=300)
    assert "snippets ran" in done.stdout


def test_old_faithful_loads_from_the_installed_wheel(installed):
    check = (
        "import emviz, emviz.data\n"
        "print(emviz.__file__)\n"
        "print(emviz.data.old_faithful().shape)\n"
    )
    done = run([installed["python"], "-c", check], installed["work"])
    location, shape = done.stdout.splitlines()
    assert Path(location).resolve().is_relative_to((installed["python"].parent.parent).resolve())
    assert "site-packages" in location
    assert shape == "(272, 2)"
