"""How mention texts compare: name keys, token runs, slugs, the shipped alias table, and the
word lists resolution reads names by (``data/names.txt``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cablescope.query.fold import fold

_POSSESSIVE = re.compile(r"(?:'|’)s?$")
_SPACES = re.compile(r"\s+")
_SLUG = re.compile(r"[^a-z0-9]+")
_PUNCT = re.compile(r"[^\w]+")
_INITIAL = re.compile(r"[A-Z]")
_SECTION = re.compile(r"^\[", re.M)


def name_key(text: str) -> str:
    """The key of a name: possessive ``'s`` and dots removed, case-folded, spaces collapsed
    (``U.S.`` -> ``us``, ``TELLO PEON's`` -> ``tello peon``)."""
    text = _POSSESSIVE.sub("", text.strip()).replace(".", "")
    return _SPACES.sub(" ", text).strip().casefold()


def slug(name: str) -> str:
    """``name`` folded to ASCII letters and digits joined by ``-`` (``Tello Peón`` ->
    ``tello-peon``); ``x`` when nothing is left."""
    return _SLUG.sub("-", fold(name)).strip("-") or "x"


def contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """Whether person name ``short`` can be ``long`` cut short: a contiguous, shorter run of
    its tokens that is not its first token alone (``tello peon``, ``jorge tello``, or
    ``gutierrez`` of ``geronimo gutierrez fernandez``, but not ``jorge``)."""
    n = len(short)
    if n >= len(long) or (n == 1 and long[0] == short[0] and short[0] not in long[1:]):
        return False
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def within(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """Whether person name ``short`` is ``long`` cut short (``contains``) or written without
    its middle: its first and last tokens with some of those between (``cristina kirchner``
    of ``cristina fernandez de kirchner``, ``ellen tauscher`` of ``ellen o tauscher``)."""
    if contains(long, short):
        return True
    if not 1 < len(short) < len(long) or (short[0], short[-1]) != (long[0], long[-1]):
        return False
    rest = iter(long[1:-1])
    return all(word in rest for word in short[1:-1])


def runs(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every shorter form of ``tokens`` that ``within`` accepts."""
    found = {
        tokens[i:j]
        for i in range(len(tokens))
        for j in range(i + 1, len(tokens) + 1)
        if j - i < len(tokens)
    }
    middle = tokens[1:-1]
    for mask in range(2 ** len(middle) - 1):
        kept = tuple(w for i, w in enumerate(middle) if mask >> i & 1)
        found.add(tokens[:1] + kept + tokens[-1:])
    # Every run ``within`` accepts but the first token alone (``contains``): the others are
    # shorter runs of the tokens, or the first and last with some of the middle.
    if len(tokens) > 1 and tokens[0] not in tokens[1:]:
        found.discard(tokens[:1])
    return list(found)


@cache
def alias_table() -> dict[str, tuple[str, str]]:
    """The shipped equivalents (``data/aliases.tsv``): key -> (canonical key, display name)."""
    table: dict[str, tuple[str, str]] = {}
    text = resources.files("cablescope").joinpath("data/aliases.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("\t") if n.strip()]
        head = name_key(names[0])
        for name in names:
            table.setdefault(name_key(name), (head, names[0]))
    return table


@dataclass(frozen=True, slots=True)
class Words:
    """The word lists of ``data/names.txt`` (lower case): titles and roles that come off a
    person's name, words that make a name an organisation or an agreement, currency codes,
    the roles titles' short forms stand for and the given names nicknames stand for."""

    titles: frozenset[str]
    organisation: frozenset[str]
    agreement: frozenset[str]
    currency: frozenset[str]
    abbreviations: dict[str, str]
    """A title's short form -> the role it stands for (``u/s`` -> ``under secretary``)."""
    nicknames: dict[str, str]
    """A given name's short form -> the name (``bill`` -> ``william``)."""


@cache
def words() -> Words:
    """The packaged word lists."""
    lists: dict[str, frozenset[str]] = {}
    text = resources.files("cablescope").joinpath("data/names.txt").read_text("utf-8")
    for block in _SECTION.split(text)[1:]:
        name, _, body = block.partition("]")
        lines = (line.strip().lower() for line in body.splitlines())
        lists[name] = frozenset(x for x in lines if x and not x.startswith("#"))
    empty: frozenset[str] = frozenset()
    abbreviations = dict(x.split(" ", 1) for x in lists.get("role abbreviations", empty))
    nicknames = dict(x.split(" ", 1) for x in lists.get("nicknames", empty))
    return Words(
        titles=lists.get("titles", empty),
        organisation=lists.get("organisation", empty),
        agreement=lists.get("agreement", empty),
        currency=lists.get("currency", empty),
        abbreviations=abbreviations,
        nicknames=nicknames,
    )


def _role(token: str) -> bool:
    """Whether a token is a title or role (``Amb.``, ``PDAS``), an office symbol (``A/S``,
    ``S/CT``) or punctuation alone (``-``)."""
    bare = token.strip(".,;:()").lower()
    return not _PUNCT.sub("", token) or "/" in token or bare in words().titles


def split_roles(surface: str) -> tuple[str, str]:
    """(role, name) of a person's mention: the name without the titles, roles and office
    symbols before it, office symbols after it, and a headline's lead before a colon (``P -
    U/S BURNS`` -> ``BURNS``, ``Amb. Wayne`` -> ``Wayne``, ``IRAN: Sarkozy`` -> ``Sarkozy``;
    empty when nothing else is left, as for ``A/S``), and the role those titles make (see
    ``role_of``). Titles after a name stay (``Hun Sen``, ``John Major``)."""
    if ":" in surface:
        surface = surface.rsplit(":", 1)[1]
    tokens = surface.split()
    taken: list[str] = []
    while tokens and (_role(tokens[0]) or (
            len(tokens) > 1 and len(tokens[0]) == 1 and tokens[0].isupper()
            and _role(tokens[1]))):  # fmt: skip
        taken.append(tokens.pop(0))
    while tokens and ("/" in tokens[-1] or not _PUNCT.sub("", tokens[-1])):
        tokens.pop()
    return role_of(taken), " ".join(tokens)


def strip_roles(surface: str) -> str:
    """A person's name without the titles and office symbols around it (see
    ``split_roles``)."""
    return split_roles(surface)[1]


def role_of(tokens: list[str]) -> str:
    """The role a run of title tokens makes: its titles and office symbols, lower case,
    without dots, short forms written out (``Foreign Minister`` and ``FM`` -> ``foreign
    minister``, ``A/S`` -> ``assistant secretary``, ``S/CT`` -> ``s/ct``); empty when it has
    none (``the``, ``P -``)."""
    found = []
    table = words()
    for token in tokens:
        bare = token.strip(".,;:()").lower().replace(".", "")
        if (_OFFICE.fullmatch(bare) or bare in table.titles) and bare not in _NO_ROLE:
            found.append(table.abbreviations.get(bare, bare))
    return " ".join(found)


_OFFICE = re.compile(r"[a-z]{1,4}(?:/[a-z]{1,4})+")
"""An office symbol (``a/s``, ``s/ct``, ``p/e``), as a role reads it."""


_NO_ROLE = frozenset({"the"})
"""Title words that say nothing of a role."""


def role_before(text: str, start: int) -> str:
    """The role the words just before ``start`` in ``text`` give the name there (``former
    President`` -> ``former president``, ``Secretary`` and ``Secretary of State`` ->
    ``secretary``): title words and
    office symbols back to the first other word, a word ending a clause or an abbreviation's
    dot on a longer word (``the Foreign Minister. Kirchner`` gives none); the word next to
    the name is capitalised (``under Kirchner`` gives none), and lower-case words only lead
    and say when (``former President``, not ``Minister under President``)."""
    tokens = text[max(0, start - _BEFORE) : start].split()
    if start > _BEFORE and tokens:
        tokens.pop(0)
    if (len(tokens) > 2 and tokens[-2].lower() == "of" and tokens[-1].lower() in _DEPARTMENTS
            and _role(tokens[-3])):  # fmt: skip
        del tokens[-2:]
    taken: list[str] = []
    for token in reversed(tokens):
        bare = token.rstrip(".")
        lower = not token[0].isupper()
        if (token[-1] in ",;:()" or (token != bare and len(bare) > 4)
                or not _role(token) or not _PUNCT.sub("", token)
                or (lower and (not taken or bare.lower() not in _LEADING))
                or (taken and not lower and taken[-1][0].islower())):  # fmt: skip
            break
        taken.append(token)
    return role_of(taken[::-1])


_BEFORE = 60
"""Characters read before a name for its role."""

_DEPARTMENTS = frozenset({"state", "defense", "defence"})
"""The department a title names after it, which says nothing more of the role (``Under
Secretary of State Burns`` is ``under secretary`` as ``U/S Burns`` is)."""

_LEADING = frozenset({"former", "then", "acting", "interim", "outgoing", "incoming", "new", "ex"})
"""Title words written in lower case before a title (``former President``)."""


def kind_by_words(surface: str) -> str | None:
    """``ORG`` or ``MISC`` when a word of ``surface`` makes it an organisation (``Ministry``,
    ``Party``) or an agreement (``Treaty``, ``Free Trade Agreement``), else None."""
    found = {w.strip(".,;:()'’").lower() for w in surface.split()}
    if found & words().agreement:
        return "MISC"
    if found & words().organisation:
        return "ORG"
    return None


def variants(a: str, b: str) -> bool:
    """Whether two name words are spellings of one (``nicolas`` / ``nicholas``, ``dmitriy``
    / ``dmitri``, ``qadhafi`` / ``qaddafi``): the same first letter, one letter added,
    dropped or changed inside a word of five letters or more, or at the end of one of six or
    more (so ``mario`` and ``maria`` stay apart)."""
    if a == b or min(len(a), len(b)) < 5 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        end = len(a) if len(a) >= 6 else len(a) - 1
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 and diff[0] < end
    if abs(len(a) - len(b)) != 1:
        return False
    long, short = (a, b) if len(a) > len(b) else (b, a)
    end = len(long) if len(short) >= 6 else len(long) - 1
    return any(long[:i] + long[i + 1 :] == short for i in range(1, end))


def given_name(word: str) -> str:
    """The given name a nickname stands for (``bill`` -> ``william``); ``word`` else."""
    return words().nicknames.get(word, word)


def initials(name: str) -> str:
    """The capitals that begin the words of ``name`` (``Sri Lanka`` -> ``SL``), minor words
    skipped."""
    return "".join(
        w[0] for w in name.split() if w.lower() not in ("and", "of", "the") and _INITIAL.match(w)
    )
