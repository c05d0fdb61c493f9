"""What differs between the sources of one cable: ``diff(store, "10MEXICO83")``.

Two sources' texts are compared word by word (``analysis.worddiff``): the repaired texts,
so whitespace, line wrapping, page-break lines and (unless ``exact``) typesetting never
count as changes. Every field is compared across all the sources the way merging compares
values (``pipeline.build.folded``: case and spacing ignored).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

from cablescope.analysis.worddiff import CONTEXT, TextDiff, word_diff
from cablescope.errors import CompareError
from cablescope.grammar.ids import normalise_id
from cablescope.model import Cable, SourceRef
from cablescope.pipeline.build import folded
from cablescope.pipeline.merge import rank
from cablescope.store.base import RecordStore


def _joined(values: Sequence[str]) -> str | None:
    return ", ".join(values) or None


FIELDS: tuple[tuple[str, Callable[[Cable], str | None]], ...] = (
    ("published_id", lambda c: c.published_id),
    ("date", lambda c: c.date),
    ("dates", lambda c: "; ".join(f"{d.kind} {d.value}" for d in c.dates) or None),
    ("origin", lambda c: c.origin),
    ("classification", lambda c: c.classification),
    ("handling", lambda c: _joined(sorted(c.handling))),
    ("tags", lambda c: _joined(sorted({t.code.upper() for t in c.tags}))),
    ("subject", lambda c: c.subject),
    ("references", lambda c: _joined([r.id or r.raw for r in c.references])),
    ("destinations", lambda c: "; ".join(f"{d.kind} {d.name}" for d in c.destinations) or None),
    ("signer", lambda c: c.signer),
    ("classified_by", lambda c: c.classified_by),
    ("reasons", lambda c: c.reasons),
    ("declassify_on", lambda c: c.declassify_on),
    ("header", lambda c: f"{len(c.header.splitlines())} lines" if c.header else None),
    ("paragraphs", lambda c: str(len(c.paragraphs)) if c.paragraphs else None),
    ("redactions", lambda c: str(len(c.redactions)) if c.redactions else None),
)
"""The fields compared across sources, each shown as one line of text (lists joined; TAGS
and handling sorted, since their order is layout; header, paragraphs and redactions
counted)."""


@dataclass(frozen=True, slots=True)
class FieldValue:
    """What one source gave for a field: ``value`` as kept in its reading, and ``also``
    the other values the same source stated (its wrapper and its body disagreeing)."""

    source: str
    value: str | None
    also: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The value as JSON-able fields."""
        return {"source": self.source, "value": self.value, "also": list(self.also)}


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """A field on which the sources disagree: one FieldValue per source, in the order of
    ``CableDiff.sources``."""

    field: str
    values: tuple[FieldValue, ...]

    def to_dict(self) -> dict[str, object]:
        """The field as JSON-able fields."""
        return {"field": self.field, "values": [v.to_dict() for v in self.values]}


@dataclass(frozen=True, slots=True)
class Source:
    """A source of the cable, with the letter it goes by in a diff (``a``, ``b``, …)."""

    label: str
    format: str
    path: str
    sha256: str

    def to_dict(self) -> dict[str, str]:
        """The source as JSON-able fields."""
        return {
            "label": self.label,
            "format": self.format,
            "path": self.path,
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)
class CableDiff:
    """Two sources of one cable compared: ``text`` is the word diff of source ``a``
    against source ``b`` (labels in ``sources``), ``fields`` the fields on which any of
    the cable's sources disagree."""

    id: str
    sources: tuple[Source, ...]
    a: str
    b: str
    text: TextDiff
    fields: tuple[FieldDiff, ...]

    def source(self, label: str) -> Source:
        """The source with this label."""
        return next(s for s in self.sources if s.label == label)

    def to_dict(self) -> dict[str, object]:
        """The comparison as JSON-able fields."""
        return {
            "id": self.id,
            "sources": [s.to_dict() for s in self.sources],
            "compared": [self.a, self.b],
            "text": self.text.to_dict(),
            "fields": [f.to_dict() for f in self.fields],
        }


def _released(reading: Cable) -> str:
    return min((d.value for d in reading.dates if d.kind == "released"), default="")


