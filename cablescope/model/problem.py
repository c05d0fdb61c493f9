"""Problem: a file or row that was rejected, with a one-line reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be read. ``stage`` is read, repair, parse or store."""

    path: str
    stage: str
    message: str
    sha256: str | None = None
