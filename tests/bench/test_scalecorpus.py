"""bench/scalecorpus.py: N copies of the real pages are N times the cables, distinct, each
copy the original with its cable numbers moved by a million, its citation graph intact."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench._renumber import STRIDE, decode, renumber, renumber_id
from bench.scalecorpus import source_pages, template
from cablescope.grammar import parse_body
from cablescope.model import Cable, Input
from cablescope.pipeline.build import build_cable
from cablescope.readers import _markup
from cablescope.readers.html import HtmlReader
from cablescope.store.sqlite import SqliteStore
from tests.conftest import CORPUS_TAR, ROOT, corpus_pages, needs_shared

PAGES = 200
DIGITS = re.compile(r"(\d+)")

pytestmark = [needs_shared, pytest.mark.corpus]


def _run(*args: str | Path) -> str:
    done = subprocess.run(
        [sys.executable, *map(str, args)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _copy(cable_id: str) -> int:
    return int(DIGITS.findall(cable_id)[-1]) // STRIDE


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale")
    summary = _run(
        ROOT / "bench" / "scalecorpus.py",
        *("--times", "2", "--format", "both", "--limit", str(PAGES), "--out", out),
    )
    assert f"{2 * PAGES:,} cables from {PAGES:,} pages x 2 (0 pages skipped" in summary
    return out


def _ingest(source: Path) -> Path:
    db = source.with_suffix(".db")
    done = _run("-m", "cablescope", "ingest", "--no-ner", "--db", db, source)
    assert done.strip().endswith("; 0 rejected"), done
    return db


@pytest.fixture(scope="module")
def pages_db(made: Path) -> Iterator[SqliteStore]:
    with SqliteStore.open(str(_ingest(made / "cablegate-x2.tar.gz"))) as store:
        yield store


@pytest.fixture(scope="module")
def csv_db(made: Path) -> Iterator[SqliteStore]:
    with SqliteStore.open(str(_ingest(made / "cables-x2.csv"))) as store:
        yield store


@pytest.fixture(scope="module")
def cables(pages_db: SqliteStore) -> dict[str, Cable]:
    return {cable.id: cable for cable in pages_db.iter_cables()}


@cache
def _source_ids() -> list[str]:
    pages = source_pages(CORPUS_TAR, PAGES)
    return [name.rsplit("/", 1)[1].removesuffix(".html") for name, _ in pages]


def test_ids_and_copy_numbers() -> None:
    assert renumber_id("10MEXICO83", 1) == "10MEXICO1000083"
    assert renumber_id("66BUENOSAIRES2481", 36) == "66BUENOSAIRES36002481"
    assert renumber_id("08SCTION02OF02SAOPAULO335", 2) == "08SCTION02OF02SAOPAULO2000335"
    assert renumber("000083", 1) == "1000083"
    assert renumber("00000083", 3) == "03000083"
    assert renumber("0200", 0) == "0200"


def test_twice_the_cables_all_distinct(cables: dict[str, Cable]) -> None:
    originals = _source_ids()
    assert len(cables) == 2 * PAGES
    assert set(cables) == set(originals) | {renumber_id(cid, 1) for cid in originals}


def _same_but_renumbered(original: str, copy: str) -> list[tuple[str, str]]:
    """The numbers that differ between two texts; fails if anything else differs."""
    left, right = DIGITS.split(original), DIGITS.split(copy)
    assert len(left) == len(right)
    changed = []
    for a, b in zip(left, right, strict=True):
        if a != b:
            assert a.isdigit() and b.isdigit() and int(b) == int(a) + STRIDE, (a, b)
            changed.append((a, b))
    return changed


def test_a_copy_is_its_original_with_numbers_moved(cables: dict[str, Cable]) -> None:
    for cid in _source_ids():
        original, copy = cables[cid], cables[renumber_id(cid, 1)]
        _same_but_renumbered(original.raw, copy.raw)
        _same_but_renumbered(original.header or "", copy.header or "")
        own = parse_body(original.raw).number
        if own is not None and int(own) == int(DIGITS.findall(cid)[-1]):
            assert parse_body(copy.raw).number == str(int(own) + STRIDE)
        cited = [ref.id for ref in original.references]
        assert [ref.id for ref in copy.references] == [
            renumber_id(ref, 1) if ref and re.fullmatch(r"\d\d\D.*\d", ref) else ref
            for ref in cited
        ]
        assert (copy.subject, copy.origin, copy.classification, copy.tags) == (
            original.subject,
            original.origin,
            original.classification,
            original.tags,
        )


def _resolved(store: SqliteStore, ids: set[str]) -> Counter[tuple[int, int]]:
    """(copy of the citing cable, copy of the cited one) of the references to stored cables."""
    return Counter((_copy(a), _copy(b)) for a, b in store.cited(ids) if b in ids)


def test_citation_graph_keeps_its_shape(pages_db: SqliteStore, cables: dict[str, Cable]) -> None:
    resolved = _resolved(pages_db, set(cables))
    assert resolved[(0, 0)] > 20
    assert resolved == Counter({(0, 0): resolved[(0, 0)], (1, 1): resolved[(0, 0)]})


def test_csv_holds_the_same_cables(
    csv_db: SqliteStore, pages_db: SqliteStore, cables: dict[str, Cable]
) -> None:
    from_csv = {cable.id: cable for cable in csv_db.iter_cables()}
    assert set(from_csv) == set(cables)
    assert csv_db.problems() == []
    assert _resolved(csv_db, set(from_csv)) == _resolved(pages_db, set(cables))
    for cid in _source_ids():
        original, copy = from_csv[cid], from_csv[renumber_id(cid, 1)]
        _same_but_renumbered(original.raw, copy.raw)
        assert cables[cid].raw.endswith(original.raw)
        assert original.header == cables[cid].header


def test_copy_zero_is_the_page_itself() -> None:
    for name, data in corpus_pages(every=50):
        page = template(name, data)
        assert page is not None and page.unmapped == 0
        assert page.page_bytes(0) == data
        assert page.page_name(1) == name.replace(page.cable_id, renumber_id(page.cable_id, 1))


_PIECES = st.sampled_from(
    ["&#x000A;", "\n", "\r\n", "\r", "<br>", "<br />", "<a href='#p1'>", "</a>", "<b>", "&amp;"]
    + ["&#182;", "&lt;", "&bogus", "<", ">", "&", " ", "MEXICO", "000083", "REF: A.", "7"]
)


@given(st.lists(_PIECES, max_size=30))
def test_decoding_maps_back_to_the_page(pieces: list[str]) -> None:
    fragment = "".join(pieces)
    decoded = decode(fragment)
    assert decoded is None or decoded.text == _markup.decode_pre(fragment)
    if decoded is None:
        return
    for text_at, fragment_at, length in decoded.runs:
        assert (
            decoded.text[text_at : text_at + length] == fragment[fragment_at : fragment_at + length]
        )


# Pages where a copy is easy to get wrong: a REF block that a run of blank lines cuts short
# in the raw text (05THEHAGUE2651) or that runs on past the head (06TEGUCIGALPA526), an
# excerpt whose last citation is cut short by "..." (07LIMA2129, 09QUITO1009), page
# headers inside a REF block (05NEWDELHI9127), a padded number line and page headers
# (10MEXICO202), the dump's own fields at the top of the body (10MEXICO202).
HARD = {
    "05THEHAGUE2651",
    "06TEGUCIGALPA526",
    "07LIMA2129",
    "09QUITO1009",
    "05NEWDELHI9127",
    "10MEXICO202",
}


def _reading(name: str, data: bytes) -> Cable:
    found = next(iter(HtmlReader().extract(Input.from_bytes(name, data))))
    assert isinstance(found, tuple)
    return build_cable(*found)


def test_hard_pages_read_the_same_in_a_copy() -> None:
    seen = set()
    for name, data in source_pages(CORPUS_TAR):
        if name.rsplit("/", 1)[1].removesuffix(".html") not in HARD:
            continue
        page = template(name, data)
        assert page is not None
        seen.add(page.cable_id)
        original = _reading(name, data)
        for copy in (1, 36):
            copied = _reading(page.page_name(copy), page.page_bytes(copy))
            assert copied.id == renumber_id(original.id, copy)
            assert [ref.id for ref in copied.references] == [
                renumber_id(ref.id, copy) if ref.id else None for ref in original.references
            ]
            moved = DIGITS.sub(lambda m: str(int(m.group()) % STRIDE), copied.text)
            assert moved == DIGITS.sub(lambda m: str(int(m.group()) % STRIDE), original.text)
    assert seen == HARD
