"""Where a Cablegate page writes cable numbers, and how copy k of it writes them.

Copy k adds k x 1,000,000 to every cable number it carries (``10MEXICO83`` ->
``10MEXICO1000083``): its own id wherever written, the number lines of its sections
(``UNCLAS MEXICO 000083``), and every cable its REF blocks cite. Page headers
(``MEXICO 00000083  002 OF 005``) keep their numbers, since the repair knows them by their
width, and so do routing serials (``#0083/01``), which are the number's last four digits.
Slots are found in the text a ``<pre>`` block shows and mapped back into the page.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace

from cablescope.grammar import parse_body, parse_references
from cablescope.grammar.classline import find_class_line
from cablescope.grammar.dates import expand_year
from cablescope.grammar.header import HEAD_MAX
from cablescope.readers import _markup
from cablescope.repair.chain import repair
from cablescope.repair.pagebreaks import page_header_edits

STRIDE = 1_000_000

ID = re.compile(r"(\d\d\D.*?)(\d+)")
"""A cable id: the year and post (or what stands for them), then the number."""
_SPECIAL = re.compile(
    r"\r\n?|&#x000A;|(?i:<br\s*/?>)|(?i:" + _markup._TAG.pattern + ")|" + _markup._ENTITY.pattern
)
_BR = re.compile(r"<br\s*/?>", re.I)
_CUT_SHORT = re.compile(r"(?<=\s)(\d+)(?=\.\.\.|\u2026)")


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    """Where a cable number is written: ``start``/``end`` of its digits (zero padding
    included) and the number. ``full`` is set where the digits are the start of a number
    cut short by ``...`` (an excerpt of the text): the digits of the whole number."""

    start: int
    end: int
    number: int
    full: str = ""

    def shifted(self, by: int) -> Slot:
        return replace(self, start=self.start + by, end=self.end + by)


def renumber(digits: str, copy: int) -> str:
    """``digits`` as written in copy ``copy``: ``000083`` -> ``1000083`` in copy 1."""
    return str(int(digits) + copy * STRIDE).zfill(len(digits))


def renumber_id(cable_id: str, copy: int) -> str:
    """The id of a cable in copy ``copy`` (``10MEXICO83`` -> ``10MEXICO1000083`` in copy 1)."""
    m = ID.fullmatch(cable_id)
    if m is None:
        raise ValueError(f"not a cable id: {cable_id!r}")
    return m.group(1) + renumber(m.group(2), copy)


def renumber_cited(cable_id: str, copy: int) -> str:
    """A cited id in copy ``copy``; an id of a million or more (never renumbered) stays."""
    parts = ID.fullmatch(cable_id)
    return cable_id if parts and int(parts.group(2)) >= STRIDE else renumber_id(cable_id, copy)


def render(text: str, slots: tuple[Slot, ...], copy: int) -> str:
    """``text`` with every slot's number renumbered for copy ``copy``."""
    if copy == 0 or not slots:
        return text
    parts: list[str] = []
    at = 0
    for slot in slots:
        parts.append(text[at : slot.start])
        digits = text[slot.start : slot.end]
        parts.append(
            renumber(slot.full, copy)[: len(digits)] if slot.full else renumber(digits, copy)
        )
        at = slot.end
    parts.append(text[at:])
    return "".join(parts)


