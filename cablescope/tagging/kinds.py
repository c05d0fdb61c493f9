"""What the annotation guideline (evaluation/GUIDELINE.md) settles that taggers read by the
look of a word:

* a mission named by its place is one ORG (``Embassy Vilnius``, ``U.S. Embassy Tripoli``,
  ``Consulate General Recife``), though taggers see the place alone (rule 16); the place
  is a LOC mention or a post of the posts table. Only in mixed case: an addressee line in
  capitals names the post alone (``US MISSION GENEVA``, rule 12);
* ``Government of Brazil`` is one ORG, not LOC ``Brazil`` (rule 7);
* the countries a subject opens with are LOC (``SUBJECT: NETHERLANDS/IRAN:``; rules 1 and
  17), where a tagger reads a line in capitals as a headline;
* currency codes and detainees' serial numbers are no entities (``US$``, ``USD``, ``ISN-194``;
  rules 11 and 20), nor is the pronoun ``US`` in capitals (``HAVE BOTH TOLD US THAT``);
* treaties, programmes and meetings are MISC, where taggers make organisations of them
  (``U.S.-Colombia Defense Cooperation Agreement``, ``Thirteenth Amendment``; rule 19);
* a person's name runs over its particles (``Nizar bin Obaid Madani``, ``Saif al-Islam
  al-Qadhafi``; rule 10) and over the second half of a hyphenated surname (``Manuel
  Lopez-Blanco``), where taggers cut it in two;
* after ``Minister of`` the portfolio is the title (rule 3): the name after it is the
  person (``Minister of Justice Juan Fernando Lopez Aguilar``), where taggers make one
  organisation of both, and a portfolio alone is no entity;
* nationalities, religions and ethnic groups are MISC (``New Zealanders``, ``Surinamer``,
  ``Shia``, ``Alevis``; rule 21), where taggers make people or parties of them. A
  nationality is a word formed on a country's name (``data/countries.tsv``) with a
  nationality ending, or one of the irregular forms and groups listed in ``words.txt``.

Mentions this module adds carry the rules' backend, ``rules``.
"""

from __future__ import annotations

import re
from functools import cache

from cablescope.grammar._data import tsv_rows
from cablescope.grammar.posts import known_tokens, post_token
from cablescope.model import Mention
from cablescope.tagging.names import NAME_PARTICLE, is_title, words

