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

PostgreSQL keeps positions up to 16383 only: in a text longer than that many words, a
phrase is matched only if it starts before that point (single words match anywhere).
"""

from __future__ import annotations

from cablescope.query import And, Node, Not, Or, Term
from cablescope.query.fold import TOKEN, words

MAX_POSITION = 16383
"""The largest word position a tsvector keeps."""

MAX_LEXEME = 2046
"""The longest lexeme (in bytes) a tsvector holds; longer tokens are not indexed."""

MAX_POSITIONS = 256
"""The most positions a tsvector keeps of one lexeme."""

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
    """``words(text)``; for ASCII text (most cables) folding the whole text at once is the
    same and much faster."""
    return TOKEN.findall(text.lower()) if text.isascii() else words(text)


def tsvector(cable_id: str, subject: str | None, text: str) -> str:
    """The tsvector literal of a cable's id (A), subject (B) and text (D)."""
    found: dict[str, list[str]] = {}
    position = 0
    for weight, column in (("A", cable_id), ("B", subject or ""), ("", text)):
        tokens = _tokens(column)
        for at, word in enumerate(tokens, position + 1):
            kept = found.get(word)
            if kept is None:
                if len(word) > MAX_LEXEME // 4 and len(word.encode()) > MAX_LEXEME:
                    continue
                kept = found[word] = []
            if len(kept) < MAX_POSITIONS:
                kept.append(f"{at if at < MAX_POSITION else MAX_POSITION}{weight}")
        position += len(tokens) + 1
    return " ".join(f"{_quote(w)}:{','.join(p)}" for w, p in found.items())


def term(t: Term) -> str:
    """The tsquery of one term."""
    seq = words(t.text)
    if not seq:
        return NOTHING
    weight = "B" if t.column == "subject" else ""
    parts = [f"{_quote(w)}:{weight}" if weight else _quote(w) for w in seq]
    if t.prefix:
        parts[-1] = f"{_quote(seq[-1])}:*{weight}"
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def tsquery(node: Node) -> str:
    """The tsquery of a subtree of words (Term under And, Or, Not)."""
    if isinstance(node, Term):
        return term(node)
    if isinstance(node, Not):
        return f"!{tsquery(node.item)}"
    if isinstance(node, And | Or):
        op = " & " if isinstance(node, And) else " | "
        return "(" + op.join(tsquery(item) for item in node.items) + ")"
    raise TypeError(f"not a subtree of words: {node!r}")


def highlight(terms: tuple[Term, ...]) -> str | None:
    """The tsquery of the terms that count for a match, for ranking and snippets."""
    return " | ".join(term(t) for t in terms) if terms else None
