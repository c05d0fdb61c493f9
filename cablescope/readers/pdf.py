"""PDFs of cable pages with a text layer (no OCR).

The text of every page is extracted with pypdf in layout mode (printed cables are set in a
monospaced font, so lines, blank lines and indentation survive), then handed to whichever
text reader claims it (telegram, PlusD, body text...). The envelope keeps that reader's
fields but says ``pdf`` as its format, the PDF's path and hash, and a note naming the reader.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from collections.abc import Iterator, Sequence
from typing import ClassVar

from cablescope.errors import OverBudget
from cablescope.model import Envelope, Input, Problem
from cablescope.readers import _text
from cablescope.readers.base import Reader
from cablescope.readers.text_readers import TEXT_READERS

NAME = "pdf"
NOTE_PREFIX = "pdf-text:"
NO_TEXT = "no text layer (scanned PDF?); OCR is not supported"

# pypdf warns on every quirk of a damaged file; a damaged file is reported as a Problem instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages joined by newlines, trailing spaces dropped.

    Raises pypdf's errors (and whatever a malformed file provokes) for unreadable PDFs.
    """
    import pypdf

    document = pypdf.PdfReader(io.BytesIO(data))
    if document.is_encrypted:
        document.decrypt("")
    pages: list[str] = []
    for page in document.pages:
        try:
            text = page.extract_text(extraction_mode="layout")
        except (ValueError, KeyError, TypeError):
            text = page.extract_text()
        pages.append("\n".join(line.rstrip() for line in text.split("\n")))
    return "\n".join(pages)


class PdfReader:
    """Reads PDFs with a text layer by handing the text to one of ``text_readers``
    (by default every text reader in ``text_readers.TEXT_READERS``)."""

    name: ClassVar[str] = NAME

    def __init__(self, text_readers: Sequence[Reader] | None = None) -> None:
        self._text_readers = tuple(text_readers) if text_readers is not None else None

    @property
    def text_readers(self) -> tuple[Reader, ...]:
        """The readers the extracted text is offered to."""
        return TEXT_READERS if self._text_readers is None else self._text_readers

    def match(self, inp: Input) -> int:
        return 100 if inp.head[:1024].lstrip().startswith(b"%PDF-") else 0

    def extract(self, inp: Input) -> Iterator[tuple[Envelope, str] | Problem]:
        data = inp.read()
        digest = _text.sha256(data)
        try:
            text = pdf_text(data)
        except OverBudget:
            raise
        # pypdf raises many kinds of error on damaged files; all mean "cannot read this PDF".
        except Exception as err:  # noqa: BLE001
            message = str(err).splitlines()[0] if str(err) else type(err).__name__
            yield _text.problem(inp.path, f"unreadable PDF: {message[:200]}", digest)
            return
        if not text.strip():
            yield _text.problem(inp.path, NO_TEXT, digest)
            return
        inner = Input.from_bytes(inp.path, text.encode("utf-8"))
        scored = [(reader.match(inner), index) for index, reader in enumerate(self.text_readers)]
        best = max(scored, default=(0, -1))
        if best[0] <= 0:
            yield _text.problem(inp.path, "PDF text does not read as a cable", digest)
            return
        reader = self.text_readers[best[1]]
        for item in reader.extract(inner):
            if isinstance(item, Problem):
                yield Problem(path=item.path, stage=item.stage, message=item.message, sha256=digest)
                continue
            envelope, body = item
            yield _rewrap(envelope, digest, reader.name), body


def _rewrap(envelope: Envelope, digest: str, reader_name: str) -> Envelope:
    notes = (*envelope.notes, NOTE_PREFIX + reader_name)
    return dataclasses.replace(envelope, format=NAME, sha256=digest, notes=notes)