_BACKEND = "rules"
_SPACE = r"[ \t]*\n?[ \t]*"
_MISSION_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:(?:U\.S\.|US|American)[ \t]+)?"
    r"(?:Embassy|Consulate(?:[ \t-]+General)?|Consulate-General|Mission)" + _SPACE + r"\Z"
)
_GOVERNMENT_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?:Government|GOVERNMENT){_SPACE}(?:of|OF){_SPACE}(?:the{_SPACE})?\Z"
)
_MISSION = re.compile(
    r"(?<![\w.])(?:(?:U\.S\.|US)[ \t]+)?(?:Embassy|Consulate(?:[ \t-]+General)?|Mission)"
    r"[ \t]+(?P<place>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})"
)
_SUBJECT_LEAD = re.compile(
    r"(?m)^[ \t]*SUBJ(?:ECT)?[ \t]*[:.][ \t]*(?P<lead>[A-Z][A-Za-z .'-]{1,40}?"
    r"(?:[ \t]*/[ \t]*[A-Z][A-Za-z .'-]{1,40}?)*)[ \t]*:"
)
_OFFICE = re.compile(
    r"(?<![\w/])(?:(?:AF|EAP|EUR|NEA|SCA|WHA|IO|ISN|INR|PM|EEB|EB|DRL|CA|PRM|OES|INL|DS|OBO"
    r"|ECA|IIP|HR|RM|NP|VCI|AVC|OIG|USAID|OPIC|DHS|DOD|DOJ|DOE|USDA|USDOC|NSC|OSD|JCS|USTR"
    r"|TREASURY|COMMERCE)(?:/[A-Z][A-Z0-9-]{0,7})+|S/(?:P|CT|ES|CRS|WCI|GAC|SEMEP|SRAP))"
    r"(?![\w/])"
)
_MINISTRY = re.compile(
    r"(?<![\w-])(?:(?P<lead>[A-Z][a-z]+)[ \t]+)?(?P<ministry>Ministry)"
    r"(?:[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][a-z]+(?:[ \t]+(?:and[ \t]+|of[ \t]+|for[ \t]+)?[A-Z][a-z]+)*)?"
)
_WORD = re.compile(r"[A-Za-z]+")
_JOINS = frozenset({"of", "the", "and", "for"})
_FIELDS = frozenset({"foreign", "general"})
"""Title words that also name a ministry's field (``Ministry of Foreign Affairs``): a
ministry's name ends at any other (``… Permanent Secretary Bimha``)."""
_SLASH = re.compile(r"[ \t]*/[ \t]*")
_AL_TAIL = re.compile(rf"(?:{_SPACE}(?:al|Al|el|El)-[A-Z][a-z'][\w']*)+")
_AL_TAIL_CAPS = re.compile(rf"(?:{_SPACE}(?:AL|EL)-[A-Z][A-Z']*(?![a-z]))+")
_HYPHEN_TAIL = re.compile(r"-[A-Z][a-z'][\w']*(?![\w-]| [A-Z])")
_HYPHEN_TAIL_CAPS = re.compile(r"-[A-Z][A-Z']+(?![\w-])")
"""The second half of a hyphenated surname (``Manuel Lopez``-``Blanco``), when nothing more
of a name follows it (``the Vladimir Putin-Dmitry Medvedev tandem`` names two people; in
capitals, when no name of several words begins after the hyphen)."""
_MINISTER_OF = re.compile(r"Minister\s+(?:of|for)\s+(?:the\s+)?$", re.IGNORECASE)
_PORTFOLIO_JOINS = frozenset({"and", "&", "of", "the", "-", "--"})
_PORTFOLIO_WORD = re.compile(r"[^\s,]+")
_BEFORE = 48
_CUE = re.compile("mbassy|onsulat|ission|overnment|OVERNMENT")
_NOT_GROUPS = frozenset({"PER", "ORG"})
"""The types a nationality is never; LOC is a reading other guidelines give it (CoNLL-2003
tags ``Philippine`` LOC, History Lab ``HONDURAN SUGAR``), so that one stays."""
_MISC_HEADS = frozenset(
    "agreement agreements accord accords treaty amendment protocol programme program "
    "initiative guidebook conference summit talks dialogue act".split()
)
_BODIES = frozenset(
    "organisation organization council committee commission office secretariat union league "
    "group forum".split()
)
_BODY_HEADS = frozenset(
    "association foundation party ministry institute university college council committee "
    "company agency movement corporation corp inc ltd llc s.a. commission organization "
    "organisation authority police army navy court tribunal parliament assembly directorate "
    "secretariat".split()
)
"""Last words that make a name a body's: not ``Bank``, ``Union`` or ``Federation``, which
end places too (``West Bank``, ``Soviet Union``, ``Russian Federation``)."""
_NOT_GOVERNMENTS = frozenset({"MISC", "LOC"})
"""The types a tagger gives a government's acronym (``GOP``) by mistake; a PER stays, it
may be a man's name (``Dr. Gopo``)."""
_SYMBOL = re.compile(r"[A-Z]{2,8}(?:/[A-Z0-9]{1,8})+")
_AROUND = 30
_PREVIOUS = re.compile(r"([A-Z]+)[ \t]+\Z")
_NEXT = re.compile(r"[ \t]*([A-Z]*)")
_TAKES_PERSON = frozenset(
    "TOLD TELL TELLS ASK ASKS ASKED ASKING GAVE GIVE GIVES GIVEN SENT SEND LET LETS HELP "
    "HELPED SHOW SHOWED SHOWN INFORM INFORMED BRIEF BRIEFED REMIND REMINDED ENABLE ENABLED "
    "ALLOW ALLOWED URGE URGED INVITE INVITED ASSURE ASSURED WANT WANTED EXPECT EXPECTS "
    "EXPECTED PERMIT PERMITTED CALLED CONTACTED APPROACHED ADVISED THANKED".split()
)
_PREPOSITIONS = frozenset(
    "FOR TO FROM WITH BY AMONG BETWEEN BEHIND AGAINST ABOUT TOWARD TOWARDS UPON".split()
)
_FUNCTION_WORDS = frozenset(
    "TO THAT WHAT WHICH WHO ABOUT IN AND OR BUT OF ON AT AS IF WHEN WHETHER THE A AN ALL".split()
)
_SERIAL = re.compile(r"ISN[- ]?\d{1,5}")
"""A detainee's internment serial number (``ISN-194``): a number, not a name (rule 11)."""
_CURRENCIES = frozenset({"US$", "U.S.$", "USD", "EUR", "GBP", "JPY", "CHF"})
_ENDINGS: tuple[frozenset[str], ...] = (
    frozenset({"IAN", "IANS", "AN", "ANS", "ESE", "ISH", "I", "IS", "ER", "ERS"}),
    frozenset({"S", "IAN", "IANS", "AN", "ANS", "ESE", "ISH", "ER", "ERS"}),
    frozenset({"S", "ISH", "ESE"}),
)
"""The nationality endings after a country's name less none, one or two final letters
(``Iraqi``, ``Germans``, ``Turks``): ``-is`` never after a cut (``Francis``), ``-s`` never
after a vowel (``Turkes``, a man's name). A country's name less its last letter
(``Philippine``, ``German``) is left to the tagger: CoNLL-2003 tags ``Philippine`` LOC."""


