"""The fuzzing slice `make test` runs (select it with ``-k fuzz``): a few hundred mutated
real inputs through ingest and random queries through the parser and the search, seeded,
each within a 5 s budget. ``python -m tests.fuzz --minutes 10`` runs a longer campaign."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.ingest import Summary, ingest
from cablescope.pipeline.process import process_input
from cablescope.store.sqlite import SqliteStore
from cablescope.tagging.rules import CableRules
from cablescope.tagging.spacy_backend import SpacyTagger
from tests.fuzz.campaign import HARD_FACTOR, KNOWN, deadline, run
from tests.fuzz.mutate import fix_checksum
from tests.fuzz.seeds import EXAMPLES, archive

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


def _ingest(path: Path, tmp_path: Path, tagging: Tagging | None = None) -> Summary:
    """``path`` ingested as the CLI does, interrupted if it runs past four budgets."""
    store = SqliteStore.open(str(tmp_path / "store.db"))
    try:
        with deadline(HARD_FACTOR * BUDGET):
            return ingest([str(path)], store, workers=0, tagging=tagging, resolve=True)
    finally:
        store.close()


def test_fuzz_fixed_tagging_a_cable_with_a_huge_line(tmp_path: Path) -> None:
    """A telegram with a 2 MB line in its body: spaCy refuses texts over ``nlp.max_length``
    and the ValueError ended the whole ingest; long texts are now tagged in pieces. (The
    tokenizer alone stands in for the model here, which takes a minute over 2 MB.)"""
    import spacy

    lines = (EXAMPLES / "telegram" / "07KINGSTON382.txt").read_bytes().split(b"\n")
    lines[30:30] = [b"word " * 400_000]
    path = tmp_path / "07KINGSTON382.txt"
    path.write_bytes(b"\n".join(lines))
    tagging = Tagging(SpacyTagger("blank", nlp=spacy.blank("en")), CableRules())
    summary = _ingest(path, tmp_path, tagging)
    assert summary.new + summary.rejected == 1, summary.problems


def test_fuzz_fixed_a_tar_member_declaring_2_to_the_80_bytes(tmp_path: Path) -> None:
    """A one-member tar.gz of a real page whose header has type ``z`` and the base-256 size
    ``80 ff .. ff 00``: after its Problem, tarfile skipped the 2**80 bytes on the stream
    10 KB at a time, forever."""
    page = (EXAMPLES / "html" / "10MEXICO83.html").read_bytes()
    plain = bytearray(archive("tar", [("cable/10MEXICO83.html", page)]))
    base = max(i for i in range(0, len(plain) - 512, 512) if plain[i + 257 : i + 262] == b"ustar")
    plain[base + 156] = ord("z")
    plain[base + 124 : base + 136] = b"\x80" + b"\xff" * 10 + b"\x00"
    fix_checksum(plain, base)
    path = tmp_path / "damaged.tar.gz"
    path.write_bytes(gzip.compress(bytes(plain), mtime=0))
    summary = _ingest(path, tmp_path)
    assert summary.new == 0
    assert any("archive not read further" in p.message for p in summary.problems)


def test_fuzz_fixed_a_damaged_zip_inside_a_tar(tmp_path: Path) -> None:
    """A zip whose end record puts its central directory 300 bytes too far, inside a tar.gz:
    zipfile seeked before the start of the member in memory and ValueError escaped ingest."""
    page = (EXAMPLES / "html" / "10MEXICO83.html").read_bytes()
    inner = bytearray(archive("zip", [("cable/10MEXICO83.html", page)]))
    end = inner.rindex(b"PK\x05\x06")
    offset = int.from_bytes(inner[end + 16 : end + 20], "little")
    inner[end + 16 : end + 20] = (offset + 300).to_bytes(4, "little")
    path = tmp_path / "outer.tar.gz"
    path.write_bytes(archive("tar.gz", [("inner.zip", bytes(inner)), ("10MEXICO83.html", page)]))
    summary = _ingest(path, tmp_path)
    assert summary.new == 1
    assert [p.path for p in summary.problems] == [f"{path}!inner.zip"]


def test_fuzz_fixed_pdf_with_a_long_token() -> None:
    """The example PDF with NULs inside a name (``/Pro...cSet``): eight times the NULs
    should take about eight times as long, not 64 (pypdf 5.6: 8 KB 0.8 s, 32 KB 8 s on a
    loaded machine; pypdf 6.21: a few milliseconds, hence the best of three and a 50 ms
    allowance for the machine's noise)."""
    pdf = (EXAMPLES / "pdf" / "07KINGSTON382.pdf").read_bytes()
    at = pdf.index(b"/ProcSet") + 4

    def seconds(nuls: int) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            process_input("07KINGSTON382.pdf", pdf[:at] + b"\0" * nuls + pdf[at:])
            best = min(best, time.perf_counter() - start)
        return best

    seconds(0)  # the first PDF read imports and warms up pypdf
    short = seconds(8192)
    assert seconds(65536) < 32 * short + 0.05


def test_fuzz_known_failures_have_a_test() -> None:
    """Each failure the slice tolerates is pinned by a strict-xfail test above."""
    names = {name for name in globals() if name.startswith("test_fuzz_known_")}
    for known in KNOWN:
        assert f"test_fuzz_known_{known.name}" in names, known.name
