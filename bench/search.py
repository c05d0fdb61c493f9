"""Benchmark: search latency over the ingested corpus, against a bare FTS5 query in the same run.

The reference is the cheapest possible ranked query on the same database:
``SELECT rowid FROM cables_fts WHERE cables_fts MATCH ? ORDER BY rank LIMIT 20``.
cablescope's search adds query parsing, filters, bm25 weights, snippets and the total.

    python bench/search.py [--db PATH]   (ingests the corpus into a temporary file without --db)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _corpus import corpus_store, median_ms

from cablescope.analysis.search import search

QUERIES = [
    ("juarez", "juarez"),
    ('"organized crime"', '"organized crime"'),
    ("mugab*", "mugab*"),
    ("sedena OR semar", "sedena OR semar"),
    ("nuclear class:secret from:2009", "nuclear"),
    ("the", "the"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with corpus_store(args.db) as store:
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


if __name__ == "__main__":
    main()
