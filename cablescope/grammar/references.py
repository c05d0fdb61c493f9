"""REF blocks: the cables a cable cites (``REF: A. 09 MEXICO 2650 B. STATE 12345``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from cablescope.grammar.dates import expand_year
from cablescope.grammar._cableid import make_id
from cablescope.grammar.posts import known_tokens, post_token
from cablescope.model import Reference

POST_ALIASES: dict[str, str] = {
    "SECSTATE": "STATE",
    "SECSTATEWASHDC": "STATE",
    "STATEWASHDC": "STATE",
    "DEPT": "STATE",
    "USUN": "USUNNEWYORK",
    "USUNNY": "USUNNEWYORK",
    "UNVIE": "UNVIEVIENNA",
    "USEU": "USEUBRUSSELS",
    "AIT": "AITTAIPEI",
    "HCMC": "HOCHIMINHCITY",
    "HOCHIMINH": "HOCHIMINHCITY",
    "USOSCEVIENNA": "USOSCE",
    "USNATOBRUSSELS": "USNATO",
    "HAGUE": "THEHAGUE",
    "RIO": "RIODEJANEIRO",
    "ADDIS": "ADDISABABA",
    "USUNNEWYORKNY": "USUNNEWYORK",
}
"""Ways REF lines name posts whose ID token differs."""

_LABEL = re.compile(r"^\s*REF\w*(?:[ \t]+(?P<letter>[A-Z])(?=[ \t]*:))?[ \t]*[:.]?\s*", re.I)
_LETTER = re.compile(r"(?:\((?P<p>[A-Z])\)|(?P<d>[A-Z])[.)])(?=\s|$)")
_TOKEN = re.compile(r"[A-Z][A-Z'.-]*|\d+")
_MAX_POST_WORDS = 4


def _post_of(words: list[str]) -> str | None:
    name = post_token("".join(words))
    name = POST_ALIASES.get(name, name)
    return name if name in known_tokens() else None


def _segments(block: str, first_letter: str | None) -> list[tuple[str | None, int, int]]:
    upper = block.upper()
    cuts: list[tuple[str, int, int]] = []
    expected = "A"
    for m in _LETTER.finditer(upper):
        at = m.start()
        if at > 0 and not (upper[at - 1].isspace() or upper[at - 1] in "¶;,:"):
            continue
        letter = m.group("p") or m.group("d")
        if cuts and letter == cuts[-1][0] and upper[cuts[-1][2] : at].strip() == "":
            cuts[-1] = (letter, cuts[-1][1], m.end())
            continue
        if letter != expected:
            continue
        cuts.append((letter, at, m.end()))
        expected = chr(ord(letter) + 1)
    if not cuts:
        return [(first_letter, 0, len(block))]
    out: list[tuple[str | None, int, int]] = []
    if block[: cuts[0][1]].strip(" \t\n¶;,:"):
        out.append((first_letter, 0, cuts[0][1]))
    for i, (letter, _, body_start) in enumerate(cuts):
        end = cuts[i + 1][1] if i + 1 < len(cuts) else len(block)
        out.append((letter, body_start, end))
    return out


def _citations(upper: str, start: int, end: int) -> list[tuple[int, int, int | None, str, str]]:
    """(start, end, year or None, post token, number) of each cable cited in a segment."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(upper, start, end)]
    found: list[tuple[int, int, int | None, str, str]] = []
    taken = -1
    for i, (t_start, t_end, tok) in enumerate(tokens):
        if not tok.isdigit() or len(tok) > 8 or i == 0:
            continue
        if upper[t_start - 1 : t_start] == "/" or upper[t_end : t_end + 1] in ("/", "-"):
            continue
        words: list[str] = []
        j = i - 1
        while j >= 0 and j > taken and not tokens[j][2].isdigit() and len(words) < _MAX_POST_WORDS:
            gap = upper[tokens[j][1] : tokens[j + 1][0]]
            if gap.strip():
                break
            words.insert(0, tokens[j][2])
            j -= 1
        for k in range(len(words), 0, -1):
            post = _post_of(words[-k:])
            if post is None:
                continue
            first = i - k
            year: int | None = None
            begin = tokens[first][0]
            y = first - 1
            if y > taken and y >= 0 and tokens[y][2].isdigit() and len(tokens[y][2]) in (2, 4):
                if not upper[tokens[y][1] : tokens[first][0]].strip():
                    year = expand_year(int(tokens[y][2]))
                    begin = tokens[y][0]
            found.append((begin, t_end, year, post, tok))
            taken = i
            break
    return found


def parse_references(
    block: str,
    citing_year: int | None = None,
    self_id: str | None = None,
    known: Callable[[str], bool] | None = None,
) -> tuple[Reference, ...]:
    """The cables a REF block cites, in order, each with its letter (``A``) when lettered.

    A citation without a year (``REF: HARARE 5346``) takes ``citing_year`` and is marked
    ``year_inferred``; without a citing year its id stays None. With ``known`` (is this
    ID in the reference list?), a yearless citation the list lacks for the citing year
    takes the year before when the list has it there. Text that names no
    cable (``STATE CA-3400 NOV 2, 1966``, an e-mail) is kept with id None. Citations of
    ``self_id`` (page-break lines caught in the block) are dropped.
    """
    label = _LABEL.match(block)
    first_letter = None
    if label is not None:
        first_letter = (label.group("letter") or "").upper() or None
        block = block[label.end() :]
    upper = block.upper()
    out: list[Reference] = []
    for letter, start, end in _segments(block, first_letter):
        cites = _citations(upper, start, end)
        if not cites:
            raw = " ".join(block[start:end].split()).strip(" ;,¶")
            if raw:
                out.append(Reference(raw=raw, id=None, letter=letter))
            continue
        for c_start, c_end, year, post, number in cites:
            raw = " ".join(block[c_start:c_end].split())
            inferred = year is None
            use_year = citing_year if year is None else year
            cable_id = None
            if use_year is not None:
                cable_id = make_id(use_year, post, number)
                if inferred and known is not None and not known(cable_id):
                    earlier = make_id(use_year - 1, post, number)
                    cable_id = earlier if known(earlier) else cable_id
            if cable_id is not None and cable_id == self_id:
                continue
            ref = Reference(raw=raw, id=cable_id, letter=letter, year_inferred=inferred)
            if ref not in out:
                out.append(ref)
    return tuple(out)
