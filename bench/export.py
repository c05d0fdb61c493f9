"""Benchmark: ``export`` of a whole archive in each format, against jsonl (the record of
`show --json` per cable) in the same run: the library call the command makes, written to
the null device, best of ``--runs``.

    python bench/export.py --db corpus.db [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import time

from cablescope.analysis.export import FORMATS, export, header, select
from cablescope.store.sqlite import SqliteStore


def seconds(path: str, fmt: str) -> tuple[float, int]:
    """Seconds to export every cable of ``path`` in ``fmt``, and the characters written."""
    with SqliteStore.open_readonly(path) as store, open(os.devnull, "w") as out:
        started = time.perf_counter()
        written = out.write(header(fmt))
        for text in export(store, select(store), fmt):
            written += out.write(text)
        return time.perf_counter() - started, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    best: dict[str, float] = {}
    size: dict[str, int] = {}
    for _ in range(args.runs):
        for fmt in FORMATS:
            took, size[fmt] = seconds(args.db, fmt)
            best[fmt] = min(best.get(fmt, took), took)
    print(f"best of {args.runs}\n")
    print("| format | seconds | × jsonl | MB written |")
    print("|---|---:|---:|---:|")
    for fmt in FORMATS:
        ratio = best[fmt] / best["jsonl"]
        print(f"| {fmt} | {best[fmt]:.2f} | {ratio:.2f} | {size[fmt] / 1e6:,.0f} |")


if __name__ == "__main__":
    main()
