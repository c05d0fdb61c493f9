"""Readable cables that lack their year or their number line are kept with a provisional id."""

from __future__ import annotations

from pathlib import Path

from cablescope.grammar.ids import without_year
from cablescope.model import Cable, Problem
from cablescope.pipeline.ingest import ingest
from cablescope.pipeline.merge import merge
from cablescope.pipeline.process import process_input
from cablescope.readers.telegram import HEADER_ONLY, body_start
from cablescope.store.sqlite import SqliteStore
from tests.conftest import EXAMPLES, SHARED, needs_shared
from tests.readers.makers import render

# A real body (seed 000) with its number changed and its declassification date taken out:
# 06MEXICO999 and 09MEXICO999 both exist, so nothing tells which year this one is.
REAL = (EXAMPLES / "body" / "09MEXICO2882.txt").read_text()
UNDATED = REAL.replace("MEXICO 002882", "MEXICO 000999").replace(
    "E.O. 12958: DECL: 10/04/2019", "E.O. 12958: N/A"
)
# No Cablegate cable has this number in any year.
UNKNOWN = UNDATED.replace("MEXICO 000999", "MEXICO 009999")
DAMASCUS_HEADER = "O 131830Z JUN 00\nFM AMEMBASSY DAMASCUS\nTO SECSTATE WASHDC IMMEDIATE 4321\n"


def _kept(path: str, data: bytes) -> tuple[Cable, Problem]:
    cable, warning = process_input(path, data)
    assert isinstance(cable, Cable) and isinstance(warning, Problem), (cable, warning)
    assert (warning.severity, warning.rejected, warning.stage) == ("warning", False, "parse")
    assert warning.sha256 == cable.sources[0].sha256
    return cable, warning


def test_a_body_without_year_or_date_is_kept_with_a_yearless_id() -> None:
    cable, warning = _kept("uploads/body.txt", UNDATED.encode())
    assert (cable.id, cable.id_provisional, cable.id_inferred) == ("MEXICO999", True, False)
    assert cable.date is None
    assert cable.classification == "CONFIDENTIAL"
    assert cable.subject is not None and cable.subject.startswith("ELEMENTS OF GOM POLICY")
    assert warning.message == (
        "kept with a provisional id: MEXICO999 (no year for MEXICO 999: no date or "
        "declassification date in the cable, and several known ids fit (06MEXICO999, "
        "09MEXICO999))"
    )
    assert without_year("09MEXICO999") == cable.id


def test_the_file_name_gives_the_id_when_it_reads_as_one() -> None:
    cable, warning = _kept("cables/09MEXICO9999.txt", UNKNOWN.encode())
    assert (cable.id, cable.id_provisional, cable.id_inferred) == ("09MEXICO9999", True, True)
    assert warning.message.startswith("kept with a provisional id: 09MEXICO9999 (no year")
    assert warning.message.endswith("and no known id fits; the id is the file's name)")
    cable, _ = _kept("cables/not-an-id.txt", UNKNOWN.encode())
    assert cable.id == "MEXICO9999"


def test_a_dated_reading_is_not_provisional() -> None:
    [cable] = process_input("cables/09MEXICO2882.txt", REAL.encode())
    assert isinstance(cable, Cable)
    assert (cable.id, cable.id_provisional) == ("09MEXICO2882", False)


def test_a_pdf_with_only_a_routing_header_is_kept_under_its_file_name() -> None:
    cable, warning = _kept("scans/00DAMASCUS9999.pdf", render(DAMASCUS_HEADER))
    assert (cable.id, cable.id_provisional) == ("00DAMASCUS9999", True)
    assert cable.date == "2000-06-13T18:30:00Z"
    assert cable.origin == "Embassy Damascus"
    assert [d.name for d in cable.destinations] == ["SECSTATE WASHDC"]
    assert cable.text == "" and cable.header is not None
    assert HEADER_ONLY in cable.notes
    assert warning.message == (
        "kept with a provisional id: 00DAMASCUS9999 (no cable number in the text; "
        "the id is the file's name)"
    )
    [problem] = process_input("scans/page.pdf", render(DAMASCUS_HEADER))
    assert isinstance(problem, Problem) and problem.rejected
    assert problem.message.startswith("no cable id")


