"""Entity resolution: mentions across a store become entities with aliases (``cluster``),
people named short link to full names (``people``), curation judgements re-apply
(``curation``). ``resolve_store(store)`` runs it all, streamed through the store
(``stream``), and saves the result."""

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


def steps(store: Resolvable) -> int:
    """How many steps ``resolve_store`` reports for ``store``: each cable three times, and
    each judgement."""
    return 3 * store.count() + len(store.judgements())
