"""The gunicorn worker `make run` uses: gevent, with a deadline for reading a request and
gunicorn's own error answers in the API's JSON shape.

Why gevent (measured in tests/test_slow_clients.py and the README): with sync workers,
eight sockets that drip a request a byte at a time held both workers and no normal
search was answered; a gevent worker holds each connection in a greenlet, so 200 slow
connections cost memory, not workers.  ``keepalive`` is also the deadline for reading
a request's line and headers (gunicorn's async loop reads them under ``timeout_ctx``),
so a dripping client is cut off after that many seconds.
"""
import json

from gunicorn import util
from gunicorn.workers.ggevent import GeventWorker

from .security import HEADERS

GENERIC_REASONS = {
    400: "The request could not be read.",
    403: "The request was refused.",
    414: "The request line is too long (a query may have at most 1,000 characters).",
    417: "The request's expectation cannot be met.",
    431: "The request's headers are too large.",
    500: "An unexpected error occurred; it has been logged.",
    501: "That transfer coding is not supported.",
}


def write_json_error(sock, status_int, reason, _message):
    """gunicorn's error answer (bad or over-long request lines, headers) in the API's shape,
    with the security headers and no-store; the message is generic (no request echoed)."""
    body = json.dumps({"error": {"status": status_int, "message": GENERIC_REASONS.get(status_int, reason)}})
    headers = "".join(f"{name}: {value}\r\n" for name, value in HEADERS.items())
    response = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
                f"Content-Type: application/json\r\nCache-Control: no-store\r\n{headers}"
                f"Content-Length: {len(body)}\r\n\r\n{body}")
    util.write_nonblock(sock, response.encode("latin-1"))


class SearchWorker(GeventWorker):
    def init_process(self):
        util.write_error = write_json_error
        super().init_process()
