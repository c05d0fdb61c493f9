"""Transmission headers: VZCZC telegrams, cable-viewer routing blocks, cables.csv routing."""

from __future__ import annotations

import csv
import io

import pytest
from grammar_helpers import CSV_SAMPLE, TELEGRAMS, needs_shared, telegram

from cablescope.grammar import origin_name, parse_body, parse_routing, split_header
from cablescope.model import Destination

VIEWER_HEADER = """VZCZCXYZ0000
RR RUEHWEB

DE RUEHAD #0033/01 0250933
ZNY SSSSS ZZH
R 250933Z JAN 10
FM AMEMBASSY ABU DHABI
TO RHEHNSC/WHITE HOUSE NATIONAL SECURITY COUNCIL WASHINGTON DC
RUEATRS/DEPT OF TREASURY WASHINGTON DC
RUEHC/SECSTATE WASHDC 0187
INFO GULF COOPERATION COUNCIL COLLECTIVE
RHMFISS/HQ USCENTCOM MACDILL AFB FL
RUEHAM/AMEMBASSY AMMAN 0010"""


def test_viewer_routing_block() -> None:
    routing = parse_routing(VIEWER_HEADER)
    assert routing.dtg == "2010-01-25T09:33:00Z"
    assert routing.precedence == "ROUTINE"
    assert routing.origin_raw == "AMEMBASSY ABU DHABI"
    assert routing.classification_hint == "S"
    assert (routing.station, routing.serial) == ("RUEHAD", "0033")
    assert routing.destinations[0] == Destination(
        name="WHITE HOUSE NATIONAL SECURITY COUNCIL WASHINGTON DC", kind="to", routing="RHEHNSC"
    )
    assert routing.destinations[2] == Destination(
        name="SECSTATE WASHDC", kind="to", routing="RUEHC"
    )
    assert routing.destinations[3] == Destination(
        name="GULF COOPERATION COUNCIL COLLECTIVE", kind="info"
    )
    assert [d.kind for d in routing.destinations] == ["to"] * 3 + ["info"] * 3


@pytest.mark.parametrize(
    ("line", "dtg", "precedence"),
    [
        ("O R 292049Z JAN 10", "2010-01-29T20:49:00Z", "IMMEDIATE"),
        ("P 191558Z MAR 07", "2007-03-19T15:58:00Z", "PRIORITY"),
        ("O 211010Z JUL 06", "2006-07-21T10:10:00Z", "IMMEDIATE"),
        ("P R 281848Z DEC 66", "1966-12-28T18:48:00Z", "PRIORITY"),
        ("Z 010000Z FEB 99", "1999-02-01T00:00:00Z", "FLASH"),
    ],
)
def test_precedence_and_date_time_group(line: str, dtg: str, precedence: str) -> None:
    routing = parse_routing(f"{line}\nFM AMEMBASSY MEXICO\nTO SECSTATE WASHDC\n")
    assert (routing.dtg, routing.precedence) == (dtg, precedence)


def test_addressee_precedence_and_serial() -> None:
    routing = parse_routing(
        "O 211010Z JUL 06\nFM AMEMBASSY NEW DELHI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 6831\n"
        "INFO RUCNDT/USMISSION USUN NEW YORK PRIORITY 0095\nRUEHZL/EUROPEAN POLITICAL COLLECTIVE\n"
        "RUEHLP/AMEMBASSY LA PAZ NIACT IMMEDIATE\n"
    )
    assert routing.destinations == (
        Destination("SECSTATE WASHDC", "to", "RUEHC", "IMMEDIATE"),
        Destination("USMISSION USUN NEW YORK", "info", "RUCNDT", "PRIORITY"),
        Destination("EUROPEAN POLITICAL COLLECTIVE", "info", "RUEHZL", None),
        Destination("AMEMBASSY LA PAZ", "info", "RUEHLP", "NIACT IMMEDIATE"),
    )


def test_distribution_lists_are_not_addressees() -> None:
    header = (
        "INFO  LOG-00   MFA-00   EEB-00   AF-00\n      AOP-00   AEX-00    /007R\n\n\n"
        "P 182318Z FEB 09\nFM SECSTATE WASHDC\nTO PAGE 02        STATE   015113  182333Z \n"
        "ALL DIPLOMATIC POSTS COLLECTIVE PRIORITY\nAMEMBASSY TRIPOLI PRIORITY"
    )
    routing = parse_routing(header)
    assert routing.origin_raw == "SECSTATE WASHDC"
    assert [d.name for d in routing.destinations] == [
        "ALL DIPLOMATIC POSTS COLLECTIVE",
        "AMEMBASSY TRIPOLI",
    ]


def test_empty_header() -> None:
    routing = parse_routing("")
    assert routing.dtg is None and routing.destinations == ()


@needs_shared
@pytest.mark.parametrize("name", sorted(p.name for p in TELEGRAMS.glob("*.txt")) or ["none"])
def test_raw_telegrams_split_and_parse(name: str) -> None:
    text = telegram(name)
    header, body = split_header(text)
    assert header is not None and header.startswith("VZCZC")
    routing = parse_routing(header)
    fields = parse_body(body)
    cable_id = name.removesuffix(".txt")
    assert routing.dtg is not None and routing.dtg[2:4] == cable_id[:2]
    assert routing.origin_raw is not None and origin_name(routing.origin_raw)
    assert routing.destinations and routing.destinations[0].kind == "to"
    assert fields.post is not None and cable_id == f"{cable_id[:2]}{fields.post}{fields.number}"
    assert fields.tags and fields.subject


@needs_shared
def test_telegram_07bogota1232() -> None:
    header, body = split_header(telegram("07BOGOTA1232.txt"))
    assert body.startswith("CONFIDENTIAL BOGOTA 001232")
    routing = parse_routing(header or "")
    assert routing.dtg == "2007-02-21T23:31:00Z"
    assert (routing.station, routing.serial, routing.classification_hint) == ("RUEHBO", "1232", "C")


def test_split_header_without_a_header() -> None:
    assert split_header("CONFIDENTIAL BOGOTA 001232\n\nTAGS: PGOV") == (
        None,
        "CONFIDENTIAL BOGOTA 001232\n\nTAGS: PGOV",
    )
    assert split_header("VZCZCXRO1\nno classification line anywhere") == (
        None,
        "VZCZCXRO1\nno classification line anywhere",
    )


@needs_shared
def test_cables_csv_routing() -> None:
    rows = list(csv.reader(io.StringIO(CSV_SAMPLE.read_text(encoding="utf-8")), escapechar="\\"))
    routing = parse_routing(rows[0][6])
    assert routing.dtg == "1966-12-28T18:48:00Z"
    assert routing.precedence == "PRIORITY"
    assert routing.origin_raw == "AMEMBASSY BUENOS AIRES"
    assert routing.destinations[0] == Destination("SECSTATE WASHDC", "to", None, "PRIORITY")
    assert routing.destinations[1] == Destination("USCINCSO", "info")
    assert routing.destinations[-1].name == "STATE GRNC"
    fields = parse_body(rows[0][7])
    assert (fields.classification, fields.post, fields.number) == (
        "UNCLASSIFIED",
        "BUENOSAIRES",
        "2481",
    )
    assert fields.declassify_on is None
    assert fields.tags == ("EFIS", "PBTS", "AR")
