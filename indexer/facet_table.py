"""The facets of the index: one table, read by the schema, the engine and search_app.

Each facet is a keyword field of whole values (schema.py) named here once; search_app/facets.py
adds what a reader sees (Vietnamese labels, chips, how a panel shows it) and checks at import
that it describes every facet here.  A new facet is added here and there, and in
``schema.facet_values`` (where a record's values come from); it needs a rebuild (INDEX_FORMAT).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class FacetField:
    name: str  # the index field and the request parameter
    order: str  # how its values are listed: "count" (most articles first) or "time" (oldest first)
    many: bool  # an article can hold several values (people, provinces), or at most one (year)


FACET_TABLE = (
    FacetField("cluster", "count", many=True),
    FacetField("province", "count", many=True),
    FacetField("province_today", "count", many=True),
    FacetField("person", "count", many=True),
    FacetField("outlet", "count", many=False),
    FacetField("year", "time", many=False),
    FacetField("month", "time", many=False),
)
FACET_FIELDS = tuple(facet.name for facet in FACET_TABLE)
FACET_BY_NAME = {facet.name: facet for facet in FACET_TABLE}
