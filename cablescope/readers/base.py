"""The Reader protocol: recognise a format, and cut each cable into an envelope and a raw body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Protocol

from cablescope.model import Envelope, Input, Problem


class Reader(Protocol):
    """A format. ``match`` scores the input (0: not mine; highest wins).

    ``extract`` yields, per cable, the envelope (metadata from the wrapper) and the
    raw body text exactly as the cable reads (markup decoded, nothing repaired);
    a bad row or file becomes a Problem and reading goes on.
    """

    name: ClassVar[str]

    def match(self, inp: Input) -> int: ...

    def extract(self, inp: Input) -> Iterator[tuple[Envelope, str] | Problem]: ...
