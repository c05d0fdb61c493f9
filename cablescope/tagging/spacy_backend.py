"""The spaCy backend: any installed spaCy pipeline, its OntoNotes labels mapped onto the
CoNLL-2003 types. spaCy is imported only when a tagger is built: it is slow to import."""

from __future__ import annotations

import importlib
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from cablescope.model import Mention
from cablescope.tagging.base import TaggerUnavailable
from cablescope.tagging.unwrap import Unwrapped, unwrap

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

MODEL = Path(__file__).resolve().parent.parent / "models" / "ner"
"""Where cablescope's own model is shipped (a spaCy pipeline folder; ``cablescope train``)."""

BATCH_SIZE = 32
"""Texts handed to ``nlp.pipe`` at a time."""


def import_spacy() -> Any:
    """The spaCy module; TaggerUnavailable when the install lacks it."""
    try:
        return importlib.import_module("spacy")
    except ImportError:
        raise TaggerUnavailable("spaCy is missing; reinstall cablescope") from None


def _load(pipeline: str) -> Any:
    spacy = import_spacy()
    try:
        return spacy.load(pipeline)
    except OSError:
        raise TaggerUnavailable(
            f"spaCy pipeline {pipeline!r} is not installed; install it as a package "
            f"(en_core_web_sm comes with: {INSTALL})"
        ) from None


def own_model() -> Path:
    """The folder of cablescope's own model; TaggerUnavailable when it is missing."""
    if not (MODEL / "meta.json").is_file():
        raise TaggerUnavailable(
            f"cablescope's entity model is missing from {MODEL}; rebuild it with "
            "`cablescope train` or reinstall cablescope"
        )
    return MODEL


class SpacyTagger:
    """Tags with the installed spaCy pipeline ``pipeline`` (a package name such as
    ``en_core_web_sm`` or a path), or with ``nlp``, an already loaded ``Language``."""

    name: ClassVar[str] = "spacy"

    def __init__(
        self,
        pipeline: str,
        nlp: Any = None,
        batch_size: int = BATCH_SIZE,
        backend: str | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.backend = backend or f"spacy:{pipeline}"
        self._nlp = nlp if nlp is not None else _load(pipeline)
        self._batch_size = batch_size

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        views: deque[Unwrapped] = deque()

        def flat() -> Iterator[str]:
            for text in texts:
                views.append(unwrap(text))
                yield views[-1].text

        for doc in self._nlp.pipe(flat(), batch_size=self._batch_size):
            yield self.mentions(doc, views.popleft())

    def mentions(self, doc: Any, view: Unwrapped | None = None) -> list[Mention]:
        """The mentions of a processed ``Doc``, whitespace trimmed off their ends; with
        ``view``, the doc is of ``view.text`` and offsets go back to ``view.original``."""
        out: list[Mention] = []
        flat: str = doc.text
        original = flat if view is None else view.original
        for ent in doc.ents:
            kind = LABELS.get(ent.label_)
            start, end = ent.start_char, ent.end_char
            while start < end and flat[start].isspace():
                start += 1
            while end > start and flat[end - 1].isspace():
                end -= 1
            if kind is None or start >= end:
                continue
            if view is not None:
                start, end = view.span(start, end)
            out.append(Mention(start, end, kind, original[start:end], self.backend))
        return out
