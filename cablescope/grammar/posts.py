"""Posts: the sending office as the FM line writes it, as the cable viewer names it (its
Origin), and as its token appears in cable IDs (``AMEMBASSY MEXICO``, ``Embassy Mexico``,
``MEXICO``).

The table ``data/posts.tsv`` was derived by comparing the FM line, the Origin column and
the ID over the 6,712 pages of the 2011-04 cable viewer, and completed for the other post
tokens of the reference ID list; rules cover offices it lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cablescope.grammar._data import tsv_rows


@dataclass(frozen=True, slots=True)
class Post:
    """One office: ``token`` as in cable IDs, ``origin`` as the cable viewer names it, ``fm``
    as the FM line writes it, ``pages``: how many viewer pages showed this pairing (0: the
    row comes from a rule or from the reference list, not from a page)."""

    token: str
    origin: str
    fm: str
    pages: int


@dataclass(frozen=True, slots=True)
class _Tables:
    by_fm: dict[str, str]
    by_token: dict[str, str]
    by_origin: dict[str, str]


_SPACES = re.compile(r"\s+")
_FM_TAIL = re.compile(r"//.*$|\s+(?:IMMEDIATE|PRIORITY|ROUTINE|FLASH)\b.*$")
_PREFIX_RULES: tuple[tuple[str, str], ...] = (
    ("AMEMBASSY ", "Embassy "),
    ("AMCONSUL ", "Consulate "),
    ("USINT ", "US Interests Section "),
    ("USMISSION ", "Mission "),
    ("USDEL ", "US Delegation "),
    ("REO ", "REO "),
    ("USLO ", "Embassy "),
)
_ORIGIN_PREFIX = re.compile(
    r"^(?:Embassy|Consulate|US Mission|Mission|US Interests Section|REO|US Delegation,?)\s+"
)


@cache
def posts() -> tuple[Post, ...]:
    """Every row of the posts table, in table order."""
    return tuple(
        Post(token=row[0], origin=row[1], fm=row[2], pages=int(row[3]))
        for row in tsv_rows("posts.tsv")
    )


@cache
def _tables() -> _Tables:
    by_fm: dict[str, str] = {}
    by_token: dict[str, str] = {}
    by_origin: dict[str, str] = {}
    for post in posts():
        if post.fm:
            by_fm.setdefault(post.fm, post.origin)
        by_token.setdefault(post.token, post.origin)
        by_origin.setdefault(post.origin.upper(), post.token)
    return _Tables(by_fm=by_fm, by_token=by_token, by_origin=by_origin)


def _title(words: str) -> str:
    return " ".join(w.capitalize() for w in words.split(" "))


def clean_fm(fm: str) -> str:
    """A FM value in upper case with single spaces, without ``//…//`` office symbols or a
    trailing precedence."""
    text = _SPACES.sub(" ", fm.upper()).strip()
    if text.startswith("FM "):
        text = text[3:]
    return _FM_TAIL.sub("", text).strip()


def origin_name(fm: str) -> str | None:
    """The cable viewer's Origin for a FM line: ``AMEMBASSY MEXICO`` -> ``Embassy Mexico``,
    ``SECSTATE WASHDC`` -> ``Secretary of State``; by table, then by rule; None if empty."""
    text = clean_fm(fm)
    if not text:
        return None
    tables = _tables()
    found = tables.by_fm.get(text)
    if found is not None:
        return found
    head, _, last = text.rpartition(" ")
    if len(last) == 2 and head in tables.by_fm:
        return tables.by_fm[head]
    if text.startswith("SECSTATE"):
        return "Secretary of State"
    for prefix, name in _PREFIX_RULES:
        if text.startswith(prefix) and len(text) > len(prefix):
            return name + _title(text[len(prefix) :])
    return _title(text)


_PARTICLES = frozenset({"of", "de", "es", "au", "da", "do", "du", "del", "des", "and", "the"})


def proper_origin(origin: str) -> str:
    """An Origin as a reader writes it: the cable viewer capitalises every word (``Embassy
    Port Of Spain``, ``Consulate Rio De Janeiro``); the small words inside a place name
    are lower case (``Embassy Port of Spain``), the first word of the place keeps its
    capital (``Embassy La Paz``, ``Embassy The Hague``)."""
    office = _ORIGIN_PREFIX.match(origin)
    head, place = (office.group(), origin[office.end() :]) if office else ("", origin)
    words = place.split(" ")
    for i in range(1, len(words) - 1):
        if words[i].lower() in _PARTICLES:
            words[i] = words[i].lower()
    return head + " ".join(words)


def post_token(name: str) -> str:
    """A post name as its token in cable IDs: spaces and dots removed, upper case
    (``NEW DELHI`` -> ``NEWDELHI``, ``USEU BRUSSELS`` -> ``USEUBRUSSELS``)."""
    return re.sub(r"[^A-Z]", "", name.upper())


def post_for_origin(origin: str) -> str | None:
    """The ID token of a cable-viewer Origin: ``Embassy Mexico`` -> ``MEXICO``; by table, else
    the place name without its office word; None if nothing is left."""
    text = _SPACES.sub(" ", origin).strip()
    found = _tables().by_origin.get(text.upper())
    if found is not None:
        return found
    token = post_token(_ORIGIN_PREFIX.sub("", text))
    return token or None


def origin_for_post(token: str) -> str | None:
    """The cable-viewer Origin of an ID token (``MEXICO`` -> ``Embassy Mexico``), if known."""
    return _tables().by_token.get(token.upper())


@cache
def known_tokens() -> frozenset[str]:
    """Every post token of the table."""
    return frozenset(post.token for post in posts())
