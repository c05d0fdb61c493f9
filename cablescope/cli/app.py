"""The ``cablescope`` command group and its commands."""

from __future__ import annotations

import dataclasses
import importlib
import sys
from typing import Any

import click

from cablescope import __version__
from cablescope.cli._common import (
    ray_option,
    ray_runner,
    workers_option,
    TEXT,
    QueryCommand,
    db_option,
    echo_json,
    friendly,
    open_store,
    ByteProgress,
    LateProgress,
    progress,
    query_argument,
    tagger_option,
)
from cablescope.cli.render import render_cable, render_facets, render_hits, render_stats
from cablescope.grammar.ids import normalise_id

LAZY = {
    "eval": "cablescope.cli.evaluate:eval_command",
    "ner": "cablescope.cli.ner:ner_command",
    "train": "cablescope.cli.train:train_command",
    "tag": "cablescope.cli.tag:tag_command",
    "refs": "cablescope.cli.links:refs_command",
    "graph": "cablescope.cli.links:graph_command",
    "timeline": "cablescope.cli.links:timeline_command",
    "diff": "cablescope.cli.compare:diff_command",
    "redactions": "cablescope.cli.compare:redactions_command",
    "serve": "cablescope.cli.serve:serve_command",
    "resolve": "cablescope.cli.entities:resolve_command",
    "entities": "cablescope.cli.entities:entities_command",
    "entity": "cablescope.cli.entities:entity_command",
    "db": "cablescope.cli.db:db_command",
}
"""Commands kept in modules of their own, imported only when run (or listed by --help), so
that each command starts without loading what the others need."""


