"""WikiLeaks cable-viewer pages: the metadata table, the routing-header ``<pre>``, the body ``<pre>``.

A page is 60-100 KB, mostly sidebar, so it is never parsed whole: byte searches locate the
metadata table (by its ``Reference ID`` header cell) and the ``<pre>`` blocks, and only those
fragments are decoded. Blocks are told apart by content, not by position in a template.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from cablescope.model import DateSeen, Envelope, Input, Problem
from cablescope.readers import _markup, _text

NAME = "wikileaks-html"
_CABLE_SIGNS = (b"cable viewer", b"/cable/", b"reference id", b"wikileaks", b"cablegate")
_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ROW = re.compile(r"<tr\b[^>]*>", re.IGNORECASE)
_CELL = re.compile(
    r"<(t[hd])\b[^>]*>(.*?)(?=</t[hd]\s*>|<t[hd]\b|</tr\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_HEADER_START = re.compile(
    r"\s*(?:VZCZC|[OPRZ]{1,2}(?:\s+[OPRZ]{1,2})?\s+\d{6}Z\s+[A-Z]{3}\s+\d{2}\b)"
)
_PARTIAL = "This record is a partial extract"


@dataclass(frozen=True, slots=True)
class _Table:
    """The metadata table's cells, by lower-cased header name."""

    fields: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        for key, value in self.fields:
            if key == name:
                return value or None
        return None


