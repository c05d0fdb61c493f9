"""Cable IDs, year inference, the packaged reference list and REF parsing."""

from __future__ import annotations

import pytest
from grammar_helpers import needs_shared, seed_000_text

from cablescope.grammar import (
    infer_id,
    infer_year,
    is_known,
    make_id,
    normalise_id,
    parse_body,
    parse_references,
    reference_ids,
    split_id,
    year_candidates,
    year_of,
)
from cablescope.model import Reference


@pytest.mark.parametrize(
    ("published", "canonical"),
    [
        ("10MEXICO83_a", "10MEXICO83"),
        ("10MEXICO83\\_a", "10MEXICO83"),
        (" 10mexico083 ", "10MEXICO83"),
        ("08STATE012345", "08STATE12345"),
        ("66BUENOSAIRES2481", "66BUENOSAIRES2481"),
        ("09SECTION01OF03BRUSSELS1234", "09SECTION01OF03BRUSSELS1234"),
        ("", None),
    ],
)
def test_normalise_id(published: str, canonical: str | None) -> None:
    assert normalise_id(published) == canonical


def test_normalise_id_cuts_doubled_and_four_digit_years() -> None:
    assert normalise_id("1010MEXICO83") == "10MEXICO83"
    assert normalise_id("2010MEXICO0083") == "10MEXICO83"
    assert normalise_id("7575LIBREVILLE1895") == "75LIBREVILLE1895"
    assert normalise_id("1011MEXICO83") == "1011MEXICO83"


def test_reference_list_is_packaged_and_kept_whole_by_the_normaliser() -> None:
    import gzip

    from cablescope.grammar._data import data_bytes

    published = [
        line.split(",")[0]
        for line in gzip.decompress(data_bytes("cable2month.csv.gz")).decode().splitlines()
    ]
    assert len(published) == 251287
    changed = {cid: normalise_id(cid) for cid in published if normalise_id(cid) != cid}
    # The one malformed id of the list: a doubled year.
    assert changed == {"7575LIBREVILLE1895": "75LIBREVILLE1895"}
    ids = reference_ids()
    assert ids["10MEXICO83"] == "2010-01"
    assert ids["66BUENOSAIRES2481"] == "1966-12"
    assert ids["75LIBREVILLE1895"] == ids["7575LIBREVILLE1895"] == "1975-11"
    assert is_known("09MEXICO2882")


@needs_shared
def test_reference_list_from_a_path_matches_the_packaged_copy() -> None:
    from grammar_helpers import SHARED

    assert reference_ids(SHARED / "ref" / "cable2month.csv.gz") == reference_ids()


def test_make_and_split_id() -> None:
    assert make_id(2010, "MEXICO", "000083") == "10MEXICO83"
    assert make_id(1966, "BUENOS AIRES", 2481) == "66BUENOSAIRES2481"
    assert make_id(2009, "USEU BRUSSELS", "948") == "09USEUBRUSSELS948"
    assert split_id("10MEXICO83") == (2010, "MEXICO", 83)
    assert split_id("66BUENOSAIRES2481") == (1966, "BUENOSAIRES", 2481)
    assert split_id("09SECTION01OF03BRUSSELS1234") is None
    assert year_of("2010-01-29T20:49:00Z") == 2010
    assert year_of("1966-12") == 1966
    assert year_of("29 JAN 10") is None
    with pytest.raises(ValueError):
        make_id(2010, "MEXICO", "8A")


def test_year_candidates_from_declassification() -> None:
    assert year_candidates("2019-10-04")[:3] == (2009, 1999, 1994)
    assert year_candidates(None) == ()
    assert year_candidates("not a date") == ()
    assert infer_year("2034-08-13")[0] == 2009
    assert infer_year("2019-10-04", None, "MEXICO", "2882")[0] == 2009
    years = infer_year("2019-10-04", {"99MEXICO2882"}.__contains__, "MEXICO", "2882")
    assert years[:2] == (1999, 2009)
    assert infer_year(None) == ()


