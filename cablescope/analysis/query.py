"""Search queries: parse what a person types into words to match and filters to apply.

Syntax (``parse_query``):

- words match anywhere in the id, subject or text, accents and case ignored;
  adjacent words must all match (implicit AND);
- ``"quoted phrase"`` matches the words in that order; an unclosed quote runs to the end;
- ``juar*`` (and ``"ciudad jua"*``) matches words starting with the prefix;
- ``AND``, ``OR``, ``NOT`` (upper case only) and parentheses combine; ``NOT`` binds
  tightest, then ``AND``, then ``OR``; ``-word`` and ``-(...)`` are ``NOT``;
- ``subject:word`` or ``subject:"a phrase"`` matches in the subject only;
- filters, which always apply to the whole query wherever they stand:
  ``from:2009-01-01`` ``to:2010-12-31`` (also ``2009`` or ``2009-10``, meaning the
  start or the end of that year or month; ``date:2009-10`` is both),
  ``origin:mexico`` (see ``origin_matches``), ``class:secret`` (see
  ``class_matches``), ``tag:KCRM`` and ``id:09MEXICO2882`` (case-insensitive).
  A cable has one origin, classification and id, so repeating one of those
  filters means any of the values; repeating ``tag:`` means all of the tags.
  ``-origin:…``, ``-class:…``, ``-tag:…`` and ``-id:…`` leave matching cables out.
  ``redacted:yes`` keeps the cables with at least one redacted span (``XXXXXXXXXXXX``),
  ``redacted:no`` (or ``-redacted:yes``) those without.
- an unknown ``word:`` prefix (``a:b``) is plain text.

Every word reaches SQLite quoted, so input such as ``C++``, ``U.S.`` or a lone
``*`` cannot break the FTS5 expression. A QueryError comes only from a date
filter that is not a date, a ``redacted:`` value other than yes or no, or
``redacted:`` filters that contradict each other.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cablescope.analysis._lexer import Kind, Token, tokenize
from cablescope.analysis.fold import fold, has_token
from cablescope.errors import QueryError

MAX_DEPTH = 32
"""Parentheses nested deeper than this are ignored rather than refused."""


@dataclass(frozen=True, slots=True)
class Term:
    """A word or quoted phrase to match. ``prefix``: its last word may continue.

    ``column`` is ``subject`` when the term must match the subject, else None.
    """

    text: str
    phrase: bool = False
    prefix: bool = False
    column: str | None = None


@dataclass(frozen=True, slots=True)
class And:
    """Every item must match."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one item must match."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The item must not match."""

    item: Node


Node = Term | And | Or | Not


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search query.

    ``text`` is the free-text expression (None: no words). ``match`` is the same
    as a safe FTS5 MATCH expression that cables must satisfy, and ``exclude`` one
    that they must not (set only when the words are all negated, as in ``-visa``).
    ``date_from`` is an inclusive and ``date_before`` an exclusive bound on
    ``Cable.date`` (``YYYY-MM-DD``). ``origins`` and ``classes`` hold patterns
    as typed, ``tags`` and ``ids`` upper-case values; ``entities`` are (type, name
    key) pairs from ``per:`` ``org:`` ``loc:`` ``misc:``, each required (a cable must
    mention an entity of that type whose name contains the key); ``not_*`` leave
    cables out. ``redacted`` is True (only cables with a redacted span), False (only
    cables without) or None (either).
    """

    source: str
    text: Node | None = None
    match: str | None = None
    exclude: str | None = None
    date_from: str | None = None
    date_before: str | None = None
    origins: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    not_origins: tuple[str, ...] = ()
    not_classes: tuple[str, ...] = ()
    not_tags: tuple[str, ...] = ()
    not_ids: tuple[str, ...] = ()
    entities: tuple[tuple[str, str], ...] = ()
    not_entities: tuple[tuple[str, str], ...] = ()
    redacted: bool | None = None

    @property
    def has_text(self) -> bool:
        """Whether the query constrains the words of a cable."""
        return self.text is not None


_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_CLASS_ALIASES = {
    "NF": "NOFORN",
    "FOUO": "FOR OFFICIAL USE ONLY",
    "SBU": "SENSITIVE BUT UNCLASSIFIED",
    "S": "SECRET",
    "C": "CONFIDENTIAL",
    "U": "UNCLASSIFIED",
}


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


def _simple(text: str) -> str:
    return " ".join(fold(text).split())


def origin_matches(pattern: str, origin: str | None) -> bool:
    """Whether ``origin`` matches an ``origin:`` pattern.

    Case and accents are ignored; the pattern must match at the start of a word
    of the origin: ``mexico`` and ``mex`` find ``Embassy Mexico``, ``embassy
    mexico`` finds it too, ``xico`` does not.
    """
    if origin is None:
        return False
    want, name = _simple(pattern), _simple(origin)
    if not want:
        return False
    return name.startswith(want) or f" {want}" in f" {name}"


def class_matches(pattern: str, marking: str | None) -> bool:
    """Whether a classification marking (``SECRET//NOFORN``) matches a ``class:`` pattern.

    The pattern may be the whole marking or one of its ``//`` parts, case-insensitive:
    ``secret`` matches SECRET and SECRET//NOFORN but not UNCLASSIFIED, ``noforn``
    matches any //NOFORN. Short forms: s, c, u, nf, fouo, sbu.
    """
    if marking is None:
        return False
    want = " ".join(pattern.upper().replace("_", " ").split())
    want = _CLASS_ALIASES.get(want, want)
    parts = [" ".join(p.split()) for p in marking.upper().split("//")]
    return want == "//".join(parts) or want in parts


