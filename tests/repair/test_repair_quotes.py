"""``&…8`` quotes become curly quotes; ampersands and eights that are not quotes stay."""

from __future__ import annotations

import pytest

from cablescope.repair.quotes import doubled_quote_edits, quote_edits
from tests.repair.common import applied


def fix(text: str) -> str:
    return applied(text, quote_edits(text))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a &chicken and egg8 problem", "a “chicken and egg” problem"),
        # 10THEHAGUE106, 09NAIROBI1801, 09BRASILIA952
        ("was only &slightly better,8 \nwith", "was only “slightly better,” \nwith"),
        (
            "endorsed the Somalia &jihad,8 capitalizing",
            "endorsed the Somalia “jihad,” capitalizing",
        ),
        (
            "as part of the &Year of France in Brazil8 activities.",
            "as part of the “Year of France in Brazil” activities.",
        ),
        ("feel &flattered.8 He noted", "feel “flattered.” He noted"),
        ("a &stick and carrot8 approach", "a “stick and carrot” approach"),
        # a quote that spans a line break inside the paragraph
        ("for the &Cuban\nFive8 in Guantanamo", "for the “Cuban\nFive” in Guantanamo"),
        # a G8 inside the quote is not its end
        ("called it &a G8 plan8 for Africa", "called it “a G8 plan” for Africa"),
        # a quote of one token may end in a digit or a lone letter: 09THEHAGUE196, 07KINSHASA797
        ("comprehensive (&3-D8) approach", "comprehensive (“3-D”) approach"),
        ("Both Bazano and &C8 were", "Both Bazano and “C” were"),
        ("&one8 and &two8", "“one” and “two”"),
    ],
)
def test_quotes_are_restored(raw: str, expected: str) -> None:
    assert fix(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "AT&T and R&D in 2008.",
        "P&I clubs, S&T cooperation, H&M stores",
        "Discourage Oil & Gas Exploration",
        "reasons 1.4 (B & D). In 1988 there were 18 of them.",
        "the &Paris 20128 lapel pin",
        "&no closing quote here",
        "an opener &at the end of a paragraph\n\nand a closer here8 after the blank line",
        "Sierra8 and no opener",
    ],
)
def test_non_quotes_stay(raw: str) -> None:
    assert quote_edits(raw) == []


def test_a_second_opener_takes_the_closer() -> None:
    assert fix("he said &maybe and then &never8 again") == "he said &maybe and then “never” again"


def test_curly_quotes_between_block_a_pair() -> None:
    raw = "an &unclosed remark, then “a real quote” and a word8 later"
    assert quote_edits(raw) == []


def test_doubled_quotes_become_single() -> None:
    raw = 'described ICTY detainees as ""pussycats"" compared to'
    assert (
        applied(raw, doubled_quote_edits(raw))
        == 'described ICTY detainees as "pussycats" compared to'
    )
    assert doubled_quote_edits('a """triple""" and "single"') == []
