"""The one table of facets: name, Vietnamese label, how values are ordered and shown.

The API (``facet_info`` and each value's ``label``), the OpenAPI description, the chips
and the filter panel of the search page all read this table; it must describe every
facet of the index's ``FACET_FIELDS`` (checked at import).  A facet described here that
the index does not hold yet (``province_today`` before indexer/schema.py has it) is left
out of ``FACETS``: pages, API and description skip it.
"""
from dataclasses import dataclass

from indexer.schema import FACET_FIELDS
from indexer.search import FACET_LIMIT

# How many values a page shows before "Xem thêm", and how many the API gives by default.
SHOWN_FIRST = 10
DEFAULT_FACET_SIZE = FACET_LIMIT  # today's answer: scripts reading facets.<name> see what they saw
# The most values one facet can list.  The engine counts at most FACET_LIMIT values per facet
# until SearchRequest carries a facet_size (see ENGINE_TAKES_FACET_SIZE); then pages ask for more.
MAX_FACET_SIZE = 500


@dataclass(frozen=True)
class Facet:
    name: str  # the parameter and the index field
    label: str  # Vietnamese, on pages and in the API's facet_info
    order: str  # "count": most articles first; "time": oldest first
    display: str  # "list": top values then "Xem thêm"; "years"/"months": the dates panel
    chip: str  # the label of an active filter's chip
    description: str = ""  # what the parameter filters on (OpenAPI), in English

    def value_label(self, value):
        """The value as a reader sees it: months as MM/YYYY, everything else as stored."""
        if self.name == "month":
            year, _, month = value.partition("-")
            return f"{month}/{year}" if month else value
        return value

    def ordered(self, values):
        """Values ([(value, count, selected)] most frequent first) in this facet's display order."""
        if self.order == "time":
            return sorted(values, key=lambda item: item[0])
        return list(values)


DESCRIBED = (
    Facet("cluster", "Cụm thi đua", "count", "list", "Cụm",
          "the emulation cluster an article is about (\"Cụm thi đua số 8\")"),
    Facet("province", "Tỉnh, thành phố", "count", "list", "Tỉnh",
          "a province or city as written in the article (before or after the 1 July 2025 merger)"),
    Facet("province_today", "Tỉnh, thành phố (sau sáp nhập 2025)", "count", "list", "Tỉnh (2025)",
          "the province or city a place the article names belongs to since 1 July 2025 (one of the 34)"),
    Facet("person", "Nhân vật", "count", "list", "Nhân vật", "a person the article names"),
    Facet("outlet", "Nguồn tin", "count", "list", "Nguồn", "the outlet that published the article"),
    Facet("year", "Năm", "time", "years", "Năm", "the year of the article's date (YYYY)"),
    Facet("month", "Tháng", "time", "months", "Tháng", "the month of the article's date (YYYY-MM)"),
)
FACETS = tuple(facet for facet in DESCRIBED if facet.name in FACET_FIELDS)  # the ones the index holds
BY_NAME = {facet.name: facet for facet in FACETS}
NAMES = tuple(facet.name for facet in FACETS)
LABELS = {facet.name: facet.label for facet in FACETS}

assert set(NAMES) == set(FACET_FIELDS) and len(NAMES) == len(FACET_FIELDS), \
    f"search_app/facets.py must describe every facet of indexer.schema.FACET_FIELDS {FACET_FIELDS}, not {NAMES}"


def engine_takes_facet_size():
    """Whether the engine counts a per-request number of facet values (SearchRequest.facet_size)."""
    from indexer.search import SearchRequest

    return "facet_size" in getattr(SearchRequest, "__dataclass_fields__", {})


def engine_limit(requested):
    """How many values per facet the engine counts for a request asking ``requested``."""
    return requested if engine_takes_facet_size() else FACET_LIMIT


def shape(facet, counts, size, limit):
    """(values, truncated) of one facet for an answer of ``size`` values.

    ``counts`` is what the engine gave ([(value, count, selected)], most frequent first,
    at most ``limit`` unselected values, selected ones appended).  Selected values are
    always kept; a facet is truncated when values with articles were left out — cut here,
    or by the engine (it listed ``limit`` values, so there may be more).
    """
    unselected = [item for item in counts if not item[2]]
    kept = unselected[:size]
    truncated = len(unselected) > size or len(unselected) >= limit
    chosen = {item[0] for item in kept}
    values = [item for item in counts if item[2] or item[0] in chosen]
    return BY_NAME[facet].ordered(values), truncated
