"""Check the grammar against the 6,712-page cable viewer corpus and print counts.

    python tests/grammar/corpus_check.py [--every N] [--corpus PATH] [--show K]

For each page: the body ``<pre>`` (HTML-unescaped, links dropped) goes through
parse_body, the routing ``<pre>`` through parse_routing, and the results are compared
with the page's table: TAGS and SUBJECT found, classification equal to the table's
(link text), number-line post and number equal to the page ID, DTG within a day of
the Created time, FM line mapped to the Origin.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cablescope.grammar import (  # noqa: E402
    normalise_classification,
    origin_name,
    parse_body,
    parse_created,
    parse_routing,
    split_id,
)

CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-html-2011-04.tar.gz"
_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
_LINK = re.compile(r"<a [^>]*>|</a>")
_CELL = re.compile(r"<td>\s*<a [^>]*>(.*?)</a>\s*</td>", re.S)


CHECKS = (
    "tags",
    "subject",
    "classification_level",
    "classification_caveat",
    "number_line",
    "post_number",
    "dtg",
    "dtg_vs_created",
    "origin",
    "destinations",
)
"""The checks, in the order they are printed."""


@dataclass(frozen=True, slots=True)
class Page:
    """What a cable-viewer page holds: its table cells and its two ``<pre>`` blocks."""

    path: str
    id: str
    created: str
    classification: str
    origin: str
    header: str
    body: str


@dataclass(slots=True)
class Report:
    """Counts of pages checked and lists of the IDs that failed each check."""

    pages: int = 0
    seconds: float = 0.0
    failures: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def fail(self, check: str, cable_id: str) -> None:
        self.failures.setdefault(check, []).append(cable_id)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


def _clean(block: str) -> str:
    return html.unescape(_LINK.sub("", block))


def read_page(path: str, data: str) -> Page | None:
    """The parts of one page, or None if it has no table or fewer than two blocks."""
    at = data.find("<table class='cable'>")
    cells = _CELL.findall(data[at : data.find("</table>", at)]) if at >= 0 else []
    blocks = _PRE.findall(data)
    if len(cells) < 5 or len(blocks) < 2:
        return None
    return Page(
        path=path,
        id=cells[0],
        created=cells[1],
        classification=cells[3],
        origin=cells[4],
        header=_clean(blocks[0]),
        body=_clean(blocks[1]),
    )


def iter_pages(corpus: Path = CORPUS, every: int = 1) -> Iterator[Page]:
    """The pages of the corpus tarball, every ``every``-th one, in archive order."""
    n = 0
    with tarfile.open(corpus, mode="r|gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".html"):
                continue
            n += 1
            if (n - 1) % every:
                continue
            stream = tar.extractfile(member)
            if stream is None:
                continue
            page = read_page(member.name, stream.read().decode("utf-8", "replace"))
            if page is not None:
                yield page


def _hours_apart(a: str, b: str) -> float:
    return (
        abs((datetime.fromisoformat(a[:16]) - datetime.fromisoformat(b[:16])).total_seconds())
        / 3600
    )


def check_page(page: Page, report: Report) -> None:
    """Run every check on one page, recording failures in ``report``."""
    report.pages += 1
    fields = parse_body(page.body)
    if not fields.tags:
        report.fail("tags", page.id)
    if not fields.subject:
        report.fail("subject", page.id)
    expected = normalise_classification(page.classification)
    if fields.classification != expected:
        level = (fields.classification or "").split("//")[0].replace("UNCLASSIFIED", "U")
        if level == (expected or "").split("//")[0].replace("UNCLASSIFIED", "U"):
            report.fail("classification_caveat", page.id)
        else:
            report.fail("classification_level", page.id)
    parts = split_id(page.id)
    if fields.post is None or fields.number is None:
        report.fail("number_line", page.id)
    elif (
        parts is None
        or int(fields.number) != parts[2]
        or parts[1] not in (fields.post, "EFTO" + fields.post)
    ):
        report.fail("post_number", page.id)
    if fields.paragraphs:
        report.count("with_paragraphs")
    if fields.signer:
        report.count("with_signer")
    if fields.declassify_on:
        report.count("with_declassify_on")
    if fields.references:
        report.count("with_references")
    if fields.classified_by:
        report.count("with_classified_by")
    created = parse_created(page.created)
    if page.header.lstrip().startswith("VZCZC"):
        report.count("routing_headers")
        routing = parse_routing(page.header)
        if routing.dtg is None or created is None:
            report.fail("dtg", page.id)
        elif _hours_apart(routing.dtg, created) > 24:
            report.fail("dtg_vs_created", page.id)
        if routing.origin_raw is None or origin_name(routing.origin_raw) != page.origin:
            report.fail("origin", page.id)
        if not routing.destinations:
            report.fail("destinations", page.id)


def run(corpus: Path = CORPUS, every: int = 1) -> Report:
    """Check every ``every``-th page of the corpus."""
    report = Report()
    start = time.perf_counter()
    for page in iter_pages(corpus, every):
        check_page(page, report)
    report.seconds = time.perf_counter() - start
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--show", type=int, default=15, help="failing IDs to list per check")
    args = parser.parse_args()
    report = run(args.corpus, args.every)
    print(f"pages checked: {report.pages} in {report.seconds:.1f} s (read + parse)")
    for what, n in sorted(report.counts.items()):
        print(f"  {what}: {n}")
    for check in CHECKS:
        failed = report.failures.get(check, [])
        listed = " ".join(failed[: args.show])
        print(f"{check}: {len(failed)} failed{': ' + listed if listed else ''}")


if __name__ == "__main__":
    main()
