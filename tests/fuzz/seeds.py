"""Seeds for the fuzzer: real cables of every format ingest reads, gathered at run time.

Corpus pages are read from ../shared with tarfile (never copied into the repository), the
rest comes from examples/ and ../shared/corpus; PDFs and archives are made here from that
real text, so every mutation starts from bytes a reader really accepts.
"""

from __future__ import annotations

import bz2
import csv
import io
import lzma
import random
import tarfile
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from tests.readers.makers import latin1, render, tar_gz_bytes, zip_bytes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
CORPUS_TAR = SHARED / "corpus" / "cablegate-html-2011-04.tar.gz"
TELEGRAMS = SHARED / "corpus" / "telegram-text"
CSV_SAMPLE = SHARED / "corpus" / "cables-csv-sample.csv"

ARCHIVE_KINDS = ("tar", "tar.gz", "tar.bz2", "tar.xz", "zip", "zip-stored")
"""Archive seeds made at run time; their kind is also their file extension (bar the -stored)."""


@dataclass(frozen=True, slots=True)
class Seed:
    """One real input: ``kind`` is its format (html, plusd, body, annotated, telegram, csv,
    csvrow, pdf or an archive kind), ``name`` a file name with the extension ingest sees.
    An archive seed keeps its ``members`` so mutations can rebuild it."""

    kind: str
    name: str
    data: bytes
    members: tuple[tuple[str, bytes], ...] = ()

    @property
    def is_archive(self) -> bool:
        return bool(self.members)


def corpus_pages(count: int, rng: random.Random) -> list[Seed]:
    """``count`` Cablegate pages from the shared corpus: a random stride through the first
    members, so different seeds see different pages without reading the whole archive."""
    if not CORPUS_TAR.is_file() or count <= 0:
        return []
    out: list[Seed] = []
    with tarfile.open(CORPUS_TAR, "r|gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".html"):
                continue
            if rng.random() > 0.25:
                continue
            handle = tar.extractfile(member)
            if handle is None:
                continue
            out.append(Seed("html", Path(member.name).name, handle.read()))
            if len(out) >= count:
                break
    return out


def _examples(folder: str, kind: str) -> list[Seed]:
    return [
        Seed(kind, path.name, path.read_bytes())
        for path in sorted((EXAMPLES / folder).glob("*"))
        if path.is_file() and not path.name.startswith(".")
    ]


def csv_rows(data: bytes) -> list[Seed]:
    """Each row of a cables.csv dump as a one-row file, written back the way the dump is."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"))))
    out = []
    for number, row in enumerate(rows):
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(row)
        out.append(Seed("csvrow", f"row{number}.csv", buffer.getvalue().encode("utf-8")))
    return out


def plain_pdf(text: str) -> bytes:
    """A PDF of ``text`` with uncompressed content streams, so byte mutations reach the
    text operators that pypdf parses."""
    pdf = FPDF(format="A4")
    pdf.set_compression(False)
    pdf.add_page()
    pdf.set_font("Courier", size=9)
    for line in latin1(text).replace("\r\n", "\n").split("\n"):
        pdf.cell(w=0, h=4, text=line.rstrip(), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def tar_bytes(members: list[tuple[str, bytes]], compression: str = "") -> bytes:
    """A tar of (name, data) pairs; ``compression`` is "", "gz", "bz2" or "xz"."""
    if compression == "gz":
        return tar_gz_bytes(members)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(data))
    plain = raw.getvalue()
    if compression == "bz2":
        return bz2.compress(plain)
    if compression == "xz":
        return lzma.compress(plain)
    return plain


def stored_zip(members: list[tuple[str, bytes]]) -> bytes:
    """An uncompressed zip: member bytes sit in the archive as they are."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2011, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def archive(kind: str, members: list[tuple[str, bytes]]) -> bytes:
    """The bytes of an archive of ``kind`` (one of ARCHIVE_KINDS) holding ``members``."""
    if kind == "zip":
        return zip_bytes(members)
    if kind == "zip-stored":
        return stored_zip(members)
    return tar_bytes(members, kind.partition(".")[2])


def archive_seed(kind: str, members: list[tuple[str, bytes]]) -> Seed:
    extension = "zip" if kind.startswith("zip") else kind
    return Seed(kind, f"cables.{extension}", archive(kind, members), tuple(members))


def load(pages: int = 24, seed: int = 0) -> list[Seed]:
    """Every seed: corpus pages, the examples of each format, shared telegrams and CSV rows,
    PDFs rendered from real cable text, and archives of all kinds built from those."""
    rng = random.Random(seed)
    seeds: list[Seed] = corpus_pages(pages, rng)
    for folder in ("html", "plusd", "body", "annotated", "telegram", "csv", "pdf"):
        seeds += _examples(folder, folder)
    if TELEGRAMS.is_dir():
        seeds += [
            Seed("telegram", path.name, path.read_bytes())
            for path in sorted(TELEGRAMS.glob("*.txt"))
        ]
    if CSV_SAMPLE.is_file():
        whole = CSV_SAMPLE.read_bytes()
        seeds.append(Seed("csv", CSV_SAMPLE.name, whole))
        seeds += csv_rows(whole)[:12]
    telegrams = [s for s in seeds if s.kind in ("telegram", "body")]
    for source in telegrams[:4]:
        text = source.data.decode("latin-1")
        seeds.append(Seed("pdf", Path(source.name).stem + ".pdf", render(text)))
        seeds.append(Seed("pdf", Path(source.name).stem + "-plain.pdf", plain_pdf(text)))
    seeds += _archives([s for s in seeds if not s.is_archive], rng)
    return seeds


def _members(data: bytes, zipped: bool) -> list[tuple[str, bytes]]:
    import zipfile

    if zipped:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(name, archive.read(name)) for name in archive.namelist()]
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return [
            (m.name, handle.read())
            for m in tar.getmembers()
            if m.isfile() and (handle := tar.extractfile(m)) is not None
        ]


def _archives(singles: list[Seed], rng: random.Random) -> list[Seed]:
    out = []
    for path in sorted((EXAMPLES / "archives").glob("*.*")):
        zipped = path.suffix == ".zip"
        data = path.read_bytes()
        members = tuple(_members(data, zipped))
        out.append(Seed("zip" if zipped else "tar.gz", path.name, data, members))
    for kind in ARCHIVE_KINDS:
        for _ in range(2):
            picked = rng.sample(singles, k=min(len(singles), rng.randint(1, 4)))
            members = [(f"cables/{s.name}", s.data) for s in picked]
            out.append(archive_seed(kind, members))
    # An archive inside an archive is opened one level deep.
    inner = archive_seed("zip", [(s.name, s.data) for s in rng.sample(singles, k=2)])
    outer = [("inner.zip", inner.data), (singles[0].name, singles[0].data)]
    out.append(archive_seed("tar.gz", outer))
    return out
