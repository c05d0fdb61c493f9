"""The project's cable training set: hand-checked entity marks on corpus cables, for training.

The marks are kept as standoff (``evaluation/cable-train/marks.jsonl``: per cable, its id,
the sha256 of the text they were made on, and each entity's start, end, type and text); the
text itself is the corpus page in ``../shared`` read and repaired as ``cablescope ingest``
reads it, so no cable is copied into the repository. When the repairs have changed a text
since it was marked, each entity is looked for again near where it was (``realign``);
one that is gone is dropped, and a cable that loses more than LOST of its entities is left
out, so that a changed text never teaches the model wrong spans.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cablescope.evaluation.documents import GoldDocument, GoldEntity, is_all_caps
from cablescope.model import Cable
from cablescope.pipeline.process import process_input

TRAIN_FOLDER = Path(__file__).resolve().parents[2] / "evaluation" / "cable-train"
"""Where the training marks live in a source checkout; absent in an installed package."""

MARKS = "marks.jsonl"

LOST = 0.02
"""The largest share of a cable's entities that may be lost to a changed text."""

NEAR = 400
"""How far (characters) from its old place an entity is looked for in a changed text."""


@dataclass(frozen=True, slots=True)
class Marked:
    """The marks of one cable: the sha256 of the text they index, and the entities."""

    id: str
    sha256: str
    entities: tuple[GoldEntity, ...]

    def to_json(self) -> str:
        """One line of ``marks.jsonl``."""
        spans = [[e.start, e.end, e.type, e.text] for e in self.entities]
        return json.dumps({"id": self.id, "sha256": self.sha256, "entities": spans},
                          ensure_ascii=False)  # fmt: skip


def text_digest(text: str) -> str:
    """The sha256 of ``text`` (UTF-8) that ``Marked`` records."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_marks(folder: Path | str | None = None) -> list[Marked]:
    """Every cable's marks, in file order; none when the folder is absent."""
    path = Path(folder if folder is not None else TRAIN_FOLDER) / MARKS
    if not path.is_file():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            entities = tuple(GoldEntity(s, e, t, x) for s, e, t, x in row["entities"])
            found.append(Marked(row["id"], row["sha256"], entities))
    return found


def realign(text: str, entities: tuple[GoldEntity, ...]) -> tuple[GoldEntity, ...]:
    """``entities`` on ``text``: each at its offsets when they still hold its text, else at
    the nearest place after the entity before it where its text is written (within NEAR
    characters of where the shift so far puts it); dropped when there is none."""
    out: list[GoldEntity] = []
    shift = 0
    floor = 0
    for e in entities:
        at = e.start + shift
        if text[e.start : e.end] == e.text and e.start >= floor:
            at = e.start
        elif text[at : at + len(e.text)] != e.text or at < floor:
            at = _nearest(text, e.text, at, floor)
            if at < 0:
                continue
        out.append(GoldEntity(at, at + len(e.text), e.type, e.text))
        shift = at - e.start
        floor = at + len(e.text)
    return tuple(out)


def _nearest(text: str, wanted: str, around: int, floor: int) -> int:
    best = -1
    start = max(floor, around - NEAR)
    while True:
        found = text.find(wanted, start, around + NEAR + len(wanted))
        if found < 0:
            return best
        if best < 0 or abs(found - around) < abs(best - around):
            best = found
        start = found + 1


def read_cable_train(
    corpus_tar: Path | str, folder: Path | str | None = None
) -> Iterator[GoldDocument]:
    """The marked cables whose pages are in the Cablegate tarball ``corpus_tar``, read and
    repaired as ingest does, with their entities (see this module), in tar order."""
    wanted = {m.id: m for m in read_marks(folder)}
    if not wanted:
        return
    with tarfile.open(corpus_tar, mode="r|gz") as tar:
        for member in tar:
            stem = Path(member.name).stem
            if stem not in wanted or not member.isfile():
                continue
            handle = tar.extractfile(member)
            if handle is None:
                continue
            records = process_input(member.name, handle.read())
            cable = next((r for r in records if isinstance(r, Cable)), None)
            if cable is None:
                continue
            marked = wanted[stem]
            entities = marked.entities
            if text_digest(cable.text) != marked.sha256:
                entities = realign(cable.text, entities)
                if len(entities) < (1 - LOST) * len(marked.entities):
                    continue
            yield GoldDocument(stem, cable.text, entities, is_all_caps(cable.text))
