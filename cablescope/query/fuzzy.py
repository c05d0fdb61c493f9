"""Fuzzy spelling: the words of an archive that spell the same name (``gaddafi~``).

Names written in other alphabets come in many spellings: the cables write Qadhafi (303
cables), Qaddafi (12) and Gaddafi (8), Hizballah and Hezbollah, Mohammed and Muhammad.
``gaddafi~`` matches every spelling that the archive holds of the word, chosen in two
steps, both on words folded as the index folds them (``fold``):

- ``spelling`` writes both words the same way where transliterations differ: q, k, g
  and kh alike at the start (Qadhafi, Kadhafi, Gadhafi, Khadafi), q and k elsewhere, a
  c that sounds k as k, ph as f, kh as k, gh as g, dh as d, ck as k, dj, zh and dzh as j,
  tch as ch, sch as sh, a final z as s (Chavez, Chaves), w as u and y as i past the
  first letter, ou and oo as u, ee as i, ei as ai, no h after a final vowel (Abdullah,
  Abdulla), and a doubled letter once (Qaddafi, Qadafi);
- the two spellings then start with the same letter (or both with a vowel) and differ by
  at most V + N letters (a letter changed, added or removed), of which at most N are not
  a vowel changed into another (Muhammad, Mohammed): V is 1 in a spelling of 5 or 6
  letters, 2 up to 9, 3 beyond (0 below 5), and N is 0 up to 10 letters, 1 up to 14, 2
  beyond (``allowance``), or the N of ``gaddafi~N`` (0 to MAX_EDITS).

So ``gaddafi~`` finds qadhafi, qaddafi, gaddafi, gadhafi, kadafi, qadafi, ``chavez~``
finds chaves but not chase, ``hussein~`` finds hussain, husayn and hossein but not
hassan. Words that hold a digit (ids, numbers) are never spellings of another word. A
term stands for at most MAX_VARIANTS spellings, the nearest first, then those in most
cables (``Variants.more`` says how many more there were).

``expand`` replaces each fuzzy term of a query with its spellings, as a store reads them
from its own index (a ``Vocabulary``); the edit distances are rapidfuzz's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from cablescope.query.fold import words
from cablescope.query.tree import And, Node, Not, Or, Query, Term, Variants, group

MAX_VARIANTS = 50
"""The most spellings one fuzzy term stands for."""

MAX_EDITS = 3
"""The largest N of ``word~N``."""

COUNTED = 4 * MAX_VARIANTS
"""The most spellings, nearest first, whose cables are counted to choose among them."""

_SWAPS = (
    ("tch", "ch"),
    ("sch", "sh"),
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("ph", "f"),
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("ck", "k"),
    ("q", "k"),
)
"""Letters written alike wherever they are, in this order (after the first letter)."""

_VOWEL_SWAPS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "ai"))
"""Vowels written alike, in this order (after w and y past the first letter)."""

_HARD_C = re.compile("c(?![eiyh])")
_DOUBLE = re.compile(r"(.)\1+")
_VOWEL_LETTERS = frozenset("aeiou")
_ONE_VOWEL = str.maketrans("eiou", "aaaa")
_DIGIT = re.compile("[0-9]")

_SOURCES = {"a": "aeiou", "k": "kqgc", "c": "ct", "j": "jdz", "f": "fp"}
"""For the first letter of a frame, the first letters of the words that fold to it."""


def spelling(word: str) -> str:
    """``word`` (folded) written the same way as its other transliterations; see the
    module's docstring."""
    if word.startswith(("kh", "g")) and not word.startswith("gh"):
        word = "k" + word[2 if word[1:2] == "h" else 1 :]
    for before, after in _SWAPS:
        if before in word:
            word = word.replace(before, after)
    word = _HARD_C.sub("k", word) if "c" in word else word
    if word.endswith("z") and len(word) > 1:
        word = word[:-1] + "s"
    word = word[:1] + word[1:].replace("w", "u").replace("y", "i")
    for before, after in _VOWEL_SWAPS:
        if before in word:
            word = word.replace(before, after)
    if word.endswith("h") and word[-2:-1] in _VOWEL_LETTERS:
        word = word[:-1]
    return _DOUBLE.sub(r"\1", word)


def _forms(word: str) -> tuple[str, str]:
    """The spelling of ``word`` and its frame, the spelling with every vowel written a:
    what stays when vowels change."""
    spelt = spelling(word)
    return spelt, spelt.translate(_ONE_VOWEL)


