"""Benchmark: PostgreSQL against SQLite in one run over the 6,712-page corpus.

Ingest: the same ``ingest`` (no entity tagging, as ``--no-ner``) into a fresh SQLite file
and into a fresh PostgreSQL database, one after the other, best of ``--repeat``.
Search: bench/search.py's queries through ``cablescope.analysis.search`` on both stores,
and a bare ranked tsquery on the same PostgreSQL tables (``SELECT id FROM cables WHERE
words @@ q ORDER BY ts_rank_cd(words, q) DESC LIMIT 20``, the query's words compiled as
the store compiles them), each query ``--runs`` times; p50 and p95 over all the timings.
Targets: ingest into PostgreSQL <= 1.5x SQLite; our PostgreSQL p95 <= 3x the bare p95.

Without ``--url`` a private server is started for the run (initdb in a temporary folder,
127.0.0.1 on a free port, fsync off as in the tests).

    python bench/postgres.py [--url postgresql://...] [--repeat N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _corpus import CORPUS, ROOT  # noqa: F401  (puts the repository on sys.path)
from search import QUERIES

from cablescope.analysis.search import search
from cablescope.pipeline.ingest import ingest
from cablescope.query import parse_query
from cablescope.store.postgres import PostgresStore
from cablescope.store.postgres._words import WEIGHTS, tsquery
from cablescope.store.sqlite import SqliteStore


def timings(fn: Callable[[], object], runs: int) -> list[float]:
    """``runs`` timings of ``fn`` in ms, after one untimed warm-up call."""
    fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p(values: list[float], q: int) -> float:
    """The ``q``-th percentile of ``values``."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def bare(store: PostgresStore, words: str) -> Callable[[], object]:
    """The bare ranked tsquery of ``words`` on the store's tables."""
    root = parse_query(words).root
    assert root is not None
    q = tsquery(root)

    def run() -> object:
        with store._pool.connection() as conn:
            return conn.execute(
                "SELECT id FROM cables WHERE words @@ %s::tsquery"
                f" ORDER BY ts_rank_cd('{WEIGHTS}', words, %s::tsquery, 1) DESC LIMIT 20",
                (q, q),
            ).fetchall()

    return run


def fresh_postgres(url: str | None, n: int) -> str:
    """A URL of an empty database: ``url`` emptied, or a new one on the private server."""
    import psycopg

    assert CLUSTER is not None or url is not None
    if url is not None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
        return url
    name = f"bench_{n}"
    CLUSTER.admin(f"CREATE DATABASE {name}")  # type: ignore[union-attr]
    return CLUSTER.url(name)  # type: ignore[union-attr]


CLUSTER = None


def main() -> None:
    global CLUSTER
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an existing PostgreSQL database (emptied!)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    if args.url is None:
        from tests.postgres import Cluster, _bindir

        bindir = _bindir()
        assert bindir is not None, "PostgreSQL's server binaries are not installed"
        CLUSTER = Cluster(bindir)
        CLUSTER.start()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            lite: list[float] = []
            pg: list[float] = []
            url = ""
            for n in range(args.repeat):
                path = Path(tmp) / f"corpus{n}.db"
                start = time.perf_counter()
                with SqliteStore.open(str(path)) as store:
                    ingest([str(CORPUS)], store, workers=args.workers)
                lite.append(time.perf_counter() - start)
                url = fresh_postgres(args.url, n)
                start = time.perf_counter()
                with PostgresStore.open(url) as pstore:
                    ingest([str(CORPUS)], pstore, workers=args.workers)
                pg.append(time.perf_counter() - start)
                print(f"ingest run {n + 1}: SQLite {lite[-1]:.2f} s, PostgreSQL {pg[-1]:.2f} s")
            best_lite, best_pg = min(lite), min(pg)
            print(
                f"ingest best of {args.repeat}: SQLite {best_lite:.2f} s,"
                f" PostgreSQL {best_pg:.2f} s, ratio {best_pg / best_lite:.2f}x"
            )
            with SqliteStore.open(str(path)) as store, PostgresStore.open(url) as pstore:
                pstore.optimize()
                print()
                print(
                    "| query | matches | SQLite p50 ms | PostgreSQL p50 ms | bare tsquery p50 ms |"
                )
                print("|---|---|---|---|---|")
                every: dict[str, list[float]] = {"sqlite": [], "postgres": [], "bare": []}
                for query, words in QUERIES:
                    total = search(store, query).total
                    assert search(pstore, query).total == total, query
                    row = {
                        "sqlite": timings(lambda q=query: search(store, q), args.runs),
                        "postgres": timings(lambda q=query: search(pstore, q), args.runs),
                        "bare": timings(bare(pstore, words), args.runs),
                    }
                    for key, values in row.items():
                        every[key].extend(values)
                    cells = " | ".join(f"{statistics.median(v):.1f}" for v in row.values())
                    print(f"| `{query}` | {total:,} | {cells} |")
                print()
                print("| over all queries | SQLite | PostgreSQL | bare tsquery |")
                print("|---|---|---|---|")
                for q in (50, 95):
                    cells = " | ".join(f"{p(v, q):.1f}" for v in every.values())
                    print(f"| p{q} ms | {cells} |")
                ratio = p(every["postgres"], 95) / p(every["bare"], 95)
                print(f"PostgreSQL p95 / bare p95: {ratio:.2f}x")
    finally:
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if CLUSTER is not None:
            CLUSTER.stop()


if __name__ == "__main__":
    main()
