"""Reading the tables shipped in ``cablescope/data``."""

from __future__ import annotations

from importlib import resources


def data_text(name: str) -> str:
    """The text of a packaged data file, decoded as UTF-8."""
    return (resources.files("cablescope") / "data" / name).read_text(encoding="utf-8")


def data_bytes(name: str) -> bytes:
    """The bytes of a packaged data file."""
    return (resources.files("cablescope") / "data" / name).read_bytes()


def tsv_rows(name: str) -> list[list[str]]:
    """The rows of a packaged tab-separated table, without ``#`` comment lines."""
    rows: list[list[str]] = []
    for line in data_text(name).splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows
