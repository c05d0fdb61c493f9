"""CoNLL export: entities land on whole tokens and read back through the CoNLL loader."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cablescope.evaluation.conll import read_conll
from cablescope.tagging.conll import to_conll, tokens


def test_abbreviations_stay_whole_and_entities_cut_tokens() -> None:
    text = "The U.S. and E.O. 12958 met PGR-SIEDO."
    assert [text[s:e] for s, e in tokens(text)] == [
        "The",
        "U.S.",
        "and",
        "E.O.",
        "12958",
        "met",
        "PGR-SIEDO",
        ".",
    ]
    # an entity PGR (28-31) cuts the token PGR-SIEDO
    assert [text[s:e] for s, e in tokens(text, [28, 31])][-3:] == ["PGR", "-SIEDO", "."]


def test_tags_and_sentences() -> None:
    text = "Keith Mines met PGR.\nThey left.\n\nPASCUAL"
    lines = list(to_conll(text, [(0, 11, "PER"), (16, 19, "ORG"), (33, 40, "PER")]))
    assert lines[0] == "-DOCSTART- -X- -X- O"
    body = [line for line in lines[1:] if line]
    assert body[:5] == [
        "Keith _ _ B-PER",
        "Mines _ _ I-PER",
        "met _ _ O",
        "PGR _ _ B-ORG",
        ". _ _ O",
    ]
    assert body[-1] == "PASCUAL _ _ B-PER"
    assert lines.count("") >= 3  # after DOCSTART, after each sentence


WORDS = ["Tello", "Peon", "PGR", "U.S.", "Ciudad", "Juarez", "met", ",", "(C)", "DECL:"]


@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 29), st.sampled_from(["PER", "ORG", "LOC", "MISC"]))),
)
def test_round_trip_through_the_loader(words: list[str], picks: list[tuple[int, str]]) -> None:
    text = " ".join(words)
    starts, pos = [], 0
    for word in words:
        starts.append(pos)
        pos += len(word) + 1
    chosen = {i: kind for i, kind in picks if i < len(words)}
    spans = [(starts[i], starts[i] + len(words[i]), k) for i, k in sorted(chosen.items())]
    # every entity starts with B-, so adjacent entities of one type stay apart
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.conll"
        path.write_text("\n".join(to_conll(text, spans)) + "\n")
        [doc] = list(read_conll(path))
    got = [(e.type, e.text.replace(" ", "")) for e in doc.entities]
    assert got == [(k, text[s:e].replace(" ", "")) for s, e, k in spans]
