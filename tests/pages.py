"""Cables cut from Cablegate pages with plain regexes, independent of cablescope's readers:
store and search tests use them so that a reader bug cannot hide a store bug."""

from __future__ import annotations

import hashlib
import html
import re

from cablescope.model import (
    Cable,
    DateSeen,
    Edit,
    Paragraph,
    Redaction,
    Reference,
    RepairedText,
    SourceRef,
    Tag,
)


_PRE = re.compile(r"<code><pre>(.*?)</pre></code>", re.S)
_TABLE = re.compile(r"<table class='cable'>(.*?)</table>", re.S)
_LINK = re.compile(r"<a[^>]*>([^<]*)</a>")
_MARKUP = re.compile(r"<[^>]+>")
_PARA = re.compile(r"^¶?(\d+)\. ?\((\w+)\)", re.M)
_APOSTROPHE = re.compile(r"(?<=\w),s\b")


def page_cable(path: str, page: bytes) -> Cable:
    """A cable from a Cablegate page, cut with regexes: enough for store tests."""
    text = page.decode("utf-8")
    table = _TABLE.search(text)
    assert table is not None, path
    ref, created, _released, classification, origin = _LINK.findall(table.group(1))[:5]
    pres = _PRE.findall(text)
    raw = html.unescape(_MARKUP.sub("", pres[-1]))
    header = html.unescape(_MARKUP.sub("", pres[0])) if len(pres) > 1 else None
    edits = tuple(Edit(m.start(), m.end(), "'s", "apostrophe") for m in _APOSTROPHE.finditer(raw))
    body = RepairedText.apply(raw, edits).text
    subject = re.search(r"SUBJECT:?\s*(.*)", body)
    tags = re.search(r"TAGS:?\s*(.*)", body)
    found = list(_PARA.finditer(body))
    paragraphs = tuple(
        Paragraph(
            int(m.group(1)),
            m.group(2),
            m.start(),
            found[i + 1].start() if i + 1 < len(found) else len(body),
            body[m.start() : found[i + 1].start() if i + 1 < len(found) else len(body)],
        )
        for i, m in enumerate(found)
    )
    redactions = tuple(Redaction(m.start(), m.end()) for m in re.finditer(r"X{6,}", body))
    return Cable(
        id=ref,
        date=created[:10],
        dates=(DateSeen(created.replace(" ", "T"), "created", "html"),),
        origin=origin,
        classification=classification,
        handling=("NOFORN",) if "NOFORN" in classification else (),
        tags=tuple(Tag(code) for code in re.findall(r"[A-Z][A-Z0-9-]+", tags.group(1)))
        if tags
        else (),
        subject=subject.group(1).strip() if subject else None,
        references=(Reference("REF: A", None, "A"),),
        paragraphs=paragraphs,
        redactions=redactions,
        text=body,
        raw=raw,
        header=header,
        edits=edits,
        sources=(SourceRef("html", path, hashlib.sha256(page).hexdigest(), ("origin",)),),
    )
