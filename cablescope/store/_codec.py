"""How records are packed into SQLite blobs, without storing the same text twice.

The merged record is ``cable_to_dict`` as orjson, less ``text`` (kept in the
``cables.text`` column that the FTS index reads) and less each paragraph's
``text`` when it is just ``text[start:end]``. A reading is stored as the
fields in which it differs from the merged record; NULL when it is identical,
which is the usual case for a cable read from one source.
"""

from __future__ import annotations

from typing import Any

import orjson

from cablescope.model import Cable
from cablescope.model.serialize import cable_from_dict, cable_to_dict

Dict = dict[str, Any]
_FIELDS = tuple(cable_to_dict(Cable(id="")).keys())


def _compact(d: Dict, text: str) -> Dict:
    for p in d["paragraphs"]:
        if p["text"] == text[p["start"] : p["end"]]:
            p["text"] = None
    return d


def _expand(d: Dict, text: str) -> Dict:
    d["text"] = text
    for p in d.get("paragraphs", ()):
        if p["text"] is None:
            p["text"] = text[p["start"] : p["end"]]
    return d


def pack_merged(cable: Cable) -> bytes:
    """The merged record's blob; its text goes to a column of its own."""
    d = cable_to_dict(cable)
    del d["text"]
    return orjson.dumps(_compact(d, cable.text))


def merged_dict(blob: bytes, text: str) -> Dict:
    """The ``cable_to_dict`` form of a merged record, from its blob and text column."""
    d: Dict = orjson.loads(blob)
    return _expand(d, text)


def unpack_merged(blob: bytes, text: str) -> Cable:
    """The merged record from its blob and text column."""
    return cable_from_dict(merged_dict(blob, text))


def pack_reading(reading: Cable, merged: Cable) -> bytes | None:
    """A reading as its differences from ``merged``; None when they are equal."""
    if reading == merged:
        return None
    full = cable_to_dict(reading)
    diff = {k: full[k] for k in _FIELDS if getattr(reading, k) != getattr(merged, k)}
    if "paragraphs" in diff:
        _compact(diff, reading.text)
    return orjson.dumps(diff)


def unpack_reading(blob: bytes | None, merged: Dict) -> Cable:
    """A reading from its stored differences and the merged record's dict."""
    if blob is None:
        return cable_from_dict(merged)
    diff: Dict = orjson.loads(blob)
    d = {**merged, **diff}
    if "paragraphs" in diff:
        text = d["text"]
        for p in d["paragraphs"]:
            if p["text"] is None:
                p["text"] = text[p["start"] : p["end"]]
    return cable_from_dict(d)
