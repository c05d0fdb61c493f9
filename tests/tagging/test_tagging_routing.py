"""Routing material is never an entity, whichever tagger found it; names that look alike stay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.model import Annotation, Cable, Mention
from cablescope.pipeline.process import process_input
from cablescope.tagging.imported import ImportedTagger
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.routed import RoutedTagger, in_capitals
from cablescope.tagging.routing import is_routing, without_routing
from cablescope.tagging.rules import CableRules
from tests.conftest import SHARED, corpus_pages

ROUTING = (
    "RUEHHO RUEHMC",
    "DE RUEHPE",
    "RUEHC/SECSTATE WASHDC",
    "RHEHNSC",
    "RUMIAAA/USCINCSO MIAMI FL",
    "VZCZCXRO1096",
    "ZNY CCCCC ZZH",
    "ZNR UUUUU",
    "P 281848Z DEC 66",
    "O R 011530Z",
    "PP RUEHWEB",
)
NAMES = (
    "RUSSIA",
    "Russian Federation",
    "Russell Frisbie",
    "RUEDA",
    "Rumi",
    "RUMINT",
    "RURAL",
    "Rhonda Shore",
    "RUBIN",
    "Alan Garcia",
    "DEA",
    "ZNY",
    "G8",
    "1848 Z",
)


def test_routing_tokens() -> None:
    for text in ROUTING:
        assert is_routing(text), text
    for text in NAMES:
        assert not is_routing(text), text


def _mention(text: str, needle: str, kind: str) -> Mention:
    start = text.index(needle)
    return Mention(start, start + len(needle), kind, needle, "test")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=4),
    st.sampled_from(ROUTING),
    st.booleans(),
)
def test_a_mention_goes_exactly_when_it_holds_routing(
    words: list[str], token: str, inserted: bool
) -> None:
    parts = [*words[:1], token, *words[1:]] if inserted else words
    text = " ".join(parts)
    mention = Mention(0, len(text), "ORG", text, "test")
    assert without_routing([mention]) == ([] if inserted else [mention])


@pytest.fixture(scope="module")
def lima() -> Cable:
    """08LIMA1348 as the corpus gives it: its raw body holds the record and its header."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    for name, data in corpus_pages():
        if name.endswith("/08LIMA1348.html"):
            (cable,) = process_input(name, data)
            assert isinstance(cable, Cable)
            return cable
    raise AssertionError("08LIMA1348 is not in the corpus")


@pytest.mark.corpus
def test_rules_drop_the_routing_mentions_of_lima_1348(lima: Cable) -> None:
    raw = lima.raw
    found = [
        _mention(raw, "RUEHHO RUEHMC", "PER"),
        _mention(raw, "DE RUEHPE", "ORG"),
        _mention(raw, "Alan Garcia", "PER"),
    ]
    kept = CableRules().apply(raw, found)
    assert "Alan Garcia" in {m.text for m in kept}
    assert not any(is_routing(m.text) for m in kept)


@pytest.mark.corpus
def test_imported_marks_drop_routing(lima: Cable) -> None:
    raw = lima.raw
    marks = tuple(
        Annotation(m.start, m.end, m.type, m.text, "marks.txt")
        for m in (_mention(raw, "RUEHHO RUEHMC", "PER"), _mention(raw, "Alan Garcia", "PER"))
    )
    cable = Cable(id=lima.id, text=raw, raw=raw, annotations=marks)
    (found,) = ImportedTagger([cable]).tag([raw])
    assert [m.text for m in found] == ["Alan Garcia"]


@pytest.mark.corpus
def test_the_model_reads_the_header_as_names_and_the_tagger_drops_them(lima: Cable) -> None:
    tagger = get_tagger("cablescope")
    head = lima.raw[: lima.raw.index("header ends")]
    assert isinstance(tagger, RoutedTagger) and not in_capitals(head)
    ents = {ent.text for ent in tagger.cased._nlp(head).ents}  # type: ignore[attr-defined]
    assert "RUEHHO RUEHMC" in ents
    (found,) = tagger.tag([lima.raw])
    assert found and not any(is_routing(m.text) for m in found)
    # The repaired text holds no routing at all.
    (on_text,) = tagger.tag([lima.text])
    assert on_text and not is_routing(lima.text)
