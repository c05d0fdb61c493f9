"""What resolution reads of each cable: its names as keyed spans, the acronyms it defines,
its origin and date."""

from __future__ import annotations

from dataclasses import dataclass

from cablescope.model import Cable
from cablescope.resolve.keys import _POSSESSIVE, name_key
from cablescope.tagging.rules import _ACRONYM_DEF


@dataclass(frozen=True, slots=True)
class Span:
    """A mention as resolution sees it: offsets, type, surface (possessive removed), key."""

    start: int
    end: int
    type: str
    surface: str
    key: str
    tokens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Seen:
    """One cable: id, origin, date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or None), spans, and acronym key ->
    expansion key for the acronyms it defines (``Defense Bilateral Working Group (DBWG)``)."""

    id: str
    origin: str | None
    date: str | None
    spans: tuple[Span, ...]
    acronyms: dict[str, str]


def _acronyms(text: str, spans: list[Span]) -> dict[str, str]:
    found: dict[str, str] = {}
    for s in spans:
        d = _ACRONYM_DEF.match(text, s.end)
        if d is None or len(s.tokens) < 2:
            continue
        initials = [w[0] for w in s.surface.split() if w[0].isupper()]
        if initials and d.group(1)[0] == initials[0]:
            found.setdefault(name_key(d.group(1)), s.key)
    return found


def seen(cable: Cable) -> Seen:
    """What resolution reads of ``cable``: its mentions, or its imported marks when it has no
    mentions (a store ingested with ``--no-ner`` from annotated sources)."""
    spans = []
    for start, end, kind, text in cable.shown_entities:
        key = name_key(text)
        if key:
            surface = " ".join(_POSSESSIVE.sub("", text.strip()).split())
            spans.append(Span(start, end, kind, surface, key, tuple(key.split())))
    spans.sort(key=lambda s: (s.start, s.end))
    date = cable.date[:10] if cable.date else None
    return Seen(cable.id, cable.origin, date, tuple(spans), _acronyms(cable.text, spans))
