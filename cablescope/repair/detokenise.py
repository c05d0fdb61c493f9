"""Natural spacing for the tokenised (annotated) variant of a body.

The annotated bodies were run through a tokeniser that put spaces around
punctuation and clitics (``country , s``, ``1 . ( C )``, ``U.S. 's``,
``" We have 18 months , " he said``) and broke lines after sentences. These
edits delete the spaces the tokeniser added. Sentence-per-line breaks stay,
except after a paragraph number (``1 .`` then ``( C )`` on the next line) and
before a closing bracket or quote that the split pushed onto the next line.
"""

from __future__ import annotations

import re

from cablescope.model import Edit

RULE = "detokenise"

_PARAGRAPH = re.compile(r" \. ?\n(?=\( ?[A-Za-z/]{1,8} ?\))")
# A space (or the line break of a sentence split) before punctuation that ends a token.
_BEFORE_PUNCT = re.compile(r" \n? ?(?!\.\.)(?=[,.;:?!%)\]}\u201d](?:\s|$|[\"\u201d\u2019),.;:\]]))")
_CLITIC = re.compile(r"['\u2019](?:s|S|d|m|ve|re|ll)\b|n't\b")
_AFTER_OPENING = re.compile(r"[(\[{\u201c] (?=\S)")
_QUOTE = re.compile(r"\"(?: \")?(?!\S)")
_CLOSING_NEXT = frozenset(",.;:?!)]")


def _quote_edits(text: str) -> list[Edit]:
    """Standalone straight quotes: alternately opening (space after) and closing (space before).

    The tokeniser often moves a closing quote to the start of the next sentence
    line, so line position says nothing; only punctuation right after a quote
    (closing) or an opening parenthesis right before it (opening) resets the count.
    """
    edits: list[Edit] = []
    opening = True
    n = len(text)
    for m in _QUOTE.finditer(text):
        start, end = m.start(), m.end()
        if start > 0 and not text[start - 1].isspace():
            continue
        gap_after = _space_run(text, end, 1)
        gap_before = _space_run(text, start, -1)
        after = text[gap_after] if gap_after < n else ""
        before = text[gap_before - 1] if gap_before > 0 else ""
        if after and after in _CLOSING_NEXT:
            opening = False
        elif before == "(":
            opening = True
        if opening and gap_after > end:
            edits.append(Edit(end, gap_after, "", RULE))
        elif not opening and 0 < gap_before < start:
            edits.append(Edit(gap_before, start, "", RULE))
        if " " in m.group():
            edits.append(Edit(start + 1, start + 2, "", RULE))
        opening = not opening
    return edits


def _space_run(text: str, at: int, step: int) -> int:
    """The end of the run of spaces and line breaks from ``at`` in direction ``step``."""
    i = at
    n = len(text)
    while (0 < i if step < 0 else i < n) and text[i if step > 0 else i - 1] in " \n":
        i += step
    return i


def detokenise_edits(text: str) -> list[Edit]:
    """Edits that undo the tokeniser's spacing in ``text`` (marks already removed)."""
    edits: list[Edit] = []
    for m in _PARAGRAPH.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isdigit():
            edits.append(Edit(m.start(), m.end(), ". ", RULE))
    for m in _BEFORE_PUNCT.finditer(text):
        if m.start() > 0 and not text[m.start() - 1].isspace():
            edits.append(Edit(m.start(), m.end(), "", RULE))
    for m in _CLITIC.finditer(text):
        at = m.start()
        if at > 1 and text[at - 1] == " " and not text[at - 2].isspace():
            edits.append(Edit(at - 1, at, "", RULE))
    for m in _AFTER_OPENING.finditer(text):
        edits.append(Edit(m.start() + 1, m.end(), "", RULE))
    if '"' in text:
        edits.extend(_quote_edits(text))
    edits.sort(key=lambda e: (e.start, -e.end))
    kept: list[Edit] = []
    for edit in edits:
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    return kept
