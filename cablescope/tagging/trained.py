"""Where the ``cablescope`` tagger finds its model: the one ``cablescope train`` wrote for
this user first, else the one shipped in the package."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

from cablescope.tagging.spacy_backend import own_model

ENV = "CABLESCOPE_MODEL"
"""The environment variable naming the folder of a trained model."""


def trained_model() -> Path:
    """Where ``cablescope train`` writes by default and the tagger looks first:
    ``$CABLESCOPE_MODEL``, else ``ner`` in the user's data folder
    (``~/.local/share/cablescope/ner`` on Linux)."""
    named = os.environ.get(ENV, "").strip()
    if named:
        return Path(named).expanduser()
    return Path(user_data_dir("cablescope", appauthor=False)) / "ner"


def model_path() -> Path:
    """The model of the ``cablescope`` tagger: ``trained_model()`` when it holds a spaCy
    pipeline, else the shipped one; TaggerUnavailable when neither is there."""
    trained = trained_model()
    if (trained / "meta.json").is_file():
        return trained
    return own_model()
