"""Word diffs of two texts: ``word_diff(a, b)``.

A word is a run of non-space characters, so whitespace and line wrapping never count. By
default words are compared by their letters and digits only, so typesetting does not count
either: curly or straight quotes, ``¶1.`` or ``1.``, ``E.O.`` or ``EO``, rule lines of
dashes or ``####`` (words without a letter or digit take no part). ``exact=True`` compares
words as written. The words are matched as patience diff does: words that occur once in
each text, in the same order, anchor the match, and difflib's ``SequenceMatcher`` matches
the stretches between anchors; changes are grouped into hunks as ``get_grouped_opcodes``
does.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cablescope.model import Paragraph

CONTEXT = 6
"""Unchanged words shown on each side of a change."""

EQUAL, DELETE, INSERT, REPLACE = "equal", "delete", "insert", "replace"
"""Segment kinds: words in both texts, only in a, only in b, or a's replaced by b's."""

_WORD = re.compile(r"\S+")
_NOT_ALNUM = re.compile(r"[\W_]+")

_Op = tuple[str, int, int, int, int]

_QUADRATIC = 4_000_000
"""Past this many word pairs, a stretch between anchors is matched with difflib's
popularity heuristic (frequent words do not start a match), which keeps it fast."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of words: ``a`` and ``b`` are its words in each text (single-spaced, ``""``
    where a side has none), ``a_start``/``a_end`` and ``b_start``/``b_end`` its offsets in
    each text (an empty side is a position). In an EQUAL segment ``a`` and ``b`` may
    still differ in typesetting."""

    kind: str
    a: str
    b: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def to_dict(self) -> dict[str, object]:
        """The segment as JSON-able fields."""
        return {
            "op": self.kind,
            "a": self.a,
            "b": self.b,
            "a_start": self.a_start,
            "a_end": self.a_end,
            "b_start": self.b_start,
            "b_end": self.b_end,
        }


@dataclass(frozen=True, slots=True)
class Hunk:
    """Changes close together, with up to ``context`` unchanged words around them.

    ``paragraph`` is the number of b's paragraph where the first change falls (None
    before the first numbered paragraph)."""

    segments: tuple[Segment, ...]
    paragraph: int | None

    @property
    def a_span(self) -> tuple[int, int]:
        """Where the hunk lies in text a."""
        return self.segments[0].a_start, self.segments[-1].a_end

    @property
    def b_span(self) -> tuple[int, int]:
        """Where the hunk lies in text b."""
        return self.segments[0].b_start, self.segments[-1].b_end

    def to_dict(self) -> dict[str, object]:
        """The hunk as JSON-able fields."""
        (a_start, a_end), (b_start, b_end) = self.a_span, self.b_span
        return {
            "a_start": a_start,
            "a_end": a_end,
            "b_start": b_start,
            "b_end": b_end,
            "paragraph": self.paragraph,
            "segments": [s.to_dict() for s in self.segments],
        }


@dataclass(frozen=True, slots=True)
class TextDiff:
    """The word diff of text a against text b, as hunks.

    ``words`` counts the words compared in each text, ``deleted`` and ``inserted`` the
    words only a or only b has; ``exact`` tells whether typesetting counted.
    """

    hunks: tuple[Hunk, ...]
    words: tuple[int, int]
    deleted: int
    inserted: int
    exact: bool

    @property
    def changed(self) -> int:
        """Words deleted plus words inserted: 0 when the texts say the same."""
        return self.deleted + self.inserted

    @property
    def changes(self) -> int:
        """How many separate changes (runs of deleted or inserted words) there are."""
        return sum(s.kind != EQUAL for h in self.hunks for s in h.segments)

    def apply(self, a: str) -> str:
        """Text ``a`` with every change made: b's words, in a's layout outside the hunks (each
        hunk single-spaced, with a space on either side)."""
        out: list[str] = []
        at = 0
        for hunk in self.hunks:
            start, end = hunk.a_span
            out.append(a[at:start])
            words = (s.a if s.kind == EQUAL else s.b for s in hunk.segments)
            out.append(" " + " ".join(w for w in words if w) + " ")
            at = end
        out.append(a[at:])
        return "".join(out)

    def to_dict(self) -> dict[str, object]:
        """The diff as JSON-able fields."""
        return {
            "exact": self.exact,
            "words": list(self.words),
            "deleted": self.deleted,
            "inserted": self.inserted,
            "changes": self.changes,
            "hunks": [h.to_dict() for h in self.hunks],
        }


@dataclass(frozen=True, slots=True)
class _Words:
    """The words of a text that take part in the comparison: offsets and comparison keys."""

    text: str
    spans: list[tuple[int, int]]
    keys: list[str]

    @classmethod
    def of(cls, text: str, exact: bool) -> _Words:
        spans: list[tuple[int, int]] = []
        keys: list[str] = []
        for m in _WORD.finditer(text):
            word = m.group()
            key = word if exact or word.isalnum() else _NOT_ALNUM.sub("", word)
            if key:
                spans.append(m.span())
                keys.append(key)
        return cls(text, spans, keys)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Offsets of words ``i`` to ``j`` (exclusive); a position when ``i == j``."""
        if i < j:
            return self.spans[i][0], self.spans[j - 1][1]
        at = self.spans[i][0] if i < len(self.spans) else (self.spans[-1][1] if self.spans else 0)
        return at, at

    def show(self, i: int, j: int) -> str:
        start, end = self.span(i, j)
        return " ".join(self.text[start:end].split())