@needs_shared
def test_a_real_routing_header_named_by_a_known_id() -> None:
    telegram = (SHARED / "corpus" / "telegram-text" / "06NEWDELHI5138.txt").read_bytes()
    text = telegram.decode("latin-1").replace("\r\n", "\n")
    start = body_start(text)
    assert start is not None
    [cable] = process_input("pdf/06NEWDELHI5138.pdf", render(text[:start]))
    assert isinstance(cable, Cable)
    assert (cable.id, cable.id_provisional, cable.id_inferred) == ("06NEWDELHI5138", False, True)
    assert cable.date == "2006-07-21T10:10:00Z"
    assert cable.origin == "Embassy New Delhi"
    assert len(cable.destinations) == 24


def test_a_later_source_completes_a_provisional_reading() -> None:
    [provisional, _] = process_input("uploads/body.txt", UNDATED.encode())
    dated = UNDATED.replace("E.O. 12958: N/A", "E.O. 12958: DECL: 10/04/2019")
    [full] = process_input("cables/full.txt", dated.encode())
    assert isinstance(provisional, Cable) and isinstance(full, Cable)
    assert without_year(full.id) == provisional.id
    for order in ([provisional, full], [full, provisional]):
        merged = merge(order)
        assert (merged.id, merged.id_provisional, merged.id_inferred) == (
            "09MEXICO999",
            False,
            True,
        )
        assert len(merged.sources) == 2


def test_ingest_stores_the_provisional_cable_and_lists_why(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "body.txt").write_text(UNDATED)
    (folder / "09MEXICO9999.txt").write_text(UNKNOWN)
    dated = UNKNOWN.replace("E.O. 12958: N/A", "E.O. 12958: DECL: 10/04/2019")
    (folder / "later.txt").write_text(dated)
    with SqliteStore.open(str(tmp_path / "db.sqlite")) as store:
        summary = ingest([str(folder)], store, workers=1)
        yearless = store.get_cable("MEXICO999")
        completed = store.get_cable("09MEXICO9999")
        listed = sorted(p.message.split(" (")[0] for p in store.problems())
    assert [p for p in summary.problems if p.rejected] == []
    assert yearless is not None and yearless.id_provisional
    # the later, dated source of the same cable takes the provisional flag away
    assert completed is not None and not completed.id_provisional
    assert len(completed.sources) == 2
    assert listed == [
        "kept with a provisional id: 09MEXICO9999",
        "kept with a provisional id: MEXICO999",
    ]


def test_ingest_keeps_it_with_a_warning_and_the_full_id_adopts_it_later(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "body.txt").write_text(UNDATED)
    (folder / "empty.txt").write_text("")  # an old problem, so that ingest mends problems
    with SqliteStore.open(str(tmp_path / "p.db")) as store:
        first = ingest([str(folder)], store, workers=0)
        assert (first.new, first.rejected, len(first.warnings)) == (1, 1, 1)
        assert store.get_cable("MEXICO999") is not None
        again = ingest([str(folder)], store, workers=0)
        assert (again.new, again.rejected) == (0, 1)
        messages = [p.message for p in store.problems() if p.path.endswith("body.txt")]
        assert messages and messages[0].startswith("kept with a provisional id: MEXICO999")
        full = tmp_path / "09MEXICO999.txt"
        full.write_text(REAL.replace("MEXICO 002882", "MEXICO 000999"))
        later = ingest([str(full)], store, workers=0)
        assert later.new == 1
        assert store.get_cable("MEXICO999") is None
        cable = store.get_cable("09MEXICO999")
        assert cable is not None and not cable.id_provisional
        assert len(store.readings("09MEXICO999")) == 2
        rerun = ingest([str(folder), str(full)], store, workers=0)
        assert (rerun.new, rerun.updated) == (0, 0)
        assert store.count() == 1
