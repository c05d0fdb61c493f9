"""Representations learnt from in-domain text: floret subword vectors trained on the
unlabelled text of the corpus bodies (the gold cables left out) and CoNLL-2003 train, lower
cased and looked up by a token's lower-case form, added to the token encoder as static
vectors (spaCy's ``include_static_vectors``). The model for text in capitals is trained with
them and scored on the History Lab held-out fifth, CoNLL-2003 valid (the model alone) and the
cable gold set, to compare with the same recipe without them (``gazetteer_features.py``'s
``without`` run, same data, settings, seed and steps; docs/model.md, "Static vectors from
the corpus").

    pip install floret
    python evaluation/static_vectors.py --db TAGGED.db --steps 5000 [--seed N] [--work DIR]
        [--mixed [--only without|with]]

``--mixed`` trains the model for mixed case's recipe instead (the hand-marked training
cables in), with and without the vectors, since no run without them exists to compare with;
``--only`` trains one of the two, so that two processes can train both at once.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from trial import ROOT, run, seeded, train

DIM = 64
BUCKETS = 50_000
"""Rows of the hashed subword table: 50,000 x 64 floats is 12.8 MB beside the model."""


def text(db: str, shared: Path, out: Path) -> int:
    """The training text (one paragraph or sentence a line, lower case) written to ``out``;
    returns its words."""
    from cablescope.store import open as open_store

    gold = {p.name.split(".")[0] for p in (ROOT / "evaluation" / "cable-gold").iterdir()}
    words = 0
    with out.open("w", encoding="utf-8") as f, open_store(db, readonly=True) as store:
        for cable in store.iter_cables():
            if cable.id in gold:
                continue
            for para in re.split(r"\n\s*\n", cable.text):
                line = " ".join(para.split()).lower()
                if line:
                    f.write(line + "\n")
                    words += len(line.split())
        sentence: list[str] = []
        conll = shared / "ner" / "conll2003" / "train.txt"
        for row in conll.read_text(encoding="utf-8").splitlines():
            word = row.split(" ")[0]
            if word and not word.startswith("-DOCSTART-"):
                sentence.append(word)
            elif sentence:
                f.write(" ".join(sentence).lower() + "\n")
                words += len(sentence)
                sentence = []
    return words


def vectors(corpus: Path, work: Path) -> Path:
    """floret vectors trained on ``corpus``, converted for spaCy (keyed by LOWER)."""
    import floret

    started = time.perf_counter()
    model = floret.train_unsupervised(
        str(corpus), model="cbow", mode="floret", hashCount=2, bucket=BUCKETS,
        minn=4, maxn=5, minCount=5, dim=DIM, epoch=10, thread=1,
    )  # fmt: skip
    model.save_floret_vectors(str(work / "vectors.floret"))
    print(f"# floret: {time.perf_counter() - started:.0f} s")
    out = work / "vectors"
    subprocess.run(
        [sys.executable, "-m", "spacy", "init", "vectors", "en", str(work / "vectors.floret"),
         str(out), "--mode", "floret", "--attr", "LOWER"],
        check=True,
    )  # fmt: skip
    return out


def _config(vectors: Path | None, seed: int, work: Path) -> Path:
    text = seeded(seed)
    if vectors is not None:
        edits = {
            "include_static_vectors = false": "include_static_vectors = true",
            "[initialize]\nvectors = null": f'[initialize]\nvectors = "{vectors}"',
        }
        for old, new in edits.items():
            if old not in text:
                sys.exit("ner.cfg no longer has the lines this experiment edits")
            text = text.replace(old, new, 1)
    out = work / ("vectors.cfg" if vectors is not None else "without.cfg")
    out.write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a store holding the corpus")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--mixed",
        action="store_true",
        help="the recipe of the model for mixed case, with a run without",
    )
    parser.add_argument("--only", choices=("without", "with"))
    parser.add_argument("--work", type=Path, default=Path("vectors-experiment"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.work / "text.txt"
    if not corpus.exists():
        print(f"# text: {text(args.db, args.shared, corpus):,} words")
    found = args.work / "vectors"
    if not (found / "config.cfg").exists():
        found = vectors(corpus, args.work)

    def variant(used: Path | None) -> Callable[[Path], None]:
        config = _config(used, args.seed, args.work)
        return lambda model: train(args.shared, model, args.steps, config, args.mixed)

    variants = [("with", variant(found))]
    if args.mixed:
        variants.insert(0, ("without", variant(None)))
    run(args.work, args.shared, variants, args.only, "static vectors")


if __name__ == "__main__":
    main()
