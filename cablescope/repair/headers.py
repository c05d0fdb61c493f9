"""Transmission headers left inside a body: ``VZCZC…``, the relay line (``PP RUEHAO RUEHCD``),
``DE RUEHPE #1348/01 2272020``, ``ZNY CCCCC ZZH``, the precedence and date-time group
(``P 142020Z AUG 08``), ``FM``, ``TO``, ``INFO`` and the addressee lines.

The pages give each cable's header apart from its body, yet some bodies hold a header
again: after the signature (``STAPLETON`` then ``VZCZCXRO1423 …``), before a later section
of an old telegram, or at the top. Such a block is routing, not text, and goes (rule
``routing-header``); ``embedded_header`` in ``records`` keeps it as the record's header.

A block starts at a VZCZC line, a relay line, a ``DE`` line or a date-time group, and runs
over header lines (routing indicators, ``ZNY``, ``FM``/``TO``/``INFO``, ``BT``, blank lines,
addressees in capitals) to the next classification line, header field (``TAGS``,
``E.O.``, ``SUBJECT``, ``SIPDIS``), line of prose, or the end of the text. It counts only
with a ``FM`` line and a ``VZCZC``, ``DE`` or date-time group line, and only where it
cannot be a quoted telegram: it carries ``VZCZC`` or ``DE``, ends the text, or stands
right before a classification line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablescope.model import Edit

RULE = "routing-header"

_RI = r"R[A-Z][A-Z0-9]{2,5}"
START = re.compile(
    r"(?m)(?:^|(?<=[\t\",]))[ \t]*(?:VZCZC[A-Z0-9]*"
    rf"|[OPRZ]{{1,2}}[ \t]+{_RI}(?=[ \t\n]|DE[ \t])"
    rf"|DE[ \t]+{_RI}[ \t]*#"
    r"|[OPRZ](?:[ \t]+[OPRZ])?[ \t]+\d{6}[ \t]?Z\b)"
)
# Each piece starts with a letter the search can skip to: a probe over a whole body costs
# little, where ``\d{6} ?Z`` tries every digit.
_PROBES = (
    re.compile("VZCZC"),
    re.compile(r"Z(?<=\d{6}Z)(?![A-Za-z0-9])|Z(?<=\d{6} Z)(?![A-Za-z0-9])"),
    re.compile(rf"DE[ \t]+{_RI}"),
)
_VZCZC = re.compile(r"(?m)^[ \t\"]*VZCZC")
_DE = re.compile(rf"(?m)^[ \t]*DE[ \t]+{_RI}[ \t]*#")
_DTG = re.compile(r"(?m)^[ \t]*[OPRZ](?:[ \t]+[OPRZ])?[ \t]+\d{6}[ \t]?Z\b")
_FM = re.compile(r"(?m)^[ \t]*FM[ \t]+\S")
_LINE_KINDS = re.compile(
    r"[ \t]*(?:VZCZC\S*|(?:[OPRZ]{1,2}[ \t]+)?(?:" + _RI + r"[ \t]*)+|DE[ \t]+" + _RI + r"\b.*"
    r"|ZN[YR]\b.*|[OPRZ](?:[ \t]+[OPRZ])?[ \t]+\d{6}[ \t]?Z\b.*|(?:FM|TO|INFO|XMT)\b.*|BT"
    r"|ZEN\b.*|ZFR\b.*|ZDS\b.*)[ \t\r]*"
)
LEVEL = (
    r"(?:TOP[ \t]+SECRET|S[ \t]?E[ \t]?C[ \t]?R[ \t]?E[ \t]?T"
    r"|C[ \t]?O[ \t]?N[ \t]?F[ \t]?I[ \t]?D[ \t]?E[ \t]?N[ \t]?T[ \t]?I[ \t]?A[ \t]?L"
    r"|U[ \t]?N[ \t]?C[ \t]?L[ \t]?A[ \t]?S(?:SIFIED)?|LIMITED[ \t]+OFFICIAL[ \t]+USE)"
)
_CLASS_LINE = re.compile(r"[ \t]*" + LEVEL + r"(?![A-Za-z])[ \t/]*\S")
_FIELD = re.compile(r"[ \t]*(?:TAGS?\b|E\.?[ \t]?O\.?[ \t]*1\d{3,4}|SUBJ(?:ECT)?\b|SIPDIS\b)")
_PROSE = re.compile(r"[a-z]{3,}")
_GLUED_CLASS = re.compile(r"[\t\",][ \t]*" + LEVEL + r"(?![A-Za-z])")
_LONGEST_LINE = 100


@dataclass(frozen=True, slots=True)
class Block:
    """A header block ``text[start:end]``, whole lines; ``end`` is where the text goes on."""

    start: int
    end: int


def may_hold_header(text: str, end: int) -> bool:
    """Whether ``text[:end]`` has a VZCZC, a date-time group or a DE line, which every
    header block holds: a quick test before looking for blocks."""
    return any(probe.search(text, 0, end) is not None for probe in _PROBES)


def _is_header_line(line: str, addressees: bool) -> bool:
    if not line.strip() or _LINE_KINDS.fullmatch(line) is not None:
        return True
    if not addressees or len(line) > _LONGEST_LINE or _PROSE.search(line) is not None:
        return False
    return _CLASS_LINE.match(line) is None and _FIELD.match(line) is None


def block_at(text: str, start: int) -> Block | None:
    """The header block whose first line starts at ``start``, if it is one (see the module
    docstring); its end excludes the blank lines before what follows it."""
    pos = start
    last = start
    addressees = False
    n = len(text)
    while pos < n:
        eol = text.find("\n", pos)
        eol = n if eol < 0 else eol
        line = text[pos:eol]
        glued = _GLUED_CLASS.search(line)
        if glued is not None:
            line = line[: glued.start()]
        if not _is_header_line(line, addressees):
            break
        if glued is not None:
            last, pos = pos + glued.start(), pos + glued.start() + 1
            break
        if line.strip():
            last = eol
            addressees = addressees or _FM.match(line) is not None
        pos = eol + 1
    at_end = pos >= n
    end = n if at_end else last + 1
    span = text[start:end]
    if _FM.search(span) is None:
        return None
    marked = _VZCZC.match(span) is not None or _DE.search(span) is not None
    if not (marked or _DTG.search(span) is not None):
        return None
    if not (marked or at_end or _CLASS_LINE.match(text, pos) is not None):
        return None
    return Block(start, end)


def header_blocks(text: str) -> list[Block]:
    """Every header block of ``text`` that starts a line, in order."""
    if "FM" not in text or not may_hold_header(text, len(text)):
        return []
    blocks: list[Block] = []
    pos = 0
    for m in START.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start < pos or text[line_start : m.start()].strip():
            continue
        block = block_at(text, line_start)
        if block is not None:
            blocks.append(block)
            pos = block.end
    return blocks


def routing_header_edits(text: str) -> list[Edit]:
    """Edits removing each header block; one that ends the text takes the space before it."""
    edits: list[Edit] = []
    for block in header_blocks(text):
        start = block.start
        if block.end == len(text):
            start = len(text[:start].rstrip())
        edits.append(Edit(start, block.end, "", RULE))
    return edits
