"""People named short: ``Tello Peon``, ``TELLO``, ``Sarkozy`` linked to a full name, only
with evidence.

A person key that is a shorter run of a longer person key (see ``keys.contains``) links, per
cable, to the full name when exactly one fits in the same cable (of several, to the one it
is usually written beside; failing that, each mention to the one written with its title, or
else last before it). Otherwise it links to a full name of the archive only with
evidence from its cable: the cable names a place, organisation or nationality that goes
with the full name far more than with other names (Venezuela with Hugo Chavez, France with
Nicolas Sarkozy), or the full name is written at the same post in the same year. A short name
written beside one full name in (nearly) every cable naming both (``Names.dominant``) has
that one candidate, and links to it also without such evidence when the cable is of the
full name's period and does not leave out what goes with it most (Obama in a cable naming
the United States). Of several candidates, the one with clearly the strongest evidence wins.
Otherwise the short name stays its own entity, marked ``ambiguous`` (``Chavez from
Andalusia`` in a Madrid cable that names neither Hugo nor Venezuela).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from cablescope.resolve.facts import Reads
from cablescope.resolve.gather import Dated, Seen
from cablescope.resolve.keys import within
from cablescope.resolve.tables import Names, Tables

_NONE: Counter[str] = Counter()
"""The counts of what is not counted: read, never written (a new Counter per miss costs)."""

Target = tuple[str, float, str]
"""(key linked to, confidence, method)."""

Placed = tuple[int, str, str]
"""(start, key, role) of a person mention."""

SAME_CABLE = 0.95
ARCHIVE = 0.75
BESIDE = 0.6
"""Confidence of a short name linked to the full name it is (nearly) always written beside,
in a cable whose context does not speak against it."""
PREVALENT = 4
"""How many times more cables than each other candidate the context fits alike must name a
full name for a short name to be taken for it (Alvaro Uribe over Mario Uribe)."""
FREQUENT = 0.5
"""Confidence of such a link."""
USUAL = 0.7
"""Confidence of a short name linked, among the full names of its cable, to the one it is
(nearly) always written beside (``Sarkozy`` beside Nicolas and Cecilia Sarkozy)."""
AMBIGUOUS = 0.3
NEAREST = 0.8
"""Confidence of a short name linked, among several full names of its cable containing it,
to the one written last before it."""

EVIDENCE = 0.3
"""Least evidence for a link beyond the cable."""
SIGNATURE = 0.3
"""Least share of a full name's cables that name a place or organisation for it to be
evidence of that person."""
LIFT = 3.0
"""How many times likelier than in any cable a name must be in a full name's cables to be
evidence of that person."""
PLACE = 0.5
"""Evidence of a full name written at the cable's post in its year."""
FEWEST = 5
"""Fewest cables of a full name for its signature to be read."""
SHRINK = 2
"""Cables added to a full name's own when its shares are reckoned, so that a name of a few
cables does not take everything they name for its signature."""
LEANING = 1.5
"""How many times likelier than in any cable a name must be in a full name's cables for its
absence from a cable to speak against that person."""
UNLIKE = 0.2
"""Below this chance of a cable about a person naming nothing of the person's signature, a
cable naming nothing of it is not taken to be about that person."""
ROLE = 0.7
"""Confidence of a short name linked by the role it is written with in its year."""
YEAR = 0.6
"""Confidence of a short name written without a title linked to the full name the titles
of its year decide, in a cable whose context does not speak against it."""
ROLE_LEAST = 2
"""Fewest cables of the year that must tie the role to a full name for it to decide."""
ROLE_SHARE = 0.8
"""Share of those cables that must name the one full name."""


def worth_near(t: Tables) -> Callable[[str, str], bool]:
    """Whether, by the counts of every cable (``t``), the cables naming both a full name and
    another key could make the key part of the full name's signature at any lift
    ``People`` reads: the full name in FEWEST cables or more, and the key in enough of them
    and likely enough there were it in all it could be (see ``People.signature``)."""
    least = min(LIFT, LEANING)

    def worth(full: str, key: str) -> bool:
        cables = t.df[full]
        if cables < FEWEST:
            return False
        share = min(cables, t.df[key]) / (cables + SHRINK)
        return share >= SIGNATURE and share * t.cables >= least * t.df[key]

    return worth


