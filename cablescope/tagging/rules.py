"""The cable-aware layer: deterministic rules that fix what every tagger gets wrong on
cables, whatever the backend. ``CableRules().apply(text, mentions)`` returns the corrected
mentions, sorted, never overlapping, each with ``text[m.start:m.end] == m.text``.

Rules, in the order they run, and why:

1. ``header`` (a, b): header material and redactions are never entities (see
   ``zones.find_zones``); a mention that touches them keeps its longest piece outside
   that still looks like a name (``[MISC Summary: At]`` goes, ``[ORG SIPDIS
   DEPARTMENT PASS TO ISN/RA]`` becomes ``ISN/RA``). The header-zone patterns act only
   inside a cable header (``headers.find_headers``): never on text without one (a news
   dateline, a sports table), never on an all-caps body line because it is all caps.
2. ``edges`` (d): quotes, brackets, trailing punctuation and possessive ``'s`` come off;
   an abbreviation keeps its dot (``U.S.``), a name keeps a bracket it opened
   (``Mladost ( L )``).
3. ``titles`` (c): a PER loses leading and trailing titles and trailing months or common
   words (``Acting Attorney General Alcantara``, ``Lanny Breuer September``); an ORG or
   MISC with a title inside is a titled person (``National Security Coordinator Tello
   Peon`` gives PER ``Tello Peon``, ``MFA Senior Advisor for…`` keeps ORG ``MFA``).
4. ``generic``: a title, a role or a generic office alone (``Embassy``, ``DCM``,
   ``Ambassador``, ``LES``) is no entity.
5. ``overlaps``: of overlapping mentions the earlier, then longer, one stays.
6. ``kinds``: what the annotation guideline settles (``kinds``): a mission or government
   named by its place is one ORG (``Embassy Vilnius``, ``Government of Brazil``),
   nationalities and religions are MISC, and so are treaties and programmes; bodies,
   governments' acronyms and office symbols are ORG; currency codes, detainees' serial
   numbers and the pronoun ``US`` in capitals are no entities (the consistency rule adds
   none of them back); a person's name runs over its particles (``bin``, ``al-``) and a
   hyphenated surname; a minister's portfolio comes off the name after it.
7. ``signer`` (e): the name signing the last line (``parse_body``'s signer) is PER.
8. ``addressees`` (g): office symbols, posts and people in the addressee lines of a
   header; a mission at a post (``Embassy Lisbon``) and the countries a subject opens
   with (``SUBJECT: NETHERLANDS/IRAN:``) where the tagger missed them.
9. ``acronyms`` (f): ``Expansion (ACR)`` gives ACR the expansion's type, everywhere.
10. ``consistency`` (f): a string tagged somewhere is tagged with its majority type at
    every other free occurrence in the cable (its all-caps form too), and retyped where
    it disagrees if that type clearly wins (see ``_outvoted``).

Rules 7-10 add mentions only where no mention and no zone is; rules 1-6 only shrink,
join, retype or drop. Applying the rules again to their output changes nothing. Before and
after them, a mention that is or holds a routing token (``RUEHHO``, ``VZCZC…``, ``ZNY
SSSSS``, a date-time group) goes (``routing.without_routing``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from cablescope.grammar.header import parse_body
from cablescope.model import ENTITY_TYPES, Mention
from cablescope.tagging.addressees import addressees
from cablescope.tagging.base import valid_mentions
from cablescope.tagging.routing import without_routing
from cablescope.tagging.names import (
    looks_like_name,
    split_at_title,
    strip_titles,
    trim_edges,
)
from cablescope.tagging.headers import find_headers
from cablescope.tagging.kinds import (
    guideline_kinds,
    missions,
    no_entity,
    offices,
    subject_countries,
)
from cablescope.tagging.zones import Zone, find_zones, inside, outside, overlaps

BACKEND = "rules"
"""The backend of mentions the rules add (``kinds`` names it too)."""

_ACRONYM_DEF = re.compile(r"[ \t\n]*\([ \t]*([A-Z][A-Za-z&]{1,9}[A-Z])[ \t]*\)")
_CLASS_END = re.compile(
    r"(?:SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|L\s?I\s?A\s?L|S\s?E\s?C\s?R\s?E\s?T)"
    r"[^\n]*?\b\d{3,6}\b"
)
_MAX_PASSES = 4


def _with(text: str, m: Mention, start: int, end: int, kind: str | None = None) -> Mention:
    return Mention(start, end, kind or m.type, text[start:end], m.backend, m.score)


def _name(text: str, m: Mention, start: int, end: int, kind: str | None = None) -> Mention | None:
    start, end = trim_edges(text, start, end)
    return _with(text, m, start, end, kind) if looks_like_name(text, start, end) else None


def _header(text: str, m: Mention, zones: list[Zone]) -> Mention | None:
    pieces = outside(zones, m.start, m.end)
    for start, end in sorted(pieces, key=lambda p: p[0] - p[1]):
        found = _name(text, m, start, end)
        if found is not None:
            return found
    return None


def _titles(text: str, m: Mention) -> list[Mention]:
    if m.type == "PER":
        start, end, _ = strip_titles(text, m.start, m.end)
        found = _name(text, m, start, end)
        return [found] if found else []
    (hs, he), (ns, ne) = split_at_title(text, m.start, m.end)
    if (hs, he) == (m.start, m.end):
        start, end, _ = strip_titles(text, m.start, m.end)
        found = _name(text, m, start, end)
        return [found] if found else []
    out: list[Mention] = []
    head = text[hs:he].strip()
    if head and " " not in head and head.isupper():
        found = _name(text, m, hs, he)
        out += [found] if found else []
    if ne > ns:
        found = _name(text, m, ns, ne, "PER")
        out += [found] if found else []
    return out


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), m.type)):
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def _disjoint(mentions: list[Mention]) -> bool:
    return all(m.start < m.end for m in mentions) and all(
        a.end <= b.start for a, b in zip(mentions, mentions[1:])
    )


def _add(mentions: list[Mention], extra: list[Mention], replace: bool) -> list[Mention]:
    """``extra`` merged in: replacing what they overlap when ``replace``, else only where
    free."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    if _disjoint(ordered) and all(x.start < x.end for x in extra):
        return _add_disjoint(ordered, extra, replace)
    out = list(mentions)
    for x in extra:
        clash = [m for m in out if m.start < x.end and x.start < m.end]
        if clash and not replace:
            continue
        if any(m.start == x.start and m.end == x.end and m.type == x.type for m in clash):
            continue
        out = [m for m in out if m not in clash] + [x]
    return sorted(out, key=lambda m: (m.start, m.end))


