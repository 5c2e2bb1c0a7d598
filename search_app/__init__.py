"""The search service: a Flask app factory with HTML pages and a JSON API."""
import os
from pathlib import Path

from flask import Flask, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

from indexer.search import Engine

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def create_app(config=None):
    """Build the app.

    Settings come from the environment with one prefix (``VNSEARCH_INDEX_DIR``,
    ``VNSEARCH_TRUST_PROXY``; plain ``INDEX_DIR`` is still honoured), then ``config``.
    """
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.config.from_mapping(INDEX_DIR=os.environ.get("INDEX_DIR") or "index", TRUST_PROXY=False)
    app.config.from_prefixed_env("VNSEARCH")
    if config:
        app.config.update(config)
    if app.config["TRUST_PROXY"]:
        # Behind a reverse proxy: absolute URLs (permalinks) use the host, scheme and prefix it forwards.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)
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
