"""New cables resolved into the entities a store holds (``resolve.batch``) leave, after every
batch and on every store, what resolving all its cables again in full gives: the same
entities, links with their basis, summaries and co-mentions; and the record a full resolution
writes is the one batch after batch brings up to date."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablescope.model import Cable
from cablescope.resolve import resolve_store
from cablescope.resolve.batch import ready, resolve_new
from cablescope.resolve.cluster import Decide
from cablescope.resolve.incremental import stale
from cablescope.resolve.lookup import curate
from cablescope.resolve.record import NEAR, RESOLVER, Stored, load_tables, resolver
from cablescope.resolve.tables import Tables
from cablescope.store import SqliteStore
from cablescope.store.base import Database
from tests.conftest import needs_shared
from tests.postgres import postgres_cluster, postgres_url
from tests.resolve.test_inplace import cables, co_mentions_counted_ahead, state
from tests.resolve.test_record import reads_counted
from tests.resolve.test_stream import _store

__all__ = ["cables", "co_mentions_counted_ahead", "postgres_cluster", "postgres_url"]

pytestmark = needs_shared


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    """Two empty stores of one kind."""
    made = [_store(request.param, tmp_path / f"{n}.db", request) for n in ("a", "b")]
    yield made[0], made[1]
    for store in made:
        store.close()


def _put(store: Database, found: list[Cable]) -> None:
    with store.batch():
        for cable in found:
            store.put(cable, [cable])


def _tables(store: Database) -> Tables:
    tables = load_tables(store)
    assert tables is not None
    return tables


@pytest.mark.parametrize("seed", [0, 1])
def test_each_batch_leaves_the_entities_a_full_resolution_gives(
    pair: tuple[Database, Database], cables: list[Cable], seed: int
) -> None:
    batched, full = pair
    shuffled = cables[:]
    random.Random(seed).shuffle(shuffled)
    parts = [
        shuffled[: len(shuffled) // 2],
        *(shuffled[len(shuffled) // 2 :][i::3] for i in range(3)),
    ]
    _put(batched, parts[0])
    _put(full, parts[0])
    resolve_store(batched)
    again = 0
    for part in parts[1:]:
        _put(batched, part)
        _put(full, part)
        assert batched.entities_state() == "stale" and ready(batched)
        assert sorted(batched.unrecorded_cables()) == sorted(c.id for c in part)
        done = resolve_new(batched)
        assert done is not None and done.update.added == len(part)
        again += done.update.decided_again
        assert batched.entities_state() == "fresh" and batched.unrecorded_cables() == []
        resolve_store(full)
        assert state(batched) == state(full)
        assert _tables(batched) == _tables(full)
        assert stale(Stored(batched), Decide(_tables(batched))) == []
        assert batched.recorded_count() == full.recorded_count() == batched.count()
    assert 0 < again


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_aliases_stored_without_their_parts_are_counted_again(
    kind: str, cables: list[Cable], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Alias links written before their links were kept by confidence and method (SQLite
    schema 17, PostgreSQL 14) are counted again from every link when a batch touches them;
    the others keep no parts until then."""
    batched, full = (_store(kind, tmp_path / f"{n}.db", request) for n in ("a", "b"))
    with batched, full:
        _put(batched, cables[:20])
        resolve_store(batched)
        _sql(batched, tmp_path / "a.db", "UPDATE entity_alias_links SET parts = NULL")
        _put(batched, cables[20:])
        assert resolve_new(batched) is not None
        _put(full, cables[:20])
        _put(full, cables[20:])
        resolve_store(full)
        got, want = state(batched), state(full)
        for found in (got, want):
            tables = found["tables"]
            assert isinstance(tables, dict)
            tables["entity_alias_links"] = sorted(r[:-1] for r in tables["entity_alias_links"])
        assert got == want
        ((left, every),) = _sql(
            batched,
            tmp_path / "a.db",
            "SELECT count(*) - count(parts), count(*) FROM entity_alias_links",
        )
    assert 0 < left < every


def _sql(store: Database, path: Path, sql: str) -> list[tuple[object, ...]]:
    """Run ``sql`` on the database of ``store`` (SQLite at ``path``, or PostgreSQL)."""
    if isinstance(store, SqliteStore):
        with sqlite3.connect(path) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(getattr(store, "url"), autocommit=True) as conn:
        found = conn.execute(sql)
        return found.fetchall() if found.description else []


def test_a_store_that_is_not_ready_is_left_to_a_full_resolution(
    pair: tuple[Database, Database], cables: list[Cable]
) -> None:
    store, _ = pair
    _put(store, cables[:10])
    assert resolve_new(store) is None  # never resolved
    resolve_store(store)
    assert ready(store)
    _put(store, cables[10:12])
    _put(store, cables[:1])  # a recorded cable written again clears the record
    assert not ready(store) and resolve_new(store) is None
    resolve_store(store)
    assert ready(store)
    curate(store, "rename", (store.entities(top=1)[0].name, "Some Other Name"))
    _put(store, cables[12:14])
    assert not ready(store) and resolve_new(store) is None


def test_a_record_another_resolver_wrote_is_left_to_a_full_resolution(
    pair: tuple[Database, Database], cables: list[Cable]
) -> None:
    # A store resolved by an earlier release: its facts were decided by other rules.
    store, fresh = pair
    _put(store, cables[:10])
    resolve_store(store)
    assert store.record_state(RESOLVER) == resolver()
    store.save_record_states({RESOLVER: b"an earlier resolver"})
    _put(store, cables[10:12])
    assert not ready(store) and resolve_new(store) is None
    resolve_store(store)
    assert ready(store) and store.record_state(RESOLVER) == resolver()
    for part in (cables[:10], cables[10:12]):
        _put(fresh, part)
        resolve_store(fresh)
    assert state(store) == state(fresh)


def test_a_batch_reads_the_names_around_full_names_it_needs_in_bulk(
    pair: tuple[Database, Database], cables: list[Cable]
) -> None:
    store, _ = pair
    _put(store, cables[:15])
    resolve_store(store)
    _put(store, cables[15:])
    asked = reads_counted(store)
    done = resolve_new(store)
    assert done is not None
    near = [names for names in asked if names and names[0].startswith(NEAR)]
    assert all(name.startswith(NEAR) for names in near for name in names)
    # Read a cable's people at a time (and the batch's, and the evidence's, at once), and
    # only what decisions read: not the whole table.
    decided = done.update.added + done.update.decided_again
    assert 0 < len(near) <= 3 + decided
    assert len(near) < sum(map(len, near)) < len(_tables(store).near)
