"""The inline entity format users know from the reveal project: ``[PER Keith Mines  ]``."""

from __future__ import annotations

from collections.abc import Iterable


def render_inline(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, type) span wrapped as ``[TYPE surface  ]``.

    Spans must not overlap; they are written in text order.
    """
    out: list[str] = []
    pos = 0
    for start, end, kind in sorted(spans):
        if start < pos:
            raise ValueError(f"overlapping entity spans at {start}")
        out.append(text[pos:start])
        out.append(f"[{kind} {text[start:end]}  ]")
        pos = end
    out.append(text[pos:])
    return "".join(out)
