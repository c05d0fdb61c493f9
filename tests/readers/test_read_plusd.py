"""PlusD markdown records from the National Security Archive."""

from __future__ import annotations

from cablescope.model import DateSeen, Destination, Tag
from cablescope.readers import PlusdReader
from cablescope.readers.plusd import FOOTER_NOTE, iso_date, unescape
from tests.readers.common import as_input, example, only_problem, only_record

RECORD = example("plusd/10MEXICO83.md")


def test_envelope() -> None:
    envelope, _ = only_record(RECORD, "plusd/10MEXICO83.md")
    assert envelope.format == "plusd"
    assert envelope.id == "10MEXICO83_a"
    assert envelope.subject is not None and envelope.subject.startswith("SCENESETTER FOR THE")
    assert envelope.origin == "Mexico Mexico City"
    assert envelope.classification == "SECRET"
    assert envelope.dates == (DateSeen("2010-01-29T20:49:00Z", "plusd", "plusd"),)
    assert envelope.references == ()
    assert len(envelope.destinations) == 14
    assert envelope.destinations[0] == Destination("ALL US CONSULATES IN MEXICO COLLECTIVE", "to")
    assert Destination("United States Southern Command (Miami)", "to") in envelope.destinations
    assert envelope.tags == (
        Tag("KCRM", "Criminal Activity"),
        Tag("MX", "Mexico"),
        Tag("PREL", "Political Affairs--External Political Relations"),
        Tag("PGOV", "Political Affairs--Government; Internal Governmental Affairs"),
        Tag("PHUM", "Political Affairs--Human Rights"),
        Tag("SNAR", "Social Affairs--Narcotics"),
    )
    assert "Type: TE" in envelope.notes
    assert "Document Character Count: 18084" in envelope.notes
    assert not any("Not Assigned" in note or "N/A" in note for note in envelope.notes)


def test_body_and_footer() -> None:
    envelope, body = only_record(RECORD)
    assert body.startswith("S E C R E T SECTION 01 OF 05 MEXICO 000083\n\nSIPDIS\n")
    assert body.endswith("with their security partners.\n\nFEELEY")
    assert "#### Political and Economic Context\n\n-----" in body
    assert "a $200 million dollar" in body
    assert "ARCHIVE" not in body and "Gelman" not in body
    footers = [note for note in envelope.notes if note.startswith(FOOTER_NOTE)]
    assert len(footers) == 1
    assert "The National Security Archive" in footers[0] and "Gelman Library" in footers[0]


def test_two_records_in_one_file() -> None:
    items = [item for item in PlusdReader().extract(as_input(RECORD + b"\n" + RECORD))]
    assert len(items) == 2
    assert all(isinstance(item, tuple) and item[0].id == "10MEXICO83_a" for item in items)


def test_record_without_body_rule() -> None:
    broken = RECORD.replace(b"\n---\n", b"\n")
    assert "---" in only_problem(broken).message


def test_values() -> None:
    assert unescape(r"10MEXICO83\_a costs \$5 \\ a\b") == r"10MEXICO83_a costs $5 \ a\b"
    assert iso_date("2010 January 29, 20:49 (Friday)") == "2010-01-29T20:49:00Z"
    assert iso_date("1975 March 3") == "1975-03-03"
    assert iso_date("2010 Smarch 3, 10:00") is None
