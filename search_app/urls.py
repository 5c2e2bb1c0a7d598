"""Every URL the pages and the API hand out, built in one place (never in templates)."""
import functools
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


def _encoded_pair(key, value):
    """'key=value' as Werkzeug encodes a query pair."""
    return quote_plus(key, _QUERY_SAFE) + "=" + quote_plus(value, _QUERY_SAFE)


# A page of results has ~150 facet links whose values (people, provinces, clusters) are the same
# from search to search: their pairs are remembered (short ones only: a query may be 1,000 characters).
_remembered_pair = functools.lru_cache(maxsize=16_384)(_encoded_pair)
_REMEMBERED_CHARS = 120


def _url(endpoint, args, external=False, base=None, encoded=None):
    """url_for(endpoint, **args) for a search endpoint (no path variables), as Werkzeug
    encodes it.  A page of results has ~150 facet links: ``base`` (the endpoint's URL) and
    ``encoded`` (pairs already encoded) spare the repeated work."""
    base = base or url_for(endpoint, _external=external)
    encoded = {} if encoded is None else encoded
    parts = []
    for pair in args.items(multi=True):
        part = encoded.get(pair)
        if part is None:
            remembered = len(pair[1]) <= _REMEMBERED_CHARS
            part = encoded[pair] = (_remembered_pair if remembered else _encoded_pair)(*pair)
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


def quote_url(article_id, exact, prefix="", suffix="", whole=False):
    """The absolute quote link to a passage: found again after edits, and free of '#'.
    ``whole``: the link stands for the whole paragraph its words open (marked whole when followed)."""
    args = {"exact": exact}
    if whole:
        args["whole"] = "1"
    if prefix:
        args["prefix"] = prefix
    if suffix:
        args["suffix"] = suffix
    return url_for("pages.quote", article_id=article_id, _external=True, **args)


# -- the host absolute URLs name ------------------------------------------------------
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
_WILDCARD_BINDS = ("", "0.0.0.0", "::", "[::]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _split_host(host, scheme):
    """(lower-case name, port) of a Host value; the port defaults to the scheme's."""
    host = (host or "").strip().lower()
    if host.startswith("["):
        name, _, rest = host.partition("]")
        name, port = name + "]", rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port = host.partition(":")
    try:
        number = int(port) if port else _DEFAULT_PORTS.get(scheme, 80)
    except ValueError:
        number = -1
    return name, number


def parse_trusted_hosts(value):
    """VNSEARCH_TRUSTED_HOSTS as a list: a JSON list or names separated by commas or spaces."""
    if not value:
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return [str(host).strip() for host in value if str(host).strip()]


class CanonicalHost:
    """WSGI middleware: the Host every absolute URL is built with — links, redirects
    (the /doc//<id> 308), citations and exports, the API's ``url`` fields, the OpenAPI
    ``servers`` — is never one a client made up.

    - ``base_url`` (VNSEARCH_BASE_URL, e.g. https://example.org/search): scheme, host and
      path prefix of every absolute URL, whatever the request says (a request whose path
      still carries the prefix is served too);
    - else ``trusted_hosts`` (VNSEARCH_TRUSTED_HOSTS): a request's Host is kept when it
      is one of them (".example.org" admits its subdomains; a port must match, none
      meaning the scheme's own), otherwise the first one is used;
    - else the configured HOST:PORT, the server's own address (loopback names —
      localhost, 127.0.0.1, [::1] — on that port are kept as typed); behind a trusted
      proxy (VNSEARCH_TRUST_PROXY) the host it forwards.

    The Host the client sent stays in ``environ["vnsearch.request_host"]``.
    """

    def __init__(self, app, base_url=None, trusted_hosts=(), host="127.0.0.1", port=8000, trust_proxy=False):
        from urllib.parse import urlsplit

        self.app = app
        self.base = None
        if base_url:
            parts = urlsplit(base_url.strip())
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"VNSEARCH_BASE_URL must be an http(s) URL such as https://example.org/search, "
                                 f"not {base_url!r}")
            self.base = (parts.scheme, parts.netloc, parts.path.rstrip("/"))
        self.trusted = parse_trusted_hosts(trusted_hosts)
        self.trust_proxy = trust_proxy
        self.port = int(port)
        bind = str(host or "").strip()
        if bind in _WILDCARD_BINDS:
            bind = "localhost"
        if ":" in bind and not bind.startswith("["):
            bind = f"[{bind}]"
        self.default_host = f"{bind}:{self.port}"
        self.loopback = {name.lower() for name in LOOPBACK_NAMES + (bind,)}

    def _matches(self, host, scheme, entry):
        name, port = _split_host(host, scheme)
        wanted, wanted_port = _split_host(entry, scheme)
        named = name == wanted[1:] or name.endswith(wanted) if wanted.startswith(".") else name == wanted
        return named and port == wanted_port

    def host_for(self, host, scheme, forwarded=False):
        """The host to build absolute URLs with for a request that sent ``host``."""
        if self.trusted:
            if any(self._matches(host, scheme, entry) for entry in self.trusted):
                return host
            return self.trusted[0]
        if forwarded and self.trust_proxy and host:
            return host
        name, port = _split_host(host, scheme)
        if name in self.loopback and (port == self.port or ":" not in host.replace("[::1]", "")):
            return host
        return self.default_host

    def __call__(self, environ, start_response):
        environ["vnsearch.request_host"] = environ.get("HTTP_HOST")
        if self.base:
            scheme, netloc, prefix = self.base
            environ["wsgi.url_scheme"] = scheme
            environ["HTTP_HOST"] = netloc
            if prefix:
                path = environ.get("PATH_INFO", "")
                if path == prefix or path.startswith(prefix + "/"):
                    environ["PATH_INFO"] = path[len(prefix):] or "/"
                environ["SCRIPT_NAME"] = prefix
        else:
            scheme = environ.get("wsgi.url_scheme", "http")
            forwarded = "werkzeug.proxy_fix.orig" in environ and environ.get("HTTP_X_FORWARDED_HOST") is not None
            environ["HTTP_HOST"] = self.host_for(environ.get("HTTP_HOST", ""), scheme, forwarded)
        return self.app(environ, start_response)
