"""Unwrapping cable text for statistical taggers, and mapping offsets back."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cablescope.model import Mention
from cablescope.tagging.spacy_backend import SpacyTagger
from cablescope.tagging.unwrap import LONGEST_WORD, unwrap

texts = st.text(st.sampled_from("ab \n\t\r.X\u00a0\u2003"), max_size=60)
long_words = st.lists(
    st.text(st.sampled_from('a".'), min_size=1, max_size=3 * LONGEST_WORD)
    | st.text(st.sampled_from(" \n\u00a0"), min_size=1, max_size=3),
    max_size=6,
).map("".join)


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


@given(long_words)
def test_no_word_is_longer_than_the_longest_and_all_map_back(text: str) -> None:
    view = unwrap(text)
    assert max((len(w) for w in view.text.split()), default=0) <= LONGEST_WORD
    assert "".join(view.text.split()) == "".join(text.split())
    assert list(view.origin) == sorted(view.origin) and view.origin[-1] == len(text)
    for i, char in enumerate(view.text):
        assert char == text[view.origin[i]] or char == " "
    for start, end in ((m.start(), m.end()) for m in re.finditer(r"\S+", view.text)):
        o_start, o_end = view.span(start, end)
        assert "".join(text[o_start:o_end].split()) == view.text[start:end]
        assert view.position(o_start) == start


def test_a_word_over_the_longest_is_broken_by_spaces() -> None:
    view = unwrap("ab " + '"' * (2 * LONGEST_WORD + 10) + "\ncd")
    assert [len(w) for w in view.text.split(" ")] == [2, LONGEST_WORD, LONGEST_WORD, 10, 2]
    cut = 3 + LONGEST_WORD
    assert view.origin[cut - 1 : cut + 2] == (cut - 1, cut - 1, cut)


def test_no_break_spaces_are_spaces() -> None:
    assert unwrap("Mr.\u00a0Jean\u2003Dupont\u00a0\n met").text == "Mr. Jean Dupont met"


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
