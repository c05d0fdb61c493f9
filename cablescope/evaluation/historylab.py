"""History Lab annotated 1970s cables as CoNLL-typed gold documents.

Each file is an entity list (``N. SURFACE TYPE``), a line ``@@@``, then the all-caps text with
``[[mention || N]]`` marks that nest and cover every coreferent mention: names, nominals
(``THE EMBASSY``) and pronouns (``HE``, ``WE``). CoNLL-2003 tags only names, so:

* a mention is kept only if, once a leading article, quotes, punctuation and a possessive
  ``'S`` are trimmed off, it holds a word that is neither a pronoun nor a common word (titles,
  ranks, office nouns, function words); ``US`` counts as a name only for a GPE entity;
* a PER.IND mention is cut down to its last run of name words (``NEWS EDITOR IAN SEYMOUR``
  gives ``IAN SEYMOUR``, ``STATE SECRETARY FRANK`` gives ``FRANK``): CoNLL leaves titles out;
* types map PER.IND to PER; ORG.* to ORG; GPE.* and LOC to LOC, except a one-word nationality
  (``IRAQI``, ``FRENCH``, ``SOVIETS``), which CoNLL tags MISC, and a GPE named as its
  government (``USG``, ``GOI``, ``HMG``, ``LOWER SAXONY GOVERNMENT``), which is ORG; PER.GROUP to MISC only for such
  a nationality word (``PALESTINIANS``) and is otherwise dropped (``OPEC MEMBERS``, ``WHITE``
  are descriptions, not names, in CoNLL); other or unknown types are dropped;
* of nested marks the outermost kept mention wins, and an inner name survives when the
  outer mark was dropped or trimmed away from it (CoNLL has no nesting).

Marks are removed from the text together with the spaces before ``||``; malformed marks
(one closing bracket, a missing ``]]``) are read as closed, and a mark that never closes is
ignored. Documents the annotators flagged (``ToBeFixed/``) are skipped unless asked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cablescope.evaluation.documents import GoldDocument, GoldEntity, bucket

_ENTRY = re.compile(r"^\s*(\d+)\s*\.?\s*(.*?)\s+([A-Z]+(?:\.[A-Z]+)?)\s*$")
_TOKEN = re.compile(r"\[\[|\s*\|\|\s*(?:\|\|\s*)?(\d*)\s*\]{0,2}")
_WORD = re.compile(r"[^\W_][\w.&'’-]*")

PRONOUNS = frozenset(
    "I ME MY MINE MYSELF WE US OUR OURS OURSELVES YOU YOUR YOURS YOURSELF YOURSELVES HE HIM HIS "
    "HIMSELF SHE HER HERS HERSELF IT ITS ITSELF THEY THEM THEIR THEIRS THEMSELVES THIS THAT THESE "
    "THOSE WHO WHOM WHOSE WHICH HERE THERE ONE ONES BOTH ALL EACH OTHER OTHERS".split()
)
COMMON = frozenset(
    "THE A AN OF AND OR IN ON AT TO FOR BY WITH FROM AS SAID SUCH SAME NEW OLD TWO THREE SOME "
    "ANY MANY SEVERAL VARIOUS MR MR. MRS MRS. MS MS. DR DR. SIR MADAME "
    "PRESIDENT PRES VICE VICE-PRESIDENT PRIME MINISTER MINISTERS MIN FOREIGN SECRETARY SECRETARIES "
    "SEC SECY GENERAL DEPUTY ASSISTANT ACTING CHIEF HEAD HEADS CHAIRMAN DIRECTOR DIRECTORS "
    "AMBASSADOR AMBASSADORS AMB CHARGE COUNSELOR CONSUL DELEGATE DELEGATES DELEGATION DELEGATIONS "
    "OFFICIAL OFFICIALS OFFICER OFFICERS EMBOFF EMBOFFS POLOFF ECONOFF DCM LEADER LEADERS "
    "LEADERSHIP KING QUEEN PRINCE SHAH SENATOR CONGRESSMAN GOVERNOR MAYOR EDITOR REPORTER "
    "SPOKESMAN SOURCE SOURCES CONTACT CONTACTS COLLEAGUE COLLEAGUES COLONEL COL GEN. ADMIRAL "
    "CAPTAIN MAJOR STAFF MEMBER MEMBERS EMBASSY EMBASSIES MISSION MISSIONS CONSULATE POST POSTS "
    "GOVERNMENT GOVERNMENTS GOVT REGIME CABINET MINISTRY MINISTRIES DEPARTMENT DEPT AGENCY "
    "OFFICE COMMITTEE COUNCIL COMMISSION PARLIAMENT ASSEMBLY CONGRESS SENATE COURT PARTY PARTIES "
    "ARMY MILITARY FORCES POLICE PRESS NEWSPAPER PAPER RADIO BANK COMPANY FIRM FIRMS "
    "CORPORATION GROUP GROUPS ORGANIZATION ORGANIZATIONS UNION AUTHORITIES AUTHORITY "
    "COUNTRY COUNTRIES NATION NATIONS STATES CITY CAPITAL REGION AREA AREAS PROVINCE "
    "SIDE SIDES PEOPLE PUBLIC BOARD BUREAU DIVISION SECTION UNIT DESK MEETING CONFERENCE "
    "SECRETARIAT MANAGEMENT EMPLOYEES WORKERS STUDENTS REBELS OPPOSITION "
    "ADDRESSEES ADDRESSEE ACTION INFO SUMMARY COMMENT END REF REFTEL ADDITIONAL".split()
)
_IRREGULAR = frozenset(
    "AMERICAN AMERICANS FRENCH DUTCH GREEK GREEKS SWISS SOVIET SOVIETS THAI THAIS ARAB ARABS "
    "ARABIC PAKISTANI PAKISTANIS ISRAELI ISRAELIS IRAQI IRAQIS SAUDI SAUDIS KUWAITI KUWAITIS "
    "YEMENI YEMENIS OMANI QATARI BANGLADESHI NEPALI SOMALI SOMALIS TURKS CZECH CZECHS SLOVAK "
    "FILIPINO FILIPINOS KURD KURDS BASQUE SCOTS WELSH".split()
)
_NOT_NAME = COMMON | PRONOUNS
_DEMONYM_ENDINGS = ("IAN", "IANS", "ESE", "ISH")
_GOVERNMENT = re.compile(r"(?:USG|HMG|GO[A-Z]{1,2}|.*\b(?:GOVERNMENT|GOVT)\b.*)")


@dataclass(frozen=True, slots=True)
class _Entry:
    """One line of a file's entity list."""

    surface: str
    kind: str


