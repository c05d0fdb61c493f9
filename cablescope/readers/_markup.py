"""Decoding small HTML fragments (a ``<pre>`` body, a table cell) into the text they show.

Only the fragment is touched, never a whole page. Tags the viewer added (``<a>`` links,
``<br>``, emphasis, stray table tags) go and their text stays; character references are
decoded; a bare ``&`` or a ``<`` that opens no known tag is text and stays as it is.
"""

from __future__ import annotations

import re
from html.entities import html5

_KNOWN_TAGS = (
    "a|abbr|b|big|blockquote|br|center|code|dd|del|div|dl|dt|em|font|h[1-6]|hr|i|ins|li|ol|p"
    "|pre|s|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul"
)
_TAG = re.compile(rf"</?(?:{_KNOWN_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_BR_BEFORE_NEWLINE = re.compile(r"<br\s*/?>(?=\n)", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[xX]([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));")
_ANY_TAG = re.compile(r"<[^<>]*>")
_SPACE = re.compile(r"\s+")


def _codepoint(value: int, original: str) -> str:
    if value == 0 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        return original
    return chr(value)


def _entity(match: re.Match[str]) -> str:
    hex_digits, dec_digits, name = match.groups()
    if hex_digits is not None:
        return _codepoint(int(hex_digits, 16), match.group(0))
    if dec_digits is not None:
        return _codepoint(int(dec_digits), match.group(0))
    return html5.get(f"{name};", match.group(0))


def unescape(text: str) -> str:
    """Decode character references that end in ``;``; leave bare ``&`` as text."""
    if "&" not in text:
        return text
    text = text.replace("&#x000A;", "\n")
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def decode_pre(fragment: str) -> str:
    """The text a ``<pre>`` fragment shows: tags stripped keeping their text, entities decoded.

    A ``<br>`` is a line break unless a newline already follows it (the viewer doubled them).
    The one newline right after the opening ``<pre>`` is not content, as in HTML.
    """
    if "\r" in fragment:
        fragment = fragment.replace("\r\n", "\n").replace("\r", "\n")
    if fragment.startswith("\n"):
        fragment = fragment[1:]
    if "&#x000A;" in fragment:
        fragment = fragment.replace("&#x000A;", "\n")
    if "<" in fragment:
        if "<br" in fragment or "<BR" in fragment:
            fragment = _BR_BEFORE_NEWLINE.sub("", fragment)
            fragment = _BR.sub("\n", fragment)
        fragment = _TAG.sub("", fragment)
    return unescape(fragment)


def cell_text(fragment: str) -> str:
    """The visible text of a table cell: tags stripped, entities decoded, spaces collapsed."""
    text = unescape(_ANY_TAG.sub(" ", fragment)) if "<" in fragment else unescape(fragment)
    return _SPACE.sub(" ", text).strip()
