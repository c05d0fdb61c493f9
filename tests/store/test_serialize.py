"""Cable <-> dict <-> JSON round trips, and the store's blob packing, for any Cable."""

from __future__ import annotations

import dataclasses
import time
import zlib
from typing import TypeVar

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.model import (
    Annotation,
    Cable,
    DateSeen,
    Destination,
    Edit,
    Mention,
    Paragraph,
    Redaction,
    Reference,
    RepairedText,
    SourceRef,
    Tag,
    Variant,
)
from cablescope.model.cable import LAYERS
from cablescope.model.serialize import cable_from_dict, cable_to_dict, dumps, loads
from cablescope.store import _codec

T = TypeVar("T")
text = st.text(max_size=30)
maybe = st.none() | text
offset = st.integers(min_value=0, max_value=10_000)
score = st.floats(0, 1)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)


def small(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=3).map(tuple)


@st.composite
def cables(draw: st.DrawFn) -> Cable:
    """Any Cable, with paragraphs that are sometimes slices of the text and sometimes not."""
    body = draw(st.text(max_size=200))
    paragraphs = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(body)))
        end = draw(st.integers(start, len(body) + 2))
        own = body[start:end] if draw(st.booleans()) else draw(text)
        paragraphs.append(Paragraph(draw(st.none() | offset), draw(maybe), start, end, own))
    return Cable(
        id=draw(text),
        published_id=draw(maybe),
        id_inferred=draw(st.booleans()),
        date=draw(maybe),
        dates=draw(small(st.builds(DateSeen, text, text, text))),
        origin=draw(maybe),
        destinations=draw(small(st.builds(Destination, text, text, maybe, maybe))),
        classification=draw(maybe),
        handling=draw(small(text)),
        tags=draw(small(st.builds(Tag, text, maybe))),
        subject=draw(maybe),
        references=draw(small(st.builds(Reference, text, maybe, maybe, st.booleans()))),
        signer=draw(maybe),
        classified_by=draw(maybe),
        reasons=draw(maybe),
        declassify_on=draw(maybe),
        paragraphs=tuple(paragraphs),
        redactions=draw(small(st.builds(Redaction, offset, offset))),
        text=body,
        raw=draw(st.text(max_size=200)),
        header=draw(maybe),
        edits=draw(small(st.builds(Edit, offset, offset, text, text))),
        annotations=draw(small(st.builds(Annotation, offset, offset, text, text, text))),
        mentions=draw(small(st.builds(Mention, offset, offset, text, text, text, score))),
        notes=draw(small(text)),
        sources=draw(small(st.builds(SourceRef, text, text, text, small(text)))),
        variants=draw(small(st.builds(Variant, text, json_value, text, text))),
    )


@settings(max_examples=300)
@given(cable=cables())
def test_dict_and_json_round_trips(cable: Cable) -> None:
    as_dict = cable_to_dict(cable)
    assert cable_from_dict(as_dict) == cable
    data = dumps(cable)
    assert data == orjson.dumps(as_dict)
    assert loads(data) == cable
    assert loads(data.decode()) == cable


@settings(max_examples=300)
@given(merged=cables(), reading=cables())
def test_store_packing_round_trips(merged: Cable, reading: Cable) -> None:
    blob = _codec.pack_merged(merged)
    assert _codec.unpack_merged(blob, merged.text) == merged
    base = _codec.merged_dict(blob, merged.text)
    assert _codec.unpack_reading(_codec.pack_reading(reading, merged), base) == reading
    assert _codec.unpack_reading(_codec.pack_reading(merged, merged), base) == merged
    near = dataclasses.replace(merged, subject="changed", notes=("x",))
    assert _codec.unpack_reading(_codec.pack_reading(near, merged), base) == near
    for layer in LAYERS:
        assert _codec.merged_spans(blob, layer) == tuple(merged.layer_spans(layer))


