"""Every URL the pages and the API hand out, built in one place (never in templates)."""
from urllib.parse import quote_plus

from flask import url_for
from werkzeug.datastructures import MultiDict

from indexer.schema import FACET_FIELDS

from .params import DEFAULT_PER_PAGE

SEARCH_KEYS = ("q", "sort", "per_page", "from", "to") + FACET_FIELDS


def search_args(request):
    """The whole search as a MultiDict (page excluded), from a SearchRequest."""
    args = MultiDict()
    if request.q:
        args["q"] = request.q
    if request.sort != "relevance":
        args["sort"] = request.sort
    if request.per_page != DEFAULT_PER_PAGE:
        args["per_page"] = str(request.per_page)
    if request.date_from:
        args["from"] = request.date_from
    if request.date_to:
        args["to"] = request.date_to
    for facet in FACET_FIELDS:
        for value in request.filters.get(facet, []):
            args.add(facet, value)
    return args


# the characters Werkzeug leaves unencoded in a query string, so URLs read as url_for's would
_QUERY_SAFE = "!$'()*,/:;?@"


def _url(endpoint, args, external=False, base=None, encoded=None):
    """url_for(endpoint, **args) for a search endpoint (no path variables), as Werkzeug
    encodes it.  A page of results has ~60 facet links: ``base`` (the endpoint's URL) and
    ``encoded`` (pairs already encoded) spare the repeated work."""
    base = base or url_for(endpoint, _external=external)
    encoded = {} if encoded is None else encoded
    parts = []
    for pair in args.items(multi=True):
        part = encoded.get(pair)
        if part is None:
            part = encoded[pair] = quote_plus(pair[0], _QUERY_SAFE) + "=" + quote_plus(pair[1], _QUERY_SAFE)
        parts.append(part)
    return f"{base}?{'&'.join(parts)}" if parts else base


def toggle_urls(endpoint, request, facet, values):
    """{value: the search with ``value`` added to (or removed from) the facet's filter, page 1}."""
    base, encoded = url_for(endpoint), {}
    args = search_args(request)
    selected = args.getlist(facet)
    found = {}
    for value in values:
        toggled = [v for v in selected if v != value] if value in selected else selected + [value]
        args.setlist(facet, toggled)
        found[value] = _url(endpoint, args, base=base, encoded=encoded)
    return found


def toggle_url(endpoint, request, facet, value):
    """The search with ``value`` added to (or removed from) the facet's filter, page 1."""
    return toggle_urls(endpoint, request, facet, [value])[value]


def clear_filters_url(endpoint, request):
    args = MultiDict({"q": request.q} if request.q else {})
    return _url(endpoint, args)


def with_args(endpoint, request, external=False, **changes):
    """The search with some parameters changed (page=, sort=, …)."""
    args = search_args(request)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = str(value)
    return _url(endpoint, args, external)


def page_url(endpoint, request, page):
    return with_args(endpoint, request, page=page if page > 1 else None)


def permalink(article_id, paragraph=None):
    """The absolute, query-free link to an article (or one of its paragraphs)."""
    url = url_for("pages.document", article_id=article_id, _external=True)
    return f"{url}#p{paragraph}" if paragraph else url


def person_search_url(name):
    return url_for("pages.search", person=name)


def quote_url(article_id, exact, prefix="", suffix=""):
    """The absolute quote link to a passage: found again after edits, and free of '#'."""
    args = {"exact": exact}
    if prefix:
        args["prefix"] = prefix
    if suffix:
        args["suffix"] = suffix
    return url_for("pages.quote", article_id=article_id, _external=True, **args)