def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) of words that occur once in ``a`` and once in ``b``, the longest run of
    them in the same order in both (patience diff's anchors)."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {key: j for j, key in enumerate(b) if count_b[key] == 1}
    pairs = [(i, where_b[key]) for i, key in enumerate(a) if count_a[key] == 1 and key in where_b]
    tails: list[int] = []
    tail_at: list[int] = []
    before = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k] = j
            tail_at[k] = n
        before[n] = tail_at[k - 1] if k > 0 else -1
    run: list[tuple[int, int]] = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        run.append(pairs[n])
        n = before[n]
    return run[::-1]


def _matched(a: Sequence[str], b: Sequence[str]) -> list[_Op]:
    """Opcodes over ``a`` and ``b``: the anchors are equal, the stretches between them are
    matched by difflib (with its popularity heuristic only on very long stretches)."""
    ops: list[_Op] = []
    i0 = j0 = 0
    for i1, j1 in [*_anchors(a, b), (len(a), len(b))]:
        if i0 < i1 or j0 < j1:
            big = (i1 - i0) * (j1 - j0) > _QUADRATIC
            matcher = difflib.SequenceMatcher(None, a[i0:i1], b[j0:j1], autojunk=big)
            ops.extend(
                (tag, x1 + i0, x2 + i0, y1 + j0, y2 + j0)
                for tag, x1, x2, y1, y2 in matcher.get_opcodes()
            )
        if i1 < len(a):
            ops.append((EQUAL, i1, i1 + 1, j1, j1 + 1))
        i0, j0 = i1 + 1, j1 + 1
    return ops


def _opcodes(a: _Words, b: _Words) -> list[_Op]:
    """The opcodes of a against b, with a change whose two sides hold the same letters
    (``(SBU)Summary`` against ``(SBU) Summary``) turned equal, and equal runs merged."""
    ops: list[_Op] = []
    for kind, i1, i2, j1, j2 in _matched(a.keys, b.keys):
        if kind != EQUAL and "".join(a.keys[i1:i2]) == "".join(b.keys[j1:j2]):
            kind = EQUAL
        if ops and ops[-1][0] == EQUAL and kind == EQUAL:
            ops[-1] = (EQUAL, ops[-1][1], i2, ops[-1][3], j2)
        else:
            ops.append((kind, i1, i2, j1, j2))
    return ops


def _grouped(ops: list[_Op], n: int) -> list[list[_Op]]:
    """Changes grouped as difflib's ``get_grouped_opcodes`` does: equal runs longer than
    ``2 * n`` words split groups, and each group keeps ``n`` equal words on each side."""
    if not any(op[0] != EQUAL for op in ops):
        return []
    ops = list(ops)
    kind, i1, i2, j1, j2 = ops[0]
    if kind == EQUAL:
        ops[0] = (kind, max(i1, i2 - n), i2, max(j1, j2 - n), j2)
    kind, i1, i2, j1, j2 = ops[-1]
    if kind == EQUAL:
        ops[-1] = (kind, i1, min(i2, i1 + n), j1, min(j2, j1 + n))
    groups: list[list[_Op]] = []
    group: list[_Op] = []
    for kind, i1, i2, j1, j2 in ops:
        if kind == EQUAL and i2 - i1 > 2 * n:
            group.append((kind, i1, i1 + n, j1, j1 + n))
            groups.append(group)
            group = []
            i1, j1 = i2 - n, j2 - n
        group.append((kind, i1, i2, j1, j2))
    if any(op[0] != EQUAL for op in group):
        groups.append(group)
    return [[op for op in g if op[0] != EQUAL or op[1] < op[2]] for g in groups]


def _paragraph_at(paragraphs: Sequence[Paragraph], offset: int) -> int | None:
    starts = [p.start for p in paragraphs]
    at = bisect.bisect_right(starts, offset) - 1
    return paragraphs[at].number if at >= 0 else None


def word_diff(
    a: str,
    b: str,
    *,
    exact: bool = False,
    context: int = CONTEXT,
    paragraphs: Sequence[Paragraph] = (),
) -> TextDiff:
    """The word diff of ``a`` against ``b`` (see the module docstring for what counts).

    ``paragraphs`` are b's, to say where each hunk falls.
    """
    wa, wb = _Words.of(a, exact), _Words.of(b, exact)
    ops = _opcodes(wa, wb)
    hunks = []
    for group in _grouped(ops, max(context, 0)):
        segments = tuple(
            Segment(kind, wa.show(i1, i2), wb.show(j1, j2), *wa.span(i1, i2), *wb.span(j1, j2))
            for kind, i1, i2, j1, j2 in group
        )
        first = next(s for s in segments if s.kind != EQUAL)
        hunks.append(Hunk(segments, _paragraph_at(paragraphs, first.b_start)))
    changed = [op for op in ops if op[0] != EQUAL]
    return TextDiff(
        hunks=tuple(hunks),
        words=(len(wa.keys), len(wb.keys)),
        deleted=sum(i2 - i1 for _, i1, i2, _, _ in changed),
        inserted=sum(j2 - j1 for _, _, _, j1, j2 in changed),
        exact=exact,
    )
