"""Make a Cablegate-size corpus: N copies of the 6,712 real pages as distinct cables.

Copy 0 is the original, byte for byte. Copy k adds k x 1,000,000 to every cable number it
carries (``10MEXICO83`` -> ``10MEXICO1000083``; see bench/_renumber.py): in the file name,
the page's links, title and table, the body's number lines, and every cable its REF blocks
cite, so that copy k cites copy k and the citation graph keeps its shape. 37 copies are
about Cablegate's 251,287 cables.

The source is read once and each page is written N times in a row, one at a time, so memory
stays flat in N. Pages go to DIR/cablegate-xN.tar.gz (gzip level 1), rows to
DIR/cables-xN.csv in the WikiLeaks dump layout (see cablescope/readers/csvdump.py).

    python bench/scalecorpus.py --times N --out DIR [--format pages|csv|both] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._renumber import (  # noqa: E402
    ID,
    Slot,
    decode,
    disjoint,
    id_slots,
    render,
    renumber_cited,
    renumber_id,
    text_slots,
)
from cablescope.grammar import parse_body, parse_references, split_header  # noqa: E402
from cablescope.grammar.dates import expand_year  # noqa: E402
from cablescope.model import Envelope, Input  # noqa: E402
from cablescope.readers.html import HtmlReader  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-html-2011-04.tar.gz"
MAX_TIMES = 99
"""Copy 98's numbers have eight digits, the most a REF citation may have to be read."""

_PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre", re.I | re.S)


@dataclass(frozen=True, slots=True)
class Row:
    """A cables.csv record with the slots of its body."""

    date: str
    cable_id: str
    origin: str
    classification: str
    references: tuple[str, ...]
    header: str
    body: str
    slots: tuple[Slot, ...]

    def fields(self, number: int, copy: int) -> list[str]:
        refs = ",".join(renumber_cited(ref, copy) for ref in self.references)
        return [
            str(number),
            self.date,
            renumber_id(self.cable_id, copy),
            self.origin,
            self.classification,
            refs,
            self.header,
            render(self.body, self.slots, copy),
        ]


@dataclass(frozen=True, slots=True)
class Template:
    """One source page ready to be written as any copy."""

    name: str
    cable_id: str
    page: str
    slots: tuple[Slot, ...]
    row: Row
    unmapped: int = 0

    def page_bytes(self, copy: int) -> bytes:
        return render(self.page, self.slots, copy).encode("utf-8", "surrogateescape")

    def page_name(self, copy: int) -> str:
        folder, _, _ = self.name.rpartition("/")
        return f"{folder}/{renumber_id(self.cable_id, copy)}.html"


def _csv_date(env: Envelope) -> str:
    for seen in env.dates:
        if seen.kind == "created" and len(seen.value) >= 16:
            v = seen.value
            return f"{v[5:7]}/{v[8:10]}/{v[:4]} {v[11:16]}"
    return ""


def _row(env: Envelope, body: str, slots: tuple[Slot, ...], cable_id: str) -> Row:
    """The dump record of a page. A body that opens with the dump's own fields (number,
    date, id, ...) and the routing header, as some pages do, is cut to the part from the
    classification line, as the dump's body column is."""
    cut = 0
    lines = body.split("\n", 6)
    if len(lines) == 7 and lines[0].strip().isdigit() and lines[2].strip() == cable_id:
        rest = lines[6]
        _, text = split_header(rest)
        cut = len(body) - len(text)
    year = expand_year(int(cable_id[:2]))
    refs: list[str] = []
    for block in parse_body(body).references:
        for ref in parse_references(block, year, cable_id):
            if ref.id is not None and ref.id not in refs and ID.fullmatch(ref.id):
                refs.append(ref.id)
    kept = tuple(slot.shifted(-cut) for slot in slots if slot.start >= cut)
    return Row(
        date=_csv_date(env),
        cable_id=cable_id,
        origin=env.origin or "",
        classification=env.classification or "",
        references=tuple(refs),
        header=env.header or "",
        body=body[cut:],
        slots=kept,
    )


def template(name: str, data: bytes) -> Template | None:
    """The page ``name`` ready to be copied; None when cablescope reads no cable in it or
    its id is not its file's name."""
    extracted = next(iter(HtmlReader().extract(Input.from_bytes(name, data))), None)
    if not isinstance(extracted, tuple):
        return None
    env, body = extracted
    cable_id = env.id or ""
    if ID.fullmatch(cable_id) is None or name.rpartition("/")[2] != f"{cable_id}.html":
        return None
    page = data.decode("utf-8", "surrogateescape")
    found = id_slots(page, cable_id)
    by_text: dict[str, tuple[Slot, ...]] = {}
    unmapped = 0
    for pre in _PRE.finditer(page):
        decoded = decode(pre.group(1))
        if decoded is None:
            unmapped += 1
            continue
        slots = text_slots(decoded.text, cable_id)
        by_text[decoded.text] = slots
        for slot in slots:
            mapped = decoded.to_fragment(slot)
            if mapped is not None:
                at = pre.start(1)
                found.append(mapped.shifted(at))
    body_slots = by_text.get(body)
    if body_slots is None:
        body_slots = text_slots(body, cable_id)
    row = _row(env, body, body_slots, cable_id)
    return Template(name, cable_id, page, disjoint(found), row, unmapped)


