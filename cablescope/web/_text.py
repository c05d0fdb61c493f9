"""Cable text cut into pieces for the templates: plain runs and entity runs, and search
snippets with their matches marked. The templates escape every piece."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from cablescope.model import Cable
from cablescope.store.base import ENTITY_TYPES

SNIPPET_MARKERS = ("\ue000", "\ue001")
"""Private-use characters around matched words in page snippets: text cannot fake them
into tags, since they become <mark> only after the snippet is escaped."""


def marked_snippet(snippet: str) -> Markup:
    """``snippet`` escaped, with its SNIPPET_MARKERS turned into <mark> elements."""
    safe = str(escape(snippet))
    opened = safe.count(SNIPPET_MARKERS[0])
    closed = safe.count(SNIPPET_MARKERS[1])
    safe = safe.replace(SNIPPET_MARKERS[0], "<mark>").replace(SNIPPET_MARKERS[1], "</mark>")
    return Markup(safe + "</mark>" * max(opened - closed, 0))


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text; ``kind`` is its entity type (None: plain text) and ``entity`` the id
    of the resolved entity it names, when known."""

    text: str
    kind: str | None = None
    entity: str | None = None

    @property
    def css(self) -> str:
        """The CSS class of an entity run: ``ent-per`` … , ``ent-other`` for other types."""
        kind = self.kind if self.kind in ENTITY_TYPES else "OTHER"
        return f"ent ent-{(kind or 'other').lower()}"

    @property
    def filter(self) -> str:
        """The search filter for this entity: ``per:"Felipe Calderon"``."""
        prefix = (self.kind or "misc").lower()
        prefix = prefix if prefix in ("per", "org", "loc", "misc") else "misc"
        name = " ".join(self.text.replace('"', " ").split())
        return f'{prefix}:"{name}"'


def entity_spans(cable: Cable) -> list[tuple[int, int, str]]:
    """The tagger's mentions, else the imported marks, sorted, overlaps dropped."""
    spans = [(start, end, kind) for start, end, kind, _ in cable.shown_entities]
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if start >= end or (kept and start < kept[-1][1]):
            continue
        kept.append((start, end, kind))
    return kept


Links = Mapping[tuple[int, int], str]
"""The resolved entity of each mention, by its (start, end)."""


def pieces(
    text: str, start: int, end: int, spans: Sequence[tuple[int, int, str]], links: Links = {}
) -> list[Piece]:
    """``text[start:end]`` as pieces, entity spans clipped to the range."""
    out: list[Piece] = []
    pos = start
    for s, e, kind in spans:
        if e <= start or s >= end:
            continue
        entity = links.get((s, e))
        s, e = max(s, start), min(e, end)
        if s > pos:
            out.append(Piece(text[pos:s]))
        out.append(Piece(text[s:e], kind, entity))
        pos = e
    if pos < end:
        out.append(Piece(text[pos:end]))
    return out


@dataclass(frozen=True, slots=True)
class Block:
    """A stretch of the text: a numbered paragraph with its marking, or the text between."""

    number: int | None
    marking: str | None
    paragraph: bool
    pieces: list[Piece]


def blocks(cable: Cable, links: Links = {}) -> list[Block]:
    """The cable's text as blocks: its paragraphs, and the stretches before, between and
    after them; entity pieces carry their resolved entity from ``links``."""
    spans = entity_spans(cable)
    text = cable.text
    out: list[Block] = []
    pos = 0
    for para in sorted(cable.paragraphs, key=lambda p: p.start):
        if para.start < pos or para.end > len(text):
            continue
        if para.start > pos and text[pos : para.start].strip():
            out.append(Block(None, None, False, pieces(text, pos, para.start, spans, links)))
        out.append(
            Block(para.number, para.marking, True, pieces(text, para.start, para.end, spans, links))
        )
        pos = para.end
    if text[pos:].strip():
        out.append(Block(None, None, False, pieces(text, pos, len(text), spans, links)))
    return out
