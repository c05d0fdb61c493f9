"""Where ``cablescope train`` writes and where the ``cablescope`` tagger looks: the user's
trained model first, then the shipped one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cablescope.cli.train import train_command
from cablescope.errors import CablescopeError
from cablescope.tagging import spacy_backend
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.routed import OwnModels
from cablescope.tagging.spacy_backend import SpacyTagger, import_spacy
from cablescope.tagging.trained import ENV, model_path, trained_model
from cablescope.training.train import replaceable


def _pipeline(folder: Path) -> Path:
    import_spacy().blank("en").to_disk(folder)
    return folder


def test_the_default_is_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert trained_model() == tmp_path / "cablescope" / "ner"
    monkeypatch.setenv(ENV, str(tmp_path / "mine"))
    assert trained_model() == tmp_path / "mine"


def test_the_trained_model_comes_before_the_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "ner"))
    assert model_path() == spacy_backend.MODEL
    shipped = get_tagger("cablescope")
    assert isinstance(shipped, OwnModels) and isinstance(shipped.cased, SpacyTagger)
    assert shipped.cased.pipeline == str(spacy_backend.MODEL)

    _pipeline(tmp_path / "ner")
    assert model_path() == tmp_path / "ner"
    tagger = get_tagger("cablescope")
    assert isinstance(tagger, SpacyTagger) and tagger.pipeline == str(tmp_path / "ner")
    assert tagger.backend == "cablescope"


def test_the_shipped_model_is_never_needed_when_a_trained_one_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spacy_backend, "MODEL", tmp_path / "shipped")
    monkeypatch.setenv(ENV, str(tmp_path / "ner"))
    with pytest.raises(CablescopeError, match="cablescope train"):
        model_path()
    _pipeline(tmp_path / "ner")
    assert model_path() == tmp_path / "ner"
    tagger = get_tagger("cablescope")
    assert isinstance(tagger, SpacyTagger) and tagger.pipeline == str(tmp_path / "ner")


def test_only_an_empty_folder_or_an_earlier_model_is_replaced(tmp_path: Path) -> None:
    replaceable(tmp_path / "absent")
    replaceable(tmp_path)
    replaceable(_pipeline(tmp_path / "earlier"))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "story.txt").write_text("draft\n")
    with pytest.raises(CablescopeError, match="holds something other than a model"):
        replaceable(tmp_path / "notes")
    with pytest.raises(CablescopeError):
        replaceable(tmp_path / "notes" / "story.txt")


def test_train_refuses_a_folder_of_other_files_before_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "story.txt").write_text("draft\n")
    done = CliRunner().invoke(train_command, ["--output", str(tmp_path)])
    assert done.exit_code == 1
    assert "holds something other than a model" in done.output
    assert (tmp_path / "story.txt").read_text() == "draft\n"

    monkeypatch.setenv(ENV, str(tmp_path))
    done = CliRunner().invoke(train_command, [])
    assert done.exit_code == 1 and "holds something other than a model" in done.output
