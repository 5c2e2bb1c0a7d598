"""gzip for pages and JSON answers, where the client accepts it (no extra dependency).

Registered app-wide by the pages blueprint (``bp.after_app_request``). Compresses
text/html and application/json bodies of at least MIN_BYTES; leaves alone anything
already encoded, streamed, passed through from a file, or without a body (304, HEAD).
A compressed answer's ETag becomes weak: the same resource, other bytes; If-None-Match
still matches it (weak comparison).
"""
import gzip

from flask import request

MIN_BYTES = 1024
TYPES = ("text/html", "application/json")
LEVEL = 6


def _accepts_gzip():
    return request.accept_encodings["gzip"] > 0


def gzip_response(response):
    response.vary.add("Accept-Encoding")
    if (response.status_code < 200 or response.status_code in (204, 206, 304)
            or response.direct_passthrough or response.is_streamed
            or "Content-Encoding" in response.headers
            or response.mimetype not in TYPES
            or request.method == "HEAD" or not _accepts_gzip()):
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response
