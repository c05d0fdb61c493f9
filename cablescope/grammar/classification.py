"""Classification levels and handling caveats, as written in tables, PlusD and cable bodies.

The normal forms are ``UNCLASSIFIED``, ``UNCLASSIFIED//FOR OFFICIAL USE ONLY``,
``LIMITED OFFICIAL USE``, ``CONFIDENTIAL``, ``SECRET`` and ``TOP SECRET``, each
possibly followed by ``//NOFORN``.
"""

from __future__ import annotations

import re

UNCLASSIFIED = "UNCLASSIFIED"
FOUO = "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
LOU = "LIMITED OFFICIAL USE"
CONFIDENTIAL = "CONFIDENTIAL"
SECRET = "SECRET"
TOP_SECRET = "TOP SECRET"
NOFORN = "NOFORN"

HANDLING_CODES: frozenset[str] = frozenset(
    {
        "NOFORN", "SIPDIS", "NOCONTRACT", "ORCON", "EXDIS", "NODIS", "LIMDIS", "STADIS",
        "PROPIN", "EFTO", "ROGER", "CHEROKEE", "NOPRESS", "SENSITIVE", "DISSENT",
    }
)  # fmt: skip
"""Caveat words that may stand on the classification line or on lines near the top."""

_SPACED_RUN = re.compile(r"\b(?:[A-Za-z] ){2,}[A-Za-z]\b")
_LEVELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"TOP\s*SECRET"), TOP_SECRET),
    (re.compile(r"LIMITED\s*OFFICIAL\s*USE|\bLOU\b"), LOU),
    (
        re.compile(r"SENSITIVE\s*BUT\s*UNCLASSIFIED|\bSBU\b|FOR\s*OFFICIAL\s*USE\s*ONLY|\bFOUO\b"),
        FOUO,
    ),
    (re.compile(r"ONFIDENTIA|CONFIDEN|\bC\b"), CONFIDENTIAL),
    (re.compile(r"ECRET|\bS\b"), SECRET),
    (re.compile(r"NCLAS|\bU\b"), UNCLASSIFIED),
)
_NOFORN = re.compile(r"NOFORN|NO\s*FOREIGN|\bNF\b")
_SENSITIVE = re.compile(r"\bSENSITIVE\b")


def join_spaced(text: str) -> str:
    """Join letter-spaced words: ``C O N F I D E N T I A L`` -> ``CONFIDENTIAL``."""
    if " " not in text:
        return text
    return _SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)


def normalise_classification(value: str) -> str | None:
    """A classification as written anywhere (``secret//noforn``, ``S E C R E T``, ``UNCLAS``,
    ``UNCLAS SENSITIVE``, ``SBU``, ``CONFIDENTIAL//NOFORN``) in its normal form, or None."""
    text = join_spaced(value.upper().replace("\xa0", " ")).strip()
    if not text:
        return None
    level: str | None = None
    for pattern, name in _LEVELS:
        if pattern.search(text):
            level = name
            break
    if level is None:
        return None
    if level == UNCLASSIFIED and _SENSITIVE.search(text):
        level = FOUO
    if _NOFORN.search(text):
        return f"{level}//{NOFORN}"
    return level


def combine(level: str | None, handling: tuple[str, ...], sensitive: bool) -> str | None:
    """The full classification of a body: its level with ``//NOFORN`` when NOFORN is among
    its caveats; an unclassified cable marked sensitive or NOFORN is
    ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` (as the cable viewer's table has it)."""
    if level is None:
        return None
    if level == UNCLASSIFIED and (sensitive or NOFORN in handling):
        return FOUO
    if level == FOUO:
        return level
    if NOFORN in handling and not level.endswith(NOFORN):
        return f"{level}//{NOFORN}"
    return level
