"""Word folding that mirrors the FTS5 tokenizer ``unicode61 remove_diacritics 2``.

A token is a run of letters and digits (``_`` and punctuation separate); tokens
compare case-folded and without diacritics, so ``Juárez`` and ``JUAREZ`` are
the same word. Used to drop query words that hold no token at all and by the
in-memory store to search the way SQLite does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

TOKEN = re.compile(r"[^\W_]+")
"""A run of Unicode letters and digits: one FTS5 token (before folding)."""


def fold(word: str) -> str:
    """``word`` lower-cased (case-folded) with combining marks removed."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def has_token(text: str) -> bool:
    """Whether ``text`` holds at least one word that the tokenizer would index."""
    return TOKEN.search(text) is not None


def words(text: str) -> list[str]:
    """The folded tokens of ``text``, in order."""
    return [fold(m.group()) for m in TOKEN.finditer(text)]


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Each token of ``text`` as (start, end, folded word), offsets into ``text``."""
    for m in TOKEN.finditer(text):
        yield m.start(), m.end(), fold(m.group())
