"""Invariants on arbitrary bytes: no reader's match or extract ever raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablescope.model import Envelope, Input, Problem
from cablescope.readers import READERS, read
from cablescope.readers.telegram import HEADER_ONLY
from tests.readers.common import example

SEEDS = [
    example(name)
    for name in (
        "html/79TEHRAN8980.html",
        "annotated/09MEXICO2882.txt",
        "body/00HARARE5461.txt",
        "plusd/10MEXICO83.md",
        "csv/cables-sample.csv",
        "telegram/07KINGSTON382.txt",
        "pdf/07KINGSTON382.pdf",
    )
]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A real example cut, spliced with noise, or with bytes flipped."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, len(data)))
    noise = draw(st.binary(max_size=64))
    data[start:end] = noise if draw(st.booleans()) else data[start:end][::-1]
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut] if draw(st.booleans()) else data)


inputs = st.one_of(st.binary(max_size=4096), damaged())


def _check(item: tuple[Envelope, str] | Problem) -> None:
    if isinstance(item, Problem):
        assert item.stage == "read" and item.message and "\n" not in item.message
    else:
        envelope, body = item
        assert isinstance(envelope, Envelope) and isinstance(body, str)
        # only a bare routing header comes with an empty body
        assert body.strip() or (HEADER_ONLY in envelope.notes and envelope.header)
        assert len(envelope.sha256) == 64


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs)
def test_no_reader_raises(data: bytes) -> None:
    inp = Input.from_bytes("fuzz", data)
    for reader in READERS:
        assert reader.match(inp) >= 0
        for item in reader.extract(inp):
            _check(item)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs)
def test_read_always_yields(data: bytes) -> None:
    items = list(read(Input.from_bytes("fuzz", data)))
    assert items
    for item in items:
        _check(item)
