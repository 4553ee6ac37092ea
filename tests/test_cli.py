"""The ``emviz`` console script starts the packaged app, and the README stays true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from emviz import cli
from tests.servers import free_port, wait_until_healthy

REPO = Path(__file__).resolve().parents[1]


def test_help_explains_the_options(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    for option in ("--port", "--address", "--headless"):
        assert option in text
    assert "EM algorithm" in text


def test_the_command_runs_the_packaged_entry_with_the_safe_settings():
    command = cli.streamlit_command(cli.build_parser().parse_args(["--port", "9999", "--headless"]))
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert Path(command[4]).is_file() and Path(command[4]).is_relative_to(Path(cli.__file__).parent)
    pairs = dict(zip(command[5::2], command[6::2]))
    assert pairs["--server.port"] == "9999"
    assert pairs["--server.headless"] == "true"
    assert pairs["--client.showErrorDetails"] == "none"
    assert pairs["--browser.gatherUsageStats"] == "false"


def test_emviz_serves_the_app(tmp_path):
    """Started outside a checkout (no app.py, no .streamlit/ in the working folder)."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "emviz.cli", "--headless", "--port", str(port),
                               "--address", "127.0.0.1"], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", server)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_readme_opens_with_the_two_commands():
    readme = (REPO / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.+?)\n```", readme)
    assert blocks[0] == "pip install . && emviz"
    assert blocks[1] == 'pip install -e ".[test]" && python -m pytest'
    extracted = subprocess.run(["bash", "-c", "awk '/<!-- test-command/ {found = 1; next} found && /^```/ "
                                "&& !inside {inside = 1; next} inside {print; exit}' README.md"],
                               cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    assert extracted == blocks[1]
    assert "test_command=$(awk '/<!-- test-command/" in (REPO / ".ci" / "run").read_text()
