"""How long the loader takes on the biggest inputs a learner can give it.

Run: ``python tests/benchmarks/bench_loading.py [--scale S]``. Prints a table; asserts nothing.
The loader's stated target is 2 s for any file or pasted text up to the 5 MB limit, and a
refusal by size or first-line width at once; ``--scale`` (default 1) shrinks every input,
so that a smoke test can run the script in a moment.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from emviz.data import MAX_FIELDS, MAX_FILE_BYTES, MAX_ROWS, DataError, load_csv, parse_numbers

TARGET_SECONDS = 2.0
"""The loader's target for any input up to the size limit."""


def fill(unit: bytes, header: bytes = b"", size: int = MAX_FILE_BYTES) -> bytes:
    """``header`` then as many copies of ``unit`` as fit in ``size`` bytes."""
    return header + unit * ((size - len(header)) // len(unit))


def big_files(size: int = MAX_FILE_BYTES, rows: int = MAX_ROWS) -> dict[str, Callable[[], bytes]]:
    """The worst files of at most ``size`` bytes and ``rows`` rows, built when called."""
    return {
        "numbers": lambda: fill(b"1.25,2.5\n", b"x,y\n", size),
        "a million short rows": lambda: b"1,2\n" * rows,
        "quoted": lambda: fill(b'"1","2"\n', b"x,y\n", size),
        "a thousand columns": lambda: fill(b"1," * (MAX_FIELDS - 1) + b"1\n", size=max(size, 2 * MAX_FIELDS)),
        "text": lambda: fill(b"ab,cd\n", size=size),
        "near-numbers": lambda: fill(b"1-2,1e\n", b"x,y\n", size),
        "blank fields": lambda: fill(b"1,,,,,,,,,\n", b"a,b,c,d,e,f,g,h,i,j\n", size),
        "short rows": lambda: b"a,b,c\n" + b"1\n" * rows,
        "quoted line breaks": lambda: fill(b'"1\n",2\n', b"x,y\n", size),
        "one long line of digits": lambda: b"1" * (size - 1) + b"e",
        "one line of spaces": lambda: b" " * (size - 1) + b"x",
        "a huge second line": lambda: b"a,b\n" + b"1," * ((size - 4) // 2),
        "a single 5 MB line of fields": lambda: fill(b"1,", size=MAX_FILE_BYTES),
        "over 5 MB": lambda: b"1\n" * (MAX_FILE_BYTES // 2) + b"12",
    }


def big_texts(size: int = MAX_FILE_BYTES, rows: int = MAX_ROWS) -> dict[str, Callable[[], str]]:
    """The worst pasted texts of at most ``size`` characters and ``rows`` entries."""
    return {
        "a million numbers": lambda: "1.5 " * rows,
        "a million decimal commas": lambda: "1,5 " * rows,
        "too many numbers": lambda: "1," * (size // 2),
        "words": lambda: "ab " * (size // 3),
        "one long token": lambda: "1" * size,
        "over 5 MB": lambda: " " * (MAX_FILE_BYTES + 1),
    }


def seconds_and_outcome(read: Callable, data) -> tuple[float, str]:
    """Seconds ``read(data)`` took, and what it gave (a shape or the start of the refusal)."""
    start = time.perf_counter()
    try:
        result = read(data)
    except DataError as error:
        outcome = f"refused: {str(error)[:50]}"
    else:
        outcome = f"{result.values.shape}"
    return time.perf_counter() - start, outcome


def main(argv: list[str] | None = None) -> None:
    """Print one row per input: its size, the seconds it took, and the outcome."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full sizes (default: 1)")
    scale = parser.parse_args(argv).scale
    size, rows = max(int(MAX_FILE_BYTES * scale), 64), max(int(MAX_ROWS * scale), 8)
    print(f"target: {TARGET_SECONDS:g} s for any input up to {MAX_FILE_BYTES:,} bytes (scale {scale:g})")
    print(f"{'reader':8s} {'input':30s} {'bytes':>10s} {'seconds':>8s}  outcome")
    for reader, inputs in ((load_csv, big_files(size, rows)), (parse_numbers, big_texts(size, rows))):
        for name, build in inputs.items():
            data = build()
            seconds, outcome = seconds_and_outcome(reader, data)
            print(f"{reader.__name__[:8]:8s} {name:30s} {len(data):10,d} {seconds:8.3f}  {outcome}")


if __name__ == "__main__":
    main()
