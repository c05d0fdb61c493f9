"""The MiniLM tagger: the shipped ONNX model on real cables, mixed case and all caps."""

from __future__ import annotations

import multiprocessing
import sys
from functools import cache
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.errors import TaggerUnavailable
from cablescope.model import Mention
from cablescope.tagging.base import Tagger
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.unwrap import unwrap
from cablescope.tagging.wordpieces import runs, windows, words
from tests.cli.test_cli import run
from tests.conftest import EXAMPLES, SHARED

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

from cablescope.tagging.minilm_backend import MiniLMTagger  # noqa: E402

CABLES = ("body/00HARARE5461.txt", "telegram/09PARIS997.txt", "annotated/09MEXICO2882.txt")
HISTORYLAB = SHARED / "ner" / "historylab" / "train"


@cache
def tagger() -> MiniLMTagger:
    found = get_tagger("minilm")
    assert isinstance(found, MiniLMTagger)
    return found


def _cable(name: str) -> str:
    return (EXAMPLES / name).read_bytes().decode("latin-1")


@cache
def _tagged(name: str) -> list[Mention]:
    (found,) = tagger().tag([_cable(name)])
    return found


def _fits(text: str, mentions: list[Mention]) -> None:
    assert all(text[m.start : m.end] == m.text and m.text.strip() == m.text for m in mentions)
    assert all(m.type in {"PER", "ORG", "LOC", "MISC"} for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_it_is_a_tagger_of_the_registry() -> None:
    assert isinstance(tagger(), Tagger)
    assert tagger().name == "minilm"


@pytest.mark.parametrize("name", CABLES)
def test_mentions_index_the_cables_own_text(name: str) -> None:
    text = _cable(name)
    found = _tagged(name)
    assert len(found) > 20
    _fits(text, found)
    assert all(m.backend == "minilm" for m in found)


def test_names_broken_over_lines_and_known_names_are_found() -> None:
    text = (
        "SUBJECT: AMBASSADOR MEETS PRESIDENT MUGABE IN HARARE\n\n1. Ambassador Dell met "
        "Morgan\nTsvangirai of the MDC in Harare.\n"
    )
    (found,) = tagger().tag([text])
    kinds = {m.text: m.type for m in found}
    assert kinds["MUGABE"] == "PER"
    assert kinds["Morgan\nTsvangirai"] == "PER"
    assert kinds["Harare"] == "LOC"
    assert kinds["MDC"] == "ORG"


@pytest.mark.skipif(not HISTORYLAB.is_dir(), reason="../shared/ner/historylab is not present")
def test_all_caps_names_of_a_held_out_historylab_cable() -> None:
    from cablescope.evaluation.historylab import convert, is_held_out

    doc = convert(HISTORYLAB / "1977DAMASC04767.txt")
    assert is_held_out(doc.id)
    (found,) = tagger().tag([doc.text])
    _fits(doc.text, found)
    kinds = {(m.text, m.type) for m in found}
    assert {("MICHAEL DAVIS", "PER"), ("DAMASCUS", "LOC"), ("SYRIA", "LOC")} <= kinds


def test_windows_cover_every_word_once_within_the_limit() -> None:
    text = unwrap(_cable("telegram/09PARIS997.txt")).text
    spans = words(text)
    pieces = [1 + len(text[s:e]) // 6 for s, e in spans]
    bounds = windows(text, spans, pieces, 64)
    assert len(bounds) > 10
    assert [a for a, _ in bounds] == [0, *(b for _, b in bounds[:-1])]
    assert bounds[-1][1] == len(spans)
    assert all(sum(pieces[a:b]) <= 64 for a, b in bounds)


def test_a_long_text_in_many_windows_loses_and_repeats_no_entity() -> None:
    paragraph = (
        "Ambassador John Negroponte met Foreign Minister Luis Ernesto Derbez in Mexico City."
    )
    text = "\n\n".join([paragraph] * 60)
    (found,) = tagger().tag([text])
    (once,) = tagger().tag([paragraph])
    assert len(once) >= 3
    assert [(m.text, m.type) for m in found] == [(m.text, m.type) for m in once] * 60
    (small,) = MiniLMTagger(window=40).tag([text])
    assert [(m.text, m.type) for m in small] == [(m.text, m.type) for m in once] * 60
    _fits(text, found)


def test_empty_and_blank_texts_have_no_mentions() -> None:
    assert list(tagger().tag(["", " ", "\n\n\t  \n", "\u00a0"])) == [[], [], [], []]
    assert list(tagger().tag([])) == []


def test_output_is_deterministic_and_independent_of_the_other_texts() -> None:
    names = CABLES[:2]
    together = list(MiniLMTagger(threads=1).tag([_cable(name) for name in names]))
    assert together == [_tagged(name) for name in names]


def _tag_in_worker(name: str) -> list[Mention]:
    return next(tagger().tag([_cable(name)]))


def test_forked_workers_tag_after_the_parent_did() -> None:
    expected = _tagged(CABLES[0])
    with multiprocessing.get_context("fork").Pool(2) as pool:
        found = pool.map_async(_tag_in_worker, [CABLES[0], CABLES[0]]).get(timeout=120)
    assert found == [expected, expected]


def test_without_onnxruntime_it_is_unavailable_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(TaggerUnavailable) as raised:
        get_tagger("minilm")
    assert str(raised.value) == (
        "the minilm tagger needs onnxruntime and tokenizers; pip install 'cablescope[minilm]'"
    )


def test_iob_runs() -> None:
    assert runs(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-MISC"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
        (5, 6, "ORG"),
        (6, 7, "MISC"),
    ]


def test_a_missing_model_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(TaggerUnavailable, match="lacks model.onnx, tokenizer.json, config.json"):
        get_tagger("minilm", model=str(tmp_path))


@settings(max_examples=60)
@given(
    st.text(max_size=300)
    | st.lists(st.sampled_from(["PARIS ", "Mr. Smith", "\n", "é", "\u0301", "_", "\x00", "ß"])).map(
        "".join
    )
)
def test_offsets_always_slice_the_input(text: str) -> None:
    (found,) = tagger().tag([text])
    _fits(text, found)


def test_cli_ner_with_the_minilm_tagger() -> None:
    path = EXAMPLES / "body" / "00HARARE5461.txt"
    done = run("ner", "--tagger", "minilm", str(path))
    assert done.returncode == 0, done.stderr
    text = path.read_bytes().decode("utf-8")
    entities = [orjson.loads(line) for line in done.stdout.splitlines()]
    assert len(entities) > 20
    assert all(text[e["start"] : e["end"]] == e["text"] for e in entities)
    assert any(e["type"] == "PER" for e in entities)
