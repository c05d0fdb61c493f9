"""Offset maps for many look-ups on one RepairedText.

``RepairedText.to_text`` and ``to_raw`` walk the edits on every call; mapping the
hundreds of marks of one annotated cable that way is quadratic. ``OffsetMap``
builds the anchors once and answers each look-up with a binary search, with the
same results as the model's methods.
"""

from __future__ import annotations

import bisect

from cablescope.model import RepairedText


class OffsetMap:
    """Raw-to-text and text-to-raw offsets of one RepairedText."""

    __slots__ = ("_raw_ends", "_raw_starts", "_text_ends", "_text_starts")

    def __init__(self, repaired: RepairedText) -> None:
        self._raw_starts: list[int] = []
        self._raw_ends: list[int] = []
        self._text_starts: list[int] = []
        self._text_ends: list[int] = []
        shift = 0
        for edit in repaired.edits:
            self._raw_starts.append(edit.start)
            self._raw_ends.append(edit.end)
            self._text_starts.append(edit.start + shift)
            self._text_ends.append(edit.start + shift + len(edit.replacement))
            shift += len(edit.replacement) - (edit.end - edit.start)

    def to_text(self, offset: int) -> int:
        """Map a raw offset to the text; inside an edited span it maps to the edit's start."""
        i = bisect.bisect_right(self._raw_starts, offset) - 1
        if i < 0:
            return offset
        if offset < self._raw_ends[i]:
            return self._text_starts[i]
        return self._text_ends[i] + (offset - self._raw_ends[i])

    def to_text_end(self, offset: int) -> int:
        """Map a raw offset that ends a span: inside or at the end of an edit, to its end."""
        i = bisect.bisect_left(self._raw_ends, offset)
        if i < len(self._raw_ends) and self._raw_starts[i] < offset:
            return self._text_ends[i]
        return self.to_text(offset)

    def to_raw(self, offset: int) -> int:
        """Map a text offset to raw; inside a replacement it maps to the edit's end."""
        k = bisect.bisect_right(self._text_ends, offset)
        if k < len(self._text_starts) and self._text_starts[k] <= offset:
            return self._raw_starts[k] if offset == self._text_starts[k] else self._raw_ends[k]
        if k == 0:
            return offset
        return self._raw_ends[k - 1] + (offset - self._text_ends[k - 1])
