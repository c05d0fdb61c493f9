"""Entities as CoNLL-2003 columns: one token per line, ``token _ _ IOB2-tag``.

Tokens are abbreviations (``U.S.``), words, numbers and single punctuation marks, split
wherever an entity starts or ends, so every entity is a whole run of tokens. A line of the text ends a sentence
when it ends with a full stop or is followed by a blank line.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import gt, itemgetter

DOCSTART = "-DOCSTART- -X- -X- O"
# An abbreviation, else a word whose runs are joined by -'’.&/, else one other mark. The
# first word character is shared, so a word is not read twice to learn it is no
# abbreviation; the runs are possessive, as a run never gives characters back.
_TOKEN = re.compile(r"\w(?:\.(?:\w\.)++|\w*+(?:[-'’.&/]\w++)*+)|[^\w\s]")
_PARAGRAPH = re.compile("\n\n")
_STOP = re.compile(r"\.\n")
_CHUNK = re.compile(r"\S*+")
_REST = re.compile(r"(?:[-'’.&/]\w++)*+")
_JOINS = frozenset("-'’&/")
_OUTSIDE = " _ _ O\n"
_BOUNDS = frozenset(" \n\t\r") | frozenset(
    c for c in string.punctuation + "¶§“”‘«»–—•" if c not in "_.-'’&/"
)
"""Characters that no token goes on through: white space, and marks that are tokens of
their own. Beside one of them, a token always starts or ends."""


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

    Written for speed (a whole archive is exported this way). The text is cut where
    tokens surely meet (white space, a mark of its own) around each entity; between the
    entities nearly all tokens are found by one ``findall`` each and joined by
    ``str.join``, and an entity that is a whole run of tokens on one line is one more
    ``findall``, or none for one word. The rest (entities that cut a token, overlap or
    cross lines, and all of a text with spans outside it) take their tokens one by one
    in ``_exact``. A sentence break is a blank line written when the break is met, but
    only once before a token and not after the last one.
    """
    ordered = sorted(spans)
    n = len(text)
    paragraphs = [m.start() for m in _PARAGRAPH.finditer(text)]
    stops = {m.start() + 1 for m in _STOP.finditer(text)}.difference(paragraphs)
    breaks = sorted(stops.union(paragraphs))
    breaks.append(n + 1)
    out = [DOCSTART, "\n\n"]
    append = out.append
    findall = _TOKEN.findall
    pos = bi = index = 0
    last = ""
    cuts: list[int] = []
    ends = list(map(_END, ordered))
    if ordered and (ordered[0][0] < 0 or max(ends) > n or any(map(gt, map(_START, ordered), ends))):
        cuts = _cuts(ordered)
        _exact(text, 0, n, ordered, cuts, breaks, stops, 0, 0, out, last, loose=True)
        pos, ordered = n, []
    k, count = 0, len(ordered)
    while True:
        if k < count:
            start, end, kind = ordered[k]
            k += 1
            if start <= pos:
                left = pos
            elif start == n or text[start - 1] in _BOUNDS or text[start] in _BOUNDS:
                left = start
            else:
                left = max(pos, text.rfind(" ", pos, start) + 1, text.rfind("\n", pos, start) + 1)
            if end >= n or text[end] in _BOUNDS or text[end - 1] in _BOUNDS:
                right = end
            else:
                right = _right(text, end)
            alone = True
            while k < count and ordered[k][0] < right:
                right = max(right, _right(text, ordered[k][1]))
                alone = False
                k += 1
        else:
            left = n
        # the tokens from pos to left, none in an entity, and the breaks among them
        while breaks[bi] <= left:
            at = breaks[bi]
            bi += 1
            if at > pos:
                found = findall(text, pos, at)
                if found:
                    append(_OUTSIDE.join(found) + _OUTSIDE)
                    last = found[-1]
                pos = at
            if (at not in stops or last == ".") and out[-1] != "\n":
                append("\n")
        found = findall(text, pos, left)
        if found:
            append(_OUTSIDE.join(found) + _OUTSIDE)
            last = found[-1]
        if left == n:
            break
        word = text[start:end] if alone and left == start and right == end else ""
        if word.isalnum():
            append(f"{word} _ _ B-{kind}\n")
            last = word
        elif (
            alone
            and left == start < end
            and not text[start].isspace()
            and text.find("\n", start, end) < 0
            and (right == end or (text[end] in _JOINS and _word(text[end - 1])))
        ):
            # one entity of whole tokens, then what is left of the word it ends in
            first, *rest = findall(text, start, end)
            inside = f" _ _ I-{kind}\n"
            lines = f"{first} _ _ B-{kind}\n"
            last = rest[-1] if rest else first
            if rest:
                lines += inside.join(rest) + inside
            if right > end:
                last = text[end:right]
                lines += last + _OUTSIDE
            append(lines)
        else:
            if not cuts:
                cuts = _cuts(ordered)
            bi, index, last = _exact(
                text, left, right, ordered, cuts, breaks, stops, bi, index, out, last
            )
        pos = right
    if out[-1] == "\n":
        out.pop()
    append("\n")
    return "".join(out)


