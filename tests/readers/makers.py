"""Builders for the generated example files: the PDF and the two archives in examples/.

``python -m tests.readers.makers`` (from the project root) rewrites, byte for byte the same:
``examples/pdf/07KINGSTON382.pdf`` (the raw telegram rendered with a text layer) and
``examples/archives/cables.zip`` and ``cables.tar.gz`` (copies of other example files).
The tests use the same functions to make PDFs and archives of their own in a temp folder.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
_FIXED = datetime(2011, 1, 1, tzinfo=timezone.utc)

PDF_SOURCE = "telegram/07KINGSTON382.txt"
ZIP_MEMBERS = ("html/10CAIRO263.html", "telegram/07KINGSTON382.txt", "body/00HARARE5461.txt")
TAR_MEMBERS = ("html/79TEHRAN8980.html", "plusd/10MEXICO83.md", "annotated/09MEXICO2882.txt")


def latin1(text: str) -> str:
    """``text`` with every character outside Latin-1 replaced by ``?`` (core PDF fonts)."""
    return text.encode("latin-1", errors="replace").decode("latin-1")


def render(text: str, title: str | None = None) -> bytes:
    """A PDF of ``text``, one PDF line per text line, in Courier 9 pt on A4 pages."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_creation_date(_FIXED)
    if title:
        pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Courier", size=9)
    for line in latin1(text).replace("\r\n", "\n").split("\n"):
        pdf.cell(w=0, h=4, text=line.rstrip(), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render_blank() -> bytes:
    """A one-page PDF with a drawing and no text layer, as a scan would be."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(_FIXED)
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def quote_tail_pdf(text: str, quotes: int) -> bytes:
    """A valid one-page PDF showing ``text`` whose content stream then ends in ``quotes``
    double quotes: pypdf before 6.9 scans such a tail in quadratic time."""
    content = b"BT /F1 9 Tf 40 800 Td (" + latin1(text).encode("latin-1") + b") Tj ET\n"
    content += b'"' * quotes
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """A deflated zip of (name, data) pairs with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2011, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def tar_gz_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """A gzip-compressed tar of (name, data) pairs with fixed timestamps and owners."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(_FIXED.timestamp())
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)


def main() -> None:
    source = EXAMPLES / PDF_SOURCE
    pdf = render(source.read_bytes().decode("latin-1"), title=source.stem)
    (EXAMPLES / "pdf" / "07KINGSTON382.pdf").write_bytes(pdf)
    read = [(name, (EXAMPLES / name).read_bytes()) for name in ZIP_MEMBERS]
    (EXAMPLES / "archives" / "cables.zip").write_bytes(zip_bytes(read))
    read = [(name, (EXAMPLES / name).read_bytes()) for name in TAR_MEMBERS]
    (EXAMPLES / "archives" / "cables.tar.gz").write_bytes(tar_gz_bytes(read))


if __name__ == "__main__":
    main()
