"""Unwrapped text for statistical taggers.

Cables are hard-wrapped at about 70 characters, so names break across lines (``Muhammad
\\nAbdallah Mansur al-Rimi``). spaCy's NER never puts a whitespace token inside an entity, so
a tagger sees each line wrap, and each run of spaces, as a single space instead; blank lines
stay as they are, since they end paragraphs and header lines. Offsets map both ways.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_RUN = re.compile(r"[ \t\r\n\f\v]+")


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """``original`` with wraps and space runs made single spaces (``text``); ``origin[i]`` is
    the offset in the original of ``text[i]`` (``origin[len(text)]`` is the original's length)."""

    original: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the unwrapped span ``start:end`` (non-empty)."""
        return self.origin[start], self.origin[end - 1] + 1

    def position(self, offset: int) -> int:
        """The unwrapped offset of the original ``offset``: the first unwrapped character
        that comes from at or after it."""
        return bisect_left(self.origin, offset, 0, len(self.text))


def unwrap(text: str) -> Unwrapped:
    """``text`` with every whitespace run that holds at most one line break (a wrap, or
    spaces) replaced by one space; runs with a blank line in them are kept whole."""
    parts: list[str] = []
    origin: list[int] = []
    last = 0
    for run in _RUN.finditer(text):
        start, end = run.span()
        if end - start == 1 and text[start] == " ":
            continue
        if run.group().count("\n") >= 2:
            continue
        parts.append(text[last:start])
        origin.extend(range(last, start))
        parts.append(" ")
        origin.append(start)
        last = end
    parts.append(text[last:])
    origin.extend(range(last, len(text)))
    origin.append(len(text))
    return Unwrapped(text, "".join(parts), tuple(origin))
