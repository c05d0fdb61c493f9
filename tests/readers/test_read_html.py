"""The WikiLeaks cable-viewer reader on real pages, other templates and damaged pages."""

from __future__ import annotations

import hashlib
import re

from cablescope.model import DateSeen
from cablescope.readers import HtmlReader
from cablescope.readers._markup import decode_pre, unescape
from cablescope.readers.html import iso_datetime
from tests.readers.common import as_input, example, only_problem, only_record

MEXICO = example("html/10MEXICO83.html")


def test_mexico_envelope() -> None:
    envelope, _ = only_record(MEXICO, "cable/2010/01/10MEXICO83.html")
    assert envelope.format == "wikileaks-html"
    assert envelope.path == "cable/2010/01/10MEXICO83.html"
    assert envelope.sha256 == hashlib.sha256(MEXICO).hexdigest()
    assert envelope.id == "10MEXICO83"
    assert envelope.dates == (
        DateSeen("2010-01-29T20:08:00Z", "created", "wikileaks-html"),
        DateSeen("2010-12-02T21:09:00Z", "released", "wikileaks-html"),
    )
    assert envelope.classification == "SECRET"  # the link's title says "confidential"
    assert envelope.origin == "Embassy Mexico"
    assert envelope.header is not None
    assert envelope.header.startswith("VZCZCXRO1882\nOO RUEHCD RUEHHO RUEHNG RUEHRD RUEHRS\n")
    assert envelope.header.endswith("RUEHME/AMEMBASSY MEXICO\nRUEKJCS/SECDEF WASHINGTON DC")
    assert envelope.notes == ()


def test_mexico_body_decoded_not_repaired() -> None:
    _, body = only_record(MEXICO)
    assert body.startswith("S E C R E T SECTION 01 OF 05 MEXICO 000083 \n\nSIPDIS \n")
    assert "\n¶1. (SBU) Summary: The inauguration" in body
    assert "\nMEXICO 00000083 002 OF 005\n" in body  # page breaks are the repairer's
    assert body.endswith("efficiently with their security partners. FEELEY")
    assert "<a" not in body and "&#x" not in body and "</" not in body


def test_all_caps_1970s_page() -> None:
    envelope, body = only_record(example("html/79TEHRAN8980.html"))
    assert envelope.id == "79TEHRAN8980"
    assert envelope.classification == "CONFIDENTIAL"
    assert envelope.origin == "Embassy Tehran"
    assert envelope.header == "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182"
    assert body.startswith("C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980 \n")
    assert "\nTAGS: PEPR IR\nSUBJECT: NEGOTIATIONS \n" in body  # tag links keep their text
    assert body.rstrip().endswith("LAINGEN \n \nCONFIDENTIAL")


def test_redacted_page() -> None:
    envelope, body = only_record(example("html/10CAIRO263.html"))
    assert envelope.id == "10CAIRO263"
    assert envelope.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert "can be reached via XXXXXXXXXXXX. Please note" in body


def test_comma_s_quirk_is_left_for_repair() -> None:
    envelope, body = only_record(example("html/09CONAKRY797.html"))
    assert envelope.origin == "Embassy Conakry"
    assert "Toumba,s December 3 attempt" in body


def test_decode_pre_fragments() -> None:
    assert decode_pre("<a id='par1' href='#par1'>¶</a>1. (C)") == "¶1. (C)"
    assert decode_pre("A&#x000A;B &amp; C") == "A\nB & C"
    assert decode_pre("AT&T and &the8 and &notice") == "AT&T and &the8 and &notice"
    assert decode_pre("<<220571>> x <Israel") == "<<220571>> x <Israel"
    assert decode_pre("SENSITIVE <br>&#x000A;SIPDIS<br />X") == "SENSITIVE \nSIPDIS\nX"
    assert decode_pre("\nfirst") == "first"
    assert decode_pre("<strong>TAGS </strong>PREL</td></tr>") == "TAGS PREL"
    assert unescape("&#0; &#xD800; &#1114112;") == "&#0; &#xD800; &#1114112;"


def test_iso_datetime() -> None:
    assert iso_datetime("2010-01-29 20:08") == "2010-01-29T20:08:00Z"
    assert iso_datetime("2010-01-29") == "2010-01-29"
    assert iso_datetime("soon") is None


def _other_template(page: bytes) -> bytes:
    """The same cable in another layout: a vertical table after the body, no <code>, no
    routing header, upper-case tags."""
    text = page.decode("utf-8")
    table = re.search(r"<table class='cable'>.*?</table>", text, re.S)
    assert table is not None
    cells = re.findall(r"<td>(.*?)</td>", table.group(0), re.S)
    names = ("Reference ID", "Created", "Released", "Classification", "Origin")
    rows = "".join(f"<TR><TH>{n}</TH><TD>{c}</TD></TR>\n" for n, c in zip(names, cells))
    pres = re.findall(r"<code><pre>(.*?)</pre></code>", text, re.S)
    start = text.index("<div class='pane big'>")
    return (
        text[:start] + f"<div><PRE>{pres[-1]}</PRE></div>\n<TABLE>{rows}</TABLE>\n</body></html>"
    ).encode("utf-8")


def test_other_template_reads_the_same() -> None:
    envelope, body = only_record(MEXICO)
    other, other_body = only_record(_other_template(MEXICO))
    assert other_body == body
    assert (other.id, other.dates, other.classification, other.origin) == (
        envelope.id,
        envelope.dates,
        envelope.classification,
        envelope.origin,
    )
    assert other.header is None


def test_truncated_pages() -> None:
    half = only_problem(MEXICO[: len(MEXICO) // 2])
    assert "truncated" in half.message
    inside_body = MEXICO[: MEXICO.rindex(b"</pre>") - 100] + b"</body></html>"
    assert "never closed" in only_problem(inside_body).message


def test_html_that_is_not_a_cable() -> None:
    page = b"<!DOCTYPE html><html><head><title>Hi</title></head><body><p>x</p></body></html>"
    assert "not a cable" in only_problem(page).message
    no_body = MEXICO.replace(b"<pre>", b"<div>").replace(b"</pre>", b"</div>")
    assert only_problem(no_body).message


def test_mis_encoded_page() -> None:
    broken = MEXICO.replace("’".encode(), b"\x92")
    assert "mis-encoded" in only_problem(broken).message


def test_page_declaring_latin1() -> None:
    page = MEXICO.replace(b"encoding='utf-8'", b"encoding='iso-8859-1'")
    page = page.decode("utf-8").encode("latin-1", errors="replace")
    _, body = only_record(page)
    assert body.startswith("S E C R E T SECTION 01 OF 05")
    assert "¶1. (SBU)" in body


def test_match_scores() -> None:
    reader = HtmlReader()
    assert reader.match(as_input(MEXICO)) == 80
    assert reader.match(as_input(b"<html><body>hello</body></html>")) == 10
    assert reader.match(as_input(b"<code><pre>UNCLAS</pre></code>")) == 0
