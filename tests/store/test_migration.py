"""Older schemas upgrade in place: version 2 (redaction counts), version 3 (resolved
entities), versions 5 and 6 (how sure the links of each alias are), version 7 (what entities
are computed from, for curation in place), version 8 (counts kept by triggers), version 9
(the index of the date order)."""

from __future__ import annotations

import dataclasses
import sqlite3
import zlib
from pathlib import Path

import orjson

from cablescope.query import parse_query
from cablescope.model import Cable
from cablescope.model.entity import AliasLinks
from cablescope.store import MemoryStore, SqliteStore, _codec, _schema
from tests.store.test_contract_links import CABLES as LINKED


V8_TABLES = ("entity_names",)
"""What schema version 8 added as tables (with columns of ``entities`` and
``entity_mentions``)."""

V7_TABLES = ("entity_alias_links", *V8_TABLES)
"""What schema version 7 added, and the later tables."""

V5_TABLES = ("inputs", *V7_TABLES)
"""What schema version 5 added (with the index ``readings_sha``), and the later tables."""

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
        before_version_9(conn)
        plain_records(conn)
        conn.execute("PRAGMA user_version = 2")


def plain_records(conn: sqlite3.Connection) -> None:
    """Write the records as cablescope wrote them before they were compressed: plain JSON,
    with the raw body in full."""
    rows = conn.execute("SELECT rid, record, text FROM cables").fetchall()
    for rid, blob, text in rows:
        d = orjson.loads(zlib.decompress(blob))
        if "cut" in d:
            d["raw"] = _codec._unedit(text, d["edits"], d.pop("cut"))
        conn.execute("UPDATE cables SET record = ? WHERE rid = ?", (orjson.dumps(d), rid))


def before_version_17(conn: sqlite3.Connection) -> None:
    """Take from a fresh database what version 17 added: the links of each alias by
    confidence and method."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(entity_alias_links)")}
    if "parts" in columns:
        conn.execute("ALTER TABLE entity_alias_links DROP COLUMN parts")


def before_version_13(conn: sqlite3.Connection) -> None:
    """Take from a fresh database what version 13 added: the resolution record (and what
    version 17 added)."""
    before_version_17(conn)
    for table in ("resolve_state", "resolve_facts", "resolve_holdings", "resolve_cables"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def before_version_12(conn: sqlite3.Connection) -> None:
    """Take from a fresh database what version 12 added: the dates of the entities' cables
    (when it still has them), and what came after."""
    before_version_13(conn)
    conn.execute("DROP INDEX IF EXISTS entity_cables_dated")
    columns = {row[1] for row in conn.execute("PRAGMA table_info(entity_cables)")}
    if "date" in columns:
        conn.execute("ALTER TABLE entity_cables DROP COLUMN date")


def before_version_11(conn: sqlite3.Connection) -> None:
    """Take from a fresh database what version 11 added, the counts per period, and what
    came after."""
    before_version_12(conn)
    for trigger in ("cable_periods_added", "cable_periods_removed", "cable_periods_changed",
                    "tag_periods_added", "tag_periods_removed"):  # fmt: skip
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE cable_periods")


def before_version_10(conn: sqlite3.Connection) -> None:
    """Take from a fresh database what version 10 added, the index of the date order, and
    what came after."""
    before_version_11(conn)
    conn.execute("DROP INDEX cables_date_key")


def before_version_9(conn: sqlite3.Connection) -> None:
    """Take from a fresh database what version 9 added, the counts kept by triggers, and
    what came after."""
    before_version_10(conn)
    for trigger in ("cable_counts_added", "cable_counts_removed", "cable_counts_changed",
                    "tag_counts_added", "tag_counts_removed", "reading_counts_added",
                    "reading_counts_removed"):  # fmt: skip
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE cable_counts")


def before_version_8(conn: sqlite3.Connection) -> None:
    """Take away what schema version 8 added (and the index of version 15 on its columns)."""
    conn.execute("DROP INDEX IF EXISTS entity_mentions_form")
    conn.execute("DROP TABLE entity_names")
    conn.execute("DELETE FROM store_meta WHERE key IN ('basis', 'applied', 'skipped')")
    for index in ("entities_label", "entities_base"):
        conn.execute(f"DROP INDEX {index}")
    for table, columns in (
        ("entities", ("label", "base")),
        ("entity_mentions", ("type", "surface", "assigned_confidence", "assigned_method")),
    ):
        for column in columns:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


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
        before_version_9(conn)
        conn.execute("PRAGMA user_version = 3")
    with SqliteStore.open(str(old)) as store:
        assert store.entities_state() == "none"
        assert [store.get_cable(c.id) for c in cables] == cables
        resolve_store(store)
        assert store.entities_state() == "fresh"
    fresh = tmp_path / "v4.db"
    SqliteStore.open(str(fresh)).close()
    assert schema(old) == schema(fresh)


def _resolved(path: Path) -> list[AliasLinks]:
    from cablescope.resolve import resolve_store

    with SqliteStore.open(str(path)) as store:
        with store.batch():
            for cable in LINKED:
                store.put(cable, [])
        resolve_store(store)
        return [a for e in store.entities() for a in store.alias_links(e.id)]


def test_version_6_counts_alias_links_from_the_stored_links(tmp_path: Path) -> None:
    """Schema version 7 (how sure the links of each alias are): a resolved version 6
    database has the links' keys, and counts them at once."""
    path = tmp_path / "v6.db"
    saved = _resolved(path)
    assert saved and any(not a.certain for a in saved)
    with sqlite3.connect(path) as conn:
        before_version_8(conn)
        conn.execute("DROP TABLE entity_alias_links")
        before_version_9(conn)
        conn.execute("PRAGMA user_version = 6")
    with SqliteStore.open(str(path)) as store:
        assert store.entities_state() == "fresh"
        assert [a for e in store.entities() for a in store.alias_links(e.id)] == saved
    assert _fresh_schema(tmp_path, path)


