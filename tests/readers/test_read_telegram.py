"""Raw telegrams: Latin-1, CRLF, transmission header split from the body."""

from __future__ import annotations

import pytest

from cablescope.readers import TelegramReader
from cablescope.model import Problem
from cablescope.readers.telegram import HEADER_ONLY, body_start
from tests.readers.common import (
    TELEGRAMS,
    as_input,
    example,
    needs_shared,
    only_problem,
    only_record,
)

KINGSTON = example("telegram/07KINGSTON382.txt")


def test_kingston() -> None:
    envelope, body = only_record(KINGSTON, "telegram-text/07KINGSTON382.txt")
    assert envelope.format == "telegram"
    assert envelope.id is None  # the file name is not trusted
    assert envelope.header == (
        "VZCZCXYZ0015\nPP RUEHWEB\nDE RUEHKG #0382 0781558\nZNR UUUUU ZZH\n"
        "P 191558Z MAR 07\nFM AMEMBASSY KINGSTON\nTO SECSTATE WASHDC PRIORITY 4496"
    )
    assert body.startswith("UNCLAS KINGSTON 000382 \n \nSIPDIS \n")
    assert "\n¶1.  Post requests the Department's assistance" in body
    assert "\r" not in body
    assert body.endswith("\nJOHNSON")


@pytest.mark.parametrize(
    ("name", "first", "last_header_line"),
    [
        (
            "07BOGOTA1232.txt",
            "CONFIDENTIAL BOGOTA 001232 \n",
            "RUEKJCS/SECDEF WASHDC//USDP ADMIN/CHAIRS//",
        ),
        (
            "09PARIS997.txt",
            "CONFIDENTIAL SECTION 01 OF 02 PARIS 000997 \n",
            "RHMFISS/HQ USAFRICOM STUTTGART GE PRIORITY",
        ),
    ],
)
def test_examples(name: str, first: str, last_header_line: str) -> None:
    envelope, body = only_record(example(f"telegram/{name}"))
    assert body.startswith(first)
    assert envelope.header is not None and envelope.header.startswith("VZCZC")
    assert envelope.header.endswith(last_header_line)


def test_utf8_copy_reads_the_same() -> None:
    _, body = only_record(KINGSTON)
    _, again = only_record(KINGSTON.decode("latin-1").encode("utf-8"))
    assert again == body


@needs_shared
def test_every_shared_telegram() -> None:
    for path in sorted(TELEGRAMS.glob("*.txt")):
        envelope, body = only_record(path.read_bytes(), str(path))
        assert envelope.format == "telegram"
        assert envelope.header is not None and envelope.header.startswith("VZCZC")
        assert body_start(body) == 0
        assert "TAGS" in body[:2000] and "SUBJECT" in body[:2000]


def test_fallback_scores() -> None:
    reader = TelegramReader()
    plain = b"SECRET STATE 012345\n\nTAGS: PREL\nSUBJECT: TEST\n\n1. TEXT.\n"
    assert reader.match(as_input(plain)) == 20
    assert reader.match(as_input(KINGSTON)) == 50
    assert reader.match(as_input(b"VZCZC\nFM X\nTO Y\nno class line\n")) == 0


def test_no_classification_line() -> None:
    items = list(TelegramReader().extract(as_input(b"VZCZCXYZ0015\nPP RUEHWEB\nFM X\n")))
    assert len(items) == 1 and "classification" in str(items[0])
    assert only_problem(b"just some words\n").message.startswith("unknown format")


def test_a_bare_routing_header_is_read_with_an_empty_body() -> None:
    header = KINGSTON[: KINGSTON.index(b"UNCLAS KINGSTON")]
    assert TelegramReader().match(as_input(header)) == 10
    [item] = list(TelegramReader().extract(as_input(header)))
    assert not isinstance(item, Problem)
    envelope, body = item
    assert body == "" and envelope.notes == (HEADER_ONLY,)
    assert envelope.header is not None and envelope.header.startswith("VZCZC")
    assert "FM AMEMBASSY KINGSTON" in envelope.header


def test_a_telegram_with_a_damaged_classification_line_is_no_bare_header() -> None:
    damaged = KINGSTON.replace(b"UNCLAS KINGSTON 000382", b"UNXXXX KINGSTON 000382")
    assert TelegramReader().match(as_input(damaged)) == 0
    [item] = list(TelegramReader().extract(as_input(damaged)))
    assert isinstance(item, Problem) and "classification" in item.message
