"""Start a real Streamlit server for a test and wait until it answers.

One definition of each: the helpers of ``deploy/serve_class.py`` (the class server), which
the tests and benchmarks share.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "serve_class", Path(__file__).resolve().parents[1] / "deploy" / "serve_class.py")
serve_class = sys.modules.setdefault("serve_class", importlib.util.module_from_spec(_SPEC))
_SPEC.loader.exec_module(serve_class)  # registered first: its dataclasses look their module up

free_port = serve_class.free_port
"""A TCP port on 127.0.0.1 that nothing listens on now."""
wait_until_healthy = serve_class.wait_for_health
"""Return once a URL's Streamlit health check answers 200 (raises RuntimeError if the server exits or stays silent)."""
