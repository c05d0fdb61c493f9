"""Full-text search with filters over a store: ``search(store, "juarez tag:KCRM")``."""

from __future__ import annotations

import dataclasses

from cablescope.analysis.review import sentence
from cablescope.model import Cable
from cablescope.query import And, Mentions, Node, Not, OfEntity, Or, Query, parse_query
from cablescope.query.tree import entity_key
from cablescope.store.base import MARKERS, Hit, SearchIndex, SearchResult
from cablescope.store import Database

__all__ = ["Hit", "SearchResult", "in_context", "search", "sentence_snippet"]


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
    ``total`` counts every match (about, ``exact`` False, for a broad query on PostgreSQL). ``sort`` (one of SORTS) "newest" or "oldest" orders
    the hits by date instead, as the web search does.
    Raises QueryError for a query that cannot be parsed.
    """
    query = q if isinstance(q, Query) else parse_query(q)
    if sort == "relevance":
        return store.search(query, limit, offset, markers)
    found = store.search_after(query, offset + limit, sort, None, markers)
    return SearchResult(query, found.total, found.hits[offset:], limit, offset, found.exact)


def sentence_snippet(text: str, start: int, end: int, markers: tuple[str, str]) -> str:
    """The sentence around ``text[start:end]`` (see ``review.sentence``, which drops
    private-use characters from the text) with the mention between ``markers``."""
    before, mention, after = sentence(text, start, end)
    return f"{before}{markers[0]}{mention}{markers[1]}{after}"


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
