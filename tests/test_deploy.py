"""``deploy/``: N emviz processes behind nginx, and the container recipes that do the same.

The live tests run ``deploy/serve_class.py`` as a teacher would (2 processes, nginx on
127.0.0.1 on a free port) and stop it by its PID. Locally a missing nginx skips them; under CI
(``CI`` set) it fails them. The container recipes are checked as far as this machine allows:
they parse, and their commands, kinds and ports are the ones the proxy and the tests use.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from deploy.serve_class import (
    AFFINITY_COOKIE,
    CONTAINER_PORT,
    MAX_UPLOAD_MB,
    NGINX,
    emviz_command,
    free_port,
    site_config,
    standalone_config,
)
from emviz import cli

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
SCRIPT = DEPLOY / "serve_class.py"
START_SECONDS = 120
STOP_SECONDS = 30
COOKIES = [f"student-{number}" for number in range(16)]


def require_nginx() -> None:
    """Skip without nginx locally; fail under CI, where .ci/run installs it."""
    if not Path(NGINX).exists():
        message = f"nginx not found at {NGINX}: apt-get install -y nginx"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class RunningClass:
    """``serve_class.py`` running, and what it printed: the processes, the logs, the URL."""

    process: subprocess.Popen
    backend_pids: list[int]
    backend_urls: list[str]
    nginx_pid: int
    run_dir: Path
    url: str

    def served_by(self) -> dict[str, set[str]]:
        """Affinity cookie → the processes (``host:port``) nginx sent its requests to."""
        served: dict[str, set[str]] = {}
        for line in (self.run_dir / "access.log").read_text().splitlines():
            cookie, upstream = line.split()[:2]
            served.setdefault(cookie, set()).add(upstream)
        return served


def start_class(processes: int) -> RunningClass:
    """Start ``serve_class.py`` in a session of its own and read what it prints until it serves."""
    port = free_port()
    process = subprocess.Popen([sys.executable, str(SCRIPT), "--processes", str(processes), "--port", str(port)],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    lines = []
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and not (lines and lines[-1].startswith("serving")):
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
    printed = "\n".join(lines)
    serving = re.search(r"^serving \d+ processes at (\S+)$", printed, re.MULTILINE)
    assert serving, f"serve_class.py did not start:\n{printed}"
    backends = re.findall(r"^emviz process (\d+) at (\S+)$", printed, re.MULTILINE)
    nginx_pid, run_dir = re.search(r"^nginx (\d+), logs in (\S+)$", printed, re.MULTILINE).groups()
    return RunningClass(process, [int(pid) for pid, _ in backends], [url for _, url in backends], int(nginx_pid),
                        Path(run_dir), serving.group(1))


def stop_class(running: RunningClass) -> int:
    """SIGTERM to the script, as ``kill`` sends; its exit code."""
    os.kill(running.process.pid, signal.SIGTERM)
    try:
        return running.process.wait(timeout=STOP_SECONDS)
    finally:
        if running.process.poll() is None:
            os.killpg(running.process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def served_class() -> Iterator[RunningClass]:
    require_nginx()
    running = start_class(processes=2)
    try:
        yield running
    finally:
        stop_class(running)


def get(url: str, cookie: str | None = None) -> urllib.request.addinfourl:
    request = urllib.request.Request(url, headers={"Cookie": f"{AFFINITY_COOKIE}={cookie}"} if cookie else {})
    return urllib.request.urlopen(request, timeout=30)


def cookies_of(response) -> dict[str, str]:
    pairs = (header.split(";", 1)[0].split("=", 1) for header in response.headers.get_all("Set-Cookie") or [])
    return dict(pairs)


@contextlib.contextmanager
def open_session(url: str, cookie_header: str) -> Iterator[str]:
    """Open the page's websocket through ``url`` and run the page; its session id while it is open."""
    rerun = BackMsg()
    rerun.rerun_script.query_string = ""
    session_id, deadline = None, time.monotonic() + 90
    with connect(url.replace("http://", "ws://") + "/_stcore/stream", origin=url, subprotocols=["streamlit"],
                 additional_headers={"Cookie": cookie_header}, max_size=None, open_timeout=30) as stream:
        stream.send(rerun.SerializeToString())
        while time.monotonic() < deadline:
            message = ForwardMsg()
            message.ParseFromString(stream.recv(timeout=deadline - time.monotonic()))
            if message.HasField("new_session"):
                session_id = message.new_session.initialize.session_id
            if message.HasField("script_finished"):
                assert message.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
                yield session_id
                return
    raise AssertionError("the page did not finish its run through nginx")


def upload(url: str, session_id: str, cookie_header: str, xsrf: str, size: int) -> int:
    """PUT a CSV of ``size`` bytes to ``session_id``'s upload endpoint, as the browser does; the status."""
    boundary = secrets.token_hex(8)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"class.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + b"1\n" * (size // 2) + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{session_id}/{secrets.token_hex(8)}", data=body, method="PUT",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "X-Xsrftoken": xsrf,
                 "Cookie": cookie_header})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_nginx_serves_the_page_and_gives_a_browser_an_affinity_cookie_once(served_class):
    with get(served_class.url + "/") as response:
        assert response.status == 200 and b"<title>" in response.read()
        cookie = cookies_of(response)[AFFINITY_COOKIE]
    assert re.fullmatch(r"[0-9a-f]{32}", cookie)
    with get(served_class.url + "/", cookie) as response:
        assert AFFINITY_COOKIE not in cookies_of(response)


