"""Serve a class: N ``emviz`` processes on 127.0.0.1 behind nginx.

One Streamlit process computes every learner's reruns on one core, so a class needs several
processes and a proxy in front of them. nginx (Debian's package: ``apt-get install -y nginx``)
upgrades the WebSocket and keeps each browser on one process (session affinity): a browser's
Streamlit session lives in the process that opened its websocket, and its uploads must reach
that same process. Affinity rides on a random cookie (:data:`AFFINITY_COOKIE`) that nginx sets
on the first response and hashes to pick the process.

Run from a checkout (``pip install .`` first, so the ``emviz`` command exists)::

    python deploy/serve_class.py --processes 4 --port 8080

starts four ``emviz`` processes and nginx, waits until they answer, prints the URL and
serves until Ctrl+C or ``kill``, which stop every process it started. Everything listens on
127.0.0.1; ``--address 0.0.0.0`` lets a class reach nginx. On a server, install
:func:`site_config`'s output as ``/etc/nginx/conf.d/emviz.conf`` (``--print-site-config``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

AFFINITY_COOKIE = "emviz_affinity"
"""The cookie that pins a browser to one process."""
CONTAINER_PORT = 8501
"""The port ``emviz`` listens on in a container (and the first port of a local class)."""
MAX_UPLOAD_MB = 6
"""nginx's body limit: emviz takes uploads up to 5 MB, plus the multipart overhead."""
HEALTH_SECONDS = 90.0
STOP_SECONDS = 20.0
LOCAL = "127.0.0.1"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

BackendCommand = Callable[[str, int], list[str]]
"""Given an address and a port, the command line of one server process."""


def emviz_command(address: str, port: int) -> list[str]:
    """The command that serves emviz on ``address:port``: the Dockerfile's CMD, too.

    Parameters
    ----------
    address : str
        The address to listen on.
    port : int
        The port to listen on.
    """
    return ["emviz", "--headless", "--address", address, "--port", str(port)]


def installed_emviz_command(address: str, port: int) -> list[str]:
    """:func:`emviz_command` with the ``emviz`` script of this Python's installation."""
    command = emviz_command(address, port)
    script = shutil.which(command[0], path=sysconfig.get_path("scripts")) or shutil.which(command[0])
    if script is None:
        raise RuntimeError("the emviz command is missing: pip install . (or pip install -e .)")
    return [script, *command[1:]]


def site_config(backends: Sequence[str], listen: str) -> str:
    """nginx's configuration for emviz, to include in its ``http`` block.

    Parameters
    ----------
    backends : sequence of str
        ``host:port`` of every ``emviz`` process (a name that resolves to several addresses,
        like a compose service with replicas, counts each address).
    listen : str
        nginx's ``listen`` argument (``80``, ``127.0.0.1:8080``).

    Returns
    -------
    str
        The ``map``, ``upstream`` and ``server`` blocks.
    """
    servers = "\n".join(f"    server {backend};" for backend in backends)
    return f"""\
# emviz behind nginx: several processes, WebSocket upgrade, session affinity by cookie.
# Written by deploy/serve_class.py (site_config); goes in nginx's http block
# (Debian: /etc/nginx/conf.d/emviz.conf).

map $http_upgrade $emviz_connection {{
    default upgrade;
    ""      close;
}}

# A browser without the affinity cookie gets a random one (this request's id); nginx hashes
# the cookie to pick the process, so the browser's websocket (its Streamlit session) and its
# uploads always reach the same process.
map $cookie_{AFFINITY_COOKIE} $emviz_affinity {{
    ""      $request_id;
    default $cookie_{AFFINITY_COOKIE};
}}
map $cookie_{AFFINITY_COOKIE} $emviz_new_affinity_cookie {{
    ""      "{AFFINITY_COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax";
    default "";
}}

upstream emviz {{
    hash $emviz_affinity consistent;
{servers}
}}

server {{
    listen {listen};
    client_max_body_size {MAX_UPLOAD_MB}m;

    location / {{
        proxy_pass http://emviz;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $emviz_connection;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout 1h;
        proxy_send_timeout 1h;
        proxy_buffering off;
        add_header Set-Cookie $emviz_new_affinity_cookie always;
    }}
}}
"""


