"""The ``tag`` command: find the entities of cables already stored."""

from __future__ import annotations

import click

from cablescope.cli._common import (
    TEXT,
    db_option,
    friendly,
    open_store,
    plural,
    progress,
    tagger_option,
)


@click.command("tag")
@db_option
@click.argument("query", required=False, default="", type=TEXT)
@tagger_option
@click.option("--no-rules", is_flag=True, help="Tag without the cable rules.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: 2).")
@friendly
def tag_command(
    db: str | None, query: str, tagger_name: str, no_rules: bool, workers: int | None
) -> None:
    """Tag the entities of the stored cables QUERY matches (all of them without a QUERY)
    again: after `ingest --no-ner`, or to use another tagger or a new model."""
    from cablescope.query import parse_query
    from cablescope.pipeline.entities import Tagging
    from cablescope.pipeline.retag import retag
    from cablescope.tagging.load import load_tagger
    from cablescope.tagging.rules import CableRules

    tagging = Tagging(load_tagger(tagger_name), None if no_rules else CableRules())
    with open_store(db, streams=True) as store:
        ids = store.matching(parse_query(query)) if query.strip() else None
        written = retag(store, tagging, ids, workers=workers)
        click.echo(plural(written, "cable") + " tagged")
        if written:
            from cablescope.resolve import resolve_store, steps

            with progress(steps(store), "resolving") as step:
                totals = resolve_store(store, step)
            click.echo("resolved " + totals.summary())