def _add_disjoint(out: list[Mention], extra: list[Mention], replace: bool) -> list[Mention]:
    """``_add`` for sorted, non-overlapping, non-empty mentions: what an extra mention
    overlaps is a run of neighbours, found by bisection."""
    starts = [m.start for m in out]
    ends = [m.end for m in out]
    for x in extra:
        i = bisect_right(ends, x.start)
        j = bisect_left(starts, x.end, i)
        if i < j and not replace:
            continue
        if any(m.start == x.start and m.end == x.end and m.type == x.type for m in out[i:j]):
            continue
        out[i:j] = [x]
        starts[i:j] = [x.start]
        ends[i:j] = [x.end]
    return out


def _signer(text: str, signer: str | None, zones: list[Zone]) -> list[Mention]:
    if not signer:
        return []
    at = text.rfind(signer)
    if at < 0 or overlaps(zones, at, at + len(signer)):
        return []
    return [Mention(at, at + len(signer), "PER", signer, BACKEND)]


def _acronyms(text: str, mentions: list[Mention]) -> dict[str, str]:
    """Acronym -> type of the expansion it follows in parentheses."""
    found: dict[str, str] = {}
    for m in mentions:
        d = _ACRONYM_DEF.match(text, m.end)
        if d is None or " " not in m.text:
            continue
        acronym = d.group(1)
        initials = [w[0] for w in m.text.split() if w[0].isupper()]
        if initials and acronym[0] == initials[0]:
            found.setdefault(acronym, m.type)
    return found


_JOINED = re.compile(r"[\w/-]")
_LEAD = re.compile(r"\w+")
_FREE_END = re.compile(r"(?![\w/-]|'\w\w)")


def _occurrences(text: str, surface: str) -> list[int]:
    """Where ``surface`` stands alone, left to right without overlap: it begins with a word
    character, follows no word character, slash or hyphen, and is followed by none."""
    if _LEAD.match(surface) is None:
        return []
    found: list[int] = []
    size = len(surface)
    at = text.find(surface)
    while at >= 0:
        if (at == 0 or _JOINED.match(text, at - 1) is None) and _FREE_END.match(text, at + size):
            found.append(at)
            at = text.find(surface, at + size)
        else:
            at = text.find(surface, at + 1)
    return found


@lru_cache(maxsize=1 << 16)
def _name_alone(surface: str) -> bool:
    return looks_like_name(surface, 0, len(surface))


