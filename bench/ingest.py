"""Benchmark: ingest the 6,712-page Cablegate corpus, against a bare baseline in the same run.

Baseline: stream the same .tar.gz, cut each page's body <pre> out with a regex
and insert it into an SQLite FTS5 table, in one transaction. cablescope: the full
`ingest` (detect, read, repair, parse, merge, store with FTS5) into a fresh
database. Target: cablescope <= 2x the baseline. Then the same ingest again into the same
database, where every file is unchanged: it must take a small fraction of the first.

    python bench/ingest.py [--corpus PATH] [--repeat N] [--workers N]
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cablescope.pipeline.ingest import ingest  # noqa: E402
from cablescope.store.sqlite import SqliteStore  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-html-2011-04.tar.gz"
PRE = re.compile(rb"<pre>(.*?)</pre>", re.S)


def baseline(corpus: Path, db: Path) -> tuple[float, int]:
    start = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE body USING fts5(id, text)")
    n = 0
    with con, tarfile.open(corpus, "r|gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".html"):
                continue
            page = tar.extractfile(member).read()  # type: ignore[union-attr]
            blocks = PRE.findall(page)
            if not blocks:
                continue
            con.execute(
                "INSERT INTO body VALUES (?, ?)",
                (member.name, blocks[-1].decode("utf-8", "replace")),
            )
            n += 1
    con.close()
    return time.perf_counter() - start, n


def cablescope(corpus: Path, db: Path, workers: int | None) -> tuple[float, int, int]:
    start = time.perf_counter()
    with SqliteStore.open(str(db)) as store:
        summary = ingest([str(corpus)], store, workers=workers)
        count = store.count()
    return time.perf_counter() - start, count, summary.rejected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")
    base_times, ours, again = [], [], []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            t, n = baseline(args.corpus, Path(tmp) / "baseline.db")
            base_times.append(t)
            t2, count, rejected = cablescope(args.corpus, Path(tmp) / "cablescope.db", args.workers)
            ours.append(t2)
            t3, _, _ = cablescope(args.corpus, Path(tmp) / "cablescope.db", args.workers)
            again.append(t3)
            print(
                f"run {i + 1}: baseline {t:.2f} s ({n} pages), "
                f"cablescope {t2:.2f} s ({count} cables, {rejected} rejected), "
                f"again unchanged {t3:.2f} s"
            )
    b, c = min(base_times), min(ours)
    print(
        f"best of {args.repeat}: baseline {b:.2f} s, cablescope {c:.2f} s, ratio {c / b:.2f}x "
        f"(target <= 2.00x); again unchanged {min(again):.2f} s, "
        f"{min(again) / c:.0%} of the first"
    )


if __name__ == "__main__":
    main()
