"""TAGS: the subject and country codes of the State Department's TAGS/Terms handbook.

``data/tags.tsv`` maps each code to its label in the form the National Security
Archive's PlusD records print it (``PGOV`` -> ``Political Affairs--Government; Internal
Governmental Affairs``, ``MX`` -> ``Mexico``).
"""

from __future__ import annotations

import re

from cablescope.model import Tag
from cablescope.model.tagcodes import table

_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{1,6})?$")
_PARENS = re.compile(r"\([^)]*\)?")
_NOT_CODES: frozenset[str] = frozenset(
    {"AND", "THE", "OF", "FOR", "IN", "ON", "TO", "SUBJECT", "SUBJ", "REF", "REFS", "TAGS"}
)


def make_tags(codes: tuple[str, ...]) -> tuple[Tag, ...]:
    """Tag records for codes, each with its label when known."""
    known = table()
    return tuple(Tag(code=code, label=known.get(code)) for code in codes)


def _segment(word: str, known: dict[str, str]) -> list[str] | None:
    """Codes run together (``ETRDEINVECINPGOVCS``, ``ETRDECONWTOCS``) split apart.

    Pieces are 3-4 letters, and a two-letter country code may end the run; the split
    with fewest unknown pieces (at most one, and never most of them), then fewest
    pieces, wins. None when no such split exists.
    """
    if len(word) < 6:
        return None
    # best[i]: (unknown pieces, pieces, split) for word[:i]
    best: list[tuple[int, int, list[str]] | None] = [None] * (len(word) + 1)
    best[0] = (0, 0, [])
    for i in range(len(word)):
        here = best[i]
        if here is None:
            continue
        for size in (2, 3, 4):
            piece = word[i : i + size]
            if len(piece) < size:
                break
            if size == 2 and (i + size != len(word) or piece not in known):
                continue
            unknown = here[0] + (piece not in known)
            if unknown > 1:
                continue
            cand = (unknown, here[1] + 1, [*here[2], piece])
            there = best[i + size]
            if there is None or cand[:2] < there[:2]:
                best[i + size] = cand
    done = best[len(word)]
    if done is None or done[0] * 2 >= done[1]:
        return None
    return done[2]


def _accept(word: str, known: dict[str, str]) -> bool:
    """A known code, or an unknown one short enough to be a code rather than a word."""
    if word in known:
        return True
    return bool(_CODE.match(word)) and word not in _NOT_CODES and (len(word) <= 5 or "-" in word)


def _codes_of(line: str, known: dict[str, str]) -> list[str]:
    text = _PARENS.sub(" ", line.upper().replace("\xa0", " "))
    out: list[str] = []
    if "," in text or ";" in text:
        for item in re.split(r"[,;]", text):
            words = item.split()
            if len(words) == 1:
                word = words[0].strip(".:")
                if _accept(word, known):
                    out.append(word)
                elif len(word) > 5 and word.isalpha():
                    out.extend(_segment(word, known) or ())
            else:
                out.extend(w for w in (w.strip(".:") for w in words) if w in known)
    else:
        for raw in text.split():
            word = raw.strip(".:")
            if _accept(word, known):
                out.append(word)
            elif len(word) > 5 and word.isalpha():
                out.extend(_segment(word, known) or ())
    return out


def _only_codes(line: str, known: dict[str, str]) -> bool:
    words = [w.strip(".,;:") for w in line.upper().split()]
    return bool(words) and all(w in known for w in words if w)


def split_tags(text: str, start: int, stops: list[int], end: int) -> tuple[str, ...]:
    """The codes of a TAGS field whose value starts at ``start``: split on commas and spaces,
    continued on following lines made only of known codes, stopping at the next header
    marker (``stops``, sorted offsets), a blank line or ``end``."""
    known = table()
    limit = end
    for stop in stops:
        if stop >= start:
            limit = min(limit, stop)
            break
    codes: list[str] = []
    pos = start
    first = True
    while pos < limit:
        nl = text.find("\n", pos, limit)
        line_end = limit if nl < 0 else nl
        line = text[pos:line_end]
        if not line.strip():
            if first and pos == start and nl >= 0:
                pos = line_end + 1
                start = -1
                continue
            break
        if not first and not _only_codes(line, known):
            break
        codes.extend(_codes_of(line, known))
        first = False
        pos = line_end + 1
    seen: set[str] = set()
    unique: list[str] = []
    for code in codes:
        if code not in seen:
            seen.add(code)
            unique.append(code)
    return tuple(unique)