def _ordered(readings: Sequence[Cable]) -> list[Cable]:
    """The record's preferred source first; releases of one format oldest first."""
    return sorted(
        readings,
        key=lambda c: (rank(c), _released(c), c.sources[0].path, c.sources[0].sha256),
    )


def _labels(n: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [letters[i] if i < len(letters) else f"s{i + 1}" for i in range(n)]


def _describe(source: SourceRef) -> str:
    return f"{source.format} {source.sha256[:8]} {source.path}"


def _pick(spec: str, readings: Sequence[Cable], cable_id: str) -> int:
    """The index of the reading ``spec`` names: a format, a sha256 prefix, or (part of) a
    path. Raises CompareError naming the sources when it names none or several."""
    refs = [r.sources[0] for r in readings]
    want = spec.strip()
    hexdigits = set("0123456789abcdef")
    tests: list[Callable[[SourceRef], bool]] = [
        lambda s: s.format == want,
        lambda s: len(want) >= 4
        and set(want.lower()) <= hexdigits
        and s.sha256.startswith(want.lower()),
        lambda s: s.path == want,
        lambda s: bool(want) and want in s.path,
    ]
    for test in tests:
        found = [i for i, s in enumerate(refs) if test(s)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = "; ".join(_describe(refs[i]) for i in found)
            raise CompareError(
                f"{spec!r} names {len(found)} sources of {cable_id} ({names}); "
                "name one by its sha256 prefix or path"
            )
    names = "; ".join(_describe(s) for s in refs)
    raise CompareError(f"no source {spec!r} of {cable_id}; its sources: {names}")


def _fields(readings: Sequence[Cable], labels: Sequence[str]) -> tuple[FieldDiff, ...]:
    out: list[FieldDiff] = []
    for name, get in FIELDS:
        values = [get(r) for r in readings]
        also = [
            tuple(dict.fromkeys(str(v.value) for v in r.variants if v.field == name))
            for r in readings
        ]
        if len({folded(v) for v in values}) > 1 or any(also):
            out.append(
                FieldDiff(
                    name,
                    tuple(
                        FieldValue(lab, v, x)
                        for lab, v, x in zip(labels, values, also, strict=True)
                    ),
                )
            )
    return tuple(out)


def compare(
    cable_id: str,
    readings: Sequence[Cable],
    sources: tuple[str, str] | None = None,
    *,
    exact: bool = False,
    context: int = CONTEXT,
) -> CableDiff:
    """Compare the readings of one cable: the two that differ most in their words, or the
    two that ``sources`` name (a format, a sha256 prefix or part of a path each).

    Raises CompareError when there is only one reading, or a name fits none or several.
    """
    if len(readings) < 2:
        raise CompareError(f"{cable_id} has one source; nothing to compare")
    ordered = _ordered(readings)
    labels = _labels(len(ordered))
    if sources is not None:
        i, j = (_pick(spec, ordered, cable_id) for spec in sources)
        if i == j:
            raise CompareError(f"{sources[0]!r} and {sources[1]!r} name the same source")
        pairs = [(i, j)]
    else:
        pairs = list(combinations(range(len(ordered)), 2))
    best: tuple[int, int, TextDiff] | None = None
    for i, j in pairs:
        found = word_diff(
            ordered[i].text,
            ordered[j].text,
            exact=exact,
            context=context,
            paragraphs=ordered[j].paragraphs,
        )
        if best is None or found.changed > best[2].changed:
            best = (i, j, found)
    assert best is not None
    i, j, text = best
    return CableDiff(
        id=cable_id,
        sources=tuple(
            Source(lab, r.sources[0].format, r.sources[0].path, r.sources[0].sha256)
            for lab, r in zip(labels, ordered, strict=True)
        ),
        a=labels[i],
        b=labels[j],
        text=text,
        fields=_fields(ordered, labels),
    )


def diff(
    store: RecordStore,
    cable_id: str,
    sources: tuple[str, str] | None = None,
    *,
    exact: bool = False,
    context: int = CONTEXT,
) -> CableDiff | None:
    """Compare two stored sources of a cable (see ``compare``); None when the store does
    not have the cable. ``cable_id`` may be written as PlusD does (``10MEXICO83_a``)."""
    cid = normalise_id(cable_id) or cable_id.strip().upper()
    readings = store.readings(cid)
    if not readings:
        return None
    return compare(cid, readings, sources, exact=exact, context=context)
