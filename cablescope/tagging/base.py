"""The tagger protocol, the registry of backends and the static fake.

A tagger turns texts into entity mentions (CoNLL-2003 types PER, ORG, LOC, MISC). Backends:

    cablescope      the project's own model, shipped in the package (the default)
    imported        the inline marks a record came with (``Cable.annotations``)
    static          a fake that returns the mentions it was given
    spacy:<name>    any installed spaCy pipeline (optional extra ``cablescope[spacy]``)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from cablescope.errors import CablescopeError
from cablescope.model import ENTITY_TYPES, Mention

AVAILABLE = "cablescope, imported, static, spacy:<pipeline>"
"""The tagger names the registry knows, as error messages list them."""


class TaggerError(CablescopeError):
    """A tagger cannot be found, built or run."""


class UnknownTagger(TaggerError):
    """No tagger has the name asked for."""


class TaggerUnavailable(TaggerError):
    """The tagger exists but what it needs (a package, a pipeline) is not installed."""


@runtime_checkable
class Tagger(Protocol):
    """Finds mentions in texts: one list per text, in input order, offsets into that text."""

    name: ClassVar[str]

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        """The mentions of each text, sorted by start."""
        ...


def valid_mentions(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions that fit ``text`` (in bounds, non-empty, ``text[start:end] == text``, a
    known type), sorted by position, without exact duplicates."""
    seen: set[tuple[int, int, str]] = set()
    out: list[Mention] = []
    for m in mentions:
        key = (m.start, m.end, m.type)
        if key in seen or m.type not in ENTITY_TYPES:
            continue
        if 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text:
            seen.add(key)
            out.append(m)
    out.sort(key=lambda m: (m.start, m.end))
    return out


class StaticTagger:
    """A fake tagger: returns the mentions it was given for each text, and none for a text
    it does not know. Mentions that do not fit their text are dropped."""

    name: ClassVar[str] = "static"

    def __init__(self, results: Mapping[str, Sequence[Mention]] | None = None) -> None:
        self._results: dict[str, tuple[Mention, ...]] = {
            text: tuple(mentions) for text, mentions in (results or {}).items()
        }

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        for text in texts:
            yield valid_mentions(text, self._results.get(text, ()))


def get_tagger(name: str, **options: Any) -> Tagger:
    """The tagger called ``name``, built with ``options``.

    ``cablescope`` loads the shipped model; ``imported`` takes ``cables=`` (records whose annotations to serve); ``static`` takes
    ``results=`` (text -> mentions); ``spacy:<pipeline>`` loads that installed pipeline.
    Raises UnknownTagger naming the valid alternatives, TaggerUnavailable when spaCy or the
    pipeline is missing.
    """
    try:
        if name == "cablescope":
            from cablescope.tagging.spacy_backend import SpacyTagger, own_model

            return SpacyTagger(str(own_model()), backend="cablescope", **options)
        if name == "static":
            return StaticTagger(**options)
        if name == "imported":
            from cablescope.tagging.imported import ImportedTagger

            return ImportedTagger(**options)
        if name.startswith("spacy:") and name[6:].strip():
            from cablescope.tagging.spacy_backend import SpacyTagger

            return SpacyTagger(name[6:].strip(), **options)
    except TypeError as exc:
        raise TaggerError(f"bad options for tagger {name!r}: {exc}") from None
    raise UnknownTagger(f"no tagger named {name!r}; available: {AVAILABLE}")
