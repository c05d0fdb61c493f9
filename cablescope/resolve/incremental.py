"""A resolution brought up to date batch by batch, equal to resolving every cable again.

``Incremental`` keeps the key-level tables of the cables it holds, each cable's decisions and
the facts those decisions read of the archive (``facts``) with their answers. A batch of new
cables is added to the tables; every fact is answered again under the new tables; the new
cables and the old ones holding a fact whose answer changed are decided again, and the others
keep their decisions, which could not have changed. ``resolution`` makes the entities from
the decisions as ``cluster.resolve`` does, with the same result (a test compares them after
every batch).

Only the facts a batch can change are answered again (``_asked_again``): a key-level fact where
the decisions before and after the batch differ for its key (or, for ``is_person`` and
``defined_at``, where the batch names or defines it; for ``normal``, where the key shares a
word with the batch's keys or a word it makes one of the language), ``ALWAYS`` the few cheap
ones, and the facts about a person named short (``by_role``, ``beyond``, most of the time) for
the short names whose evidence may have moved (``_Evidence``): one the batch writes with a role
or that heads or ends a name of several words it makes a person's or no longer (``_flipped``),
one whose dominant full name, full names or candidates changed, one whose titles are written
beside a full name that now stands for another, and one of whose full names the batch names,
has retitled or has a changed signature. Signatures change with the size of the archive too;
``people.reach`` says at what size one could. ``stale`` checks it: every fact answered again,
none differs from its record.

The names around full names are counted for every pair, not only those the archive's counts
make worth it (``worth_near``): a batch can make a pair matter whose old cables were never
counted. Signatures are the same either way.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from cablescope.errors import EntityError
from cablescope.model import Cable
from cablescope.model.entity import Judgement, Resolution
from cablescope.resolve import curation
from cablescope.resolve._gc import uncollected
from cablescope.resolve.cluster import Decide, build
from cablescope.resolve.facts import Fact, answer
from cablescope.resolve.gather import Seen, lower_words, seen
from cablescope.resolve.labels import Assigned, Clusters
from cablescope.resolve.people import reach
from cablescope.resolve.record import Held, Record, squeeze, unsqueeze
from cablescope.resolve.tables import LOWER, Fulls, Tables

K = TypeVar("K")

PERSON = frozenset({"by_role", "beyond"})
"""Questions about people named short, indexed by the short name (``_indexed``)."""

ALWAYS = ("full", "titled")
"""Questions asked again after every batch: cheap, and read by few facts."""


def _renamed(
    keys: Iterable[str], batch: Sequence[Seen], lower: Mapping[str, int], t: Tables
) -> set[str]:
    """Those of ``keys`` whose ``normal`` fact a batch can change. A key's headline words
    come off (``Names._trim``) by the counts, types and capitals of the key, of the keys its
    leading and trailing words make and of each of its words, by the full names each word
    begins and by whether each word is one of the language (written in lower case in
    ``LOWER`` cables). A batch changes the first only for its own keys, the second only for
    the first words of its keys of several words, and the last only for the words its cables
    (``lower``: how many write each word in lower case) bring to ``LOWER`` under ``t``, the
    tables it is added to."""
    named = {s.key for cable in batch for s in cable.spans}
    words = {k.split()[0] for k in named if " " in k}
    words.update(w for w, n in lower.items() if t.lower[w] >= LOWER > t.lower[w] - n)
    found = set()
    for key in keys:
        tokens = key.split()
        if len(tokens) < 2:
            continue  # one word: nothing comes off
        ends = (" ".join(tokens[:j]) for j in range(1, len(tokens)))
        starts = (" ".join(tokens[i:]) for i in range(1, len(tokens)))
        if (key in named or not words.isdisjoint(tokens) or not named.isdisjoint(tokens)
                or not named.isdisjoint(ends) or not named.isdisjoint(starts)):  # fmt: skip
            found.add(key)
    return found


@dataclass(frozen=True, slots=True)
class Update:
    """What bringing the resolution up to date with one batch took."""

    added: int
    """New cables, all decided."""
    decided_again: int
    """Old cables decided again: those holding a fact whose answer the batch changed."""
    facts: int
    """Distinct facts answered again."""
    changed: int
    """Facts whose answer changed."""


def every_pair(_full: str, _key: str) -> bool:
    """Count the names around full names for every pair (see the module's docstring)."""
    return True


def _differ(was: Mapping[K, object], now: Mapping[K, object]) -> set[K]:
    return {k for k in was.keys() | now.keys() if was.get(k) != now.get(k)}


@dataclass(frozen=True, slots=True)
class Before:
    """What the decisions of the last batch gave that the next batch compares its own with
    (``_moved``, ``Evidence.changed``): roots and why keys were joined, the full names short
    ones can be, acronym meanings and the roles full names are written with. Kept in the
    record (``Evidence.pack``), so that a batch need not decide the tables before it again."""

    roots: dict[str, str]
    why: dict[str, str]
    fulls: Fulls
    national: dict[str, tuple[str, str]]
    joins: dict[str, str]
    titles: dict[tuple[str, str], Counter[str]]

    @classmethod
    def of(cls, decide: Decide) -> Before:
        """What ``decide`` gives."""
        keys, names, acronyms = decide.keys, decide.names, decide.acronyms
        return cls({k: keys.find(k) for k in list(keys.parent)}, keys.why,
                   Fulls(names.folded, names.containing, names.dominant),
                   acronyms.national, acronyms.joins, decide.people.titles)  # fmt: skip

    def root(self, key: str) -> str:
        """The key ``key`` was joined under."""
        return self.roots.get(key, key)

    def plain(self) -> dict[str, object]:
        """As JSON values (``read`` reads them back)."""
        f = self.fulls
        return {
            "roots": self.roots, "why": self.why, "folded": f.folded, "dominant": f.dominant,
            "containing": {short: sorted(fulls) for short, fulls in f.containing.items()},
            "national": self.national, "joins": self.joins,
            "titles": [[*k, roles] for k, roles in self.titles.items()],
        }  # fmt: skip

    @classmethod
    def read(cls, data: dict[str, Any]) -> Before:
        """What ``plain`` gave."""
        containing = {short: set(fulls) for short, fulls in data["containing"].items()}
        return cls(data["roots"], data["why"],
                   Fulls(data["folded"], containing, data["dominant"]),
                   {a: (e, c) for a, (e, c) in data["national"].items()}, data["joins"],
                   {(f, y): Counter(roles) for f, y, roles in data["titles"]})  # fmt: skip


def _moved(old: Before, new: Decide, batch: Sequence[Seen]) -> dict[str, set[str]]:
    """Question -> the keys whose answer may differ under ``new`` from under ``old`` once
    ``batch`` is added, for the key-level questions but ``ALWAYS`` and ``PERSON``."""
    joined = old.roots.keys() | new.keys.parent.keys()
    return {
        "is_person": {s.key for cable in batch for s in cable.spans},
        "root": {k for k in joined if old.root(k) != new.keys.find(k)},
        "why": _differ(old.why, new.keys.why),
        "folded": _differ(old.fulls.folded, new.names.folded),
        "dominant": _differ(old.fulls.dominant, new.names.dominant),
        "national": _differ(old.national, new.acronyms.national),
        "joins": _differ(old.joins, new.acronyms.joins),
        "defined_at": {a for cable in batch if cable.place for a in cable.acronyms},
    }


class Evidence:
    """What of the archive a short name's evidence reads, kept between batches to find the
    short names a batch can change (``changed``)."""

    def __init__(self) -> None:
        self.signed: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        """Full name -> the keys of its signature at the lower and the higher lift."""
        self.by_key: dict[str, set[str]] = {}
        """Key -> the full names whose signature (``signed``) holds it."""
        self.least: dict[str, float] = {}
        """Full name -> archive size at which a key could join its signature."""
        self.beside: dict[str, str] = {}
        """Full name a short name is titled beside -> the full name it stands for."""
        self.before: Before | None = None
        """What the decisions of the last batch gave (None before any cable)."""

    def pack(self) -> bytes:
        """The record as compressed JSON (``unpack`` reads it back)."""
        return squeeze({
            "signed": {f: [sorted(low), sorted(high)] for f, (low, high) in self.signed.items()},
            "least": self.least,
            "beside": self.beside,
            "before": self.before.plain() if self.before is not None else None,
        })  # fmt: skip

    @classmethod
    def unpack(cls, blob: bytes) -> Evidence:
        """The record ``pack`` packed."""
        data = unsqueeze(blob)
        found = cls()
        for full, (low, high) in data["signed"].items():
            found.signed[full] = frozenset(low), frozenset(high)
            for key in low:
                found.by_key.setdefault(key, set()).add(full)
        found.least = {f: float(n) for f, n in data["least"].items()}
        found.beside = data["beside"]
        before = data.get("before")
        found.before = Before.read(before) if before is not None else None
        return found

    def _sign(self, tables: Tables, full: str) -> bool:
        """Bring the record of ``full``'s signature up to date; whether it changed."""
        was = self.signed.pop(full, (frozenset(), frozenset()))
        for key in was[0]:
            self.by_key[key].discard(full)
        low, high, least = reach(tables, full)
        if low:
            self.signed[full] = low, high
            for key in low:
                self.by_key.setdefault(key, set()).add(full)
        if least < math.inf:
            self.least[full] = least
        else:
            self.least.pop(full, None)
        return (low, high) != was

    def changed(self, new: Decide, batch: Sequence[Seen], shorts: Collection[str]) -> set[str]:
        """Those of ``shorts`` whose ``by_role`` and ``beyond`` facts may answer otherwise
        under ``new`` than under the last batch's decisions (``before``), once ``batch`` is
        added (all of them before any cable); brings the record up to date, ``before``
        included."""
        old = self.before
        keys = {s.key for cable in batch for s in cable.spans}
        t, names = new.t, new.names
        maybe = {f for f in keys if f in t.near}
        maybe.update(f for k in keys for f in self.by_key.get(k, ()))
        maybe.update(f for f, least in self.least.items() if t.cables + 1 >= least)
        signing = maybe if old is not None else set(t.near)
        t.near.want(signing)
        signs = {full for full in signing if self._sign(t, full)}
        beside = {f: names.full(f) for found in t.titled.values() for f in found}
        moved = {f for f in beside.keys() | self.beside.keys()
                 if beside.get(f) != self.beside.get(f)}  # fmt: skip
        self.beside = beside
        self.before = Before.of(new)
        if old is None:
            return set(shorts)
        found = {short for (_, short, _), fulls in t.titled.items() if moved & fulls.keys()}
        found.update(s.key for cable in batch for s in cable.spans if s.role)
        found.update(word for k in _flipped(t, batch) for word in (k.split()[0], k.split()[-1]))
        found.update(_differ(old.fulls.dominant, names.dominant))
        evidence = keys | signs
        evidence.update(full for full, _ in _differ(old.titles, new.people.titles))
        for short in shorts:
            if short in found or (short not in names.containing and short not in names.dominant
                                  and short not in old.fulls.containing):  # fmt: skip
                continue
            fuller, candidates = names.fuller(short), names.candidates(short)
            if (fuller != old.fulls.fuller(short) or candidates != old.fulls.candidates(short)
                    or not evidence.isdisjoint(fuller) or not evidence.isdisjoint(candidates)):  # fmt: skip
                found.add(short)
        return found


def _flipped(t: Tables, batch: Sequence[Seen]) -> set[str]:
    """The keys of several words of ``batch`` that are a person's name under ``t`` (the
    batch added) and were not before it, or the other way round: only those change the
    counts of the words heading and ending people's names (``Names.given``)."""
    votes: dict[str, Counter[str]] = {}
    for cable in batch:
        for s in cable.spans:
            if " " in s.key:
                votes.setdefault(s.key, Counter())[s.type] += 1
    found = set()
    for key, added in votes.items():
        was = t.types.get(key, Counter()) - added
        if (bool(was) and was["PER"] * 2 >= was.total()) != t.is_person(key):
            found.add(key)
    return found


def update(record: Record, evidence: Evidence, tables: Tables, batch: Sequence[Seen],
           lower: Mapping[str, int], seen_of: Callable[[str], Seen],
           decided: Callable[[str, list[Assigned]], None]) -> tuple[Decide, Update]:  # fmt: skip
    """Bring ``record`` up to date with ``batch``, already added to ``tables`` (``lower``: how
    many of its cables write each word in lower case; ``evidence``: what the decisions before
    it gave): answer
    again the facts it can change, and decide again, handing each cable's mentions to
    ``decided``, the new cables and the old ones (``seen_of``) holding a fact whose answer
    changed. The decisions now, and what it took."""
    decide = Decide(tables)
    old = evidence.before
    shorts = evidence.changed(decide, batch, record.shorts(PERSON))
    _want(decide, shorts)
    if old is None:
        facts = record.every()
    else:
        keyed: dict[str, Collection[str]] = dict(_moved(old, decide, batch))
        keyed.update(dict.fromkeys(PERSON, shorts))
        keyed["normal"] = _renamed(record.shorts(("normal",)), batch, lower, tables)
        facts = record.asked(keyed, ALWAYS)
    asked = 0
    moved: list[tuple[Fact, Hashable]] = []
    for fact, was in facts:
        asked += 1
        now = answer(decide, fact)
        if now != was:
            moved.append((fact, now))
    record.answered(moved)
    redo = record.holders([fact for fact, _ in moved])
    batched = {s.id: s for s in batch}
    held: dict[str, set[Fact]] = {}
    for cable_id in sorted(redo.union(batched)):
        facts_read: set[Fact] = set()
        s = batched.get(cable_id) or seen_of(cable_id)
        _want(decide, {span.key for span in s.spans if span.type == "PER"})
        decided(cable_id, decide.cable(0, s, facts_read))
        held[cable_id] = facts_read
    record.hold(held, lambda fact: answer(decide, fact))
    return decide, Update(len(batch), len(redo), asked, len(moved))


def _want(decide: Decide, keys: Collection[str]) -> None:
    """Read at once the names around the full names that decisions about people named
    ``keys`` read (``People.signature``), when the tables read them from a record as asked."""
    names = decide.names
    decide.t.near.want({full for key in keys for full in (key, *names.candidates(key))})


class Incremental:
    """The decisions of every cable added so far, kept up to date as batches come."""

    def __init__(self) -> None:
        self.tables = Tables()
        self._seen: dict[str, Seen] = {}
        self._decided: dict[str, list[Assigned]] = {}
        self._record = Held()
        self._evidence = Evidence()

    def add(self, cables: Iterable[Cable]) -> Update:
        """Add a batch of new cables and decide again what it changes; a batch holding a
        cable already resolved is refused whole, leaving the resolution as it was."""
        with uncollected():
            return self._add(list(cables))

    def _add(self, new: list[Cable]) -> Update:
        ids: set[str] = set()
        for cable in new:
            if cable.id in self._seen or cable.id in ids:
                raise EntityError(f"cable {cable.id} is already resolved")
            ids.add(cable.id)
        batch: list[Seen] = []
        lower: Counter[str] = Counter()
        for cable in new:
            s = seen(cable)
            written = lower_words(cable.text)
            lower.update(written)
            self.tables.add(s, written)
            self.tables.add_near(s, every_pair)
            self._seen[s.id] = s
            batch.append(s)
        _, done = update(self._record, self._evidence, self.tables, batch, lower,
                         self._seen.__getitem__, self._decided.__setitem__)  # fmt: skip
        return done

    def stale(self) -> list[Fact]:
        """The facts whose recorded answer is not what the tables now give: none, unless a
        batch changed an answer without its fact being asked again."""
        return stale(self._record, Decide(self.tables))

    def resolution(self, judgements: Sequence[Judgement] = ()) -> Resolution:
        """The entities and links of every cable added, with ``judgements`` re-applied in
        order: what ``cluster.resolve`` gives for the same cables."""
        ids = sorted(self._seen)
        cables = [self._seen[c] for c in ids]
        mentions = [replace(m, cable=i) for i, c in enumerate(ids) for m in self._decided[c]]
        clusters = Clusters(mentions)
        applied, skipped = curation.apply(clusters, cables, judgements)
        return build(cables, clusters, applied, skipped)


def stale(record: Record, decide: Decide) -> list[Fact]:
    """The facts of ``record`` whose answer is not what ``decide`` gives."""
    return [fact for fact, was in record.every() if answer(decide, fact) != was]
