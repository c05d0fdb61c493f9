"""Redacted spans as things to count and find: ``redactions(store, 'origin:tripoli')``.

The 2010-11 Cablegate releases replaced names of people at risk with ``XXXXXXXXXXXX``;
``Cable.redactions`` holds each such span. Here they are counted per cable and per
numbered paragraph (``Cable.paragraphs``), with a few words around each span. The
``redacted:yes`` and ``redacted:no`` search filters select cables by whether they have any.
"""

from __future__ import annotations

from typing import Protocol
import bisect
from dataclasses import dataclass

from cablescope.query import Query, Redacted, parse_query
from cablescope.model import Cable
from cablescope.store.base import CableInfo, RecordStore, SearchIndex

CONTEXT_CHARS = 40
"""Characters of text kept on each side of a redacted span, cut at a word."""


@dataclass(frozen=True, slots=True)
class Span:
    """One redacted span: offsets in the cable's text, the number of the paragraph it falls
    in (None outside numbered paragraphs), and the words around it (whitespace collapsed)."""

    start: int
    end: int
    paragraph: int | None
    context: str

    def to_dict(self) -> dict[str, object]:
        """The span as JSON-able fields."""
        return {
            "start": self.start,
            "end": self.end,
            "paragraph": self.paragraph,
            "context": self.context,
        }


@dataclass(frozen=True, slots=True)
class ParagraphCount:
    """How many redacted spans one numbered paragraph holds; ``marking`` as written (``C``)."""

    number: int | None
    marking: str | None
    count: int

    def to_dict(self) -> dict[str, object]:
        """The count as JSON-able fields."""
        return {"number": self.number, "marking": self.marking, "count": self.count}


@dataclass(frozen=True, slots=True)
class CableRedactions:
    """The redactions of one cable: every span, the paragraphs holding any (in text
    order) and how many spans fall outside numbered paragraphs (``outside``)."""

    cable: CableInfo
    spans: tuple[Span, ...]
    paragraphs: tuple[ParagraphCount, ...]
    outside: int

    @property
    def count(self) -> int:
        """How many redacted spans the cable has."""
        return len(self.spans)

    def to_dict(self) -> dict[str, object]:
        """The cable's redactions as JSON-able fields."""
        return {
            **self.cable.to_dict(),
            "redactions": self.count,
            "outside": self.outside,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "spans": [s.to_dict() for s in self.spans],
        }


@dataclass(frozen=True, slots=True)
class Redactions:
    """What a query's cables hold of redactions: ``matched`` cables match the query, and
    ``cables`` lists those with at least one redacted span, by date then id (undated last)."""

    query: str
    matched: int
    cables: tuple[CableRedactions, ...]

    @property
    def spans(self) -> int:
        """Redacted spans over all the listed cables."""
        return sum(c.count for c in self.cables)

    def to_dict(self) -> dict[str, object]:
        """The listing as JSON-able fields."""
        return {
            "query": self.query,
            "matched": self.matched,
            "redacted": len(self.cables),
            "spans": self.spans,
            "cables": [c.to_dict() for c in self.cables],
        }


def _context(text: str, start: int, end: int) -> str:
    left = text[max(start - CONTEXT_CHARS, 0) : start]
    right = text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in left.strip():
        left = left[left.index(" ") :]
    if end + CONTEXT_CHARS < len(text) and " " in right.strip():
        right = right[: right.rindex(" ")]
    return " ".join((left + text[start:end] + right).split())


def cable_redactions(cable: Cable) -> CableRedactions:
    """Count the redacted spans of ``cable`` per numbered paragraph."""
    paragraphs = cable.paragraphs
    starts = [p.start for p in paragraphs]
    counts = [0] * len(paragraphs)
    spans: list[Span] = []
    outside = 0
    for r in cable.redactions:
        at = bisect.bisect_right(starts, r.start) - 1
        inside = at >= 0 and r.start < paragraphs[at].end
        if inside:
            counts[at] += 1
        else:
            outside += 1
        number = paragraphs[at].number if inside else None
        spans.append(Span(r.start, r.end, number, _context(cable.text, r.start, r.end)))
    return CableRedactions(
        cable=CableInfo.of(cable),
        spans=tuple(spans),
        paragraphs=tuple(
            ParagraphCount(p.number, p.marking, n) for p, n in zip(paragraphs, counts) if n
        ),
        outside=outside,
    )


class _Redactions(RecordStore, SearchIndex, Protocol):
    """What counting redactions reads: the cables a query matches, and their records."""


def redactions(store: _Redactions, q: str | Query = "") -> Redactions:
    """The redactions of every cable ``q`` matches (a query as ``cablescope search`` takes
    it; empty: every cable). Raises QueryError for a query that cannot be parsed."""
    query = q if isinstance(q, Query) else parse_query(q)
    matched = store.matching(query)
    ids = store.matching(query.narrowed(Redacted()))
    found = [cable for cable in map(store.get_cable, ids) if cable is not None]
    found.sort(key=lambda c: (c.date is None, c.date or "", c.id))
    return Redactions(query.source, len(matched), tuple(cable_redactions(c) for c in found))
