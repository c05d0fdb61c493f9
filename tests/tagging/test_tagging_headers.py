"""Header-zone rules act only inside a detected cable header: real cable headers (examples/,
the gold set) are found and still cleaned; news (CoNLL-2003 valid) and all-caps cable bodies
(History Lab), read from ../shared at test time, keep their entities."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.evaluation.conll import read_conll
from cablescope.evaluation.documents import GoldDocument
from cablescope.evaluation.historylab import read_historylab
from cablescope.model import Cable, Mention
from cablescope.pipeline.process import process_input
from cablescope.tagging.headers import find_headers
from cablescope.tagging.rules import CableRules
from cablescope.tagging.zones import find_zones, overlaps
from tests.conftest import EXAMPLES, SHARED

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD = sorted((ROOT / "evaluation" / "cable-gold").glob("*[0-9].txt"))
CONLL_VALID = SHARED / "ner" / "conll2003" / "valid.txt"
HISTORYLAB = SHARED / "ner" / "historylab" / "train"
RULES = CableRules()

needs_conll = pytest.mark.skipif(not CONLL_VALID.is_file(), reason="CoNLL-2003 valid absent")
needs_historylab = pytest.mark.skipif(not HISTORYLAB.is_dir(), reason="History Lab absent")

DATELINE = re.compile(r"(?m)^[A-Z][A-Za-z .,'-]+ \d{4}-\d\d-\d\d$")
NUMBER = re.compile(r"[\d.,/-]*\d[\d.,/-]*")


def table_row(line: str) -> bool:
    """A row of a table or a result line: a name first, then at least as many numbers as
    words."""
    words = line.split()
    numbers = sum(1 for w in words if NUMBER.fullmatch(w))
    return bool(words) and words[0][0].isupper() and 2 * numbers >= len(words) >= 2


def example_cables() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for folder in ("body", "html", "telegram", "plusd", "annotated"):
        for path in sorted((EXAMPLES / folder).iterdir()):
            cable = process_input(path.name, path.read_bytes())[0]
            assert isinstance(cable, Cable)
            found.append((f"{folder}/{path.name}", cable.text))
    return found


EXAMPLE_CABLES = example_cables()


def gold_mentions(document: GoldDocument, start: int = 0, end: int | None = None) -> list[Mention]:
    """The gold entities of ``document.text[start:end]`` as mentions of that excerpt."""
    stop = len(document.text) if end is None else end
    return [
        Mention(e.start - start, e.end - start, e.type, e.text, "gold")
        for e in document.entities
        if start <= e.start and e.end <= stop
    ]


@pytest.fixture(scope="module")
def conll() -> list[GoldDocument]:
    if not CONLL_VALID.is_file():
        pytest.skip("CoNLL-2003 valid absent")
    return list(read_conll(CONLL_VALID))


@pytest.mark.parametrize("name,text", EXAMPLE_CABLES, ids=[n for n, _ in EXAMPLE_CABLES])
def test_example_headers_are_found_from_the_top(name: str, text: str) -> None:
    headers = find_headers(text)
    assert headers and headers[0][0] == 0
    head = text[: headers[0][1]]
    for label in ("E.O.", "TAGS", "SUBJECT"):
        if label in text[:1500]:
            assert label in head, label
    assert "¶1." not in head and "\n1. " not in head


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_header_rules_still_clean_gold_cable_headers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    line = re.search(
        r"(?:SECRET|CONFIDENTIAL|UNCLAS)(?: SECTION \d+ OF \d+)? ([A-Z ]+?) \d{3,6}\b", text
    )
    tags = re.search(r"TAGS:? ([A-Z]{2,6})", text)
    assert line is not None and tags is not None
    post = Mention(line.start(1), line.end(1), "LOC", line.group(1), "test")
    code = Mention(tags.start(1), tags.end(1), "ORG", tags.group(1), "test")
    assert CableRules(add=False).apply(text, [post, code]) == []


@needs_conll
def test_news_has_no_cable_header_and_no_zone_on_an_entity(conll: list[GoldDocument]) -> None:
    for document in conll:
        assert find_headers(document.text) == [], document.id
        zones = find_zones(document.text)
        assert not [e for e in document.entities if overlaps(zones, e.start, e.end)], document.id


def runs(text: str, size: int) -> list[tuple[int, int]]:
    """Runs of up to ``size`` consecutive table rows: excerpts."""
    found: list[tuple[int, int]] = []
    at, run = 0, 0
    for line in text.split("\n"):
        end = at + len(line)
        if table_row(line):
            if run % size:
                found[-1] = (found[-1][0], end)
            else:
                found.append((at, end))
            run += 1
        else:
            run = 0
        at = end + 1
    return found


@needs_conll
def test_datelines_keep_their_places(conll: list[GoldDocument]) -> None:
    """``LONDON 1996-08-30`` under a headline, with the story's first sentence after it."""
    seen = 0
    for document in conll:
        text = document.text
        for line in DATELINE.finditer(text):
            start = text.rfind("\n", 0, line.start() - 1) + 1
            end = text.find("\n", line.end() + 1)
            end = len(text) if end < 0 else end
            kept = set(RULES.apply(text[start:end], gold_mentions(document, start, end)))
            for m in gold_mentions(document, line.start(), line.end()):
                place = Mention(m.start + line.start() - start, m.end + line.start() - start,
                                m.type, m.text, "gold")  # fmt: skip
                assert place in kept, text[start:end]
                seen += 1
    assert seen > 150


