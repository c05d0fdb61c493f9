"""Acronyms with evidence: a definition holds in its cable, and beyond it only where the
archive agrees (the same expansion defined in at least two cables, most of those defining
it; in the country's cables only when one country's posts alone define it) or the same post
defined it so that year. A currency code (``USD``) is a unit, never an
entity, whatever one cable defines it as elsewhere. A government's acronym (``GOB``, ``GoI``)
names the government of the country it abbreviates as the cable's post, TAGS or names
decide it: Brazil in a Brasilia cable, Bahrain in a Manama one."""

from __future__ import annotations

from collections import Counter

from cablescope.resolve.facts import Reads, only
from cablescope.resolve.gather import Seen, Span
from cablescope.resolve.keys import alias_table, name_key, words
from cablescope.resolve.places import (
    countries,
    country,
    country_meant,
    country_of_post,
    governments,
)
from cablescope.resolve.tables import Tables

Target = tuple[str, float, str]

ACRONYM = 0.9
"""Confidence of a link through an acronym definition, or a government by the cable's post."""
NEARBY = 0.8
"""Confidence of a link through a definition at the same post and year, or a government by
the cable's TAGS."""
NAMED = 0.7
"""Confidence of a government by the countries the cable names."""
AMBIGUOUS = 0.3

DOMINANT = 2 / 3
"""Share of the cables defining an acronym that must agree on its expansion for the acronym
to mean it archive-wide."""

DROP = ("", 0.0, "drop")
"""A mention that is no entity."""


def government_names() -> dict[str, str]:
    """Key -> name of each country's government (``government of brazil``)."""
    return {name_key(c.government): c.government for c in countries()}


class Acronyms:
    """Acronym decisions from key-level tables: ``joins``, meanings the archive agrees on
    and defines in more than one country (or at the Department or a mission), which hold
    everywhere, names that write out a word the alias table abbreviates (``UN Security
    Council`` is ``United Nations Security Council``) and a people's plural (``Indians``); ``national``, meanings only one country's posts define (``PRD``: Mexico's
    Party of the Democratic Revolution), which hold in that country's cables and those of no
    country (a Department cable), not in another's (Panama's PRD is another party)."""

    def __init__(self, tables: Tables, reads: Reads | None = None) -> None:
        self.t = tables
        self.reads = reads or Reads()
        table = alias_table()
        where: dict[tuple[str, str], set[str | None]] = {}
        for (acronym, (post, _)), expansions in tables.defined_at.items():
            for expansion in expansions:
                where.setdefault((acronym, expansion), set()).add(country_of_post(post))
        self.joins: dict[str, str] = {}
        self.national: dict[str, tuple[str, str]] = {}
        for acronym, expansions in sorted(tables.defined.items()):
            (top, n), total = (
                min(expansions.items(), key=lambda x: (-x[1], x[0])),
                sum(expansions.values()),
            )
            if (n >= 2 and n >= DOMINANT * total and acronym not in table
                    and acronym not in words().currency
                    and not governments(acronym.upper())):  # fmt: skip
                countries = where.get((acronym, top), {None})
                home = next(iter(countries))
                if len(countries) == 1 and home is not None:
                    self.national[acronym] = (top, home)
                else:
                    self.joins[acronym] = top
        self.joins.update(_written_out(tables))

    def decide(self, cable: Seen, span: Span, named: Counter[str]) -> Target | None:
        """What ``span`` of ``cable`` means when it is an acronym: its expansion, a
        government, DROP for a currency; None when nothing but its key (or an archive-wide
        join) says (``named``: mentions per country code the cable names)."""
        key = span.key
        if key in cable.acronyms:
            return cable.acronyms[key], ACRONYM, "acronym"
        if not span.caps and not span.surface[:2] == "Go":
            return None
        if key in words().currency and span.surface.isupper():
            return DROP
        codes = governments(span.surface)
        if codes:
            return _government(cable, key, codes, named)
        self.reads("national", key)
        if key in self.national:
            expansion, home = self.national[key]
            if cable.country in (None, home) or home in cable.countries:
                return expansion, ACRONYM, "acronym"
            return None
        self.reads("joins", key)
        if key not in self.joins and cable.place is not None:
            self.reads("defined_at", key, cable.place)
            here = only(self.t.defined_at.get((key, cable.place)))
            if here is not None:
                return here, NEARBY, "acronym"
        return None


def _written_out(tables: Tables) -> dict[str, str]:
    """Key -> the key of the archive that writes out one of its words the alias table
    abbreviates (``un security council`` -> ``united nations security council``), or, for
    a people (a nationality, a faith), the one word it is the plural of (``indians`` ->
    ``indian``)."""
    short = {k: head for k, (head, _) in alias_table().items() if " " not in k and " " in head}
    found: dict[str, str] = {}
    for key in sorted(tables.types):
        tokens = key.split()
        for i, token in enumerate(tokens):
            if len(tokens) > 1 and token in short:
                longer = " ".join([*tokens[:i], short[token], *tokens[i + 1 :]])
                if longer in tables.types:
                    found.setdefault(key, longer)
        one = key[:-1]
        if (len(tokens) == 1 and key.endswith("s") and one in tables.types
                and tables.kind(key) == tables.kind(one) == "MISC"):  # fmt: skip
            found.setdefault(key, one)
    return found


def _government(cable: Seen, key: str, codes: tuple[str, ...], named: Counter[str]) -> Target:
    def target(code: str, confidence: float) -> Target:
        return name_key(country(code).government), confidence, "acronym"

    if cable.country in codes:
        return target(cable.country, ACRONYM)
    tagged = [c for c in cable.countries if c in codes]
    if len(tagged) == 1:
        return target(tagged[0], NEARBY)
    ranked = sorted(((n, c) for c, n in named.items() if c in codes), reverse=True)
    if ranked and (len(ranked) == 1 or ranked[0][0] >= 2 * ranked[1][0]):
        return target(ranked[0][1], NAMED)
    if len(codes) == 1:
        return target(codes[0], NAMED)
    return key, AMBIGUOUS, "ambiguous"


def countries_named(cable: Seen) -> Counter[str]:
    """Mentions per country (TAGS code) that ``cable`` names: by its name, a post's city or
    its people's adjective (``Japan``, ``Tokyo``, ``Japanese``)."""
    found: Counter[str] = Counter()
    for s in cable.spans:
        code = country_meant(s.key, s.type)
        if code is not None:
            found[code] += 1
    return found
