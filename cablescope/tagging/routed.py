"""Each text to the model that reads it best: text written in capitals (the telegrams of the
1960s to 1980s) to one model, the rest to another. The ``auto`` tagger sends text in capitals
to the MiniLM encoder, which is uncased and reads a name from its wordpieces and its context,
and the rest to cablescope's own model for mixed case, which tags it about three times
faster and within a point of it. cablescope's own shipped models are such a pair too
(``OwnModels``). Each mention keeps the backend that found it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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
    returning the mentions of every text in input order. ``capitals`` may be a function
    that builds the tagger: it is then loaded only once a text in capitals comes."""

    name: ClassVar[str] = "auto"

    def __init__(self, cased: Tagger, capitals: Tagger | Callable[[], Tagger]) -> None:
        self.cased = cased
        self._capitals = capitals

    @property
    def capitals(self) -> Tagger:
        """The tagger of the texts written in capitals (built now if it was not)."""
        if not isinstance(self._capitals, Tagger):
            self._capitals = self._capitals()
        return self._capitals

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        it = iter(texts)
        while chunk := list(islice(it, CHUNK)):
            routed = [in_capitals(t) for t in chunk]
            found: list[list[Mention]] = [[] for _ in chunk]
            for wanted in (False, True):
                at = [i for i, caps in enumerate(routed) if caps is wanted]
                if at:
                    tagger = self.capitals if wanted else self.cased
                    tagged = tagger.tag(chunk[i] for i in at)
                    for i, mentions in zip(at, tagged, strict=True):
                        found[i] = mentions
            yield from found


class OwnModels(RoutedTagger):
    """cablescope's shipped models as one tagger (``cablescope``): the model trained with the
    hand-marked training cables for mixed-case text, where it scores higher (the gold cables
    85.3 against 83.7), and the one trained without them for text in capitals, where it
    does (History Lab by overlap 68.0 against 66.4; docs/model.md). The second is loaded
    only once a text in capitals comes."""

    name: ClassVar[str] = "cablescope"
