"""A full resolution streamed through the store gives, on every store, what resolving in
memory and saving the whole Resolution gives: the same entities, links with their basis,
summaries and judgement counts, with the judgements re-applied."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablescope.model import Cable
from cablescope.resolve import resolve_store, steps
from cablescope.resolve.cluster import resolve
from cablescope.resolve.lookup import curate
from cablescope.store import MemoryStore, SqliteStore
from cablescope.store.base import Database
from tests.conftest import needs_shared
from tests.postgres import has_postgres, postgres_cluster, postgres_url
from tests.resolve.test_inplace import _random_judgement, cables, co_mentions_counted_ahead, state

__all__ = ["cables", "co_mentions_counted_ahead", "postgres_cluster", "postgres_url"]

pytestmark = needs_shared


def _store(kind: str, path: Path, request: pytest.FixtureRequest) -> Database:
    if kind == "memory":
        return MemoryStore()
    if kind == "sqlite":
        return SqliteStore.open(str(path))
    if not has_postgres():
        pytest.skip("PostgreSQL server binaries are not installed")
    from cablescope.store.postgres import PostgresStore

    cluster = request.getfixturevalue("postgres_cluster")
    return PostgresStore.open(cluster.url(cluster.create()))


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def pair(
    request: pytest.FixtureRequest, cables: list[Cable], tmp_path: Path
) -> Iterator[tuple[Database, Database]]:
    """Two stores of one kind holding ``cables``."""
    made = [_store(request.param, tmp_path / f"{n}.db", request) for n in ("a", "b")]
    for store in made:
        with store.batch():
            for cable in cables:
                store.put(cable, [cable])
    yield made[0], made[1]
    for store in made:
        store.close()


def _in_memory(store: Database) -> None:
    """Resolve ``store`` the way a whole resolution is made in memory, and save it whole."""
    store.save_resolution(resolve(store.iter_cables(), store.judgements()))


def test_a_streamed_resolution_is_the_one_made_in_memory(pair: tuple[Database, Database]) -> None:
    streamed, whole = pair
    done: list[int] = []
    totals = resolve_store(streamed, done.append)
    _in_memory(whole)
    assert state(streamed) == state(whole)
    assert sum(done) == steps(streamed) == 3 * streamed.count()
    assert totals == streamed.entity_totals() and totals.applied == totals.skipped == 0


def test_judgements_re_applied_by_a_streamed_resolution(pair: tuple[Database, Database]) -> None:
    streamed, whole = pair
    resolve_store(streamed)
    rng = random.Random(7)
    for _ in range(8):
        curate(streamed, *_random_judgement(streamed, rng), later=True)
    curate(streamed, "merge", ("no such entity", "nor this one"), later=True)
    for judgement in streamed.judgements():
        whole.add_judgement(judgement)
    totals = resolve_store(streamed)
    _in_memory(whole)
    assert state(streamed) == state(whole)
    assert totals.applied + totals.skipped == 9 and totals.skipped >= 1
