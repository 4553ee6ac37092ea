"""How long each export of a run takes to make, and how big it is, from 10,000 to 1,000,000 points.

Run: ``python tests/benchmarks/bench_exports.py [--points 10000,1000000] [--gif]``. Prints a
table; asserts nothing. The files are made only when their button is clicked, so these times
are what a click costs (drawing the page costs none of them). ``--gif`` also draws the GIF
(it needs Chrome or Chromium) and prints its time per picture.
"""

from __future__ import annotations

import argparse
import time

from emviz.animation import run_gif
from emviz.data import GaussianSpec, Guess
from emviz.em import run_em
from emviz.exports import SavedRun, run_csv, run_json
from emviz.run_file import read_run
from emviz.sources import load
from emviz.standalone import run_page, shown_frames


def timed(make):
    """(seconds, result) of one call of ``make``."""
    start = time.perf_counter()
    result = make()
    return time.perf_counter() - start, result


def main(argv=None) -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", default="10000,1000000", help="comma-separated sample sizes")
    parser.add_argument("--max-iter", type=int, default=20, help="iterations of each run")
    parser.add_argument("--gif", action="store_true", help="also draw the GIF (needs Chrome or Chromium)")
    args = parser.parse_args(argv)
    print(f"{'points':>10s} {'frames':>7s} {'export':12s} {'seconds':>8s} {'MB':>7s}")
    for n in map(int, args.points.split(",")):
        spec = GaussianSpec(counts=(n // 2, n - n // 2))
        guess = Guess((10.0, 50.0), (5.0, 5.0), (0.5, 0.5))
        saved = SavedRun("Classic (20 and 40)", spec, guess, max_iter=args.max_iter, tol=0.0)
        data = load(spec)
        history = run_em(data.x, guess.to_mixture(), max_iter=args.max_iter, tol=0.0)
        frames = len(shown_frames(history))
        seconds, text = timed(lambda: run_csv(history, saved))
        rows = [("CSV", seconds, len(text))]
        seconds, text = timed(lambda: run_json(history, saved, data))
        rows.append(("JSON", seconds, len(text)))
        seconds, _ = timed(lambda: read_run(text.encode()))
        rows.append(("JSON opened", seconds, len(text)))
        seconds, text = timed(lambda: run_page(history, title="bench", summary="", titles=data.columns))
        rows.append(("HTML page", seconds, len(text)))
        if args.gif:
            seconds, gif = timed(lambda: run_gif(history, titles=data.columns))
            rows.append(("GIF", seconds, len(gif)))
        for name, seconds, size in rows:
            print(f"{n:10,d} {frames:7d} {name:12s} {seconds:8.2f} {size / 1e6:7.2f}")


if __name__ == "__main__":
    main()
