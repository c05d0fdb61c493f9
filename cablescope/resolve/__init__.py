"""Entity resolution: mentions across a store become entities with aliases (``cluster``),
people named short link to full names (``people``), curation judgements re-apply
(``curation``). ``resolve_store(store)`` runs it all and saves the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cablescope.model.entity import Resolution
    from cablescope.resolve.lookup import Resolvable


def resolve_store(store: Resolvable) -> Resolution:
    """Resolve every cable of ``store`` with its curation judgements re-applied, and save the
    entities in the store (replacing earlier ones); call after an ingest that tagged."""
    from cablescope.resolve.cluster import resolve

    resolution = resolve(store.iter_cables(), store.judgements())
    store.save_resolution(resolution)
    return resolution
