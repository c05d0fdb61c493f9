"""Helpers the readers share: hashing, sniffing bytes, decoding text, cable-shaped lines."""

from __future__ import annotations

import hashlib
import re

from cablescope.model import Input, Problem

STAGE = "read"

_BINARY_CONTROLS = bytes(range(0, 9)) + bytes(range(14, 32))

# A classification line opens a body: ``CONFIDENTIAL BOGOTA 001232``, ``S E C R E T SECTION 01
# OF 05 MEXICO 000083``, ``UNCLAS KINGSTON 000382``, ``LIMITED OFFICIAL USE TEHRAN 1234``.
CLASSIFICATION_WORD = (
    r"(?:UNCLAS(?:SIFIED)?|U\ N\ C\ L\ A\ S(?:\ S\ I\ F\ I\ E\ D)?|CONFIDENTIAL"
    r"|C\ O\ N\ F\ I\ D\ E\ N\ T\ I\ A\ L|(?:TOP\ )?SECRET|(?:T\ O\ P\ )?S\ E\ C\ R\ E\ T"
    r"|LIMITED\ OFFICIAL\ USE)"
)
CLASSIFICATION_LINE = re.compile(rf"^[ \t]*{CLASSIFICATION_WORD}(?:[ \t/]|$)[^\n]*$", re.MULTILINE)
# The same line, but ending in a cable number: the strongest sign that a body starts here.
NUMBERED_CLASSIFICATION_LINE = re.compile(
    rf"^[ \t]*{CLASSIFICATION_WORD}[ \t][^\n]*?[A-Z][ \t]+\d{{2,6}}[ \t]*$", re.MULTILINE
)
# A Guardian-style date line that some releases put above the classification line.
DATE_LINE = re.compile(
    r"^[ \t]*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),"
    r" \d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2}[ \t]*$"
)
SUBJECT_OR_TAGS = re.compile(r"^[ \t]*(?:SUBJECT|SUBJ|TAGS)\b", re.MULTILINE)


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``: the identity of an input in SourceRef and Problem."""
    return hashlib.sha256(data).hexdigest()


def problem(path: str, message: str, digest: str | None = None) -> Problem:
    """A read-stage Problem with a one-line message."""
    return Problem(path=path, stage=STAGE, message=" ".join(message.split()), sha256=digest)


def read_checked(inp: Input) -> tuple[bytes, str] | Problem:
    """The input's bytes and sha256, or a Problem if they are empty, binary or UTF-16."""
    data = inp.read()
    digest = inp.sha256 or sha256(data)
    reason = not_text(data[:4096], len(data))
    if reason is not None:
        return problem(inp.path, reason, digest)
    return data, digest


def looks_utf16(head: bytes) -> bool:
    """True if the bytes start with a UTF-16 byte-order mark or interleave NULs like UTF-16."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = head[:512]
    if len(sample) < 8:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > 0.4 * half and min(even, odd) < 0.1 * half


def looks_binary(head: bytes) -> bool:
    """True for bytes that are not text: NULs, or many C0 control characters."""
    sample = head[:4096]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    return controls > max(2, len(sample) // 50)


def not_text(head: bytes, size: int) -> str | None:
    """Why these bytes cannot be a text cable (empty, UTF-16, binary), or None if they can."""
    if size == 0 or head.isspace():
        return "empty file"
    if looks_utf16(head):
        return "mis-encoded text: looks like UTF-16; expected UTF-8 or Latin-1"
    if looks_binary(head):
        return "binary data, not text"
    return None


def is_utf8(data: bytes) -> bool:
    """True if ``data`` is valid UTF-8, allowing a character cut at the very end (a head)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start >= len(data) - 3 and err.reason == "unexpected end of data"
    return True


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (a BOM dropped) when valid, else ISO-8859-1; CRLF and CR become LF."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def head_text(head: bytes, limit: int = 16384) -> str:
    """The first ``limit`` bytes decoded for sniffing, as ``decode`` would; a character cut at
    the end is dropped."""
    chunk = head[:limit]
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start >= len(chunk) - 3 and err.reason == "unexpected end of data":
            text = chunk[: err.start].decode("utf-8")
        else:
            text = chunk.decode("latin-1")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def first_lines(text: str, count: int) -> list[str]:
    """The first ``count`` non-blank lines of ``text``."""
    lines: list[str] = []
    for line in text.split("\n", 400)[:400]:
        if line.strip():
            lines.append(line)
            if len(lines) == count:
                break
    return lines


def starts_like_body(text: str) -> bool:
    """True if the text opens as a cable body: a classification line, maybe after a date line."""
    lines = first_lines(text, 2)
    if not lines:
        return False
    if CLASSIFICATION_LINE.match(lines[0]):
        return True
    return bool(
        DATE_LINE.match(lines[0]) and len(lines) > 1 and CLASSIFICATION_LINE.match(lines[1])
    )
