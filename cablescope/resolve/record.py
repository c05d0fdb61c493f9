"""Where an incremental resolution keeps what it knows between batches (``Record``): the facts
each cable's decisions read, with their answers, found by question and key; in memory
(``Held``) or in a store (``Stored``, behind ``ResolutionRecord``), where they are rows and
the key-level tables a blob (``pack_tables``).

Facts and answers go into a store as canonical JSON (``encode``): tuples as lists, sets as
``{"s": [...]}`` sorted, so that a fact is one text, and one digest, whichever process wrote
it. Nothing is unpickled: a store read from elsewhere is data, never code.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from importlib import resources
from typing import Any, Protocol

import orjson
from isal import isal_zlib

from cablescope.errors import StoreError
from cablescope.resolve.facts import Fact
from cablescope.resolve.tables import Load, Near, Tables
from cablescope.store.base import RecordedFact, ResolutionRecord

Answer = Callable[[Fact], Hashable]

TABLES = "tables"
"""The stored record's blob of key-level tables (``pack_tables``)."""
NEAR = "near:"
"""Prefix of the stored record's blobs of the names around one full name each (``Tables.near``,
``save_tables``): most of the tables, of which a batch reads and counts few."""
EVIDENCE = "evidence"
"""The stored record's blob of the evidence of signatures (``incremental.Evidence``)."""
RESOLVER = "resolver"
"""The stored record's blob naming the resolver that wrote it (``resolver``)."""

_RESOLVER_FILES = ("resolve", "data", "tagging/names.py", "tagging/rules.py")
"""What decides resolution's answers: its own code, the packaged lists and tables, and the
name particles and acronym definitions it reads as the tagger does."""


@functools.cache
def resolver() -> bytes:
    """A digest of the code and data resolution decides with: a record written by another
    resolver (an earlier release, another checkout) holds facts decided otherwise, so a
    batch must not build on it (``batch.ready``), and the store is resolved in full once."""
    root = resources.files("cablescope")
    digest = hashlib.sha256()
    for name in _RESOLVER_FILES:
        found = root.joinpath(name)
        files = [found] if found.is_file() else sorted(found.iterdir(), key=lambda f: f.name)
        for f in files:
            if f.is_file() and not f.name.endswith((".pyc", ".csv.gz")):
                digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest().encode()


def indexed(fact: Fact) -> str:
    """The key a fact is found by: a person fact's short name, else the key it asks of."""
    return str(fact[2] if fact[0] == "by_role" else fact[3] if fact[0] == "beyond" else fact[1])


_SCALAR = (str, bool, int, float, type(None))


def _plain(value: object) -> Any:
    if isinstance(value, _SCALAR):
        return value
    if isinstance(value, tuple):
        return [v if isinstance(v, _SCALAR) else _plain(v) for v in value]
    if isinstance(value, (frozenset, set)):
        try:
            items = sorted(value)
        except TypeError:
            items = sorted(value, key=lambda v: orjson.dumps(_plain(v)))
        return {"s": [v if isinstance(v, _SCALAR) else _plain(v) for v in items]}
    raise TypeError(f"a fact holds a {type(value).__name__}")


def _back(value: Any) -> Hashable:
    if isinstance(value, list):
        return tuple([_back(v) if isinstance(v, (list, dict)) else v for v in value])
    if isinstance(value, dict):
        return frozenset([_back(v) if isinstance(v, (list, dict)) else v for v in value["s"]])
    return value  # type: ignore[no-any-return]


def _sorted(value: object) -> dict[str, list[Any]]:
    if isinstance(value, (frozenset, set)):
        return {"s": sorted(value)}
    raise TypeError


def encode(value: object) -> str:
    """``value`` (a fact or an answer) as canonical JSON."""
    try:
        # orjson writes tuples as lists itself, and sets of one type through ``_sorted``.
        return orjson.dumps(value, default=_sorted).decode()
    except TypeError:
        return orjson.dumps(_plain(value)).decode()


def decode(text: str) -> Hashable:
    """The fact or answer ``encode`` gave ``text`` for."""
    return _back(orjson.loads(text))


def digest(text: str) -> bytes:
    """The 16 bytes a fact's text is identified by."""
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


class Record(Protocol):
    """The facts the decisions of the cables resolved so far read, with their answers."""

    def asked(self, keyed: Mapping[str, Collection[str]], always: Collection[str]
              ) -> Iterator[tuple[Fact, Hashable]]:  # fmt: skip
        """The facts (with their recorded answers) of each question in ``keyed`` about one
        of its keys (``indexed``), and every fact of the questions in ``always``."""
        ...

    def every(self) -> Iterator[tuple[Fact, Hashable]]:
        """Every fact with its recorded answer."""
        ...

    def shorts(self, questions: Collection[str]) -> Collection[str]:
        """The keys the facts of ``questions`` are found by."""
        ...

    def answered(self, changed: Collection[tuple[Fact, Hashable]]) -> None:
        """Record new answers to facts recorded."""
        ...

    def holders(self, facts: Collection[Fact]) -> set[str]:
        """The cables whose decisions read any of ``facts``."""
        ...

    def hold(self, held: Mapping[str, set[Fact]], answer: Answer) -> None:
        """The facts of each cable of ``held`` are now those; a fact new to the record is
        recorded with ``answer`` of it, one no cable reads any more is forgotten."""
        ...


