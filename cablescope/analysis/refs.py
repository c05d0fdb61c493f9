"""What a cable cites and what cites it: ``refs(store, "08LIMA1348")``.

A cited cable is either stored, or missing from the store. The Cablegate reference list
(``grammar.ids.reference_months``) tells a missing cable that Cablegate released (it can
be ingested) from one it never released. A reference that names no cable (an e-mail, a
cut-off ``USNATO ...``) stays in the answer, unresolved, with its text as written.
"""

from __future__ import annotations

from typing import Protocol
from dataclasses import dataclass

from cablescope.grammar.ids import normalise_id, reference_months
from cablescope.store.base import CableInfo, LinkIndex, RecordStore

STORED = "stored"
"""The cable is in the store."""
RELEASED = "released"
"""Cablegate released the cable (it is in the reference list) but the store lacks it."""
UNRELEASED = "unreleased"
"""Neither the store nor Cablegate's reference list has the cable."""
UNRESOLVED = "unresolved"
"""The reference names no cable id."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One reference of a cable, as its REF line gives it.

    ``id`` is None when the text names no cable; ``year_inferred`` when the line gave no
    year and the citing cable's was used (``BRASILIA 0502`` in a 2006 cable is
    ``06BRASILIA502``). ``status`` is one of STORED, RELEASED, UNRELEASED, UNRESOLVED;
    ``month`` is Cablegate's month of the cited cable when the reference list has it;
    ``cable`` what the store holds of it. ``year_before`` is set when the year was
    inferred and neither the store nor Cablegate has the id, but one of them has the
    same post and number a year earlier (``Sao Paulo 1372`` in a January 2006 cable is
    most likely ``05SAOPAULO1372``, from December); the id itself stays as parsed.
    """

    id: str | None
    raw: str
    letter: str | None
    year_inferred: bool
    status: str
    month: str | None = None
    cable: CableInfo | None = None
    year_before: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The citation as JSON-able fields."""
        return {
            "id": self.id,
            "raw": self.raw,
            "letter": self.letter,
            "year_inferred": self.year_inferred,
            "status": self.status,
            "month": self.month,
            "cable": None if self.cable is None else self.cable.to_dict(),
            "year_before": self.year_before,
        }


@dataclass(frozen=True, slots=True)
class Refs:
    """The references of cable ``id`` and the stored cables that cite it.

    ``cable`` is None when the cable is not stored but stored cables cite it; then
    ``status`` and ``month`` say whether Cablegate released it, as for a Citation.
    ``cited_by`` is by date then id.
    """

    id: str
    status: str
    month: str | None
    cable: CableInfo | None
    references: tuple[Citation, ...]
    cited_by: tuple[CableInfo, ...]

    @property
    def cites(self) -> tuple[str, ...]:
        """The ids cited, in the order of the REF lines, each once."""
        return tuple(dict.fromkeys(c.id for c in self.references if c.id is not None))

    @property
    def missing(self) -> tuple[str, ...]:
        """The ids cited that the store lacks."""
        return tuple(dict.fromkeys(c.id for c in self.references if c.id and c.status != STORED))

    def to_dict(self) -> dict[str, object]:
        """``{"id", "cites", "cited_by", "missing"}`` as lists of ids, and the details:
        ``status``, ``month``, ``cable``, ``references`` (every Citation, unresolved
        ones included) and ``citing`` (the CableInfo of each cable in ``cited_by``)."""
        return {
            "id": self.id,
            "cites": list(self.cites),
            "cited_by": [info.id for info in self.cited_by],
            "missing": list(self.missing),
            "status": self.status,
            "month": self.month,
            "cable": None if self.cable is None else self.cable.to_dict(),
            "references": [c.to_dict() for c in self.references],
            "citing": [info.to_dict() for info in self.cited_by],
        }


def canonical_id(typed: str) -> str:
    """A cable id as a person types it (``10mexico083``, ``10MEXICO83_a``) in canonical form."""
    return normalise_id(typed) or typed.strip().upper()


class _Refs(RecordStore, LinkIndex, Protocol):
    """What a cable's references read: records and the links between them."""


def refs(store: _Refs, cable_id: str) -> Refs | None:
    """What cable ``cable_id`` cites and which stored cables cite it.

    ``cable_id`` may be typed loosely (see ``canonical_id``). None when the store neither
    holds the cable nor holds any cable citing it.
    """
    cid = canonical_id(cable_id)
    cable = store.get_cable(cid)
    cited_by = tuple(store.citing(cid))
    if cable is None and not cited_by:
        return None
    references = cable.references if cable is not None else ()
    ids = [r.id for r in references if r.id]
    stored = store.cable_infos(ids)
    months = reference_months([cid, *(i for i in ids if i not in stored)])
    earlier = {
        r.id: year_before(r.id)
        for r in references
        if r.id and r.year_inferred and r.id not in stored and r.id not in months
    }
    known = set(store.cable_infos(earlier.values()))
    known.update(reference_months(i for i in earlier.values() if i not in known))
    citations = tuple(
        Citation(
            id=r.id,
            raw=r.raw,
            letter=r.letter,
            year_inferred=r.year_inferred,
            status=status_of(r.id, stored, months),
            month=months.get(r.id) if r.id else None,
            cable=stored.get(r.id) if r.id else None,
            year_before=earlier[r.id] if r.id in earlier and earlier[r.id] in known else None,
        )
        for r in references
    )
    info = CableInfo.of(cable) if cable is not None else None
    return Refs(
        id=cid,
        status=STORED if cable is not None else status_of(cid, {}, months),
        month=months.get(cid),
        cable=info,
        references=citations,
        cited_by=cited_by,
    )


def year_before(cable_id: str) -> str:
    """The id with the same post and number a year earlier (``06SAOPAULO1372`` ->
    ``05SAOPAULO1372``; ``00X1`` -> ``99X1``); ids without a two-digit year stay as they are."""
    if not cable_id[:2].isdigit():
        return cable_id
    return f"{(int(cable_id[:2]) - 1) % 100:02d}{cable_id[2:]}"


def status_of(
    cable_id: str | None, stored: dict[str, CableInfo] | set[str], months: dict[str, str]
) -> str:
    """STORED, RELEASED, UNRELEASED or UNRESOLVED (no id) for a cited id."""
    if cable_id is None:
        return UNRESOLVED
    if cable_id in stored:
        return STORED
    return RELEASED if cable_id in months else UNRELEASED
