"""The readers of text formats, strongest claims first: the auction's text bidders and what
a PDF's text layer is offered to (``pdf.py``, which this module must not import)."""

from __future__ import annotations

from cablescope.readers.base import Reader
from cablescope.readers.body import AnnotatedBodyReader, BodyReader
from cablescope.readers.csvdump import CsvReader
from cablescope.readers.html import HtmlReader
from cablescope.readers.plusd import PlusdReader
from cablescope.readers.telegram import TelegramReader

TEXT_READERS: tuple[Reader, ...] = (
    PlusdReader(),
    HtmlReader(),
    CsvReader(),
    AnnotatedBodyReader(),
    BodyReader(),
    TelegramReader(),
)
