"""Unwrapping cable text for statistical taggers, and mapping offsets back."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cablescope.model import Mention
from cablescope.tagging.spacy_backend import SpacyTagger
from cablescope.tagging.unwrap import unwrap

texts = st.text(st.sampled_from("ab \n\t\r.X"), max_size=60)


@given(texts)
def test_every_unwrapped_character_comes_from_the_original(text: str) -> None:
    view = unwrap(text)
    assert view.original == text
    assert len(view.origin) == len(view.text) + 1 and view.origin[-1] == len(text)
    assert list(view.origin) == sorted(set(view.origin))
    for i, char in enumerate(view.text):
        source = text[view.origin[i]]
        assert char == source or (char == " " and source.isspace())
    assert view.text.split() == text.split()
    for run in re.finditer(r"\s+", view.text):
        assert run.group() == " " or run.group().count("\n") >= 2


@given(texts)
def test_unwrapping_twice_changes_nothing_more(text: str) -> None:
    once = unwrap(text).text
    assert unwrap(once).text == once


@given(texts, st.data())
def test_spans_map_back_to_the_same_words(text: str, data: st.DataObject) -> None:
    view = unwrap(text)
    words = [(i, i + len(w)) for i, w in _words(view.text)]
    if not words:
        return
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    start, end = words[first][0], words[last][1]
    o_start, o_end = view.span(start, end)
    assert text[o_start:o_end].split() == view.text[start:end].split()
    assert view.position(o_start) == start and view.position(o_end - 1) + 1 == end


def _words(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for word in text.split():
        at = text.index(word, at)
        out.append((at, word))
        at += len(word)
    return out


def test_a_name_broken_across_lines_is_one_mention() -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Muhammad Abdallah Mansur al-Rimi"}])
    text = "1. Emboffs asked about Muhammad \nAbdallah Mansur al-Rimi, a detainee."
    (mentions,) = SpacyTagger("blank", nlp=nlp).tag([text])
    assert mentions == [Mention(23, 56, "PER", "Muhammad \nAbdallah Mansur al-Rimi", "spacy:blank")]
