"""Writing merged cables and their readings to the SQLite schema, many at a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import TypeVar

from cablescope.model import Cable
from cablescope.store._rows import cable_rows

_T = TypeVar("_T")

INDEX_TABLES = ("cable_tags", "cable_refs", "cable_entities", "cable_redactions")
"""The tables that index a cable's fields by ``cable_id``, replaced with its record."""

BUMP = "UPDATE store_meta SET value = value + 1 WHERE key = 'writes'"
"""Counts a write of cables, so that resolved entities can tell they are older."""

CHUNK = 500
"""Most ids bound into one ``IN (...)`` list."""

DELETE_FTS = (
    "INSERT INTO cables_fts (cables_fts, rowid, id, subject, text)"
    " SELECT 'delete', rid, id, subject, text FROM cables WHERE rid"
)
_INSERT_FTS = "INSERT INTO cables_fts (rowid, id, subject, text) VALUES (?, ?, ?, ?)"
_COLUMNS = (
    "rid, id, date, year, month, origin, classification, marking, subject, signer,"
    " n_sources, text, record"
)
_UPSERT = (
    f"INSERT INTO cables ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (rid) DO UPDATE SET id = excluded.id, date = excluded.date,"
    " year = excluded.year, month = excluded.month, origin = excluded.origin,"
    " classification = excluded.classification, marking = excluded.marking,"
    " subject = excluded.subject, signer = excluded.signer, n_sources = excluded.n_sources,"
    " text = excluded.text, record = excluded.record"
)


def chunks(items: list[_T]) -> Iterator[list[_T]]:
    """``items`` in slices of at most CHUNK."""
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def marks(values: Sequence[object]) -> str:
    """As many ``?`` placeholders as ``values``, comma-separated."""
    return ",".join("?" * len(values))


def write(conn: sqlite3.Connection, items: list[tuple[Cable, tuple[Cable, ...]]]) -> None:
    """Upsert each (merged, readings) pair: cable row, FTS row, readings, tags, references.

    A cable already stored keeps its ``rid``; its FTS row is deleted with the old
    values first, and its readings, tags and references are replaced. Runs
    inside the caller's transaction; ids in ``items`` are distinct.
    """
    ids = [merged.id for merged, _ in items]
    existing: dict[str, int] = {}
    for chunk in chunks(ids):
        existing.update(
            conn.execute(
                f"SELECT id, rid FROM cables WHERE id IN ({marks(chunk)})",
                chunk,
            ).fetchall()
        )
    next_rid = (conn.execute("SELECT max(rid) FROM cables").fetchone()[0] or 0) + 1
    old = [(cid,) for cid in ids if cid in existing]
    if old:
        for rids in chunks([existing[cid] for (cid,) in old]):
            conn.execute(DELETE_FTS + f" IN ({marks(rids)})", rids)
        for table in ("readings", *INDEX_TABLES):
            conn.executemany(f"DELETE FROM {table} WHERE cable_id = ?", old)
    rows = cable_rows(items)
    upserts: list[tuple[object, ...]] = []
    fts_rows: list[tuple[object, ...]] = []
    for (merged, _), row in zip(items, rows.cables):
        cid = merged.id
        rid = existing.get(cid)
        if rid is None:
            rid = next_rid
            next_rid += 1
        upserts.append((rid, *row))
        fts_rows.append((rid, cid, merged.subject, merged.text))
    conn.executemany(_UPSERT, upserts)
    conn.executemany(_INSERT_FTS, fts_rows)
    for table, cols, data in rows.tables():
        insert = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks(cols)})"
        conn.executemany(insert, data)
    conn.execute(BUMP)