def test_links_resolved_before_version_6_show_as_stale(tmp_path: Path) -> None:
    """Links saved without keys (schema version 5) cannot be counted per alias: the
    entities show as stale until resolved again."""
    from cablescope.resolve import resolve_store

    path = tmp_path / "v5.db"
    saved = _resolved(path)
    with sqlite3.connect(path) as conn:
        before_version_8(conn)
        conn.execute("DROP TABLE entity_alias_links")
        conn.execute("DROP INDEX entity_mentions_alias")
        conn.execute("ALTER TABLE entity_mentions DROP COLUMN key")
        before_version_9(conn)
        conn.execute("PRAGMA user_version = 5")
    with SqliteStore.open(str(path)) as store:
        assert store.entities_state() == "stale"
        assert all(store.alias_links(e.id) == [] for e in store.entities())
        resolve_store(store)
        assert store.entities_state() == "fresh"
        assert [a for e in store.entities() for a in store.alias_links(e.id)] == saved
    assert _fresh_schema(tmp_path, path)


def _fresh_schema(tmp_path: Path, path: Path) -> bool:
    fresh = tmp_path / "fresh.db"
    SqliteStore.open(str(fresh)).close()
    return schema(path) == schema(fresh)


def test_version_7_keeps_its_entities_and_curates_by_a_full_resolution(tmp_path: Path) -> None:
    """Schema version 8 (what entities are computed from): a resolved version 7 database
    keeps its entities, fresh; having no basis, its next judgement applies by a full
    resolution, which keeps one, and the one after applies in place."""
    from cablescope.model.basis import Totals
    from cablescope.resolve.lookup import curate, rename_args

    path = tmp_path / "v7.db"
    saved = _resolved(path)
    with sqlite3.connect(path) as conn:
        before_version_8(conn)
        before_version_9(conn)
        conn.execute("PRAGMA user_version = 7")
    with SqliteStore.open(str(path)) as store:
        assert store.entities_state() == "fresh" and store.entity_names() is None
        assert [a for e in store.entities() for a in store.alias_links(e.id)] == saved
        person = store.entities("PER")[0]
        _, full = curate(store, "rename", rename_args(store, person.id, "Felipe Calderon H"))
        assert full is not None and store.entity_names() is not None
        _, done = curate(store, "rename", rename_args(store, "per:felipe-calderon-h", "FCH"))
        assert isinstance(done, Totals) and done.applied == 2
        assert [e.id for e in store.entities("PER") if e.name == "FCH"] == ["per:fch"]
    assert _fresh_schema(tmp_path, path)


