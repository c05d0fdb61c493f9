"""Entity resolution: mentions across a store become entities with aliases (``cluster``),
people named short link to full names (``people``), curation judgements re-apply
(``curation``). ``resolve_store(store)`` runs it all, streamed through the store
(``stream``), and saves the result; ``resolve_changed(store)`` resolves only the cables
added since, when the store can take them into its entities (``batch``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cablescope.model.basis import Totals
    from cablescope.resolve.lookup import Resolvable


def resolve_store(store: Resolvable, step: Callable[[int], None] | None = None) -> Totals:
    """Resolve every cable of ``store`` with its curation judgements re-applied, and save the
    entities in the store (replacing earlier ones); call after an ingest that tagged.
    ``step`` is called as the work goes (see ``steps``)."""
    from cablescope.resolve.stream import resolve_streamed

    return resolve_streamed(store, step)


def resolve_changed(store: Resolvable, step: Callable[[int], None] | None = None) -> Totals:
    """Bring the entities of ``store`` up to date with its cables: the cables added since
    they were resolved taken into them (``batch.resolve_new``) when the store can, else every
    cable resolved again (``resolve_store``); the same entities either way. ``step`` as for
    ``changed_steps``."""
    from cablescope.resolve.batch import resolve_new

    if resolve_new(store, step) is None:
        return resolve_store(store, step)
    return store.entity_totals()


def steps(store: Resolvable) -> int:
    """How many steps ``resolve_store`` reports for ``store``: each cable three times, and
    each judgement."""
    return 3 * store.count() + len(store.judgements())


def changed_steps(store: Resolvable) -> int:
    """How many steps ``resolve_changed`` reports for ``store``: one for each cable added
    when it can take them into its entities, else as ``steps``."""
    from cablescope.resolve.batch import ready

    return len(store.unrecorded_cables()) if ready(store) else steps(store)
