"""The search service: a Flask app factory with HTML pages and a JSON API."""
import os
from pathlib import Path

from flask import Flask, current_app

from indexer.search import Engine

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def create_app(config=None):
    """Build the app; ``config`` overrides defaults (``INDEX_DIR``: $INDEX_DIR or index/)."""
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.config.from_mapping(INDEX_DIR=os.environ.get("INDEX_DIR") or "index")
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["search_engine"] = Engine(app.config["INDEX_DIR"])

    from . import api, errors, pages
    from .present import display_date
    from .security import add_security_headers

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
    app.after_request(add_security_headers)
    app.add_template_filter(display_date, "display_date")
    return app


def engine():
    """The process's search engine (opened once, follows index rebuilds)."""
    return current_app.extensions["search_engine"]
