"""``cablescope train``: rebuild the default entity model from ``../shared``.

The training documents (``training.data``) become spaCy ``DocBin`` files, spaCy trains the
pipeline described in ``ner.cfg``, and the best checkpoint (by F1 on the development set)
is copied to the output folder with a ``training.json`` that records what went in.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cablescope import __version__
from cablescope.errors import CablescopeError
from cablescope.evaluation.documents import GoldDocument
from cablescope.tagging.spacy_backend import import_spacy
from cablescope.tagging.unwrap import unwrap
from cablescope.training.data import Mix, TrainingSets, training_sets

CONFIG = Path(__file__).with_name("ner.cfg")
"""The spaCy training configuration of the default model."""


def doc_bin(documents: Iterable[GoldDocument]) -> Any:
    """The documents as a spaCy ``DocBin`` with their entities, each text unwrapped as the
    taggers see it (``tagging.unwrap``); an entity whose edges fall inside a token is widened
    to whole tokens, and one that would overlap another is left out. The tokens of a
    document's unknown spans (outside its entities) are marked missing, so that training
    takes no loss on them."""
    spacy = import_spacy()
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    out = DocBin(store_user_data=False)
    for document in documents:
        view = unwrap(document.text)
        doc = nlp.make_doc(view.text)
        spans = []
        taken: set[int] = set()
        for entity in document.entities:
            start, end = view.position(entity.start), view.position(entity.end - 1) + 1
            span = doc.char_span(start, end, entity.type, alignment_mode="expand")
            if span is None or taken.intersection(range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            spans.append(span)
        unknown: set[int] = set()
        for a, b in document.unknown:
            span = doc.char_span(view.position(a), view.position(b - 1) + 1,
                                 alignment_mode="expand")  # fmt: skip
            if span is not None:
                unknown.update(range(span.start, span.end))
        missing = [doc[i : i + 1] for i in sorted(unknown - taken)]
        doc.set_ents(spans, missing=missing, default="outside")
        out.add(doc)
    return out


def train(
    shared: Path | str,
    output: Path | str,
    *,
    mix: Mix = Mix(),
    max_steps: int | None = None,
    work: Path | str | None = None,
    sets: TrainingSets | None = None,
) -> dict[str, Any]:
    """Train the default model from ``shared`` into ``output`` (``replaceable``) and return what
    ``training.json`` records (sources, word counts, settings, dev scores, seconds).
    ``work`` keeps spaCy's files (a temporary folder, removed afterwards, when None);
    ``sets`` replaces the documents built from ``shared`` (for small trial runs)."""
    import_spacy()
    from spacy.cli.train import train as spacy_train

    started = time.perf_counter()
    sets = sets if sets is not None else training_sets(shared, mix)
    folder = Path(work) if work is not None else Path(tempfile.mkdtemp(prefix="cablescope-"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        doc_bin(sets.train).to_disk(folder / "train.spacy")
        doc_bin(sets.dev).to_disk(folder / "dev.spacy")
        overrides: dict[str, Any] = {
            "paths.train": str(folder / "train.spacy"),
            "paths.dev": str(folder / "dev.spacy"),
        }
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
        spacy_train(CONFIG, folder / "runs", overrides=overrides, use_gpu=-1)
        train_words, dev_words = sets.words()
        record = {
            "mix": asdict(mix),
            "train_documents": len(sets.train),
            "train_words": train_words,
            "dev_documents": len(sets.dev),
            "dev_words": dev_words,
            "max_steps": max_steps,
            "seconds": round(time.perf_counter() - started, 1),
        }
        return publish(folder / "runs" / "model-best", Path(output), record)
    finally:
        if work is None:
            shutil.rmtree(folder, ignore_errors=True)


def replaceable(target: Path) -> None:
    """Raise CablescopeError unless ``target`` is free for a model: absent, an empty folder
    or an earlier model (a ``meta.json`` there), never a folder holding anything else."""
    free_for(target, lambda folder: (folder / "meta.json").is_file(), "a model")


def free_for(target: Path, earlier: Callable[[Path], bool], what: str) -> None:
    """Raise CablescopeError unless ``target`` is absent, an empty folder or a folder that
    ``earlier`` says holds ``what`` already (which may be replaced)."""
    if target.is_file() or (target.is_dir() and any(target.iterdir()) and not earlier(target)):
        raise CablescopeError(f"{target} holds something other than {what}; name another folder")


def publish(best: Path, target: Path, record: dict[str, Any]) -> dict[str, Any]:
    """Copy spaCy's best checkpoint to ``target`` (replacing an earlier model there), name
    it in ``meta.json`` and write ``training.json`` (``record`` plus the development
    scores); returns that record."""
    replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    meta = json.loads((target / "meta.json").read_text())
    meta.update(
        name="cablescope_ner",
        version=__version__,
        description="cablescope's entity model: CoNLL-2003 types (PER, ORG, LOC, MISC) for "
        "diplomatic cables; see docs/model.md",
        license="Apache-2.0",
        url="docs/model.md",
    )
    (target / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    record = {**record, "dev_scores": meta.get("performance", {})}
    (target / "training.json").write_text(json.dumps(record, indent=2) + "\n")
    return record
