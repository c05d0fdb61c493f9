"""The lexicons fuzzy terms search (``query.fuzzy.Lexicon``), kept by a store while its
words stay the same: reading and spelling the thousands of words that start alike takes
tens of milliseconds, searching a lexicon made of them about one."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from cablescope.query.fuzzy import Lexicon

KEPT = 8
"""How many lexicons (one per set of first letters) a store keeps, the latest used."""


class Lexicons:
    """A store's lexicons by first letters, for one ``version`` of its words at a time."""

    def __init__(self) -> None:
        self._kept: OrderedDict[str, Lexicon] = OrderedDict()
        self._version: Hashable = None
        self._lock = threading.Lock()

    def get(self, version: Hashable, letters: str, read: Callable[[str], Iterable[str]]) -> Lexicon:
        """The lexicon of the words starting with ``letters`` as of ``version`` (anything
        that changes when the words may have), made of ``read(letters)`` when not kept."""
        with self._lock:
            if version != self._version:
                self._kept.clear()
                self._version = version
            found = self._kept.get(letters)
            if found is not None:
                self._kept.move_to_end(letters)
                return found
        made = Lexicon(read(letters))
        with self._lock:
            if version == self._version:
                self._kept[letters] = made
                while len(self._kept) > KEPT:
                    self._kept.popitem(last=False)
        return made
