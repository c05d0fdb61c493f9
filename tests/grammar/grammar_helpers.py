"""Shared inputs for the grammar tests: paths into ../shared and the seed bodies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED_000 = SHARED / "seeds" / "000_136b2d74670af4b8.txt"
SEED_004 = SHARED / "seeds" / "004_2ac5150d42e05db9.txt"
TELEGRAMS = SHARED / "corpus" / "telegram-text"
CSV_SAMPLE = SHARED / "corpus" / "cables-csv-sample.csv"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present")

_TAG = re.compile(r"<[^>]+>")
_MARK = re.compile(r"\[(?:PER|LOC|ORG|MISC) (.*?)\s*\]")


def seed_000_text() -> str:
    """Seed 000's body as the marks reader would hand it on: links dropped, entity marks
    replaced by their text."""
    raw = SEED_000.read_text(encoding="utf-8")
    return _MARK.sub(r"\1", _TAG.sub("", raw))


def seed_004_body() -> str:
    """Seed 004's body: the PlusD record between the metadata rule and the archive footer."""
    raw = SEED_004.read_text(encoding="utf-8")
    return raw[raw.index("\n---\n") + 5 : raw.index("**NATIONAL")]


def telegram(name: str) -> str:
    """A raw telegram decoded as Latin-1 with CRLF made LF."""
    return (TELEGRAMS / name).read_bytes().decode("latin-1").replace("\r\n", "\n")
