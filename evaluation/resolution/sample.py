"""Draw the mentions of the resolution gold set from a tagged database, and show them for
judging.

    python evaluation/resolution/sample.py draw DB OUT.jsonl   # the draw, fixed seed
    python evaluation/resolution/sample.py show FILE.jsonl [DB]  # each mention in context

The draw has two parts (see README.md):

- ``random``: mentions drawn uniformly from every mention the tagger found in the corpus;
- ``hard:<group>``: occurrences of a hard name (a shared surname, a short name, an acronym,
  a government abbreviation) found by a pattern in the text itself, so the draw does not
  depend on the tagger; one occurrence a cable, cables taken in turn from different posts.

Each drawn mention carries its cable, offsets, surface, 40 characters of context on each
side and a type; judging adds the referent.
"""

from __future__ import annotations

import contextlib
import random
import re
import sys
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import orjson

from cablescope import store
from cablescope.evaluation.resolution import CONTEXT, GoldMention, read_mentions

SEED = 11
RANDOM_DRAW = 125


@dataclass(frozen=True)
class Group:
    """A hard case: the pattern that finds it, the type its mentions have, how many to draw."""

    name: str
    pattern: str
    type: str
    n: int
    per_origin: int = 2
    ignore_case: bool = True
    origin: str | None = None
    cables: tuple[str, ...] = ()
    per_cable: int = 1


GROUPS = (
    # shared surnames
    Group("chavez", r"\bCh[aá]ve[zs]\b", "PER", 16),
    Group("chavez-madrid", r"\bCh[aá]ve[zs]\b", "PER", 6, per_origin=6, origin="Embassy Madrid"),
    Group(
        "kirchner", r"\b(?:N[eé]stor |Cristina (?:Fern[aá]ndez (?:de )?)?)?Kirchner\b", "PER", 16
    ),
    Group("garcia", r"\b(?:Alan )?Garc[ií]a\b", "PER", 12),
    Group("lopez", r"\bL[oó]pez\b", "PER", 10),
    Group("castro", r"\b(?:Fidel |Ra[uú]l )?Castro\b", "PER", 12),
    Group("bush", r"\b(?:George (?:W\. |H\. ?W\. )?)?Bush\b", "PER", 8),
    Group("clinton", r"\b(?:Hillary (?:Rodham )?|Bill )?Clinton\b", "PER", 10),
    Group(
        "burns", r"\b(?:(?:William|Bill|Nicholas|Nick|R\.) (?:J\. |Nicholas )?)?Burns\b", "PER", 10
    ),
    # short and full names
    Group("sarkozy", r"\b(?:Nicolas )?Sarkozy\b", "PER", 10),
    Group("lula", r"\b(?:Luiz In[aá]cio )?Lula(?: da Silva)?\b", "PER", 10),
    Group("uribe", r"\b(?:[AÁ]lvaro )?Uribe(?: V[eé]lez)?\b", "PER", 8),
    Group("calderon", r"\b(?:Felipe )?Calder[oó]n\b", "PER", 10),
    Group("obama", r"\b(?:Barack )?Obama\b", "PER", 8),
    # acronyms
    Group("usd", r"\bUSD\b", "MISC", 8, ignore_case=False),
    Group("prd", r"\bPRD\b", "ORG", 10, ignore_case=False),
    Group("pan", r"\bPAN\b", "ORG", 8, ignore_case=False),
    Group("farc", r"\bFARC\b", "ORG", 6, ignore_case=False),
    Group("unsc", r"\bUNSC\b", "ORG", 6, ignore_case=False),
    # government abbreviations, which differ by post
    Group("gob", r"\bGOB\b", "ORG", 15, per_origin=3, ignore_case=False),
    Group("gom", r"\bGOM\b", "ORG", 12, per_origin=3, ignore_case=False),
    Group("goi", r"\bGOI\b", "ORG", 12, per_origin=3, ignore_case=False),
    Group("goj", r"\bGOJ\b", "ORG", 9, per_origin=3, ignore_case=False),
    Group("usg", r"\bUSG\b", "ORG", 6, ignore_case=False),
    # the cases issue 11 names: Andalusia's Chaves, and Gordon Brown among other Browns
    Group(
        "chaves-andalusia",
        r"\bCha[vb]e[sz]\b",
        "PER",
        8,
        per_origin=3,
        cables=("04MADRID527", "04MADRID2164", "08MADRID552"),
        per_cable=3,
    ),
    Group("brown", r"\b(?:Gordon )?Brown\b", "PER", 12),
)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


