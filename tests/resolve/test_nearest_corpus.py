"""A short name that several full names of its cable contain, on real Cablegate pages tagged
by the shipped model: each mention links to the full name the cable writes with the
mention's title, else to the one written last before it, unless its title is one the archive
never writes that full name with; a mention before them all stays ambiguous."""

from __future__ import annotations

import pytest

from cablescope.model.entity import Resolution
from cablescope.resolve.people import NEAREST
from tests.conftest import needs_shared
from tests.resolve.corpus import resolved

CABLES = ("08MADRID552", "08LISBON2300", "06CALCUTTA389")

pytestmark = needs_shared


@pytest.fixture(scope="module")
def resolution(tmp_path_factory: pytest.TempPathFactory) -> Resolution:
    return resolved(tmp_path_factory.mktemp("nearest"), CABLES)


def placed(resolution: Resolution, cable_id: str, key: str) -> list[tuple[str, str]]:
    """(entity id, method) of each mention of ``key`` in ``cable_id``, in the cable's order."""
    found = sorted((k.start, k.entity_id, k.method) for k in resolution.links
                   if k.cable_id == cable_id and k.key == key)  # fmt: skip
    return [(eid, method) for _, eid, method in found]


def test_a_short_name_is_the_full_name_written_last_before_it(resolution: Resolution) -> None:
    # "the powerful President of Andalucia, Manuel Chaves ... Wags claim Chaves recommended
    # her", and again; the cable also names Celestino Corbacho Chaves, a minister.
    assert placed(resolution, "08MADRID552", "chaves") == [("per:manuel-chaves", "same-cable")] * 2
    confidence = {k.confidence for k in resolution.links
                  if k.cable_id == "08MADRID552" and k.key == "chaves"}  # fmt: skip
    assert confidence == {NEAREST}


def test_the_title_a_mention_shares_with_a_full_name_decides(resolution: Resolution) -> None:
    # "Socrates visited President Bush last September" comes before both full names; the
    # cable writes "President George W. Bush" and "former President George H.W. Bush", and
    # "the former President Bush's offer to visit Kennebunkport" is the elder.
    assert placed(resolution, "08LISBON2300", "bush") == [
        ("per:george-w-bush", "same-cable"),
        ("per:george-h-w-bush", "same-cable"),
    ]


def test_a_title_the_full_name_is_never_written_with_keeps_the_mention_apart(
    resolution: Resolution,
) -> None:
    # The tagger cut "Chief Minister Okram Ibobi Singh" to "Singh": the first three mentions
    # come before any full Singh; "Chief Secretary Singh" is the cable's "Chief Secretary
    # Jarnail Singh"; "Chief Minister Singh", after MLA Hemochandra Singh and after Army
    # Chief J.J. Singh, is neither.
    assert placed(resolution, "06CALCUTTA389", "singh") == [
        ("per:singh", "ambiguous"),
        ("per:singh", "ambiguous"),
        ("per:singh", "ambiguous"),
        ("per:singh", "ambiguous"),
        ("per:jarnail-singh", "same-cable"),
        ("per:singh", "ambiguous"),
    ]
