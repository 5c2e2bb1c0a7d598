"""Liveness and readiness for whoever runs the service."""
from flask import Blueprint, jsonify

from indexer.search import IndexUnavailable

from . import engine

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    try:
        articles, generation = engine().document_count(), engine().generation()
    except IndexUnavailable as error:
        response = jsonify({"status": "unavailable", "reason": str(error)})
        response.status_code = 503
        return response
    return jsonify({"status": "ready", "articles": articles, "generation": generation})
