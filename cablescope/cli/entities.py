"""The ``resolve``, ``entities`` and ``entity`` commands: who and what the cables name."""

from __future__ import annotations

import shlex
import time
from collections.abc import Callable

import click

from cablescope.analysis.review import ReviewItem, review
from cablescope.cli._common import TEXT, db_option, echo_json, friendly, open_store, progress
from cablescope.model.mention import ENTITY_TYPES
from cablescope.resolve import resolve_store, steps
from cablescope.resolve.lookup import (
    confirm_args,
    curate,
    find_entity,
    merge_args,
    rename_args,
    require_resolved,
    split_args,
    with_candidates,
)
from cablescope.model.entity import AliasLinks, Entity, EntityDetail
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
    with open_store(db, streams=True) as store, progress(steps(store), "resolving") as step:
        totals = resolve_store(store, step)
    click.echo(f"{totals.summary()} in {time.perf_counter() - started:.1f} s")


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


def _sure(a: AliasLinks) -> str:
    how = ", ".join(f"{m} {n:,}" for m, n in a.methods)
    least = f" (least {a.least:.2f})" if a.least < a.mean else ""
    return f"{a.mean:.2f}{least}  {how}"


def _aliases(d: EntityDetail) -> list[str]:
    """One line per alias key: how it is written (with mentions) and how sure its links are."""
    lines, shown = [], set()
    for a in d.links:
        written = ", ".join(
            f"{x.surface} ({x.count:,})" for x in d.entity.aliases if x.key == a.key
        )
        lines.append(f"  {written or a.key:<44} {_sure(a)}")
        shown.add(a.key)
    lines += [f"  {a.surface} ({a.count:,})" for a in d.entity.aliases if a.key not in shown]
    return lines


def _render(d: EntityDetail) -> str:
    e = d.entity
    lines = [f"{e.name}  ({e.id}, {e.type})", _row(e), ""]
    lines += ["aliases (mentions), and how sure their links are: mean confidence, by method:"]
    lines += _aliases(d)
    if d.candidates:
        lines += ["", "named short, and the cables do not always say who; may be:"]
        lines += [f"  {n:>5} cables  {name} ({i})" for i, name, n in d.candidates]
    lines += ["", "co-mentioned:"]
    lines += [f"  {n:>5} cables  {name} ({i})" for i, name, _, n in d.co_mentions]
    lines += ["", "by month:"]
    lines += [f"  {m}  {'#' * min(n, 60)} {n}" for m, n in d.timeline]
    lines += ["", f"cables ({len(d.cable_ids)}):", "  " + " ".join(d.cable_ids)]
    return "\n".join(lines)


class EntityGroup(click.Group):
    """``entity ID`` shows an entity; ``entity merge|split|rename|confirm|reject|review|show``
    are subcommands."""

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
    """Show one entity (`cablescope entity ID [--json]`), review the least certain links
    (`entity review`), or curate: merge, split, rename, confirm, reject.

    Judgements are kept in the database and re-applied by every `cablescope resolve`, so they
    survive re-ingest and re-tagging.
    """


@entity_command.command("show")
@db_option
@click.argument("ref", metavar="ID", type=TEXT)
@_json
@friendly
def show_command(db: str | None, ref: str, as_json: bool) -> None:
    """Show entity ID (an id, or a name or alias that names one entity): aliases with how
    sure their links are, cables, co-mentioned entities and a monthly timeline. JSON: the
    `entities` fields plus "key", "alias_counts", "cable_ids", "co_mentions", "timeline",
    "alias_links" (per alias key: "aliases", "mentions", "cables", mean and "min"
    confidence, "methods") and "candidates" (for a person named short whose links are
    ambiguous, the people it may be: "id", "name", "cables")."""
    with open_store(db) as store:
        _check(store)
        detail = store.entity_detail(find_entity(store, ref).id)
        assert detail is not None
        detail = with_candidates(store, detail)
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
@click.option(
    "--cables", metavar="ID,...", help="Move the mentions in these cables out.", type=TEXT
)
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


@entity_command.command("confirm")
@db_option
@click.argument("ref", metavar="ID", type=TEXT)
@click.argument("alias", metavar="ALIAS", type=TEXT)
@_later
@friendly
def confirm_command(db: str | None, ref: str, alias: str, later: bool) -> None:
    """Confirm entity ID's links through ALIAS.

    The mentions of ALIAS linked to entity ID are right: their links become certain
    (confidence 1, method curated) and leave `entity review`."""
    _record(db, later, "confirm", lambda store: confirm_args(store, ref, alias))


@entity_command.command("reject")
@db_option
@click.argument("ref", metavar="ID", type=TEXT)
@click.argument("alias", metavar="ALIAS", type=TEXT)
@_later
@friendly
def reject_command(db: str | None, ref: str, alias: str, later: bool) -> None:
    """Reject entity ID's links through ALIAS.

    The alias is split off into an entity of its own (as `entity split ID --alias
    ALIAS`)."""
    _record(db, later, "split", lambda store: split_args(store, ref, alias))


def _review_text(items: list[ReviewItem]) -> str:
    if not items:
        return "no link is less than certain"
    lines = []
    for i, item in enumerate(items, 1):
        lines.append(f"{i}. {item.line()}")
        for s in item.samples:
            where = f"{s.cable_id}  {(s.date or 'undated')[:10]}"
            lines.append(f"     {where:<30} {s.before}«{s.mention}»{s.after}")
        ref, alias = shlex.quote(item.entity.id), shlex.quote(item.alias)
        lines.append(f"     confirm: cablescope entity confirm {ref} {alias}")
        if item.alone:
            lines.append(f"     join:    cablescope entity merge OTHER-ID {ref}")
        else:
            lines.append(f"     reject:  cablescope entity reject {ref} {alias}")
        lines.append("")
    return "\n".join(lines).rstrip()


@entity_command.command("review")
@db_option
@click.option("--type", "kind", type=click.Choice(ENTITY_TYPES), help="Only this type.")
@click.option("--top", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--samples", type=click.IntRange(0, 20), default=3, show_default=True)
@click.option(
    "--alone",
    is_flag=True,
    help="Review instead the aliases that cannot be split off: names left alone because "
    "several fit, entities' only aliases.",
)
@_json
@friendly
def review_command(
    db: str | None, kind: str | None, top: int, samples: int, alone: bool, as_json: bool
) -> None:
    """List the least certain links first.

    One item per entity and alias (mean confidence of its links, methods, mentions and
    cables, sample contexts), each judged with one command: `entity confirm ID ALIAS` or
    `entity reject ID ALIAS`. JSON: a list of
    {"entity": {"id", "name", "type"}, "alias", "alone", "key", "mentions", "cables",
    "mean", "min", "methods", "samples"}."""
    with open_store(db) as store:
        _check(store)
        items = review(store, top, kind, samples, alone)
    if as_json:
        echo_json([item.to_dict() for item in items])
    else:
        click.echo(_review_text(items))
