"""Body-only files: the viewer's <code><pre> block, plain text, and the annotated twin."""

from __future__ import annotations

from cablescope.readers import AnnotatedBodyReader, BodyReader, TelegramReader
from cablescope.readers.body import TOKENISED, is_tokenised
from tests.readers.common import as_input, example, only_problem, only_record

HARARE = example("body/00HARARE5461.txt")
ANNOTATED = example("annotated/09MEXICO2882.txt")


def test_pre_block_body() -> None:
    envelope, body = only_record(HARARE, "cables/00HARARE5461.txt")
    assert envelope.format == "body-text"
    assert envelope.id is None and envelope.dates == () and envelope.notes == ()
    assert body.startswith("C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461 \n\nSIPDIS")
    assert "\n¶1. (C) ACCORDING TO A SENIOR MDC ADVISOR" in body
    assert body.endswith("MCDONALD\n CONFIDENTIAL\n>")
    assert "<a" not in body and "</pre>" not in body


def test_plain_text_body() -> None:
    _, body = only_record(HARARE)
    envelope, plain = only_record(body.encode("utf-8"))
    assert envelope.format == "body-text"
    assert plain == body
    dated = "Wednesday, 29 November 2000, 13:59\n" + body
    assert only_record(dated.encode("utf-8"))[1] == dated


def test_plain_body_beats_the_telegram_fallback() -> None:
    _, body = only_record(HARARE)
    inp = as_input(body.encode("utf-8"))
    assert BodyReader().match(inp) > TelegramReader().match(inp) > 0


def test_annotated_keeps_marks_and_says_tokenised() -> None:
    envelope, body = only_record(ANNOTATED, "annotated/09MEXICO2882.txt")
    assert envelope.format == "body-annotated"
    assert envelope.notes == (TOKENISED,)
    assert envelope.id is None
    assert body.startswith("C O N F I D E N T I A L [LOC MEXICO  ] 002882 E.O. 12958:")
    assert "TAGS: KCRM PGOV SNAR MX SUBJECT:" in body
    assert "Classified By: NAS Director [PER Keith Mines  ] , reasons" in body
    assert "¶1 . \n( C ) [MISC Summary: At  ] a dinner" in body
    assert body.endswith("/communities/state/nap / PASCUAL")


def test_plain_and_annotated_twins_are_told_apart() -> None:
    plain = as_input(example("body/09MEXICO2882.txt"))
    marked = as_input(ANNOTATED)
    assert BodyReader().match(plain) == 60 and AnnotatedBodyReader().match(plain) == 0
    assert AnnotatedBodyReader().match(marked) == 70 and BodyReader().match(marked) == 0


def test_is_tokenised() -> None:
    assert is_tokenised("met [PER Keith Mines  ] today")
    assert is_tokenised("a , b , c , d , e , f , g")
    assert not is_tokenised("a, b, c, d, e, f, g [PER x]")


def test_unclosed_pre_is_a_problem() -> None:
    cut = HARARE[: HARARE.index(b"</pre>")]
    assert "never closed" in only_problem(cut).message


def test_empty_pre_is_a_problem() -> None:
    assert BodyReader().match(as_input(b"<code><pre> \n</pre></code>")) == 60
    items = list(BodyReader().extract(as_input(b"<code><pre> \n</pre></code>")))
    assert len(items) == 1 and "empty" in str(items[0])


def test_article_stub_is_not_a_body() -> None:
    problem = only_problem(b"Appears in these articles:<br />\n")
    assert problem.message.startswith("unknown format")
