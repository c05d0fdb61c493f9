"""What makes tagging cheaper must not change what it finds: the default model multiplies with
numpy's BLAS on one thread, a text's mentions do not depend on the texts batched with it or
on which BLAS multiplies, and the cable rules' shortcuts find what the longer way found."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablescope.model import Cable
from cablescope.pipeline.process import process_input
from cablescope.tagging import names, rules, spacy_backend
from cablescope.tagging.blas import blas_thread_counts, blas_threads
from cablescope.tagging.imported import cable_mentions
from cablescope.tagging.names import is_title
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.routed import RoutedTagger
from cablescope.tagging.rules import CableRules, _occurrences
from cablescope.tagging.spacy_backend import BATCH_CHARS, SpacyTagger, import_spacy
from tests.conftest import CORPUS_TAR, corpus_pages, needs_shared

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CABLES = ("telegram/09PARIS997.txt", "telegram/07BOGOTA1232.txt", "body/00HARARE5461.txt")


def _texts() -> list[str]:
    texts = [(EXAMPLES / name).read_bytes().decode("latin-1") for name in CABLES]
    if CORPUS_TAR.is_file():
        for name, data in corpus_pages(every=700):
            texts += [c.text for c in process_input(name, data) if isinstance(c, Cable)]
    return texts


def _nodes(tagger: Any) -> list[Any]:
    """The layers of every model ``tagger`` runs (both shipped models of the default)."""
    models = [tagger.cased, tagger.capitals] if isinstance(tagger, RoutedTagger) else [tagger]
    return [node for m in models for _, c in m._nlp.components for node in c.model.walk()]


def test_the_default_model_multiplies_with_numpy_on_one_blas_thread() -> None:
    from thinc.api import NumpyOps

    blas_threads(2)
    tagger = get_tagger("cablescope")
    nodes = _nodes(tagger)
    assert nodes and all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in nodes)
    counts = blas_thread_counts()
    assert counts and set(counts) == {1}


@needs_shared
def test_blis_and_numpy_products_find_the_same_mentions() -> None:
    from thinc.api import NumpyOps

    texts = _texts()
    assert len(texts) >= 10
    fast = get_tagger("cablescope")
    blis = get_tagger("cablescope")
    for node in _nodes(blis):
        node.ops = NumpyOps()
    assert list(fast.tag(texts)) == list(blis.tag(texts))


def test_a_texts_mentions_do_not_depend_on_its_batch() -> None:
    texts = _texts()
    tagger = get_tagger("cablescope")
    together = list(tagger.tag(texts))
    alone = [next(tagger.tag([text])) for text in texts]
    assert sum(map(len, alone)) > 100
    assert together == alone


class _Recorder:
    """A blank pipeline that records the batches it is handed."""

    def __init__(self) -> None:
        self.nlp = import_spacy().blank("en")
        self.batches: list[list[str]] = []

    def pipe(self, texts: list[str], batch_size: int) -> Any:
        self.batches.append(list(texts))
        return self.nlp.pipe(texts, batch_size=batch_size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


def test_batches_hold_at_most_batch_chars_unless_one_text_is_longer() -> None:
    recorder = _Recorder()
    tagger = SpacyTagger("blank", nlp=recorder)
    sizes = [9_000, spacy_backend.PIECE, BATCH_CHARS // 2, 5_000, BATCH_CHARS - 100] + [900] * 40
    texts = [("Word " * (size // 5)).strip() for size in sizes]
    assert len(list(tagger.tag(texts))) == len(texts)
    assert [t for batch in recorder.batches for t in batch] == texts
    for batch in recorder.batches:
        assert len(batch) <= spacy_backend.BATCH_SIZE
        assert len(batch) == 1 or sum(map(len, batch)) <= BATCH_CHARS


@pytest.mark.parametrize("threads", [1, 2])
def test_blas_threads_sets_every_loaded_openblas(threads: int) -> None:
    import numpy  # noqa: F401 - loads numpy's OpenBLAS

    blas_threads(threads)
    try:
        assert set(blas_thread_counts()) == {threads}
    finally:
        blas_threads(1)


def _occurrences_by_word_starts(text: str, surface: str) -> list[int]:
    """The free occurrences as the consistency rule first found them: an index of every word
    run that follows no word character, slash or hyphen, looked up by the surface's first run."""
    starts: dict[str, list[int]] = {}
    for m in re.finditer(r"(?<![\w/-])\w+", text):
        starts.setdefault(m.group(), []).append(m.start())
    lead = re.match(r"\w+", surface)
    if lead is None:
        return []
    found: list[int] = []
    end = 0
    for at in starts.get(lead.group(), ()):
        free = re.compile(r"(?![\w/-]|'\w\w)").match(text, at + len(surface))
        if at >= end and text.startswith(surface, at) and free:
            found.append(at)
            end = at + len(surface)
    return found


_ALPHABET = st.sampled_from(list("Aab1 \n/-'.,é_") + ["ab", "Ab", "AB", "a-b", "a/b", "'s"])


@given(st.lists(_ALPHABET, max_size=40).map("".join), st.data())
def test_free_occurrences_are_those_of_the_word_start_index(text: str, data: st.DataObject) -> None:
    if text and data.draw(st.booleans()):
        start = data.draw(st.integers(0, len(text) - 1))
        surface = text[start : data.draw(st.integers(start + 1, len(text)))]
    else:
        surface = data.draw(st.lists(_ALPHABET, min_size=1, max_size=4).map("".join))
    assert _occurrences(text, surface) == _occurrences_by_word_starts(text, surface)


def test_the_rules_give_the_same_mentions_with_their_caches_warm(seed_annotated: Path) -> None:
    cable = process_input(seed_annotated.name, seed_annotated.read_bytes())[0]
    assert isinstance(cable, Cable)
    mentions = cable_mentions(cable)
    for cached in (is_title, names._bare, rules._name_alone):
        cached.cache_clear()
    cold = CableRules().apply(cable.text, mentions)
    warm = CableRules().apply(cable.text, mentions)
    assert len(cold) > 50 and cold == warm


@needs_shared
def test_the_longest_corpus_cables_have_the_same_mentions_cut_as_whole() -> None:
    import tarfile

    long: list[str] = []
    with tarfile.open(CORPUS_TAR, "r|gz") as tar:
        for member in tar:
            handle = tar.extractfile(member) if member.size > 120_000 else None
            if handle is not None and member.name.endswith(".html"):
                cables = process_input(member.name, handle.read())
                long += [c.text for c in cables if isinstance(c, Cable)]
    long = sorted(t for t in long if len(t) > 1.5 * spacy_backend.PIECE)[-3:]
    assert len(long) == 3
    whole = list(get_tagger("cablescope", piece=10**6).tag(long))
    assert list(get_tagger("cablescope").tag(long)) == whole
