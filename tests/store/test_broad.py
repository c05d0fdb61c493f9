"""Broad queries on SQLite are answered from a bounded set of candidates: the bounds lowered
here so that a twentieth of the corpus crosses them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest

from cablescope.model import Cable
from cablescope.query import parse_query
from cablescope.store import SqliteStore, _sqlfacets, _sqlsearch
from cablescope.store.base import Facets, FacetEntity, Store
from tests.conftest import CORPUS_TAR, corpus_pages

_Store = TypeVar("_Store", bound=Store)

pytestmark = pytest.mark.skipif(not CORPUS_TAR.is_file(), reason="../shared corpus is not present")


@pytest.fixture(scope="module")
def store(
    make_page_cable: Callable[[str, bytes], Cable], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SqliteStore]:
    made = SqliteStore.open(str(tmp_path_factory.mktemp("broad") / "c.db"))
    yield filled(made, make_page_cable)
    made.close()


def filled(store: _Store, make_page_cable: Callable[[str, bytes], Cable]) -> _Store:
    """``store`` holding every twentieth page of the corpus."""
    with store.batch():
        for name, data in corpus_pages(every=20):
            cable = make_page_cable(name, data)
            store.put(cable, [cable])
    return store


def rids(store: SqliteStore, words: str, column: str = "") -> dict[int, str]:
    rows = store._conn.execute(
        "SELECT c.rid, c.id FROM cables_fts CROSS JOIN cables c ON c.rid = cables_fts.rowid"
        " WHERE cables_fts MATCH ?",
        (f"{column}({words})",),
    )
    return dict(rows.fetchall())


def test_a_broad_query_ranks_its_strongest_matches_and_an_even_sample(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = parse_query("the")
    exact = store.search(query, limit=1000)
    matches = rids(store, '"the"')
    assert exact.total == len(matches) > 200
    monkeypatch.setattr(_sqlsearch, "BROAD", 50)
    bounded = store.search(query, limit=1000)
    assert bounded.total == exact.total
    step = -(-len(matches) // 25)
    strong = rids(store, '"the"', "{id subject} : ")
    # The strongest 25: those of the first rows (as FTS5 returns them, by rowid).
    expected = {cid for rid, cid in matches.items() if rid % step == 0} | {
        strong[rid] for rid in sorted(strong)[:25]
    }
    assert {h.id for h in bounded.hits} == expected
    ranks = [h.score for h in bounded.hits]
    assert ranks == sorted(ranks, reverse=True)
    # The candidates keep their exact order among themselves.
    assert [h.id for h in bounded.hits] == [h.id for h in exact.hits if h.id in expected]
    page = store.search_after(query, 20)
    assert [h.id for h in page.hits] == [h.id for h in bounded.hits[:20]]
    assert page.total == exact.total


def test_a_narrow_query_is_ranked_whole(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = parse_query("juarez OR mugabe")
    exact = store.search(query, limit=100)
    monkeypatch.setattr(_sqlsearch, "BROAD", exact.total)
    assert store.search(query, limit=100) == exact


@pytest.mark.parametrize("text", ["the", "embassy -the", "the origin:mexico", "secret*"])
@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_pages_by_date_walk_the_index_to_the_same_hits(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch, text: str, sort: str
) -> None:
    query = parse_query(text)
    sorted_pages = pages(store, text, sort)
    monkeypatch.setattr(_sqlfacets, "WALK", 0)
    assert pages(store, text, sort) == sorted_pages
    assert sum(len(p) for p in sorted_pages) == store.search(query).total


def pages(store: SqliteStore, text: str, sort: str) -> list[list[str]]:
    found, after = [], None
    while True:
        page = store.search_after(parse_query(text), 25, sort, after)
        if not page.hits:
            return found
        found.append([h.id for h in page.hits])
        last = page.hits[-1]
        after = (last.date or "", last.id)


def test_broad_facets_count_an_even_sample(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = parse_query("the")
    exact = store.facets(query)
    assert exact.sampled is None
    monkeypatch.setattr(_sqlsearch, "FACET_SAMPLE", 40)
    about = store.facets(query)
    matches = rids(store, '"the"')
    step = -(-len(matches) // 40)
    assert about.total == exact.total == len(matches)
    assert about.sampled == sum(1 for rid in matches if rid % step == 0) < about.total
    known = {v for v, _ in exact.origins}
    top = about.origins[0]
    assert top[0] in known and 0 < top[1] <= about.total
    assert about.to_dict()["sampled"] == about.sampled


def test_counts_scale_from_the_sample() -> None:
    entity = FacetEntity("LOC", "loc:mexico", "Mexico", 3)
    sample = Facets(10, (("2009-10", 4),), (("Embassy Mexico", 5),), (), (("PREL", None, 1),),
                    (("LOC", (entity,)),))  # fmt: skip
    scaled = sample.scaled(1000)
    assert scaled.total == 1000 and scaled.sampled == 10
    assert scaled.months == (("2009-10", 400),) and scaled.origins == (("Embassy Mexico", 500),)
    assert scaled.tags == (("PREL", None, 100),)
    assert scaled.entities[0][1][0].cables == 300


def relevance_pages(store: SqliteStore, text: str, size: int) -> list[list[str]]:
    found, after = [], None
    while True:
        page = store.search_after(parse_query(text), size, "relevance", after)
        if not page.hits:
            return found
        found.append([h.id for h in page.hits])
        last = page.hits[-1]
        after = (last.score, last.id)


@pytest.mark.parametrize("text", ["the class:confidential", "embassy -secret from:2009"])
def test_a_filtered_query_is_ranked_and_counted_in_one_pass(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    query = parse_query(text)
    one_pass = store.search(query, limit=1000)
    paged = relevance_pages(store, text, 7)
    facets = store.facets(query)
    assert one_pass.total == facets.total == sum(len(p) for p in paged) > 20
    monkeypatch.setattr(_sqlsearch, "FILTERED", 0)
    monkeypatch.setattr(_sqlsearch, "BROAD", 0)
    monkeypatch.setattr(_sqlsearch.Plan, "candidates", lambda self, _: (self.cond, self.params))
    assert store.search(query, limit=1000) == one_pass
    assert store.search(query, limit=5, offset=3).hits == one_pass.hits[3:8]
    assert relevance_pages(store, text, 7) == paged
    assert [h.id for h in one_pass.hits] == [i for p in paged for i in p]
    assert store.facets(query) == facets


def test_facets_of_a_filtered_query_sample_what_its_one_pass_collects(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = parse_query("the class:confidential")
    exact = store.facets(query, top=1000)
    monkeypatch.setattr(_sqlsearch, "FACET_SAMPLE", 10)
    sampled = store.facets(query)
    assert sampled.total == exact.total and sampled.sampled is not None
    assert 10 - 1 <= sampled.sampled <= 10
    assert {v for v, _ in sampled.origins} <= {v for v, _ in exact.origins}
