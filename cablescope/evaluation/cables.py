"""The project's cable gold set (``<ID>.txt`` + ``<ID>.marked.txt`` with ``[[TYPE text]]``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from cablescope.evaluation.documents import GoldDocument, GoldEntity, is_all_caps

GOLD_FOLDER = Path(__file__).resolve().parents[2] / "evaluation" / "cable-gold"
"""Where the gold set lives in a source checkout; absent in an installed package."""

_MARK = re.compile(r"\[\[(PER|ORG|LOC|MISC) ((?:(?!\]\]).)+?)\]\]", re.S)


def from_marked(marked: str) -> tuple[str, tuple[GoldEntity, ...]]:
    """The plain text and its entities from a text with ``[[TYPE text]]`` marks."""
    out: list[str] = []
    entities: list[GoldEntity] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(2)
        entities.append(GoldEntity(length, length + len(inner), m.group(1), inner))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), tuple(entities)


def read_cable_gold(folder: Path | str | None = None) -> Iterator[GoldDocument]:
    """Every annotated cable of the gold set, by cable id; nothing when the folder is absent.

    Raises ValueError when a marked file does not give back its ``.txt`` once the marks are
    removed, since then its offsets would point at the wrong text.
    """
    root = GOLD_FOLDER if folder is None else Path(folder)
    if not root.is_dir():
        return
    for marked_path in sorted(root.glob("*.marked.txt")):
        cable_id = marked_path.name.removesuffix(".marked.txt")
        text, entities = from_marked(marked_path.read_text(encoding="utf-8"))
        plain_path = root / f"{cable_id}.txt"
        if plain_path.exists() and plain_path.read_text(encoding="utf-8") != text:
            raise ValueError(f"{cable_id}: the marks change the text of {plain_path.name}")
        yield GoldDocument(cable_id, text, entities, is_all_caps(text))
