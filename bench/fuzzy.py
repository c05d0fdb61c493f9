"""Benchmark: fuzzy words (``gaddafi~``) over the corpus, against the same search with their
spellings written out (``qadhafi OR qaddafi OR ...``) in the same run.

For each word: the spellings found and the cables matched; the median time of a first
search on a store just opened (the words that start alike read and spelt: as a
`cablescope search` pays it), of a search again on the same store (whose words it keeps,
as the web server answers), and of the written-out search. SQLite always (``--db``, opened read-only, or the
corpus ingested into a temporary file); PostgreSQL too with ``--url``.

    python bench/fuzzy.py [--db PATH] [--url postgresql://...] [--runs N]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from _corpus import corpus_store, median_ms

from cablescope.analysis.search import search
from cablescope.store import Database
from cablescope.store.sqlite import SqliteStore

WORDS = ["gaddafi~", "chavez~", "hussein~", "mohammed~", "osama~", "ahmadinejad~", "gaddafi~1"]


def table(name: str, make: Callable[[], Database], runs: int) -> None:
    """The rows of one store: ``make`` opens a new one (with nothing kept)."""
    store = make()
    print(f"\n{name}\n")
    print("| query | spellings | matches | first ms | again ms | written out ms |")
    print("|---|---|---|---|---|---|")
    for word in WORDS:
        found = search(store, word)
        (variants,) = found.query.variants
        spelt = " OR ".join(w for w, _ in variants.found)
        fresh: list[Database] = []

        def cold() -> None:
            while fresh:
                fresh.pop().close()
            fresh.append(make())

        first = median_ms(lambda: search(fresh[-1], word), runs=max(runs // 3, 3), before=cold)
        fresh.pop().close()
        again = median_ms(lambda: search(store, word), runs=runs)
        written = median_ms(lambda: search(store, spelt), runs=runs)
        print(
            f"| `{word}` | {len(variants.found)} | {found.total:,} | {first:.1f} | {again:.1f}"
            f" | {written:.1f} |"
        )
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--url")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if args.db is not None:
        table("SQLite", lambda: SqliteStore.open_readonly(str(args.db)), args.runs)
    else:
        with corpus_store(None) as store:
            path = store.path
            table("SQLite", lambda: SqliteStore.open_readonly(path), args.runs)
    if args.url:
        from cablescope.store.postgres import PostgresStore

        table("PostgreSQL", lambda: PostgresStore.open(args.url, max_size=2), args.runs)


if __name__ == "__main__":
    main()
