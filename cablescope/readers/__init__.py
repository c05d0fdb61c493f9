"""Format readers: each cuts its format into (Envelope, raw body) pairs; ``detect`` picks one.

Readers: ``pdf``, ``plusd``, ``wikileaks-html``, ``cables-csv``, ``body-annotated``,
``body-text``, ``telegram``. ``archive.expand`` turns paths, folders and archives into Inputs.
"""

from cablescope.readers.base import Reader
from cablescope.readers.body import AnnotatedBodyReader, BodyReader
from cablescope.readers.csvdump import CsvReader
from cablescope.readers.detect import READERS, TEXT_READERS, detect, diagnose, read
from cablescope.readers.html import HtmlReader
from cablescope.readers.pdf import PdfReader
from cablescope.readers.plusd import PlusdReader
from cablescope.readers.telegram import TelegramReader

__all__ = [
    "READERS",
    "TEXT_READERS",
    "AnnotatedBodyReader",
    "BodyReader",
    "CsvReader",
    "HtmlReader",
    "PdfReader",
    "PlusdReader",
    "Reader",
    "TelegramReader",
    "detect",
    "diagnose",
    "read",
]
