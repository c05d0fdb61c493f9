"""Page breaks inside a body: the running header of each printed page, and blank gaps.

Three shapes, all measured on the Cablegate pages and the PlusD records:

* ``MEXICO 00000083 002 OF 005`` (origin, eight-digit number, page of pages), on
  its own line between blank lines or dropped into the middle of a line;
* the older ``PAGE 02 HARARE 05461 01 OF 02 271458Z``, often after a repeated
  classification line (``CONFIDENTIAL``); first pages (``PAGE 01``) start a new
  section with its routing header and are left alone;
* a run of three or more line breaks with no header at all (the PlusD
  markdown keeps the break as blank lines: ``toward\\n\\n\\n\\nmodernization``);
  it is joined inside a sentence, closed up to one blank line between a
  finished sentence and a new paragraph, and otherwise left alone.

A break and the blank lines around it become one space when the sentence runs
on (the break sat inside a line, the next word is in lower case, or the last
word was), a blank line when the next line starts a paragraph or a heading,
follows a heading, or ends a sentence in text that is not hard-wrapped, and
a line break otherwise.
"""

from __future__ import annotations

import re

from cablescope.model import Edit
from cablescope.repair._origins import ORIGINS

RULE = "pagebreak"

_NUMBERED = re.compile(
    r"00\d{6}[ \t]{1,3}\d{3}(?:\.\d{1,2})?[ \t]+(?:OF|of|Of)[ \t]+\d{3}(?![0-9])"
)
_PAGED = re.compile(
    r"(?<![A-Za-z])PAGE (?:0[2-9]|[1-9]\d)[ \t]+[A-Z]+(?: [A-Z]+)?[ \t]+\d{5}[ \t]+"
    r"(?:\d{2} OF \d{2}[ \t]+)?\d{6}Z\b"
)
_CLASSIFICATION_TAIL = re.compile(
    r"\b(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)[ \t]*$"
)
_PARAGRAPH_START = re.compile(r"¶|\d{1,2} ?\.\s|\(\s*[A-Za-z/]{1,6}\s*\)|-{2,}|=|#|\*\*|[-*] ")
_BLANK_RUN = re.compile(r"\n[ \t\r\\\u2028]*\n[ \t\r\\\u2028]*\n")
_RULE_LINE = re.compile(r"[-=_ ]{3,}")
_WORD_TAIL = re.compile(r"[A-Za-z]+$")
_TOKEN = re.compile(r"\S+")
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z.'-]*")
_WRAP = 100
_SENTENCE_END = frozenset(".!?:")
# Closing marks after a full stop, the quote ``8`` of the &...8 quotes among them.
_CLOSERS = frozenset("\"')\u201d\u20198")
_GAP = frozenset(" \t\r\n\u2028\\")
_BREAKS = frozenset("\n\r\u2028")
_ORIGIN_PREFIXES = frozenset(o[:n] for o in ORIGINS for n in range(4, len(o) + 1))
_JOINERS = frozenset(
    (
        "a an and are as at be been but by de del for from had has have her his in into is "
        "its la of on or our than that the their these this those to was were which who "
        "will with would"
    ).split()
)


def _origin_start(text: str, core: int) -> int:
    """Where the origin name before a page number begins (``core`` if there is none)."""
    line_start = max(text.rfind("\n", 0, core) + 1, core - 64)
    head = text[line_start:core]
    if head and not head[-1].isspace():
        return core
    words: list[tuple[int, str]] = []
    for m in reversed(list(_TOKEN.finditer(head))):
        if len(words) == 4 or not _NAME_WORD.fullmatch(m.group()):
            break
        words.insert(0, (m.start(), m.group()))
    for k in range(len(words), 0, -1):
        name = "".join(ch for _, w in words[-k:] for ch in w if ch.isalpha()).upper()
        if name in ORIGINS or (len(name) >= 4 and name in _ORIGIN_PREFIXES):
            return line_start + words[-k][0]
    if words and words[-1][1].isalpha() and words[-1][1].isupper() and len(words[-1][1]) > 1:
        return line_start + words[-1][0]
    return core


