"""The match auction: every reader scores an input, the highest score reads it.

``READERS`` lists one instance of each reader, strongest claims first. ``read`` is the one
call a pipeline needs: it picks the reader and yields its records, or one Problem saying why
nothing could read the input.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cablescope.errors import InputError
from cablescope.model import Envelope, Input, Problem
from cablescope.readers import _text
from cablescope.readers.base import Reader
from cablescope.readers.pdf import PdfReader
from cablescope.readers.text_readers import TEXT_READERS

__all__ = ["READERS", "TEXT_READERS", "detect", "diagnose", "read"]

READERS: tuple[Reader, ...] = (PdfReader(TEXT_READERS), *TEXT_READERS)

# The highest score each built-in reader can give; the auction stops once nothing left can win.
_CEILING = {
    "pdf": 100,
    "plusd": 90,
    "wikileaks-html": 80,
    "cables-csv": 80,
    "body-annotated": 70,
    "body-text": 60,
    "telegram": 50,
}


def detect(inp: Input, readers: Sequence[Reader] = READERS) -> Reader | None:
    """The reader with the highest positive score for ``inp`` (the first on a tie), or None."""
    best: Reader | None = None
    best_score = 0
    for index, reader in enumerate(readers):
        score = reader.match(inp)
        if score > best_score:
            best, best_score = reader, score
        rest = readers[index + 1 :]
        if rest and best_score >= max(_CEILING.get(r.name, 1000) for r in rest):
            break
    return best


def diagnose(inp: Input, readers: Sequence[Reader] = READERS) -> Problem:
    """Why no reader takes ``inp``: empty, binary, mis-encoded, or an unknown format."""
    reason = _text.not_text(inp.head, inp.size)
    if reason is None:
        names = ", ".join(reader.name for reader in readers)
        reason = f"unknown format: no reader recognises it (readers: {names})"
    return _text.problem(inp.path, reason)


def read(
    inp: Input, readers: Sequence[Reader] = READERS
) -> Iterator[tuple[Envelope, str] | Problem]:
    """Each cable in ``inp`` as (envelope, raw body), or Problems; never raises for bad content."""
    reader = detect(inp, readers)
    if reader is None:
        yield diagnose(inp, readers)
        return
    try:
        yield from reader.extract(inp)
    except InputError as err:
        yield _text.problem(inp.path, f"{reader.name}: {err}")
