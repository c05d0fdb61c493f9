"""The record's canonical JSON: every fact and answer comes back as it went in, and a fact is
one text whichever order its sets were built in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orjson
from isal import isal_zlib

from cablescope.resolve.record import (
    NEAR,
    TABLES,
    _plain,
    decode,
    digest,
    encode,
    load_tables,
    pack_tables,
    save_tables,
    squeeze,
    unsqueeze,
)
from cablescope.errors import StoreError
from cablescope.resolve.tables import Tables
from cablescope.store import MemoryStore
from cablescope.store.base import ResolutionRecord

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.text(max_size=8),
    st.floats(allow_nan=False, allow_infinity=False),
)  # fmt: skip
values: st.SearchStrategy[Hashable] = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(tuple),
        st.frozensets(
            st.one_of(st.text(max_size=6), st.lists(scalars, max_size=3).map(tuple)), max_size=4
        ),
    ),  # fmt: skip
    max_leaves=12,
)


@given(values)
def test_a_fact_comes_back_as_it_went_in(value: Hashable) -> None:
    assert decode(encode(value)) == value


@given(values)
def test_a_fact_is_the_text_stores_already_hold(value: Hashable) -> None:
    # Sets go through orjson's default where they can: the text (and so the digest a stored
    # record finds a fact by) must be the one the element-by-element path gives.
    assert encode(value) == orjson.dumps(_plain(value)).decode()


@given(st.lists(st.text(max_size=6), unique=True, max_size=6), st.randoms())
def test_a_set_is_one_text_in_any_order(words: list[str], rnd: object) -> None:
    shuffled = words[:]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = ("beyond", None, frozenset(words))
    b = ("beyond", None, frozenset(shuffled))
    assert encode(a) == encode(b) and digest(encode(a)) == digest(encode(b))


def test_questions_as_the_decisions_ask_them() -> None:
    fact = ("beyond", "2008-01-02", ("PARIS", "2008"), "sarkozy",
            frozenset({"france", "elysee"}), (("president", 2),))  # fmt: skip
    assert decode(encode(fact)) == fact
    assert encode(("root", "gob")) == '["root","gob"]'
    assert decode(encode((frozenset({"a"}), "x"))) == (frozenset({"a"}), "x")


near_counts = st.dictionaries(
    st.text(min_size=1, max_size=6),
    st.dictionaries(st.text(min_size=1, max_size=6), st.integers(1, 50), max_size=4),
    max_size=5,
)


def _tables(near: dict[str, dict[str, int]]) -> Tables:
    t = Tables(cables=len(near))
    for full, counts in near.items():
        t.near.counts(full).update(counts)
    return t


@given(near_counts, st.data())
def test_the_names_around_full_names_come_back_read_or_not(
    near: dict[str, dict[str, int]], data: st.DataObject
) -> None:
    store = MemoryStore()
    t = _tables(near)
    save_tables(store, t)
    kept = store.record_states([TABLES, *(NEAR + full for full in near)])
    assert len(kept) == 1 + len(near)
    back = load_tables(store)
    assert back is not None and sorted(back.near) == sorted(near)
    for full in near:
        back.near.get(full)
    assert back.near.written() == {}  # read, not counted: saved again as the blob alone
    read = data.draw(st.lists(st.sampled_from(sorted(near) or [""]), max_size=3))
    for full in read:
        back.near.counts(full)["x"] += 1
        t.near.counts(full)["x"] += 1
    assert sorted(back.near.written()) == sorted(set(read))
    save_tables(store, back)
    assert load_tables(store) == t == back


def reads_counted(store: ResolutionRecord) -> list[list[str]]:
    """The names ``store.record_states`` is asked for, from now on, one list per call."""
    asked: list[list[str]] = []
    real = store.record_states

    def counted(names: Iterable[str]) -> dict[str, bytes]:
        asked.append(list(names))
        return real(asked[-1])

    store.record_states = counted  # type: ignore[method-assign]
    return asked


@given(near_counts)
def test_only_the_names_around_a_batch_are_read_at_once(near: dict[str, dict[str, int]]) -> None:
    store = MemoryStore()
    save_tables(store, _tables(near))
    asked = reads_counted(store)
    back = load_tables(store)
    assert back is not None and asked == [[TABLES]]
    back.near.want([*near, "nobody named"])
    assert asked[1:] == ([[NEAR + full for full in sorted(near)]] if near else [])
    assert dict(back.near.items()) == {full: Counter(c) for full, c in near.items()}
    assert len(asked) == 2 if near else 1


@given(near_counts, st.booleans())
def test_tables_packed_with_the_names_around_in_the_blob_are_read_and_kept_apart(
    near: dict[str, dict[str, int]], as_text: bool
) -> None:
    t = _tables(near)
    data = orjson.loads(isal_zlib.decompress(pack_tables(t)))
    data["near"] = {full: orjson.dumps(c).decode() if as_text else c for full, c in near.items()}
    store = MemoryStore()
    store.save_record_state(TABLES, isal_zlib.compress(orjson.dumps(data)))
    back = load_tables(store)
    assert back == t
    assert back is not None and sorted(back.near.written()) == sorted(near)
    save_tables(store, back)
    assert load_tables(store) == t


@given(
    st.dictionaries(st.text(max_size=6), st.lists(st.integers(0, 2**53), max_size=3), max_size=5)
)
def test_blobs_are_read_compressed_or_as_first_written(data: dict[str, list[int]]) -> None:
    assert len(squeeze(data)) > 0 and unsqueeze(squeeze(data)) == data
    assert unsqueeze(orjson.dumps(data)) == data  # a record written before blobs were compressed


def test_a_record_missing_the_names_around_a_full_name_fails_clearly() -> None:
    store = MemoryStore()
    save_tables(store, _tables({"hugo chavez": {"venezuela": 3}, "evo morales": {"bolivia": 2}}))
    store._record.states.pop(NEAR + "evo morales")
    back = load_tables(store)
    assert back is not None and back.near["hugo chavez"] == Counter(venezuela=3)
    with pytest.raises(StoreError, match="lacks the names around 'evo morales'"):
        back.near.get("evo morales")
