"""The zone scan finds exactly what the plain alternation of the zone patterns finds: all of
them inside a header, the body patterns alone elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.tagging.zones import _SOURCES, HEADER_SOURCES, _matches

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD = sorted((ROOT / "evaluation" / "cable-gold").glob("*[0-9].txt"))
PLAIN = re.compile("|".join(f"(?:{src.removeprefix('(?m)')})" for src in _SOURCES), re.M)
BODY = re.compile(
    "|".join(
        f"(?:{src.removeprefix('(?m)')})"
        for i, src in enumerate(_SOURCES)
        if i not in HEADER_SOURCES
    ),
    re.M,
)


def plain(text: str, pattern: re.Pattern[str] = PLAIN) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def whole(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))]


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_same_as_alternation_on_gold(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _matches(text, whole(text)) == plain(text)
    assert _matches(text, []) == plain(text, BODY)


PIECES = st.sampled_from(
    [
        "SECRET STATE 1234",
        "\n",
        " ",
        ", ",
        "REF: ",
        "REF:",
        "A. ",
        "TAGS: PREL",
        "E.O. 12958: DECL: 1/2/2019",
        "Summary:",
        "end comment.",
        "reasons 1.4 (b)",
        "¶2. (C) ",
        "XXXXXXX",
        "STATE FOR",
        " PASS TO ",
        "Classified By:",
        "09 MEXICO 26",
        "DERİVED FROM",
        "reaſon 1.5",
        "SIPDIS",
        "Smith",
        "/",
        "Begın NOTE",
        "ROGER",
        "SENSITIVE",
        "SENSITIVE BUT UNCLASSIFIED",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_same_as_alternation_on_pieces(text: str) -> None:
    assert _matches(text, whole(text)) == plain(text)
    assert _matches(text, []) == plain(text, BODY)
