"""End to end in a real headless Chromium (Debian's package, driven by Playwright):
search, click a facet, open a cable, see its entities, click one and see its page (chart
and network drawn), follow a reference, see the charts; a bad query stays in the box, facet
rows keep one line and their "+", a filter shows the mention in its sentence, a source
downloads; and a reviewer confirms a link on the review page and sees it leave the list.

Set CABLESCOPE_SCREENSHOTS=1 to save docs/screenshots/{search,cable,entity,overview,review}.png;
with CABLESCOPE_RESOLVED_DB naming a resolved database of the whole corpus as well, the same
pages of that database are saved as docs/screenshots/corpus-{overview,search,cable,entity}.png
(its test skips without it).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import ROOT, XSS_ID, served

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "docs" / "screenshots"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="no /usr/bin/chromium: apt-get install -y --no-install-recommends chromium",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:
    """uvicorn serving ``web_db`` in a thread; yields the base URL."""
    import uvicorn

    from cablescope.web import create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(str(web_db)), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def shoot(page: object, name: str) -> None:
    if os.environ.get("CABLESCOPE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=False)  # type: ignore[attr-defined]


def watched(browser: object) -> tuple[Any, Any, list[str]]:
    """A new context and page of ``browser`` and the list its console errors, page errors
    and dialogs are written to."""
    from playwright.sync_api import Page

    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    assert isinstance(page, Page)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
    return context, page, problems


def test_a_bad_query_stays_long_names_fit_and_filters_show_their_mention(
    server: str, browser: object
) -> None:
    from playwright.sync_api import expect

    context, page, problems = watched(browser)
    page.goto(f"{server}/")
    page.fill("input[name=q]", "juarez from:notadate")
    page.press("input[name=q]", "Enter")
    expect(page.locator("#error")).to_be_visible()
    assert page.locator("input[name=q]").input_value() == "juarez from:notadate"
    expect(page.locator("#error-query code")).to_have_text("juarez from:notadate")
    problems.remove(
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    )

    # The crafted cable's long PER name, and every other facet value: one line each, the
    # name cut with an ellipsis inside the column, its "+" and count beside it.
    crafted = "per:keith-img-src-x-onerror-alert-3-mines"
    page.goto(f"{server}/search?q={XSS_ID}+entity%3A{crafted}")
    aside = page.locator("#facets").bounding_box()
    rows = page.locator("#facets li")
    assert aside is not None and rows.count() > 10
    heights = set()
    for i in range(rows.count()):
        row = rows.nth(i)
        plus = row.locator("a.filter")
        expect(plus).to_be_visible()
        box, name = plus.bounding_box(), row.locator("a").first
        assert box is not None and box["x"] + box["width"] <= aside["x"] + aside["width"] + 1
        assert name.get_attribute("title")
        heights.add(round(row.bounding_box()["height"]))  # type: ignore[index]
    assert max(heights) - min(heights) <= 2, heights  # no row wraps onto a second line
    long_name = page.locator("#facet-per a[title^='Keith <img']")
    assert long_name.evaluate("a => a.scrollWidth > a.clientWidth")  # cut, not wrapped

    page.goto(f"{server}/search?q=entity%3Aper%3Akeith-mines")
    expect(page.locator("#hits .snippet mark").first).to_have_text("Keith Mines")
    assert "E.O. 12958" not in page.locator("#hits .snippet").first.inner_text()

    page.goto(f"{server}/cables/10MEXICO83")
    wikileaks = page.locator("#wikileaks")
    assert wikileaks.get_attribute("href") == "https://wikileaks.org/plusd/cables/10MEXICO83_a.html"
    source = page.locator("#sources a.source").first
    n, kind = source.inner_text().split(". ", 1)  # "1. plusd", in the order of the readings
    with page.expect_download() as download:
        source.click()
    assert download.value.suggested_filename == f"10MEXICO83-{n}-{kind}.txt" and n == "1"
    assert "MEXICO 000083" in Path(download.value.path()).read_text()

    page.goto(f"{server}/entities/per:keith-mines")
    page.wait_for_function("() => window.cablescopeNetwork !== undefined", timeout=15000)
    drawn = page.evaluate("() => window.cablescopeNetwork.edges().length")
    nodes = page.evaluate("() => window.cablescopeNetwork.nodes().length")
    assert drawn == nodes - 1  # one cable: each name shares it, which says nothing of a pair
    assert problems == []
    context.close()


def test_a_reader_searches_filters_reads_and_follows(server: str, browser: object) -> None:
    from playwright.sync_api import expect

    context, page, problems = watched(browser)

    page.goto(f"{server}/")
    page.fill("input[name=q]", "juarez OR mexico")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    expect(page.locator("#hits li").first).to_be_visible()
    expect(page.locator("#hits mark").first).to_be_visible()
    shoot(page, "search.png")

    before = page.locator("#total").inner_text()
    page.locator("#facet-tag a", has_text="KCRM").first.click()
    page.wait_for_url("**tag%3AKCRM*")
    assert page.locator("#total").inner_text() != before
    assert "tag:KCRM" in page.locator("input[name=q]").input_value()

    page.locator("a.hit-link", has_text="09MEXICO2882").click()
    page.wait_for_url("**/cables/09MEXICO2882")
    person = page.locator("#text a.ent-per").first
    expect(person).to_be_visible()
    colour = person.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    expect(page.locator("#legend")).to_be_visible()
    shoot(page, "cable.png")

    person.click()  # the entity page: aliases, chart, co-mentions, network, cables
    page.wait_for_url("**/entities/per*keith-mines")
    expect(page.locator("#entity-title")).to_contain_text("Keith Mines")
    chart = page.locator("#entity-chart img")
    chart.evaluate("i => i.decode()")
    assert chart.evaluate("i => i.naturalWidth") > 0
    page.wait_for_function("() => window.cablescopeNetwork !== undefined", timeout=15000)
    nodes = page.evaluate("() => window.cablescopeNetwork.nodes().length")
    assert nodes == 1 + page.locator("#co-mentions li a").count()
    canvas = page.locator("#network canvas").first
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    expect(page.locator("#entity-cables mark").first).to_have_text("Keith Mines")
    shoot(page, "entity.png")
    page.locator("#entity-cables a.hit-link").first.click()
    page.wait_for_url("**/cables/09MEXICO2882")

    page.goto(f"{server}/cables/{XSS_ID}")
    assert page.locator("#cable-title").inner_text().count("<script>") == 1  # shown as text
    page.locator("#references a.ref").first.click()
    page.wait_for_url("**/cables/10MEXICO83")
    expect(page.locator("#cable-title")).to_contain_text("10MEXICO83")

    page.goto(f"{server}/")
    charts = page.locator("#charts img")
    expect(charts).to_have_count(2)
    for i in range(2):
        charts.nth(i).evaluate("i => i.decode()")
        assert charts.nth(i).evaluate("i => i.naturalWidth") > 0
    shoot(page, "overview.png")

    assert problems == []
    context.close()


@pytest.fixture(scope="module")
def judging_server(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn serving a copy of ``web_db`` with writes on (token ``s3cret``)."""
    import shutil

    from cablescope.web import create_app
    from tests.web.conftest import served

    path = tmp_path_factory.mktemp("e2e-review") / "copy.db"
    shutil.copy(web_db, path)
    with served(create_app(str(path), token="s3cret")) as url:
        yield url


