"""What the decisions of a cable read of the archive: facts, each a question with its
arguments, kept while the cable is decided (``Reads``) and answered again under the tables of
a larger archive (``answer``). A cable whose facts all keep their answers decides as before,
so bringing a resolution up to date after new cables needs to decide again only those
holding a fact whose answer changed (``incremental``).

The questions are the ones ``Decide.cable`` asks from outside any other: whether a key is a
person's, what it normalises to, its root among joined keys and why, a spelling it folds
into, the full name a short name is written beside, a full name's final form, what a year's
roles say of a short name, whether a full name is written with a role, what an acronym means
archive-wide, in its country or at a post that year, and, for a short name no full name of
its cable settles, which full name the archive's evidence gives it (``People.beyond``).
Each answer is the value as the decisions read it: role votes by which names have any and
which one they decide, a definition at a post by the one expansion it has, not their
counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from cablescope.resolve.cluster import Decide

Fact = tuple[Hashable, ...]
"""(question, argument...)."""

Beyond = tuple[str | None, tuple[str, str] | None, str, frozenset[str], tuple[tuple[str, int], ...]]
"""The arguments of a ``beyond`` fact: the cable's date and place, the short name, the keys of
the cable's other names and the short name's role votes."""


class Reads:
    """Where the facts of the cable being decided go: nowhere unless a set is given."""

    __slots__ = ("facts",)

    def __init__(self) -> None:
        self.facts: set[Fact] | None = None

    def __call__(self, *fact: Hashable) -> None:
        if self.facts is not None:
            self.facts.add(fact)


@dataclass(frozen=True, slots=True)
class When:
    """What of a cable ``People.beyond`` reads: its date and (post, year)."""

    date: str | None
    place: tuple[str, str] | None


def only(found: Counter[str] | None) -> str | None:
    """The one value ``found`` counts, None when it counts none or several."""
    return next(iter(found)) if found is not None and len(found) == 1 else None


def answer(decide: Decide, fact: Fact) -> Hashable:
    """The answer to ``fact`` under ``decide``'s tables."""
    question, *args = fact
    t, names, people, acronyms = decide.t, decide.names, decide.people, decide.acronyms
    key = args[0]
    if question == "is_person":
        return t.is_person(str(key))
    if question == "normal":
        return names.normal(str(key))
    if question == "root":
        return decide.keys.find(str(key))
    if question == "why":
        return decide.keys.why.get(str(key))
    if question == "folded":
        return names.folded.get(str(key))
    if question == "dominant":
        return names.dominant.get(str(key))
    if question == "full":
        return names.full(str(key))
    if question == "by_role":
        date, short, roles = cast("tuple[str | None, str, frozenset[str]]", args)
        votes = people.by_role(When(date, None), short, set(roles))
        return frozenset(votes), people.decided(votes)
    if question == "titled":
        return people.written_with(str(key), str(args[1]))
    if question == "beyond":
        date, place, short, context, pairs = cast("Beyond", args)
        return people.beyond(When(date, place), short, set(context), Counter(dict(pairs)))
    if question == "national":
        return acronyms.national.get(str(key))
    if question == "joins":
        return acronyms.joins.get(str(key))
    if question == "defined_at":
        return only(t.defined_at.get((str(key), cast("tuple[str, str]", args[1]))))
    raise ValueError(f"no such question: {question!r}")