@dataclass(frozen=True, slots=True)
class _Mark:
    """A closed mark: plain-text span, entity number and nesting depth (0 outermost)."""

    start: int
    end: int
    number: int
    depth: int


@dataclass(frozen=True, slots=True)
class Tally:
    """Mentions kept and dropped while converting: kept by source type, dropped by source
    type and reason (pronoun, nominal, group, nested, type, empty, unlisted)."""

    kept: Counter[str] = field(default_factory=Counter)
    dropped: Counter[tuple[str, str]] = field(default_factory=Counter)


def _fold(word: str) -> str:
    """Upper case without accents or a possessive, for comparing a mention with its surface."""
    word = unicodedata.normalize("NFKD", word.upper())
    word = "".join(c for c in word if not unicodedata.combining(c)).replace("’", "'")
    return word.removesuffix("'S").strip(".,'()\"")


def _entries(header: str) -> dict[int, _Entry]:
    entries: dict[int, _Entry] = {}
    for line in header.splitlines():
        m = _ENTRY.match(line)
        if m:
            entries[int(m.group(1))] = _Entry(m.group(2).strip(), m.group(3).upper())
    return entries


def _strip_marks(body: str) -> tuple[str, list[_Mark]]:
    """The body without marks, and every mark that closes, as plain-text spans."""
    out: list[str] = []
    length = 0
    opened: list[int] = []
    marks: list[_Mark] = []
    pos = 0
    for m in _TOKEN.finditer(body):
        chunk = body[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(0) == "[[":
            opened.append(length)
        elif opened:
            start = opened.pop()
            if m.group(1):
                marks.append(_Mark(start, length, int(m.group(1)), len(opened)))
        else:
            out.append(" ")
            length += 1
    out.append(body[pos:])
    return "".join(out), marks


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding space, quotes, punctuation, a possessive or an article."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in "(\"'“‘-,;:"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ")\"'”’,;:-"):
            end -= 1
        if text[start:end].upper().endswith(("'S", "’S")):
            end -= 2
        if end > start and text[end - 1] == "." and text[start : end - 1].count(".") == 0:
            end -= 1
        for article in ("THE ", "A ", "AN "):
            if text[start:end].upper().startswith(article):
                start += len(article)
        if (start, end) == before:
            return start, end


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The words of a span with their offsets and folded form."""
    return [
        (start + w.start(), start + w.end(), _fold(w.group()))
        for w in _WORD.finditer(text[start:end])
    ]


def _is_demonym(word: str, surface: set[str]) -> bool:
    """A one-word nationality or group adjective (``IRAQI``, ``CHINESE``, ``SOVIETS``)."""
    if word in surface and word not in _IRREGULAR:
        return False
    if word in _IRREGULAR or word.endswith(_DEMONYM_ENDINGS):
        return True
    return any(len(s) >= 4 and len(word) > len(s) and word[:4] == s[:4] for s in surface)


def _convert(text: str, mark: _Mark, entry: _Entry) -> tuple[GoldEntity | None, str]:
    """The CoNLL entity a mark gives, or None and why it is dropped."""
    start, end = _trim(text, mark.start, mark.end)
    words = _words(text, start, end)
    if not words:
        return None, "empty"
    kind = entry.kind
    family = kind.split(".")[0]
    surface = {_fold(w) for w in _WORD.findall(entry.surface)}
    names = [
        w
        for w in words
        if w[2] not in COMMON
        and (w[2] not in PRONOUNS or (w[2] == "US" and family == "GPE"))
        and any(c.isalpha() for c in w[2])
    ]
    if not names:
        if all(w[2] in PRONOUNS for w in words):
            return None, "pronoun"
        return None, "nominal"
    if kind.startswith("PER.IND"):
        last = words.index(names[-1])
        first = last
        while first > 0 and words[first - 1][2] not in _NOT_NAME:
            first -= 1
        start, end = _trim(text, words[first][0], words[last][1])
        return GoldEntity(start, end, "PER", text[start:end]), ""
    single = len(words) == 1 and _is_demonym(words[0][2], surface)
    if family == "PER":
        if kind.startswith("PER.GROUP") and single:
            return GoldEntity(start, end, "MISC", text[start:end]), ""
        return None, "group" if kind.startswith("PER.GROUP") else "type"
    if family == "ORG":
        if len(words) > 1 and all(_is_demonym(w[2], set()) for w in names):
            return None, "nominal"
        return GoldEntity(start, end, "ORG", text[start:end]), ""
    if family == "GPE" and _GOVERNMENT.fullmatch(text[start:end].upper()):
        return GoldEntity(start, end, "ORG", text[start:end]), ""
    if family in ("GPE", "LOC"):
        return GoldEntity(start, end, "MISC" if single else "LOC", text[start:end]), ""
    return None, "type"


def convert(path: Path | str, tally: Tally | None = None) -> GoldDocument:
    """One History Lab file as a gold document, counting kept and dropped mentions in
    ``tally`` when given."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    header, found, body = raw.partition("\n@@@")
    if not found:
        header, body = "", raw
    else:
        body = body.partition("\n")[2]
    entries = _entries(header)
    text, marks = _strip_marks(body.strip("\n"))
    kept: list[GoldEntity] = []
    for mark in sorted(marks, key=lambda m: (m.depth, m.start)):
        entry = entries.get(mark.number)
        if entry is None:
            if tally is not None:
                tally.dropped["?", "unlisted"] += 1
            continue
        entity, why = _convert(text, mark, entry)
        if entity is not None and any(k.start < entity.end and entity.start < k.end for k in kept):
            entity, why = None, "nested"
        if tally is not None:
            if entity is None:
                tally.dropped[entry.kind, why] += 1
            else:
                tally.kept[entry.kind] += 1
        if entity is not None:
            kept.append(entity)
    kept.sort(key=lambda e: e.start)
    return GoldDocument(path.stem, text, tuple(kept), all_caps=True)


def read_historylab(
    folder: Path | str, *, flagged: bool = False, tally: Tally | None = None
) -> Iterator[GoldDocument]:
    """Every annotated cable of a History Lab folder, by file stem, in name order.

    ``flagged`` adds the documents under ``ToBeFixed/``; ``tally`` collects what was kept
    and dropped.
    """
    root = Path(folder)
    paths = sorted(root.glob("*.txt"))
    if flagged:
        paths += sorted((root / "ToBeFixed").glob("*.txt"))
    for path in paths:
        yield convert(path, tally)


HELD_OUT_SHARE = 5
"""One History Lab document in this many (by a hash of its name) is held out of training
cablescope's model, and is what the ``historylab`` yardstick scores."""


def is_held_out(document_id: str) -> bool:
    """True for the History Lab documents kept out of training."""
    return bucket(f"historylab:{document_id}", HELD_OUT_SHARE) == 0
