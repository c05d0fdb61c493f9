"""Helpers shared by the commands: the database option, error translation, JSON output."""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click
import orjson

from cablescope.errors import CablescopeError, Interrupted
from cablescope import store
from cablescope.store import Database
from cablescope.tagging.load import DEFAULT_TAGGER

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from cablescope.pipeline.cluster import RayRunner
    from cablescope.pipeline.runner import Stage, Then

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_DB = "cablescope.db"


def db_url(explicit: str | None) -> str:
    """``--db``, else ``$CABLESCOPE_DB``, else ``cablescope.db`` in the working directory: a
    SQLite file, ``sqlite:///PATH``, ``postgresql://...`` or ``memory:``."""
    return explicit or os.environ.get("CABLESCOPE_DB") or DEFAULT_DB


workers_option = click.option(
    "--workers",
    type=int,
    default=None,
    help="Worker processes (default: 2); with --ray, Ray actors (default: the cluster's CPUs).",
)

ray_option = click.option(
    "--ray",
    "ray_address",
    default=None,
    metavar="ADDRESS",
    help="Read and tag on a Ray cluster: auto (the one running here), local (a new one on "
    "this machine) or ray://HOST:PORT. Needs the extra: pip install 'cablescope[ray]'.",
)


def ray_runner(
    stage: Stage,
    address: str,
    workers: int | None,
    db: str | None,
    writer: Callable[[str], Then],
) -> RayRunner:
    """The Ray runner of ``--ray ADDRESS``, whose workers store what they make themselves
    (``writer`` of the database URL) when ``--db`` names a server's database; the driver
    writes to a SQLite file. A CablescopeError names what failed when Ray is missing or the
    cluster cannot be joined."""
    from cablescope.pipeline.cluster import RayRunner

    url = db_url(db)
    then = writer(url) if store.engine(url)[0] == "postgresql" else None
    try:
        return RayRunner(stage, address, workers, then)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CablescopeError(f"cannot join the Ray cluster at {address!r}: {message}") from None


db_option = click.option(
    "--db",
    "db",
    default=None,
    metavar="URL",
    help="Database: a SQLite file or sqlite:///PATH, or postgresql://USER@HOST/NAME "
    "(default: $CABLESCOPE_DB or ./cablescope.db).",
)


tagger_option = click.option(
    "--tagger",
    "tagger_name",
    default=DEFAULT_TAGGER,
    show_default=True,
    metavar="NAME",
    help="Tagger: cablescope (the shipped models, one for mixed case and one for text in "
    "capitals, or the model `cablescope train` wrote), minilm (a MiniLM encoder, extra "
    "cablescope[minilm]), auto (minilm for text in capitals, cablescope for the rest), "
    "minilm:<folder> (one `cablescope train --backend minilm` wrote), "
    "spacy:<pipeline> (any installed spaCy pipeline), or another registered backend "
    "(imported, static).",
)


class _Text(click.ParamType):
    """A word, id, name or query typed on the command line, as valid Unicode: bytes that are
    not UTF-8 (a Latin-1 terminal) are read as Windows-1252, other lone surrogates replaced,
    so that nothing further on fails to encode them."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from cablescope.query import clean

        return clean(str(value))


TEXT = _Text()


def open_store(explicit: str | None, *, create: bool = False, streams: bool = False) -> Database:
    """The database of ``--db`` (see ``db_url``); a SQLite file must exist unless ``create``.
    A command that ``streams`` every cable (or creates the file, as ingest) reads without a
    memory map, so that its resident size is what it holds."""
    url = db_url(explicit)
    path = store.database_file(url)
    if not create and path is not None and not os.path.exists(path):
        raise click.ClickException(
            f"no database at {path}; run `cablescope ingest PATH...` first or pass --db"
        )
    return store.open(url, mapped=not (create or streams))


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn cablescope's own errors into one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except Interrupted as exc:
            click.echo(str(exc), err=True)
            sys.exit(130)
        except CablescopeError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper


def echo_json(value: Any) -> None:
    """Print one JSON document (indented) on stdout."""
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")


def echo_json_line(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value).decode() + "\n")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word`` as English counts them: 1 match, 2 matches, 1,024 cables."""
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {many or word + 's'}"


