"""Benchmark: the page of the largest entity at N× the corpus, without resolving N copies.

Resolving 37 copies of the tagged corpus takes more than an hour here; the entity tables it
would give are, for timing the pages, the resolved 1× store's replicated: every link and
every (entity, cable) row once per copy with the cable id renumbered as
bench/scalecorpus.py renumbers it, and the counts of entities, aliases and co-mentions
multiplied by N. They are written into a copy of an ingested N× store (bench/scale.py's
``xN.db``), which is then opened as cablescope opens it (migrating it if older).

Timed, p50 / p95 of ``--repeat`` after one untimed call: the web entity page, its chart and
``/api/entities/ID`` through the app, ``entity_detail``, ``entity_timeline`` (what the chart
counts the first time) and, as the reference in the same run,
the query that read an entity's cables before they carried their dates (a join to the
cables table, one lookup per cable).

    python bench/entity_scale.py --tagged TAGGED_RESOLVED_1x.db --scaled xN.db --times N
        --work DIR [--repeat 10]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _renumber import renumber_id  # noqa: E402
from scale import timings  # noqa: E402

from cablescope.store.sqlite import SqliteStore  # noqa: E402

REPLICATED = ("entity_cables", "entity_mentions")
MULTIPLIED = {
    "entities": ("mentions", "cables"),
    "entity_aliases": ("count",),
    "entity_alias_links": ("mentions", "cables"),
    "entity_co": ("cables",),
    "entity_names": (),
    "entity_judgements": (),
}
BEFORE = (
    "SELECT c.id, substr(c.date, 1, 7) FROM entity_cables ec JOIN cables c ON c.id = ec.cable_id"
    " WHERE ec.entity_id = ? ORDER BY c.date IS NULL, c.date, c.id"
)


def replicate(tagged: Path, target: Path, times: int) -> None:
    """The entity tables of ``tagged`` (resolved) written ``times`` over into ``target``."""
    SqliteStore.open(str(tagged)).close()
    SqliteStore.open(str(target)).close()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.create_function(
        "renumbered", 2, lambda cid, k: renumber_id(cid, k) if k else cid, deterministic=True
    )
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("ATTACH ? AS src", (str(tagged),))
    conn.execute("BEGIN")
    for table in (*REPLICATED, *MULTIPLIED):
        conn.execute(f"DELETE FROM main.{table}")
    for table in (*REPLICATED, *MULTIPLIED):
        columns = [row[1] for row in conn.execute(f"PRAGMA src.table_info({table})")]
        names = ", ".join(f'"{c}"' for c in columns)
        if table in REPLICATED:
            picked = ", ".join("renumbered(cable_id, ?)" if c == "cable_id" else f'"{c}"'
                               for c in columns)  # fmt: skip
            for k in range(times):
                count = picked.count("?")
                conn.execute(
                    f"INSERT INTO main.{table} ({names}) SELECT {picked} FROM src.{table}",
                    [k] * count,
                )
        else:
            picked = ", ".join(f'"{c}" * {times}' if c in MULTIPLIED[table] else f'"{c}"'
                               for c in columns)  # fmt: skip
            conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {picked} FROM src.{table}")
    conn.execute(
        "INSERT OR REPLACE INTO main.store_meta (key, value)"
        " SELECT 'resolved', value FROM main.store_meta WHERE key = 'writes'"
    )
    conn.execute("COMMIT")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tagged", type=Path, required=True)
    parser.add_argument("--scaled", type=Path, required=True)
    parser.add_argument("--times", type=int, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    target = args.work / f"entities{args.times}.db"
    if not target.exists():
        started = time.perf_counter()
        shutil.copyfile(args.scaled, target)
        replicate(args.tagged, target, args.times)
        print(f"entity tables replicated {args.times}x in {time.perf_counter() - started:.0f} s")

    from fastapi.testclient import TestClient

    from cablescope.web import create_app

    with SqliteStore.open_readonly(str(target)) as store:
        largest = store.entities(top=1)[0]
        print(f"{largest.id}: {largest.cables:,} cables, {largest.mentions:,} links")
        conn = store._conn
        rows = {
            "reference: its cables joined to the cables table (before)": lambda: conn.execute(
                BEFORE, (largest.id,)
            ).fetchall(),
            "entity_detail (every cable, by date)": lambda: store.entity_detail(largest.id),
            "entity_timeline (the chart's months, uncached)": lambda: store.entity_timeline(
                largest.id
            ),
        }
        for what, call in rows.items():
            print(f"{what:<60} {timings(call, args.repeat).cell()}")
    client = TestClient(create_app(str(target)))
    for what, path in (
        ("web entity page", f"/entities/{largest.id}"),
        ("web entity page, cables 1,001-1,020", f"/entities/{largest.id}?start=1000"),
        (
            "web entity chart (months counted once, then cached)",
            f"/charts/entity/{largest.id}.svg",
        ),
        ("/api/entities/ID (every cable id)", f"/api/entities/{largest.id}"),
    ):
        print(f"{what:<60} {timings(lambda p=path: client.get(p), args.repeat).cell()}")


if __name__ == "__main__":
    main()
