"""The damaged Cablegate pages named in docs/record.md, read from the corpus in ../shared:
records and routing headers out of the text and into the record, raw text kept."""

from __future__ import annotations

import re

import pytest

from cablescope.model import Cable, RepairedText
from cablescope.pipeline.process import process_input
from cablescope.repair._offsets import OffsetMap
from cablescope.tagging.routing import is_routing
from tests.conftest import SHARED, corpus_pages
from tests.repair.common import assert_consistent

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present"),
]

PAGES = (
    "08LIMA1348",  # labelled record after an excerpt; REF letters marked
    "10BUENOSAIRES91",  # a damaged CSV row
    "07MEXICO1581",  # one field a line
    "09KABUL1377",  # one field a line, no header
    "06BERN898",  # a tab-separated row, every line end escaped
    "07HAVANA258",  # capitalised labels
    "06THEHAGUE1739",  # a CSV row after an excerpt
    "06PARIS1236",  # a header after the signature
    "90CAPETOWN97",  # a header before each later section
    "09BERN279",  # another cable's row and text after the text
    "05BRASILIA760",  # a REF list starting on the line after its label
)
_RECORD_LEFT = re.compile(r"(?m)header ends|^id: \d|^refid: |^DESTINATION: |\t\d{2}[A-Z]+\d+\t")


@pytest.fixture(scope="module")
def cables() -> dict[str, Cable]:
    wanted = {f"{name}.html" for name in PAGES}
    found: dict[str, Cable] = {}
    for name, data in corpus_pages():
        if name.rsplit("/", 1)[-1] in wanted:
            (cable,) = process_input(name, data)
            assert isinstance(cable, Cable)
            found[cable.id] = cable
    assert set(found) == set(PAGES)
    return found


def test_no_record_or_header_left(cables: dict[str, Cable]) -> None:
    for cable in cables.values():
        assert not is_routing(cable.text), cable.id
        assert _RECORD_LEFT.search(cable.text) is None, cable.id
        assert cable.raw != cable.text


def test_lima_1348(cables: dict[str, Cable]) -> None:
    cable = cables["08LIMA1348"]
    # The excerpt, the record and its header are gone: the text opens with the cable.
    assert cable.text.startswith("CONFIDENTIAL SECTION 01 OF 03 LIMA 001348")
    assert cable.text.count("SUBJECT: PRESIDENT GARCIA AT TWO YEARS") == 1
    assert cable.text.rstrip().endswith("MCKINLEY")
    assert "CABLE ENDS" not in cable.text
    # The REF letters are no paragraphs; the numbered paragraphs keep their mark.
    assert "REF: A. LIMA 389 \n     B. LIMA 1191 \n     C. LIMA 1081" in cable.text
    assert "¶B." not in cable.text and "¶1. (C) Summary" in cable.text
    assert {r.id for r in cable.references} >= {"08LIMA389", "08LIMA1191", "08LIMA1081"}
    # The header is the record's, raw keeps everything, offsets map back into it.
    assert cable.header is not None and "DE RUEHPE #1348/01" in cable.header
    assert "id: 166149" in cable.raw and "RUEHHO RUEHMC" in cable.raw
    at = OffsetMap(_repaired(cable)).to_raw(0)
    assert cable.raw[at:].startswith("C O N F I D E N T I A L SECTION 01 OF 03 LIMA 001348")
    assert cable.raw.index("header ends") < at


def test_buenos_aires_91(cables: dict[str, Cable]) -> None:
    cable = cables["10BUENOSAIRES91"]
    assert cable.text.startswith("CONFIDENTIAL  BUENOS AIRES 000091 SIPDIS")
    assert "Embassy Buenos Airres" not in cable.text
    assert cable.header is not None and "DE RUEHBU #0091/01" in cable.header


def test_record_shapes_open_with_the_cable(cables: dict[str, Cable]) -> None:
    opening = {
        "07MEXICO1581": "CONFIDENTIAL SECTION 01 OF 02 MEXICO 001581",
        "09KABUL1377": "CONFIDENTIAL SECTION 01 OF 02 KABUL 001377",
        "06BERN898": "UNCLAS BERN 000898",
        "07HAVANA258": "CONFIDENTIAL SECTION 01 OF 02 HAVANA 000258",
        "06THEHAGUE1739": "CONFIDENTIAL THE HAGUE 001739",
    }
    for cid, start in opening.items():
        assert cables[cid].text.startswith(start), cid
    assert "\\\n" not in cables["06BERN898"].text


def test_headers_inside_the_text(cables: dict[str, Cable]) -> None:
    paris = cables["06PARIS1236"]
    assert paris.text.rstrip().endswith("Stapleton")
    cape = cables["90CAPETOWN97"]
    assert "FM AMCONSUL CAPE TOWN" not in cape.text
    assert cape.text.count("SECTION 02 OF 03 CAPE TOWN") == 1
    bern = cables["09BERN279"]
    assert "COTONOU" not in bern.text and bern.text.rstrip().endswith("CARTER")


def test_ref_list_after_its_label(cables: dict[str, Cable]) -> None:
    text = cables["05BRASILIA760"].text
    assert "REF: \nA. BRASILIA 564 \nB. BRASILIA 574" in text


def test_edits_are_consistent(cables: dict[str, Cable]) -> None:
    for cable in cables.values():
        assert_consistent(_repaired(cable))


def _repaired(cable: Cable) -> RepairedText:
    return RepairedText(raw=cable.raw, text=cable.text, edits=cable.edits)
