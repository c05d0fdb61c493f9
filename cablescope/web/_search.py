"""One page of search results with facets and the cursor to the next page, shared by the
API and the search page."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from concurrent import futures
from contextlib import ExitStack
from dataclasses import dataclass

from cablescope.model import Cable
from cablescope.query import And, Mentions, Node, Not, OfEntity, Or, Query, parse_query
from cablescope.query.tree import entity_key
from cablescope.store.base import MARKERS, Facets, Hit, ranked, sort_key
from cablescope.store import Database, Readers
from cablescope.web import cursor as cursors
from cablescope.web._cache import Cache
from cablescope.web._entities import sentence_snippet


_BESIDE = futures.ThreadPoolExecutor(thread_name_prefix="cablescope-facets")
"""Threads that count facets beside a search; how many run at once is bounded by the spare
databases of the pool, as each holds one."""


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
    return Found(query, hits, result.total, counts, following)


EntityFilter = Mentions | OfEntity


def entity_filters(node: Node | None, negated: bool = False) -> list[EntityFilter]:
    """The ``per:`` ``org:`` ``loc:`` ``misc:`` and ``entity:`` filters of ``node`` that a
    cable may match by mentioning a name (under no or an even number of Not)."""
    if isinstance(node, Not):
        return entity_filters(node.item, not negated)
    if isinstance(node, And | Or):
        return [found for item in node.items for found in entity_filters(item, negated)]
    return [node] if isinstance(node, Mentions | OfEntity) and not negated else []


def _first_named(cable: Cable, wanted: list[Mentions]) -> tuple[int, int] | None:
    """The first mention in ``cable`` of a name the filters ``wanted`` match: the tagger's
    mentions, else the imported marks, as the filters search both."""
    for layer in (cable.mentions, cable.annotations):
        spans = [
            (m.start, m.end)
            for m in layer
            if any(m.type == f.type and f.key in entity_key(m.text) for f in wanted)
        ]
        if spans:
            return min(spans)
    return None


def in_context(
    store: Database, query: Query, hits: tuple[Hit, ...], markers: tuple[str, str]
) -> tuple[Hit, ...]:
    """``hits`` with the snippet of each that no word of ``query`` marks (the start of its
    text, its header) replaced by the sentence of the first mention its entity filters
    match, the mention between ``markers``: ``per:"Hugo Chavez"`` shows Chavez in context."""
    filters = list(dict.fromkeys(entity_filters(query.root)))
    bare = [hit.id for hit in hits if markers[0] not in hit.snippet]
    if not filters or not bare:
        return hits
    named = [f for f in filters if isinstance(f, Mentions)]
    ids = {f.id for f in filters if isinstance(f, OfEntity)}
    linked: dict[str, list[tuple[int, int]]] = {}
    if ids:
        for link in store.entity_links(bare):
            if link.entity_id in ids:
                linked.setdefault(link.cable_id, []).append((link.start, link.end))
    shown: dict[str, str] = {}
    for cable_id in bare:
        cable = store.get_cable(cable_id)
        if cable is None:
            continue
        spans = linked.get(cable_id, [])
        first = _first_named(cable, named) if named else None
        if first is not None:
            spans.append(first)
        if spans:
            start, end = min(spans)
            shown[cable_id] = sentence_snippet(cable.text, start, end, markers)
    return tuple(
        dataclasses.replace(hit, snippet=shown[hit.id]) if hit.id in shown else hit for hit in hits
    )
