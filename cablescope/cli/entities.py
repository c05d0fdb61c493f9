"""The ``resolve``, ``entities`` and ``entity`` commands: who and what the cables name."""

from __future__ import annotations

import time
from collections.abc import Callable

import click

from cablescope.cli._common import TEXT, db_option, echo_json, friendly, open_store
from cablescope.model.mention import ENTITY_TYPES
from cablescope.resolve import resolve_store
from cablescope.resolve.lookup import (
    curate,
    find_entity,
    merge_args,
    rename_args,
    require_resolved,
    split_args,
)
from cablescope.model.entity import Entity, EntityDetail
from cablescope.store.base import EntityIndex

STALE = "note: cables were written since entities were resolved; run `cablescope resolve`"
_json = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def _check(store: EntityIndex) -> None:
    if require_resolved(store):
        click.echo(STALE, err=True)


@click.command("resolve")
@db_option
@friendly
def resolve_command(db: str | None) -> None:
    """Resolve every mention in the database to entities (names, aliases, acronyms, people
    named short), re-applying the curation judgements; prints a one-line summary."""
    started = time.perf_counter()
    with open_store(db) as store:
        resolution = resolve_store(store)
    click.echo(f"{resolution.summary()} in {time.perf_counter() - started:.1f} s")


def _row(e: Entity) -> str:
    seen = f"{e.first_seen or '?'} … {e.last_seen or '?'}"
    return f"{e.id:<40} {e.type:<4} {e.mentions:>7,} {e.cables:>6,}  {seen}  {e.name}"


@click.command("entities")
@db_option
@click.option("--type", "kind", type=click.Choice(ENTITY_TYPES), help="Only this type.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Only the N most mentioned.")
@_json
@friendly
def entities_command(db: str | None, kind: str | None, top: int | None, as_json: bool) -> None:
    """List resolved entities, most mentioned first, with mention and cable counts and the
    dates they were first and last seen. JSON: a list of {"id", "name", "type", "aliases",
    "mentions", "cables", "first_seen", "last_seen"}."""
    with open_store(db) as store:
        _check(store)
        found = store.entities(kind, top)
    if as_json:
        echo_json([e.to_dict() for e in found])
        return
    click.echo(f"{'id':<40} {'type':<4} {'mentions':>7} {'cables':>6}  seen  name")
    for e in found:
        click.echo(_row(e))


def _render(d: EntityDetail) -> str:
    e = d.entity
    lines = [f"{e.name}  ({e.id}, {e.type})", _row(e), "", "aliases:"]
    lines += [f"  {a.surface} ({a.count})" for a in e.aliases]
    lines += ["", "co-mentioned:"]
    lines += [f"  {n:>5} cables  {name} ({i})" for i, name, _, n in d.co_mentions]
    lines += ["", "by month:"]
    lines += [f"  {m}  {'#' * min(n, 60)} {n}" for m, n in d.timeline]
    lines += ["", f"cables ({len(d.cable_ids)}):", "  " + " ".join(d.cable_ids)]
    return "\n".join(lines)


class EntityGroup(click.Group):
    """``entity ID`` shows an entity; ``entity merge|split|rename|show`` are subcommands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        named = [i for i, arg in enumerate(args) if arg in self.commands]
        if named:
            at = named[0]
            args = [args[at], *args[:at], *args[at + 1 :]]
        elif set(args) & {"-h", "--help"}:
            args = ["--help"]
        elif args:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("entity", cls=EntityGroup)
def entity_command() -> None:
    """Show one entity (`cablescope entity ID [--json]`), or curate: merge, split, rename.

    Judgements are kept in the database and re-applied by every `cablescope resolve`, so they
    survive re-ingest and re-tagging.
    """


@entity_command.command("show")
@db_option
@click.argument("ref", metavar="ID", type=TEXT)
@_json
@friendly
def show_command(db: str | None, ref: str, as_json: bool) -> None:
    """Show entity ID (an id, or a name or alias that names one entity): aliases, cables,
    co-mentioned entities and a monthly timeline. JSON: the `entities` fields plus
    "cable_ids", "co_mentions" and "timeline"."""
    with open_store(db) as store:
        _check(store)
        detail = store.entity_detail(find_entity(store, ref).id)
    assert detail is not None
    if as_json:
        echo_json(detail.to_dict())
    else:
        click.echo(_render(detail))


_later = click.option(
    "--later", is_flag=True, help="Only record the judgement; the next `resolve` applies it."
)


def _record(
    db: str | None, later: bool, kind: str, make: Callable[[EntityIndex], tuple[str, ...]]
) -> None:
    with open_store(db) as store:
        require_resolved(store)
        args = make(store)
        judgement, resolution = curate(store, kind, args, later=later)
        click.echo(f"recorded: {kind} {' | '.join(judgement.args)}")
        if resolution is not None:
            click.echo(resolution.summary())


@entity_command.command("merge")
@db_option
@click.argument("a", metavar="A", type=TEXT)
@click.argument("b", metavar="B", type=TEXT)
@_later
@friendly
def merge_command(db: str | None, a: str, b: str, later: bool) -> None:
    """Merge entity B into entity A (ids or names); A keeps its name."""
    _record(db, later, "merge", lambda store: merge_args(store, a, b))


@entity_command.command("split")
@db_option
@click.argument("ref", metavar="ID", type=TEXT)
@click.option("--alias", "alias", metavar="NAME", help="Move this alias's mentions out.", type=TEXT)
@click.option("--cables", metavar="ID,...", help="Move the mentions in these cables out.", type=TEXT)
@_later
@friendly
def split_command(
    db: str | None, ref: str, alias: str | None, cables: str | None, later: bool
) -> None:
    """Split entity ID: the mentions of one alias (--alias) or in some cables (--cables)
    become an entity of their own."""
    if (alias is None) == (cables is None):
        raise click.UsageError("give one of --alias NAME or --cables ID,...")
    ids = None if cables is None else cables.split(",")
    _record(db, later, "split", lambda store: split_args(store, ref, alias, ids))


@entity_command.command("rename")
@db_option
@click.argument("ref", metavar="ID", type=TEXT)
@click.argument("name", type=TEXT)
@_later
@friendly
def rename_command(db: str | None, ref: str, name: str, later: bool) -> None:
    """Give entity ID the name NAME (its id follows the name)."""
    _record(db, later, "rename", lambda store: rename_args(store, ref, name))
