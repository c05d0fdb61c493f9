"""The cable gold set: inline ``[[TYPE text]]`` files turned into standoff entities and checked.

python evaluation/gold.py        # checks every .marked.txt against its .txt
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cablescope.evaluation.cables import from_marked  # noqa: E402
from cablescope.evaluation.documents import GoldEntity  # noqa: E402
from cablescope.model import ENTITY_TYPES as TYPES  # noqa: E402

GOLD = Path(__file__).resolve().parent / "cable-gold"
__all__ = ["GOLD", "TYPES", "cable_ids", "from_marked", "load"]


def load(cable_id: str) -> tuple[str, list[GoldEntity]]:
    """The gold text and entities of one cable; raises ValueError if they disagree."""
    text = (GOLD / f"{cable_id}.txt").read_text(encoding="utf-8")
    plain, marked = from_marked((GOLD / f"{cable_id}.marked.txt").read_text(encoding="utf-8"))
    entities = list(marked)
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