def _quote(term: Term) -> str:
    body = '"' + term.text.replace('"', '""') + '"'
    if term.prefix:
        body += " *"
    if term.column:
        body = f"{term.column} : {body}"
    return body


def _form(node: Node) -> tuple[bool, str]:
    """The node as an FTS5 expression: (False, e) matches e, (True, e) everything but e.

    FTS5 has only a binary ``a NOT b``, so a negation is carried up until it can
    subtract from something: ``x -y`` is ``x NOT y``, ``x OR -y`` is all but
    ``y NOT x``, and a query that stays negated becomes ``Query.exclude``.
    """
    if isinstance(node, Term):
        return False, _quote(node)
    if isinstance(node, Not):
        negated, expr = _form(node.item)
        return not negated, expr
    forms = [_form(item) for item in node.items]
    plain = [expr for negated, expr in forms if not negated]
    inverted = [expr for negated, expr in forms if negated]
    if isinstance(node, And):
        if not plain:
            return True, _join(inverted, "OR")
        both = _join(plain, "AND")
        return False, f"({both} NOT {_join(inverted, 'OR')})" if inverted else both
    if not inverted:
        return False, _join(plain, "OR")
    either = _join(inverted, "AND")
    return True, f"({either} NOT {_join(plain, 'OR')})" if plain else either


def _join(parts: list[str], op: str) -> str:
    if len(parts) == 1:
        return parts[0]
    return "(" + f" {op} ".join(parts) + ")"


def _group(kind: type[And] | type[Or], items: list[Node]) -> Node | None:
    flat: list[Node] = []
    for item in items:
        if isinstance(item, And | Or) and isinstance(item, kind):
            flat.extend(item.items)
        else:
            flat.append(item)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


_YES_NO = {"yes": True, "no": False}


class _Filters:
    """Filter values gathered while parsing."""

    def __init__(self) -> None:
        self.date_from: str | None = None
        self.date_before: str | None = None
        self.redacted: bool | None = None
        self.lists: dict[str, list[str]] = {}

    def add(self, key: str, value: str, negated: bool) -> None:
        value = value.strip()
        if key == "redacted":
            wanted = _YES_NO.get(value.lower())
            if wanted is None:
                raise QueryError(f"redacted: takes yes or no, not {value!r}")
            wanted = wanted != negated
            if self.redacted is not None and self.redacted != wanted:
                raise QueryError("redacted:yes and redacted:no exclude each other")
            self.redacted = wanted
            return
        if key in ("from", "to", "date"):
            start, end = period(value)
            if key in ("from", "date") and (self.date_from is None or start > self.date_from):
                self.date_from = start
            if key in ("to", "date") and (self.date_before is None or end < self.date_before):
                self.date_before = end
            return
        if key in ("tag", "id"):
            value = value.upper()
        if value:
            self.lists.setdefault(("not_" if negated else "") + key, []).append(value)

    def get(self, key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.lists.get(key, ())))


class _Parser:
    """Recursive descent over tokens; lenient about stray operators and parentheses."""

    def __init__(self, tokens: list[Token], filters: _Filters) -> None:
        self.tokens = tokens
        self.pos = 0
        self.filters = filters

    def _peek(self) -> Kind | None:
        return self.tokens[self.pos].kind if self.pos < len(self.tokens) else None

    def parse_or(self, depth: int) -> Node | None:
        items: list[Node] = []
        while True:
            node = self.parse_and(depth)
            if node is not None:
                items.append(node)
            if self._peek() is not Kind.OR:
                return _group(Or, items)
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
        return _group(And, items)

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
            self.filters.add(token.key, token.text, negated)
            return None
        else:
            node = _term(token)
        if node is None:
            return None
        return Not(node) if negated else node


def _term(token: Token) -> Term | None:
    text = token.text
    prefix = token.prefix
    if token.kind is Kind.WORD:
        stripped = text.rstrip("*")
        prefix = stripped != text
        text = stripped
    if not has_token(text):
        return None
    column = "subject" if token.kind is Kind.FILTER else None
    return Term(text, phrase=token.kind is not Kind.WORD, prefix=prefix, column=column)


def parse_query(q: str) -> Query:
    """Parse a search query (syntax in this module's docstring).

    Lenient: stray operators and parentheses are dropped and words without any
    letter or digit are ignored. Raises QueryError only for a malformed date or
    ``redacted:`` filter.
    """
    cleaned = q.replace("\x00", " ")
    filters = _Filters()
    text = _Parser(tokenize(cleaned), filters).parse_or(0)
    match: str | None = None
    exclude: str | None = None
    if text is not None:
        negated, expr = _form(text)
        if negated:
            exclude = expr
        else:
            match = expr
    return Query(
        source=q,
        text=text,
        match=match,
        exclude=exclude,
        date_from=filters.date_from,
        date_before=filters.date_before,
        origins=filters.get("origin"),
        classes=filters.get("class"),
        tags=filters.get("tag"),
        ids=filters.get("id"),
        not_origins=filters.get("not_origin"),
        not_classes=filters.get("not_class"),
        not_tags=filters.get("not_tag"),
        not_ids=filters.get("not_id"),
        entities=_entities(filters, ""),
        not_entities=_entities(filters, "not_"),
        redacted=filters.redacted,
    )


ENTITY_FILTERS = ("per", "org", "loc", "misc")


def entity_key(name: str) -> str:
    """How entity names are compared: case-folded, spaces collapsed (``Tello  PEON`` and
    ``tello peon`` are one key)."""
    return " ".join(name.split()).casefold()


def _entities(filters: _Filters, prefix: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (key.upper(), entity_key(value))
        for key in ENTITY_FILTERS
        for value in filters.get(prefix + key)
        if entity_key(value)
    )
