"""Benchmark: how fast one PostgreSQL server stores tagged cables with 1, 2 and 4 writers at
once: where a cluster's database becomes the bottleneck (the cost model of docs/scale.md).

Input: the first --cables cables of a tagged SQLite database (--source; default the bench
corpus tagged by bench/_corpus.py), each with its readings and mentions, read once and
shared out in turn among the writers. Each writer is its own process with its own
connection and writes its share 256 cables per transaction, as ingest's driver and ``tag``
do. A fresh database on a private server (Debian's binaries) takes each writer count in
turn; the time is wall clock from the writers' start to the last one's end, and the figure
is the best of --repeat. Words are the whitespace-separated tokens of the stored texts.

    python bench/writers.py [--source DB] [--cables N] [--writers 1,2,4] [--repeat N]
                            [--out FILE]
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cluster import publish  # noqa: E402
from scale import Postgres  # noqa: E402

from cablescope.store.sqlite import SqliteStore  # noqa: E402

BATCH = 256


def _write(url: str, share: Path, start: multiprocessing.synchronize.Event) -> None:
    from cablescope.store.postgres import PostgresStore

    items = pickle.loads(share.read_bytes())
    with PostgresStore.open(url) as store:
        start.wait()
        for i in range(0, len(items), BATCH):
            with store.batch():
                for merged, readings in items[i : i + BATCH]:
                    store.put(merged, readings)


def run(url: str, shares: list[Path]) -> float:
    """Seconds for ``len(shares)`` writers to store their shares at once."""
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    writers = [context.Process(target=_write, args=(url, s, start)) for s in shares]
    for w in writers:
        w.start()
    time.sleep(3)  # every writer connected and its share loaded before the clock starts
    began = time.perf_counter()
    start.set()
    for w in writers:
        w.join()
        if w.exitcode != 0:
            sys.exit(f"a writer failed (exit {w.exitcode})")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="a tagged SQLite database")
    parser.add_argument("--cables", type=int, default=2000)
    parser.add_argument("--writers", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    counts = [int(n) for n in args.writers.split(",")]

    items = []
    words = 0
    with SqliteStore.open(str(args.source)) as source:
        for cable in source.iter_cables():
            items.append((cable, source.readings(cable.id)))
            words += len(cable.text.split())
            if len(items) >= args.cables:
                break
    server = Postgres("postgresql")
    best: dict[int, float] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(args.repeat):
                for n in counts:
                    shares = []
                    for k in range(n):
                        share = Path(tmp) / f"share{k}.pickle"
                        share.write_bytes(pickle.dumps(items[k::n]))
                        shares.append(share)
                    url = server.fresh(f"writers{n}")
                    from cablescope.store.postgres import PostgresStore

                    PostgresStore.open(url).close()
                    seconds = run(url, shares)
                    best[n] = min(best.get(n, seconds), seconds)
                    print(f"{n} writers: {seconds:.1f} s", file=sys.stderr)
    finally:
        if server.cluster is not None:
            server.cluster.stop()
    lines = [
        f"{len(items):,} tagged cables, {words:,} words, {BATCH} per transaction; best of "
        f"{args.repeat}",
        "",
        "| writers | seconds | cables/s | words/s |",
        "|---:|---:|---:|---:|",
        *(f"| {n} | {s:.1f} | {len(items) / s:,.0f} | {words / s:,.0f} |" for n, s in best.items()),
    ]
    publish(lines, args.out)


if __name__ == "__main__":
    main()