def test_version_8_counts_the_stored_cables(tmp_path: Path, cables: list[Cable]) -> None:
    """Version 9 counts the cables already stored, and its triggers count those written
    after."""
    path = tmp_path / "v8.db"
    with SqliteStore.open(str(path)) as store, store.batch():
        for cable in cables[1:]:
            store.put(cable, [cable])
        expected = store.stats()
    with sqlite3.connect(path) as conn:
        before_version_9(conn)
        conn.execute("PRAGMA user_version = 8")
    with SqliteStore.open(str(path)) as store:
        assert store.stats() == expected
        store.put(cables[0], [cables[0]])
        assert store.stats().cables == len(cables)
    fresh = tmp_path / "fresh.db"
    SqliteStore.open(str(fresh)).close()
    assert schema(path) == schema(fresh)


def test_version_9_pages_by_date_from_an_index(tmp_path: Path, cables: list[Cable]) -> None:
    path = tmp_path / "v9.db"
    with SqliteStore.open(str(path)) as store, store.batch():
        for cable in cables:
            store.put(cable, [cable])
    with sqlite3.connect(path) as conn:
        before_version_10(conn)
        conn.execute("PRAGMA user_version = 9")
    with SqliteStore.open(str(path)) as store:
        newest = store.search_after(parse_query(""), 5, "newest")
        conn = store._conn
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM cables c"
            " ORDER BY coalesce(c.date, '') DESC, c.id DESC LIMIT 5"
        ).fetchall()
    assert "cables_date_key" in str(plan)
    dated = sorted(cables, key=lambda c: (c.date or "", c.id), reverse=True)
    assert [h.id for h in newest.hits] == [c.id for c in dated[:5]]
    fresh = tmp_path / "fresh.db"
    SqliteStore.open(str(fresh)).close()
    assert schema(path) == schema(fresh)


def test_version_11_dates_the_cables_of_its_entities(tmp_path: Path) -> None:
    """Version 12 gives each entity's cables their cable's date: the entities answer as
    before, and their pages read a window of their cables."""
    path = tmp_path / "v11.db"
    _resolved(path)
    with SqliteStore.open(str(path)) as store:
        before = {e.id: store.entity_detail(e.id) for e in store.entities()}
    with sqlite3.connect(path) as conn:
        before_version_12(conn)
        conn.execute("PRAGMA user_version = 11")
    with SqliteStore.open(str(path)) as store:
        assert {e.id: store.entity_detail(e.id) for e in store.entities()} == before
        undated = store._conn.execute(
            "SELECT count(*) FROM entity_cables ec JOIN cables c ON c.id = ec.cable_id"
            " WHERE ec.date IS NOT c.date"
        )
        assert undated.fetchone()[0] == 0
    assert _fresh_schema(tmp_path, path)


def test_version_10_counts_the_stored_cables_per_period(
    tmp_path: Path, cables: list[Cable]
) -> None:
    """Version 11 counts the cables already stored per period, and its triggers count those
    written after."""
    path = tmp_path / "v10.db"
    every = parse_query("")
    with SqliteStore.open(str(path)) as store, store.batch():
        for cable in cables[1:]:
            store.put(cable, [cable])
    with sqlite3.connect(path) as conn:
        before_version_11(conn)
        conn.execute("PRAGMA user_version = 10")
    reference = MemoryStore()
    for cable in cables:
        reference.put(cable, [cable])
    with SqliteStore.open(str(path)) as store:
        store.put(cables[0], [cables[0]])
        for group in (None, "origin", "class", "tag"):
            assert store.count_by(every, "month", group) == reference.count_by(
                every, "month", group
            )
    fresh = tmp_path / "fresh.db"
    SqliteStore.open(str(fresh)).close()
    assert schema(path) == schema(fresh)


def test_version_12_records_no_cable_until_resolved(tmp_path: Path, cables: list[Cable]) -> None:
    """Version 13 adds the resolution record, empty: every stored cable is unrecorded, and
    the record can be kept."""
    from cablescope.store.base import RecordedFact

    path = tmp_path / "v12.db"
    with SqliteStore.open(str(path)) as store, store.batch():
        for cable in cables:
            store.put(cable, [cable])
    with sqlite3.connect(path) as conn:
        before_version_13(conn)
        conn.execute("PRAGMA user_version = 12")
    with SqliteStore.open(str(path)) as store:
        assert store.unrecorded_cables() == sorted(c.id for c in cables)
        assert store.recorded_count() == 0 and store.record_state("model") is None
        fact = RecordedFact(bytes(16), "q", "k", "f", "a")
        store.hold_facts({cables[0].id: [fact]})
        assert store.held_facts([cables[0].id]) == {cables[0].id: {fact.digest}}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == _schema.LATEST
    assert _fresh_schema(tmp_path, path)


