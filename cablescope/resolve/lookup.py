"""Finding the entity a person means (on the command line or the web), and recording
curation judgements: the one place that checks them, for the CLI and the write API."""

from __future__ import annotations

from typing import Protocol
import datetime as dt
from dataclasses import replace
from collections.abc import Sequence

from cablescope.errors import EntitiesNotResolved, EntityError, EntityNotFound
from cablescope.resolve import inplace
from cablescope.resolve.curation import CABLES
from cablescope.resolve.keys import contains, name_key
from cablescope.model.basis import Totals
from cablescope.model.entity import Entity, EntityDetail, Judgement
from cablescope.store.base import (
    EntityCuration,
    EntityIndex,
    LinkIndex,
    RecordStore,
    ResolutionRecord,
)

RESOLVE_FIRST = "entities have not been resolved in this database; run `cablescope resolve` first"


def require_resolved(store: EntityIndex) -> bool:
    """Raise EntityError when ``store`` was never resolved; True when its entities are
    older than its cables (stale), False when fresh."""
    state = store.entities_state()
    if state == "none":
        raise EntitiesNotResolved(RESOLVE_FIRST)
    return state == "stale"


def find_entity(store: EntityIndex, ref: str) -> Entity:
    """The entity ``ref`` names: an entity id, else a name or alias (by key). Raises
    EntityError naming the candidates when none or several fit."""
    detail = store.entity_detail(ref)
    if detail is not None:
        return detail.entity
    ids = store.entity_ids_named(name_key(ref))
    if not ids:
        raise EntityNotFound(f"no entity {ref!r}; see `cablescope entities` for ids")
    if len(ids) > 1:
        shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
        raise EntityError(f"{ref!r} names {len(ids)} entities ({shown}); give an id")
    found = store.entity_detail(ids[0])
    assert found is not None
    return found.entity


CANDIDATES = 10
"""Most people listed as those a person named short may be."""


def with_candidates(store: EntityIndex, detail: EntityDetail) -> EntityDetail:
    """``detail`` with the people it may be, when it is a person named short whose links are
    (some of them) ambiguous: those whose full name each ambiguous alias can be cut from
    (``keys.contains``), most cables first, as resolution finds its candidates."""
    e = detail.entity
    shorts = {a.key for a in detail.links if "ambiguous" in dict(a.methods)}
    if e.type != "PER" or not shorts:
        return detail
    found: dict[str, tuple[str, int]] = {}
    for short in sorted(shorts):
        tokens = tuple(short.split())
        for eid, name, key, cables in store.entities_keyed_within(short, "PER"):
            if eid != e.id and contains(tuple(key.split()), tokens):
                found[eid] = (name, cables)
    ranked = sorted(found.items(), key=lambda x: (-x[1][1], x[0]))[:CANDIDATES]
    return replace(detail, candidates=tuple((eid, name, n) for eid, (name, n) in ranked))


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def judge(store: EntityIndex, kind: str, *args: str) -> Judgement:
    """Record a curation judgement about name keys (see ``curation``) and return it."""
    judgement = Judgement(kind, args, _now())
    store.add_judgement(judgement)
    return judgement


def merge_args(store: EntityIndex, a: str, b: str) -> tuple[str, str]:
    """The keys of a ``merge`` judgement putting entity ``b`` into ``a`` (ids or names)."""
    ea, eb = find_entity(store, a), find_entity(store, b)
    if ea.id == eb.id:
        raise EntityError(f"{a!r} and {b!r} are the same entity ({ea.id})")
    return ea.key, eb.key


def split_args(
    store: EntityIndex, ref: str, alias: str | None = None, cables: Sequence[str] | None = None
) -> tuple[str, str]:
    """The arguments of a ``split`` judgement moving the mentions of one ``alias``, or those
    in ``cables``, out of entity ``ref``; exactly one of the two is given."""
    if (alias is None) == (cables is None):
        raise EntityError("give one of an alias or a list of cable ids to split off")
    entity = find_entity(store, ref)
    if alias is not None:
        key = _alias_key(entity, alias, "split off")
        if {a.key for a in entity.aliases} == {key}:
            raise EntityError(f"{entity.id} has no alias but {alias!r}: nothing would be kept")
        return entity.key, key
    ids = [c.strip() for c in cables or () if c.strip()]
    if not ids:
        raise EntityError("give at least one cable id to split off")
    return entity.key, CABLES + ",".join(ids)


def _alias_key(entity: Entity, alias: str, doing: str) -> str:
    key = name_key(alias)
    if key not in {a.key for a in entity.aliases}:
        names = ", ".join(a.surface for a in entity.aliases[:8])
        raise EntityError(f"{entity.id} has no alias {alias!r} to {doing}; aliases: {names}")
    return key


def confirm_args(store: EntityIndex, ref: str, alias: str) -> tuple[str, str]:
    """The arguments of a ``confirm`` judgement: the links of entity ``ref`` through
    ``alias`` (a name or name key it goes by) are right."""
    entity = find_entity(store, ref)
    return entity.key, _alias_key(entity, alias, "confirm")


def rename_args(store: EntityIndex, ref: str, name: str) -> tuple[str, str]:
    """The arguments of a ``rename`` judgement giving entity ``ref`` the name ``name``."""
    if not any(ch.isalnum() for ch in name_key(name)):
        raise EntityError("give a name with letters or digits")
    return find_entity(store, ref).key, name


class Resolvable(RecordStore, LinkIndex, EntityIndex, EntityCuration, ResolutionRecord, Protocol):
    """What resolving and curating need: the records, and the entities made of them."""


def curate(
    store: Resolvable, kind: str, args: tuple[str, ...], *, later: bool = False
) -> tuple[Judgement, Totals | None]:
    """Record a curation judgement and, unless ``later``, apply it at once (every resolution
    from now on applies it too): in place, to the entities it concerns, when the stored
    entities allow (see ``inplace``), else by resolving the store again. Returns the
    judgement and the totals after, None with ``later``."""
    require_resolved(store)
    with store.batch():
        judgement = judge(store, kind, *args)
        done = None if later else inplace.apply(store, judgement)
    if later:
        return judgement, None
    if done is not None:
        return judgement, store.entity_totals()
    from cablescope.resolve import resolve_store

    return judgement, resolve_store(store)
