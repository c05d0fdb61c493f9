"""How mention texts compare: name keys, token runs, slugs, and the shipped alias table."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from cablescope.query.fold import fold

_POSSESSIVE = re.compile(r"(?:'|’)s?$")
_SPACES = re.compile(r"\s+")
_SLUG = re.compile(r"[^a-z0-9]+")


def name_key(text: str) -> str:
    """The key of a name: possessive ``'s`` and dots removed, case-folded, spaces collapsed
    (``U.S.`` -> ``us``, ``TELLO PEON's`` -> ``tello peon``)."""
    text = _POSSESSIVE.sub("", text.strip()).replace(".", "")
    return _SPACES.sub(" ", text).strip().casefold()


def slug(name: str) -> str:
    """``name`` folded to ASCII letters and digits joined by ``-`` (``Tello Peón`` ->
    ``tello-peon``); ``x`` when nothing is left."""
    return _SLUG.sub("-", fold(name)).strip("-") or "x"


def contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """Whether person name ``short`` can be ``long`` cut short: a contiguous, shorter run of
    its tokens that is not its first token alone (``tello peon``, ``jorge tello``, or
    ``gutierrez`` of ``geronimo gutierrez fernandez``, but not ``jorge``)."""
    n = len(short)
    if n >= len(long) or (n == 1 and long[0] == short[0] and short[0] not in long[1:]):
        return False
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def runs(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every contiguous, shorter run of ``tokens`` that ``contains`` accepts."""
    found = {
        tokens[i:j]
        for i in range(len(tokens))
        for j in range(i + 1, len(tokens) + 1)
        if j - i < len(tokens)
    }
    return [run for run in found if contains(tokens, run)]


@cache
def alias_table() -> dict[str, tuple[str, str]]:
    """The shipped equivalents (``data/aliases.tsv``): key -> (canonical key, display name)."""
    table: dict[str, tuple[str, str]] = {}
    text = resources.files("cablescope").joinpath("data/aliases.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("\t") if n.strip()]
        head = name_key(names[0])
        for name in names:
            table.setdefault(name_key(name), (head, names[0]))
    return table
