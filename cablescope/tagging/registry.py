"""The registry of tagger backends: a tagger by name.

    cablescope      the project's own model (the default): the one `cablescope train` wrote
                    (``tagging.trained``), else the two shipped in the package, one for
                    mixed-case text and one for text in capitals (``routed.OwnModels``)
    imported        the inline marks a record came with (``Cable.annotations``)
    static          a fake that returns the mentions it was given
    minilm          a fine-tuned MiniLM encoder run with ONNX Runtime (optional extra
                    ``cablescope[minilm]``), shipped in the package
    minilm:<folder> a MiniLM model `cablescope train --backend minilm` wrote there
    auto            minilm for text written in capitals, cablescope for the rest
                    (``tagging.routed``; extra ``cablescope[minilm]``)
    spacy:<name>    any installed spaCy pipeline (optional extra ``cablescope[spacy]``)

The backends import ``base``, never this module, so that the registry can name them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cablescope.errors import TaggerError, UnknownTagger
from cablescope.tagging.base import StaticTagger, Tagger

AVAILABLE = "cablescope, auto, minilm, minilm:<folder>, imported, static, spacy:<pipeline>"
"""The tagger names the registry knows, as error messages list them."""


def require_known(name: str) -> None:
    """Raise UnknownTagger, naming the valid alternatives, unless the registry knows ``name``
    (without loading it)."""
    if name in ("cablescope", "auto", "minilm", "static", "imported") or _named(name):
        return
    raise UnknownTagger(f"no tagger named {name!r}; available: {AVAILABLE}")


def _named(name: str) -> bool:
    """Whether ``name`` is a backend with a pipeline or folder after its colon."""
    backend, colon, rest = name.partition(":")
    return bool(colon) and backend in ("spacy", "minilm") and bool(rest.strip())


def get_tagger(name: str, **options: Any) -> Tagger:
    """The tagger called ``name``, built with ``options``.

    ``cablescope`` loads the model folder ``model=`` names, else the trained or else the
    shipped models; ``minilm`` takes ``model=`` (a folder, else the shipped one) and
    ``threads=``; ``auto`` takes ``model=`` for its ``cablescope`` part and ``threads=`` for
    its ``minilm`` part; ``minilm:<folder>`` loads the MiniLM model in that folder (one
    ``cablescope train --backend minilm`` wrote); ``imported`` takes
    ``cables=`` (records whose annotations to serve); ``static`` takes ``results=`` (text ->
    mentions); ``spacy:<pipeline>`` loads that installed pipeline.
    Raises UnknownTagger naming the valid alternatives, TaggerUnavailable when spaCy, the
    pipeline, onnxruntime or tokenizers is missing.
    """
    try:
        if name == "cablescope":
            return _own(options, paired=True)
        if name == "minilm":
            from cablescope.tagging.minilm_backend import MiniLMTagger

            return MiniLMTagger(**options)
        if name == "auto":
            from cablescope.tagging.routed import RoutedTagger

            threads = options.pop("threads", None)
            return RoutedTagger(_own(options, paired=False), get_tagger("minilm", threads=threads))
        if name.startswith("minilm:") and name[7:].strip():
            from cablescope.tagging.minilm_backend import MiniLMTagger

            return MiniLMTagger(name[7:].strip(), backend=name, **options)
        if name == "static":
            return StaticTagger(**options)
        if name == "imported":
            from cablescope.tagging.imported import ImportedTagger

            return ImportedTagger(**options)
        if name.startswith("spacy:") and name[6:].strip():
            from cablescope.tagging.spacy_backend import SpacyTagger

            return SpacyTagger(name[6:].strip(), **options)
    except TypeError as exc:
        raise TaggerError(f"bad options for tagger {name!r}: {exc}") from None
    require_known(name)
    raise AssertionError(f"the registry knows {name!r} but builds no tagger of it")


def _own(options: dict[str, Any], paired: bool) -> Tagger:
    """cablescope's own model: the folder ``model=`` names, else the one ``cablescope train``
    wrote, else the shipped ones, a model for mixed case and one for text in capitals
    (``OwnModels``; with ``paired`` false, the first alone)."""
    from cablescope.tagging import spacy_backend
    from cablescope.tagging.routed import OwnModels
    from cablescope.tagging.spacy_backend import SpacyTagger, own_model
    from cablescope.tagging.trained import model_path

    model = Path(options.pop("model", None) or model_path())
    cased = SpacyTagger(str(model), backend="cablescope", **options)
    # A trained model needs neither shipped one: compare paths, never ask for the folder.
    if not paired or model != spacy_backend.MODEL:
        return cased
    capitals = own_model(capitals=True)
    return OwnModels(cased, lambda: SpacyTagger(str(capitals), backend="cablescope", **options))