def test_field_names_are_the_dataclass_names(cables: list[Cable]) -> None:
    full = dataclasses.replace(
        cables[0],
        destinations=(Destination("SECSTATE WASHDC", "to", "RUEHC", "IMMEDIATE"),),
        annotations=(Annotation(0, 1, "PER", "C", "reveal"),),
        variants=(Variant("date", "2009-10-05", "csv", "0" * 64),),
        references=(Reference("REF: A. 09 MEXICO 1", "09MEXICO1", "A"),),
        redactions=(Redaction(5, 17),),
    )
    d = cable_to_dict(full)
    assert list(d) == [f.name for f in dataclasses.fields(Cable)]
    nested = {
        "dates": DateSeen,
        "destinations": Destination,
        "tags": Tag,
        "references": Reference,
        "paragraphs": Paragraph,
        "redactions": Redaction,
        "edits": Edit,
        "annotations": Annotation,
        "sources": SourceRef,
        "variants": Variant,
    }
    for key, kind in nested.items():
        assert d[key], key
        assert list(d[key][0]) == [f.name for f in dataclasses.fields(kind)], key
    assert isinstance(d["handling"], list) and isinstance(d["sources"][0]["fields"], list)


def test_missing_optional_keys_take_defaults() -> None:
    assert cable_from_dict({"id": "09MEXICO2882"}) == Cable(id="09MEXICO2882")
    with pytest.raises(KeyError):
        cable_from_dict({"subject": "no id"})


@pytest.mark.slow
def test_speed_on_a_long_cable(cables: list[Cable]) -> None:
    """About 15 KB of text: well under a millisecond each way (measured ~35 µs and ~75 µs)."""
    cable = max(cables, key=lambda c: len(c.text))
    assert len(cable.text) > 15_000
    rounds = 200
    start = time.perf_counter()
    for _ in range(rounds):
        data = dumps(cable)
    write = (time.perf_counter() - start) / rounds
    start = time.perf_counter()
    for _ in range(rounds):
        loads(data)
    read = (time.perf_counter() - start) / rounds
    print(f"dumps {write * 1e6:.0f} µs, loads {read * 1e6:.0f} µs, {len(data)} bytes")
    assert write < 0.0005 and read < 0.001


@st.composite
def repaired(draw: st.DrawFn) -> Cable:
    """A Cable whose text is its raw body with its edits applied, as every reader makes."""
    raw = draw(st.text(max_size=120))
    cuts = sorted(draw(st.lists(st.integers(0, len(raw)), max_size=8)))
    edits = tuple(
        Edit(start, end, draw(st.text(max_size=5)), "rule")
        for start, end in zip(cuts[::2], cuts[1::2], strict=False)
    )
    fixed = RepairedText.apply(raw, edits)
    return dataclasses.replace(draw(cables()), raw=raw, text=fixed.text, edits=fixed.edits)


@settings(max_examples=300)
@given(cable=repaired())
def test_raw_is_kept_as_what_the_edits_replaced(cable: Cable) -> None:
    blob = _codec.pack_merged(cable)
    stored = orjson.loads(zlib.decompress(blob))
    assert "raw" not in stored and len(stored["cut"]) == len(cable.edits)
    assert _codec.unpack_merged(blob, cable.text) == cable


def test_records_written_before_compression_still_read(cables: list[Cable]) -> None:
    for cable in cables:
        d = cable_to_dict(cable)
        del d["text"]
        assert _codec.unpack_merged(orjson.dumps(d), cable.text) == cable
        for layer in LAYERS:
            assert _codec.merged_spans(orjson.dumps(d), layer) == tuple(cable.layer_spans(layer))


def test_corpus_records_are_small(cables: list[Cable]) -> None:
    """The raw body is not stored again beside the text, and the rest is compressed."""
    packed = plain = 0
    for cable in cables:
        blob = _codec.pack_merged(cable)
        assert _codec.unpack_merged(blob, cable.text) == cable
        packed += len(blob)
        plain += len(orjson.dumps(cable_to_dict(cable)))
    assert packed < plain / 6
