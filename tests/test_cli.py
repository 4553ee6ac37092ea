"""The ``emviz`` console script starts the packaged app, and the README stays true.

The server tests run the installed ``emviz`` script as the README does (no ``--headless``),
with no terminal (stdin closed, a session of its own), no display and an empty home folder:
what a fresh machine, a script or a service gives it. Each server listens on 127.0.0.1 on a
free port and is stopped by its PID.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NewSession_pb2 import CustomThemeConfig, NewSession
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from emviz import cli
from tests.servers import free_port, wait_until_healthy

REPO = Path(__file__).resolve().parents[1]
FOREIGN_ORIGIN = "http://attacker.example"
HOSTILE_CONFIG = f"""
[global]
developmentMode = true

[client]
showErrorDetails = "full"

[server]
enableCORS = false
enableXsrfProtection = false
corsAllowedOrigins = ["{FOREIGN_ORIGIN}"]
maxUploadSize = 2000

[theme]
base = "dark"
primaryColor = "#FF0000"
"""
"""A config.toml that would switch off emviz's protections and give it a dark page.

(``developmentMode`` would also switch off CORS protection, and stop a server given a port.)
"""
STOP_SECONDS = 30


@dataclass
class RunningEmviz:
    """An ``emviz`` process serving on 127.0.0.1 and the file that collects its output."""

    process: subprocess.Popen
    port: int
    output: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def printed(self) -> str:
        return self.output.read_text(errors="replace")


def emviz_script() -> str:
    """The installed ``emviz`` console script, the command the README runs."""
    script = shutil.which("emviz", path=sysconfig.get_path("scripts"))
    assert script, "the emviz console script is missing: install the package (pip install -e .)"
    return script


@contextlib.contextmanager
def running_emviz(tmp_path: Path, cwd: Path | None = None,
                  variables: dict[str, str] | None = None) -> Iterator[RunningEmviz]:
    """Start ``emviz`` with no terminal, no display and an empty home; kill its group after.

    Parameters
    ----------
    tmp_path : Path
        Holds the empty home folder and the output.
    cwd : Path or None, default=None
        The working folder (``tmp_path`` if None).
    variables : dict or None, default=None
        Environment variables to set on top.
    """
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("STREAMLIT_") and name not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environment.update(HOME=str(home), PYTHONPATH=os.pathsep.join([str(REPO), environment.get("PYTHONPATH", "")]),
                       **(variables or {}))
    port = free_port()
    output = tmp_path / "emviz-output.txt"
    with output.open("wb") as sink:
        process = subprocess.Popen([emviz_script(), "--port", str(port), "--address", "127.0.0.1"],
                                   cwd=cwd or tmp_path, env=environment, stdin=subprocess.DEVNULL,
                                   stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield RunningEmviz(process, port, output)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)


def port_answers(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


def first_new_session(running: RunningEmviz, seconds: float = 60) -> NewSession:
    """Open the page's websocket as the browser does and return the session's first message.

    ``NewSession`` carries the settings the page is drawn with (the theme among them).
    """
    rerun = BackMsg()
    rerun.rerun_script.query_string = ""
    deadline = time.monotonic() + seconds
    with connect(f"ws://127.0.0.1:{running.port}/_stcore/stream", origin=running.url,
                 subprotocols=["streamlit"], open_timeout=10) as stream:
        stream.send(rerun.SerializeToString())
        while time.monotonic() < deadline:
            message = ForwardMsg()
            message.ParseFromString(stream.recv(timeout=deadline - time.monotonic()))
            if message.HasField("new_session"):
                return message.new_session
    raise AssertionError(f"no NewSession message within {seconds:.0f} s")


def test_help_explains_the_options(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    for option in ("--port", "--address", "--headless"):
        assert option in text
    assert "EM algorithm" in text


def test_the_checkout_config_holds_the_settings_of_the_command():
    """``streamlit run app.py`` in a checkout and ``emviz`` draw the same, equally safe app."""
    checkout_config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert checkout_config == cli.SETTINGS


def test_every_setting_is_passed_as_a_flag_option_that_outranks_config_files():
    options = cli.flag_options(cli.build_parser().parse_args(["--port", "9999", "--address", "0.0.0.0"]))
    assert options["server_port"] == 9999 and options["server_address"] == "0.0.0.0"
    assert options["server_enableXsrfProtection"] is True and options["server_enableCORS"] is True
    assert options["server_corsAllowedOrigins"] == [] and options["global_developmentMode"] is False
    assert options["server_headless"] is True
    assert len(options) == 2 + sum(len(values) for values in cli.SETTINGS.values())


@pytest.mark.parametrize(("platform", "variables", "expected"), [
    ("linux", {}, False),
    ("linux", {"DISPLAY": ":0"}, True),
    ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, True),
    ("darwin", {}, True),
    ("win32", {}, True),
])
def test_a_browser_opens_only_where_there_is_a_display(monkeypatch, platform, variables, expected):
    monkeypatch.setattr(sys, "platform", platform)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert cli.display_available() is expected


@pytest.mark.parametrize(("argv", "display", "opens"), [
    ([], True, True),
    (["--headless"], True, False),
    ([], False, False),
])
def test_main_opens_a_browser_only_on_a_display_and_without_headless(monkeypatch, argv, display, opens):
    steps = []
    monkeypatch.setattr(cli.bootstrap, "load_config_options", lambda flag_options: steps.append("config"))
    monkeypatch.setattr(cli.bootstrap, "run", lambda *arguments: steps.append("serve"))
    monkeypatch.setattr(cli, "display_available", lambda: display)
    monkeypatch.setattr(cli, "open_browser_when_listening", lambda address, port: steps.append("browser"))
    assert cli.main(argv) == 0
    assert steps == (["config", "browser", "serve"] if opens else ["config", "serve"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fakes xdg-open, the opener on Linux")
def test_on_a_display_emviz_opens_the_app_once_it_listens(tmp_path):
    """A fake ``xdg-open`` first on PATH records the address Streamlit's opener hands it."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    opened = tmp_path / "opened.txt"
    (fake_bin / "xdg-open").write_text(f'#!/bin/sh\necho "$@" >> "{opened}"\n')
    (fake_bin / "xdg-open").chmod(0o755)
    display = {"DISPLAY": ":99", "PATH": os.pathsep.join([str(fake_bin), os.environ["PATH"]])}
    with running_emviz(tmp_path, variables=display) as emviz:
        wait_until_healthy(emviz.url, emviz.process)
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert opened.exists(), "no browser was opened"
        assert opened.read_text().split() == [emviz.url]


