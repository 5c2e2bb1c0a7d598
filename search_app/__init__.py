"""The search service: a Flask app factory with HTML pages and a JSON API."""
import logging
import sys
from pathlib import Path

from flask import Flask, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

from indexer import settings
from indexer.search import Engine


def _templates():
    """templates/ at the repository's top level, or where an installed wheel put it."""
    beside = Path(__file__).resolve().parent.parent / "templates"
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / "vn-search" / "templates"


TEMPLATES = _templates()
log = logging.getLogger(__name__)


def create_app(config=None):
    """Build the app.

    Settings come from the environment with one prefix, then ``config``:
    ``VNSEARCH_INDEX_DIR`` (plain ``INDEX_DIR`` still honoured), ``VNSEARCH_TRUST_PROXY``,
    ``VNSEARCH_BASE_URL`` (the public URL absolute links are built on, e.g.
    https://example.org/search), ``VNSEARCH_TRUSTED_HOSTS`` (Host values links may
    follow, comma-separated), ``VNSEARCH_HOST``/``VNSEARCH_PORT`` (plain ``HOST``/``PORT``:
    the address links name when neither is set), ``VNSEARCH_REQUEST_TIMEOUT`` (seconds a
    request may take before it is answered 503; 10, 0 for none).
    """
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.config.from_mapping(
        INDEX_DIR=settings.index_dir(), TRUST_PROXY=False,
        BASE_URL=None, TRUSTED_HOSTS=None,
        HOST=settings.host(), PORT=settings.port(),
        REQUEST_TIMEOUT=None,
    )
    app.config.from_prefixed_env("VNSEARCH")
    if config:
        app.config.update(config)

    from . import urls
    from .server import DEFAULT_REQUEST_TIMEOUT, RequestDeadline

    # Flask 3.1 checks TRUSTED_HOSTS itself (a list): CanonicalHost has already replaced any other Host.
    app.config["TRUSTED_HOSTS"] = urls.parse_trusted_hosts(app.config["TRUSTED_HOSTS"]) or None
    wsgi = urls.CanonicalHost(app.wsgi_app, base_url=app.config["BASE_URL"],
                              trusted_hosts=app.config["TRUSTED_HOSTS"] or (),
                              host=app.config["HOST"], port=app.config["PORT"],
                              trust_proxy=bool(app.config["TRUST_PROXY"]))
    if app.config["TRUST_PROXY"]:
        # Behind a reverse proxy: absolute URLs (permalinks) use the host, scheme and prefix it forwards.
        wsgi = ProxyFix(wsgi, x_for=1, x_proto=1, x_host=1, x_prefix=1)
    timeout = app.config["REQUEST_TIMEOUT"]
    app.wsgi_app = RequestDeadline(wsgi, DEFAULT_REQUEST_TIMEOUT if timeout in (None, "") else float(timeout))

    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["search_engine"] = Engine(app.config["INDEX_DIR"])

    from . import api, errors, health, pages, profiles
    from .present import display_date
    from .security import add_security_headers

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(profiles.bp)
    errors.register(app)
    app.after_request(add_security_headers)
    app.add_template_filter(display_date, "display_date")
    return app


def engine():
    """The process's search engine (opened once, follows index rebuilds)."""
    return current_app.extensions["search_engine"]


def warm_up(app):
    """Open the index and build what the first search needs (arrays, facets, the
    checksums check of /readyz) before a worker takes requests: a new worker's first
    request took 2.5–3 s.  Never raises: without an index the worker still starts."""
    import time

    from indexer.search import SearchRequest

    from .health import integrity_problems

    started = time.monotonic()
    search_engine = app.extensions["search_engine"]
    try:
        search_engine.search(SearchRequest())
        search_engine.search(SearchRequest(q="thi đua"))
        search_engine.search(SearchRequest(q="cong an"))  # unaccented: the suggestions' lexicon
        search_engine.highlight_targets("thi đua")
        integrity_problems(search_engine.index_dir, search_engine.generation())
    except Exception as error:  # no index yet, or a damaged one: /readyz tells
        log.warning("warm-up: %s", type(error).__name__)
        return None
    return time.monotonic() - started