class Held:
    """A record in memory."""

    def __init__(self) -> None:
        self.facts: dict[str, frozenset[Fact]] = {}
        self.answers: dict[Fact, Hashable] = {}
        self._holders: dict[Fact, set[str]] = {}
        self._index: dict[str, dict[str, set[Fact]]] = {}
        """Question -> key (``indexed``) -> the facts asking it of that key."""

    def asked(self, keyed: Mapping[str, Collection[str]], always: Collection[str]
              ) -> Iterator[tuple[Fact, Hashable]]:  # fmt: skip
        for question, found in self._index.items():
            if question in always:
                keys: Iterable[str] = found.keys()
            else:
                wanted = keyed.get(question, ())
                keys = [k for k in wanted if k in found]
            for key in keys:
                yield from ((f, self.answers[f]) for f in list(found[key]))

    def every(self) -> Iterator[tuple[Fact, Hashable]]:
        return iter(list(self.answers.items()))

    def shorts(self, questions: Collection[str]) -> Collection[str]:
        return {k for q in questions for k in self._index.get(q, {})}

    def answered(self, changed: Collection[tuple[Fact, Hashable]]) -> None:
        self.answers.update(changed)

    def holders(self, facts: Collection[Fact]) -> set[str]:
        return {c for fact in facts for c in self._holders[fact]}

    def hold(self, held: Mapping[str, set[Fact]], answer: Answer) -> None:
        for cable_id, facts in held.items():
            was = self.facts.get(cable_id, frozenset())
            for fact in was - facts:
                holders = self._holders[fact]
                holders.discard(cable_id)
                if not holders:
                    del self._holders[fact], self.answers[fact]
                    self._index[str(fact[0])][indexed(fact)].discard(fact)
            for fact in facts - was:
                if fact not in self.answers:
                    self.answers[fact] = answer(fact)
                    self._holders[fact] = set()
                    keyed = self._index.setdefault(str(fact[0]), {})
                    keyed.setdefault(indexed(fact), set()).add(fact)
                self._holders[fact].add(cable_id)
            self.facts[cable_id] = frozenset(facts)


REMEMBERED = 200_000
"""Facts ``Stored`` keeps encoded with their answers, forgotten all at once past that: a fact
read by many cables (a common name's) is encoded and answered once, in memory that does not
grow with the archive."""


class Stored:
    """A record in a store's rows, written under one set of decisions (the answers given to
    ``hold`` do not change while it lives)."""

    def __init__(self, store: ResolutionRecord) -> None:
        self.store = store
        self._rows: dict[Fact, RecordedFact] = {}
        self._texts: dict[Fact, tuple[str, bytes]] = {}
        """Facts read by ``asked`` -> their stored text and digest."""

    def asked(self, keyed: Mapping[str, Collection[str]], always: Collection[str]
              ) -> Iterator[tuple[Fact, Hashable]]:  # fmt: skip
        pairs = [(q, k) for q, keys in keyed.items() if q not in always for k in keys]
        for row in self.store.recorded_facts(pairs, always):
            fact = _fact(row.fact)
            if len(self._texts) >= REMEMBERED:
                self._texts.clear()
            self._texts[fact] = row.fact, row.digest
            yield fact, decode(row.answer)

    def every(self) -> Iterator[tuple[Fact, Hashable]]:
        for row in self.store.every_recorded_fact():
            yield _fact(row.fact), decode(row.answer)

    def shorts(self, questions: Collection[str]) -> Collection[str]:
        return self.store.recorded_keys(questions)

    def answered(self, changed: Collection[tuple[Fact, Hashable]]) -> None:
        self.store.record_answers(
            (digest(text), encode(now)) for fact, now in changed for text in [encode(fact)]
        )

    def holders(self, facts: Collection[Fact]) -> set[str]:
        return self.store.fact_holders(digest(encode(f)) for f in facts) if facts else set()

    def hold(self, held: Mapping[str, set[Fact]], answer: Answer) -> None:
        known = self.store.held_facts(held)
        stored: set[bytes] = set().union(*known.values())
        # A fact a cable of ``held`` holds is stored, and keeps its stored answer.
        kept: dict[Fact, RecordedFact] = {}
        rows: dict[str, list[RecordedFact]] = {}
        for cable_id, facts in held.items():
            found = rows[cable_id] = []
            for fact in facts:
                row = self._rows.get(fact) or kept.get(fact)
                if row is None:
                    text, d = self._texts.get(fact) or _coded(fact)
                    if d in stored:
                        row = kept[fact] = RecordedFact(
                            d, str(fact[0]), indexed(fact), text, "null"
                        )
                    else:
                        said = encode(answer(fact))
                        row = RecordedFact(d, str(fact[0]), indexed(fact), text, said)
                        if len(self._rows) >= REMEMBERED:
                            self._rows.clear()
                        self._rows[fact] = row
                found.append(row)
        self.store.hold_facts(rows, known)


