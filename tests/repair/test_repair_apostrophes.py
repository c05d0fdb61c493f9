"""Comma-apostrophes (``country,s``) become apostrophes; real commas stay."""

from __future__ import annotations

import pytest

from cablescope.repair.apostrophes import apostrophe_edits
from tests.repair.common import applied


def fix(text: str, *, tokenised: bool = False) -> str:
    return applied(text, apostrophe_edits(text, tokenised=tokenised))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # 09MADRID725, 04MADRID974, 08LONDON1771
        ("countering the group of 100,s proposals.", "countering the group of 100's proposals."),
        ("SUBJECT: AMBASSADOR,S MEETING WITH", "SUBJECT: AMBASSADOR'S MEETING WITH"),
        ("was the UK,s", "was the UK's"),
        ("the Siren,s Song", "the Siren's Song"),
        ("in the U.S.,s interest", "in the U.S.'s interest"),
        ("the Foreign Ministry,s\ndesire", "the Foreign Ministry's\ndesire"),
        ("the 1980,s.", "the 1980's."),
        ("(the Administration,s) control", "(the Administration's) control"),
        # contractions, in text as published
        ("what I don,t want is", "what I don't want is"),
        ('"YOU CAN,T COMPETE', "\"YOU CAN'T COMPETE"),
        ("It doesn,t matter", "It doesn't matter"),
        ("it won,t.", "it won't."),
        ("I,m going to let", "I'm going to let"),
        ("maybe we,re close", "maybe we're close"),
        ("We,ll protest", "We'll protest"),
        ('"I,d be surprised', "\"I'd be surprised"),
        ("they,ve agreed", "they've agreed"),
        ("at ten o,clock", "at ten o'clock"),
        # a garbled apostrophe: 06MEXICO6871
        ("Medina Mora was \nMexicoQ,s lead", "Medina Mora was \nMexico's lead"),
        ("why they didnQ,t grant", "why they didn't grant"),
        # one space after the comma, as in 09LONDON2638
        ('should "listen to the West, s proposal', "should \"listen to the West's proposal"),
    ],
)
def test_apostrophes_are_restored(raw: str, expected: str) -> None:
    assert fix(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "in Ciudad Juarez, saying that",
        "in 2009, sources said",
        "Rua Helio Smitdt, s/n 2 Andar",
        "STATE FOR SCA/CEN, S/SRAP",
        "responses for ISN, T, and EAP.",
        "Jake Sullivan, S staff Barbara",
        "REASONS 1.4 (B,D).",
        "reasons 1.4 (b,d)",
        "paragraphs (a,s)",
        'Hague",SECRET//NOFORN,03THEHAGUE2568',
        "one, two, s and t",
        "Amman,t",
        "a comma, then the s sound",
    ],
)
def test_real_commas_stay(raw: str) -> None:
    assert apostrophe_edits(raw) == []


def test_tokenised_spacing_only_in_tokenised_text() -> None:
    raw = "stitching up the country , s damaged international reputation"
    assert fix(raw) == raw
    assert fix(raw, tokenised=True) == "stitching up the country's damaged international reputation"
    assert fix("SUBJECT: AMBASSADOR , S MEETING", tokenised=True) == "SUBJECT: AMBASSADOR'S MEETING"
    assert fix("we DON , T know", tokenised=True) == "we DON'T know"


def test_edit_replaces_only_the_comma() -> None:
    (edit,) = apostrophe_edits("Brazil,s interests")
    assert (edit.start, edit.end, edit.replacement, edit.rule) == (6, 7, "'", "apostrophe")
