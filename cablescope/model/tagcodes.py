"""The labels of TAGS codes: reference data shipped with the package (``data/tags.tsv``).

Each code maps to its label in the form the National Security Archive's PlusD records
print it (``PGOV`` -> ``Political Affairs--Government; Internal Governmental Affairs``,
``MX`` -> ``Mexico``). Here, at the bottom, so that the parser that reads TAGS lines and
the stores that count them share one table.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def table() -> dict[str, str]:
    """Every known TAGS code and its label."""
    text = (resources.files("cablescope") / "data" / "tags.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[0]: row[1] for row in rows if len(row) >= 2}


def label(code: str) -> str | None:
    """The label of a TAGS code (``KCRM`` -> ``Criminal Activity``), None if unknown."""
    return table().get(code.strip().upper())