class QueryCommand(click.Command):
    """A command whose arguments are query words: a word starting with ``-`` that names no
    option of the command is a negated query word (``search chavez -semar``), not an
    unknown option, so the query needs no ``--`` before it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not (param.is_flag or param.count)
        options: list[str] = []
        words: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            name = arg.partition("=")[0]
            if arg == "--":
                words.extend(args[i + 1 :])
                break
            if name in takes_value:
                options.append(arg)
                if takes_value[name] and "=" not in arg and i + 1 < len(args):
                    options.append(args[i + 1])
                    i += 1
            else:
                words.append(arg)
            i += 1
        return super().parse_args(ctx, [*options, "--", *words])


def query_argument(required: bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The QUERY words of a QueryCommand, passed on joined by spaces as ``query``."""

    def join(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> str:
        return " ".join(value)

    return click.argument("query", nargs=-1, required=required, type=TEXT, callback=join)


@contextmanager
def progress(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal, else nothing: yields the function
    to call with each step done."""
    if not sys.stderr.isatty():
        yield lambda _n: None
        return
    with click.progressbar(
        length=max(length, 1), label=label, show_eta=True, show_percent=True, file=sys.stderr
    ) as bar:
        yield bar.update


class LateProgress:
    """A progress bar on stderr when it is a terminal, opened at the first step of work whose
    size is known only when it starts (``length`` is asked then; ``before`` is called just
    before, to end what showed until then); ``close`` ends it."""

    def __init__(
        self, length: Callable[[], int], label: str, before: Callable[[], None] = lambda: None
    ) -> None:
        self._length = length
        self._label = label
        self._before = before
        self._shown = sys.stderr.isatty()
        self._bar: ProgressBar[int] | None = None

    def __call__(self, n: int) -> None:
        if not self._shown:
            return
        if self._bar is None:
            self._before()
            self._bar = click.progressbar(
                length=max(self._length(), 1),
                label=self._label,
                show_eta=True,
                show_percent=True,
                file=sys.stderr,
            )
            self._bar.__enter__()
        self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


class ByteProgress:
    """A progress bar on stderr when it is a terminal, for work measured in bytes of input:
    its ``total`` is asked once, up front; where that is None (a size no one can know before
    reading, as a pipe's) it counts the bytes done and says the total is unknown rather than
    guess a time. Call it with the bytes of each step done; ``close`` ends it.

    The time left is the bytes left at the rate since the first steps, not click's estimate,
    which divides the time since the bar opened by the work done: what comes before the first
    step (workers starting, a model loading) would count as work, and the first estimates
    overstate the time left by the share of it still to do. The steps that come back within
    ``TOGETHER`` seconds of the first are the start of the timing, not part of the rate: each
    worker's first job ends about when the first does, and they come back at once."""

    TOGETHER = 0.5

    def __init__(self, total: Callable[[], int | None], label: str) -> None:
        self._bar: ProgressBar[int] | None = None
        self._total: int | None = None
        self._done = 0
        self._first = 0.0
        self._origin: tuple[float, int] | None = None
        self._left = ""
        self._when = 0.0
        if not sys.stderr.isatty():
            return
        self._total = total()
        options: dict[str, Any] = {
            "label": label,
            "show_eta": False,
            "item_show_func": lambda _item: self._info(),
            "file": sys.stderr,
        }
        if self._total is None:
            # An iterable without a length: click draws a moving mark and no percentage.
            self._bar = click.progressbar(iter(int, 1), show_percent=False, **options)
        else:
            self._bar = click.progressbar(length=max(self._total, 1), show_percent=True, **options)
        self._bar.__enter__()

    def __call__(self, n: int) -> None:
        if self._bar is None or n <= 0:
            return
        self._done += n
        now = time.monotonic()
        if self._origin is None:
            self._first = now
        if now - self._first < self.TOGETHER:
            self._origin = (now, self._done)
        self._bar.update(n)

    def _info(self) -> str:
        done = f"{self._done / 1e6:,.1f}"
        if self._total is None:
            return f"{done} MB, total size unknown"
        return f"{done} of {self._total / 1e6:,.1f} MB  {self._time_left()}".rstrip()

    def _time_left(self) -> str:
        now = time.monotonic()
        if self._origin is None or self._total is None or self._done >= self._total:
            return ""
        if now - self._when < 1.0:
            return self._left  # changed at most once a second, as click's own
        self._when = now
        started, first = self._origin
        if self._done > first:
            seconds = int((self._total - self._done) * (now - started) / (self._done - first))
            self._left = f"{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}"
        return self._left

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
