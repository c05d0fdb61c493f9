"""How records are packed into blobs, without storing the same text twice.

The merged record is ``cable_to_dict`` as orjson, less ``text`` (kept in the
``cables.text`` column that the FTS index reads), less each paragraph's
``text`` when it is just ``text[start:end]``, and less ``raw`` when the text and
the edits give it back: then only what each edit replaced is kept (``cut``). The
JSON is then compressed with zlib: records are read one page at a time, never
searched, so they are cold. A reading is stored as the fields in which it differs
from the merged record, compressed alike; NULL when it is identical, which is the
usual case for a cable read from one source. Blobs written before compression
(plain JSON, which starts with ``{``) and with ``raw`` in full read as before.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from isal import isal_zlib

from cablescope.model import Cable
from cablescope.model.serialize import cable_from_dict, cable_to_dict
from cablescope.store.base import EntityText

Dict = dict[str, Any]
_FIELDS = tuple(cable_to_dict(Cable(id="")).keys())


_LEVEL = 3
"""ISA-L's best level: five times faster than zlib's default at 1% more bytes, and read back
by zlib."""


def _dump(d: Dict) -> bytes:
    return bytes(isal_zlib.compress(orjson.dumps(d), _LEVEL))


def _load(blob: bytes) -> Dict:
    data: Dict = orjson.loads(blob if blob[:1] == b"{" else zlib.decompress(blob))
    return data


def _unedit(text: str, edits: list[Dict], cut: list[str]) -> str | None:
    """The raw body from the repaired text, the edits (sorted, on raw offsets) and what
    each replaced; None when the text does not hold the edits' replacements there."""
    parts: list[str] = []
    at = pos = 0
    for edit, removed in zip(edits, cut, strict=True):
        kept = edit["start"] - pos
        if kept < 0:
            return None
        parts.append(text[at : at + kept])
        at += kept
        replacement = edit["replacement"]
        if text[at : at + len(replacement)] != replacement:
            return None
        at += len(replacement)
        parts.append(removed)
        pos = edit["end"]
    parts.append(text[at:])
    return "".join(parts)


def _compact(d: Dict, text: str) -> Dict:
    for p in d["paragraphs"]:
        if p["text"] == text[p["start"] : p["end"]]:
            p["text"] = None
    return d


def _cut_raw(d: Dict, text: str) -> Dict:
    raw = d["raw"]
    cut = [raw[e["start"] : e["end"]] for e in d["edits"]]
    if _unedit(text, d["edits"], cut) == raw:
        del d["raw"]
        d["cut"] = cut
    return d


def _expand(d: Dict, text: str) -> Dict:
    d["text"] = text
    for p in d.get("paragraphs", ()):
        if p["text"] is None:
            p["text"] = text[p["start"] : p["end"]]
    cut = d.pop("cut", None)
    if cut is not None:
        d["raw"] = _unedit(text, d["edits"], cut)
    return d


def pack_merged(cable: Cable) -> bytes:
    """The merged record's blob; its text goes to a column of its own."""
    d = cable_to_dict(cable)
    del d["text"]
    return _dump(_cut_raw(_compact(d, cable.text), cable.text))


def merged_dict(blob: bytes, text: str) -> Dict:
    """The ``cable_to_dict`` form of a merged record, from its blob and text column."""
    return _expand(_load(blob), text)


def unpack_merged(blob: bytes, text: str) -> Cable:
    """The merged record from its blob and text column."""
    return cable_from_dict(merged_dict(blob, text))


def merged_cables(rows: Iterable[tuple[str, bytes, str]]) -> Iterator[Cable]:
    """The merged records of (id, record blob, text) rows."""
    for _, blob, text in rows:
        yield unpack_merged(blob, text)


def entity_texts(rows: Iterable[tuple[str, bytes, str]], layer: str) -> Iterator[EntityText]:
    """The texts and ``layer`` entity spans of (id, record blob, text) rows."""
    for cid, blob, text in rows:
        yield EntityText(cid, text, merged_spans(blob, layer))


def merged_spans(blob: bytes, layer: str) -> tuple[tuple[int, int, str], ...]:
    """The ``layer`` entity spans of a merged record's blob, as ``Cable.layer_spans`` gives
    them, without building the record."""
    d = _load(blob)
    marks = d.get("annotations" if layer == "imported" else "mentions", ())
    if layer not in ("tagged", "imported") and not marks:
        marks = d.get("annotations", ())
    return tuple([(m["start"], m["end"], m["type"]) for m in marks])


def pack_reading(reading: Cable, merged: Cable) -> bytes | None:
    """A reading as its differences from ``merged``; None when they are equal."""
    if reading == merged:
        return None
    full = cable_to_dict(reading)
    diff = {k: full[k] for k in _FIELDS if getattr(reading, k) != getattr(merged, k)}
    if "paragraphs" in diff:
        _compact(diff, reading.text)
    return _dump(diff)


def unpack_reading(blob: bytes | None, merged: Dict) -> Cable:
    """A reading from its stored differences and the merged record's dict."""
    if blob is None:
        return cable_from_dict(merged)
    diff = _load(blob)
    d = {**merged, **diff}
    if "paragraphs" in diff:
        text = d["text"]
        for p in d["paragraphs"]:
            if p["text"] is None:
                p["text"] = text[p["start"] : p["end"]]
    return cable_from_dict(d)
