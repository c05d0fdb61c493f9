"""Words as PostgreSQL sees them: tsvector and tsquery values built from cablescope's own
tokens, so that PostgreSQL matches exactly the words SQLite's FTS5 tokenizer does.

PostgreSQL's own parser splits text differently from FTS5's ``unicode61`` (it keeps
``u.s`` or ``ciudad-juarez`` whole, reads e-mail addresses and numbers with dots as one
token), so the store does not ask it to parse: each column's words are the tokens of
``query.fold.words`` (letters and digits, case and accents folded), written as a
tsvector literal with their positions. The id weighs A, the subject B, the text D;
one unused position between columns keeps a phrase from running across them, as FTS5's
columns do. A query term becomes a tsquery of the same folded tokens: a phrase joins
them with ``<->``, a prefix ends with ``:*``, a ``subject:`` term is restricted to
weight B. Words, AND, OR and NOT of a subtree of words become one tsquery.

Most cables are written in ASCII, or hold only ASCII words: their folded tokens, joined
by spaces, are read back by PostgreSQL's own parser as exactly those tokens, so the
server builds their tsvector (``WORDS``, ``to_tsvector('simple', ...)`` per column, in
C) from the token strings that ``columns`` gives; for the rest ``columns`` gives the
literal. Both keep the same positions and weights.

PostgreSQL keeps positions up to 16383 only: in a text longer than that many words, a
phrase is matched only if it starts before that point (single words match anywhere).
"""

from __future__ import annotations

import re

from cablescope.query import And, Node, Not, Or, Term, literal
from cablescope.query.fold import words

MAX_POSITION = 16383
"""The largest word position a tsvector keeps."""

MAX_LEXEME = 2046
"""The longest lexeme (in bytes) a tsvector holds; longer tokens are not indexed."""

MAX_POSITIONS = 255
"""The most positions of one lexeme that ``to_tsvector`` keeps (a literal could hold 256)."""

GAP = "gap@cablescope.invalid"
"""A word no cable has (cablescope's tokens hold no ``@``) that PostgreSQL's parser reads
as one token: ``WORDS`` puts it after the id and the subject, for the unused position
between columns, and deletes it."""

WORDS = (
    "coalesce(%s::tsvector, ts_delete(setweight(to_tsvector('simple', %s), 'A')"
    " || setweight(to_tsvector('simple', %s), 'B') || to_tsvector('simple', %s),"
    f" '{GAP}'::text))"
)
"""The SQL of a cable's tsvector from the four values of ``columns``."""

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")

NOTHING = "'\\ '"
"""A tsquery lexeme no cable has (a space is never a token): a term without words."""

WEIGHTS = "{0.1, 0.1, 0.4, 1.0}"
"""``ts_rank_cd`` weights of D (text), C (unused), B (subject) and A (id): 1, 4 and 10,
as the SQLite store weighs its columns in bm25."""


def _quote(lexeme: str) -> str:
    if lexeme.isalnum() and lexeme.isascii():
        return f"'{lexeme}'"
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _tokens(text: str) -> list[str]:
    """``words(text)``. When the letters and digits of the text are all ASCII (most cables:
    their other characters are punctuation or spaces) it is the same and much faster to
    fold the whole text at once."""
    if not text.isascii():
        odd = set(_NON_ASCII.findall(text))
        if any(ch.isalnum() for ch in odd):
            return words(text)
        text = _NON_ASCII.sub(" ", text)
    return _ASCII_TOKEN.findall(text.lower())


def _plain(tokens: list[str]) -> str | None:
    """``tokens`` joined by spaces when PostgreSQL's parser reads them back as they are
    (ASCII, none too long to index), else None."""
    joined = " ".join(tokens)
    if not joined.isascii() or max(map(len, tokens), default=0) > MAX_LEXEME:
        return None
    return joined


def columns(
    cable_id: str, subject: str | None, text: str
) -> tuple[str | None, str | None, str | None, str | None]:
    """The values ``WORDS`` builds a cable's tsvector from: (None, id words, subject words,
    text words) when the server can read them, else (the tsvector literal, None...)."""
    a, b, d = (_plain(_tokens(column)) for column in (cable_id, subject or "", text))
    if a is None or b is None or d is None:
        return tsvector(cable_id, subject, text), None, None, None
    return None, f"{a} {GAP}", f"{b} {GAP}", d


def tsvector(cable_id: str, subject: str | None, text: str) -> str:
    """The tsvector literal of a cable's id (A), subject (B) and text (D), with the
    positions ``WORDS`` keeps: per column, the first MAX_POSITIONS of each word (beyond
    MAX_POSITION all count as that); across columns, at most one more, none after
    MAX_POSITION."""
    found: dict[str, list[str]] = {}
    ends: dict[str, int] = {}
    position = 0
    for weight, column in (("A", cable_id), ("B", subject or ""), ("", text)):
        tokens = _tokens(column)
        per: dict[str, list[int]] = {}
        for at, word in enumerate(tokens, position + 1):
            at = min(at, MAX_POSITION)
            kept = per.get(word)
            if kept is None:
                per[word] = [at]
            elif len(kept) < MAX_POSITIONS and kept[-1] != at:
                kept.append(at)
        for word, ats in per.items():
            if len(word) > MAX_LEXEME // 4 and len(word.encode()) > MAX_LEXEME:
                continue
            merged = found.setdefault(word, [])
            room = MAX_POSITIONS + 1 - len(merged)
            if merged and ends[word] == MAX_POSITION:
                continue
            cut = ats[:room]
            if MAX_POSITION in cut:
                cut = cut[: cut.index(MAX_POSITION) + 1]
            merged.extend(f"{at}{weight}" for at in cut)
            ends[word] = cut[-1] if cut else ends.get(word, 0)
        position += len(tokens) + 1
    return " ".join(f"{_quote(w)}:{','.join(p)}" for w, p in found.items())


def term(t: Term, weight: str = "") -> str:
    """The tsquery of one term, restricted to the columns of ``weight`` ("AB": the id and
    the subject) when given."""
    seq = words(literal(t).text)
    if not seq:
        return NOTHING
    weight = "B" if t.column == "subject" else weight
    parts = [f"{_quote(w)}:{weight}" if weight else _quote(w) for w in seq]
    if t.prefix:
        parts[-1] = f"{_quote(seq[-1])}:*{weight}"
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def tsquery(node: Node, weight: str = "") -> str:
    """The tsquery of a subtree of words (Term under And, Or, Not), its terms restricted to
    the columns of ``weight`` when given (see ``term``)."""
    if isinstance(node, Term):
        return term(node, weight)
    if isinstance(node, Not):
        return f"!{tsquery(node.item, weight)}"
    if isinstance(node, And | Or):
        op = " & " if isinstance(node, And) else " | "
        return "(" + op.join(tsquery(item, weight) for item in node.items) + ")"
    raise TypeError(f"not a subtree of words: {node!r}")


def highlight(terms: tuple[Term, ...]) -> str | None:
    """The tsquery of the terms that count for a match, for ranking and snippets."""
    return " | ".join(term(t) for t in terms) if terms else None
