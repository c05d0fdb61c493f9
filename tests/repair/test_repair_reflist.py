"""REF list letters lose the ``¶`` the pages put before them; paragraphs keep theirs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.grammar.header import parse_body, reference_spans
from cablescope.repair import repair
from cablescope.repair.reflist import RULE, ref_letter_edits
from tests.repair.common import applied, assert_consistent

HEAD = "C O N F I D E N T I A L LIMA 001348 \n \nSUBJECT: PRESIDENT GARCIA AT TWO YEARS \n \n"
TAIL = " \n \nClassified By: Amb. P Michael McKinley for reasons 1.4b and d. \n \n¶1. (C) Text."


def test_letters_on_their_own_lines() -> None:
    # 08LIMA1348.
    raw = HEAD + "REF: A. LIMA 389 \n     ¶B. LIMA 1191 \n     ¶C. LIMA 1081" + TAIL
    edits = ref_letter_edits(raw)
    assert [e.rule for e in edits] == [RULE, RULE]
    text = applied(raw, edits)
    assert "REF: A. LIMA 389 \n     B. LIMA 1191 \n     C. LIMA 1081" in text
    assert "¶1. (C) Text." in text


def test_letters_on_one_line_and_after_the_label() -> None:
    raw = HEAD + "REF: A. STATE 1234 ¶B. LIMA 1191" + TAIL
    assert "REF: A. STATE 1234 B. LIMA 1191" in applied(raw, ref_letter_edits(raw))
    # 05BRASILIA760: the list starts on the line after the label.
    raw = HEAD + "REF: \n¶A. BRASILIA 564 \n¶B. BRASILIA 574" + TAIL
    assert "REF: \nA. BRASILIA 564 \nB. BRASILIA 574" in applied(raw, ref_letter_edits(raw))


def test_repeated_and_lower_case_letters() -> None:
    # 05PARIS676 and 08STATE15220.
    raw = HEAD + "REF: A. (A) PARIS 521 \n\n¶B. (B) PARIS 278" + TAIL
    assert "\n\nB. (B) PARIS 278" in applied(raw, ref_letter_edits(raw))
    raw = HEAD + "Ref: a. 05 state 201650\n\n¶B. 05 berlin 3726\nc. 05 state 211408" + TAIL
    assert "\n\nB. 05 berlin 3726" in applied(raw, ref_letter_edits(raw))


def test_lettered_paragraphs_keep_their_mark() -> None:
    # A lettered paragraph with a marking after a REF block, and REF as a word of prose
    # (09PESHAWAR41: "keyed to questions in Reftel.").
    raw = HEAD + "REF: STATE 1234" + " \n \n¶A. (C) The Embassy asked." + TAIL
    assert ref_letter_edits(raw) == []
    raw = HEAD + "Responses are keyed to questions in Reftel. \n\n(U) Topics\n\n¶A. Yes." + TAIL
    assert ref_letter_edits(raw) == []


def test_references_read_the_same() -> None:
    raw = HEAD + "REF: A. LIMA 389 \n     ¶B. LIMA 1191 \n     ¶C. LIMA 1081" + TAIL
    text = repair(raw).text
    assert parse_body(text).references == ("REF: A. LIMA 389 B. LIMA 1191 C. LIMA 1081",)
    assert [text[s:e].split()[0] for s, e in reference_spans(text)] == ["REF:"]


_ITEMS = st.lists(
    st.tuples(
        st.sampled_from(["LIMA 389", "STATE 12345", "09 MEXICO 2650", "BOGOTA 0401 (NOTAL)"]),
        st.booleans(),
        st.sampled_from([" ", " \n", " \n     ", " \n\n"]),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(_ITEMS, st.sampled_from(["REF: ", "REFS: ", "REF:\n"]))
def test_only_the_marks_before_list_letters_go(
    items: list[tuple[str, bool, str]], label: str
) -> None:
    parts = []
    for i, (cable, marked, gap) in enumerate(items):
        parts.append(("¶" if marked and i else "") + f"{chr(65 + i)}. {cable}{gap}")
    block = label + "".join(parts).rstrip()
    raw = HEAD + block + TAIL
    once = repair(raw)
    assert_consistent(once)
    assert repair(once.text).text == once.text
    # Every mark in the list went, and nothing else did: the paragraph keeps its ¶.
    assert applied(raw, ref_letter_edits(raw)) == HEAD + block.replace("¶", "") + TAIL
