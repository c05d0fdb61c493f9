"""Key-level tables: what resolution knows of each name key across the archive, gathered
cable by cable (``Tables.add``) and read by the decisions of each cable.

Each table is a sum over cables of something one cable shows (type votes, acronym
definitions, the posts and years a full name is written at, the names around it, the
full names a short name is written beside, the roles names are written with each year), so the tables of a set of cables do not depend on
their order and grow with the names, not with the mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import TypeVar

import orjson

from cablescope.resolve.gather import Seen
from cablescope.resolve.keys import contains, given_name, runs, variants, within, words

K = TypeVar("K")
V = TypeVar("V")

Place = tuple[str, str]
"""(post, year)."""

Titled = tuple[str, str, str]
"""(role, short name, year)."""

LOWER = 3
"""Cables writing a word in lower case that make it a word of the language (``Names._word``)."""


Load = Callable[[list[str]], dict[str, str]]
"""Reads the counts of full names from a record, as the JSON text ``Near.written`` gave."""


class Near(MutableMapping[str, Counter[str]]):
    """``Tables.near``: full person name -> key -> cables naming both. Read from a record,
    each full name's counts stay the JSON text they were kept as (``packed``), or in the
    record (``stored``, read by ``load`` when asked for), until they are asked for: a batch
    reads few of them, and they are most of the tables. Those counted since (``counts``)
    are what ``written`` gives back."""

    __slots__ = ("_found", "_stored", "_load", "_changed")

    def __init__(
        self,
        packed: dict[str, str] | None = None,
        stored: Iterable[str] = (),
        load: Load | None = None,
    ) -> None:
        self._found: dict[str, Counter[str] | str] = dict(packed or {})
        self._stored = set(stored).difference(self._found)
        self._load = load
        # Counts read from a blob are written back as parts (``written``).
        self._changed = set(self._found)

    def want(self, fulls: Iterable[str]) -> None:
        """Read the counts of those of ``fulls`` in the record, all at once."""
        wanted = sorted(self._stored.intersection(fulls)) if self._stored else []
        if not wanted:
            return
        if self._load is None:
            raise KeyError(wanted[0])
        found = self._load(wanted)
        self._stored.difference_update(wanted)
        self._found.update((full, found[full]) for full in wanted)

    def _lookup(self, full: str) -> Counter[str] | None:
        found = self._found.get(full)
        if found is None:
            if full not in self._stored:
                return None
            self.want([full])
            found = self._found[full]
        if isinstance(found, str):
            found = self._found[full] = Counter(orjson.loads(found))
        return found

    def __getitem__(self, full: str) -> Counter[str]:
        found = self._lookup(full)
        if found is None:
            raise KeyError(full)
        return found

    def get(self, full: str, default: Counter[str] | None = None) -> Counter[str] | None:  # type: ignore[override]
        found = self._lookup(full)
        return default if found is None else found

    def counts(self, full: str) -> Counter[str]:
        """The counts of ``full``, to count more: new and empty when it has none."""
        found = self._lookup(full)
        if found is None:
            found = self._found[full] = Counter()
        self._changed.add(full)
        return found

    def __setitem__(self, full: str, counts: Counter[str]) -> None:
        self._stored.discard(full)
        self._found[full] = counts
        self._changed.add(full)

    def __delitem__(self, full: str) -> None:
        if full in self._stored:
            self._stored.discard(full)
        else:
            del self._found[full]
        self._changed.discard(full)

    def __contains__(self, full: object) -> bool:
        return full in self._found or full in self._stored

    def __iter__(self) -> Iterator[str]:
        # A snapshot: reading a name's counts moves it from one dict to the other.
        return iter([*self._found, *self._stored])

    def __len__(self) -> int:
        return len(self._found) + len(self._stored)

    def written(self) -> dict[str, str]:
        """Full name -> its counts as JSON, keys sorted, for those counted since they were
        read (all of them when they were never read from a record) and not deleted."""
        return {
            full: found if isinstance(found, str)
            else orjson.dumps(found, option=orjson.OPT_SORT_KEYS).decode()
            for full in sorted(self._changed) for found in [self._found[full]]
        }  # fmt: skip


@dataclass(slots=True)
class Tables:
    """Per-key aggregates of a set of cables."""

    cables: int = 0
    df: Counter[str] = field(default_factory=Counter)
    """Cables in which each key is mentioned."""
    count: Counter[str] = field(default_factory=Counter)
    """Mentions of each key."""
    types: dict[str, Counter[str]] = field(default_factory=dict)
    """Type votes of each key."""
    mixed: set[str] = field(default_factory=set)
    """Keys written at least once otherwise than in capitals."""
    lower: Counter[str] = field(default_factory=Counter)
    """Cables in which each word is written in lower case."""
    defined: dict[str, Counter[str]] = field(default_factory=dict)
    """Acronym -> expansion -> cables defining it so."""
    defined_at: dict[tuple[str, Place], Counter[str]] = field(default_factory=dict)
    """(acronym, place) -> expansion -> cables of that post and year defining it so."""
    places: dict[str, Counter[Place]] = field(default_factory=dict)
    """Full person name -> (post, year) -> cables naming it there and then."""
    near: Near = field(default_factory=Near)
    """Full person name -> key of a place, organisation or other non-person name -> cables
    naming both, counted by ``add_near`` in a second read."""
    together: dict[str, Counter[str]] = field(default_factory=dict)
    """Short person name -> full name containing it -> cables naming both."""
    titled: dict[Titled, Counter[str]] = field(default_factory=dict)
    """(role, short person name, year) -> full name -> cables of that year naming the short
    name with that role (``President Kirchner``) and exactly one full name containing it."""
    roles: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    """(full person name, year) -> role -> cables of that year naming the full name with
    that role (``President Cristina Fernandez de Kirchner``)."""

    def add(self, cable: Seen, lower: set[str]) -> None:
        """Count one cable (``lower``: the words it writes in lower case)."""
        self.cables += 1
        self.lower.update(lower)
        keys = {s.key for s in cable.spans}
        self.df.update(keys)
        person: set[str] = set()
        roles: dict[str, set[str]] = {}
        for s in cable.spans:
            self.count[s.key] += 1
            _bump(self.types, s.key, s.type)
            if not s.caps:
                self.mixed.add(s.key)
            if s.type == "PER":
                person.add(s.key)
            if s.type == "PER" and s.role:
                roles.setdefault(s.key, set()).add(s.role)
        year = cable.date[:4] if cable.date else None
        inside: dict[str, set[str]] = {}
        for acronym, expansion in cable.acronyms.items():
            _bump(self.defined, acronym, expansion)
            if cable.place is not None:
                _bump(self.defined_at, (acronym, cable.place), expansion)
        for full in person:
            tokens = tuple(full.split())
            if len(tokens) < 2:
                continue
            if cable.place is not None:
                _bump(self.places, full, cable.place)
            if year is not None:
                for role in roles.get(full, ()):
                    _bump(self.roles, (full, year), role)
            for run in runs(tokens):
                short = " ".join(run)
                if short in person:
                    _bump(self.together, short, full)
                    inside.setdefault(short, set()).add(full)
        if year is not None:
            for short, fulls in inside.items():
                if len(fulls) == 1:
                    for role in roles.get(short, ()):
                        _bump(self.titled, (role, short, year), next(iter(fulls)))

    def add_near(self, cable: Seen, kept: Callable[[str, str], bool]) -> None:
        """Count the names around each full person name of one cable (``near``), once every
        cable is ``add``-ed: only the pairs (full name, other key) that ``kept`` says the
        counts of all cables could still make matter (most pairs are of names too rare
        together to be a person's signature, and would be most of the tables)."""
        other = {s.key for s in cable.spans if s.type != "PER"}
        for full in {s.key for s in cable.spans if s.type == "PER"}:
            if len(full.split()) < 2:
                continue
            counts = None
            for key in other:
                if kept(full, key):
                    if counts is None:
                        counts = self.near.counts(full)
                    counts[key] += 1

    def kind(self, key: str) -> str:
        """The type most mentions of ``key`` have (ties by name)."""
        votes = self.types.get(key, Counter())
        return min(votes, key=lambda t: (-votes[t], t)) if votes else ""

    def is_person(self, key: str) -> bool:
        """Whether most mentions of ``key`` are of a person."""
        votes = self.types.get(key)
        return votes is not None and votes["PER"] * 2 >= sum(votes.values())


class Fulls:
    """The full names short names can be cut from, once the spellings folded (``folded``),
    the full names each short run of words is in (``containing``) and the full name a short
    one always goes with (``dominant``) are decided; kept between batches (``incremental``)
    to compare a batch's decisions with."""

    def __init__(self, folded: dict[str, str], containing: dict[str, set[str]],
                 dominant: dict[str, str]) -> None:  # fmt: skip
        self.folded = folded
        self.containing = containing
        self.dominant = dominant
        self._fuller: dict[str, tuple[str, ...]] = {}

    def _final(self, key: str) -> str:
        key = self.folded.get(key, key)
        seen = {key}
        while key in self.dominant and self.dominant[key] not in seen:
            key = self.dominant[key]
            seen.add(key)
        return key

    def fuller(self, short: str) -> tuple[str, ...]:
        """Every full name ``short`` can be cut from (spellings and short forms folded); a name
        written without its middle (``asif zardari``) is taken for a fuller one only by the
        one it is always written beside (see ``candidates``)."""
        known = self._fuller.get(short)
        if known is not None:
            return known
        tokens = tuple(short.split())
        if all(len(token) == 1 for token in tokens):
            return ()  # initials (the tagger's "P" of "Ronald P. Spogli") name no one
        found = {self._final(f) for f in self.containing.get(short, ())
                 if contains(tuple(f.split()), tokens)}  # fmt: skip
        known = self._fuller[short] = tuple(sorted(found - {short}))
        return known

    def candidates(self, short: str) -> tuple[str, ...]:
        """The full names ``short`` can be cut from (their spellings and short forms folded);
        the one it is written beside in (nearly) every cable naming both alone when there
        is one."""
        if all(len(token) == 1 for token in short.split()):
            return ()
        if short in self.dominant:
            return (self._final(short),)
        return self.fuller(short)


class Names(Fulls):
    """Key-level decisions over ``Tables``: the key a person's name really is (a headline's
    words off), spellings of one name, and the full names each short name can be."""

    def __init__(self, tables: Tables) -> None:
        self.t = tables
        self._normal: dict[str, str] = {}
        people = sorted(k for k in tables.types if " " in k and tables.is_person(k))
        self._first = Counter(k.split()[0] for k in people)
        self._last = Counter(k.split()[-1] for k in people)
        super().__init__(self._fold(people), {}, {})
        for full in people:
            if len(full.split()) > LONGEST or self.normal(full) != full:
                continue
            main = self.folded.get(full, full)
            for run in runs(tuple(full.split())):
                self.containing.setdefault(" ".join(run), set()).add(main)
        for short in sorted(self.containing, key=lambda k: (-len(k.split()), k)):
            found = self._dominant(short)
            if found is not None:
                self.dominant[short] = found

    def given(self, key: str) -> bool:
        """Whether ``key`` begins full names more than twice as often as it ends them
        (``ali``, ``carlos``, not ``mubarak`` or ``garcia``): a given name, which said alone
        is no one's surname."""
        return self._first[key] > 2 * self._last[key]

    def _word(self, token: str) -> bool:
        return self.t.lower[token] >= LOWER or token in words().organisation

    def normal(self, key: str) -> str:
        """The person key ``key`` names once a headline's words are off: trailing words of the
        language or of an office (``Gordon Brown Reshuffles``, ``Nestor Kirchner
        Criticizes``, ``Miguel Angel Moratinos Ministry``, ``Al Megrahi Calls Mother``) or a
        leading one (``Besieged Chavez``), when what is left is a name written far more
        often (or ends in one), and never down to a first name alone; else ``key``."""
        found = self._normal.get(key)
        if found is None:
            found = self._normal[key] = self._trim(key)
        return found

    def _trim(self, key: str) -> str:
        t = self.t
        tokens = key.split()
        n, here = len(tokens), t.count[key]
        if n < 2:
            return key
        caps = key not in t.mixed
        for j in range(n - 1, 0, -1):
            prefix = " ".join(tokens[:j])
            if j == 1 and self._first[prefix]:
                continue
            common = all(map(self._word, tokens[j:]))
            if t.is_person(prefix) and t.count[prefix] >= max(2, here):
                if caps and prefix in t.mixed and (common or j > 1):
                    return prefix
                if common and here <= 3 and t.count[prefix] >= 3 * here:
                    return prefix
            last = tokens[j - 1]
            if (common and j > 1 and here <= 3 and t.is_person(last)
                    and t.count[last] >= 10 * here):  # fmt: skip
                return prefix
        for i in range(1, n):
            rest = " ".join(tokens[i:])
            lead = tokens[:i]
            if (here <= 3 and t.is_person(rest) and t.count[rest] >= 10 * here
                    and all(self._word(w) and self._first[w] <= 1 for w in lead)):  # fmt: skip
                return rest
        return key

    def _fold(self, people: list[str]) -> dict[str, str]:
        """Spellings of one full name folded into one: keys of as many words, one of them a
        variant, into the most written one (``Nicholas Sarkozy`` -> ``Nicolas Sarkozy``), a
        given name and its nickname too (``Bill Burns`` -> ``William Burns``); a name with a
        leading initial into the name without it (``R. Nicholas Burns`` ->
        ``Nicholas Burns``)."""
        t = self.t
        groups: dict[tuple[int, tuple[str, ...]], list[str]] = {}
        for key in people:
            tokens = tuple(key.split())
            for i in range(len(tokens)):
                groups.setdefault((i, tokens[:i] + tokens[i + 1 :]), []).append(key)
        folded: dict[str, str] = {}
        for (i, _), keys in sorted(item for item in groups.items() if len(item[1]) > 1):
            keys.sort(key=lambda k: (-t.count[k], k))
            said = [k.split()[i] for k in keys]
            given = [given_name(w) for w in said] if i == 0 else None
            for j, key in enumerate(keys):
                if key in folded:
                    continue
                word = said[j]
                for m in range(j + 1, len(keys)):
                    other = said[m]
                    if keys[m] not in folded and (
                        (word[0] == other[0] and variants(word, other))
                        or (given is not None and word != other and given[j] == given[m])
                    ):
                        folded[keys[m]] = folded.get(key, key)
        for key in people:
            first, _, rest = key.partition(" ")
            if (" " in rest and len(first) == 1 and key not in folded
                    and t.is_person(rest)):  # fmt: skip
                folded[key] = folded.get(rest, rest)
        return folded

    def full(self, key: str) -> str:
        """The full name a person key of the tables stands for once headline words are off,
        spellings are folded and a short form is taken for the name it always goes with."""
        return self._final(self.normal(key))

    def _dominant(self, short: str) -> str | None:
        together: Counter[str] = Counter()
        for full, n in self.t.together.get(short, Counter()).items():
            full = self.normal(full)
            if full != short and within(tuple(full.split()), tuple(short.split())):
                together[self._final(full)] += n
        if not together:
            return None
        (best, n), total = (
            min(together.items(), key=lambda x: (-x[1], x[0])),
            sum(together.values()),
        )
        return best if n >= 2 and n >= DOMINANT * total else None


LONGEST = 5
"""Most words of a full name (longer ones are names run together by the tagger)."""

DOMINANT = 0.8
"""Share of the cables naming a short name beside one of its full names that must name the
same full name for the short name to mean it wherever evidence allows."""


def _bump(table: dict[K, Counter[V]], key: K, value: V) -> None:
    counts = table.get(key)
    if counts is None:
        counts = table[key] = Counter()
    counts[value] += 1
