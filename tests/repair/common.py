"""Helpers for the repair tests: fixture bodies and the viewer's ``<pre>`` markup removed."""

from __future__ import annotations

import html
import re
from pathlib import Path

from cablescope.model import Edit, RepairedText
from cablescope.repair._offsets import OffsetMap

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

_TAGS = re.compile(r"</?(?:a|code|pre)\b[^>]*>")


def fixture(name: str) -> str:
    """A fixture body exactly as stored (line ends kept)."""
    return (FIXTURES / name).read_text(encoding="utf-8", errors="strict").replace("\r\n", "\n")


def body_of(markup: str) -> str:
    """The body as a reader hands it over: tags of the viewer's ``<pre>`` removed, entities decoded."""
    return html.unescape(_TAGS.sub("", markup))


def second_pre(page: str) -> str | None:
    """The body ``<pre>`` of a Cablegate viewer page (the first one holds the routing header)."""
    blocks = re.findall(r"<pre[^>]*>(.*?)</pre>", page, re.S)
    return body_of(blocks[1]) if len(blocks) > 1 else None


def applied(raw: str, edits: object) -> str:
    """The text that ``edits`` make of ``raw``."""
    assert isinstance(edits, list | tuple)
    return RepairedText.apply(raw, tuple(edits)).text


def assert_consistent(repaired: RepairedText) -> None:
    """The edits rebuild the text, lie in order inside raw, and map both ways.

    Every stretch of raw text that no edit touches appears unchanged in the
    repaired text at the offset ``to_text`` gives, and ``to_raw`` maps it back.
    """
    raw, text = repaired.raw, repaired.text
    assert RepairedText.apply(raw, repaired.edits).text == text
    offsets = OffsetMap(repaired)
    pos = 0
    for edit in (*repaired.edits, Edit(len(raw), len(raw), "", "end")):
        assert pos <= edit.start <= edit.end <= len(raw)
        assert edit.rule
        stretch = raw[pos : edit.start]
        at = offsets.to_text(pos)
        assert text[at : at + len(stretch)] == stretch
        assert offsets.to_raw(at) == pos or not stretch
        pos = edit.end
