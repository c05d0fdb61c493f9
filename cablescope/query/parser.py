"""Search queries: parse what a person types into a tree of words and filters.

Syntax (``parse_query``):

- words match anywhere in the id, subject or text, accents and case ignored;
- ``"quoted phrase"`` matches the words in that order; an unclosed quote runs to the end;
- ``juar*`` (and ``"ciudad jua"*``) matches words starting with the prefix;
- ``gaddafi~`` matches the spellings of the word that the archive holds (``qadhafi``,
  ``qaddafi``...: see ``query.fuzzy``), ``gaddafi~1`` with one more letter changed
  (``~0`` to ``~3``); ``~`` follows one word (``subject:gaddafi~`` too), not a phrase or
  another filter;
- ``subject:word`` or ``subject:"a phrase"`` matches in the subject only;
- filters: ``from:2009-01-01`` ``to:2010-12-31`` (also ``2009`` or ``2009-10``, meaning
  the start or the end of that year or month; ``date:2009-10`` is both; an undated
  cable matches no date filter), ``origin:mexico`` (see ``origin_matches``),
  ``class:secret`` (see ``class_matches``), ``tag:KCRM`` and ``id:09MEXICO2882``
  (case-insensitive), ``per:`` ``org:`` ``loc:`` ``misc:`` (the cable mentions an
  entity of that type whose name contains the value, see ``entity_key``),
  ``entity:per:hugo-chavez`` (the cable mentions that resolved entity, by id),
  ``redacted:yes`` (at least one redacted span, ``XXXXXXXXXXXX``) and ``redacted:no``;
- words and filters alike are combined by ``AND``, ``OR``, ``NOT`` (upper case only)
  and parentheses: items side by side must all match (implicit AND), ``NOT`` binds
  tightest, then ``AND``, then ``OR``; ``-x`` and ``-(...)`` are ``NOT``, and ``NOT``
  means every stored cable but those matching. So ``per:chavez OR per:morales`` finds
  the cables mentioning either, ``origin:mexico origin:cairo`` none (a cable has one
  origin: write ``origin:mexico OR origin:cairo``), ``juarez OR tag:SNAR`` the cables
  with the word or the tag, and ``-tag:SNAR`` every cable without the tag;
- an unknown ``word:`` prefix (``a:b``) is plain text.

The parsed query is a neutral tree (``Term`` and the filter leaves under ``And``,
``Or``, ``Not``) that each store compiles itself. Text that is not valid Unicode
(lone surrogates, as Python makes of Latin-1 bytes in a command line) is cleaned
first: escaped bytes become the Windows-1252 letters they stand for, and anything
else becomes U+FFFD (a filter holding it matches nothing, a word of it is no word).
A QueryError comes only from a date filter that is not a date, a ``redacted:``
value other than yes or no, an entity, date or ``redacted:`` filter without a value, or a
``~`` that does not follow one word (or asks for more than ``~3``).
"""

from __future__ import annotations

import datetime as dt
import re

from cablescope.errors import QueryError
from cablescope.query._lexer import FILTER_KEYS, Kind, Token, clean, tokenize
from cablescope.query.fold import has_token, words
from cablescope.query.fuzzy import MAX_EDITS
from cablescope.query.tree import (
    And,
    CableId,
    Classification,
    Dated,
    Mentions,
    Node,
    Not,
    OfEntity,
    Or,
    Origin,
    Query,
    Redacted,
    Tag,
    Term,
    entity_key,
    group,
)

MAX_DEPTH = 32
"""Parentheses nested deeper than this are ignored rather than refused."""

_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


