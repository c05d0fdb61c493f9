"""Page-break lines and blank gaps are removed and the text joined across them."""

from __future__ import annotations

import pytest

from cablescope.repair import repair
from cablescope.repair.pagebreaks import blank_run_edits, page_header_edits
from tests.repair.common import applied, fixture


def headers(text: str) -> str:
    return applied(text, page_header_edits(text))


@pytest.mark.parametrize(
    ("name", "joined"),
    [
        ("pagebreak_mexico.txt", "the Business Coordinating Council.  As Secretary"),
        ("pagebreak_backslash.txt", "the Uzbek state has used its power in support"),
        ("pagebreak_u2028.txt", "on renewable energy, energy efficiency"),
        ("pagebreak_inline.txt", "on how to maximize effectiveness of USG"),
        ("pagebreak_truncated_origin.txt", "Venezuelan President Hugo Chavez and"),
        ("pagebreak_old.txt", "AND THE\nRELEASE OF SEVERAL"),
    ],
)
def test_real_page_breaks(name: str, joined: str) -> None:
    raw = fixture(name)
    text = headers(raw)
    assert joined in text
    assert " OF 00" not in text
    assert "PAGE 02" not in text
    assert len(page_header_edits(raw)) == 1


def test_old_page_header_takes_the_classification_lines_with_it() -> None:
    text = headers(fixture("pagebreak_old.txt"))
    assert "CONFIDENTIAL \n \nCONFIDENTIAL" not in text
    assert "¶1.  CONFIDENTIAL - ENTIRE TEXT." in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the origin is found among capitalised words: 06NEWDELHI9527, 09THEHAGUE-style
        (
            "no one can evict STs NEW DELHI 00009527  002 OF 005  without",
            "no one can evict STs without",
        ),
        (
            "He complained that U.S. BEIJING 00002305 003 OF 004 visitors",
            "He complained that U.S. visitors",
        ),
        (
            "ASSOCIATED WITH THE NAC NEW DELHI 00009527  005 OF 005  HAS",
            "ASSOCIATED WITH THE NAC HAS",
        ),
        (
            "REF: TRIPOLI 686 TRIPOLI 00000689 001.2 OF 002 CLASSIFIED BY",
            "REF: TRIPOLI 686 CLASSIFIED BY",
        ),
        (
            "It is not just a company,\n\nMoscow 00000367 003 of 004\n\n\nbut a",
            "It is not just a company, but a",
        ),
        (
            "to deploy them\n\nUNVIE VIEN 00000553  004 OF 004 \n \n \naround",
            "to deploy them around",
        ),
        # between paragraphs the break keeps a blank line
        (
            "elections.\n\nMEXICO 00000083 003 OF 005\n\n8. (C) The DBWG",
            "elections.\n\n8. (C) The DBWG",
        ),
        ("Comment\n-------\n\nTUNIS 00001489 003 OF 003\n\n\nThe", "Comment\n-------\n\nThe"),
        (
            "2009.\n\nMEXICO 00000083 004 OF 005\n\nChange on the Horizon\n\n-----\n",
            "2009.\n\nChange on the Horizon\n\n-----\n",
        ),
        # a sentence boundary in hard-wrapped text keeps one line break
        ("PROBLEMS.\n\nSTATE 00052348 003 OF 004\n\nTHE SHIP", "PROBLEMS.\nTHE SHIP"),
    ],
)
def test_page_header_shapes(raw: str, expected: str) -> None:
    assert headers(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "SECTION 01 OF 05 MEXICO 000083",
        "the 2009 budget of 12345678 pesos, 001 of them",
        "PAGE 01 HARARE 05461 02 OF 02 271459Z ACTION AF-00",
        "see page 2 of 5 of the report",
    ],
)
def test_not_page_breaks(raw: str) -> None:
    assert page_header_edits(raw) == []


def test_blank_runs_join_a_sentence() -> None:
    raw = "the DBWG can help to support the\n\n\n\nMexican military's nascent steps"
    assert applied(raw, blank_run_edits(raw)) == (
        "the DBWG can help to support the Mexican military's nascent steps"
    )
    raw = "combating DTOs is a matter of\n\n\n\ncitizen security"
    assert applied(raw, blank_run_edits(raw)) == "combating DTOs is a matter of citizen security"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("with a crime.\n\n\n\n6. (S) The failure", "with a crime.\n\n6. (S) The failure"),
        ("Horizon\n\n-----\n\n\n\n12. (SBU) Calderon", "Horizon\n\n-----\n\n12. (SBU) Calderon"),
    ],
)
def test_blank_runs_between_paragraphs_close_up(raw: str, expected: str) -> None:
    assert applied(raw, blank_run_edits(raw)) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Other significant security/law enforcement activities \n \n \n \n¶14. (U) In",
        "Course: Data Based Decision Making \n \n \nStart Date: 1/31/2010",
        "SUBJECT: SCENESETTER FOR\n\n\n\nREF: STATE 1234",
        "Mrs. Secretary, \n \n \n \nI am thankful",
        "two paragraphs\n\nwith one blank line",
    ],
)
def test_blank_runs_between_blocks_stay(raw: str) -> None:
    assert blank_run_edits(raw) == []


def test_plusd_seed_reads_continuously(seed_plusd: object) -> None:
    from pathlib import Path

    assert isinstance(seed_plusd, Path)
    raw = seed_plusd.read_text(encoding="utf-8")
    text = repair(raw).text
    assert "to support the Mexican military's nascent steps toward modernization" in text
    assert "is a matter of citizen security, and thus" in text
    assert "With a strategy best described as political pragmatism" in text
    assert "a long way to go toward modernization." in text
    assert "MEXICO 00000083 00" not in text
    body = text.split("\n---\n", 1)[1].split("FEELEY", 1)[0]
    assert "\n\n\n" not in body
    assert "information technology.\n\n8. (C) The DBWG" in text
    assert "from 2008-June 2009.\n\nChange on the Horizon" in text
    assert "Modernization Key\n\n-----\n\n15. (S) In this context" in text
