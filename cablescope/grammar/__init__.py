"""The cable grammar: turns cable text into field values.

Body fields (``parse_body``), transmission headers (``parse_routing``,
``split_header``), IDs and references, TAGS labels, posts and origins,
classifications and dates. Every parser is lenient: odd values give None.
"""

from cablescope.grammar.classification import join_spaced, normalise_classification
from cablescope.grammar.dates import (
    expand_year,
    parse_created,
    parse_csv_date,
    parse_date,
    parse_dateline,
    parse_declassify,
    parse_dtg,
    parse_plusd_date,
    year_of,
)
from cablescope.grammar.header import BodyFields, parse_body
from cablescope.grammar.ids import (
    infer_id,
    infer_year,
    is_known,
    make_id,
    normalise_id,
    reference_ids,
    split_id,
    year_candidates,
)
from cablescope.grammar.posts import origin_for_post, origin_name, post_for_origin, post_token
from cablescope.grammar.references import parse_references
from cablescope.grammar.routing import Routing, parse_routing, split_header
from cablescope.grammar.tags import make_tags
from cablescope.model.tagcodes import label

__all__ = [
    "BodyFields",
    "Routing",
    "expand_year",
    "infer_id",
    "infer_year",
    "is_known",
    "join_spaced",
    "label",
    "make_id",
    "make_tags",
    "normalise_classification",
    "normalise_id",
    "origin_for_post",
    "origin_name",
    "parse_body",
    "parse_created",
    "parse_csv_date",
    "parse_date",
    "parse_dateline",
    "parse_declassify",
    "parse_dtg",
    "parse_plusd_date",
    "parse_references",
    "parse_routing",
    "post_for_origin",
    "post_token",
    "reference_ids",
    "split_header",
    "split_id",
    "year_candidates",
    "year_of",
]
