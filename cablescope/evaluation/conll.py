"""CoNLL-2003 files (``token POS chunk NER`` columns, IOB2 tags) as gold documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cablescope.evaluation.documents import GoldDocument, GoldEntity, is_all_caps

DOCSTART = "-DOCSTART-"


def sentences(path: Path | str) -> Iterator[list[tuple[str, str]]]:
    """Every sentence of a CoNLL file as ``(token, tag)`` pairs; ``-DOCSTART-`` lines are not
    sentences."""
    sentence: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if not fields:
                if sentence:
                    yield sentence
                    sentence = []
            elif fields[0] == DOCSTART:
                if sentence:
                    yield sentence
                    sentence = []
            else:
                sentence.append((fields[0], fields[-1]))
    if sentence:
        yield sentence


def _documents(path: Path | str) -> Iterator[list[list[tuple[str, str]]]]:
    """The sentences of each ``-DOCSTART-`` document in turn."""
    document: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if not fields or fields[0] == DOCSTART:
                if sentence:
                    document.append(sentence)
                    sentence = []
                if fields and document:
                    yield document
                    document = []
            else:
                sentence.append((fields[0], fields[-1]))
    if sentence:
        document.append(sentence)
    if document:
        yield document


def _build(doc_id: str, document: list[list[tuple[str, str]]]) -> GoldDocument:
    """Tokens joined by spaces, sentences by newlines; IOB2 runs become entities."""
    parts: list[str] = []
    entities: list[GoldEntity] = []
    pos = 0
    for number, sentence in enumerate(document):
        if number:
            parts.append("\n")
            pos += 1
        start = -1
        kind = ""
        end = 0
        for index, (token, tag) in enumerate(sentence):
            if index:
                parts.append(" ")
                pos += 1
            inside = tag.startswith("I-") and start >= 0 and tag[2:] == kind
            if start >= 0 and not inside:
                entities.append(GoldEntity(start, end, kind, ""))
                start = -1
            if tag != "O" and not inside:
                start, kind = pos, tag[2:]
            parts.append(token)
            pos += len(token)
            end = pos
        if start >= 0:
            entities.append(GoldEntity(start, end, kind, ""))
    text = "".join(parts)
    return GoldDocument(
        doc_id,
        text,
        tuple(GoldEntity(e.start, e.end, e.type, text[e.start : e.end]) for e in entities),
        is_all_caps(text),
    )


def read_conll(path: Path | str, *, group_sentences: int = 0) -> Iterator[GoldDocument]:
    """One gold document per ``-DOCSTART-`` document of a CoNLL file, ids ``<stem>-<n>``.

    With ``group_sentences`` > 0 a document is instead every run of that many sentences
    (ignoring document breaks), for scoring taggers that want short inputs. An ``I-`` tag
    that does not continue an entity of its type starts one, as the CoNLL scorer reads it.
    """
    stem = Path(path).stem
    if group_sentences > 0:
        batch: list[list[tuple[str, str]]] = []
        number = 0
        for sentence in sentences(path):
            batch.append(sentence)
            if len(batch) == group_sentences:
                yield _build(f"{stem}-{number}", batch)
                number += 1
                batch = []
        if batch:
            yield _build(f"{stem}-{number}", batch)
        return
    for number, document in enumerate(_documents(path)):
        yield _build(f"{stem}-{number}", document)
