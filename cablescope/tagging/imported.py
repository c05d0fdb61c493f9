"""The imported backend: the inline entity marks a record came with, as mentions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from cablescope.model import Cable, Mention
from cablescope.tagging.base import valid_mentions
from cablescope.tagging.routing import without_routing


def backend_name(source: str) -> str:
    """The backend a mention from an annotation of ``source`` carries: ``imported:<source>``
    (``imported`` when the source is empty), so the file the marks came from is kept."""
    return f"imported:{source}" if source else "imported"


def cable_mentions(cable: Cable) -> list[Mention]:
    """The annotations of ``cable`` as mentions on ``cable.text``; marks that do not fit the
    text, have an unknown type or hold a routing token are dropped."""
    return without_routing(
        valid_mentions(
            cable.text,
            (
                Mention(a.start, a.end, a.type, a.text, backend_name(a.source))
                for a in cable.annotations
            ),
        )
    )


class ImportedTagger:
    """Serves the imported marks of the cables it was given, looked up by text; a text of no
    known cable gets no mentions."""

    name: ClassVar[str] = "imported"

    def __init__(self, cables: Iterable[Cable] = ()) -> None:
        self._by_text: dict[str, list[Mention]] = {}
        for cable in cables:
            if cable.annotations:
                self._by_text.setdefault(cable.text, cable_mentions(cable))

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        for text in texts:
            yield list(self._by_text.get(text, ()))
