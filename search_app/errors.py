"""One error shape for the API, friendly pages for people; never a traceback.

Every error response says ``Cache-Control: no-store`` (a cache must not keep a
passing failure), a 503 says when to come back (``Retry-After``), and no message
names a server path: what the index's problem is, yes; where the index lives, no.
"""
import logging
import os
import struct
import zlib

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from indexer.errors import IndexCorrupted, StaleIndex
from indexer.quotes import QuoteTooLong
from indexer.search import IndexUnavailable

from .articles import ArticleGone

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
DAMAGE = "index_damage"  # app.extensions key: (engine generation, problem) of damage met while serving

MESSAGES_VI = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy trang",
    405: "Phương thức không được hỗ trợ",
    410: "Bài viết đã bị gỡ",
    503: "Dịch vụ tạm thời chưa sẵn sàng",
}

NO_INDEX = "No search index has been built yet; try again later."
UNREADABLE = "The search index cannot be opened right now; try again later."
STALE = ("The search index was written by another version of this service and must be rebuilt "
         "('python -m indexer build --rebuild').")


def json_error(status, message):
    response = jsonify({"error": {"status": status, "message": message}})
    response.status_code = status
    return response


def _wants_json():
    return request.path.startswith("/api/")


def handle_http(error):
    if _wants_json():
        return json_error(error.code, error.description or error.name)
    if isinstance(error, ArticleGone):
        return render_template("gone.html", article_id=error.article_id, removed=error.removed), 410
    title = MESSAGES_VI.get(error.code, error.name)
    return render_template("error.html", status=error.code, title=title,
                           message=error.description), error.code


def damaged_message(problem):
    return f"The search index is damaged ({problem}); it must be rebuilt. Try again later."


def _record_damage(problem):
    """Remember damage met while serving, so /readyz reports it for this generation."""
    try:
        generation = current_app.extensions["search_engine"].generation()
    except Exception:
        generation = None
    current_app.extensions[DAMAGE] = (generation, problem)


def unavailable_reason(error):
    """A path-free reason for an IndexUnavailable (its text names the index directory)."""
    cause = error.__context__ or error.__cause__
    if isinstance(cause, IndexCorrupted):
        return damaged_message(cause.problem)
    if isinstance(cause, StaleIndex):
        return STALE
    if str(error).startswith("no index"):
        return NO_INDEX
    return UNREADABLE


def handle_unavailable(error):
    log.warning("index unavailable: %s", error)
    return handle_http(ServiceUnavailable(unavailable_reason(error)))


def handle_corrupted(error):
    log.error("index damaged on %s: %s", request.path, error)
    _record_damage(error.problem)
    return handle_http(ServiceUnavailable(damaged_message(error.problem)))


def handle_quote_too_long(error):
    """A quote link whose passage is over the cap: a 400 in the API's JSON shape."""
    return json_error(400, str(error))


# What Whoosh raises when its files are cut or garbled (it has no exception of its own).
_READ_ERRORS = (struct.error, EOFError, zlib.error, ValueError, IndexError, KeyError, OSError, TypeError)


def _from_whoosh(error):
    """True when an error was raised inside Whoosh reading the index."""
    import pickle

    if not isinstance(error, _READ_ERRORS + (pickle.UnpicklingError,)) and type(error) is not Exception:
        return False
    whoosh_dir = os.path.dirname(__import__("whoosh").__file__) + os.sep
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.startswith(whoosh_dir):
            return True
        trace = trace.tb_next
    return False


def handle_unexpected(error):
    if _from_whoosh(error):  # e.g. a stored-fields file cut short: the index, not the request, is at fault
        problem = f"reading the index failed ({type(error).__name__})"
        log.exception("index unreadable on %s", request.path)
        _record_damage(problem)
        return handle_http(ServiceUnavailable(damaged_message(problem)))
    log.exception("unhandled error on %s", request.path)
    return handle_http(InternalServerError("An unexpected error occurred; it has been logged."))


def no_store_on_errors(response):
    """Errors are not cached; a 503 says when to try again."""
    if response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("ETag", None)
        if response.status_code == 503:
            response.headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
    return response


def register(app):
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(IndexUnavailable, handle_unavailable)
    app.register_error_handler(IndexCorrupted, handle_corrupted)
    app.register_error_handler(QuoteTooLong, handle_quote_too_long)
    app.register_error_handler(Exception, handle_unexpected)
    app.after_request(no_store_on_errors)
