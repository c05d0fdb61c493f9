"""The cable training set: marks that hold on the corpus texts as ingest reads them, apart
from the gold set, and that survive a changed text without moving onto wrong words."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.evaluation.cables import read_cable_gold
from cablescope.evaluation.cabletrain import read_cable_train, read_marks, realign, text_digest
from cablescope.evaluation.documents import GoldEntity
from cablescope.model import ENTITY_TYPES
from tests.conftest import CORPUS_TAR, needs_shared

MARKS = read_marks()


def test_the_set_is_large_and_spread_over_posts_and_decades() -> None:
    assert len(MARKS) >= 150
    assert len({m.id for m in MARKS}) == len(MARKS)
    decades = Counter(m.id[:1] for m in MARKS)
    assert (
        decades["0"]
        and decades["1"]
        and (decades["6"] + decades["7"] + decades["8"] + decades["9"])
    )
    posts = {m.id[2:].rstrip("0123456789") for m in MARKS}
    assert len(posts) >= 100


def test_no_cable_of_the_gold_set_is_trained_on() -> None:
    assert not {m.id for m in MARKS} & {d.id for d in read_cable_gold()}


def test_entities_are_typed_ordered_and_apart() -> None:
    for m in MARKS:
        assert m.entities, m.id
        for a, b in zip(m.entities, m.entities[1:], strict=False):
            assert a.end <= b.start, (m.id, a, b)
        for e in m.entities:
            assert e.type in ENTITY_TYPES and e.text == e.text.strip() and e.text, (m.id, e)
            assert "XXXXXX" not in e.text


@needs_shared
def test_marks_hold_on_the_corpus_as_ingest_reads_it() -> None:
    documents = {d.id: d for d in read_cable_train(CORPUS_TAR)}
    assert set(documents) == {m.id for m in MARKS}
    caps = 0
    for m in MARKS:
        document = documents[m.id]
        assert text_digest(document.text) == m.sha256, f"{m.id}: the text changed; realigned"
        assert document.entities == m.entities
        for e in document.entities:
            assert document.text[e.start : e.end] == e.text
        letters = [c for c in document.text if c.isalpha()]
        caps += sum(c.isupper() for c in letters) > 0.9 * len(letters)
    assert caps >= 40


WORD = st.text(alphabet="abcdefgh ", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.tuples(WORD, st.sampled_from(["Chavez", "Lima", "PGR", "Quito"])), min_size=1, max_size=8
    ),  # fmt: skip
    edits=st.lists(
        st.tuples(st.integers(0, 200), st.sampled_from(["", "x", "\n ", "yy"])), max_size=4
    ),  # fmt: skip
)
def test_realigned_entities_sit_on_their_own_words(
    parts: list[tuple[str, str]], edits: list[tuple[int, str]]
) -> None:
    """Text inserted into a marked text (a repair that adds or removes characters) moves
    the entities with their words; none lands on other text, and none present is lost."""
    text, entities = "", []
    for filler, name in parts:
        text += filler
        entities.append(GoldEntity(len(text), len(text) + len(name), "LOC", name))
        text += name + " "
    changed = text
    for at, insert in sorted(edits, reverse=True):
        at = min(at, len(changed))
        if any(e.start < at < e.end for e in entities):
            continue
        changed = changed[:at] + insert + changed[at:]
    found = realign(changed, tuple(entities))
    for e in found:
        assert changed[e.start : e.end] == e.text
    assert [e.text for e in found] == [e.text for e in entities]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
