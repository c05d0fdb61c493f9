"""Fuzzy words on the Cablegate corpus: every cable of ../shared that holds a spelling of
Gaddafi or Chavez, or a word near them, read as `cablescope ingest` reads it, answers
``gaddafi~`` and ``chavez~`` with the spellings the whole corpus holds, in SQLite and in
PostgreSQL alike."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablescope.pipeline.ingest import ingest
from cablescope.query import parse_query
from cablescope.store import SqliteStore
from cablescope.store.base import Store
from tests.conftest import CORPUS_TAR, ROOT, corpus_pages
from tests.postgres import has_postgres

pytestmark = [
    pytest.mark.slow,
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS_TAR.is_file(), reason="../shared corpus is not present"),
]

WORDS = re.compile(
    rb"\b(qadhafi|qaddafi|gaddafi|gadhafi|kadafi|qadafi|qadhafa|chavez|chaves|chase|chaos"
    rb"|codify)\b",
    re.IGNORECASE,
)
"""The spellings of the two names in the corpus, and words near them."""

GADDAFI = (
    ("qadhafi", 303), ("qaddafi", 12), ("gaddafi", 8), ("gadhafi", 1), ("kadafi", 1),
    ("qadafi", 1), ("qadhafa", 1),
)  # fmt: skip
"""The spellings of Gaddafi in the 6,712 cables, and in how many cables each is."""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spellings")
    for name, page in corpus_pages():
        if WORDS.search(page):
            (folder / Path(name).name).write_bytes(page)
    return folder


@pytest.fixture(params=["sqlite", "postgres"])
def corpus(request: pytest.FixtureRequest, pages: Path, tmp_path: Path) -> Iterator[Store]:
    store: Store
    if request.param == "sqlite":
        store = SqliteStore.open(str(tmp_path / "spellings.db"))
    else:
        if not has_postgres():
            pytest.skip("PostgreSQL server binaries or psycopg are not installed")
        from cablescope.store.postgres import PostgresStore

        store = PostgresStore.open(request.getfixturevalue("postgres_url"))
    assert ingest([str(pages)], store, workers=1).rejected == 0
    yield store
    store.close()


def test_every_spelling_in_the_corpus_is_found(corpus: Store) -> None:
    for word in ("gaddafi~", "kadhafi~", "Qadhafi~0"):
        found = corpus.search(parse_query(word), limit=5)
        (variants,) = found.query.variants
        assert variants.found == GADDAFI and variants.more == 0, word
        assert found.total == 323 == len(corpus.matching(found.query))
    chavez = corpus.search(parse_query("chavez~")).query.variants[0]
    assert chavez.found == (("chavez", 402), ("chaves", 11))
    assert corpus.facets(parse_query("chavez~")).total == 413


def test_the_readme_shows_what_search_prints(corpus: Store) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = corpus.search(parse_query("gaddafi~ tripoli"))
    (variants,) = found.query.variants
    assert f"\n{variants}\n{found.total} matches\n" in readme


def test_one_more_letter_finds_more(corpus: Store) -> None:
    (wider,) = corpus.search(parse_query("gaddafi~1")).query.variants
    assert set(GADDAFI) < set(wider.found)
    assert ("codify", 15) in wider.found
    assert ("chase", 20) not in corpus.search(parse_query("chavez~1")).query.variants[0].found
