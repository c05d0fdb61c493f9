"""The cable gold set is well formed: marks only wrap text, types are CoNLL's, offsets hold."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "evaluation"))

import gold  # noqa: E402

IDS = gold.cable_ids()


def test_the_gold_set_has_at_least_twenty_cables() -> None:
    assert len(IDS) >= 20


@pytest.mark.parametrize("cable_id", IDS)
def test_marks_only_wrap_text(cable_id: str) -> None:
    text, entities = gold.load(cable_id)
    assert entities, f"{cable_id} has no entities"
    for ent in entities:
        assert ent.type in gold.TYPES
        assert text[ent.start : ent.end] == ent.text
        assert "XXXXXX" not in ent.text
    spans = sorted((e.start, e.end) for e in entities)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


def test_marks_round_trip() -> None:
    text, entities = gold.from_marked("[[PER Keith Mines]] met [[ORG PGR]] in [[LOC Mexico]].")
    assert text == "Keith Mines met PGR in Mexico."
    assert [(e.type, e.text) for e in entities] == [
        ("PER", "Keith Mines"),
        ("ORG", "PGR"),
        ("LOC", "Mexico"),
    ]
