"""Export formats: the whole-document CoNLL writer agrees token for token with the
line-by-line definition, and byte for byte with the writer it replaced, on cables and on
any text with any spans; a selection exports the same texts whether it reads whole records
or only texts and entities."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.analysis.export import LAYERS, csv_fields, entity_spans, export, select
from cablescope.model import Annotation, Cable, Mention
from cablescope.store import MemoryStore, SqliteStore, _codec
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
        index, tag = tagged(ordered, index, start)
        yield f"{text[start:end]} _ _ {tag}"
        pending_break = text[start:end] == "." and text[end : end + 1] in ("\n", "")
        previous_end = end
    yield ""


def tagged(ordered: list[tuple[int, int, str]], index: int, start: int) -> tuple[int, str]:
    """The tag of a token that starts at ``start``: B- or I- of the first span (by start)
    not ended before it, if that span covers ``start``; and where that span is in
    ``ordered``, to go on from for the next token."""
    while index < len(ordered) and ordered[index][1] <= start:
        index += 1
    if index < len(ordered) and ordered[index][0] <= start < ordered[index][1]:
        kind = ordered[index][2]
        return index, f"B-{kind}" if start == ordered[index][0] else f"I-{kind}"
    return index, "O"


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


_SPLIT = re.compile(r"((?:\w\.){2,}|\w++(?:[-'’.&/]\w++)*+|[^\w\s])")


def before(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The writer that ``conll_document`` replaced (issue 14), as it was: its bytes are
    what exports wrote, whatever the spans."""
    ordered = sorted(spans)
    parts = _SPLIT.split(text)
    words = parts[1::2]
    count = len(words)
    offsets = list(accumulate(map(len, parts), initial=0))
    starts = offsets[1 : 2 * count + 1 : 2]
    ends = offsets[2 : 2 * count + 2 : 2]
    cuts = sorted({offset for start, end, _ in ordered for offset in (start, end)})
    breaks = {bisect_right(starts, m.start()) for m in re.finditer("\n\n", text)}
    for m in re.finditer(r"\.(?=\n)|\.\Z", text):
        after = bisect_right(starts, m.start())
        if after and (starts[after - 1] == m.start() or m.start() in cuts):
            breaks.add(after)
    touched: set[int] = set()
    for start, end, _ in ordered:
        touched.update(range(bisect_right(ends, start), bisect_left(starts, end)))
    out = [DOCSTART, "\n\n"]
    done = index = 0
    for i in sorted(breaks.union(touched)):
        if i >= count:
            break
        out.extend(word + " _ _ O\n" for word in words[done:i])
        out.append("\n" if i in breaks else "")
        done = i + 1
        if i not in touched:
            out.append(words[i] + " _ _ O\n")
            continue
        start, end = starts[i], ends[i]
        for cut in [*cuts[bisect_right(cuts, start) : bisect_left(cuts, end)], end]:
            index, tag = tagged(ordered, index, start)
            out.append(f"{text[start:cut]} _ _ {tag}\n")
            start = cut
    out.extend(word + " _ _ O\n" for word in words[done:])
    out.append("\n")
    return "".join(out)


