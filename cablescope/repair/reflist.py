"""REF list letters that the Cablegate pages mark as paragraphs: ``REF: A. LIMA 389`` then
``¶B. LIMA 1191`` on the next line.

The pages put ``¶`` before every line that opens with a number or a letter and a dot, the
items of a REF list among them. In a REF block (as the grammar bounds it) the ``¶`` before
an item letter goes (rule ``ref-letter``) when the letter follows the list's order (a
letter may repeat: ``A. (A) PARIS 521``) and the item is no lettered paragraph
(``¶A. (C) The Embassy…`` carries a marking).
"""

from __future__ import annotations

import re

from cablescope.grammar.header import HEAD_MAX, reference_spans
from cablescope.model import Edit

RULE = "ref-letter"

_PILCROW = "\u00b6"
_ITEM = re.compile(
    r"(?P<mark>\u00b6[ \t]*)?(?P<open>\()?(?P<letter>[A-Za-z])(?(open)\)|[.)])(?=[ \t\n])"
)
_MARKING = re.compile(r"[ \t]*\(\s*([A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]{1,6}){0,2})\s*\)")
_STARTS = frozenset(" \t\n:;,")
_MARKED_LETTER = re.compile(r"\u00b6[ \t]*\(?[A-Za-z][.)]")


def _in_prose(text: str, start: int) -> bool:
    """Whether a REF label is a word of a sentence (``keyed to questions in Reftel.``): not
    in capitals and not at the start of its line."""
    line = text[text.rfind("\n", 0, start) + 1 : start]
    return not text.startswith("REF", start) and bool(line.strip())


def _joined(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """REF blocks that follow each other (``REF: A. REF A: LIMA 3646 ¶B. REF B: …``) as one
    list."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and not text[joined[-1][1] : start].strip():
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def ref_letter_edits(text: str) -> list[Edit]:
    """Edits removing the ``¶`` before the item letters of REF lists."""
    if _PILCROW not in text or _MARKED_LETTER.search(text, 0, HEAD_MAX) is None:
        return []
    edits: list[Edit] = []
    for start, end in _joined(reference_spans(text), text):
        if text.find(_PILCROW, start, end) < 0 or _in_prose(text, start):
            continue
        expected = "A"
        for m in _ITEM.finditer(text, start, end):
            at = m.start()
            if at > 0 and text[at - 1] not in _STARTS:
                continue
            letter = m.group("letter").upper()
            if letter not in (expected, chr(ord(expected) - 1)):
                continue
            expected = chr(ord(letter) + 1)
            marking = _MARKING.match(text, m.end())
            if m.group("mark") is None or (marking is not None and marking.group(1) != letter):
                continue
            edits.append(Edit(at, at + len(m.group("mark")), "", RULE))
    return edits
