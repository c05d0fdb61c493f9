"""Copying a whole archive from one database to another (``cablescope db copy``), through
the store protocols alone, so that any two engines can trade archives.

Cables travel in batches of BATCH (each merged record with its readings, mentions and
tags), so memory holds one batch of cables at a time, plus the resolved entities and
their links: a resolution is saved whole. The destination must be empty; everything is
written in one transaction, so a copy that fails leaves it empty.

What is copied: every merged record and its readings in the order they were put, the
input files read whole, the problems with their times, the curation judgements, and
the resolved entities with the link of every mention. Entities resolved before the
last cable was written stay marked as stale in the copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Protocol, TypeVar, runtime_checkable

from cablescope.errors import StoreError
from cablescope.model.entity import Link, Resolution
from cablescope.store.base import SeenInput, Store

T = TypeVar("T")

BATCH = 500
"""Cables read, and written, at a time."""


@runtime_checkable
class Archive(Store, Protocol):
    """A store that can also list the input files it has read whole."""

    def iter_inputs(self) -> Iterator[SeenInput]:
        """Every input file read whole (``add_inputs``), by sha256."""
        ...


def archive(database: Store) -> Archive:
    """``database`` as an Archive; StoreError when its engine cannot list its inputs."""
    if not isinstance(database, Archive):
        raise StoreError(f"{type(database).__name__} cannot be copied: it lists no inputs")
    return database


@dataclass(frozen=True, slots=True)
class Copied:
    """How much a copy moved."""

    cables: int
    readings: int
    inputs: int
    problems: int
    judgements: int
    entities: int
    links: int

    def summary(self) -> str:
        """One line: the counts."""
        return (
            f"{self.cables:,} cables ({self.readings:,} readings), {self.inputs:,} input files,"
            f" {self.problems:,} problems, {self.judgements:,} judgements,"
            f" {self.entities:,} entities ({self.links:,} linked mentions)"
        )


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _require_empty(dst: Store) -> None:
    if dst.count() or dst.problems() or dst.judgements() or dst.entities_state() != "none":
        raise StoreError("the destination database is not empty; copy into a new one")


def copy_archive(
    src: Archive,
    dst: Archive,
    *,
    batch: int = BATCH,
    on_cables: Callable[[int], None] | None = None,
) -> Copied:
    """Copy everything ``src`` holds into the empty ``dst`` (see this module), calling
    ``on_cables(n)`` after each batch of ``n`` cables. Raises StoreError when ``dst`` is
    not empty, or when either database fails; then ``dst`` is left as it was."""
    _require_empty(dst)
    state = src.entities_state()
    cables = readings = 0
    links: list[Link] = []
    with dst.batch():
        resolution: Resolution | None = None
        if state != "none":
            resolution = Resolution(tuple(src.entities()), ())
        for chunk in _chunks(src.iter_cables(), max(batch, 1)):
            ids = [cable.id for cable in chunk]
            found = src.readings_for(ids)
            for cable in chunk:
                kept = found.get(cable.id, [])
                dst.put(cable, kept)
                readings += len(kept)
            if resolution is not None:
                links.extend(src.entity_links(ids))
            cables += len(chunk)
            if on_cables is not None:
                on_cables(len(chunk))
        inputs = 0
        for seen in _chunks(src.iter_inputs(), max(batch, 1)):
            dst.add_inputs(seen)
            inputs += len(seen)
        problems = src.problems()
        for record in problems:
            dst.add_problem(record.problem, record.at)
        judgements = src.judgements()
        for judgement in judgements:
            dst.add_judgement(judgement)
        if resolution is not None:
            resolution = Resolution(resolution.entities, tuple(links))
            dst.save_resolution(resolution)
            if state == "stale":
                _touch(src, dst)
    return Copied(
        cables=cables,
        readings=readings,
        inputs=inputs,
        problems=len(problems),
        judgements=len(judgements),
        entities=len(resolution.entities) if resolution is not None else 0,
        links=len(links),
    )


def _touch(src: Store, dst: Store) -> None:
    """Write one cable again, unchanged, so that ``dst`` counts its entities as older than
    its cables, as ``src`` does."""
    first = next(iter(src.iter_cables()), None)
    if first is not None:
        dst.put(first, src.readings(first.id))
