"""Double quotes that the Cablegate text carries as ``&`` and ``8``: ``&chicken and egg8``.

An opener is an ``&`` glued to the start of a word (not ``AT&T``, ``R&D``, or
``Oil & Gas``); a closer is an ``8`` glued to the end of a word of two or more
letters or to punctuation after a word (``one.8``, ``better,8``), never to a
digit (``18``) or a lone letter (``G8``), unless the quote is that one word
(``&3-D8``, ``&C8``). An opener pairs with the next closer when no other
opener, curly quote or blank line comes between. They become curly quotes, as
the cable viewer shows them where the text kept them.

Some bodies also carry every straight quote doubled (``""voice""``), the
escape of the cables.csv export; a lone pair becomes one quote.
"""

from __future__ import annotations

import re

from cablescope.model import Edit

RULE = "quote"
DOUBLED_RULE = "doubled-quote"
OPENING = "\u201c"
CLOSING = "\u201d"

_MAX_SPAN = 1200
_BLANK_LINE = re.compile(r"\n[ \t\r\u2028\\]*\n")
_AFTER_WORD = frozenset(".,!?;:)'\u2019")
_CURLY = ("\u201c", "\u201d")


def _is_opener(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() or before == "&") and not (after.isspace() or after == "&")


def _is_closer(text: str, i: int) -> bool:
    if i < 2 or not _ends_token(text, i):
        return False
    a, b = text[i - 2], text[i - 1]
    if b.isascii() and b.isalpha():
        return a.isascii() and a.isalpha()
    return b in _AFTER_WORD and a.isascii() and (a.isalnum() or a == ")")


def _closer_after(text: str, opener: int, end: int) -> int:
    i = text.find("8", opener + 2, end)
    while i >= 0:
        if _is_closer(text, i):
            return i
        if _ends_token(text, i) and not any(c.isspace() for c in text[opener + 1 : i]):
            return i
        i = text.find("8", i + 1, end)
    return -1


def _ends_token(text: str, i: int) -> bool:
    return i + 1 >= len(text) or not (text[i + 1].isascii() and text[i + 1].isalnum())


def quote_edits(text: str) -> list[Edit]:
    """Edits turning paired ``&``/``8`` quotes in ``text`` into curly quotes."""
    openers = [i for i in _positions(text, "&") if _is_opener(text, i)]
    edits: list[Edit] = []
    for k, opener in enumerate(openers):
        end = min(len(text), opener + _MAX_SPAN + 1)
        if k + 1 < len(openers):
            end = min(end, openers[k + 1])
        closer = _closer_after(text, opener, end)
        if closer < 0:
            continue
        if any(text.find(c, opener, closer) >= 0 for c in _CURLY):
            continue
        if _BLANK_LINE.search(text, opener, closer):
            continue
        edits.append(Edit(opener, opener + 1, OPENING, RULE))
        edits.append(Edit(closer, closer + 1, CLOSING, RULE))
    return edits


def _positions(text: str, needle: str) -> list[int]:
    found: list[int] = []
    i = text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + len(needle))
    return found


def doubled_quote_edits(text: str) -> list[Edit]:
    """Edits turning ``""`` (a CSV escape that leaked into some bodies) into ``"``."""
    edits: list[Edit] = []
    for i in _positions(text, '""'):
        if (i == 0 or text[i - 1] != '"') and text[i + 2 : i + 3] != '"':
            edits.append(Edit(i, i + 2, '"', DOUBLED_RULE))
    return edits