def iso_datetime(text: str) -> str | None:
    """``2010-01-29 20:08`` as ``2010-01-29T20:08:00Z``; a bare date stays a date; else None."""
    match = _DATE.search(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = match.groups()
    if hour is None:
        return f"{year}-{month}-{day}"
    return f"{year}-{month}-{day}T{int(hour):02d}:{minute}:{second or '00'}Z"


def _codec(head: bytes) -> str:
    match = _CHARSET.search(head[:2048])
    if match is None:
        return "utf-8"
    name = match.group(1).decode("ascii").lower()
    if name in ("iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii"):
        return "cp1252" if name in ("windows-1252", "cp1252") else "latin-1"
    return "utf-8"


def _pre_blocks(hay: bytes, data: bytes, first: int) -> list[bytes] | None:
    """The inner bytes of every ``<pre>`` block, in page order; None if one is left open.

    ``hay`` is ``data`` or its lower-cased copy (same offsets) for pages in upper case;
    ``first`` is where the first ``<pre`` is (-1: none).
    """
    blocks: list[bytes] = []
    pos = first
    while pos >= 0:
        start = hay.find(b"<pre", pos)
        if start < 0:
            return blocks
        if hay[start + 4 : start + 5] not in (b">", b" ", b"\t", b"\n", b"\r", b"/"):
            pos = start + 4
            continue
        open_end = hay.find(b">", start)
        close = hay.find(b"</pre", open_end) if open_end >= 0 else -1
        if close < 0:
            return None
        blocks.append(data[open_end + 1 : close])
        pos = close + 5
    return blocks


def _table(hay: bytes, data: bytes, codec: str, near: int) -> _Table | None:
    """The metadata table found by its ``Reference ID`` header cell, th mapped to td.

    The table usually sits just before the first ``<pre>`` (offset ``near``), so that stretch
    is searched backwards first and the whole page only if the table is not there.
    """
    needle = b"Reference ID" if hay is data else b"reference id"
    anchor = hay.rfind(needle, max(0, near - 8192), near) if near > 0 else -1
    if anchor < 0:
        anchor = hay.find(needle)
    if anchor < 0:
        return None
    start = hay.rfind(b"<table", 0, anchor)
    end = hay.find(b"</table", anchor)
    if start < 0:
        return None
    fragment = data[start : end if end >= 0 else len(data)].decode(codec)
    names: list[str] = []
    pairs: list[tuple[str, str]] = []
    for row in _ROW.split(fragment)[1:]:
        cells = [(kind.lower(), _markup.cell_text(body)) for kind, body in _CELL.findall(row)]
        kinds = {kind for kind, _ in cells}
        if kinds == {"th"}:
            names = [value.lower() for _, value in cells]
        elif kinds == {"td"} and names:
            pairs.extend(zip(names, (value for _, value in cells), strict=False))
            names = []  # later rows (an "Appears in these articles" row) are not metadata
        else:
            for (kind, value), (next_kind, next_value) in zip(cells, cells[1:], strict=False):
                if kind == "th" and next_kind == "td":
                    pairs.append((value.lower(), next_value))
    return _Table(tuple(pairs)) if pairs else None


def _is_header(text: str) -> bool:
    return bool(_HEADER_START.match(text[:200]))


def _choose(blocks: list[str]) -> tuple[str | None, str, tuple[str, ...]]:
    """Pick (header, body, notes) among decoded ``<pre>`` texts.

    The body is the last block that does not read as a routing header (the last block if all
    do); the header is the nearest block before it. A partial-extract notice is a note.
    """
    notes: tuple[str, ...] = ()
    kept: list[str] = []
    for block in blocks:
        if block.lstrip().startswith(_PARTIAL):
            notes = ("partial-extract",)
        else:
            kept.append(block)
    if not kept:
        return None, "", notes
    body_at = len(kept) - 1
    for index in range(len(kept) - 1, -1, -1):
        if not _is_header(kept[index]):
            body_at = index
            break
    header = kept[body_at - 1] if body_at > 0 else None
    return header, kept[body_at], notes


def _dates(table: _Table) -> tuple[DateSeen, ...]:
    found: list[DateSeen] = []
    for kind in ("created", "released"):
        raw = table.get(kind)
        value = iso_datetime(raw) if raw else None
        if value is not None:
            found.append(DateSeen(value=value, kind=kind, source=NAME))
    return tuple(found)


class HtmlReader:
    """Reads WikiLeaks cable-viewer pages (``cable/YYYY/MM/<ID>.html``)."""

    name: ClassVar[str] = NAME

    def match(self, inp: Input) -> int:
        start = inp.head[:4096].lstrip().lower()
        if not (start.startswith(b"<!doctype html") or b"<html" in start):
            return 0
        lowered = inp.head[:16384].lower()
        if any(sign in lowered for sign in _CABLE_SIGNS):
            return 80
        return 10

    def extract(self, inp: Input) -> Iterator[tuple[Envelope, str] | Problem]:
        checked = _text.read_checked(inp)
        if isinstance(checked, Problem):
            yield checked
            return
        data, digest = checked
        try:
            yield self._page(inp.path, data, digest)
        except UnicodeDecodeError as err:
            yield _text.problem(
                inp.path, f"mis-encoded HTML: {err.reason} at byte {err.start}", digest
            )

    def _page(self, path: str, data: bytes, digest: str) -> tuple[Envelope, str] | Problem:
        if b"<html" in data[:4096].lower() and b"</html" not in data[-4096:].lower():
            return _text.problem(path, "truncated HTML page: no closing </html>", digest)
        codec = _codec(data)
        first_pre = data.find(b"<pre")
        raw_blocks = _pre_blocks(data, data, first_pre)
        table = _table(data, data, codec, first_pre)
        if not raw_blocks or table is None:
            lowered = data.lower()
            first_pre = lowered.find(b"<pre")
            raw_blocks = raw_blocks if raw_blocks else _pre_blocks(lowered, data, first_pre)
            table = table if table is not None else _table(lowered, data, codec, first_pre)
        if raw_blocks is None:
            return _text.problem(path, "truncated HTML page: a <pre> block is never closed", digest)
        header, body, notes = _choose([_markup.decode_pre(b.decode(codec)) for b in raw_blocks])
        if table is None and not _looks_like_cable(body):
            return _text.problem(
                path, "HTML page that is not a cable: no cable table or body", digest
            )
        if not body.strip():
            return _text.problem(path, "cable page without a body <pre> block", digest)
        envelope = Envelope(
            format=NAME,
            path=path,
            sha256=digest,
            id=table.get("reference id") if table else None,
            dates=_dates(table) if table else (),
            origin=table.get("origin") if table else None,
            classification=table.get("classification") if table else None,
            header=header.strip("\n") if header and header.strip() else None,
            notes=notes,
        )
        return envelope, body


def _looks_like_cable(body: str) -> bool:
    head = body[:3000]
    return bool(_text.CLASSIFICATION_LINE.search(head) and _text.SUBJECT_OR_TAGS.search(head))
