"""Unwrapped text for statistical taggers.

Cables are hard-wrapped at about 70 characters, so names break across lines (``Muhammad
\\nAbdallah Mansur al-Rimi``). spaCy's NER never puts a whitespace token inside an entity, so
a tagger sees each line wrap, and each run of whitespace (no-break spaces too), as a single
space instead; blank lines stay as they are, since they end paragraphs and header lines.
Offsets map both ways.

A run of more than ``LONGEST_WORD`` characters without whitespace, which no cable has, is
broken by a space every ``LONGEST_WORD`` characters: spaCy's tokenizer strips the prefixes
and suffixes of such a run one at a time, copying the rest each time, so its time grows with
the square of the run's length (``"`` 10,000 times takes 11 s, 40,000 times 174 s).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

LONGEST_WORD = 256
"""The longest run without whitespace a tagger reads unbroken; a cable's longest runs (lists
of references joined by ``|``) hold about 130 characters."""

_RUN = re.compile(r"\s+")
_LONG = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """``original`` with wraps and whitespace runs made single spaces and over-long words
    broken (``text``); ``origin[i]`` is the offset in the original of ``text[i]``, for a
    space that breaks a word that of the character before it (``origin[len(text)]`` is the
    original's length)."""

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
    spaces) replaced by one space, and a space after every ``LONGEST_WORD`` characters of a
    longer word; runs with a blank line in them are kept whole."""
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
    folded = "".join(parts)
    if _LONG.search(folded) is not None:
        folded, origin = _break_words(folded, origin)
    return Unwrapped(text, folded, tuple(origin))


def _break_words(text: str, origin: list[int]) -> tuple[str, list[int]]:
    """``text`` with a space after every ``LONGEST_WORD`` characters of a longer word, and
    the origins to match."""
    parts: list[str] = []
    out: list[int] = []
    last = 0
    for run in _LONG.finditer(text):
        for cut in range(run.start() + LONGEST_WORD, run.end(), LONGEST_WORD):
            parts += [text[last:cut], " "]
            out += origin[last:cut]
            out.append(origin[cut - 1])
            last = cut
    parts.append(text[last:])
    out += origin[last:]
    return "".join(parts), out
