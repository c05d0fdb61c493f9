"""Tagging time grows linearly with the length of a damaged line: spaCy's tokenizer is
quadratic in the length of a run without whitespace made of prefix or suffix characters
(``"`` repeated), so the tagger never hands it a run longer than ``LONGEST_WORD``."""

from __future__ import annotations

import time
from pathlib import Path

from cablescope.tagging.spacy_backend import SpacyTagger, import_spacy
from cablescope.tagging.unwrap import LONGEST_WORD

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _with_line(line: str) -> str:
    lines = (EXAMPLES / "telegram/09PARIS997.txt").read_text(encoding="latin-1").split("\n")
    lines[100:100] = [line]
    return "\n".join(lines)


def _seconds(text: str) -> float:
    """The fastest of three taggings of ``text`` by spaCy's tokenizer alone, each with a
    fresh pipeline (the tokenizer caches the words it has seen)."""
    best = float("inf")
    for _ in range(3):
        tagger = SpacyTagger("blank", nlp=import_spacy().blank("en"))
        start = time.perf_counter()
        (mentions,) = tagger.tag([text])
        best = min(best, time.perf_counter() - start)
        assert mentions == []
    return best


def test_a_line_of_quotes_four_times_longer_takes_about_four_times_longer() -> None:
    n = 4_000
    assert n > 10 * LONGEST_WORD
    short = _seconds(_with_line('"' * n))
    long = _seconds(_with_line('"' * (4 * n)))
    assert long < 8 * short, (short, long)
    assert long < 2.0, long
