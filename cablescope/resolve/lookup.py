"""Finding the entity a person means on the command line, and recording curation."""

from __future__ import annotations

import datetime as dt

from cablescope.errors import EntityError
from cablescope.resolve.keys import name_key
from cablescope.resolve.records import Entity, Judgement
from cablescope.store.base import Store

RESOLVE_FIRST = "entities have not been resolved in this database; run `cablescope resolve` first"


def require_resolved(store: Store) -> bool:
    """Raise EntityError when ``store`` was never resolved; True when its entities are
    older than its cables (stale), False when fresh."""
    state = store.entities_state()
    if state == "none":
        raise EntityError(RESOLVE_FIRST)
    return state == "stale"


def find_entity(store: Store, ref: str) -> Entity:
    """The entity ``ref`` names: an entity id, else a name or alias (by key). Raises
    EntityError naming the candidates when none or several fit."""
    detail = store.entity_detail(ref)
    if detail is not None:
        return detail.entity
    ids = store.entity_ids_named(name_key(ref))
    if not ids:
        raise EntityError(f"no entity {ref!r}; see `cablescope entities` for ids")
    if len(ids) > 1:
        shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
        raise EntityError(f"{ref!r} names {len(ids)} entities ({shown}); give an id")
    found = store.entity_detail(ids[0])
    assert found is not None
    return found.entity


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def judge(store: Store, kind: str, *args: str) -> Judgement:
    """Record a curation judgement about name keys (see ``curation``) and return it."""
    judgement = Judgement(kind, args, _now())
    store.add_judgement(judgement)
    return judgement
