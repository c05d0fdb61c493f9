"""Cables over time for any search: ``timeline(store, "tag:SNAR", by="year", group="origin")``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cablescope.query import Query, parse_query
from cablescope.store.base import GROUPS, PERIODS, SearchIndex

ALL = "all"
"""The name of the one series of a timeline that is not split into groups."""
OTHER = "other"
"""The series that gathers the groups past the ``top`` largest."""
NONE = "none"
"""The series of cables without a value for the group (no origin, no TAGS)."""


@dataclass(frozen=True, slots=True)
class Series:
    """One group's counts, aligned with ``Timeline.periods``; ``undated`` counts its
    cables without a date (or without a month, when counting months)."""

    name: str
    counts: tuple[int, ...]
    undated: int

    @property
    def total(self) -> int:
        """Every cable of the series, dated or not."""
        return sum(self.counts) + self.undated

    def to_dict(self) -> dict[str, object]:
        """The series as JSON-able fields."""
        return {
            "name": self.name,
            "total": self.total,
            "undated": self.undated,
            "counts": list(self.counts),
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    """How many cables a query matches per month or year, first to last period with a
    cable, empty periods included.

    ``counts`` holds the matching cables per period and ``undated`` those without a date
    (or without a month, when counting months). ``series`` holds one Series (ALL)
    without ``group``, else the largest groups first, then OTHER and NONE when they have
    cables. Split by ``tag``, a cable counts under each of its codes, so the series add
    up to more than ``total``.
    """

    query: str
    by: str
    group: str | None
    periods: tuple[str, ...]
    counts: tuple[int, ...]
    undated: int
    series: tuple[Series, ...]

    @property
    def total(self) -> int:
        """Every matching cable, dated or not."""
        return sum(self.counts) + self.undated

    def to_dict(self) -> dict[str, object]:
        """The timeline as JSON-able fields."""
        return {
            "query": self.query,
            "by": self.by,
            "group": self.group,
            "total": self.total,
            "undated": self.undated,
            "periods": list(self.periods),
            "counts": list(self.counts),
            "series": [s.to_dict() for s in self.series],
        }


def periods_between(first: str, last: str) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive: years (``2009``) or months
    (``2009-10``), as ``first`` is written."""
    if len(first) == 4:
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    start = int(first[:4]) * 12 + int(first[5:7]) - 1
    end = int(last[:4]) * 12 + int(last[5:7]) - 1
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(start, end + 1)]


def timeline(
    store: SearchIndex,
    q: str | Query = "",
    by: str = "month",
    group: str | None = None,
    top: int = 10,
) -> Timeline:
    """The timeline of the cables ``q`` matches (a query string, see ``cablescope.query``).

    ``by`` is ``month`` or ``year``; ``group`` None, ``origin``, ``class`` (the
    classification marking) or ``tag``; ``top`` keeps that many groups, largest first,
    and gathers the rest in OTHER (0 keeps all). Raises QueryError for a bad query, and
    ValueError for an unknown ``by`` or ``group``.
    """
    if by not in PERIODS:
        raise ValueError(f"cannot count by {by!r}; choose one of {', '.join(PERIODS)}")
    if group is not None and group not in GROUPS:
        raise ValueError(f"cannot split by {group!r}; choose one of {', '.join(GROUPS)}")
    query = q if isinstance(q, Query) else parse_query(q)
    rows = store.count_by(query, by, group)
    keys = sorted({period for period, _, _ in rows if period is not None})
    periods = tuple(periods_between(keys[0], keys[-1])) if keys else ()
    names: dict[str | None, str] = {None: ALL} if group is None else _series_names(rows, top)
    series = _columns(periods, rows, names)
    if group == "tag":
        (whole,) = _columns(periods, store.count_by(query, by), {None: ALL})
    else:
        columns = tuple(sum(column) for column in zip(*(s.counts for s in series), strict=True))
        whole = Series(ALL, columns, sum(s.undated for s in series))
    return Timeline(query.source, by, group, periods, whole.counts, whole.undated, series)


def _columns(
    periods: tuple[str, ...],
    rows: list[tuple[str | None, str | None, int]],
    names: dict[str | None, str],
) -> tuple[Series, ...]:
    """``count_by`` rows as one Series per name, aligned with ``periods``."""
    at = {period: i for i, period in enumerate(periods)}
    counts = {name: [0] * len(periods) for name in dict.fromkeys(names.values())}
    undated: Counter[str] = Counter()
    for period, value, n in rows:
        name = names[value]
        if period is None:
            undated[name] += n
        else:
            counts[name][at[period]] += n
    return tuple(Series(name, tuple(c), undated[name]) for name, c in counts.items())


def _series_names(
    rows: list[tuple[str | None, str | None, int]], top: int
) -> dict[str | None, str]:
    """The series each group value counts in: the ``top`` largest by name, the rest OTHER,
    None NONE; ordered largest first, then OTHER and NONE."""
    sizes: Counter[str] = Counter()
    for _, value, n in rows:
        if value is not None:
            sizes[value] += n
    ranked = sorted(sizes, key=lambda v: (-sizes[v], v))
    kept = ranked if top <= 0 else ranked[:top]
    names: dict[str | None, str] = {v: v for v in kept}
    names.update((v, OTHER) for v in ranked[len(kept) :])
    if any(value is None for _, value, _ in rows):
        names[None] = NONE
    return names
