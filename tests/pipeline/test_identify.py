"""Ids of cables whose wrapper gives none: inferred from the body, checked against the list."""

from __future__ import annotations

import tarfile

import pytest

from cablescope.model import Cable
from cablescope.pipeline.process import process_input
from tests.conftest import REVEAL_TAR, needs_shared


def _one(path: str, data: bytes) -> Cable:
    results = process_input(path, data)
    assert len(results) == 1
    assert isinstance(results[0], Cable), results[0]
    return results[0]


BODY = """UNCLAS SECTION 01 OF 02 REYKJAVIK 000452

SIPDIS

E.O. 12958: N/A
TAGS: PTER ASEC IC
SUBJECT: ICELAND: 2006 COUNTRY REPORTS ON TERRORISM

1. Post submits the following narrative.
"""


def test_year_from_the_declassification_date() -> None:
    text = BODY.replace("E.O. 12958: N/A", "E.O. 12958: DECL: 11/20/2016")
    cable = _one("body.txt", text.encode())
    assert (cable.id, cable.id_inferred) == ("06REYKJAVIK452", True)


def test_year_from_the_only_known_id_when_nothing_dates_the_cable() -> None:
    cable = _one("notes/some-file.txt", BODY.encode())
    assert (cable.id, cable.id_inferred) == ("06REYKJAVIK452", True)
    assert cable.date == "2006-12"
    assert [d.kind for d in cable.dates] == ["reference"]


def test_no_year_at_all_keeps_the_cable_with_a_provisional_id_and_says_why() -> None:
    text = BODY.replace("REYKJAVIK 000452", "REYKJAVIK 999452")
    cable, warning = process_input("body.txt", text.encode())
    assert isinstance(cable, Cable) and not isinstance(warning, Cable)
    assert (cable.id, cable.id_provisional) == ("REYKJAVIK999452", True)
    assert (warning.severity, warning.message) == (
        "warning",
        "kept with a provisional id: REYKJAVIK999452 (no year for REYKJAVIK 999452: no date "
        "or declassification date in the cable, and no known id fits)",
    )


def test_redacted_number_line_falls_back_to_a_known_file_name() -> None:
    text = BODY.replace("REYKJAVIK 000452", "XXXXXXXXXXXX 000452")
    cable = _one("cables/06REYKJAVIK452.txt", text.encode())
    assert (cable.id, cable.id_inferred) == ("06REYKJAVIK452", True)
    [problem] = process_input("cables/not-an-id.txt", text.encode())
    assert "no cable id" in problem.message  # type: ignore[union-attr]
    cable, warning = process_input("cables/06REYKJAVIK99452.txt", text.encode())
    assert isinstance(cable, Cable) and not isinstance(warning, Cable)
    assert (cable.id, cable.id_provisional, warning.severity) == (
        "06REYKJAVIK99452",
        True,
        "warning",
    )


@needs_shared
def test_wrapped_number_line_in_an_embedded_record() -> None:
    with tarfile.open(REVEAL_TAR, "r:gz") as tar:
        handle = tar.extractfile("cables/09THEHAGUE418.txt")
        assert handle is not None
        data = handle.read()
    cable = _one("x.txt", data)
    assert cable.id == "09THEHAGUE418"
    assert cable.classification == "SECRET"
    assert cable.subject is not None and cable.subject.startswith("NETHERLANDS/AFGHANISTAN")


@needs_shared
@pytest.mark.slow
def test_every_reveal_body_is_read_or_rejected_for_a_reason() -> None:
    rejected: dict[str, int] = {}
    kept: dict[str, int] = {}
    read = 0
    with tarfile.open(REVEAL_TAR, "r|gz") as tar:
        for member in tar:
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is None:
                continue
            for result in process_input(member.name, handle.read()):
                if isinstance(result, Cable):
                    read += 1
                elif result.rejected:
                    key = result.message.split(":")[0]
                    rejected[key] = rejected.get(key, 0) + 1
                else:
                    key = result.message.split(" (")[0]
                    kept[key] = kept.get(key, 0) + 1
    assert read == 6087
    # the 322 "Appears in these articles" stubs and the tarball's README
    assert rejected == {"unknown format": 323}
    # three bodies whose cable number is damaged beyond repair (BISHIEK 0, PAGE 2) are kept
    # under their file names
    assert kept == {
        "kept with a provisional id: 08SECTION01GF02BISHIEK21": 2,
        "kept with a provisional id: 00HARARE6677": 1,
    }
