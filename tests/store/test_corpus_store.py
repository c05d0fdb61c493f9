"""The whole Cablegate corpus through the SQLite store: speed, search latency, consistency."""

from __future__ import annotations

import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from cablescope.analysis.search import search
from cablescope.model import Cable
from cablescope.store import SqliteStore

CORPUS_TAR = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "cablegate-html-2011-04.tar.gz"
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS_TAR.is_file(), reason="../shared corpus is not present"),
]

TYPICAL = [
    "juarez",
    '"ciudad juarez"',
    "juar*",
    "mexico OR brazil",
    "drug -mexico",
    "embassy",
    "tag:KCRM",
    "origin:mexico class:secret",
    "from:2009 to:2009-12 security",
    "nuclear iran tag:PREL class:noforn",
    "-the",
]


@pytest.fixture(scope="module")
def corpus_cables(make_page_cable: Callable[[str, bytes], Cable]) -> list[Cable]:
    found = []
    with tarfile.open(CORPUS_TAR, mode="r|gz") as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".html"):
                handle = tar.extractfile(member)
                assert handle is not None
                found.append(make_page_cable(member.name, handle.read()))
    return found


def test_the_corpus_goes_in_whole_and_answers(corpus_cables: list[Cable], tmp_path: Path) -> None:
    # How fast is for bench/ingest.py and bench/search.py; a timed test fails on a busy machine.
    assert len(corpus_cables) == 6712
    store = SqliteStore.open(str(tmp_path / "corpus.db"))
    with store.batch():
        for cable in corpus_cables:
            store.put(cable, [cable])
    assert store.count() == 6712

    known = store.known_shas(c.id for c in corpus_cables)
    assert all(known[c.id] == {c.sources[0].sha256} for c in corpus_cables)
    store._conn.execute("INSERT INTO cables_fts (cables_fts, rank) VALUES ('integrity-check', 1)")

    for q in TYPICAL:
        search(store, q)
    assert search(store, "09MEXICO2882").hits[0].id == "09MEXICO2882"
    assert search(store, "tag:KCRM origin:mexico").total >= 1
    store.close()
