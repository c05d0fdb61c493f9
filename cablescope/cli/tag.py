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
    ray_option,
    ray_runner,
    tagger_option,
    workers_option,
)


@click.command("tag")
@db_option
@click.argument("query", required=False, default="", type=TEXT)
@tagger_option
@click.option("--no-rules", is_flag=True, help="Tag without the cable rules.")
@workers_option
@ray_option
@friendly
def tag_command(
    db: str | None,
    query: str,
    tagger_name: str,
    no_rules: bool,
    workers: int | None,
    ray_address: str | None,
) -> None:
    """Tag the entities of the stored cables QUERY matches (all of them without a QUERY)
    again: after `ingest --no-ner`, or to use another tagger or a new model."""
    from cablescope.query import parse_query
    from cablescope.pipeline.entities import Tagging, TaggingSpec
    from cablescope.pipeline.retag import RetagTo, retag
    from cablescope.tagging.load import load_tagger
    from cablescope.tagging.rules import CableRules

    spec = TaggingSpec.named(tagger_name, not no_rules)
    runner = None
    if ray_address is not None:
        tagging: Tagging | TaggingSpec = spec
        runner = ray_runner(spec, ray_address, workers, db, RetagTo)
    else:
        tagging = Tagging(load_tagger(tagger_name), None if no_rules else CableRules())
    # A job interrupted before goes on where it stopped when the same tagging (tagger, the
    # model it was given, rules) of the same cables is asked again.
    job = f"tag {spec.tagger} {spec.model or ''} {spec.rules} {query}"
    with open_store(db, streams=True) as store:
        ids = store.matching(parse_query(query))
        with progress(len(ids), "tagging") as step:
            done = retag(store, tagging, ids, workers=workers, runner=runner, job=job,
                         on_cables=step)  # fmt: skip
        resumed = f" (went on after {plural(done.resumed, 'cable')} tagged before)"
        click.echo(plural(done.written, "cable") + " tagged" + (resumed if done.resumed else ""))
        if runner is not None:
            click.echo(runner.usage.line())
        if done.written or done.resumed:
            from cablescope.resolve import changed_steps, resolve_changed

            with progress(changed_steps(store), "resolving") as step:
                totals = resolve_changed(store, step)
            click.echo("resolved " + totals.summary())
