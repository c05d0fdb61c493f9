"""Repair over the shared corpus: the Cablegate pages and the annotated/plain pairs."""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablescope.repair import find_marks, marks_on_text, repair
from tests.repair.common import assert_consistent, body_of, second_pre

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PAGES = SHARED / "corpus" / "cablegate-html-2011-04.tar.gz"
REVEAL = SHARED / "corpus" / "reveal-annotated.tar.gz"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present"),
]

_LEFT_OVER_BREAK = re.compile(r"\b00\d{6} {1,3}\d{3}(?:\.\d)? OF \d{3}\b")
_SPACED_HEADER = re.compile(r"(?m)^[ \t]*(?:S E C R E T|C O N F I D E N T I A L) ")
# What a record or header left at the top of a body looks like (some 400 pages before repair).
_RECORD_TOP = re.compile(
    r'(?m)header ends|^id: \d+|^refid: |^"?\d{1,7}"?,"?\d{1,2}/\d{1,2}/\d{4} '
    r"|^(?:\d{1,7}\t)?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t|^VZCZC|^\d{1,7}\n\d{4}-\d\d-\d\d\n"
)


def bodies(every: int) -> Iterator[tuple[str, str]]:
    """(name, body) of every n-th Cablegate page."""
    with tarfile.open(PAGES, mode="r|gz") as tar:
        for i, member in enumerate(m for m in tar if m.isfile() and m.name.endswith(".html")):
            if i % every:
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            body = second_pre(handle.read().decode("utf-8"))
            if body is not None:
                yield member.name, body


def check_page(name: str, body: str) -> None:
    once = repair(body)
    assert_consistent(once)
    assert repair(once.text).text == once.text, name
    assert not _LEFT_OVER_BREAK.search(once.text), name
    assert not _SPACED_HEADER.search(once.text), name
    assert not _RECORD_TOP.search(once.text[:400]), name


def test_sample_of_pages() -> None:
    seen = 0
    for name, body in bodies(every=10):
        check_page(name, body)
        seen += 1
    assert seen > 600


@pytest.mark.slow
def test_every_page() -> None:
    seen = 0
    for name, body in bodies(every=1):
        check_page(name, body)
        seen += 1
    assert seen == 6712


def pairs(every: int) -> list[tuple[str, str, str]]:
    """(name, annotated, plain) for every n-th cable of the reveal pairs."""
    texts: dict[str, dict[str, str]] = {"annotated": {}, "cables": {}}
    with tarfile.open(REVEAL, mode="r|gz") as tar:
        for member in tar:
            folder, _, name = member.name.partition("/")
            if not member.isfile() or folder not in texts:
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            texts[folder][name] = body_of(handle.read().decode("utf-8", errors="replace"))
    names = sorted(set(texts["annotated"]) & set(texts["cables"]))[::every]
    return [(n, texts["annotated"][n], texts["cables"][n]) for n in names]


def test_annotated_twins() -> None:
    same = marks = kept = 0
    sample = pairs(every=25)
    for name, annotated, plain in sample:
        ours = repair(annotated, tokenised=True)
        assert_consistent(ours)
        assert "  ]" not in ours.text, name
        assert repair(ours.text).text == ours.text, name
        found = find_marks(annotated)
        spans = marks_on_text(ours, found)
        marks += len(found)
        kept += len(spans)
        for start, end, _kind in spans:
            assert ours.text[start:end].strip() == ours.text[start:end] != ""
        theirs = repair(plain).text
        same += " ".join(ours.text.split()) == " ".join(theirs.split())
    assert len(sample) > 100
    assert kept >= 0.99 * marks
    assert same >= 0.4 * len(sample)
