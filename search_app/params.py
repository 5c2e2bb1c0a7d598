"""Query-string parameters -> a validated SearchRequest, or a ParamError (a 400).

A value that cannot mean anything (page=abc, month=2024-99, from=yesterday) is an
error with a message naming the parameter; per_page is clamped, not refused; a
page past the end is simply empty.
"""
import calendar
import datetime
import re
import unicodedata

from indexer.query import MAX_QUERY_CHARS
from indexer.schema import FACET_FIELDS
from indexer.search import SORTS, SearchRequest

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_PAGE = 100_000
MAX_FILTER_VALUES = 20
MAX_VALUE_CHARS = 200

_YEAR_RE = re.compile(r"^\d{4}$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_DAY_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class ParamError(ValueError):
    """A parameter value that cannot mean anything; str() is the user-facing message."""


def _clean(value):
    """NFC, control characters removed, trimmed."""
    value = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in value if unicodedata.category(ch)[0] != "C" or ch in "\t\n").strip()


def _whole_number(args, name, default):
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[+-]?\d{1,12}", raw):
        raise ParamError(f"'{name}' must be a whole number, not {raw[:40]!r}")
    return int(raw)


def _period(raw, name, last):
    """First (or last) day of 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' as ISO."""
    match = _DAY_RE.match(raw)
    try:
        if not match:
            raise ValueError
        year = int(match.group(1))
        month = int(match.group(2) or (12 if last else 1))
        if match.group(3):
            day = int(match.group(3))
        else:
            day = calendar.monthrange(year, month)[1] if last else 1
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise ParamError(f"'{name}' must be a date as YYYY-MM-DD (or YYYY-MM, YYYY), not {raw[:40]!r}") from None


def _facet_values(args, name):
    values = []
    for raw in args.getlist(name):
        value = _clean(raw)[:MAX_VALUE_CHARS]
        if value and value not in values:
            values.append(value)
    if len(values) > MAX_FILTER_VALUES:
        raise ParamError(f"at most {MAX_FILTER_VALUES} values of '{name}' at once")
    if name == "year":
        for value in values:
            if not _YEAR_RE.match(value):
                raise ParamError(f"'year' must be four digits (YYYY), not {value[:40]!r}")
    if name == "month":
        for value in values:
            match = _MONTH_RE.match(value)
            if not match or not 1 <= int(match.group(2)) <= 12:
                raise ParamError(f"'month' must be YYYY-MM with a month from 01 to 12, not {value[:40]!r}")
    return values


def parse_search_args(args):
    """A SearchRequest from a MultiDict of query arguments; raises ParamError."""
    q = _clean(args.get("q", ""))
    if len(q) > MAX_QUERY_CHARS:
        raise ParamError(f"the query is too long ({len(q)} characters; at most {MAX_QUERY_CHARS})")
    page = _whole_number(args, "page", 1)
    if page < 1:
        raise ParamError("'page' counts from 1")
    page = min(page, MAX_PAGE)
    per_page = min(max(_whole_number(args, "per_page", DEFAULT_PER_PAGE), 1), MAX_PER_PAGE)
    sort = args.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        raise ParamError(f"'sort' must be one of {', '.join(SORTS)}, not {sort[:40]!r}")
    filters = {name: _facet_values(args, name) for name in FACET_FIELDS}
    date_from = _period(args["from"].strip(), "from", last=False) if args.get("from", "").strip() else None
    date_to = _period(args["to"].strip(), "to", last=True) if args.get("to", "").strip() else None
    if date_from and date_to and date_from > date_to:
        raise ParamError("'from' is after 'to'")
    return SearchRequest(q=q, page=page, per_page=per_page, sort=sort,
                         filters={k: v for k, v in filters.items() if v},
                         date_from=date_from, date_to=date_to)
