"""How long a rerun takes while a file sits in the uploader: a good one, and one refused for its size.

Run: ``python tests/benchmarks/bench_own_data_rerun.py``. Prints a table; asserts nothing.
A file is read once per upload, refused or not, so a rerun (any click) should cost the
same whichever file is in the uploader.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from emviz.data import MAX_ROWS
from emviz.examples import OWN_DATA

APP = Path(__file__).resolve().parents[2] / "app.py"
RERUNS = 5
FILES = {
    "200 good rows": b"x\n" + b"".join(b"%d.5\n" % (k % 37) for k in range(200)),
    f"{MAX_ROWS + 1:,} rows (refused)": b"x\n" + b"1\n" * (MAX_ROWS + 1),
}


def rerun_seconds(content: bytes, reruns: int = RERUNS) -> list[float]:
    """Seconds of each of ``reruns`` reruns (a change of max_iter) with ``content`` in the uploader."""
    app = AppTest.from_file(str(APP), default_timeout=120).run()
    app.selectbox(key="preset").set_value(OWN_DATA).run()
    app.file_uploader(key="upload").set_value(("data.csv", content, "text/csv")).run()
    times = []
    for k in range(reruns):
        start = time.perf_counter()
        app.number_input(key="max_iter").set_value(50 + k).run()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Print the table."""
    print(f"{'file in the uploader':32s} {'median rerun (s)':>17s} {'reruns':>7s}")
    for name, content in FILES.items():
        times = rerun_seconds(content)
        print(f"{name:32s} {statistics.median(times):17.3f} {len(times):7d}")


if __name__ == "__main__":
    main()
