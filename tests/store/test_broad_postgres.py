"""Broad queries on PostgreSQL are bounded as on SQLite (tests/store/test_broad.py): the
bounds lowered here so that a twentieth of the corpus crosses them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from cablescope.model import Cable
from cablescope.query import parse_query
from cablescope.store import _sqlsearch
from tests.conftest import CORPUS_TAR
from tests.postgres import Cluster, postgres_cluster
from tests.store.test_broad import filled

__all__ = ["postgres_cluster"]

pytestmark = pytest.mark.skipif(not CORPUS_TAR.is_file(), reason="../shared corpus is not present")


@pytest.fixture(scope="module")
def store(
    make_page_cable: Callable[[str, bytes], Cable], postgres_cluster: Cluster
) -> Iterator[Any]:
    from cablescope.store.postgres import PostgresStore

    name = postgres_cluster.create()
    made = PostgresStore.open(postgres_cluster.url(name))
    yield filled(made, make_page_cable)
    made.close()
    postgres_cluster.drop(name)


def ids(store: Any, tsquery: str) -> dict[int, str]:
    with store._pool.connection() as conn:
        rows = conn.execute("SELECT rid, id FROM cables WHERE words @@ %s::tsquery", (tsquery,))
        return {int(rid): str(cid) for rid, cid in rows.fetchall()}


def windows(store: Any, matches: int, wanted: int) -> list[tuple[int, int]]:
    """The rid ranges ``_search.spread`` keeps, checked against the table's own span."""
    from cablescope.store.postgres import _search

    with store._pool.connection() as conn:
        low, high = conn.execute("SELECT min(rid), max(rid) FROM cables").fetchone()
        _, bounds = _search.spread(conn, matches, wanted)
    pairs = list(zip(bounds[::2], bounds[1::2], strict=True))
    assert len(pairs) == _search.WINDOWS and pairs[0][0] == low and pairs[-1][0] <= high
    width = pairs[0][1] - pairs[0][0] + 1
    # Together about wanted/matches of the rids, at equal intervals over the whole span.
    share = width * len(pairs) / (high - low + 1)
    assert wanted / matches <= share < wanted / matches + len(pairs) / (high - low + 1)
    return [(int(a), int(b)) for a, b in pairs]


def within(rid: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= rid <= b for a, b in ranges)


def test_a_broad_query_ranks_its_strongest_matches_and_an_even_sample(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = parse_query("the")
    exact = store.search(query, limit=1000)
    matches = ids(store, "'the'")
    strong = ids(store, "'the':AB")
    assert exact.total == len(matches) > 200 and 0 < len(strong) < 100
    # Half of the bound is for the strongest, which are all taken.
    monkeypatch.setattr(_sqlsearch, "BROAD", 200)
    bounded = store.search(query, limit=1000)
    assert bounded.total == exact.total
    spread = windows(store, len(matches), 100)
    expected = {cid for rid, cid in matches.items() if within(rid, spread)} | set(strong.values())
    assert {h.id for h in bounded.hits} == expected
    # The candidates keep their exact order among themselves.
    assert [h.id for h in bounded.hits] == [h.id for h in exact.hits if h.id in expected]
    page = store.search_after(query, 20)
    assert [h.id for h in page.hits] == [h.id for h in bounded.hits[:20]]
    assert page.total == exact.total


def test_broad_facets_count_an_even_sample(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    query = parse_query("the")
    exact = store.facets(query, top=1000)
    monkeypatch.setattr(_sqlsearch, "FACET_SAMPLE", 40)
    sampled = store.facets(query, top=1000)
    spread = windows(store, exact.total, 40)
    assert sampled.total == exact.total
    assert sampled.sampled == len([rid for rid in ids(store, "'the'") if within(rid, spread)])
    assert {v for v, _ in sampled.origins} <= {v for v, _ in exact.origins}
    narrow = parse_query("the origin:mexico")
    assert store.facets(narrow).sampled is None


def test_a_broad_count_is_about_above_its_bound(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above EXACT matches the count of one word is PostgreSQL's statistics', above
    EXACT_CHECKED a phrase's comes from its matches in a share of the archive; either says
    it is about. Below, counts are exact."""
    from cablescope.cli.render import render_hits
    from cablescope.store.postgres import _search

    with store._pool.connection() as conn:
        conn.execute("ANALYZE cables")
    query = parse_query("the")
    exact = store.search(query)
    assert exact.exact and exact.total == len(ids(store, "'the'"))
    monkeypatch.setattr(_search, "PROBE", 2)
    monkeypatch.setattr(_search, "EXACT", exact.total // 2)
    # Counts are remembered per snapshot, whatever the bounds were when they were taken.
    monkeypatch.setattr(store, "_counts", _search.Counts())
    about = store.search(query)
    assert not about.exact and about.to_dict()["exact"] is False
    assert abs(about.total - exact.total) <= 0.25 * exact.total
    assert len(str(about.total).rstrip("0")) <= 3
    assert render_hits(about).splitlines()[0] == f"about {about.total:,} matches"
    assert store.search_after(query, 10).total == about.total
    # Facets that count every match know how many they counted; a sample scales to about.
    assert store.facets(query).total == exact.total
    monkeypatch.setattr(_sqlsearch, "FACET_SAMPLE", 40)
    assert store.facets(query).total == about.total
    # A phrase reads positions for each candidate: its bound is lower.
    phrase = parse_query('"of the"')
    counted = store.search(phrase)
    assert counted.exact
    monkeypatch.setattr(_search, "EXACT_CHECKED", counted.total // 2)
    monkeypatch.setattr(store, "_counts", _search.Counts())
    assert not store.search(phrase).exact
    assert store.search(parse_query("juarez")).exact
