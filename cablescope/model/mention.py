"""Mention: an entity found in a cable's text by a tagger."""

from __future__ import annotations

from dataclasses import dataclass

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
"""The CoNLL-2003 entity types cablescope tags."""


@dataclass(frozen=True, slots=True)
class Mention:
    """``text[start:end]`` is an entity of ``type``, found by ``backend`` with ``score``
    (1.0 when the backend gives none)."""

    start: int
    end: int
    type: str
    text: str
    backend: str
    score: float = 1.0
