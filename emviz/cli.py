"""``emviz``: start the app from an installed package (no checkout needed).

Streamlit's server runs inside the ``emviz`` process itself (no ``streamlit run`` child), so
stopping ``emviz`` (Ctrl+C, ``kill``, a service manager) stops the server. It always runs
headless: no first-run e-mail prompt, which would wait for a terminal that scripts and
services do not have. ``emviz`` opens the browser itself, once the server listens, where a
display exists.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import socket
import sys
import threading
import time
from pathlib import Path

from streamlit import cli_util
from streamlit.web import bootstrap
from streamlit.web.server import server_util

ENTRY = Path(__file__).parent / "ui" / "streamlit_app.py"
SETTINGS: dict[str, dict[str, object]] = {
    "browser": {"gatherUsageStats": False},
    "client": {"showErrorDetails": "none", "toolbarMode": "viewer"},
    "global": {"developmentMode": False},
    "runner": {"magicEnabled": False},
    "server": {
        "headless": True,
        "maxUploadSize": 5,
        "enableXsrfProtection": True,
        "enableCORS": True,
        "corsAllowedOrigins": [],
        "enableStaticServing": False,
        "enableAgentApi": False,
    },
    "theme": {"base": "light", "primaryColor": "#0072B2"},
}
"""Streamlit's settings for emviz, by config.toml section: the one place they are written.

``emviz`` passes every one as a command-line option, which outranks any ``config.toml`` (in
the working folder or in ``~/.streamlit``) and any ``STREAMLIT_*`` variable, so a stray file
cannot switch off XSRF or CORS protection (``global.developmentMode`` would switch off CORS
too), show tracebacks, raise the 5 MB upload limit or give a dark page. A checkout's
``.streamlit/config.toml`` (read by ``streamlit run app.py``) holds the same settings; a
test keeps the two equal.
"""
MALLOC_ARENAS = 2
"""Most malloc arenas of the server process (glibc's ``M_ARENA_MAX``). glibc gives each busy
thread an arena of its own, up to eight per core, and keeps what is freed in each: with a class
of sessions rerunning at once (one thread each) that held about 25 MB more at 30 students."""
M_ARENA_MAX = -8
"""glibc's ``mallopt`` parameter number for the arena limit."""
BROWSER_WAIT_SECONDS = 60.0
"""How long the browser opener waits for the server to listen before giving up quietly."""


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``emviz``."""
    parser = argparse.ArgumentParser(
        prog="emviz",
        description="Start emviz, the interactive app that shows the EM algorithm fitting "
                    "Gaussian mixtures, and open it in your browser.",
    )
    parser.add_argument("--port", type=int, default=8501, help="port to serve on (default: 8501)")
    parser.add_argument("--address", default="localhost",
                        help="address to listen on (default: localhost; 0.0.0.0 lets a class connect)")
    parser.add_argument("--headless", action="store_true",
                        help="do not open a browser window (none opens where there is no display)")
    return parser


def flag_options(args: argparse.Namespace) -> dict[str, object]:
    """:data:`SETTINGS`, port and address as the flag options of Streamlit's bootstrap.

    Streamlit names a flag option ``section_option`` (``server_enableCORS``) and lets it
    overrule every config file.
    """
    options = {f"{section}_{name}": value
               for section, values in SETTINGS.items() for name, value in values.items()}
    options.update(server_port=args.port, server_address=args.address)
    return options


def display_available() -> bool:
    """Whether a browser window can open here.

    Always on macOS and Windows; on Linux and the BSDs only with an X or Wayland display
    (the test Streamlit itself applies).
    """
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_browser_when_listening(address: str, port: int,
                                seconds: float = BROWSER_WAIT_SECONDS) -> threading.Thread:
    """Open the app in the browser, from a background thread, once ``address:port`` listens.

    Parameters
    ----------
    address : str
        The address the server listens on (``0.0.0.0`` and ``::`` are reached as ``localhost``).
    port : int
        The port the server listens on.
    seconds : float, default=BROWSER_WAIT_SECONDS
        How long to wait; if the server does not listen by then (it failed to start and said
        why), no browser opens.

    Returns
    -------
    threading.Thread
        The started daemon thread.
    """
    host = server_util.get_display_address(address)

    def wait_then_open() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                socket.create_connection((host, port), timeout=1).close()
            except OSError:
                time.sleep(0.2)
                continue
            cli_util.open_browser(server_util.get_url(host))
            return

    opener = threading.Thread(target=wait_then_open, name="emviz-open-browser", daemon=True)
    opener.start()
    return opener


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap this process's malloc arenas at ``arenas``; False where the C library is not glibc.

    Parameters
    ----------
    arenas : int, default=MALLOC_ARENAS
    """
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not Linux with glibc (musl has no mallopt; macOS, Windows)
        return False
    return bool(mallopt(M_ARENA_MAX, arenas))


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and serve the packaged app in this process until it is stopped.

    Streamlit's own ``streamlit run`` does the same two steps (load the config with the flag
    options on top, then run the server); its signal handler stops the server on SIGTERM,
    SIGINT and SIGQUIT.
    """
    args = build_parser().parse_args(argv)
    options = flag_options(args)
    bootstrap.load_config_options(flag_options=options)
    limit_malloc_arenas()  # before the server starts its threads
    if not args.headless and display_available():
        open_browser_when_listening(args.address, args.port)
    try:
        bootstrap.run(str(ENTRY), False, [], options)
    except KeyboardInterrupt:  # Ctrl+C before the server installed its signal handler
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
