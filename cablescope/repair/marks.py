"""Inline entity marks of the tokenised (annotated) variant: ``[PER Keith Mines  ]``.

A mark is an opener ``[TYPE `` (PER, ORG, LOC or MISC), the marked text, and a
closer of two spaces and ``]``; the marked text may run over one line break (a name
wrapped across lines, as ``cablescope show --inline`` writes it). The marks are machine output (the LBJ tagger)
and often wrong, but they are what the publisher saw; repair deletes the opener
and the closer so the marks never leak into the text, and ``marks_on_text``
carries each mark over to the repaired text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cablescope.model import Edit, RepairedText
from cablescope.repair._offsets import OffsetMap

RULE = "mark"

_MARK = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\[\]\n]*?(?:\n[^\[\]\n]*?)?)  \]")


@dataclass(frozen=True, slots=True)
class Mark:
    """One inline mark: its whole span in raw, its type, and the marked text's span in raw."""

    start: int
    end: int
    type: str
    inner_start: int
    inner_end: int


def find_marks(raw: str) -> tuple[Mark, ...]:
    """Every well-formed mark in ``raw``, in order."""
    return tuple(
        Mark(m.start(), m.end(), m.group(1), m.start(2), m.end(2)) for m in _MARK.finditer(raw)
    )


def mark_edits(text: str) -> list[Edit]:
    """Edits deleting every mark's opener and closer, keeping the marked text."""
    edits: list[Edit] = []
    for m in _MARK.finditer(text):
        edits.append(Edit(m.start(), m.start(2), "", RULE))
        edits.append(Edit(m.end(2), m.end(), "", RULE))
    return edits


def marks_on_text(repaired: RepairedText, marks: Iterable[Mark]) -> list[tuple[int, int, str]]:
    """Each mark as ``(start, end, type)`` on ``repaired.text``, trimmed of spaces.

    A mark whose text a repair rewrote as a whole (``S E C R E T``) covers the
    new text; a mark whose text a repair removed (a page-break line, a duplicate
    SIPDIS) is left out.
    """
    offsets = OffsetMap(repaired)
    text = repaired.text
    out: list[tuple[int, int, str]] = []
    for mark in marks:
        start = offsets.to_text(mark.inner_start)
        end = max(start, offsets.to_text_end(mark.inner_end))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end, mark.type))
    return out
