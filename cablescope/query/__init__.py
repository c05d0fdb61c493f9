"""The search query language: what a person types, parsed into a neutral tree.

``parse_query`` (``parser.py``, syntax in its docstring) builds a ``Query`` whose ``root``
is a tree of ``Term`` and filter leaves under ``And``, ``Or`` and ``Not`` (``tree.py``).
Nothing here knows SQL: each store compiles the tree itself. ``fold.py`` says how words
compare (case and accents ignored), ``clean`` how text that is not valid Unicode is read.
"""

from cablescope.query._lexer import clean
from cablescope.query.parser import ENTITY_FILTERS, MAX_DEPTH, parse_query, period
from cablescope.query.tree import (
    And,
    CableId,
    Classification,
    Dated,
    Filter,
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
    Variants,
    class_matches,
    entity_key,
    group,
    origin_matches,
    literal,
    terms,
    words_only,
)

__all__ = [
    "ENTITY_FILTERS",
    "MAX_DEPTH",
    "And",
    "CableId",
    "Classification",
    "Dated",
    "Filter",
    "Mentions",
    "Node",
    "Not",
    "OfEntity",
    "Or",
    "Origin",
    "Query",
    "Redacted",
    "Tag",
    "Term",
    "Variants",
    "class_matches",
    "clean",
    "entity_key",
    "group",
    "origin_matches",
    "parse_query",
    "period",
    "literal",
    "terms",
    "words_only",
]
