"""parse_body on real seeds and on the header forms found in the corpus."""

from __future__ import annotations

import pytest
from grammar_helpers import needs_shared, seed_000_text, seed_004_body

from cablescope.grammar import parse_body


@needs_shared
def test_seed_000_tokenised_body() -> None:
    text = seed_000_text()
    fields = parse_body(text)
    assert fields.classification == "CONFIDENTIAL"
    assert (fields.post, fields.number) == ("MEXICO", "2882")
    assert fields.declassify_on == "2019-10-04"
    assert fields.tags == ("KCRM", "PGOV", "SNAR", "MX")
    assert fields.subject == (
        "ELEMENTS OF GOM POLICY TEAM INTERESTED IN FOCUSING TOGETHER ON IMPROVING "
        "SECURITY IN A FEW KEY CITIES"
    )
    assert fields.classified_by == "NAS Director Keith Mines"
    assert fields.reasons == "1.5 ( b ) ( d )"
    assert fields.signer == "PASCUAL"
    assert [p.number for p in fields.paragraphs] == list(range(1, 13))
    assert fields.paragraphs[0].marking == "C"
    assert fields.paragraphs[1].marking == "U"
    for p in fields.paragraphs:
        assert text[p.start : p.end] == p.text


@needs_shared
def test_seed_004_plusd_body() -> None:
    fields = parse_body(seed_004_body())
    assert fields.classification == "SECRET"
    assert (fields.post, fields.number, fields.section) == ("MEXICO", "83", "01 OF 05")
    assert fields.handling == ("SIPDIS",)
    assert fields.declassify_on == "2020-01-29"
    assert fields.tags == ("PGOV", "PREL", "PHUM", "SNAR", "KCRM", "MX")
    assert fields.subject == (
        "Scenesetter for the Opening of the Defense Bilateral Working Group, "
        "Washington, D.C., February 1"
    )
    assert fields.signer == "FEELEY"
    assert [p.marking for p in fields.paragraphs[:6]] == ["SBU"] * 4 + ["C", "S"]
    assert len(fields.paragraphs) == 17


@pytest.mark.parametrize(
    ("line", "classification", "post", "number"),
    [
        ("SECRET SECTION 01 OF 05 MEXICO 000083", "SECRET", "MEXICO", "83"),
        ("CONFIDENTIAL MEXICO 002882", "CONFIDENTIAL", "MEXICO", "2882"),
        ("UNCLAS KINGSTON 000382", "UNCLASSIFIED", "KINGSTON", "382"),
        (
            "C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461",
            "CONFIDENTIAL",
            "HARARE",
            "5461",
        ),
        ("LIMITED OFFICIAL USE PANAMA 000123", "LIMITED OFFICIAL USE", "PANAMA", "123"),
        ("UNCLAS SECTION 01 OF 03 USEU BRUSSELS 000948", "UNCLASSIFIED", "USEUBRUSSELS", "948"),
        ("CONFIDENTIAL USUN NEW YORK 000123", "CONFIDENTIAL", "USUNNEWYORK", "123"),
        ("SECRET STATE 012345", "SECRET", "STATE", "12345"),
        ("CONFIDENTIAL SECTION 01 OF 03 NEW DELHI 005138", "CONFIDENTIAL", "NEWDELHI", "5138"),
        ("SECRET UNVIE VIENNA 000289", "SECRET", "UNVIEVIENNA", "289"),
        ("S E C R E T THE HAGUE 000015", "SECRET", "THEHAGUE", "15"),
        ("CO N F I D E N T I A L BOGOTA 005603", "CONFIDENTIAL", "BOGOTA", "5603"),
        ("SE C R E T TUNIS 000193", "SECRET", "TUNIS", "193"),
        ("UNCLAS SECTION01 OF 03 SAN JOSE 000525", "UNCLASSIFIED", "SANJOSE", "525"),
        ("S e c r e t section 01 of 02 baku 000020", "SECRET", "BAKU", "20"),
        ("C O N F I D E N T I A L \nSECTION 01 OF 02 BAKU 000687", "CONFIDENTIAL", "BAKU", "687"),
    ],
)
def test_number_line(line: str, classification: str, post: str, number: str) -> None:
    fields = parse_body(line + " \n \nSIPDIS \n")
    assert fields.classification == classification
    assert (fields.post, fields.number) == (post, number)


