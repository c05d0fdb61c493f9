"""Carry standoff spans from one text of a cable onto another text of the same cable.

Two sources of one cable differ in spacing, tokenisation and layout far more
than in letters, so the texts are compared on their non-space characters only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from difflib import SequenceMatcher

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
    mapping: dict[int, int] = {}
    matcher = SequenceMatcher(None, src, dst, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[src_at[block.a + k]] = dst_at[block.b + k]
    return mapping


def realign(
    annotations: Sequence[Annotation], source: str, target: str
) -> tuple[Annotation, ...]:
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