def _mention(cable_id: str, text: str, start: int, end: int, type_: str, draw: str) -> GoldMention:
    return GoldMention(
        cable_id,
        start,
        end,
        text[start:end],
        text[max(0, start - CONTEXT) : start],
        text[end : end + CONTEXT],
        type_,
        "",
        draw,
    )


def draw(db: str) -> list[GoldMention]:
    """The whole draw from the database at ``db``: hard groups, then the random part."""
    cables: dict[str, tuple[str, str]] = {}
    tagged: list[tuple[str, int, int, str]] = []
    with store.open(db) as s:
        for cable in s.iter_cables():
            cables[cable.id] = (cable.origin or "", cable.text)
            tagged.extend((cable.id, m.start, m.end, m.type) for m in cable.mentions)
    ids = sorted(cables)
    tagged.sort()
    out: list[GoldMention] = []
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for group in GROUPS:
        rng = random.Random(f"{SEED}:{group.name}")
        regex = re.compile(group.pattern, re.I if group.ignore_case else 0)
        by_origin: dict[str, list[str]] = defaultdict(list)
        hits: dict[str, list[re.Match[str]]] = {}
        for cable_id in ids:
            if group.origin is not None and cables[cable_id][0] != group.origin:
                continue
            if group.cables and cable_id not in group.cables:
                continue
            found = list(regex.finditer(cables[cable_id][1]))
            if found:
                hits[cable_id] = found
                by_origin[cables[cable_id][0]].append(cable_id)
        origins = sorted(by_origin)
        rng.shuffle(origins)
        chosen = [
            c
            for o in origins
            for c in rng.sample(by_origin[o], len(by_origin[o]))[: group.per_origin]
        ]
        for cable_id in chosen[: group.n]:
            free = [m for m in hits[cable_id] if not _overlaps(m.span(), taken[cable_id])]
            picked = (
                [rng.choice(free)]
                if free and group.per_cable == 1
                else rng.sample(free, min(group.per_cable, len(free)))
            )
            for m in picked:
                text = cables[cable_id][1]
                out.append(_mention(cable_id, text, *m.span(), group.type, f"hard:{group.name}"))
                taken[cable_id].append(m.span())
    drawn = 0
    for cable_id, start, end, type_ in random.Random(SEED).sample(tagged, 2 * RANDOM_DRAW):
        if drawn == RANDOM_DRAW:
            break
        if not _overlaps((start, end), taken[cable_id]):
            out.append(_mention(cable_id, cables[cable_id][1], start, end, type_, "random"))
            taken[cable_id].append((start, end))
            drawn += 1
    return out


def show(path: Path, db: str | None = None, width: int = 300) -> None:
    """Print each mention of a JSONL file of drawn or judged mentions in context, for
    judging: with ``db``, ``width`` characters each side of its cable's text there and the
    cable's post, date and subject."""
    mentions = read_mentions(path)
    with contextlib.ExitStack() as stack:
        s = stack.enter_context(store.open(db)) if db else None
        for n, m in enumerate(mentions, 1):
            judged = f" -> {m.referent}" if m.referent else ""
            print(f"#{n} {m.cable_id} {m.draw} {m.type} [{m.surface}]{judged}")
            cable = s.get_cable(m.cable_id) if s is not None else None
            if cable is None or cable.text[m.start : m.end] != m.surface:
                print(textwrap.indent(f"...{m.left}[[{m.surface}]]{m.right}...", "    "))
                continue
            print(f"    {cable.origin} {cable.date} {cable.subject}")
            left = cable.text[max(0, m.start - width) : m.start]
            right = cable.text[m.end : m.end + width]
            print(textwrap.indent(" ".join(f"{left}[[{m.surface}]]{right}".split()), "    "))


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "draw":
        with open(argv[2], "wb") as f:
            for m in draw(argv[1]):
                f.write(orjson.dumps(m.to_dict()) + b"\n")
        return 0
    if len(argv) in (2, 3) and argv[0] == "show":
        show(Path(argv[1]), *argv[2:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
