"""The record's canonical JSON: every fact and answer comes back as it went in, and a fact is
one text whichever order its sets were built in."""

from __future__ import annotations

from collections.abc import Hashable

from hypothesis import given
from hypothesis import strategies as st

import orjson
from isal import isal_zlib

from cablescope.resolve.record import _plain, decode, digest, encode, pack_tables, unpack_tables
from cablescope.resolve.tables import Tables

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
    t = _tables(near)
    blob = pack_tables(t)
    back = unpack_tables(blob)
    assert pack_tables(back) == blob  # never read: packed as the text it was read from
    read = data.draw(st.lists(st.sampled_from(sorted(near) or [""]), max_size=3))
    for full in read:
        back.near.counts(full)["x"] += 1
        t.near.counts(full)["x"] += 1
    assert unpack_tables(pack_tables(back)) == t == back


@given(near_counts)
def test_tables_packed_before_the_names_around_were_kept_as_text_are_read(
    near: dict[str, dict[str, int]],
) -> None:
    t = _tables(near)
    data = orjson.loads(isal_zlib.decompress(pack_tables(t)))
    data["near"] = {full: orjson.loads(text) for full, text in data["near"].items()}
    assert unpack_tables(isal_zlib.compress(orjson.dumps(data))) == t
