"""The transmission header of a telegram: ``VZCZC…``, the relay and ``DE`` lines, the
``ZNY SSSSS`` security line, the precedence and date-time group, ``FM``, ``TO``, ``INFO``.

cables.csv carries the same header without the VZCZC part and without routing prefixes
(``P R 281848Z DEC 66`` then FM/TO/INFO).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablescope.grammar.dates import parse_dtg
from cablescope.model import Destination

PRECEDENCE: dict[str, str] = {
    "Z": "FLASH",
    "O": "IMMEDIATE",
    "P": "PRIORITY",
    "R": "ROUTINE",
}


@dataclass(frozen=True, slots=True)
class Routing:
    """What a transmission header says.

    ``dtg``: the date-time group as ISO 8601 UTC; ``precedence``: the action precedence
    as a word (``IMMEDIATE``); ``origin_raw``: the FM value (``AMEMBASSY MEXICO``);
    ``classification_hint``: S, C or U from ``ZNY SSSSS``/``CCCCC``/``ZNR UUUUU``;
    ``station`` and ``serial``: the ``DE RUEHME #0083`` originating station and number.
    """

    dtg: str | None = None
    precedence: str | None = None
    origin_raw: str | None = None
    destinations: tuple[Destination, ...] = ()
    classification_hint: str | None = None
    station: str | None = None
    serial: str | None = None


_DTG_LINE = re.compile(
    r"^[ \t]*(?P<prec>[ZOPR](?:[ \t]+[ZOPR])?)[ \t]+(?P<dtg>\d{6}[ \t]?Z[ \t]+[A-Z]{3}[ \t]+\d{2,4})\b",
    re.M,
)
_DE = re.compile(r"^[ \t]*DE[ \t]+(?P<station>[A-Z]{4,7})[ \t]+#(?P<serial>\d{1,6})", re.M)
_SECURITY = re.compile(r"^[ \t]*ZN[YR][ \t]+(?P<class>[SCUE])(?P=class){4}\b", re.M)
_SECTION = re.compile(r"^[ \t]*(?P<kw>FM|TO|INFO)\b[ \t]*(?P<rest>.*)$")
_PREFIX = re.compile(r"^(?P<ri>[A-Z][A-Z0-9]{3,7})/(?P<rest>.+)$")
_SERIAL = re.compile(r"[ \t]+\d{1,5}$")
_PREC_TAIL = re.compile(r"[ \t]+(?P<prec>NIACT[ \t]+IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|FLASH)$")
_NOISE = re.compile(
    r"^(?:PAGE[ \t]+\d+|BT$|ZEN/|ZFR|ZDS|NNNN|[A-Z]+-\d\d\b|/\d+[A-Z]?$|-{4,}|ACTION\b|E\.?O\.?[ \t]*1\d{4})"
)
_STOP = re.compile(r"^(?:BT|NNNN|E\.?O\.?[ \t]*1\d{4}|TAGS?\b|SUBJECT\b|SIPDIS\b)")


def _destination(line: str, kind: str) -> Destination | None:
    text = re.sub(r"\s+", " ", line).strip().strip("}")
    routing = None
    m = _PREFIX.match(text)
    if m is not None:
        routing, text = m.group("ri"), m.group("rest").strip()
    text = _SERIAL.sub("", text)
    precedence = None
    m = _PREC_TAIL.search(text)
    if m is not None:
        precedence = re.sub(r"\s+", " ", m.group("prec"))
        text = text[: m.start()]
    text = _SERIAL.sub("", text).strip()
    if not text:
        return None
    return Destination(name=text, kind=kind, routing=routing, precedence=precedence)


def parse_routing(header: str) -> Routing:
    """Read a transmission header; fields it lacks are None or empty."""
    text = header.replace("\r\n", "\n").replace("\r", "\n")
    dtg = precedence = None
    m = _DTG_LINE.search(text)
    if m is not None:
        dtg = parse_dtg(m.group("dtg"))
        precedence = PRECEDENCE.get(m.group("prec")[0])
    station = serial = None
    m_de = _DE.search(text)
    if m_de is not None:
        station, serial = m_de.group("station"), m_de.group("serial")
    m_sec = _SECURITY.search(text)
    hint = None
    if m_sec is not None and m_sec.group("class") != "E":
        hint = m_sec.group("class")

    origin = None
    destinations: list[Destination] = []
    section: str | None = None
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        m2 = _SECTION.match(line)
        if m2 is not None and not (m2.group("kw") == "INFO" and _NOISE.match(m2.group("rest"))):
            kw, rest = m2.group("kw"), m2.group("rest").strip()
            if kw == "FM":
                origin = re.sub(r"\s+", " ", rest) or None
                section = "fm"
                continue
            if origin is None:
                continue
            section = kw.lower()
            line = rest
            if not line:
                continue
        if section not in ("to", "info"):
            continue
        if _STOP.match(line) or _BODY_START.match(line):
            break
        if _NOISE.match(line):
            continue
        found = _destination(line, section)
        if found is not None:
            destinations.append(found)
    return Routing(
        dtg=dtg,
        precedence=precedence,
        origin_raw=origin,
        destinations=tuple(destinations),
        classification_hint=hint,
        station=station,
        serial=serial,
    )


_HEADER_START = re.compile(r"\A\s*(?:VZCZC|[ZOPR](?:[ \t]+[ZOPR])?[ \t]+\d{6}[ \t]?Z\b)")
_BODY_START = re.compile(
    r"^[ \t]*(?:TOP[ \t]+SECRET|S[ \t]?E[ \t]?C[ \t]?R[ \t]?E[ \t]?T"
    r"|C[ \t]?O[ \t]?N[ \t]?F[ \t]?I[ \t]?D[ \t]?E[ \t]?N[ \t]?T[ \t]?I[ \t]?A[ \t]?L"
    r"|U[ \t]?N[ \t]?C[ \t]?L[ \t]?A[ \t]?S|LIMITED[ \t]+OFFICIAL[ \t]+USE)(?![A-Za-z])",
    re.M,
)


def split_header(text: str) -> tuple[str | None, str]:
    """Split a raw telegram into its transmission header and its body.

    The body starts at the classification line (``CONFIDENTIAL BOGOTA 001232``); text
    that does not open with ``VZCZC`` or a precedence and date-time group has no header
    and comes back whole as the body.
    """
    if _HEADER_START.match(text) is None:
        return None, text
    m = _BODY_START.search(text)
    if m is None:
        return None, text
    return text[: m.start()].strip() or None, text[m.start() :]
