"""``emviz``: start the app from an installed package (no checkout needed)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ENTRY = Path(__file__).parent / "ui" / "streamlit_app.py"
SERVER_OPTIONS = {
    "browser.gatherUsageStats": "false",
    "client.showErrorDetails": "none",
    "client.toolbarMode": "viewer",
    "server.maxUploadSize": "5",
    "runner.magicEnabled": "false",
}
"""The settings of ``.streamlit/config.toml``, passed on so they hold outside a checkout too."""


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
    parser.add_argument("--headless", action="store_true", help="do not open a browser window")
    return parser


def streamlit_command(args: argparse.Namespace) -> list[str]:
    """The ``streamlit run`` command line for the parsed ``args``."""
    command = [sys.executable, "-m", "streamlit", "run", str(ENTRY),
               "--server.port", str(args.port), "--server.address", args.address,
               "--server.headless", "true" if args.headless else "false"]
    for option, value in SERVER_OPTIONS.items():
        command += [f"--{option}", value]
    return command


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run Streamlit on the packaged app until it is stopped."""
    args = build_parser().parse_args(argv)
    try:
        return subprocess.call(streamlit_command(args))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
