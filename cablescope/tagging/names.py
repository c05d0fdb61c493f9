"""Trimming a mention to the name it holds: titles, trailing months and common words,
possessives and punctuation come off; what is left must still look like a name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

_TOKEN = re.compile(r"\S+")
NAME_PARTICLE = re.compile(
    r"[ \t]*\n?[ \t]*(?:de la|de los|van der|van den|de|da|del|della|di|do|dos|das|du|van|von"
    r"|bin|ibn|bint|ben|y)[ \t]*\n?[ \t]*"
)
"""What joins two parts of one person's name (``Cristina Fernandez`` de ``Kirchner``,
``Nizar`` bin ``Obaid Madani``), written in lower case (compare a name in capitals' gap in
lower case)."""
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_KEEP_DOT = frozenset({"inc", "co", "corp", "ltd", "jr", "sr", "st", "bros"})
_OPEN = "\"'“‘([{«-–—,;:/"
_CLOSE = "\"'”’)]}»-–—,;:!?/"


@dataclass(frozen=True, slots=True)
class Words:
    """The word lists of ``words.txt``: title words, words that alone are no entity, words
    that end no name, nationalities, religions and groups no country's name forms, and the
    words of ministers' portfolios. All lower case."""

    titles: frozenset[str]
    generic: frozenset[str]
    tail: frozenset[str]
    groups: frozenset[str]
    portfolios: frozenset[str]


@cache
def words() -> Words:
    """The packaged word lists."""
    names = ("titles", "generic", "tail", "groups", "portfolios")
    lists: dict[str, set[str]] = {name: set() for name in names}
    current: set[str] | None = None
    raw = (resources.files("cablescope.tagging") / "words.txt").read_text(encoding="utf-8")
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = lists.setdefault(line.strip("[]"), set())
        elif current is not None:
            current.add(line.lower())
    return Words(*(frozenset(lists[name]) for name in names))


@lru_cache(maxsize=1 << 16)
def _bare(token: str) -> str:
    bare = token.strip(".,;:()\"'“”‘’").lower()
    for possessive in ("'s", "’s"):
        bare = bare.removesuffix(possessive)
    return bare


@lru_cache(maxsize=1 << 16)
def is_title(token: str) -> bool:
    """Whether a token is a title or role word (``Ambassador``, ``Dr.``, ``DCM``)."""
    low = token.lower()
    return low in words().titles or _bare(token) in words().titles


def tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The whitespace-separated tokens of ``text[start:end]`` as spans."""
    return [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])]


_PAIRS = {")": "(", "]": "["}


def _closes(text: str, start: int, end: int) -> bool:
    """Whether the last character of ``text[start:end]`` closes a bracket opened inside
    it (``Mladost ( L )``): that one stays."""
    opening = _PAIRS.get(text[end - 1])
    return opening is not None and text.count(opening, start, end - 1) > text.count(
        text[end - 1], start, end - 1
    )


def trim_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Punctuation, quotes and possessive ``'s`` off both ends; a final dot stays on an
    abbreviation (``U.S.``, ``Inc.``)."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in _OPEN):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _CLOSE):
            if _closes(text, start, end):
                break
            end -= 1
        for suffix in ("'s", "’s", "'S", "’S"):
            if text.endswith(suffix, start, end) and end - start > len(suffix):
                end -= len(suffix)
        if end > start and text[end - 1] == "." and end - start > 1:
            word = text[start : end - 1].rsplit(None, 1)[-1].rsplit(".", 1)[-1]
            if len(word) >= 3 and word.lower() not in _KEEP_DOT and not word.isupper():
                end -= 1
            elif len(word) >= 3 and word.isupper() and "." not in text[start : end - 1]:
                end -= 1
        if (start, end) == before:
            return start, end


def strip_titles(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """The span without leading titles (``Acting Attorney General``), trailing titles and the
    acronym that goes with them (``NAS Director``), and trailing months or common words
    (``Lanny Breuer September``); True as third value when a title came off."""
    spans = tokens(text, start, end)
    titled = False
    while spans and (is_title(text[spans[0][0] : spans[0][1]])
                     or text[spans[0][0]].islower()):  # fmt: skip
        titled = titled or is_title(text[spans[0][0] : spans[0][1]])
        spans.pop(0)
    while len(spans) > 1:
        last = text[spans[-1][0] : spans[-1][1]]
        if is_title(last):
            titled = True
            spans.pop()
            prev = text[spans[-1][0] : spans[-1][1]]
            if len(spans) > 1 and _ACRONYM.fullmatch(prev):
                spans.pop()
        elif _bare(last) in words().tail or last[0].islower():
            spans.pop()
        else:
            break
    if not spans:
        return start, start, titled
    return spans[0][0], spans[-1][1], titled


def split_at_title(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """A span with a title inside (``National Security Coordinator Tello Peon``) cut in two:
    what comes before the first title word and the name after the last one; an empty span
    where there is none. The name counts only when it is capitalised words."""
    spans = tokens(text, start, end)
    marks = [i for i, (s, e) in enumerate(spans) if is_title(text[s:e])]
    if not marks:
        return (start, end), (end, end)
    head = (spans[0][0], spans[marks[0] - 1][1]) if marks[0] > 0 else (start, start)
    rest = spans[marks[-1] + 1 :]
    if rest and all(text[s].isupper() for s, _ in rest) and len(rest) <= 4:
        return head, (rest[0][0], rest[-1][1])
    return head, (end, end)


def looks_like_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` can be an entity: it has a capital letter or digit first,
    is not a single common word, a generic cable word or a title alone."""
    if end <= start:
        return False
    span = text[start:end]
    if not (span[0].isupper() or span[0].isdigit()):
        return False
    if not any(ch.isalpha() for ch in span):
        return False
    low = _bare(span)
    w = words()
    if low in w.generic or low in w.tail:
        return False
    return not all(is_title(t) for t in span.split())