def period(value: str) -> tuple[str, str]:
    """The days a date filter value covers: (first day, day after the last), ISO.

    ``2009`` is the year, ``2009-10`` the month, ``2009-10-05`` the day.
    Raises QueryError for anything else.
    """
    m = _DATE.fullmatch(value.strip())
    try:
        if m is None:
            raise ValueError(value)
        year = int(m.group(1))
        if m.group(3) is not None:
            start = dt.date(year, int(m.group(2)), int(m.group(3)))
            end = start + dt.timedelta(days=1)
        elif m.group(2) is not None:
            start = dt.date(year, int(m.group(2)), 1)
            end = dt.date(year + start.month // 12, start.month % 12 + 1, 1)
        else:
            start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    except (ValueError, OverflowError):
        raise QueryError(
            f"not a date: {value!r}; write YYYY, YYYY-MM or YYYY-MM-DD, as in from:2009-10"
        ) from None
    return start.isoformat(), end.isoformat()


_YES_NO = {"yes": True, "no": False}
ENTITY_FILTERS = ("per", "org", "loc", "misc")
_EXAMPLES = {
    "per": '"Hugo Chavez"',
    "org": "NATO",
    "loc": "Caracas",
    "misc": "Bolivarian",
    "from": "2009-10",
    "to": "2009-10",
    "date": "2009-10-05",
    "redacted": "yes",
}


def _filter(key: str, value: str) -> Node | None:
    """The node a ``key:value`` filter stands for; None for an empty value of a filter
    that can do without one. Raises QueryError for an empty entity, date or ``redacted:``
    filter, which the user surely meant to complete."""
    value = value.strip()
    if not value and key in _EXAMPLES:
        raise _needs_value(key)
    if _FUZZY.search(value):
        raise QueryError(f"{key}:{value}: ~ follows a word, not a filter, as in gaddafi~")
    if key == "redacted":
        wanted = _YES_NO.get(value.lower())
        if wanted is None:
            raise QueryError(f"redacted: takes yes or no, not {value!r}")
        return Redacted() if wanted else Not(Redacted())
    if key in ("from", "to", "date"):
        start, end = period(value)
        return Dated(start if key != "to" else None, end if key != "from" else None)
    if key in ENTITY_FILTERS:
        name = entity_key(value)
        return Mentions(key.upper(), name) if name else None
    if not value:
        return None
    if key == "origin":
        return Origin(value)
    if key == "class":
        return Classification(value)
    if key == "entity":
        return OfEntity(value.lower())
    return Tag(value.upper()) if key == "tag" else CableId(value.upper())


class _Parser:
    """Recursive descent over tokens; lenient about stray operators and parentheses."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def _peek(self) -> Kind | None:
        return self.tokens[self.pos].kind if self.pos < len(self.tokens) else None

    def parse_or(self, depth: int) -> Node | None:
        items: list[Node] = []
        while True:
            node = self.parse_and(depth)
            if node is not None:
                items.append(node)
            if self._peek() is not Kind.OR:
                return group(Or, items)
            self.pos += 1

    def parse_and(self, depth: int) -> Node | None:
        items: list[Node] = []
        while (kind := self._peek()) is not None and kind is not Kind.OR:
            if kind is Kind.RPAREN:
                if depth > 0:
                    break
                self.pos += 1
            elif kind is Kind.AND:
                self.pos += 1
            else:
                node = self.parse_unary(depth)
                if node is not None:
                    items.append(node)
        return group(And, items)

    def parse_unary(self, depth: int) -> Node | None:
        negated = False
        while self._peek() in (Kind.NOT, Kind.MINUS):
            negated = not negated
            self.pos += 1
        if self._peek() in (None, Kind.OR, Kind.AND, Kind.RPAREN):
            return None
        token = self.tokens[self.pos]
        self.pos += 1
        node: Node | None
        if token.kind is Kind.LPAREN:
            if depth >= MAX_DEPTH:
                return None
            node = self.parse_or(depth + 1)
            if self._peek() is Kind.RPAREN:
                self.pos += 1
        elif token.kind is Kind.FILTER and token.key != "subject":
            node = _filter(token.key, token.text)
        elif token.kind is Kind.WORD and self.pos == len(self.tokens) and token.text[-1:] == ":":
            # ``per:`` last in the query has nothing to filter by (``misc: visa`` stays
            # two words, as typed).
            key = FILTER_KEYS.get(token.text[:-1].lower(), "")
            if key in _EXAMPLES:
                raise _needs_value(key)
            node = _term(token)
        else:
            node = _term(token)
        if node is None:
            return None
        if negated:
            return node.item if isinstance(node, Not) else Not(node)
        return node


def _needs_value(key: str) -> QueryError:
    return QueryError(f"{key}: needs a value, as in {key}:{_EXAMPLES[key]}")


_FUZZY = re.compile(r"~(\d*)$")
"""A word's fuzzy mark, with its bound: ``gaddafi~``, ``gaddafi~1``."""


def _term(token: Token) -> Term | None:
    text = token.text
    prefix = token.prefix
    if token.kind is Kind.WORD:
        stripped = text.rstrip("*")
        prefix = stripped != text
        text = stripped
    column = "subject" if token.kind is Kind.FILTER else None
    if token.kind is not Kind.PHRASE and (fuzzy := _FUZZY.search(text)):
        return _fuzzy(text[: fuzzy.start()], fuzzy.group(1), prefix, column)
    if not has_token(text):
        return None
    return Term(text, phrase=token.kind is not Kind.WORD, prefix=prefix, column=column)


def _fuzzy(word: str, bound: str, prefix: bool, column: str | None) -> Term:
    """The fuzzy term ``word~bound``; raises QueryError unless ``word`` is one word."""
    written = f"{'subject:' if column else ''}{word}~{bound}{'*' if prefix else ''}"
    found = words(word)
    if not found:
        raise QueryError("~ follows a word, as in gaddafi~ (not a phrase or a filter)")
    if len(found) > 1:
        raise QueryError(
            f"{written}: ~ follows one word, as in gaddafi~; here it follows {len(found)}"
            f" ({' '.join(found)})"
        )
    if prefix or "*" in word:
        raise QueryError(f"{written}: * and ~ do not combine; write gaddafi~ or gadd*")
    edits = int(bound) if bound else None
    if edits is not None and edits > MAX_EDITS:
        raise QueryError(f"{written}: ~N takes 0 to {MAX_EDITS}, as in gaddafi~1")
    return Term(word, column=column, fuzzy=True, edits=edits)


def parse_query(q: str) -> Query:
    """Parse a search query (syntax in this module's docstring).

    Lenient: stray operators and parentheses are dropped, words without any letter or
    digit and filters without a value are ignored, and text that is not valid Unicode
    is cleaned. Raises QueryError only for a malformed date or ``redacted:`` filter, an
    entity, date or ``redacted:`` filter without a value, or a misplaced ``~``.
    """
    cleaned = clean(q)
    return Query(cleaned, _Parser(tokenize(cleaned.replace("\x00", " "))).parse_or(0))