def test_a_reviewer_confirms_a_link_and_it_leaves_the_list(
    judging_server: str, browser: object
) -> None:
    from playwright.sync_api import expect

    context, page, problems = watched(browser)

    page.goto(f"{judging_server}/entities")
    page.locator("#review-link").click()
    page.wait_for_url("**/entities/review")
    items = page.locator("#review > li[data-entity]")
    expect(items.first).to_be_visible()
    count = items.count()
    first = items.first
    entity, alias = first.get_attribute("data-entity"), first.get_attribute("data-alias")
    expect(first.locator(".snippet mark").first).to_be_visible()
    shoot(page, "review.png")

    first.locator("button.confirm").click()  # without the token: refused, the item stays
    expect(first.locator(".status")).to_contain_text("Authorization")
    expect(items).to_have_count(count)
    assert problems == [
        "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
    ]
    problems.clear()

    page.fill("#review-token", "s3cret")
    page.locator("#review-token").dispatch_event("change")
    first.locator("button.confirm").click()
    selector = f'#review > li[data-entity="{entity}"][data-alias="{alias}"]'
    expect(page.locator(selector)).to_have_count(0, timeout=30000)
    expect(items).to_have_count(count - 1)

    page.reload()  # resolved again: the confirmed alias is certain and stays off the list
    expect(page.locator(selector)).to_have_count(0)
    page.goto(f"{judging_server}/entities/{entity}")
    expect(page.locator("#aliases")).to_contain_text("curated")
    assert not problems, problems


@pytest.fixture(scope="module")
def corpus_server() -> Iterator[str]:
    """uvicorn serving the resolved corpus database CABLESCOPE_RESOLVED_DB names, read-only."""
    given = os.environ.get("CABLESCOPE_RESOLVED_DB")
    if not given:
        pytest.skip("CABLESCOPE_RESOLVED_DB names no resolved database of the corpus")
    from cablescope.web import create_app

    with served(create_app(given)) as url:
        yield url


def test_the_corpus_pages(corpus_server: str, browser: object) -> None:
    """The overview, a search, a cable and an entity of the whole corpus, each drawn whole
    (charts decoded, the network laid out), saved as corpus-*.png with
    CABLESCOPE_SCREENSHOTS=1."""
    from playwright.sync_api import expect

    context, page, problems = watched(browser)
    page.goto(f"{corpus_server}/")
    charts = page.locator("#charts img")
    for i in range(charts.count()):
        charts.nth(i).evaluate("i => i.decode()")
        assert charts.nth(i).evaluate("i => i.naturalWidth") > 0
    shoot(page, "corpus-overview.png")

    page.goto(f"{corpus_server}/search?q=chavez+oil")
    expect(page.locator("#hits mark").first).to_be_visible()
    expect(page.locator("#facet-per a.entity-link").first).to_be_visible()
    shoot(page, "corpus-search.png")

    page.locator("a.hit-link").first.click()
    page.wait_for_url("**/cables/*")
    expect(page.locator("#text a.ent").first).to_be_visible()
    shoot(page, "corpus-cable.png")

    page.goto(f"{corpus_server}/search?q=chavez+oil")
    page.locator("#facet-per a.entity-link").first.click()
    page.wait_for_url("**/entities/*")
    page.locator("#entity-chart img").evaluate("i => i.decode()")
    page.wait_for_function("() => window.cablescopeNetwork !== undefined", timeout=30000)
    nodes = page.evaluate("() => window.cablescopeNetwork.nodes().length")
    edges = page.evaluate("() => window.cablescopeNetwork.edges().length")
    assert nodes > 1 and edges < nodes * (nodes - 1) // 2  # thinned, not every pair
    shoot(page, "corpus-entity.png")
    assert problems == []
    context.close()
