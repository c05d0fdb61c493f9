"""One page of search results with facets and the cursor to the next page, shared by the
API and the search page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent import futures
from contextlib import ExitStack
from dataclasses import dataclass

from cablescope.analysis.search import in_context
from cablescope.query import Query, Variants, parse_query
from cablescope.store.base import MARKERS, Facets, Hit, ranked, sort_key
from cablescope.store import Database, Readers
from cablescope.web import cursor as cursors
from cablescope.web._cache import Cache


_BESIDE = futures.ThreadPoolExecutor(thread_name_prefix="cablescope-facets")
"""Threads that count facets beside a search; how many run at once is bounded by the spare
databases of the pool, as each holds one."""


@dataclass(frozen=True, slots=True)
class Found:
    """Hits for a query, how many match in all, the facets, the next page's cursor, and
    the spellings each fuzzy term of the query stood for."""

    query: Query
    hits: tuple[Hit, ...]
    total: int
    facets: Facets | None
    next: str | None
    variants: tuple[Variants, ...] = ()
    exact: bool = True


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
    readers: Readers | None = None,
) -> Found:
    """Run ``q`` (raises QueryError when it cannot be parsed); one more hit than asked
    tells whether a next page exists. Facets come from ``cache`` when it has them, else
    are counted beside the search on a spare database of ``readers`` when one is free."""
    query = parse_query(q)
    after = cursors.decode(cursor, sort, ranked(query, sort)) if cursor else None
    key = ("facets", query.source, store.count()) if facets else None
    with ExitStack() as stack:
        count: Callable[[], Facets] = functools.partial(store.facets, query)
        if facets and readers is not None and not (cache and cache.holds(key)):
            other = stack.enter_context(readers.spare())
            if other is not None:
                pending = _BESIDE.submit(other.facets, query)
                stack.callback(futures.wait, [pending])
                count = pending.result
        result = store.search_after(query, limit + 1, sort, after, markers)
        counts = None
        if facets:
            counts = cache.get(key, count) if cache else count()
    hits = in_context(store, query, result.hits[:limit], markers)
    more = len(result.hits) > limit
    following = cursors.encode(sort, sort_key(hits[-1], query, sort)) if more and hits else None
    return Found(query, hits, result.total, counts, following, result.query.variants, result.exact)
