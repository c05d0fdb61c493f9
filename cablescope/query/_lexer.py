"""Cut a search query into tokens: words, quoted phrases, parentheses, operators, filters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a query token is."""

    WORD = "word"
    PHRASE = "phrase"
    FILTER = "filter"
    LPAREN = "("
    RPAREN = ")"
    AND = "AND"
    OR = "OR"
    NOT = "NOT"
    MINUS = "-"


@dataclass(frozen=True, slots=True)
class Token:
    """A query token. ``key`` is the lower-case filter name for FILTER tokens.

    ``prefix`` marks a phrase written with a trailing ``*`` (``"new yor"*``).
    """

    kind: Kind
    text: str = ""
    key: str = ""
    prefix: bool = False


FILTER_KEYS = {
    "from": "from",
    "to": "to",
    "date": "date",
    "origin": "origin",
    "class": "class",
    "classification": "class",
    "tag": "tag",
    "id": "id",
    "subject": "subject",
    "per": "per",
    "org": "org",
    "loc": "loc",
    "misc": "misc",
    "entity": "entity",
    "redacted": "redacted",
}
"""Filter names as written (lower case) and the filter they mean."""

_OPERATORS = {"AND": Kind.AND, "OR": Kind.OR, "NOT": Kind.NOT}
_WORD_END = frozenset('()"')


def _phrase(q: str, start: int) -> tuple[str, int, bool]:
    """The phrase opened just before ``start``: its text, the index after it, and its ``*``."""
    end = q.find('"', start)
    if end < 0:
        return q[start:], len(q), False
    after = end + 1
    if after < len(q) and q[after] == "*":
        return q[start:end], after + 1, True
    return q[start:end], after, False


_ESCAPED = re.compile("[\udc80-\udcff]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _bytes_as_text(escaped: re.Match[str]) -> str:
    """Bytes that Python escaped as surrogates, read as UTF-8 or else as Windows-1252
    (Latin-1 for the five bytes it leaves undefined); U+FFFD for what is not printable."""
    raw = bytes(ord(ch) - 0xDC00 for ch in escaped.group())
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = "".join(_cp1252(byte) for byte in raw)
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def clean(q: str) -> str:
    """``q`` as valid Unicode: the undecodable bytes of a command line (``\\udce9t\\udce9``)
    read as Windows-1252 (``été``), any other lone surrogate replaced by U+FFFD, so that a
    filter holding one matches nothing and a word made of them is no word."""
    if _SURROGATE.search(q) is None:
        return q
    return _SURROGATE.sub("\ufffd", _ESCAPED.sub(_bytes_as_text, q))


def tokenize(q: str) -> list[Token]:
    """Cut ``q`` into tokens. Never fails: an unclosed quote runs to the end of the query.

    Only upper-case ``AND``, ``OR`` and ``NOT`` are operators; a ``-`` that starts a
    word negates it. ``key:value`` with a known key is a filter, whose value may be
    quoted (``origin:"Embassy Mexico"``); any other ``word:`` stays a word.
    """
    tokens: list[Token] = []
    i, n = 0, len(q)
    while i < n:
        ch = q[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            tokens.append(Token(Kind.LPAREN))
            i += 1
        elif ch == ")":
            tokens.append(Token(Kind.RPAREN))
            i += 1
        elif ch == '"':
            text, i, prefix = _phrase(q, i + 1)
            tokens.append(Token(Kind.PHRASE, text, prefix=prefix))
        elif ch == "-" and i + 1 < n and not q[i + 1].isspace() and q[i + 1] != ")":
            tokens.append(Token(Kind.MINUS))
            i += 1
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in _WORD_END:
                j += 1
            word, i = q[i:j], j
            op = _OPERATORS.get(word)
            if op is not None:
                tokens.append(Token(op))
                continue
            name, colon, value = word.partition(":")
            key = FILTER_KEYS.get(name.lower()) if colon else None
            if key is not None and not value and i < n and q[i] == '"':
                value, i, prefix = _phrase(q, i + 1)
                tokens.append(Token(Kind.FILTER, value, key, prefix))
            elif key is not None and value.rstrip("*"):
                stripped = value.rstrip("*")
                tokens.append(Token(Kind.FILTER, stripped, key, stripped != value))
            else:
                tokens.append(Token(Kind.WORD, word))
    return tokens
