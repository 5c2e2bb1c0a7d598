"""Liveness and readiness for whoever runs the service.

``/readyz`` is ready only when the index opens, its files match the checksums
written at their commit (checked once per generation and commit, in full: SHA-256)
and no damage was met while serving it; otherwise 503 JSON with a reason that
names the problem, never the server's paths.
"""
import threading

from flask import Blueprint, current_app, jsonify

from indexer import store
from indexer.search import IndexUnavailable

from . import engine
from .errors import DAMAGE, RETRY_AFTER_SECONDS, UNREADABLE, damaged_message, unavailable_reason

bp = Blueprint("health", __name__)

_checked = {}  # (index folder, engine generation) -> [problems] of its files against its checksums
_verified = set()  # files found intact (path, size, mtime, inode, checksum): hashed once, not at every commit
_checking = threading.Lock()


def integrity_problems(index_dir, generation):
    """[problems] of the files of ``generation`` ("gen-….<commit>") against their checksums,
    computed once per generation and commit (the files of a commit never change)."""
    key = (index_dir, generation)
    if len(_verified) > 100_000:
        _verified.clear()
    if key not in _checked:
        with _checking:
            if key not in _checked:
                problems = store.check_checksums(index_dir, generation.split(".")[0], full=True,
                                                 verified=_verified)
                if problems is None:  # an update committed while checking: tell next time
                    return []
                _checked[key] = problems
    return _checked[key]


def _unavailable(status, reason):
    response = jsonify({"status": status, "reason": reason})
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    try:
        articles, generation = engine().document_count(), engine().generation()
        problems = integrity_problems(engine().index_dir, generation)
    except IndexUnavailable as error:
        reason = unavailable_reason(error)
        return _unavailable("damaged" if reason.startswith("The search index is damaged") else "unavailable", reason)
    except Exception as error:  # damage met opening it (IndexCorrupted) or anything else: not ready
        problem = getattr(error, "problem", None)
        if problem:
            return _unavailable("damaged", damaged_message(problem))
        return _unavailable("unavailable", UNREADABLE)
    if problems:
        return _unavailable("damaged", damaged_message("; ".join(problems[:3])))
    damage = current_app.extensions.get(DAMAGE)
    if damage and damage[0] == generation:
        return _unavailable("damaged", damaged_message(damage[1]))
    return jsonify({"status": "ready", "articles": articles, "generation": generation})