@needs_conll
def test_sports_tables_keep_their_teams(conll: list[GoldDocument]) -> None:
    """Tables and results (``Southend 1 Swindon 3``, ``NEW YORK 75 59 .560``), six rows at a
    time: every team in them stays as it is."""
    seen = 0
    for document in conll:
        for start, end in runs(document.text, 6):
            mentions = gold_mentions(document, start, end)
            excerpt = document.text[start:end]
            assert RULES.apply(excerpt, mentions) == mentions, excerpt
            seen += len(mentions)
    assert seen > 400


@needs_historylab
def test_all_caps_bodies_keep_names_with_for() -> None:
    """History Lab cables are bodies without a header: ``DIRECTORATE FOR EXTERNAL AFFAIRS``
    is not an addressee line because it is all caps."""
    seen = 0
    for document in read_historylab(HISTORYLAB):
        if find_headers(document.text):
            continue
        zones = find_zones(document.text)
        for e in document.entities:
            if " FOR " in e.text:
                assert not overlaps(zones, e.start, e.end), e.text
                seen += 1
    assert seen >= 3


NAMES = (
    ("LONDON", "LOC"),
    ("Southend", "ORG"),
    ("NEW YORK", "LOC"),
    ("GROMYKO", "PER"),
    ("Baker", "PER"),
    ("ORGANIZATION FOR ECONOMIC COOPERATION", "ORG"),
    ("KUWAIT", "LOC"),
)
FILLERS = (
    " 1996-08-30",
    " 2 Swindon 3",
    " 75 59 .560",
    " 20 YEARS BEFORE",
    " SAID THAT REF. C PASS TO",
    " FOR STATE FOR",
    ", 1974 ",
    "; ",
    "\n",
    "\nSecretary of State ",
    "\n12 ",
)


@settings(max_examples=200)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(FILLERS)), max_size=12))
def test_without_a_header_header_rules_change_nothing(
    pieces: list[tuple[tuple[str, str], str]],
) -> None:
    text = ""
    mentions: list[Mention] = []
    for (name, kind), filler in pieces:
        if text and not text[-1].isspace():
            text += " "
        mentions.append(Mention(len(text), len(text) + len(name), kind, name, "test"))
        text += name + filler
    assert find_headers(text) == []
    assert RULES.apply(text, mentions) == mentions


@settings(max_examples=100)
@given(st.lists(st.sampled_from(FILLERS + tuple(n for n, _ in NAMES)), max_size=20).map("".join))
def test_a_header_stops_at_the_first_paragraph(body: str) -> None:
    header = GOLD[0].read_text(encoding="utf-8").split("¶1.", 1)[0]
    body = "¶1. (C) " + body
    text = header + body
    shift = len(header)
    assert find_headers(text) == [(0, find_headers(text)[0][1])]
    assert find_headers(text)[0][1] <= shift
    inside = [(s - shift, e - shift) for s, e in find_zones(text) if s >= shift]
    assert inside == find_zones(body)


def test_a_tie_goes_to_per_in_a_cable_and_stays_in_news() -> None:
    """Consistency: a cable's surname tagged once PER, once LOC is PER throughout; in news
    (no header) each reading stays, as ``Seattle`` is a team in one line, a city in the next."""
    cable = dict(EXAMPLE_CABLES)["body/09MEXICO2882.txt"]
    first = cable.index("Alcantara")
    second = cable.index("Alcantara", first + 1)
    tie = [
        Mention(first, first + 9, "PER", "Alcantara", "test"),
        Mention(second, second + 9, "LOC", "Alcantara", "test"),
    ]
    assert {m.type for m in RULES.apply(cable, tie) if m.text == "Alcantara"} == {"PER"}
    news = "Seattle 9 Baltimore 6\nIn Seattle , Pete Incaviglia hit a grand slam ."
    split = [
        Mention(0, 7, "ORG", "Seattle", "test"),
        Mention(25, 32, "LOC", "Seattle", "test"),
        Mention(10, 19, "ORG", "Baltimore", "test"),
        Mention(35, 50, "PER", "Pete Incaviglia", "test"),
    ]
    assert RULES.apply(news, split) == sorted(split, key=lambda m: m.start)
