"""Carry standoff spans from one text of a cable onto another text of the same cable.

Two sources of one cable differ in spacing, tokenisation and layout far more
than in letters, so the texts are compared on their non-space characters only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from cablescope.model import Annotation


def _squeeze(text: str) -> tuple[str, list[int]]:
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in keep), keep


def char_map(source: str, target: str) -> dict[int, int]:
    """Map offsets of non-space characters in ``source`` to equal characters in ``target``."""
    src, src_at = _squeeze(source)
    dst, dst_at = _squeeze(target)
    if src == dst:
        return dict(zip(src_at, dst_at, strict=True))
    return {src_at[i]: dst_at[j] for i, j in _matches(src, dst)}


_GRAM = 12
_NEAR = 64


def _matches(a: str, b: str) -> list[tuple[int, int]]:
    """Pairs (i, j) with ``a[i] == b[j]``, increasing in both, found greedily in linear time.

    Two versions of one cable differ in short stretches (a repaired word, a dropped
    page header), so after a mismatch both strings resynchronise on the nearest
    shared run of _GRAM characters.
    """
    pairs: list[tuple[int, int]] = []
    i = j = 0
    n, m = len(a), len(b)
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i += 1
            j += 1
            continue
        resync = _resync(a, b, i, j)
        if resync is None:
            break
        i, j = resync
    return pairs


def _resync(a: str, b: str, i: int, j: int) -> tuple[int, int] | None:
    for skip in range(_NEAR):
        gram = a[i + skip : i + skip + _GRAM]
        if len(gram) < _GRAM:
            break
        k = b.find(gram, j, j + skip + _NEAR + _GRAM)
        if k >= 0:
            return i + skip, k
    gram_a, gram_b = a[i : i + _GRAM], b[j : j + _GRAM]
    k = b.find(gram_a, j) if len(gram_a) == _GRAM else -1
    h = a.find(gram_b, i) if len(gram_b) == _GRAM else -1
    if k < 0 and h < 0:
        return None
    if h < 0 or (0 <= k and k - j <= h - i):
        return i, k
    return h, j


def realign(annotations: Sequence[Annotation], source: str, target: str) -> tuple[Annotation, ...]:
    """Re-anchor annotations made on ``source`` onto ``target``.

    An annotation whose first or last visible character has no counterpart in
    ``target`` is left out of the result; the reading it came from keeps it.
    """
    if not annotations:
        return ()
    if source == target:
        return tuple(annotations)
    mapping = char_map(source, target)
    out: list[Annotation] = []
    for ann in annotations:
        first = _first_visible(source, ann.start, ann.end)
        last = _last_visible(source, ann.start, ann.end)
        if first is None or last is None:
            continue
        start, end = mapping.get(first), mapping.get(last)
        if start is None or end is None or end < start:
            continue
        out.append(dataclasses.replace(ann, start=start, end=end + 1, text=target[start : end + 1]))
    return tuple(out)


def _first_visible(text: str, start: int, end: int) -> int | None:
    for i in range(start, end):
        if not text[i].isspace():
            return i
    return None


def _last_visible(text: str, start: int, end: int) -> int | None:
    for i in range(end - 1, start - 1, -1):
        if not text[i].isspace():
            return i
    return None
