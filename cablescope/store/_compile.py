"""The query tree compiled to a SQL condition on ``cables c``, shared by the SQL stores.

The walk, the way And and Or hand their words to the full-text engine as one subtree,
and the filters are the same in SQLite and PostgreSQL; a store names its parameter
placeholder and says how a subtree of words, a set of column values and falsehood are
written.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, Protocol

from cablescope.query import (
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
    Redacted,
    Tag,
    class_matches,
    origin_matches,
    words_only,
)
from cablescope.store.base import SortKey

Params = list[object]


class _Rows(Protocol):
    def fetchall(self) -> Sequence[Any]: ...


class Connection(Protocol):
    """What the compiler asks of a connection: a query without parameters."""

    def execute(self, sql: str, /) -> _Rows: ...


DATE = "coalesce(c.date, '')"
"""The date of cable ``c`` as keyset pages order it, '' for none."""


def by_date(
    cond: str, params: Params, sort: str, after: SortKey | None, mark: str = "?"
) -> tuple[str, Params, str]:
    """``cond`` and ``params`` narrowed to the cables that come after the key ``after`` in
    date order (newest first unless ``sort`` is "oldest"), with the ORDER BY clause."""
    newest = sort != "oldest"
    if after is not None:
        op = "<" if newest else ">"
        cond += f" AND ({DATE} {op} {mark} OR ({DATE} = {mark} AND c.id {op} {mark}))"
        params = [*params, after[0], after[0], after[1]]
    order = "DESC" if newest else "ASC"
    return cond, params, f"{DATE} {order}, c.id {order}"


def contains(name: str) -> str:
    """A LIKE pattern matching names that contain ``name`` literally."""
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Compiler(ABC):
    """Turns query nodes into SQL conditions on ``cables c``, gathering their parameters."""

    MARK = "?"
    """The parameter placeholder."""
    NEVER = "0"
    """A condition no cable meets."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.params: Params = []
        self._distinct: dict[str, list[str]] = {}

    @abstractmethod
    def words(self, node: Node) -> str:
        """The condition for a subtree of words."""

    @abstractmethod
    def among(self, column: str, values: list[str]) -> str:
        """The condition that ``column`` holds one of ``values`` (at least one)."""

    def condition(self, node: Node) -> str:
        if words_only(node):
            return self.words(node)
        if isinstance(node, Not):
            return f"NOT ({self.condition(node.item)})"
        if isinstance(node, And | Or):
            return self.combine(node.items, "AND" if isinstance(node, And) else "OR")
        return self.leaf(node)

    def combine(self, items: Sequence[Node], op: str) -> str:
        """``items`` joined by ``op``; their words go to the full-text engine as one."""
        words = [item for item in items if words_only(item)]
        rest = [item for item in items if not words_only(item)]
        parts: list[str] = []
        if words:
            kind = And if op == "AND" else Or
            parts.append(self.condition(words[0] if len(words) == 1 else kind(tuple(words))))
        parts.extend(self.condition(item) for item in rest)
        return parts[0] if len(parts) == 1 else "(" + f" {op} ".join(parts) + ")"

    def leaf(self, node: Node) -> str:
        mark = self.MARK
        if isinstance(node, Dated):
            bounds = ["c.date IS NOT NULL"]
            if node.start is not None:
                bounds.append(f"c.date >= {mark}")
                self.params.append(node.start)
            if node.before is not None:
                bounds.append(f"c.date < {mark}")
                self.params.append(node.before)
            return "(" + " AND ".join(bounds) + ")"
        if isinstance(node, Origin):
            return self._resolved("origin", node.pattern)
        if isinstance(node, Classification):
            return self._resolved("marking", node.pattern)
        if isinstance(node, Tag):
            self.params.append(node.code)
            return f"c.id IN (SELECT cable_id FROM cable_tags WHERE code = {mark})"
        if isinstance(node, CableId):
            self.params.append(node.value)
            return f"c.id = {mark}"
        if isinstance(node, Mentions):
            self.params.extend([node.type, contains(node.key)])
            return (
                "c.id IN (SELECT cable_id FROM cable_entities"
                f" WHERE type = {mark} AND name LIKE {mark} ESCAPE '\\')"
            )
        if isinstance(node, OfEntity):
            self.params.append(node.id)
            return f"c.id IN (SELECT cable_id FROM entity_cables WHERE entity_id = {mark})"
        if isinstance(node, Redacted):
            return "c.id IN (SELECT cable_id FROM cable_redactions)"
        raise TypeError(f"not a query node: {node!r}")

    def _resolved(self, column: str, pattern: str) -> str:
        """Match the few distinct values of ``column`` in Python, then filter on them; the
        values are those ``cable_counts`` counts, which spares reading an index of every
        cable."""
        if column not in self._distinct:
            rows = self.conn.execute(
                f"SELECT value FROM cable_counts WHERE dimension = '{column}' AND NOT missing"
                " AND n > 0"
            ).fetchall()
            self._distinct[column] = [str(v) for (v,) in rows]
        matches = origin_matches if column == "origin" else class_matches
        values = [v for v in self._distinct[column] if matches(pattern, v)]
        if not values:
            return self.NEVER
        return f"(c.{column} IS NOT NULL AND {self.among(column, values)})"
