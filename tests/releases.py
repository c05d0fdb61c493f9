"""A second release of a real cable, made for the diff tests: examples/html/10MEXICO83.html
as WikiLeaks might have re-released it, with one sentence corrected, a new release time,
and paragraph 3 wrapped and spaced differently (layout that must not count as change)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES

ORIGINAL = EXAMPLES / "html" / "10MEXICO83.html"

SENTENCE = (
    "two percent of those detained are brought to trail.",
    "two percent of those detained are ever brought to trial.",
)
RELEASED = ("2010-12-02 21:09", "2011-08-30 17:02")
REWRAPPED = (
    "It is a challenging moment to address some of the institutional weaknesses",
    "It is a  challenging moment&#x000A;to address some of the&#x000A;institutional   weaknesses",
)


def second_release(folder: Path) -> Path:
    """Write the re-released page into ``folder`` and return its path."""
    page = ORIGINAL.read_text(encoding="utf-8")
    for old, new in (SENTENCE, RELEASED, REWRAPPED):
        assert page.count(old) == 1, old
        page = page.replace(old, new)
    path = folder / "10MEXICO83-2011.html"
    path.write_text(page, encoding="utf-8")
    return path
