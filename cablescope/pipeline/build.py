"""Build one source's Cable from a reader's envelope and raw body: repair, then parse."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from cablescope.errors import NotACable
from cablescope.grammar.classification import normalise_classification
from cablescope.grammar.dates import expand_year, year_of
from cablescope.grammar.header import BodyFields, parse_body
from cablescope.grammar.ids import (
    FIRST_YEAR,
    LAST_YEAR,
    infer_year,
    make_id,
    normalise_id,
    parse_references,
    reference_ids,
    split_id,
    yearless_id,
)
from cablescope.grammar.posts import origin_for_post, origin_name, post_token
from cablescope.grammar.routing import Routing, parse_routing
from cablescope.model.tagcodes import label
from cablescope.model import (
    Annotation,
    Cable,
    DateSeen,
    Envelope,
    Reference,
    RepairedText,
    SourceRef,
    Tag,
    Variant,
)
from cablescope.repair.chain import repair
from cablescope.repair.marks import find_marks, marks_on_text
from cablescope.repair.records import embedded_header

# Which date becomes ``Cable.date``: the date-time group is what the sender
# stamped; archive and viewer timestamps come later and drift by minutes.
DATE_PRECEDENCE = ("dtg", "plusd", "created", "csv", "dateline", "reference")

_HANDLING_IN_CLASS = ("NOFORN", "ORCON", "NOCONTRACT", "PROPIN", "REL TO")


def build_cable(env: Envelope, raw: str) -> Cable:
    """Turn one (envelope, raw body) into a single-source Cable, or raise NotACable."""
    return build_reading(env, raw)[0]


def build_reading(env: Envelope, raw: str) -> tuple[Cable, str | None]:
    """``build_cable``, and when the cable's id is provisional, why (one line)."""
    tokenised = "tokenised" in env.notes
    repaired = repair(raw, tokenised=tokenised)
    body = parse_body(repaired.text)
    # A header that a record inside the body carried (its repair removes it from the text).
    header = env.header or (None if tokenised else embedded_header(raw))
    routing = parse_routing(header) if header else None

    dates = list(env.dates)
    if routing is not None and routing.dtg:
        dates.append(DateSeen(routing.dtg, "dtg", env.format))
    if body.dateline:
        dates.append(DateSeen(body.dateline, "dateline", env.format))

    ident = _identify(env, body, dates)
    cable_id = ident.id
    if not any(d.kind in DATE_PRECEDENCE[:-1] for d in dates):
        month = reference_ids().get(cable_id)
        if month:
            dates.append(DateSeen(month, "reference", "cable2month"))
    if body.declassify_on:
        dates.append(DateSeen(body.declassify_on, "declassify", env.format))

    citing_year = _year(cable_id)
    refs = _references(env, body, citing_year, cable_id)
    classification = _classification(env, body)
    annotations = _annotations(env, raw, repaired)
    origin = _origin(env, routing, body)
    subject = body.subject or env.subject
    variants = _own_variants(
        env,
        (("subject", subject, env.subject), ("origin", origin, env.origin)),
        (("classification", classification, body.classification),),
    )
    cable = Cable(
        id=cable_id,
        published_id=ident.published,
        id_inferred=ident.inferred,
        id_provisional=ident.provisional is not None,
        date=pick_date(dates),
        dates=tuple(dates),
        origin=origin,
        destinations=env.destinations or (routing.destinations if routing else ()),
        classification=classification,
        handling=_handling(body, classification),
        tags=env.tags or tuple(Tag(code, label(code)) for code in body.tags),
        subject=subject,
        references=refs,
        signer=body.signer,
        classified_by=body.classified_by,
        reasons=body.reasons,
        declassify_on=body.declassify_on,
        paragraphs=body.paragraphs,
        redactions=body.redactions,
        text=repaired.text,
        raw=raw,
        header=header,
        edits=repaired.edits,
        annotations=annotations,
        notes=tuple(n for n in env.notes if n != "tokenised"),
        sources=(SourceRef(env.format, env.path, env.sha256),),
        variants=variants,
    )
    return cable, ident.provisional


def _own_variants(
    env: Envelope,
    from_wrapper: tuple[tuple[str, str | None, str | None], ...],
    from_body: tuple[tuple[str, str | None, str | None], ...],
) -> tuple[Variant, ...]:
    """Values one source states twice, differently (its wrapper and its body): keep both."""
    out: list[Variant] = []
    for where, triples in ((env.format, from_wrapper), (f"{env.format} body", from_body)):
        for name, kept, other in triples:
            if other and kept and folded(other) != folded(kept):
                out.append(Variant(name, other, where, env.sha256))
    return tuple(out)


def folded(value: object) -> object:
    """How values are compared across and within sources: text ignoring case and spacing."""
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


def pick_date(dates: list[DateSeen] | tuple[DateSeen, ...]) -> str | None:
    """The record's date: the first kind in DATE_PRECEDENCE that any source saw."""
    for kind in DATE_PRECEDENCE:
        for seen in dates:
            if seen.kind == kind:
                return seen.value
    return None


@dataclass(frozen=True, slots=True)
class _Identity:
    """A reading's id, its published form, whether the year was inferred, and why the id is
    provisional (None when the cable or the reference list vouches for it)."""

    id: str
    published: str | None
    inferred: bool
    provisional: str | None = None


