"""Corpus-wide checks over ../shared: every Cablegate page and every reveal body."""

from __future__ import annotations

import collections
import time
from pathlib import PurePosixPath

import pytest

from cablescope.model import Input, Problem
from cablescope.readers import read
from cablescope.readers.archive import expand
from tests.readers.common import CORPUS_TAR, SHARED, needs_shared

REVEAL_TAR = SHARED / "corpus" / "reveal-annotated.tar.gz"

pytestmark = [needs_shared, pytest.mark.corpus, pytest.mark.slow]


def test_every_cablegate_page_yields_one_complete_record() -> None:
    inputs = [item for item in expand([str(CORPUS_TAR)])]
    assert all(isinstance(item, Input) for item in inputs)
    counts: collections.Counter[str] = collections.Counter()
    start = time.perf_counter()
    for inp in inputs:
        assert isinstance(inp, Input)
        items = list(read(inp))
        assert len(items) == 1, inp.path
        item = items[0]
        assert not isinstance(item, Problem), item
        envelope, body = item
        counts["pages"] += 1
        counts["id"] += envelope.id == PurePosixPath(inp.path.split("!")[1]).stem
        counts["created"] += any(date.kind == "created" for date in envelope.dates)
        counts["classification"] += bool(envelope.classification)
        counts["origin"] += bool(envelope.origin)
        counts["header"] += envelope.header is not None
        counts["partial-extract"] += "partial-extract" in envelope.notes
        counts["clean"] += "<a " not in body and "&#x" not in body
    elapsed = time.perf_counter() - start
    print(f"read {counts['pages']} pages in {elapsed:.2f} s ({counts['pages'] / elapsed:.0f}/s)")
    assert counts["pages"] == 6712
    for key in ("id", "created", "classification", "origin", "clean"):
        assert counts[key] == 6712, key
    assert counts["header"] + counts["partial-extract"] == 6712


def test_every_reveal_body() -> None:
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    for inp in expand([str(REVEAL_TAR)]):
        assert isinstance(inp, Input)
        folder = inp.path.split("!")[1].split("/")[0]
        for item in read(inp):
            kind = "problem" if isinstance(item, Problem) else item[0].format
            counts[(folder, kind)] += 1
    # 161 files per folder are "Appears in these articles" stubs, not cables; one file in
    # cables/ is in fact tokenised and one in annotated/ has neither marks nor many commas.
    assert counts[("cables", "body-text")] == 3042
    assert counts[("cables", "body-annotated")] == 1
    assert counts[("annotated", "body-annotated")] == 3043
    assert counts[("annotated", "body-text")] == 1
    assert counts[("cables", "problem")] == counts[("annotated", "problem")] == 161
