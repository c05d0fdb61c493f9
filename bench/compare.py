"""Benchmark: diff and redactions over the ingested corpus, against bare references in the
same run.

The corpus holds one source per cable, so the script adds two: the PlusD record of
10MEXICO83 from examples/, and a made-up re-release of the corpus' longest cable (every
40th sentence changed). The reference for ``diff`` is difflib's ``unified_diff`` over the
two texts' lines; for ``redactions``, the bare SQL that reads the same counts. Also the
V2 -> V3 schema migration (counting redactions inside SQLite) on a copy of the database.

    python bench/compare.py [--db PATH]   (ingests the corpus into a temporary file without
                                           --db; with --db the two sources are added there)
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import ROOT, corpus_store, median_ms

from cablescope.analysis.diff import diff
from cablescope.analysis.redactions import redactions
from cablescope.analysis.search import search
from cablescope.model import Cable, SourceRef
from cablescope.pipeline.ingest import ingest
from cablescope.pipeline.merge import merge
from cablescope.store.sqlite import SqliteStore

PLUSD = ROOT / "examples" / "plusd" / "10MEXICO83.md"


def rereleased(cable: Cable) -> Cable:
    """``cable`` as a second release: every 40th sentence rewritten, the rest rewrapped."""
    sentences = cable.text.split(". ")
    changed = [
        s.replace(" the ", " a ", 1) + " (as amended)" if i % 40 == 7 else s
        for i, s in enumerate(sentences)
    ]
    text = ".\n".join(changed)
    sha = hashlib.sha256(text.encode()).hexdigest()
    source = SourceRef("wikileaks-html", f"rerelease/{cable.id}.html", sha)
    return dataclasses.replace(cable, text=text, raw=text, edits=(), sources=(source,))


def longest(store: SqliteStore) -> str:
    return str(
        store._conn.execute("SELECT id FROM cables ORDER BY length(text) DESC").fetchone()[0]
    )


def bare_diff(a: str, b: str) -> list[str]:
    return list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=3))


def cli_ms(db: Path, *args: str, runs: int = 5) -> float:
    env = {**os.environ, "CABLESCOPE_DB": str(db)}
    command = [sys.executable, "-m", "cablescope", *args]
    return median_ms(
        lambda: subprocess.run(command, env=env, capture_output=True, check=True), runs
    )


def migration_ms(db: Path) -> float:
    """Open a copy of ``db`` taken back to schema version 2: the V3 migration's cost."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "v2.db"
        with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        with sqlite3.connect(copy) as conn:
            conn.execute("DROP TABLE cable_redactions")
            conn.execute("PRAGMA user_version = 2")
        start = time.perf_counter()
        SqliteStore.open(str(copy)).close()
        return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with corpus_store(args.db) as store:
        conn = store._conn
        db = Path(store.path)
        ingest([str(PLUSD)], store, workers=1)
        big = longest(store)
        original = store.readings(big)[0]
        twin = rereleased(original)
        store.put(merge([original, twin]), [original, twin])

        redacted = conn.execute("SELECT count(*), sum(spans) FROM cable_redactions").fetchone()
        print(f"{store.count()} cables, {redacted[0]} with redactions, {redacted[1]} spans\n")

        print("| diff | words | changed | cablescope ms | bare unified_diff ms |")
        print("|---|---|---|---|---|")
        for cid, exact in (("10MEXICO83", False), ("10MEXICO83", True), (big, False)):
            found = diff(store, cid, exact=exact)
            assert found is not None
            a, b = (store.readings(cid)[i].text for i in (0, 1))
            ours = median_ms(lambda c=cid, e=exact: diff(store, c, exact=e))
            bare = median_ms(lambda x=a, y=b: bare_diff(x, y))
            label = f"`{cid}`" + (" --exact" if exact else "")
            words = f"{found.text.words[0]:,}"
            changed = f"{found.text.deleted} / {found.text.inserted}"
            print(f"| {label} | {words} | {changed} | {ours:.1f} | {bare:.1f} |")

        top = str(
            conn.execute("SELECT cable_id FROM cable_redactions ORDER BY spans DESC").fetchone()[0]
        )
        print("\n| redactions | cables listed | spans | cablescope ms | bare SQL ms |")
        print("|---|---|---|---|---|")
        for query, runs in ((f"id:{top}", 30), ('origin:"Embassy Tripoli"', 10), ("", 3)):
            found_r = redactions(store, query)
            ours = median_ms(lambda q=query: redactions(store, q), runs)
            bare = median_ms(
                lambda: conn.execute("SELECT cable_id, spans FROM cable_redactions").fetchall()
            )
            label = f"`{query or '(all)'}`"
            print(
                f"| {label} | {len(found_r.cables)} | {found_r.spans} | {ours:.1f} | {bare:.2f} |"
            )

        print("\n| search | matches | cablescope ms |")
        print("|---|---|---|")
        for query in (
            "redacted:yes",
            'redacted:yes origin:"Embassy Tripoli"',
            "nuclear redacted:no",
        ):
            total = search(store, query).total
            print(f"| `{query}` | {total} | {median_ms(lambda q=query: search(store, q)):.1f} |")

        print(f"\nV2 -> V3 migration of the whole database: {migration_ms(db):.0f} ms")

        print("\n| whole command, fresh process | ms (median of 5) |")
        print("|---|---|")
        print(f"| `python -m cablescope --help` | {cli_ms(db, '--help'):.0f} |")
        print(f"| `cablescope diff 10MEXICO83` | {cli_ms(db, 'diff', '10MEXICO83'):.0f} |")
        print(f"| `cablescope diff {big} --json` | {cli_ms(db, 'diff', big, '--json'):.0f} |")
        print(f"| `cablescope redactions id:{top}` | {cli_ms(db, 'redactions', f'id:{top}'):.0f} |")


if __name__ == "__main__":
    main()
