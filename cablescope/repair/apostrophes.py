"""Apostrophes that the Cablegate text carries as commas: ``country,s``, ``DON,T``, ``I,m``.

The comma stands for an apostrophe only when what follows it is a clitic on its
own (``s``, ``t``, ``re``, ``ve``, ``ll``, ``d``, ``m``, ``clock``) and what comes
before is a word the clitic attaches to: any word for ``s``, the negated
auxiliaries for ``t`` (``don``, ``can``, ``isn``...), pronouns for the others.
A real comma before a word that starts with s (``Juarez, saying``) never matches,
and the spaced form ``country , s`` is trusted only in tokenised text, where every
comma is spaced. A garbled ``Q,s`` (``MexicoQ,s``) is an apostrophe too.
"""

from __future__ import annotations

import re

from cablescope.model import Edit

RULE = "apostrophe"
APOSTROPHE = "'"

_CANDIDATE = re.compile(
    r",(?= ?(?:[sStTdDmM](?![A-Za-z0-9/])|(?:re|RE|ve|VE|ll|LL|clock|CLOCK)(?![A-Za-z0-9])))"
)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.)")
_NEXT_WORD = re.compile(r" (?!(?:and|or|nor)\b)[a-z]")

_NEGATED = frozenset(
    f"{stem}n"
    for stem in (
        "do does did ca could would should is are was were has have had wo must need ai "
        "might sha dare"
    ).split()
)
_STEMS: dict[str, frozenset[str]] = {
    "t": _NEGATED,
    "re": frozenset("we you they who what there here".split()),
    "ve": frozenset("i we you they who would should could might must".split()),
    "ll": frozenset("i we you he she it they that there who what".split()),
    "d": frozenset("i we you he she they who".split()),
    "m": frozenset(["i"]),
    "clock": frozenset(["o"]),
}


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and end - start < 24 and text[start - 1] in _WORD_CHARS:
        start -= 1
    return text[start:end]


def _clitic_after(text: str, start: int) -> str:
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


def _possessive(text: str, word: str, spacing: tuple[bool, bool], after: int) -> bool:
    """Whether ``word`` + comma + ``s`` is a possessive, given the spaces around the comma."""
    before, behind = spacing
    if before:
        return False
    if behind:
        return sum(c.isalpha() for c in word) >= 2 and _NEXT_WORD.match(text, after) is not None
    return len(word) >= 2


def apostrophe_edits(text: str, *, tokenised: bool = False) -> list[Edit]:
    """Edits turning comma-apostrophes in ``text`` into ``'``."""
    edits: list[Edit] = []
    last_end = 0
    for m in _CANDIDATE.finditer(text):
        comma = m.start()
        spaced_before = comma > 0 and text[comma - 1] == " "
        spaced_after = text[comma + 1] == " "
        start = comma - 1 if spaced_before else comma
        word = _word_before(text, start)
        clitic_at = comma + 2 if spaced_after else comma + 1
        clitic = _clitic_after(text, clitic_at)
        if len(word) >= 2 and word[-1] == "Q" and (word[-2].islower() or word[-2] in "0123456789."):
            word = word[:-1]
            start -= 1
        if not word or start < last_end:
            continue
        if spaced_before and spaced_after:
            ok = tokenised and (clitic.lower() == "s" or _contraction(word, clitic))
        elif clitic == "s" or clitic == "S":
            ok = _possessive(text, word, (spaced_before, spaced_after), clitic_at + 1)
            ok = ok and (clitic == "s" or not spaced_after)
        else:
            next_char = text[clitic_at + len(clitic) : clitic_at + len(clitic) + 1]
            ok = not (spaced_before or spaced_after) and next_char not in (",", "/")
            ok = ok and _contraction(word, clitic)
        if ok:
            edits.append(Edit(start, clitic_at, APOSTROPHE, RULE))
            last_end = clitic_at
    return edits


def _contraction(word: str, clitic: str) -> bool:
    stems = _STEMS.get(clitic.lower())
    if stems is None or word.lower() not in stems:
        return False
    return clitic.lower() != "m" or word == "I"
