"""The header block of a body (from the classification line to the first paragraph) and the
markers that start its fields: E.O., TAGS, SUBJECT, REF, Classified By, DERIVED FROM."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablescope.model.tagcodes import table

_MARKER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(src))
    for kind, src in (
        ("eo", r"E\.?[ \t]?O\.?[ \t]*1\d{3,4}\b[ \t]*[:,.]?"),
        ("eo", r"E\.o\.[ \t]*1\d{3,4}\b[ \t]*[:,.]?"),
        ("tags", r"TAGS?(?![A-Za-z/-])[ \t]*[:.]?"),
        ("tags", r"Tags?(?![A-Za-z/-])[ \t]*[:.]?"),
        ("subject", r"SUBJ(?:ECT)?(?![A-Za-z])[ \t]*[:.]?"),
        ("subject", r"Subj(?:ect)?(?![A-Za-z])[ \t]*[:.]?"),
        ("ref", r"REF(?:S|TELS?|ERENCES?)?(?:[ \t]+[A-Z](?=[ \t]*:))?[ \t]*[:.]"),
        ("ref", r"Ref(?:s|tels?|erences?)?(?:[ \t]+[A-Z](?=[ \t]*:))?[ \t]*[:.]"),
        ("ref_line", r"REF(?:S|TELS?)?[ \t]+(?=\S)"),
        ("clby", r"CLASSIFIED[ \t]+BY\b[ \t]*[:.]?"),
        ("clby", r"Classified[ \t]+[Bb][Yy]\b[ \t]*[:.]?"),
        ("derived", r"DERIVED[ \t]+FROM\b[ \t]*:?"),
        ("derived", r"Derived[ \t]+[Ff]rom\b[ \t]*:?"),
    )
)
_BLANK = re.compile(r"\n[ \t\xa0]*\n")
_DOUBLE_BLANK = re.compile(r"\n[ \t\xa0]*\n[ \t\xa0]*\n")
_SINGLE_BREAK = re.compile(r"\S[ \t\xa0]*\n[ \t\xa0]*\S")
_REF_ITEM = re.compile(r"[ \t]*(?:¶[ \t]*)?(?:\(?[A-Z]\)|[A-Z]\.)[ \t]")
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Marker:
    """A field marker: ``kind`` (eo, tags, subject, ref, clby, derived), where the marker
    starts and where its value starts."""

    kind: str
    start: int
    value: int


def _starts_with_code(text: str, at: int) -> bool:
    word = text[at : at + 12].split(None, 1)
    return bool(word) and word[0].strip(",;").upper() in table()


def find_markers(text: str, start: int, end: int) -> tuple[Marker, ...]:
    """The field markers between ``start`` and ``end``, in text order. A marker glued to a
    letter, ``/`` or ``(`` (``(SUBJECT)``, ``S/TAG``) does not count, nor does a TAGS,
    SUBJECT or REF without a colon unless it starts a line."""
    found: list[Marker] = []
    for kind, pattern in _MARKER_PATTERNS:
        for m in pattern.finditer(text, start, end):
            at = m.start()
            before = text[at - 1] if at > 0 else "\n"
            if before.isalpha() or before in "/(":
                continue
            bare = kind in ("ref_line", "tags", "subject") and m.group(0).rstrip()[-1] not in ":."
            if bare and text[text.rfind("\n", 0, at) + 1 : at].strip():
                if kind != "tags" or not _starts_with_code(text, m.end()):
                    continue
            found.append(Marker("ref" if kind == "ref_line" else kind, at, m.end()))
    found.sort(key=lambda marker: marker.start)
    unique: list[Marker] = []
    for marker in found:
        if not unique or marker.start != unique[-1].start:
            unique.append(marker)
    return tuple(unique)


def collapse(text: str) -> str:
    """Whitespace runs made single spaces, ends trimmed."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Head:
    """The header block ``text[start:end]`` with its markers.

    Fields end at the next marker, at a blank line, or at the end of the block; in a
    double-spaced block (every line followed by a blank one, as PlusD prints bodies) it
    takes two blank lines to end a field.
    """

    text: str
    start: int
    end: int
    markers: tuple[Marker, ...]
    blank: re.Pattern[str]

    @classmethod
    def read(cls, text: str, start: int, end: int) -> Head:
        double = _SINGLE_BREAK.search(text, start, end) is None and "\n\n" in text[start:end]
        return cls(text, start, end, find_markers(text, start, end),
                   _DOUBLE_BLANK if double else _BLANK)  # fmt: skip

    def first(self, kind: str) -> Marker | None:
        """The first marker of a kind."""
        return next((m for m in self.markers if m.kind == kind), None)

    def all(self, kind: str) -> list[Marker]:
        """Every marker of a kind."""
        return [m for m in self.markers if m.kind == kind]

    def stops(self) -> list[int]:
        """Where each marker starts."""
        return [m.start for m in self.markers]

    def field_end(self, start: int) -> int:
        """Where a field whose value starts at ``start`` ends."""
        end = next((m.start for m in self.markers if m.start >= start), self.end)
        blank = self.blank.search(self.text, start, end)
        return blank.start() if blank is not None else end

    def value(self, start: int) -> str:
        """The field value starting at ``start``, whitespace collapsed."""
        return collapse(self.text[start : self.field_end(start)])

    def ref_end(self, start: int) -> int:
        """Where a REF block ends: like a field, but lettered items after a blank line
        (``B. STATE 12345``) still belong to it."""
        end = self.field_end(start)
        while True:
            blank = self.blank.match(self.text, end)
            if blank is None:
                return end
            nxt = blank.end()
            limit = next((m.start for m in self.markers if m.start > nxt), self.end)
            if nxt >= limit or not _REF_ITEM.match(self.text, nxt):
                return end
            end = self.field_end(nxt)

    def subject(self) -> str | None:
        """The first SUBJECT value with some text in it, joined across wrapped lines; a value
        left empty on its line is taken from the next one."""
        for marker in self.all("subject"):
            start = marker.value
            while start < self.end and self.text[start] in " \t":
                start += 1
            end = self.field_end(start + 1)
            if not self.text[start:end].strip():
                blank = self.blank.match(self.text, end)
                if blank is not None:
                    start = blank.end()
                    end = self.field_end(start)
            value = collapse(self.text[start:end])
            if value.strip(".:;-() "):
                return value
        return None
