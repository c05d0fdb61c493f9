"""Standoff text edits: the raw body is never changed, repairs are edits with offsets."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``raw[start:end]`` with ``replacement``; ``rule`` names the repair."""

    start: int
    end: int
    replacement: str
    rule: str


@dataclass(frozen=True, slots=True)
class RepairedText:
    """A raw body, the non-overlapping edits applied to it (sorted), and the result."""

    raw: str
    text: str
    edits: tuple[Edit, ...]

    @classmethod
    def apply(cls, raw: str, edits: tuple[Edit, ...]) -> RepairedText:
        ordered = tuple(sorted(edits, key=lambda e: (e.start, e.end)))
        parts: list[str] = []
        pos = 0
        for edit in ordered:
            if edit.start < pos:
                raise ValueError(f"overlapping edits at {edit.start} ({edit.rule})")
            parts.append(raw[pos : edit.start])
            parts.append(edit.replacement)
            pos = edit.end
        parts.append(raw[pos:])
        return cls(raw=raw, text="".join(parts), edits=ordered)

    def _anchors(self) -> tuple[list[int], list[int]]:
        raw_at: list[int] = []
        text_at: list[int] = []
        shift = 0
        for edit in self.edits:
            raw_at.append(edit.start)
            text_at.append(edit.start + shift)
            shift += len(edit.replacement) - (edit.end - edit.start)
        return raw_at, text_at

    def to_raw(self, offset: int) -> int:
        """Map an offset in ``text`` to ``raw``; inside a replacement it maps to the edit's start."""
        shift = 0
        for edit in self.edits:
            text_start = edit.start + shift
            text_end = text_start + len(edit.replacement)
            if offset < text_start:
                break
            if offset < text_end:
                return edit.start if offset == text_start else edit.end
            shift += len(edit.replacement) - (edit.end - edit.start)
        return offset - shift

    def to_text(self, offset: int) -> int:
        """Map an offset in ``raw`` to ``text``; inside an edited span it maps to the edit's start."""
        raw_at, text_at = self._anchors()
        i = bisect.bisect_right(raw_at, offset) - 1
        if i < 0:
            return offset
        edit = self.edits[i]
        if offset < edit.end:
            return text_at[i]
        return text_at[i] + len(edit.replacement) + (offset - edit.end)
