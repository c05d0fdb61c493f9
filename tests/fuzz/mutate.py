"""Mutations of real inputs: byte damage, splices, NULs, huge lines, other encodings, and
archive damage (member names, headers, members rebuilt with damaged content).

Every mutation is a function ``(rng, data, seeds) -> bytes``; ``mutate`` stacks one to
three of them on a seed and names what it did, so a failing input can be made again from
the campaign seed and its number alone.
"""

from __future__ import annotations

import random
import re
import struct
import tarfile
import warnings
import zlib
from collections.abc import Callable, Sequence

from tests.fuzz.seeds import Seed, archive

MB = 1024 * 1024
Mutation = Callable[[random.Random, bytes, Sequence[Seed]], bytes]

# Words that steer the readers: format markers, header keys, markup and CSV punctuation.
TOKENS = (
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\n\n", b'"', b'""', b",", b"<",
    b">", b"&", b"&#0;", b"&#xD800;", b"&amp;", b"<pre>", b"</pre>", b"<div", b"</div>",
    b"<!--", b"-->", b"<script>", b"<![CDATA[", b"<table>", b"<td>", b"<br>", b"<a href='",
    b"**Canonical ID:**", b"**Subject:**", b"**Date:**", b"| ", b"---|", b"SUBJECT:",
    b"REF: A. ", b"TAGS: ", b"E.O. 12958: DECL: ", b"CLASSIFIED BY: ", b"SECRET//NOFORN",
    b"UNCLASSIFIED", b"SIPDIS", b"END SUMMARY", b"XXXXXXXXXXXX", b"\xc2\xb6", b"1. (C) ",
    b"FM AMEMBASSY ", b"TO SECSTATE WASHDC", b"R 010000Z JAN 09", b"09MEXICO2882",
    b"Reference ID", b"VZCZC", b"NNNN", b"%PDF-1.4", b"stream\n", b"endstream", b"BT", b"ET",
    b"(", b")", b"\\", b"Tj", b"[", b"]", b"TJ", b"<<", b">>", b"obj", b"endobj", b"trailer",
    b"xref", b"startxref", b"/Length 999999999", b"\t", b"\x1b[31m", b"\xe2\x80\xae",
    b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80", b"\xcc\x81" * 40,
)
ENCODINGS = (
    "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "cp437", "mac_roman",
    "shift_jis", "koi8_r", "utf-8-sig", "utf-7", "cp500",
)