def test_one_cookie_always_reaches_one_process_and_different_cookies_reach_both(served_class):
    for _ in range(3):
        for cookie in COOKIES:
            with get(served_class.url + "/_stcore/health", cookie) as response:
                assert response.status == 200
    served = served_class.served_by()
    assert all(len(served[cookie]) == 1 for cookie in COOKIES), served
    backends = {url.removeprefix("http://") for url in served_class.backend_urls}
    assert set().union(*(served[cookie] for cookie in COOKIES)) == backends


def test_the_websocket_and_an_upload_reach_the_process_that_owns_the_session(served_class):
    """An upload of almost emviz's 5 MB limit passes nginx; sent to the other process it fails."""
    with get(served_class.url + "/") as response:
        cookies = cookies_of(response)
    with get(served_class.url + "/_stcore/health", cookies[AFFINITY_COOKIE]) as response:
        cookies |= cookies_of(response)  # the XSRF cookie, as the browser gets it
    cookie_header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    size = int((cli.SETTINGS["server"]["maxUploadSize"] - 0.5) * 2**20)
    with open_session(served_class.url, cookie_header) as session_id:
        assert upload(served_class.url, session_id, cookie_header, cookies["_streamlit_xsrf"], size) == 204
        owner = served_class.served_by()[cookies[AFFINITY_COOKIE]]
        (other,) = [url for url in served_class.backend_urls if url.removeprefix("http://") not in owner]
        assert upload(other, session_id, cookie_header, cookies["_streamlit_xsrf"], 100) == 400


def test_a_signal_to_serve_class_stops_nginx_and_every_process():
    require_nginx()
    running = start_class(processes=2)
    assert len(running.backend_pids) == 2
    assert stop_class(running) == 0
    for pid in [running.nginx_pid, *running.backend_pids]:
        with pytest.raises(ProcessLookupError):  # its whole process group is gone
            os.killpg(pid, 0)
    for url in [running.url, *running.backend_urls]:
        host, port = url.removeprefix("http://").split(":")
        with pytest.raises(OSError):
            socket.create_connection((host, int(port)), timeout=2).close()
    assert not running.run_dir.exists()


def test_the_shipped_nginx_configs_are_what_serve_class_writes():
    local = [f"127.0.0.1:{port}" for port in range(CONTAINER_PORT, CONTAINER_PORT + 4)]
    assert (DEPLOY / "nginx" / "emviz.conf").read_text() == site_config(local, "80")
    assert (DEPLOY / "nginx" / "compose.conf").read_text() == site_config(["emviz:8501"], "80")


def test_nginx_accepts_the_shipped_site_config(tmp_path):
    require_nginx()
    site = (DEPLOY / "nginx" / "emviz.conf").read_text()
    config = tmp_path / "nginx.conf"
    config.write_text(standalone_config(site, tmp_path))
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(config)],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr


def test_nginx_takes_every_upload_emviz_takes():
    assert MAX_UPLOAD_MB > cli.SETTINGS["server"]["maxUploadSize"]


def dockerfile_instructions() -> list[tuple[str, str]]:
    lines = (DEPLOY / "Dockerfile").read_text().splitlines()
    return [tuple(line.split(maxsplit=1)) for line in lines if line.strip() and not line.startswith("#")]


def test_the_dockerfile_installs_as_the_readme_and_starts_what_serve_class_starts():
    instructions = dockerfile_instructions()
    readme = (REPO / "README.md").read_text()
    readme_install = re.findall(r"```bash\n(.+?)\n```", readme)[0].split(" && ")[0]
    assert ("RUN", readme_install) in instructions
    (command,) = [json.loads(argument) for instruction, argument in instructions if instruction == "CMD"]
    assert command == emviz_command("0.0.0.0", CONTAINER_PORT)
    assert ("EXPOSE", str(CONTAINER_PORT)) in instructions
    assert " ".join(emviz_command("127.0.0.1", CONTAINER_PORT)) in readme


def test_compose_runs_replicas_of_the_image_behind_nginx_with_the_shipped_config():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    emviz, proxy = compose["services"]["emviz"], compose["services"]["proxy"]
    assert emviz["deploy"]["replicas"] >= 2
    assert (DEPLOY / emviz["build"]["context"] / emviz["build"]["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    assert str(CONTAINER_PORT) in emviz["expose"]
    source, target = proxy["volumes"][0].split(":")[:2]
    assert (DEPLOY / source).resolve() == DEPLOY / "nginx" / "compose.conf"
    assert target.startswith("/etc/nginx/conf.d/")
    assert proxy["image"].startswith("nginx")


def test_kubernetes_manifests_route_the_ingress_with_cookie_affinity_to_the_container_port():
    documents = [document for path in sorted((DEPLOY / "k8s").glob("*.yaml"))
                 for document in yaml.safe_load_all(path.read_text())]
    by_kind = {document["kind"]: document for document in documents}
    assert sorted(by_kind) == ["Deployment", "Ingress", "Service"]
    deployment, service, ingress = by_kind["Deployment"], by_kind["Service"], by_kind["Ingress"]

    pod = deployment["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    (container_port,) = container["ports"]
    assert container_port["containerPort"] == CONTAINER_PORT
    assert container["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    assert deployment["spec"]["replicas"] >= 2
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()

    (service_port,) = service["spec"]["ports"]
    assert service_port["targetPort"] in (CONTAINER_PORT, container_port["name"])
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()

    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-name"] == AFFINITY_COOKIE
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == f"{MAX_UPLOAD_MB}m"
    backends = [path["backend"]["service"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    assert backends == [{"name": service["metadata"]["name"], "port": {"number": service_port["port"]}}]
