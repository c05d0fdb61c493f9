"""People named short: ``Tello Peon``, ``TELLO``, ``Gutierrez`` linked to a full name.

A person key that is a shorter run of a longer person key (see ``keys.contains``) links, per
cable, to the full name when exactly one fits in the same cable; else when exactly one fits
archive-wide; else to the one whose context fits best (co-mentioned names, same post, nearest
date) by a clear margin; otherwise it stays its own entity, marked ``ambiguous``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cablescope.resolve.gather import Seen
from cablescope.resolve.keys import contains, runs

Target = tuple[str, float, str]
"""(key linked to, confidence, method)."""

SAME_CABLE = 0.95
ARCHIVE = 0.75
AMBIGUOUS = 0.3


@dataclass(slots=True)
class _Profile:
    origins: Counter[str | None]
    days: list[int]
    keys: set[str]
    cables: int


def _day(date: str | None) -> int | None:
    if date is None:
        return None
    try:
        return dt.date.fromisoformat((date + "-07-01")[:10] if len(date) == 4 else
                                     (date + "-15")[:10] if len(date) == 7 else date).toordinal()  # fmt: skip
    except ValueError:
        return None


class People:
    """Person linking over a whole archive (``cables``); ``link(cable)`` answers per cable."""

    def __init__(self, cables: Sequence[Seen], person: set[str]) -> None:
        self._cables = cables
        self._person = person
        self._containing: dict[str, list[str]] = {}
        for key in sorted(person):
            tokens = tuple(key.split())
            for run in runs(tokens):
                self._containing.setdefault(" ".join(run), []).append(key)
        self._single: dict[str, str] = {}
        self._several: dict[str, tuple[str, ...]] = {}
        for key in sorted(self._containing, key=lambda k: (-len(k.split()), k)):
            targets = sorted({self._single.get(k, k) for k in self._containing[key]})
            if len(targets) == 1:
                self._single[key] = targets[0]
            else:
                self._several[key] = tuple(targets)
        self._df: Counter[str] = Counter()
        self._where: dict[str, list[int]] = {}
        for cable in cables:
            self._df.update({s.key for s in cable.spans})
        self._profiles: dict[str, _Profile] = {}
        self._n = max(len(cables), 1)

    def _profile(self, key: str) -> _Profile:
        found = self._profiles.get(key)
        if found is None:
            if not self._where:
                for i, cable in enumerate(self._cables):
                    for k in {s.key for s in cable.spans if s.key in self._person}:
                        self._where.setdefault(k, []).append(i)
            origins: Counter[str | None] = Counter()
            days: list[int] = []
            keys: set[str] = set()
            rows = self._where.get(key, [])
            for i in rows:
                cable = self._cables[i]
                origins[cable.origin] += 1
                day = _day(cable.date)
                if day is not None:
                    days.append(day)
                keys.update(s.key for s in cable.spans)
            found = self._profiles[key] = _Profile(origins, days, keys, len(rows))
        return found

    def _score(self, cable: Seen, keys: set[str], candidate: str) -> float:
        profile = self._profile(candidate)
        if not profile.cables:
            return 0.0
        shared = sum(
            min(3.0, math.log(self._n / self._df[k])) for k in keys & profile.keys if self._df[k]
        )
        score = shared + 3.0 * profile.origins[cable.origin] / profile.cables
        day = _day(cable.date)
        if day is not None and profile.days:
            gap = min(abs(day - d) for d in profile.days)
            score += 2.0 / (1.0 + gap / 180.0)
        return score

    def _context(self, cable: Seen, key: str, candidates: tuple[str, ...]) -> Target:
        keys = {s.key for s in cable.spans} - {key}
        scored = sorted(((self._score(cable, keys, c), c) for c in candidates), reverse=True)
        (best, name), second = scored[0], scored[1][0]
        margin = (best - second) / best if best > 0 else 0.0
        if best >= 3.0 and margin >= 0.4:
            return name, round(0.4 + 0.3 * margin, 2), "context"
        return key, AMBIGUOUS, "ambiguous"

    def link(self, cable: Seen) -> dict[str, Target]:
        """Where each person key of ``cable`` that names someone short links, in this cable."""
        keys = sorted(
            {s.key for s in cable.spans if s.type == "PER" and s.key in self._person},
            key=lambda k: (-len(k.split()), k),
        )
        local: dict[str, Target] = {}
        for key in keys:
            tokens = tuple(key.split())
            inside = {
                local[k][0] if k in local else k
                for k in keys
                if len(k.split()) > len(tokens) and contains(tuple(k.split()), tokens)
            }
            if len(inside) == 1:
                local[key] = (inside.pop(), SAME_CABLE, "same-cable")
            elif inside:
                local[key] = (key, AMBIGUOUS, "ambiguous")
            elif key in self._single:
                local[key] = (self._single[key], ARCHIVE, "archive")
            elif key in self._several:
                local[key] = self._context(cable, key, self._several[key])
        return local
