"""Where the REF blocks lie: ``reference_spans`` bounds the blocks that ``parse_body`` reads."""

from __future__ import annotations

from cablescope.grammar._head import collapse
from cablescope.grammar.header import parse_body, reference_spans
from tests.grammar.grammar_helpers import TELEGRAMS, needs_shared, telegram


def _agrees(text: str) -> int:
    spans = reference_spans(text)
    assert tuple(collapse(text[s:e]) for s, e in spans) == parse_body(text).references
    return len(spans)


def test_a_list_over_lines_and_a_second_block() -> None:
    text = (
        "C O N F I D E N T I A L LIMA 001348 \n \nSUBJECT: GARCIA AT TWO YEARS \n \n"
        "REF: A. LIMA 389 \n     ¶B. LIMA 1191 \n \n     C. LIMA 1081 \n \n"
        "Classified By: Amb. P Michael McKinley for reasons 1.4b and d. \n \n¶1. (C) Text."
    )
    ((start, end),) = reference_spans(text)
    assert text[start:end].rstrip().endswith("C. LIMA 1081")
    assert _agrees(text) == 1


def test_no_references() -> None:
    assert reference_spans("UNCLAS LIMA 000001 \n\nSUBJECT: NONE\n\n1. Text.") == []


@needs_shared
def test_the_telegrams_agree() -> None:
    blocks = sum(_agrees(telegram(path.name)) for path in sorted(TELEGRAMS.iterdir()))
    assert blocks > 0
