"""Hardening II: a deadline per request (VNSEARCH_REQUEST_TIMEOUT, 10 s by default).

A request past it is answered 503 in the API's JSON shape, with Retry-After and
Cache-Control: no-store, and the worker goes on serving.  Before, nothing stopped a
request: gunicorn killed the worker at 30 s (with every connection it held) and the
client got its own 500.  The slow views are added to the real app by ``slow_app``
(gunicorn loads it with `make run`'s configuration): pure Python that never yields,
numpy work, and a wait.
"""
import json
import os
import time

import pytest

from search_app import create_app, warm_up
from search_app.server import DEFAULT_REQUEST_TIMEOUT, RequestDeadline

from .helpers import get, read_log, serve, stop

pytestmark = pytest.mark.server

SLOW_SECONDS = 60  # what a slow view would take without the deadline
DEADLINE = 1


def slow_app():
    """The real app plus views that take SLOW_SECONDS unless stopped (loaded by gunicorn)."""
    import numpy as np

    app = create_app()

    @app.get("/test/spin")
    def spin():
        end, turns = time.monotonic() + SLOW_SECONDS, 0
        while time.monotonic() < end:  # never yields to gevent
            turns += 1
        return {"turns": turns}

    @app.get("/test/numpy")
    def numpy_work():
        end, values = time.monotonic() + SLOW_SECONDS, np.random.default_rng(1).random(200_000)
        while time.monotonic() < end:
            values = np.sort(values[::-1])
        return {"done": True}

    @app.get("/test/wait")
    def wait():
        time.sleep(SLOW_SECONDS)  # gevent's sleep under gunicorn: the greenlet yields
        return {"done": True}

    @app.get("/test/pid")
    def pid():
        return {"pid": os.getpid()}

    return app


@pytest.fixture(scope="module")
def slow_server(seed_index):
    process, base = serve(seed_index, app="tests.test_hardening_deadline:slow_app()", workers=1,
                          VNSEARCH_REQUEST_TIMEOUT=DEADLINE)
    yield process, base
    stop(process)


@pytest.mark.parametrize("view", ["spin", "numpy", "wait"])
def test_a_request_past_its_deadline_is_a_503_and_the_worker_goes_on(slow_server, view):
    process, base = slow_server
    worker = json.loads(get(base + "/test/pid")[2])["pid"]
    started = time.monotonic()
    status, headers, body = get(base + f"/test/{view}")
    seconds = time.monotonic() - started
    assert status == 503 and seconds < DEADLINE + 4, (status, seconds)
    assert json.loads(body) == {"error": {"status": 503, "message": json.loads(body)["error"]["message"]}}
    assert "longer than 1 s" in json.loads(body)["error"]["message"]
    assert headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "no-store" and int(headers["Retry-After"]) > 0
    assert headers["X-Content-Type-Options"] == "nosniff" and "default-src" in headers["Content-Security-Policy"]
    # the same worker answers the next requests: it was not killed
    assert json.loads(get(base + "/test/pid")[2])["pid"] == worker
    status, _headers, body = get(base + "/api/search?q=thi+%C4%91ua")
    assert status == 200 and json.loads(body)["total"] > 0
    assert "WORKER TIMEOUT" not in read_log(process)


def test_requests_within_the_deadline_are_untouched(slow_server):
    _process, base = slow_server
    for _ in range(20):
        status, headers, _body = get(base + "/api/search?q=cong+an")
        assert status == 200 and "no-store" not in headers.get("Cache-Control", "")


def test_the_deadline_is_ten_seconds_unless_set(monkeypatch, seed_index):
    monkeypatch.delenv("VNSEARCH_REQUEST_TIMEOUT", raising=False)
    app = create_app({"INDEX_DIR": str(seed_index)})
    assert isinstance(app.wsgi_app, RequestDeadline) and app.wsgi_app.seconds == DEFAULT_REQUEST_TIMEOUT == 10
    monkeypatch.setenv("VNSEARCH_REQUEST_TIMEOUT", "2.5")
    assert create_app({"INDEX_DIR": str(seed_index)}).wsgi_app.seconds == 2.5


def test_the_deadline_holds_in_process_too(seed_index):
    """The same middleware under Flask's test client (no gevent): SIGALRM stops the view."""
    app = create_app({"INDEX_DIR": str(seed_index), "REQUEST_TIMEOUT": 0.5})
    warm_up(app)  # the first search loads ICU, the lexicon, the province data: seconds

    @app.get("/test/spin")
    def spin():
        end = time.monotonic() + 30
        while time.monotonic() < end:
            pass
        return {}

    started = time.monotonic()
    response = app.test_client().get("/test/spin")
    assert response.status_code == 503 and time.monotonic() - started < 5
    assert response.headers["Retry-After"] and response.headers["Cache-Control"] == "no-store"
    assert app.test_client().get("/api/search?q=thi").status_code == 200
