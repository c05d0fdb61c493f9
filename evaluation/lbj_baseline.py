"""How good the seed's tagger is: the reveal project's inline marks (Illinois LBJ tagger)
scored against the cable gold set, exact span and type, on the gold cables reveal annotated.

    python evaluation/lbj_baseline.py   (reads ../shared/corpus)
"""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluation"))

import gold  # noqa: E402

from cablescope.model import Cable  # noqa: E402
from cablescope.pipeline.merge import merge  # noqa: E402
from cablescope.pipeline.process import process_input  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def members(tar_path: Path, wanted: dict[str, str]) -> dict[str, bytes]:
    """The bytes of the tar members named in ``wanted`` (member name -> cable id)."""
    found: dict[str, bytes] = {}
    with tarfile.open(tar_path, "r|gz") as tar:
        for member in tar:
            if member.name in wanted and (handle := tar.extractfile(member)) is not None:
                found[wanted[member.name]] = handle.read()
    return found


def main() -> None:
    ids = gold.cable_ids()
    annotated = members(CORPUS / "reveal-annotated.tar.gz", {f"annotated/{i}.txt": i for i in ids})
    pages: dict[str, bytes] = {}
    with tarfile.open(CORPUS / "cablegate-html-2011-04.tar.gz", "r|gz") as tar:
        for member in tar:
            stem = Path(member.name).stem
            if stem in annotated and (handle := tar.extractfile(member)) is not None:
                pages[stem] = handle.read()
    tp = fp = fn = 0
    for cable_id in sorted(annotated):
        marks = process_input(f"annotated/{cable_id}.txt", annotated[cable_id])[0]
        page = process_input(f"{cable_id}.html", pages[cable_id])[0]
        assert isinstance(marks, Cable) and isinstance(page, Cable)
        merged = merge([marks, page])
        text, entities = gold.load(cable_id)
        assert merged.text == text, cable_id
        truth = {(e.start, e.end, e.type) for e in entities}
        found = {(a.start, a.end, a.type) for a in merged.annotations}
        tp, fp, fn = tp + len(truth & found), fp + len(found - truth), fn + len(truth - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"{len(annotated)} cables: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main()
