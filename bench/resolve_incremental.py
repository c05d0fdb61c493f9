"""Benchmark: resolving new cables into a resolution already made (``resolve.incremental``),
against resolving every cable again in the same run: in memory (``cluster.resolve``) and
streamed through a copy of the store (``resolve_store``, what ``cablescope resolve`` runs).

Every cable of a tagged store is read once; all but ``--new`` random ones are added to an
``Incremental`` resolution in one batch, then the held-back ones in one batch, timed; the full
resolution in memory is timed beside and compared with the incremental one (they must be
equal), and every recorded fact is checked to hold its current answer. Reported: the old
cables decided again, the facts answered and changed, and the times. The cables are read
before timing, so the in-memory sides do not pay for the store.

    python bench/resolve_incremental.py --db TAGGED.db [--new 10,100] [--seed 0] [--no-store]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cablescope.store  # noqa: E402
from cablescope.resolve import resolve_store  # noqa: E402
from cablescope.resolve.cluster import resolve  # noqa: E402
from cablescope.resolve.incremental import Incremental  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a tagged store")
    parser.add_argument("--new", default="10,100")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-store", action="store_true", help="skip the streamed rebuild")
    args = parser.parse_args()
    with cablescope.store.open(args.db) as store:
        cables = sorted(store.iter_cables(), key=lambda c: c.id)
        judgements = store.judgements()
    started = time.perf_counter()
    full = resolve(cables, judgements)
    whole = time.perf_counter() - started
    streamed = _streamed(Path(args.db)) if not args.no_store else None
    print(f"{len(cables):,} cables; full resolution in memory: {whole:.1f} s", end="")
    print(f", streamed through the store: {streamed:.1f} s\n" if streamed else "\n")
    print("| new cables | first batch (old cables) | new batch | of the full: in memory "
          "| streamed | old cables decided again | facts answered (changed) "
          "| equal to the full | stale facts |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---|---:|")
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
        share = f"{later / streamed:.1%}" if streamed else "-"
        print(
            f"| {new:,} | {first:.1f} s ({len(cables) - new:,}) | {later:.2f} s "
            f"| {later / whole:.1%} | {share} | {update.decided_again:,} "
            f"({update.decided_again / (len(cables) - new):.1%}) "
            f"| {update.facts:,} ({update.changed:,}) | {'yes' if equal else 'NO'} "
            f"| {len(resolution.stale()):,} |",
            flush=True,
        )


def _streamed(db: Path) -> float:
    """Seconds ``resolve_store`` takes over a copy of the store at ``db``."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / db.name
        shutil.copyfile(db, copy)
        with cablescope.store.open(str(copy)) as store:
            started = time.perf_counter()
            resolve_store(store)
            return time.perf_counter() - started


if __name__ == "__main__":
    main()
