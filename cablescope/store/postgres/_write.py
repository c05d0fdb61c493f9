"""Writing merged cables and their readings to the PostgreSQL schema, many at a time, and
the locks that keep concurrent writers from losing each other's readings."""

from __future__ import annotations

import hashlib
from typing import Any

import psycopg

from cablescope.model import Cable
from cablescope.store import _codec
from cablescope.store.base import entity_names, marking, year_month
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


def lock(conn: Conn, cable_ids: list[str]) -> None:
    """Hold the write lock of each cable until the transaction ends, taken in key order so
    that two writers locking overlapping sets at once cannot deadlock."""
    keys = sorted({lock_key(cid) for cid in cable_ids})
    if keys:
        conn.execute(
            "SELECT count(pg_advisory_xact_lock(k))"
            " FROM (SELECT k FROM unnest(%s::bigint[]) AS k ORDER BY k) AS keys",
            (keys,),
        )


def write(conn: Conn, items: list[tuple[Cable, tuple[Cable, ...]]]) -> None:
    """Upsert each (merged, readings) pair: cable row with its words, readings, tags,
    references, entity names and redactions. Runs inside the caller's transaction, with
    the cables locked; ids in ``items`` are distinct."""
    ids = [merged.id for merged, _ in items]
    lock(conn, ids)
    for table in ("readings", *INDEX_TABLES):
        conn.execute(f"DELETE FROM {table} WHERE cable_id = ANY(%s)", (ids,))
    cable_rows: list[tuple[object, ...]] = []
    reading_rows: list[tuple[object, ...]] = []
    tag_rows: list[tuple[str, str]] = []
    ref_rows: list[tuple[str, str]] = []
    entity_rows: list[tuple[str, str, str, int]] = []
    redaction_rows: list[tuple[str, int]] = []
    for merged, readings in items:
        cid = merged.id
        year, month = year_month(merged.date)
        cable_rows.append(
            (
                cid,
                merged.date,
                year,
                month,
                merged.origin,
                merged.classification,
                marking(merged),
                merged.subject,
                merged.signer,
                len(merged.sources),
                merged.text,
                _codec.pack_merged(merged),
                *columns(cid, merged.subject, merged.text),
            )
        )
        for reading in readings:
            source = reading.sources[0]
            blob = _codec.pack_reading(reading, merged)
            reading_rows.append((cid, source.sha256, source.format, source.path, blob))
        tag_rows.extend((cid, code) for code in dict.fromkeys(t.code.upper() for t in merged.tags))
        ref_rows.extend(
            (cid, ref) for ref in dict.fromkeys(r.id for r in merged.references if r.id)
        )
        names = entity_names(merged)
        entity_rows.extend((cid, kind, name, n) for (kind, name), n in names.items())
        if merged.redactions:
            redaction_rows.append((cid, len(merged.redactions)))
    with conn.cursor() as cur:
        cur.executemany(_UPSERT, cable_rows)
        cur.executemany(
            "INSERT INTO readings (cable_id, sha256, format, path, record) VALUES (%s,%s,%s,%s,%s)",
            reading_rows,
        )
        cur.executemany("INSERT INTO cable_tags (cable_id, code) VALUES (%s, %s)", tag_rows)
        cur.executemany("INSERT INTO cable_refs (cable_id, ref_id) VALUES (%s, %s)", ref_rows)
        cur.executemany(
            "INSERT INTO cable_entities (cable_id, type, name, mentions) VALUES (%s,%s,%s,%s)",
            entity_rows,
        )
        cur.executemany(
            "INSERT INTO cable_redactions (cable_id, spans) VALUES (%s, %s)", redaction_rows
        )
    conn.execute(BUMP)
