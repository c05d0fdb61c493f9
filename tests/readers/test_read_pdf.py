"""PDFs with a text layer, handed on to the text reader that claims their text."""

from __future__ import annotations

from cablescope.model import Problem
from cablescope.readers import PdfReader, read
from cablescope.readers.pdf import NO_TEXT
from tests.readers.common import as_input, example, only_problem, only_record
from tests.readers.makers import render, render_blank


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n") if line.strip()]


def test_example_pdf_reads_as_the_telegram() -> None:
    pdf = example("pdf/07KINGSTON382.pdf")
    envelope, body = only_record(pdf, "examples/pdf/07KINGSTON382.pdf")
    telegram, telegram_body = only_record(example("telegram/07KINGSTON382.txt"))
    assert envelope.format == "pdf"
    assert envelope.path == "examples/pdf/07KINGSTON382.pdf"
    assert envelope.notes == ("pdf-text:telegram",)
    assert envelope.header == telegram.header
    assert _lines(body) == _lines(telegram_body)
    assert "¶1.  Post requests" in body


def test_example_pdf_is_reproducible() -> None:
    text = example("telegram/07KINGSTON382.txt").decode("latin-1")
    assert render(text, title="07KINGSTON382") == example("pdf/07KINGSTON382.pdf")


def test_plusd_printed_to_pdf() -> None:
    text = example("plusd/10MEXICO83.md").decode("utf-8")
    envelope, body = only_record(render(text))
    assert envelope.format == "pdf"
    assert envelope.id == "10MEXICO83_a"
    assert envelope.notes[-1] == "pdf-text:plusd"
    assert body.startswith("S E C R E T SECTION 01 OF 05 MEXICO 000083")


def test_scanned_pdf_is_a_problem() -> None:
    assert only_problem(render_blank()).message == NO_TEXT


def test_damaged_pdfs_are_problems() -> None:
    assert "unreadable PDF" in only_problem(b"%PDF-1.4\nnot really a pdf\n").message
    pdf = example("pdf/07KINGSTON382.pdf")
    items = list(read(as_input(pdf[: len(pdf) // 3])))
    assert len(items) == 1 and isinstance(items[0], Problem)


def test_text_that_is_no_cable() -> None:
    problem = only_problem(render("Dear diary,\nnothing happened today.\n"))
    assert problem.message == "PDF text does not read as a cable"


def test_match() -> None:
    assert PdfReader().match(as_input(b"%PDF-1.7\n")) == 100
    assert PdfReader().text_readers and PdfReader(()).text_readers == ()
    assert PdfReader().match(as_input(b"PDF")) == 0
