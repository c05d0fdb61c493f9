"""The pages: each renders, links where it should, and shows markup from cables as text."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import cablescope.store

from cablescope.web._text import marked_snippet
from tests.analysis.test_chart import SVG, assert_readable
from tests.web.conftest import PAYLOADS, XSS_ID

CRAFTED = "per:keith-img-src-x-onerror-alert-3-mines"


def test_overview(client: TestClient) -> None:
    page = client.get("/").text
    assert "/charts/timeline.svg?group=origin" in page
    assert "/charts/timeline.svg?group=class" in page
    assert 'id="cited"' in page and 'id="entities"' in page
    chart = client.get("/charts/timeline.svg", params={"group": "origin"})
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in chart.content
    # Shown through <img>, an SVG runs no script; the header says so to a direct visit too.
    assert chart.headers["content-security-policy"] == "script-src 'none'"
    # Eleven dated cables from 1966 to 2010: every one drawn, by year, in whole cables.
    assert len(chart.content) < 20_000 and b"Not drawn: 1 undated." in chart.content
    assert b"Cables per year: all cables, by origin (12)" in chart.content
    axis = ET.fromstring(chart.content).iterfind(f".//{SVG}g[@class='y-axis']/{SVG}text")
    assert [t.text for t in axis] == ["0", "1", "2", "3"]
    assert_readable(chart.content)


def test_search_page_has_hits_facets_and_sorts(client: TestClient) -> None:
    page = client.get("/search", params={"q": "juarez"}).text
    assert 'href="/cables/09MEXICO2882"' in page
    assert "<mark>" in page
    for facet in ("facet-month", "facet-origin", "facet-class", "facet-tag"):
        assert f'id="{facet}"' in page
    assert "newest first" in page
    assert "KCRM" in page and "Criminal" in page  # a TAGS facet with its label


def test_search_page_shows_the_spellings_of_fuzzy_words(client: TestClient) -> None:
    page = client.get("/search", params={"q": "strengthening~"}).text
    line = page[page.index('id="variants"') : page.index('id="hits"')]
    assert "strengthening~: strengthening 2, strenthening 1" in line
    assert 'id="variants"' not in client.get("/search", params={"q": "juarez"}).text
    bad = client.get("/search", params={"q": "per:calderon~"})
    assert bad.status_code == 400 and "~ follows a word" in bad.text


def test_search_page_pages_with_cursors(client: TestClient) -> None:
    page = client.get("/search", params={"q": "", "limit": 3}).text
    assert 'id="next"' in page
    start = page.index('id="next" rel="next" href="') + len('id="next" rel="next" href="')
    link = html.unescape(page[start : page.index('"', start)])
    second = client.get(link)
    assert second.status_code == 200 and "first page" in second.text


def test_bad_query_and_unknown_cable_pages(client: TestClient) -> None:
    bad = client.get("/search", params={"q": "from:notadate"})
    assert bad.status_code == 400 and 'id="error"' in bad.text
    missing = client.get("/cables/00NOWHERE1")
    assert missing.status_code == 404 and "00NOWHERE1" in missing.text
    assert client.get("/search", params={"limit": 0}).status_code == 422


def test_cable_page(client: TestClient) -> None:
    page = client.get("/cables/09MEXICO2882").text
    assert 'id="metadata"' in page and "Embassy Mexico" in page
    assert 'class="ent ent-per"' in page and 'id="legend"' in page
    assert 'href="/entities/per%3Akeith-mines"' in page  # resolved: the entity page
    assert 'class="marking"' in page
    assert "download.json" in page and "download.txt" in page


def test_cable_page_links_references(client: TestClient) -> None:
    citing = client.get(f"/cables/{XSS_ID}").text
    assert '<a class="ref" href="/cables/10MEXICO83">' in citing
    cited = client.get("/cables/10MEXICO83").text
    assert f'href="/cables/{XSS_ID}"' in cited  # cited by
    missing = client.get("/cables/00HARARE5461").text
    assert '<span class="missing">00HARARE5346</span>' in missing


def test_cable_page_shows_source_differences(client: TestClient) -> None:
    page = client.get("/cables/10MEXICO83").text
    assert 'id="sources"' in page
    assert "Differences between sources" in page


def test_downloads(client: TestClient) -> None:
    record = client.get("/cables/09MEXICO2882/download.json")
    assert record.json()["id"] == "09MEXICO2882"
    assert "attachment" in record.headers["content-disposition"]
    inline = client.get("/cables/09MEXICO2882/download.txt").text
    assert "[PER Keith Mines  ]" in inline


@pytest.mark.parametrize(
    "path",
    [
        f"/cables/{XSS_ID}",
        "/search?q=script+alert",
        "/search?q=per:keith",
        "/",
        f"/cables/{XSS_ID}/download.txt",
    ],
)
def test_markup_in_cables_is_escaped(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    page = response.text
    if path.endswith(".txt"):
        assert response.headers["content-type"].startswith("text/plain")
        assert response.headers["x-content-type-options"] == "nosniff"
        return
    for payload in PAYLOADS:
        assert payload not in page
    assert "<script" not in page.lower()
    assert "<img src=x" not in page.lower()


def test_markup_in_cables_shows_as_text(client: TestClient) -> None:
    page = client.get(f"/cables/{XSS_ID}").text
    assert html.escape(PAYLOADS[0], quote=False) in page  # subject
    assert "&lt;img src=x onerror=alert(3)&gt;" in page  # the PER mark
    assert html.escape(PAYLOADS[3], quote=False) in page  # the text


@pytest.mark.parametrize(
    "q",
    [
        '"><script>alert(5)</script>',
        "<img src=x onerror=alert(6)>",
        'per:"<script>alert(7)</script>"',
    ],
)
def test_markup_in_queries_is_escaped(client: TestClient, q: str) -> None:
    response = client.get("/search", params={"q": q})
    assert response.status_code in (200, 400)
    page = response.text.lower()
    assert "<script" not in page and "<img" not in page


def test_seed_000_raw_html_renders_as_text(client: TestClient) -> None:
    response = client.get("/cables/09MEXICO2882")
    assert response.status_code == 200
    assert "<a href='/tag" not in response.text


def test_snippet_marks_come_only_from_the_markers() -> None:
    out = str(marked_snippet("a \ue000<b>\ue001 «c» <mark>"))
    assert out == "a <mark>&lt;b&gt;</mark> «c» &lt;mark&gt;"


@pytest.mark.parametrize("q", ["from:notadate juarez", 'per:"<b>x</b>" to:2009-13'])
def test_a_bad_query_stays_in_the_search_box(client: TestClient, q: str) -> None:
    response = client.get("/search", params={"q": q})
    assert response.status_code == 400 and 'id="error"' in response.text
    box = re.search(r'<input type="search" name="q" value="([^"]*)"', response.text)
    assert box is not None and html.unescape(box.group(1)) == q
    shown = re.search(r'id="error-query">[^<]*<code>([^<]*)</code>', response.text)
    assert shown is not None and html.unescape(shown.group(1)) == q  # beside the error
    assert "<b>" not in response.text


FACET_ROW = re.compile(
    r"<li><a [^>]*title=\"([^\"]*)\"[^>]*>.*?</a>(<a class=\"filter\"[^>]*>\+</a>)?"
)


@pytest.mark.parametrize("q", ["", "juarez OR mugabe", f"{XSS_ID} entity:{CRAFTED}"])
def test_every_facet_value_has_its_filter_and_its_full_name(client: TestClient, q: str) -> None:
    page = client.get("/search", params={"q": q}).text
    facets = page[page.index('id="facets"') : page.index("</aside>")]
    rows = facets.count("<li>")
    found = FACET_ROW.findall(facets)
    assert rows > 10 and len(found) == rows
    assert all(plus for _, plus in found)  # a "+" on every value
    names = {html.unescape(title) for title, _ in found}
    if CRAFTED in q:  # however long, a name has its whole self as its title
        assert "Keith <img src=x onerror=alert(3)>Mines" in names


@pytest.mark.parametrize(
    ("q", "mention"),
    [
        ('per:"keith mines"', "Keith Mines"),
        ("entity:per:keith-mines", "Keith Mines"),
        ("org:pgr", "PGR"),
        ("tag:SNAR per:calderon", "Calderon"),
    ],
)
def test_filter_only_hits_show_the_mention_in_its_sentence(
    client: TestClient, q: str, mention: str
) -> None:
    results = client.get("/api/search", params={"q": q}).json()["results"]
    assert results
    for hit in results:
        assert f"«{mention}" in hit["snippet"] or f"«{mention.upper()}" in hit["snippet"]
        assert "E.O. 12958" not in hit["snippet"]  # not the header
    page = client.get("/search", params={"q": q}).text
    assert re.search(rf"<mark>{re.escape(mention)}", page, re.IGNORECASE)


def test_words_keep_their_snippet_and_negated_filters_mark_nothing(client: TestClient) -> None:
    words = client.get("/api/search", params={"q": "juarez per:mines"}).json()["results"]
    assert words and all("«juarez»" in h["snippet"].casefold() for h in words)
    negated = client.get("/api/search", params={"q": "from:2009 -per:mines"}).json()
    assert negated["results"] and not any("«" in h["snippet"] for h in negated["results"])


def test_cables_link_their_wikileaks_page(client: TestClient) -> None:
    plusd = client.get("/cables/10MEXICO83").text  # read from PlusD: the id it gave
    assert 'id="wikileaks" href="https://wikileaks.org/plusd/cables/10MEXICO83_a.html"' in plusd
    released = client.get("/cables/00HARARE5461").text  # in Cablegate's reference list
    assert 'href="https://wikileaks.org/plusd/cables/00HARARE5461_a.html"' in released
    assert 'id="wikileaks"' not in client.get(f"/cables/{XSS_ID}").text  # never published


def test_each_source_body_downloads(client: TestClient, web_db: Path) -> None:
    page = client.get("/cables/10MEXICO83").text
    links = sorted(set(re.findall(r'href="(/cables/10MEXICO83/sources/(\d+))"', page)))
    with cablescope.store.open(str(web_db)) as store:
        readings = store.readings("10MEXICO83")
    assert len(links) == len(readings) >= 2
    for link, n in links:
        reading = readings[int(n) - 1]
        response = client.get(link)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
        kind = reading.sources[0].format
        disposition = f'attachment; filename="10MEXICO83-{n}-{kind}.txt"'
        assert response.headers["content-disposition"] == disposition
        assert response.text.endswith(reading.raw)
        if reading.header:
            assert response.text.startswith(reading.header.rstrip() + "\n\n")
    assert client.get(f"/cables/10MEXICO83/sources/{len(readings) + 1}").status_code == 404
    assert client.get("/cables/10MEXICO83/sources/0").status_code == 422
    assert client.get("/cables/00NOWHERE1/sources/1").status_code == 404
