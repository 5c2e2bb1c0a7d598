"""One error shape for the API, friendly pages for people; never a traceback."""
import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from indexer.search import IndexUnavailable

from .articles import ArticleGone

log = logging.getLogger(__name__)

MESSAGES_VI = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy trang",
    405: "Phương thức không được hỗ trợ",
    410: "Bài viết đã bị gỡ",
    503: "Dịch vụ tạm thời chưa sẵn sàng",
}


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


def handle_unavailable(error):
    return handle_http(ServiceUnavailable(str(error)))


def handle_unexpected(error):
    log.exception("unhandled error on %s", request.path)
    return handle_http(InternalServerError("An unexpected error occurred; it has been logged."))


def register(app):
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(IndexUnavailable, handle_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
