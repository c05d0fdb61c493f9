"""The cables.csv dump: streamed records, broken rows, constant memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from cablescope.model import DateSeen, Envelope, Input, Problem
from cablescope.readers import CsvReader, read
from cablescope.readers.csvdump import iso_datetime
from tests.readers.common import as_input, example

SAMPLE = example("csv/cables-sample.csv")


def _records(data: bytes) -> list[tuple[Envelope, str] | Problem]:
    return list(read(as_input(data, "cables.csv")))


def test_sample_records() -> None:
    first, second = _records(SAMPLE)
    assert isinstance(first, tuple) and isinstance(second, tuple)
    envelope, body = first
    assert envelope.format == "cables-csv"
    assert envelope.path == "cables.csv#row=1"
    assert envelope.id == "66BUENOSAIRES2481"
    assert envelope.dates == (DateSeen("1966-12-28T18:48:00Z", "csv", "cables-csv"),)
    assert envelope.origin == "Embassy Buenos Aires"
    assert envelope.classification == "UNCLASSIFIED"
    assert envelope.references == ("66STATE106206",)
    assert envelope.header is not None
    assert envelope.header.startswith("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n")
    assert envelope.header.endswith("AMEMBASSY LONDON\nSTATE GRNC")
    assert body.startswith("UNCLASSIFIED BUENOS AIRES 2481 \n \nOriginal Telegram")
    assert 'OF "PREFERENTIAL JURISDICTION" FOR FISHING' in body
    assert second[0].id == "72TEHRAN1164"
    assert second[0].path == "cables.csv#row=2"
    assert second[0].references == ("72MOSCOW1603", "72TEHRAN1091", "72TEHRAN263")
    assert second[1].rstrip().endswith("HECK")
    assert envelope.sha256 != second[0].sha256


def test_broken_rows_are_problems_and_reading_goes_on() -> None:
    first_end = SAMPLE.index(b'"\n"2",') + 2
    short = b'"9","1/1/1970 0:00","70STATE1","Origin","UNCLASSIFIED","","header"\n'
    no_id = b'"10","1/1/1970 0:00","","Origin","UNCLASSIFIED","","header","body"\n'
    data = SAMPLE[:first_end] + short + no_id + SAMPLE[first_end:]
    items = _records(data)
    assert [type(item).__name__ for item in items] == ["tuple", "Problem", "Problem", "tuple"]
    assert isinstance(items[1], Problem) and isinstance(items[2], Problem)
    assert items[1].message == "record 2: 7 columns, expected 8"
    assert items[1].path == "cables.csv#row=2"
    assert items[2].message == "record 3: empty cable id"
    assert isinstance(items[3], tuple) and items[3][0].id == "72TEHRAN1164"
    assert items[3][0].path == "cables.csv#row=4"


def test_crlf_and_dates() -> None:
    data = (
        b'"1","2/5/1972 9:30","72TEHRAN1","Embassy Tehran","SECRET","","R 1\r\nFM X","A\r\nB"\r\n'
    )
    [(envelope, body)] = _records(data)  # type: ignore[misc]
    assert body == "A\nB" and envelope.header == "R 1\nFM X"
    assert iso_datetime("2/5/1972 9:30") == "1972-02-05T09:30:00Z"
    assert iso_datetime("13/5/1972 9:30") is None
    assert iso_datetime("12/28/1966") == "1966-12-28"


def test_match() -> None:
    assert CsvReader().match(as_input(SAMPLE)) == 80
    assert CsvReader().match(as_input(b"a,b,c\n1,2,3\n")) == 0


def _write_dump(path: Path, rows: int) -> None:
    body = ('PARAGRAPH OF TEXT WITH \\"QUOTES\\" AND, COMMAS.\n' * 20).encode()
    with path.open("wb") as out:
        for n in range(1, rows + 1):
            out.write(
                b'"%d","1/2/2009 10:%02d","09STATE%d","Secretary of State","CONFIDENTIAL",'
                b'"","O 021000Z JAN 09\nFM SECSTATE WASHDC","CONFIDENTIAL STATE %06d\n\n'
                % (n, n % 60, n, n)
                + body
                + b'"\n'
            )


def test_streams_in_constant_memory(tmp_path: Path) -> None:
    dump = tmp_path / "cables.csv"
    _write_dump(dump, 20_000)
    size = dump.stat().st_size
    assert size > 15 * 1024 * 1024
    with dump.open("rb") as stream:
        head = stream.read(65536)
    inp = Input(str(dump), head, size, lambda: dump.open("rb"))
    tracemalloc.start()
    try:
        count = 0
        for item in CsvReader().extract(inp):
            assert isinstance(item, tuple)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < 2 * 1024 * 1024, peak
