"""Precision, recall and F1 of a tagger's mentions against gold documents, per CoNLL type."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from cablescope.evaluation.documents import GoldDocument, GoldEntity
from cablescope.model.mention import ENTITY_TYPES, Mention

Predictor = Mapping[str, Sequence[Mention]] | Callable[[GoldDocument], Sequence[Mention]]
"""Predicted mentions by document id, or a function that tags a gold document's text."""


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives of one type (or all of them)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted mentions that are correct (0.0 when nothing was predicted)."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Share of gold entities found (0.0 when there are none)."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def support(self) -> int:
        """Number of gold entities."""
        return self.tp + self.fn

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts per CoNLL type (in ``ENTITY_TYPES`` order) over a set of documents.

    Predicted mentions of a type outside ``ENTITY_TYPES`` are false positives of ``micro``
    only."""

    by_type: tuple[tuple[str, Counts], ...]
    other_fp: int = 0
    documents: int = 0

    def counts(self, entity_type: str) -> Counts:
        """The counts of one type; zero counts for a type never seen."""
        return next((c for t, c in self.by_type if t == entity_type), Counts())

    @property
    def micro(self) -> Counts:
        """All types pooled."""
        total = Counts(fp=self.other_fp)
        for _, counts in self.by_type:
            total = total + counts
        return total

    def pooled(self, types: tuple[str, ...]) -> Counts:
        """The counts of ``types`` pooled (a micro average over those types only)."""
        total = Counts()
        for name, counts in self.by_type:
            if name in types:
                total = total + counts
        return total

    @property
    def precision(self) -> float:
        """Micro-averaged precision."""
        return self.micro.precision

    @property
    def recall(self) -> float:
        """Micro-averaged recall."""
        return self.micro.recall

    @property
    def f1(self) -> float:
        """Micro-averaged F1, the headline CoNLL number."""
        return self.micro.f1

    def rows(self, pooled: tuple[str, ...] = ()) -> list[tuple[str, Counts]]:
        """(name, counts) per type, then ``micro``, then ``pooled`` types as one row."""
        rows = [*self.by_type, ("micro", self.micro)]
        if pooled:
            rows.append(("+".join(pooled), self.pooled(pooled)))
        return rows

    def table(self, pooled: tuple[str, ...] = ()) -> str:
        """A Markdown table: one row per type, a micro row and, with ``pooled``, a row of
        those types pooled; P, R, F1 in percent."""
        lines = ["| type | P | R | F1 | support |", "|---|---:|---:|---:|---:|"]
        rows = self.rows(pooled)
        for name, c in rows:
            lines.append(
                f"| {name} | {100 * c.precision:.1f} | {100 * c.recall:.1f} "
                f"| {100 * c.f1:.1f} | {c.support} |"
            )
        return "\n".join(lines)

    def to_dict(self, pooled: tuple[str, ...] = ()) -> dict[str, dict[str, float | int]]:
        """Plain numbers by row name (the types, ``micro`` and any pooled row)."""
        return {
            name: {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": c.precision,
                "recall": c.recall,
                "f1": c.f1,
                "support": c.support,
            }
            for name, c in self.rows(pooled)
        }


def _match(
    gold: Sequence[GoldEntity], predicted: Sequence[Mention], overlap: bool
) -> tuple[dict[str, int], dict[str, int]]:
    """Correct predictions per type, and predictions per type, for one document."""
    correct: dict[str, int] = {}
    made: dict[str, int] = {}
    if overlap:
        used = [False] * len(gold)
        for mention in sorted(predicted, key=lambda m: (m.start, m.end)):
            made[mention.type] = made.get(mention.type, 0) + 1
            for index, entity in enumerate(gold):
                if (
                    not used[index]
                    and entity.type == mention.type
                    and entity.start < mention.end
                    and mention.start < entity.end
                ):
                    used[index] = True
                    correct[mention.type] = correct.get(mention.type, 0) + 1
                    break
        return correct, made
    remaining = {(e.start, e.end, e.type) for e in gold}
    for mention in predicted:
        made[mention.type] = made.get(mention.type, 0) + 1
        key = (mention.start, mention.end, mention.type)
        if key in remaining:
            remaining.discard(key)
            correct[mention.type] = correct.get(mention.type, 0) + 1
    return correct, made


def score(gold: Iterable[GoldDocument], predicted: Predictor, *, overlap: bool = False) -> Scores:
    """Score predicted mentions against the gold entities of every document.

    A prediction is correct when its span and type equal a gold entity's; with ``overlap``
    it is enough that it overlaps a gold entity of its type, the measure for all-caps text
    where a name found at all counts. Either way each gold entity is matched at most once,
    so a duplicated prediction is a false positive. A document missing from a mapping of
    predictions has no predictions.
    """
    tp = dict.fromkeys(ENTITY_TYPES, 0)
    fp = dict.fromkeys(ENTITY_TYPES, 0)
    fn = dict.fromkeys(ENTITY_TYPES, 0)
    other_fp = 0
    documents = 0
    for document in gold:
        documents += 1
        if callable(predicted):
            mentions = predicted(document)
        else:
            mentions = predicted.get(document.id, ())
        correct, made = _match(document.entities, mentions, overlap)
        for entity in document.entities:
            if entity.type in fn:
                fn[entity.type] += 1
        for entity_type, number in made.items():
            if entity_type in fp:
                fp[entity_type] += number - correct.get(entity_type, 0)
            else:
                other_fp += number
        for entity_type, number in correct.items():
            if entity_type not in tp:
                continue
            tp[entity_type] += number
            fn[entity_type] -= number
    return Scores(
        tuple((t, Counts(tp[t], fp[t], fn[t])) for t in ENTITY_TYPES), other_fp, documents
    )
