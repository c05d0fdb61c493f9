"""Countries as resolution needs them (``data/countries.tsv``): the country of a post, the
countries a "government of" acronym can name (``GOB``: Brazil, Bahrain, Bolivia, Burma,
Belarus…), the country a place or nationality names, and a country's government as an
entity name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from cablescope.grammar._data import tsv_rows
from cablescope.resolve.keys import initials, name_key

_GOVERNMENT = re.compile(r"G[Oo]([A-Z]{1,3})")


@dataclass(frozen=True, slots=True)
class Country:
    """A country: its two-letter TAGS code, name, and the letters that follow ``GO`` in an
    acronym of its government (first letter, initials, TAGS code: ``B`` for Brazil, ``S``
    and ``SL`` for Sri Lanka, ``AJ`` for Azerbaijan)."""

    code: str
    name: str
    letters: frozenset[str]

    @property
    def government(self) -> str:
        """``Government of <name>``."""
        return f"Government of {self.name}"


@dataclass(frozen=True, slots=True)
class _Table:
    by_code: dict[str, Country]
    by_post: dict[str, str]
    by_key: dict[str, str]
    by_letters: dict[str, tuple[str, ...]]


@cache
def _table() -> _Table:
    by_code: dict[str, Country] = {}
    by_post: dict[str, str] = {}
    for row in tsv_rows("countries.tsv"):
        code, name = row[0], row[1]
        letters = {name[0].upper(), initials(name), code}
        by_code[code] = Country(code, name, frozenset(x for x in letters if x))
        for post in (row[2] if len(row) > 2 else "").split():
            by_post.setdefault(post, code)
    by_letters: dict[str, list[str]] = {}
    for code, country in sorted(by_code.items()):
        for x in country.letters:
            by_letters.setdefault(x, []).append(code)
    by_key = {name_key(c.name): code for code, c in by_code.items()}
    return _Table(by_code, by_post, by_key, {k: tuple(v) for k, v in by_letters.items()})


def countries() -> tuple[Country, ...]:
    """Every country of the table, by code."""
    return tuple(c for _, c in sorted(_table().by_code.items()))


def country(code: str) -> Country:
    """The country of a TAGS code (KeyError when the table has none)."""
    return _table().by_code[code]


def is_country(code: str) -> bool:
    """Whether ``code`` is a country's TAGS code."""
    return code in _table().by_code


def country_of_post(post: str | None) -> str | None:
    """The TAGS code of the country a post is in (``MANAMA`` -> ``BA``); None for the
    Department, missions to international bodies and unknown posts."""
    return _table().by_post.get(post) if post else None


def country_named(key: str) -> str | None:
    """The TAGS code of the country whose name has this key (``bolivia`` -> ``BL``)."""
    return _table().by_key.get(key)


def country_meant(key: str, kind: str) -> str | None:
    """The TAGS code of the country a place or nationality names: its name (``japan``), a
    post's city (``tokyo``, ``buenos aires``) or, for a nationality, its adjective
    (``japanese``, ``jordanian``, ``nigerian`` of Nigeria rather than Niger); None else."""
    table = _table()
    if kind == "LOC":
        return table.by_key.get(key) or table.by_post.get(key.replace(" ", "").upper())
    if kind != "MISC" or " " in key:
        return None
    return _adjective_of(key)


@cache
def _stems() -> dict[str, list[str]]:
    """The stems of country names an adjective is made from: the name, or the name without
    its last letter, of more than three letters -> the countries (codes) of that stem."""
    found: dict[str, list[str]] = {}
    for name, code in _table().by_key.items():
        for stem in {name, name[:-1]}:
            if len(stem) > 3:
                found.setdefault(stem, []).append(code)
    return found


@lru_cache(maxsize=1 << 16)
def _adjective_of(key: str) -> str | None:
    stems = _stems()
    found = [
        (len(key) - n, code)
        for n in range(_LONGEST + 1)
        if key[len(key) - n :] in _ADJECTIVE
        for code in stems.get(key[: len(key) - n], ())
    ]
    return max(found)[1] if found else None


_ADJECTIVE = frozenset({"", "n", "an", "ian", "ese", "i", "e", "ean", "ien", "ish"})
"""What a country's name, or its name without its last letter, takes to become its people's
adjective (``japan-ese``, ``jordan-ian``, ``kenya-n``, ``german-``)."""

_LONGEST = max(map(len, _ADJECTIVE))


def governments(surface: str) -> tuple[str, ...]:
    """The countries (TAGS codes) whose government ``surface`` can abbreviate: ``GOB``,
    ``GoB`` -> Brazil, Bahrain, Bolivia…; empty when it is no such acronym (``GONO``,
    ``Gomez``)."""
    found = _GOVERNMENT.fullmatch(surface)
    return _table().by_letters.get(found.group(1), ()) if found else ()
