"""The ``auto`` tagger: each text to the model that reads it best. Text written in capitals
(the telegrams of the 1960s to 1980s) goes to the MiniLM encoder, which is uncased and reads
a name from its wordpieces and its context; the rest goes to cablescope's own model, which
tags mixed-case text about three times faster and within a point of it. Each mention keeps
the backend that found it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import ClassVar

from cablescope.model import Mention
from cablescope.tagging.base import Tagger

LOWER_AT_MOST = 0.1
"""The share of a text's letters in lower case up to which it is written in capitals: a
telegram in capitals keeps some from its page (``Classified By``, a URL, an editor's line;
3-8% in two of History Lab's), where prose in mixed case has 40-95% of its letters in lower
case."""

LETTERS_AT_LEAST = 20
"""Fewer letters than this say nothing of how a text is written: it goes to the cased model."""

CHUNK = 64
"""Texts routed together: each model tags its share of a chunk in one call, in order."""


def in_capitals(text: str) -> bool:
    """Whether ``text`` is written in capitals (see ``LOWER_AT_MOST``)."""
    lower = sum(map(str.islower, text))
    letters = lower + sum(map(str.isupper, text))
    return letters >= LETTERS_AT_LEAST and lower <= LOWER_AT_MOST * letters


class RoutedTagger:
    """Tags the texts written in capitals with ``capitals`` and the others with ``cased``,
    returning the mentions of every text in input order."""

    name: ClassVar[str] = "auto"

    def __init__(self, cased: Tagger, capitals: Tagger) -> None:
        self.cased = cased
        self.capitals = capitals

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        it = iter(texts)
        while chunk := list(islice(it, CHUNK)):
            routed = [in_capitals(t) for t in chunk]
            found: list[list[Mention]] = [[] for _ in chunk]
            for tagger, wanted in ((self.cased, False), (self.capitals, True)):
                at = [i for i, caps in enumerate(routed) if caps is wanted]
                if at:
                    tagged = tagger.tag(chunk[i] for i in at)
                    for i, mentions in zip(at, tagged, strict=True):
                        found[i] = mentions
            yield from found
