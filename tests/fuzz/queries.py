"""Random search queries that know the grammar: words from real cables, phrases, prefixes,
AND/OR/NOT, ``-x``, parentheses (balanced or not, nested deep), every filter with good and
bad values, and the characters that break naive parsers: controls, lone surrogates,
combining marks, case-folding that changes length, and very long input."""

from __future__ import annotations

import random

FILTERS = (
    "from", "to", "date", "origin", "class", "tag", "id", "per", "org", "loc", "misc",
    "redacted", "subject",
)
GOOD = {
    "from": ("2009", "2009-10", "2009-10-01", "1966", "2010/02/28", "2009.1.5"),
    "to": ("2010", "2010-12-31", "2007-02", "1979"),
    "date": ("2009-10", "2010", "2007-02-15"),
    "origin": ("mexico", "Embassy Mexico", "harare", "state", "kingston", "m*"),
    "class": ("secret", "confidential", "NF", "S", "unclassified", "SBU", "secret//noforn"),
    "tag": ("KCRM", "PGOV", "snar", "PREL"),
    "id": ("09MEXICO2882", "10mexico83", "07KINGSTON382", "79TEHRAN8980"),
    "per": ("calderon", '"felipe calderon"', "mugabe"),
    "org": ("pri", "state department", '"united nations"'),
    "loc": ("juarez", "mexico", '"ciudad juarez"'),
    "misc": ("mexican", "american"),
    "redacted": ("yes", "no", "YES"),
    "subject": ("mexico", '"drug violence"', "juar*"),
}
BAD = (
    "", '""', '"', "2009-13-45", "0000", "99999", "2009-02-30", "-1", "9" * 400, "yes no",
    "maybe", "*", "(", ")", "OR", "-", ":", "::", "\x00", "\ud800", "ß", "İ", "٢٠٠٩",
    "２００９", "1e10", "2009-", "-2009", "20O9", "x" * 5000, "'; DROP TABLE cables; --",
    "%", "_", "\\", "NEAR(a b)", "a:b:c", "\u200b",
)
WORDS = (
    "juarez", "mugabe", "calderon", "visa", "narco", "embassy", "secret", "the", "a", "C++",
    "U.S.", "*", "**", "'", "\"", "-", "--", "NEAR", "near", "and", "or", "not", "AND", "OR",
    "NOT", "^", "+", "{", "}", "[", "]", "col:umn", "a:b", "x*y", "über", "Ciudad", "JUÁREZ",
    "ﬁnance", "ǅ", "ΣΑΣ", "ﬀ", "İstanbul", "straße", "日本", "😀", "\u0301", "\u202e", "\ufeff",
    "\ud800", "\udfff", "\udcff", "\x00", "\x01", "\x1b[31m", "\x7f", "\t", "\n", "\r",
    "\u2028", "\xa0", "0", "12345678901234567890", "XXXXXXXXXXXX", "¶", "rowid", "MATCH",
    "bm25(", "highlight", "snippet", "cables_fts", "%", "_",
)


def word(rng: random.Random, vocabulary: list[str]) -> str:
    roll = rng.random()
    if roll < 0.5 and vocabulary:
        text = rng.choice(vocabulary)
    elif roll < 0.8:
        text = rng.choice(WORDS)
    else:
        text = "".join(chr(rng.choice(_CODEPOINTS(rng))) for _ in range(rng.randint(1, 8)))
    if rng.random() < 0.15:
        text += "*"
    return text


def _CODEPOINTS(rng: random.Random) -> range:  # noqa: N802 - reads as a constant table
    return rng.choice(
        (range(0x20, 0x7F), range(0, 0x20), range(0xA0, 0x250), range(0x300, 0x370),
         range(0xD800, 0xE000), range(0x4E00, 0x4E40), range(0x1F600, 0x1F650),
         range(0xFFF0, 0x10000), range(0x10FFF0, 0x110000))
    )


def filter_term(rng: random.Random) -> str:
    key = rng.choice(FILTERS)
    value = rng.choice(GOOD[key]) if rng.random() < 0.6 else rng.choice(BAD)
    sign = "-" if rng.random() < 0.15 else ""
    case = key.upper() if rng.random() < 0.1 else key
    space = " " if rng.random() < 0.05 else ""
    return f"{sign}{case}:{space}{value}"


def expression(rng: random.Random, vocabulary: list[str], depth: int = 0) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(1, 5)):
        roll = rng.random()
        if roll < 0.35:
            parts.append(word(rng, vocabulary))
        elif roll < 0.5:
            words = " ".join(word(rng, vocabulary) for _ in range(rng.randint(0, 4)))
            close = '"' if rng.random() < 0.85 else ""
            parts.append(f'"{words}{close}' + ("*" if rng.random() < 0.1 else ""))
        elif roll < 0.7:
            parts.append(filter_term(rng))
        elif roll < 0.8 and depth < 6:
            inner = expression(rng, vocabulary, depth + 1)
            opening = rng.choice(("(", "-(", "NOT (", "("))
            parts.append(opening + inner + (")" if rng.random() < 0.85 else ""))
        elif roll < 0.9:
            parts.append(rng.choice(("AND", "OR", "NOT", "-", "(", ")", "and", "or")))
        else:
            parts.append("-" + word(rng, vocabulary))
        if rng.random() < 0.3:
            parts.append(rng.choice(("AND", "OR", "AND NOT", "OR NOT")))
    return " ".join(parts)


def query(rng: random.Random, vocabulary: list[str]) -> str:
    """One random query string."""
    roll = rng.random()
    if roll < 0.7:
        text = expression(rng, vocabulary)
    elif roll < 0.78:
        depth = rng.choice((33, 100, 2000))
        text = "(" * depth + word(rng, vocabulary) + ")" * rng.choice((0, depth))
    elif roll < 0.84:
        text = " ".join(word(rng, vocabulary) for _ in range(rng.choice((300, 2000))))
    elif roll < 0.88:
        text = rng.choice(("a", "x*", "-", '"', "(", "NOT ", "tag:")) * rng.choice((1000, 20000))
    elif roll < 0.94:
        text = "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 60)))
    else:
        text = " ".join(filter_term(rng) for _ in range(rng.randint(1, 40)))
    if rng.random() < 0.2:
        chars = list(text)
        for _ in range(rng.randint(1, 5)):
            at = rng.randint(0, len(chars))
            chars[at:at] = rng.choice(("\x00", "\ud800", '"', "(", ")", ":", "-", "*", " "))
        text = "".join(chars)
    return text
