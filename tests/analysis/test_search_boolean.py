"""AND, OR, NOT and parentheses combine filters and words alike, in both stores: the cables a
query matches are the set algebra of what its parts match (NOT: all stored cables but those)."""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablescope.query import parse_query
from cablescope.analysis.search import search
from cablescope.pipeline.ingest import ingest
from cablescope.store import MemoryStore, SqliteStore
from tests.conftest import CORPUS_TAR, EXAMPLES, REVEAL_TAR, corpus_pages

Store = SqliteStore | MemoryStore

pytestmark = pytest.mark.skipif(
    not (CORPUS_TAR.is_file() and REVEAL_TAR.is_file()), reason="../shared corpus is not present"
)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SqliteStore, MemoryStore]]:
    """Both stores holding the same real cables: the annotated Mexico bodies of the reveal
    corpus (with their entities), the example pages and every 150th Cablegate page."""
    folder = tmp_path_factory.mktemp("boolean")
    with tarfile.open(REVEAL_TAR, "r|gz") as tar:
        for member in tar:
            if member.isfile() and member.name.startswith("annotated/") and "MEXICO" in member.name:
                handle = tar.extractfile(member)
                assert handle is not None
                (folder / Path(member.name).name).write_bytes(handle.read())
    for name, page in corpus_pages(every=150):
        (folder / Path(name).name).write_bytes(page)
    made = (SqliteStore.open(":memory:"), MemoryStore())
    for store in made:
        assert ingest([str(folder), str(EXAMPLES / "html")], store, workers=1).rejected == 0
    yield made
    for store in made:
        store.close()


def matched(store: Store, q: str) -> set[str]:
    return set(store.matching(parse_query(q)))


@pytest.mark.parametrize("kind", [0, 1], ids=["sqlite", "memory"])
def test_the_examples_of_the_issue(stores: tuple[SqliteStore, MemoryStore], kind: int) -> None:
    store = stores[kind]
    everything = matched(store, "")
    calderon, chavez = matched(store, "per:calderon"), matched(store, "per:chavez")
    assert calderon - chavez and chavez - calderon and calderon & chavez
    assert matched(store, "per:calderon OR per:chavez") == calderon | chavez
    assert matched(store, "per:calderon per:chavez") == calderon & chavez
    since = matched(store, "from:2009")
    assert since and everything - since
    assert matched(store, "( per:calderon OR per:chavez ) from:2009") == (calderon | chavez) & since

    juarez, snar = matched(store, "juarez"), matched(store, "tag:SNAR")
    assert juarez - snar and snar - juarez
    assert matched(store, "juarez OR tag:SNAR") == juarez | snar
    assert matched(store, "-tag:SNAR") == everything - snar
    mexico, secret = matched(store, "origin:mexico"), matched(store, "class:secret")
    assert mexico - secret and secret - mexico
    assert matched(store, "NOT (origin:mexico OR class:secret)") == everything - (mexico | secret)
    assert matched(store, "origin:mexico OR origin:cairo") == mexico | matched(
        store, "origin:cairo"
    )


@pytest.mark.parametrize("kind", [0, 1], ids=["sqlite", "memory"])
def test_hits_that_only_a_filter_brings_in_rank_last(
    stores: tuple[SqliteStore, MemoryStore], kind: int
) -> None:
    store = stores[kind]
    juarez = matched(store, "juarez")
    result = search(store, "juarez OR tag:SNAR", limit=1000)
    assert result.total == len(result.hits) == len(juarez | matched(store, "tag:SNAR"))
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)
    for hit in result.hits:
        assert (hit.score > 0) == (hit.id in juarez), hit.id
        assert ("«" in hit.snippet) == (hit.id in juarez), hit.id
    pages = []
    after = None
    while True:
        page = store.search_after(parse_query("juarez OR tag:SNAR"), 7, "relevance", after)
        assert page.total == result.total
        pages.extend(page.hits)
        if len(page.hits) < 7:
            break
        after = (page.hits[-1].score, page.hits[-1].id)
    assert [h.id for h in pages] == [h.id for h in result.hits]
    assert store.facets(parse_query("juarez OR tag:SNAR")).total == result.total


WORDS = [
    "juarez",
    "calderon",
    "security",
    "embassy",
    "the",
    "narcotics",
    "juar*",
    '"ciudad juarez"',
    "subject:mexico",
]
FILTERS = [
    "tag:SNAR",
    "tag:PREL",
    "tag:MX",
    "class:secret",
    "class:noforn",
    "origin:mexico",
    "from:2009",
    "to:2009-06",
    "date:2010",
    "per:calderon",
    "per:chavez",
    "org:sedena",
    "loc:juarez",
    "redacted:yes",
    "id:10MEXICO83",
]

Tree = tuple[str, object]


def _tree() -> st.SearchStrategy[Tree]:
    leaf = st.tuples(st.just("leaf"), st.sampled_from(WORDS + FILTERS))
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(
                st.sampled_from(["and", "and-op", "or"]), st.lists(inner, min_size=2, max_size=3)
            ),
            st.tuples(st.sampled_from(["not", "minus"]), inner),
        ),
        max_leaves=6,
    )


def render(tree: Tree) -> str:
    kind, body = tree
    if kind == "leaf":
        return str(body)
    if kind in ("not", "minus"):
        inner = render(body)  # type: ignore[arg-type]
        return f"NOT ( {inner} )" if kind == "not" else f"-( {inner} )"
    joint = {"and": " ", "and-op": " AND ", "or": " OR "}[kind]
    return "( " + joint.join(render(item) for item in body) + " )"  # type: ignore[union-attr]


LEAVES: dict[tuple[int, str], set[str]] = {}
"""What each leaf matches in each store, asked once."""


def expected(store: Store, tree: Tree, everything: set[str]) -> set[str]:
    kind, body = tree
    if kind == "leaf":
        key = (id(store), str(body))
        if key not in LEAVES:
            LEAVES[key] = matched(store, str(body))
        return LEAVES[key]
    if kind in ("not", "minus"):
        return everything - expected(store, body, everything)  # type: ignore[arg-type]
    parts = [expected(store, item, everything) for item in body]  # type: ignore[union-attr]
    return set.intersection(*parts) if kind.startswith("and") else set.union(*parts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_tree())
def test_a_query_matches_the_set_algebra_of_its_parts(
    stores: tuple[SqliteStore, MemoryStore], tree: Tree
) -> None:
    q = render(tree)
    found = []
    for store in stores:
        everything = matched(store, "")
        want = expected(store, tree, everything)
        got = matched(store, q)
        assert got == want, q
        result = search(store, q, limit=len(everything))
        assert result.total == len(want) and {h.id for h in result.hits} == want, q
        found.append(got)
    assert found[0] == found[1], q
