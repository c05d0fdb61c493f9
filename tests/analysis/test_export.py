"""Export formats: the whole-document CoNLL writer agrees token for token with the
line-by-line definition, on cables and on any text with any spans."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.analysis.export import csv_fields
from cablescope.tagging.conll import DOCSTART, conll_document, tokens
from tests.conftest import EXAMPLES


def reference(text: str, spans: list[tuple[int, int, str]]) -> Iterator[str]:
    """CoNLL lines as the format defines them, one token at a time."""
    ordered = sorted(spans)
    yield DOCSTART
    yield ""
    index = 0
    previous_end = 0
    pending_break = False
    for start, end in tokens(text, [o for s, e, _ in ordered for o in (s, e)]):
        if pending_break or "\n\n" in text[previous_end:start]:
            yield ""
        while index < len(ordered) and ordered[index][1] <= start:
            index += 1
        tag = "O"
        if index < len(ordered) and ordered[index][0] <= start < ordered[index][1]:
            kind = ordered[index][2]
            tag = f"B-{kind}" if start == ordered[index][0] else f"I-{kind}"
        yield f"{text[start:end]} _ _ {tag}"
        pending_break = text[start:end] == "." and text[end : end + 1] in ("\n", "")
        previous_end = end
    yield ""


def as_text(lines: Iterator[str]) -> str:
    return "\n".join(lines) + "\n"


def test_texts_of_the_examples() -> None:
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(EXAMPLES.rglob("*.txt"))]
    assert len(texts) >= 3
    for text in texts:
        step = max(1, len(text) // 40)
        spans = [(i, i + 11, "PER" if i % 2 else "ORG") for i in range(0, len(text), step)]
        assert conll_document(text, spans) == as_text(reference(text, spans))


TEXT = st.lists(
    st.sampled_from(["U.S.", "Mexico", "'s", ".", "\n", "\n\n", " ", "-", "a", "Rice", "9"]),
    max_size=30,
).map("".join)


@settings(max_examples=500)
@given(data=st.data(), text=TEXT)
def test_any_text_and_spans(data: st.DataObject, text: str) -> None:
    offset = st.integers(0, len(text))
    spans = data.draw(
        st.lists(st.tuples(offset, offset, st.sampled_from(["PER", "LOC"])), max_size=4)
    )
    spans = [(min(a, b), max(a, b), kind) for a, b, kind in spans]
    assert conll_document(text, spans) == as_text(reference(text, spans))


def test_csv_fields_keep_their_order() -> None:
    assert csv_fields("subject, ID,date") == ("subject", "id", "date")
