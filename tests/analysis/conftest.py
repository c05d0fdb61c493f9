"""Search fixtures: the example pages as cables, plus a few made to test ranking and filters."""

from __future__ import annotations

import dataclasses
import hashlib
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablescope.model import Cable, SourceRef, Tag
from cablescope.store import MemoryStore, SqliteStore
from tests.pages import page_cable

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def made(base: Cable, cid: str, **changes: object) -> Cable:
    """A variant of a real cable under another id and source."""
    source = SourceRef("body", f"made/{cid}", hashlib.sha256(cid.encode()).hexdigest())
    return dataclasses.replace(base, id=cid, sources=(source,), **changes)  # type: ignore[arg-type]


def search_cables() -> list[Cable]:
    """Four real pages and five variants of them.

    ``09ZANZIBAR1`` names Zanzibar in its subject only, ``09ZANZIBAR2`` once in its
    text only (same length otherwise); ``09NOFORN1`` is SECRET//NOFORN from an
    origin with an accent; ``08JUAREZ1`` is undated.
    """
    pages = sorted((EXAMPLES / "html").glob("*.html"))
    real = [page_cable(p.name, p.read_bytes()) for p in pages]
    tehran = next(c for c in real if c.id == "79TEHRAN8980")
    filler = tehran.text
    return [
        *real,
        made(
            tehran,
            "09ZANZIBAR1",
            date="2009-05-01",
            subject="ZANZIBAR ELECTIONS",
            text=filler + " The island vote went ahead.",
        ),
        made(
            tehran,
            "09ZANZIBAR2",
            date="2009-05-02",
            subject="ISLAND ELECTIONS",
            text=filler + " The Zanzibar vote went ahead.",
        ),
        made(
            tehran,
            "09NOFORN1",
            date="2009-11-30",
            origin="Consulate Ciudad Juárez",
            classification="SECRET",
            handling=("NOFORN",),
            tags=(Tag("KCRM"), Tag("SNAR")),
            subject="VIOLENCE IN CIUDAD JUÁREZ",
            text="Ciudad Juárez saw 300 murders. C++ U.S.",
        ),
        made(
            tehran,
            "08JUAREZ1",
            date=None,
            origin="Consulate Ciudad Juarez",
            subject="JUAREZ MAQUILAS",
            text="Maquila jobs in Juarez fell.",
        ),
        made(
            tehran,
            "10MEXICO84",
            date="2010-01-29",
            subject="CASE-BY-CASE REVIEW",
            text="The case-by-case exchange of intelligence went on with Mexico.",
        ),
    ]


@pytest.fixture(scope="session")
def corpus() -> list[Cable]:
    return search_cables()


@pytest.fixture(scope="session", params=["sqlite", "memory"])
def searchable(
    request: pytest.FixtureRequest, corpus: list[Cable]
) -> Iterator[SqliteStore | MemoryStore]:
    """A store of each kind holding the search corpus."""
    store = SqliteStore.open(":memory:") if request.param == "sqlite" else MemoryStore()
    with store.batch():
        for cable in corpus:
            store.put(cable, [cable])
    yield store
    store.close()


@pytest.fixture(scope="session")
def sqlite_store(corpus: list[Cable]) -> Iterator[SqliteStore]:
    store = SqliteStore.open(":memory:")
    with store.batch():
        for cable in corpus:
            store.put(cable, [cable])
    yield store
    store.close()


@pytest.fixture(scope="session", params=["sqlite", "memory"])
def thread(
    request: pytest.FixtureRequest, thread_pages: Path
) -> Iterator[SqliteStore | MemoryStore]:
    """A store of each kind holding THREAD, read by the real pipeline."""
    from cablescope.pipeline.ingest import ingest

    store = SqliteStore.open(":memory:") if request.param == "sqlite" else MemoryStore()
    assert ingest([str(thread_pages)], store, workers=1).rejected == 0
    yield store
    store.close()


@pytest.fixture(scope="session", params=["sqlite", "memory"])
def examples(request: pytest.FixtureRequest) -> Iterator[SqliteStore | MemoryStore]:
    """A store of each kind holding examples/, read by the real pipeline without tagging."""
    from cablescope.pipeline.ingest import ingest

    store = SqliteStore.open(":memory:") if request.param == "sqlite" else MemoryStore()
    assert ingest([str(EXAMPLES)], store, workers=1).rejected == 0
    yield store
    store.close()


@pytest.fixture(scope="session", params=["sqlite", "memory"])
def mexico(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SqliteStore | MemoryStore]:
    """A store of each kind holding the 22 annotated Mexico bodies of the reveal corpus (their
    entities come from the inline marks)."""
    from cablescope.pipeline.ingest import ingest
    from tests.conftest import REVEAL_TAR

    if not REVEAL_TAR.is_file():
        pytest.skip("../shared corpus is not present")
    folder = tmp_path_factory.mktemp("mexico")
    with tarfile.open(REVEAL_TAR, "r|gz") as tar:
        for member in tar:
            if member.isfile() and member.name.startswith("annotated/") and "MEXICO" in member.name:
                handle = tar.extractfile(member)
                assert handle is not None
                (folder / Path(member.name).name).write_bytes(handle.read())
    store = SqliteStore.open(":memory:") if request.param == "sqlite" else MemoryStore()
    assert ingest([str(folder)], store, workers=1).rejected == 0
    yield store
    store.close()
