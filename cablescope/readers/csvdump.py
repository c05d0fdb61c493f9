"""The WikiLeaks ``cables.csv`` dump: one cable per record, read as a stream.

Eight columns, no header row: row number, date (``12/28/1966 18:48``), id, origin,
classification, references (ids separated by ``|`` or ``,``), routing header, body. Quotes
inside fields are backslash-escaped and fields hold newlines. The real file is 1.7 GB, so it
is never read whole: records come one at a time off ``inp.open()``.

Each record is its own source: its envelope path is ``<file>#row=<n>`` (``n`` counts records
from 1) and its sha256 is that of the record's fields, UTF-8, joined by U+001F.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from typing import ClassVar

from cablescope.model import DateSeen, Envelope, Input, Problem
from cablescope.readers import _text

NAME = "cables-csv"
COLUMNS = 8
FIELD_LIMIT = 16 * 1024 * 1024

_FIRST_RECORD = re.compile(r'\A\s*"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","[^"\n]*","')
_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_REF_SPLIT = re.compile(r"[|,;\s]+")


def iso_datetime(text: str) -> str | None:
    """``12/28/1966 18:48`` (month/day/year) as ``1966-12-28T18:48:00Z``, or None."""
    match = _DATE.match(text)
    if match is None:
        return None
    month, day, year, hour, minute, second = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    date = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is None:
        return date
    return f"{date}T{int(hour):02d}:{minute}:{second or '00'}Z"


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _record_digest(row: list[str]) -> str:
    return hashlib.sha256("\x1f".join(row).encode("utf-8", "surrogatepass")).hexdigest()


def _envelope(path: str, number: int, row: list[str]) -> tuple[Envelope, str] | Problem:
    digest = _record_digest(row)
    where = f"{path}#row={number}"
    if len(row) != COLUMNS:
        return _text.problem(
            where, f"record {number}: {len(row)} columns, expected {COLUMNS}", digest
        )
    _, raw_date, cable_id, origin, classification, refs, header, body = row
    cable_id = cable_id.strip()
    if not cable_id:
        return _text.problem(where, f"record {number}: empty cable id", digest)
    if not body.strip():
        return _text.problem(where, f"record {number}: empty body", digest)
    date = iso_datetime(raw_date)
    header = _lf(header).strip("\n")
    envelope = Envelope(
        format=NAME,
        path=where,
        sha256=digest,
        id=cable_id,
        dates=(DateSeen(value=date, kind="csv", source=NAME),) if date else (),
        origin=origin.strip() or None,
        classification=classification.strip() or None,
        references=tuple(ref for ref in _REF_SPLIT.split(refs) if ref),
        header=header if header.strip() else None,
    )
    return envelope, _lf(body)


class CsvReader:
    """Reads the WikiLeaks cables.csv dump as a stream, one cable per record."""

    name: ClassVar[str] = NAME

    def match(self, inp: Input) -> int:
        if _text.not_text(inp.head, inp.size) is not None:
            return 0
        return 80 if _FIRST_RECORD.match(_text.head_text(inp.head[:4096])) else 0

    def extract(self, inp: Input) -> Iterator[tuple[Envelope, str] | Problem]:
        reason = _text.not_text(inp.head[:4096], inp.size)
        if reason is not None:
            yield _text.problem(inp.path, reason)
            return
        if csv.field_size_limit() < FIELD_LIMIT:
            csv.field_size_limit(FIELD_LIMIT)
        encoding = "utf-8" if _text.is_utf8(inp.head) else "latin-1"
        with inp.open() as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
            rows = csv.reader(text, escapechar="\\", doublequote=False, strict=False)
            number = 0
            while True:
                number += 1
                try:
                    row = next(rows)
                except StopIteration:
                    return
                except csv.Error as err:
                    yield _text.problem(
                        f"{inp.path}#row={number}",
                        f"record {number} (line {rows.line_num}): {err}",
                    )
                    continue
                if not row:
                    number -= 1
                    continue
                yield _envelope(inp.path, number, row)
