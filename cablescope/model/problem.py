"""Problem: a file or row that was rejected, or kept with a warning, with a one-line reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cablescope.model.inputs import readable_path

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input. ``stage`` is read, repair, parse or store.

    ``severity`` ``error`` (the default): the input, or that cable of it, was rejected.
    ``warning``: its cable was stored all the same, with what could be known; the
    message says what is missing and starts with ``kept``, so it reads as such where
    only the message is shown. Only errors count as rejected.
    """

    path: str
    stage: str
    message: str
    sha256: str | None = None
    severity: Severity = "error"

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", readable_path(self.path))

    @property
    def rejected(self) -> bool:
        """Whether the input (or that cable of it) was kept out of the store."""
        return self.severity == "error"
