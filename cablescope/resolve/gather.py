"""What resolution reads of each cable: its names as keyed spans (titles and office symbols
off a person's name, an organisation's or agreement's words deciding its kind), the acronyms
it defines, its post, the countries it is about, and its date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from cablescope.grammar.posts import post_for_origin
from cablescope.model import Cable
from cablescope.tagging.names import NAME_PARTICLE
from cablescope.resolve.keys import (
    _POSSESSIVE,
    kind_by_words,
    name_key,
    role_before,
    split_roles,
    words,
)
from cablescope.resolve.places import country_of_post, governments, is_country
from cablescope.tagging.rules import _ACRONYM_DEF

_POST = re.compile(r"\d{2}([A-Z]+?)\d+$")
_LOWER = re.compile(r"\b[a-z]{3,}\b")
_WORD = re.compile(r"[^\W_]")
_PARTICLE = NAME_PARTICLE
_TITLED = re.compile(r"(?:[A-Z] ?- ?)?(?:[A-Z]{1,4}/[A-Z]{1,4}|Amb\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.) +\S")
"""An office symbol or an honorific before a name: a person, whatever the tagger said (``P -
U/S BURNS``)."""
_GOVERNMENT_WORD = re.compile(r"(G[Oo][A-Z]{1,3}|USG)-[a-z]+")
"""A government's acronym made an adjective (``GOI-approved``, ``USG-funded``): one MISC word
as the guideline tags it, which names the government all the same."""


@dataclass(frozen=True, slots=True)
class Span:
    """A mention as resolution sees it: offsets of the mention, type (``tagged`` as the tagger
    gave it), surface (possessive, for a person titles, and for a government's acronym made
    an adjective its suffix removed), key, key tokens,
    whether it is written in capitals, and for a person the role its titles give it, in the
    mention or just before it (``President Kirchner`` -> ``president``; see
    ``keys.role_of``)."""

    start: int
    end: int
    type: str
    surface: str
    key: str
    tokens: tuple[str, ...]
    caps: bool
    tagged: str
    role: str = ""


class Dated(Protocol):
    """What of a cable the decisions that weigh the archive's evidence read: its date and
    where and when it was written."""

    @property
    def date(self) -> str | None: ...

    @property
    def place(self) -> tuple[str, str] | None: ...


@dataclass(frozen=True, slots=True)
class Seen:
    """One cable: id, origin, date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or None), spans,
    acronym key -> expansion key for the acronyms it defines (``Defense Bilateral Working
    Group (DBWG)``), post token (``MADRID`` of ``04MADRID527``), the post's country and the
    countries of its TAGS (two-letter codes)."""

    id: str
    origin: str | None
    date: str | None
    spans: tuple[Span, ...]
    acronyms: dict[str, str]
    post: str | None = None
    country: str | None = None
    countries: tuple[str, ...] = ()

    @property
    def place(self) -> tuple[str, str] | None:
        """(post, year): where and when the cable was written, None when either is unknown."""
        if self.post is None or not self.date:
            return None
        return self.post, self.date[:4]


def _acronyms(text: str, spans: list[Span]) -> dict[str, str]:
    found: dict[str, str] = {}
    for s in spans:
        d = _ACRONYM_DEF.match(text, s.end)
        if d is None:
            continue
        if (s.type == "LOC" and d.group(1)[:2].upper() == "GO"
                and _GOVERNMENT_OF.search(text, max(0, s.start - 30), s.start)):  # fmt: skip
            found.setdefault(name_key(d.group(1)), name_key(f"Government of {s.surface}"))
            continue
        initials = [w[0] for w in s.surface.split() if w[0].isupper()]
        if len(s.tokens) > 1 and initials and d.group(1)[0] == initials[0]:
            found.setdefault(name_key(d.group(1)), s.key)
    return found


_GOVERNMENT_OF = re.compile(r"\b[Gg]overnment\s+of\s+(?:the\s+)?$")
"""What comes before a country the tagger marked alone in ``Government of Sudan (GoS)``."""


Written = tuple[str, str, str, tuple[str, ...], bool, str]
"""What a mention's text and tag alone say of it: type, surface, key, key tokens, whether in
capitals, and the role its own titles give a person."""


@lru_cache(maxsize=1 << 16)
def _named(kind: str, text: str) -> Written | None:
    """What a mention written ``text`` and tagged ``kind`` is, wherever it is written; None
    when it is only a title or office symbol, or holds no word. Cached: the names of an
    archive repeat."""
    surface = " ".join(_POSSESSIVE.sub("", text.strip()).split())
    shown, role = kind, ""
    government = _GOVERNMENT_WORD.fullmatch(surface) if kind == "MISC" else None
    if government and (governments(government.group(1)) or government.group(1) == "USG"):
        shown, surface = "ORG", government.group(1)
    elif kind != "PER" and _TITLED.match(surface):
        shown = "PER"
    elif "/" in surface and surface.lower() in words().titles:
        return None
    if shown == "PER":
        role, surface = split_roles(surface)
        shown = kind_by_words(surface) or shown
        if shown != "PER":
            role = ""
    key = name_key(surface)
    if not _WORD.search(key):
        return None
    return shown, surface, key, tuple(key.split()), surface.isupper(), role


def _span(start: int, end: int, kind: str, text: str, body: str) -> Span | None:
    named = _named(kind, text)
    if named is None:
        return None
    shown, surface, key, tokens, caps, role = named
    if shown == "PER":
        role = " ".join(filter(None, (role_before(body, start), role)))
    return Span(start, end, shown, surface, key, tokens, caps, kind, role)


def _particle(a: Span, b: Span, text: str) -> bool:
    """Whether person spans ``a`` and ``b`` are one name cut at a particle (written in
    capitals where the name is)."""
    if not a.type == b.type == "PER":
        return False
    gap = text[a.end : b.start]
    return _PARTICLE.fullmatch(gap.lower() if a.caps and b.caps else gap) is not None


def _joined(spans: list[Span], text: str) -> list[Span]:
    """``spans`` with each run of person spans that only a name particle separates (the
    tagger's ``Cristina Fernandez`` + de + ``Kirchner``) keyed as the one name they are; each
    keeps its offsets and the role of the first."""
    out = list(spans)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and _particle(out[j], out[j + 1], text):
            j += 1
        if j > i:
            parts = [out[i].surface]
            for k in range(i + 1, j + 1):
                parts += [text[out[k - 1].end : out[k].start].strip(), out[k].surface]
            surface = " ".join(" ".join(parts).split())
            key = name_key(surface)
            caps = surface.isupper()
            for k in range(i, j + 1):
                s = out[k]
                out[k] = Span(s.start, s.end, "PER", surface, key, tuple(key.split()), caps,
                              s.tagged, out[i].role)  # fmt: skip
        i = j + 1
    return out


def post_of(cable_id: str, origin: str | None = None) -> str | None:
    """The post token of a cable id (``MADRID`` of ``04MADRID527``), else of its origin
    (``Embassy Manama``); None when neither has one."""
    found = _POST.match(cable_id)
    if found:
        return found.group(1)
    return post_for_origin(origin) if origin else None


def lower_words(text: str) -> set[str]:
    """The words of ``text`` written in lower case (three letters or more): words of the
    language, which a name's last word seldom is."""
    return set(_LOWER.findall(text))


def seen(cable: Cable) -> Seen:
    """What resolution reads of ``cable``: its mentions, or its imported marks when it has no
    mentions (a store ingested with ``--no-ner`` from annotated sources). A mention that is
    only a title or a person's office symbol (``A/S``) is left out; parts of one person's
    name cut at a particle are keyed as the whole name."""
    spans = []
    for start, end, kind, text in cable.shown_entities:
        span = _span(start, end, kind, text, cable.text)
        if span is not None:
            spans.append(span)
    spans.sort(key=lambda s: (s.start, s.end))
    spans = _joined(spans, cable.text)
    date = cable.date[:10] if cable.date else None
    post = post_of(cable.id, cable.origin)
    tagged = tuple(sorted({t.code for t in cable.tags if is_country(t.code)}))
    return Seen(cable.id, cable.origin, date, tuple(spans), _acronyms(cable.text, spans), post,
                country_of_post(post), tagged)  # fmt: skip
