"""Raw telegrams: a transmission header (``VZCZC``..., routing, FM/TO/INFO), then the body.

Files are ISO-8859-1 with CRLF as a rule (the pilcrow is byte 0xB6); UTF-8 is used when the
bytes are valid UTF-8. The body starts at the classification line (``CONFIDENTIAL BOGOTA
001232``); what comes before it is the header. This is also the low-score fallback for any
plain text that reads like a cable; a routing header with no body is read too (the lowest
score), with an empty body and the note ``routing header only``. The reader never takes the id
from the file name; the record builder may, and then says the id is provisional.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from cablescope.model import Envelope, Input, Problem
from cablescope.readers import _text

NAME = "telegram"
HEADER_ONLY = "routing header only"

_ROUTING_START = re.compile(
    r"^[ \t]*(?:VZCZC|[OPRZ]{1,2}(?:[ \t]+[OPRZ]{1,2})?[ \t]+\d{6}Z[ \t]+[A-Z]{3}[ \t]+\d{2})",
    re.MULTILINE,
)
_DTG_LINE = re.compile(
    r"^[ \t]*[OPRZ]{1,2}(?:[ \t]+[OPRZ]{1,2})?[ \t]+\d{6}Z[ \t]+[A-Z]{3}[ \t]+\d{2}", re.MULTILINE
)
_FM_LINE = re.compile(r"^[ \t]*FM[ \t]+\S", re.MULTILINE)
_SCAN = 20000
# A routing header alone: even long collective INFO lists stay well under this.
_HEADER_MAX = 16384
_BODY_SIGN = re.compile(
    r"^[ \t]*(?:E\.?[ \t]?O\.?[ \t]*1\d{4}|TAGS?\b|SUBJ(?:ECT)?\b|SIPDIS\b|REF\b|\d{1,2}\.[ \t]|\u00b6)",
    re.MULTILINE,
)
# Bytes any cable-like text holds near its top; text without them is not scored further.
_SIGNS = (b"VZCZC", b"TAGS", b"SUBJ", b"FM ")


def body_start(text: str) -> int | None:
    """Where the body starts: the first classification line ending in a cable number, else
    the first classification line; None if there is none."""
    window = text[:_SCAN]
    match = _text.NUMBERED_CLASSIFICATION_LINE.search(window)
    if match is None:
        match = _text.CLASSIFICATION_LINE.search(window)
    return match.start() if match is not None else None


def header_only(text: str) -> bool:
    """True for a routing header with no body after it: the text opens with ``VZCZC`` or a
    precedence and date-time group, has a date-time group and an FM line, and nothing of a body follows (no
    classification, E.O., TAGS, SUBJECT or numbered paragraph line), so a telegram whose
    classification line is damaged is not taken for a bare header."""
    return (
        len(text) <= _HEADER_MAX
        and _ROUTING_START.match(text.lstrip("\n")) is not None
        and _DTG_LINE.search(text) is not None
        and _FM_LINE.search(text) is not None
        and _BODY_SIGN.search(text) is None
        and body_start(text) is None
    )


def _score(text: str) -> int:
    start = body_start(text)
    if start is None:
        return 10 if header_only(text) else 0
    before = text[:start]
    if _ROUTING_START.search(before) or _FM_LINE.search(before):
        return 50
    if _text.SUBJECT_OR_TAGS.search(text, start, start + 5000):
        return 20
    return 0


class TelegramReader:
    """Reads raw telegrams (``telegram-text/*.txt``): header to Envelope.header, body as read."""

    name: ClassVar[str] = NAME

    def match(self, inp: Input) -> int:
        head = inp.head[:_SCAN]
        if not any(sign in head for sign in _SIGNS) or _text.not_text(head, inp.size):
            return 0
        return _score(_text.head_text(head, _SCAN))

    def extract(self, inp: Input) -> Iterator[tuple[Envelope, str] | Problem]:
        checked = _text.read_checked(inp)
        if isinstance(checked, Problem):
            yield checked
            return
        data, digest = checked
        text = _text.decode(data)
        start = body_start(text)
        if start is None and header_only(text):
            # A page that kept only the routing header: its date-time group and FM line
            # are still worth a record, and the file's name may give the id.
            header = text.strip("\n")
            yield Envelope(NAME, inp.path, digest, header=header, notes=(HEADER_ONLY,)), ""
            return
        if start is None:
            yield _text.problem(inp.path, "no classification line: not a telegram", digest)
            return
        header = text[:start].strip("\n")
        body = text[start:]
        if not body.strip():
            yield _text.problem(inp.path, "telegram with an empty body", digest)
            return
        envelope = Envelope(
            format=NAME,
            path=inp.path,
            sha256=digest,
            header=header if header.strip() else None,
        )
        yield envelope, body
