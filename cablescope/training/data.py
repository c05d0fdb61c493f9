"""The training material of the default entity model, as gold documents.

Three sources, each chosen for what the others lack:

* CoNLL-2003 train: clean news text under the guideline the project follows.
* History Lab train: hand-marked all-caps cables of the 1970s. A fixed fifth of its
  documents (``historylab_split``) is held out so that ``cablescope eval`` can score the
  shipped model on History Lab text it never saw.
* Silver cables: the reveal project's inline marks on Cablegate bodies, cleaned by
  ``CableRules`` (about 0.86 F1 against the gold set): modern cable layout and vocabulary.
  The gold cables are never part of it.
* Training cables: corpus cables marked by hand under the gold set's guideline
  (``evaluation.cabletrain``), modern and all-caps, over posts and decades; given
  ``Mix.train_repeat`` times, as they are the only in-domain text marked by hand. A fixed
  eighth of them joins the development set. No cable of the gold set is among them, and
  none of them is taken as silver.

A share of the CoNLL and silver documents is also given upper-cased, so that the model
learns names from context and not only from capital letters.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from cablescope.evaluation.cables import read_cable_gold
from cablescope.evaluation.cabletrain import read_cable_train, read_marks
from cablescope.evaluation.conll import read_conll
from cablescope.evaluation.documents import GoldDocument, GoldEntity, bucket, is_all_caps
from cablescope.evaluation.historylab import is_held_out, read_historylab
from cablescope.model import Cable
from cablescope.pipeline.process import process_input
from cablescope.tagging.imported import cable_mentions
from cablescope.tagging.base import Tagger
from cablescope.tagging.rules import CableRules

CHUNK_WORDS = 250
"""Long texts are cut at blank lines into pieces of about this many words."""


@dataclass(frozen=True, slots=True)
class Mix:
    """How much of each source goes into a training set."""

    silver_cables: int = 800
    silver_dev_cables: int = 60
    upper_share: float = 0.3
    train_repeat: int = 2
    """Times the hand-marked training cables are given; 0 leaves them out of training,
    development and the silver exclusions alike, as the shipped model for text in capitals was
    trained."""
    historylab_repeat: int = 1
    """Times the History Lab training documents (all-caps 1970s cables) are given."""
    agreeing: bool = False
    """Silver cables marked only where the shipped model for mixed case, with the cable rules,
    agrees with the cleaned reveal marks (``agreeing``); the rest of a mark either gives is
    unknown."""


def _share(key: str, share: float) -> bool:
    return bucket(key, 10_000) < share * 10_000


def historylab_split(folder: Path | str) -> tuple[list[GoldDocument], list[GoldDocument]]:
    """History Lab train as (training documents, held-out documents)."""
    train: list[GoldDocument] = []
    held: list[GoldDocument] = []
    for document in read_historylab(folder):
        (held if is_held_out(document.id) else train).append(document)
    return train, held


def upper(document: GoldDocument) -> GoldDocument:
    """``document`` upper-cased, its entities kept (upper-casing keeps every offset for the
    text these sources hold; a document where it would not is returned unchanged)."""
    text = document.text.upper()
    if len(text) != len(document.text):
        return document
    entities = tuple(replace(e, text=text[e.start : e.end]) for e in document.entities)
    return GoldDocument(document.id + "-upper", text, entities, True, document.unknown)


def chunks(document: GoldDocument, words: int = CHUNK_WORDS) -> Iterator[GoldDocument]:
    """``document`` cut at blank lines into pieces of about ``words`` words; an entity that
    would straddle a cut keeps its piece whole."""
    text = document.text
    cuts = [0]
    count = 0
    pos = text.find("\n\n")
    last = 0
    while pos >= 0:
        count += len(text[last:pos].split())
        last = pos
        inside = any(e.start < pos < e.end for e in document.entities)
        if count >= words and not inside:
            cuts.append(pos)
            count = 0
        pos = text.find("\n\n", pos + 2)
    cuts.append(len(text))
    for number, (start, end) in enumerate(zip(cuts, cuts[1:], strict=False)):
        piece = text[start:end]
        if not piece.strip():
            continue
        entities = tuple(
            GoldEntity(e.start - start, e.end - start, e.type, e.text)
            for e in document.entities
            if start <= e.start and e.end <= end
        )
        unknown = tuple((max(a, start) - start, min(b, end) - start)
                        for a, b in document.unknown if a < end and b > start)  # fmt: skip
        yield GoldDocument(f"{document.id}#{number}", piece, entities, is_all_caps(piece), unknown)


def silver_cables(reveal_tar: Path | str, exclude: set[str]) -> Iterator[GoldDocument]:
    """The annotated bodies of the reveal tarball as documents whose entities are the
    reveal marks after ``CableRules``, in tar order, skipping the ids in ``exclude``."""
    rules = CableRules()
    with tarfile.open(reveal_tar, mode="r|gz") as tar:
        for member in tar:
            name = member.name
            if not (member.isfile() and "/annotated/" in f"/{name}" and name.endswith(".txt")):
                continue
            stem = Path(name).stem
            handle = tar.extractfile(member)
            if stem in exclude or handle is None:
                continue
            records = process_input(f"annotated/{stem}.txt", handle.read())
            cable = records[0] if records else None
            if not isinstance(cable, Cable) or not cable.annotations:
                continue
            mentions = rules.apply(cable.text, cable_mentions(cable))
            entities = tuple(GoldEntity(m.start, m.end, m.type, m.text) for m in mentions)
            yield GoldDocument(cable.id, cable.text, entities, is_all_caps(cable.text))


def agreeing(documents: Iterable[GoldDocument], tagger: Tagger) -> Iterator[GoldDocument]:
    """``documents`` marked only where ``tagger``, with the cable rules, finds an entity of
    theirs exactly (span and type): each entity it misses, and each it finds otherwise,
    becomes an unknown span, neither an entity nor outside one."""
    rules = CableRules()
    found = list(documents)
    for document, mentions in zip(found, tagger.tag(d.text for d in found), strict=True):
        second = {(m.start, m.end, m.type) for m in rules.apply(document.text, mentions)}
        first = {(e.start, e.end, e.type) for e in document.entities}
        kept = tuple(e for e in document.entities if (e.start, e.end, e.type) in second)
        unknown = tuple(sorted({(a, b) for a, b, _ in first ^ second}))
        yield replace(document, entities=kept, unknown=unknown)


@dataclass(frozen=True, slots=True)
class TrainingSets:
    """The documents to train on and the documents to pick the best checkpoint with."""

    train: list[GoldDocument]
    dev: list[GoldDocument]

    def words(self) -> tuple[int, int]:
        """Whitespace words in (train, dev)."""
        return (
            sum(len(d.text.split()) for d in self.train),
            sum(len(d.text.split()) for d in self.dev),
        )


def _with_upper(documents: Iterable[GoldDocument], share: float) -> Iterator[GoldDocument]:
    for document in documents:
        yield document
        if not document.all_caps and _share(f"upper:{document.id}", share):
            yield upper(document)


def training_sets(shared: Path | str, mix: Mix = Mix()) -> TrainingSets:
    """The training and development documents built from ``shared`` (the ``../shared``
    folder). Dev is CoNLL-2003 valid plus held-out silver cables: the cable gold set and the
    History Lab held-out fifth stay for evaluation only."""
    root = Path(shared)
    conll = list(read_conll(root / "ner" / "conll2003" / "train.txt", group_sentences=10))
    historylab, _ = historylab_split(root / "ner" / "historylab" / "train")
    gold_ids = {d.id for d in read_cable_gold()}
    marked = {m.id for m in read_marks()} - gold_ids if mix.train_repeat else set()
    silver: list[GoldDocument] = []
    silver_dev: list[GoldDocument] = []
    taken = 0
    reveal = root / "corpus" / "reveal-annotated.tar.gz"
    for document in silver_cables(reveal, gold_ids | marked):
        if bucket(f"dev:{document.id}", 40) == 0:
            if len(silver_dev) < mix.silver_dev_cables:
                silver_dev.append(document)
        elif taken < mix.silver_cables:
            silver.extend(chunks(document))
            taken += 1
        if len(silver_dev) >= mix.silver_dev_cables and taken >= mix.silver_cables:
            break
    if mix.agreeing:
        from cablescope.tagging.spacy_backend import SpacyTagger, own_model

        silver = list(agreeing(silver, SpacyTagger(str(own_model()), backend="cablescope")))
    train = list(_with_upper(conll, mix.upper_share))
    train += [piece for d in historylab for piece in chunks(d)] * mix.historylab_repeat
    train += list(_with_upper(silver, mix.upper_share))
    dev = list(read_conll(root / "ner" / "conll2003" / "valid.txt", group_sentences=10))
    dev += [piece for d in silver_dev for piece in chunks(d)]
    corpus = root / "corpus" / "cablegate-html-2011-04.tar.gz"
    for document in read_cable_train(corpus) if marked else ():
        if document.id not in marked:
            continue
        pieces = list(chunks(document))
        if bucket(f"dev:{document.id}", 8) == 0:
            dev += pieces
        else:
            for _ in range(mix.train_repeat):
                train += list(_with_upper(pieces, mix.upper_share))
    return TrainingSets(train, dev)
