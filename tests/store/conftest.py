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


def example_cables() -> list[Cable]:
    """The example pages in examples/html as cables, sorted by id."""
    pages = sorted((EXAMPLES / "html").glob("*.html"))
    return [page_cable(str(p.relative_to(EXAMPLES)), p.read_bytes()) for p in pages]


@pytest.fixture(scope="session")
def cables() -> list[Cable]:
    found = example_cables()
    assert len(found) >= 4
    return found


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind."""
    made: Store
    made = MemoryStore() if request.param == "memory" else SqliteStore.open(str(tmp_path / "c.db"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def make_page_cable() -> object:
    """``page_cable`` itself, for tests that cut cables from other pages."""
    return page_cable
