"""TAGS labels, posts and origins, classification values and dates."""

from __future__ import annotations

import pytest

from cablescope.grammar import (
    label,
    make_tags,
    normalise_classification,
    origin_for_post,
    origin_name,
    parse_created,
    parse_csv_date,
    parse_date,
    parse_dateline,
    parse_declassify,
    parse_dtg,
    parse_plusd_date,
    post_for_origin,
)
from cablescope.grammar.posts import posts
from cablescope.grammar.tags import table
from cablescope.model import Tag


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("KCRM", "Criminal Activity"),
        ("SNAR", "Social Affairs--Narcotics"),
        ("PGOV", "Political Affairs--Government; Internal Governmental Affairs"),
        ("PREL", "Political Affairs--External Political Relations"),
        ("PHUM", "Political Affairs--Human Rights"),
        ("MX", "Mexico"),
        ("IZ", "Iraq"),
        ("KN", "Korea (North)"),
        ("KS", "Korea (South)"),
        ("RS", "Russia"),
        ("mx", "Mexico"),
    ],
)
def test_tag_labels(code: str, text: str) -> None:
    assert label(code) == text


def test_tag_table_shape() -> None:
    codes = table()
    assert len(codes) > 350
    assert all(code == code.strip().upper() and text for code, text in codes.items())
    assert label("NOTATAG") is None
    assert make_tags(("PGOV", "ZZZZ")) == (
        Tag("PGOV", "Political Affairs--Government; Internal Governmental Affairs"),
        Tag("ZZZZ", None),
    )


@pytest.mark.parametrize(
    ("fm", "origin"),
    [
        ("AMEMBASSY MEXICO", "Embassy Mexico"),
        ("AMCONSUL CIUDAD JUAREZ", "Consulate Ciudad Juarez"),
        ("SECSTATE WASHDC", "Secretary of State"),
        ("USMISSION USUN NEW YORK", "USUN New York"),
        ("USMISSION GENEVA", "US Mission Geneva"),
        ("USEU BRUSSELS", "USEU Brussels"),
        ("USMISSION UNVIE VIENNA", "UNVIE"),
        ("AMEMBASSY NEW DELHI", "Embassy New Delhi"),
        ("USINT HAVANA", "US Interests Section Havana"),
        ("USDEL SECRETARY//MEXICO//", "US Delegation, Secretary"),
        ("AMEMBASSY TRIPOLI LY", "Embassy Tripoli"),
        ("FM  AMEMBASSY   PORT AU PRINCE", "Embassy Port Au Prince"),
        ("AMEMBASSY ATLANTIS", "Embassy Atlantis"),
        ("AMCONSUL NEW PLACE", "Consulate New Place"),
        ("", None),
    ],
)
def test_origin_name(fm: str, origin: str | None) -> None:
    assert origin_name(fm) == origin


@pytest.mark.parametrize(
    ("origin", "token"),
    [
        ("Embassy Mexico", "MEXICO"),
        ("Embassy New Delhi", "NEWDELHI"),
        ("Secretary of State", "STATE"),
        ("USUN New York", "USUNNEWYORK"),
        ("UNVIE", "UNVIEVIENNA"),
        ("American Institute Taiwan, Taipei", "TAIPEI"),
        ("Embassy Atlantis", "ATLANTIS"),
        ("Consulate Port Louis Harbour", "PORTLOUISHARBOUR"),
    ],
)
def test_post_for_origin(origin: str, token: str) -> None:
    assert post_for_origin(origin) == token


def test_origin_for_post_and_table() -> None:
    assert origin_for_post("MEXICO") == "Embassy Mexico"
    assert origin_for_post("ciudadjuarez") == "Consulate Ciudad Juarez"
    assert origin_for_post("NOWHERE") is None
    rows = posts()
    assert len({row.origin for row in rows if row.pages}) == 186
    assert all(row.token.isalpha() and row.token.isupper() for row in rows)


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("SECRET", "SECRET"),
        ("secret//noforn", "SECRET//NOFORN"),
        ("CONFIDENTIAL//NOFORN", "CONFIDENTIAL//NOFORN"),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("UNCLAS", "UNCLASSIFIED"),
        ("UNCLAS SENSITIVE", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("SENSITIVE BUT UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("SBU", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("C O N F I D E N T I A L", "CONFIDENTIAL"),
        ("S E C R E T", "SECRET"),
        ("SECREt NOFORN", "SECRET//NOFORN"),
        ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE"),
        ("TOP SECRET", "TOP SECRET"),
        ("-- Not Assigned --", None),
        ("", None),
    ],
)
def test_normalise_classification(value: str, normal: str | None) -> None:
    assert normalise_classification(value) == normal


def test_dates() -> None:
    assert parse_dtg("292049Z JAN 10") == "2010-01-29T20:49:00Z"
    assert parse_dtg("O R 281848Z DEC 66") == "1966-12-28T18:48:00Z"
    assert parse_dtg("322049Z JAN 10") is None
    assert parse_created("2010-01-29 20:08") == "2010-01-29T20:08:00Z"
    assert parse_created("2009-03-03 17:19:00") == "2009-03-03T17:19:00Z"
    assert parse_csv_date("12/28/1966 18:48") == "1966-12-28T18:48:00Z"
    assert parse_csv_date("5/5/2009 21:19") == "2009-05-05T21:19:00Z"
    assert parse_plusd_date("2010 January 29, 20:49 (Friday)") == "2010-01-29T20:49:00Z"
    assert parse_dateline("Friday, 23 February 2001, 15:53") == "2001-02-23T15:53:00Z"
    assert parse_declassify("10/04/2019") == "2019-10-04"
    assert parse_declassify("2020/01/29") == "2020-01-29"
    assert parse_declassify("09/21/10") == "2010-09-21"
    assert parse_declassify("1.4(B),(D)") is None
    assert parse_declassify("OADR") is None
    assert parse_declassify("02/30/2019") is None
    assert parse_date("2010 January 29, 20:49 (Friday)") == "2010-01-29T20:49:00Z"
    assert parse_date("12/28/1966 18:48") == "1966-12-28T18:48:00Z"
    assert parse_date("nonsense") is None