def _outvoted(m: Mention, best: str, count: Counter[str], fixed: dict[str, str],
              cable: bool) -> bool:  # fmt: skip
    """Whether ``m`` takes the type ``best`` of its form: one the cable fixes (signer,
    addressee, acronym), one tagged at least twice as often, or PER on a tie in a cable (a
    text with a header) or in capitals, where the tagger most often reads a surname as a
    place or an organisation. Otherwise the tagger's own reading stays: it saw the context
    (``NEW YORK`` a place in a schedule, a team in the standings)."""
    if best == m.type:
        return False
    if m.text in fixed or count[best] >= 2 * count[m.type]:
        return True
    return best == "PER" and count[best] == count[m.type] and (cable or m.text.isupper())


def _consistency(cable: _Text, mentions: list[Mention], fixed: dict[str, str]) -> list[Mention]:
    """``cable.found`` keeps the free occurrences of each form already looked for."""
    text, zones, found = cable.text, cable.zones, cable.found
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        votes.setdefault(m.text, Counter())[m.type] += 1
    majority: dict[str, str] = {}
    for surface, count in votes.items():
        best = max(ENTITY_TYPES, key=lambda t: (count[t], -ENTITY_TYPES.index(t)))
        majority[surface] = best
    majority.update(fixed)
    out = [_with(text, m, m.start, m.end, majority[m.text])
           if _outvoted(m, majority[m.text], votes[m.text], fixed, bool(cable.headers)) else m
           for m in mentions]  # fmt: skip
    extra: list[Mention] = []
    for surface, kind in sorted(majority.items()):
        if len(surface) < 2 or "\n" in surface or not _name_alone(surface):
            continue
        forms = [surface]
        if len(surface) >= 4 and surface.upper() != surface:
            forms.append(surface.upper())
        for form in forms:
            places = found.get(form)
            if places is None:
                places = found[form] = _occurrences(text, form)
            for at in places:
                if not overlaps(zones, at, at + len(form)):
                    extra.append(Mention(at, at + len(form), kind, form, BACKEND))
    return _add(out, extra, replace=False)


@dataclass(frozen=True, slots=True)
class CableRules:
    """The cable-aware rules; ``add`` False keeps rules 7-10 from adding mentions (they still
    retype)."""

    add: bool = True

    def apply(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """The mentions corrected for ``text`` (see the module docstring)."""
        headers = find_headers(text)
        heads = [m.end() for m in _CLASS_END.finditer(text) if inside(headers, m.start(), m.end())]
        zones = find_zones(text, headers)
        added = missions(text) + offices(text) + subject_countries(text)
        extra = [m for m in added if not overlaps(zones, m.start, m.end)]
        cable = _Text(text, zones, parse_body(text).signer, headers, heads, extra)
        current = without_routing(valid_mentions(text, mentions))
        for _ in range(_MAX_PASSES):
            after = without_routing(self._once(cable, current))
            if after == current:
                break
            current = after
        return current

    def _once(self, cable: _Text, mentions: list[Mention]) -> list[Mention]:
        text, zones = cable.text, cable.zones
        out: list[Mention] = []
        for m in mentions:
            out += cable.trimmed(m)
        out = guideline_kinds(text, _drop_overlaps(out))
        fixed: dict[str, str] = {}
        if self.add:
            out = _add(out, cable.extra, replace=False)
            found = _signer(text, cable.signer, zones) + [
                Mention(s, e, kind, text[s:e], BACKEND)
                for head in cable.heads
                for s, e, kind in addressees(text, head)
                if inside(cable.headers, s, e)
                and not overlaps(zones, s, e)
                and looks_like_name(text, s, e)
            ]
            out = _add(out, found, replace=True)
            fixed = {m.text: m.type for m in found}
        fixed.update(_acronyms(text, out))
        if self.add:
            out = [m for m in _consistency(cable, out, fixed) if not no_entity(text, m)]
        return _drop_overlaps(out)


@dataclass(frozen=True, slots=True)
class _Text:
    """What the passes over one text share: its zones, signer, cable headers and the ends of
    the classification lines in them, what the guideline adds where the tagger found nothing
    (missions at a post, office symbols, ministries, the countries a subject opens with;
    outside the zones), and what earlier passes worked out (a mention's
    trimmed form, where a form occurs): a pass after the first mostly sees the mentions the
    one before it left."""

    text: str
    zones: list[Zone]
    signer: str | None
    headers: list[Zone]
    heads: list[int]
    extra: list[Mention]
    found: dict[str, list[int]] = field(default_factory=dict)
    trims: dict[Mention, list[Mention]] = field(default_factory=dict)

    def trimmed(self, m: Mention) -> list[Mention]:
        """Rules 1 and 3 on ``m``: what is left outside the zones, titles off."""
        done = self.trims.get(m)
        if done is None:
            kept = _header(self.text, m, self.zones)
            done = self.trims[m] = _titles(self.text, kept) if kept is not None else []
        return done
