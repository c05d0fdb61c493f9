"""Records at the top of a body, routing headers inside it, and their removal: each shape on
fragments of real pages (fields shortened), and properties over generated bodies."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.repair import repair
from cablescope.repair.headers import RULE as ROUTING
from cablescope.repair.headers import routing_header_edits
from cablescope.repair.records import (
    ESCAPED,
    EXCERPT,
    FIELDS,
    LABELLED,
    embedded_header,
    front_edits,
)
from tests.repair.common import applied, assert_consistent

# 08LIMA1348's own text, cut short.
BODY = (
    "C O N F I D E N T I A L SECTION 01 OF 03 LIMA 001348 \n \nSIPDIS \n \n"
    "E.O. 12958: DECL: 08/15/2018 \nTAGS: PGOV PREL PINR ECON PE\n"
    "SUBJECT: PRESIDENT GARCIA AT TWO YEARS: WEAKENED BUT \nPRESSING ON \n \n"
    "REF: A. LIMA 389 \n     B. LIMA 1191 \n \n"
    "Classified By: Amb. P Michael McKinley for reasons 1.4b and d. \n \n"
    "1. (C) Summary: President Alan Garcia enters the third year \nof his presidency.\n"
    "MCKINLEY"
)
HEADER = (
    "VZCZCXRO1096\nPP RUEHAO RUEHCD RUEHGA RUEHHO RUEHMC\nDE RUEHPE #1348/01 2272020\n"
    "ZNY CCCCC ZZH\nP 142020Z AUG 08\nFM AMEMBASSY LIMA\nTO RUEHC/SECSTATE WASHDC PRIORITY 9152\n"
    "INFO RUEHWH/WESTERN HEMISPHERIC AFFAIRS DIPL POSTS PRIORITY\n"
    "RUMIAAA/USCINCSO MIAMI FL PRIORITY"
)
LABELS = (
    "id: 166149\ndate: 8/14/2008 20:20\nrefid: 08LIMA1348\norigin: Embassy Lima\n"
    "classification: CONFIDENTIAL\ndestination: 08LIMA1081|08LIMA1191|08LIMA389\nheader:\n"
)
ENDS = "\n\n----------------- header ends ----------------\n\n"


def labelled(excerpt: str, body: str = BODY, header: str = HEADER) -> str:
    return excerpt + LABELS + header + ENDS + body


def lines(body: str = BODY, header: str = HEADER) -> str:
    # 07MEXICO1581's shape: number, date, id, origin, classification, references, header.
    return (
        "102374\n2007-03-28 23:31:00\n08LIMA1348\nEmbassy Lima\nCONFIDENTIAL\n08LIMA389\n"
        + header
        + "\n"
        + body
    )


def tabbed(body: str = BODY, header: str = HEADER) -> str:
    # 06BERN898's shape: tab-separated fields, every line end of header and text escaped.
    escaped = (header + "\t" + body).replace("\n", "\\\n")
    return "2008-08-14 20:20:00\t08LIMA1348\tEmbassy Lima\tCONFIDENTIAL\t\t" + escaped + "\\"


def test_labelled_record_and_its_excerpt_go() -> None:
    raw = labelled(BODY[:230] + "...\n\n")
    edits = front_edits(raw)
    assert [e.rule for e in edits] == [EXCERPT, LABELLED]
    assert applied(raw, edits) == BODY
    assert embedded_header(raw) == HEADER


def test_an_excerpt_that_is_not_the_text_stays() -> None:
    # 08MONTEVIDEO34: the excerpt has words ("; ENCE PREPARES TO") that the text lacks.
    excerpt = BODY[:120] + " AND ANOTHER SUBJECT...\n\n"
    raw = labelled(excerpt)
    assert [e.rule for e in front_edits(raw)] == [LABELLED]
    assert applied(raw, front_edits(raw)) == excerpt + BODY


def test_the_signature_after_an_excerpt_must_end_the_text() -> None:
    # 06THEHAGUE2277: "...\n\nARNALL" after the excerpt, a name the text never signs.
    raw = labelled(BODY[:200] + "...\n\nARNALL \n")
    assert EXCERPT not in [e.rule for e in front_edits(raw)]
    raw = labelled(BODY[:200] + "...\n\nMCKINLEY \n")
    assert applied(raw, front_edits(raw)) == BODY


def test_record_without_a_header() -> None:
    partial = "This record is a partial extract of the original cable. The full text of the"
    raw = labelled("", header=partial)
    assert applied(raw, front_edits(raw)) == BODY
    assert embedded_header(raw) is None


def test_one_field_a_line() -> None:
    raw = lines()
    (edit,) = front_edits(raw)
    assert edit.rule == FIELDS
    assert applied(raw, [edit]) == BODY
    assert embedded_header(raw) == HEADER


def test_one_field_a_line_without_a_header() -> None:
    # 09KABUL1377 opens with such a record; 09BRUSSELS854 has an excerpt before it, whose
    # quotes the text drops.
    record = "209437\n2009-06-01\n08LIMA1348\n\nEmbassy Lima\n\nCONFIDENTIAL\n\n"
    assert applied(record + BODY, front_edits(record + BODY)) == BODY
    excerpt = BODY[:150].replace("PRESIDENT GARCIA", '"PRESIDENT GARCIA"') + "...\n\n\n"
    edits = front_edits(excerpt + record + BODY)
    assert [e.rule for e in edits] == [EXCERPT, FIELDS]
    assert applied(excerpt + record + BODY, edits) == BODY
    assert embedded_header(record + BODY) is None


def test_tabbed_row_and_its_escaped_line_ends() -> None:
    raw = tabbed()
    edits = front_edits(raw)
    assert {e.rule for e in edits} == {FIELDS, ESCAPED}
    assert applied(raw, edits) == BODY
    assert embedded_header(raw) == HEADER


def test_a_damaged_csv_row() -> None:
    # 10BUENOSAIRES91: no row number or date, the header closed by a quote glued to the text.
    raw = (
        '10 BUENOSAIRES 91, "Embassy Buenos Airres    ,CONFIDENTIAL  , '
        '08BUENOSAIRES980|10BUENOSAIRES13,"VZCZCXYZ0002\nRR RUEHWE DE RUEHBU #0091/01 '
        "0432107ZNY CCCCC ZZH\nR 122107Z FEB 10FM AMEMBASSY BUENOS AIRESTO RUEHC/SECSTATE "
        'WASHDC 0515\nRUEAIIA/CIA WASHINGTON DC"CONFIDENTIAL  BUENOS AIRES 000091 SIPDIS '
        "E.O. 12958: DECL: 2035/02/12 \nTAGS: PGOV PREL ECON AR\n\n1. (SBU) Summary. MARTINEZ"
    )
    text = applied(raw, front_edits(raw))
    assert text.startswith("CONFIDENTIAL  BUENOS AIRES 000091 SIPDIS")
    assert text.endswith("Summary. MARTINEZ")
    header = embedded_header(raw)
    assert header is not None and header.startswith("VZCZCXYZ0002")
    assert header.endswith("CIA WASHINGTON DC")


def test_capitalised_labels() -> None:
    # 07HAVANA258.
    raw = "CLASSIFICATION: CONFIDENTIAL\nMISC: \nDESTINATION: " + HEADER + "\n\n" + BODY
    assert applied(raw, front_edits(raw)) == BODY
    assert embedded_header(raw) == HEADER


def test_header_after_the_signature() -> None:
    # 06PARIS1236: the header follows the signature, to the end of the text.
    raw = BODY + "\n\n" + HEADER + "\n"
    (edit,) = routing_header_edits(raw)
    assert edit.rule == ROUTING
    assert applied(raw, [edit]) == BODY


def test_header_before_a_later_section() -> None:
    # 90CAPETOWN97: an old telegram repeats its header before each section.
    section = "R 171512Z JAN 90 \nFM AMCONSUL CAPE TOWN \nTO SECSTATE WASHDC 5366 \n \n"
    raw = "END COMMENT.) \n \n" + section + "C O N F I D E N T I A L SECTION 02 OF 03 CAPE TOWN"
    # The header's lines go; the blank line between it and the section stays.
    assert applied(raw, routing_header_edits(raw)) == (
        "END COMMENT.) \n \n \nC O N F I D E N T I A L SECTION 02 OF 03 CAPE TOWN"
    )


def test_a_quoted_telegram_in_the_text_stays() -> None:
    # A retransmitted telegram quotes its header inside the text: neither VZCZC nor DE,
    # prose after it, not at the end.
    raw = (
        "1. FOLLOWING REPEATED FOR YOUR INFORMATION.\nQUOTE\nO 121212Z MAY 75\n"
        "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA\n1. The Department asks the Embassy to reply.\n"
        "UNQUOTE"
    )
    assert routing_header_edits(raw) == []
    assert front_edits(raw) == []


def test_text_without_records_is_left_alone() -> None:
    assert front_edits(BODY) == []
    assert routing_header_edits(BODY) == []
    assert embedded_header(BODY) is None


# Properties over generated bodies: the shapes above around any text that starts like a
# cable, with or without an excerpt before the record.
_WORDS = st.sampled_from(
    ["Garcia", "the", "GOP", "said", "1. (C)", "RUSSIA", "REF:", "E.O.", "12958", "(S/NF)", "¶2."]
)
_TAILS = st.lists(
    st.tuples(_WORDS, st.sampled_from([" ", "\n", " \n \n", "  "])), min_size=3, max_size=40
).map(lambda pairs: "".join(w + s for w, s in pairs).strip())
BODIES = _TAILS.map(lambda tail: BODY[:70] + "\n" + tail)
SHAPES = st.sampled_from(["labelled", "lines", "tabbed"])


def build(shape: str, body: str, cut: int) -> tuple[str, str]:
    """A raw body of ``shape`` and the text the record and excerpt leave."""
    if shape == "labelled":
        return labelled(body[:cut] + "...\n\n" if cut else "", body), body
    if shape == "lines":
        return lines(body), body
    return tabbed(body), body


@settings(max_examples=200, deadline=None)
@given(SHAPES, BODIES, st.integers(0, 60))
def test_only_the_record_and_the_excerpt_go(shape: str, body: str, cut: int) -> None:
    raw, expected = build(shape, body, cut)
    edits = front_edits(raw)
    assert applied(raw, edits) == expected
    # Every edit removes record, header, escape or excerpt: what stays is the body.
    kept = [e for e in edits if e.rule in (EXCERPT, LABELLED, FIELDS, ESCAPED)]
    assert kept == list(edits)


@settings(max_examples=200, deadline=None)
@given(SHAPES, BODIES, st.integers(0, 60))
def test_chain_is_idempotent_and_maps_back(shape: str, body: str, cut: int) -> None:
    raw, _ = build(shape, body, cut)
    once = repair(raw)
    assert_consistent(once)
    assert repair(once.text).text == once.text
    # The text starts where the cable's own text starts in raw.
    start = once.to_raw(0)
    assert raw[start:].startswith(("C O N F I D E N T I A L", "CONFIDENTIAL"))
    assert "VZCZC" not in once.text and "header ends" not in once.text


@settings(max_examples=200, deadline=None)
@given(BODIES, st.sampled_from(["\n\n", "\n", " \n \n"]))
def test_trailing_header_goes_and_text_stays(body: str, gap: str) -> None:
    raw = body + gap + HEADER
    text = applied(raw, routing_header_edits(raw))
    assert text == body.rstrip()
    assert embedded_header(raw) == HEADER
