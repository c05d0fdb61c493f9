"""resolve(cables): mentions across an archive become entities with aliases.

Resolution reads each cable once (``gather``), sums what the archive says of each name key
(``tables``), then decides each mention from its own cable and those key-level tables:
names with the same key are one entity; keys the shipped alias table, spellings of one name
or an acronym the archive agrees on join (``USG`` / ``United States``); an acronym a cable
defines means its expansion there, a government's acronym the government of its country
(``acronyms``); people named short link to a full name with evidence (``people``). Curation
judgements apply last.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cablescope.model import Cable
from cablescope.model.entity import Judgement, Resolution
from cablescope.resolve import curation, entities
from cablescope.resolve._gc import uncollected
from cablescope.resolve.acronyms import ACRONYM, DROP, Acronyms, countries_named
from cablescope.resolve.facts import Fact, Reads
from cablescope.resolve.gather import Seen, Span, lower_words, seen
from cablescope.resolve.keys import alias_table, name_key
from cablescope.resolve.labels import Assigned, Clusters
from cablescope.resolve.people import People, worth_near
from cablescope.resolve.tables import Names, Tables


MODIFIED = frozenset({"administration", "campaign", "government", "regime", "camp"})
"""Words after a person's name that make the name a modifier: the mention is of the person."""


class _Keys:
    """Union-find over name keys, remembering why two keys were joined."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.why: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while key != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, a: str, b: str, why: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.why.setdefault(a, why)
            self.why.setdefault(b, why)


def _trimmed(surface: str, key: str) -> str:
    """The words of ``surface`` that ``key`` is the key of (``GORDON BROWN RESHUFFLES``,
    ``gordon brown`` -> ``GORDON BROWN``); ``surface`` when none are."""
    found = surface.split()
    n = len(key.split())
    for i in range(len(found) - n + 1):
        if name_key(" ".join(found[i : i + n])) == key:
            return " ".join(found[i : i + n])
    return surface


class Decide:
    """The per-cable decisions, from key-level tables."""

    def __init__(self, tables: Tables) -> None:
        self.t = tables
        self.reads = Reads()
        self.names = Names(tables)
        self.acronyms = Acronyms(tables, self.reads)
        self.people = People(tables, self.names, self.reads)
        self.keys = _Keys()
        table = alias_table()
        for key in sorted(tables.types):
            if key in table:
                self.keys.join(table[key][0], key, "alias")
        for acronym, expansion in sorted(self.acronyms.joins.items()):
            if acronym in tables.types:
                self.keys.join(expansion, acronym, "acronym")
        for variant, main in sorted(self.names.folded.items()):
            self.keys.join(main, variant, "alias")

    def _normal(self, s: Span) -> tuple[str, str, str]:
        """(type, surface, key) of a span once a person's headline words are off; a person's
        name of several words that the tagger typed otherwise here is a person's still, and
        one used as a modifier (``the Uribe Administration``) is the person's."""
        if s.tagged == "PER" or s.type == "PER":
            self.reads("normal", s.key)
            key = self.names.normal(s.key)
            if key != s.key:
                return "PER", _trimmed(s.surface, key), key
        elif len(s.tokens) > 1 and self._person(s.key):
            return "PER", s.surface, s.key
        elif len(s.tokens) > 1 and s.tokens[-1] in MODIFIED:
            key = " ".join(s.tokens[:-1])
            if self._person(key):
                return "PER", _trimmed(s.surface, key), key
        return s.type, s.surface, s.key

    def _person(self, key: str) -> bool:
        self.reads("is_person", key)
        return self.t.is_person(key)

    def _joined(self, key: str) -> bool:
        self.reads("why", key)
        return key in self.keys.why

    def cable(self, i: int, cable: Seen, facts: set[Fact] | None = None) -> list[Assigned]:
        """Every mention of ``cable`` (index ``i``) with its automatic cluster label; with
        ``facts``, what the decisions read of the archive added to it (``facts``)."""
        self.reads.facts = facts
        try:
            return self._cable(i, cable)
        finally:
            self.reads.facts = None

    def _cable(self, i: int, cable: Seen) -> list[Assigned]:
        read = self.reads
        spans = [(s, *self._normal(s)) for s in cable.spans]
        person = {k for _, t, _, k in spans if t == "PER" and self._person(k)}
        context = {k for _, t, _, k in spans if t != "PER"}
        placed = [(s.start, k, s.role) for s, t, _, k in spans if t == "PER" and k in person]
        linked = self.people.link(cable, person, context, placed)
        named = countries_named(cable)
        out: list[Assigned] = []
        for s, kind_, surface, key in spans:
            target, confidence, method = key, 1.0, "exact"
            link = linked.of(key, s.start) if kind_ == "PER" else None
            if link is not None:
                target, confidence, method = link
            else:
                decided = self.acronyms.decide(cable, s, named)
                if decided == DROP:
                    continue
                if decided is not None:
                    target, confidence, method = decided
            read("root", target)
            root = self.keys.find(target)
            if method == "exact" and self._joined(target):
                method = self.keys.why[target]
                confidence = ACRONYM if method == "acronym" else 1.0
            out.append(Assigned(i, s.start, s.end, kind_, surface, key, root, confidence, method))
        return out


def assign(cables: Sequence[Seen], tables: Tables) -> list[Assigned]:
    """Every mention of ``cables`` with its automatic cluster label (``tables``: theirs)."""
    decide = Decide(tables)
    out: list[Assigned] = []
    for i, cable in enumerate(cables):
        out.extend(decide.cable(i, cable))
    return out


def build(cables: Sequence[Seen], clusters: Clusters, applied: int, skipped: int) -> Resolution:
    """Entities and links from labelled mentions (``entities.build``); ids ``type:slug``,
    collisions numbered by mentions then key."""
    return entities.build(cables, clusters, applied, skipped)


def resolve(cables: Iterable[Cable], judgements: Sequence[Judgement] = ()) -> Resolution:
    """Resolve the mentions of ``cables`` (any order: the result depends only on the set) and
    re-apply ``judgements`` in order."""
    with uncollected():
        return _resolve(cables, judgements)


def _resolve(cables: Iterable[Cable], judgements: Sequence[Judgement]) -> Resolution:
    tables = Tables()
    seen_all: list[Seen] = []
    for c in cables:
        s = seen(c)
        tables.add(s, lower_words(c.text))
        seen_all.append(s)
    kept = worth_near(tables)
    for s in seen_all:
        tables.add_near(s, kept)
    seen_all.sort(key=lambda s: s.id)
    clusters = Clusters(assign(seen_all, tables))
    applied, skipped = curation.apply(clusters, seen_all, judgements)
    return build(seen_all, clusters, applied, skipped)
