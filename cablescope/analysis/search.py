"""Full-text search with filters over a store: ``search(store, "juarez tag:KCRM")``."""

from __future__ import annotations

from cablescope.query import Query, parse_query
from cablescope.store.base import MARKERS, Hit, SearchIndex, SearchResult

__all__ = ["Hit", "SearchResult", "search"]


def search(
    store: SearchIndex,
    q: str | Query,
    limit: int = 20,
    offset: int = 0,
    markers: tuple[str, str] = MARKERS,
    sort: str = "relevance",
) -> SearchResult:
    """One page of hits for ``q`` (a query string, see ``cablescope.query``, or a parsed Query).

    With words that match (some word not negated), hits are ranked by bm25 with the
    subject weighing four times the text, ``score`` is the negated bm25 (higher is
    better) and ``snippet`` marks matched words with ``markers`` (``«`` ``»`` by
    default; a web page may pass ``("<mark>", "</mark>")`` after escaping); a hit that
    only a filter brought in (``juarez OR tag:SNAR``) scores 0.0 and comes after them.
    Without such words, the matching cables come newest first with score 0.0.
    ``total`` counts every match. ``sort`` (one of SORTS) "newest" or "oldest" orders
    the hits by date instead, as the web search does.
    Raises QueryError for a query that cannot be parsed.
    """
    query = q if isinstance(q, Query) else parse_query(q)
    if sort == "relevance":
        return store.search(query, limit, offset, markers)
    found = store.search_after(query, offset + limit, sort, None, markers)
    return SearchResult(query, found.total, found.hits[offset:], limit, offset)
