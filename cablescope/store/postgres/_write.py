"""Writing merged cables and their readings to the PostgreSQL schema, many at a time, and
the locks that keep concurrent writers from losing each other's readings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import psycopg

from cablescope.model import Cable
from cablescope.store._rows import cable_rows
from cablescope.store.postgres._words import WORDS, columns

Conn = psycopg.Connection[tuple[Any, ...]]

INDEX_TABLES = ("cable_tags", "cable_refs", "cable_entities", "cable_redactions")
"""The tables that index a cable's fields by ``cable_id``, replaced with its record."""

BUMP = "SELECT nextval('cable_writes')"
"""Counts a write of cables, so that resolved entities can tell they are older."""

_COLUMNS = (
    "id, date, year, month, origin, classification, marking, subject, signer,"
    " n_sources, text, record, words"
)
_UPSERT = (
    f"INSERT INTO cables ({_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,{WORDS})"
    " ON CONFLICT (id) DO UPDATE SET date = excluded.date,"
    " year = excluded.year, month = excluded.month, origin = excluded.origin,"
    " classification = excluded.classification, marking = excluded.marking,"
    " subject = excluded.subject, signer = excluded.signer, n_sources = excluded.n_sources,"
    " text = excluded.text, record = excluded.record, words = excluded.words"
)


def lock_key(cable_id: str) -> int:
    """The advisory lock key of a cable id: a stable signed 64-bit hash."""
    digest = hashlib.blake2b(cable_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


ARCHIVE = 0x43424C57
"""The advisory lock key of the whole archive ("CBLW"): every transaction that locks
cables holds it shared; one that would lock more than ESCALATE cables holds it alone
instead."""

ESCALATE = 2_048
"""The most cables one transaction locks one by one. PostgreSQL keeps every lock in one
shared table of max_locks_per_transaction x max_connections entries (6,400 by default),
so a copy of a whole archive in one transaction would fill it; above ingest's batch of
1,500, a transaction takes the archive's lock instead, and waits for the other writers."""


@dataclass(slots=True)
class Held:
    """The cable locks one transaction holds."""

    keys: set[int] = field(default_factory=set)
    whole: bool = False


def lock(conn: Conn, cable_ids: list[str], held: Held | None = None) -> None:
    """Hold the write lock of each cable until the transaction ends, taken in key order so
    that two writers locking overlapping sets at once cannot deadlock; ``held``: what the
    transaction holds already (see ESCALATE)."""
    held = Held() if held is None else held
    if held.whole:
        return
    keys = {lock_key(cid) for cid in cable_ids} - held.keys
    if not keys:
        return
    if not held.keys:
        conn.execute("SELECT pg_advisory_xact_lock_shared(%s)", (ARCHIVE,))
    if len(held.keys) + len(keys) > ESCALATE:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (ARCHIVE,))
        held.whole = True
        return
    conn.execute(
        "SELECT count(pg_advisory_xact_lock(k))"
        " FROM (SELECT k FROM unnest(%s::bigint[]) AS k ORDER BY k) AS keys",
        (sorted(keys),),
    )
    held.keys |= keys


def write(conn: Conn, items: list[tuple[Cable, tuple[Cable, ...]]], held: Held | None = None
          ) -> None:  # fmt: skip
    """Upsert each (merged, readings) pair: cable row with its words, readings, tags,
    references, entity names and redactions. Runs inside the caller's transaction, with
    the cables locked; ids in ``items`` are distinct."""
    ids = [merged.id for merged, _ in items]
    lock(conn, ids, held)
    for table in ("readings", *INDEX_TABLES):
        conn.execute(f"DELETE FROM {table} WHERE cable_id = ANY(%s)", (ids,))
    rows = cable_rows(items)
    upserts = [
        (*row, *columns(merged.id, merged.subject, merged.text))
        for (merged, _), row in zip(items, rows.cables)
    ]
    with conn.cursor() as cur:
        cur.executemany(_UPSERT, upserts)
        for table, cols, data in rows.tables():
            marks = ",".join(["%s"] * len(cols))
            cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", data)
    conn.execute(BUMP)
