"""Search by scanning records in Python, for the in-memory store.

It follows the SQLite store's rules (same tokens, filters and order) with a
simpler score than bm25: matches counted with weight 10 in the id, 4 in the
subject and 1 in the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cablescope.analysis.fold import spans, words
from cablescope.analysis.query import (
    And,
    Node,
    Not,
    Or,
    Query,
    Term,
    class_matches,
    origin_matches,
)
from cablescope.model import Cable
from cablescope.store._sqlsearch import ID_WEIGHT, SNIPPET_TOKENS, SUBJECT_WEIGHT, excerpt
from cablescope.store.base import Hit, SearchResult, entity_names, marking


@dataclass(frozen=True, slots=True)
class _Doc:
    id: list[str]
    subject: list[str]
    text: list[str]


def _positions(seq: list[str], doc: list[str], prefix: bool) -> list[int]:
    """Where the word sequence ``seq`` starts in ``doc``; the last word may be a prefix."""
    k = len(seq)
    found: list[int] = []
    for i in range(len(doc) - k + 1):
        if all(doc[i + j] == seq[j] for j in range(k - 1)):
            last = doc[i + k - 1]
            if last == seq[-1] or (prefix and last.startswith(seq[-1])):
                found.append(i)
    return found


def _weight(term: Term, doc: _Doc) -> float:
    seq = words(term.text)
    if not seq:
        return 0.0
    subject = SUBJECT_WEIGHT * len(_positions(seq, doc.subject, term.prefix))
    if term.column == "subject":
        return subject
    ident = ID_WEIGHT * len(_positions(seq, doc.id, term.prefix))
    return ident + subject + len(_positions(seq, doc.text, term.prefix))


def _matches(node: Node, doc: _Doc) -> bool:
    if isinstance(node, Term):
        return _weight(node, doc) > 0
    if isinstance(node, Not):
        return not _matches(node.item, doc)
    if isinstance(node, And):
        return all(_matches(item, doc) for item in node.items)
    return any(_matches(item, doc) for item in node.items)


def _positive_terms(node: Node) -> Iterable[Term]:
    if isinstance(node, Term):
        yield node
    elif isinstance(node, And | Or):
        for item in node.items:
            yield from _positive_terms(item)


def accepts(q: Query, cable: Cable) -> bool:
    """Whether ``cable`` passes the filters of ``q`` (not its words)."""
    date = cable.date
    if q.date_from is not None and (date is None or date < q.date_from):
        return False
    if q.date_before is not None and (date is None or date >= q.date_before):
        return False
    mark = marking(cable)
    if q.origins and not any(origin_matches(p, cable.origin) for p in q.origins):
        return False
    if any(origin_matches(p, cable.origin) for p in q.not_origins):
        return False
    if q.classes and not any(class_matches(p, mark) for p in q.classes):
        return False
    if any(class_matches(p, mark) for p in q.not_classes):
        return False
    codes = {t.code.upper() for t in cable.tags}
    if not codes.issuperset(q.tags) or codes.intersection(q.not_tags):
        return False
    names = entity_names(cable)
    for wanted, negated in [(e, False) for e in q.entities] + [(e, True) for e in q.not_entities]:
        found = any(kind == wanted[0] and wanted[1] in name for kind, name in names)
        if found == negated:
            return False
    if q.redacted is not None and bool(cable.redactions) != q.redacted:
        return False
    if q.ids and cable.id not in q.ids:
        return False
    return cable.id not in q.not_ids


def _snippet(cable: Cable, terms: list[Term], markers: tuple[str, str]) -> str:
    for column in ("text", "subject"):
        source = cable.text if column == "text" else cable.subject or ""
        toks = list(spans(source))
        folded = [w for _, _, w in toks]
        marked: set[int] = set()
        for term in terms:
            if column == "text" and term.column == "subject":
                continue
            seq = words(term.text)
            if seq:
                for i in _positions(seq, folded, term.prefix):
                    marked.update(range(i, i + len(seq)))
        if not marked:
            continue
        first = max(min(marked) - 2, 0)
        last = min(first + SNIPPET_TOKENS, len(toks))
        parts = ["…"] if first > 0 else []
        for i in range(first, last):
            word = source[toks[i][0] : toks[i][1]]
            parts.append(f"{markers[0]}{word}{markers[1]}" if i in marked else word)
        if last < len(toks):
            parts.append("…")
        return " ".join(parts)
    return excerpt(cable.text)


def matching(cables: Iterable[Cable], q: Query) -> Iterator[tuple[float, Cable]]:
    """(score, cable) for each of ``cables`` that ``q`` matches, words and filters; the
    score is 0.0 when ``q`` has no words to rank by."""
    terms = list(_positive_terms(q.text)) if q.match is not None and q.text is not None else []
    for cable in cables:
        if not accepts(q, cable):
            continue
        if q.text is None:
            yield 0.0, cable
            continue
        doc = _Doc(words(cable.id), words(cable.subject or ""), words(cable.text))
        if _matches(q.text, doc):
            yield sum(_weight(t, doc) for t in terms), cable


def search(
    cables: Iterable[Cable], q: Query, limit: int, offset: int, markers: tuple[str, str]
) -> SearchResult:
    """Answer ``q`` over ``cables`` the way the SQLite store does."""
    limit, offset = max(limit, 0), max(offset, 0)
    ranked = q.match is not None
    scored = list(matching(cables, q))
    terms = list(_positive_terms(q.text)) if ranked and q.text is not None else []
    if ranked:
        scored.sort(key=lambda sc: (-sc[0], sc[1].id))
    else:
        scored.sort(key=lambda sc: sc[1].id, reverse=True)
        scored.sort(key=lambda sc: (sc[1].date is not None, sc[1].date or ""), reverse=True)
    hits = tuple(
        Hit(
            c.id,
            c.date,
            c.origin,
            marking(c),
            c.subject,
            _snippet(c, terms, markers) if ranked else excerpt(c.text),
            score,
            len(c.redactions),
        )
        for score, c in scored[offset : offset + limit]
    )
    return SearchResult(q, len(scored), hits, limit, offset)
