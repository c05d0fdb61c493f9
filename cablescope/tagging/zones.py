"""Header material and redactions: the spans of a cable's text where no entity can be.

A zone is a half-open ``(start, end)`` span. Zones cover the classification and number line
(post included), archive metadata lines, caveats (SIPDIS, NOFORN…), the E.O. line with its
DECL date, the TAGS codes, the SUBJECT label, REF labels and the cable numbers they cite,
the ``Classified By`` label and its reasons, paragraph numbers and markings (``¶1. (C)``),
``Summary:``/``End Summary``/``Comment:`` words, routing words of addressee lines
(``STATE FOR``, ``DEPARTMENT PASS TO``, ``AMEMBASSY``), redactions (``XXXXXXXXXXXX``) and
an archive record copied into the top of a body (``id:`` … ``header ends``; ingest moves
it to the record's provenance, but ``cablescope ner`` reads text as it comes).

Header-zone patterns (the classification line, metadata lines, E.O., TAGS, SUBJECT, REF and
its items, ``STATE FOR`` addressee words, ``ROGER`` and a bare ``SENSITIVE``) act only inside
a cable header (``headers.find_headers``): elsewhere they would take a news dateline
(``LONDON 1996-08-30``), a sports table's row or an all-caps body line (``MINISTER FOR
FOREIGN AFFAIRS``) for header material. The others, words that only cables use and body
markings, act everywhere.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from operator import itemgetter
from dataclasses import dataclass

from cablescope.repair.records import find_front
from cablescope.tagging.headers import CLASS_LINE, LEVEL, find_headers

Zone = tuple[int, int]

_SOURCES: tuple[str, ...] = (
    # classification and number line, the post included
    CLASS_LINE,
    # a classification word alone on its line, archive metadata lines
    r"(?m)^[ \t]*" + LEVEL + r"(?://[A-Z/ ]+)?[ \t]*$",
    r"(?m)^[ \t]*(?:\d{4}-\d\d-\d\d(?:[ \t][\d:]+)?|\d{2}[A-Z]{3,}\d{1,6}|\d{5,7}"
    r"|(?:Embassy|Consulate|Mission|US Mission|USUN|Secretary of State)\b[^\n]{0,40})[ \t]*$",
    # caveats and handling words; ROGER and a bare SENSITIVE are words elsewhere
    r"\b(?:SIPDIS|NOFORN|NOCONTRACT|ORCON|EXDIS|NODIS|LIMDIS|STADIS|EFTO|SBU"
    r"|SENSITIVE[ \t]+BUT[ \t]+UNCLASSIFIED|FOR[ \t]+OFFICIAL[ \t]+USE[ \t]+ONLY"
    r"|MINIMIZE(?:D)?[ \t]+CONSIDERED|NNNN)\b",
    r"\b(?:ROGER|SENSITIVE)\b",
    # E.O. line with its declassification date
    r"\bE\.?[ \t]?O\.?[ \t]*1\d{3,4}\b[ \t]*[:,.]?(?:[ \t]*DECL(?:ASSIFY)?(?:[ \t]+ON)?\b"
    r"[ \t]*[:.]?)?(?:[ \t]*(?:\d{1,2}/\d{1,2}/\d{2,4}|N/A|[A-Z]{1,2}\d?\b))?",
    r"\bDECL(?:ASSIFY)?(?:[ \t]+ON)?[ \t]*:",
    # TAGS codes up to the end of the line or the SUBJECT label
    r"\bTAGS?\b[ \t]*[:.]?(?:[ \t,;]*\b[A-Z][A-Z0-9_]{1,5}\b)*",
    r"\bSUBJ(?:ECT)?\b[ \t]*[:.]|\bSubj(?:ect)?\b[ \t]*:",
    # REF label, item letters and cable numbers (``09 MEXICO 2650``, ``A. SECSTATE 12``), not
    # a reason's number (``Embassy Lisbon Reason 1.4``)
    r"\bREF(?:S|TELS?|ERENCES?)?\b[ \t]*[:.]|\bRef(?:s|tels?)?\b[ \t]*:",
    r"(?:(?<=\n)|(?<=REF: )|(?<=REF:)|(?<=[,;] ))[ \t]*(?:¶[ \t]*)?(?:\(?[A-Z][.)][ \t]*)?"
    r"(?:\d{2}[ \t]+)?(?:[A-Z][A-Za-z]+[ \t]+){1,3}\d{1,6}\b(?!\.\d)",
    # Classified By label and reasons
    r"\bCLASSIFIED[ \t]+BY\b[ \t]*[:.]?|\bClassified[ \t]+[Bb][Yy]\b[ \t]*[:.]?",
    r"(?i:\b(?:for[ \t]+)?reasons?\b)[ \t]*[:.]?[ \t]*1\.\d[^\n]{0,40}",
    r"(?i:\bDERIVED[ \t]+FROM\b)[ \t]*:?",
    # paragraph numbers and markings
    r"¶[ \t]*\d{1,3}[ \t]?\.?(?:[ \t]*\(\s*[A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]{1,6}){0,2}\s*\))?",
    r"(?m)^[ \t]*\d{1,3}[ \t]?\.[ \t]*\(\s*[A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]{1,6}){0,2}\s*\)",
    r"\(\s*(?:S|C|U|SBU|S/NF|C/NF|S//NF|TS|LOU|FOUO)\s*\)",
    # summary and comment words
    r"\b(?:(?i:begin|end)[ \t]+)?(?:SUMMARY|COMMENT|NOTE|Summary|Comment|Note|summary|comment"
    r"|note)\b(?:[ \t]+(?:AND|and)[ \t]+(?:ACTION[ \t]+REQUEST|COMMENT|Comment|[Aa]ction"
    r"[ \t]+[Rr]equest))?[ \t]*[:.]?",
    r"\bEND[ \t]+(?:TEXT|CABLE|NOTE)\b",
    # routing words of addressee lines
    r"\b(?:AMEMBASSY|AMCONSUL|SECSTATE|WASHDC)\b",
    r"\b(?:DEPT|DEPARTMENT|STATE)(?=[ \t]+(?:FOR|PASS)\b)",
    r"(?m)(?<=[A-Z/])[ \t]+(?:FOR|PASS[ \t]+TO|ALSO[ \t]+FOR)\b|^[ \t]*(?:FOR|PASS[ \t]+TO)\b",
    # redactions
    r"(?<![A-Za-z])(?:XXX+|xxx+)(?![A-Za-z])",
)
_REF_ITEM = r"[ \t]*(?:¶[ \t]*)?(?:\(?[A-Z][.)][ \t]*)?(?:\d{2}[ \t]+)?(?:[A-Z][A-Za-z]+[ \t]+){1,3}\d{1,6}\b(?!\.\d)"
_REASONS = r"\b)[ \t]*[:.]?[ \t]*1\.\d[^\n]{0,40}"
_NOTES = (
    r"(?:SUMMARY|COMMENT|NOTE|Summary|Comment|Note|summary|comment|note)\b(?:[ \t]+(?:AND|and)"
    r"[ \t]+(?:ACTION[ \t]+REQUEST|COMMENT|Comment|[Aa]ction[ \t]+[Rr]equest))?[ \t]*[:.]?"
)


HEADER_SOURCES = frozenset({0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 20, 21})
"""The indices in ``_SOURCES`` of the header-zone patterns, which act only inside a header."""


@dataclass(frozen=True, slots=True)
class _Scan:
    """One alternative of the zone pattern, with a pattern that finds, ``shift`` characters
    before it, every place where it can start; the finder begins with a literal, which lets
    ``re`` skip ahead where the alternative, starting with a lookaround, cannot. ``source``
    is its index in ``_SOURCES``."""

    source: int
    pattern: re.Pattern[str]
    finder: re.Pattern[str] | None
    shift: int

    def next(self, text: str, at: int) -> re.Match[str] | None:
        """The first match of the alternative starting at or after ``at``."""
        if self.finder is None:
            return self.pattern.search(text, at)
        pos = max(0, at - self.shift)
        while (hit := self.finder.search(text, pos)) is not None:
            start = hit.start() + self.shift
            if start >= at and (found := self.pattern.match(text, start)) is not None:
                return found
            pos = hit.start() + 1
        return None


def _scan(number: int, source: str | None = None, finder: str | None = None,
          shift: int = 0) -> _Scan:  # fmt: skip
    pattern = re.compile(_SOURCES[number] if source is None else source, re.M)
    return _Scan(number, pattern, re.compile(finder) if finder else None, shift)


# The alternatives of ``_SOURCES`` in the same order, optional leads and lookbehind choices
# split into alternatives of their own (which matches the same at every position).
_SCANS: tuple[_Scan, ...] = (
    _scan(0),
    _scan(1),
    _scan(2),
    _scan(
        3,
        finder=r"SIPDIS|NOFORN|NOCONTRACT|ORCON|EXDIS|NODIS|LIMDIS|STADIS|EFTO"
        r"|SBU|SENSITIVE|FOR|MINIMIZE|NNNN",
    ),
    _scan(4, finder="ROGER|SENSITIVE"),
    _scan(5, finder=r"E\.?[ \t]?O"),
    _scan(6, finder="DECL"),
    _scan(7, finder="TAG"),
    _scan(8, finder="SUBJ|Subj"),
    _scan(9, finder="REF|Ref"),
    _scan(10, r"(?<=\n)" + _REF_ITEM, "\n", 1),
    _scan(10, r"(?<=REF: )" + _REF_ITEM, "REF: ", 5),
    _scan(10, r"(?<=REF:)" + _REF_ITEM, "REF:", 4),
    _scan(10, r"(?<=[,;] )" + _REF_ITEM, "[,;] ", 2),
    _scan(11, finder="CLASSIFIED|Classified"),
    _scan(12, r"(?i:\bfor[ \t]+reasons?" + _REASONS, "[Ff][Oo][Rr][ \t]"),
    _scan(12, r"(?i:\breasons?" + _REASONS, "[Rr][Ee][Aa][Ssſ][Oo][Nn]"),
    _scan(13, finder="[Dd][Ee][Rr][IiİıI][Vv][Ee][Dd]"),
    _scan(14),
    _scan(15),
    _scan(16),
    _scan(17, r"\b(?i:begin|end)[ \t]+" + _NOTES, "(?:[Bb][Ee][Gg][IiİıI][Nn]|[Ee][Nn][Dd])[ \t]"),
    _scan(17, r"\b" + _NOTES, "SUMMARY|COMMENT|NOTE|Summary|Comment|Note|summary|comment|note"),
    _scan(18, finder=r"END[ \t]"),
    _scan(19, finder="AMEMBASSY|AMCONSUL|SECSTATE|WASHDC"),
    _scan(20, finder="DEPT|DEPARTMENT|STATE"),
    _scan(21, r"(?<=[A-Z/])[ \t]+(?:FOR|PASS[ \t]+TO|ALSO[ \t]+FOR)\b", r"[A-Z/][ \t]+[FPA]", 1),
    _scan(21, r"^[ \t]*(?:FOR|PASS[ \t]+TO)\b"),
    _scan(22, finder="XXX|xxx"),
)
_HEADER_SCANS = frozenset(i for i, scan in enumerate(_SCANS) if scan.source in HEADER_SOURCES)


def _next(i: int, text: str, at: int, headers: list[Zone]) -> re.Match[str] | None:
    """The first match of scan ``i`` at or after ``at``; for a header-zone scan, the first
    that starts inside one of ``headers``."""
    scan = _SCANS[i]
    if i not in _HEADER_SCANS:
        return scan.next(text, at)
    h = _first_after(headers, at)
    while h < len(headers):
        found = scan.next(text, max(at, headers[h][0]))
        if found is None:
            return None
        h = _first_after(headers, found.start())
        if h < len(headers) and headers[h][0] <= found.start():
            return found
    return None


def _matches(text: str, headers: list[Zone]) -> list[Zone]:
    """The spans ``re.finditer`` of the alternation of ``_SOURCES`` finds, in order, the
    header-zone alternatives left out where they would start outside ``headers``: at each
    place the first alternative that matches, then on after it (no alternative matches
    empty)."""
    heap = [(m.start(), i, m) for i in range(len(_SCANS)) if (m := _next(i, text, 0, headers))]
    heapq.heapify(heap)
    spans: list[Zone] = []
    while heap:
        start, i, best = heapq.heappop(heap)
        end = best.end()
        spans.append((start, end))
        while True:
            if (m := _next(i, text, end, headers)) is not None:
                heapq.heappush(heap, (m.start(), i, m))
            if not heap or heap[0][0] >= end:
                break
            i = heapq.heappop(heap)[1]
    return spans


def find_zones(text: str, headers: list[Zone] | None = None) -> list[Zone]:
    """The merged, sorted spans of ``text`` that are header material or redactions: the
    header-zone patterns inside ``headers`` (by default ``find_headers(text)``), the others
    everywhere, and an archive record copied into the top of a body (``id:`` … ``header
    ends``, a cables.csv row: ``repair.records.find_front``)."""
    merged: list[Zone] = []
    spans = _matches(text, find_headers(text) if headers is None else headers)
    front = find_front(text)
    if front is not None and front.body > front.start:
        spans = sorted([*spans, (front.start, front.body)])
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


_END = itemgetter(1)


def _first_after(zones: list[Zone], at: int) -> int:
    """The index of the first zone that ends after ``at`` (zones are disjoint and sorted)."""
    return bisect_right(zones, at, key=_END)


def outside(zones: list[Zone], start: int, end: int) -> list[Zone]:
    """The pieces of ``[start, end)`` not covered by any zone, in order."""
    pieces: list[Zone] = []
    at = start
    for zs, ze in zones[_first_after(zones, start) :]:
        if zs >= end:
            break
        if zs > at:
            pieces.append((at, zs))
        at = max(at, ze)
        if at >= end:
            break
    if at < end:
        pieces.append((at, end))
    return pieces


def overlaps(zones: list[Zone], start: int, end: int) -> bool:
    """Whether ``[start, end)`` touches a zone (an empty span always does)."""
    if end <= start:
        return True
    i = _first_after(zones, start)
    return i < len(zones) and zones[i][0] < end


def inside(zones: list[Zone], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within one zone (or header)."""
    i = _first_after(zones, start)
    return i < len(zones) and zones[i][0] <= start and end <= zones[i][1]