def reach(t: Tables, full: str) -> tuple[frozenset[str], frozenset[str], float]:
    """What can change the signatures of ``full`` (see ``People.signature``) as cables are
    added that do not name it: the keys of its signature at the lower and at the higher lift
    it is read at (a cable naming one of them can take it out), and the least number of
    cables in the archive at which another key could come in at either lift, were no count
    but the archive's to change (infinite when none could)."""
    cables = t.df[full]
    near = t.near.get(full)
    low_keys: set[str] = set()
    high_keys: set[str] = set()
    least = math.inf
    if near is None or cables < FEWEST:
        return frozenset(), frozenset(), least
    low, high = sorted((LIFT, LEANING))
    for key, n in near.items():
        share = n / (cables + SHRINK)
        if share < SIGNATURE:
            continue
        if share * t.cables >= high * t.df[key]:
            low_keys.add(key)
            high_keys.add(key)
        elif share * t.cables >= low * t.df[key]:
            low_keys.add(key)
            least = min(least, high * t.df[key] / share)
        else:
            least = min(least, low * t.df[key] / share)
    return frozenset(low_keys), frozenset(high_keys), least


class People:
    """Person linking from key-level tables; ``link(cable, …)`` answers per cable."""

    def __init__(self, tables: Tables, names: Names, reads: Reads | None = None) -> None:
        self.t = tables
        self.names = names
        self.reads = reads or Reads()
        self._signatures: dict[tuple[str, float], dict[str, float]] = {}
        self._years: dict[str, set[int]] = {}
        self._roles: dict[tuple[str, str], Counter[str]] | None = None
        self._titled_roles: dict[tuple[str, str], set[str]] | None = None

    def signature(self, full: str, lift: float = 0.0) -> dict[str, float]:
        """The places, organisations and nationalities that go with ``full``: key -> share
        of its cables naming it (shrunk towards 0 for a name of few cables), for those named
        in at least SIGNATURE of them and ``lift`` (LIFT by default) times likelier there
        than in any cable."""
        lift = lift or LIFT
        found = self._signatures.get((full, lift))
        if found is None:
            t = self.t
            cables = t.df[full]
            near = t.near.get(full)
            found = {}
            if near is not None and cables >= FEWEST:
                for key, n in near.items():
                    share = n / (cables + SHRINK)
                    if share >= SIGNATURE and share * t.cables >= lift * t.df[key]:
                        found[key] = share
            self._signatures[full, lift] = found
        return found

    def evidence(self, cable: Dated, context: AbstractSet[str], full: str) -> float:
        """How much of ``cable`` speaks for ``full``: the largest share of the full name's
        signature (see ``signature``) the cable names, and PLACE more when the full name is
        written at the same post in the same year."""
        signature = self.signature(full)
        score = max((share for key, share in signature.items() if key in context), default=0.0)
        places = self.t.places.get(full)
        if places is not None and cable.place is not None and places[cable.place]:
            score += PLACE
        return score

    def unlike(self, context: set[str], full: str) -> bool:
        """Whether a cable naming ``context`` is unlikely to be about ``full``: fewer than
        UNLIKE of the full name's cables would leave out the two names most often with it (at
        least LEANING times likelier there than in any cable) that it leaves out, taking the
        two as independent (names that go together, such as Venezuela and Venezuelan, would
        count many times over if all were taken)."""
        absent = sorted(
            (share for key, share in self.signature(full, LEANING).items() if key not in context),
            reverse=True,
        )
        chance = 1.0
        for share in absent[:2]:
            chance *= 1.0 - share
        return chance < UNLIKE

    def in_period(self, cable: Dated, full: str) -> bool:
        """Whether ``full`` is written somewhere in the archive within a year of ``cable``."""
        if not cable.date or not cable.date[:4].isdigit():
            return False
        years = self._years.get(full)
        if years is None:
            places = self.t.places.get(full) or ()
            years = self._years[full] = {int(y) for _, y in places if y.isdigit()}
        year = int(cable.date[:4])
        return any(abs(year - y) <= 1 for y in years)

    @property
    def titles(self) -> dict[tuple[str, str], Counter[str]]:
        """(full name, year, ``*`` for every year) -> role -> cables naming the full name (or
        a spelling of it) with that role then."""
        if self._roles is None:
            self._roles = {}
            for (name, y), roles in self.t.roles.items():
                name = self.names.full(name)
                self._roles.setdefault((name, y), Counter()).update(roles)
                self._roles.setdefault((name, "*"), Counter()).update(roles)
        return self._roles

    def _titles(self, full: str, year: str) -> Counter[str]:
        """Role -> cables of ``year`` (every year for ``*``) naming ``full`` (or a spelling of
        it) with that role."""
        return self.titles.get((full, year), _NONE)

    def by_role(self, cable: Dated, key: str, roles: set[str]) -> Counter[str]:
        """Cables of ``cable``'s year (with the years either side when that year has fewer
        than ROLE_LEAST or names no one full name for the roles: ``President Bush`` in 2009,
        which writes George W. Bush twice and his father once) that tie each full name
        ``key`` can be cut from to the ``roles`` it is written with in ``cable``: the full
        name written with the role, or the short name written with it beside that full name
        alone, when the archive writes the full name with that role at all (``President
        Mubarak`` beside his son Gamal, never ``President Gamal Mubarak``, says nothing of
        Gamal)."""
        if not roles or not cable.date or not cable.date[:4].isdigit():
            return Counter()
        year = int(cable.date[:4])
        candidates = set(self.names.fuller(key))
        votes = self._votes(key, roles, candidates, (year,))
        if votes.total() < ROLE_LEAST or self.decided(votes) is None:
            votes = self._votes(key, roles, candidates, (year - 1, year, year + 1))
        return votes

    def by_year(self, cable: Dated, key: str, among: Iterable[str] = (), near: bool = False
                ) -> str | None:  # fmt: skip
        """The full name ``key`` is, with whatever title, in ``cable``'s year (see
        ``by_role``), when the titles of that year decide it: among all it can be cut from,
        or ``among`` those; with ``near``, with the years either side when that year has
        fewer than ROLE_LEAST. A given name (``Ali``) is left to other evidence."""
        if not cable.date or not cable.date[:4].isdigit() or self.names.given(key):
            return None
        if self._titled_roles is None:
            self._titled_roles = {}
            for role, short, written in self.t.titled:
                self._titled_roles.setdefault((short, written), set()).add(role)
        year = int(cable.date[:4])
        candidates = set(among or self.names.fuller(key))
        votes: Counter[str] = Counter()
        for years in ((year,), (year - 1, year, year + 1)) if near else ((year,),):
            roles = {r for y in years for r in self._titled_roles.get((key, str(y)), ())}
            for full in candidates:
                for y in years:
                    roles.update(self._titles(full, str(y)))
            votes = self._votes(key, roles, candidates, years)
            if votes.total() >= ROLE_LEAST:
                break
        return self.decided(votes)

    def _votes(
        self, key: str, roles: set[str], candidates: set[str], years: tuple[int, ...]
    ) -> Counter[str]:
        votes: Counter[str] = Counter()
        for role in sorted(roles):
            for year in map(str, years):
                for full, n in self.t.titled.get((role, key, year), _NONE).items():
                    full = self.names.full(full)
                    if full in candidates and self._titles(full, "*")[role]:
                        votes[full] += n
                for full in candidates:
                    votes[full] += self._titles(full, year)[role]
        return +votes

    def decided(self, votes: Counter[str]) -> str | None:
        """The full name most votes name, when it and its other spellings (``_one_name``)
        have at least ROLE_LEAST of them and ROLE_SHARE of all."""
        if not votes:
            return None
        best = min(votes, key=lambda full: (-votes[full], full))
        n = _support(votes, best)
        return best if n >= ROLE_LEAST and n >= ROLE_SHARE * votes.total() else None

    def beyond(
        self, cable: Dated, key: str, context: set[str], votes: Counter[str]
    ) -> Target | None:
        """Where short name ``key`` links by the archive's evidence in a cable of ``cable``'s
        date and place naming ``context``, once no full name of the cable settles it
        (``votes``: its role votes, see ``by_role``); None when nothing speaks for a link."""
        decided = self.decided(votes)
        if decided is not None:
            return decided, ROLE, "context"
        candidates = self.names.candidates(key)
        if not candidates:
            return None
        scored = sorted(((self.evidence(cable, context, c), c) for c in candidates),
                        key=lambda x: (-x[0], x[1]))  # fmt: skip
        (best, name), second = scored[0], (scored[1][0] if len(scored) > 1 else 0.0)
        if len(scored) == 1 and best >= EVIDENCE:
            return name, ARCHIVE, "archive"
        if (len(scored) == 1 and key in self.names.dominant and not self.unlike(context, name)
                and self.in_period(cable, name) and (_support(votes, name) or not votes)):  # fmt: skip
            return name, BESIDE, "archive"
        if len(scored) > 1 and best >= EVIDENCE and best >= 2 * second:
            return name, round(0.4 + 0.3 * (best - second) / best, 2), "context"
        usual = None if votes else self.by_year(cable, key)
        if usual is not None and not self.unlike(context, usual):
            return usual, YEAR, "context"
        if len(scored) > 1 and best >= EVIDENCE:
            fitting = sorted((self.t.df[c], c) for e, c in scored if e >= EVIDENCE)
            (most, common), others = fitting[-1], [n for n, _ in fitting[:-1]]
            if all(most >= PREVALENT * n for n in others):
                return common, FREQUENT, "context"
            dated = None if votes else self.by_year(cable, key, [c for _, c in fitting], near=True)
            if dated is not None:
                return dated, YEAR, "context"
        return key, AMBIGUOUS, "ambiguous"

    def link(
        self, cable: Seen, person: set[str], context: set[str], placed: Sequence[Placed]
    ) -> Links:
        """Where each of the ``person`` keys of ``cable`` that names someone short links, in
        this cable (``context``: the keys of its other names; ``placed``: its person mentions,
        in order). What it reads of the archive goes to ``reads``."""
        read = self.reads
        keys = sorted(person, key=lambda k: (-len(k.split()), k))
        among: dict[str, set[str]] = {}
        roles: dict[str, set[str]] = {}
        for s in cable.spans:
            if s.role:
                roles.setdefault(self._normal(s.key), set()).add(s.role)
        local: dict[str, Target] = {}
        for key in keys:
            tokens = tuple(key.split())
            fuller = [
                k for k in keys if len(k.split()) > len(tokens) and within(tuple(k.split()), tokens)
            ]
            inside = {local[k][0] if k in local else self._folded(k) for k in fuller}
            held = roles.get(key, set())
            read("by_role", cable.date, key, frozenset(held))
            votes = self.by_role(cable, key, held)
            decided = self.decided(votes)
            only = next(iter(inside)) if len(inside) == 1 else ""
            if (decided is not None and only and not _support(votes, self._full(only))
                    and not _one_name(decided, self._full(only))):  # fmt: skip
                local[key] = (decided, ROLE, "context")
            elif len(inside) == 1:
                local[key] = (inside.pop(), SAME_CABLE, "same-cable")
            elif decided is not None and decided in inside:
                local[key] = (decided, USUAL, "context")
            elif inside and self._dominant(key) in inside:
                local[key] = (self.names.dominant[key], USUAL, "context")
            elif inside:
                local[key] = (key, AMBIGUOUS, "ambiguous")
                among[key] = set(fuller)
            else:
                rest = context - {key}
                read("beyond", cable.date, cable.place, key, frozenset(rest),
                     tuple(sorted(votes.items())))  # fmt: skip
                found = self.beyond(cable, key, rest, votes)
                if found is not None:
                    local[key] = found
        return Links(local, self._nearest(placed, among, local))

    def _normal(self, key: str) -> str:
        self.reads("normal", key)
        return self.names.normal(key)

    def _folded(self, key: str) -> str:
        self.reads("folded", key)
        return self.names.folded.get(key, key)

    def _dominant(self, key: str) -> str | None:
        self.reads("dominant", key)
        return self.names.dominant.get(key)

    def _full(self, key: str) -> str:
        self.reads("full", key)
        return self.names.full(key)

    def written_with(self, key: str, role: str) -> bool:
        """Whether the archive writes the full name person key ``key`` stands for with
        ``role``."""
        return bool(self._titles(self.names.full(key), "*")[role])

    def _nearest(
        self, placed: Sequence[Placed], among: dict[str, set[str]], local: dict[str, Target]
    ) -> dict[tuple[int, str], Target]:
        """Each mention of a short name of ``among`` linked to one of the full names of the
        cable that contain it: the one the cable writes with the mention's role when only one
        is, else the one written last before it (a cable names a person in full, then short:
        ``Manuel Chaves`` ... ``Chaves``) unless the mention's role is one the archive never
        writes that full name with (``President Conte`` after his wife's name). A mention
        before all of them stays ambiguous."""
        found: dict[tuple[int, str], Target] = {}
        for short, fulls in among.items():
            written = [(at, key, role) for at, key, role in placed if key in fulls]
            for start, key, role in placed:
                if key != short:
                    continue
                same = {full for _, full, had in written if role and had == role}
                before = [full for at, full, _ in written if at < start]
                if len(same) == 1:
                    full = same.pop()
                elif before and (not role or self._written(before[-1], role)):
                    full = before[-1]
                else:
                    continue
                target = local[full][0] if full in local else self._folded(full)
                found[start, key] = (target, NEAREST, "same-cable")
        return found

    def _written(self, key: str, role: str) -> bool:
        self.reads("titled", key, role)
        return self.written_with(key, role)


@dataclass(frozen=True, slots=True)
class Links:
    """Where the person keys of one cable that name someone short link: by key, and for a
    short name that several full names of the cable contain, by mention."""

    by_key: dict[str, Target]
    by_mention: dict[tuple[int, str], Target]
    """(start, key) of a mention -> where it links."""

    def of(self, key: str, start: int) -> Target | None:
        """Where the mention of ``key`` at ``start`` links; None when it names no one short."""
        return self.by_mention.get((start, key)) or self.by_key.get(key)


def _support(votes: Counter[str], full: str) -> int:
    """The votes for ``full`` and its other spellings."""
    return sum(n for other, n in votes.items() if _one_name(other, full))


def _one_name(a: str, b: str) -> bool:
    """Whether the words of one key are the other's with some left out (``ellen tauscher``
    and ``ellen o tauscher``, ``rafael correa`` and ``rafael correa delgado``)."""
    short, long = sorted((a.split(), b.split()), key=len)
    rest = iter(long)
    return all(word in rest for word in short)
