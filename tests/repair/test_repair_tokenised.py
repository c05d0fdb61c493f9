"""The annotated variant: marks leave the text, spacing turns natural, every mark survives."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablescope.repair import find_marks, marks_on_text, repair
from cablescope.repair.detokenise import detokenise_edits
from tests.repair.common import EXAMPLES, applied, assert_consistent, body_of


def detok(text: str) -> str:
    return applied(text, detokenise_edits(text))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("¶1 . \n( C ) Summary: At a dinner", "¶1. (C) Summary: At a dinner"),
        ("reasons 1.5 ( b ) ( d ) ", "reasons 1.5 (b) (d) "),
        ('" We have 18 months , " he said', '"We have 18 months," he said'),
        ("Visit Mexico City 's Classified Web Site", "Visit Mexico City's Classified Web Site"),
        ("the U.S. 's position ; the DTOs .", "the U.S.'s position; the DTOs."),
        ("END COMMENT . \n) ¶4 . \n( C ) THE MDC", "END COMMENT.) ¶4. (C) THE MDC"),
        ('" We meet face to face . \n" In keeping with', '"We meet face to face." In keeping with'),
        ('described as " " pussycats " " compared', 'described as ""pussycats"" compared'),
        ("[ Name removed ] said ,", "[Name removed] said,"),
        ("a cyber-unit in Mexico", "a cyber-unit in Mexico"),
    ],
)
def test_detokenise(raw: str, expected: str) -> None:
    assert detok(raw) == expected


def test_find_marks_gives_type_and_inner_span() -> None:
    raw = "Classified By: NAS Director [PER Keith Mines  ] , reasons"
    (mark,) = find_marks(raw)
    assert mark.type == "PER"
    assert raw[mark.start : mark.end] == "[PER Keith Mines  ]"
    assert raw[mark.inner_start : mark.inner_end] == "Keith Mines"


def test_marks_leave_the_text_and_keep_their_span() -> None:
    raw = (
        "Visit [LOC Mexico City  ] 's [ORG Classified Web Site  ] at the [ORG Worker 's Party  ] "
        "( [ORG PSOE  ] ) , said [PER Zapatero  ] , s aide ."
    )
    repaired = repair(raw, tokenised=True)
    assert repaired.text == (
        "Visit Mexico City's Classified Web Site at the Worker's Party (PSOE), said Zapatero's aide."
    )
    spans = marks_on_text(repaired, find_marks(raw))
    assert [(repaired.text[s:e], t) for s, e, t in spans] == [
        ("Mexico City", "LOC"),
        ("Classified Web Site", "ORG"),
        ("Worker's Party", "ORG"),
        ("PSOE", "ORG"),
        ("Zapatero", "PER"),
    ]
    assert_consistent(repaired)


def test_a_mark_on_removed_text_is_left_out() -> None:
    raw = "CONFIDENTIAL PAGE 02 [ORG VATICA  ] 01261 061419Z TO PRESENT A PRO MEMORIA"
    repaired = repair(raw, tokenised=True)
    assert repaired.text == "CONFIDENTIAL TO PRESENT A PRO MEMORIA" or "VATICA" not in repaired.text
    assert marks_on_text(repaired, find_marks(raw)) == []


def test_a_mark_on_rewritten_text_covers_the_rewrite() -> None:
    raw = "[MISC S E C R E T  ] [LOC TUNIS  ] 000193"
    repaired = repair(raw, tokenised=True)
    spans = marks_on_text(repaired, find_marks(raw))
    assert [(repaired.text[s:e], t) for s, e, t in spans] == [("SECRET", "MISC"), ("TUNIS", "LOC")]


def _seed_body(path: Path) -> str:
    return body_of(path.read_text(encoding="utf-8"))


def test_every_mark_of_the_seed_survives(seed_annotated: Path) -> None:
    raw = _seed_body(seed_annotated)
    marks = find_marks(raw)
    assert len(marks) == raw.count("  ]") >= 100
    repaired = repair(raw, tokenised=True)
    assert_consistent(repaired)
    assert "[PER" not in repaired.text and "  ]" not in repaired.text
    spans = marks_on_text(repaired, marks)
    assert len(spans) == len(marks)
    for (start, end, kind), mark in zip(spans, marks, strict=True):
        inner = raw[mark.inner_start : mark.inner_end]
        assert kind == mark.type
        assert repaired.text[start:end] == detok(inner).strip()
        assert start == repaired.to_text(mark.inner_start)
    text = repaired.text
    assert "stitching up the country's damaged international reputation." in text
    assert (
        "Classified By: NAS Director Keith Mines, reasons 1.5 (b) (d) ¶1. (C) Summary: At" in text
    )
    assert "Visit Mexico City's Classified Web Site at" in text


def test_the_seed_is_stable(seed_annotated: Path) -> None:
    once = repair(_seed_body(seed_annotated), tokenised=True).text
    assert repair(once, tokenised=True).text == once
    assert repair(once).text == once


def test_the_annotated_example_matches_its_plain_twin() -> None:
    annotated = EXAMPLES / "annotated" / "09MEXICO2882.txt"
    plain = EXAMPLES / "body" / "09MEXICO2882.txt"
    if not (annotated.is_file() and plain.is_file()):
        pytest.skip("examples/ lacks the 09MEXICO2882 pair")
    ours = repair(body_of(annotated.read_text(encoding="utf-8")), tokenised=True).text
    theirs = repair(body_of(plain.read_text(encoding="utf-8"))).text
    assert " ".join(ours.split()) == " ".join(theirs.split())
