"""Where a text's cable headers are: the spans in which the header-zone rules may act.

A header block starts at a classification and number line (``SECRET SECTION 01 OF 05
MEXICO 000083``) or at a field marker (E.O., TAGS, SUBJECT, REF, Classified By) that begins
a line. It runs over the fields that follow one another, each a few lines at most after the
one before (addressee lines and caveats lie between), to the end of the last one, and never
past the next paragraph. The first block also takes in what comes before it (archive
metadata, a telegram's routing lines) when that is short and holds no paragraph; a later
one, the transmission lines a telegram repeats before each section (``PAGE 01 ROME 03639
02 OF 03``). A block is a header only when it has a classification line, an E.O. line, TAGS
or two other fields. A multi-section cable repeats its header before each section, so a
text may have several.

News text has none: its datelines (``LONDON 1996-08-30``) and sports tables (``Southend 1
Swindon 3``) look like header lines only to a pattern that does not know where it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from cablescope.grammar._head import Head, Marker, find_markers
from cablescope.grammar.classline import find_class_line
from cablescope.grammar.paragraphs import find_paragraphs
from cablescope.tagging.routing import is_routing

Span = tuple[int, int]

LEVEL = (
    r"(?:TOP[ \t]+SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED[ \t]+OFFICIAL[ \t]+USE)"
)
_SPACED = (
    r"(?:C[ ]O[ ]N[ ]F[ ]I[ ]D[ ]E[ ]N[ ]T[ ]I[ ]A[ ]L|S[ ]E[ ]C[ ]R[ ]E[ ]T|U[ ]N[ ]C[ ]L[ ]A[ ]S)"
)
CLASS_LINE = (
    r"(?:" + LEVEL + "|" + _SPACED + r")(?:[ \t]+SECTION[ \t]+\d{1,2}[ \t]+OF[ \t]+\d{1,2})?"
    r"[ \t]+[A-Z][A-Z.'-]*(?:[ \t]+[A-Z][A-Z.'-]*){0,3}[ \t]+\d{3,6}\b"
)
"""The classification and number line, the post included."""

_CLASS_LINE_START = re.compile(r"(?m)^[ \t]*" + CLASS_LINE)
_OPENING = re.compile(
    r"(?<!:)(?<!:[ \t])\(\s*(?:S|C|U|SBU|S/NF|C/NF|S//NF|TS|LOU|FOUO)\s*\)"
    r"[ \t]+[A-Z][a-z]+\W*[ \t]+[A-Za-z]"
)
"""A paragraph marking that opens a sentence (``(SBU) Post has``): where the body starts in
a cable whose paragraphs have no numbers. One right after a label (``SUBJECT: (C) Iran``)
marks that field instead."""
_ROUTING_LINE = re.compile(
    r"(?:" + LEVEL + r"(?:[ \t]+PTQ\d+)?|PAGE[ \t]+\d+\b.*|(?:ACTION|INFO|FM|TO|DE|BT)\b.*"
    r"|[ZOPR]{1,2}(?:[ \t]+[ZOPR])?[ \t]+\d{6}[ \t]?Z\b.*|(?:[A-Z]+-\d\d[ \t]*)+(?:/\d+W)?"
    r"|-{4,}.*|>.*)?"
)
"""A line of the transmission block a telegram repeats before each later section (``PAGE 01
HARARE 05461 02 OF 02 271459Z``, ``INFO LOG-00 NP-00``, a blank line)."""
_STRONG = frozenset({"eo", "tags"})
"""Fields that alone make a block a header."""
_ONE_LINE = frozenset({"eo", "tags"})
"""Fields that end with their line."""
_PREAMBLE = 4000
"""How far into a text its first header may begin and still take in what comes before it."""
_REACH = 4000
"""How far a header may run when no numbered paragraph follows it."""
_GAP_LINES = 10
_GAP_CHARS = 1500
_FIELD_CHARS = 600


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _at_line_start(text: str, at: int) -> bool:
    return not text[_line_start(text, at) : at].strip()


def _field_end(head: Head, marker: Marker) -> int:
    """Where a field ends (``Head``'s reading; E.O. and TAGS at the end of their line), at
    most ``_FIELD_CHARS`` after its value starts, at a space: a field never followed by a
    blank line would run on."""
    end = head.ref_end(marker.value) if marker.kind == "ref" else head.field_end(marker.value)
    if marker.kind in _ONE_LINE and (cut := head.text.find("\n", marker.value, end)) >= 0:
        end = cut
    if end - marker.value > _FIELD_CHARS:
        cut = marker.value + _FIELD_CHARS
        space = max(
            head.text.rfind(" ", marker.value, cut), head.text.rfind("\n", marker.value, cut)
        )
        end = space if space > marker.value else cut
    return end


def _routing_before(text: str, at: int) -> int:
    """Where the transmission lines right before the line that starts at ``at`` begin,
    blank lines before them left out (``at`` when there are none)."""
    start = first = at
    while start > 0:
        line = text.rfind("\n", 0, start - 1) + 1
        content = text[line : start - 1].strip()
        if not (_ROUTING_LINE.fullmatch(content) or is_routing(content)):
            break
        start = line
        first = line if content else first
    return first


def _close(gap: str) -> bool:
    """Whether the text between two fields is short enough to lie inside one header."""
    lines = sum(1 for line in gap.splitlines() if line.strip())
    return len(gap) <= _GAP_CHARS and lines <= _GAP_LINES


def _block(text: str, start: int, anchor: int, anchor_end: int, limit: int,
           classed: bool) -> Span | None:  # fmt: skip
    """The header block from ``start`` whose first line is at ``anchor``: its fields chained
    up to ``limit``, or None when what it holds is not enough for a header."""
    head = Head.read(text, start, limit)
    end = anchor_end
    kinds: set[str] = set()
    for marker in head.markers:
        if marker.start < anchor:
            continue
        if marker.start >= end and not _close(text[end : marker.start]):
            break
        kinds.add(marker.kind)
        end = max(end, _field_end(head, marker))
    if classed or kinds & _STRONG or len(kinds) >= 2:
        return start, max(end, anchor_end)
    return None


def _first_anchor(text: str, limit: int) -> tuple[int, int, bool] | None:
    """The earliest header line before ``limit``: a classification line anywhere (the
    grammar's reading, letter-spaced or lower-case ones too) or a field marker; its start,
    the end of what it opens and whether it is a classification line."""
    found: list[tuple[int, int, bool]] = []
    line = find_class_line(text, limit)
    if line is not None:
        found.append((line.start, line.end, True))
    markers = find_markers(text, 0, limit)
    if markers:
        found.append((markers[0].start, markers[0].start, False))
    return min(found) if found else None


def _anchors(text: str, after: int) -> list[tuple[int, int, bool]]:
    """Header lines at a line start after ``after``: classification lines, E.O. and
    Classified By markers, and TAGS, SUBJECT and REF with their colon (an all-caps line that
    merely begins ``SUBJECT TO`` opens nothing)."""
    found = [(m.start(), m.end(), True) for m in _CLASS_LINE_START.finditer(text, after)]
    found += [
        (m.start, m.start, False)
        for m in find_markers(text, after, len(text))
        if _at_line_start(text, m.start)
        and (m.kind in ("eo", "clby") or text[m.start : m.value].rstrip()[-1:] in (":", "."))
    ]
    return sorted(found)


def find_headers(text: str) -> list[Span]:
    """The cable headers of ``text``, sorted and disjoint; none for text without one."""
    starts = sorted(
        {p.start for p in find_paragraphs(text)} | {m.start() for m in _OPENING.finditer(text)}
    )

    def limit(at: int) -> int:
        i = bisect_right(starts, at)
        return min(starts[i] if i < len(starts) else len(text), at + _REACH)

    headers: list[Span] = []
    window = min(starts[0] if starts else len(text), _PREAMBLE)
    first = _first_anchor(text, window)
    if first is not None:
        at, at_end, classed = first
        block = _block(text, 0, at, at_end, limit(at), classed)
        if block is not None:
            headers.append(block)
    done = headers[-1][1] if headers else 0
    for at, at_end, classed in _anchors(text, done):
        if at < done:
            continue
        start = _line_start(text, at)
        block = _block(text, _routing_before(text, start) if classed else start, at, at_end,
                       limit(at), classed)  # fmt: skip
        if block is not None:
            headers.append(block)
            done = block[1]
    return headers
