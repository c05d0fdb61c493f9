"""Roles and dates as evidence, on real Cablegate pages tagged by the shipped model: a short
name written with a title (``President Kirchner``) links to the full name the archive writes
with that title in the cable's year (Nestor Kirchner in 2006, Cristina Fernandez de Kirchner
in 2010), also against a relative named in the same cable (``President Mubarak`` beside his
son Gamal) and against the full name it is usually written beside (``former President
Clinton`` in 2009 is Bill); a name the tagger cut at a particle (``Cristina Fernandez`` de
``Kirchner``) is one name."""

from __future__ import annotations

import pytest

from cablescope.model.entity import Resolution
from tests.conftest import needs_shared
from tests.resolve.corpus import links, resolved

KIRCHNER_2006 = ("06SAOPAULO516", "06BUENOSAIRES452", "06BUENOSAIRES677")
KIRCHNER_2010 = ("10MEXICO141", "10BUENOSAIRES81", "10BUENOSAIRES95")
MUBARAK = ("09CAIRO1148", "09CAIRO1208", "09CAIRO1265")
CLINTON = ("09ULAANBAATAR234", "09TELAVIV2188", "09SANTIAGO899", "09TEGUCIGALPA431",
           "09TRIPOLI632", "09BERN273")  # fmt: skip
CABLES = KIRCHNER_2006 + KIRCHNER_2010 + MUBARAK + CLINTON

pytestmark = needs_shared


@pytest.fixture(scope="module")
def resolution(tmp_path_factory: pytest.TempPathFactory) -> Resolution:
    return resolved(tmp_path_factory.mktemp("roles"), CABLES)


def entities(resolution: Resolution, cable_id: str, key: str) -> set[str]:
    return {eid for eid, _ in links(resolution, cable_id, key)}


def test_a_name_cut_at_a_particle_is_one_name(resolution: Resolution) -> None:
    # "Senator Cristina Fernandez de Kirchner": the tagger marks "Cristina Fernandez" and
    # "Kirchner"; both are her, and the "Kirchner" is not her husband's.
    found = links(resolution, "06BUENOSAIRES452", "cristina fernandez de kirchner")
    assert len(found) >= 2
    assert set(found) == {("per:cristina-fernandez-de-kirchner", "exact")}


@pytest.mark.parametrize(
    ("cable_id", "person"),
    [("06SAOPAULO516", "per:nestor-kirchner"),
     ("10MEXICO141", "per:cristina-fernandez-de-kirchner")],
)  # fmt: skip
def test_president_kirchner_is_the_president_of_the_cables_year(
    resolution: Resolution, cable_id: str, person: str
) -> None:
    # Neither cable names a full Kirchner; "Argentine President Kirchner" is Nestor in 2006
    # and Cristina in 2010, as the other cables of each year write the title.
    assert set(links(resolution, cable_id, "kirchner")) == {(person, "context")}
    confidence = {k.confidence for k in resolution.links
                  if k.cable_id == cable_id and k.key == "kirchner"}  # fmt: skip
    assert max(confidence) < 0.95


def test_a_title_outweighs_a_relative_named_in_the_cable(resolution: Resolution) -> None:
    # 09CAIRO1148 names Gamal Mubarak and "President Mubarak": the archive writes Hosni
    # Mubarak as President that year, never Gamal.
    assert entities(resolution, "09CAIRO1148", "mubarak") == {"per:hosni-mubarak"}
    assert entities(resolution, "09CAIRO1148", "gamal mubarak") == {"per:gamal-mubarak"}


def test_a_title_outweighs_the_full_name_usually_beside(resolution: Resolution) -> None:
    # "Secretary Clinton" is Hillary in 2009; "former President Clinton" in the same year is
    # Bill, whose full name the Mongolian cable never writes.
    assert entities(resolution, "09BERN273", "clinton") == {"per:hillary-clinton"}
    assert set(links(resolution, "09ULAANBAATAR234", "clinton")) == {
        ("per:bill-clinton", "context")
    }
