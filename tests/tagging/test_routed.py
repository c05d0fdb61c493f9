"""The ``auto`` tagger: text in capitals to the MiniLM encoder, the rest to cablescope's model,
every text's mentions back in input order."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.model import Mention
from cablescope.pipeline.entities import TaggingSpec
from cablescope.tagging.base import StaticTagger, Tagger
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.routed import CHUNK, RoutedTagger, in_capitals
from tests.conftest import EXAMPLES

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

CAPITALS = "body/00HARARE5461.txt"
MIXED = "telegram/09PARIS997.txt"


def _cable(name: str) -> str:
    return (EXAMPLES / name).read_bytes().decode("latin-1")


@cache
def _auto() -> RoutedTagger:
    found = get_tagger("auto")
    assert isinstance(found, RoutedTagger)
    return found


def test_it_is_a_tagger_of_the_registry_built_of_both_models() -> None:
    auto = _auto()
    assert isinstance(auto, Tagger) and auto.name == "auto"
    assert auto.cased.name == "spacy" and auto.capitals.name == "minilm"
    assert TaggingSpec.named("auto").tagger == "auto"


def test_real_cables_go_to_the_model_that_reads_them() -> None:
    texts = [_cable(CAPITALS), _cable(MIXED)]
    assert [in_capitals(t) for t in texts] == [True, False]
    caps, mixed = _auto().tag(texts)
    assert caps and mixed
    assert {m.backend for m in caps} == {"minilm"}
    assert {m.backend for m in mixed} == {"cablescope"}
    # Each part is what its model gives alone.
    assert caps == next(get_tagger("minilm").tag([texts[0]]))
    assert mixed == next(_auto().cased.tag([texts[1]]))
    assert ("MUGABE", "PER") in {(m.text, m.type) for m in caps}


@pytest.mark.parametrize(
    ("text", "caps"),
    [
        ("ACCORDING TO A SENIOR MDC ADVISOR, THE OPPOSITION PARTY", True),
        ("According to a senior MDC advisor, the opposition party", False),
        # A few lower-case letters from the page (``Classified By``) leave it in capitals.
        (
            "Classified By: DCM EARL IRVING. REASONS 1.5 (B) AND (D). ACCORDING TO A SENIOR MDC"
            " ADVISOR, THE OPPOSITION PARTY HAS BEEN APPROACHED BY SENIOR ZANU-PF OFFICIALS",
            True,
        ),
        ("PARIS", False),  # too few letters to tell: the cased model
        ("", False),
    ],
)
def test_in_capitals(text: str, caps: bool) -> None:
    assert in_capitals(text) is caps


def _marked(i: int, caps: bool) -> tuple[str, Mention]:
    name = f"NAME{i}" if caps else f"Name{i}"
    text = f"{name} {'WROTE TO THE DEPARTMENT' if caps else 'wrote to the Department'} AGAIN"
    return text, Mention(0, len(name), "PER", name, "caps" if caps else "cased")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), max_size=3 * CHUNK))
def test_mentions_come_back_in_input_order(written: list[bool]) -> None:
    marked = [_marked(i, caps) for i, caps in enumerate(written)]
    cased = StaticTagger({t: [m] for t, m in marked if m.backend == "cased"})
    capitals = StaticTagger({t: [m] for t, m in marked if m.backend == "caps"})
    found = list(RoutedTagger(cased, capitals).tag(t for t, _ in marked))
    assert found == [[m] for _, m in marked]
