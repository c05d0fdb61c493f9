"""Benchmark: search latency over the ingested corpus, against a bare FTS5 query in the same run.

The reference is the cheapest possible ranked query on the same database:
``SELECT rowid FROM cables_fts WHERE cables_fts MATCH ? ORDER BY rank LIMIT 20``.
cablescope's search adds query parsing, filters, bm25 weights, snippets and the total.

    python bench/search.py [--db PATH]   (ingests the corpus into a temporary file without --db)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cablescope.analysis.search import search  # noqa: E402
from cablescope.pipeline.ingest import ingest  # noqa: E402
from cablescope.store.sqlite import SqliteStore  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-html-2011-04.tar.gz"
QUERIES = [
    ("juarez", "juarez"),
    ('"organized crime"', '"organized crime"'),
    ("mugab*", "mugab*"),
    ("sedena OR semar", "sedena OR semar"),
    ("nuclear class:secret from:2009", "nuclear"),
    ("the", "the"),
]


def median_ms(fn: Callable[[], object], runs: int = 30) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "corpus.db"
        store = SqliteStore.open(str(db))
        if args.db is None:
            ingest([str(CORPUS)], store)
        conn = store._conn  # the bare reference runs on the very same connection
        print("| query | matches | cablescope ms (median) | bare FTS5 ms (median) |")
        print("|---|---|---|---|")
        for query, bare in QUERIES:
            total = search(store, query).total
            ours = median_ms(lambda q=query: search(store, q))
            ref = median_ms(
                lambda b=bare: conn.execute(
                    "SELECT rowid FROM cables_fts WHERE cables_fts MATCH ? ORDER BY rank LIMIT 20",
                    (b,),
                ).fetchall()
            )
            print(f"| `{query}` | {total} | {ours:.1f} | {ref:.1f} |")
        store.close()


if __name__ == "__main__":
    main()
