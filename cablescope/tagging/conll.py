"""Entities as CoNLL-2003 columns: one token per line, ``token _ _ IOB2-tag``.

Tokens are abbreviations (``U.S.``), words, numbers and single punctuation marks, split
wherever an entity starts or ends, so every entity is a whole run of tokens. A line of the text ends a sentence
when it ends with a full stop or is followed by a blank line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

DOCSTART = "-DOCSTART- -X- -X- O"
_TOKEN = re.compile(r"(?:\w\.){2,}|\w+(?:[-'’.&/]\w+)*|[^\w\s]")


def tokens(text: str, cuts: Iterable[int] = ()) -> list[tuple[int, int]]:
    """(start, end) of each token of ``text``, split at the offsets in ``cuts``."""
    bounds = sorted(set(cuts))
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        i = bisect_right(bounds, start)
        while i < len(bounds) and bounds[i] < end:
            out.append((start, bounds[i]))
            start = bounds[i]
            i += 1
        out.append((start, end))
    return out


def to_conll(text: str, spans: Iterable[tuple[int, int, str]]) -> Iterator[str]:
    """The lines of one document: DOCSTART, then tokens with IOB2 tags, blank lines between
    sentences."""
    ordered = sorted(spans)
    cuts = [offset for start, end, _ in ordered for offset in (start, end)]
    yield DOCSTART
    yield ""
    index = 0
    previous_end = 0
    pending_break = False
    for start, end in tokens(text, cuts):
        gap = text[previous_end:start]
        if pending_break or "\n\n" in gap:
            yield ""
        while index < len(ordered) and ordered[index][1] <= start:
            index += 1
        tag = "O"
        if index < len(ordered) and ordered[index][0] <= start < ordered[index][1]:
            kind = ordered[index][2]
            tag = f"B-{kind}" if start == ordered[index][0] else f"I-{kind}"
        yield f"{text[start:end]} _ _ {tag}"
        pending_break = text[start:end] == "." and text[end : end + 1] in ("\n", "")
        previous_end = end
    yield ""
