"""Store fixtures: real cables cut from the example pages, and one store of each kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cablescope.model import Cable
from cablescope.store import MemoryStore, SqliteStore
from cablescope.store.base import Store

from tests.conftest import EXAMPLES
from tests.pages import page_cable
from tests.postgres import has_postgres, postgres_cluster, postgres_url

__all__ = ["postgres_cluster", "postgres_url"]


def example_cables() -> list[Cable]:
    """The example pages in examples/html as cables, sorted by id."""
    pages = sorted((EXAMPLES / "html").glob("*.html"))
    return [page_cable(str(p.relative_to(EXAMPLES)), p.read_bytes()) for p in pages]


@pytest.fixture(scope="session")
def cables() -> list[Cable]:
    found = example_cables()
    assert len(found) >= 4
    return found


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind."""
    made: Store
    if request.param == "memory":
        made = MemoryStore()
    elif request.param == "sqlite":
        made = SqliteStore.open(str(tmp_path / "c.db"))
    else:
        from cablescope.store.postgres import PostgresStore

        made = PostgresStore.open(request.getfixturevalue("postgres_url"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def backends(cables: list[Cable], request: pytest.FixtureRequest) -> Iterator[list[Store]]:
    """One store of each kind holding ``cables``, shared by the examples of property tests:
    the in-memory one first, PostgreSQL's where its server binaries are installed."""
    made: list[Store] = [MemoryStore(), SqliteStore.open(":memory:")]
    if has_postgres():
        from cablescope.store.postgres import PostgresStore

        cluster = request.getfixturevalue("postgres_cluster")
        made.append(PostgresStore.open(cluster.url(cluster.create())))
    for store in made:
        for cable in cables:
            store.put(cable, [cable])
    yield made
    for store in made:
        store.close()


@pytest.fixture(scope="session")
def make_page_cable() -> object:
    """``page_cable`` itself, for tests that cut cables from other pages."""
    return page_cable
