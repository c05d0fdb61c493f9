"""The tagger registry, the static fake, the imported and spaCy backends."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import pytest

from cablescope.errors import CablescopeError
from cablescope.model import Cable, Mention
from cablescope.pipeline.process import process_input
from cablescope.errors import TaggerUnavailable
from cablescope.tagging.base import StaticTagger, Tagger
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.imported import ImportedTagger


def test_unknown_tagger_names_alternatives() -> None:
    with pytest.raises(CablescopeError) as info:
        get_tagger("spacey")
    assert str(info.value) == (
        "no tagger named 'spacey'; available: cablescope, auto, minilm, minilm:<folder>, "
        "imported, static, spacy:<pipeline>"
    )
    for incomplete in ("spacy:", "minilm: ", "other:thing"):
        with pytest.raises(CablescopeError):
            get_tagger(incomplete)


def test_bad_options() -> None:
    with pytest.raises(CablescopeError):
        get_tagger("static", nonsense=1)


def test_static_tagger() -> None:
    text = "Keith Mines met Calderon."
    good = Mention(0, 11, "PER", "Keith Mines", "static")
    bad = Mention(0, 5, "PER", "Wrong", "static")
    tagger = get_tagger("static", results={text: [good, bad]})
    assert isinstance(tagger, StaticTagger) and isinstance(tagger, Tagger)
    assert list(tagger.tag([text, "other", text])) == [[good], [], [good]]


def test_imported_tagger(seed_annotated: Path) -> None:
    cable = process_input(seed_annotated.name, seed_annotated.read_bytes())[0]
    assert isinstance(cable, Cable)
    tagger = get_tagger("imported", cables=[cable])
    assert isinstance(tagger, ImportedTagger)
    [mentions, none] = list(tagger.tag([cable.text, "nothing"]))
    assert none == [] and len(mentions) == len(cable.annotations)
    assert all(cable.text[m.start : m.end] == m.text for m in mentions)
    assert mentions[0].backend == f"imported:{seed_annotated.name}"


def test_a_missing_spacy_pipeline_names_the_extra() -> None:
    with pytest.raises(TaggerUnavailable, match=r"pip install 'cablescope\[spacy\]'"):
        get_tagger("spacy:en_core_web_xx_missing")


def test_spacy_blank_pipeline() -> None:
    spacy = importlib.import_module("spacy")

    from cablescope.tagging.spacy_backend import SpacyTagger

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Calderon"},
                        {"label": "GPE", "pattern": "Mexico"},
                        {"label": "DATE", "pattern": "Monday"}])  # fmt: skip
    tagger = SpacyTagger("blank", nlp=nlp)
    [out] = list(tagger.tag(["Calderon visited Mexico on Monday."]))
    assert [(m.text, m.type) for m in out] == [("Calderon", "PER"), ("Mexico", "LOC")]


def test_the_default_model_is_shipped_and_tags() -> None:
    tagger = get_tagger("cablescope")
    text = "Ambassador Pascual met Mexican Attorney General Medina Mora in Mexico City."
    (mentions,) = tagger.tag([text])
    assert mentions and all(m.backend == "cablescope" for m in mentions)
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_a_missing_default_model_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cablescope.tagging import spacy_backend

    monkeypatch.setattr(spacy_backend, "MODEL", tmp_path / "ner")
    with pytest.raises(TaggerUnavailable, match="cablescope train"):
        get_tagger("cablescope")
