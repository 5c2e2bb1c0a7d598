"""How each facet is shown: its Vietnamese label, chip and panel, and its values' order.

Which facets exist, and how their values are ordered, is indexer/facet_table.py's (the
index's table; the indexer must not import search_app).  This module adds what a reader
sees; the API (``facet_info`` and each value's ``label``), the OpenAPI description, the
chips and the filter panel of the search page all read it.  It must describe every facet
of the index's table (checked at import); one described here that the index does not hold
is left out of ``FACETS``: pages, API and description skip it.
"""
from dataclasses import dataclass

from indexer.facet_table import FACET_BY_NAME, FACET_FIELDS
from indexer.search import FACET_LIMIT

# How many values a page shows before "Xem thêm", and how many the API gives by default.
SHOWN_FIRST = 10
DEFAULT_FACET_SIZE = FACET_LIMIT  # today's answer: scripts reading facets.<name> see what they saw
# The most values one facet can list.  The engine counts at most FACET_LIMIT values per facet
# until SearchRequest carries a facet_size (see ENGINE_TAKES_FACET_SIZE); then pages ask for more.
MAX_FACET_SIZE = 500


@dataclass(frozen=True)
class Facet:
    name: str  # the parameter and the index field (indexer/facet_table.py)
    label: str  # Vietnamese, on pages and in the API's facet_info
    display: str  # "list": top values then "Xem thêm"; "years"/"months": the dates panel
    chip: str  # the label of an active filter's chip
    description: str = ""  # what the parameter filters on (OpenAPI), in English

    @property
    def order(self):
        """Most articles first ("count") or oldest first ("time"): the index's table says which."""
        field = FACET_BY_NAME.get(self.name)
        return field.order if field else "count"

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
    Facet("cluster", "Cụm thi đua", "list", "Cụm",
          "the emulation cluster an article is about (\"Cụm thi đua số 8\")"),
    Facet("province", "Tỉnh, thành phố", "list", "Tỉnh",
          "a province or city as written in the article (before or after the 1 July 2025 merger)"),
    Facet("province_today", "Tỉnh, thành phố (sau sáp nhập 2025)", "list", "Tỉnh (2025)",
          "the province or city a place the article names belongs to since 1 July 2025 (one of the 34)"),
    Facet("person", "Nhân vật", "list", "Nhân vật", "a person the article names"),
    Facet("outlet", "Nguồn tin", "list", "Nguồn", "the outlet that published the article"),
    Facet("year", "Năm", "years", "Năm", "the year of the article's date (YYYY)"),
    Facet("month", "Tháng", "months", "Tháng", "the month of the article's date (YYYY-MM)"),
)
FACETS = tuple(facet for facet in DESCRIBED if facet.name in FACET_FIELDS)  # the ones the index holds
BY_NAME = {facet.name: facet for facet in FACETS}
NAMES = tuple(facet.name for facet in FACETS)
LABELS = {facet.name: facet.label for facet in FACETS}

assert set(NAMES) == set(FACET_FIELDS) and len(NAMES) == len(FACET_FIELDS), \
    f"search_app/facets.py must describe every facet of indexer.facet_table {FACET_FIELDS}, not {NAMES}"


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
