"""The yardstick loaders over the real files: counts pinned, offsets exact."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cablescope.evaluation import (
    GoldDocument,
    Tally,
    read_cable_gold,
    read_conll,
    read_historylab,
    sentences,
)
from cablescope.evaluation.historylab import convert

SHARED = Path(__file__).resolve().parents[3] / "shared"
CONLL = SHARED / "ner" / "conll2003"
HISTORYLAB = SHARED / "ner" / "historylab" / "train"
needs_conll = pytest.mark.skipif(not CONLL.is_dir(), reason="../shared/ner/conll2003 absent")
needs_historylab = pytest.mark.skipif(not HISTORYLAB.is_dir(), reason="History Lab absent")


def assert_well_formed(doc: GoldDocument) -> None:
    previous_end = 0
    for entity in doc.entities:
        assert doc.text[entity.start : entity.end] == entity.text, (doc.id, entity)
        assert entity.text and entity.text == entity.text.strip(), (doc.id, entity)
        assert entity.type in ("PER", "ORG", "LOC", "MISC")
        assert entity.start >= previous_end, (doc.id, entity)
        previous_end = entity.end


@needs_conll
def test_conll_valid_counts() -> None:
    path = CONLL / "valid.txt"
    assert sum(1 for _ in sentences(path)) == 3250
    docs = list(read_conll(path))
    assert len(docs) == 216
    counts = Counter(e.type for d in docs for e in d.entities)
    assert counts == {"PER": 1842, "LOC": 1837, "ORG": 1341, "MISC": 922}
    bio = Counter(t[2:] for s in sentences(path) for _, t in s if t.startswith("B-"))
    assert bio == counts
    for doc in docs:
        assert_well_formed(doc)
    assert docs[0].text.startswith("CRICKET - LEICESTERSHIRE TAKE OVER")
    assert docs[0].entities[0].text == "LEICESTERSHIRE"


@needs_conll
def test_conll_grouped_sentences() -> None:
    path = CONLL / "valid.txt"
    docs = list(read_conll(path, group_sentences=100))
    assert len(docs) == 33
    assert sum(d.text.count("\n") + 1 for d in docs) == 3250
    assert sum(len(d.entities) for d in docs) == 5942


@needs_conll
def test_conll_train_loads() -> None:
    docs = list(read_conll(CONLL / "train.txt"))
    assert len(docs) == 946
    assert sum(1 for _ in sentences(CONLL / "train.txt")) == 14041


@needs_historylab
def test_historylab_documents() -> None:
    tally = Tally()
    docs = list(read_historylab(HISTORYLAB, tally=tally))
    assert len(docs) == 150
    for doc in docs:
        assert doc.all_caps
        assert "[[" not in doc.text and "||" not in doc.text
        assert_well_formed(doc)
    assert sum(len(d.entities) for d in docs) > 4500
    assert tally.dropped["PER.IND", "pronoun"] > 500
    assert len(list(read_historylab(HISTORYLAB, flagged=True))) == 179


@needs_historylab
def test_historylab_first_cable() -> None:
    doc = convert(HISTORYLAB / "1973BEIRUT07784.txt")
    found = {(e.type, e.text) for e in doc.entities}
    assert {("ORG", "OPEC"), ("LOC", "TEHRAN"), ("MISC", "VENEZUELAN"), ("MISC", "IRAQI")} <= found
    assert ("PER", "IAN SEYMOUR") in found
    assert ("PER", "PEREZ") in found
    assert not any(e.text in ("THEMSELVES", "HERE", "MEMBER COUNTRIES") for e in doc.entities)


def test_historylab_marks(tmp_path: Path) -> None:
    path = tmp_path / "X.txt"
    path.write_text(
        "1. HENRY KISSINGER PER.IND\n2. EGYPT GPE.NATION\n3. EGYPTIAN GOVERNMENT ORG.GOV\n"
        "4. OPEC MEMBERS PER.GROUP\n5. OPEC ORG.MED\n@@@\n"
        "[[SECRETARY KISSINGER || 1]] TOLD [[[[EGYPTIAN ||2]] OFFICIALS || 3]] THAT "
        "[[HE ||1]] MET [[[[OPEC || 5]] MEMBERS || 4]] IN [[EGYPT'S || 2] CAPITAL.\n",
        encoding="utf-8",
    )
    doc = convert(path)
    assert (
        doc.text
        == "SECRETARY KISSINGER TOLD EGYPTIAN OFFICIALS THAT HE MET OPEC MEMBERS IN EGYPT'S CAPITAL."
    )
    assert [(e.type, e.text) for e in doc.entities] == [
        ("PER", "KISSINGER"),
        ("MISC", "EGYPTIAN"),
        ("ORG", "OPEC"),
        ("LOC", "EGYPT"),
    ]
    assert_well_formed(doc)


def test_cable_gold() -> None:
    docs = list(read_cable_gold())
    if not docs:
        pytest.skip("evaluation/cable-gold absent")
    assert len(docs) >= 20
    for doc in docs:
        assert doc.entities
        assert_well_formed(doc)
    assert list(read_cable_gold(Path("/nonexistent"))) == []
