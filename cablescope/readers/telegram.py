"""Raw telegrams: a transmission header (``VZCZC``..., routing, FM/TO/INFO), then the body.

Files are ISO-8859-1 with CRLF as a rule (the pilcrow is byte 0xB6); UTF-8 is used when the
bytes are valid UTF-8. The body starts at the classification line (``CONFIDENTIAL BOGOTA
001232``); what comes before it is the header. This is also the low-score fallback for any
plain text that reads like a cable. The file name is never trusted for the id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from cablescope.model import Envelope, Input, Problem
from cablescope.readers import _text

NAME = "telegram"

_ROUTING_START = re.compile(
    r"^[ \t]*(?:VZCZC|[OPRZ]{1,2}(?:[ \t]+[OPRZ]{1,2})?[ \t]+\d{6}Z[ \t]+[A-Z]{3}[ \t]+\d{2})",
    re.MULTILINE,
)
_FM_LINE = re.compile(r"^[ \t]*FM[ \t]+\S", re.MULTILINE)
_SCAN = 20000
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


def _score(text: str) -> int:
    start = body_start(text)
    if start is None:
        return 0
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
