"""The spaCy backend: any installed spaCy pipeline, its OntoNotes labels mapped onto the
CoNLL-2003 types. spaCy is imported only when a tagger is built: it is slow to import."""

from __future__ import annotations

import importlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from cablescope.model import Mention
from cablescope.errors import TaggerUnavailable
from cablescope.tagging.blas import blas_threads
from cablescope.tagging.routing import without_routing
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

CAPITALS = MODEL.with_name("ner-capitals")
"""Where its model for text written in capitals is shipped (``routed.OwnModels``)."""

BATCH_SIZE = 16
"""Texts handed to ``nlp.pipe`` at a time."""

PIECE = 30_000
"""The longest text handed to the pipeline in one piece: a longer one is tagged in pieces
cut at blank lines, so that any length works (spaCy refuses texts over ``nlp.max_length``)
and memory stays bounded whatever the length. Most cables are tagged whole (one in a
hundred of the Cablegate corpus is longer; cut, they have the same mentions)."""

BATCH_CHARS = 30_000
"""The most characters handed to ``nlp.pipe`` at a time (about four cables of average
length; a longer text goes alone): the tok2vec layers hold every intermediate array of a
batch until its end, about 3.5 KB per character, and larger batches are no faster."""

CONTEXT = 2_000
"""Characters of the text on each side of a piece that the pipeline reads with it, and whose
mentions are left to the neighbouring piece: the model sees a few tokens around each token,
so a piece's edges are tagged as they are in the whole text."""


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


def numpy_gemm(nlp: Any) -> None:
    """Has the CPU models of ``nlp`` multiply matrices with numpy's BLAS, on one thread.

    thinc multiplies with BLIS by default, whose build picks its kernel by processor and
    falls back to a generic one on processors it does not know (this machine's AMD EPYC):
    that kernel took half of the tagging time. numpy's OpenBLAS picks an optimised kernel;
    the mentions found in the corpus stay the same (``bench/tagging.py`` compares them).
    One thread (see ``blas``): the ingest workers are the parallelism."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        walk = getattr(getattr(component, "model", None), "walk", None)
        for node in walk() if walk is not None else ():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = ops
    blas_threads(1)


def own_model(capitals: bool = False) -> Path:
    """The folder of cablescope's own model (with ``capitals``, of the one for text written
    in capitals); TaggerUnavailable when it is missing."""
    folder = CAPITALS if capitals else MODEL
    if not (folder / "meta.json").is_file():
        raise TaggerUnavailable(
            f"cablescope's entity model is missing from {folder}; rebuild it with "
            "`cablescope train` or reinstall cablescope"
        )
    return folder


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
        piece: int = PIECE,
    ) -> None:
        self.pipeline = pipeline
        self.backend = backend or f"spacy:{pipeline}"
        self._nlp = nlp if nlp is not None else _load(pipeline)
        numpy_gemm(self._nlp)
        self._batch_size = batch_size
        # A piece is read with its context on both sides, all within spaCy's max_length.
        longest = int(getattr(self._nlp, "max_length", piece + 2 * CONTEXT)) - 2 * CONTEXT
        self._piece = max(1, min(piece, longest))

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        # Each text, unwrapped, with its pieces; the docs come back in the same order.
        pending: deque[tuple[Unwrapped, list[_Piece]]] = deque()
        found: list[Mention] = []
        done = 0
        for doc in self._docs(texts, pending):
            view, pieces = pending[0]
            piece = pieces[done]
            after = found[-1].end if found else 0
            for start, end, kind in self._spans(doc):
                start, end = start + piece.read_from, end + piece.read_from
                if piece.start <= start < piece.end:
                    start, end = view.span(start, end)
                    if start >= after:
                        found.append(
                            Mention(start, end, kind, view.original[start:end], self.backend)
                        )
            done += 1
            if done == len(pieces):
                pending.popleft()
                yield without_routing(found)
                found, done = [], 0

    def _docs(
        self, texts: Iterable[str], pending: deque[tuple[Unwrapped, list[_Piece]]]
    ) -> Iterator[Any]:
        """The docs of every piece of ``texts``, in order, read in batches of at most
        ``batch_size`` pieces and ``BATCH_CHARS`` characters (memory grows with both)."""
        batch: list[str] = []
        size = 0
        for text in texts:
            view = unwrap(text)
            pieces = _pieces(view.text, self._piece)
            pending.append((view, pieces))
            for piece in pieces:
                chunk = view.text[piece.read_from : piece.read_to]
                if batch and (len(batch) >= self._batch_size or size + len(chunk) > BATCH_CHARS):
                    yield from self._nlp.pipe(batch, batch_size=len(batch))
                    batch, size = [], 0
                batch.append(chunk)
                size += len(chunk)
        if batch:
            yield from self._nlp.pipe(batch, batch_size=len(batch))

    @staticmethod
    def _spans(doc: Any) -> Iterator[tuple[int, int, str]]:
        """The offsets and CoNLL type of each entity of ``doc`` that has one, whitespace
        trimmed off its ends."""
        text: str = doc.text
        for ent in doc.ents:
            kind = LABELS.get(ent.label_)
            start, end = ent.start_char, ent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if kind is not None and start < end:
                yield start, end, kind


@dataclass(frozen=True, slots=True)
class _Piece:
    """Mentions starting in ``start:end`` come from this piece, which the pipeline reads as
    ``read_from:read_to`` (with the context on both sides)."""

    start: int
    end: int
    read_from: int
    read_to: int


def _pieces(text: str, piece: int) -> list[_Piece]:
    if len(text) <= piece:
        return [_Piece(0, len(text), 0, len(text))]
    context = min(CONTEXT, piece)
    starts = cuts(text, piece)
    ends = [*starts[1:], len(text)]
    return [
        _Piece(start, end, max(0, start - context), min(len(text), end + context))
        for start, end in zip(starts, ends)
    ]


def cuts(text: str, piece: int) -> list[int]:
    """Where the pieces of ``text`` of at most ``piece`` characters start: ``[0]`` for a text
    that fits. A piece ends after the last blank line that leaves it at least half full (the
    pipeline reads paragraphs apart anyway), failing that after the last whitespace, failing
    that at ``piece`` characters."""
    starts = [0]
    start = 0
    while len(text) - start > piece:
        limit = start + piece
        half = start + piece // 2
        end = text.rfind("\n\n", half, limit)
        if end >= 0:
            end += 2
            while end < limit and text[end].isspace():
                end += 1
        else:
            end = max(text.rfind(" ", half, limit), text.rfind("\n", half, limit)) + 1
            if end <= half:
                end = limit
        starts.append(end)
        start = end
    return starts
