"""The spaCy backend: any installed spaCy pipeline, its OntoNotes labels mapped onto the
CoNLL-2003 types. spaCy is an optional extra and is imported only when a tagger is built."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from cablescope.model import Mention
from cablescope.tagging.base import TaggerUnavailable

INSTALL = "pip install 'cablescope[spacy]'"
"""The command that installs the spaCy extra."""

LABELS: dict[str, str] = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}
"""spaCy entity label -> CoNLL-2003 type; labels not here (DATE, MONEY, CARDINAL…) are
dropped. PER and MISC are there for pipelines trained on CoNLL-style labels."""

BATCH_SIZE = 32
"""Texts handed to ``nlp.pipe`` at a time."""


def _load(pipeline: str) -> Any:
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        raise TaggerUnavailable(f"spaCy is not installed; run: {INSTALL}") from None
    try:
        return spacy.load(pipeline)
    except OSError:
        raise TaggerUnavailable(
            f"spaCy pipeline {pipeline!r} is not installed; install it as a package "
            f"(en_core_web_sm comes with: {INSTALL})"
        ) from None


class SpacyTagger:
    """Tags with the installed spaCy pipeline ``pipeline`` (a package name such as
    ``en_core_web_sm`` or a path), or with ``nlp``, an already loaded ``Language``."""

    name: ClassVar[str] = "spacy"

    def __init__(self, pipeline: str, nlp: Any = None, batch_size: int = BATCH_SIZE) -> None:
        self.pipeline = pipeline
        self.backend = f"spacy:{pipeline}"
        self._nlp = nlp if nlp is not None else _load(pipeline)
        self._batch_size = batch_size

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        for doc in self._nlp.pipe(texts, batch_size=self._batch_size):
            yield self.mentions(doc)

    def mentions(self, doc: Any) -> list[Mention]:
        """The mentions of a processed ``Doc``, whitespace trimmed off their ends."""
        out: list[Mention] = []
        text: str = doc.text
        for ent in doc.ents:
            kind = LABELS.get(ent.label_)
            start, end = ent.start_char, ent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if kind is not None and start < end:
                out.append(Mention(start, end, kind, text[start:end], self.backend))
        return out
