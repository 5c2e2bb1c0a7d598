"""Query-string parameters -> a validated SearchRequest, or a ParamError (a 400).

A value that cannot mean anything (page=abc, month=2024-99, from=yesterday) is an
error with a message naming the parameter; per_page is clamped, not refused; a
page past the end is simply empty.
"""
import calendar
import datetime
import re
import unicodedata

from indexer.facet_table import FACET_FIELDS
from indexer.query import MAX_QUERY_CHARS
from indexer.search import SORTS, SearchRequest

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_PAGE = 100_000
MAX_FILTER_VALUES = 20
MAX_VALUE_CHARS = 200

_YEAR_RE = re.compile(r"^\d{4}$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_DAY_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATE_NAMES = {"from": "Từ ngày", "to": "Đến ngày"}


class ParamError(ValueError):
    """A parameter value that cannot mean anything; str() is the API's (English) message,
    ``.vi`` the same in Vietnamese for the pages."""

    def __init__(self, message, vi=None):
        super().__init__(message)
        self.vi = vi or message


def _clean(value):
    """NFC, control characters removed, trimmed."""
    value = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in value if unicodedata.category(ch)[0] != "C" or ch in "\t\n").strip()


def _whole_number(args, name, default):
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[+-]?\d{1,12}", raw):
        raise ParamError(f"'{name}' must be a whole number, not {raw[:40]!r}",
                         f"«{name}» phải là một số nguyên, không phải «{raw[:40]}»")
    return int(raw)


def _period(raw, name, last):
    """First (or last) day of 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' as ISO."""
    match = _DAY_RE.match(raw)
    try:
        if not match:
            raise ValueError
        year = int(match.group(1))
        month = int(match.group(2) or (12 if last else 1))
        day = int(match.group(3)) if match.group(3) else (calendar.monthrange(year, month)[1] if last else 1)
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise ParamError(f"'{name}' must be a date as YYYY-MM-DD (or YYYY-MM, YYYY), not {raw[:40]!r}",
                         f"«{_DATE_NAMES.get(name, name)}» phải là một ngày có thật (năm-tháng-ngày), "
                         f"không phải «{raw[:40]}»") from None


def _facet_values(args, name):
    values = []
    for raw in args.getlist(name):
        value = _clean(raw)[:MAX_VALUE_CHARS]
        if value and value not in values:
            values.append(value)
    if len(values) > MAX_FILTER_VALUES:
        raise ParamError(f"at most {MAX_FILTER_VALUES} values of '{name}' at once",
                         f"Chỉ chọn được tối đa {MAX_FILTER_VALUES} giá trị «{name}» cùng lúc")
    if name == "year":
        for value in values:
            if not _YEAR_RE.match(value):
                raise ParamError(f"'year' must be four digits (YYYY), not {value[:40]!r}",
                                 f"Năm phải có bốn chữ số, không phải «{value[:40]}»")
    if name == "month":
        for value in values:
            match = _MONTH_RE.match(value)
            if not match or not 1 <= int(match.group(2)) <= 12:
                raise ParamError(f"'month' must be YYYY-MM with a month from 01 to 12, not {value[:40]!r}",
                                 f"Tháng phải có dạng năm-tháng (YYYY-MM, tháng từ 01 đến 12), "
                                 f"không phải «{value[:40]}»")
    return values


def parse_search_args(args):
    """A SearchRequest from a MultiDict of query arguments; raises ParamError."""
    q = _clean(args.get("q", ""))
    if len(q) > MAX_QUERY_CHARS:
        raise ParamError(f"the query is too long ({len(q)} characters; at most {MAX_QUERY_CHARS})",
                         f"Từ khóa quá dài ({len(q)} ký tự; tối đa {MAX_QUERY_CHARS})")
    page = _whole_number(args, "page", 1)
    if page < 1:
        raise ParamError("'page' counts from 1", "Số trang bắt đầu từ 1")
    page = min(page, MAX_PAGE)
    per_page = min(max(_whole_number(args, "per_page", DEFAULT_PER_PAGE), 1), MAX_PER_PAGE)
    sort = args.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        raise ParamError(f"'sort' must be one of {', '.join(SORTS)}, not {sort[:40]!r}",
                         f"Cách sắp xếp phải là một trong {', '.join(SORTS)}, không phải «{sort[:40]}»")
    filters = {name: _facet_values(args, name) for name in FACET_FIELDS}
    date_from = _period(args["from"].strip(), "from", last=False) if args.get("from", "").strip() else None
    date_to = _period(args["to"].strip(), "to", last=True) if args.get("to", "").strip() else None
    if date_from and date_to and date_from > date_to:
        raise ParamError("'from' is after 'to'", "Ngày bắt đầu ở sau ngày kết thúc")
    return SearchRequest(q=q, page=page, per_page=per_page, sort=sort,
                         filters={k: v for k, v in filters.items() if v},
                         date_from=date_from, date_to=date_to)


def parse_facet_size(args, default):
    """``facet_size``: how many values each facet lists, clamped to 1..MAX_FACET_SIZE."""
    from .facets import MAX_FACET_SIZE

    return min(max(_whole_number(args, "facet_size", default), 1), MAX_FACET_SIZE)


def swap_reversed_range(args):
    """(args, swapped): a reversed from/to range put the right way round (pages say so)."""
    raw_from, raw_to = args.get("from", "").strip(), args.get("to", "").strip()
    if not (raw_from and raw_to):
        return args, False
    try:
        if _period(raw_from, "from", last=False) <= _period(raw_to, "to", last=True):
            return args, False
    except ParamError:
        return args, False
    swapped = args.copy()
    swapped["from"], swapped["to"] = raw_to, raw_from
    return swapped, True


def searches_anything(q):
    """False for a query with no letter or digit at all ("!!! ???"): nothing to search for."""
    return any(ch.isalnum() for ch in q)
