"""One page of search results with facets and the cursor to the next page, shared by the
API and the search page."""

from __future__ import annotations

from dataclasses import dataclass

from cablescope.query import Query, parse_query
from cablescope.store.base import MARKERS, Facets, Hit, ranked, sort_key
from cablescope.store import Database
from cablescope.web import cursor as cursors
from cablescope.web._cache import Cache


@dataclass(frozen=True, slots=True)
class Found:
    """Hits for a query, how many match in all, the facets and the next page's cursor."""

    query: Query
    hits: tuple[Hit, ...]
    total: int
    facets: Facets | None
    next: str | None


def find(
    store: Database,
    q: str,
    *,
    sort: str,
    limit: int,
    cursor: str | None,
    facets: bool = True,
    markers: tuple[str, str] = MARKERS,
    cache: Cache | None = None,
) -> Found:
    """Run ``q`` (raises QueryError when it cannot be parsed); one more hit than asked
    tells whether a next page exists. Facets come from ``cache`` when it has them."""
    query = parse_query(q)
    after = cursors.decode(cursor, sort, ranked(query, sort)) if cursor else None
    result = store.search_after(query, limit + 1, sort, after, markers)
    hits = result.hits[:limit]
    more = len(result.hits) > limit
    following = cursors.encode(sort, sort_key(hits[-1], query, sort)) if more and hits else None
    counts = None
    if facets:
        key = ("facets", query.source, store.count())
        counts = cache.get(key, lambda: store.facets(query)) if cache else store.facets(query)
    return Found(query, hits, result.total, counts, following)
