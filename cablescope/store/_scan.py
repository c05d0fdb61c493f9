"""Search by scanning records in Python, for the in-memory store.

It follows the SQLite store's rules (same tokens, filters and order) with a
simpler score than bm25: matches counted with weight 10 in the id, 4 in the
subject and 1 in the text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from cablescope.query.fold import spans, words
from cablescope.query.fuzzy import Lexicon
from cablescope.query import (
    And,
    CableId,
    Classification,
    Dated,
    Mentions,
    Node,
    Not,
    OfEntity,
    Or,
    Origin,
    Query,
    Redacted,
    Tag,
    Term,
    class_matches,
    origin_matches,
    literal,
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
    k, last = len(seq), seq[-1]

    def ends(word: str) -> bool:
        return word == last or (prefix and word.startswith(last))

    if k == 1:
        return [i for i, word in enumerate(doc) if ends(word)]
    first, middle = seq[0], seq[1:-1]
    return [
        i
        for i, word in enumerate(doc[: len(doc) - k + 1])
        if word == first and doc[i + 1 : i + k - 1] == middle and ends(doc[i + k - 1])
    ]


def _count(seq: list[str], doc: list[str], prefix: bool) -> int:
    if len(seq) == 1 and not prefix:
        return doc.count(seq[0])
    return len(_positions(seq, doc, prefix))


def _weight(term: Term, doc: _Doc) -> float:
    seq = words(literal(term).text)
    if not seq:
        return 0.0
    subject = SUBJECT_WEIGHT * _count(seq, doc.subject, term.prefix)
    if term.column == "subject":
        return subject
    ident = ID_WEIGHT * _count(seq, doc.id, term.prefix)
    return ident + subject + _count(seq, doc.text, term.prefix)


class Docs:
    """The folded words of cables, kept while the same record stays in the store, and the
    cables of each resolved entity (``linked``, for ``entity:`` filters)."""

    def __init__(self) -> None:
        self._found: dict[str, tuple[Cable, _Doc]] = {}
        self.linked: dict[str, frozenset[str]] = {}

    def of(self, cable: Cable) -> _Doc:
        """The words of ``cable``, folded once per record."""
        entry = self._found.get(cable.id)
        if entry is None or entry[0] is not cable:
            doc = _Doc(words(cable.id), words(cable.subject or ""), words(cable.text))
            entry = self._found[cable.id] = (cable, doc)
        return entry[1]


class Vocabulary:
    """The words of ``cables``, as fuzzy terms read them (``query.fuzzy``)."""

    def __init__(self, cables: Iterable[Cable], docs: Docs) -> None:
        self._cables = cables
        self._docs = docs
        self._counts: Counter[str] | None = None

    def _held(self) -> Counter[str]:
        if self._counts is None:
            self._counts = Counter()
            for cable in self._cables:
                doc = self._docs.of(cable)
                self._counts.update({*doc.id, *doc.subject, *doc.text})
        return self._counts

    def lexicon(self, letters: str) -> Lexicon:
        """The words that start with one of ``letters``."""
        return Lexicon(word for word in self._held() if word[:1] in letters)

    def cables(self, found: Sequence[str]) -> Mapping[str, int]:
        """How many cables hold each of the words ``found``."""
        held = self._held()
        return {word: held[word] for word in found if word in held}


class _Record:
    """A cable as the query tree sees it; its words are folded on first use."""

    def __init__(self, cable: Cable, docs: Docs) -> None:
        self.cable = cable
        self.docs = docs

    @property
    def doc(self) -> _Doc:
        return self.docs.of(self.cable)

    def holds(self, node: Node) -> bool:
        """Whether the cable matches ``node``."""
        c = self.cable
        if isinstance(node, Term):
            return _weight(node, self.doc) > 0
        if isinstance(node, Not):
            return not self.holds(node.item)
        if isinstance(node, And):
            return all(self.holds(item) for item in node.items)
        if isinstance(node, Or):
            return any(self.holds(item) for item in node.items)
        if isinstance(node, Dated):
            return (
                c.date is not None
                and (node.start is None or c.date >= node.start)
                and (node.before is None or c.date < node.before)
            )
        if isinstance(node, Origin):
            return origin_matches(node.pattern, c.origin)
        if isinstance(node, Classification):
            return class_matches(node.pattern, marking(c))
        if isinstance(node, Tag):
            return any(t.code.upper() == node.code for t in c.tags)
        if isinstance(node, CableId):
            return c.id == node.value
        if isinstance(node, Mentions):
            return any(kind == node.type and node.key in name for kind, name in entity_names(c))
        if isinstance(node, OfEntity):
            return c.id in self.docs.linked.get(node.id, ())
        if isinstance(node, Redacted):
            return bool(c.redactions)
        raise TypeError(f"not a query node: {node!r}")


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


def matching(
    cables: Iterable[Cable], q: Query, docs: Docs | None = None
) -> Iterator[tuple[float, Cable]]:
    """(score, cable) for each of ``cables`` that ``q`` matches; the score counts the
    terms that count for a match (0.0 without any). ``docs`` keeps folded words between
    calls."""
    terms = q.positive_terms()
    docs = docs or Docs()
    for cable in cables:
        record = _Record(cable, docs)
        if q.root is None or record.holds(q.root):
            yield sum(_weight(t, record.doc) for t in terms), cable


def search(
    cables: Iterable[Cable],
    q: Query,
    limit: int,
    offset: int,
    markers: tuple[str, str],
    docs: Docs | None = None,
) -> SearchResult:
    """Answer ``q`` over ``cables`` the way the SQLite store does."""
    limit, offset = max(limit, 0), max(offset, 0)
    ranked = q.ranked
    scored = list(matching(cables, q, docs))
    terms = list(q.positive_terms())
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