def allowance(word: str, edits: int | None = None) -> tuple[int, int]:
    """(vowels, others): how many vowels (a vowel for another) and other letters a
    spelling of ``word`` (folded) may differ by; ``edits``, when given, is the others."""
    n = len(spelling(word))
    vowels = 0 if n <= 4 else 1 if n <= 6 else 2 if n <= 9 else 3
    if edits is None:
        edits = 0 if n <= 10 else 1 if n <= 14 else 2
    return vowels, edits


def initials(word: str) -> str:
    """The first letters of the indexed words that may be spellings of ``word`` (folded):
    a store reads only the words that start with one of them."""
    first = _forms(word)[1][:1]
    return _SOURCES.get(first, first)


class Lexicon:
    """Indexed words that start alike, each with its spelling and frame, made once to be
    searched for the spellings of many words (rapidfuzz compares the frames in C++).
    Words that hold a digit are left out."""

    def __init__(self, indexed: Iterable[str]) -> None:
        self.words = sorted({w for w in indexed if w.isalpha() or not _DIGIT.search(w)})
        self.spelt = [spelling(word) for word in self.words]
        self.frames = [spelt.translate(_ONE_VOWEL) for spelt in self.spelt]

    def __len__(self) -> int:
        return len(self.words)

    def near(self, word: str, edits: int | None = None) -> list[tuple[int, str]]:
        """(distance, indexed word) for the spellings of ``word`` (folded) among these
        words, nearest first (fewest letters apart once spelt alike), then alphabetically."""
        spelt, frame = _forms(word)
        vowels, others = allowance(word, edits)
        found: list[tuple[int, str]] = []
        close = process.extract(
            frame, self.frames, scorer=Levenshtein.distance, score_cutoff=others, limit=None
        )
        for shape, _, i in close:
            if shape[:1] != frame[:1]:
                continue
            distance = Levenshtein.distance(spelt, self.spelt[i], score_cutoff=others + vowels)
            if distance <= others + vowels:
                found.append((distance, self.words[i]))
        return sorted(found)


def spellings(word: str, indexed: Iterable[str], edits: int | None = None) -> list[str]:
    """The words of ``indexed`` that are spellings of ``word`` (folded), as
    ``Lexicon.near`` orders them."""
    return [found for _, found in Lexicon(indexed).near(word, edits)]


class Vocabulary(Protocol):
    """The words a store indexes, as fuzzy terms need them."""

    def lexicon(self, letters: str) -> Lexicon:
        """The indexed words that start with one of ``letters`` (and maybe others)."""
        ...

    def cables(self, found: Sequence[str]) -> Mapping[str, int]:
        """How many stored cables hold each of the words ``found``; 0 or absent for none."""
        ...


def variants(term: Term, vocabulary: Vocabulary) -> Variants:
    """The spellings of the fuzzy ``term`` that ``vocabulary`` holds in some cable, with
    how many: the word itself and the nearest of the others, MAX_VARIANTS in all, then
    those in most cables; listed most first."""
    word = words(term.text)[0]
    near = [(0, word), *vocabulary.lexicon(initials(word)).near(word, term.edits)][:COUNTED]
    counts = vocabulary.cables(list(dict.fromkeys(found for _, found in near)))
    held = sorted(
        {(distance, -counts[found], found) for distance, found in near if counts.get(found)}
    )
    kept = sorted((n, found) for _, n, found in held[:MAX_VARIANTS])
    more = len(held) - len(kept)
    return Variants(term.written, tuple((found, -n) for n, found in kept), more)


def expand(query: Query, vocabulary: Vocabulary) -> Query:
    """``query`` with each fuzzy term replaced by its spellings in ``vocabulary`` (a term
    without any by its word, which matches nothing), and ``variants`` saying what each
    stood for; ``query`` itself when it has none."""
    found: dict[Term, Variants] = {}

    def walk(node: Node) -> Node:
        if isinstance(node, Term):
            if not node.fuzzy:
                return node
            if node not in found:
                found[node] = variants(node, vocabulary)
            spelt: list[Node] = [Term(w, column=node.column) for w, _ in found[node].found]
            return group(Or, spelt) or Term(node.text, column=node.column)
        if isinstance(node, Not):
            return Not(walk(node.item))
        if isinstance(node, And | Or):
            return group(type(node), [walk(item) for item in node.items]) or node
        return node

    if query.root is None or not _fuzzy(query.root):
        return query
    root = walk(query.root)
    return Query(query.source, root, (*query.variants, *found.values()))


def _fuzzy(node: Node) -> bool:
    if isinstance(node, Term):
        return node.fuzzy
    if isinstance(node, Not):
        return _fuzzy(node.item)
    if isinstance(node, And | Or):
        return any(_fuzzy(item) for item in node.items)
    return False
