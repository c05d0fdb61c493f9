"""cables.csv records inside a body: the cable's own record is unwrapped, others' are cut."""

from __future__ import annotations

from cablescope.repair import repair
from cablescope.repair.records import APPENDED, EMBEDDED, record_edits
from tests.repair.common import applied, assert_consistent, fixture


def test_own_record_unwrapped_and_next_cable_cut() -> None:
    # 04THEHAGUE1915: a header excerpt, its own record, then the record of 04THEHAGUE1916.
    raw = fixture("records_04THEHAGUE1915.txt")
    edits = record_edits(raw)
    assert [e.rule for e in edits] == [EMBEDDED, APPENDED]
    text = applied(raw, edits)
    assert text.startswith("S E C R E T THE HAGUE 001915 \n \nSIPDIS")
    assert text.count("S E C R E T THE HAGUE 001915") == 1
    assert text.rstrip().endswith("where ever it is centered. \nSOBEL")
    assert "04THEHAGUE1916" not in text
    assert "This record is a partial extract" not in text
    assert "12:31" not in text


def test_chain_on_the_record_body() -> None:
    result = repair(fixture("records_04THEHAGUE1915.txt"))
    assert_consistent(result)
    assert result.text.startswith("SECRET THE HAGUE 001915")
    assert '""' not in result.text
    assert repair(result.text).text == result.text


def test_record_at_the_start_of_a_body() -> None:
    # 05BOGOTA1775 opens directly with its record (fields shortened).
    raw = (
        '27613,2/24/2005 16:09,05BOGOTA1775,"Embassy Bogota",CONFIDENTIAL//NOFORN,05BOGOTA1081,'
        '"This record is a partial extract of the original cable. The full text of the original '
        'cable is not available.\n\n","C O N F I D E N T I A L SECTION 01 OF 02 BOGOTA 001775\n'
        ' \nSIPDIS\n \nNOFORN\n\nthe ELN as responsible for the setback.  End comment.\nDRUCKER"\n'
    )
    text = applied(raw, record_edits(raw))
    assert text.startswith("C O N F I D E N T I A L SECTION 01 OF 02 BOGOTA 001775\n")
    assert text.endswith("End comment.\nDRUCKER")


def test_a_record_of_another_cable_after_the_text() -> None:
    raw = (
        "C O N F I D E N T I A L THE HAGUE 001923 \n \nSIPDIS \n \nSUBJECT: SURVEILLANCE\n\n"
        "1. (C) The text of the cable.\nSOBEL \n"
        '",\n19310,7/30/2004 17:38,04THEHAGUE1924,"Embassy The Hague",SECRET//NOFORN,'
        '04THEHAGUE1913,"This record is a partial extract of the original cable."'
    )
    (edit,) = record_edits(raw)
    assert edit.rule == APPENDED
    assert applied(raw, [edit]) == (
        "C O N F I D E N T I A L THE HAGUE 001923 \n \nSIPDIS \n \nSUBJECT: SURVEILLANCE\n\n"
        "1. (C) The text of the cable.\nSOBEL"
    )


def test_text_that_only_mentions_dates_and_ids() -> None:
    raw = (
        "REF: 04THEHAGUE1903\n\n1. (U) On 7/29/2004 5:59 local time the guard reported,\n"
        "12055,11/12/2003 16:26 is not a record without an identifier after it."
    )
    assert record_edits(raw) == []