def words_of(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", text)]


def test_examples_with_entities_on_words_as_before() -> None:
    for path in sorted(EXAMPLES.rglob("*.txt")):
        text = path.read_bytes().decode("utf-8", "replace")
        words = words_of(text)
        # whole words, words less a last mark (Mexico's, Juarez.), runs of two words
        spans = [(s, e, "LOC") for s, e in words[::5]]
        spans += [(s, e - 1, "PER") for s, e in words[2::7] if e - s > 2]
        spans += [(words[i][0], words[i + 1][1], "ORG") for i in range(3, len(words) - 1, 11)]
        spans = sorted(set(spans))
        assert conll_document(text, spans) == before(text, spans)
        assert conll_document(text, spans) == as_text(reference(text, spans))


MORE = st.lists(
    st.sampled_from(
        ["U.S.", "E.O.", "a.b", "3.5", "Mexico", "'s", "’s", "PGR-SIEDO", "x_y", "é", "Inc."]
        + [".", "..", "\n", "\n\n", " ", "\t", "\xa0", "-", "&", "/", "'", ",", "(", ")", "¶"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=1000)
@given(data=st.data(), text=MORE)
def test_the_same_bytes_as_before(data: st.DataObject, text: str) -> None:
    """Any spans: on words or not, overlapping, empty, reversed, or outside the text."""
    kind = st.sampled_from(["PER", "LOC"])
    offset = st.integers(-2, len(text) + 2)
    spans = data.draw(st.lists(st.tuples(offset, offset, kind), max_size=5))
    words = words_of(text)
    if words:
        word = st.sampled_from(words)
        trim = st.integers(0, 2)
        on_words = st.tuples(word, trim, kind).map(lambda w: (w[0][0], w[0][1] - w[1], w[2]))
        spans += data.draw(st.lists(on_words, max_size=5))
    assert conll_document(text, spans) == before(text, spans)


def test_each_layer_marks_its_entities() -> None:
    mention = Mention(0, 5, "PER", "Keith", "static")
    mark = Annotation(6, 11, "LOC", "Mines", "seed")
    both = Cable(id="X", text="Keith Mines", mentions=(mention,), annotations=(mark,))
    imported = dataclasses.replace(both, mentions=())
    tagged, marked = [(0, 5, "PER")], [(6, 11, "LOC")]
    assert [entity_spans(both, layer) for layer in LAYERS] == [tagged, tagged, marked]
    assert [entity_spans(imported, layer) for layer in LAYERS] == [marked, [], marked]


def with_entities(cables: list[Cable]) -> list[Cable]:
    """``cables`` with mentions on some words and imported marks on others: some have
    both, some one kind, some none."""
    found = []
    for i, cable in enumerate(cables):
        words = [m.span() for m in re.finditer(r"\w+(?:'s)?", cable.text)]
        mentions = [Mention(s, e, "PER", cable.text[s:e], "static") for s, e in words[i % 3 :: 7]]
        marks = [Annotation(s, e, "LOC", cable.text[s:e], "seed") for s, e in words[1::5]]
        found.append(
            dataclasses.replace(
                cable,
                mentions=tuple(mentions) if i % 4 else (),
                annotations=tuple(marks) if i % 3 else (),
            )
        )
    return found


@pytest.fixture(scope="module", params=["sqlite", "memory"])
def marked(
    request: pytest.FixtureRequest, corpus: list[Cable]
) -> Iterator[SqliteStore | MemoryStore]:
    store = SqliteStore.open(":memory:") if request.param == "sqlite" else MemoryStore()
    with store.batch():
        for cable in with_entities(corpus):
            store.put(cable, [cable])
    yield store
    store.close()


@pytest.mark.parametrize("fmt", ["inline", "conll"])
@pytest.mark.parametrize("q", ["", "juarez", "from:2009", "id:10MEXICO84", "nosuchword"])
def test_a_selection_exports_what_its_records_say(
    marked: SqliteStore | MemoryStore, fmt: str, q: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: inline and CoNLL read only the texts and entities of the selected cables
    (no whole record is decoded), in the same order, with the same bytes for every layer."""
    expected = {
        layer: "".join(export(marked, select(marked, q).cables, fmt, layer)) for layer in LAYERS
    }
    if not q:
        assert len({expected["auto"], expected["tagged"], expected["imported"]}) == 3

    def whole(*_: object) -> None:
        raise AssertionError("a whole record was decoded")

    monkeypatch.setattr(_codec, "unpack_merged", whole)
    for layer in LAYERS:
        assert "".join(export(marked, select(marked, q), fmt, layer)) == expected[layer]


def test_csv_fields_keep_their_order() -> None:
    assert csv_fields("subject, ID,date") == ("subject", "id", "date")
