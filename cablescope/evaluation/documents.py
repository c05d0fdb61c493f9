"""Gold documents: a text and the CoNLL-typed entities a yardstick marks in it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """``document.text[start:end] == text`` is a gold entity of ``type`` (PER, ORG, LOC, MISC)."""

    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One scored unit of a yardstick: its ``text``, the ``entities`` in it sorted by offset and
    never overlapping, and whether the text is upper case throughout (``all_caps``), where
    taggers trained on mixed case lose their main cue."""

    id: str
    text: str
    entities: tuple[GoldEntity, ...]
    all_caps: bool
    unknown: tuple[tuple[int, int], ...] = ()
    """Spans whose marking is not known (training only: neither an entity nor outside one)."""


def is_all_caps(text: str) -> bool:
    """True when ``text`` has letters and none of them is lower case."""
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


def bucket(key: str, buckets: int) -> int:
    """A stable pseudo-random bucket in ``range(buckets)`` for ``key`` (a hash, the same on
    every machine and run), for splitting documents reproducibly."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % buckets