def _resolved_with(path: Path, cables: list[Cable]) -> SqliteStore:
    """A store at ``path`` holding ``cables``, resolved."""
    from cablescope.resolve import resolve_store

    store = SqliteStore.open(str(path))
    with store.batch():
        for cable in cables:
            store.put(cable, [cable])
    resolve_store(store)
    return store


def test_version_13_counts_alias_links_from_an_index(tmp_path: Path, cables: list[Cable]) -> None:
    """Version 14 replaces the index of links by entity and key with one holding what an
    alias's links are counted from; the resolved entities answer as before."""
    path = tmp_path / "v13.db"
    with _resolved_with(path, cables) as store:
        saved = [a for e in store.entities() for a in store.alias_links(e.id)]
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX entity_mentions_alias")
        conn.execute("CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id, key)")
        before_version_17(conn)
        conn.execute("PRAGMA user_version = 13")
    with SqliteStore.open(str(path)) as store:
        assert store.entities_state() == "fresh"
        assert [a for e in store.entities() for a in store.alias_links(e.id)] == saved
    with sqlite3.connect(path) as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT entity_id, key, confidence, method, count(*)"
            " FROM entity_mentions WHERE entity_id = 'x' AND key = 'y'"
            " GROUP BY entity_id, key, confidence, method"
        ).fetchall()
    assert "COVERING INDEX entity_mentions_alias" in str(plan)
    assert _fresh_schema(tmp_path, path)


def test_version_15_sums_forms_from_an_index_and_16_keeps_the_record(
    tmp_path: Path, cables: list[Cable]
) -> None:
    """Schema versions 15 and 16: a resolved version 14 database gains the index an entity's
    forms are summed from, and keeps its record's blobs in a table with row ids."""
    path = tmp_path / "v14.db"
    with _resolved_with(path, cables) as store:
        blobs = {name: store.record_state(name) for name in ("tables", "evidence")}
        tallied = store.entity_tallies([e.id for e in store.entities()])
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX entity_mentions_form")
        conn.execute("ALTER TABLE resolve_state RENAME TO resolve_state_rows")
        conn.execute(
            "CREATE TABLE resolve_state (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID"
        )
        conn.execute("INSERT INTO resolve_state SELECT * FROM resolve_state_rows")
        conn.execute("DROP TABLE resolve_state_rows")
        before_version_17(conn)
        conn.execute("PRAGMA user_version = 14")
    with SqliteStore.open(str(path)) as store:
        assert {name: store.record_state(name) for name in blobs} == blobs
        assert blobs["tables"] is not None
        assert store.entity_tallies(list(tallied)) == tallied
    with sqlite3.connect(path) as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT entity_id, key, surface, type, count(*)"
            " FROM entity_mentions WHERE entity_id IN ('x', 'y') GROUP BY entity_id, key, surface, type"
        ).fetchall()
        (ddl,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'resolve_state'"
        ).fetchone()
    assert "COVERING INDEX entity_mentions_form" in str(plan)
    assert "WITHOUT ROWID" not in ddl
    assert _fresh_schema(tmp_path, path)


def test_version_16_keeps_its_alias_links(tmp_path: Path) -> None:
    """Schema version 17 adds each alias's links by confidence and method, empty in the rows
    written before (a batch of new cables counts those it touches again: ``test_batch``)."""
    path = tmp_path / "v16.db"
    saved = _resolved(path)
    with sqlite3.connect(path) as conn:
        before_version_17(conn)
        conn.execute("PRAGMA user_version = 16")
        assert conn.execute("SELECT count(*) FROM entity_alias_links").fetchone()[0] > 0
    with SqliteStore.open(str(path)) as store:
        assert [a for e in store.entities() for a in store.alias_links(e.id)] == saved
    assert _fresh_schema(tmp_path, path)
