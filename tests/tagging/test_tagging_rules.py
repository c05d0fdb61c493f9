"""CableRules on real cable text: seed 000's imported marks and the gold cables' headers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.model import ENTITY_TYPES, Cable, Mention
from cablescope.pipeline.process import process_input
from cablescope.tagging.imported import cable_mentions
from cablescope.tagging.rules import CableRules

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD = ROOT / "evaluation" / "cable-gold"
RULES = CableRules()


@pytest.fixture(scope="module")
def seed(seed_annotated: Path) -> Cable:
    cable = process_input(seed_annotated.name, seed_annotated.read_bytes())[0]
    assert isinstance(cable, Cable)
    return cable


@pytest.fixture(scope="module")
def fixed(seed: Cable) -> list[Mention]:
    return RULES.apply(seed.text, cable_mentions(seed))


def spans(mentions: list[Mention]) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in mentions}


def at(text: str, needle: str, kind: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Mention(start, start + len(needle), kind, needle, "test")


def test_header_material_removed(seed: Cable, fixed: list[Mention]) -> None:
    before = spans(cable_mentions(seed))
    assert ("DECL:", "LOC") in before and ("Summary: At", "MISC") in before
    assert ("MEXICO", "LOC") in before
    texts = {m.text for m in fixed}
    assert "DECL:" not in texts and "Summary: At" not in texts and "At" not in texts
    assert all(m.start >= seed.text.index("SUBJECT:") for m in fixed)


def test_titles_and_trailing_words(fixed: list[Mention]) -> None:
    found = spans(fixed)
    assert ("Lanny Breuer", "PER") in found
    assert ("Tello Peon", "PER") in found
    assert ("Alcantara", "PER") in found
    assert ("Keith Mines", "PER") in found


def test_signer_is_per(seed: Cable, fixed: list[Mention]) -> None:
    last = max(fixed, key=lambda m: m.start)
    assert (last.text, last.type) == ("PASCUAL", "PER")
    assert last.end == len(seed.text)


def test_possessive_and_punctuation() -> None:
    text = "The plan was taken from Chavez' playbook, said Venetiaan. Mexico City's police."
    out = RULES.apply(text, [at(text, "Chavez'", "PER"), at(text, "Venetiaan.", "PER"),
                             at(text, "Mexico City's", "LOC")])  # fmt: skip
    assert spans(out) >= {("Chavez", "PER"), ("Venetiaan", "PER"), ("Mexico City", "LOC")}


def test_redaction_never_entity() -> None:
    text = "He met XXXXXXXXXXXX and Minister XXXXXXXXXXXX Perez in Lima."
    out = RULES.apply(text, [at(text, "XXXXXXXXXXXX", "ORG"),
                             at(text, "Minister XXXXXXXXXXXX Perez", "PER")])  # fmt: skip
    assert spans(out) == {("Perez", "PER")}


def test_paragraph_markings_and_generic_words() -> None:
    text = "Summary.\n\n¶1. (SBU) The Embassy told the DCM that the Mission agreed.\n"
    marks = [at(text, "SBU", "ORG"), at(text, "Embassy", "ORG"), at(text, "DCM", "ORG"),
             at(text, "Mission", "ORG")]  # fmt: skip
    assert RULES.apply(text, marks) == []


def test_offices_form_labels_and_jargon_are_no_names() -> None:
    text = ("Bot accepted the post of Minister of Foreign Affairs. Start Date: 9/12/2009. "
            "Emboffs and the CODEL met Acting Secretary Clinton at the Attorney General’s "
            "Office.")  # fmt: skip
    marks = [at(text, "Minister of Foreign Affairs", "PER"), at(text, "Date", "PER"),
             at(text, "Emboffs", "PER"), at(text, "CODEL", "ORG"),
             at(text, "Acting Secretary Clinton", "PER"),
             at(text, "Attorney General’s Office", "PER")]  # fmt: skip
    assert spans(RULES.apply(text, marks)) == {("Clinton", "PER")}


def test_acronym_takes_expansion_type_everywhere() -> None:
    text = ("The Defense Bilateral Working Group (DBWG) met. The DBWG agreed; "
            "next DBWG meeting is in May.")  # fmt: skip
    marks = [at(text, "Defense Bilateral Working Group", "ORG"), at(text, "DBWG", "MISC", 1)]
    out = RULES.apply(text, marks)
    assert [(m.text, m.type) for m in out if m.text == "DBWG"] == [("DBWG", "ORG")] * 3


def test_consistency_adds_missed_occurrences() -> None:
    text = "Fituri said no. Later Fituri agreed, and FITURI signed."
    out = RULES.apply(text, [at(text, "Fituri", "PER")])
    assert [m.text for m in out] == ["Fituri", "Fituri", "FITURI"]
    assert {m.type for m in out} == {"PER"}


def test_addressee_lines() -> None:
    text = (GOLD / "09HARARE955.txt").read_text(encoding="utf-8")
    found = spans(RULES.apply(text, []))
    assert {("AF/S", "ORG"), ("B.WALCH", "PER"), ("ADDIS ABABA", "LOC"), ("NSC", "ORG"),
            ("M. GAVIN", "PER"), ("USAID", "ORG"), ("L. DOBBINS", "PER")} <= found  # fmt: skip
    assert not {m for m in found if m[0] in ("STATE", "SIPDIS", "HARARE")}


def test_class_line_post_removed() -> None:
    text = (GOLD / "07TRIPOLI943.txt").read_text(encoding="utf-8")
    out = RULES.apply(text, [at(text, "TRIPOLI", "ORG"), at(text, "DECL:", "LOC")])
    assert all(m.start > 30 for m in out)


TEXTS = [(GOLD / name).read_text(encoding="utf-8")[:1500]
         for name in ("05SANAA923.txt", "07MADRID1805.txt", "08RIYADH1134.txt")]  # fmt: skip


@st.composite
def text_and_mentions(draw: st.DrawFn) -> tuple[str, list[Mention]]:
    text = draw(st.sampled_from(TEXTS))
    mentions: list[Mention] = []
    for _ in range(draw(st.integers(0, 25))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 40)))
        kind = draw(st.sampled_from(ENTITY_TYPES))
        mentions.append(Mention(start, end, kind, text[start:end], "random"))
    return text, mentions


@settings(max_examples=60, deadline=None)
@given(text_and_mentions())
def test_invariants(case: tuple[str, list[Mention]]) -> None:
    text, mentions = case
    out = RULES.apply(text, mentions)
    for m in out:
        assert text[m.start : m.end] == m.text and m.type in ENTITY_TYPES
    for a, b in zip(out, out[1:], strict=False):
        assert a.end <= b.start
    assert RULES.apply(text, out) == out
