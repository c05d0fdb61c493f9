"""What the model trials (``gazetteer_features.py``, ``static_vectors.py``) share: the
shipped training config with another seed, a recipe trained from it, the yardsticks, and
the loop that trains each variant not trained yet and scores them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SEED = "\nseed = 0\n"


def seeded(seed: int) -> str:
    """The text of the shipped training config (ner.cfg) with ``seed``."""
    import cablescope.training.train as training

    text = training.CONFIG.read_text(encoding="utf-8")
    if _SEED not in text:
        sys.exit("ner.cfg no longer has the seed line the trials edit")
    return text.replace(_SEED, f"\nseed = {seed}\n", 1)


def train(shared: Path, output: Path, steps: int, config: Path, mixed: bool = False) -> None:
    """The model for capitals' recipe (the hand-marked training cables left out) trained from
    ``config``; with ``mixed``, the model for mixed case's (them in)."""
    import cablescope.training.train as training
    from cablescope.training.data import Mix

    training.CONFIG = config
    training.train(shared, output, mix=Mix() if mixed else Mix(train_repeat=0), max_steps=steps)


def scores(model: Path, shared: Path) -> Iterable[str]:
    """The reports of ``model`` on History Lab held out, CoNLL-2003 valid and the gold cables."""
    from cablescope.evaluation.run import evaluate
    from cablescope.tagging.load import load_tagger

    name = f"spacy:{model}"
    corpora = ("historylab", "conll-valid", "cables")
    for result in evaluate(load_tagger(name), corpora, rules=True, shared=shared).values():
        yield result.report(name)


def run(
    work: Path,
    shared: Path,
    variants: Sequence[tuple[str, Callable[[Path], None]]],
    only: str | None,
    what: str,
) -> None:
    """Each of ``variants`` (name, how to train it into a folder) trained into ``work/NAME``
    unless there already; with ``only`` that one alone and nothing scored (so that two
    processes train two at once), else each scored under ``# NAME WHAT``."""
    for name, trained in variants:
        if only not in (None, name):
            continue
        model = work / name
        if not (model / "meta.json").exists():
            trained(model)
        if only is None:
            print(f"# {name} {what}")
            for line in scores(model, shared):
                print(line)