_NO_ID = "no cable id: neither the wrapper nor the cable-number line gives one"


def _identify(env: Envelope, body: BodyFields, dates: list[DateSeen]) -> _Identity:
    """The reading's id. Raises NotACable when neither the cable nor its file name gives one."""
    if env.id:
        canonical = normalise_id(env.id)
        if canonical:
            return _Identity(canonical, env.id if env.id != canonical else None, False)
    post, number = body.post, body.number
    stem = _file_id(env.path)
    if not (post and number):
        # A redacted or missing number line (or a routing header alone): a file named by a
        # cable id is the last witness left.
        if stem in reference_ids():
            return _Identity(stem, env.id, True)
        if stem is not None and split_id(stem) is not None:
            return _Identity(stem, env.id, True, f"no cable number in the text; {_FROM_NAME}")
        raise NotACable(_NO_ID)
    for kind in DATE_PRECEDENCE:
        for seen in dates:
            if seen.kind == kind and (year := year_of(seen.value)):
                return _Identity(_make(year, post, number), env.id, False)
    return _infer_id(env, body, post, number, stem)


_FROM_NAME = "the id is the file's name"


def _infer_id(
    env: Envelope, body: BodyFields, post: str, number: str, stem: str | None
) -> _Identity:
    """The id of a cable whose number line has no year (``MEXICO 002882``).

    In order: the candidate year from the declassification date that gives an id in
    the Cablegate reference list; the only year that gives a known id; the file's
    name when it is a known id with the body's post and number (Cablegate's own
    malformed ids, ``09EFTOTRIPOLI704``, included); the declassification date's most
    likely year. When none of these tells the year, the id is provisional: the file's
    name when it reads as a cable id, else the post and number without a year
    (``MEXICO999``).
    """
    known = reference_ids()
    from_decl = infer_year(body.declassify_on, lambda cid: cid in known, post, number)
    if from_decl and (cid := _make(from_decl[0], post, number)) in known:
        return _Identity(cid, env.id, True)
    any_year = [y for y in range(FIRST_YEAR, LAST_YEAR + 1) if _make(y, post, number) in known]
    if len(any_year) == 1:
        return _Identity(_make(any_year[0], post, number), env.id, True)
    if stem in known and post_token(post) in stem and stem.endswith(str(int(number))):
        return _Identity(stem, env.id, True)
    if from_decl:
        return _Identity(_make(from_decl[0], post, number), env.id, True)
    choices = ", ".join(_make(y, post, number) for y in any_year)
    reason = f"no year for {post} {int(number)}: no date or declassification date in the cable"
    reason += f", and several known ids fit ({choices})" if choices else ", and no known id fits"
    if stem is not None and (stem in known or split_id(stem) is not None):
        return _Identity(stem, env.id, True, f"{reason}; {_FROM_NAME}")
    return _Identity(yearless_id(post, number), env.id, False, reason)


def _file_id(path: str) -> str | None:
    """The file's name as a cable id (``cables/09THEHAGUE418.txt`` -> ``09THEHAGUE418``)."""
    return normalise_id(PurePosixPath(path.replace("!", "/")).stem)


def _make(year: int, post: str, number: str) -> str:
    try:
        return make_id(year, post, number)
    except ValueError as err:
        raise NotACable(f"malformed cable number {post} {number}: {err}") from None


def _year(cable_id: str) -> int | None:
    head = cable_id[:2]
    return expand_year(int(head)) if head.isdigit() else None


def _references(
    env: Envelope, body: BodyFields, citing_year: int | None, cable_id: str
) -> tuple[Reference, ...]:
    refs: list[Reference] = []
    seen: set[str] = set()
    for block in body.references:
        for ref in parse_references(block, citing_year, cable_id):
            key = ref.id or ref.raw
            if key not in seen:
                seen.add(key)
                refs.append(ref)
    for published in env.references:
        rid = normalise_id(published)
        if rid and rid != cable_id and rid not in seen:
            seen.add(rid)
            refs.append(Reference(raw=published, id=rid))
    return tuple(refs)


def _classification(env: Envelope, body: BodyFields) -> str | None:
    if env.classification:
        value = normalise_classification(env.classification)
        if value:
            return value
    return body.classification


def _handling(body: BodyFields, classification: str | None) -> tuple[str, ...]:
    found = list(body.handling)
    if classification:
        for marker in _HANDLING_IN_CLASS:
            if marker in classification and marker not in found:
                found.append(marker)
    return tuple(found)


def _origin(env: Envelope, routing: Routing | None, body: BodyFields) -> str | None:
    """The origin in the Cablegate pages' naming, whichever part of the source gives it."""
    if env.origin and env.format != "plusd":
        return env.origin
    if routing is not None and routing.origin_raw:
        name = origin_name(routing.origin_raw)
        if name:
            return name
    if body.post and (name := origin_for_post(body.post)):
        return name
    return env.origin


def _annotations(env: Envelope, raw: str, repaired: RepairedText) -> tuple[Annotation, ...]:
    if "tokenised" not in env.notes:
        return env.annotations
    text = repaired.text
    return tuple(
        Annotation(start, end, kind, text[start:end], env.path)
        for start, end, kind in marks_on_text(repaired, find_marks(raw))
    )
