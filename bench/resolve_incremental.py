"""Benchmark: resolving new cables into a resolution already made (``resolve.incremental``),
against resolving every cable again in memory (``cluster.resolve``) in the same run.

Every cable of a tagged store is read once; all but ``--new`` random ones are added to an
``Incremental`` resolution in one batch, then the held-back ones in one batch, timed; a full
resolution of every cable is timed beside and compared with the incremental one (they must be
equal). Reported: the old cables decided again, the facts answered and changed, and the
times. The cables are read before timing, so neither side pays for the store.

    python bench/resolve_incremental.py --db TAGGED.db [--new 100] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cablescope.store  # noqa: E402
from cablescope.resolve.cluster import resolve  # noqa: E402
from cablescope.resolve.incremental import Incremental  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a tagged store")
    parser.add_argument("--new", default="10,100")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with cablescope.store.open(args.db) as store:
        cables = sorted(store.iter_cables(), key=lambda c: c.id)
        judgements = store.judgements()
    started = time.perf_counter()
    full = resolve(cables, judgements)
    whole = time.perf_counter() - started
    print(f"{len(cables):,} cables; full resolution in memory: {whole:.1f} s\n")
    print("| new cables | first batch (old cables) | new batch | of the full resolution "
          "| old cables decided again | facts answered (changed) | equal to the full |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---|")
    for new in (int(n) for n in args.new.split(",")):
        held = set(random.Random(args.seed).sample(range(len(cables)), new))
        resolution = Incremental()
        started = time.perf_counter()
        resolution.add(c for i, c in enumerate(cables) if i not in held)
        first = time.perf_counter() - started
        started = time.perf_counter()
        update = resolution.add(c for i, c in enumerate(cables) if i in held)
        later = time.perf_counter() - started
        equal = resolution.resolution(judgements) == full
        print(
            f"| {new:,} | {first:.1f} s ({len(cables) - new:,}) | {later:.2f} s "
            f"| {later / whole:.1%} | {update.decided_again:,} "
            f"({update.decided_again / (len(cables) - new):.1%}) "
            f"| {update.facts:,} ({update.changed:,}) | {'yes' if equal else 'NO'} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
