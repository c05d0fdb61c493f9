"""Body-only text: a cable body as published, with no wrapper metadata.

Two shapes: the viewer's ``<code><pre>...</pre></code>`` block (``<a>`` tags inside), or plain
text opening with a classification line. The annotated twin is the same text tokenised with
inline entity marks (``[PER Keith Mines  ]``); its marks stay in the raw body for the repair
stage, and the envelope says ``tokenised``. Neither carries an id: the builder derives it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from cablescope.model import Envelope, Input, Problem
from cablescope.readers import _markup, _text

TEXT_NAME = "body-text"
ANNOTATED_NAME = "body-annotated"
TOKENISED = "tokenised"

MARK = re.compile(r"\[(?:PER|ORG|LOC|MISC) [^\[\]\n]{1,300}?  \]")
_PRE_OPEN = re.compile(r"\s*(?:<code>\s*)?<pre\b[^>]*>", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"</pre\s*>", re.IGNORECASE)


def is_tokenised(text: str) -> bool:
    """True for annotated text: entity marks, or commas set off by spaces as a tokeniser does."""
    if MARK.search(text) is not None:
        return True
    commas = text.count(",")
    return commas >= 5 and text.count(" ,") > 0.7 * commas


def _shape(head: bytes, size: int) -> tuple[str, bool] | None:
    """("pre" or "plain", tokenised) if the head reads as a body, else None."""
    if _text.not_text(head, size) is not None:
        return None
    text = _text.head_text(head)
    if _PRE_OPEN.match(text):
        return "pre", is_tokenised(text)
    if _text.starts_like_body(text):
        return "plain", is_tokenised(text)
    return None


def _body(path: str, data: bytes, digest: str) -> str | Problem:
    """The raw body: the ``<pre>`` block decoded, or the plain text as it is."""
    text = _text.decode(data)
    opening = _PRE_OPEN.match(text)
    if opening is None:
        body = text
    else:
        closing = _PRE_CLOSE.search(text, opening.end())
        if closing is None:
            return _text.problem(path, "truncated body: the <pre> block is never closed", digest)
        body = _markup.decode_pre(text[opening.end() : closing.start()])
    if not body.strip():
        return _text.problem(path, "empty body", digest)
    return body


class _BodyBase:
    """What the plain and annotated readers share; ``marked`` says which one this is."""

    name: ClassVar[str]
    marked: ClassVar[bool]
    scores: ClassVar[tuple[int, int]]

    def match(self, inp: Input) -> int:
        shape = _shape(inp.head, inp.size)
        if shape is None or shape[1] != self.marked:
            return 0
        return self.scores[0] if shape[0] == "pre" else self.scores[1]

    def extract(self, inp: Input) -> Iterator[tuple[Envelope, str] | Problem]:
        checked = _text.read_checked(inp)
        if isinstance(checked, Problem):
            yield checked
            return
        data, digest = checked
        body = _body(inp.path, data, digest)
        if isinstance(body, Problem):
            yield body
            return
        notes = (TOKENISED,) if self.marked else ()
        yield Envelope(format=self.name, path=inp.path, sha256=digest, notes=notes), body


class BodyReader(_BodyBase):
    """Reads a body-only file (``cables/<ID>.txt``): the raw body, no envelope metadata."""

    name: ClassVar[str] = TEXT_NAME
    marked: ClassVar[bool] = False
    scores: ClassVar[tuple[int, int]] = (60, 40)


class AnnotatedBodyReader(_BodyBase):
    """Reads an NER-annotated body (``annotated/<ID>.txt``): marks kept, notes ``tokenised``."""

    name: ClassVar[str] = ANNOTATED_NAME
    marked: ClassVar[bool] = True
    scores: ClassVar[tuple[int, int]] = (70, 70)
