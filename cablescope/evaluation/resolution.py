"""The resolution yardstick: mentions judged by hand with the entity each refers to
(``evaluation/resolution/``), found again in a store's cables and scored against the store's
links.

Gold and system both cut the judged mentions into clusters: gold by referent (a ``NIL``
mention, which refers to no entity, is a cluster of its own), the system by the entity its
link names (a tagged mention with no link is a cluster of its own). A mention the tagger did
not find at all is no resolution error: it is counted apart (``untagged``) and left out, as
is one whose cable is not stored or whose text no longer holds it (``unlocated``). The
mentions left (``scored``) are scored pairwise and by B-cubed (``clusters.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import orjson

from cablescope.errors import CablescopeError
from cablescope.evaluation.clusters import Confusion, Scores, cluster_scores, confusions
from cablescope.model import Cable
from cablescope.model.entity import Link

GOLD_FOLDER = Path(__file__).resolve().parents[2] / "evaluation" / "resolution"
"""Where the gold set lives in a source checkout; absent in an installed package."""

NIL = "NIL"
"""The referent of a mention that refers to no entity (tagging junk, a routing code)."""

CONTEXT = 40
"""Characters of text kept on either side of a judged mention to find it again."""

_MIN_CONTEXT = 8
_SPACE = re.compile(r"\s+")


class GoldError(CablescopeError):
    """The resolution gold set is absent or malformed."""


@dataclass(frozen=True, slots=True)
class Referent:
    """One real-world thing judged mentions refer to: ``id`` (``hugo-chavez``), its CoNLL
    ``type`` and a description that tells it apart from its namesakes."""

    id: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class GoldMention:
    """``surface`` at ``start:end`` of cable ``cable_id``'s text when it was judged, with
    ``left``/``right`` context, refers to ``referent``; ``draw`` says how it was chosen
    (``random`` or ``hard:<group>``)."""

    cable_id: str
    start: int
    end: int
    surface: str
    left: str
    right: str
    type: str
    referent: str
    draw: str

    @property
    def nil(self) -> bool:
        return self.referent == NIL

    def to_dict(self) -> dict[str, object]:
        return {
            "cable": self.cable_id,
            "start": self.start,
            "end": self.end,
            "surface": self.surface,
            "left": self.left,
            "right": self.right,
            "type": self.type,
            "referent": self.referent,
            "draw": self.draw,
        }


def read_referents(folder: Path | None = None) -> dict[str, Referent]:
    """The referent registry (``referents.tsv``: id, type, description), by id."""
    path = (folder or GOLD_FOLDER) / "referents.tsv"
    if not path.is_file():
        raise GoldError(f"no referent registry at {path}")
    out: dict[str, Referent] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or cells[0] in out:
            raise GoldError(f"{path.name}:{n}: want a new id, a type and a description")
        out[cells[0]] = Referent(*cells)
    return out


def read_gold(folder: Path | None = None) -> list[GoldMention]:
    """The judged mentions of the gold set (``gold.jsonl`` in ``folder``), in file order."""
    path = (folder or GOLD_FOLDER) / "gold.jsonl"
    if not path.is_file():
        raise GoldError(f"no resolution gold set at {path}")
    return read_mentions(path)


def read_mentions(path: Path) -> list[GoldMention]:
    """Mentions from a JSONL file, one object a line (a drawn mention has no referent yet:
    it reads as empty)."""
    out: list[GoldMention] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = orjson.loads(line)
            out.append(
                GoldMention(
                    row["cable"],
                    row["start"],
                    row["end"],
                    row["surface"],
                    row["left"],
                    row["right"],
                    row["type"],
                    row.get("referent", ""),
                    row["draw"],
                )
            )
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{path.name}:{n}: {exc}") from None
    return out


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text)


def _shared_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def relocate(text: str, gold: GoldMention) -> tuple[int, int] | None:
    """Where ``gold`` is in ``text`` now: the occurrence of its surface (spaces may differ)
    whose context agrees best with the judged context, nearest the judged offset on a tie;
    None when no occurrence agrees on at least 8 characters of context (one occurrence
    alone needs none)."""
    words = gold.surface.split()
    pattern = re.compile(r"\s+".join(map(re.escape, words))) if words else None
    if pattern is None:
        return None
    left, right = _fold(gold.left), _fold(gold.right)
    found: list[tuple[int, int, int, int]] = []
    for m in pattern.finditer(text):
        before = _fold(text[max(0, m.start() - 2 * CONTEXT) : m.start()])
        after = _fold(text[m.end() : m.end() + 2 * CONTEXT])
        agree = _shared_suffix(before, left) + _shared_prefix(after, right)
        found.append((-agree, abs(m.start() - gold.start), m.start(), m.end()))
    if not found:
        return None
    best = min(found)
    if len(found) > 1 and -best[0] < _MIN_CONTEXT:
        return None
    return best[2], best[3]


class LinkedCables(Protocol):
    """What the yardstick reads of a store: cables (text and mentions) and their links."""

    def get_cable(self, cable_id: str) -> Cable | None: ...

    def entity_links(self, cable_ids: Iterable[str]) -> list[Link]: ...


@dataclass(frozen=True, slots=True)
class Judged:
    """One gold mention as found in the store: where (None when ``unlocated``), whether the
    tagger found it, and the entity its link names (None when tagged but not linked)."""

    gold: GoldMention
    span: tuple[int, int] | None
    tagged: bool
    entity: str | None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def judge(store: LinkedCables, gold: Sequence[GoldMention]) -> list[Judged]:
    """Each gold mention, found again in ``store`` and matched to the system's mention that
    overlaps it most (a linked one before an unlinked one)."""
    ids = sorted({g.cable_id for g in gold})
    links: dict[str, list[Link]] = {}
    for link in store.entity_links(ids):
        links.setdefault(link.cable_id, []).append(link)
    out: list[Judged] = []
    cables: dict[str, Cable | None] = {}
    for g in gold:
        if g.cable_id not in cables:
            cables[g.cable_id] = store.get_cable(g.cable_id)
        cable = cables[g.cable_id]
        span = relocate(cable.text, g) if cable is not None else None
        if cable is None or span is None:
            out.append(Judged(g, None, False, None))
            continue
        linked = [
            (_overlap(span, (k.start, k.end)), k.entity_id)
            for k in links.get(g.cable_id, ())
            if _overlap(span, (k.start, k.end)) > 0
        ]
        tagged = any(_overlap(span, (m.start, m.end)) > 0 for m in cable.mentions)
        entity = max(linked)[1] if linked else None
        out.append(Judged(g, span, tagged or entity is not None, entity))
    return out


@dataclass(frozen=True, slots=True)
class ResolutionResult:
    """What the yardstick measured: counts of the judged mentions, then scores over those
    located and tagged (``all``), without the NIL ones (``named``), and by draw; then the
    system's entities that join several referents (``merged``) and the referents it spreads
    over several entities (``split``), most pairs lost first."""

    judged: int
    unlocated: int
    untagged: int
    unlinked: int
    nil: int
    all: Scores
    named: Scores
    by_draw: dict[str, Scores]
    merged: tuple[Confusion, ...] = ()
    split: tuple[Confusion, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "judged": self.judged,
            "unlocated": self.unlocated,
            "untagged": self.untagged,
            "unlinked": self.unlinked,
            "nil": self.nil,
            "scores": self.all.to_dict(),
            "without_nil": self.named.to_dict(),
            "by_draw": {k: v.to_dict() for k, v in self.by_draw.items()},
            "merged": [c.to_dict() for c in self.merged],
            "split": [c.to_dict() for c in self.split],
        }

    def report(self) -> str:
        """The figures as a few lines of text."""
        lines = [
            f"resolution gold: {self.judged} judged mentions, {self.unlocated} not found in "
            f"the store, {self.untagged} not tagged (left out), {self.all.mentions} scored "
            f"({self.nil} NIL, {self.unlinked} tagged but not linked)",
            f"{'':<12}{'mentions':>9}{'pairs':>8}{'gold':>7}{'common':>8}"
            f"{'link P':>8}{'link R':>8}{'B3 P':>7}{'B3 R':>7}{'B3 F1':>7}",
        ]
        rows = [("all", self.all), ("without NIL", self.named), *sorted(self.by_draw.items())]
        for name, s in rows:
            lines.append(
                f"{name:<12}{s.mentions:>9}{s.pairs:>8}{s.gold_pairs:>7}{s.common:>8}"
                f"{_pct(s.precision):>8}{_pct(s.recall):>8}{_pct(s.b3_precision):>7}"
                f"{_pct(s.b3_recall):>7}{_pct(s.b3_f1):>7}"
            )
        for title, found in (("merged", self.merged), ("split", self.split)):
            if found:
                lines.append(f"{title} (most pairs lost first):")
                lines.extend(f"  {_confusion(c)}" for c in found[:TOP])
        return "\n".join(lines)


TOP = 10
"""How many merges and splits the text report lists (JSON lists all)."""


def _confusion(c: Confusion) -> str:
    parts = ", ".join(f"{label} {n}" for label, n in c.parts)
    return f"{c.label}: {parts} ({c.pairs} pairs)"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _scores(judged: Sequence[Judged]) -> Scores:
    return cluster_scores(
        [None if j.gold.nil else j.gold.referent for j in judged], [j.entity for j in judged]
    )


def score_judged(judged: Sequence[Judged]) -> ResolutionResult:
    """The counts and scores of gold mentions already matched to the system's links."""
    scored = [j for j in judged if j.span is not None and j.tagged]
    gold = [None if j.gold.nil else j.gold.referent for j in scored]
    system = [j.entity for j in scored]
    draws: dict[str, list[Judged]] = {}
    for j in scored:
        draws.setdefault(j.gold.draw.split(":")[0], []).append(j)
    return ResolutionResult(
        judged=len(judged),
        unlocated=sum(j.span is None for j in judged),
        untagged=sum(j.span is not None and not j.tagged for j in judged),
        unlinked=sum(j.entity is None for j in scored),
        nil=sum(j.gold.nil for j in scored),
        all=_scores(scored),
        named=_scores([j for j in scored if not j.gold.nil]),
        by_draw={k: _scores(v) for k, v in draws.items()},
        merged=tuple(confusions(system, [j.gold.referent for j in scored], none=NIL)),
        split=tuple(confusions(gold, system, none="(not linked)")),
    )


def evaluate_resolution(
    store: LinkedCables, gold: Sequence[GoldMention] | None = None
) -> ResolutionResult:
    """Score the links of ``store`` on ``gold`` (by default the project's gold set)."""
    return score_judged(judge(store, read_gold() if gold is None else gold))