def _right(text: str, at: int) -> int:
    """A place at or after ``at`` where tokens surely meet: ``at`` itself where a token
    ends there, the end of the word that goes on through a -'’&/ there, else the next
    white space."""
    if at <= 0 or at >= len(text) or text[at] in _BOUNDS or text[at - 1] in _BOUNDS:
        return at
    mark = text[at]
    if _word(text[at - 1]) and (mark in _JOINS or mark == "."):
        if at + 1 == len(text) or not _word(text[at + 1]):
            # a word ends before a mark with no word after it, unless the mark is the
            # full stop of an abbreviation (U.S.)
            if mark != "." or at < 2 or text[at - 2] != ".":
                return at
        elif mark != ".":
            return _REST.match(text, at).end()  # type: ignore[union-attr]
    return _CHUNK.match(text, at).end()  # type: ignore[union-attr]


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _cuts(ordered: list[tuple[int, int, str]]) -> list[int]:
    return sorted({offset for start, end, _ in ordered for offset in (start, end)})


def _exact(
    text: str,
    left: int,
    right: int,
    ordered: list[tuple[int, int, str]],
    cuts: list[int],
    breaks: list[int],
    stops: set[int],
    bi: int,
    index: int,
    out: list[str],
    last: str,
    loose: bool = False,
) -> tuple[int, int, str]:
    """Write the tokens from ``left`` to ``right`` one by one, cut at every entity's ends
    and tagged as the entity covering their start says, with the sentence breaks among
    them (``breaks`` from ``bi`` on, those before ``right``); give back where the breaks
    and ``ordered`` have got to, and the last token written. ``loose``: some spans end
    before they start, and only a token that a span overlaps is cut."""
    count = len(ordered)
    # a full stop at an entity's end ends a sentence even where it is not cut off
    marks = set(cuts) if loose else set()
    for m in chain(_TOKEN.finditer(text, left, right), (None,)):
        start, end = m.span() if m else (right, right)
        while breaks[bi] < start:
            at = breaks[bi]
            if (at not in stops or last == "." or at - 1 in marks) and out[-1] != "\n":
                out.append("\n")
            bi += 1
        inside = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
        if loose and not any(s < end and start < e for s, e, _ in ordered):
            inside = []
        for cut in (*inside, end) if m else ():
            while index < count and ordered[index][1] <= start:
                index += 1
            tag = "O"
            if index < count and ordered[index][0] <= start < ordered[index][1]:
                kind = ordered[index][2]
                tag = f"B-{kind}" if start == ordered[index][0] else f"I-{kind}"
            last = text[start:cut]
            out.append(f"{last} _ _ {tag}\n")
            start = cut
    return bi, index, last


_START, _END = itemgetter(0), itemgetter(1)
