"""The neutral query tree: words and filters under And, Or and Not, with no SQL in it.

Each store compiles the tree itself (an FTS5 MATCH for SQLite; the in-memory store's
scanner evaluates it on the records). ``parse_query`` (``query.parser``) builds it from
what a person types; ``origin_matches``, ``class_matches`` and ``entity_key`` say what
the filters mean, for the stores that evaluate them in Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cablescope.query.fold import fold


@dataclass(frozen=True, slots=True)
class Term:
    """A word or quoted phrase to match. ``prefix``: its last word may continue.

    ``column`` is ``subject`` when the term must match the subject, else None. ``fuzzy``
    (``gaddafi~``, one word) matches the spellings of the word that the archive holds (see
    ``query.fuzzy``); ``edits`` is the N of ``gaddafi~N``, how many more letters may
    differ (None: as the word's length allows). A store replaces a fuzzy term with those
    spellings before it compiles the tree.
    """

    text: str
    phrase: bool = False
    prefix: bool = False
    column: str | None = None
    fuzzy: bool = False
    edits: int | None = None

    @property
    def written(self) -> str:
        """The fuzzy term as it is written (``gaddafi~``, ``gaddafi~1``)."""
        return f"{self.text}~{'' if self.edits is None else self.edits}"


@dataclass(frozen=True, slots=True)
class Dated:
    """Cables dated on or after ``start`` and before ``before`` (ISO days, None: no bound).
    An undated cable matches no date range."""

    start: str | None = None
    before: str | None = None


@dataclass(frozen=True, slots=True)
class Origin:
    """Cables whose origin matches ``pattern`` (see ``origin_matches``)."""

    pattern: str


@dataclass(frozen=True, slots=True)
class Classification:
    """Cables whose classification marking matches ``pattern`` (see ``class_matches``)."""

    pattern: str


@dataclass(frozen=True, slots=True)
class Tag:
    """Cables carrying the TAGS ``code`` (upper case)."""

    code: str


@dataclass(frozen=True, slots=True)
class CableId:
    """The cable with this id (upper case)."""

    value: str


@dataclass(frozen=True, slots=True)
class Mentions:
    """Cables mentioning an entity of ``type`` (PER, ORG, LOC, MISC) whose name key
    contains ``key`` (see ``entity_key``)."""

    type: str
    key: str


@dataclass(frozen=True, slots=True)
class OfEntity:
    """Cables that mention the resolved entity ``id`` (``per:hugo-chavez``), as its page
    lists them; none in a database never resolved."""

    id: str


@dataclass(frozen=True, slots=True)
class Redacted:
    """Cables with at least one redacted span."""


Filter = Dated | Origin | Classification | Tag | CableId | Mentions | OfEntity | Redacted
"""A leaf that tests the fields of a cable rather than its words."""


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
    """Every stored cable that the item does not match."""

    item: Node


Node = Term | Filter | And | Or | Not


def terms(node: Node | None, negated: bool = False) -> Iterator[Term]:
    """The terms of ``node`` that count for a match (under no or an even number of Not)."""
    if isinstance(node, Term):
        if not negated:
            yield node
    elif isinstance(node, Not):
        yield from terms(node.item, not negated)
    elif isinstance(node, And | Or):
        for item in node.items:
            yield from terms(item, negated)


def literal(term: Term) -> Term:
    """``term`` itself, as a store compiles it; TypeError for a fuzzy term, which a store
    replaces with its spellings first (``query.fuzzy.expand``)."""
    if term.fuzzy:
        raise TypeError(f"a fuzzy term is replaced by its spellings first: {term!r}")
    return term


def words_only(node: Node) -> bool:
    """Whether ``node`` tests words alone (no filter anywhere in it)."""
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return words_only(node.item)
    if isinstance(node, And | Or):
        return all(words_only(item) for item in node.items)
    return False


@dataclass(frozen=True, slots=True)
class Variants:
    """The spellings a fuzzy term stood for in the archive searched: ``term`` as written
    (``gaddafi~``), ``found`` the indexed words with the number of cables holding each,
    most first, and ``more`` how many more spellings were near enough but left out (past
    ``query.fuzzy.MAX_VARIANTS``)."""

    term: str
    found: tuple[tuple[str, int], ...]
    more: int = 0

    def __str__(self) -> str:
        words = ", ".join(f"{word} {n:,}" for word, n in self.found) or "no spelling found"
        more = f" and {self.more:,} more" if self.more else ""
        return f"{self.term}: {words}{more}"

    def to_dict(self) -> dict[str, object]:
        """JSON-able fields: ``term``, ``words`` ({"word", "cables"}, most first), ``more``."""
        return {
            "term": self.term,
            "words": [{"word": word, "cables": n} for word, n in self.found],
            "more": self.more,
        }


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search query: ``source``, the query as typed (cleaned of text that is not
    valid Unicode), and ``root``, what a cable must match (None: every cable).

    ``variants`` says what each fuzzy term stood for once a store replaced it with the
    spellings its archive holds (empty before, and for a query without one)."""

    source: str
    root: Node | None = None
    variants: tuple[Variants, ...] = ()

    @property
    def has_words(self) -> bool:
        """Whether the query tests the words of a cable anywhere."""
        return self.root is not None and _has_term(self.root)

    @property
    def ranked(self) -> bool:
        """Whether hits can be ranked by the words they match: some term is not negated."""
        return next(terms(self.root), None) is not None

    def positive_terms(self) -> tuple[Term, ...]:
        """The terms that count for a match, once each, for ranking and highlighting."""
        return tuple(dict.fromkeys(terms(self.root)))

    def conjuncts(self) -> tuple[Node, ...]:
        """The items a cable must all match: those of a top-level And, else the root."""
        if self.root is None:
            return ()
        return self.root.items if isinstance(self.root, And) else (self.root,)

    def narrowed(self, node: Node) -> Query:
        """This query with ``node`` required as well (``source`` stays as typed)."""
        root = node if self.root is None else group(And, [self.root, node])
        return Query(self.source, root, self.variants)


def _has_term(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return _has_term(node.item)
    if isinstance(node, And | Or):
        return any(_has_term(item) for item in node.items)
    return False


def group(kind: type[And] | type[Or], items: list[Node]) -> Node | None:
    """``items`` joined by ``kind``, nested groups of the same kind flattened; None for none."""
    flat: list[Node] = []
    for item in items:
        if isinstance(item, And | Or) and isinstance(item, kind):
            flat.extend(item.items)
        else:
            flat.append(item)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def entity_key(name: str) -> str:
    """How entity names are compared: case-folded, spaces collapsed (``Tello  PEON`` and
    ``tello peon`` are one key)."""
    return " ".join(name.split()).casefold()


_CLASS_ALIASES = {
    "NF": "NOFORN",
    "FOUO": "FOR OFFICIAL USE ONLY",
    "SBU": "SENSITIVE BUT UNCLASSIFIED",
    "S": "SECRET",
    "C": "CONFIDENTIAL",
    "U": "UNCLASSIFIED",
}


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
