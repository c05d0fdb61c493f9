"""The cable gold set: inline ``[[TYPE text]]`` files turned into standoff entities and checked.

python evaluation/gold.py        # checks every .marked.txt against its .txt
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "cable-gold"
TYPES = ("PER", "ORG", "LOC", "MISC")
MARK = re.compile(r"\[\[(PER|ORG|LOC|MISC) ((?:(?!\]\]).)+?)\]\]", re.S)


@dataclass(frozen=True, slots=True)
class Entity:
    """A gold entity: ``text[start:end]`` is its surface form."""

    start: int
    end: int
    type: str
    text: str


def from_marked(marked: str) -> tuple[str, list[Entity]]:
    """The plain text and its entities from a text with ``[[TYPE text]]`` marks."""
    out: list[str] = []
    entities: list[Entity] = []
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(2)
        entities.append(Entity(length, length + len(inner), m.group(1), inner))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), entities


def load(cable_id: str) -> tuple[str, list[Entity]]:
    """The gold text and entities of one cable; raises ValueError if they disagree."""
    text = (GOLD / f"{cable_id}.txt").read_text(encoding="utf-8")
    plain, entities = from_marked((GOLD / f"{cable_id}.marked.txt").read_text(encoding="utf-8"))
    if plain != text:
        at = next(i for i, (a, b) in enumerate(zip(plain, text, strict=False)) if a != b)
        raise ValueError(
            f"{cable_id}: marks change the text near {text[max(at - 30, 0) : at + 30]!r}"
        )
    for ent in entities:
        if ent.text != ent.text.strip() or not ent.text.strip():
            raise ValueError(f"{cable_id}: entity with surrounding space {ent.text!r}")
        if "[[" in ent.text or "]]" in ent.text:
            raise ValueError(f"{cable_id}: nested mark in {ent.text!r}")
    return text, entities


def cable_ids() -> list[str]:
    """Every cable of the gold set that has been annotated."""
    return sorted(p.name.removesuffix(".marked.txt") for p in GOLD.glob("*.marked.txt"))


def main() -> None:
    total = 0
    for cable_id in cable_ids():
        _text, entities = load(cable_id)
        total += len(entities)
        counts = {t: sum(e.type == t for e in entities) for t in TYPES}
        print(cable_id, len(entities), counts)
    print(f"{len(cable_ids())} cables, {total} entities")


if __name__ == "__main__":
    sys.exit(main())