def standalone_config(site: str, run_dir: Path) -> str:
    """A whole ``nginx.conf`` around ``site`` that runs without root, all its files in ``run_dir``.

    The access log records each request's affinity cookie and the process that served it.
    """
    temp_paths = "\n".join(f"    {kind}_temp_path {run_dir / kind};"
                           for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    indented_site = "\n".join(f"    {line}" if line else "" for line in site.splitlines())
    return f"""\
worker_processes 1;
pid {run_dir / "nginx.pid"};
error_log {run_dir / "error.log"} warn;

events {{
    worker_connections 1024;
}}

http {{
    log_format emviz_affinity '$cookie_{AFFINITY_COOKIE} $upstream_addr $status $request_uri';
    access_log {run_dir / "access.log"} emviz_affinity;
{temp_paths}

{indented_site}
}}
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((LOCAL, 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, seconds: float = HEALTH_SECONDS) -> None:
    """Return once ``url``'s Streamlit health check answers 200 (through nginx, too).

    Raises
    ------
    RuntimeError
        If ``process`` exits or nothing answers within ``seconds``.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer its health check in {seconds:.0f} s")


def stop(process: subprocess.Popen, seconds: float = STOP_SECONDS) -> None:
    """Stop ``process`` and its process group: SIGTERM, then SIGKILL after ``seconds``."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=seconds)


@dataclass
class Server:
    """One process this script started (its own process group), listening on ``url``."""

    process: subprocess.Popen
    url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


def start(command: list[str], url: str, log: Path) -> Server:
    """Start ``command`` in a process group of its own, its output in ``log``."""
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Server(process, url, log)


@dataclass
class ClassServer:
    """``processes`` servers on 127.0.0.1 behind nginx (or alone, with ``proxy=False``).

    A context manager: entering starts everything and waits until it answers, leaving stops
    every process it started, by PID.

    Parameters
    ----------
    processes : int, default=2
        How many server processes.
    port : int or None, default=None
        nginx's port (a free one if None).
    address : str, default="127.0.0.1"
        nginx's address (``0.0.0.0`` lets a class connect); the processes always listen on 127.0.0.1.
    command : callable, default=installed_emviz_command
        The command line of one server process, given address and port.
    proxy : bool, default=True
        Whether to put nginx in front; without it there must be one process, served directly.
    """

    processes: int = 2
    port: int | None = None
    address: str = LOCAL
    command: BackendCommand = installed_emviz_command
    proxy: bool = True
    backends: list[Server] = field(default_factory=list, init=False)
    nginx: Server | None = field(default=None, init=False)
    run_dir: Path = field(default=Path(), init=False)

    @property
    def url(self) -> str:
        """Where the class connects: nginx, or the only process."""
        return self.nginx.url if self.nginx else self.backends[0].url

    @property
    def access_log(self) -> Path:
        return self.run_dir / "access.log"

    def __enter__(self) -> ClassServer:
        if not self.proxy and self.processes != 1:
            raise ValueError("without the proxy, serve exactly one process")
        self.run_dir = Path(tempfile.mkdtemp(prefix="emviz-class-"))
        self.run_dir.chmod(0o755)  # nginx's workers run as another user when started as root
        try:
            for _ in range(self.processes):
                port = free_port()
                self.backends.append(start(self.command(LOCAL, port), f"http://{LOCAL}:{port}",
                                           self.run_dir / f"server-{port}.log"))
            for backend in self.backends:
                wait_for_health(backend.url, backend.process)
            if self.proxy:
                self._start_nginx()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start_nginx(self) -> None:
        port = self.port or free_port()
        site = site_config([backend.url.removeprefix("http://") for backend in self.backends], f"{self.address}:{port}")
        config = self.run_dir / "nginx.conf"
        config.write_text(standalone_config(site, self.run_dir), encoding="utf-8")
        command = [NGINX, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"), "-c", str(config),
                   "-g", "daemon off;"]
        host = LOCAL if self.address == "0.0.0.0" else self.address
        self.nginx = start(command, f"http://{host}:{port}", self.run_dir / "nginx-output.log")
        wait_for_health(self.nginx.url, self.nginx.process)

    def __exit__(self, *exc_info: object) -> None:
        for server in [self.nginx, *self.backends]:
            if server is not None:
                stop(server.process)
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def pids(self) -> list[int]:
        """The PID of every process started (nginx's master first, if any)."""
        return [server.pid for server in [self.nginx, *self.backends] if server is not None]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Serve emviz to a class: N processes on 127.0.0.1 behind nginx "
                                                 "(stop with Ctrl+C or kill).")
    parser.add_argument("--processes", type=int, default=2, help="emviz processes, about one per core (default: 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default: 8080)")
    parser.add_argument("--address", default=LOCAL,
                        help="nginx's address (default: 127.0.0.1; 0.0.0.0 lets a class connect)")
    parser.add_argument("--print-site-config", action="store_true",
                        help="only print nginx's configuration for processes on ports 8501, 8502, …")
    parser.add_argument("--listen", default="80", help="nginx's listen address in --print-site-config (default: 80)")
    return parser


def raise_keyboard_interrupt(signal_number: int, frame: object) -> None:
    """Stop serving on SIGTERM as on Ctrl+C; a second signal does not interrupt the stopping."""
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Print the site configuration, or serve the class until a signal."""
    args = build_parser().parse_args(argv)
    if args.print_site_config:
        ports = range(CONTAINER_PORT, CONTAINER_PORT + args.processes)
        print(site_config([f"{LOCAL}:{port}" for port in ports], args.listen), end="")
        return 0
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, raise_keyboard_interrupt)
    try:
        with ClassServer(processes=args.processes, port=args.port, address=args.address) as server:
            for backend in server.backends:
                print(f"emviz process {backend.pid} at {backend.url}", flush=True)
            print(f"nginx {server.nginx.pid}, logs in {server.run_dir}", flush=True)
            print(f"serving {args.processes} processes at {server.url}", flush=True)
            while True:
                signal.pause()
    except KeyboardInterrupt:
        print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
