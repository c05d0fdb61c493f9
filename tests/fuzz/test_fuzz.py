"""The fuzzing slice `make test` runs (select it with ``-k fuzz``): a few hundred mutated
real inputs through ingest and random queries through the parser and the search, seeded,
each within a 5 s budget. ``python -m tests.fuzz --minutes 10`` runs a longer campaign."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.ingest import ingest
from cablescope.pipeline.process import process_input
from cablescope.store.sqlite import SqliteStore
from tests.fuzz.campaign import KNOWN, run
from tests.fuzz.seeds import EXAMPLES

SEED = 2011
FILES = 300
QUERIES = 500
BUDGET = 5.0


def test_fuzz_slice() -> None:
    # Tagging has no time budget of its own: the slice tags only inputs of up to 64 KB.
    report = run(
        SEED, files=FILES, queries_count=QUERIES, budget=BUDGET, pages=16, tag_share=0.05,
        tag_limit=64 * 1024,
    )
    assert sum(report.tried.values()) == FILES
    assert report.queries == QUERIES
    assert len(report.tried) >= 10, report.tried  # every format and archive kind was tried
    assert report.outcomes["new"] > 0 and report.outcomes["rejected"] > 0
    assert not report.failures, "\n".join(report.lines())


@pytest.mark.xfail(strict=True, reason="known: tagging raises on a text over 1,000,000 chars")
def test_fuzz_known_tagging_a_cable_with_a_huge_line(tmp_path: Path) -> None:
    """A telegram with a 2 MB line in its body: read, it must be stored or rejected, but
    spaCy refuses texts over ``nlp.max_length`` and the ValueError ends the whole ingest."""
    from cablescope.tagging.load import DEFAULT_TAGGER, load_tagger
    from cablescope.tagging.rules import CableRules

    lines = (EXAMPLES / "telegram" / "07KINGSTON382.txt").read_bytes().split(b"\n")
    lines[30:30] = [b"word " * 400_000]
    path = tmp_path / "07KINGSTON382.txt"
    path.write_bytes(b"\n".join(lines))
    store = SqliteStore.open(str(tmp_path / "store.db"))
    tagging = Tagging(load_tagger(DEFAULT_TAGGER), CableRules())
    try:
        summary = ingest([str(path)], store, workers=0, tagging=tagging, resolve=True)
    finally:
        store.close()
    assert summary.new + summary.rejected == 1


@pytest.mark.xfail(strict=True, reason="known: pypdf is quadratic in a token's length")
def test_fuzz_known_pdf_with_a_long_token() -> None:
    """The example PDF with NULs inside a name (``/Pro...cSet``): four times the NULs
    should take about four times as long, not sixteen (8 KB: 0.8 s, 32 KB: 8 s on a
    loaded machine; a 64 KB run goes past the 20 s reading budget)."""
    pdf = (EXAMPLES / "pdf" / "07KINGSTON382.pdf").read_bytes()
    at = pdf.index(b"/ProcSet") + 4

    def seconds(nuls: int) -> float:
        start = time.perf_counter()
        process_input("07KINGSTON382.pdf", pdf[:at] + b"\0" * nuls + pdf[at:])
        return time.perf_counter() - start

    assert seconds(32768) < 8 * seconds(8192)


def test_fuzz_known_failures_have_a_test() -> None:
    """Each failure the slice tolerates is pinned by a strict-xfail test above."""
    names = {name for name in globals() if name.startswith("test_fuzz_known_")}
    for known in KNOWN:
        assert f"test_fuzz_known_{known.name}" in names, known.name