def _extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span over the blank space and ``<br>`` marks around it."""
    while True:
        if start > 0 and text[start - 1] in _GAP:
            start -= 1
        elif text.endswith("<br>", 0, start):
            start -= 4
        else:
            break
    n = len(text)
    while True:
        if end < n and text[end] in _GAP:
            end += 1
        elif text.startswith("<br>", end):
            end += 4
        else:
            break
    return start, end


def _after_heading(text: str, left: int) -> bool:
    line_start = text.rfind("\n", 0, left) + 1
    line = text[line_start:left].strip()
    if not line:
        return False
    if _RULE_LINE.fullmatch(line):
        return True
    before = text[: max(0, line_start - 1)].rstrip(" \t\r\\")
    blank_before = line_start == 0 or not before or before.endswith("\n")
    return blank_before and len(line) <= 60 and line[0].isupper() and line[-1] not in ",;.!?"


def _ends_sentence(text: str, end: int) -> bool:
    i = end - 1
    while i > 0 and end - i <= 3 and text[i] in _CLOSERS:
        i -= 1
    return text[i] in _SENTENCE_END


def _after_rule_line(text: str, left: int) -> bool:
    line = text[text.rfind("\n", 0, left) + 1 : left].strip()
    return bool(line) and _RULE_LINE.fullmatch(line) is not None


def _before_heading(text: str, right: int) -> bool:
    line_end = text.find("\n", right)
    if line_end < 0:
        return False
    line = text[right:line_end].strip()
    after = text[line_end + 1 : line_end + 80].lstrip(" \t\r")
    return (
        0 < len(line) <= 60
        and line[0].isupper()
        and line[-1] not in ".,;:"
        and (after.startswith("\n") or _RULE_LINE.match(after) is not None)
    )


def _unwrapped_before(text: str, left: int) -> bool:
    return left - text.rfind("\n", 0, left) > _WRAP


def _joint(text: str, left: int, right: int) -> str:
    """What replaces a page break that spans ``text[left:right]``."""
    if left == 0 or right == len(text):
        return ""
    gap = text[left:right]
    if not any(c in _BREAKS for c in gap) and "<br>" not in gap:
        return " "
    if text[right].islower():
        return " "
    if _PARAGRAPH_START.match(text, right):
        return "\n\n"
    if text[left - 1].islower() or text[left - 1] == ",":
        return " "
    if (
        _after_heading(text, left)
        or _before_heading(text, right)
        or (text[left - 1] in ".!?" and _unwrapped_before(text, left))
    ):
        return "\n\n"
    return "\n"


def _break_edit(text: str, start: int, end: int) -> Edit:
    left, right = _extend(text, start, end)
    return Edit(left, right, _joint(text, left, right), RULE)


def page_header_edits(text: str) -> list[Edit]:
    """Edits removing page-header lines (both the numbered and the ``PAGE nn`` shapes)."""
    spans: list[tuple[int, int]] = []
    for m in _NUMBERED.finditer(text):
        if m.start() == 0 or not text[m.start() - 1].isdigit():
            spans.append((_origin_start(text, m.start()), m.end()))
    if "PAGE " in text:
        for m in _PAGED.finditer(text):
            start = m.start()
            for _ in range(2):
                left, _right = _extend(text, start, start)
                tail = _CLASSIFICATION_TAIL.search(text, max(0, left - 40), left)
                if tail is None:
                    break
                start = tail.start()
            spans.append((start, m.end()))
    spans.sort()
    edits: list[Edit] = []
    for start, end in spans:
        edit = _break_edit(text, start, end)
        if edits and edit.start < edits[-1].end:
            last = edits.pop()
            edit = _break_edit(text, last.start, max(end, last.end))
        edits.append(edit)
    return edits


def blank_run_edits(text: str) -> list[Edit]:
    """Edits closing a run of blank lines: a page break with no header line.

    Inside a sentence the run becomes a space; between a finished sentence and a
    new paragraph it becomes one blank line.
    """
    edits: list[Edit] = []
    m = _BLANK_RUN.search(text)
    while m is not None:
        start, end = _extend(text, m.start(), m.end())
        m = _BLANK_RUN.search(text, end)
        if start == 0 or end == len(text):
            continue
        prev, nxt = text[start - 1], text[end]
        if (prev.islower() or prev == ",") and nxt.islower():
            edits.append(Edit(start, end, " ", RULE))
            continue
        word = _WORD_TAIL.search(text, max(0, start - 12), start)
        if word and nxt.isalpha() and word.group() in _JOINERS:
            edits.append(Edit(start, end, " ", RULE))
        elif _PARAGRAPH_START.match(text, end) and (
            _ends_sentence(text, start) or _after_rule_line(text, start)
        ):
            edits.append(Edit(start, end, "\n\n", RULE))
    return edits