@cache
def _countries() -> frozenset[str]:
    return frozenset(row[1].upper() for row in tsv_rows("countries.tsv"))


@cache
def _groups() -> frozenset[str]:
    return frozenset(w.upper() for w in words().groups)


@cache
def _formed() -> frozenset[str]:
    """Every nationality word a country's name forms (see ``_ENDINGS``)."""
    forms: set[str] = set()
    for name in _countries():
        head, _, stem = name.rpartition(" ")
        head = head + " " if head else ""
        for cut, endings in enumerate(_ENDINGS):
            base = stem[: len(stem) - cut]
            if len(base) < 4:
                continue
            forms.update(
                head + base + ending
                for ending in endings
                if ending != "S" or base[-1] not in "AEIOU"
            )
    return frozenset(forms - set(_countries()))


def is_group(word: str) -> bool:
    """Whether ``word`` names a nationality, religion or ethnic group (see the module)."""
    folded = word.upper().removesuffix("'S").removesuffix("’S")
    if folded in _formed():
        return True
    return folded not in _countries() and (
        folded in _groups() or folded.removesuffix("S") in _groups()
    )


def _place(m: Mention) -> bool:
    return m.type == "LOC" or post_token(m.text) in known_tokens()


def _joined(text: str, mentions: list[Mention]) -> list[Mention]:
    """Missions and governments named by their place as one ORG each."""
    out: list[Mention] = []
    for m in mentions:
        window = text[max(0, m.start - _BEFORE) : m.start]
        if not _CUE.search(window) or not _place(m):
            out.append(m)
            continue
        found = _MISSION_BEFORE.search(window) or _GOVERNMENT_BEFORE.search(window)
        if found is None:
            out.append(m)
            continue
        start = m.start - len(window) + found.start()
        out = [x for x in out if x.end <= start]
        out.append(Mention(start, m.end, "ORG", text[start : m.end], m.backend, m.score))
    return out


def missions(text: str) -> list[Mention]:
    """``Embassy <post>`` as ORG mentions, for where no mention covers the post."""
    found: list[Mention] = []
    for m in _MISSION.finditer(text):
        words = m.group("place").split()
        while words and post_token(" ".join(words)) not in known_tokens():
            words.pop()
        if words:
            end = text.index(words[-1], m.start("place")) + len(words[-1])
            found.append(Mention(m.start(), end, "ORG", text[m.start() : end], _BACKEND))
    return found


