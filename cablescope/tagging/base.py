"""The tagger protocol and the static fake (its errors are in cablescope.errors).

A tagger turns texts into entity mentions (CoNLL-2003 types PER, ORG, LOC, MISC). The
backends import this module; ``registry.get_tagger`` finds them by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import ClassVar, Protocol, runtime_checkable

from cablescope.model import ENTITY_TYPES, Mention


@runtime_checkable
class Tagger(Protocol):
    """Finds mentions in texts: one list per text, in input order, offsets into that text."""

    name: ClassVar[str]

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        """The mentions of each text, sorted by start."""
        ...


def valid_mentions(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions that fit ``text`` (in bounds, non-empty, ``text[start:end] == text``, a
    known type), sorted by position, without exact duplicates."""
    seen: set[tuple[int, int, str]] = set()
    out: list[Mention] = []
    for m in mentions:
        key = (m.start, m.end, m.type)
        if key in seen or m.type not in ENTITY_TYPES:
            continue
        if 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text:
            seen.add(key)
            out.append(m)
    out.sort(key=lambda m: (m.start, m.end))
    return out


class StaticTagger:
    """A fake tagger: returns the mentions it was given for each text, and none for a text
    it does not know. Mentions that do not fit their text are dropped."""

    name: ClassVar[str] = "static"

    def __init__(self, results: Mapping[str, Sequence[Mention]] | None = None) -> None:
        self._results: dict[str, tuple[Mention, ...]] = {
            text: tuple(mentions) for text, mentions in (results or {}).items()
        }

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        for text in texts:
            yield valid_mentions(text, self._results.get(text, ()))
