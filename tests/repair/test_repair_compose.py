"""Composition of repair steps: edits made on repaired text land on raw offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.model import Edit, RepairedText
from cablescope.repair._compose import compose
from cablescope.repair._offsets import OffsetMap
from cablescope.repair.chain import run_rules


@st.composite
def edits_on(draw: st.DrawFn, text: str, rule: str) -> tuple[Edit, ...]:
    """Non-overlapping edits on ``text``: deletions, insertions and replacements."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    edits: list[Edit] = []
    pos = 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a < pos:
            continue
        replacement = draw(st.sampled_from(["", "x", "YZ", " ", "\n\n"]))
        edits.append(Edit(a, b, replacement, rule))
        pos = b if b > a else a + 1
    return tuple(edits)


@st.composite
def two_steps(draw: st.DrawFn) -> tuple[RepairedText, tuple[Edit, ...]]:
    raw = draw(st.text(alphabet="abc \n", max_size=40))
    first = RepairedText.apply(raw, draw(edits_on(raw, "one")))
    return first, draw(edits_on(first.text, "two"))


def check(result: RepairedText, expected_text: str) -> None:
    assert result.text == expected_text
    assert RepairedText.apply(result.raw, result.edits).text == expected_text
    pos = 0
    for edit in result.edits:
        assert pos <= edit.start <= edit.end <= len(result.raw)
        pos = edit.end


@settings(max_examples=600, deadline=None)
@given(two_steps())
def test_compose_matches_applying_in_sequence(case: tuple[RepairedText, tuple[Edit, ...]]) -> None:
    first, second = case
    expected = RepairedText.apply(first.text, second).text
    check(compose(first, second), expected)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_three_steps(data: st.DataObject) -> None:
    raw = data.draw(st.text(alphabet="ab \n", max_size=30))
    current = RepairedText(raw, raw, ())
    text = raw
    for rule in ("one", "two", "three"):
        step = data.draw(edits_on(current.text, rule))
        text = RepairedText.apply(text, step).text
        current = compose(current, step)
        check(current, text)


def test_merged_edit_names_both_rules() -> None:
    first = RepairedText.apply("ab cd", (Edit(2, 3, "", "mark"),))
    result = compose(first, (Edit(1, 3, "X", "detokenise"),))
    assert result.text == "aXd"
    assert result.edits == (Edit(1, 4, "X", "mark+detokenise"),)


def test_touching_edits_stay_apart() -> None:
    first = RepairedText.apply("[PER Ana  ] 's", (Edit(0, 5, "", "mark"), Edit(8, 11, "", "mark")))
    assert first.text == "Ana 's"
    result = compose(first, (Edit(3, 4, "", "detokenise"),))
    assert result.text == "Ana's"
    assert [e.rule for e in result.edits] == ["mark", "mark", "detokenise"]
    assert result.edits[-1] == Edit(11, 12, "", "detokenise")


@settings(max_examples=300, deadline=None)
@given(two_steps(), st.data())
def test_offset_map_agrees_with_the_model(
    case: tuple[RepairedText, tuple[Edit, ...]], data: st.DataObject
) -> None:
    first, second = case
    result = compose(first, second)
    offsets = OffsetMap(result)
    for raw_at in range(len(result.raw) + 1):
        assert offsets.to_text(raw_at) == result.to_text(raw_at)
    for text_at in range(len(result.text) + 1):
        assert offsets.to_raw(text_at) == result.to_raw(text_at)


def test_run_rules_with_no_rules_is_identity() -> None:
    result = run_rules("body", ())
    assert result.text == "body"
    assert result.edits == ()
