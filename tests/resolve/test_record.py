"""The record's canonical JSON: every fact and answer comes back as it went in, and a fact is
one text whichever order its sets were built in."""

from __future__ import annotations

from collections.abc import Hashable

from hypothesis import given
from hypothesis import strategies as st

from cablescope.resolve.record import decode, digest, encode

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
