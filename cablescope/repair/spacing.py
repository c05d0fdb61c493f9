"""Letter-spaced classification words in cable headers: ``C O N F I D E N T I A L``.

Telegram headers spell the classification (and a few header markings: EFTO,
CORRECTED COPY) with a space between letters. Only these words are joined, and
only as whole words; the same spelling slips a space (``SE C R E T``) often
enough to allow one missing space between the first two letters.
"""

from __future__ import annotations

import re

from cablescope.model import Edit

RULE = "letterspacing"

_WORDS = (
    "UNCLASSIFIED",
    "CONFIDENTIAL",
    "LIMITED OFFICIAL USE",
    "CORRECTED COPY",
    "UNCLAS",
    "SECRET",
    "EFTO",
)


def _spaced(phrase: str) -> str:
    words = []
    for word in phrase.split():
        words.append(word[0] + " ?" + " ".join(word[1:]))
    return " {1,3}".join(words)


_SPACED = re.compile(
    "(?:" + "|".join(f"(?P<w{i}>{_spaced(w)})" for i, w in enumerate(_WORDS)) + ")(?![A-Za-z])"
)
# A piece of each spaced word that prose never holds, to find candidates with str.find.
_PROBES = ("N F I D E N T I A L", "C R E T", "C L A S", "M I T E D", "R R E C T E D", "E F T O")
_REACH = 48


def _spaced_before(text: str, start: int) -> bool:
    """Whether ``start`` follows a letter, or a lone letter and a space (a longer spaced run)."""
    if start > 0 and text[start - 1].isalpha():
        return True
    return (
        start >= 2
        and text[start - 1] == " "
        and text[start - 2].isalpha()
        and (start == 2 or not text[start - 3].isalpha())
    )


def letterspacing_edits(text: str) -> list[Edit]:
    """Edits joining letter-spaced classification words in ``text``."""
    found: dict[int, Edit] = {}
    for probe in _PROBES:
        hit = text.find(probe)
        while hit >= 0:
            m = _SPACED.search(text, max(0, hit - 6), hit + _REACH)
            if m is not None and m.start() <= hit < m.end() and m.lastgroup is not None:
                word = _WORDS[int(m.lastgroup[1:])]
                if not _spaced_before(text, m.start()) and m.group() != word:
                    found[m.start()] = Edit(m.start(), m.end(), word, RULE)
            hit = text.find(probe, hit + len(probe))
    edits: list[Edit] = []
    for start in sorted(found):
        if not edits or start >= edits[-1].end:
            edits.append(found[start])
    return edits