def source_pages(path: Path, limit: int | None = None) -> Iterator[tuple[str, bytes]]:
    """(member name, bytes) of the first ``limit`` pages of the tarball (all without it)."""
    with tarfile.open(path, mode="r|gz") as tar:
        count = 0
        for member in tar:
            if not member.isfile() or not member.name.endswith(".html"):
                continue
            if limit is not None and count >= limit:
                return
            handle = tar.extractfile(member)
            if handle is not None:
                yield member.name, handle.read()
                count += 1


class _PageTar:
    """A .tar.gz (gzip level 1) written one member at a time; a TarFile would keep every
    member it wrote in memory."""

    def __init__(self, path: Path) -> None:
        self._out = gzip.open(path, "wb", compresslevel=1)
        self._size = 0

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._size += len(data)

    def add(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o644
        self._write(info.tobuf(tarfile.GNU_FORMAT, "utf-8", "surrogateescape"))
        self._write(data)
        self._write(bytes(-len(data) % tarfile.BLOCKSIZE))

    def close(self) -> None:
        self._write(bytes(2 * tarfile.BLOCKSIZE))
        self._write(bytes(-self._size % tarfile.RECORDSIZE))
        self._out.close()


@dataclass(frozen=True, slots=True)
class Summary:
    """What one run wrote."""

    pages: int
    skipped: int
    cables: int
    unmapped: int
    outputs: tuple[Path, ...]
    seconds: float

    @property
    def size(self) -> int:
        return sum(path.stat().st_size for path in self.outputs)


def make(
    source: Path,
    out: Path,
    times: int,
    formats: tuple[str, ...] = ("pages",),
    limit: int | None = None,
    progress: IO[str] | None = None,
) -> Summary:
    """Write ``times`` copies of the pages of ``source`` under ``out`` in ``formats``
    (``pages``: cablegate-xN.tar.gz, ``csv``: cables-xN.csv)."""
    if not 1 <= times <= MAX_TIMES:
        raise ValueError(f"--times must be 1 to {MAX_TIMES}, not {times}")
    out.mkdir(parents=True, exist_ok=True)
    targets = {
        "pages": out / f"cablegate-x{times}.tar.gz",
        "csv": out / f"cables-x{times}.csv",
    }
    chosen = tuple(targets[name] for name in formats)
    parts = {name: targets[name].with_name(targets[name].name + ".part") for name in formats}
    start = time.perf_counter()
    pages = skipped = cables = unmapped = 0
    tar = _PageTar(parts["pages"]) if "pages" in parts else None
    table = parts["csv"].open("w", encoding="utf-8", newline="") if "csv" in parts else None
    rows = None
    if table is not None:
        rows = csv.writer(
            table, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False, lineterminator="\n"
        )
    try:
        for name, data in source_pages(source, limit):
            pages += 1
            page = template(name, data)
            if page is None:
                skipped += 1
                continue
            unmapped += page.unmapped
            for copy in range(times):
                if tar is not None:
                    blob = data if copy == 0 else page.page_bytes(copy)
                    tar.add(page.page_name(copy), blob)
                if rows is not None:
                    rows.writerow(page.row.fields(cables + 1, copy))
                cables += 1
            if progress is not None and pages % 500 == 0:
                seconds = time.perf_counter() - start
                print(
                    f"{pages:,} pages read, {cables:,} cables written, {seconds:.0f} s",
                    file=progress,
                    flush=True,
                )
    finally:
        if tar is not None:
            tar.close()
        if table is not None:
            table.close()
    for name, part in parts.items():
        part.replace(targets[name])
    return Summary(pages, skipped, cables, unmapped, chosen, time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, required=True, help="copies (37: Cablegate)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the output")
    parser.add_argument("--format", choices=("pages", "csv", "both"), default="pages")
    parser.add_argument("--source", type=Path, default=CORPUS, help="the pages' .tar.gz")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N pages")
    args = parser.parse_args(argv)
    formats = ("pages", "csv") if args.format == "both" else (args.format,)
    try:
        summary = make(args.source, args.out, args.times, formats, args.limit, sys.stderr)
    except ValueError as err:
        parser.error(str(err))
    for path in summary.outputs:
        print(f"{path}: {path.stat().st_size / 1e6:,.1f} MB")
    print(
        f"{summary.cables:,} cables from {summary.pages:,} pages x {args.times}"
        f" ({summary.skipped} pages skipped, {summary.unmapped} blocks left as they are),"
        f" {summary.size / 1e6:,.1f} MB in {summary.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
