"""Long texts are tagged in pieces cut at blank lines, with the same mentions as whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablescope.tagging.registry import get_tagger
from cablescope.model import Mention
from cablescope.tagging.spacy_backend import (
    CONTEXT,
    SpacyTagger,
    cuts,
    import_spacy,
    own_model,
)
from cablescope.tagging.unwrap import unwrap

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CABLES = ("telegram/09PARIS997.txt", "telegram/07BOGOTA1232.txt", "body/00HARARE5461.txt")


def _cable(name: str) -> str:
    return (EXAMPLES / name).read_bytes().decode("latin-1")


@pytest.mark.parametrize("name", CABLES)
def test_a_cable_cut_in_pieces_has_the_mentions_of_the_whole(name: str) -> None:
    text = _cable(name)
    assert len(cuts(unwrap(text).text, 400)) >= 10
    (whole,) = get_tagger("cablescope").tag([text])
    (pieces,) = get_tagger("cablescope", piece=400).tag([text])
    assert len(whole) > 30
    assert pieces == whole


def test_a_text_over_the_pipelines_max_length_is_tagged() -> None:
    """spaCy refuses a text over ``nlp.max_length`` (E088): a 2 MB line used to end the
    whole ingest. Here the limit is lowered so that five cables in a row go over it."""
    text = "\n\n".join(_cable(name) for name in (*CABLES, *CABLES[:2]))
    nlp = import_spacy().load(own_model())
    nlp.max_length = 15_000
    assert len(text) > 3 * nlp.max_length
    short = SpacyTagger(str(own_model()), nlp=nlp, backend="cablescope")
    (mentions,) = short.tag([text])
    (whole,) = get_tagger("cablescope").tag([text])
    assert mentions == whole


def test_a_line_longer_than_a_piece_is_cut_between_words_or_anywhere() -> None:
    lines = _cable("telegram/07KINGSTON382.txt").split("\n")
    lines[30:30] = ["word " * 2_000 + "x" * 7_000]
    text = "\n".join(lines)
    starts = cuts(unwrap(text).text, 3_000)
    assert len(starts) >= 7
    (whole,) = get_tagger("cablescope").tag([text])
    (pieces,) = get_tagger("cablescope", piece=3_000).tag([text])
    assert len(whole) > 20
    # The model reads the x-run as words of LONGEST_WORD characters and may tag them as one
    # entity longer than the context: a piece ends it at its own end, from the same start.
    assert _short(pieces) == _short(whole)
    assert [m.start for m in pieces if m not in _short(pieces)] == [
        m.start for m in whole if m not in _short(whole)
    ]


def _short(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.end - m.start <= CONTEXT]


def test_cuts_fall_after_blank_lines_then_between_words_then_anywhere() -> None:
    assert cuts("aaaa bbbb\n\ncccc dddd eeee", 16) == [0, 11]
    assert cuts("aaaa bbbb cccc dddd", 12) == [0, 10]
    assert cuts("x" * 25, 10) == [0, 10, 20]
    assert cuts("short", 10) == [0]


@given(st.text(st.sampled_from("ab \n"), max_size=300), st.integers(1, 40))
def test_cuts_cover_the_text_in_pieces_that_fit(text: str, piece: int) -> None:
    starts = cuts(text, piece)
    ends = [*starts[1:], len(text)]
    assert starts[0] == 0
    assert all(0 < end - start <= piece for start, end in zip(starts, ends)) or text == ""
