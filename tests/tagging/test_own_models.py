"""The default tagger as shipped: cablescope's model for mixed-case text and its model for
text in capitals, the second loaded only once such a text comes."""

from __future__ import annotations

from cablescope.tagging import spacy_backend
from cablescope.tagging.base import Tagger
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.routed import OwnModels, RoutedTagger, in_capitals
from cablescope.tagging.spacy_backend import SpacyTagger
from tests.conftest import EXAMPLES

CAPITALS = "body/00HARARE5461.txt"
MIXED = "telegram/09PARIS997.txt"


def _cable(name: str) -> str:
    return (EXAMPLES / name).read_bytes().decode("latin-1")


def test_the_shipped_models_are_two_and_the_second_waits_for_text_in_capitals() -> None:
    own = get_tagger("cablescope")
    assert isinstance(own, OwnModels) and isinstance(own, Tagger) and own.name == "cablescope"
    assert isinstance(own.cased, SpacyTagger)
    assert own.cased.pipeline == str(spacy_backend.MODEL)
    caps, mixed = _cable(CAPITALS), _cable(MIXED)
    assert [in_capitals(caps), in_capitals(mixed)] == [True, False]

    [found] = own.tag([mixed])
    assert found == next(own.cased.tag([mixed]))
    assert not isinstance(own._capitals, SpacyTagger)

    [found] = own.tag([caps])
    assert isinstance(own._capitals, SpacyTagger)
    assert own._capitals.pipeline == str(spacy_backend.CAPITALS)
    alone = next(SpacyTagger(str(spacy_backend.CAPITALS), backend="cablescope").tag([caps]))
    assert found == alone and {m.backend for m in found} == {"cablescope"}
    assert ("MUGABE", "PER") in {(m.text, m.type) for m in found}


def test_a_named_model_tags_every_text_alone() -> None:
    named = get_tagger("cablescope", model=str(spacy_backend.CAPITALS))
    assert isinstance(named, SpacyTagger) and not isinstance(named, RoutedTagger)
    assert named.pipeline == str(spacy_backend.CAPITALS)