def offices(text: str) -> list[Mention]:
    """The Department's office symbols (``INR/OPS``, ``EUR/WE``, ``S/CT``) and ministries
    named by their field (``Foreign Ministry``, ``Ministry of Exterior Relations``) as ORG
    mentions, for where no mention covers them."""
    found = [
        Mention(m.start(), m.end(), "ORG", m.group(), _BACKEND) for m in _OFFICE.finditer(text)
    ]
    for m in _MINISTRY.finditer(text):
        start = m.start()
        lead = m.group("lead")
        if lead is not None and (is_group(lead) or lead.lower() in words().tail):
            start = m.start("ministry")
        end = m.end("ministry")
        for word in _WORD.finditer(text, end, m.end()):
            low = word.group().lower()
            if low in _JOINS:
                continue
            if is_title(low) and low not in _FIELDS or low in words().tail:
                break
            end = word.end()
        if end - start > len("Ministry"):
            found.append(Mention(start, end, "ORG", text[start:end], _BACKEND))
    return sorted(found, key=lambda m: m.start)


def subject_countries(text: str) -> list[Mention]:
    """The countries a subject opens with (``SUBJECT: NETHERLANDS/IRAN: NO OBJECTIONS``) as
    LOC mentions, for where no mention covers them."""
    found: list[Mention] = []
    for m in _SUBJECT_LEAD.finditer(text):
        at = m.start("lead")
        for piece in _SLASH.split(m.group("lead")):
            start = text.index(piece, at)
            at = start + len(piece)
            if piece.upper() in _countries():
                found.append(Mention(start, at, "LOC", piece, _BACKEND))
    return found


def _particles(text: str, mentions: list[Mention]) -> list[Mention]:
    """People's names over their particles: two PER mentions joined by ``bin``, ``de``…,
    and a PER mention with the ``al-`` words that follow it, written in its own case (a
    dateline in capitals after a byline is not one of them), or with the second half of a
    hyphenated surname after a given name."""
    out: list[Mention] = []
    for i, m in enumerate(mentions):
        if m.type == "PER" and out and out[-1].type == "PER":
            last = out[-1]
            gap = text[last.end : m.start]
            if NAME_PARTICLE.fullmatch(gap.lower() if last.text.isupper() else gap):
                m = Mention(
                    last.start, m.end, "PER", text[last.start : m.end], last.backend, last.score
                )
                out.pop()
        tails = _AL_TAIL_CAPS if m.text.isupper() else _AL_TAIL
        if m.type == "PER" and (tail := tails.match(text, m.end)) is not None:
            end = tail.end()
            m = Mention(m.start, end, "PER", text[m.start : end], m.backend, m.score)
        hyphen = _HYPHEN_TAIL_CAPS if m.text.isupper() else _HYPHEN_TAIL
        if (m.type == "PER" and " " in m.text.strip()
                and (tail := hyphen.match(text, m.end)) is not None
                and not any(n.start == m.end + 1 and n.end > tail.end()
                            for n in mentions[i + 1 : i + 2])):  # fmt: skip
            end = tail.end()
            m = Mention(m.start, end, "PER", text[m.start : end], m.backend, m.score)
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def no_entity(text: str, m: Mention) -> bool:
    """Whether ``m`` is a currency code, a detainee's serial number or the pronoun ``US``:
    never an entity, however often the cable tags the same letters elsewhere."""
    return (
        m.text in _CURRENCIES
        and not _spelled_out(text, m.text)
        or _SERIAL.fullmatch(m.text) is not None
        or m.text == "US"
        and _is_pronoun(text, m.start, m.end)
    )


def _spelled_out(text: str, code: str) -> bool:
    """Whether the cable defines the letters as a name's initials (``Unit Synthetic Drugs
    (USD)``), so that here they stand for the name and not the currency."""
    if f"({code})" not in text:
        return False
    for d in re.finditer(
        rf"((?:[A-Z][\w-]*\s+(?:(?:of|for|and|the)\s+)?)+)\({re.escape(code)}\)", text
    ):
        if "".join(w[0] for w in d.group(1).split() if w[0].isupper()).endswith(code):
            return True
    return False