def _coded(fact: Fact) -> tuple[str, bytes]:
    text = encode(fact)
    return text, digest(text)


def _fact(text: str) -> Fact:
    found = decode(text)
    if not isinstance(found, tuple):
        raise StoreError("the resolution record holds a fact that is not one")
    return found


def squeeze(data: object) -> bytes:
    """``data`` as compressed JSON (``unsqueeze`` reads it back): a record's blobs are
    written again by every batch."""
    return bytes(isal_zlib.compress(orjson.dumps(data), 3))


def unsqueeze(blob: bytes) -> Any:
    """What ``squeeze`` packed; a blob of plain JSON (as records were first written) as is."""
    return orjson.loads(blob if blob[:1] == b"{" else isal_zlib.decompress(blob))


_PAIRED = ("df", "count", "lower", "types", "defined", "together")


def pack_tables(t: Tables) -> bytes:
    """``t`` as a compressed JSON blob (``unpack_tables`` reads it back), less the counts of
    the names around each full name, of which it holds the names (``save_tables``)."""
    data: dict[str, Any] = {name: getattr(t, name) for name in _PAIRED}
    data["near"] = sorted(t.near)
    data["cables"] = t.cables
    data["mixed"] = sorted(t.mixed)
    data["defined_at"] = [[a, list(p), c] for (a, p), c in t.defined_at.items()]
    data["places"] = {full: [[*p, n] for p, n in c.items()] for full, c in t.places.items()}
    data["titled"] = [[*k, c] for k, c in t.titled.items()]
    data["roles"] = [[*k, c] for k, c in t.roles.items()]
    return squeeze(data)


def unpack_tables(blob: bytes, load: Load | None = None) -> Tables:
    """The tables ``pack_tables`` packed, the counts around each full name read by ``load``
    when asked for (a blob written before they were kept apart holds them)."""
    data = unsqueeze(blob)
    t = Tables(cables=data["cables"], mixed=set(data["mixed"]))
    for name in ("df", "count", "lower"):
        setattr(t, name, Counter(data[name]))
    for name in ("types", "defined", "together"):
        setattr(t, name, {k: Counter(v) for k, v in data[name].items()})
    near = data["near"]
    if isinstance(near, list):
        t.near = Near(stored=near, load=load)
    else:
        if near and not isinstance(next(iter(near.values())), str):
            # Written before the counts of each full name were kept as their own text.
            near = {full: orjson.dumps(counts, option=orjson.OPT_SORT_KEYS).decode()
                    for full, counts in near.items()}  # fmt: skip
        t.near = Near(near)
    t.defined_at = {(a, (p[0], p[1])): Counter(c) for a, p, c in data["defined_at"]}
    t.places = {f: Counter({(p, y): n for p, y, n in c}) for f, c in data["places"].items()}
    t.titled = {(r, s, y): Counter(c) for r, s, y, c in data["titled"]}
    t.roles = {(f, y): Counter(c) for f, y, c in data["roles"]}
    return t


def save_tables(store: ResolutionRecord, t: Tables, evidence: bytes | None = None) -> None:
    """Keep ``t`` in the record of ``store``, with the packed ``evidence`` when given, in one
    write: the tables as one blob, and the names around each full name counted since they
    were read as a blob of their own."""
    blobs = {NEAR + full: text.encode() for full, text in t.near.written().items()}
    blobs[TABLES] = pack_tables(t)
    blobs[RESOLVER] = resolver()
    if evidence is not None:
        blobs[EVIDENCE] = evidence
    store.save_record_states(blobs)


def load_tables(store: ResolutionRecord, blob: bytes | None = None) -> Tables | None:
    """The tables kept in the record of ``store`` (``save_tables``; ``blob``: their blob,
    when read already), or None."""
    if blob is None:
        blob = store.record_state(TABLES)
    if blob is None:
        return None

    def load(fulls: list[str]) -> dict[str, str]:
        found = store.record_states([NEAR + full for full in fulls])
        if len(found) < len(set(fulls)):
            lost = next(full for full in fulls if NEAR + full not in found)
            raise StoreError(
                f"the resolution record lacks the names around {lost!r}: run cablescope resolve"
            )
        return {name[len(NEAR) :]: value.decode() for name, value in found.items()}

    return unpack_tables(blob, load)
