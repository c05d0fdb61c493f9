"""Every one of the 6,712 Cablegate pages must come out right, with nothing in problems.

Independent truth comes from parts of the page that cablescope's reader does not
use for these fields: the file name (id); the page's metadata table (origin,
classification, and the Created time, which must agree with the chosen date
within a day, or else be the date-time group of the page's routing header, since
the cable's own stamp is what the record prefers); and the page title
``Viewing cable ID, SUBJECT`` (WikiLeaks' own subject, cut at about 80
characters, empty when the cable has no SUBJECT line). TAGS must be present and
well formed on every page whose body has a TAGS line.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

import pytest

from cablescope.grammar.ids import normalise_id
from cablescope.model import Cable
from cablescope.pipeline.ingest import ingest
from cablescope.store.sqlite import SqliteStore
from tests.conftest import CORPUS_TAR, corpus_pages, needs_shared

TABLE_CELL = re.compile(rb"<td>\s*<a[^>]*>([^<]*)</a>\s*</td>")
TITLE = re.compile(rb"<h3>Viewing cable [^,<]*,([^<]*)</h3>")
TAG_CODE = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")
TAGS_LINE = re.compile(r"^\s*TAGS\b", re.M)
DTG = re.compile(rb"<pre>[^<]*?\b(\d\d)(\d\d)(\d\d)Z ([A-Z]{3}) (\d\d)\b")
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()

# Pages whose title is wrong where the body's SUBJECT line is right (checked by hand):
# the title holds text from another field, or lost words to the site's own cut.
BAD_TITLES = {
    "06TRIPOLI498": "title holds the distribution line",
    "08REYKJAVIK37": "title holds a sentence of paragraph 2",
    "09TRIPOLI795": "title holds a paragraph of the body",
}


def _dtg(page: bytes) -> datetime | None:
    """The date-time group of the page's routing header, read with a plain regex."""
    m = DTG.search(page)
    if m is None or m.group(4).decode() not in MONTHS:
        return None
    day, hour, minute, month, yy = m.groups()
    year = int(yy) + (1900 if int(yy) >= 66 else 2000)
    month_no = MONTHS.index(month.decode()) + 1
    return datetime(year, month_no, int(day), int(hour), int(minute))


def _title_words(title: str) -> list[str]:
    title = re.sub(r"^\s*\w+>", "", html.unescape(title))  # markup debris: "strong> ..."
    return _words(re.sub(r"\S*\.\.\.\s*$", "", title))  # the site's cut: "FOR ATT..."


def _words(text: str) -> list[str]:
    text = text.replace("\u2019", "'").casefold()
    text = re.sub(r",(s|ll|t)\b", r"\1", text)
    return re.findall(r"[a-z0-9]+", text.replace("'", ""))


def _subject_ok(cable: Cable, title: str) -> bool:
    if not title.strip():
        return True
    ours, theirs = _words(cable.subject or ""), _title_words(title)
    if not theirs:
        return True
    k = min(len(ours), len(theirs), 6)
    return k > 0 and ours[:k] == theirs[:k]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    store = SqliteStore.open(str(db))
    summary = ingest([str(CORPUS_TAR)], store)
    assert summary.rejected == 0, summary.problems[:5]
    return store


@needs_shared
@pytest.mark.slow
def test_every_page_comes_out_right(corpus_store: SqliteStore) -> None:
    wrong: dict[str, list[str]] = {}
    seen = 0
    for name, page in corpus_pages():
        seen += 1
        ref, created, _released, classification, origin = (
            c.decode().strip() for c in TABLE_CELL.findall(page)[:5]
        )
        assert Path(name).stem == ref
        title_match = TITLE.search(page)
        title = title_match.group(1).decode() if title_match else ""
        cable = corpus_store.get_cable(normalise_id(ref) or ref)
        if cable is None:
            wrong.setdefault("missing", []).append(ref)
            continue
        got = datetime.fromisoformat((cable.date or "1900-01-01")[:16])
        has_tags = bool(TAGS_LINE.search(cable.text))
        checks = {
            "id": cable.id == normalise_id(ref) and (cable.published_id or ref) == ref,
            "date": abs((got - datetime.fromisoformat(created)).total_seconds()) <= 86400
            or got == _dtg(page),
            "origin": cable.origin == origin,
            "classification": cable.classification == classification,
            "tags": all(TAG_CODE.match(t.code) for t in cable.tags)
            and (bool(cable.tags) or not has_tags),
            "subject": ref in BAD_TITLES or _subject_ok(cable, title),
        }
        for field, ok in checks.items():
            if not ok:
                wrong.setdefault(field, []).append(ref)
    assert seen == 6712
    assert corpus_store.count() == 6712
    assert not corpus_store.problems()
    assert not wrong, {k: (len(v), v[:15]) for k, v in wrong.items()}


TAG_LINK = re.compile(rb"href='/tag/([^_']+)_0\.html'")
# The reveal copy of 00HARARE6677 holds the body of 00HARARE5461, so its tag links
# belong to another cable.
FOREIGN_BODY = {"00HARARE6677"}


@needs_shared
@pytest.mark.slow
def test_tags_hold_every_code_wikileaks_linked(corpus_store: SqliteStore) -> None:
    """An older template of the site linked each TAGS code (the reveal copies keep those
    links): every linked code must be among the record's tags. The site split some codes
    (``ZANU-PF`` into ZANU and PF) and lost the second line of wrapped TAGS, so the check
    is one of inclusion."""
    import tarfile

    from cablescope.grammar.tags import table
    from tests.conftest import REVEAL_TAR

    known = table()
    checked, missing = 0, {}
    with tarfile.open(REVEAL_TAR, "r|gz") as tar:
        for member in tar:
            if not (member.isfile() and member.name.startswith("cables/")):
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            links = {code.decode().upper() for code in TAG_LINK.findall(handle.read())}
            cable_id = Path(member.name).stem
            if not links or cable_id in FOREIGN_BODY:
                continue
            cable = corpus_store.get_cable(cable_id)
            assert cable is not None
            ours = {t.code for t in cable.tags}
            ours |= {part for code in ours for part in code.split("-")}
            # links that are codes by shape or by the TAGS table, not words such as RIGHTS
            lost = {c for c in links if len(c) <= 4 or c in known} - ours
            checked += 1
            if lost:
                missing[cable_id] = sorted(lost)
    assert checked == 2438
    assert not missing