def test_number_line_caveats_before_the_post() -> None:
    fields = parse_body("UNCLAS E F T O LONDON 002883 \n \nNOFORN \nSENSITIVE \nSIPDIS \n")
    assert (fields.post, fields.number) == ("LONDON", "2883")
    assert fields.handling == ("EFTO", "NOFORN", "SIPDIS")
    assert fields.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    fields = parse_body("UNCLAS E F T O SECTION 01 OF 03 TRIPOLI 000648 \n")
    assert (fields.post, fields.number) == ("TRIPOLI", "648")


def test_damaged_number_lines_give_no_post() -> None:
    assert parse_body("C O N F I D E N T I A L SECTION 01 OF 02 TEL AVIV \n\nSIPDIS").post is None
    assert parse_body("SE C R E T SECTION 01 OF 02 XXXXXXXXXXXX 000004 \n").post is None
    assert parse_body("R 021439Z DEC 08\nFM AMEMBASSY BERN\n").number is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("SECRET MEXICO 000083\n\nNOFORN\nSIPDIS\n", "SECRET//NOFORN"),
        ("SECRET//NOFORN MEXICO 000083\n", "SECRET//NOFORN"),
        (
            "CONFIDENTIAL MEXICO 000083\nNOFORN, NOT FOR INTERNET DISTRIBUTION\n",
            "CONFIDENTIAL//NOFORN",
        ),
        (
            "UNCLAS SECTION 01 OF 02 BRASILIA 000369\n\nSIPDIS\n\nSENSITIVE BUT UNCLASSIFIED\n",
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        ),
        (
            "UNCLAS TRIPOLI 000641 \n\nSENSITIVE \n\nE.O. 12958: N/A\n",
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        ),
        ("UNCLAS KINGSTON 000382 \n\nSIPDIS\n\nE.O. 12958: N/A\nSENSITIVE\n", "UNCLASSIFIED"),
    ],
)
def test_classification_with_caveats(head: str, expected: str) -> None:
    assert parse_body(head).classification == expected


@pytest.mark.parametrize(
    ("eo", "expected"),
    [
        ("E.O. 12958: DECL: 10/04/2019", "2019-10-04"),
        ("EO 12958 DECL: 2020/01/29", "2020-01-29"),
        ("EO 12958 DECL: 09/21/10", "2010-09-21"),
        ("E.O. 12958: DECL: 1/29/2019", "2019-01-29"),
        ("E.O. 12958: DECL: 1.4(B),(D)", None),
        ("E.O. 12958: DECL: OADR", None),
        ("E.O. 12958: N/A", None),
        ("E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009", None),
        ("E.o. 12958: decl: 01/13/2029", "2029-01-13"),
    ],
)
def test_declassify_on(eo: str, expected: str | None) -> None:
    fields = parse_body(f"CONFIDENTIAL MEXICO 000083\n\n{eo}\nTAGS: PGOV\nSUBJECT: X\n")
    assert fields.declassify_on == expected


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("TAGS: PGOV, PREL", ("PGOV", "PREL")),
        ("TAGS PGOV PHUM JM", ("PGOV", "PHUM", "JM")),
        ("TAGS: KCRM PGOV\n       SNAR MX", ("KCRM", "PGOV", "SNAR", "MX")),
        ("TAGS: KNNP AORC PGOV\nFR, RS, CH, UK", ("KNNP", "AORC", "PGOV", "FR", "RS", "CH", "UK")),
        ("TAG PTER, PGOV, ASEC", ("PTER", "PGOV", "ASEC")),
        ("Tags: mtcre, parm, prel, ir", ("MTCRE", "PARM", "PREL", "IR")),
        ("TAGS: ETRDEINVECINPGOVCS", ("ETRD", "EINV", "ECIN", "PGOV", "CS")),
        ("TAGS: PREL PGOV DOMESTIC POLITICS", ("PREL", "PGOV")),
        ("TAGS: OVIP (RICE, CONDOLEEZZA) PREL", ("OVIP", "PREL")),
        ("TAGS: PGOV, PINS, ZI, MDC, ZANU-PF", ("PGOV", "PINS", "ZI", "MDC", "ZANU-PF")),
    ],
)
def test_tags(tags: str, expected: tuple[str, ...]) -> None:
    body = f"CONFIDENTIAL HARARE 005461\n\nE.O. 12958: N/A\n{tags}\nSUBJECT: TEST\n\n1. (C) Text."
    assert parse_body(body).tags == expected


