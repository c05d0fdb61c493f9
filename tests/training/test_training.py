"""Training material and a small real training run."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.evaluation import read_cable_gold
from cablescope.evaluation.cabletrain import read_marks
from cablescope.evaluation.conll import read_conll
from cablescope.evaluation.documents import GoldDocument, GoldEntity
from cablescope.evaluation.historylab import is_held_out, read_historylab
from cablescope.model import Mention
from cablescope.tagging.base import StaticTagger
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.spacy_backend import SpacyTagger
from cablescope.tagging.trained import ENV, trained_model
from cablescope.training.data import (
    Mix,
    TrainingSets,
    agreeing,
    chunks,
    historylab_split,
    silver_cables,
    training_sets,
    upper,
)
from cablescope.training.train import doc_bin, train
from tests.conftest import REVEAL_TAR, SHARED, needs_shared

CONLL_TRAIN = SHARED / "ner" / "conll2003" / "train.txt"
HISTORYLAB = SHARED / "ner" / "historylab" / "train"


def _fits(document: GoldDocument) -> bool:
    return all(document.text[e.start : e.end] == e.text for e in document.entities)


@needs_shared
def test_silver_cables_are_cleaned_marks_and_never_gold() -> None:
    gold = {d.id for d in read_cable_gold()}
    documents = list(itertools.islice(silver_cables(REVEAL_TAR, gold), 25))
    assert len(documents) == 25
    for document in documents:
        assert document.id not in gold
        assert document.entities and _fits(document)
        # the rules drop header material: no entity is a bare DECL or SUBJECT
        assert not any(e.text.upper().startswith(("DECL", "SUBJECT")) for e in document.entities)


@needs_shared
def test_historylab_split_holds_out_a_fifth() -> None:
    train, held = historylab_split(HISTORYLAB)
    assert len(train) + len(held) == 150
    assert 20 <= len(held) <= 40
    assert all(is_held_out(d.id) for d in held) and not any(is_held_out(d.id) for d in train)


@needs_shared
def test_training_sets_keep_evaluation_text_out() -> None:
    sets = training_sets(SHARED, Mix(silver_cables=10, silver_dev_cables=2))
    held = {d.id for d in read_historylab(HISTORYLAB) if is_held_out(d.id)}
    gold = {d.id for d in read_cable_gold()}
    bases = {d.id.split("#")[0].removesuffix("-upper") for d in sets.train}
    assert not bases & held and not bases & gold
    assert any(d.id.endswith("-upper") for d in sets.train)
    assert all(_fits(d) for d in sets.train + sets.dev)
    train_words, dev_words = sets.words()
    assert train_words > 250_000 and dev_words > 50_000


@needs_shared
def test_training_cables_are_given_as_many_times_as_asked_or_left_out() -> None:
    marked = {m.id for m in read_marks()}

    def counts(repeat: int) -> tuple[int, int]:
        sets = training_sets(SHARED, Mix(silver_cables=0, silver_dev_cables=0, train_repeat=repeat))

        def bases(documents: list[GoldDocument]) -> list[str]:
            return [d.id.split("#")[0].removesuffix("-upper") for d in documents]

        in_train = sum(1 for b in bases(sets.train) if b in marked)
        return in_train, len({b for b in bases(sets.dev) if b in marked})

    once, in_dev = counts(1)
    assert once > 100 and 5 <= in_dev <= 40
    assert counts(2) == (2 * once, in_dev)
    assert counts(0) == (0, 0)


@needs_shared
def test_history_lab_documents_are_given_as_many_times_as_asked() -> None:
    ids = {d.id for d in historylab_split(HISTORYLAB)[0]}

    def historylab(repeat: int) -> list[str]:
        mix = Mix(silver_cables=0, silver_dev_cables=0, train_repeat=0, historylab_repeat=repeat)
        sets = training_sets(SHARED, mix)
        return sorted(d.id for d in sets.train if d.id.split("#")[0] in ids)

    once = historylab(1)
    assert len(once) > 100
    assert historylab(3) == sorted(once * 3)


names = st.text(st.sampled_from("abcdefghij ABC\n"), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(names, st.booleans()), min_size=1, max_size=30))
def test_chunks_and_upper_keep_every_entity_that_fits(parts: list[tuple[str, bool]]) -> None:
    text = ""
    entities = []
    for part, is_entity in parts:
        if is_entity and part.strip() == part and part:
            entities.append(GoldEntity(len(text), len(text) + len(part), "PER", part))
        text += part + ("\n\n" if not is_entity else " ")
    document = GoldDocument("doc", text, tuple(entities), all_caps=False)
    pieces = list(chunks(document, words=3))
    assert all(_fits(p) for p in pieces)
    assert sum(len(p.entities) for p in pieces) == len(entities)
    assert "".join(p.text for p in pieces).strip() == text.strip()
    shouted = upper(document)
    assert _fits(shouted) and len(shouted.entities) == len(entities)


@needs_shared
def test_doc_bin_keeps_the_entities() -> None:
    import spacy

    documents = list(itertools.islice(read_conll(CONLL_TRAIN, group_sentences=10), 20))
    docs = list(doc_bin(documents).get_docs(spacy.blank("en").vocab))
    for document, doc in zip(documents, docs, strict=True):
        assert [(e.text, e.label_) for e in doc.ents] == [
            (" ".join(e.text.split()), e.type) for e in document.entities
        ]


@needs_shared
@pytest.mark.slow
def test_a_short_training_run_gives_a_working_tagger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "model"))
    documents = list(itertools.islice(read_conll(CONLL_TRAIN, group_sentences=10), 120))
    sets = TrainingSets(documents[:100], documents[100:])
    record = train(SHARED, trained_model(), max_steps=60, work=tmp_path / "work", sets=sets)
    assert record["train_documents"] == 100 and record["max_steps"] == 60
    saved = json.loads((tmp_path / "model" / "training.json").read_text())
    assert saved == record
    # the cablescope tagger now loads it instead of the shipped model
    tagger = get_tagger("cablescope")
    assert isinstance(tagger, SpacyTagger) and tagger.pipeline == str(tmp_path / "model")
    text = documents[100].text
    (mentions,) = tagger.tag([text])
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_agreeing_silver_keeps_the_confirmed_marks_and_leaves_the_rest_unknown() -> None:
    import spacy

    text = "The Ambassador met Hugo Chavez and the OAS in Caracas on Monday.\n"
    at = text.index
    marks = (
        GoldEntity(at("Hugo"), at(" and"), "PER", "Hugo Chavez"),
        GoldEntity(at("OAS"), at(" in"), "ORG", "OAS"),
        GoldEntity(at("Monday"), at("."), "MISC", "Monday"),
    )
    found = [
        Mention(at("Hugo"), at(" and"), "PER", "Hugo Chavez", "static"),
        Mention(at("OAS"), at(" in"), "LOC", "OAS", "static"),
        Mention(at("Caracas"), at(" on"), "LOC", "Caracas", "static"),
    ]
    document = GoldDocument("d", text, marks, all_caps=False)
    (agreed,) = agreeing([document], StaticTagger({text: found}))
    assert [e.text for e in agreed.entities] == ["Hugo Chavez"]
    assert sorted(text[a:b] for a, b in agreed.unknown) == ["Caracas", "Monday", "OAS"]
    (doc,) = doc_bin([agreed]).get_docs(spacy.blank("en").vocab)
    assert [(e.text, e.label_) for e in doc.ents] == [("Hugo Chavez", "PER")]
    assert sorted(t.text for t in doc if t.ent_iob == 0) == ["Caracas", "Monday", "OAS"]
    assert all(t.ent_iob == 2 for t in doc if t.text in ("Ambassador", "met", "on"))
    # Cut into pieces and upper-cased, the unknown spans stay where they were.
    shouted = upper(agreed)
    assert sorted(shouted.text[a:b] for a, b in shouted.unknown) == ["CARACAS", "MONDAY", "OAS"]
    pieces = list(
        chunks(GoldDocument("d2", "x\n\n" + text, (), False, ((3 + at("OAS"), 3 + at(" in")),)))
    )
    assert [p.text[a:b] for p in pieces for a, b in p.unknown] == ["OAS"]