def bit_flip(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def insert_bytes(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        at = rng.randint(0, len(out))
        if rng.random() < 0.6:
            piece = rng.choice(TOKENS)
        else:
            piece = rng.randbytes(rng.randint(1, 64))
        out[at:at] = piece
    return bytes(out)


def delete_bytes(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            break
        start = rng.randrange(len(out))
        del out[start : start + rng.choice((1, 2, 16, 256, 4096))]
    return bytes(out)


def truncate(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    cut = rng.choice((0, 1, rng.randint(0, 600), rng.randint(0, len(data)), len(data) - 1))
    return data[: max(cut, 0)]


def splice(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    other = rng.choice(seeds).data
    return data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)) :]


def nuls(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    out = bytearray(data)
    at = rng.randint(0, len(out))
    run = rng.choice((1, 2, 512, 65536))
    if rng.random() < 0.5:
        out[at:at] = b"\x00" * run
    else:
        out[at : at + run] = b"\x00" * len(out[at : at + run])
    if rng.random() < 0.2:
        out = bytearray(b"\x00".join(bytes([b]) for b in out))  # UTF-16 without a BOM
    return bytes(out)


def huge_line(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    """A line of 1-5 MB: one word repeated, no spaces at all, redaction marks or noise."""
    size = rng.randint(1 * MB, 5 * MB)
    unit = rng.choice(
        (b"A", b"word ", b"XXXXXXXXXXXX ", b"-", b"<b>", b'"', b"&amp;", b"\xc2\xa0", b". ")
    )
    line = unit * (size // len(unit)) if rng.random() < 0.85 else rng.randbytes(size)
    lines = data.split(b"\n")
    at = rng.randint(0, len(lines))
    lines[at:at] = [line]
    return b"\n".join(lines)


def reencode(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    """The text in another encoding, whole or in part (a file that changes halfway)."""
    text = data.decode("utf-8", errors="replace")
    encoded = text.encode(rng.choice(ENCODINGS), errors="replace")
    if rng.random() < 0.3:
        cut = rng.randint(0, min(len(data), len(encoded)))
        return data[:cut] + encoded[cut:]
    return encoded


def line_endings(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    new = rng.choice((b"\r\n", b"\r", b"", b"\n\n", b"\x0b", b"\x85", b"\xe2\x80\xa8"))
    return data.replace(b"\r\n", b"\n").replace(b"\n", new)


def repeat_chunk(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 400)]
    times = rng.choice((2, 50, 1000, 20000 // max(len(chunk), 1)))
    return data[:start] + chunk * times + data[start:]


def swap_lines(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    lines = data.split(b"\n")
    if len(lines) > 2:
        for _ in range(rng.randint(1, 10)):
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


BYTE_MUTATIONS: dict[str, Mutation] = {
    "bit_flip": bit_flip,
    "insert_bytes": insert_bytes,
    "delete_bytes": delete_bytes,
    "truncate": truncate,
    "splice": splice,
    "nuls": nuls,
    "huge_line": huge_line,
    "reencode": reencode,
    "line_endings": line_endings,
    "repeat_chunk": repeat_chunk,
    "swap_lines": swap_lines,
}


def pdf_stream_damage(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    """Damage inside a PDF content stream: inflated (when it is deflated), mutated, put back
    (deflated again), and its /Length kept or left wrong."""
    found = list(re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S))
    if not found:
        return insert_bytes(rng, data, seeds)
    match = rng.choice(found)
    body = match.group(1)
    deflated = False
    try:
        body = zlib.decompress(body)
        deflated = True
    except zlib.error:
        pass
    name = rng.choice([n for n in BYTE_MUTATIONS if n != "huge_line"])
    body = BYTE_MUTATIONS[name](rng, body, seeds)
    if deflated and rng.random() < 0.8:
        body = zlib.compress(body)
    return data[: match.start(1)] + body + data[match.end(1) :]


def pdf_quote_tail(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> bytes:
    """A content stream that ends in many ``"``: quadratic in pypdf's content parser
    (known, see KNOWN_SLOW)."""
    found = list(re.finditer(rb"\r?\nendstream", data))
    if not found:
        return data
    at = rng.choice(found).start()
    return data[:at] + b'"' * rng.choice((2000, 8000, 30000)) + data[at:]


# --- archives ---------------------------------------------------------------------------

BAD_NAMES = (
    "../escape.html", "/etc/passwd", "a/../../b.txt", "C:\\windows\\x.txt", "", "/", ".",
    "./", "a//b", "\\\\server\\share", "x" * 300, "dir/" + "y" * 200 + ".html", "ünï©ødé.txt",
    "\u202etxt.exe", "name\nwith\nnewlines", " ", "..", "cables/..", "a\\..\\..\\b",
)


def member_names(
    rng: random.Random, seed: Seed, seeds: Sequence[Seed], known: bool, huge: bool
) -> bytes:
    members = list(seed.members)
    for _ in range(rng.randint(1, len(members))):
        i = rng.randrange(len(members))
        name = rng.choice(BAD_NAMES) if rng.random() < 0.8 else members[0][0]  # or a duplicate
        members[i] = (name, members[i][1])
    return _rebuild(seed.kind, members)


def member_content(
    rng: random.Random, seed: Seed, seeds: Sequence[Seed], known: bool, huge: bool
) -> bytes:
    """A well-formed archive whose members are damaged: the member path of ingest."""
    members = list(seed.members)
    i = rng.randrange(len(members))
    kind = "pdf" if members[i][1].startswith(b"%PDF") else "text"
    name = rng.choice([n for n in BYTE_MUTATIONS if allowed(n, kind, known, huge)])
    members[i] = (members[i][0], BYTE_MUTATIONS[name](rng, members[i][1], seeds))
    if rng.random() < 0.2:
        members.append(("nested.zip", archive("zip", list(seed.members))))
    return _rebuild(seed.kind, members)


def _rebuild(kind: str, members: list[tuple[str, bytes]]) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names are the point
            return archive(kind, members)
    except (ValueError, UnicodeError, tarfile.TarError):
        # A name the writer refuses: write a plain one, then patch the name into the bytes.
        safe = [(f"m{i:04d}", data) for i, (_, data) in enumerate(members)]
        raw = archive(kind if kind.startswith("zip") or kind == "tar" else "tar", safe)
        return raw.replace(b"m0000", members[0][0].encode("utf-8", "replace")[:5].ljust(5, b"\0"))


def header_damage(
    rng: random.Random, seed: Seed, seeds: Sequence[Seed], known: bool, huge: bool
) -> bytes:
    """Damage where the archive describes itself: tar header fields (size, type, checksum,
    name) or zip local headers, central directory and end record; compressed again after."""
    if seed.kind.startswith("zip"):
        return _zip_header_damage(rng, archive(seed.kind, list(seed.members)))
    plain = bytearray(archive("tar", list(seed.members)))
    headers = [i for i in range(0, len(plain) - 512, 512) if plain[i + 257 : i + 262] == b"ustar"]
    for _ in range(rng.randint(1, 3)):
        if not headers:
            break
        base = rng.choice(headers)
        field = rng.choice(("name", "size", "type", "chksum", "mode", "linkname", "magic"))
        if field == "name":
            name = rng.choice(BAD_NAMES).encode("utf-8", "replace")[:100]
            plain[base : base + 100] = name.ljust(100, b"\0")
        elif field == "size":
            value = rng.choice((b"77777777777", b"00000000000", b"-1", b"\x80" + b"\xff" * 10,
                                b"zzzzzzzzzzz", b"%011o" % rng.randint(0, 2**33)))
            plain[base + 124 : base + 136] = value.ljust(12, b"\0")[:12]
        elif field == "type":
            plain[base + 156] = rng.choice(b"0123456LKxgSDVM\0z")
        elif field == "chksum":
            plain[base + 148 : base + 156] = rng.randbytes(8)
        elif field == "mode":
            plain[base + 100 : base + 108] = b"0120777\0"
        elif field == "linkname":
            plain[base + 157 : base + 257] = b"../../etc/passwd".ljust(100, b"\0")
        else:
            plain[base + 257 : base + 265] = rng.randbytes(8)
        if field != "chksum" and rng.random() < 0.8:
            fix_checksum(plain, base)
    data = bytes(plain)
    compression = seed.kind.partition(".")[2]
    if compression == "gz":
        import gzip

        return gzip.compress(data, mtime=0)
    if compression == "bz2":
        import bz2

        return bz2.compress(data)
    if compression == "xz":
        import lzma

        return lzma.compress(data)
    return data


def fix_checksum(block: bytearray, base: int) -> None:
    header = block[base : base + 512]
    header[148:156] = b" " * 8
    block[base + 148 : base + 156] = b"%06o\0 " % sum(header)


def _zip_header_damage(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    spots = [m.start() for m in re.finditer(rb"PK\x03\x04|PK\x01\x02|PK\x05\x06", data)]
    for _ in range(rng.randint(1, 3)):
        if not spots:
            break
        base = rng.choice(spots)
        sig = bytes(out[base : base + 4])
        # Offsets of the fields worth breaking, per record type.
        if sig == b"PK\x03\x04":
            offset, size = rng.choice(((8, 2), (14, 4), (18, 4), (22, 4), (26, 2), (28, 2)))
        elif sig == b"PK\x01\x02":
            offset, size = rng.choice(((10, 2), (20, 4), (24, 4), (28, 2), (38, 4), (42, 4)))
        else:
            offset, size = rng.choice(((8, 2), (10, 2), (12, 4), (16, 4), (20, 2)))
        value = rng.choice((0, 1, 8, 12, 14, 99, 0xFFFF, 0xFFFFFFFF, rng.getrandbits(32)))
        out[base + offset : base + offset + size] = struct.pack("<I", value % 2**32)[:size]
    return bytes(out)


def zip_bomb(
    rng: random.Random, seed: Seed, seeds: Sequence[Seed], known: bool, huge: bool
) -> bytes:
    """A member that expands far more than its compressed size (refused by ratio)."""
    size = rng.choice((11 * MB, 24 * MB))
    members = [*seed.members, ("bomb.txt", b"\0" * size)]
    return archive("zip" if seed.kind.startswith("zip") else "tar.gz", members)


def archive_bytes(
    rng: random.Random, seed: Seed, seeds: Sequence[Seed], known: bool, huge: bool
) -> bytes:
    name = rng.choice(["bit_flip", "truncate", "splice", "insert_bytes", "delete_bytes"])
    return BYTE_MUTATIONS[name](rng, seed.data, seeds)


ArchiveMutation = Callable[[random.Random, Seed, Sequence[Seed], bool, bool], bytes]
ARCHIVE_MUTATIONS: dict[str, ArchiveMutation] = {
    "member_names": member_names,
    "member_content": member_content,
    "header_damage": header_damage,
    "zip_bomb": zip_bomb,
    "archive_bytes": archive_bytes,
}
KNOWN_SLOW: frozenset[str] = frozenset()
"""Mutations with a known time-budget failure, left out unless asked for (``--known-slow``).
None since pypdf 6.21 (the ``"`` tail and a PDF line of megabytes used to take 10-40 s)."""


def allowed(name: str, kind: str, known: bool, huge: bool) -> bool:
    """Whether mutation ``name`` may be applied to an input of ``kind``."""
    if name == "huge_line":
        return huge and (kind != "pdf" or known)
    return known or name not in KNOWN_SLOW


def mutate(
    rng: random.Random, seed: Seed, seeds: Sequence[Seed], known: bool = False, huge: bool = True
) -> tuple[bytes, list[str]]:
    """``seed`` damaged by one to three mutations, and their names in order; ``known`` lets
    in the KNOWN_SLOW ones, ``huge`` the huge lines."""
    if seed.is_archive:
        weights = {"member_content": 5, "member_names": 2, "header_damage": 3, "zip_bomb": 0.3,
                   "archive_bytes": 2}
        name = rng.choices(list(weights), weights=list(weights.values()))[0]
        return ARCHIVE_MUTATIONS[name](rng, seed, seeds, known, huge), [name]
    data = seed.data
    names: list[str] = []
    pool = list(BYTE_MUTATIONS)
    if seed.kind == "pdf":
        pool += ["pdf_stream_damage"] * 4 + ["pdf_quote_tail"]
    pool = [name for name in pool if allowed(name, seed.kind, known, huge)]
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        name = rng.choice(pool)
        if name == "huge_line" and name in names:
            continue
        if name == "pdf_stream_damage":
            data = pdf_stream_damage(rng, data, seeds)
        elif name == "pdf_quote_tail":
            data = pdf_quote_tail(rng, data, seeds)
        else:
            data = BYTE_MUTATIONS[name](rng, data, seeds)
        names.append(name)
    return data, names

