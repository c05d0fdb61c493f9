"""What only the PostgreSQL store has: a server to reach, schema versions in a table,
words compiled to tsvector and tsquery, and pooled connections shared by threads."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from cablescope.errors import StoreBusy, StoreError
from cablescope.model import Cable
from cablescope.query import parse_query
from tests.postgres import Cluster

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (the postgres extra)")


def test_schema_version_is_tracked_and_a_newer_one_refused(postgres_url: str) -> None:
    from cablescope.store.postgres import PostgresStore
    from cablescope.store.postgres._schema import LATEST

    PostgresStore.open(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT max(version) FROM cablescope_schema").fetchone() == (LATEST,)
        conn.execute("INSERT INTO cablescope_schema (version) VALUES (%s)", (LATEST + 1,))
    with pytest.raises(StoreError, match=f"schema version {LATEST + 1}"):
        PostgresStore.open(postgres_url)


def before_version_14(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Take from a fresh database what version 14 added: the links of each alias by
    confidence and method."""
    conn.execute("ALTER TABLE entity_alias_links DROP COLUMN IF EXISTS parts")


def before_version_11(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Take from a fresh database what version 11 added: the resolution record (and what
    version 14 added)."""
    before_version_14(conn)
    conn.execute("DROP TABLE resolve_state, resolve_facts, resolve_holdings, resolve_cables")


def before_version_10(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Take from a fresh database what versions 10 and 11 added: the index of the strong
    words and the resolution record."""
    before_version_11(conn)
    conn.execute("DROP INDEX cables_strong")


def before_version_9(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Take from a fresh database what versions 9 and 10 added: the dates of the entities'
    cables and the index of the strong words."""
    before_version_10(conn)
    conn.execute("DROP INDEX entity_cables_dated")
    conn.execute("ALTER TABLE entity_cables DROP COLUMN date")


def before_version_8(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Take from a fresh database what versions 8 and 9 added: the words fuzzy terms read."""
    before_version_9(conn)
    conn.execute("DROP TRIGGER cable_words_written ON cables")
    conn.execute("DROP FUNCTION cablescope_words_written")
    conn.execute("DROP TABLE cable_words, cable_words_pending")


def before_version_7(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Take from a fresh database what versions 7 and 8 added: the counts' deltas (folded
    in after each batch, so none is lost) and the words."""
    before_version_8(conn)
    conn.execute("DROP FUNCTION cablescope_fold_counts")
    conn.execute("DROP TABLE cable_counts_delta, cable_periods_delta")


def before_version_6(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Take from a fresh database what versions 6 and 7 added: the counts per period."""
    before_version_7(conn)
    conn.execute("DROP TRIGGER cable_periods_written ON cables")
    conn.execute("DROP TRIGGER tag_periods_added ON cable_tags")
    conn.execute("DROP TRIGGER tag_periods_removed ON cable_tags")
    conn.execute(
        "DROP FUNCTION cablescope_period_cables, cablescope_period_tags_added,"
        " cablescope_period_tags_removed"
    )
    conn.execute("DROP TABLE cable_periods")


def stored_at_version(
    url: str,
    cables: list[Cable],
    version: int,
    before: Callable[[psycopg.Connection[tuple[object, ...]]], None],
) -> None:
    """``cables`` stored at ``url``, then the schema taken back to ``version`` by ``before``
    (which takes away what the later versions added)."""
    from cablescope.store.postgres import PostgresStore

    with PostgresStore.open(url) as store:
        for cable in cables:
            store.put(cable, [cable])
    with psycopg.connect(url, autocommit=True) as conn:
        before(conn)
        conn.execute("DELETE FROM cablescope_schema")
        conn.execute("INSERT INTO cablescope_schema (version) VALUES (%s)", (version,))


def test_version_5_counts_the_stored_cables_per_period(
    postgres_url: str, cables: list[Cable]
) -> None:
    """Version 6 counts the cables already stored per period, and its triggers those
    written after."""
    from cablescope.store import MemoryStore
    from cablescope.store.postgres import PostgresStore

    every = parse_query("")
    stored_at_version(postgres_url, cables[1:], 5, before_version_6)
    reference = MemoryStore()
    for cable in cables:
        reference.put(cable, [cable])
    with PostgresStore.open(postgres_url) as store:
        store.put(cables[0], [cables[0]])
        for group in (None, "origin", "class", "tag"):
            assert store.count_by(every, "month", group) == reference.count_by(
                every, "month", group
            )


def test_version_7_keeps_the_words_of_the_stored_cables(
    postgres_url: str, cables: list[Cable]
) -> None:
    """Version 8 reads the words of the cables already stored, for fuzzy terms, and its
    trigger and fold keep those of the cables written after."""
    from cablescope.store.postgres import PostgresStore

    stored_at_version(postgres_url, cables[1:], 7, before_version_8)
    with PostgresStore.open(postgres_url) as store:
        assert store.search(parse_query("juares~")).query.variants[0].found == (("juarez", 1),)
        late = dataclasses.replace(cables[0], id="09CONAKRY9", text="Kadafi and Qadhafi.")
        store.put(late, [])
        (found,) = store.search(parse_query("gaddafi~")).query.variants
        assert found.found == (("kadafi", 1), ("qadhafi", 1))
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM cable_words_pending").fetchone() == (0,)
        digits = conn.execute("SELECT count(*) FROM cable_words WHERE word ~ '[0-9]'")
        assert digits.fetchone() == (0,)
        held = conn.execute("SELECT count(*) FROM cable_words WHERE word = ANY(%s)",
                            (["juarez", "kadafi", "mexico", "the"],))  # fmt: skip
        assert held.fetchone() == (4,)


def test_version_9_indexes_the_id_and_subject_words(postgres_url: str, cables: list[Cable]) -> None:
    from cablescope.store.postgres import PostgresStore

    stored_at_version(postgres_url, cables, 9, before_version_10)
    PostgresStore.open(postgres_url).close()
    with psycopg.connect(postgres_url) as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(
            str(row[0])
            for row in conn.execute(
                "EXPLAIN SELECT rid FROM cables c WHERE ts_filter(c.words, '{a,b}') @@ 'the'"
            )
        )
        assert "cables_strong" in plan
        subject = conn.execute(
            "SELECT count(*) FROM cables c WHERE ts_filter(c.words, '{a,b}') @@ 'the'"
        ).fetchone()
        weighted = conn.execute("SELECT count(*) FROM cables WHERE words @@ 'the:AB'").fetchone()
    assert subject == weighted


def test_version_10_records_no_cable_until_resolved(postgres_url: str, cables: list[Cable]) -> None:
    """Version 11 adds the resolution record, empty: every stored cable is unrecorded."""
    from cablescope.store.base import RecordedFact
    from cablescope.store.postgres import PostgresStore
    from cablescope.store.postgres._schema import LATEST

    stored_at_version(postgres_url, cables, 10, before_version_11)
    with PostgresStore.open(postgres_url) as store:
        assert store.unrecorded_cables() == sorted(c.id for c in cables)
        assert store.recorded_count() == 0 and store.record_state("model") is None
        fact = RecordedFact(bytes(range(16)), "q", "k", "f", "a")
        store.hold_facts({cables[0].id: [fact]})
        assert list(store.every_recorded_fact()) == [fact]
    with psycopg.connect(postgres_url) as conn:
        versions = conn.execute("SELECT max(version) FROM cablescope_schema").fetchone()
    assert versions == (LATEST,)


def test_version_8_dates_the_cables_of_its_entities(postgres_url: str, cables: list[Cable]) -> None:
    """Version 9 gives each entity's cables their cable's date: the entities answer as
    before."""
    from cablescope.resolve import resolve_store
    from cablescope.store.postgres import PostgresStore

    with PostgresStore.open(postgres_url) as store:
        for cable in cables:
            store.put(cable, [cable])
        resolve_store(store)
        before = {e.id: store.entity_detail(e.id) for e in store.entities()}
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        before_version_9(conn)
        conn.execute("DELETE FROM cablescope_schema")
        conn.execute("INSERT INTO cablescope_schema (version) VALUES (8)")
    with PostgresStore.open(postgres_url) as store:
        assert {e.id: store.entity_detail(e.id) for e in store.entities()} == before
    with psycopg.connect(postgres_url) as conn:
        undated = conn.execute(
            "SELECT count(*) FROM entity_cables ec JOIN cables c ON c.id = ec.cable_id"
            " WHERE ec.date IS DISTINCT FROM c.date"
        )
        assert undated.fetchone() == (0,)


def test_version_4_counts_the_stored_cables(postgres_url: str, cables: list[Cable]) -> None:
    """Version 5 counts the cables already stored, and its triggers those written after."""
    from cablescope.store.postgres import PostgresStore

    with PostgresStore.open(postgres_url) as store:
        for cable in cables[1:]:
            store.put(cable, [cable])
        expected = store.stats()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        before_version_6(conn)
        conn.execute("DROP TRIGGER cable_counts_written ON cables")
        conn.execute("DROP TRIGGER reading_counts_written ON readings")
        conn.execute("DROP TRIGGER tag_counts_written ON cable_tags")
        conn.execute(
            "DROP FUNCTION cablescope_count_cables, cablescope_count_readings, cablescope_count_tags"
        )
        conn.execute("DROP TABLE cable_counts")
        conn.execute("DELETE FROM cablescope_schema")
        conn.execute("INSERT INTO cablescope_schema (version) VALUES (4)")
    with PostgresStore.open(postgres_url) as store:
        assert store.stats() == expected
        store.put(cables[0], [cables[0]])
        assert store.stats().cables == len(cables)


def test_a_server_that_is_not_there_is_one_line(postgres_cluster: Cluster) -> None:
    from cablescope.store.postgres import PostgresStore

    url = f"postgresql://postgres:secret@127.0.0.1:{postgres_cluster.port}/no_such_db"
    with pytest.raises(StoreError) as caught:
        PostgresStore.open(url)
    message = str(caught.value)
    assert "no_such_db" in message and "secret" not in message and "\n" not in message


def test_reopening_keeps_everything(postgres_url: str, cables: list[Cable]) -> None:
    from cablescope.store.postgres import PostgresStore

    with PostgresStore.open(postgres_url) as store:
        for cable in cables:
            store.put(cable, [cable])
    with PostgresStore.open(postgres_url) as store:
        assert [c.id for c in store.iter_cables()] == sorted(
            (c.id for c in cables), key=lambda i: next(c.date for c in cables if c.id == i) or ""
        )
        assert store.get_cable(cables[0].id) == cables[0]


def test_words_are_cablescopes_tokens() -> None:
    from cablescope.query import Term
    from cablescope.store.postgres._words import term, tsvector

    assert tsvector("09MEXICO1", "U.S. visit", "Ciudad Juárez, e-mail") == (
        "'09mexico1':1A 'u':3B 's':4B 'visit':5B 'ciudad':7 'juarez':8 'e':9 'mail':10"
    )
    assert term(Term("Ciudad Juá", phrase=True, prefix=True, column="subject")) == (
        "('ciudad':B <-> 'jua':*B)"
    )


def test_threads_read_through_the_pool(postgres_url: str, cables: list[Cable]) -> None:
    from cablescope.store.postgres import PostgresStore

    with PostgresStore.open(postgres_url, max_size=4) as store:
        for cable in cables:
            store.put(cable, [cable])
        queries = ["embassy", "tag:PREL", "guinea OR cairo", "-origin:mexico"] * 8
        with ThreadPoolExecutor(8) as pool:
            totals = list(pool.map(lambda q: store.search(parse_query(q)).total, queries))
        assert totals == [store.search(parse_query(q)).total for q in queries]


def test_writers_at_once_never_wait_on_each_other_for_the_counts(
    postgres_url: str, cables: list[Cable]
) -> None:
    """Many batches at once, each writing cables of many years in its own order, neither
    deadlock nor lose a count: writers only add deltas, folded in by one at a time."""
    import dataclasses
    import random

    from cablescope.store import MemoryStore
    from cablescope.store.postgres import PostgresStore

    made = [
        dataclasses.replace(c, id=f"{c.id}X{i}", date=f"{1970 + (i * 7 + k) % 40}-0{1 + i % 9}-01")
        for i in range(60)
        for k, c in enumerate(cables)
    ]
    reference = MemoryStore()
    for cable in made:
        reference.put(cable, [cable])

    def write(share: list[Cable]) -> None:
        random.Random(len(share)).shuffle(share)
        for i in range(0, len(share), 12):
            with store.batch():
                for cable in share[i : i + 12]:
                    store.put(cable, [cable])

    with PostgresStore.open(postgres_url, max_size=8) as store:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(write, [made[k::4] for k in range(4)]))
        every = parse_query("")
        assert store.stats() == reference.stats()
        for group in (None, "origin", "class", "tag"):
            assert store.count_by(every, "year", group) == reference.count_by(every, "year", group)
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM cable_counts_delta").fetchone() == (0,)


def test_a_writer_that_waits_too_long_on_a_lock_is_busy(postgres_url: str) -> None:
    import psycopg

    from cablescope.store.postgres import PostgresStore

    with PostgresStore.open(postgres_url) as store:
        held = psycopg.connect(postgres_url)
        try:
            held.execute("BEGIN")
            held.execute("LOCK TABLE problems IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(StoreBusy, match="busy with another writer"):
                with store._errors(), store._use() as conn:
                    conn.execute("SET lock_timeout = '100ms'")
                    conn.execute("SELECT count(*) FROM problems")
        finally:
            held.rollback()
            held.close()


def test_a_batch_of_more_cables_than_it_locks_one_by_one_takes_the_archive(
    postgres_url: str, cables: list[Cable], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A transaction writing more than ESCALATE cables (a copy of a whole archive) holds
    one lock, not one per cable: PostgreSQL's lock table is shared and small (6,400 by
    default), and filled it failed with "out of shared memory". Another writer waits for it,
    and everything is written."""
    import threading

    from cablescope.store.postgres import PostgresStore, _write

    monkeypatch.setattr(_write, "ESCALATE", 4)
    made = [dataclasses.replace(c, id=f"{c.id}L{i}") for i in range(3) for c in cables]
    other = dataclasses.replace(cables[0], id="99OTHER1")

    def advisory(pid: int) -> list[tuple[str, bool]]:
        with psycopg.connect(postgres_url) as watch:
            rows = watch.execute(
                "SELECT mode, granted FROM pg_locks WHERE locktype = 'advisory' AND pid = %s",
                (pid,),
            ).fetchall()
        return [(str(mode), bool(granted)) for mode, granted in rows]

    with PostgresStore.open(postgres_url, max_size=4) as store:
        done = threading.Event()
        with store.batch():
            for cable in made:
                store.put(cable, [cable])
            store._flush()
            with store._use() as conn:
                pid = conn.info.backend_pid
                held = advisory(pid)
            assert len(made) > _write.ESCALATE
            assert len(held) <= _write.ESCALATE + 2
            assert ("ExclusiveLock", True) in held

            def write_other() -> None:
                with PostgresStore.open(postgres_url) as second:
                    second.put(other, [other])
                done.set()

            writer = threading.Thread(target=write_other)
            writer.start()
            assert not done.wait(0.5), "a writer went on while the archive was locked"
        writer.join(10)
        assert done.is_set()
        assert store.count() == len(made) + 1


def test_counts_are_remembered_only_while_nothing_is_written(
    postgres_url: str, cables: list[Cable]
) -> None:
    """The count of a query's matches is kept for the snapshot it was taken in: a write by
    another store, or by the same store inside its batch, is counted at once."""
    from cablescope.store.postgres import PostgresStore

    query = parse_query("the")
    with PostgresStore.open(postgres_url) as store, PostgresStore.open(postgres_url) as other:
        for cable in cables[:2]:
            store.put(cable, [cable])
        first = store.search(query).total
        assert first == store.search(query).total == store.facets(query).total
        added = dataclasses.replace(cables[0], id="99OTHER2")
        other.put(added, [added])
        assert store.search(query).total == first + 1
        with store.batch():
            more = dataclasses.replace(cables[0], id="99OTHER3")
            store.put(more, [more])
            assert store.search(query).total == first + 2
            again = dataclasses.replace(cables[0], id="99OTHER4")
            store.put(again, [again])
            assert store.search(query).total == first + 3
        assert store.search(query).total == first + 3


def test_version_13_keeps_its_alias_links(postgres_url: str, cables: list[Cable]) -> None:
    """Version 14 adds each alias's links by confidence and method, empty in the rows written
    before (a batch of new cables counts those it touches again: ``test_batch``)."""
    from cablescope.store.postgres import PostgresStore
    from cablescope.store.postgres._schema import LATEST

    stored_at_version(postgres_url, cables, 13, before_version_14)
    with PostgresStore.open(postgres_url) as store:
        assert store.count() == len(cables)
    with psycopg.connect(postgres_url) as conn:
        versions = conn.execute("SELECT max(version) FROM cablescope_schema").fetchone()
        column = conn.execute(
            "SELECT count(*) FROM information_schema.columns"
            " WHERE table_name = 'entity_alias_links' AND column_name = 'parts'"
        ).fetchone()
    assert versions == (LATEST,) and column == (1,)