class LazyGroup(click.Group):
    """A group whose ``LAZY`` commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY:
            module, _, name = LAZY[cmd_name].partition(":")
            command: Any = getattr(importlib.import_module(module), name)
            return command  # type: ignore[no-any-return]
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cablescope")
def cli() -> None:
    """Read, repair, search and connect US diplomatic cables."""


@cli.command()
@db_option
@workers_option
@ray_option
@click.option("--no-ner", is_flag=True, help="Do not tag entities (much faster).")
@tagger_option
@click.option("--no-rules", is_flag=True, help="Tag without the cable rules.")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@friendly
def ingest(
    db: str | None,
    workers: int | None,
    ray_address: str | None,
    no_ner: bool,
    tagger_name: str,
    no_rules: bool,
    paths: tuple[str, ...],
) -> None:
    """Read cables from files, folders and .tar.gz/.zip archives into the database, tag the
    entities of each (see `cablescope ner`) and resolve them across the archive (see
    `cablescope resolve`).

    Exit status: 0 when every input was read, 1 when some were rejected (see
    `cablescope problems`), 2 on usage errors.
    """
    from cablescope.pipeline.entities import Tagging, TaggingSpec
    from cablescope.pipeline.ingest import WriteTo
    from cablescope.pipeline.ingest import ingest as run_ingest
    from cablescope.pipeline.runner import Stage
    from cablescope.readers.archive import total_bytes
    from cablescope.resolve import changed_steps
    from cablescope.tagging.load import load_tagger
    from cablescope.tagging.rules import CableRules

    runner = None
    tagging: Stage = None
    if ray_address is not None:
        spec = None if no_ner else TaggingSpec.named(tagger_name, not no_rules)
        runner = ray_runner(spec, ray_address, workers, db, WriteTo)
    elif not no_ner:
        tagging = Tagging(load_tagger(tagger_name), None if no_rules else CableRules())
    with open_store(db, create=True) as store:
        # Measured in on-disk bytes, which stat gives before anything is read, as the work
        # comes back: not in files, of which one cables.csv may hold 250,000 cables.
        reading = ByteProgress(lambda: total_bytes(paths), "ingesting")
        resolving = LateProgress(lambda: changed_steps(store), "resolving", before=reading.close)
        try:
            summary = run_ingest(
                paths,
                store,
                workers=workers,
                on_bytes=reading,
                tagging=tagging,
                resolve=not no_ner,
                on_resolving=resolving,
                runner=runner,
            )
        finally:
            resolving.close()
            reading.close()
    click.echo(summary.line())
    if runner is not None and not no_ner:
        click.echo(runner.usage.line())
    if summary.resolution is not None:
        click.echo("resolved " + summary.resolution.summary())
    for warning in summary.warnings[:10]:
        click.echo(f"{warning.path}: {warning.message}", err=True)
    for problem in summary.problems[:10]:
        click.echo(f"rejected {problem.path}: {problem.message}", err=True)
    if len(summary.problems) > 10:
        click.echo(
            f"... and {len(summary.problems) - 10} more: see `cablescope problems`", err=True
        )
    sys.exit(1 if summary.rejected else 0)


layer_option = click.option(
    "--layer",
    type=click.Choice(["auto", "tagged", "imported"]),
    default="auto",
    show_default=True,
    help="Which entities --inline and conll output mark: tagged (found at ingest), imported "
    "(marks the source came with), auto (tagged, else imported).",
)


@cli.command()
@db_option
@click.argument("cable_id", type=TEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the canonical record as JSON.")
@click.option(
    "--inline",
    is_flag=True,
    help="Print the text with its entities marked inline: [PER Keith Mines  ].",
)
@layer_option
@friendly
def show(db: str | None, cable_id: str, as_json: bool, inline: bool, layer: str) -> None:
    """Show one cable by its id (10MEXICO83; PlusD forms such as 10MEXICO83_a work too)."""
    if as_json and inline:
        raise click.UsageError("--json and --inline exclude each other")
    from cablescope.analysis.entities import cable_entities, cable_record
    from cablescope.analysis.export import entity_spans
    from cablescope.tagging.inline import render_inline

    with open_store(db) as store:
        cable = store.get_cable(normalise_id(cable_id) or cable_id.strip().upper())
        if cable is None:
            raise click.ClickException(f"no cable {cable_id!r} in the database")
        entities = cable_entities(store, [cable])[cable.id]
        resolved = store.entities_state() != "none"
    if as_json:
        echo_json(cable_record(cable, entities))
    elif inline:
        click.echo(render_inline(cable.text, entity_spans(cable, layer)))
    else:
        click.echo(render_cable(cable, entities, resolved))


@cli.command(cls=QueryCommand)
@db_option
@query_argument(required=True)
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date", "newest", "oldest"]),
    default="relevance",
    show_default=True,
    help="relevance: best match first (newest first for a query of filters only); date or "
    "newest: newest first; oldest: oldest first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON list.")
@click.option(
    "--facets",
    "top",
    type=click.IntRange(1, 1000),
    default=None,
    help="Print the counts of all matching cables instead: per month, origin, "
    "classification, TAGS and resolved entity (the N largest of each).",
)
@friendly
def search(
    db: str | None,
    query: str,
    limit: int,
    offset: int,
    sort: str,
    as_json: bool,
    top: int | None,
) -> None:
    """Search subjects and texts.

    QUERY takes words, "phrases", prefix*, AND/OR/NOT, -word, and the filters
    from:DATE to:DATE origin:NAME class:LEVEL tag:CODE id:ID per:NAME org:NAME
    loc:NAME misc:NAME entity:ID redacted:yes|no. Its words may be given as several
    arguments; a -word is a query word, not an option (search chavez -semar).

    A word with ~ matches every spelling of it the archive holds: gaddafi~ finds
    Qadhafi, Qaddafi, Gaddafi, Gadhafi (at most 50 spellings, each printed first with
    its number of cables); gaddafi~1 allows one more letter to differ (~0 to ~3).

    With --facets N, the counts of every matching cable: the JSON of /api/search's
    "facets", in which each entity is a resolved entity with its id and the filter that
    finds its cables (names as tagged, with "resolved": false, in a database never
    resolved).
    """
    from cablescope.analysis.search import in_context
    from cablescope.analysis.search import search as run_search
    from cablescope.query import parse_query
    from cablescope.store.base import MARKERS

    with open_store(db) as store:
        if top is not None:
            facets = store.facets(parse_query(query), top)
        else:
            order = "newest" if sort == "date" else sort
            result = run_search(store, query, limit=limit, offset=offset, sort=order)
            # A hit only a filter brought in shows its mention in context, not its header.
            hits = in_context(store, result.query, result.hits, MARKERS)
            result = dataclasses.replace(result, hits=hits)
    if top is not None:
        if as_json:
            echo_json(facets.to_dict())
        else:
            click.echo(render_facets(facets))
    elif as_json:
        echo_json([hit.to_dict() for hit in result.hits])
    else:
        click.echo(render_hits(result))


def _fields(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    from cablescope.analysis.export import DEFAULT_FIELDS, csv_fields
    from cablescope.errors import CablescopeError

    if value is None:
        return DEFAULT_FIELDS
    try:
        return csv_fields(value)
    except CablescopeError as err:
        raise click.BadParameter(str(err)) from None


@cli.command(cls=QueryCommand)
@db_option
@query_argument()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "inline", "conll"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one record per line, as `show --json`; csv: one row per cable with the "
    "--fields columns, for spreadsheets; inline: each cable's text with its entities as "
    "[PER Keith Mines  ], after a line '### ID'; conll: token _ _ IOB2-tag, one "
    "-DOCSTART- per cable.",
)
@click.option(
    "--fields",
    metavar="A,B,...",
    callback=_fields,
    help="csv: the columns, in order (default: id,date,origin,classification,subject); "
    "also published_id, handling, tags, to, info, references, signer, classified_by, "
    "redactions, people, organisations, places, other, source, text.",
)
@layer_option
@friendly
def export(db: str | None, query: str, fmt: str, fields: tuple[str, ...], layer: str) -> None:
    """Write the cables QUERY matches (as `cablescope search` reads it; none: every stored
    cable) to standard output, oldest first. A progress bar shows on a terminal."""
    from cablescope.analysis.export import export as run_export
    from cablescope.analysis.export import header, select

    with open_store(db) as store:
        selection = select(store, query)
        sys.stdout.write(header(fmt, fields))
        with progress(selection.count, "exporting") as step:
            for text in run_export(store, selection, fmt, layer, fields):
                sys.stdout.write(text)
                step(1)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
@friendly
def problems(db: str | None, as_json: bool) -> None:
    """List every rejected file or row, with the reason."""
    with open_store(db) as store:
        found = store.problems()
    if as_json:
        echo_json(
            [
                {"path": p.path, "stage": p.stage, "message": p.message, "sha256": p.sha256}
                for p in found
            ]
        )
        return
    if not found:
        click.echo("no problems")
    for p in found:
        click.echo(f"{p.path}\t{p.stage}\t{p.message}")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
@friendly
def stats(db: str | None, as_json: bool) -> None:
    """Counts of cables by year, origin and classification."""
    with open_store(db) as store:
        result = store.stats()
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(render_stats(result))
