"""National Security Archive PlusD records in markdown.

A record is a block of ``**Field:** value`` paragraphs, a ``---`` line, the body, and the
archive's footer (``**NATIONAL SECURITY ARCHIVE**``...), which is provenance kept as a note.
Markdown backslash escapes (``\\_``, ``\\$``) are the archive's encoding and are undone; other
markdown in the body (``####`` headings, ``-----`` rules) is left as read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from cablescope.model import DateSeen, Destination, Envelope, Input, Problem, Tag
from cablescope.readers import _text

NAME = "plusd"
_SNIFF = 8192
FOOTER_NOTE = "archive-footer: "

_RECORD = re.compile(r"^\*\*Canonical ID:\*\*", re.MULTILINE)
_FIELD = re.compile(r"^\*\*([^*\n]{1,80}?):\*\*[ \t]*(.*)$")
_RULE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_FOOTER = re.compile(r"^\*\*NATIONAL\s+SECURITY\s+ARCHIVE\*\*", re.MULTILINE)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TAG = re.compile(r"^(.*?)\s*\[([A-Z0-9]{2,8})\]\s*$")
_DATE = re.compile(r"(\d{4})\s+([A-Za-z]+)\s+(\d{1,2})(?:,\s*(\d{1,2}):(\d{2}))?")
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january february march april may june july august september october november december"
        ).split(),
        start=1,
    )
}
_ABSENT = ("-- not assigned --", "-- n/a or blank --", "n/a", "")
# Fields with no Envelope slot, kept as ``Name: value`` notes.
_NOTED = (
    "Current Classification",
    "Previous Handling Restrictions",
    "Archive Status",
    "Type",
    "Locator",
    "Executive Order (E.O.)",
    "Markings",
    "Enclosure",
    "Concepts",
    "Office",
    "Document Character Count",
)


def unescape(text: str) -> str:
    """Undo markdown backslash escapes: ``10MEXICO83\\_a`` -> ``10MEXICO83_a``."""
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def iso_date(text: str) -> str | None:
    """``2010 January 29, 20:49 (Friday)`` as ``2010-01-29T20:49:00Z``, or None."""
    match = _DATE.search(text)
    if match is None:
        return None
    year, month_name, day, hour, minute = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None or not 1 <= int(day) <= 31:
        return None
    date = f"{year}-{month:02d}-{int(day):02d}"
    return f"{date}T{int(hour):02d}:{minute}:00Z" if hour is not None else date


def _fields(block: str) -> list[tuple[str, list[str]]]:
    """The ``**Name:** value`` fields of a metadata block, each with its non-blank lines."""
    fields: list[tuple[str, list[str]]] = []
    for line in block.split("\n"):
        match = _FIELD.match(line)
        if match is not None:
            value = match.group(2).strip()
            fields.append((match.group(1).strip(), [value] if value else []))
        elif fields and line.strip():
            fields[-1][1].append(line.strip())
    return fields


def _value(lines: list[str]) -> str | None:
    text = unescape(" ".join(lines)).strip()
    return None if text.lower() in _ABSENT else text


def _tags(lines: list[str]) -> tuple[Tag, ...]:
    tags: list[Tag] = []
    for line in lines:
        line = unescape(line)
        if line.strip().lower() in _ABSENT:
            continue
        match = _TAG.match(line)
        if match is not None:
            tags.append(Tag(code=match.group(2), label=match.group(1) or None))
        else:
            tags.extend(Tag(code=code.strip()) for code in line.split(",") if code.strip())
    return tuple(tags)


def _split_list(value: str | None) -> list[str]:
    if value is None:
        return []
    return [part.strip() for part in re.split(r"[,;]", value) if part.strip()]


def _record(path: str, digest: str, record: str) -> tuple[Envelope, str] | Problem:
    rule = _RULE.search(record)
    if rule is None:
        return _text.problem(path, "PlusD record without the --- line before its body", digest)
    fields = _fields(record[: rule.start()])
    values = {name: _value(lines) for name, lines in fields}
    body = record[rule.end() :]
    notes: list[str] = []
    footer = _FOOTER.search(body)
    if footer is not None:
        notes.append(FOOTER_NOTE + " ".join(unescape(body[footer.start() :]).split()))
        body = body[: footer.start()]
    body = unescape(body.lstrip("\n").rstrip())
    if not body.strip():
        return _text.problem(path, "PlusD record with an empty body", digest)
    tags: tuple[Tag, ...] = ()
    for name, lines in fields:
        if name == "TAGS":
            tags = _tags(lines)
    raw_date = values.get("Date")
    date = iso_date(raw_date) if raw_date else None
    notes.extend(f"{name}: {values[name]}" for name in _NOTED if values.get(name))
    envelope = Envelope(
        format=NAME,
        path=path,
        sha256=digest,
        id=values.get("Canonical ID"),
        dates=(DateSeen(value=date, kind="plusd", source=NAME),) if date else (),
        origin=values.get("From"),
        classification=values.get("Original Classification") or values.get("Classification"),
        subject=values.get("Subject"),
        tags=tags,
        destinations=tuple(Destination(name=n, kind="to") for n in _split_list(values.get("To"))),
        references=tuple(_split_list(values.get("Reference(s)"))),
        notes=tuple(notes),
    )
    return envelope, body


class PlusdReader:
    """Reads PlusD markdown records (one or more per file)."""

    name: ClassVar[str] = NAME

    def match(self, inp: Input) -> int:
        head = inp.head[:_SNIFF]
        if b"**Canonical ID:**" not in head or _text.not_text(head, inp.size):
            return 0
        return 90 if _RECORD.search(_text.head_text(head, _SNIFF)) else 0

    def extract(self, inp: Input) -> Iterator[tuple[Envelope, str] | Problem]:
        checked = _text.read_checked(inp)
        if isinstance(checked, Problem):
            yield checked
            return
        data, digest = checked
        text = _text.decode(data)
        starts = [match.start() for match in _RECORD.finditer(text)]
        if not starts:
            yield _text.problem(inp.path, "no **Canonical ID:** line: not a PlusD record", digest)
            return
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            yield _record(inp.path, digest, text[start:end])
