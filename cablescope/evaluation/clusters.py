"""Comparing two clusterings of the same mentions: gold (by referent) and a system's (by
entity). One label per mention; a None label makes its mention a cluster of its own.

    pairwise precision  of the pairs the system puts together, the share gold puts together
    pairwise recall     of the pairs gold puts together, the share the system does too
    B-cubed             for each mention, the share of its system cluster in its gold
                        cluster (precision) and of its gold cluster in its system cluster
                        (recall), averaged over the mentions; F1 of the two averages
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scores:
    """Pairwise and B-cubed scores over ``mentions`` judged mentions. ``pairs`` is how many
    pairs the system puts together, ``gold_pairs`` how many gold does, ``common`` how many
    both do. A ratio with nothing to divide is None."""

    mentions: int
    pairs: int
    gold_pairs: int
    common: int
    b3_precision: float | None
    b3_recall: float | None

    @property
    def precision(self) -> float | None:
        return self.common / self.pairs if self.pairs else None

    @property
    def recall(self) -> float | None:
        return self.common / self.gold_pairs if self.gold_pairs else None

    @property
    def b3_f1(self) -> float | None:
        p, r = self.b3_precision, self.b3_recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "mentions": self.mentions,
            "system_pairs": self.pairs,
            "gold_pairs": self.gold_pairs,
            "common_pairs": self.common,
            "link_precision": self.precision,
            "link_recall": self.recall,
            "b3_precision": self.b3_precision,
            "b3_recall": self.b3_recall,
            "b3_f1": self.b3_f1,
        }


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def _labels(labels: Sequence[str | None]) -> list[Hashable]:
    return [label if label is not None else ("", i) for i, label in enumerate(labels)]


def cluster_scores(gold: Sequence[str | None], system: Sequence[str | None]) -> Scores:
    """Scores of the clustering ``system`` against ``gold``, one label per mention in the
    same order; a None label makes its mention a cluster of its own."""
    if len(gold) != len(system):
        raise ValueError("gold and system label different numbers of mentions")
    g, s = _labels(gold), _labels(system)
    g_size, s_size, both = Counter(g), Counter(s), Counter(zip(g, s))
    n = len(g)
    b3p = sum(both[gs] / s_size[gs[1]] for gs in zip(g, s)) / n if n else None
    b3r = sum(both[gs] / g_size[gs[0]] for gs in zip(g, s)) / n if n else None
    return Scores(
        n, _pairs(s_size.values()), _pairs(g_size.values()), _pairs(both.values()), b3p, b3r
    )


@dataclass(frozen=True, slots=True)
class Confusion:
    """One cluster of one side cut by the other: ``label``'s mentions fall under ``parts``
    (label, mentions) of the other side, most first; ``pairs`` is how many of its pairs
    the other side does not keep together."""

    label: str
    parts: tuple[tuple[str, int], ...]
    pairs: int

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "parts": dict(self.parts), "pairs": self.pairs}


def confusions(
    by: Sequence[str | None], other: Sequence[str | None], none: str = "-"
) -> list[Confusion]:
    """The clusters of ``by`` that ``other`` cuts, most pairs lost first (ties by label).
    ``confusions(system, gold)`` lists the wrong merges, ``confusions(gold, system)`` the
    wrong splits; None labels of ``by`` are skipped, those of ``other`` read as ``none``."""
    parts: dict[str, Counter[str]] = defaultdict(Counter)
    for a, b in zip(by, other, strict=True):
        if a is not None:
            parts[a][none if b is None else b] += 1
    out = [
        Confusion(
            label,
            tuple(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))),
            _pairs([sum(c.values())]) - _pairs(c.values()),
        )
        for label, c in parts.items()
        if len(c) > 1
    ]
    return sorted(out, key=lambda x: (-x.pairs, x.label))