@needs_shared
def test_seed_000_gets_its_id_from_the_declassification_date() -> None:
    fields = parse_body(seed_000_text())
    assert infer_id(fields.post, fields.number, fields.declassify_on, is_known) == "09MEXICO2882"
    assert infer_id(fields.post, fields.number, fields.declassify_on) == "09MEXICO2882"


def test_infer_id_tries_glued_prefixes() -> None:
    known = {"09EFTOLONDON2187"}.__contains__
    assert infer_id("LONDON", "2187", "2019-10-01", known, ("EFTO",)) == "09EFTOLONDON2187"
    assert infer_id(None, "1", "2019-10-01") is None


def test_references_lettered_with_and_without_years() -> None:
    refs = parse_references("REF: A. 09 MEXICO 2650 B. STATE 12345", 2010, "10MEXICO83")
    assert refs == (
        Reference(raw="09 MEXICO 2650", id="09MEXICO2650", letter="A"),
        Reference(raw="STATE 12345", id="10STATE12345", letter="B", year_inferred=True),
    )


@pytest.mark.parametrize(
    ("block", "ids", "letters"),
    [
        ("REF: HARARE 5346", ("00HARARE5346",), (None,)),
        ("REF: BRASILIA 0502", ("00BRASILIA502",), (None,)),
        ("REFS: A) 08 STATE 123456 B) 09 BAGHDAD 12", ("08STATE123456", "09BAGHDAD12"), ("A", "B")),
        ("REF: A. 09CAIRO2189 B. 08CAIRO01352", ("09CAIRO2189", "08CAIRO1352"), ("A", "B")),
        ("REF: SECSTATE 12345", ("00STATE12345",), (None,)),
        (
            "REF: (A) USEU BRUSSELS 123 (B) UNVIE 148",
            ("00USEUBRUSSELS123", "00UNVIEVIENNA148"),
            ("A", "B"),
        ),
        (
            "REF: A. (A) THE HAGUE 01915 ¶B. (B) THE HAGUE 01903",
            ("00THEHAGUE1915", "00THEHAGUE1903"),
            ("A", "B"),
        ),
        ("REF A: 2008 MONTERREY 390", ("08MONTERREY390",), ("A",)),
        ("Ref: 09 state 122115; 09 nairobi 2487", ("09STATE122115", "09NAIROBI2487"), (None, None)),
        (
            "REF: BUENOS AIRES 1026; BUENOS AIRES 301",
            ("00BUENOSAIRES1026", "00BUENOSAIRES301"),
            (None, None),
        ),
    ],
)
def test_reference_forms(block: str, ids: tuple[str, ...], letters: tuple[str | None, ...]) -> None:
    refs = parse_references(block, 2000, None)
    assert tuple(r.id for r in refs) == ids
    assert tuple(r.letter for r in refs) == letters


def test_references_drop_self_and_keep_non_cables_raw() -> None:
    refs = parse_references(
        "REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966", 1966, "66BUENOSAIRES2481"
    )
    assert [r.id for r in refs] == ["66STATE106206"]
    refs = parse_references("REF: A. LONDON 825 B. EMBASSY LONDON DAILY REPORT - APRIL 3", 2008)
    assert refs[1] == Reference(raw="EMBASSY LONDON DAILY REPORT - APRIL 3", id=None, letter="B")
    page_break = "REF: A. ACCRA 1275 B. ACCRA 1280 ACCRA 00001437 001.2 OF 002"
    assert [r.id for r in parse_references(page_break, 2007, "07ACCRA1437")] == [
        "07ACCRA1275",
        "07ACCRA1280",
    ]


def test_references_without_a_citing_year_have_no_id() -> None:
    assert parse_references("REF: HARARE 5346") == (
        Reference(raw="HARARE 5346", id=None, letter=None, year_inferred=True),
    )


def test_references_use_the_year_before_when_the_list_knows_it() -> None:
    known = {"05NEWDELHI8892"}.__contains__
    (ref,) = parse_references("REF: NEW DELHI 8892", 2006, "06NEWDELHI27", known)
    assert ref.id == "05NEWDELHI8892"
    assert ref.year_inferred
