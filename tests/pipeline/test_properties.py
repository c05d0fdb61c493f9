"""Invariants of the whole read-repair-parse path and of annotation alignment."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablescope.model import Annotation, Cable, Problem
from cablescope.pipeline.align import realign
from cablescope.pipeline.process import process_input
from tests.conftest import EXAMPLES

SAMPLES = [
    (EXAMPLES / "html" / "10MEXICO83.html").read_bytes(),
    (EXAMPLES / "telegram" / "07KINGSTON382.txt").read_bytes(),
    (EXAMPLES / "annotated" / "09MEXICO2882.txt").read_bytes(),
    (EXAMPLES / "plusd" / "10MEXICO83.md").read_bytes(),
]


def _damaged(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for at, length, junk in cuts:
        at %= max(len(out), 1)
        out[at : at + length] = junk
    return bytes(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_any_bytes_give_cables_or_problems(data: bytes) -> None:
    for result in process_input("fuzz.bin", data):
        assert isinstance(result, Cable | Problem)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SAMPLES),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 400), st.binary(max_size=40)), max_size=6
    ),
)
def test_damaged_real_cables_give_cables_or_problems(
    sample: bytes, cuts: list[tuple[int, int, bytes]]
) -> None:
    for result in process_input("damaged", _damaged(sample, cuts)):
        assert isinstance(result, Cable | Problem)
        if isinstance(result, Cable):
            assert result.text == _applied(result)
            for p in result.paragraphs:
                assert result.text[p.start : p.end] == p.text


def _applied(cable: Cable) -> str:
    from cablescope.model import RepairedText

    return RepairedText.apply(cable.raw, cable.edits).text


words = st.lists(
    st.sampled_from(["Tello", "Peon", "PGR", "Juarez", ",", "s", "the", "(C)"]),
    min_size=1,
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(words, st.lists(st.integers(0, 59), max_size=5), st.sampled_from([" ", "  ", "\n"]))
def test_realigned_annotations_point_at_their_words(
    tokens: list[str], marked: list[int], space: str
) -> None:
    source = " ".join(tokens)
    target = space.join(tokens)
    starts, pos = [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token) + 1
    anns = tuple(
        Annotation(starts[i], starts[i] + len(tokens[i]), "PER", tokens[i], "test")
        for i in sorted(set(marked))
        if i < len(tokens)
    )
    moved = realign(anns, source, target)
    assert len(moved) == len(anns)  # spacing alone never loses a mark
    for before, after in zip(anns, moved, strict=True):
        assert target[after.start : after.end] == before.text == after.text
