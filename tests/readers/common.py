"""Paths and helpers the reader tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablescope.model import Envelope, Input, Problem
from cablescope.readers import read

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
CORPUS_TAR = SHARED / "corpus" / "cablegate-html-2011-04.tar.gz"
TELEGRAMS = SHARED / "corpus" / "telegram-text"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present")


def example(name: str) -> bytes:
    """The bytes of ``examples/<name>``."""
    return (EXAMPLES / name).read_bytes()


def as_input(data: bytes, path: str = "input") -> Input:
    return Input.from_bytes(path, data)


def only_record(data: bytes, path: str = "input") -> tuple[Envelope, str]:
    """The one (envelope, body) that ``read`` gives for ``data``; fails on anything else."""
    items = list(read(as_input(data, path)))
    assert len(items) == 1, items
    item = items[0]
    assert not isinstance(item, Problem), item
    return item


def only_problem(data: bytes, path: str = "input") -> Problem:
    """The one Problem that ``read`` gives for ``data``; fails on anything else."""
    items = list(read(as_input(data, path)))
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Problem), item
    assert item.stage == "read"
    assert "\n" not in item.message
    return item
