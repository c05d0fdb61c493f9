"""What the decisions of a cable read of each name key (``Views.of``), for
``resolve_churn.py``: which old cables a batch of new ones can change, found from the keys
they name, against those it does change.

``Decide.cable`` is a function of the cable and of the key-level tables of the whole
archive. A cable's decisions can only change when, for one of the keys it names (or the
acronym expansions it defines), something ``Decide`` reads of that key changes: its type votes
and the key it normalises to, the keys it joins (alias table, acronyms the archive agrees on,
spellings), the acronym meanings of its posts and years, and for a person's short name every
full name it may stand for with what decides between them (signatures, posts and years written
at, titles by year, which is named in more cables). ``Views.of(key)`` gathers all of it in one
comparable value, and ``Views.common`` what every cable may read (the governments' keys): the
cables naming a key whose view changed are those an exact incremental resolution would have
to decide again, found through the key index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from itertools import combinations

from cablescope.resolve.acronyms import government_names
from cablescope.resolve.cluster import MODIFIED, Decide
from cablescope.resolve.people import LEANING, PREVALENT
from cablescope.resolve.tables import Place

View = tuple[Hashable, ...]


def _sorted(pairs: Iterable[tuple[Hashable, Hashable]]) -> tuple[tuple[Hashable, Hashable], ...]:
    return tuple(sorted(pairs, key=repr))


class Views:
    """The views of the keys of one ``Decide`` (indexes over its tables made once)."""

    def __init__(self, decide: Decide) -> None:
        self.d = decide
        t = decide.t
        self._titled: dict[str, list[tuple[str, str, Counter[str]]]] = {}
        for (role, short, year), fulls in t.titled.items():
            self._titled.setdefault(short, []).append((role, year, fulls))
        self._defined_at: dict[str, list[tuple[Place, Counter[str]]]] = {}
        for (acronym, place), found in t.defined_at.items():
            self._defined_at.setdefault(acronym, []).append((place, found))
        people = decide.people
        people._titles("", "*")  # noqa: SLF001 (builds the roles by full name, as decisions do)
        self._years: dict[str, list[str]] = {}
        for name, year in people._roles or {}:  # noqa: SLF001
            self._years.setdefault(name, []).append(year)
        self._full: dict[str, View] = {}
        self.common: View = tuple(
            (k, decide.keys.find(k), decide.keys.why.get(k)) for k in sorted(government_names())
        )

    def _joined(self, key: str) -> View:
        return key, self.d.keys.find(key), self.d.keys.why.get(key)

    def _full_view(self, full: str) -> View:
        """What a decision linking a short name to ``full`` reads of it."""
        found = self._full.get(full)
        if found is not None:
            return found
        d = self.d
        people = d.people
        places = d.t.places.get(full) or {}
        titles = people._titles  # noqa: SLF001
        found = self._full[full] = (
            self._joined(full),
            d.names.full(full),
            _sorted(people.signature(full).items()),
            _sorted(people.signature(full, LEANING).items()),
            tuple(sorted(place for place, n in places.items() if n)),
            _sorted((y, tuple(sorted(titles(full, y).items()))) for y in self._years.get(full, ())),
        )
        return found

    def _person_view(self, key: str) -> View:
        """What the linking of person key ``key`` (a short name, maybe) reads."""
        names = self.d.names
        fuller = names.fuller(key)
        candidates = names.candidates(key)
        fulls = sorted(set(fuller) | set(candidates))
        df = {c: self.d.t.df[c] for c in fulls}
        # Which of two candidates is named in PREVALENT times the cables of the other, and
        # their order by cables: what decides between candidates the context fits alike.
        prevalent = tuple(
            (a, b, df[a] >= PREVALENT * df[b], df[b] >= PREVALENT * df[a])
            for a, b in combinations(fulls, 2)
        )
        titled = sorted(
            (role, year, _sorted((names.full(f), n) for f, n in fulls_.items()))
            for role, year, fulls_ in self._titled.get(key, ())
        )
        own = names.full(key)
        folded = names.folded.get(key, key)
        return (
            folded,
            names.full(folded),
            names.dominant.get(key),
            own,
            tuple(sorted(self.d.people._titles(own, "*"))),  # noqa: SLF001 (only which)
            names.given(key),
            fuller,
            candidates,
            tuple(sorted(fulls, key=lambda c: (df[c], c))),
            prevalent,
            tuple(titled),
            tuple(self._full_view(c) for c in fulls),
        )

    def _acronym_view(self, key: str) -> View:
        acronyms = self.d.acronyms
        national = acronyms.national.get(key)
        here = sorted(
            (place, next(iter(found)) if len(found) == 1 else None)
            for place, found in self._defined_at.get(key, ())
        )
        targets = {e for _, e in here if e is not None}
        if national is not None:
            targets.add(national[0])
        return (
            national,
            acronyms.joins.get(key),
            tuple(here),
            tuple(self._joined(e) for e in sorted(targets)),
        )

    def of(self, key: str) -> View:
        """Everything ``Decide.cable`` reads of name key ``key`` when a cable names it (see
        the module's docstring): equal views in two ``Decide`` (and equal ``common``) mean
        equal decisions for every cable whose keys all have equal views."""
        d = self.d
        t, names = d.t, d.names
        tokens = key.split()
        normal = names.normal(key)
        modified = " ".join(tokens[:-1]) if len(tokens) > 1 and tokens[-1] in MODIFIED else None
        keys = sorted({k for k in (key, normal, modified) if k is not None})
        return (
            normal,
            tuple((*self._joined(k), t.is_person(k)) for k in keys),
            tuple((k, self._person_view(k)) for k in keys if t.is_person(k)),
            self._acronym_view(key),
        )
