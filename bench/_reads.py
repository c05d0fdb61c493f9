"""What the decisions of each cable actually read of the archive (``record``), for
``resolve_churn.py``: the finest record an exact incremental resolution could keep per cable,
against the per-key views of ``_views``.

``Decide.cable`` reads the key-level tables only through a few questions (is this key a
person's, what does it normalise to, which full names can this short name be, what is this
full name's signature, which roles does this year give it, where is this acronym defined,
what is this key's root among joined keys). While ``record`` runs, each of those asked from
outside another (the outermost question, whose answer is all the cable takes from it) is
kept as a fact ``(question, arguments)``; a cable is decided again after a batch only when
the answer to one of its facts changed (``changed``). The answers are compared whole: a full
name's signature whose shares moved is changed, however far from any threshold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import Any

from cablescope.resolve.cluster import Decide, _Keys
from cablescope.resolve.gather import Seen
from cablescope.resolve.people import PLACE, People
from cablescope.resolve.tables import Names, Tables

Fact = tuple[Hashable, ...]


@dataclass(frozen=True)
class _Dated:
    """What of a cable some questions read: its date, and for ``People.beyond`` its place."""

    date: str | None
    place: tuple[str, str] | None = None


class _State:
    on = False
    depth = 0
    facts: set[Fact] = set()


_STATE = _State()


def _note(fact: Fact) -> None:
    if _STATE.on and _STATE.depth == 0:
        _STATE.facts.add(fact)


def _asked(name: str, args: Callable[..., tuple[Hashable, ...]]) -> Callable[[Any], Any]:
    """Wrap a method so that a call from outside every other question is kept as the fact
    ``(name, *args(...))``, and the questions it asks in turn are not."""

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(method)
        def recorded(self: Any, *a: Any, **kw: Any) -> Any:
            _note((name, *args(*a, **kw)))
            _STATE.depth += 1
            try:
                return method(self, *a, **kw)
            finally:
                _STATE.depth -= 1

        return recorded

    return wrap


class _Dict(dict[Any, Any]):
    """A table whose lookups from outside every question are facts ``(name, key)``."""

    name = ""

    def __getitem__(self, key: Any) -> Any:
        _note((self.name, key))
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        _note((self.name, key))
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        _note((self.name, key))
        return super().__contains__(key)


class _Counter(Counter[Any]):
    name = ""

    def __getitem__(self, key: Any) -> int:
        _note((self.name, key))
        return super().__getitem__(key)


def _named(table: dict[Any, Any], name: str, kind: type[Any] = _Dict) -> Any:
    made = kind(table)
    made.name = name
    return made


_PATCHED: list[tuple[type, str, Any]] = []


def _patch(cls: type, attr: str, name: str, args: Callable[..., tuple[Hashable, ...]]) -> None:
    original = getattr(cls, attr)
    _PATCHED.append((cls, attr, original))
    setattr(cls, attr, _asked(name, args)(original))


def _evidence(self: People, cable: Seen, context: Any, full: str) -> float:
    # People.evidence, asking its two questions apart: the whole of the full name's
    # places would change with every cable naming it anywhere.
    signature = self.signature(full)
    score = max((signature.get(key, 0.0) for key in context), default=0.0)
    if cable.place is not None:
        _note(("placed", full, cable.place))
        _STATE.depth += 1
        try:
            places = self.t.places.get(full)
            if places is not None and places[cable.place]:
                score += PLACE
        finally:
            _STATE.depth -= 1
    return score


def instrument() -> None:
    """Patch the questions (once per process)."""
    if _PATCHED:
        return
    one = lambda key: (key,)  # noqa: E731
    _patch(Tables, "is_person", "is_person", one)
    _patch(Names, "normal", "normal", one)
    _patch(Names, "full", "full", one)
    _patch(Names, "fuller", "fuller", one)
    _patch(Names, "candidates", "candidates", one)
    _patch(Names, "given", "given", one)
    _patch(People, "signature", "signature", lambda full, lift=0.0: (full, lift))
    _patch(People, "_titles", "titles", lambda full, year: (full, year))
    _patch(People, "in_period", "in_period", lambda cable, full: (cable.date, full))
    _patch(People, "by_role", "by_role",
           lambda cable, key, roles: (cable.date, key, frozenset(roles)))  # fmt: skip
    _patch(People, "by_year", "by_year", lambda cable, key, among=(), near=False: (
        cable.date, key, tuple(sorted(among)), near))  # fmt: skip
    _patch(_Keys, "find", "root", one)
    _PATCHED.append((People, "evidence", People.evidence))
    People.evidence = _evidence  # type: ignore[method-assign]


def recordable(decide: Decide) -> Decide:
    """``decide`` with the tables its decisions look up directly kept as facts when read."""
    names, t, acronyms = decide.names, decide.t, decide.acronyms
    names.folded = _named(names.folded, "folded")
    names.dominant = _named(names.dominant, "dominant")
    t.df = _named(t.df, "df", _Counter)
    acronyms.national = _named(acronyms.national, "national")
    acronyms.joins = _named(acronyms.joins, "joins")
    t.defined_at = _named(t.defined_at, "defined_at")
    decide.keys.why = _named(decide.keys.why, "why")
    return decide


@contextmanager
def recording() -> Iterator[set[Fact]]:
    """Keep the facts asked while the block runs."""
    _STATE.on, _STATE.depth, _STATE.facts = True, 0, set()
    try:
        yield _STATE.facts
    finally:
        _STATE.on = False


def record(decide: Decide, i: int, cable: Seen) -> frozenset[Fact]:
    """The facts the decisions of ``cable`` read (``decide`` made ``recordable``)."""
    with recording() as facts:
        decide.cable(i, cable)
    return frozenset(facts)


_MISSING = object()


def answer(decide: Decide, fact: Fact) -> Any:
    """The answer to ``fact`` in ``decide`` (recording off)."""
    name, *args = fact
    d, names, people, t = decide, decide.names, decide.people, decide.t
    direct: dict[str, Callable[..., Any]] = {
        "is_person": t.is_person,
        "normal": names.normal,
        "full": names.full,
        "fuller": names.fuller,
        "candidates": names.candidates,
        "given": names.given,
        "signature": people.signature,
        "titles": people._titles,  # noqa: SLF001
        "root": d.keys.find,
        "folded": lambda k: dict.get(names.folded, k, _MISSING),
        "dominant": lambda k: dict.get(names.dominant, k, _MISSING),
        "df": lambda k: Counter.__getitem__(t.df, k),
        "national": lambda k: dict.get(d.acronyms.national, k, _MISSING),
        "joins": lambda k: dict.get(d.acronyms.joins, k, _MISSING),
        "defined_at": lambda k: dict.get(t.defined_at, k, _MISSING),
        "why": lambda k: dict.get(d.keys.why, k, _MISSING),
    }
    if name in direct:
        return direct[name](*args)
    if name == "in_period":
        return people.in_period(_Dated(args[0]), args[1])  # type: ignore[arg-type]
    if name == "by_role":
        # The decisions read the votes only through which names have any and which one
        # they decide (``People.decided``): the counts themselves are not compared.
        votes = people.by_role(_Dated(args[0]), args[1], set(args[2]))  # type: ignore[arg-type]
        return frozenset(votes), people.decided(votes)
    if name == "by_year":
        return people.by_year(_Dated(args[0]), args[1], args[2], args[3])  # type: ignore[arg-type]
    if name == "beyond":
        date, place, key, context, votes = args
        return people.beyond(_Dated(date, place), key, set(context), Counter(dict(votes)))
    if name == "placed":
        places = t.places.get(args[0])
        return bool(places is not None and places[args[1]])
    raise KeyError(name)


def grain(step: float) -> None:
    """Make ``People.signature`` give shares floored to multiples of ``step`` (an experiment
    on decisions whose shares move only across steps; membership is decided unrounded)."""
    instrument()
    inner = People.signature.__wrapped__  # type: ignore[attr-defined]

    def floored(self: People, full: str, lift: float = 0.0) -> dict[str, float]:
        found = inner(self, full, lift)
        return {k: int(v / step + 1e-9) * step for k, v in found.items()}

    replacement = _asked("signature", lambda full, lift=0.0: (full, lift))(floored)
    People.signature = replacement  # type: ignore[method-assign]


def beyond() -> None:
    """Keep ``People.beyond`` (a short name decided from the archive) as one question of the
    cable's date, place and context and the short name's role votes, whose answer is the
    link: what its signatures, periods and candidates' cables say is read inside it."""
    instrument()
    inner = People.beyond

    def args(cable: Seen, key: str, context: set[str], votes: Counter[str]) -> Fact:
        return cable.date, cable.place, key, frozenset(context), tuple(sorted(votes.items()))

    People.beyond = _asked("beyond", args)(inner)  # type: ignore[method-assign]


def changed(facts: set[Fact], before: Decide, after: Decide) -> set[Fact]:
    """The facts whose answers differ between ``before`` and ``after``."""
    return {f for f in facts if answer(before, f) != answer(after, f)}
