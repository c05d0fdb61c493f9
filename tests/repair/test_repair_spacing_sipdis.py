"""Letter-spaced classification words are joined; a repeated SIPDIS is dropped."""

from __future__ import annotations

import pytest

from cablescope.repair.sipdis import sipdis_edits
from cablescope.repair.spacing import letterspacing_edits
from tests.repair.common import applied


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("S E C R E T SECTION 01 OF 05 MEXICO 000083", "SECRET SECTION 01 OF 05 MEXICO 000083"),
        ("C O N F I D E N T I A L THE HAGUE 000131", "CONFIDENTIAL THE HAGUE 000131"),
        ("U N C L A S S I F I E D STATE 001234", "UNCLASSIFIED STATE 001234"),
        ("UNCLAS E F T O LONDON 002883", "UNCLAS EFTO LONDON 002883"),
        ("SE C R E T TUNIS 000193", "SECRET TUNIS 000193"),
        ("CO N F I D E N T I A L BOGOTA 005603", "CONFIDENTIAL BOGOTA 005603"),
        ("L I M I T E D  O F F I C I A L  U S E ROME 1", "LIMITED OFFICIAL USE ROME 1"),
        ("C O R R E C T E D  C O P Y (ADDED INFO ADDEES)", "CORRECTED COPY (ADDED INFO ADDEES)"),
        (
            "Cable dated:2005-11-29T14:19:00C O N F I D E N T I A L CAIRO",
            "Cable dated:2005-11-29T14:19:00CONFIDENTIAL CAIRO",
        ),
        ("\tS E C R E T BERN 001867 \\", "\tSECRET BERN 001867 \\"),
    ],
)
def test_classification_is_joined(raw: str, expected: str) -> None:
    assert applied(raw, letterspacing_edits(raw)) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "SECRET SECTION 01 OF 05",
        "C O N F I D E N T I A LCAIRO 000079",
        "the letters A S E C R E T",
        "a list: S E C, R E T",
        "grades A B C D E F",
    ],
)
def test_other_spacing_stays(raw: str) -> None:
    assert letterspacing_edits(raw) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "HAGUE 000131 \n \nSIPDIS \n \nSIPDIS \n \nSTATE FOR",
            "HAGUE 000131 \n \nSIPDIS \n \nSTATE FOR",
        ),
        ("SIPDIS\n\nSIPDIS\n\nSIPDIS\n\nE.O. 12958", "SIPDIS\n\nE.O. 12958"),
        ("SIPDIS \n\nSENSITIVE \n\nSIPDIS \n\nE.O.", "SIPDIS \n\nSENSITIVE \n\nE.O."),
        ("SIPDIS \\\n \\\nSIPDIS \\\n", "SIPDIS \\\n"),
        ("MADRID 000974 SIPDIS SIPDIS E.O. 12958", "MADRID 000974 SIPDIS E.O. 12958"),
    ],
)
def test_repeated_sipdis(raw: str, expected: str) -> None:
    assert applied(raw, sipdis_edits(raw)) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "SIPDIS\n\nSTATE FOR EUR\n\n¶1. (C) Text.\nSIPDIS\nmore text",
        "SIPDIS \n\nSIPDISX",
        "NOSIPDIS SIPDIS",
    ],
)
def test_distinct_sipdis_stay(raw: str) -> None:
    assert sipdis_edits(raw) == []
