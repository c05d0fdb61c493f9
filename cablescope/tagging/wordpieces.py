"""Words, windows and IOB2 runs for a wordpiece encoder that labels words (the ``minilm``
tagger): the one place that says how an unwrapped text is cut into the words the model
labels, as its training data was cut.

A word is a run of letters and digits, or any other single non-space character, as BERT's
own pre-tokenizer cuts text. The model labels the first wordpiece of each word; a word the
tokenizer turns into no wordpiece at all (a lone combining mark, a control character) is
left unlabelled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

WORD = re.compile(r"[^\W_]+|\S")
"""A word the model labels."""

MAX_PIECES = 254
"""Wordpieces of one window: 256 with [CLS] and [SEP]."""


def words(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the words of ``text``."""
    return [m.span() for m in WORD.finditer(text)]


def runs(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """The (first word, last word + 1, type) runs of IOB2 ``tags`` (an I- that does not
    continue a run of its type starts one, as seqeval reads it)."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        if start >= 0 and (prefix != "I" or t != kind):
            out.append((start, i, kind))
            start = -1
        if prefix == "B" or (prefix == "I" and start < 0):
            start, kind = i, t
    return out


def windows(
    text: str, spans: Sequence[tuple[int, int]], pieces: Sequence[int], limit: int = MAX_PIECES
) -> list[tuple[int, int]]:
    """The (first word, end word) runs of the words at ``spans`` of ``text``, with
    ``pieces`` wordpieces each, that the model reads apart: at most ``limit`` wordpieces
    (a single longer word goes alone), cut in the second half of a window at a paragraph
    break if there is one, else after a sentence end, else after the last word that fits."""
    n = len(spans)
    breaks = [i > 0 and "\n\n" in text[spans[i - 1][1] : spans[i][0]] for i in range(n)]
    ends = [text[s:e] in (".", "!", "?") for s, e in spans]
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < n:
        total, end = 0, start
        while end < n and total + pieces[end] <= limit:
            total += pieces[end]
            end += 1
        end = max(end, start + 1)
        if end >= n:
            bounds.append((start, n))
            break
        half = start + max(1, (end - start) // 2)
        candidates = range(end, half - 1, -1)
        cut = next((c for c in candidates if breaks[c]), -1)
        if cut < 0:
            cut = next((c for c in candidates if ends[c - 1]), end)
        bounds.append((start, cut))
        start = cut
    return bounds


@dataclass(frozen=True, slots=True)
class Window:
    """The words of a text from ``first`` on that the model reads together: their
    wordpieces, and for each word the position of its first wordpiece among them (-1: it
    has none)."""

    first: int
    ids: list[int]
    heads: list[int]


def encode(
    tokenizer: Any, text: str, spans: Sequence[tuple[int, int]], limit: int = MAX_PIECES
) -> Iterator[Window]:
    """The windows (``windows``) of the words at ``spans`` of ``text`` as ``tokenizer`` (a
    ``tokenizers.Tokenizer`` without truncation or padding) cuts them into wordpieces; a
    window of words without any wordpiece is left out."""
    if not spans:
        return
    encoding = tokenizer.encode(
        [text[s:e] for s, e in spans], is_pretokenized=True, add_special_tokens=False
    )
    pieces = [0] * len(spans)
    firsts = [-1] * len(spans)
    for position, word in enumerate(encoding.word_ids):
        if word is not None:
            if pieces[word] == 0:
                firsts[word] = position
            pieces[word] += 1
    ids: list[int] = encoding.ids
    for first, end in windows(text, spans, pieces, limit):
        low = next((firsts[i] for i in range(first, end) if firsts[i] >= 0), None)
        if low is None:
            continue
        size = min(sum(pieces[first:end]), limit)
        heads = [f - low if 0 <= f - low < size else -1 for f in firsts[first:end]]
        yield Window(first, ids[low : low + size], heads)