def test_tags_skip_a_corrected_copy_note() -> None:
    body = (
        "C O N F I D E N T I A L PARIS 000159 \n \nSIPDIS \n \n"
        "C O R R E C T E D C O P Y (PRIMARY TAG) \n \nE.O. 12958: DECL: 01/16/2017 \n"
        "TAGS: KDEM LE PGOV PREL FR IR\nSUBJECT: FRANCE SEEKS EU COVER ON IRAN CIVIL SOCIETY \n"
    )
    assert parse_body(body).tags == ("KDEM", "LE", "PGOV", "PREL", "FR", "IR")


def test_subject_wraps_until_a_blank_line_or_marker() -> None:
    body = (
        "CONFIDENTIAL SECTION 01 OF 03 NEW DELHI 004948 \n \nE.O. 12958: DECL: 07/13/2016 \n"
        "TAGS: PGOV PTER KISL SCUL IN\nSUBJECT: NERVOUS NORTH INDIAN MUSLIMS ANTICIPATE A POST \n"
        "MUMBAI BACKLASH \n \nREF: MUMBAI 1302 \nClassified By: Charge Geoff Pyatt for reasons "
        "1.4 (B,D) \n¶1. (C) Summary: text"
    )
    fields = parse_body(body)
    assert fields.subject == "NERVOUS NORTH INDIAN MUSLIMS ANTICIPATE A POST MUMBAI BACKLASH"
    assert fields.references == ("REF: MUMBAI 1302",)
    assert (fields.classified_by, fields.reasons) == ("Charge Geoff Pyatt", "1.4 (B,D)")


def test_subject_ends_at_classified_by_on_the_same_line() -> None:
    body = (
        "C O N F I D E N T I A L MEXICO 002882 E.O. 12958: DECL: 10/04/2019 TAGS: KCRM PGOV "
        "SUBJECT: A SHORT SUBJECT Classified By: NAS Director Keith Mines, reasons 1.5 (b) (d) "
        "¶1 . ( C ) Text."
    )
    fields = parse_body(body)
    assert fields.subject == "A SHORT SUBJECT"
    assert fields.tags == ("KCRM", "PGOV")


def test_subject_starting_with_an_executive_order() -> None:
    body = (
        "S E C R E T WELLINGTON 000967 \n \nE.O. 12958: DECL: 12/07/2016 \n"
        "TAGS: KNNP PARM\nSUBJECT: E.O. 13382 ENTITIES -- EXAMPLES OF PROLIFERATION \n \n"
        "REF: SECSTATE 193703\n"
    )
    fields = parse_body(body)
    assert fields.subject == "E.O. 13382 ENTITIES -- EXAMPLES OF PROLIFERATION"
    assert fields.declassify_on == "2016-12-07"


def test_several_ref_blocks_and_lettered_items() -> None:
    body = (
        "CONFIDENTIAL MANAMA 000071 \n\nE.O. 12958: DECL: 02/12/2030 \nTAGS: PGOV PHUM BA\n"
        "SUBJECT: HUMAN RIGHTS \n \nREF: A. 08 MANAMA 471 \n     ¶B. 08 MANAMA 236 \n"
        "REF C: 09 MANAMA 220\n\nClassified By: CDA Christopher Henzel for reasons 1.4 (b) "
        "and (d).\n\n1.(SBU) Summary: text"
    )
    fields = parse_body(body)
    assert fields.references == (
        "REF: A. 08 MANAMA 471 ¶B. 08 MANAMA 236",
        "REF C: 09 MANAMA 220",
    )
    assert fields.classified_by == "CDA Christopher Henzel"
    assert fields.reasons == "1.4 (b) and (d)"


