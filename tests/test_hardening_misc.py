"""Hardening II, finding 11: error answers are generic and uncached, 503s say when to
retry, the server's own errors carry the security headers, and a new worker has the
index loaded before its first request — against real gunicorn over loopback.

Before: /readyz and error bodies showed the index's path; no Cache-Control on errors, no
Retry-After on 503; a new worker's first search took 2.2 s on the seeds (2.5–3 s at
6,000 articles): the arrays, ICU and the lexicon were built on that request.
"""
import json
import socket
import time

import pytest

from search_app.security import HEADERS

from .helpers import get, read_log, serve, stop

pytestmark = pytest.mark.server


def _raw(port, data):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_every_error_is_uncached_and_carries_the_security_headers(live_server):
    article_id = json.loads(get(live_server + "/api/search?per_page=1")[2])["results"][0]["id"]
    for url, status in (("/api/doc/nosuchid00", 404), ("/doc/nosuchid00", 404), ("/api/search?page=0", 400),
                        ("/?sort=sideways", 400), ("/nowhere", 404),
                        (f"/doc/{article_id}/q?exact=" + "an+" * 700, 400)):
        got, headers, _body = get(live_server + url)
        assert got == status, url
        assert headers["Cache-Control"] == "no-store", url
        for name, value in HEADERS.items():
            assert headers[name] == value, (url, name)
    # a 200 is still cacheable
    assert "no-store" not in get(live_server + "/api/search?q=thi")[1]["Cache-Control"]


def test_gunicorns_own_errors_carry_the_security_headers(live_server):
    port = int(live_server.rsplit(":", 1)[1])
    too_long = b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    for request, status in ((b"NOT A REQUEST\r\n\r\n", 400), (too_long, 414)):
        got, headers, body = _raw(port, request)
        assert got == status
        assert headers["Cache-Control"] == "no-store" and json.loads(body)["error"]["status"] == status
        for name, value in HEADERS.items():
            assert headers[name] == value


def test_without_an_index_errors_are_503_json_with_retry_after_and_no_path(tmp_path):
    index_dir = tmp_path / "secret-location" / "index"
    process, base = serve(index_dir)
    try:
        for url in ("/readyz", "/api/search?q=thi", "/api/doc/abc"):
            status, headers, body = get(base + url)
            assert status == 503, url
            assert headers["Content-Type"] == "application/json"
            assert int(headers["Retry-After"]) > 0 and headers["Cache-Control"] == "no-store"
            assert "secret-location" not in body.decode() and str(tmp_path) not in body.decode()
        status, headers, body = get(base + "/")
        assert status == 503 and "secret-location" not in body.decode()
    finally:
        stop(process)


def test_a_new_worker_has_the_index_loaded_before_its_first_request(seed_index):
    process, base = serve(seed_index)  # serve() waits on /healthz, which does not touch the index
    try:
        started = time.monotonic()
        status, _headers, body = get(base + "/api/search?q=cong+an")
        first = time.monotonic() - started
        assert status == 200 and json.loads(body)["total"] > 0
        print(f"first search on a new worker: {first * 1000:.0f} ms")
        assert first < 1.0
        assert "loaded the index" in read_log(process)
    finally:
        stop(process)
