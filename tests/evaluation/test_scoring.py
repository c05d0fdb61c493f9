"""The scorer: exact and overlap matching, each gold entity matched once, the report forms."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cablescope.evaluation import GoldDocument, GoldEntity, Scores, score
from cablescope.model.mention import ENTITY_TYPES, Mention

TEXT = "Keith Mines met PGR officials in Ciudad Juarez."
GOLD = GoldDocument(
    "d1",
    TEXT,
    (
        GoldEntity(0, 11, "PER", "Keith Mines"),
        GoldEntity(16, 19, "ORG", "PGR"),
        GoldEntity(33, 46, "LOC", "Ciudad Juarez"),
    ),
    all_caps=False,
)


def m(start: int, end: int, kind: str) -> Mention:
    return Mention(start, end, kind, TEXT[start:end], "test")


def test_exact_match_needs_span_and_type() -> None:
    s = score([GOLD], {"d1": [m(0, 11, "PER"), m(16, 19, "LOC"), m(40, 46, "LOC")]})
    assert (s.counts("PER").tp, s.counts("PER").fp, s.counts("PER").fn) == (1, 0, 0)
    assert (s.counts("LOC").tp, s.counts("LOC").fp, s.counts("LOC").fn) == (0, 2, 1)
    assert (s.counts("ORG").tp, s.counts("ORG").fn) == (0, 1)
    assert s.micro.tp == 1 and s.micro.fp == 2 and s.micro.fn == 2
    assert abs(s.precision - 1 / 3) < 1e-9 and abs(s.recall - 1 / 3) < 1e-9


def test_overlap_counts_a_partly_found_name() -> None:
    s = score([GOLD], {"d1": [m(6, 11, "PER"), m(40, 46, "LOC")]}, overlap=True)
    assert s.micro.tp == 2 and s.micro.fp == 0 and s.micro.fn == 1


def test_each_gold_entity_is_matched_once() -> None:
    twice = [m(0, 5, "PER"), m(6, 11, "PER")]
    s = score([GOLD], {"d1": twice}, overlap=True)
    assert (s.counts("PER").tp, s.counts("PER").fp) == (1, 1)
    s = score([GOLD], {"d1": [m(0, 11, "PER"), m(0, 11, "PER")]})
    assert (s.counts("PER").tp, s.counts("PER").fp) == (1, 1)


def test_overlap_still_needs_the_type() -> None:
    s = score([GOLD], {"d1": [m(0, 11, "ORG")]}, overlap=True)
    assert s.micro.tp == 0 and s.counts("ORG").fp == 1 and s.counts("PER").fn == 1


def test_empty_predictions_score_zero_without_dividing_by_zero() -> None:
    s = score([GOLD], {})
    assert s.micro.fn == 3 and s.precision == 0.0 and s.recall == 0.0 and s.f1 == 0.0
    assert score([], {}).f1 == 0.0


def test_unknown_predicted_type_is_a_micro_false_positive() -> None:
    s = score([GOLD], {"d1": [m(0, 11, "DATE")]})
    assert s.other_fp == 1 and s.micro.fp == 1


def test_a_callable_tags_each_document() -> None:
    s = score([GOLD], lambda doc: [m(e.start, e.end, e.type) for e in doc.entities])
    assert s.f1 == 1.0 and s.documents == 1


def test_table_and_dict() -> None:
    s = score([GOLD], {"d1": [m(0, 11, "PER")]})
    table = s.table().splitlines()
    assert table[0] == "| type | P | R | F1 | support |"
    assert [row.split(" | ")[0].strip("| ") for row in table[2:]] == [*ENTITY_TYPES, "micro"]
    assert "| PER | 100.0 | 100.0 | 100.0 | 1 |" in table
    data = s.to_dict()
    assert data["micro"]["tp"] == 1 and data["micro"]["support"] == 3
    assert set(data) == {*ENTITY_TYPES, "micro"}


@st.composite
def documents(draw: st.DrawFn) -> GoldDocument:
    text = draw(st.text(alphabet="ab ", min_size=1, max_size=60))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=10)))
    entities = tuple(
        GoldEntity(a, b, draw(st.sampled_from(ENTITY_TYPES)), text[a:b])
        for a, b in zip(cuts[::2], cuts[1::2], strict=False)
        if a < b
    )
    return GoldDocument(draw(st.text(min_size=1, max_size=5)), text, entities, False)


@given(st.lists(documents(), max_size=5, unique_by=lambda d: d.id), st.booleans())
def test_gold_against_itself_is_perfect(docs: list[GoldDocument], overlap: bool) -> None:
    own = {
        d.id: [Mention(e.start, e.end, e.type, e.text, "gold") for e in d.entities] for d in docs
    }
    s = score(docs, own, overlap=overlap)
    total = sum(len(d.entities) for d in docs)
    assert s.micro.tp == total and s.micro.fp == 0 and s.micro.fn == 0
    assert s.f1 == (1.0 if total else 0.0)


@given(st.lists(documents(), max_size=4, unique_by=lambda d: d.id), st.data())
def test_scores_never_raise_and_stay_in_range(
    docs: list[GoldDocument], data: st.DataObject
) -> None:
    predicted = {
        d.id: [
            Mention(a, a + n, data.draw(st.sampled_from(ENTITY_TYPES)), "", "x")
            for a, n in data.draw(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 9))))
        ]
        for d in docs
    }
    for overlap in (False, True):
        s = score(docs, predicted, overlap=overlap)
        assert isinstance(s, Scores)
        for value in (s.precision, s.recall, s.f1):
            assert 0.0 <= value <= 1.0
        assert s.micro.support == sum(len(d.entities) for d in docs)