@pytest.mark.parametrize(
    ("line", "who", "reasons"),
    [
        (
            "CLASSIFIED BY DCM EARL IRVING. REASONS: 1.5 (B) AND (D).",
            "DCM EARL IRVING",
            "1.5 (B) AND (D)",
        ),
        (
            "CLASSIFIED BY: Richard G. Olson, Ambassador; REASON: 1.4(B), (D)",
            "Richard G. Olson, Ambassador",
            "1.4(B), (D)",
        ),
        (
            "Classified By: Ambassador Margaret Scobey for reasons 1.4 (b) and (d)",
            "Ambassador Margaret Scobey",
            "1.4 (b) and (d)",
        ),
        (
            "Classified By: ISN/MTR DIRECTOR PAM DURHAM FOR REASONS\n1.4 (b), (c), and (d).",
            "ISN/MTR DIRECTOR PAM DURHAM",
            "1.4 (b), (c), and (d)",
        ),
        ("Classified By: Ambassador X, per 1.4 (b) and (d)", "Ambassador X", "1.4 (b) and (d)"),
    ],
)
def test_classified_by(line: str, who: str, reasons: str) -> None:
    fields = parse_body(f"SECRET CAIRO 001265\n\nTAGS: PGOV\nSUBJECT: X\n\n{line}\n\n1. (S) Y")
    assert (fields.classified_by, fields.reasons) == (who, reasons)


@pytest.mark.parametrize(
    ("ending", "signer"),
    [
        ("text of the cable.\nPASCUAL", "PASCUAL"),
        (
            "text. Visit Mexico City's Classified Web Site at http://www.state.sgov.gov/p/wha / "
            "PASCUAL",
            "PASCUAL",
        ),
        ("End Comment.\n\nFEELEY\n\nNNNN", "FEELEY"),
        ("the end.\nVAN VOORST\n", "VAN VOORST"),
        ("regional challenges.\nMcCormick", "McCormick"),
        ("and the decision. STEVENS.", "STEVENS"),
        ("text.\nWAYNE \n\n\n=======================CABLE ENDS====================\n", "WAYNE"),
        ("text.\nCLINTON UNQUOTE CLINTON", "CLINTON"),
        ("text.\nBOYCE BOYCE", "BOYCE"),
        ("the talks went well and more will follow", None),
        ("text.\nEND SUMMARY", None),
        ("text.\nSENSITIVE BUT UNCLASSIFIED", None),
        ("support for the GOL.\nXXXXXXXXXXXX", None),
    ],
)
def test_signer(ending: str, signer: str | None) -> None:
    body = f"SECRET CAIRO 001265\n\nTAGS: PGOV\nSUBJECT: X\n\n1. (S) First paragraph.\n\n2. (S) {ending}"
    assert parse_body(body).signer == signer


def test_paragraph_forms_and_offsets() -> None:
    body = (
        "SECRET MEXICO 000083\n\nSUBJECT: X\n\n1. (C) One.\n¶2. (SBU) Two.\n3 . ( S / NF ) Three, "
        "see 1.4 (b).\n4.(S//NF) Four:\n  1. a list item\n5. (U) Five.\nPASCUAL\n"
    )
    fields = parse_body(body)
    got = [(p.number, p.marking) for p in fields.paragraphs]
    assert got == [(1, "C"), (2, "SBU"), (3, "S/NF"), (4, "S//NF"), (5, "U")]
    assert fields.paragraphs[-1].text == "5. (U) Five."
    for p in fields.paragraphs:
        assert body[p.start : p.end] == p.text


def test_redactions_are_runs_of_x_standing_alone() -> None:
    body = "SECRET X 000001\n\n1. (S) Met XXXXXXXXXXXX and xxxxx in the XXth year; XX stays.\n"
    fields = parse_body(body)
    assert [body[r.start : r.end] for r in fields.redactions] == ["XXXXXXXXXXXX", "xxxxx"]


def test_guardian_dateline_and_cable_dated() -> None:
    body = "Monday, 25 January 2010, 09:33\nS E C R E T ABU DHABI 000033 \nNOFORN \n"
    fields = parse_body(body)
    assert fields.dateline == "2010-01-25T09:33:00Z"
    assert fields.classification == "SECRET//NOFORN"
    assert (fields.post, fields.number) == ("ABUDHABI", "33")
    dated = parse_body("Cable dated:2005-11-16T09:53:00 C O N F I D E N T I A L PARIS 007777 ")
    assert dated.dateline == "2005-11-16T09:53:00Z"


def test_empty_and_headerless_text() -> None:
    assert parse_body("") == parse_body("")
    fields = parse_body("Just a sentence with no header at all.")
    assert fields.classification is None
    assert fields.tags == ()
    assert fields.subject is None
