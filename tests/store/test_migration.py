"""Schema version 3 (redaction counts): a version 2 database upgrades in place."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from cablescope.query import parse_query
from cablescope.model import Cable
from cablescope.store import SqliteStore, _schema


V5_TABLES = ("inputs",)
"""What schema version 5 added (with the index ``readings_sha``)."""

V4_TABLES = (
    "store_meta",
    "entities",
    "entity_aliases",
    "entity_mentions",
    "entity_cables",
    "entity_co",
    "entity_judgements",
)


def version_2(path: Path, cables: list[Cable]) -> None:
    """A database as cablescope wrote it at schema version 2: the same tables less
    ``cable_redactions``, filled with ``cables``."""
    with SqliteStore.open(str(path)) as store, store.batch():
        for cable in cables:
            store.put(cable, [cable])
    with sqlite3.connect(path) as conn:
        for table in ("cable_redactions", *V4_TABLES, *V5_TABLES):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP INDEX readings_sha")
        conn.execute("PRAGMA user_version = 2")


def schema(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return set(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql NOT NULL"))


def test_version_2_upgrades_in_place(tmp_path: Path, cables: list[Cable]) -> None:
    redacted = {c.id: len(c.redactions) for c in cables if c.redactions}
    assert redacted, "the example pages include a redacted cable"
    old = tmp_path / "v2.db"
    version_2(old, cables)
    assert _schema.LATEST >= 3
    with SqliteStore.open(str(old)) as store:
        assert store.matching(parse_query("redacted:yes")) == sorted(redacted)
        hits = store.search(parse_query("redacted:yes")).hits
        assert {h.id: h.redactions for h in hits} == redacted
        assert [store.get_cable(c.id) for c in cables] == cables
    with sqlite3.connect(old) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == _schema.LATEST
        rows = dict(conn.execute("SELECT cable_id, spans FROM cable_redactions"))
    assert rows == redacted
    fresh = tmp_path / "v3.db"
    SqliteStore.open(str(fresh)).close()
    assert schema(old) == schema(fresh)


def test_writes_keep_the_counts(tmp_path: Path, cables: list[Cable]) -> None:
    path = tmp_path / "c.db"
    with SqliteStore.open(str(path)) as store:
        for cable in cables:
            store.put(cable, [cable])
        target = next(c for c in cables if c.redactions)
        cleaned = dataclasses.replace(target, redactions=())
        store.put(cleaned, [cleaned])
        assert target.id not in store.matching(parse_query("redacted:yes"))
        store.put(target, [target])
        assert target.id in store.matching(parse_query("redacted:yes"))
        assert store.delete(target.id)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM cable_redactions").fetchone()[0] == 0


def test_version_3_upgrades_in_place(tmp_path: Path, cables: list[Cable]) -> None:
    """Schema version 4 (resolved entities): a version 3 database gains the tables, empty,
    and can be resolved."""
    from cablescope.resolve import resolve_store

    old = tmp_path / "v3.db"
    with SqliteStore.open(str(old)) as store, store.batch():
        for cable in cables:
            store.put(cable, [cable])
    with sqlite3.connect(old) as conn:
        for table in (*V4_TABLES, *V5_TABLES):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP INDEX readings_sha")
        conn.execute("PRAGMA user_version = 3")
    with SqliteStore.open(str(old)) as store:
        assert store.entities_state() == "none"
        assert [store.get_cable(c.id) for c in cables] == cables
        resolve_store(store)
        assert store.entities_state() == "fresh"
    fresh = tmp_path / "v4.db"
    SqliteStore.open(str(fresh)).close()
    assert schema(old) == schema(fresh)
