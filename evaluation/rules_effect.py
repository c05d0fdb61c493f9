"""What the cable-aware rules do to a noisy tagger: the seed's inline marks (the reveal
project's LBJ tagger) scored against the cable gold set before and after
``CableRules.apply``, exact span and type, on the gold cables reveal annotated.

    python evaluation/rules_effect.py            (reads ../shared/corpus)
    python evaluation/rules_effect.py --errors   (also lists what is still wrong after)
"""

from __future__ import annotations

import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluation"))

import gold  # noqa: E402
from lbj_baseline import CORPUS, members  # noqa: E402

from cablescope.model import Cable, Mention  # noqa: E402
from cablescope.pipeline.merge import merge  # noqa: E402
from cablescope.pipeline.process import process_input  # noqa: E402
from cablescope.tagging.imported import cable_mentions  # noqa: E402
from cablescope.tagging.rules import CableRules  # noqa: E402

Span = tuple[int, int, str]


@dataclass
class Score:
    """Exact span+type counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, truth: set[Span], found: set[Span]) -> None:
        self.tp += len(truth & found)
        self.fp += len(found - truth)
        self.fn += len(truth - found)

    def line(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.3f} R {r:.3f} F1 {f1:.3f} (tp {self.tp} fp {self.fp} fn {self.fn})"


def gold_cables() -> list[tuple[str, Cable]]:
    """The gold cables reveal annotated, with its marks merged onto the gold text."""
    ids = gold.cable_ids()
    annotated = members(CORPUS / "reveal-annotated.tar.gz", {f"annotated/{i}.txt": i for i in ids})
    pages: dict[str, bytes] = {}
    with tarfile.open(CORPUS / "cablegate-html-2011-04.tar.gz", mode="r|gz") as tar:
        for member in tar:
            stem = Path(member.name).stem
            if stem in annotated and (handle := tar.extractfile(member)) is not None:
                pages[stem] = handle.read()
    out: list[tuple[str, Cable]] = []
    for cable_id in sorted(annotated):
        marks = process_input(f"annotated/{cable_id}.txt", annotated[cable_id])[0]
        page = process_input(f"{cable_id}.html", pages[cable_id])[0]
        assert isinstance(marks, Cable) and isinstance(page, Cable)
        out.append((cable_id, merge([marks, page])))
    return out


def spans(mentions: list[Mention]) -> set[Span]:
    return {(m.start, m.end, m.type) for m in mentions}


def main() -> None:
    show = "--errors" in sys.argv
    rules = CableRules()
    before, after = Score(), Score()
    cables = gold_cables()
    for cable_id, cable in cables:
        text, entities = gold.load(cable_id)
        assert cable.text == text, cable_id
        truth = {(e.start, e.end, e.type) for e in entities}
        mentions = cable_mentions(cable)
        fixed = rules.apply(text, mentions)
        before.add(truth, spans(mentions))
        after.add(truth, spans(fixed))
        if show:
            found = spans(fixed)
            for s, e, t in sorted(found - truth):
                print(f"{cable_id} FP {t:4} {text[s:e]!r}  ..{text[max(0, s - 30) : e + 20]!r}")
            for s, e, t in sorted(truth - found):
                print(f"{cable_id} FN {t:4} {text[s:e]!r}  ..{text[max(0, s - 30) : e + 20]!r}")
    print(f"{len(cables)} cables, before rules: {before.line()}")
    print(f"{len(cables)} cables, after rules:  {after.line()}")


if __name__ == "__main__":
    main()
