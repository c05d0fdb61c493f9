"""Routing material is never an entity: ``VZCZC…``, routing indicators (``RUEHHO``,
``RUEKJCS``, ``RHEHNSC``, ``RUCNMEM``), the security line (``ZNY SSSSS``) and date-time
groups (``P 281848Z DEC 66``, ``O R 011530Z``).

Taggers read a header left in a body as names (``RUEHHO RUEHMC`` as a person, ``DE
RUEHPE`` as an organisation). ``without_routing`` drops every mention whose text is or
holds such a token, whatever tagger found it. A routing indicator is an ``R`` word of five
to seven letters whose first four are a relay prefix of the State and Defense networks
(``RUEH``, ``RHMF``…); words that merely look alike (``RUSSIA``, ``RUEDA``, ``RUMI``) are
not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cablescope.model import Mention

PREFIXES: frozenset[str] = frozenset(
    """
    RUEH RUEA RUEB RUEC RUEF RUEI RUEK RUEO RUEP RUET RUEW RUCN RUCP RUCO RUCQ RUCJ RUCX
    RUZE RUWD RUFH RUFO RULS RUMI RHEH RHMF RHEF RHEB RHBV RHHM RHHJ RHMC RHWS RHRM RHFJ
    """.split()
)
"""The first four letters of the routing indicators in the Cablegate headers, less those
that begin English words or names (``RUSS``, ``RULE``, ``RUNN``, ``RHOD``…)."""

SEVEN_ONLY: frozenset[str] = frozenset({"RUMI", "RUCO", "RUFO", "RULS", "RUEP"})
"""Prefixes that also begin shorter words (``RUMINT``, ``RUCOLA``): an indicator with one
of them has seven letters, as all in the headers do."""

_ROUTING = re.compile(
    r"VZCZC|(?<![A-Za-z])(?:(?P<ri>R[UH][A-Z]{2}[A-Z0-9]{1,3})(?![A-Za-z0-9])"
    r"|ZN[YR][ \t]+(?P<level>[A-Z])(?P=level){4}(?![A-Za-z])"
    r"|\d{6}[ \t]?Z(?![A-Za-z0-9]))"
)


def is_routing(text: str) -> bool:
    """Whether ``text`` is or holds a routing token (see the module docstring)."""
    for m in _ROUTING.finditer(text):
        ri = m.group("ri")
        if ri is None or ri[:4] in PREFIXES and (len(ri) == 7 or ri[:4] not in SEVEN_ONLY):
            return True
    return False


def without_routing(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions that hold no routing token, in their order."""
    return [m for m in mentions if not is_routing(m.text)]