def _is_pronoun(text: str, start: int, end: int) -> bool:
    """Whether ``US`` at ``start`` in a line in capitals is the pronoun (``HAVE BOTH TOLD US
    THAT``, ``FOR US TO``, ``BACK TO US.``): after a verb that takes a person or a
    preposition, and before a function word or punctuation (``FOR US POSITION``, ``ANY
    FLEET LIKE US WITH`` stay the country)."""
    around = text[max(0, start - _AROUND) : end + _AROUND]
    if any(c.islower() for c in around):
        return False
    before = _PREVIOUS.search(text, max(0, start - _AROUND), start)
    if before is None:
        return False
    if before.group(1) not in _TAKES_PERSON and before.group(1) not in _PREPOSITIONS:
        return False
    after = _NEXT.match(text, end)
    following = after.group(1) if after is not None else ""
    return not following or following in _FUNCTION_WORDS


def _is_misc(name: str) -> bool:
    """Whether an organisation's name is a treaty's, a programme's or a meeting's
    (``Defense Cooperation Agreement``, ``Thirteenth Amendment``), not a body's
    (``Organisation of Islamic Conference``)."""
    words = name.lower().split()
    return words[-1] in _MISC_HEADS and not _BODIES.intersection(words)


def _retyped(m: Mention) -> Mention:
    kind = m.type
    if m.type in _NOT_GROUPS and is_group(m.text) or m.type == "ORG" and _is_misc(m.text):
        kind = "MISC"
    elif m.type != "ORG" and _is_body(m.text):
        kind = "ORG"
    elif m.type in _NOT_GOVERNMENTS and m.text in _government_acronyms():
        kind = "ORG"
    elif m.type == "PER" and _SYMBOL.fullmatch(m.text):
        kind = "ORG"
    if kind == m.type:
        return m
    return Mention(m.start, m.end, kind, m.text, m.backend, m.score)


def _is_body(name: str) -> bool:
    """Whether a name ends with a word that names a body (``Hussein Gazi Association``,
    ``Middle East Technology University``)."""
    return " " in name.strip() and name.split()[-1].lower() in _BODY_HEADS


@cache
def _government_acronyms() -> frozenset[str]:
    """``GO`` and a country's letters (``GOB``, ``GOSL``, ``GOAJ``): its government."""
    found: set[str] = set()
    for row in tsv_rows("countries.tsv"):
        code, name = row[0], row[1]
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        found.update(f"GO{x}" for x in {name[0].upper(), initials, code} if x)
    return frozenset(found)


def _portfolio(text: str, m: Mention) -> list[Mention]:
    """``m`` less the portfolio it opens with after ``Minister of``, which is the title: the
    name after it is the person (``Minister of Justice Juan Fernando Lopez Aguilar``), and a
    portfolio alone is no entity (``Minister of Culture and Tourism``)."""
    if not _MINISTER_OF.search(text, max(0, m.start - _BEFORE), m.start):
        return [m]
    portfolios = words().portfolios
    start, last = m.start, ""
    for word in _PORTFOLIO_WORD.finditer(text, m.start, m.end):
        low = word.group().lower()
        if low not in portfolios and low not in _PORTFOLIO_JOINS:
            break
        start, last = word.end(), low
    else:
        return []
    if start == m.start or last in _PORTFOLIO_JOINS:
        return [m]
    while text[start] in " \t\n,":
        start += 1
    rest = text[start : m.end]
    names = rest.split()
    lower = [w.lower() for w in names]
    if (not names or not all(w[0].isupper() for w in names) or is_title(lower[0])
            or lower[0] in words().generic
            or not _PORTFOLIO_JOINS.isdisjoint(lower)):  # fmt: skip
        return [m]
    return [Mention(start, m.end, "PER", rest, m.backend, m.score)]


def guideline_kinds(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (sorted, not overlapping) with the guideline's types (see the module)."""
    kept = [p for m in mentions if not no_entity(text, m) for p in _portfolio(text, m)]
    kept = [_retyped(m) for m in kept]
    return _particles(text, _joined(text, kept))
