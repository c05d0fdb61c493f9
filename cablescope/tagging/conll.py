"""Entities as CoNLL-2003 columns: one token per line, ``token _ _ IOB2-tag``.

Tokens are abbreviations (``U.S.``), words, numbers and single punctuation marks, split
wherever an entity starts or ends, so every entity is a whole run of tokens. A line of the text ends a sentence
when it ends with a full stop or is followed by a blank line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate

DOCSTART = "-DOCSTART- -X- -X- O"
# Possessive: a word's run never gives characters back (it has nothing to give them to), so
# the same tokens come a sixth faster.
_TOKEN = re.compile(r"(?:\w\.){2,}|\w++(?:[-'’.&/]\w++)*+|[^\w\s]")
_SPLIT = re.compile(f"({_TOKEN.pattern})")
_STOP = re.compile(r"\.(?=\n)|\.\Z")
_OUTSIDE = " _ _ O\n"


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
    return iter(conll_document(text, spans)[:-1].split("\n"))


def conll_document(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The lines of ``to_conll`` as one text, each ending in a newline.

    Written for speed (a whole archive is exported this way): the runs of tokens outside
    any entity and any sentence break, nearly all of them, are joined by ``str.join``;
    only the tokens an entity touches and the breaks take a step of their own.
    """
    ordered = sorted(spans)
    parts = _SPLIT.split(text)  # gap, token, gap, token, ..., gap
    words = parts[1::2]
    count = len(words)
    offsets = list(accumulate(map(len, parts), initial=0))
    starts = offsets[1 : 2 * count + 1 : 2]
    ends = offsets[2 : 2 * count + 2 : 2]
    cuts = sorted({offset for start, end, _ in ordered for offset in (start, end)})
    breaks = {bisect_right(starts, m.start()) for m in re.finditer("\n\n", text)}
    for m in _STOP.finditer(text):
        at = m.start()
        after = bisect_right(starts, at)
        if after and (starts[after - 1] == at or at in cuts):
            breaks.add(after)
    touched: set[int] = set()
    for start, end, _ in ordered:
        touched.update(range(bisect_right(ends, start), bisect_left(starts, end)))
    out = [DOCSTART, "\n\n"]
    done = 0
    index = 0
    for i in sorted(breaks.union(touched)):
        if i >= count:
            break
        if i > done:
            out.append(_OUTSIDE.join(words[done:i]) + _OUTSIDE)
        if i in breaks:
            out.append("\n")
        done = i + 1
        if i not in touched:
            out.append(words[i] + _OUTSIDE)
            continue
        start, end = starts[i], ends[i]
        pieces = [*cuts[bisect_right(cuts, start) : bisect_left(cuts, end)], end]
        for cut in pieces:
            while index < len(ordered) and ordered[index][1] <= start:
                index += 1
            tag = "O"
            if index < len(ordered) and ordered[index][0] <= start < ordered[index][1]:
                kind = ordered[index][2]
                tag = f"B-{kind}" if start == ordered[index][0] else f"I-{kind}"
            out.append(f"{text[start:cut]} _ _ {tag}\n")
            start = cut
    if done < count:
        out.append(_OUTSIDE.join(words[done:]) + _OUTSIDE)
    out.append("\n")
    return "".join(out)