def _spaced(text: str) -> str:
    """A pattern for ``text`` with any whitespace between its words."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _digit_slot(text: str, end: int) -> Slot:
    start = end
    while start > 0 and text[start - 1].isdigit():
        start -= 1
    return Slot(start, end, int(text[start:end]))


def _reference_slots(text: str, year: int) -> Iterator[Slot]:
    """The numbers of the cables the REF blocks of ``text`` cite, wherever they are written.

    The blocks are read from the text and from its repair, as cablescope reads them (a page
    break or a run of blank lines may cut a block short in the text).
    """
    blocks = set(parse_body(text).references) | set(parse_body(repair(text).text).references)
    cited = {ref.raw for block in blocks for ref in parse_references(block, year) if ref.id}
    for raw in cited:
        pattern = re.compile(r"(?<![A-Za-z0-9])" + _spaced(raw) + r"(?!\d)")
        for m in pattern.finditer(text):
            yield _digit_slot(text, m.end())


def id_slots(text: str, cable_id: str) -> list[Slot]:
    """The number of every ``cable_id`` written in ``text`` (links, title, table, hashtags)."""
    m = ID.fullmatch(cable_id)
    if m is None:
        return []
    own = m.group(2)
    return [
        Slot(hit.end() - len(own), hit.end(), int(own))
        for hit in re.finditer(re.escape(cable_id) + r"(?!\d)", text)
    ]


def text_slots(text: str, cable_id: str) -> tuple[Slot, ...]:
    """Every place ``text`` (a decoded ``<pre>`` block or body) writes a cable number: its
    own id, its own post and number (the classification lines of its sections), and the
    citations of its REF blocks. Page headers and numbers of a million or more are left
    alone."""
    m = ID.fullmatch(cable_id)
    if m is None:
        return ()
    prefix, own = m.group(1), int(m.group(2))
    found = id_slots(text, cable_id)
    post = prefix[2:]
    if post.isalpha():
        letters = r"[ \t.'&-]?".join(re.escape(c) for c in post)
        line = re.compile(rf"(?<![A-Za-z]){letters}[ \t]+(0*{own})(?!\d)", re.I)
        found.extend(Slot(hit.start(1), hit.end(1), own) for hit in line.finditer(text))
    classline = find_class_line(text, min(len(text), HEAD_MAX))
    if classline is not None and classline.number is not None and int(classline.number) == own:
        found.append(_digit_slot(text, classline.end))
    found.extend(_reference_slots(text, expand_year(int(cable_id[:2]))))
    cut = list(_cut_short(text, found))
    cut_at = {slot.start for slot in cut}
    found = [slot for slot in found if slot.start not in cut_at] + cut
    # Page headers keep their numbers: the repair knows them by their width and drops them.
    breaks = [(edit.start, edit.end) for edit in page_header_edits(text)]
    return disjoint([s for s in found if not any(a <= s.start < b for a, b in breaks)])


def _cut_short(text: str, slots: list[Slot]) -> Iterator[Slot]:
    """Numbers cut short by the ``...`` of an excerpt (``C. LIMA 2...``) whose whole number
    (``C. LIMA 2009``) is a slot later in the text: they take the start of its new digits,
    so that the excerpt still repeats the text."""
    for m in _CUT_SHORT.finditer(text):
        words = text[max(0, m.start() - 40) : m.start()].split()[-3:]
        if not words:
            continue
        context = _spaced(" ".join(words)) + r"\s+" + m.group(1)
        whole = re.compile(context + r"\d*(?!\d)").search(text, m.end())
        if whole is None:
            continue
        slot = next((s for s in slots if s.end == whole.end()), None)
        if slot is not None:
            full = text[slot.start : slot.end]
            yield Slot(m.start(1), m.end(1), slot.number, full)


def disjoint(slots: list[Slot]) -> tuple[Slot, ...]:
    """The slots in text order, overlaps and numbers of a million or more left out."""
    kept: list[Slot] = []
    for slot in sorted(set(slots)):
        if slot.number < STRIDE and (not kept or slot.start >= kept[-1].end):
            kept.append(slot)
    return tuple(kept)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A ``<pre>`` fragment decoded as cablescope decodes it, with a map back: ``runs`` are
    (text offset, fragment offset, length) of each stretch copied verbatim."""

    text: str
    runs: tuple[tuple[int, int, int], ...]

    def to_fragment(self, slot: Slot) -> Slot | None:
        """The slot's place in the fragment; None if its digits were not copied verbatim."""
        i = bisect.bisect_right(self.runs, (slot.start, sys.maxsize)) - 1
        if i < 0:
            return None
        text_at, fragment_at, length = self.runs[i]
        if slot.end > text_at + length:
            return None
        return slot.shifted(fragment_at - text_at)


def decode(fragment: str) -> Decoded | None:
    """``fragment`` decoded with its map, or None where the map's decoding differs from the
    reader's (then the block's numbers stay as they are)."""
    parts: list[str] = []
    runs: list[tuple[int, int, int]] = []
    size = 0
    at = 2 if fragment.startswith("\r\n") else 1 if fragment.startswith(("\r", "\n")) else 0
    for m in _SPECIAL.finditer(fragment, at):
        if m.start() > at:
            runs.append((size, at, m.start() - at))
            parts.append(fragment[at : m.start()])
            size += m.start() - at
        token = m.group()
        if token[0] == "\r" or token == "&#x000A;":
            out = "\n"
        elif _BR.fullmatch(token):
            out = "" if fragment.startswith(("\n", "\r", "&#x000A;"), m.end()) else "\n"
        elif token[0] == "<":
            out = ""
        else:
            out = _markup.unescape(token)
        parts.append(out)
        size += len(out)
        at = m.end()
    runs.append((size, at, len(fragment) - at))
    parts.append(fragment[at:])
    text = "".join(parts)
    if text != _markup.decode_pre(fragment):
        return None
    return Decoded(text, tuple(runs))