def test_emviz_serves_at_once_with_no_terminal_and_an_empty_home(tmp_path):
    """No first-run e-mail prompt, no usage-statistics notice; started outside a checkout."""
    with running_emviz(tmp_path) as emviz:
        wait_until_healthy(emviz.url, emviz.process)
        assert emviz.process.poll() is None
    printed = emviz.printed()
    assert "Email" not in printed and "Welcome to Streamlit" not in printed
    assert "usage statistics" not in printed.lower() and "gatherUsageStats" not in printed
    assert f"URL: {emviz.url}" in printed


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_to_emviz_stops_the_server(tmp_path, signal_number):
    with running_emviz(tmp_path) as emviz:
        wait_until_healthy(emviz.url, emviz.process)
        os.kill(emviz.process.pid, signal_number)
        assert emviz.process.wait(timeout=STOP_SECONDS) == 0
        assert not port_answers(emviz.port)
        with pytest.raises(ProcessLookupError):  # nothing of emviz's process group is left
            os.killpg(emviz.process.pid, 0)


def test_a_hostile_config_in_the_working_folder_or_home_changes_nothing(tmp_path):
    work = tmp_path / "teacher"
    for folder in (work, tmp_path / "home"):
        (folder / ".streamlit").mkdir(parents=True)
        (folder / ".streamlit" / "config.toml").write_text(HOSTILE_CONFIG, encoding="utf-8")
    with running_emviz(tmp_path, cwd=work) as emviz:
        wait_until_healthy(emviz.url, emviz.process)
        request = urllib.request.Request(f"{emviz.url}/_stcore/health", headers={"Origin": FOREIGN_ORIGIN})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers.get("Access-Control-Allow-Origin") is None  # CORS protection on
            assert "_streamlit_xsrf=" in (response.headers.get("Set-Cookie") or "")  # XSRF protection on
        with pytest.raises(InvalidStatus) as refused:
            with connect(f"ws://127.0.0.1:{emviz.port}/_stcore/stream", origin=FOREIGN_ORIGIN,
                         subprotocols=["streamlit"], open_timeout=10):
                pass
        assert refused.value.response.status_code == 403
        theme = first_new_session(emviz).custom_theme
        assert theme.base == CustomThemeConfig.BaseTheme.LIGHT
        assert theme.primary_color == cli.SETTINGS["theme"]["primaryColor"]


def test_pip_install_builds_with_a_setuptools_that_reads_the_license():
    """``license = "MIT"`` (an SPDX expression) is an error for setuptools before 77."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str)
    (requirement,) = [Requirement(text) for text in project["build-system"]["requires"]
                      if Requirement(text).name == "setuptools"]
    assert not requirement.specifier.contains("76.9") and requirement.specifier.contains("77.0")


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


def test_main_caps_the_malloc_arenas_before_the_server_starts(monkeypatch):
    steps = []
    monkeypatch.setattr(cli.bootstrap, "load_config_options", lambda flag_options: steps.append("config"))
    monkeypatch.setattr(cli.bootstrap, "run", lambda *arguments: steps.append("serve"))
    monkeypatch.setattr(cli, "limit_malloc_arenas", lambda: steps.append("arenas"))
    assert cli.main(["--headless"]) == 0
    assert steps == ["config", "arenas", "serve"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt is glibc's")
def test_the_arena_limit_is_accepted_by_glibc():
    assert cli.limit_malloc_arenas(cli.MALLOC_ARENAS) is True
