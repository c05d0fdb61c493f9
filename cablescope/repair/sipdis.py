"""Repeated SIPDIS markings: ``SIPDIS\\n\\nSIPDIS`` keeps the first.

The transmission system added its own SIPDIS line after the drafter's; the two
stand in the header with only blank lines, or a handling caveat line
(SENSITIVE, NOFORN), between them. The second one and the blank space before it
are removed; a SIPDIS farther away is left alone.
"""

from __future__ import annotations

import re

from cablescope.model import Edit

RULE = "sipdis"

_GAP = r"(?:[ \t\r\n\u2028\\]|<br>)+"
_REPEATED = re.compile(
    rf"SIPDIS(?:{_GAP}(?:SENSITIVE|NOFORN)(?: ?[,.])?)*(?P<dup>{_GAP}SIPDIS)(?![A-Za-z])"
)


def sipdis_edits(text: str) -> list[Edit]:
    """Edits removing a SIPDIS that repeats the one just before it."""
    if text.count("SIPDIS") < 2:
        return []
    edits: list[Edit] = []
    m = _REPEATED.search(text)
    while m is not None:
        if m.start() == 0 or not text[m.start() - 1].isalpha():
            edits.append(Edit(m.start("dup"), m.end("dup"), "", RULE))
        m = _REPEATED.search(text, m.end() - len("SIPDIS"))
    return edits
